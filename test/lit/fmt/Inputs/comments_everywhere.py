#!/usr/bin/env python3
"""Puts comments between the tokens of .flyte files and formats the result.

usage: comments_everywhere.py FLYTEC WORK_DIR FILE...

For each file, and each of a few patterns, a comment goes into every gap
between two tokens (`/* b */` inline, `// t` ending the line, `// o` on a
line of its own, in turn, starting at a different kind each pattern).
Each variant must still parse, format without an error, keep every comment
(the formatter's own check), and format to itself a second time. Prints
one line per file and a FAIL line per problem; exits 1 on a problem.
"""
import os
import re
import subprocess
import sys

KINDS = [" /* b%d */ ", " // t%d\n", "\n// o%d\n", "\n/* o\n   %d */\n"]


def run(args):
    return subprocess.run(args, capture_output=True, text=True, errors="replace")


def token_starts(flytec, path, text):
    """Byte offsets (str indexes) of every token but EOF, from --emit=tokens."""
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    starts = []
    for line in run([flytec, "compile", "--emit=tokens", path]).stdout.splitlines():
        m = re.match(r"(\d+):(\d+) (\S+) ", line)
        if m and m.group(3) != "EOF":
            starts.append(line_starts[int(m.group(1)) - 1] + int(m.group(2)) - 1)
    return starts


def main():
    flytec, work, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    problems = 0
    for path in files:
        text = open(path, encoding="utf-8").read()
        starts = token_starts(flytec, path, text)
        variants = 0
        for pattern in range(len(KINDS)):
            out, prev = [], 0
            for i, start in enumerate(starts):
                out.append(text[prev:start])
                if i > 0:
                    out.append(KINDS[(i + pattern) % len(KINDS)] % i)
                prev = start
            out.append(text[prev:])
            variant = os.path.join(work, "%s.%d.flyte" % (os.path.basename(path), pattern))
            with open(variant, "w", encoding="utf-8") as f:
                f.write("".join(out))
            if run([flytec, "check", "--syntax-only", variant]).returncode != 0:
                continue  # a comment inside a token pair the grammar keeps together
            variants += 1
            first = run([flytec, "fmt", variant])
            if first.returncode != 0:
                problems += 1
                print("FAIL: %s: %s" % (variant, first.stderr.strip()))
                continue
            formatted = variant + ".out.flyte"
            with open(formatted, "w", encoding="utf-8") as f:
                f.write(first.stdout)
            again = run([flytec, "fmt", "--check", formatted])
            if again.returncode != 0:
                problems += 1
                print("FAIL: %s: a second pass changes it %s" % (variant, again.stderr.strip()))
        print("%s: %d variants" % (os.path.basename(path), variants))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
