#include "parse/AstBuilder.h"

#include "FlyteLexer.h"
#include "FlyteParser.h"
#include "parse/Lexer.h"
#include "parse/Literals.h"
#include "parse/Parser.h"
#include "parse/Tree.h"
#include "diag/SourceLocation.h"

#include <fmt/format.h>
#include <llvm/ADT/StringExtras.h>

namespace flytec::parse {

using namespace flytec::ast;
using namespace flytec::parse::tree;
using L = flyteparse::FlyteLexer;
using P = flyteparse::FlyteParser;

namespace {

/// Deep enough for any program a person writes; shallow enough that the
/// recursion below stays far from the stack's end.
constexpr unsigned kMaxDepth = 512;

struct DepthGuard {
  unsigned &depth;
  explicit DepthGuard(unsigned &d) : depth(d) { ++depth; }
  ~DepthGuard() { --depth; }
};

std::optional<BinaryOp> binaryOp(size_t tokenType) {
  switch (tokenType) {
  case L::PLUS: return BinaryOp::Add;
  case L::MINUS: return BinaryOp::Sub;
  case L::STAR: return BinaryOp::Mul;
  case L::SLASH: return BinaryOp::Div;
  case L::PERCENT: return BinaryOp::Mod;
  case L::EQ: return BinaryOp::Eq;
  case L::NE: return BinaryOp::Ne;
  case L::LT: return BinaryOp::Lt;
  case L::LE: return BinaryOp::Le;
  case L::GT: return BinaryOp::Gt;
  case L::GE: return BinaryOp::Ge;
  case L::AND: return BinaryOp::And;
  case L::OR: return BinaryOp::Or;
  case L::COALESCE: return BinaryOp::Coalesce;
  default: return std::nullopt;
  }
}

/// The shape of an `expression` node, read from its children (the labeled
/// alternatives of the rule share one rule index).
enum class ExprShape { Primary, Field, Call, Index, Negate, Not, Binary, Broken };

ExprShape shapeOf(Ctx *ctx) {
  antlr4::tree::ParseTree *first = child(ctx, 0);
  if (ruleIndex(first) == P::RulePrimary)
    return ExprShape::Primary;
  if (tokenType(first) == L::MINUS)
    return ExprShape::Negate;
  if (tokenType(first) == L::NOT)
    return ExprShape::Not;
  if (ruleIndex(first) != P::RuleExpression)
    return ExprShape::Broken;
  switch (tokenType(child(ctx, 1))) {
  case L::DOT: return ExprShape::Field;
  case L::LPAREN: return ExprShape::Call;
  case L::LBRACK: return ExprShape::Index;
  default: return binaryOp(tokenType(child(ctx, 1))) ? ExprShape::Binary : ExprShape::Broken;
  }
}

} // namespace

llvm::SMRange AstBuilder::range(Ctx *ctx) const {
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
  const char *base = lexed_.locAtByte(0).getPointer();
  size_t offset = loc.getPointer() - base;
  auto it = std::upper_bound(docs.begin(), docs.end(), offset,
                             [](size_t off, const DocComment &d) { return off < d.begin; });
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

/// An `ident` or a `label` (which is an ident or a keyword token).
Identifier AstBuilder::word(Ctx *ctx) const {
  if (!ctx)
    return {};
  if (Ctx *inner = rule(child(ctx, 0)); inner && ctx->children.size() == 1)
    ctx = inner;
  antlr4::Token *t = onlyToken(ctx);
  if (!t)
    return {"", range(ctx)};
  return {text(t), lexed_.rangeOf(t)};
}

QualifiedName AstBuilder::qualifiedName(Ctx *ctx) {
  if (!ctx)
    return {};
  std::vector<Identifier> parts;
  for (antlr4::tree::ParseTree *c : ctx->children)
    if (Ctx *r = rule(c)) {
      Identifier part = word(r);
      if (!part.empty())
        parts.push_back(part);
    }
  return {ctx_.copy(parts), range(ctx)};
}

std::vector<Decorator> AstBuilder::decorators(Ctx *owner) {
  std::vector<Decorator> out;
  for (Ctx *d : findAll(owner, P::RuleDecorator)) {
    Decorator deco;
    deco.name = qualifiedName(find(d, P::RuleQualifiedName));
    deco.hasParens = findToken(d, L::LPAREN) != nullptr;
    deco.args = arguments(find(d, P::RuleArguments));
    deco.range = range(d);
    out.push_back(deco);
  }
  return out;
}

llvm::ArrayRef<Argument> AstBuilder::arguments(Ctx *ctx) {
  if (!ctx)
    return {};
  std::vector<Argument> out;
  for (Ctx *a : findAll(ctx, P::RuleArgument)) {
    Argument arg;
    bool labeled = ruleIndex(child(a, 0)) == P::RuleLabel && tokenType(child(a, 1)) == L::COLON;
    if (labeled)
      arg.label = word(rule(child(a, 0)));
    arg.value = expr(find(a, P::RuleExpression));
    arg.range = range(a);
    out.push_back(arg);
  }
  return ctx_.copy(out);
}

void AstBuilder::addItems(Ctx *file, bool firstRun) {
  if (!file)
    return;
  for (antlr4::tree::ParseTree *c : file->children) {
    Ctx *r = rule(c);
    if (!r)
      continue;
    if (r->getRuleIndex() == P::RuleModuleDecl) {
      if (firstRun && !sawItem_)
        moduleName_ = qualifiedName(find(r, P::RuleQualifiedName));
      else
        diags_.report(DiagCode::E1001, range(r),
                      "a 'module' declaration must come first in the file, before every import and "
                      "declaration");
    } else if (r->getRuleIndex() == P::RuleItem) {
      sawItem_ = true;
      item(r);
    }
  }
}

void AstBuilder::item(Ctx *ctx) {
  Ctx *inner = rule(child(ctx, 0));
  if (!inner)
    return;
  switch (inner->getRuleIndex()) {
  case P::RuleImportDecl: {
    Ctx *path = find(inner, P::RuleStringLit);
    Ctx *alias = find(inner, P::RuleIdent);
    decls_.push_back(ctx_.make<ImportDecl>(range(inner), alias ? word(alias) : Identifier{},
                                           path ? stringLit(path) : nullptr, llvm::ArrayRef<Identifier>(),
                                           false));
    return;
  }
  case P::RuleFromImportDecl: {
    Ctx *path = find(inner, P::RuleStringLit);
    std::vector<Identifier> names;
    for (Ctx *n : findAll(inner, P::RuleImportedName)) {
      Identifier name = word(find(n, P::RuleIdent));
      if (!name.empty())
        names.push_back(name);
    }
    decls_.push_back(ctx_.make<ImportDecl>(range(inner), Identifier{}, path ? stringLit(path) : nullptr,
                                           ctx_.copy(names), true));
    return;
  }
  case P::RuleDeclaration:
    if (Decl *decl = declaration(inner))
      decls_.push_back(decl);
    return;
  default:
    return;
  }
}

Decl *AstBuilder::declaration(Ctx *ctx) {
  Decl *decl = nullptr;
  for (antlr4::tree::ParseTree *c : ctx->children) {
    Ctx *r = rule(c);
    if (!r)
      continue;
    switch (r->getRuleIndex()) {
    case P::RuleRecordDecl: decl = recordDecl(r); break;
    case P::RuleEnumDecl: decl = enumDecl(r); break;
    case P::RuleAliasDecl: decl = aliasDecl(r); break;
    case P::RuleTaskDecl: decl = taskDecl(r); break;
    case P::RuleWorkflowDecl: decl = workflowDecl(r); break;
    case P::RuleLaunchPlanDecl: decl = launchPlanDecl(r); break;
    case P::RuleTestDecl: decl = testDecl(r); break;
    default: break;
    }
  }
  if (!decl)
    return nullptr;
  decl->decorators = ctx_.copy(decorators(ctx));
  decl->doc = docBefore(range(ctx).Start);
  decl->setRange(range(ctx)); // including the decorators
  return decl;
}

Param AstBuilder::param(Ctx *ctx) {
  Param p;
  p.name = word(find(ctx, P::RuleLabel));
  p.type = typeExpr(find(ctx, P::RuleTypeExpr));
  if (findToken(ctx, L::ASSIGN))
    p.defaultValue = expr(find(ctx, P::RuleExpression));
  p.range = range(ctx);
  p.doc = docBefore(p.range.Start);
  return p;
}

llvm::ArrayRef<Param> AstBuilder::params(Ctx *list, size_t itemRule) {
  std::vector<Param> out;
  for (Ctx *p : findAll(list, itemRule))
    out.push_back(param(p));
  return ctx_.copy(out);
}

Decl *AstBuilder::recordDecl(Ctx *ctx) {
  return ctx_.make<RecordDecl>(range(ctx), word(find(ctx, P::RuleIdent)), params(ctx, P::RuleFieldDecl));
}

Decl *AstBuilder::enumDecl(Ctx *ctx) {
  std::vector<EnumMember> members;
  for (Ctx *m : findAll(ctx, P::RuleEnumMember)) {
    EnumMember member{word(find(m, P::RuleIdent)), {}};
    if (member.name.empty())
      continue;
    member.doc = docBefore(member.name.range.Start);
    members.push_back(member);
  }
  return ctx_.make<EnumDecl>(range(ctx), word(find(ctx, P::RuleIdent)), ctx_.copy(members));
}

Decl *AstBuilder::aliasDecl(Ctx *ctx) {
  return ctx_.make<AliasDecl>(range(ctx), word(find(ctx, P::RuleIdent)), typeExpr(find(ctx, P::RuleTypeExpr)));
}

Decl *AstBuilder::taskDecl(Ctx *ctx) {
  TaskBody *body = nullptr;
  if (Ctx *b = find(ctx, P::RuleTaskBody)) {
    body = ctx_.makeData<TaskBody>();
    body->range = range(b);
    if (Ctx *call = find(b, P::RulePluginCall)) {
      body->plugin = word(find(call, P::RuleIdent));
      body->hasConfig = findToken(call, L::LPAREN) != nullptr;
      body->config = arguments(find(call, P::RuleArguments));
      if (Ctx *script = find(call, P::RuleStringLit))
        body->script = stringLit(script);
    }
  }
  Ctx *outputs = find(ctx, P::RuleOutputList);
  return ctx_.make<TaskDecl>(range(ctx), word(find(ctx, P::RuleIdent)),
                             params(find(ctx, P::RuleParamList), P::RuleParam),
                             params(outputs, P::RuleOutputParam), outputs != nullptr, body);
}

Decl *AstBuilder::workflowDecl(Ctx *ctx) {
  Ctx *outputs = find(ctx, P::RuleOutputList);
  return ctx_.make<WorkflowDecl>(range(ctx), word(find(ctx, P::RuleIdent)), findToken(ctx, L::DYNAMIC) != nullptr,
                                 params(find(ctx, P::RuleParamList), P::RuleParam),
                                 params(outputs, P::RuleOutputParam), outputs != nullptr,
                                 block(find(ctx, P::RuleBlock)));
}

Decl *AstBuilder::launchPlanDecl(Ctx *ctx) {
  std::vector<LaunchPlanEntry> entries;
  for (Ctx *e : findAll(ctx, P::RuleLaunchPlanEntry)) {
    LaunchPlanEntry entry;
    entry.fixed = findToken(e, L::FIXED) != nullptr;
    entry.name = word(find(e, P::RuleLabel));
    entry.value = expr(find(e, P::RuleExpression));
    entry.range = range(e);
    entries.push_back(entry);
  }
  return ctx_.make<LaunchPlanDecl>(range(ctx), word(find(ctx, P::RuleIdent)),
                                   qualifiedName(find(ctx, P::RuleQualifiedName)), ctx_.copy(entries));
}

Decl *AstBuilder::testDecl(Ctx *ctx) {
  Identifier title{"", range(ctx)};
  if (Ctx *s = find(ctx, P::RuleStringLit)) {
    StringLit *lit = stringLit(s);
    title = {ctx_.copy(lit->text()), lit->range()};
  }
  return ctx_.make<TestDecl>(range(ctx), title, block(find(ctx, P::RuleBlock)));
}

Block *AstBuilder::block(Ctx *ctx) {
  if (!ctx)
    return nullptr;
  std::vector<Stmt *> stmts;
  for (Ctx *s : findAll(ctx, P::RuleStatement))
    if (Stmt *stmt = statement(s))
      stmts.push_back(stmt);
  checkReturns(stmts);
  return ctx_.make<Block>(range(ctx), ctx_.copy(stmts));
}

/// `return x` reads as a bare `return` and then a statement `x`; outputs are
/// always named, so say how to write them.
void AstBuilder::checkReturns(llvm::ArrayRef<Stmt *> stmts) {
  for (size_t i = 0; i + 1 < stmts.size(); ++i) {
    auto *ret = llvm::dyn_cast<ReturnStmt>(stmts[i]);
    if (ret && !ret->hasParens && llvm::isa<ExprStmt>(stmts[i + 1]) &&
        lineColumn(diags_.sources(), ret->range().Start).line ==
            lineColumn(diags_.sources(), stmts[i + 1]->range().Start).line)
      diags_.report(DiagCode::E1001, stmts[i + 1]->range(),
                    "outputs are returned by name: write 'return (name: value, ...)'");
  }
}

AstBuilder::WorkflowHeader AstBuilder::workflowHeader(Ctx *header) {
  WorkflowHeader h;
  h.name = word(find(header, P::RuleIdent));
  h.dynamic = findToken(header, L::DYNAMIC) != nullptr;
  h.inputs = params(find(header, P::RuleParamList), P::RuleParam);
  Ctx *outputs = find(header, P::RuleOutputList);
  h.outputs = params(outputs, P::RuleOutputParam);
  h.hasOutputList = outputs != nullptr;
  h.decorators = ctx_.copy(decorators(header));
  return h;
}

void AstBuilder::appendStatements(Ctx *statementRun, std::vector<Stmt *> &out) {
  for (Ctx *s : findAll(statementRun, P::RuleStatement))
    if (Stmt *stmt = statement(s))
      out.push_back(stmt);
}

void AstBuilder::addWorkflow(const WorkflowHeader &h, const std::vector<Stmt *> &stmts, llvm::SMRange declRange,
                             llvm::SMRange bodyRange) {
  checkReturns(stmts);
  Block *body = ctx_.make<Block>(bodyRange, ctx_.copy(stmts));
  auto *decl = ctx_.make<WorkflowDecl>(declRange, h.name, h.dynamic, h.inputs, h.outputs, h.hasOutputList, body);
  decl->decorators = h.decorators;
  decl->doc = docBefore(declRange.Start);
  sawItem_ = true;
  decls_.push_back(decl);
}

Stmt *AstBuilder::statement(Ctx *ctx) {
  Ctx *s = rule(child(ctx, 0));
  if (!s)
    return nullptr;
  switch (s->getRuleIndex()) {
  case P::RuleLetStmt: {
    std::vector<Identifier> names;
    bool destructure = false;
    if (Ctx *target = find(s, P::RuleLetTarget)) {
      destructure = findToken(target, L::LPAREN) != nullptr;
      for (Ctx *i : findAll(target, P::RuleIdent)) {
        Identifier name = word(i);
        if (!name.empty())
          names.push_back(name);
      }
    }
    return ctx_.make<LetStmt>(range(s), ctx_.copy(decorators(s)), ctx_.copy(names), destructure,
                              expr(find(s, P::RuleExpression)));
  }
  case P::RuleReturnStmt:
    return ctx_.make<ReturnStmt>(range(s), arguments(find(s, P::RuleArguments)),
                                 findToken(s, L::LPAREN) != nullptr);
  case P::RuleAssertStmt: {
    std::vector<Ctx *> parts = findAll(s, P::RuleExpression);
    Expr *cond = parts.empty() ? error(range(s)) : expr(parts[0]);
    Expr *message = parts.size() > 1 ? expr(parts[1]) : nullptr;
    return ctx_.make<AssertStmt>(range(s), cond, message);
  }
  case P::RuleMockStmt: {
    // `mock t(args) -> (outs)` or `mock t -> (outs)`: argument lists belong
    // to the parentheses before or after the arrow.
    llvm::ArrayRef<Argument> args, outputs;
    bool afterArrow = false, hasArgs = false;
    for (antlr4::tree::ParseTree *c : s->children) {
      size_t type = tokenType(c);
      if (type == L::ARROW)
        afterArrow = true;
      else if (type == L::LPAREN && !afterArrow)
        hasArgs = true;
      else if (ruleIndex(c) == P::RuleArguments)
        (afterArrow ? outputs : args) = arguments(rule(c));
    }
    return ctx_.make<MockStmt>(range(s), qualifiedName(find(s, P::RuleQualifiedName)), args, hasArgs, outputs);
  }
  case P::RuleExprStmt: {
    // At the start of a statement `assert` and `mock` are keywords; landing
    // here means their statement did not parse as one.
    antlr4::Token *first = s->getStart();
    if (first && (first->getType() == L::ASSERT || first->getType() == L::MOCK)) {
      bool isAssert = first->getType() == L::ASSERT;
      diags_.report(DiagCode::E1001, range(first),
                    isAssert ? "'assert' must be followed by a condition: assert COND or assert COND, \"message\""
                             : "a mock is written 'mock TASK(ARGS) -> (OUTPUT: VALUE, ...)', or 'mock TASK -> "
                               "(...)' for every call");
      return nullptr;
    }
    return ctx_.make<ExprStmt>(range(s), expr(find(s, P::RuleExpression)));
  }
  default:
    return nullptr;
  }
}

// ------------------------------------------------------------------ types

TypeExpr *AstBuilder::typeExpr(Ctx *ctx) {
  if (!ctx)
    return nullptr;
  std::vector<TypeExpr *> members;
  for (Ctx *o : findAll(ctx, P::RuleOptionalType))
    if (TypeExpr *t = optionalType(o))
      members.push_back(t);
  if (members.empty())
    return nullptr;
  if (members.size() == 1)
    return members.front();
  return ctx_.make<UnionType>(range(ctx), ctx_.copy(members));
}

TypeExpr *AstBuilder::optionalType(Ctx *ctx) {
  TypeExpr *inner = primaryType(find(ctx, P::RulePrimaryType));
  if (!inner)
    return nullptr;
  for (antlr4::tree::ParseTree *c : ctx->children)
    if (antlr4::Token *q = token(c); q && q->getType() == L::QUESTION)
      inner = ctx_.make<OptionalType>(llvm::SMRange(range(ctx).Start, range(q).End), inner);
  return inner;
}

TypeExpr *AstBuilder::primaryType(Ctx *ctx) {
  if (!ctx || depth_ >= kMaxDepth)
    return nullptr;
  DepthGuard guard(depth_);
  antlr4::tree::ParseTree *first = child(ctx, 0);
  if (tokenType(first) == L::NONE)
    return ctx_.make<NoneType>(range(ctx));
  if (tokenType(first) == L::LPAREN)
    return typeExpr(find(ctx, P::RuleTypeExpr));
  QualifiedName name = qualifiedName(find(ctx, P::RuleQualifiedName));
  if (name.parts.empty())
    return nullptr;
  std::vector<TypeArg> args;
  for (Ctx *a : findAll(ctx, P::RuleTypeArg)) {
    TypeArg arg;
    if (ruleIndex(child(a, 0)) == P::RuleLabel && tokenType(child(a, 1)) == L::COLON)
      arg.label = word(rule(child(a, 0)));
    arg.type = typeExpr(find(a, P::RuleTypeExpr));
    arg.range = range(a);
    if (arg.type)
      args.push_back(arg);
  }
  return ctx_.make<NamedType>(range(ctx), name, ctx_.copy(args), findToken(ctx, L::LBRACK) != nullptr);
}

// ------------------------------------------------------------ expressions

Expr *AstBuilder::expr(Ctx *ctx) {
  if (!ctx)
    return error({});
  if (depth_ >= kMaxDepth) {
    if (!reportedDepth_)
      diags_.report(DiagCode::E1001, range(ctx),
                    fmt::format("expression nested more than {} levels deep; split it with 'let'", kMaxDepth));
    reportedDepth_ = true;
    return error(range(ctx));
  }
  DepthGuard guard(depth_);
  switch (shapeOf(ctx)) {
  case ExprShape::Primary:
    return primary(rule(child(ctx, 0)));
  case ExprShape::Field: {
    Expr *base = expr(rule(child(ctx, 0)));
    Identifier field = word(find(ctx, P::RuleLabel));
    if (field.empty())
      return base;
    return ctx_.make<FieldExpr>(range(ctx), base, field);
  }
  case ExprShape::Call:
    return ctx_.make<CallExpr>(range(ctx), expr(rule(child(ctx, 0))), arguments(find(ctx, P::RuleArguments)));
  case ExprShape::Index: {
    Ctx *index = ruleIndex(child(ctx, 2)) == P::RuleExpression ? rule(child(ctx, 2)) : nullptr;
    return ctx_.make<IndexExpr>(range(ctx), expr(rule(child(ctx, 0))), index ? expr(index) : error(range(ctx)));
  }
  case ExprShape::Negate:
    return negate(ctx);
  case ExprShape::Not:
    return ctx_.make<UnaryExpr>(range(ctx), UnaryOp::Not, expr(find(ctx, P::RuleExpression)));
  case ExprShape::Binary:
    return binaryChain(ctx);
  case ExprShape::Broken:
    return error(range(ctx));
  }
  return error(range(ctx));
}

/// Left-associative chains (`a + b + c + ...`) nest to the left without
/// bound, so walk the left spine in a loop rather than by recursion. `??`
/// associates to the right and ends the spine.
Expr *AstBuilder::binaryChain(Ctx *ctx) {
  std::vector<Ctx *> spine;
  Ctx *leftmost = ctx;
  while (leftmost && shapeOf(leftmost) == ExprShape::Binary) {
    bool coalesce = tokenType(child(leftmost, 1)) == L::COALESCE;
    if (coalesce && !spine.empty())
      break;
    spine.push_back(leftmost);
    leftmost = rule(child(leftmost, 0));
    if (coalesce)
      break;
  }
  Expr *acc = expr(leftmost);
  for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
    Ctx *b = *it;
    Ctx *rhsCtx = ruleIndex(child(b, 2)) == P::RuleExpression ? rule(child(b, 2)) : nullptr;
    Expr *rhs = rhsCtx ? expr(rhsCtx) : error(range(b));
    antlr4::Token *opToken = token(child(b, 1));
    acc = ctx_.make<BinaryExpr>(range(b), *binaryOp(opToken->getType()), range(opToken), acc, rhs);
  }
  return acc;
}

/// `-7` and `-1.5` are literals, so the most negative integer can be written
/// and the AST of a negative constant is one node.
Expr *AstBuilder::negate(Ctx *ctx) {
  Ctx *operand = find(ctx, P::RuleExpression);
  Ctx *prim = operand && shapeOf(operand) == ExprShape::Primary ? rule(child(operand, 0)) : nullptr;
  Ctx *lit = prim ? find(prim, P::RuleLiteral) : nullptr;
  if (antlr4::Token *t = onlyToken(lit)) {
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
      if (!parseFloat(("-" + text(t)).str(), value, err)) {
        diags_.report(DiagCode::E1003, range(ctx), err);
        return error(range(ctx));
      }
      return ctx_.make<FloatLit>(range(ctx), value);
    }
  }
  return ctx_.make<UnaryExpr>(range(ctx), UnaryOp::Negate, expr(operand));
}

Expr *AstBuilder::primary(Ctx *ctx) {
  if (!ctx)
    return error({});
  antlr4::tree::ParseTree *first = child(ctx, 0);
  if (Ctx *r = rule(first)) {
    switch (r->getRuleIndex()) {
    case P::RuleRecordLiteral: {
      std::vector<FieldInit> fields;
      for (Ctx *f : findAll(r, P::RuleFieldInit)) {
        FieldInit init{word(find(f, P::RuleLabel)), expr(find(f, P::RuleExpression)), range(f)};
        if (!init.name.empty())
          fields.push_back(init);
      }
      return ctx_.make<RecordLit>(range(r), qualifiedName(find(r, P::RuleQualifiedName)), ctx_.copy(fields));
    }
    case P::RuleIdent: {
      Identifier name = word(r);
      if (name.empty())
        return error(range(r));
      return ctx_.make<NameExpr>(name.range, name.name);
    }
    case P::RuleLiteral:
      return literal(r);
    case P::RuleIfExpr:
      return ifExpr(r);
    case P::RuleForExpr:
      return ctx_.make<ForExpr>(range(r), word(find(r, P::RuleIdent)), expr(find(r, P::RuleExpression)),
                                block(find(r, P::RuleBlock)));
    default:
      return error(range(ctx));
    }
  }
  switch (tokenType(first)) {
  case L::LPAREN: {
    Ctx *inner = find(ctx, P::RuleExpression);
    return inner ? expr(inner) : error(range(ctx));
  }
  case L::LBRACK: {
    std::vector<Expr *> elements;
    for (Ctx *e : findAll(ctx, P::RuleExpression))
      elements.push_back(expr(e));
    return ctx_.make<ListLit>(range(ctx), ctx_.copy(elements));
  }
  case L::LBRACE: {
    std::vector<MapEntry> entries;
    for (Ctx *m : findAll(ctx, P::RuleMapEntry)) {
      std::vector<Ctx *> kv = findAll(m, P::RuleExpression);
      MapEntry entry;
      entry.key = kv.size() > 0 ? expr(kv[0]) : error(range(m));
      entry.value = kv.size() > 1 ? expr(kv[1]) : error(range(m));
      entries.push_back(entry);
    }
    return ctx_.make<MapLit>(range(ctx), ctx_.copy(entries));
  }
  default:
    return error(range(ctx));
  }
}

IfExpr *AstBuilder::ifExpr(Ctx *ctx) {
  std::vector<Ctx *> blocks = findAll(ctx, P::RuleBlock);
  Block *thenBlock = blocks.size() > 0 ? block(blocks[0]) : nullptr;
  Block *elseBlock = blocks.size() > 1 ? block(blocks[1]) : nullptr;
  IfExpr *elseIf = nullptr;
  if (Ctx *next = find(ctx, P::RuleIfExpr); next && depth_ < kMaxDepth) {
    DepthGuard guard(depth_);
    elseIf = ifExpr(next);
  }
  return ctx_.make<IfExpr>(range(ctx), expr(find(ctx, P::RuleExpression)), thenBlock, elseBlock, elseIf);
}

Expr *AstBuilder::literal(Ctx *ctx) {
  if (Ctx *s = find(ctx, P::RuleStringLit))
    return stringLit(s);
  antlr4::Token *t = onlyToken(ctx);
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

StringLit *AstBuilder::stringLit(Ctx *ctx) {
  antlr4::Token *t = onlyToken(ctx);
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

/// `{{ name }}` and `{{ a.b.c }}`: nearly every interpolation, and every
/// task placeholder. Built directly, the same nodes the parser would give,
/// without lexing and parsing the text a second time; null for anything else.
Expr *AstBuilder::dottedName(llvm::StringRef inner, const char *innerStart) {
  auto isWordChar = [](char c) { return llvm::isAlnum(c) || c == '_'; };
  auto loc = [&](size_t at) { return llvm::SMLoc::getFromPointer(innerStart + at); };
  size_t i = inner.find_first_not_of(" \t");
  size_t end = inner.find_last_not_of(" \t");
  if (i == llvm::StringRef::npos || !(llvm::isAlpha(inner[i]) || inner[i] == '_'))
    return nullptr;
  size_t start = i;
  auto wordEnd = [&](size_t at) {
    while (at < inner.size() && isWordChar(inner[at]))
      ++at;
    return at;
  };
  size_t j = wordEnd(i);
  llvm::StringRef first = inner.slice(i, j);
  // Keywords (`true`, `not`, `if`...) start other expressions.
  if (wordTokenType(first) != L::IDENT && wordTokenType(first) < L::FIXED)
    return nullptr;
  Expr *e = ctx_.make<NameExpr>(llvm::SMRange(loc(i), loc(j)), first);
  while (j < inner.size() && inner[j] == '.') {
    size_t k = j + 1;
    if (k >= inner.size() || !(llvm::isAlpha(inner[k]) || inner[k] == '_'))
      return nullptr;
    size_t kEnd = wordEnd(k);
    e = ctx_.make<FieldExpr>(llvm::SMRange(loc(start), loc(kEnd)), e,
                             Identifier{inner.slice(k, kEnd), llvm::SMRange(loc(k), loc(kEnd))});
    j = kEnd;
  }
  return j == end + 1 ? e : nullptr;
}

Expr *AstBuilder::interpolation(llvm::StringRef inner, const char *innerStart) {
  llvm::SMRange r(llvm::SMLoc::getFromPointer(innerStart), llvm::SMLoc::getFromPointer(innerStart + inner.size()));
  if (Expr *simple = dottedName(inner, innerStart))
    return simple;
  if (nesting_ >= 8) {
    diags_.report(DiagCode::E1001, r, "strings nested in interpolations more than 8 deep; use 'let'");
    return error(r);
  }
  return parseInterpolation(ctx_, diags_, inner, innerStart, nesting_ + 1);
}

Expr *AstBuilder::standaloneExpression(Ctx *ctx) {
  Ctx *e = find(ctx, P::RuleExpression);
  return e ? expr(e) : error(range(ctx));
}

} // namespace flytec::parse
