#include "passes/PassManager.h"

#include "ir/Hashing.h"
#include "ir/IrJson.h"
#include "ir/Verifier.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/Timer.h>

#include <fmt/format.h>

namespace flytec::passes {

std::vector<llvm::StringRef> PassManager::pipeline() const {
  std::vector<llvm::StringRef> names;
  for (const PassInfo *p : pipeline_)
    names.push_back(p->name);
  return names;
}

bool PassManager::run(ir::Package &package, llvm::raw_ostream &printOut, llvm::raw_ostream &timingOut,
                      std::string &error) {
  llvm::TimerGroup group("flytec-passes", "flytec pass timings");
  std::vector<std::unique_ptr<llvm::Timer>> timers;
  for (const PassInfo *info : pipeline_) {
    std::unique_ptr<Pass> pass = info->create();
    if (options_.timePasses) {
      timers.push_back(std::make_unique<llvm::Timer>(info->name, info->name, group));
      timers.back()->startTimer();
    }
    pass->run(package);
    if (options_.timePasses)
      timers.back()->stopTimer();
    if (options_.verifyEach) {
      if (options_.timePasses) {
        timers.push_back(std::make_unique<llvm::Timer>("verify", "verify after " + info->name.str(), group));
        timers.back()->startTimer();
      }
      std::vector<std::string> problems = ir::verify(package);
      if (options_.timePasses)
        timers.back()->stopTimer();
      if (!problems.empty()) {
        group.clear(); // no table: the run failed
        error = fmt::format("the IR is invalid after pass '{}':\n  {}", info->name, llvm::join(problems, "\n  "));
        return false;
      }
    }
    if (options_.printAfterAll || llvm::is_contained(options_.printAfter, info->name.str())) {
      ir::computeHashes(package);
      printOut << "// -----// IR after " << info->name << " //----- //\n";
      printOut << ir::writeIr(package);
    }
  }
  // Reset after printing: a TimerGroup prints again when its last timer
  // is destroyed if any of them still holds a time.
  if (options_.timePasses)
    group.print(timingOut, /*ResetAfterPrint=*/true);
  return true;
}

} // namespace flytec::passes
