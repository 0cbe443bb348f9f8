#include "ide/AstQueries.h"

namespace flytec::ide {

using namespace flytec::ast;

const Decl *declarationAt(const Module &module, const char *at) {
  for (const Decl *d : module.decls)
    if (touches(d->range(), at))
      return d;
  return nullptr;
}

namespace {

const Decorator *inDecorators(llvm::ArrayRef<Decorator> decorators, const char *at) {
  for (const Decorator &d : decorators)
    if (touches(d.name.range, at))
      return &d;
  return nullptr;
}

class ExprWalker {
public:
  explicit ExprWalker(llvm::function_ref<void(const Expr &)> visit) : visit_(visit) {}

  void decl(const Decl &d) {
    for (const Decorator &dec : d.decorators)
      args(dec.args);
    auto params = [&](llvm::ArrayRef<Param> ps) {
      for (const Param &p : ps)
        expr(p.defaultValue);
    };
    if (const auto *t = llvm::dyn_cast<TaskDecl>(&d)) {
      params(t->inputs);
      if (t->body) {
        args(t->body->config);
        expr(t->body->script);
      }
    } else if (const auto *w = llvm::dyn_cast<WorkflowDecl>(&d)) {
      params(w->inputs);
      block(w->body);
    } else if (const auto *r = llvm::dyn_cast<RecordDecl>(&d)) {
      params(r->fields);
    } else if (const auto *l = llvm::dyn_cast<LaunchPlanDecl>(&d)) {
      for (const LaunchPlanEntry &e : l->entries)
        expr(e.value);
    } else if (const auto *t = llvm::dyn_cast<TestDecl>(&d)) {
      block(t->body);
    }
  }

  void block(const Block *b) {
    if (!b)
      return;
    for (const Stmt *s : b->stmts) {
      if (const auto *let = llvm::dyn_cast<LetStmt>(s)) {
        for (const Decorator &dec : let->decorators)
          args(dec.args);
        expr(let->value);
      } else if (const auto *ret = llvm::dyn_cast<ReturnStmt>(s)) {
        args(ret->values);
      } else if (const auto *a = llvm::dyn_cast<AssertStmt>(s)) {
        expr(a->cond);
        expr(a->message);
      } else if (const auto *m = llvm::dyn_cast<MockStmt>(s)) {
        args(m->args);
        args(m->outputs);
      } else if (const auto *e = llvm::dyn_cast<ExprStmt>(s)) {
        expr(e->expr);
      }
    }
  }

  void args(llvm::ArrayRef<Argument> list) {
    for (const Argument &a : list)
      expr(a.value);
  }

  void expr(const Expr *e) {
    if (!e)
      return;
    visit_(*e);
    switch (e->kind()) {
    case NodeKind::FieldExpr:
      expr(llvm::cast<FieldExpr>(e)->base);
      break;
    case NodeKind::IndexExpr:
      expr(llvm::cast<IndexExpr>(e)->base);
      expr(llvm::cast<IndexExpr>(e)->index);
      break;
    case NodeKind::CallExpr:
      expr(llvm::cast<CallExpr>(e)->callee);
      args(llvm::cast<CallExpr>(e)->args);
      break;
    case NodeKind::UnaryExpr:
      expr(llvm::cast<UnaryExpr>(e)->operand);
      break;
    case NodeKind::BinaryExpr:
      expr(llvm::cast<BinaryExpr>(e)->lhs);
      expr(llvm::cast<BinaryExpr>(e)->rhs);
      break;
    case NodeKind::ListLit:
      for (const Expr *x : llvm::cast<ListLit>(e)->elements)
        expr(x);
      break;
    case NodeKind::MapLit:
      for (const MapEntry &m : llvm::cast<MapLit>(e)->entries) {
        expr(m.key);
        expr(m.value);
      }
      break;
    case NodeKind::RecordLit:
      for (const FieldInit &f : llvm::cast<RecordLit>(e)->fields)
        expr(f.value);
      break;
    case NodeKind::StringLit:
      for (const StringPart &p : llvm::cast<StringLit>(e)->parts)
        expr(p.expr);
      break;
    case NodeKind::IfExpr: {
      const auto *i = llvm::cast<IfExpr>(e);
      expr(i->cond);
      block(i->thenBlock);
      block(i->elseBlock);
      expr(i->elseIf);
      break;
    }
    case NodeKind::ForExpr:
      expr(llvm::cast<ForExpr>(e)->iterable);
      block(llvm::cast<ForExpr>(e)->body);
      break;
    default:
      break;
    }
  }

private:
  llvm::function_ref<void(const Expr &)> visit_;
};

const Decorator *inLets(const Block *b, const char *at) {
  if (!b)
    return nullptr;
  for (const Stmt *s : b->stmts)
    if (const auto *let = llvm::dyn_cast<LetStmt>(s))
      if (const Decorator *d = inDecorators(let->decorators, at))
        return d;
  return nullptr;
}

} // namespace

const Decorator *decoratorNameAt(const Module &module, const char *at) {
  const Decl *decl = declarationAt(module, at);
  if (!decl)
    return nullptr;
  if (const Decorator *d = inDecorators(decl->decorators, at))
    return d;
  // `let` decorators, at any depth: blocks nest in if/for expressions.
  const Decorator *found = nullptr;
  auto visitBlocks = [&](const Expr &e) {
    if (found)
      return;
    if (const auto *i = llvm::dyn_cast<IfExpr>(&e))
      found = inLets(i->thenBlock, at) ? inLets(i->thenBlock, at) : inLets(i->elseBlock, at);
    else if (const auto *f = llvm::dyn_cast<ForExpr>(&e))
      found = inLets(f->body, at);
  };
  if (const auto *w = llvm::dyn_cast<WorkflowDecl>(decl))
    found = inLets(w->body, at);
  else if (const auto *t = llvm::dyn_cast<TestDecl>(decl))
    found = inLets(t->body, at);
  if (!found)
    forEachExpr(*decl, visitBlocks);
  return found;
}

const TaskBody *taskBodyPluginAt(const Module &module, const char *at) {
  const auto *task = llvm::dyn_cast_or_null<TaskDecl>(declarationAt(module, at));
  if (!task || !task->body || task->body->plugin.empty() || !touches(task->body->plugin.range, at))
    return nullptr;
  return task->body;
}

void forEachExpr(const Decl &decl, llvm::function_ref<void(const Expr &)> visit) { ExprWalker(visit).decl(decl); }

} // namespace flytec::ide
