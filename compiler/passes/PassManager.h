// Runs a pipeline of passes over a Package with the verifier after each one
// (MLIR's pass manager is the model): it alone prints the IR after a pass
// (`--print-after-all`, `--print-after=NAME`) and times passes
// (`--time-passes`). A verifier failure after a pass is an internal error
// that names the pass.
#pragma once

#include "passes/Pass.h"

#include <llvm/Support/raw_ostream.h>

#include <string>
#include <vector>

namespace flytec::passes {

struct PipelineOptions {
  int optLevel = 1; // -O0, -O1, -O2
  /// `--passes=a,b`: exactly these, in this order (overrides optLevel).
  std::vector<std::string> passes;
  bool printAfterAll = false;
  std::vector<std::string> printAfter;
  bool timePasses = false;
  bool verifyEach = true;
};

class PassManager {
public:
  /// Builds the pipeline; on an unknown pass name returns false and says
  /// which, with the names that exist.
  bool configure(const PipelineOptions &options, std::string &error);
  /// Runs it. Printing goes to `printOut`, timings to `timingOut`. Returns
  /// false with `error` set when the verifier rejects the result of a pass.
  bool run(ir::Package &package, llvm::raw_ostream &printOut, llvm::raw_ostream &timingOut, std::string &error);
  std::vector<llvm::StringRef> pipeline() const;

private:
  PipelineOptions options_;
  std::vector<const PassInfo *> pipeline_;
};

} // namespace flytec::passes
