// Mermaid flowcharts for people (`flytec compile --emit=mermaid`, and the
// language server's `flyte.showGraph`): the view of GraphView.h in
// Mermaid's syntax. Only long-standing constructs are used (`flowchart TD`,
// `subgraph id ["label"] ... end`, quoted labels with entity codes,
// `-->|"label"|`, `-.->`, `classDef`), so any renderer of the last years
// (GitHub, GitLab, VS Code) draws it.
#pragma once

#include "emit/GraphView.h"

namespace llvm {
class raw_ostream;
}

namespace flytec::emit {

/// Every workflow of the root module (`workflow` empty) or the one it names
/// (qualified or bare). False with `error` set, and nothing written, when
/// `workflow` names none.
bool emitMermaid(const ir::Package &package, llvm::StringRef workflow, llvm::raw_ostream &os, std::string &error);

/// A view already built, in Mermaid.
void printMermaid(const GraphView &view, llvm::raw_ostream &os);

/// `text` as the inside of a Mermaid quoted label: characters Mermaid or
/// HTML would read (`"`, `<`, `>`, `&`, `#`) as entity codes.
std::string mermaidEscape(llvm::StringRef text);

} // namespace flytec::emit
