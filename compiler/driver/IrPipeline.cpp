#include "driver/IrPipeline.h"

#include "driver/Compilation.h"
#include "ir/Hashing.h"
#include "ir/Verifier.h"
#include "lower/Lowering.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/Timer.h>

#include <optional>

namespace flytec {

IrPipelineResult compileToIr(Compilation &compilation, llvm::ArrayRef<unsigned> rootBuffers,
                             const sema::SemaOptions &semaOptions, passes::PassManager *pipeline,
                             llvm::raw_ostream &printOut, llvm::raw_ostream &timingOut,
                             llvm::TimerGroup *phases) {
  IrPipelineResult result;
  std::optional<llvm::Timer> checkTimer, lowerTimer, verifyTimer, hashTimer;
  auto start = [&](std::optional<llvm::Timer> &t, llvm::StringRef name) {
    if (phases) {
      t.emplace(name, name, *phases);
      t->startTimer();
    }
  };
  auto stop = [&](std::optional<llvm::Timer> &t) {
    if (t && t->isRunning())
      t->stopTimer();
  };
  start(checkTimer, "check (parse, names, types)");
  std::unique_ptr<sema::Program> program = sema::checkProgram(compilation, rootBuffers, semaOptions);
  stop(checkTimer);
  if (compilation.diagnostics().hasErrors()) {
    result.compileErrors = true;
    return result;
  }
  std::string error;
  start(lowerTimer, "lower to IR");
  result.package = lower::lowerProgram(*program, compilation.sources(), error);
  stop(lowerTimer);
  if (!result.package) {
    result.loweringError = error;
    return result;
  }
  start(verifyTimer, "verify after lowering");
  std::vector<std::string> problems = ir::verify(*result.package);
  stop(verifyTimer);
  if (!problems.empty()) {
    result.internalError = "the IR is invalid after lowering:\n  " + llvm::join(problems, "\n  ");
    result.package.reset();
    return result;
  }
  if (pipeline && !pipeline->run(*result.package, printOut, timingOut, result.internalError)) {
    result.package.reset();
    return result;
  }
  start(hashTimer, "content hashes");
  ir::computeHashes(*result.package);
  stop(hashTimer);
  return result;
}

} // namespace flytec
