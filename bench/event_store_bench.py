#!/usr/bin/env python3
"""Event-store throughput (events/s) measured through `flytec run` and `flytec executions events`.

    bench/event_store_bench.py                        # 10k, 100k expression nodes; best of 3
    bench/event_store_bench.py --nodes 300k --runs 1
    bench/event_store_bench.py --store-dir /dev/shm   # the same on tmpfs: what the disk costs

Each case runs a workflow of N pure expression nodes (the generator of
run_expressions_bench.py) with `flytec run --store FRESH`, then reads its
events back with `flytec executions events ID` (one JSON line per event).

The executor records the events of pure nodes in memory and appends them
in one transaction before its next side effect (runtime/exec/Executor.h);
with nothing but expressions that is one batch of N NodeSucceeded events
between ExecutionCreated and ExecutionSucceeded. Every event carries the
time its append began (time_ms), so from the events alone:

  eval s      batch time - ExecutionCreated time: evaluating the N nodes
              (and building their events) in the executor
  append s    ExecutionSucceeded time - batch time: the store appending the
              batch (one BEGIN IMMEDIATE ... COMMIT of N inserts, JSON text
              of each event's data included)
  write ev/s  batch events / append s: the store's own write throughput
  run ev/s    all events / (run wall - compile wall): what a run sustains,
              evaluation included
  read ev/s   events / (`executions events ID` wall - `executions list`
              wall): reading, decoding and printing them back

If the events do not have that shape (the executor changed how it
batches), append s is reported as "-" and only the run and read rates are
printed. Times are the best of --runs; the load average is printed, as
others' builds move the figures.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from run_expressions_bench import gen_expressions, parse_count  # noqa: E402

from table import print_table


def timed(argv, cwd):
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return time.perf_counter() - start, proc


def fail(what, proc):
    sys.exit("event_store_bench: %s failed (exit %d):\n%s" % (what, proc.returncode,
                                                              proc.stderr.decode(errors="replace")[-3000:]))


def one_run(flytec, path, seed, store, workdir):
    shutil.rmtree(store, ignore_errors=True)
    run_s, proc = timed([flytec, "run", path, "-i", "seed=%d" % seed, "--store", store], workdir)
    if proc.returncode != 0:
        fail("flytec run " + path, proc)
    list_s, proc = timed([flytec, "executions", "list", "--store", store], workdir)
    if proc.returncode != 0 or not proc.stdout.strip():
        fail("flytec executions list", proc)
    exec_id = proc.stdout.decode().split()[0]
    read_s, proc = timed([flytec, "executions", "events", exec_id, "--store", store], workdir)
    if proc.returncode != 0:
        fail("flytec executions events", proc)
    events = [json.loads(line) for line in proc.stdout.decode().splitlines() if line.strip()]
    compile_s, proc = timed([flytec, "compile", path, "-O1", "-o", os.devnull], workdir)
    if proc.returncode != 0:
        fail("flytec compile", proc)
    db = sum(os.path.getsize(os.path.join(store, f)) for f in os.listdir(store) if f.startswith("store.db"))

    kinds = [e["kind"] for e in events]
    times = [e["time_ms"] for e in events]
    append_s = eval_s = None
    batch = len(events) - 2
    # ExecutionCreated, one batch sharing one time, ExecutionSucceeded.
    if len(events) >= 3 and kinds[0] == "execution_created" and kinds[-1] == "execution_succeeded" \
            and len(set(times[1:-1])) == 1:
        eval_s = (times[1] - times[0]) / 1000.0
        append_s = (times[-1] - times[1]) / 1000.0
    return {"run_s": run_s, "compile_s": compile_s, "list_s": list_s, "read_s": read_s, "events": len(events),
            "batch": batch, "eval_s": eval_s, "append_s": append_s, "db_bytes": db, "id": exec_id}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--flytec", default=os.path.join(REPO, "build", "bin", "flytec"))
    ap.add_argument("--nodes", default="10k,100k", help="comma-separated sizes (default 10k,100k)")
    ap.add_argument("--lanes", type=int, default=100, help="independent chains (default 100)")
    ap.add_argument("--runs", type=int, default=3, help="runs per size; the best counts (default 3)")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--store-dir", metavar="DIR", help="make the stores under DIR (default: a temporary directory)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--json", metavar="FILE", help="also write the raw numbers")
    args = ap.parse_args(argv)
    sizes = [parse_count(n) for n in args.nodes.split(",") if n.strip()]

    flytec = os.path.abspath(args.flytec)
    if not os.access(flytec, os.X_OK):
        sys.exit("event_store_bench: no flytec at %s (build it, or pass --flytec)" % flytec)
    workdir = tempfile.mkdtemp(prefix="flytec-event-bench-", dir=args.store_dir)

    version = subprocess.run([flytec, "--version"], capture_output=True, text=True).stdout.strip()
    print("flytec:  %s (%s)" % (flytec, version or "unknown version"))
    print("host:    %s, %d CPUs, load %.2f %.2f %.2f" % (platform.node(), os.cpu_count() or 0, *os.getloadavg()))
    print("stores:  %s (%s)" % (workdir, subprocess.run(["stat", "-f", "-c", "%T", workdir], capture_output=True,
                                                         text=True).stdout.strip()))
    print("method:  flytec run of N expression nodes, fresh store, best of %d; then executions events ID" % args.runs)
    print()

    rows, raw = [], {}
    for n in sizes:
        text, _, _, _ = gen_expressions(n, args.lanes)
        path = os.path.join(workdir, "exprs_%d.flyte" % n)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        runs = [one_run(flytec, path, args.seed, os.path.join(workdir, "store_%d" % n), workdir)
                for _ in range(args.runs)]
        raw[n] = runs
        best = lambda key: min(r[key] for r in runs if r[key] is not None) \
            if any(r[key] is not None for r in runs) else None
        ev = runs[0]["events"]
        run_s, comp, read_s, list_s = best("run_s"), best("compile_s"), best("read_s"), best("list_s")
        append_s, eval_s = best("append_s"), best("eval_s")
        cell = lambda v, f: "-" if v is None else f % v
        rows.append(["{:,}".format(ev), cell(eval_s, "%.3f"), cell(append_s, "%.3f"),
                     "-" if not append_s else "{:,.0f}".format(runs[0]["batch"] / append_s),
                     "%.3f" % run_s, "%.3f" % comp, "{:,.0f}".format(ev / max(run_s - comp, 1e-9)),
                     "%.3f" % read_s, "{:,.0f}".format(ev / max(read_s - list_s, 1e-9)),
                     "%.0f" % (runs[0]["db_bytes"] / ev)])
        print("  %d nodes: %d events" % (n, ev), flush=True)
    print()
    header = ["events", "eval s", "append s", "write ev/s", "run s", "compile s", "run ev/s", "read s", "read ev/s",
              "bytes/ev"]
    print_table(header, rows)
    print()
    print("load:    %.2f %.2f %.2f at the end" % os.getloadavg())
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(raw, fh, indent=2)
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print("kept:    %s" % workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
