// Graphviz DOT for people (`flytec compile --emit=dot`): the view of
// GraphView.h in DOT's syntax, one cluster per workflow, branch, case and
// map. Render with `dot -Tsvg`.
#pragma once

#include "emit/GraphView.h"

namespace llvm {
class raw_ostream;
}

namespace flytec::emit {

/// Every workflow of the root module (`workflow` empty) or the one it names
/// (qualified or bare). False with `error` set, and nothing written, when
/// `workflow` names none.
bool emitDot(const ir::Package &package, llvm::StringRef workflow, llvm::raw_ostream &os, std::string &error);

/// A view already built, in DOT.
void printDot(const GraphView &view, llvm::raw_ostream &os);

/// `text` as the inside of a DOT double-quoted string.
std::string dotEscape(llvm::StringRef text);

} // namespace flytec::emit
