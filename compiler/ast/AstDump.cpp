#include "ast/AstDump.h"

#include "ast/Ast.h"
#include "diag/SourceLocation.h"

#include <fmt/format.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

namespace flytec::ast {

namespace {

class Dumper {
public:
  Dumper(const llvm::SourceMgr &sources, llvm::raw_ostream &os) : sources_(sources), os_(os) {}

  void module(const Module &m) {
    line("Module", m.range()) << ' ' << m.name << '\n';
    Indent in(*this);
    for (const Decl *d : m.decls)
      decl(*d);
  }

private:
  struct Indent {
    explicit Indent(Dumper &d) : d(d) { ++d.depth_; }
    ~Indent() { --d.depth_; }
    Dumper &d;
  };

  llvm::raw_ostream &line(llvm::StringRef label, llvm::SMRange range) {
    os_.indent(depth_ * 2) << label << " <" << span(range) << '>';
    return os_;
  }

  llvm::raw_ostream &line(llvm::StringRef label) { return os_.indent(depth_ * 2) << label; }

  std::string span(llvm::SMRange range) {
    LineColumn a = lineColumn(sources_, range.Start);
    LineColumn b = lineColumn(sources_, range.End.isValid() ? range.End : range.Start);
    return std::to_string(a.line) + ":" + std::to_string(a.column) + "-" + std::to_string(b.line) + ":" +
           std::to_string(b.column);
  }

  void quoted(llvm::StringRef text) {
    os_ << '"';
    os_.write_escaped(text);
    os_ << '"';
  }

  void doc(llvm::StringRef text) {
    if (text.empty())
      return;
    line("Doc ");
    quoted(text);
    os_ << '\n';
  }

  void decorators(llvm::ArrayRef<Decorator> decos) {
    for (const Decorator &d : decos) {
      line("Decorator", d.range) << ' ' << d.name.str() << (d.hasParens ? "()" : "") << '\n';
      Indent in(*this);
      arguments(d.args);
    }
  }

  void arguments(llvm::ArrayRef<Argument> args) {
    for (const Argument &a : args) {
      if (a.label.empty()) {
        line("Arg", a.range) << '\n';
      } else {
        line("Arg", a.range) << ' ' << a.label.name << '\n';
      }
      Indent in(*this);
      expr(a.value);
    }
  }

  void params(llvm::StringRef label, llvm::ArrayRef<Param> ps) {
    for (const Param &p : ps) {
      line(label, p.range) << ' ' << p.name.name << '\n';
      Indent in(*this);
      doc(p.doc);
      type(p.type);
      if (p.defaultValue) {
        line("Default") << '\n';
        Indent in2(*this);
        expr(p.defaultValue);
      }
    }
  }

  void decl(const Decl &d) {
    switch (d.kind()) {
    case NodeKind::ImportDecl: {
      auto &i = llvm::cast<ImportDecl>(d);
      line(i.isFrom ? "FromImport" : "Import", i.range()) << ' ';
      quoted(i.path ? i.path->text() : "");
      if (!i.name.empty())
        os_ << " as " << i.name.name;
      for (const Identifier &n : i.names)
        os_ << ' ' << n.name;
      os_ << '\n';
      return;
    }
    case NodeKind::RecordDecl: {
      auto &r = llvm::cast<RecordDecl>(d);
      header("RecordDecl", r);
      Indent in(*this);
      params("Field", r.fields);
      return;
    }
    case NodeKind::EnumDecl: {
      auto &e = llvm::cast<EnumDecl>(d);
      header("EnumDecl", e);
      Indent in(*this);
      for (const EnumMember &m : e.members) {
        line("Member", m.name.range) << ' ' << m.name.name << '\n';
        Indent in2(*this);
        doc(m.doc);
      }
      return;
    }
    case NodeKind::AliasDecl: {
      auto &a = llvm::cast<AliasDecl>(d);
      header("AliasDecl", a);
      Indent in(*this);
      type(a.type);
      return;
    }
    case NodeKind::TaskDecl: {
      auto &t = llvm::cast<TaskDecl>(d);
      header("TaskDecl", t);
      Indent in(*this);
      params("Input", t.inputs);
      params("Output", t.outputs);
      if (t.body) {
        line("Body", t.body->range) << ' ' << (t.body->plugin.empty() ? "<none>" : t.body->plugin.name)
                                    << (t.body->hasConfig ? "()" : "") << '\n';
        Indent in2(*this);
        arguments(t.body->config);
        if (t.body->script)
          expr(t.body->script);
      }
      return;
    }
    case NodeKind::WorkflowDecl: {
      auto &w = llvm::cast<WorkflowDecl>(d);
      header(w.dynamic ? "DynamicDecl" : "WorkflowDecl", w);
      Indent in(*this);
      params("Input", w.inputs);
      params("Output", w.outputs);
      block(w.body);
      return;
    }
    case NodeKind::LaunchPlanDecl: {
      auto &l = llvm::cast<LaunchPlanDecl>(d);
      header("LaunchPlanDecl", l, " for " + l.workflow.str());
      Indent in(*this);
      for (const LaunchPlanEntry &e : l.entries) {
        line(e.fixed ? "Fixed" : "Default", e.range) << ' ' << e.name.name << '\n';
        Indent in2(*this);
        expr(e.value);
      }
      return;
    }
    case NodeKind::TestDecl: {
      auto &t = llvm::cast<TestDecl>(d);
      line("TestDecl", t.range()) << ' ';
      quoted(t.name.name);
      os_ << '\n';
      Indent in(*this);
      doc(t.doc);
      decorators(t.decorators);
      block(t.body);
      return;
    }
    default:
      line("?", d.range()) << '\n';
      return;
    }
  }

  void header(llvm::StringRef label, const Decl &d, const std::string &extra = "") {
    line(label, d.range()) << ' ' << d.name.name << extra << '\n';
    Indent in(*this);
    doc(d.doc);
    decorators(d.decorators);
  }

  void block(const Block *b) {
    if (!b)
      return;
    line("Block", b->range()) << '\n';
    Indent in(*this);
    for (const Stmt *s : b->stmts)
      stmt(s);
  }

  void stmt(const Stmt *s) {
    switch (s->kind()) {
    case NodeKind::LetStmt: {
      auto *l = llvm::cast<LetStmt>(s);
      line("Let", l->range());
      if (l->destructure)
        os_ << " (";
      for (size_t i = 0; i < l->names.size(); ++i)
        os_ << (i ? ", " : l->destructure ? "" : " ") << l->names[i].name;
      os_ << (l->destructure ? ")" : "") << '\n';
      Indent in(*this);
      decorators(l->decorators);
      expr(l->value);
      return;
    }
    case NodeKind::ReturnStmt: {
      auto *r = llvm::cast<ReturnStmt>(s);
      line("Return", r->range()) << '\n';
      Indent in(*this);
      arguments(r->values);
      return;
    }
    case NodeKind::AssertStmt: {
      auto *a = llvm::cast<AssertStmt>(s);
      line("Assert", a->range()) << '\n';
      Indent in(*this);
      expr(a->cond);
      if (a->message)
        expr(a->message);
      return;
    }
    case NodeKind::MockStmt: {
      auto *m = llvm::cast<MockStmt>(s);
      line("Mock", m->range()) << ' ' << m->target.str() << (m->hasArgs ? "()" : "") << '\n';
      Indent in(*this);
      arguments(m->args);
      line("Outputs") << '\n';
      Indent in2(*this);
      arguments(m->outputs);
      return;
    }
    case NodeKind::ExprStmt: {
      auto *e = llvm::cast<ExprStmt>(s);
      line("ExprStmt", e->range()) << '\n';
      Indent in(*this);
      expr(e->expr);
      return;
    }
    default:
      line("?", s->range()) << '\n';
      return;
    }
  }

  void type(const TypeExpr *t) {
    if (!t)
      return;
    switch (t->kind()) {
    case NodeKind::NamedType: {
      auto *n = llvm::cast<NamedType>(t);
      line("NamedType", n->range()) << ' ' << n->name.str() << '\n';
      Indent in(*this);
      for (const TypeArg &a : n->args) {
        if (!a.label.empty()) {
          line("Column", a.range) << ' ' << a.label.name << '\n';
          Indent in2(*this);
          type(a.type);
        } else {
          type(a.type);
        }
      }
      return;
    }
    case NodeKind::OptionalType:
      line("OptionalType", t->range()) << '\n';
      {
        Indent in(*this);
        type(llvm::cast<OptionalType>(t)->inner);
      }
      return;
    case NodeKind::UnionType:
      line("UnionType", t->range()) << '\n';
      {
        Indent in(*this);
        for (const TypeExpr *m : llvm::cast<UnionType>(t)->members)
          type(m);
      }
      return;
    case NodeKind::NoneType:
      line("NoneType", t->range()) << '\n';
      return;
    default:
      line("?", t->range()) << '\n';
      return;
    }
  }

  void expr(const Expr *e) {
    if (!e)
      return;
    switch (e->kind()) {
    case NodeKind::NameExpr:
      line("Name", e->range()) << ' ' << llvm::cast<NameExpr>(e)->name << '\n';
      return;
    case NodeKind::IntLit:
      line("Int", e->range()) << ' ' << llvm::cast<IntLit>(e)->value << '\n';
      return;
    case NodeKind::FloatLit:
    {
      // Shortest text that reads back as the same double, always with a
      // '.' or exponent so it never reads as an integer.
      std::string text = fmt::format("{}", llvm::cast<FloatLit>(e)->value);
      if (text.find_first_of(".eni") == std::string::npos)
        text += ".0";
      line("Float", e->range()) << ' ' << text << '\n';
    }
      return;
    case NodeKind::BoolLit:
      line("Bool", e->range()) << ' ' << (llvm::cast<BoolLit>(e)->value ? "true" : "false") << '\n';
      return;
    case NodeKind::NoneLit:
      line("None", e->range()) << '\n';
      return;
    case NodeKind::DurationLit:
      line("Duration", e->range()) << ' ' << llvm::cast<DurationLit>(e)->millis << "ms\n";
      return;
    case NodeKind::SizeLit:
      line("Size", e->range()) << ' ' << llvm::cast<SizeLit>(e)->bytes << " bytes\n";
      return;
    case NodeKind::StringLit: {
      auto *s = llvm::cast<StringLit>(e);
      line(s->triple ? "String triple" : "String", s->range());
      if (!s->hasInterpolation()) {
        os_ << ' ';
        quoted(s->text());
        os_ << '\n';
        return;
      }
      os_ << '\n';
      Indent in(*this);
      for (const StringPart &p : s->parts) {
        if (p.expr) {
          line("Interpolation", p.range) << '\n';
          Indent in2(*this);
          expr(p.expr);
        } else {
          line("Text ");
          quoted(p.text);
          os_ << '\n';
        }
      }
      return;
    }
    case NodeKind::ListLit: {
      line("List", e->range()) << '\n';
      Indent in(*this);
      for (const Expr *x : llvm::cast<ListLit>(e)->elements)
        expr(x);
      return;
    }
    case NodeKind::MapLit: {
      line("Map", e->range()) << '\n';
      Indent in(*this);
      for (const MapEntry &m : llvm::cast<MapLit>(e)->entries) {
        line("Entry") << '\n';
        Indent in2(*this);
        expr(m.key);
        expr(m.value);
      }
      return;
    }
    case NodeKind::RecordLit: {
      auto *r = llvm::cast<RecordLit>(e);
      line("Record", r->range()) << ' ' << r->type.str() << '\n';
      Indent in(*this);
      for (const FieldInit &f : r->fields) {
        line("FieldInit", f.range) << ' ' << f.name.name << '\n';
        Indent in2(*this);
        expr(f.value);
      }
      return;
    }
    case NodeKind::FieldExpr: {
      auto *f = llvm::cast<FieldExpr>(e);
      line("Field", f->range()) << ' ' << f->field.name << '\n';
      Indent in(*this);
      expr(f->base);
      return;
    }
    case NodeKind::IndexExpr: {
      auto *i = llvm::cast<IndexExpr>(e);
      line("Index", i->range()) << '\n';
      Indent in(*this);
      expr(i->base);
      expr(i->index);
      return;
    }
    case NodeKind::CallExpr: {
      auto *c = llvm::cast<CallExpr>(e);
      line("Call", c->range()) << '\n';
      Indent in(*this);
      expr(c->callee);
      arguments(c->args);
      return;
    }
    case NodeKind::UnaryExpr: {
      auto *u = llvm::cast<UnaryExpr>(e);
      line("Unary", u->range()) << ' ' << unaryOpSpelling(u->op) << '\n';
      Indent in(*this);
      expr(u->operand);
      return;
    }
    case NodeKind::BinaryExpr: {
      auto *b = llvm::cast<BinaryExpr>(e);
      line("Binary", b->range()) << ' ' << binaryOpSpelling(b->op) << '\n';
      Indent in(*this);
      expr(b->lhs);
      expr(b->rhs);
      return;
    }
    case NodeKind::IfExpr: {
      auto *i = llvm::cast<IfExpr>(e);
      line("If", i->range()) << '\n';
      Indent in(*this);
      expr(i->cond);
      block(i->thenBlock);
      if (i->elseBlock) {
        line("Else") << '\n';
        Indent in2(*this);
        block(i->elseBlock);
      } else if (i->elseIf) {
        line("Else") << '\n';
        Indent in2(*this);
        expr(i->elseIf);
      }
      return;
    }
    case NodeKind::ForExpr: {
      auto *f = llvm::cast<ForExpr>(e);
      line("For", f->range()) << ' ' << f->var.name << '\n';
      Indent in(*this);
      expr(f->iterable);
      block(f->body);
      return;
    }
    case NodeKind::ErrorExpr:
      line("Error", e->range()) << '\n';
      return;
    default:
      line("?", e->range()) << '\n';
      return;
    }
  }

  const llvm::SourceMgr &sources_;
  llvm::raw_ostream &os_;
  unsigned depth_ = 0;
};

} // namespace

void dumpModule(const llvm::SourceMgr &sources, const Module &module, llvm::raw_ostream &os) {
  Dumper(sources, os).module(module);
}

} // namespace flytec::ast
