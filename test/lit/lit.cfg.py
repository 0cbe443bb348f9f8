# lit configuration for flytec's golden tests.
#
# Each test is a .flyte (or .test) file with `// RUN:` lines; output is
# matched with FileCheck. Substitutions:
#   %flytec    the built flytec
#   %examples  the repository's examples/ folder
#   %spec      ../shared/spec/examples (tests using it say REQUIRES: shared-spec)
import os
import shutil
import subprocess

import lit.formats

config.name = "flytec"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".flyte", ".test"]
config.excludes = ["Inputs", "inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(os.path.dirname(config.flytec_binary_dir), "test", "lit")

config.environment["PATH"] = os.pathsep.join(
    [config.flytec_binary_dir, config.filecheck_dir, config.environment.get("PATH", "")])
# Diagnostics must not depend on the terminal.
config.environment["TERM"] = "dumb"

config.substitutions.append(("%flytec", os.path.join(config.flytec_binary_dir, "flytec")))
config.substitutions.append(("%examples", os.path.join(config.flytec_source_dir, "examples")))

spec = os.path.normpath(os.path.join(config.flytec_source_dir, "..", "shared", "spec", "examples"))
if os.path.isdir(spec):
    config.available_features.add("shared-spec")
    config.substitutions.append(("%spec", spec))

# Neovim's built-in LSP client drives flyte-lsp where nvim is installed (tests say REQUIRES: nvim).
if shutil.which("nvim"):
    config.available_features.add("nvim")

# Graphviz validates --emit=dot output where installed (tests say REQUIRES: graphviz).
if shutil.which("dot"):
    config.available_features.add("graphviz")

# Flyte's own .proto files check --emit=flyteidl where scripts/fetch-flyteidl-protos.sh
# fetched them and protoc and a Python with google.protobuf exist (REQUIRES: flyteidl-protos).
flyteidl = os.environ.get("FLYTEIDL_PROTOS") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "flytec", "flyteidl")
protobuf_python = next((p for p in [getattr(config, "python_executable", ""), "/usr/bin/python3"]
                        if p and os.path.exists(p) and subprocess.run(
                            [p, "-c", "import google.protobuf"], capture_output=True).returncode == 0), None)
# Flyte's files import google/protobuf/*.proto, which libprotobuf-dev installs.
well_known = os.path.isfile("/usr/include/google/protobuf/timestamp.proto")
if shutil.which("protoc") and protobuf_python and well_known and os.path.isfile(os.path.join(flyteidl, "flyteidl", "core", "compiler.proto")):
    config.available_features.add("flyteidl-protos")
    config.substitutions.append(("%validate-flyteidl", "%s %s --protos %s" % (
        protobuf_python, os.path.join(config.flytec_source_dir, "test", "flyteidl", "validate.py"), flyteidl)))

# docs/ir.schema.json checks every compiled IR where a Python with jsonschema
# (python3-jsonschema) exists: tests say REQUIRES: jsonschema and run %validate-ir-schema.
jsonschema_python = next((p for p in [getattr(config, "python_executable", ""), "/usr/bin/python3"]
                          if p and os.path.exists(p) and subprocess.run(
                              [p, "-c", "import jsonschema"], capture_output=True).returncode == 0), None)
if jsonschema_python:
    config.available_features.add("jsonschema")
    config.substitutions.append(("%validate-ir-schema", "%s %s %s" % (
        jsonschema_python, os.path.join(config.flytec_source_dir, "test", "lit", "ir", "Inputs", "validate_schema.py"),
        os.path.join(config.flytec_source_dir, "docs", "ir.schema.json"))))
