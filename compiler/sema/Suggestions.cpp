// "Did you mean ...?": the nearest known name to a misspelled one.
#include "sema/Checker.h"

#include <fmt/format.h>

namespace flytec::sema {

std::optional<llvm::StringRef> nearestName(llvm::StringRef name, llvm::ArrayRef<llvm::StringRef> candidates) {
  // A typo changes a few characters: allow one edit per three characters,
  // at least one, so `regoin` finds `region` but `db` does not find `id`.
  unsigned limit = std::max<unsigned>(1, name.size() / 3);
  std::optional<llvm::StringRef> best;
  unsigned bestDistance = limit + 1;
  for (llvm::StringRef candidate : candidates) {
    if (candidate == name || candidate.empty())
      continue;
    unsigned distance = name.edit_distance(candidate, /*AllowReplacements=*/true, bestDistance);
    // Same letters in another case are a likely typo whatever the length.
    if (name.equals_insensitive(candidate))
      distance = 1;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string didYouMean(llvm::StringRef name, llvm::ArrayRef<llvm::StringRef> candidates) {
  if (std::optional<llvm::StringRef> near = nearestName(name, candidates))
    return fmt::format("; did you mean '{}'?", near->str());
  return "";
}

} // namespace flytec::sema
