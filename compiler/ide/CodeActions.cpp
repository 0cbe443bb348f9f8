#include "ide/CodeActions.h"

#include <fmt/format.h>

namespace flytec::ide {

namespace {

bool overlaps(const Range &a, const Range &b) { return !(a.end < b.start) && !(b.end < a.start); }

std::string titleOf(const Analysis &analysis, const FixIt &fix) {
  llvm::StringRef old(fix.range.Start.getPointer(), fix.range.End.getPointer() - fix.range.Start.getPointer());
  if (fix.replacement.empty())
    return old.contains('\n') || old.size() > 40 ? std::string("Remove the code") : fmt::format("Remove '{}'", old.str());
  if (old.empty())
    return fmt::format("Insert '{}'", fix.replacement);
  (void)analysis;
  return fmt::format("Change '{}' to '{}'", old.str(), fix.replacement);
}

} // namespace

std::vector<CodeAction> codeActions(const Analysis &analysis, Range range) {
  std::vector<CodeAction> actions;
  for (const Diagnostic &d : analysis.diagnostics()) {
    if (d.fixits.empty() || !analysis.offsetOf(d.range.Start))
      continue;
    Range where = analysis.rangeOf(d.range);
    if (!overlaps(where, range))
      continue;
    // The fix-its of one diagnostic belong together (a rename in two
    // places): one action applies them all.
    CodeAction action;
    action.diagnosticCode = diagCodeInfo(d.code).name.str();
    action.diagnosticMessage = d.message;
    action.diagnosticRange = where;
    for (const FixIt &fix : d.fixits) {
      if (!analysis.offsetOf(fix.range.Start))
        continue;
      action.edits[analysis.path()].push_back({analysis.rangeOf(fix.range), fix.replacement});
    }
    if (action.edits.empty())
      continue;
    action.title = d.fixits.size() == 1 ? titleOf(analysis, d.fixits[0])
                                        : fmt::format("Fix {}: {}", action.diagnosticCode, d.message);
    action.preferred = true;
    actions.push_back(std::move(action));
  }
  return actions;
}

} // namespace flytec::ide
