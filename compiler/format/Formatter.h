// The canonical formatter, shared by `flytec fmt` and the language server.
// The layout is described rule by rule in docs/style.md.
//
// A file with syntax errors is refused. Every output is checked before it
// is returned: it must parse, have the same syntax tree as the input
// (positions aside) and the same comments in the same order; otherwise the
// result is an "internal formatter error" and nothing changes.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <cstddef>
#include <string>
#include <vector>

namespace flytec::format {

struct FormatOptions {
  unsigned width = 100;
  unsigned indentWidth = 2;
};

/// A top-level item (declaration, import, module line) with its leading
/// comments: where it was in the input and where its formatted text is in
/// the output (byte offsets, half-open).
struct ItemSpan {
  size_t inputBegin, inputEnd, outputBegin, outputEnd;
};

struct FormatResult {
  bool ok = false;
  std::string text;            // the whole formatted file (when ok)
  std::string error;           // why not (when !ok)
  std::vector<ItemSpan> items; // in order, for range formatting
  bool internalError = false;  // the error is a bug in the formatter, not in the input
};

FormatResult formatText(llvm::StringRef path, llvm::StringRef text, const FormatOptions &options = {});

} // namespace flytec::format
