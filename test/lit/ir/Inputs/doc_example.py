#!/usr/bin/env python3
"""Prints the example IR of docs/ir.md: the ```json blocks between the
`<!-- example: ... -->` and `<!-- end of example -->` markers, joined, so
that a test can compare it with what flytec prints.

    doc_example.py docs/ir.md
"""
import sys


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        lines = f.read().split("\n")
    out = []
    inside_example = inside_block = False
    for line in lines:
        if line.startswith("<!-- example:"):
            inside_example = True
        elif line.startswith("<!-- end of example"):
            inside_example = False
        elif inside_example and line == "```json":
            inside_block = True
        elif inside_block and line == "```":
            inside_block = False
        elif inside_block:
            out.append(line)
    if not out:
        print("no example found in %s" % argv[1], file=sys.stderr)
        return 1
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
