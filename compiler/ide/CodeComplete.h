// textDocument/completion: what may be written at the cursor.
//
// The context (what is being written) comes from the tokens before the
// cursor in the document's current text (CursorContext.h); the names and
// their meaning from the newest analysis, stale or not, so completion never
// waits for a check. Locals of a declaration that does not parse right now
// are read from the last analysis in which it did.
#pragma once

#include "ide/Workspace.h"
#include "plugins/PluginRegistry.h"

#include <llvm/ADT/ArrayRef.h>

#include <string>
#include <vector>

namespace flytec::ide {

/// What an item is, as the LSP's CompletionItemKind (the values are its
/// numbers, so the protocol layer passes them through):
enum class CompletionKind : uint8_t {
  Function = 3,       // a task, workflow, launch plan or std function
  Field = 5,          // a record field, a call's output
  Variable = 6,       // an input, a `let`, a loop variable; `outputs`, `checkpoint`, `deck` in scripts
  Class = 7,          // a task body's plugin
  Module = 9,         // an import's qualifier, `std`
  Property = 10,      // an argument's label, a plugin config key, a launch plan entry
  Enum = 13,
  Keyword = 14,       // keywords and built-in type names
  Snippet = 15,       // a top-level declaration's skeleton
  EnumMember = 20,
  Struct = 22,        // a record
  Event = 23,         // a decorator
  TypeParameter = 25, // a type alias
};

struct CompletionItem {
  std::string label;
  CompletionKind kind = CompletionKind::Keyword;
  std::string detail;        // a type or a signature
  std::string documentation; // Markdown: doc comments
  std::string insertText;
  bool snippet = false;      // insertText is an LSP snippet (`${1:x}`, `$0`)
  Range replace;             // the word being typed, from its start to the cursor
  std::string sortText;      // labels and locals first
};

/// The items that fit at `position` in `path`, filtered by the word being
/// typed (a case-insensitive subsequence starting where the label or one of
/// its `_` parts starts) and sorted by sortText. With `snippets`, calls are
/// inserted with their required labels and declarations as skeletons.
/// Inside a call of a std function (positional) the names in scope are
/// offered rather than labels.
std::vector<CompletionItem> codeComplete(Workspace &workspace, llvm::StringRef path, Position position,
                                         bool snippets = true);

/// The entity `chain` names in `module`: a declaration or a `from`-imported
/// name ({"f"}), or a member of an import's module or of std ({"lib", "f"},
/// {"std", "sleep"}). Null when it names none. Shared with signature help.
const sema::Entity *lookupEntity(const sema::Program &program, const sema::ModuleInfo &module,
                                 llvm::ArrayRef<std::string> chain);

/// How a plugin config value's type reads in a signature: `string`,
/// `list[string]`, `file` (a file input or a path), ...
llvm::StringRef configValueType(plugins::ConfigKind kind);

} // namespace flytec::ide
