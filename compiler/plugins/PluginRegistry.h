// The plugins a task body can name (LANGUAGE.md §5.2) and what each accepts:
// config keys with their kinds, whether a script is needed, and how
// `{{placeholders}}` in the script are rendered. The checker validates task
// bodies against this table and the runtime dispatches on it, so it lives
// apart from both.
#pragma once

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringRef.h>

namespace flytec::plugins {

/// What a config value must be.
enum class ConfigKind : uint8_t {
  String,     // a string literal
  StringList, // a list of string literals
  StringMap,  // a map literal of strings
  Bool,
  Int,
  /// A `file` input of the task, or a string literal naming a path.
  FileRef,
};

llvm::StringRef configKindName(ConfigKind kind);

struct ConfigKey {
  llvm::StringRef name;
  ConfigKind kind;
  bool required;
  llvm::StringRef doc;
};

enum class ScriptRule : uint8_t {
  Required,
  Optional,
  /// Exactly one of the script and the config key `scriptKey` (python's `file:`).
  ScriptOrKey,
};

/// How placeholders in the script are rendered.
enum class PlaceholderRule : uint8_t {
  /// Shell quoting; `outputs.x`, `checkpoint` and `deck` are paths.
  ShellQuoted,
  /// Bound SQL parameters; only inputs can be named.
  BoundParameter,
  /// Inputs are variables of the language; `{{...}}` is not allowed.
  None,
};

struct PluginInfo {
  llvm::StringRef name;
  llvm::StringRef doc;
  llvm::ArrayRef<ConfigKey> config;
  ScriptRule script;
  llvm::StringRef scriptKey; // for ScriptOrKey
  PlaceholderRule placeholders;

  const ConfigKey *key(llvm::StringRef name) const;
};

/// Every plugin a task body may name, in a stable order.
llvm::ArrayRef<PluginInfo> allPlugins();
const PluginInfo *findPlugin(llvm::StringRef name);

/// A native implementation behind `@builtin("std.x")`.
struct BuiltinInfo {
  llvm::StringRef name; // "std.read_text"
  llvm::StringRef doc;
};
llvm::ArrayRef<BuiltinInfo> allBuiltins();
const BuiltinInfo *findBuiltin(llvm::StringRef name);

} // namespace flytec::plugins
