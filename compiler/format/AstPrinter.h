// The AST printer: a parsed module (and its comments, from the token
// stream) to a layout document. The canonical layout is docs/style.md.
#pragma once

#include "format/Comments.h"
#include "format/Doc.h"

#include <string>
#include <vector>

namespace flytec::ast {
class Module;
}

namespace flytec::format {

/// A top-level item: its input range (leading comments included) and the
/// marks around its output.
struct PrintedItem {
  size_t inputBegin = 0, inputEnd = 0;
  unsigned beginMark = 0, endMark = 0;
};

struct ModuleDoc {
  DocId root = 0;
  std::vector<PrintedItem> items;
  std::string error; // set when the module holds something the printer cannot print
};

ModuleDoc buildModuleDoc(DocArena &arena, const SourceTokens &tokens, const ast::Module &module,
                         unsigned indentWidth);

} // namespace flytec::format
