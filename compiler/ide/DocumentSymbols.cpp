#include "ide/DocumentSymbols.h"

#include "ide/AstQueries.h"

#include <algorithm>

namespace flytec::ide {

using namespace flytec::ast;

llvm::StringRef outlineKindName(OutlineKind kind) {
  switch (kind) {
  case OutlineKind::Import: return "import";
  case OutlineKind::Record: return "record";
  case OutlineKind::Enum: return "enum";
  case OutlineKind::Alias: return "type";
  case OutlineKind::Task: return "task";
  case OutlineKind::Workflow: return "workflow";
  case OutlineKind::DynamicWorkflow: return "dynamic workflow";
  case OutlineKind::LaunchPlan: return "launch plan";
  case OutlineKind::Test: return "test";
  case OutlineKind::Input: return "input";
  case OutlineKind::Output: return "output";
  case OutlineKind::Field: return "field";
  case OutlineKind::EnumMember: return "enum member";
  case OutlineKind::Variable: return "variable";
  }
  return "symbol";
}

namespace {

/// Source text with every run of whitespace made one space: a type written
/// over several lines still reads as one line of detail.
std::string spelled(llvm::SMRange range) {
  if (!range.Start.isValid() || !range.End.isValid() || range.End.getPointer() < range.Start.getPointer())
    return {};
  llvm::StringRef text(range.Start.getPointer(), range.End.getPointer() - range.Start.getPointer());
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space)
      out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string typeText(const TypeExpr *type) { return type ? spelled(type->range()) : std::string(); }

std::string paramList(llvm::ArrayRef<Param> params) {
  std::string out;
  for (const Param &p : params) {
    if (p.name.empty())
      continue;
    out += (out.empty() ? "" : ", ") + p.name.name.str() + ": " + typeText(p.type);
  }
  return out;
}

std::string interfaceText(llvm::ArrayRef<Param> inputs, llvm::ArrayRef<Param> outputs) {
  std::string out = "(" + paramList(inputs) + ")";
  if (!outputs.empty())
    out += " -> (" + paramList(outputs) + ")";
  return out;
}

class OutlineBuilder {
public:
  explicit OutlineBuilder(const Analysis &analysis) : analysis_(analysis) {}

  std::vector<DocumentSymbol> run() {
    std::vector<DocumentSymbol> out;
    if (!analysis_.module() || !analysis_.module()->ast)
      return out;
    for (const Decl *decl : analysis_.module()->ast->decls)
      if (decl)
        if (std::optional<DocumentSymbol> s = declaration(*decl))
          out.push_back(std::move(*s));
    return out;
  }

private:
  /// A symbol, or nothing when the parser could not recover its name: an
  /// outline entry needs a name to show and a place to go to.
  std::optional<DocumentSymbol> symbol(llvm::StringRef name, llvm::SMRange nameRange, llvm::SMRange whole,
                                       OutlineKind kind, std::string detail = {}) const {
    if (name.empty() || !nameRange.Start.isValid())
      return std::nullopt;
    DocumentSymbol s;
    s.name = name.str();
    s.detail = std::move(detail);
    s.kind = kind;
    s.selectionRange = analysis_.rangeOf(nameRange);
    s.range = whole.Start.isValid() ? analysis_.rangeOf(whole) : s.selectionRange;
    // LSP requires the name inside the whole; a partial declaration's
    // range may not reach it.
    if (s.selectionRange.start < s.range.start)
      s.range.start = s.selectionRange.start;
    if (s.range.end < s.selectionRange.end)
      s.range.end = s.selectionRange.end;
    return s;
  }

  void add(std::vector<DocumentSymbol> &to, std::optional<DocumentSymbol> s) const {
    if (s)
      to.push_back(std::move(*s));
  }

  void params(std::vector<DocumentSymbol> &to, llvm::ArrayRef<Param> list, OutlineKind kind) const {
    for (const Param &p : list)
      add(to, symbol(p.name.name, p.name.range, p.range, kind, typeText(p.type)));
  }

  std::optional<DocumentSymbol> declaration(const Decl &decl) const {
    std::optional<DocumentSymbol> s;
    switch (decl.kind()) {
    case NodeKind::ImportDecl:
      return import(llvm::cast<ImportDecl>(decl));
    case NodeKind::RecordDecl:
      s = symbol(decl.name.name, decl.name.range, decl.range(), OutlineKind::Record);
      if (s)
        params(s->children, llvm::cast<RecordDecl>(decl).fields, OutlineKind::Field);
      break;
    case NodeKind::EnumDecl:
      s = symbol(decl.name.name, decl.name.range, decl.range(), OutlineKind::Enum);
      if (s)
        for (const EnumMember &m : llvm::cast<EnumDecl>(decl).members)
          add(s->children, symbol(m.name.name, m.name.range, m.name.range, OutlineKind::EnumMember));
      break;
    case NodeKind::AliasDecl:
      s = symbol(decl.name.name, decl.name.range, decl.range(), OutlineKind::Alias,
                 typeText(llvm::cast<AliasDecl>(decl).type));
      break;
    case NodeKind::TaskDecl: {
      const auto &task = llvm::cast<TaskDecl>(decl);
      s = symbol(decl.name.name, decl.name.range, decl.range(), OutlineKind::Task,
                 interfaceText(task.inputs, task.outputs));
      if (s) {
        params(s->children, task.inputs, OutlineKind::Input);
        params(s->children, task.outputs, OutlineKind::Output);
      }
      break;
    }
    case NodeKind::WorkflowDecl: {
      const auto &wf = llvm::cast<WorkflowDecl>(decl);
      s = symbol(decl.name.name, decl.name.range, decl.range(),
                 wf.dynamic ? OutlineKind::DynamicWorkflow : OutlineKind::Workflow,
                 interfaceText(wf.inputs, wf.outputs));
      if (s) {
        params(s->children, wf.inputs, OutlineKind::Input);
        params(s->children, wf.outputs, OutlineKind::Output);
        lets(s->children, decl, wf.body);
      }
      break;
    }
    case NodeKind::LaunchPlanDecl: {
      const auto &plan = llvm::cast<LaunchPlanDecl>(decl);
      std::string target = plan.workflow.parts.empty() ? std::string() : plan.workflow.str();
      s = symbol(decl.name.name, decl.name.range, decl.range(), OutlineKind::LaunchPlan,
                 target.empty() ? std::string() : "for " + target);
      if (s)
        for (const LaunchPlanEntry &e : plan.entries)
          add(s->children,
              symbol(e.name.name, e.name.range, e.range, OutlineKind::Input, e.fixed ? "fixed" : "default"));
      break;
    }
    case NodeKind::TestDecl:
      s = symbol(decl.name.name, decl.name.range, decl.range(), OutlineKind::Test);
      if (s)
        lets(s->children, decl, llvm::cast<TestDecl>(decl).body);
      break;
    default:
      break;
    }
    if (s)
      if (const sema::Entity *e = analysis_.program().entityOf(&decl))
        s->deprecated = e->deprecated;
    return s;
  }

  /// `import "p" as n` reads as n; `import "p"` and `from "p" import A, B`
  /// as the path (what distinguishes them at a glance).
  std::optional<DocumentSymbol> import(const ImportDecl &import) const {
    if (!import.path)
      return std::nullopt;
    std::string path = import.path->text();
    if (!import.isFrom && !import.name.empty())
      return symbol(import.name.name, import.name.range, import.range(), OutlineKind::Import, path);
    std::string names;
    for (const Identifier &n : import.names)
      names += (names.empty() ? "" : ", ") + n.name.str();
    return symbol(path.empty() ? llvm::StringRef("\"\"") : llvm::StringRef(path), import.path->range(),
                  import.range(), OutlineKind::Import, import.isFrom ? "import " + names : std::string());
  }

  /// Every `let` of a body, those in `if` and `for` blocks included: in
  /// the outline they all belong to the workflow, where they can be named.
  void lets(std::vector<DocumentSymbol> &to, const Decl &decl, const Block *body) const {
    std::vector<DocumentSymbol> found;
    auto inBlock = [&](const Block *b) {
      if (!b)
        return;
      for (const Stmt *stmt : b->stmts)
        if (const auto *let = llvm::dyn_cast_or_null<LetStmt>(stmt))
          for (const Identifier &name : let->names)
            add(found, symbol(name.name, name.range, let->range(), OutlineKind::Variable, letType(name)));
    };
    inBlock(body);
    forEachExpr(decl, [&](const Expr &e) {
      if (const auto *i = llvm::dyn_cast<IfExpr>(&e)) {
        inBlock(i->thenBlock);
        inBlock(i->elseBlock);
      } else if (const auto *f = llvm::dyn_cast<ForExpr>(&e)) {
        inBlock(f->body);
      }
    });
    std::stable_sort(found.begin(), found.end(), [](const DocumentSymbol &a, const DocumentSymbol &b) {
      return a.selectionRange.start < b.selectionRange.start;
    });
    for (DocumentSymbol &s : found)
      to.push_back(std::move(s));
  }

  std::string letType(const Identifier &name) const {
    const Occurrence *o = analysis_.index().at(name.range.Start.getPointer());
    if (!o || !o->declaration || !o->local || !o->local->type || o->local->type->isSilent())
      return {};
    return o->local->type->str();
  }

  const Analysis &analysis_;
};

} // namespace

std::vector<DocumentSymbol> documentSymbols(const Analysis &analysis) { return OutlineBuilder(analysis).run(); }

} // namespace flytec::ide
