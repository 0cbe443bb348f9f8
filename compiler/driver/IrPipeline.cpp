#include "driver/IrPipeline.h"

#include "driver/Compilation.h"
#include "ir/Hashing.h"
#include "ir/Verifier.h"
#include "lower/Lowering.h"

#include <llvm/ADT/StringExtras.h>

namespace flytec {

IrPipelineResult compileToIr(Compilation &compilation, llvm::ArrayRef<unsigned> rootBuffers,
                             const sema::SemaOptions &semaOptions, passes::PassManager *pipeline,
                             llvm::raw_ostream &printOut, llvm::raw_ostream &timingOut) {
  IrPipelineResult result;
  std::unique_ptr<sema::Program> program = sema::checkProgram(compilation, rootBuffers, semaOptions);
  if (compilation.diagnostics().hasErrors()) {
    result.compileErrors = true;
    return result;
  }
  std::string error;
  result.package = lower::lowerProgram(*program, compilation.sources(), error);
  if (!result.package) {
    result.internalError = "lowering failed: " + error;
    return result;
  }
  std::vector<std::string> problems = ir::verify(*result.package);
  if (!problems.empty()) {
    result.internalError = "the IR is invalid after lowering:\n  " + llvm::join(problems, "\n  ");
    result.package.reset();
    return result;
  }
  if (pipeline && !pipeline->run(*result.package, printOut, timingOut, result.internalError)) {
    result.package.reset();
    return result;
  }
  ir::computeHashes(*result.package);
  return result;
}

} // namespace flytec
