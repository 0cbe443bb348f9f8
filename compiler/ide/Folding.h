// textDocument/foldingRange: the parts of a file an editor can collapse.
// Read from the token stream, which is whole even where the AST is not: a
// file mid-edit folds like a finished one.
#pragma once

#include "ide/Analysis.h"

#include <string>
#include <vector>

namespace flytec::ide {

struct FoldingRange {
  unsigned startLine = 0; // 0-based; the line that stays visible
  unsigned endLine = 0;   // the last line folded away; always after startLine
  std::string kind;       // "comment", "imports", or empty for code
};

/// Every pair of braces, brackets or parentheses across lines (a closing
/// one that begins its line stays visible), runs of two or more line
/// comments, block comments and triple-quoted strings over several lines,
/// and runs of imports. Sorted by start line, outer ranges first.
std::vector<FoldingRange> foldingRanges(const Analysis &analysis);

} // namespace flytec::ide
