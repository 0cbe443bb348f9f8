// textDocument/inlayHint: the types sema inferred, shown where the code
// leaves them out — after each `let` name and loop variable.
#pragma once

#include "ide/Analysis.h"

#include <string>
#include <vector>

namespace flytec::ide {

struct InlayHint {
  /// LSP's InlayHintKind values.
  enum Kind { Type = 1, Parameter = 2 };
  Position position; // where the label goes: just after the name
  std::string label; // `: list[int]`
  bool paddingLeft = false;
  bool paddingRight = false;
  Kind kind = Type;
};

/// `: T` after every `let` name (destructured ones included) and loop
/// variable whose type sema knows, in source order, those within `range`
/// only. Names whose type is an error (already reported) get none.
std::vector<InlayHint> inlayHints(const Analysis &analysis, Range range);

} // namespace flytec::ide
