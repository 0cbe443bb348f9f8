// "Did you mean ...?": the nearest known name to a misspelled one.
#include "sema/Checker.h"

#include <fmt/format.h>

namespace flytec::sema {

std::optional<llvm::StringRef> nearestName(llvm::StringRef name, llvm::ArrayRef<llvm::StringRef> candidates) {
  // A typo changes a few characters: allow one edit per three characters,
  // at least one, so `regoin` finds `region` but `db` does not find `id`.
  // Case is compared loosely: `Strnig` is two edits from `string`.
  unsigned limit = std::max<unsigned>(1, name.size() / 3);
  std::optional<llvm::StringRef> best;
  unsigned bestDistance = limit + 1;
  std::string lower = name.lower();
  for (llvm::StringRef candidate : candidates) {
    if (candidate == name || candidate.empty())
      continue;
    unsigned distance =
        llvm::StringRef(lower).edit_distance(candidate.lower(), /*AllowReplacements=*/true, bestDistance);
    if (distance == 0)
      distance = 1; // differs only in case
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
