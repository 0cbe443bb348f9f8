#!/usr/bin/env python3
"""Kills `flytec run` with SIGKILL at several points and recovers each run.

For each kill point k (0 = as soon as the first attempt has started, else
after the k-th task has written its line to the side file), in a fresh store:
  1. start `flytec run`, SIGKILL it at that point (tasks it started may go
     on: they are in their own process groups, as after a real crash);
  2. read which nodes the event log says succeeded;
  3. `flytec executions recover ID`, which must finish the execution with
     the outputs of an uninterrupted run;
  4. check from the side file that every node that had succeeded before the
     kill ran exactly once in all, and every other node at least once.
Prints one line per kill point and "all recovered" at the end.
"""
import argparse
import collections
import json
import os
import shutil
import signal
import subprocess
import sys
import time


def node_runs(path, store):
    """How often each node ran: the side file's lines are attempt work dirs,
    <store>/work/<execution>/<node path>/attempt-<n>/work."""
    runs = collections.Counter()
    prefix = os.path.realpath(os.path.join(store, "work")) + "/"
    try:
        with open(path) as f:
            for line in f.read().splitlines():
                line = os.path.realpath(line.strip())
                if line.startswith(prefix):
                    rest = line[len(prefix):].split("/")
                    runs["/".join(rest[1:-2])] += 1
    except FileNotFoundError:
        pass
    return runs


def flytec_json(flytec, store, *args):
    out = subprocess.run([flytec, *args, "--store", store], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"flytec {' '.join(args)} failed ({out.returncode}): {out.stderr}")
    return out.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--flytec", required=True)
    ap.add_argument("--program", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--points", default="0,1,2,4,5,7,9,11")
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)

    # The outputs of an uninterrupted run.
    ref_store, ref_log = os.path.join(args.work, "ref.store"), os.path.join(args.work, "ref.log")
    ref = subprocess.run([args.flytec, "run", args.program, "-i", f"log={ref_log}", "--store", ref_store],
                         capture_output=True, text=True)
    if ref.returncode != 0:
        sys.exit(f"the reference run failed: {ref.stderr}")
    expected = json.loads(ref.stdout)
    ref_runs = node_runs(ref_log, ref_store)
    print(f"reference: {json.dumps(expected, sort_keys=True)} from {sum(ref_runs.values())} task runs")

    failures = 0
    for point in [int(p) for p in args.points.split(",")]:
        store = os.path.join(args.work, f"k{point}.store")
        log = os.path.join(args.work, f"k{point}.log")
        proc = subprocess.Popen([args.flytec, "run", args.program, "-i", f"log={log}",
                                 "--store", store, "--max-parallel", "2"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        def reached():
            if point == 0:  # the first attempt's directory: the execution exists, nothing has finished
                return os.path.isdir(os.path.join(store, "work"))
            return sum(node_runs(log, store).values()) >= point
        while not reached() and proc.poll() is None and time.time() < deadline:
            time.sleep(0.002)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        time.sleep(0.3)  # let orphaned tasks of the killed run finish, as they would after a crash
        listing = subprocess.run([args.flytec, "executions", "list", "--store", store], capture_output=True, text=True)
        ids = [l.split()[0] for l in listing.stdout.splitlines() if l.strip()]
        if not ids:
            # Killed before the execution was created: nothing to recover; a new run is the recovery.
            print(f"kill after {point} tasks: no execution yet")
            continue
        execution = ids[-1]
        before = json.loads(flytec_json(args.flytec, store, "executions", "show", execution, "--json"))
        succeeded = {path for path, n in before.get("nodes", {}).items() if n.get("status") == "succeeded"}
        ran_before = node_runs(log, store)

        rec = subprocess.run([args.flytec, "executions", "recover", execution, "--store", store],
                             capture_output=True, text=True)
        problems = []
        if rec.returncode != 0:
            problems.append(f"recover exited {rec.returncode}: {rec.stderr.strip()[-400:]}")
        elif json.loads(rec.stdout) != expected:
            problems.append(f"outputs {rec.stdout.strip()} differ from {json.dumps(expected)}")
        after = json.loads(flytec_json(args.flytec, store, "executions", "show", execution, "--json"))
        if after.get("status") != "succeeded":
            problems.append(f"the execution is {after.get('status')} after recovery")
        ran = node_runs(log, store)
        for node in sorted(ran):
            if node in succeeded and ran[node] != 1:
                problems.append(f"node {node} ran {ran[node]} times although it had succeeded before the kill")
        missing = set(ref_runs) - set(ran)
        if missing:
            problems.append(f"never ran: {sorted(missing)}")
        status = "ok" if not problems else "FAILED: " + "; ".join(problems)
        failures += bool(problems)
        print(f"kill after {point} tasks: {len(succeeded)} nodes had succeeded, "
              f"{sum(ran_before.values())} task runs before, {sum(ran.values())} in all: {status}")
    print("all recovered" if failures == 0 else f"{failures} kill points failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
