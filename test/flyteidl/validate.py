#!/usr/bin/env python3
"""Checks `flytec compile --emit=flyteidl` output against Flyte's own IDL.

Compiles Flyte's .proto files (flyteidl/core/*.proto, fetched at install time
by scripts/install-deps.sh) with protoc into a temporary directory, then
parses each JSON file as a flyteidl.core.CompiledWorkflowClosure with
google.protobuf.json_format, rejecting unknown fields. A file that parses is
also checked the way Flyte's compiler would check it before running it:
every task, sub-workflow and launch plan a node names is in the closure,
node ids are valid and unique, promises read nodes of the same workflow,
and every binding names an input of what the node runs.

Usage: validate.py --protos DIR FILE...   (FILE '-' reads stdin)
Exit status: 0 when every file is valid, 1 otherwise, 2 on a usage error.
"""
import argparse
import glob
import importlib
import json
import os
import re
import subprocess
import sys
import tempfile

NODE_ID = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
RESERVED = {"start-node", "end-node"}


def compile_protos(protos, out):
    sources = sorted(glob.glob(os.path.join(protos, "flyteidl", "core", "*.proto")))
    if not sources:
        sys.exit(f"validate.py: no flyteidl/core/*.proto under {protos}")
    includes = ["-I", protos]
    if os.path.isfile("/usr/include/google/protobuf/struct.proto"):
        includes += ["-I", "/usr/include"]
    subprocess.run(["protoc", *includes, f"--python_out={out}", *sources], check=True,
                   stderr=subprocess.DEVNULL)
    sys.path.insert(0, out)
    return importlib.import_module("flyteidl.core.compiler_pb2")


def key(identifier):
    return tuple(identifier.get(k, "") for k in ("resourceType", "project", "domain", "name", "version"))


class Checker:
    def __init__(self, closure):
        self.errors = []
        self.tasks = {key(t["template"]["id"]): t["template"] for t in closure.get("tasks", [])}
        self.workflows = {key(w["template"]["id"]): w["template"] for w in closure.get("subWorkflows", [])}
        self.plans = {key(p["template"]["id"]): p["template"] for p in closure.get("launchPlans", [])}
        self.workflows[key(closure["primary"]["template"]["id"])] = closure["primary"]["template"]

    def fail(self, where, message):
        self.errors.append(f"{where}: {message}")

    def interface(self, node, where):
        """The inputs a node's bindings must name, or None when any will do."""
        if "taskNode" in node:
            t = self.tasks.get(key(node["taskNode"]["referenceId"]))
            if t is None:
                self.fail(where, f"task {node['taskNode']['referenceId'].get('name')} is not in the closure")
                return None
            return t.get("interface", {}).get("inputs", {}).get("variables", {})
        if "workflowNode" in node:
            wn = node["workflowNode"]
            if "subWorkflowRef" in wn:
                w = self.workflows.get(key(wn["subWorkflowRef"]))
                if w is None:
                    self.fail(where, f"sub-workflow {wn['subWorkflowRef'].get('name')} is not in the closure")
                    return None
                return w.get("interface", {}).get("inputs", {}).get("variables", {})
            p = self.plans.get(key(wn["launchplanRef"]))
            if p is None:
                self.fail(where, f"launch plan {wn['launchplanRef'].get('name')} is not in the closure")
                return None
            return p.get("interface", {}).get("inputs", {}).get("variables", {})
        return None  # branch, array and gate nodes take what they are given

    def promises(self, binding, out):
        if isinstance(binding, dict):
            if "promise" in binding:
                out.append(binding["promise"].get("nodeId", ""))
                return
            for value in binding.values():
                self.promises(value, out)
        elif isinstance(binding, list):
            for value in binding:
                self.promises(value, out)

    def node(self, node, full_id, ids, known, where):
        where = f"{where} node {full_id}"
        if not NODE_ID.match(node["id"]) or node["id"] in RESERVED:
            self.fail(where, f"invalid node id '{node['id']}'")
        if full_id in ids:
            self.fail(where, "duplicate node id")
        ids.add(full_id)
        inputs = self.interface(node, where)
        names = [b["var"] for b in node.get("inputs", [])]
        if len(names) != len(set(names)):
            self.fail(where, "an input is bound twice")
        if inputs is not None:
            for name in names:
                if name not in inputs:
                    self.fail(where, f"binds '{name}', which is not an input")
            for name, var in inputs.items():
                optional = any(v.get("simple") == "NONE" for v in var["type"].get("unionType", {}).get("variants", []))
                if name not in names and not optional:
                    self.fail(where, f"input '{name}' is not bound")
        sources = []
        self.promises(node.get("inputs", []), sources)
        for s in sources + node.get("upstreamNodeIds", []):
            if s != "start-node" and s not in known:
                self.fail(where, f"reads node '{s}', which is not in the workflow")
        if "branchNode" in node:
            ie = node["branchNode"]["ifElse"]
            cases = [ie["case"]] + ie.get("other", [])
            children = [c["thenNode"] for c in cases] + ([ie["elseNode"]] if "elseNode" in ie else [])
            if "elseNode" not in ie and "error" not in ie:
                self.fail(where, "branch without a default")
            for child in children:
                self.node(child, f"{full_id}-{child['id']}", ids, known, where)
        if "arrayNode" in node:
            sub = node["arrayNode"]["node"]
            self.node(sub, sub["id"], set(), known, where)

    def workflow(self, template):
        where = f"workflow {template['id']['name']}"
        if not template.get("nodes"):
            self.fail(where, "has no nodes")
        known = {n["id"] for n in template.get("nodes", [])}
        ids = set()
        for n in template.get("nodes", []):
            self.node(n, n["id"], ids, known, where)
        if "failureNode" in template:
            self.node(template["failureNode"], template["failureNode"]["id"], ids, known, where)
        outputs = template.get("interface", {}).get("outputs", {}).get("variables", {})
        bound = {b["var"] for b in template.get("outputs", [])}
        if bound != set(outputs):
            self.fail(where, f"outputs bound {sorted(bound)} but declared {sorted(outputs)}")
        sources = []
        self.promises(template.get("outputs", []), sources)
        for s in sources:
            if s != "start-node" and s not in known:
                self.fail(where, f"an output reads node '{s}', which is not in the workflow")

    def run(self):
        for template in self.workflows.values():
            self.workflow(template)
        return self.errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--protos", required=True, help="the directory holding flyteidl/core/*.proto")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    from google.protobuf import json_format

    failed = False
    with tempfile.TemporaryDirectory() as out:
        compiler_pb2 = compile_protos(args.protos, out)
        for path in args.files:
            text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
            try:
                json_format.Parse(text, compiler_pb2.CompiledWorkflowClosure(), ignore_unknown_fields=False)
            except json_format.ParseError as e:
                print(f"{path}: not a CompiledWorkflowClosure: {e}")
                failed = True
                continue
            errors = Checker(json.loads(text)).run()
            for e in errors:
                print(f"{path}: {e}")
            failed |= bool(errors)
            if not errors:
                print(f"{path}: valid")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
