// textDocument/formatting and rangeFormatting: the edits that give a
// document the layout of `flytec fmt` (compiler/format), as small as
// possible so the editor keeps cursors and undo history where nothing moved.
#pragma once

#include "ide/Rename.h"

#include <optional>
#include <string>
#include <vector>

namespace flytec::ide {

/// The edits that format the whole text; nothing, with `error` set, when
/// the text cannot be formatted (a syntax error).
std::optional<std::vector<TextEdit>> formatDocument(const std::string &path, llvm::StringRef text,
                                                    std::string &error);

/// The edits that format the top-level declarations `range` touches.
std::optional<std::vector<TextEdit>> formatRange(const std::string &path, llvm::StringRef text, Range range,
                                                 std::string &error);

} // namespace flytec::ide
