// The pass list (Passes.def) as a table, and the pipeline it builds for
// -O1, -O2 and --passes.
#include "passes/PassManager.h"

#include <fmt/format.h>

#include <vector>

namespace flytec::passes {

namespace {

const std::vector<PassInfo> kPasses = {
#define PASS(Class, Name, Level, Description) {Name, Level, Description, &create##Class},
#include "passes/Passes.def"
};

} // namespace

llvm::ArrayRef<PassInfo> allPasses() { return kPasses; }

const PassInfo *findPass(llvm::StringRef name) {
  for (const PassInfo &p : kPasses)
    if (p.name == name)
      return &p;
  return nullptr;
}

bool PassManager::configure(const PipelineOptions &options, std::string &error) {
  options_ = options;
  pipeline_.clear();
  auto known = [] {
    std::string names;
    for (const PassInfo &p : kPasses)
      names += (names.empty() ? "" : ", ") + p.name.str();
    return names;
  };
  if (!options.passes.empty()) {
    for (const std::string &name : options.passes) {
      const PassInfo *info = findPass(name);
      if (!info) {
        error = fmt::format("unknown pass '{}'; the passes are {}", name, known());
        return false;
      }
      pipeline_.push_back(info);
    }
  } else {
    for (const PassInfo &p : kPasses)
      if (p.level <= options.optLevel)
        pipeline_.push_back(&p);
  }
  for (const std::string &name : options.printAfter)
    if (!findPass(name)) {
      error = fmt::format("--print-after: unknown pass '{}'; the passes are {}", name, known());
      return false;
    }
  return true;
}

} // namespace flytec::passes
