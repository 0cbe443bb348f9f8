#!/usr/bin/env python3
"""Frames a --lit-test transcript for flyte-lsp's stdio transport.

usage: frame.py TRANSCRIPT > MESSAGES
Messages are separated by `---` lines; lines starting with `#` are comments.
Each message is written with its `Content-Length` header, all of them at
once, so that the server reads them as one batch.
"""
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    lines = f.read().split("\n")

messages, current = [], []
for line in lines + ["---"]:
    if line.strip() == "---":
        body = "\n".join(current).strip()
        if body:
            messages.append(body.encode("utf-8"))
        current = []
    elif not line.lstrip().startswith("#"):
        current.append(line)

out = sys.stdout.buffer
for body in messages:
    out.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
out.flush()
