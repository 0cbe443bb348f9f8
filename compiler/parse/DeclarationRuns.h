// Internal to compiler/parse: error isolation between top-level items.
//
// Before parsing, the token list is cut into runs that each start at a
// top-level item: a keyword that can only begin a declaration (`task NAME`,
// `import "..."`, ...) together with the decorators written just before it.
// Each run is parsed on its own, so a missing `}` in one workflow is one
// error at the next declaration, not a cascade through the rest of the file.
// Valid code is never cut inside an item: those keywords followed by those
// tokens cannot occur within one.
#pragma once

#include "parse/Lexer.h"

#include <llvm/ADT/ArrayRef.h>

#include <optional>
#include <utility>
#include <vector>

namespace flytec::parse {

/// [begin, end) index ranges into `tokens`, in order, covering all of them.
std::vector<std::pair<size_t, size_t>> splitDeclarationRuns(llvm::ArrayRef<LexToken> tokens);

/// How a run that is one workflow with a long body is parsed in pieces: the
/// header is tokens[begin, open], then each statement run starts at a cut
/// (the first at open + 1) and ends at the next cut, the last at the run's
/// end (it includes the body's `}`). Cuts fall before a `let` or `return`
/// (with its decorators) at the body's top level, at least `pieceTokens`
/// apart. Empty when the run is not shaped so.
struct WorkflowPieces {
  size_t open = 0;
  std::vector<size_t> cuts;
};
std::optional<WorkflowPieces> splitLongWorkflow(llvm::ArrayRef<LexToken> tokens, size_t begin, size_t end,
                                                size_t pieceTokens);

/// Index of the innermost bracket in tokens[begin, end) that is never
/// closed there, or `end` when all are balanced.
size_t findUnclosedBracket(llvm::ArrayRef<LexToken> tokens, size_t begin, size_t end);

/// The first token in [begin, end) where brackets or prefix operators nest
/// deeper than `limit`, or `end`. The recursive-descent parser would need a
/// stack frame per level, so such runs are rejected before parsing.
size_t findExcessiveNesting(llvm::ArrayRef<LexToken> tokens, size_t begin, size_t end,
                            unsigned limit);

} // namespace flytec::parse
