"""The python plugin's side of a task attempt (LANGUAGE.md §5.2).

flytec embeds this file and runs `python3 flytec_task.py TASK.json` in the
attempt's work directory. TASK.json (written by runtime/plugins/PythonPlugin.cpp)
holds the inputs as IR values with their types ("shapes"), the outputs'
shapes and paths, and what to run. Inputs become natural Python values —
enum -> its member name, file and dir -> path, dataframe -> CSV path, record
-> an object with attributes, datetime -> datetime, duration -> timedelta —
and are handed to the script as variables (or to `function` as keyword
arguments), never as source text. The script sets `outputs.x = value` (or
writes a file at `outputs.path("x")`); the outputs are converted back to IR
values and written to the result file, where the plugin checks them
against their types. On failure the reason goes to the error file (and the
traceback to stderr) and the exit status is 1.
"""

import csv
import datetime
import importlib.util
import json
import os
import runpy
import sys
import traceback

# User code that does `import flytec_task` gets this module, not a copy.
sys.modules.setdefault("flytec_task", sys.modules[__name__])


class TaskError(Exception):
    """A mistake in what the task produced; reported without a traceback."""


class Record:
    """A record value: fields as attributes (`r.rows`), in declaration order."""

    def __init__(self, **fields):
        self.__dict__.update(fields)

    def __repr__(self):
        inner = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"Record({inner})"

    def __eq__(self, other):
        return isinstance(other, Record) and self.__dict__ == other.__dict__


class Outputs:
    """`outputs.x = value` sets output x; `outputs.path("x")` gives the path to write file output x to."""

    def __init__(self, specs):
        object.__setattr__(self, "_specs", specs)
        object.__setattr__(self, "_values", {})

    def __setattr__(self, name, value):
        if name not in self._specs:
            known = ", ".join(sorted(self._specs)) or "none"
            raise TaskError(f"the task has no output '{name}' (its outputs: {known})")
        self._values[name] = value

    def __getattr__(self, name):
        values = object.__getattribute__(self, "_values")
        if name in values:
            return values[name]
        raise AttributeError(f"output '{name}' has not been set")

    def path(self, name):
        if name not in self._specs:
            raise TaskError(f"outputs.path('{name}'): the task has no output '{name}'")
        return self._specs[name]["path"]


class Dir:
    """`checkpoint.dir` and `deck.dir`."""

    def __init__(self, path):
        self.dir = path

    def __fspath__(self):
        return self.dir

    def __str__(self):
        return self.dir


outputs = None
checkpoint = None
deck = None
_records = {}

_PATHS = ("file", "dir", "dataframe")
_TEXT = ("string", "enum") + _PATHS


# ---------------------------------------------------------------- inputs


def _parse_datetime(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _parse_duration(text):
    return datetime.timedelta(seconds=float(text[:-1]))


def _fits(value, shape):
    """Whether a JSON value can be of this shape (to pick a union member)."""
    kind = shape["kind"]
    if value is None:
        return kind == "none"
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind in _TEXT or kind in ("datetime", "duration"):
        return isinstance(value, str)
    if kind == "list":
        return isinstance(value, list)
    if kind in ("map", "record"):
        return isinstance(value, dict)
    return kind == "json"


def to_python(value, shape):
    kind = shape["kind"]
    if value is None:
        return None
    if kind == "float":
        return float(value)
    if kind == "datetime":
        return _parse_datetime(value)
    if kind == "duration":
        return _parse_duration(value)
    if kind == "list":
        return [to_python(v, shape["element"]) for v in value]
    if kind == "map":
        return {k: to_python(v, shape["element"]) for k, v in value.items()}
    if kind == "record":
        fields = _records[shape["name"]]
        return Record(**{f["name"]: to_python(value.get(f["name"]), f["shape"]) for f in fields})
    if kind == "union":
        for member in shape["members"]:
            if _fits(value, member):
                return to_python(value, member)
    return value


# --------------------------------------------------------------- outputs


def _type_error(where, shape, value):
    return TaskError(f"{where}: expected {shape['type']}, got {type(value).__name__} {value!r:.80}")


def _duration_text(td):
    millis = round(td / datetime.timedelta(milliseconds=1))
    if millis % 1000 == 0:
        return f"{millis // 1000}s"
    sign = "-" if millis < 0 else ""
    return f"{sign}{abs(millis) // 1000}.{abs(millis) % 1000:03d}s"


def _datetime_text(dt):
    if dt.tzinfo is not None:
        dt = dt.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    millis = dt.microsecond // 1000
    text = dt.strftime("%Y-%m-%dT%H:%M:%S")
    return text + (f".{millis:03d}Z" if millis else "Z")


def _write_dataframe(value, path):
    """A dataframe output given as an object with to_csv (pandas), or rows of dicts."""
    if hasattr(value, "to_csv"):
        value.to_csv(path, index=False)
        return path
    if isinstance(value, list) and all(isinstance(r, dict) for r in value):
        names = []
        for row in value:
            names += [k for k in row if k not in names]
        with open(path, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=names)
            writer.writeheader()
            writer.writerows(value)
        return path
    return None


def from_python(value, shape, where, path=None):
    kind = shape["kind"]
    if value is None:
        if kind in ("none", "json") or (kind == "union" and any(m["kind"] == "none" for m in shape["members"])):
            return None
        raise _type_error(where, shape, value)
    if kind == "union":
        for member in shape["members"]:
            try:
                return from_python(value, member, where, path)
            except TaskError:
                pass
        raise _type_error(where, shape, value)
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "string" and isinstance(value, str):
        return value
    if kind == "enum":
        name = getattr(value, "name", value)  # a Python Enum member gives its name
        if isinstance(name, str):
            return name
    if kind == "datetime":
        if isinstance(value, datetime.datetime):
            return _datetime_text(value)
        if isinstance(value, str):
            return value
    if kind == "duration":
        if isinstance(value, datetime.timedelta):
            return _duration_text(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _duration_text(datetime.timedelta(seconds=value))
        if isinstance(value, str):
            return value
    if kind == "json":
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as e:
            raise TaskError(f"{where}: not JSON: {e}")
        return value
    if kind in _PATHS:
        if kind == "dataframe" and path is not None:
            written = _write_dataframe(value, path)
            if written:
                return os.path.abspath(written)
        if isinstance(value, (str, os.PathLike)):
            return os.path.abspath(os.fspath(value))
    if kind == "list" and isinstance(value, (list, tuple)):
        return [from_python(v, shape["element"], f"{where}[{i}]") for i, v in enumerate(value)]
    if kind == "map" and isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise TaskError(f"{where}: map keys must be strings, got {k!r}")
            out[k] = from_python(v, shape["element"], f"{where}[{k!r}]")
        return out
    if kind == "record":
        fields = _records[shape["name"]]
        out = {}
        for f in fields:
            name = f["name"]
            if isinstance(value, dict):
                present, v = name in value, value.get(name)
            else:
                present, v = hasattr(value, name), getattr(value, name, None)
            if not present and "default" in f:
                out[name] = f["default"]
            elif not present and f["shape"]["kind"] != "union":
                raise TaskError(f"{where}: field '{name}' is missing")
            else:
                out[name] = from_python(v, f["shape"], f"{where}.{name}")
        return out
    raise _type_error(where, shape, value)


# ------------------------------------------------------------------ main


def _set_from_return(result, names):
    """`function`'s return value: the one output, or a tuple in declaration order, or a dict by name."""
    if result is None:
        return
    if isinstance(result, dict) and len(names) != 1:
        for k, v in result.items():
            setattr(outputs, k, v)
    elif len(names) == 1:
        setattr(outputs, names[0], result)
    elif isinstance(result, tuple) and len(result) == len(names):
        for k, v in zip(names, result):
            setattr(outputs, k, v)
    else:
        raise TaskError(
            f"the function returned {type(result).__name__}; with {len(names)} outputs return a tuple "
            f"({', '.join(names)}) or a dict, or set outputs.x")


def _run(task):
    global outputs, checkpoint, deck, _records
    _records = task["records"]
    outputs = Outputs(task["outputs"])
    checkpoint = Dir(task["checkpoint"])
    deck = Dir(task["deck"])
    inputs = {name: to_python(v, task["input_shapes"][name]) for name, v in task["inputs"].items()}
    ours = {"outputs": outputs, "checkpoint": checkpoint, "deck": deck}
    try:
        _call(task, inputs, ours)
    except SystemExit as e:  # exit(0) after setting the outputs is a success
        if e.code not in (None, 0):
            raise
    _write_result(task)


def _call(task, inputs, ours):
    if task.get("script") is not None:
        with open(task["script"]) as f:
            code = compile(f.read(), task["task"], "exec")
        exec(code, {"__name__": "__main__", **inputs, **ours})
    else:
        path = task["file"]
        sys.path.insert(0, os.path.dirname(path))
        if task.get("function"):
            spec = importlib.util.spec_from_file_location("flytec_user_module", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            fn = getattr(module, task["function"], None)
            if not callable(fn):
                raise TaskError(f"{path} has no function '{task['function']}'")
            # task["outputs"] is a JSON object, whose keys come sorted: the order is separate.
            _set_from_return(fn(**inputs), task.get("output_order", list(task["outputs"])))
        else:
            runpy.run_path(path, init_globals={**inputs, **ours}, run_name="__main__")


def _write_result(task):
    values = object.__getattribute__(outputs, "_values")
    result = {}
    for name, spec in task["outputs"].items():
        shape = spec["shape"]
        if name in values:
            result[name] = from_python(values[name], shape, f"output '{name}'", spec["path"])
        elif os.path.exists(spec["path"]):
            result[name] = os.path.abspath(spec["path"])
        elif shape["kind"] == "union" and any(m["kind"] == "none" for m in shape["members"]):
            result[name] = None
        else:
            raise TaskError(f"output '{name}' ({shape['type']}) was never set: assign outputs.{name} = ...")
    with open(task["result"], "w") as f:
        json.dump(result, f, allow_nan=False)


def main():
    with open(sys.argv[1]) as f:
        task = json.load(f)
    try:
        _run(task)
    except TaskError as e:
        message = str(e)
    except BaseException as e:  # the task's own exception, SystemExit(n) included
        traceback.print_exc()
        message = f"the script raised {type(e).__name__}: {e}"
    else:
        return 0
    with open(task["error"], "w") as f:
        f.write(message)
    print(message, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
