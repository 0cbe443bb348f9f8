// How messages are worded: the nearest known name to a misspelled one
// ("did you mean ...?"), articles, and lists of names.
#include "sema/Checker.h"

#include <fmt/format.h>

namespace flytec::sema {

namespace {

/// `ab` written as `ba` once: the commonest typo, two edits for
/// edit_distance, which knows no transpositions.
bool isOneSwapApart(const std::string &a, const std::string &b) {
  if (a.size() != b.size())
    return false;
  size_t first = 0;
  while (first < a.size() && a[first] == b[first])
    ++first;
  return first + 1 < a.size() && a[first] == b[first + 1] && a[first + 1] == b[first] &&
         a.compare(first + 2, std::string::npos, b, first + 2, std::string::npos) == 0;
}

} // namespace

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
    if (distance == 2 && isOneSwapApart(lower, candidate.lower()))
      distance = 1; // `lable` for `label`
    // A word cut short: `interrupt` for `interruptible`, `retry` for `retries`.
    if (lower.size() >= 4 && distance > 1 && candidate.size() > lower.size() &&
        llvm::StringRef(candidate.lower()).startswith(llvm::StringRef(lower).drop_back(lower.back() == 'y')))
      distance = 1;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string aOrAn(llvm::StringRef noun) {
  bool vowel = !noun.empty() && llvm::StringRef("aeiouAEIOU").contains(noun.front());
  return (vowel ? "an " : "a ") + noun.str();
}

std::string quotedList(llvm::ArrayRef<std::string> names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + ("'" + names[i] + "'");
  return out;
}

std::string didYouMean(llvm::StringRef name, llvm::ArrayRef<llvm::StringRef> candidates) {
  if (std::optional<llvm::StringRef> near = nearestName(name, candidates))
    return fmt::format("; did you mean '{}'?", near->str());
  return "";
}

} // namespace flytec::sema
