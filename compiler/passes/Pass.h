// A pass rewrites or annotates a Package in place (TOOLCHAIN.md "The pass
// pipeline"). Passes never print: the pass manager prints the IR after a
// pass, times it, and runs the verifier after it.
#pragma once

#include "ir/Ir.h"

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringRef.h>

#include <memory>

namespace flytec::passes {

class Pass {
public:
  virtual ~Pass() = default;
  /// Runs over every workflow of the package; returns whether anything changed.
  virtual bool run(ir::Package &package) = 0;
};

struct PassInfo {
  llvm::StringRef name;
  int level;
  llvm::StringRef description;
  std::unique_ptr<Pass> (*create)();
};

/// Every pass in pipeline order (Passes.def).
llvm::ArrayRef<PassInfo> allPasses();
const PassInfo *findPass(llvm::StringRef name);

// One factory per pass, defined in the pass's own file.
#define PASS(Class, Name, Level, Description) std::unique_ptr<Pass> create##Class();
#include "passes/Passes.def"

} // namespace flytec::passes
