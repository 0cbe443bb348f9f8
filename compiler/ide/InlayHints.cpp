#include "ide/InlayHints.h"

namespace flytec::ide {

std::vector<InlayHint> inlayHints(const Analysis &analysis, Range range) {
  std::vector<InlayHint> out;
  for (const Occurrence &o : analysis.index().all()) {
    if (!o.declaration || o.kind() != SymbolKind::Variable || !o.local)
      continue;
    const sema::Type *type = o.local->type;
    // An error type comes with its diagnostic, and binding a call without
    // outputs is one too: a hint would only repeat the error.
    if (!type || type->isSilent() || type->kind() == sema::TypeKind::Void)
      continue;
    Position at = analysis.positionOf(o.range.End);
    if (!range.contains(at))
      continue;
    out.push_back({at, ": " + type->str(), false, false, InlayHint::Type});
  }
  return out;
}

} // namespace flytec::ide
