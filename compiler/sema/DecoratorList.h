// The decorators LANGUAGE.md §4 defines, for tools that list them (the
// language server's completion and hover). The checker's rules for each
// live in Decorators.cpp.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <vector>

namespace flytec::sema {

struct DecoratorUsage {
  llvm::StringRef name;  // "retries"
  llvm::StringRef usage; // "@retries(3)"
  llvm::StringRef where; // "tasks and calls"
};

std::vector<DecoratorUsage> allDecorators();

} // namespace flytec::sema
