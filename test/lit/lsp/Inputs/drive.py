#!/usr/bin/env python3
"""Feeds a --lit-test transcript to a server one message at a time, running
shell commands between messages: for tests of what the server does when
files change on disk while it runs.

usage: drive.py TRANSCRIPT -- COMMAND [ARG...]

The transcript is flyte-lsp's --lit-test input: messages separated by `---`
lines, `#` lines are comments. A comment line `#!run SHELL-COMMAND` runs the
command once the server has answered every request sent before it (the
server handles messages in order, so everything before has been handled);
put a request before it if only notifications come first. The server's
output is copied to standard output unchanged; the exit code is the
server's.
"""
import json
import re
import subprocess
import sys
import threading

args = sys.argv[1:]
transcript, command = args[0], args[args.index("--") + 1:]
with open(transcript, encoding="utf-8") as f:
    lines = f.read().split("\n")

# Messages and commands, in order.
items, current = [], []
for line in lines + ["---"]:
    if line.startswith("#!run "):
        items.append(("message", "\n".join(current)))
        current = []
        items.append(("run", line[len("#!run "):]))
    elif line.strip() == "---":
        items.append(("message", "\n".join(current)))
        current = []
    elif not line.lstrip().startswith("#"):
        current.append(line)
items = [(kind, text) for kind, text in items if kind == "run" or text.strip()]

server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
answered, cond = set(), threading.Condition()


def read_replies():
    data = b""
    while True:
        chunk = server.stdout.read1(65536)
        if not chunk:
            break
        sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        data += chunk
        while True:
            m = re.search(rb"Content-Length: (\d+)\r?\n\r?\n", data)
            if not m or len(data) < m.end() + int(m.group(1)):
                break
            body = json.loads(data[m.end():m.end() + int(m.group(1))])
            data = data[m.end() + int(m.group(1)):]
            if "id" in body and "method" not in body:
                with cond:
                    answered.add(json.dumps(body["id"]))
                    cond.notify_all()
    with cond:
        answered.add("<eof>")
        cond.notify_all()


reader = threading.Thread(target=read_replies)
reader.start()
sent = set()
for kind, text in items:
    if kind == "message":
        try:
            message = json.loads(text)
            if isinstance(message, dict) and "id" in message and "method" in message:
                sent.add(json.dumps(message["id"]))
        except ValueError:
            pass
        server.stdin.write(text.encode("utf-8") + b"\n---\n")
        server.stdin.flush()
    else:
        with cond:
            if not cond.wait_for(lambda: sent <= answered or "<eof>" in answered, timeout=60):
                sys.exit("drive.py: no reply to every request before: " + text)
        subprocess.run(text, shell=True, check=True)
server.stdin.close()
reader.join()
sys.exit(server.wait())
