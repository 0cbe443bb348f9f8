// Lowering: the checked program (AST + sema's tables) becomes the portable
// graph IR. It runs only on programs without errors, and keeps the graph as
// the source wrote it: one node per call, `let` names as node ids, pure
// `let` values as expression nodes, `if` with calls as branch nodes, `for`
// as map nodes. Folding, fusion and inlining are the passes' job.
#pragma once

#include "ir/Ir.h"

#include <memory>

namespace llvm {
class SourceMgr;
}

namespace flytec::sema {
struct Program;
}

namespace flytec::lower {

/// Lowers every task, workflow, launch plan, record and enum of the root
/// modules, and whatever of the imported modules they use. File names and
/// relative paths in the result are relative to the first root module's
/// directory, so the result does not depend on where flytec runs. Returns
/// null with `error` set for what the IR cannot express (a default that is
/// not a constant).
std::unique_ptr<ir::Package> lowerProgram(const sema::Program &program, const llvm::SourceMgr &sources,
                                          std::string &error);

} // namespace flytec::lower
