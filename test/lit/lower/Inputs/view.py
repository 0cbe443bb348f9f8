#!/usr/bin/env python3
"""A compact, line-oriented view of flytec's IR for FileCheck.

Reads the JSON IR (`flytec compile --emit=ir`) on stdin and prints one line
per entity and per node, recursing into branch cases and map bodies with
two more spaces of indentation:

  module hello hello.flyte
  type shop.Region enum [US, EU]
  type shop.Stats record {rows: int, label: string? = null}
  task hello.greet shell inputs=[name: string] outputs=[greeting: string]
    config {"database": ...}
    settings {...}
    cache version=1 serialize=false ignore=[]
    script "printf " <<name>> " > " <<outputs.greeting>>
  launchplan shop.nightly for shop.daily fixed={...} defaults={...}
  workflow hello.hello inputs=[name: string = "World"] outputs=[greeting: string <- node g.greeting]
    node g task hello.greet inputs=[name: string <- input name] outputs=[greeting: string]
    node b branch inputs=[...] outputs=[...]
      case $x > 0
        graph inputs=[x: int] outputs=[value: int <- node f.y]
        node f task ...
      else
        ...
    node m map iterate=r inputs=[r: list[string] <- input regions] outputs=[total: list[float]]
      body inputs=[r: string] outputs=[total: float <- node t.total]
      node t task ...

Script text is JSON-quoted and placeholders print as <<name>> (FileCheck
reads `{{` as the start of a regex). Config values are compact JSON.
Expressions print as source-like text: `$name` reads an input of the node,
constants are compact JSON (`"a"`, `[1,2]`, `null`), `cond(c, a, b)` is a
pure `if`, `format("a", $x)` an interpolated string. `--types` appends the
type of every sub-expression (`($a:int + 1:int):int`).

Options: `-w NAME` prints only the workflow NAME (qualified); `--loc`
adds each node's source location.
"""
import json
import sys

args = sys.argv[1:]
only_workflow = None
show_types = "--types" in args
show_loc = "--loc" in args
if "-w" in args:
    only_workflow = args[args.index("-w") + 1]


def ty(t):
    if isinstance(t, str):
        return t
    (k, v), = t.items()
    if k == "file":
        return "file[%s]" % v
    if k == "list":
        return "list[%s]" % ty(v)
    if k == "map":
        return "map[string, %s]" % ty(v)
    if k == "union":
        if len(v) == 2 and v[1] == "none":
            return ty(v[0]) + "?"
        return " | ".join(ty(m) for m in v)
    if k == "dataframe":
        return "dataframe[%s]" % ", ".join("%s: %s" % (c["name"], ty(c["type"])) for c in v)
    if k in ("record", "enum"):
        return v
    return json.dumps(t)


def val(v):
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def param(p):
    s = "%s: %s" % (p["name"], ty(p["type"]))
    if "default" in p:
        s += " = " + val(p["default"])
    return s


def binding(b):
    if "value" in b:
        return "const " + val(b["value"])
    if "input" in b:
        return "input " + b["input"]
    return "node %s.%s" % (b["node"], b["output"])


def port(p):
    return "%s: %s <- %s" % (p["name"], ty(p["type"]), binding(p["from"]))


def lst(items, f):
    return "[" + ", ".join(f(i) for i in items) + "]"


def expr(e):
    op = e["op"]
    a = [expr(x) for x in e.get("args", [])]
    if op == "const":
        s = val(e["value"])
    elif op == "input":
        s = "$" + e["name"]
    elif op == "field":
        s = "%s.%s" % (a[0], e["name"])
    elif op == "index":
        s = "%s[%s]" % (a[0], a[1])
    elif op == "list":
        s = "[" + ", ".join(a) + "]"
    elif op == "map":
        s = "{" + ", ".join("%s: %s" % (a[i], a[i + 1]) for i in range(0, len(a), 2)) + "}"
    elif op == "record":
        s = "%s{%s}" % (e["name"], ", ".join("%s: %s" % (n, x) for n, x in zip(e["names"], a)))
    elif op == "unary":
        s = ("not %s" if e["name"] == "not" else "-%s") % a[0]
    elif op == "binary":
        s = "(%s %s %s)" % (a[0], e["name"], a[1])
    elif op == "call":
        s = "%s(%s)" % (e["name"], ", ".join(a))
    elif op == "format":
        s = "format(%s)" % ", ".join(a)
    elif op == "cond":
        s = "cond(%s)" % ", ".join(a)
    else:
        s = "%s?(%s)" % (op, ", ".join(a))
    if show_types:
        s += ":" + ty(e["type"])
    return s


def settings(s):
    return val(s)


def graph_header(word, g, indent):
    print("%s%s inputs=%s outputs=%s" % (indent, word, lst(g.get("inputs", []), param),
                                          lst(g.get("outputs", []), port)))


def nodes(ns, indent):
    for n in ns:
        parts = ["node", n["id"], n["kind"]]
        if "target" in n:
            parts.append(n["target"])
        if n.get("launch_plan"):
            parts.append("launch_plan")
        if "iterate" in n:
            parts.append("iterate=" + n["iterate"])
        parts.append("inputs=" + lst(n.get("inputs", []), port))
        parts.append("outputs=" + lst(n.get("outputs", []), param))
        if n.get("after"):
            parts.append("after=[%s]" % ", ".join(n["after"]))
        if "settings" in n:
            parts.append("settings=" + settings(n["settings"]))
        if show_loc and "loc" in n:
            parts.append("loc=" + n["loc"])
        print(indent + " ".join(parts))
        inner = indent + "  "
        if "expr" in n:
            print(inner + "expr " + expr(n["expr"]))
        for c in n.get("cases", []):
            if "when" in c:
                print(inner + "case " + expr(c["when"]))
            else:
                print(inner + "else")
            graph_header("graph", c["graph"], inner + "  ")
            nodes(c["graph"].get("nodes", []), inner + "  ")
        if "body" in n:
            graph_header("body", n["body"], inner)
            nodes(n["body"].get("nodes", []), inner)


def main():
    ir = json.load(sys.stdin)
    if only_workflow is None:
        for m in ir.get("modules", []):
            print("module %s %s" % (m["name"], m["file"]))
        for name, t in sorted(ir.get("types", {}).items()):
            if t["kind"] == "enum":
                print("type %s enum [%s]" % (name, ", ".join(t["members"])))
            else:
                print("type %s record {%s}" % (name, ", ".join(param(f) for f in t["fields"])))
        for name, t in sorted(ir.get("tasks", {}).items()):
            line = "task %s %s" % (name, t["plugin"])
            if "builtin" in t:
                line += " builtin=" + t["builtin"]
            line += " inputs=%s outputs=%s" % (lst(t["inputs"], param), lst(t["outputs"], param))
            print(line)
            if t.get("config"):
                print("  config " + val(t["config"]))
            if "settings" in t:
                print("  settings " + settings(t["settings"]))
            if "cache" in t:
                c = t["cache"]
                print("  cache version=%s serialize=%s ignore=[%s]" % (
                    val(c["version"]), val(c["serialize"]), ", ".join(c["ignore"])))
            if "pool" in t:
                print("  pool " + t["pool"])
            if "script" in t:
                print("  script " + " ".join(
                    "<<%s>>" % p["placeholder"] if isinstance(p, dict) else val(p) for p in t["script"]))
        for name, lp in sorted(ir.get("launch_plans", {}).items()):
            line = "launchplan %s for %s fixed=%s defaults=%s" % (
                name, lp["workflow"], val(lp["fixed"]), val(lp["defaults"]))
            if "schedule" in lp:
                line += " schedule=" + val(lp["schedule"])
            if lp.get("notify"):
                line += " notify=" + val(lp["notify"])
            print(line)
    for name, w in sorted(ir.get("workflows", {}).items()):
        if only_workflow is not None and name != only_workflow:
            continue
        line = "%s %s inputs=%s outputs=%s" % ("dynamic" if w["dynamic"] else "workflow", name,
                                               lst(w["inputs"], param), lst(w["outputs"], port))
        if w.get("failure_policy", "fail_fast") != "fail_fast":
            line += " failure_policy=" + w["failure_policy"]
        if "on_failure" in w:
            line += " on_failure=" + w["on_failure"]
        print(line)
        nodes(w.get("nodes", []), "  ")


main()
