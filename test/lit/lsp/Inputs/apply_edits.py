#!/usr/bin/env python3
"""Applies the TextEdit[] of one reply of a flyte-lsp --lit-test transcript.

usage: apply_edits.py REPLIES ID FILE
Reads the replies (Content-Length framed, pretty or not), takes the result
of the request with id ID, a list of TextEdits (positions in UTF-16 code
units, as the server says in initialize), applies them to FILE's text and
prints the new text.
"""
import json
import re
import sys

replies_path, wanted, path = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
with open(replies_path, encoding="utf-8") as f:
    replies = f.read()
bodies = re.split(r"Content-Length: \d+\r?\n\r?\n", replies)[1:]
edits = next(json.loads(b)["result"] for b in bodies if json.loads(b).get("id") == wanted)

with open(path, encoding="utf-8") as f:
    text = f.read()
lines = text.split("\n")
starts, offset = [], 0
for line in lines:
    starts.append(offset)
    offset += len(line.encode("utf-16-le")) // 2 + 1


def offset_of(position):
    # UTF-16 offsets into the whole text.
    return starts[position["line"]] + position["character"]


units = text.encode("utf-16-le")
# Edits do not overlap; apply them from the last to the first.
for edit in sorted(edits, key=lambda e: offset_of(e["range"]["start"]), reverse=True):
    begin, end = offset_of(edit["range"]["start"]), offset_of(edit["range"]["end"])
    units = units[:2 * begin] + edit["newText"].encode("utf-16-le") + units[2 * end:]
sys.stdout.write(units.decode("utf-16-le"))
