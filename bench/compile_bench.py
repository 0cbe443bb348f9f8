#!/usr/bin/env python3
"""Time `flytec compile` on generated workflows of growing size.

Target (issue 4): a workflow of 100,000 nodes compiles with -O2 in under
2 s, and memory grows linearly with the graph.

    bench/compile_bench.py                          # 10k, 30k, 100k nodes at -O0, -O1, -O2; best of 3
    bench/compile_bench.py --nodes 100k --levels 2 --runs 5
    bench/compile_bench.py --flytec build-release/bin/flytec --keep /tmp/graphs

Each run is a fresh `flytec compile FILE -O<n> -o /dev/null` process started
by runner.py (see there for why the memory figure needs a lean parent); the
time includes checking, lowering, the passes with the verifier after each,
content hashes, and writing the IR. The table prints, per case, the best
wall time, the peak RSS, time and memory per 1,000 nodes (flat columns mean
linear growth), and time/target for the -O2 cases at the largest size.
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen_graph  # noqa: E402

from table import print_table

TARGET_NODES = 100000
TARGET_SECONDS = 2.0


def parse_count(text):
    text = text.strip().lower()
    return int(float(text[:-1]) * 1000) if text.endswith("k") else int(text)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--flytec", default=os.path.join(REPO, "build", "bin", "flytec"))
    ap.add_argument("--nodes", default="10k,30k,100k", help="comma-separated graph sizes (default 10k,30k,100k)")
    ap.add_argument("--levels", default="0,1,2", help="optimization levels (default 0,1,2)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per case; the best counts (default 3)")
    ap.add_argument("--keep", metavar="DIR", help="keep the generated programs in DIR")
    ap.add_argument("--wait", type=float, default=120.0, help="seconds to wait for a missing flytec binary")
    args = ap.parse_args(argv)

    flytec = os.path.abspath(args.flytec)
    sizes = [parse_count(n) for n in args.nodes.split(",") if n.strip()]
    levels = [int(l) for l in args.levels.split(",") if l.strip()]
    workdir = args.keep or tempfile.mkdtemp(prefix="flytec-compile-bench-")
    os.makedirs(workdir, exist_ok=True)

    files = {}
    for n in sizes:
        path = os.path.join(workdir, "graph_%d.flyte" % n)
        lines, _ = gen_graph.generate(n, 100)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        files[n] = path

    version = subprocess.run([flytec, "--version"], capture_output=True, text=True).stdout.strip()
    print("flytec:  %s (%s)" % (flytec, version or "unknown version"))
    print("host:    %s, %d CPUs, load %.2f %.2f %.2f" % (platform.node(), os.cpu_count() or 0, *os.getloadavg()))
    print("method:  `flytec compile FILE -O<n> -o /dev/null`, fresh process, best of %d" % args.runs)
    print()

    rows = []
    verdict = None
    errfile = os.path.join(workdir, "compile.stderr")
    for level in levels:
        flags = ["compile", "-O%d" % level, "-o", "/dev/null"]
        paths = [files[n] for n in sizes]
        argv = [sys.executable, "-I", "-S", os.path.join(HERE, "runner.py"), flytec, str(args.runs),
                str(args.wait), errfile, ",".join(flags)] + paths
        proc = subprocess.run(argv, stdout=subprocess.PIPE, text=True)
        times = {n: [] for n in sizes}
        rss = {n: [] for n in sizes}
        for line in proc.stdout.splitlines():
            word, *rest = line.split()
            if word == "run":
                n = sizes[int(rest[0])]
                times[n].append(float(rest[1]))
                rss[n].append(int(rest[2]))
            elif word == "fail":
                with open(errfile, encoding="utf-8", errors="replace") as fh:
                    sys.exit("compile_bench: flytec failed on %s (exit %s):\n%s"
                             % (paths[int(rest[0])], rest[1], fh.read()[:2000]))
        for n in sizes:
            best = min(times[n])
            peak = max(rss[n]) / 1024.0
            ratio = ""
            if level == 2 and n == TARGET_NODES:
                ratio = "%.2f" % (best / TARGET_SECONDS)
                verdict = "PASS" if best < TARGET_SECONDS else "MISS"
            rows.append(["-O%d" % level, "{:,}".format(n), "%.3f" % best, "%.1f" % peak,
                         "%.2f" % (best / n * 1000 * 1000), "%.2f" % (peak / n * 1000), ratio])

    header = ["level", "nodes", "best s", "peak MB", "ms/1k nodes", "MB/1k nodes", "time/target"]
    print_table(header, rows)
    print()
    if verdict:
        print("target:  %s nodes at -O2 in < %.1f s -> %s" % ("{:,}".format(TARGET_NODES), TARGET_SECONDS, verdict))
    print("memory:  linear when MB/1k nodes stays flat as the graph grows")
    print("load:    %.2f %.2f %.2f at the end" % os.getloadavg())
    return 0


if __name__ == "__main__":
    sys.exit(main())
