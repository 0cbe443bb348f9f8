// Placeholders in shell text (LANGUAGE.md §5.2): `{{name}}`, `{{name.field}}`,
// `{{outputs.x}}`, `{{checkpoint}}`, `{{deck}}` in a shell script, a
// container's command or script, and `env:` values.
//
// In shell text a value can never become shell syntax. Where the shell
// reads a word, ints, floats and bools are written bare (their text is
// digits, signs, '.', 'e', "true", "false"); everything else — strings,
// enums, paths, datetimes, durations, and lists, maps, records and json as
// compact JSON — is single-quoted, a quote inside written '\'' (the only
// character single quotes cannot hold). Inside "...", '...', comments and
// here-documents a value is escaped for that context instead
// (ShellContext.h).
#pragma once

#include "plugins/Plugin.h"

#include <optional>
#include <string>
#include <vector>

namespace flytec::runtime {

/// `text` in single quotes: 'it'\''s'. Safe for any bytes.
std::string shellQuote(llvm::StringRef text);

/// What placeholders refer to: the task, its inputs and the attempt's dirs.
struct PlaceholderScope {
  const ir::Package &package;
  const ir::Task &task;
  const ValueMap &inputs;
  std::string workDir;
  std::string checkpointDir;
  std::string deckDir;

  static PlaceholderScope of(const TaskRequest &request);
};

/// A value and its type, as a placeholder names it.
struct PlaceholderValue {
  ir::Value value;
  ir::TypeId type = 0;
};

/// Looks up `name` or `name.field` among the inputs; "" error when found.
std::optional<PlaceholderValue> lookupInput(const PlaceholderScope &scope, llvm::StringRef placeholder,
                                            std::string &error);

/// A value as shell text: bare or single-quoted (above); none is ''.
std::string shellWord(const ir::Package &package, ir::TypeId type, const ir::Value &value);
/// A value as plain text, for places no shell reads (an environment
/// variable's value): strings as they are, others as compact JSON.
std::string plainText(const ir::Value &value);

/// The parts of a script or template with every placeholder rendered:
/// `quoted` uses shellWord for values and shellQuote for paths (shell text);
/// otherwise plainText and the bare path. `pathOf` maps `outputs.x`,
/// `checkpoint` and `deck` to paths (lets the container plugin name paths
/// inside the container).
struct PathNames {
  std::function<std::string(llvm::StringRef output)> output;
  std::string checkpoint;
  std::string deck;
};
std::optional<std::string> renderParts(const PlaceholderScope &scope, const std::vector<ir::ScriptPart> &parts,
                                       bool quoted, const PathNames &paths, std::string &error);

/// A config value of the form {"template": [parts]} (docs/ir.md "Tasks")
/// as script parts; a plain string as one text part.
std::optional<std::vector<ir::ScriptPart>> templateParts(const ir::Value &config, std::string &error);

/// The task's `env:` config, each value rendered as plain text.
std::optional<std::vector<std::pair<std::string, std::string>>>
configEnv(const PlaceholderScope &scope, const PathNames &paths, std::string &error);

} // namespace flytec::runtime
