#include "format/AstShape.h"

#include "ast/Ast.h"

#include <cstring>

namespace flytec::format {

namespace {

using namespace flytec::ast;

/// Writes nodes as `(Kind fields children...)`, strings length-prefixed so
/// no text can look like structure.
class ShapeWriter {
public:
  explicit ShapeWriter(std::string &out) : out_(out) {}

  void module(const Module &m) {
    open("Module");
    qualified(m.declaredName);
    for (const Decl *d : m.decls)
      decl(*d);
    close();
  }

private:
  void open(llvm::StringRef kind) {
    out_ += '(';
    out_.append(kind.data(), kind.size());
  }
  void close() { out_ += ')'; }
  void str(llvm::StringRef s) {
    out_ += ' ';
    out_ += std::to_string(s.size());
    out_ += ':';
    out_.append(s.data(), s.size());
  }
  void num(int64_t v) {
    out_ += ' ';
    out_ += std::to_string(v);
  }
  void flag(bool b) { out_ += b ? " T" : " F"; }

  void qualified(const QualifiedName &q) {
    open("Q");
    for (const Identifier &p : q.parts)
      str(p.name);
    close();
  }

  void decorators(llvm::ArrayRef<Decorator> ds) {
    for (const Decorator &d : ds) {
      open("Deco");
      qualified(d.name);
      flag(d.hasParens);
      arguments(d.args);
      close();
    }
  }

  void arguments(llvm::ArrayRef<Argument> args) {
    for (const Argument &a : args) {
      open("Arg");
      str(a.label.name);
      expr(a.value);
      close();
    }
  }

  void params(const char *kind, llvm::ArrayRef<Param> ps) {
    for (const Param &p : ps) {
      open(kind);
      str(p.name.name);
      str(p.doc);
      type(p.type);
      expr(p.defaultValue);
      close();
    }
  }

  void decl(const Decl &d) {
    open(nodeKindName(d.kind()));
    str(d.name.name);
    str(d.doc);
    decorators(d.decorators);
    switch (d.kind()) {
    case NodeKind::ImportDecl: {
      auto &i = llvm::cast<ImportDecl>(d);
      flag(i.isFrom);
      expr(i.path);
      for (const Identifier &n : i.names)
        str(n.name);
      break;
    }
    case NodeKind::RecordDecl:
      params("Field", llvm::cast<RecordDecl>(d).fields);
      break;
    case NodeKind::EnumDecl:
      for (const EnumMember &m : llvm::cast<EnumDecl>(d).members) {
        open("Member");
        str(m.name.name);
        str(m.doc);
        close();
      }
      break;
    case NodeKind::AliasDecl:
      type(llvm::cast<AliasDecl>(d).type);
      break;
    case NodeKind::TaskDecl: {
      auto &t = llvm::cast<TaskDecl>(d);
      params("In", t.inputs);
      params("Out", t.outputs);
      flag(t.hasOutputList);
      if (t.body) {
        open("Body");
        str(t.body->plugin.name);
        flag(t.body->hasConfig);
        arguments(t.body->config);
        expr(t.body->script);
        close();
      }
      break;
    }
    case NodeKind::WorkflowDecl: {
      auto &w = llvm::cast<WorkflowDecl>(d);
      flag(w.dynamic);
      params("In", w.inputs);
      params("Out", w.outputs);
      flag(w.hasOutputList);
      block(w.body);
      break;
    }
    case NodeKind::LaunchPlanDecl: {
      auto &l = llvm::cast<LaunchPlanDecl>(d);
      qualified(l.workflow);
      for (const LaunchPlanEntry &e : l.entries) {
        open(e.fixed ? "Fixed" : "Default");
        str(e.name.name);
        expr(e.value);
        close();
      }
      break;
    }
    case NodeKind::TestDecl:
      block(llvm::cast<TestDecl>(d).body);
      break;
    default:
      break;
    }
    close();
  }

  void block(const Block *b) {
    if (!b) {
      out_ += " -";
      return;
    }
    open("Block");
    for (const Stmt *s : b->stmts)
      stmt(s);
    close();
  }

  void stmt(const Stmt *s) {
    open(nodeKindName(s->kind()));
    switch (s->kind()) {
    case NodeKind::LetStmt: {
      auto *l = llvm::cast<LetStmt>(s);
      decorators(l->decorators);
      flag(l->destructure);
      for (const Identifier &n : l->names)
        str(n.name);
      expr(l->value);
      break;
    }
    case NodeKind::ReturnStmt: {
      auto *r = llvm::cast<ReturnStmt>(s);
      flag(r->hasParens);
      arguments(r->values);
      break;
    }
    case NodeKind::AssertStmt: {
      auto *a = llvm::cast<AssertStmt>(s);
      expr(a->cond);
      expr(a->message);
      break;
    }
    case NodeKind::MockStmt: {
      auto *m = llvm::cast<MockStmt>(s);
      qualified(m->target);
      flag(m->hasArgs);
      arguments(m->args);
      out_ += " ->";
      arguments(m->outputs);
      break;
    }
    case NodeKind::ExprStmt:
      expr(llvm::cast<ExprStmt>(s)->expr);
      break;
    default:
      break;
    }
    close();
  }

  void type(const TypeExpr *t) {
    if (!t) {
      out_ += " -";
      return;
    }
    open(nodeKindName(t->kind()));
    switch (t->kind()) {
    case NodeKind::NamedType: {
      auto *n = llvm::cast<NamedType>(t);
      qualified(n->name);
      flag(n->hasArgs);
      for (const TypeArg &a : n->args) {
        open("TArg");
        str(a.label.name);
        type(a.type);
        close();
      }
      break;
    }
    case NodeKind::OptionalType:
      type(llvm::cast<OptionalType>(t)->inner);
      break;
    case NodeKind::UnionType:
      for (const TypeExpr *m : llvm::cast<UnionType>(t)->members)
        type(m);
      break;
    default:
      break;
    }
    close();
  }

  void expr(const Expr *e) {
    if (!e) {
      out_ += " -";
      return;
    }
    if (auto *b = llvm::dyn_cast<BinaryExpr>(e)) {
      binaryChain(b);
      return;
    }
    open(nodeKindName(e->kind()));
    switch (e->kind()) {
    case NodeKind::NameExpr:
      str(llvm::cast<NameExpr>(e)->name);
      break;
    case NodeKind::IntLit:
      num(llvm::cast<IntLit>(e)->value);
      break;
    case NodeKind::FloatLit: {
      double v = llvm::cast<FloatLit>(e)->value;
      uint64_t bits;
      std::memcpy(&bits, &v, sizeof bits);
      num(int64_t(bits));
      break;
    }
    case NodeKind::BoolLit:
      flag(llvm::cast<BoolLit>(e)->value);
      break;
    case NodeKind::DurationLit:
      num(llvm::cast<DurationLit>(e)->millis);
      break;
    case NodeKind::SizeLit:
      num(llvm::cast<SizeLit>(e)->bytes);
      break;
    case NodeKind::StringLit: {
      auto *s = llvm::cast<StringLit>(e);
      flag(s->triple);
      for (const StringPart &p : s->parts) {
        if (p.expr) {
          open("Interp");
          expr(p.expr);
          close();
        } else {
          str(p.text);
        }
      }
      break;
    }
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
    case NodeKind::RecordLit: {
      auto *r = llvm::cast<RecordLit>(e);
      qualified(r->type);
      for (const FieldInit &f : r->fields) {
        str(f.name.name);
        expr(f.value);
      }
      break;
    }
    case NodeKind::FieldExpr: {
      auto *f = llvm::cast<FieldExpr>(e);
      expr(f->base);
      str(f->field.name);
      break;
    }
    case NodeKind::IndexExpr: {
      auto *i = llvm::cast<IndexExpr>(e);
      expr(i->base);
      expr(i->index);
      break;
    }
    case NodeKind::CallExpr: {
      auto *c = llvm::cast<CallExpr>(e);
      expr(c->callee);
      arguments(c->args);
      break;
    }
    case NodeKind::UnaryExpr: {
      auto *u = llvm::cast<UnaryExpr>(e);
      str(unaryOpSpelling(u->op));
      expr(u->operand);
      break;
    }

    case NodeKind::IfExpr: {
      auto *i = llvm::cast<IfExpr>(e);
      expr(i->cond);
      block(i->thenBlock);
      block(i->elseBlock);
      expr(i->elseIf);
      break;
    }
    case NodeKind::ForExpr: {
      auto *f = llvm::cast<ForExpr>(e);
      str(f->var.name);
      expr(f->iterable);
      block(f->body);
      break;
    }
    default:
      break;
    }
    close();
  }

  /// `(BinaryExpr op lhs rhs)` down a left-nested chain, in a loop: a chain
  /// may be as long as a line of source allows.
  void binaryChain(const BinaryExpr *top) {
    std::vector<const BinaryExpr *> spine{top};
    while (auto *lhs = llvm::dyn_cast_or_null<BinaryExpr>(spine.back()->lhs))
      spine.push_back(lhs);
    for (const BinaryExpr *b : spine) {
      open(nodeKindName(b->kind()));
      str(binaryOpSpelling(b->op));
    }
    expr(spine.back()->lhs);
    for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
      expr((*it)->rhs);
      close();
    }
  }

  std::string &out_;
};

} // namespace

std::string astShape(const Module &module) {
  std::string out;
  ShapeWriter(out).module(module);
  return out;
}

} // namespace flytec::format
