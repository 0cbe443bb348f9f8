#include "plugins/PluginRegistry.h"

namespace flytec::plugins {

llvm::StringRef configKindName(ConfigKind kind) {
  switch (kind) {
  case ConfigKind::String:
    return "a string";
  case ConfigKind::StringList:
    return "a list of strings";
  case ConfigKind::StringMap:
    return "a map of strings";
  case ConfigKind::Bool:
    return "a bool";
  case ConfigKind::Int:
    return "an int";
  case ConfigKind::FileRef:
    return "a file input or a path string";
  }
  return "?";
}

namespace {

const ConfigKey kShellConfig[] = {
    {"env", ConfigKind::StringMap, false, "extra environment variables for the script"},
};

const ConfigKey kPythonConfig[] = {
    {"file", ConfigKind::String, false, "a Python file (relative to the module) to run instead of the script"},
    {"function", ConfigKind::String, false, "with `file:`, the function to call with the inputs as arguments"},
    {"env", ConfigKind::StringMap, false, "extra environment variables"},
};

const ConfigKey kSqlConfig[] = {
    {"database", ConfigKind::FileRef, true, "the SQLite database: a file input or a path"},
};

const ConfigKey kContainerConfig[] = {
    {"image", ConfigKind::String, true, "the container image, e.g. \"python:3.12\""},
    {"command", ConfigKind::StringList, false, "the command to run; placeholders render as in shell"},
    {"env", ConfigKind::StringMap, false, "extra environment variables"},
};

const PluginInfo kPlugins[] = {
    {"shell", "runs the script with /bin/sh -c in a fresh working directory", kShellConfig, ScriptRule::Required,
     "", PlaceholderRule::ShellQuoted},
    {"python", "runs the script (or `file:`) with python3; inputs are Python variables, outputs are set "
               "with `outputs.x = value`",
     kPythonConfig, ScriptRule::ScriptOrKey, "file", PlaceholderRule::None},
    {"sql", "runs the query against a SQLite database with inputs as bound parameters", kSqlConfig,
     ScriptRule::Required, "", PlaceholderRule::BoundParameter},
    {"container", "runs `command` (or the script with sh -c) in a container image", kContainerConfig,
     ScriptRule::Optional, "", PlaceholderRule::ShellQuoted},
};

const BuiltinInfo kBuiltins[] = {
    {"std.fail", "fails the workflow with a message"},
    {"std.sleep", "waits for a duration (a gate node)"},
    {"std.approve", "waits for a human to approve a value (a gate node)"},
    {"std.signal", "waits for a named signal carrying a typed value (a gate node)"},
    {"std.read_text", "reads a file as UTF-8 text"},
    {"std.write_text", "writes text to a new file"},
    {"std.concat", "concatenates files in order"},
    {"std.read_csv", "reads a CSV file with a header row as a dataframe"},
    {"std.to_csv", "writes a dataframe as a CSV file"},
};

/// The entry of a table with that name, or null.
template <typename T> const T *named(llvm::ArrayRef<T> table, llvm::StringRef name) {
  for (const T &entry : table)
    if (entry.name == name)
      return &entry;
  return nullptr;
}

} // namespace

const ConfigKey *PluginInfo::key(llvm::StringRef keyName) const { return named(config, keyName); }

llvm::ArrayRef<PluginInfo> allPlugins() { return kPlugins; }

const PluginInfo *findPlugin(llvm::StringRef name) { return named(allPlugins(), name); }

llvm::ArrayRef<BuiltinInfo> allBuiltins() { return kBuiltins; }

const BuiltinInfo *findBuiltin(llvm::StringRef name) { return named(allBuiltins(), name); }

} // namespace flytec::plugins
