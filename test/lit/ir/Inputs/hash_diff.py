#!/usr/bin/env python3
"""Compares the content hashes of two IR files.

    hash_diff.py A.json B.json

Prints one line per task, workflow and launch plan of either file, sorted
by kind and name: `same KIND NAME`, `changed KIND NAME`, or `only-in-a` /
`only-in-b` when one file does not have it. KIND is task, workflow or
launch_plan.
"""
import json
import sys


def hashes(path):
    with open(path, encoding="utf-8") as f:
        package = json.load(f)
    out = {}
    for kind, key in (("launch_plan", "launch_plans"), ("task", "tasks"), ("workflow", "workflows")):
        for name, entity in package[key].items():
            out[(kind, name)] = entity["hash"]
    return out


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    a, b = hashes(argv[1]), hashes(argv[2])
    for key in sorted(set(a) | set(b)):
        if key not in b:
            state = "only-in-a"
        elif key not in a:
            state = "only-in-b"
        else:
            state = "same" if a[key] == b[key] else "changed"
        print("%s %s %s" % (state, key[0], key[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
