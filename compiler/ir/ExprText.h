// IR expressions and constants as the language writes them, for people:
// branch conditions in `--emit=dot|mermaid`, expression nodes' labels, and
// changed expressions in `flytec diff`. The text is for reading, not for
// parsing back: it follows the grammar's precedence (grammar/Flyte.g4
// `expression`) so it adds only the parentheses the meaning needs, and
// constants read as literals (`Region.US`, `5m`, `"text"`).
#pragma once

#include "ir/Ir.h"

#include <llvm/ADT/STLFunctionalExtras.h>

#include <string>

namespace flytec::ir {

/// A constant of `type` as a literal: strings and paths quoted, enums as
/// `Region.US`, durations as `90s`, floats with a point, records as
/// `Total { region: "US", amount: 2.0 }`, `none`. Values whose shape does not
/// match their type fall back to compact JSON, so any input prints.
std::string valueText(const Package &package, TypeId type, const Value &value);

/// `package.exprs[expr]` as source text: `stats.rows > 0`,
/// `sum(totals.total)`, `"run {{n}} of {{total}}"`. An id outside the pool
/// prints as `?` (hand-built packages in tests may be incomplete).
std::string exprText(const Package &package, ExprId expr);
/// The same with each `Input` leaf shown as `inputText` says: the graph
/// emitters name a leaf `stats.stats` after what feeds it (`stats`).
std::string exprText(const Package &package, ExprId expr,
                     llvm::function_ref<std::string(llvm::StringRef)> inputText);

/// `text` cut to at most `limit` code points, ending in `…` when cut, for
/// labels that must stay small.
std::string shorten(const std::string &text, size_t limit);

} // namespace flytec::ir
