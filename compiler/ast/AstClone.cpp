#include "ast/AstClone.h"

namespace flytec::ast {

namespace {

class Cloner {
public:
  Cloner(AstContext &ctx, const Relocation &r) : ctx_(ctx), r_(r) {}

  // ------------------------------------------------------------ locations

  /// A location outside the text (a recovered node pointing at the next
  /// declaration) cannot be moved: the copy fails and the caller parses.
  const char *at(const char *p) {
    if (!p)
      return p;
    if (p < r_.oldBegin || p > r_.oldEnd) {
      failed = true;
      return p;
    }
    return r_.newBegin + (p - r_.oldBegin);
  }
  llvm::SMLoc loc(llvm::SMLoc l) { return llvm::SMLoc::getFromPointer(at(l.getPointer())); }
  llvm::SMRange range(llvm::SMRange r) { return {loc(r.Start), loc(r.End)}; }
  llvm::StringRef text(llvm::StringRef s) {
    if (s.empty())
      return s;
    if (s.begin() >= r_.oldBegin && s.end() <= r_.oldEnd)
      return llvm::StringRef(at(s.begin()), s.size());
    return ctx_.copy(s); // decoded text in the old arena
  }

  // -------------------------------------------------------------- pieces

  Identifier id(const Identifier &i) { return {text(i.name), range(i.range)}; }
  QualifiedName qualified(const QualifiedName &q) {
    std::vector<Identifier> parts;
    for (const Identifier &p : q.parts)
      parts.push_back(id(p));
    return {ctx_.copy(parts), range(q.range)};
  }
  llvm::ArrayRef<Identifier> ids(llvm::ArrayRef<Identifier> list) {
    std::vector<Identifier> out;
    for (const Identifier &i : list)
      out.push_back(id(i));
    return ctx_.copy(out);
  }
  llvm::ArrayRef<Argument> args(llvm::ArrayRef<Argument> list) {
    std::vector<Argument> out;
    for (const Argument &a : list)
      out.push_back({id(a.label), expr(a.value), range(a.range)});
    return ctx_.copy(out);
  }
  llvm::ArrayRef<Decorator> decorators(llvm::ArrayRef<Decorator> list) {
    std::vector<Decorator> out;
    for (const Decorator &d : list)
      out.push_back({qualified(d.name), args(d.args), d.hasParens, range(d.range)});
    return ctx_.copy(out);
  }
  llvm::ArrayRef<Param> params(llvm::ArrayRef<Param> list) {
    std::vector<Param> out;
    for (const Param &p : list)
      out.push_back({id(p.name), type(p.type), expr(p.defaultValue), text(p.doc), range(p.range)});
    return ctx_.copy(out);
  }

  // --------------------------------------------------------------- types

  TypeExpr *type(const TypeExpr *t) {
    if (!t)
      return nullptr;
    switch (t->kind()) {
    case NodeKind::NamedType: {
      const auto &n = llvm::cast<NamedType>(*t);
      std::vector<TypeArg> targs;
      for (const TypeArg &a : n.args)
        targs.push_back({id(a.label), type(a.type), range(a.range)});
      return ctx_.make<NamedType>(range(n.range()), qualified(n.name), ctx_.copy(targs), n.hasArgs);
    }
    case NodeKind::OptionalType:
      return ctx_.make<OptionalType>(range(t->range()), type(llvm::cast<OptionalType>(*t).inner));
    case NodeKind::UnionType: {
      std::vector<TypeExpr *> members;
      for (const TypeExpr *m : llvm::cast<UnionType>(*t).members)
        members.push_back(type(m));
      return ctx_.make<UnionType>(range(t->range()), ctx_.copy(members));
    }
    case NodeKind::NoneType:
      return ctx_.make<NoneType>(range(t->range()));
    default:
      // A kind this copy does not know: parse the declaration instead.
      failed = true;
      return nullptr;
    }
  }

  // --------------------------------------------------------- expressions

  StringLit *string(const StringLit *s) {
    if (!s)
      return nullptr;
    std::vector<StringPart> parts;
    for (const StringPart &p : s->parts)
      parts.push_back({text(p.text), expr(p.expr), range(p.range)});
    return ctx_.make<StringLit>(range(s->range()), ctx_.copy(parts), s->triple);
  }

  Expr *expr(const Expr *e) {
    if (!e)
      return nullptr;
    llvm::SMRange r = range(e->range());
    switch (e->kind()) {
    case NodeKind::NameExpr:
      return ctx_.make<NameExpr>(r, text(llvm::cast<NameExpr>(e)->name));
    case NodeKind::IntLit:
      return ctx_.make<IntLit>(r, llvm::cast<IntLit>(e)->value);
    case NodeKind::FloatLit:
      return ctx_.make<FloatLit>(r, llvm::cast<FloatLit>(e)->value);
    case NodeKind::BoolLit:
      return ctx_.make<BoolLit>(r, llvm::cast<BoolLit>(e)->value);
    case NodeKind::NoneLit:
      return ctx_.make<NoneLit>(r);
    case NodeKind::DurationLit:
      return ctx_.make<DurationLit>(r, llvm::cast<DurationLit>(e)->millis);
    case NodeKind::SizeLit:
      return ctx_.make<SizeLit>(r, llvm::cast<SizeLit>(e)->bytes);
    case NodeKind::StringLit:
      return string(llvm::cast<StringLit>(e));
    case NodeKind::ListLit: {
      std::vector<Expr *> elements;
      for (const Expr *x : llvm::cast<ListLit>(e)->elements)
        elements.push_back(expr(x));
      return ctx_.make<ListLit>(r, ctx_.copy(elements));
    }
    case NodeKind::MapLit: {
      std::vector<MapEntry> entries;
      for (const MapEntry &m : llvm::cast<MapLit>(e)->entries)
        entries.push_back({expr(m.key), expr(m.value)});
      return ctx_.make<MapLit>(r, ctx_.copy(entries));
    }
    case NodeKind::RecordLit: {
      const auto *rec = llvm::cast<RecordLit>(e);
      std::vector<FieldInit> fields;
      for (const FieldInit &f : rec->fields)
        fields.push_back({id(f.name), expr(f.value), range(f.range)});
      return ctx_.make<RecordLit>(r, qualified(rec->type), ctx_.copy(fields));
    }
    case NodeKind::FieldExpr: {
      const auto *f = llvm::cast<FieldExpr>(e);
      return ctx_.make<FieldExpr>(r, expr(f->base), id(f->field));
    }
    case NodeKind::IndexExpr: {
      const auto *i = llvm::cast<IndexExpr>(e);
      return ctx_.make<IndexExpr>(r, expr(i->base), expr(i->index));
    }
    case NodeKind::CallExpr: {
      const auto *c = llvm::cast<CallExpr>(e);
      return ctx_.make<CallExpr>(r, expr(c->callee), args(c->args));
    }
    case NodeKind::UnaryExpr: {
      const auto *u = llvm::cast<UnaryExpr>(e);
      return ctx_.make<UnaryExpr>(r, u->op, expr(u->operand));
    }
    case NodeKind::BinaryExpr: {
      const auto *b = llvm::cast<BinaryExpr>(e);
      return ctx_.make<BinaryExpr>(r, b->op, range(b->opRange), expr(b->lhs), expr(b->rhs));
    }
    case NodeKind::IfExpr: {
      const auto *i = llvm::cast<IfExpr>(e);
      return ctx_.make<IfExpr>(r, expr(i->cond), block(i->thenBlock), block(i->elseBlock),
                               llvm::cast_or_null<IfExpr>(expr(i->elseIf)));
    }
    case NodeKind::ForExpr: {
      const auto *f = llvm::cast<ForExpr>(e);
      return ctx_.make<ForExpr>(r, id(f->var), expr(f->iterable), block(f->body));
    }
    case NodeKind::ErrorExpr:
      return ctx_.make<ErrorExpr>(r);
    default:
      // A kind this copy does not know: parse the declaration instead.
      failed = true;
      return nullptr;
    }
  }

  // ---------------------------------------------------------- statements

  Stmt *stmt(const Stmt *s) {
    llvm::SMRange r = range(s->range());
    switch (s->kind()) {
    case NodeKind::LetStmt: {
      const auto *l = llvm::cast<LetStmt>(s);
      return ctx_.make<LetStmt>(r, decorators(l->decorators), ids(l->names), l->destructure, expr(l->value));
    }
    case NodeKind::ReturnStmt: {
      const auto *ret = llvm::cast<ReturnStmt>(s);
      return ctx_.make<ReturnStmt>(r, args(ret->values), ret->hasParens);
    }
    case NodeKind::AssertStmt: {
      const auto *a = llvm::cast<AssertStmt>(s);
      return ctx_.make<AssertStmt>(r, expr(a->cond), expr(a->message));
    }
    case NodeKind::MockStmt: {
      const auto *m = llvm::cast<MockStmt>(s);
      return ctx_.make<MockStmt>(r, qualified(m->target), args(m->args), m->hasArgs, args(m->outputs));
    }
    case NodeKind::ExprStmt:
      return ctx_.make<ExprStmt>(r, expr(llvm::cast<ExprStmt>(s)->expr));
    default:
      // A kind this copy does not know: parse the declaration instead.
      failed = true;
      return nullptr;
    }
  }

  Block *block(const Block *b) {
    if (!b)
      return nullptr;
    std::vector<Stmt *> stmts;
    for (const Stmt *s : b->stmts)
      stmts.push_back(stmt(s));
    return ctx_.make<Block>(range(b->range()), ctx_.copy(stmts));
  }

  // -------------------------------------------------------- declarations

  Decl *decl(const Decl &d) {
    llvm::SMRange r = range(d.range());
    Identifier name = id(d.name);
    Decl *out = nullptr;
    switch (d.kind()) {
    case NodeKind::ImportDecl: {
      const auto &i = llvm::cast<ImportDecl>(d);
      out = ctx_.make<ImportDecl>(r, name, string(i.path), ids(i.names), i.isFrom);
      break;
    }
    case NodeKind::RecordDecl:
      out = ctx_.make<RecordDecl>(r, name, params(llvm::cast<RecordDecl>(d).fields));
      break;
    case NodeKind::EnumDecl: {
      std::vector<EnumMember> members;
      for (const EnumMember &m : llvm::cast<EnumDecl>(d).members)
        members.push_back({id(m.name), text(m.doc)});
      out = ctx_.make<EnumDecl>(r, name, ctx_.copy(members));
      break;
    }
    case NodeKind::AliasDecl:
      out = ctx_.make<AliasDecl>(r, name, type(llvm::cast<AliasDecl>(d).type));
      break;
    case NodeKind::TaskDecl: {
      const auto &t = llvm::cast<TaskDecl>(d);
      TaskBody *body = nullptr;
      if (t.body)
        body = ctx_.makeData<TaskBody>(TaskBody{range(t.body->range), id(t.body->plugin), args(t.body->config),
                                                t.body->hasConfig, string(t.body->script)});
      out = ctx_.make<TaskDecl>(r, name, params(t.inputs), params(t.outputs), t.hasOutputList, body);
      break;
    }
    case NodeKind::WorkflowDecl: {
      const auto &w = llvm::cast<WorkflowDecl>(d);
      out = ctx_.make<WorkflowDecl>(r, name, w.dynamic, params(w.inputs), params(w.outputs), w.hasOutputList,
                                    block(w.body));
      break;
    }
    case NodeKind::LaunchPlanDecl: {
      const auto &l = llvm::cast<LaunchPlanDecl>(d);
      std::vector<LaunchPlanEntry> entries;
      for (const LaunchPlanEntry &e : l.entries)
        entries.push_back({e.fixed, id(e.name), expr(e.value), range(e.range)});
      out = ctx_.make<LaunchPlanDecl>(r, name, qualified(l.workflow), ctx_.copy(entries));
      break;
    }
    case NodeKind::TestDecl:
      out = ctx_.make<TestDecl>(r, name, block(llvm::cast<TestDecl>(d).body));
      break;
    default:
      // A kind this copy does not know: parse the declaration instead.
      failed = true;
      return nullptr;
    }
    out->decorators = decorators(d.decorators);
    out->doc = text(d.doc);
    return out;
  }

  bool failed = false;

private:
  AstContext &ctx_;
  const Relocation &r_;
};

} // namespace

Decl *cloneDecl(AstContext &ctx, const Decl &decl, const Relocation &relocation) {
  Cloner cloner(ctx, relocation);
  Decl *copy = cloner.decl(decl);
  return cloner.failed ? nullptr : copy;
}

} // namespace flytec::ast
