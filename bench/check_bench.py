#!/usr/bin/env python3
"""Checker benchmark: time and memory of `flytec check` on generated programs.

Generates programs with gen_module.py and gen_imports.py (deterministic,
seeded), runs `flytec check` on each in a fresh process several times, and
reports the best (minimum) wall time and the peak RSS of each case, the
startup cost (an empty file) and the ratio to the targets:

  check (default)   a 50,000-line module type-checks in under 1 s and 300 MB
  --syntax-only     a 50,000-line module parses in under 0.5 s

    bench/check_bench.py                       # modules of 5k/20k/50k lines, 2,000 tasks, a 10k-call
                                               # workflow, a 200-module import chain and fan, best of 5
    bench/check_bench.py --cases 50k --runs 10  # only the 50k module (and startup)
    bench/check_bench.py --cases calls,chain,fan --workflow-calls 5000
    bench/check_bench.py --syntax-only         # the parser alone (flytec check --syntax-only)
    bench/check_bench.py --flytec build-release/bin/flytec --keep /tmp/bench

Python 3 standard library only.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import gen_imports  # noqa: E402
import gen_module  # noqa: E402

TARGET_LINES = 50000
TARGET_SECONDS = {"check": 1.0, "syntax": 0.5}
TARGET_PEAK_MB = 300.0


def parse_count(text):
    """'50000', '50k', '50_000' -> 50000."""
    t = text.strip().lower().replace("_", "").replace(",", "")
    if t.endswith("k"):
        return int(float(t[:-1]) * 1000)
    return int(t)


def short(n):
    return "%gk" % (n / 1000) if n >= 1000 and n % 100 == 0 else str(n)


def wait_for_binary(path, patience):
    """The build directory may be rebuilt while we run: wait for the binary."""
    deadline = time.monotonic() + patience
    while not (os.path.isfile(path) and os.access(path, os.X_OK)):
        if time.monotonic() > deadline:
            sys.exit("check_bench: %s not found (build flytec first, or pass --flytec)" % path)
        time.sleep(1.0)


def measure(flytec, flags, cases, runs, wait, workdir):
    """Run runner.py (a lean process, see there for why) over the
    cases; fills each case's times, rss and cpu. Returns the RSS floor in KB."""
    errfile = os.path.join(workdir, "check.stderr")
    argv = [sys.executable, "-I", "-S", os.path.join(HERE, "runner.py"),
            flytec, str(runs), str(wait), errfile, ",".join(["check"] + flags)] + [c.path for c in cases]
    proc = subprocess.run(argv, stdout=subprocess.PIPE, text=True)
    floor = 0
    for line in proc.stdout.splitlines():
        word, *rest = line.split()
        if word == "floor":
            floor = int(rest[0])
        elif word == "run":
            case = cases[int(rest[0])]
            case.times.append(float(rest[1]))
            case.rss.append(int(rest[2]))
            case.cpu.append(float(rest[3]))
        elif word == "fail":
            case = cases[int(rest[0])]
            try:
                with open(errfile, encoding="utf-8", errors="replace") as fh:
                    diagnostics = fh.read().splitlines()
            except OSError:
                diagnostics = []
            sys.exit("check_bench: `flytec check %s` exited %s; a generated program must be clean:\n%s"
                     % (case.path, rest[1], "\n".join(diagnostics[:20])))
    if proc.returncode != 0 or any(len(c.times) != runs for c in cases):
        sys.exit("check_bench: the runner failed (exit %d)" % proc.returncode)
    try:
        os.remove(errfile)
    except OSError:
        pass
    return floor


class Case:
    def __init__(self, name, path, kind, size):
        self.name, self.path, self.kind, self.size = name, path, kind, size
        self.times, self.rss, self.cpu = [], [], []

    def generate(self, seed):
        if self.kind in ("chain", "fan"):
            # Many modules in a folder of their own; the case's file is the root.
            folder = os.path.splitext(self.path)[0]
            os.makedirs(folder, exist_ok=True)
            write = gen_imports.write_chain if self.kind == "chain" else gen_imports.write_fan
            self.path = write(self.size, folder)
            self.bytes = self.lines = 0
            for name in os.listdir(folder):
                with open(os.path.join(folder, name), encoding="utf-8") as fh:
                    text = fh.read()
                self.bytes += len(text.encode("utf-8"))
                self.lines += text.count("\n")
            return
        gen = gen_module.Generator(seed)
        if self.kind == "empty":
            text = ""
        else:
            if self.kind == "lines":
                lines = gen.module(lines=self.size)
            elif self.kind == "tasks":
                lines = gen.module(tasks=self.size)
            else:
                lines = gen.long_workflow(self.size)
            text = "\n".join(lines) + "\n"
        with open(self.path, "w", encoding="utf-8") as fh:
            fh.write(text)
        self.bytes = len(text.encode("utf-8"))
        self.lines = text.count("\n")

    @property
    def best(self):
        return min(self.times)


def case_key(case):
    """The name --cases selects a case by: its size for a module ("50k"),
    else its kind ("tasks", "calls", "chain", "fan")."""
    if case.kind == "lines":
        return short(case.size).lower()
    return case.kind


def fmt_rate(value):
    if value >= 1e6:
        return "%.2fM" % (value / 1e6)
    if value >= 1e3:
        return "%.1fk" % (value / 1e3)
    return "%.0f" % value


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Time `flytec check` on generated modules (best of N runs, peak RSS per run).")
    ap.add_argument("--flytec", default=os.path.join(REPO, "build", "bin", "flytec"),
                    help="flytec binary (default: build/bin/flytec in the repository)")
    ap.add_argument("--sizes", default="5000,20000,50000",
                    help="comma-separated module sizes in lines (default 5000,20000,50000; '50k' works)")
    ap.add_argument("--tasks", default="2000",
                    help="also time a module with this many tasks (default 2000; 0 = skip)")
    ap.add_argument("--workflow-calls", default="10000",
                    help="also time one workflow with this many sequential calls (default 10000; 0 = skip)")
    ap.add_argument("--imports", default="200",
                    help="also time a chain of this many modules each importing the next, and one root "
                         "importing this many modules (default 200; 0 = skip)")
    ap.add_argument("--cases", metavar="LIST",
                    help="comma-separated subset of the cases to run: a module size from --sizes "
                         "(e.g. 50k), 'modules' (all sizes), 'tasks', 'calls', 'chain', 'fan' "
                         "(default: all; the startup case always runs)")
    ap.add_argument("--syntax-only", action="store_true",
                    help="time `flytec check --syntax-only` (the parser alone) against its 0.5 s target")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per case; the best counts (default 5)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--keep", metavar="DIR", help="write the generated modules to DIR and keep them")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    ap.add_argument("--wait", type=float, default=120.0,
                    help="seconds to wait for the flytec binary if it is missing (default 120)")
    args = ap.parse_args(argv)

    flytec = os.path.abspath(args.flytec)
    sizes = [parse_count(s) for s in args.sizes.split(",") if s.strip()]
    wf_calls = parse_count(args.workflow_calls)
    n_tasks = parse_count(args.tasks)
    n_imports = parse_count(args.imports)
    mode = "syntax" if args.syntax_only else "check"
    flags = ["--syntax-only"] if args.syntax_only else []
    target_seconds = TARGET_SECONDS[mode]
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    wait_for_binary(flytec, args.wait)

    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        workdir, tmp = os.path.abspath(args.keep), None
    else:
        tmp = tempfile.TemporaryDirectory(prefix="flytec-bench-")
        workdir = tmp.name

    cases = [Case("startup (empty file)", os.path.join(workdir, "empty.flyte"), "empty", 0)]
    for n in sizes:
        cases.append(Case("module %s lines" % short(n),
                          os.path.join(workdir, "module_%d.flyte" % n), "lines", n))
    if n_tasks > 0:
        cases.append(Case("module of %s tasks" % short(n_tasks),
                          os.path.join(workdir, "tasks_%d.flyte" % n_tasks), "tasks", n_tasks))
    if wf_calls > 0:
        cases.append(Case("workflow %s calls" % short(wf_calls),
                          os.path.join(workdir, "workflow_%d_calls.flyte" % wf_calls),
                          "calls", wf_calls))
    if n_imports > 0:
        cases.append(Case("import chain of %d modules" % n_imports,
                          os.path.join(workdir, "chain_%d.flyte" % n_imports), "chain", n_imports))
        cases.append(Case("root importing %d modules" % n_imports,
                          os.path.join(workdir, "fan_%d.flyte" % n_imports), "fan", n_imports))
    if args.cases:
        wanted = {w.strip().lower() for w in args.cases.split(",") if w.strip()}
        known = {"modules", "tasks", "calls", "chain", "fan"}
        known |= {case_key(c) for c in cases if c.kind != "empty"}
        unknown = sorted(wanted - known)
        if unknown:
            ap.error("--cases: unknown %s (known: %s)" % (", ".join(unknown), ", ".join(sorted(known))))
        cases = [c for c in cases if c.kind == "empty" or case_key(c) in wanted
                 or (c.kind == "lines" and "modules" in wanted)]
    for case in cases:
        case.generate(args.seed)

    version = subprocess.run([flytec, "--version"], capture_output=True, text=True).stdout.strip()
    print("flytec:  %s (%s)" % (flytec, version or "unknown version"))
    print("host:    %s, %d CPUs, load %.2f %.2f %.2f, Python %s"
          % (platform.node(), os.cpu_count() or 0, *os.getloadavg(), platform.python_version()))
    print("method:  `flytec check%s FILE`, a fresh process per run, best of %d wall times "
          "(runs interleaved across cases after one untimed warm-up each); seed %d"
          % ("".join(" " + f for f in flags), args.runs, args.seed))
    if args.keep:
        print("modules: %s" % workdir)
    print()

    mtime = os.stat(flytec).st_mtime
    floor_kb = measure(flytec, flags, cases, args.runs, args.wait, workdir)

    startup = cases[0].best
    header = ["case", "lines", "bytes", "best s", "net s", "lines/s", "net lines/s",
              "MB/s", "peak MB", "time/target"]
    rows = []
    for case in cases:
        best = case.best
        net = max(best - startup, 1e-9)
        peak_mb = max(case.rss) / 1024.0
        if case.kind == "empty":
            rows.append([case.name, "0", "0", "%.4f" % best, "-", "-", "-", "-",
                         "%.1f" % peak_mb, "-"])
            continue
        target = target_seconds * case.lines / TARGET_LINES
        rows.append([
            case.name,
            "{:,}".format(case.lines),
            "{:,}".format(case.bytes),
            "%.4f" % best,
            "%.4f" % net,
            fmt_rate(case.lines / best),
            fmt_rate(case.lines / net),
            "%.2f" % (case.bytes / 1e6 / best),
            "%.1f" % peak_mb,
            "%.2f" % (best / target),
        ])
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]

    def line(cells):
        return "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i])
                         for i, c in enumerate(cells))

    print(line(header))
    print(line(["-" * w for w in widths]))
    for r in rows:
        print(line(r))
    print()
    print("time/target: best time over the target time scaled to the case's lines "
          "(%s lines in %.1f s = %s lines/s); below 1.00 meets it."
          % ("{:,}".format(TARGET_LINES), target_seconds, fmt_rate(TARGET_LINES / target_seconds)))

    verdict = None
    module_cases = [c for c in cases if c.kind == "lines"]
    exact = [c for c in module_cases if c.size == TARGET_LINES]
    if exact or module_cases:
        c = exact[0] if exact else max(module_cases, key=lambda c: c.size)
        target = target_seconds if exact else target_seconds * c.lines / TARGET_LINES
        ratio = c.best / target
        peak = max(c.rss) / 1024.0
        # The memory target is the checker's (300 MB for 50,000 lines); the
        # parser alone has none of its own.
        memory_ok = mode == "syntax" or peak < TARGET_PEAK_MB
        verdict = "PASS" if ratio < 1.0 and memory_ok else "MISS"
        note = "" if exact else " (no 50k case: target scaled to %s lines)" % "{:,}".format(c.lines)
        memory = "" if mode == "syntax" else " and < %.0f MB: peak %.1f MB," % (TARGET_PEAK_MB, peak)
        print("target:  %s lines in < %.3f s%s%s best %.3f s, time/target %.2f -> %s"
              % ("{:,}".format(c.lines), target, note, memory if memory else ":", c.best, ratio, verdict))
    print("startup: %.4f s per process (an empty file); 'net' columns subtract it."
          % startup)
    print("memory:  peak MB is the largest ru_maxrss of the runs (os.wait4 on each child; "
          "MB = 2^20 bytes); floor %.1f MB (/bin/true measured the same way)" % (floor_kb / 1024.0))
    print("load:    %.2f %.2f %.2f at the end" % os.getloadavg())
    if os.path.exists(flytec) and os.stat(flytec).st_mtime != mtime:
        print("warning: %s was rebuilt during the benchmark; the runs may mix two builds" % flytec)

    if args.json:
        out = {
            "flytec": flytec, "version": version, "runs": args.runs, "seed": args.seed,
            "mode": mode,
            "target": {"lines": TARGET_LINES, "seconds": target_seconds,
                       "peak_mb": None if mode == "syntax" else TARGET_PEAK_MB, "verdict": verdict},
            "startup_s": startup, "rss_floor_kb": floor_kb,
            "cases": [{
                "name": c.name, "kind": c.kind, "size": c.size, "lines": c.lines,
                "bytes": c.bytes, "times_s": c.times, "best_s": c.best,
                "cpu_s": c.cpu, "peak_rss_kb": max(c.rss),
            } for c in cases],
        }
        with open(args.json, "w") as fh:
            json.dump(out, fh, indent=2)
            fh.write("\n")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
