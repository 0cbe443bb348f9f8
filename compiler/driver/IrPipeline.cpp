#include "driver/IrPipeline.h"

#include "driver/Compilation.h"
#include "ir/Hashing.h"
#include "ir/Verifier.h"
#include "lower/Lowering.h"

#include <llvm/ADT/StringExtras.h>

namespace flytec {

IrPipelineResult compileToIr(Compilation &compilation, llvm::ArrayRef<unsigned> rootBuffers,
                             const sema::SemaOptions &semaOptions, passes::PassManager *pipeline,
                             llvm::raw_ostream &printOut, llvm::raw_ostream &timingOut,
                             PhaseTimers *phases) {
  IrPipelineResult result;
  auto start = [&](llvm::StringRef name) {
    if (phases)
      phases->start(name);
  };
  auto stop = [&] {
    if (phases)
      phases->stop();
  };
  start("check (parse, names, types)");
  std::unique_ptr<sema::Program> program = sema::checkProgram(compilation, rootBuffers, semaOptions);
  stop();
  if (compilation.diagnostics().hasErrors()) {
    result.compileErrors = true;
    return result;
  }
  std::string error;
  start("lower to IR");
  result.package = lower::lowerProgram(*program, compilation.sources(), error);
  // The checker's tables are not needed past lowering: freed now, their
  // memory serves the passes instead of new pages.
  program.reset();
  stop();
  if (!result.package) {
    result.loweringError = error;
    return result;
  }
  start("verify after lowering");
  std::vector<std::string> problems = ir::verify(*result.package);
  stop();
  if (!problems.empty()) {
    result.internalError = "the IR is invalid after lowering:\n  " + llvm::join(problems, "\n  ");
    result.package.reset();
    return result;
  }
  if (pipeline && !pipeline->run(*result.package, printOut, timingOut, result.internalError)) {
    result.package.reset();
    return result;
  }
  start("content hashes");
  ir::computeHashes(*result.package);
  stop();
  return result;
}

} // namespace flytec
