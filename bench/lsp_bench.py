#!/usr/bin/env python3
"""Language-server benchmark: request latencies of flyte-lsp on a large module.

Generates a module with gen_module.py (about 5,000 lines by default, valid and
type-checked; `flytec check` confirms it when build/bin/flytec exists), starts
flyte-lsp as a subprocess speaking LSP over its stdin/stdout, opens the module
and times what an editor does while someone types in the workflow body nearest
the middle of the file:

  diagnostics after edit   an incremental didChange of one character (a digit
                           of a float literal, changed and restored in turn so
                           that the file stays valid), until the
                           publishDiagnostics of that version arrives. Shown
                           with the server's debounce included (`--debounce-ms`,
                           default 50), with it subtracted, and from a second
                           server started with --debounce-ms=0.
  completion               after a typed prefix: the first letter of an argument
                           value, as in `feature_6_0(value: v|19)`
  completion after edit    a didChange there (backspace over the value's second
                           letter, the next time type it again) immediately
                           followed by the completion request: what typing does
  hover                    over a task call's name
  prepareRename, rename    of the workflow's most used `let` (never applied)
  definition, references   at the task call
  signatureHelp            just inside the task call's '('
  documentSymbol, semanticTokens/full, formatting   the whole file

Each request is timed from writing it to the server's pipe until its reply has
been read: a reader thread takes every message off the pipe, stamps its
arrival, and routes replies by id and notifications to a queue. Every
operation is sent once untimed first (a warm-up, which also tells whether the
server has the method: MethodNotFound shows as "not supported"), then
`--iterations` times. The two servers run side by side and their edit loops
alternate, so that a burst of load on the machine hits both alike. "cpu p50"
is the server's own CPU time per request (all threads, from
/proc/PID/task/*/schedstat), which load on the machine does not inflate.

Targets (the language-server issue), on p95:
  diagnostics after edit   < 50 ms. The time of the check, so it applies to the
                           debounce-0 server (and to the other's time minus the
                           debounce); what a user waits is that plus the debounce.
  completion, hover        < 10 ms
  the others               no target; reported for reference

    bench/lsp_bench.py --server build-ide/bin/flyte-lsp
    bench/lsp_bench.py --lines 20000 --iterations 50
    bench/lsp_bench.py --debounce-ms 100 --timeout 30 --keep /tmp/lsp_bench.flyte

Fails with a message, not a traceback, if a server dies, writes something that
is not LSP, or does not answer within `--timeout` seconds.
Python 3 standard library only.
"""

import argparse
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from table import print_table  # noqa: E402

# p95 targets in ms, by operation kind.
TARGET_DIAGNOSTICS_MS = 50.0
TARGET_INTERACTIVE_MS = 10.0

METHOD_NOT_FOUND = -32601


class BenchError(Exception):
    """A failure that ends the benchmark with a message instead of a traceback."""


# --------------------------------------------------------------------------
# The client: Content-Length framing, a reader thread, replies by id.
# --------------------------------------------------------------------------


class Reply:
    def __init__(self, result, error, ms, size):
        self.result, self.error, self.ms, self.size = result, error, ms, size

    def not_supported(self):
        return self.error is not None and self.error.get("code") == METHOD_NOT_FOUND

    def describe_error(self):
        return "error %s: %s" % (self.error.get("code"), self.error.get("message"))


class LspServer:
    """A flyte-lsp process and the client side of its JSON-RPC connection."""

    def __init__(self, argv, name, timeout, workdir):
        self.name, self.timeout = name, timeout
        self.stderr_path = os.path.join(workdir, "%s.stderr" % name.replace(" ", "_"))
        self._stderr = open(self.stderr_path, "wb")
        try:
            self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=self._stderr, cwd=workdir)
        except OSError as e:
            raise BenchError("cannot start %s: %s" % (" ".join(argv), e))
        self.argv = argv
        self._next_id = 0
        self._write_lock = threading.Lock()
        self._cond = threading.Condition()
        self._replies = {}  # id -> (message, arrival time, size in bytes)
        self._closed = None  # why the connection ended, once it has
        self.notifications = queue.Queue()  # (message, arrival time)
        self._reader = threading.Thread(target=self._read_loop, name="lsp-reader", daemon=True)
        self._reader.start()

    # ---------------------------------------------------------------- reading

    def _read_loop(self):
        stream = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = stream.readline()
                    if not line:
                        return self._close("the server closed its stdout")
                    line = line.rstrip(b"\r\n")
                    if not line:
                        break
                    key, sep, value = line.partition(b":")
                    if not sep:
                        return self._close("not an LSP header line: %r" % line[:200])
                    if key.strip().lower() == b"content-length":
                        length = int(value.strip())
                if length is None:
                    return self._close("a message without Content-Length")
                body = stream.read(length)
                arrived = time.perf_counter()
                if len(body) < length:
                    return self._close("the server closed its stdout in the middle of a message")
                self._route(json.loads(body), arrived, length)
        except (ValueError, TypeError, AttributeError, OSError) as e:  # not JSON-RPC, or a broken pipe
            self._close("unreadable message from the server: %s" % e)
        except BenchError as e:  # answering a request of the server failed
            self._close(str(e))

    def _route(self, msg, arrived, size):
        if "method" in msg and "id" in msg:  # a request from the server
            result = None
            if msg["method"] == "workspace/configuration":
                result = [None] * len(msg.get("params", {}).get("items", []))
            self._write({"jsonrpc": "2.0", "id": msg["id"], "result": result})
        elif "method" in msg:
            self.notifications.put((msg, arrived))
        else:
            with self._cond:
                self._replies[msg.get("id")] = (msg, arrived, size)
                self._cond.notify_all()

    def _close(self, why):
        with self._cond:
            self._closed = why
            self._cond.notify_all()
        self.notifications.put((None, time.perf_counter()))  # wakes a waiter

    # ---------------------------------------------------------------- writing

    def _write(self, msg):
        """Writes a message; returns the time just before writing (a reply can
        be read by the reader thread before write() has even returned)."""
        body = json.dumps(msg, separators=(",", ":")).encode("utf-8")
        data = b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
        with self._write_lock:
            start = time.perf_counter()
            try:
                self.proc.stdin.write(data)
                self.proc.stdin.flush()
            except (BrokenPipeError, ValueError, OSError):
                raise self.failure("writing %s" % msg.get("method", "a reply"))
            return start

    def notify(self, method, params):
        """Sends a notification; returns the time it was written."""
        return self._write({"jsonrpc": "2.0", "method": method, "params": params})

    def send(self, method, params):
        """Sends a request; returns (id, time written). See wait()."""
        self._next_id += 1
        msg = {"jsonrpc": "2.0", "id": self._next_id, "method": method}
        if params is not None:
            msg["params"] = params
        return self._next_id, self._write(msg)

    def wait(self, rid, sent, method):
        deadline = time.monotonic() + self.timeout
        with self._cond:
            while rid not in self._replies:
                if self._closed is not None:
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    raise self.failure("no reply to %s within %g s" % (method, self.timeout))
                self._cond.wait(left)
            entry = self._replies.pop(rid, None)
        if entry is None:
            raise self.failure("waiting for the reply to %s" % method)
        msg, arrived, size = entry
        return Reply(msg.get("result"), msg.get("error"), (arrived - sent) * 1000.0, size)

    def request(self, method, params):
        rid, sent = self.send(method, params)
        return self.wait(rid, sent, method)

    def wait_notification(self, accept, what, since):
        """The first notification after `since` that accept(msg) takes, and its arrival time."""
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise self.failure("no %s within %g s" % (what, self.timeout))
            try:
                msg, arrived = self.notifications.get(timeout=left)
            except queue.Empty:
                continue
            if msg is None:
                raise self.failure("waiting for %s" % what)
            if arrived >= since and accept(msg):
                return msg, arrived

    # --------------------------------------------------------------- lifetime

    def alive(self):
        return self.proc.poll() is None

    def failure(self, doing):
        """A BenchError saying what went wrong, with the end of the server's log."""
        time.sleep(0.2)  # let a dying server finish exiting and writing its log
        code = self.proc.poll()
        state = "is still running" if code is None else "exited with status %d" % code
        why = self._closed or ""
        text = "%s: %s; the server %s%s" % (self.name, doing, state, "; " + why if why and code is not None else "")
        tail = self.stderr_tail(15)
        if tail:
            text += "\nlast lines of its stderr:\n  %s" % "\n  ".join(tail)
        return BenchError(text)

    def stderr_tail(self, n):
        try:
            with open(self.stderr_path, encoding="utf-8", errors="replace") as fh:
                return fh.read().splitlines()[-n:]
        except OSError:
            return []

    def error_log_lines(self):
        """The lines the server logged as errors ('E[hh:mm:ss.mmm] ...')."""
        return [l for l in self.stderr_tail(10 ** 6) if l.startswith("E[")]

    def cpu_ms(self):
        """CPU time the server has used so far, all its threads (ms; None without /proc).
        From schedstat, in ns: fine enough to charge one request."""
        total = 0
        try:
            base = "/proc/%d/task" % self.proc.pid
            for tid in os.listdir(base):
                with open("%s/%s/schedstat" % (base, tid)) as fh:
                    total += int(fh.read().split()[0])
        except (OSError, ValueError, IndexError):
            return None
        return total / 1e6

    def peak_rss_kb(self):
        try:
            with open("/proc/%d/status" % self.proc.pid) as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except (OSError, ValueError, IndexError):
            pass
        return None

    def shutdown(self):
        """shutdown, exit; returns the exit status (None if it had to be killed)."""
        self.request("shutdown", None)
        self.notify("exit", None)
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            return self.proc.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None
        finally:
            self._stderr.close()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()  # our own child, by its pid
            self.proc.wait()


# --------------------------------------------------------------------------
# The document: where to edit, complete, hover and rename.
# --------------------------------------------------------------------------


def utf16_len(text):
    return len(text.encode("utf-16-le")) // 2


class Document:
    """The open file's text as the server should see it, and its version."""

    def __init__(self, path, text):
        self.path, self.uri = path, Path(path).as_uri()
        self.lines = text.split("\n")
        self.version = 1

    def position(self, line, col):
        """An LSP position (UTF-16 columns) for a character index in a line."""
        return {"line": line, "character": utf16_len(self.lines[line][:col])}

    def replace(self, line, start, end, new_text):
        """Applies a one-line edit; returns the didChange params (incremental)."""
        old = self.lines[line]
        change = {"range": {"start": self.position(line, start), "end": self.position(line, end)},
                  "text": new_text}
        self.lines[line] = old[:start] + new_text + old[end:]
        self.version += 1
        return {"textDocument": {"uri": self.uri, "version": self.version}, "contentChanges": [change]}

    def text(self):
        return "\n".join(self.lines)

    def ident(self):
        return {"uri": self.uri}


def code_only(text):
    """text with comments and the literal parts of strings blanked (positions kept):
    what is left are names and punctuation, and the {{...}} of interpolated strings."""
    out = list(text)
    i, n = 0, len(text)

    def blank(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            blank(i, j)
            i = j
        elif text[i] == '"':
            quote = '"""' if text.startswith('"""', i) else '"'
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if text.startswith("{{", j):
                    k = text.find("}}", j)
                    j = n if k < 0 else k + 2
                else:
                    step = 2 if text[j] == "\\" else 1
                    blank(j, min(n, j + step))
                    j += step
            i = min(n, j + len(quote))
        else:
            i += 1
    return "".join(out)


class Sites:
    """Positions in the generated module, all in the workflow nearest the middle."""

    def __init__(self, text):
        lines = text.split("\n")
        code = code_only(text).split("\n")  # for counting names: no comments, no string text
        tasks = {}
        for i, l in enumerate(lines):
            m = re.match(r"task (\w+)\(", l)
            if m:
                tasks[m.group(1)] = i
        workflows = []  # (header line, first body line, closing line)
        for i, l in enumerate(lines):
            if re.match(r"workflow \w+\(", l):
                open_line = next(j for j in range(i, len(lines)) if lines[j].endswith("{"))
                close = next(j for j in range(open_line + 1, len(lines)) if lines[j] == "}")
                workflows.append((i, open_line + 1, close))
        if not workflows or not tasks:
            raise BenchError("the generated module has no workflow or no task: did gen_module.py change?")
        middle = len(lines) // 2
        self.workflow_line, first, close = min(workflows, key=lambda w: abs((w[1] + w[2]) // 2 - middle))
        body = range(first, close)
        centre = (first + close) // 2
        near = lambda ln: abs(ln - centre)
        self.workflow = re.match(r"workflow (\w+)", lines[self.workflow_line]).group(1)

        def pick(pattern, what, valid=lambda m: True):
            found = [(ln, m) for ln in body for m in [re.match(pattern, lines[ln])] if m and valid(m)]
            if not found:
                raise BenchError("no %s in workflow %s: did gen_module.py change?" % (what, self.workflow))
            return min(found, key=lambda f: near(f[0]))

        # The edit: the last digit of the last float literal of a `let` without
        # strings or division (so that no value can become a division by zero).
        ln, m = pick(r'\s+let \w+ = [^"/]*\d\.(\d+)\D*$', "float literal in a let")
        self.edit_line, self.edit_col = ln, m.end(1) - 1
        digit = int(lines[ln][self.edit_col])
        self.edit_digits = (str(digit), str(digit + 1 if digit < 9 else digit - 1))

        # Completion: inside `let v = task(arg: name)`, after the first letter of name.
        ln, m = pick(r"\s+let \w+ = (\w+)\((\w+): ([a-z_]\w+)\)\s*$", "one-argument call with a name as value")
        self.complete_line, self.complete_col, self.complete_word = ln, m.start(3) + 1, m.group(3)

        # Hover, definition, references, signature help: a task call's name.
        task_uses = lambda name: sum(len(re.findall(r"\b%s\(" % name, l)) for l in code)
        ln, m = pick(r"\s+let \w+ = (\w+)\(", "task call in a let",
                     valid=lambda m: m.group(1) in tasks and task_uses(m.group(1)) >= 3)
        self.call_line, self.call_name = ln, m.group(1)
        self.call_col = m.start(1) + len(m.group(1)) // 2
        self.call_paren = m.end(1) + 1  # just after '('
        self.call_task_line = tasks[self.call_name]
        self.call_task_uses = task_uses(self.call_name)

        # Rename: the workflow's `let` used most often in the body. A use is the
        # name outside comments and string text, not after '.' (a field) nor
        # before ':' (an argument's or a field's label).
        best = None
        for ln in body:
            m = re.match(r"\s+let (\w+) =", lines[ln])
            if m:
                use = r"(?<![.\w])%s\b(?!\s*:)" % m.group(1)
                uses = sum(len(re.findall(use, code[j])) for j in body)
                key = (uses, -near(ln))
                if best is None or key > best[0]:
                    best = (key, ln, m)
        if best is None:
            raise BenchError("no let in workflow %s" % self.workflow)
        (uses, _), ln, m = best
        self.rename_line, self.rename_col, self.rename_name = ln, m.start(1), m.group(1)
        self.rename_uses = uses  # occurrences in the body, the declaration included


# --------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------


def percentile(sorted_values, p):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


class Row:
    def __init__(self, name, target=None):
        self.name, self.target = name, target
        self.times, self.errors, self.sizes, self.cpu = [], [], [], []
        self.status = None  # "not supported", or a reason it was not measured

    def add_cpu(self, before, after):
        if before is not None and after is not None:
            self.cpu.append(after - before)

    def cells(self):
        t = sorted(self.times)
        ms = lambda v: "-" if v is None else "%.1f" % v
        target = "-" if self.target is None else "< %g" % self.target
        if self.status:
            verdict = self.status
        elif not t:
            verdict = "error" if self.errors else "-"
        elif self.target is None:
            verdict = "-"
        else:
            verdict = "met" if percentile(t, 95) < self.target else "MISSED"
        if self.errors and t:
            verdict += " (%d errors)" % len(self.errors)
        size = percentile(sorted(self.sizes), 50)
        size = "-" if size is None else "%.1f" % (size / 1000.0)
        cpu = percentile(sorted(self.cpu), 50) if t else None
        return [self.name, len(t), ms(percentile(t, 50)), ms(percentile(t, 95)), ms(t[-1] if t else None),
                ms(cpu), size, target, verdict]


class Notes:
    """Things that looked wrong, each said once with how often it happened."""

    def __init__(self):
        self.counts = {}

    def add(self, text):
        self.counts[text] = self.counts.get(text, 0) + 1

    def lines(self):
        return [("%d x " % n if n > 1 else "") + text for text, n in self.counts.items()]


class Session:
    """One server with the document open, and the measurements made on it."""

    def __init__(self, server, doc, sites, notes, debounce_ms):
        self.server, self.doc, self.sites, self.notes = server, doc, sites, notes
        self.debounce_ms = debounce_ms
        self.edit_state = 0  # which of the two digits the edit site holds
        self.typed = True  # whether the completion word is whole (see complete_after_edit)
        self.full_sync = False  # the server wants the whole text in each didChange

    def open(self, root):
        init = self.server.request("initialize", initialize_params(root))
        if init.error:
            raise self.server.failure("initialize failed: %s" % init.describe_error())
        caps = (init.result or {}).get("capabilities", {})
        sync = caps.get("textDocumentSync")
        change = sync.get("change") if isinstance(sync, dict) else sync
        self.full_sync = change == 1
        if change != 2:
            self.notes.add("%s: textDocumentSync.change is %r, not 2 (incremental)%s"
                           % (self.server.name, change, "; edits are sent as the whole text" if self.full_sync else ""))
        self.server.notify("initialized", {})
        sent = self.server.notify("textDocument/didOpen", {"textDocument": {
            "uri": self.doc.uri, "languageId": "flyte", "version": self.doc.version, "text": self.doc.text()}})
        msg, ms = self.wait_diagnostics(sent, self.doc.version)
        count = len(msg["params"].get("diagnostics", []))
        if count:
            self.notes.add("%s: %d diagnostics on the generated module after didOpen (expected none): %s"
                           % (self.server.name, count, msg["params"]["diagnostics"][0].get("message")))
        return ms

    def change(self, params):
        """Sends a didChange made by Document.replace (the whole text if the server wants it)."""
        if self.full_sync:
            params["contentChanges"] = [{"text": self.doc.text()}]
        return self.server.notify("textDocument/didChange", params)

    def wait_diagnostics(self, sent, version):
        """Waits for the publishDiagnostics of `version`; returns (message, ms since sent)."""
        uri = self.doc.uri

        def accept(msg):
            if msg.get("method") != "textDocument/publishDiagnostics":
                return False
            p = msg.get("params", {})
            if p.get("uri") != uri:
                return False
            v = p.get("version")
            if v is None:
                self.notes.add("%s: publishDiagnostics without a version" % self.server.name)
                return True
            return v >= version

        msg, arrived = self.server.wait_notification(
            accept, "publishDiagnostics for version %d" % version, sent)
        v = msg["params"].get("version")
        if v is not None and v != version:
            self.notes.add("%s: publishDiagnostics for version %s while waiting for %d" % (self.server.name, v, version))
        return msg, (arrived - sent) * 1000.0

    # -------------------------------------------------------------- edits

    def toggle_digit(self):
        """The one-character edit: the digit at the edit site, alternately changed and restored."""
        s = self.sites
        self.edit_state ^= 1
        return self.doc.replace(s.edit_line, s.edit_col, s.edit_col + 1, s.edit_digits[self.edit_state])

    def diagnostics_after_edit(self, rows):
        """One edit, timed until its diagnostics. rows: (time, time minus the
        debounce) or (time,) for a server without debounce."""
        cpu_before = self.server.cpu_ms()
        sent = self.change(self.toggle_digit())
        msg, ms = self.wait_diagnostics(sent, self.doc.version)
        cpu_after = self.server.cpu_ms()
        count = len(msg["params"].get("diagnostics", []))
        if count:
            self.notes.add("%s: %d diagnostics after the one-digit edit (expected none): %s"
                           % (self.server.name, count, msg["params"]["diagnostics"][0].get("message")))
        rows[0].times.append(ms)
        if len(rows) > 1:
            rows[1].times.append(ms - self.debounce_ms)
        for r in rows:
            r.add_cpu(cpu_before, cpu_after)

    def restore(self):
        """Undoes the edits still in effect, so the file is as generated again."""
        s = self.sites
        if self.edit_state:
            sent = self.change(self.toggle_digit())
            self.wait_diagnostics(sent, self.doc.version)
        if not self.typed:
            sent = self.change(self.doc.replace(
                s.complete_line, s.complete_col, s.complete_col, s.complete_word[1]))
            self.typed = True
            self.wait_diagnostics(sent, self.doc.version)

    # ------------------------------------------------------------ requests

    def measure(self, row, method, params, iterations, check=None):
        """Warm-up request, then `iterations` timed ones; check(result) may add a note."""
        if not self.supported(row, method, params, check):
            return
        for _ in range(iterations):
            self.timed(row, method, params, check)

    def supported(self, row, method, params, check=None):
        first = self.server.request(method, params)
        if first.not_supported():
            row.status = "not supported"
            return False
        if first.error:
            self.notes.add("%s: %s -> %s" % (self.server.name, method, first.describe_error()))
        elif check:
            check(first.result)
        return True

    def timed(self, row, method, params, check=None, cpu_before=None):
        """One timed request; the server's CPU time is charged from cpu_before
        (e.g. taken before a didChange the request follows) or from the request."""
        if cpu_before is None:
            cpu_before = self.server.cpu_ms()
        reply = self.server.request(method, params)
        row.add_cpu(cpu_before, self.server.cpu_ms())
        if reply.error:
            row.errors.append(reply.error)
            self.notes.add("%s: %s -> %s" % (self.server.name, method, reply.describe_error()))
        else:
            row.times.append(reply.ms)
            row.sizes.append(reply.size)
            if check:
                check(reply.result)
        return reply

    def completion_params(self, col):
        s = self.sites
        return {"textDocument": self.doc.ident(), "position": self.doc.position(s.complete_line, col),
                "context": {"triggerKind": 1}}

    def check_completion(self, prefix):
        word, name = self.sites.complete_word, self.server.name

        def check(result):
            items = result.get("items", []) if isinstance(result, dict) else (result or [])
            labels = {i.get("label") for i in items}
            if word not in labels:
                self.notes.add("%s: completion after '%s' does not offer '%s' (%d items)"
                               % (name, prefix, word, len(items)))
        return check

    def completion(self, row, iterations):
        s = self.sites
        self.measure(row, "textDocument/completion", self.completion_params(s.complete_col), iterations,
                     self.check_completion(s.complete_word[:1]))

    def complete_after_edit(self, row):
        """Backspace over the completion word's second letter and complete; the next
        time type it again and complete. The request follows the didChange at once;
        the edit's diagnostics are awaited after the reply so that every iteration
        starts from a quiet server. Call supported() first."""
        s = self.sites
        if self.typed:
            params = self.doc.replace(s.complete_line, s.complete_col, s.complete_col + 1, "")
            col = s.complete_col
        else:
            params = self.doc.replace(s.complete_line, s.complete_col, s.complete_col, s.complete_word[1])
            col = s.complete_col + 1
        self.typed = not self.typed
        cpu_before = self.server.cpu_ms()
        sent = self.change(params)
        prefix = s.complete_word[:col - s.complete_col + 1]
        self.timed(row, "textDocument/completion", self.completion_params(col), self.check_completion(prefix),
                   cpu_before)
        self.wait_diagnostics(sent, self.doc.version)


def initialize_params(root):
    return {
        "processId": os.getpid(),
        "clientInfo": {"name": "lsp_bench.py"},
        "rootUri": Path(root).as_uri(),
        "rootPath": root,
        "workspaceFolders": [{"uri": Path(root).as_uri(), "name": os.path.basename(root)}],
        "capabilities": {
            "general": {"positionEncodings": ["utf-16"]},
            "textDocument": {
                "synchronization": {"dynamicRegistration": False, "didSave": False},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "completion": {"completionItem": {"snippetSupport": False}, "contextSupport": True},
                "signatureHelp": {"signatureInformation": {"documentationFormat": ["markdown", "plaintext"]}},
                "definition": {"linkSupport": False},
                "rename": {"prepareSupport": True},
                "documentSymbol": {"hierarchicalDocumentSymbolSupport": True},
                "publishDiagnostics": {"versionSupport": True},
                "semanticTokens": {"requests": {"full": True}, "tokenTypes": [], "tokenModifiers": [],
                                   "formats": ["relative"]},
            },
            "window": {"workDoneProgress": False},
        },
    }


# --------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------


def wait_for_binary(path, patience):
    """The build directory may be rebuilt while we run: wait for the binary."""
    deadline = time.monotonic() + patience
    while not (os.path.isfile(path) and os.access(path, os.X_OK)):
        if time.monotonic() > deadline:
            raise BenchError("%s not found (build flyte-lsp first, or pass --server)" % path)
        time.sleep(1.0)


def flytec_check(flytec, path):
    """The number of diagnostics `flytec check` prints for path (None if there is no flytec)."""
    if not (os.path.isfile(flytec) and os.access(flytec, os.X_OK)):
        return None
    proc = subprocess.run([flytec, "check", "--diagnostics=json", "--color=never", path],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    diags = [l for l in (proc.stdout + proc.stderr).splitlines() if l.startswith("{")]
    if proc.returncode not in (0, 1, 2) or (proc.returncode != 0 and not diags):
        raise BenchError("`%s check %s` exited %d:\n%s" % (flytec, path, proc.returncode, proc.stderr[-2000:]))
    return len(diags)


def start_server(args, debounce, name, workdir):
    wait_for_binary(args.server, args.wait)
    argv = [args.server, "--debounce-ms=%d" % debounce]
    if args.server_log:
        argv.append("--log=%s" % args.server_log)
    return LspServer(argv, name, args.timeout, workdir)


def run(args, workdir, servers):
    wait_for_binary(args.server, args.wait)
    path = os.path.join(workdir, "bench.flyte")
    subprocess.run([sys.executable, os.path.join(HERE, "gen_module.py"), "--lines", str(args.lines),
                    "--seed", str(args.seed), "-o", path], check=True)
    if args.keep:
        shutil.copyfile(path, args.keep)
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    doc = Document(path, text)
    sites = Sites(text)
    diag_count = flytec_check(args.flytec, path)

    print("server:  %s (built %s)" % (args.server, time.strftime(
        "%Y-%m-%d %H:%M:%S", time.localtime(os.path.getmtime(args.server)))))
    print("module:  %d lines, %d bytes (gen_module.py --lines %d --seed %d)%s"
          % (len(doc.lines) - (1 if text.endswith("\n") else 0), len(text.encode("utf-8")), args.lines, args.seed,
             "" if not args.keep else ", kept as " + args.keep))
    print("check:   %s" % ("no flytec at %s" % args.flytec if diag_count is None
                           else "flytec check: %d diagnostics" % diag_count))
    print("sites:   workflow %s; edit line %d, completion after '%s' line %d, hover/definition/references "
          "'%s' line %d, rename '%s' (%d uses)"
          % (sites.workflow, sites.edit_line + 1, sites.complete_word[:1], sites.complete_line + 1,
             sites.call_name, sites.call_line + 1, sites.rename_name, sites.rename_uses))
    print("load:    %s at start; %d iterations per operation" % (load(), args.iterations))
    print()

    notes = Notes()
    if diag_count:
        notes.add("flytec check reports %d diagnostics on the generated module (expected none)" % diag_count)
    n = args.iterations
    d = args.debounce_ms
    rows = []

    def row(name, target=None):
        rows.append(Row(name, target))
        return rows[-1]

    # The server as an editor starts it (the default or given debounce) and,
    # unless that is 0 already, one without debounce: edit to diagnostics is
    # then the check itself. Their edit loops alternate, so that a burst of
    # load on the machine hits both alike.
    main = start_server(args, d, "flyte-lsp", workdir)
    servers.append(main)
    s = Session(main, doc, sites, notes, d)
    sessions = [s]
    if d > 0:
        zero = start_server(args, 0, "flyte-lsp (debounce 0)", workdir)
        servers.append(zero)
        sessions.append(Session(zero, Document(path, text), sites, notes, 0))

    for x in sessions:
        r = row("didOpen to diagnostics (debounce %d)" % x.debounce_ms)
        r.times.append(x.open(workdir))
        r.add_cpu(0.0, x.server.cpu_ms())  # since the server started

    diag = {}
    for x in sessions:
        if x.debounce_ms > 0:
            diag[x] = (row("diagnostics after edit (debounce %d)" % x.debounce_ms),
                       row("diagnostics after edit, minus the %d ms" % x.debounce_ms, TARGET_DIAGNOSTICS_MS))
        else:
            diag[x] = (row("diagnostics after edit (debounce 0)", TARGET_DIAGNOSTICS_MS),)
    for _ in range(n):
        for x in sessions:
            x.diagnostics_after_edit(diag[x])

    s.completion(row("completion", TARGET_INTERACTIVE_MS), n)
    after_edit = {}
    for x in sessions:
        r = row("completion after edit" + (" (debounce 0)" if x.debounce_ms == 0 and d > 0 else ""),
                TARGET_INTERACTIVE_MS)
        if x.supported(r, "textDocument/completion", x.completion_params(sites.complete_col)):
            after_edit[x] = r
    for _ in range(n if after_edit else 0):
        for x, r in after_edit.items():
            x.complete_after_edit(r)
    for x in sessions:
        x.restore()

    at_call = {"textDocument": doc.ident(), "position": doc.position(sites.call_line, sites.call_col)}

    def check_hover(result):
        value = (result or {}).get("contents", {})
        value = value.get("value", "") if isinstance(value, dict) else str(value)
        if result is None:
            notes.add("flyte-lsp: hover over '%s' returned null" % sites.call_name)
        elif sites.call_name not in value:
            notes.add("flyte-lsp: hover over '%s' does not name it: %r" % (sites.call_name, value[:80]))

    s.measure(row("hover", TARGET_INTERACTIVE_MS), "textDocument/hover", at_call, n, check_hover)

    at_let = {"textDocument": doc.ident(), "position": doc.position(sites.rename_line, sites.rename_col)}

    def check_rename(result):
        edits = sum(len(e) for e in ((result or {}).get("changes") or {}).values())
        for dc in (result or {}).get("documentChanges") or []:
            edits += len(dc.get("edits", []))
        if edits != sites.rename_uses:
            notes.add("flyte-lsp: rename of '%s' edits %d places; the workflow body has %d occurrences"
                      % (sites.rename_name, edits, sites.rename_uses))

    s.measure(row("prepareRename"), "textDocument/prepareRename", at_let, n)
    s.measure(row("rename"), "textDocument/rename", dict(at_let, newName=sites.rename_name + "_renamed"), n,
              check_rename)

    def check_definition(result):
        locs = result if isinstance(result, list) else [result] if result else []
        lines = [(l.get("targetRange") or l.get("range", {})).get("start", {}).get("line") for l in locs]
        if sites.call_task_line not in lines:
            notes.add("flyte-lsp: definition of '%s' gives lines %s, not %d"
                      % (sites.call_name, [x + 1 for x in lines if x is not None], sites.call_task_line + 1))

    def check_references(result):
        if len(result or []) < sites.call_task_uses:
            notes.add("flyte-lsp: references of '%s': %d locations, fewer than its %d calls"
                      % (sites.call_name, len(result or []), sites.call_task_uses))

    s.measure(row("definition"), "textDocument/definition", at_call, n, check_definition)
    s.measure(row("references"), "textDocument/references",
              dict(at_call, context={"includeDeclaration": True}), n, check_references)
    s.measure(row("signatureHelp"), "textDocument/signatureHelp",
              {"textDocument": doc.ident(), "position": doc.position(sites.call_line, sites.call_paren)}, n)
    s.measure(row("documentSymbol"), "textDocument/documentSymbol", {"textDocument": doc.ident()}, n)
    s.measure(row("semanticTokens/full"), "textDocument/semanticTokens/full", {"textDocument": doc.ident()}, n)
    s.measure(row("formatting"), "textDocument/formatting",
              {"textDocument": doc.ident(), "options": {"tabSize": 2, "insertSpaces": True}}, n)

    peaks = [("flyte-lsp --debounce-ms=%d" % x.debounce_ms, x.server.peak_rss_kb()) for x in sessions]
    for x in sessions:
        finish(x.server, notes)

    print_table(["operation", "n", "p50 ms", "p95 ms", "max ms", "cpu p50", "reply kB", "target p95", "result"],
                [r.cells() for r in rows])
    print()
    for name, kb in peaks:
        print("peak RSS (VmHWM) of %s: %s" % (name, "unknown" if kb is None else "%.1f MB" % (kb / 1024.0)))
    if d > 0:
        print("The diagnostics target is for the check itself: the debounce-0 row (and the row minus the debounce).")
    print("load:    %s at end" % load())
    if notes.counts:
        print()
        print("Looked wrong:")
        for line in notes.lines():
            print("  - " + line)
    return 0


def finish(server, notes):
    """Shuts a server down; notes an unclean exit and errors it logged."""
    status = server.shutdown()
    if status is None:
        notes.add("%s did not exit within %g s of 'exit'; killed" % (server.name, server.timeout))
    elif status != 0:
        notes.add("%s exited with status %d after shutdown/exit" % (server.name, status))
    errors = server.error_log_lines()
    if errors:
        notes.add("%s logged %d errors, the first: %s" % (server.name, len(errors), errors[0]))


def load():
    try:
        return "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "?"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", default=os.path.join(REPO, "build", "bin", "flyte-lsp"),
                    help="the flyte-lsp binary (default build/bin/flyte-lsp)")
    ap.add_argument("--flytec", default=os.path.join(REPO, "build", "bin", "flytec"),
                    help="flytec, to check the generated module (default build/bin/flytec; skipped if missing)")
    ap.add_argument("--lines", type=int, default=5000, help="size of the generated module (default 5000)")
    ap.add_argument("--iterations", type=int, default=100, help="timed requests per operation (default 100)")
    ap.add_argument("--debounce-ms", type=int, default=50,
                    help="--debounce-ms of the main server (default 50, the server's default); "
                         "a second server runs with 0")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for any reply (default 10)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--keep", metavar="FILE", help="also copy the generated module to FILE")
    ap.add_argument("--server-log", choices=["error", "info", "verbose"],
                    help="the servers' --log level (default: theirs); their stderr goes to a file")
    ap.add_argument("--wait", type=float, default=120.0,
                    help="seconds to wait for a missing server binary (being rebuilt; default 120)")
    args = ap.parse_args(argv)
    if args.iterations < 1 or args.lines < 1 or args.debounce_ms < 0:
        ap.error("--iterations and --lines must be positive, --debounce-ms not negative")
    args.server = os.path.abspath(args.server)

    servers = []
    with tempfile.TemporaryDirectory(prefix="lsp_bench.") as workdir:
        try:
            return run(args, workdir, servers)
        except BenchError as e:
            print("lsp_bench: %s" % e, file=sys.stderr)
            return 1
        except subprocess.CalledProcessError as e:
            print("lsp_bench: %s" % e, file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("lsp_bench: interrupted", file=sys.stderr)
            return 130
        finally:
            for server in servers:
                server.kill()


if __name__ == "__main__":
    sys.exit(main())
