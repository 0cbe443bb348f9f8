#!/usr/bin/env python3
"""Formats every .flyte file of the repository twice and checks the result.

usage: format_repo.py FLYTEC REPO_ROOT WORK_DIR

Every .flyte file under examples/, stdlib/ and test/lit/ that
`flytec check --syntax-only` accepts is copied twice into WORK_DIR (the
same relative paths, so imports between them still resolve): once as it
is, once formatted with `flytec fmt -i`. Then:

  - `flytec fmt --check` on the formatted copies lists nothing (a second
    pass changes nothing);
  - `flytec check` gives the same diagnostic codes, each the same number
    of times, on each formatted copy as on the original (messages may
    name other lines).

Files with syntax errors are skipped and counted. Prints one summary line
and, for each problem, a line starting with FAIL; exits 1 on a problem.
"""
import collections
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys


def flyte_files(root):
    for top in ("examples", "stdlib", os.path.join("test", "lit")):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(".flyte"):
                    yield os.path.relpath(os.path.join(dirpath, name), root)


def run(args, cwd=None):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, errors="replace")


def diagnostic_codes(flytec, path):
    """The diagnostic codes `flytec check` reports for `path`, counted."""
    out = run([flytec, "check", "--diagnostics=json", os.path.basename(path)], cwd=os.path.dirname(path))
    codes = collections.Counter()
    for line in out.stderr.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                codes[json.loads(line).get("code", "?")] += 1
            except ValueError:
                codes["<unparsable: %s>" % line[:60]] += 1
    return codes


def main():
    flytec, root, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    original_dir = os.path.join(work, "original")
    formatted_dir = os.path.join(work, "formatted")
    files = list(flyte_files(root))
    problems = []

    def syntax_ok(rel):
        return run([flytec, "check", "--syntax-only", os.path.join(root, rel)]).returncode == 0

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        accepted = [rel for rel, ok in zip(files, pool.map(syntax_ok, files)) if ok]
    skipped = len(files) - len(accepted)

    # Every file is copied (imports may name files with syntax errors too).
    for rel in files:
        for base in (original_dir, formatted_dir):
            os.makedirs(os.path.dirname(os.path.join(base, rel)), exist_ok=True)
            shutil.copyfile(os.path.join(root, rel), os.path.join(base, rel))

    formatted = [os.path.join(formatted_dir, rel) for rel in accepted]
    first = run([flytec, "fmt", "-i"] + formatted)
    if first.returncode != 0:
        problems.append("flytec fmt -i exited %d:\n%s" % (first.returncode, first.stderr))
    changed = sum(1 for rel in accepted
                  if open(os.path.join(root, rel), "rb").read() != open(os.path.join(formatted_dir, rel), "rb").read())

    second = run([flytec, "fmt", "--check"] + formatted)
    if second.returncode != 0 or second.stdout:
        for path in second.stdout.splitlines():
            again = run([flytec, "fmt", path]).stdout
            problems.append("a second pass changes %s:\n%s" % (os.path.relpath(path, formatted_dir), unified(
                open(path).read(), again)))
        if not second.stdout:
            problems.append("flytec fmt --check exited %d:\n%s" % (second.returncode, second.stderr))

    def compare(rel):
        before = diagnostic_codes(flytec, os.path.join(original_dir, rel))
        after = diagnostic_codes(flytec, os.path.join(formatted_dir, rel))
        if before != after:
            return "diagnostics of %s change: %s before, %s after" % (rel, dict(sorted(before.items())),
                                                                       dict(sorted(after.items())))
        return None

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        problems.extend(p for p in pool.map(compare, accepted) if p)

    print("%d files: %d formatted (%d changed, %d already canonical), %d skipped with syntax errors" % (
        len(files), len(accepted), changed, len(accepted) - changed, skipped))
    for p in problems:
        print("FAIL: " + p)
    return 1 if problems else 0


def unified(a, b):
    import difflib
    return "".join(difflib.unified_diff(a.splitlines(True), b.splitlines(True), "first pass", "second pass"))


if __name__ == "__main__":
    sys.exit(main())
