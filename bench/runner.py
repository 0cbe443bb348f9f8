"""Measuring half of the benchmarks: runs flytec and reports rusage.

Started by check_bench.py and compile_bench.py as `python3 -I -S runner.py ...` so that it
stays small, and kept free of imports beyond os, sys and time. That matters
for the memory figure: Linux charges a child's ru_maxrss with the memory of
the process it was forked from (the fork copies the parent's page tables;
posix_spawn/vfork, which `subprocess` uses, even charges the parent's whole
peak). From a lean runner that floor (~5 MB) is below what `flytec check`
needs for an empty file, so ru_maxrss is flytec's own peak; from the
benchmark process, which has just generated megabytes of source, it is not.

Usage: runner.py FLYTEC RUNS WAIT ERRFILE ARGS FILE...
ARGS: the flytec command and its flags, comma-separated ("check" or
"check,--syntax-only" or "compile,-O2,-o,/dev/null"); the file comes last.
Prints one line per timed run: `run INDEX WALL_S MAXRSS_KB CPU_S`, after a
line `floor MAXRSS_KB` (the same measurement of /bin/true). On a failed
run (a non-zero exit, or anything on stderr) prints `fail INDEX EXIT_CODE`
and exits 1; ERRFILE then holds its diagnostics.
"""

import os
import sys
import time


def spawn(argv, errfile):
    """fork + exec + wait4: (wall seconds, exit code, rusage)."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child: stdout to /dev/null, stderr to errfile
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            err = os.open(errfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(null, 1)
            os.dup2(err, 2)
            os.execv(argv[0], argv)
        except OSError as e:
            os.write(2, ("exec %s: %s\n" % (argv[0], e)).encode())
        os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    return wall, os.waitstatus_to_exitcode(status), usage


def check(flytec, flags, path, wait, errfile):
    """One clean `flytec ARGS PATH`; waits out a rebuild of the binary."""
    deadline = time.monotonic() + wait
    while True:
        if os.access(flytec, os.X_OK):
            wall, code, usage = spawn([flytec] + flags + [path], errfile)
            if code != 127 or os.access(flytec, os.X_OK):
                break
        if time.monotonic() > deadline:
            return None, 127, None
        time.sleep(1.0)
    if code != 0 or os.path.getsize(errfile) > 0:
        return None, code, None
    return wall, code, usage


def main():
    flytec, runs, wait, errfile = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    flags = [f for f in sys.argv[5].split(",") if f]
    paths = sys.argv[6:]
    true = "/bin/true" if os.path.exists("/bin/true") else "/usr/bin/true"
    _, _, usage = spawn([true], errfile)
    print("floor %d" % usage.ru_maxrss, flush=True)
    # One untimed warm-up per file (page cache; it also proves the file is
    # clean), then the timed runs round-robin over the files so that a burst
    # of load on the machine hits every case alike.
    for rnd in range(runs + 1):
        for i, path in enumerate(paths):
            wall, code, usage = check(flytec, flags, path, wait, errfile)
            if wall is None:
                print("fail %d %d" % (i, code), flush=True)
                return 1
            if rnd > 0:
                print("run %d %.6f %d %.6f" % (i, wall, usage.ru_maxrss,
                                               usage.ru_utime + usage.ru_stime), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
