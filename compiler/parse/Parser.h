// The parser's public face: source text in, AST and E1xxx diagnostics out.
// Nothing outside compiler/parse sees ANTLR.
#pragma once

#include "ast/Ast.h"
#include "diag/Diagnostic.h"

#include <llvm/ADT/StringRef.h>

namespace llvm {
class SourceMgr;
}

namespace flytec::parse {

/// Parses buffer `bufferId` into a Module owned by `ctx`. Always returns a
/// module: parts that could not be parsed are left out or become ErrorExpr
/// nodes, and every problem is reported to `diags` once, in words a user
/// understands, without follow-on errors.
ast::Module *parseModule(const llvm::SourceMgr &sources, unsigned bufferId, ast::AstContext &ctx,
                         DiagnosticEngine &diags);

/// Parses the text of one `{{ }}` interpolation, which starts at `start` in
/// a SourceMgr buffer. Used by the module parser for strings.
ast::Expr *parseInterpolation(ast::AstContext &ctx, DiagnosticEngine &diags, llvm::StringRef text,
                              const char *start, unsigned nesting);

} // namespace flytec::parse
