// Source to optimized IR in one call: check, lower, verify, run the pass
// pipeline, hash. `flytec compile` and (later) `flytec run FILE.flyte` use
// it, so both see the same graph. Without a pipeline, no pass runs (-O0).
#pragma once

#include "ir/Ir.h"
#include "passes/PassManager.h"
#include "sema/Sema.h"

#include <memory>

namespace llvm {
class TimerGroup;
}

namespace flytec {

class Compilation;

struct IrPipelineResult {
  std::unique_ptr<ir::Package> package;
  /// Set when the source has errors: they are in the compilation's
  /// diagnostics, and there is no package.
  bool compileErrors = false;
  /// Set when a constant the IR needs cannot be computed (a default of
  /// `1 / 0`): the user's error, with its place, but not one the checker
  /// can see.
  std::string loweringError;
  /// Set when flytec itself failed (a verifier failure after lowering or a
  /// pass): a bug, reported as an internal error.
  std::string internalError;
};

/// `phases`, when given, times checking, lowering, verifying and hashing
/// (the pass manager times the passes).
IrPipelineResult compileToIr(Compilation &compilation, llvm::ArrayRef<unsigned> rootBuffers,
                             const sema::SemaOptions &semaOptions, passes::PassManager *pipeline,
                             llvm::raw_ostream &printOut, llvm::raw_ostream &timingOut,
                             llvm::TimerGroup *phases = nullptr);

} // namespace flytec
