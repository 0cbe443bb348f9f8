// Source to optimized IR in one call: check, lower, verify, run the pass
// pipeline, hash. `flytec compile` and (later) `flytec run FILE.flyte` use
// it, so both see the same graph. Without a pipeline, no pass runs (-O0).
#pragma once

#include "ir/Ir.h"
#include "passes/PassManager.h"
#include "sema/Sema.h"

#include <llvm/Support/Timer.h>

#include <memory>

namespace flytec {

/// The phases' timers for `--time-passes`, in one table ("flytec phase
/// timings") that print() writes once. The timers live as long as the table:
/// an llvm::TimerGroup also prints itself when its last timer is destroyed,
/// which printed the phases in two tables.
class PhaseTimers {
public:
  PhaseTimers() : group_("flytec-phases", "flytec phase timings") {}
  ~PhaseTimers() { group_.clear(); } // printed already, or not wanted
  void start(llvm::StringRef name) {
    timers_.push_back(std::make_unique<llvm::Timer>(name, name, group_));
    timers_.back()->startTimer();
  }
  void stop() {
    if (!timers_.empty() && timers_.back()->isRunning())
      timers_.back()->stopTimer();
  }
  /// Prints the table and resets the timers, so nothing prints again.
  void print(llvm::raw_ostream &os) { group_.print(os, /*ResetAfterPrint=*/true); }

private:
  llvm::TimerGroup group_;
  std::vector<std::unique_ptr<llvm::Timer>> timers_;
};

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
/// (the pass manager times the passes, in its own table); the caller adds
/// its own phases (emit) and prints the table.
IrPipelineResult compileToIr(Compilation &compilation, llvm::ArrayRef<unsigned> rootBuffers,
                             const sema::SemaOptions &semaOptions, passes::PassManager *pipeline,
                             llvm::raw_ostream &printOut, llvm::raw_ostream &timingOut,
                             PhaseTimers *phases = nullptr);

} // namespace flytec
