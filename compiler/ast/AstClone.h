// Copying declarations from one parse into another AstContext, moved to
// where their text now is. The language server re-parses a file on every
// edit; declarations whose text did not change are copied from the previous
// parse instead of parsed again (parse/Parser.h, ParsedRuns).
#pragma once

#include "ast/Ast.h"

namespace flytec::ast {

/// Where a declaration's text was and is: pointers into [oldBegin, oldEnd]
/// move by newBegin - oldBegin; text elsewhere (decoded strings in the old
/// arena) is copied into the new context.
struct Relocation {
  const char *oldBegin;
  const char *oldEnd;
  const char *newBegin;
};

/// A deep copy of `decl` in `ctx`, with fresh node ids; null when a
/// location in it lies outside the old text (it cannot be moved).
Decl *cloneDecl(AstContext &ctx, const Decl &decl, const Relocation &relocation);

} // namespace flytec::ast
