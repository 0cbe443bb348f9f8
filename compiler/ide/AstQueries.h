// Finding AST pieces at a point: the enclosing declaration, a decorator's
// name, a task body's plugin, the innermost call around the cursor. Shared
// by hover, completion and signature help.
#pragma once

#include "ast/Ast.h"

namespace flytec::ide {

/// Whether `at` lies in `range`, its end included.
inline bool touches(llvm::SMRange range, const char *at) {
  return range.Start.isValid() && range.Start.getPointer() <= at && at <= range.End.getPointer();
}

/// The top-level declaration containing `at`.
const ast::Decl *declarationAt(const ast::Module &module, const char *at);
/// The decorator whose name contains `at` (on a declaration or a `let`).
const ast::Decorator *decoratorNameAt(const ast::Module &module, const char *at);
/// The task body whose plugin name contains `at`.
const ast::TaskBody *taskBodyPluginAt(const ast::Module &module, const char *at);

/// Calls `visit` on every expression of `decl` (statements and defaults
/// included), outermost first.
void forEachExpr(const ast::Decl &decl, llvm::function_ref<void(const ast::Expr &)> visit);

} // namespace flytec::ide
