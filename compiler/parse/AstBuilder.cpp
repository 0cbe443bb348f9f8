#include "parse/AstBuilder.h"

#include "parse/Literals.h"
#include "parse/Parser.h"

#include <fmt/format.h>

namespace flytec::parse {

using namespace flytec::ast;
using L = flyteparse::FlyteLexer;

namespace {

/// Deep enough for any program a person writes; shallow enough that the
/// recursion below stays far from the stack's end.
constexpr unsigned kMaxDepth = 512;

/// The token of a rule that matched exactly one real token; null when the
/// rule is empty or holds a token conjured by error recovery.
antlr4::Token *singleToken(antlr4::ParserRuleContext *ctx) {
  if (!ctx || ctx->children.empty())
    return nullptr;
  auto *terminal = dynamic_cast<antlr4::tree::TerminalNode *>(ctx->children.front());
  if (!terminal || dynamic_cast<antlr4::tree::ErrorNode *>(terminal))
    return nullptr;
  return terminal->getSymbol();
}

bool present(antlr4::tree::TerminalNode *node) {
  return node && !dynamic_cast<antlr4::tree::ErrorNode *>(node);
}

template <typename T> std::vector<T> nonNull(std::vector<T> items) {
  items.erase(std::remove(items.begin(), items.end(), nullptr), items.end());
  return items;
}

} // namespace

llvm::SMRange AstBuilder::range(antlr4::ParserRuleContext *ctx) const {
  antlr4::Token *start = ctx ? ctx->getStart() : nullptr;
  if (!start)
    return {};
  llvm::SMRange first = lexed_.rangeOf(start);
  antlr4::Token *stop = ctx->getStop();
  if (!stop || stop->getTokenIndex() < start->getTokenIndex() || stop->getType() == antlr4::Token::EOF)
    return {first.Start, start->getType() == antlr4::Token::EOF ? first.Start : first.End};
  return {first.Start, lexed_.rangeOf(stop).End};
}

llvm::StringRef AstBuilder::docBefore(llvm::SMLoc loc) const {
  const std::vector<DocComment> &docs = lexed_.docComments();
  if (docs.empty() || !loc.isValid())
    return {};
  size_t offset = loc.getPointer() - lexed_.locAtByte(0).getPointer();
  auto it = std::upper_bound(docs.begin(), docs.end(), offset,
                             [](size_t off, const DocComment &d) { return off < d.begin; });
  const char *base = lexed_.locAtByte(0).getPointer();
  size_t boundary = offset;
  std::vector<llvm::StringRef> lines;
  while (it != docs.begin()) {
    --it;
    llvm::StringRef between(base + it->end, boundary - it->end);
    if (!between.trim().empty())
      break;
    lines.push_back(it->text);
    boundary = it->begin;
  }
  if (lines.empty())
    return {};
  std::string joined;
  for (auto line = lines.rbegin(); line != lines.rend(); ++line) {
    if (!joined.empty())
      joined += '\n';
    joined += line->str();
  }
  return ctx_.copy(joined);
}

Identifier AstBuilder::ident(P::IdentContext *ctx) const {
  antlr4::Token *token = singleToken(ctx);
  if (!token)
    return {"", range(ctx)};
  return {text(token), lexed_.rangeOf(token)};
}

Identifier AstBuilder::label(P::LabelContext *ctx) const {
  if (ctx && ctx->ident())
    return ident(ctx->ident());
  antlr4::Token *token = singleToken(ctx);
  if (!token)
    return {"", range(ctx)};
  return {text(token), lexed_.rangeOf(token)};
}

QualifiedName AstBuilder::qualifiedName(P::QualifiedNameContext *ctx) {
  if (!ctx)
    return {};
  std::vector<Identifier> parts;
  Identifier first = ident(ctx->ident());
  if (!first.empty())
    parts.push_back(first);
  for (P::LabelContext *l : ctx->label()) {
    Identifier part = label(l);
    if (!part.empty())
      parts.push_back(part);
  }
  return {ctx_.copy(parts), range(ctx)};
}

std::vector<Decorator> AstBuilder::decorators(const std::vector<P::DecoratorContext *> &ctxs) {
  std::vector<Decorator> out;
  for (P::DecoratorContext *d : ctxs) {
    if (!d)
      continue;
    Decorator deco;
    deco.name = qualifiedName(d->qualifiedName());
    deco.hasParens = present(d->LPAREN());
    deco.args = arguments(d->arguments());
    deco.range = range(d);
    out.push_back(deco);
  }
  return out;
}

llvm::ArrayRef<Argument> AstBuilder::arguments(P::ArgumentsContext *ctx) {
  if (!ctx)
    return {};
  std::vector<Argument> out;
  for (P::ArgumentContext *a : nonNull(ctx->argument())) {
    Argument arg;
    if (a->label() && present(a->COLON()))
      arg.label = label(a->label());
    arg.value = expr(a->expression());
    arg.range = range(a);
    out.push_back(arg);
  }
  return ctx_.copy(out);
}

void AstBuilder::addItems(P::FileContext *file, bool firstRun) {
  if (!file)
    return;
  if (P::ModuleDeclContext *m = file->moduleDecl()) {
    if (firstRun && !sawItem_) {
      moduleName_ = qualifiedName(m->qualifiedName());
    } else {
      diags_.report(DiagCode::E1001, range(m),
                    "a 'module' declaration must come first in the file, before every import and "
                    "declaration");
    }
  }
  for (P::ItemContext *i : nonNull(file->item())) {
    sawItem_ = true;
    item(i);
  }
}

void AstBuilder::item(P::ItemContext *ctx) {
  if (P::ImportDeclContext *i = ctx->importDecl()) {
    StringLit *path = i->stringLit() ? stringLit(i->stringLit()) : nullptr;
    Identifier alias = i->ident() ? ident(i->ident()) : Identifier{};
    decls_.push_back(ctx_.make<ImportDecl>(range(i), alias, path, llvm::ArrayRef<Identifier>(), false));
    return;
  }
  if (P::FromImportDeclContext *f = ctx->fromImportDecl()) {
    StringLit *path = f->stringLit() ? stringLit(f->stringLit()) : nullptr;
    std::vector<Identifier> names;
    for (P::ImportedNameContext *n : nonNull(f->importedName())) {
      Identifier name = ident(n->ident());
      if (!name.empty())
        names.push_back(name);
    }
    decls_.push_back(ctx_.make<ImportDecl>(range(f), Identifier{}, path, ctx_.copy(names), true));
    return;
  }
  if (P::DeclarationContext *d = ctx->declaration())
    if (Decl *decl = declaration(d))
      decls_.push_back(decl);
}

Decl *AstBuilder::declaration(P::DeclarationContext *ctx) {
  Decl *decl = nullptr;
  if (auto *c = ctx->recordDecl())
    decl = recordDecl(c);
  else if (auto *c = ctx->enumDecl())
    decl = enumDecl(c);
  else if (auto *c = ctx->aliasDecl())
    decl = aliasDecl(c);
  else if (auto *c = ctx->taskDecl())
    decl = taskDecl(c);
  else if (auto *c = ctx->workflowDecl())
    decl = workflowDecl(c);
  else if (auto *c = ctx->launchPlanDecl())
    decl = launchPlanDecl(c);
  else if (auto *c = ctx->testDecl())
    decl = testDecl(c);
  if (!decl)
    return nullptr;
  decl->decorators = ctx_.copy(decorators(ctx->decorator()));
  decl->doc = docBefore(range(ctx).Start);
  // The declaration's range includes its decorators.
  decl->setRange(range(ctx));
  return decl;
}

Param AstBuilder::param(antlr4::ParserRuleContext *ctx, P::LabelContext *name, P::TypeExprContext *type,
                        P::ExpressionContext *defaultValue) {
  Param p;
  p.name = label(name);
  p.type = typeExpr(type);
  p.defaultValue = defaultValue ? expr(defaultValue) : nullptr;
  p.range = range(ctx);
  p.doc = docBefore(p.range.Start);
  return p;
}

llvm::ArrayRef<Param> AstBuilder::paramList(P::ParamListContext *ctx) {
  if (!ctx)
    return {};
  std::vector<Param> out;
  for (P::ParamContext *p : nonNull(ctx->param()))
    out.push_back(param(p, p->label(), p->typeExpr(), present(p->ASSIGN()) ? p->expression() : nullptr));
  return ctx_.copy(out);
}

llvm::ArrayRef<Param> AstBuilder::outputList(P::OutputListContext *ctx) {
  if (!ctx)
    return {};
  std::vector<Param> out;
  for (P::OutputParamContext *p : nonNull(ctx->outputParam()))
    out.push_back(param(p, p->label(), p->typeExpr(), nullptr));
  return ctx_.copy(out);
}

Decl *AstBuilder::recordDecl(P::RecordDeclContext *ctx) {
  std::vector<Param> fields;
  for (P::FieldDeclContext *f : nonNull(ctx->fieldDecl()))
    fields.push_back(param(f, f->label(), f->typeExpr(), present(f->ASSIGN()) ? f->expression() : nullptr));
  return ctx_.make<RecordDecl>(range(ctx), ident(ctx->ident()), ctx_.copy(fields));
}

Decl *AstBuilder::enumDecl(P::EnumDeclContext *ctx) {
  std::vector<EnumMember> members;
  for (P::EnumMemberContext *m : nonNull(ctx->enumMember())) {
    EnumMember member{ident(m->ident()), {}};
    if (member.name.empty())
      continue;
    member.doc = docBefore(member.name.range.Start);
    members.push_back(member);
  }
  return ctx_.make<EnumDecl>(range(ctx), ident(ctx->ident()), ctx_.copy(members));
}

Decl *AstBuilder::aliasDecl(P::AliasDeclContext *ctx) {
  return ctx_.make<AliasDecl>(range(ctx), ident(ctx->ident()), typeExpr(ctx->typeExpr()));
}

Decl *AstBuilder::taskDecl(P::TaskDeclContext *ctx) {
  TaskBody *body = nullptr;
  if (P::TaskBodyContext *b = ctx->taskBody()) {
    body = ctx_.makeData<TaskBody>();
    body->range = range(b);
    if (P::PluginCallContext *call = b->pluginCall()) {
      body->plugin = ident(call->ident());
      body->hasConfig = present(call->LPAREN());
      body->config = arguments(call->arguments());
      if (call->stringLit())
        body->script = stringLit(call->stringLit());
    }
  }
  return ctx_.make<TaskDecl>(range(ctx), ident(ctx->ident()), paramList(ctx->paramList()),
                             outputList(ctx->outputList()), ctx->outputList() != nullptr, body);
}

Decl *AstBuilder::workflowDecl(P::WorkflowDeclContext *ctx) {
  return ctx_.make<WorkflowDecl>(range(ctx), ident(ctx->ident()), present(ctx->DYNAMIC()),
                                 paramList(ctx->paramList()), outputList(ctx->outputList()),
                                 ctx->outputList() != nullptr, block(ctx->block()));
}

Decl *AstBuilder::launchPlanDecl(P::LaunchPlanDeclContext *ctx) {
  std::vector<LaunchPlanEntry> entries;
  for (P::LaunchPlanEntryContext *e : nonNull(ctx->launchPlanEntry())) {
    LaunchPlanEntry entry;
    entry.fixed = present(e->FIXED());
    entry.name = label(e->label());
    entry.value = expr(e->expression());
    entry.range = range(e);
    entries.push_back(entry);
  }
  return ctx_.make<LaunchPlanDecl>(range(ctx), ident(ctx->ident()), qualifiedName(ctx->qualifiedName()),
                                   ctx_.copy(entries));
}

Decl *AstBuilder::testDecl(P::TestDeclContext *ctx) {
  Identifier title{"", range(ctx)};
  if (P::StringLitContext *s = ctx->stringLit()) {
    StringLit *lit = stringLit(s);
    title = {ctx_.copy(lit->text()), lit->range()};
  }
  return ctx_.make<TestDecl>(range(ctx), title, block(ctx->block()));
}

Block *AstBuilder::block(P::BlockContext *ctx) {
  if (!ctx)
    return nullptr;
  std::vector<Stmt *> stmts;
  for (P::StatementContext *s : nonNull(ctx->statement()))
    if (Stmt *stmt = statement(s))
      stmts.push_back(stmt);
  return ctx_.make<Block>(range(ctx), ctx_.copy(stmts));
}

Stmt *AstBuilder::statement(P::StatementContext *ctx) {
  if (P::LetStmtContext *l = ctx->letStmt()) {
    std::vector<Identifier> names;
    bool destructure = false;
    if (P::LetTargetContext *t = l->letTarget()) {
      destructure = present(t->LPAREN());
      for (P::IdentContext *i : nonNull(t->ident())) {
        Identifier name = ident(i);
        if (!name.empty())
          names.push_back(name);
      }
    }
    return ctx_.make<LetStmt>(range(l), ctx_.copy(decorators(l->decorator())), ctx_.copy(names), destructure,
                              expr(l->expression()));
  }
  if (P::ReturnStmtContext *r = ctx->returnStmt())
    return ctx_.make<ReturnStmt>(range(r), arguments(r->arguments()), present(r->LPAREN()));
  if (P::AssertStmtContext *a = ctx->assertStmt()) {
    std::vector<P::ExpressionContext *> parts = nonNull(a->expression());
    Expr *cond = parts.empty() ? error(range(a)) : expr(parts[0]);
    Expr *message = parts.size() > 1 ? expr(parts[1]) : nullptr;
    return ctx_.make<AssertStmt>(range(a), cond, message);
  }
  if (P::MockStmtContext *m = ctx->mockStmt()) {
    // `mock t(args) -> (outs)` has two argument lists; `mock t -> (outs)` one.
    std::vector<P::ArgumentsContext *> lists = m->arguments();
    size_t parens = m->LPAREN().size();
    bool hasArgs = parens >= 2;
    llvm::ArrayRef<Argument> args, outputs;
    // Argument lists are optional inside their parentheses, so match them to
    // the parentheses by position.
    for (P::ArgumentsContext *list : lists) {
      if (!list)
        continue;
      bool afterArrow = m->ARROW() && list->getStart()->getTokenIndex() > m->ARROW()->getSymbol()->getTokenIndex();
      (afterArrow ? outputs : args) = arguments(list);
    }
    return ctx_.make<MockStmt>(range(m), qualifiedName(m->qualifiedName()), args, hasArgs, outputs);
  }
  if (P::ExprStmtContext *e = ctx->exprStmt())
    return ctx_.make<ExprStmt>(range(e), expr(e->expression()));
  return nullptr;
}

// ------------------------------------------------------------------ types

TypeExpr *AstBuilder::typeExpr(P::TypeExprContext *ctx) {
  if (!ctx)
    return nullptr;
  std::vector<TypeExpr *> members;
  for (P::OptionalTypeContext *o : nonNull(ctx->optionalType()))
    if (TypeExpr *t = optionalType(o))
      members.push_back(t);
  if (members.empty())
    return nullptr;
  if (members.size() == 1)
    return members.front();
  return ctx_.make<UnionType>(range(ctx), ctx_.copy(members));
}

TypeExpr *AstBuilder::optionalType(P::OptionalTypeContext *ctx) {
  TypeExpr *inner = primaryType(ctx->primaryType());
  if (!inner)
    return nullptr;
  for (antlr4::tree::TerminalNode *q : ctx->QUESTION())
    inner = ctx_.make<OptionalType>(join(inner->range(), range(q->getSymbol())), inner);
  return inner;
}

TypeExpr *AstBuilder::primaryType(P::PrimaryTypeContext *ctx) {
  if (!ctx)
    return nullptr;
  if (++depth_ > kMaxDepth) {
    --depth_;
    return nullptr;
  }
  TypeExpr *out = nullptr;
  if (auto *n = dynamic_cast<P::NamedTypeContext *>(ctx)) {
    std::vector<TypeArg> args;
    for (P::TypeArgContext *a : nonNull(n->typeArg())) {
      TypeArg arg;
      if (a->label() && present(a->COLON()))
        arg.label = label(a->label());
      arg.type = typeExpr(a->typeExpr());
      if (arg.type)
        args.push_back(arg);
    }
    QualifiedName name = qualifiedName(n->qualifiedName());
    if (!name.parts.empty())
      out = ctx_.make<NamedType>(range(n), name, ctx_.copy(args), present(n->LBRACK()));
  } else if (auto *none = dynamic_cast<P::NoneTypeContext *>(ctx)) {
    out = ctx_.make<NoneType>(range(none));
  } else if (auto *paren = dynamic_cast<P::ParenTypeContext *>(ctx)) {
    out = typeExpr(paren->typeExpr());
  }
  --depth_;
  return out;
}

// ------------------------------------------------------------ expressions

Expr *AstBuilder::expr(P::ExpressionContext *ctx) {
  if (!ctx)
    return error({});
  if (depth_ >= kMaxDepth) {
    if (!reportedDepth_)
      diags_.report(DiagCode::E1001, range(ctx),
                    fmt::format("expression nested more than {} levels deep; split it with 'let'",
                                kMaxDepth));
    reportedDepth_ = true;
    return error(range(ctx));
  }
  struct DepthGuard {
    unsigned &d;
    explicit DepthGuard(unsigned &d) : d(d) { ++d; }
    ~DepthGuard() { --d; }
  } guard(depth_);

  if (auto *p = dynamic_cast<P::PrimaryExprContext *>(ctx))
    return primary(p->primary());
  if (auto *f = dynamic_cast<P::FieldExprContext *>(ctx)) {
    Identifier field = label(f->label());
    Expr *base = expr(f->expression());
    if (field.empty())
      return base;
    return ctx_.make<FieldExpr>(range(f), base, field);
  }
  if (auto *c = dynamic_cast<P::CallExprContext *>(ctx))
    return ctx_.make<CallExpr>(range(c), expr(c->expression()), arguments(c->arguments()));
  if (auto *i = dynamic_cast<P::IndexExprContext *>(ctx)) {
    std::vector<P::ExpressionContext *> parts = i->expression();
    Expr *base = parts.size() > 0 ? expr(parts[0]) : error(range(i));
    Expr *index = parts.size() > 1 ? expr(parts[1]) : error(range(i));
    return ctx_.make<IndexExpr>(range(i), base, index);
  }
  if (auto *n = dynamic_cast<P::NegateExprContext *>(ctx))
    return negate(n);
  if (auto *n = dynamic_cast<P::NotExprContext *>(ctx))
    return ctx_.make<UnaryExpr>(range(n), UnaryOp::Not, expr(n->expression()));
  if (auto *b = dynamic_cast<P::BinaryExprContext *>(ctx))
    return binaryChain(b);
  return error(range(ctx));
}

/// Left-associative chains (`a + b + c + ...`) nest to the left without
/// bound, so walk the left spine in a loop rather than by recursion.
Expr *AstBuilder::binaryChain(P::BinaryExprContext *ctx) {
  std::vector<P::BinaryExprContext *> spine;
  P::ExpressionContext *leftmost = ctx;
  while (auto *b = dynamic_cast<P::BinaryExprContext *>(leftmost)) {
    // `??` associates to the right: its left side is not part of a chain.
    if (b->op && b->op->getType() == L::COALESCE && !spine.empty())
      break;
    spine.push_back(b);
    std::vector<P::ExpressionContext *> operands = b->expression();
    leftmost = operands.empty() ? nullptr : operands[0];
    if (b->op && b->op->getType() == L::COALESCE)
      break;
  }
  Expr *acc = expr(leftmost);
  for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
    P::BinaryExprContext *b = *it;
    std::vector<P::ExpressionContext *> operands = b->expression();
    Expr *rhs = operands.size() > 1 ? expr(operands[1]) : error(range(b));
    if (!b->op) {
      acc = error(range(b));
      continue;
    }
    BinaryOp op;
    switch (b->op->getType()) {
    case L::PLUS: op = BinaryOp::Add; break;
    case L::MINUS: op = BinaryOp::Sub; break;
    case L::STAR: op = BinaryOp::Mul; break;
    case L::SLASH: op = BinaryOp::Div; break;
    case L::PERCENT: op = BinaryOp::Mod; break;
    case L::EQ: op = BinaryOp::Eq; break;
    case L::NE: op = BinaryOp::Ne; break;
    case L::LT: op = BinaryOp::Lt; break;
    case L::LE: op = BinaryOp::Le; break;
    case L::GT: op = BinaryOp::Gt; break;
    case L::GE: op = BinaryOp::Ge; break;
    case L::AND: op = BinaryOp::And; break;
    case L::OR: op = BinaryOp::Or; break;
    default: op = BinaryOp::Coalesce; break;
    }
    acc = ctx_.make<BinaryExpr>(join(acc->range().Start.isValid() ? acc->range() : range(b), range(b)), op,
                                range(b->op), acc, rhs);
  }
  return acc;
}

/// `-7` and `-1.5` are literals, so the most negative integer can be written
/// and the AST of a negative constant is one node.
Expr *AstBuilder::negate(P::NegateExprContext *ctx) {
  if (auto *p = dynamic_cast<P::PrimaryExprContext *>(ctx->expression()))
    if (P::PrimaryContext *prim = p->primary())
      if (P::LiteralContext *lit = prim->literal())
        if (antlr4::Token *t = singleToken(lit)) {
          std::string err;
          if (t->getType() == L::INT) {
            int64_t value = 0;
            if (!parseInteger(text(t), /*negative=*/true, value, err)) {
              diags_.report(DiagCode::E1003, range(ctx), err);
              return error(range(ctx));
            }
            return ctx_.make<IntLit>(range(ctx), value);
          }
          if (t->getType() == L::FLOAT) {
            double value = 0;
            if (!parseFloat(text(t), value, err)) {
              diags_.report(DiagCode::E1003, range(ctx), err);
              return error(range(ctx));
            }
            return ctx_.make<FloatLit>(range(ctx), -value);
          }
        }
  return ctx_.make<UnaryExpr>(range(ctx), UnaryOp::Negate, expr(ctx->expression()));
}

Expr *AstBuilder::primary(P::PrimaryContext *ctx) {
  if (!ctx)
    return error({});
  if (P::RecordLiteralContext *r = ctx->recordLiteral()) {
    std::vector<FieldInit> fields;
    for (P::FieldInitContext *f : nonNull(r->fieldInit())) {
      FieldInit init{label(f->label()), expr(f->expression())};
      if (!init.name.empty())
        fields.push_back(init);
    }
    return ctx_.make<RecordLit>(range(r), qualifiedName(r->qualifiedName()), ctx_.copy(fields));
  }
  if (P::IdentContext *i = ctx->ident()) {
    Identifier name = ident(i);
    if (name.empty())
      return error(range(i));
    return ctx_.make<NameExpr>(name.range, name.name);
  }
  if (P::LiteralContext *l = ctx->literal())
    return literal(l);
  if (P::IfExprContext *i = ctx->ifExpr())
    return ifExpr(i);
  if (P::ForExprContext *f = ctx->forExpr())
    return ctx_.make<ForExpr>(range(f), ident(f->ident()), expr(f->expression()), block(f->block()));
  if (present(ctx->LPAREN())) {
    std::vector<P::ExpressionContext *> inner = ctx->expression();
    return inner.empty() ? error(range(ctx)) : expr(inner[0]);
  }
  if (present(ctx->LBRACK())) {
    std::vector<Expr *> elements;
    for (P::ExpressionContext *e : nonNull(ctx->expression()))
      elements.push_back(expr(e));
    return ctx_.make<ListLit>(range(ctx), ctx_.copy(elements));
  }
  if (present(ctx->LBRACE())) {
    std::vector<MapEntry> entries;
    for (P::MapEntryContext *m : nonNull(ctx->mapEntry())) {
      std::vector<P::ExpressionContext *> kv = m->expression();
      MapEntry entry;
      entry.key = kv.size() > 0 ? expr(kv[0]) : error(range(m));
      entry.value = kv.size() > 1 ? expr(kv[1]) : error(range(m));
      entries.push_back(entry);
    }
    return ctx_.make<MapLit>(range(ctx), ctx_.copy(entries));
  }
  return error(range(ctx));
}

IfExpr *AstBuilder::ifExpr(P::IfExprContext *ctx) {
  std::vector<P::BlockContext *> blocks = ctx->block();
  Block *thenBlock = blocks.size() > 0 ? block(blocks[0]) : nullptr;
  Block *elseBlock = blocks.size() > 1 ? block(blocks[1]) : nullptr;
  IfExpr *elseIf = nullptr;
  if (P::IfExprContext *next = ctx->ifExpr()) {
    if (depth_ < kMaxDepth) {
      ++depth_;
      elseIf = ifExpr(next);
      --depth_;
    }
  }
  return ctx_.make<IfExpr>(range(ctx), expr(ctx->expression()), thenBlock, elseBlock, elseIf);
}

Expr *AstBuilder::literal(P::LiteralContext *ctx) {
  if (P::StringLitContext *s = ctx->stringLit())
    return stringLit(s);
  antlr4::Token *t = singleToken(ctx);
  if (!t)
    return error(range(ctx));
  llvm::SMRange r = range(t);
  llvm::StringRef spelling = text(t);
  std::string err;
  switch (t->getType()) {
  case L::INT: {
    int64_t value = 0;
    if (!parseInteger(spelling, false, value, err))
      break;
    return ctx_.make<IntLit>(r, value);
  }
  case L::FLOAT: {
    double value = 0;
    if (!parseFloat(spelling, value, err))
      break;
    return ctx_.make<FloatLit>(r, value);
  }
  case L::DURATION: {
    int64_t millis = 0;
    if (!parseDuration(spelling, millis, err))
      break;
    return ctx_.make<DurationLit>(r, millis);
  }
  case L::SIZE: {
    int64_t bytes = 0;
    if (!parseSize(spelling, bytes, err))
      break;
    return ctx_.make<SizeLit>(r, bytes);
  }
  case L::TRUE:
    return ctx_.make<BoolLit>(r, true);
  case L::FALSE:
    return ctx_.make<BoolLit>(r, false);
  case L::NONE:
    return ctx_.make<NoneLit>(r);
  default: // INVALID_NUMBER: reported by the lexical check
    return error(r);
  }
  diags_.report(DiagCode::E1003, r, err);
  return error(r);
}

StringLit *AstBuilder::stringLit(P::StringLitContext *ctx) {
  antlr4::Token *t = singleToken(ctx);
  llvm::SMRange r = t ? range(t) : range(ctx);
  if (!t || t->getType() == L::UNTERMINATED_STRING || t->getType() == L::UNTERMINATED_TRIPLE_STRING) {
    // Reported by the lexical check; keep the node so the tree stays whole.
    return ctx_.make<StringLit>(r, llvm::ArrayRef<StringPart>(), false);
  }
  llvm::StringRef spelling = text(t);
  DecodedString decoded = decodeString(spelling);
  const char *start = r.Start.getPointer();
  auto span = [&](size_t offset, size_t length) {
    return llvm::SMRange(llvm::SMLoc::getFromPointer(start + offset),
                         llvm::SMLoc::getFromPointer(start + offset + length));
  };
  for (const LiteralError &e : decoded.errors)
    diags_.report(e.code, span(e.offset, e.length), e.message);
  std::vector<StringPart> parts;
  for (const DecodedPart &p : decoded.parts) {
    StringPart part;
    part.range = span(p.offset, p.length);
    if (p.interpolation)
      part.expr = interpolation(spelling.substr(p.innerOffset, p.innerLength), start + p.innerOffset);
    else
      part.text = ctx_.copy(p.text);
    parts.push_back(part);
  }
  return ctx_.make<StringLit>(r, ctx_.copy(parts), decoded.triple);
}

Expr *AstBuilder::interpolation(llvm::StringRef inner, const char *innerStart) {
  llvm::SMRange r(llvm::SMLoc::getFromPointer(innerStart),
                  llvm::SMLoc::getFromPointer(innerStart + inner.size()));
  if (nesting_ >= 8) {
    diags_.report(DiagCode::E1001, r, "strings nested in interpolations more than 8 deep; use 'let'");
    return error(r);
  }
  return parseInterpolation(ctx_, diags_, inner, innerStart, nesting_ + 1);
}

Expr *AstBuilder::standaloneExpression(P::StandaloneExpressionContext *ctx) {
  return ctx ? expr(ctx->expression()) : error({});
}

} // namespace flytec::parse
