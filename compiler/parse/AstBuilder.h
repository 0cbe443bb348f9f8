// Internal to compiler/parse: converts ANTLR's parse tree, which may have
// been recovered from syntax errors and so have missing children, into our
// AST. Missing pieces become empty names or ErrorExpr nodes; this never
// reports a syntax error itself, only literal errors (E1003) and the few
// structural rules the grammar leaves to it.
#pragma once

#include <antlr4-runtime.h>
#include "ast/Ast.h"
#include "diag/Diagnostic.h"
#include "parse/LexedText.h"

#include <vector>

namespace flytec::parse {

class AstBuilder {
public:
  /// `nesting` counts strings within interpolations within strings, to bound
  /// the recursion of the parser on hostile input.
  AstBuilder(ast::AstContext &ctx, DiagnosticEngine &diags, const LexedText &lexed, unsigned nesting = 0)
      : ctx_(ctx), diags_(diags), lexed_(lexed), nesting_(nesting) {}

  /// Adds the items of one parsed run of declarations (a `file` rule).
  void addItems(antlr4::ParserRuleContext *file, bool firstRun);
  /// Declarations built before (copied from an earlier parse): they count
  /// as items, so a `module` line after them is out of place.
  void addParsedDecls(llvm::ArrayRef<ast::Decl *> decls) {
    decls_.insert(decls_.end(), decls.begin(), decls.end());
    sawItem_ = sawItem_ || !decls.empty();
  }
  /// The expression of a `standaloneExpression` rule.
  ast::Expr *standaloneExpression(antlr4::ParserRuleContext *ctx);

  /// A workflow whose long body was parsed in pieces: its header
  /// (`workflowHeader`), then each `statementRun` in order, then finish.
  struct WorkflowHeader {
    ast::Identifier name;
    bool dynamic = false;
    llvm::ArrayRef<ast::Param> inputs, outputs;
    bool hasOutputList = false;
    llvm::ArrayRef<ast::Decorator> decorators;
  };
  WorkflowHeader workflowHeader(antlr4::ParserRuleContext *header);
  void appendStatements(antlr4::ParserRuleContext *statementRun, std::vector<ast::Stmt *> &out);
  void addWorkflow(const WorkflowHeader &header, const std::vector<ast::Stmt *> &stmts, llvm::SMRange declRange,
                   llvm::SMRange bodyRange);

  const std::vector<ast::Decl *> &decls() const { return decls_; }
  ast::QualifiedName moduleName() const { return moduleName_; }

private:
  // The tree is read through its children (see Tree.h) rather than the
  // generated accessors, each of which scans every child with dynamic_cast.
  using Ctx = antlr4::ParserRuleContext;

  llvm::SMRange range(Ctx *ctx) const;
  llvm::SMRange range(antlr4::Token *token) const { return lexed_.rangeOf(token); }
  llvm::StringRef text(antlr4::Token *token) const { return lexed_.textOf(token); }
  llvm::StringRef docBefore(llvm::SMLoc loc) const;

  ast::Identifier word(Ctx *identOrLabel) const;
  ast::QualifiedName qualifiedName(Ctx *ctx);
  std::vector<ast::Decorator> decorators(Ctx *owner);
  llvm::ArrayRef<ast::Argument> arguments(Ctx *ctx);

  void item(Ctx *ctx);
  ast::Decl *declaration(Ctx *ctx);
  ast::Decl *recordDecl(Ctx *ctx);
  ast::Decl *enumDecl(Ctx *ctx);
  ast::Decl *aliasDecl(Ctx *ctx);
  ast::Decl *taskDecl(Ctx *ctx);
  ast::Decl *workflowDecl(Ctx *ctx);
  ast::Decl *launchPlanDecl(Ctx *ctx);
  ast::Decl *testDecl(Ctx *ctx);
  /// `name: type (= default)?` for params, outputs and record fields.
  ast::Param param(Ctx *ctx);
  llvm::ArrayRef<ast::Param> params(Ctx *list, size_t itemRule);

  ast::Block *block(Ctx *ctx);
  void checkReturns(llvm::ArrayRef<ast::Stmt *> stmts);
  ast::Stmt *statement(Ctx *ctx);

  ast::TypeExpr *typeExpr(Ctx *ctx);
  ast::TypeExpr *optionalType(Ctx *ctx);
  ast::TypeExpr *primaryType(Ctx *ctx);

  ast::Expr *expr(Ctx *ctx);
  ast::Expr *binaryChain(Ctx *ctx);
  ast::Expr *negate(Ctx *ctx);
  ast::Expr *primary(Ctx *ctx);
  ast::Expr *literal(Ctx *ctx);
  ast::StringLit *stringLit(Ctx *ctx);
  ast::Expr *interpolation(llvm::StringRef inner, const char *innerStart);
  ast::Expr *dottedName(llvm::StringRef inner, const char *innerStart);
  ast::IfExpr *ifExpr(Ctx *ctx);
  ast::Expr *error(llvm::SMRange r) { return ctx_.make<ast::ErrorExpr>(r); }

  ast::AstContext &ctx_;
  DiagnosticEngine &diags_;
  const LexedText &lexed_;
  unsigned nesting_;
  unsigned depth_ = 0;
  bool reportedDepth_ = false;
  std::vector<ast::Decl *> decls_;
  ast::QualifiedName moduleName_;
  bool sawItem_ = false;
};

} // namespace flytec::parse
