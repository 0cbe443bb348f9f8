// Internal to compiler/parse: converts ANTLR's parse tree, which may have
// been recovered from syntax errors and so have missing children, into our
// AST. Missing pieces become empty names or ErrorExpr nodes; this never
// reports a syntax error itself, only literal errors (E1003) and the few
// structural rules the grammar leaves to it.
#pragma once

#include "FlyteParser.h"
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

  /// Adds the items of one parsed run of declarations.
  void addItems(flyteparse::FlyteParser::FileContext *file, bool firstRun);
  ast::Expr *standaloneExpression(flyteparse::FlyteParser::StandaloneExpressionContext *ctx);

  const std::vector<ast::Decl *> &decls() const { return decls_; }
  ast::QualifiedName moduleName() const { return moduleName_; }

private:
  using P = flyteparse::FlyteParser;

  llvm::SMRange range(antlr4::ParserRuleContext *ctx) const;
  llvm::SMRange range(antlr4::Token *token) const { return lexed_.rangeOf(token); }
  llvm::SMRange join(llvm::SMRange a, llvm::SMRange b) const { return {a.Start, b.End}; }
  llvm::StringRef text(antlr4::Token *token) const { return lexed_.textOf(token); }
  llvm::StringRef docBefore(llvm::SMLoc loc) const;

  ast::Identifier ident(P::IdentContext *ctx) const;
  ast::Identifier label(P::LabelContext *ctx) const;
  ast::QualifiedName qualifiedName(P::QualifiedNameContext *ctx);
  std::vector<ast::Decorator> decorators(const std::vector<P::DecoratorContext *> &ctxs);
  llvm::ArrayRef<ast::Argument> arguments(P::ArgumentsContext *ctx);

  void item(P::ItemContext *ctx);
  ast::Decl *declaration(P::DeclarationContext *ctx);
  ast::Decl *recordDecl(P::RecordDeclContext *ctx);
  ast::Decl *enumDecl(P::EnumDeclContext *ctx);
  ast::Decl *aliasDecl(P::AliasDeclContext *ctx);
  ast::Decl *taskDecl(P::TaskDeclContext *ctx);
  ast::Decl *workflowDecl(P::WorkflowDeclContext *ctx);
  ast::Decl *launchPlanDecl(P::LaunchPlanDeclContext *ctx);
  ast::Decl *testDecl(P::TestDeclContext *ctx);
  ast::Param param(antlr4::ParserRuleContext *ctx, P::LabelContext *name, P::TypeExprContext *type,
                   P::ExpressionContext *defaultValue);
  llvm::ArrayRef<ast::Param> paramList(P::ParamListContext *ctx);
  llvm::ArrayRef<ast::Param> outputList(P::OutputListContext *ctx);

  ast::Block *block(P::BlockContext *ctx);
  ast::Stmt *statement(P::StatementContext *ctx);

  ast::TypeExpr *typeExpr(P::TypeExprContext *ctx);
  ast::TypeExpr *optionalType(P::OptionalTypeContext *ctx);
  ast::TypeExpr *primaryType(P::PrimaryTypeContext *ctx);

  ast::Expr *expr(P::ExpressionContext *ctx);
  ast::Expr *binaryChain(P::BinaryExprContext *ctx);
  ast::Expr *negate(P::NegateExprContext *ctx);
  ast::Expr *primary(P::PrimaryContext *ctx);
  ast::Expr *literal(P::LiteralContext *ctx);
  ast::StringLit *stringLit(P::StringLitContext *ctx);
  ast::Expr *interpolation(llvm::StringRef inner, const char *innerStart);
  ast::IfExpr *ifExpr(P::IfExprContext *ctx);
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
