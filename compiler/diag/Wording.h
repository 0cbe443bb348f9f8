// Small helpers for the wording of messages outside the checker (the
// checker has its own, sema/Checker.h).
#pragma once

#include <llvm/ADT/StringRef.h>

#include <string>

namespace flytec {

/// The noun with its indefinite article, chosen by its first letter: "an
/// int", "a list[int]", "an approve gate".
inline std::string withArticle(llvm::StringRef noun) {
  bool vowel = !noun.empty() && llvm::StringRef("aeiouAEIOU").contains(noun.front());
  return (vowel ? "an " : "a ") + noun.str();
}

} // namespace flytec
