// textDocument/signatureHelp: the signature of the call around the cursor
// and the parameter being written. Tasks, workflows and launch plans take
// named arguments, so the active parameter is the one whose label is being
// written or valued (else the first not given yet); the pure std functions
// are positional; plugin config parentheses and decorators' arguments are
// described too.
#pragma once

#include "ide/Workspace.h"

#include <optional>
#include <string>
#include <vector>

namespace flytec::ide {

struct SignatureHelpInfo {
  std::string label;         // `task double(x: int, y: int = 2) -> (out: int)`
  std::string documentation; // Markdown: the doc comment
  std::vector<std::string> parameters;    // each a substring of label: `x: int`
  std::vector<std::string> parameterDocs; // one per parameter, possibly empty
  int activeParameter = -1;               // an index into parameters, or -1
};

/// For the innermost call, plugin config or decorator arguments around
/// `position`; nothing outside any (or when its callee is unknown).
std::optional<SignatureHelpInfo> signatureHelp(Workspace &workspace, llvm::StringRef path, Position position);

} // namespace flytec::ide
