// A readable dump of the AST for debugging and golden tests
// (`flytec compile --emit=ast`). One node per line, children indented, each
// with its source range as line:col-line:col (end exclusive).
#pragma once

namespace llvm {
class SourceMgr;
class raw_ostream;
} // namespace llvm

namespace flytec::ast {
class Module;

void dumpModule(const llvm::SourceMgr &sources, const Module &module, llvm::raw_ostream &os);

} // namespace flytec::ast
