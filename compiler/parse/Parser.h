// The parser's public face: source text in, AST and E1xxx diagnostics out.
// Nothing outside compiler/parse sees ANTLR.
#pragma once

#include "ast/Ast.h"
#include "diag/Diagnostic.h"

#include <llvm/ADT/StringRef.h>

#include <vector>

namespace llvm {
class SourceMgr;
}

namespace flytec::parse {

/// The top-level runs of one parse (a declaration with its decorators and
/// the comments and blank lines before it) that parsed without any
/// diagnostic: parsing the same file again after an edit copies the
/// declarations of runs whose text is unchanged instead of parsing them.
struct ParsedRuns {
  struct Run {
    llvm::StringRef text; // in the parsed buffer, which must outlive this
    std::vector<ast::Decl *> decls;
  };
  std::vector<Run> runs;
};

/// Parses buffer `bufferId` into a Module owned by `ctx`. Always returns a
/// module: parts that could not be parsed are left out or become ErrorExpr
/// nodes, and every problem is reported to `diags` once, in words a user
/// understands, without follow-on errors. With `previous` (an earlier parse
/// of the same file, still alive), unchanged runs are copied from it; with
/// `record`, this parse's runs are recorded for the next one.
ast::Module *parseModule(const llvm::SourceMgr &sources, unsigned bufferId, ast::AstContext &ctx,
                         DiagnosticEngine &diags, const ParsedRuns *previous = nullptr,
                         ParsedRuns *record = nullptr);

/// Parses the text of one `{{ }}` interpolation, which starts at `start` in
/// a SourceMgr buffer. Used by the module parser for strings.
ast::Expr *parseInterpolation(ast::AstContext &ctx, DiagnosticEngine &diags, llvm::StringRef text,
                              const char *start, unsigned nesting);

} // namespace flytec::parse
