#!/usr/bin/env python3
"""Validates IR files against docs/ir.schema.json.

    validate_schema.py SCHEMA FILE.json...
    validate_schema.py SCHEMA --flytec FLYTEC [-O0 -O2 ...] FILE.flyte...

JSON files are validated as they are. With --flytec, each .flyte file is
compiled (`flytec compile FILE -On`) at every optimization level given and
the output validated. The schema itself is first checked against its
metaschema.

Prints one line per document, `ok NAME`, or one line per problem,
`invalid NAME: PATH: MESSAGE` (for a oneOf, the errors of its branches),
then `N valid, M invalid`. Exits 0 when
every document is valid, 1 otherwise, 2 when a file cannot be read or a
compile fails.
"""
import json
import os
import subprocess
import sys

import jsonschema


def errors_of(validator, document):
    """Every error, most specific first: for a oneOf, the branch errors
    (the useful ones) rather than only "is not valid under any"."""
    out = []

    def walk(error):
        if error.context:
            for sub in sorted(error.context, key=lambda e: -len(e.absolute_path)):
                walk(sub)
        else:
            out.append(error)

    for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        walk(error)
    return out


def place(error):
    path = ""
    for part in error.absolute_path:
        path += "[%d]" % part if isinstance(part, int) else ("." if path else "") + part
    return path or "the IR"


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)

    flytec = None
    levels = []
    files = []
    args = argv[2:]
    i = 0
    while i < len(args):
        if args[i] == "--flytec":
            flytec = args[i + 1]
            i += 2
            continue
        if args[i].startswith("-O"):
            levels.append(args[i])
        else:
            files.append(args[i])
        i += 1

    documents = []  # (name, text)
    for path in files:
        if flytec:
            for level in levels or ["-O1"]:
                run = subprocess.run([flytec, "compile", path, level], capture_output=True, text=True)
                if run.returncode != 0:
                    print("error: flytec compile %s %s exited %d:\n%s" % (path, level, run.returncode, run.stderr),
                          file=sys.stderr)
                    return 2
                documents.append(("%s %s" % (os.path.basename(path), level), run.stdout))
        else:
            with open(path, encoding="utf-8") as f:
                documents.append((os.path.basename(path), f.read()))

    valid = invalid = 0
    for name, text in documents:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as e:
            print("invalid %s: not JSON: %s" % (name, e))
            invalid += 1
            continue
        problems = errors_of(validator, document)
        if not problems:
            print("ok %s" % name)
            valid += 1
            continue
        invalid += 1
        shown = set()
        for p in problems:
            line = "invalid %s: %s: %s" % (name, place(p), p.message)
            if line not in shown:
                shown.add(line)
                print(line)
    print("%d valid, %d invalid" % (valid, invalid))
    return 0 if invalid == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
