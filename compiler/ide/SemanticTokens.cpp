#include "ide/SemanticTokens.h"

#include "ide/AstQueries.h"
#include "parse/Tokens.h"
#include "sema/Types.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/STLExtras.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>

#include <algorithm>
#include <optional>

namespace flytec::ide {

using namespace flytec::ast;
using TT = SemanticTokenType;

llvm::ArrayRef<llvm::StringRef> semanticTokenTypes() {
  static const llvm::StringRef types[] = {"namespace", "type",     "enum",      "struct",  "parameter", "variable",
                                          "property",  "enumMember", "function", "decorator", "keyword", "comment",
                                          "string",    "number",   "operator",  "macro"};
  return types;
}

llvm::ArrayRef<llvm::StringRef> semanticTokenModifiers() {
  static const llvm::StringRef modifiers[] = {"declaration", "readonly", "defaultLibrary", "documentation",
                                              "deprecated"};
  return modifiers;
}

namespace {

struct Style {
  TT type;
  uint32_t modifiers = 0;
};

/// What the AST says about names the index has nothing on: decorators,
/// plugins, built-in types, labels, placeholders, and names in declarations
/// sema could not check. Also finds the string literal behind a string token.
class AstHints {
public:
  explicit AstHints(const Module *module) {
    if (!module)
      return;
    for (const Identifier &part : module->declaredName.parts)
      hint(part.range, TT::Namespace, ModDeclaration);
    for (const Decl *d : module->decls)
      if (d)
        decl(*d);
  }

  const Style *at(const char *p) const {
    auto it = hints_.find(p);
    return it == hints_.end() ? nullptr : &it->second;
  }
  uint32_t extraModifiers(const char *p) const { return extra_.lookup(p); }
  const StringLit *stringAt(const char *p) const { return strings_.lookup(p); }

private:
  void hint(llvm::SMRange range, TT type, uint32_t modifiers = 0) {
    if (range.Start.isValid())
      hints_.try_emplace(range.Start.getPointer(), Style{type, modifiers});
  }

  void decl(const Decl &d) {
    decorators(d.decorators);
    switch (d.kind()) {
    case NodeKind::ImportDecl: {
      const auto &import = llvm::cast<ImportDecl>(d);
      if (!import.name.empty())
        hint(import.name.range, TT::Namespace, ModDeclaration);
      break;
    }
    case NodeKind::RecordDecl:
      params(llvm::cast<RecordDecl>(d).fields, TT::Property);
      break;
    case NodeKind::AliasDecl:
      type(llvm::cast<AliasDecl>(d).type);
      break;
    case NodeKind::TaskDecl: {
      const auto &task = llvm::cast<TaskDecl>(d);
      params(task.inputs, TT::Parameter);
      params(task.outputs, TT::Parameter);
      if (task.body) {
        if (!task.body->plugin.empty())
          hint(task.body->plugin.range, TT::Macro);
        labels(task.body->config);
        for (const Argument &a : task.body->config)
          placeholders(a.value);
        placeholders(task.body->script);
      }
      break;
    }
    case NodeKind::WorkflowDecl: {
      const auto &wf = llvm::cast<WorkflowDecl>(d);
      params(wf.inputs, TT::Parameter);
      params(wf.outputs, TT::Parameter);
      block(wf.body);
      break;
    }
    case NodeKind::LaunchPlanDecl:
      for (const LaunchPlanEntry &e : llvm::cast<LaunchPlanDecl>(d).entries)
        if (e.fixed && e.name.range.Start.isValid())
          extra_[e.name.range.Start.getPointer()] |= ModReadonly;
      break;
    case NodeKind::TestDecl:
      block(llvm::cast<TestDecl>(d).body);
      break;
    default:
      break;
    }
    forEachExpr(d, [&](const Expr &e) { expr(e); });
  }

  void decorators(llvm::ArrayRef<Decorator> list) {
    for (const Decorator &d : list) {
      for (const Identifier &part : d.name.parts)
        hint(part.range, TT::Decorator);
      labels(d.args);
    }
  }

  void labels(llvm::ArrayRef<Argument> args) {
    for (const Argument &a : args)
      if (!a.label.empty())
        hint(a.label.range, TT::Parameter);
  }

  void params(llvm::ArrayRef<Param> list, TT kind) {
    for (const Param &p : list) {
      hint(p.name.range, kind, ModDeclaration);
      type(p.type);
    }
  }

  void type(const TypeExpr *t) {
    if (!t)
      return;
    if (const auto *named = llvm::dyn_cast<NamedType>(t)) {
      llvm::ArrayRef<Identifier> parts = named->name.parts;
      for (size_t i = 0; i + 1 < parts.size(); ++i)
        hint(parts[i].range, TT::Namespace);
      if (!parts.empty()) {
        bool builtin = parts.size() == 1 && llvm::is_contained(sema::TypeContext::builtinTypeNames(), parts[0].name);
        hint(parts.back().range, TT::Type, builtin ? uint32_t(ModDefaultLibrary) : 0u);
      }
      for (const TypeArg &a : named->args) {
        if (!a.label.empty())
          hint(a.label.range, TT::Property, ModDeclaration);
        type(a.type);
      }
    } else if (const auto *opt = llvm::dyn_cast<OptionalType>(t)) {
      type(opt->inner);
    } else if (const auto *u = llvm::dyn_cast<UnionType>(t)) {
      for (const TypeExpr *m : u->members)
        type(m);
    }
  }

  /// Statements of one block; blocks nested in `if` and `for` come through
  /// expr().
  void block(const Block *b) {
    if (!b)
      return;
    for (const Stmt *s : b->stmts) {
      if (const auto *let = llvm::dyn_cast_or_null<LetStmt>(s)) {
        decorators(let->decorators);
      } else if (const auto *ret = llvm::dyn_cast_or_null<ReturnStmt>(s)) {
        labels(ret->values);
      } else if (const auto *mock = llvm::dyn_cast_or_null<MockStmt>(s)) {
        labels(mock->args);
        labels(mock->outputs);
      }
    }
  }

  void expr(const Expr &e) {
    switch (e.kind()) {
    case NodeKind::CallExpr:
      labels(llvm::cast<CallExpr>(e).args);
      break;
    case NodeKind::RecordLit:
      for (const FieldInit &f : llvm::cast<RecordLit>(e).fields)
        hint(f.name.range, TT::Property);
      break;
    case NodeKind::FieldExpr:
      hint(llvm::cast<FieldExpr>(e).field.range, TT::Property);
      break;
    case NodeKind::StringLit:
      strings_[e.range().Start.getPointer()] = llvm::cast<StringLit>(&e);
      break;
    case NodeKind::IfExpr:
      block(llvm::cast<IfExpr>(e).thenBlock);
      block(llvm::cast<IfExpr>(e).elseBlock);
      break;
    case NodeKind::ForExpr:
      block(llvm::cast<ForExpr>(e).body);
      break;
    default:
      break;
    }
  }

  /// `{{ outputs.x }}`, `{{ checkpoint }}`, `{{ deck }}`: names the plugin
  /// provides (the task's own inputs and outputs are in the index).
  void placeholders(const Expr *e) {
    if (const auto *s = llvm::dyn_cast_or_null<StringLit>(e)) {
      for (const StringPart &p : s->parts)
        placeholders(p.expr);
    } else if (const auto *f = llvm::dyn_cast_or_null<FieldExpr>(e)) {
      placeholders(f->base);
    } else if (const auto *n = llvm::dyn_cast_or_null<NameExpr>(e)) {
      hint(n->range(), TT::Variable, ModDefaultLibrary);
    }
  }

  llvm::DenseMap<const char *, Style> hints_;
  llvm::DenseMap<const char *, uint32_t> extra_;
  llvm::DenseMap<const char *, const StringLit *> strings_;
};

Style styleOf(const Occurrence &o) {
  Style s{TT::Variable};
  switch (o.kind()) {
  case SymbolKind::Record: s.type = TT::Struct; break;
  case SymbolKind::Enum: s.type = TT::Enum; break;
  case SymbolKind::Alias: s.type = TT::Type; break;
  case SymbolKind::Task:
  case SymbolKind::Workflow:
  case SymbolKind::LaunchPlan: s.type = TT::Function; break;
  case SymbolKind::Input:
  case SymbolKind::Output: s.type = TT::Parameter; break;
  case SymbolKind::Field: s.type = TT::Property; break;
  case SymbolKind::EnumMember: s.type = TT::EnumMember; break;
  case SymbolKind::Variable: s.type = TT::Variable; break;
  case SymbolKind::Module:
    s.type = TT::Namespace;
    if (o.module && o.module->isStdlib)
      s.modifiers |= ModDefaultLibrary;
    break;
  case SymbolKind::StdFunction:
    s.type = TT::Function;
    s.modifiers |= ModDefaultLibrary;
    break;
  }
  if (o.declaration)
    s.modifiers |= ModDeclaration;
  if (const sema::Entity *e = o.entity) {
    if (e->module && e->module->isStdlib)
      s.modifiers |= ModDefaultLibrary;
    // A member's owner being deprecated does not make the member so.
    bool member = o.kind() == SymbolKind::Input || o.kind() == SymbolKind::Output || o.kind() == SymbolKind::Field ||
                  o.kind() == SymbolKind::EnumMember;
    if (e->deprecated && !member)
      s.modifiers |= ModDeprecated;
  }
  return s;
}

/// Contextual keywords are names to the lexer.
bool isContextualKeyword(llvm::StringRef kind) {
  return kind == "FIXED" || kind == "DEFAULT" || kind == "TEST" || kind == "ASSERT" || kind == "MOCK";
}

class Highlighter {
public:
  explicit Highlighter(const Analysis &analysis)
      : analysis_(analysis), text_(analysis.text()),
        hints_(analysis.module() ? analysis.module()->ast : nullptr) {
    for (const Occurrence &o : analysis.index().all())
      occurrences_.try_emplace(o.range.Start.getPointer(), &o);
  }

  std::vector<SemanticToken> run() {
    for (const parse::Token &t : parse::tokenize(analysis_.sources(), analysis_.buffer()))
      token(t);
    return finish();
  }

private:
  struct Raw {
    size_t begin, end;
    Style style;
  };

  void emit(const char *begin, const char *end, Style style) {
    if (begin < text_.begin() || end > text_.end() || begin >= end)
      return;
    raw_.push_back({static_cast<size_t>(begin - text_.begin()), static_cast<size_t>(end - text_.begin()), style});
  }
  void emit(llvm::SMRange r, Style style) { emit(r.Start.getPointer(), r.End.getPointer(), style); }

  void token(const parse::Token &t) {
    switch (t.category) {
    case parse::TokenCategory::Comment:
      emit(t.range, {TT::Comment});
      break;
    case parse::TokenCategory::DocComment:
      emit(t.range, {TT::Comment, ModDocumentation});
      break;
    case parse::TokenCategory::Number:
      emit(t.range, {TT::Number});
      break;
    case parse::TokenCategory::String:
      string(t);
      break;
    case parse::TokenCategory::Keyword:
    case parse::TokenCategory::Name:
      name(t.range, t.category == parse::TokenCategory::Keyword || isContextualKeyword(t.kind));
      break;
    case parse::TokenCategory::Punctuation:
      if (t.text == "@")
        emit(t.range, {TT::Decorator});
      break;
    case parse::TokenCategory::Invalid:
      // While a string or comment is being typed it runs on unterminated;
      // colour it as what it will be.
      if (llvm::StringRef(t.kind).startswith("UNTERMINATED_"))
        emit(t.range, {llvm::StringRef(t.kind).endswith("COMMENT") ? TT::Comment : TT::String});
      break;
    case parse::TokenCategory::EndOfFile:
      break;
    }
  }

  /// A word: what it names, else what its place says, else a keyword if
  /// it is one.
  void name(llvm::SMRange range, bool keyword) {
    const char *p = range.Start.getPointer();
    uint32_t extra = hints_.extraModifiers(p);
    auto it = occurrences_.find(p);
    if (it != occurrences_.end() && it->second->range.End == range.End) {
      Style s = styleOf(*it->second);
      s.modifiers |= extra;
      emit(range, s);
    } else if (const Style *h = hints_.at(p)) {
      emit(range, {h->type, h->modifiers | extra});
    } else if (keyword) {
      emit(range, {TT::Keyword});
    }
  }

  /// `{{ a.b.c }}`, nearly every interpolation: the AST has its words
  /// already, and lexing the text again would cost a lexer per string.
  bool dottedName(const Expr *e) {
    if (const auto *n = llvm::dyn_cast_or_null<NameExpr>(e)) {
      name(n->range(), false);
      return true;
    }
    const auto *f = llvm::dyn_cast_or_null<FieldExpr>(e);
    if (!f || !dottedName(f->base))
      return false;
    name(f->field.range, false);
    return true;
  }

  /// A string is one token to the lexer; its interpolations are cut out of
  /// it and highlighted as code, between `{{` and `}}` operators.
  void string(const parse::Token &t) {
    const char *cursor = t.range.Start.getPointer();
    const char *end = t.range.End.getPointer();
    if (const StringLit *s = hints_.stringAt(cursor)) {
      for (const StringPart &part : s->parts) {
        if (!part.expr)
          continue;
        const char *open = part.range.Start.getPointer();
        const char *close = part.range.End.getPointer();
        if (!open || open < cursor || close > end || close - open < 4 || llvm::StringRef(open, 2) != "{{" ||
            llvm::StringRef(close - 2, 2) != "}}")
          continue;
        emit(cursor, open, {TT::String});
        emit(open, open + 2, {TT::Operator});
        if (!dottedName(part.expr))
          code(open + 2, close - 2);
        emit(close - 2, close, {TT::Operator});
        cursor = close;
      }
    }
    emit(cursor, end, {TT::String});
  }

  /// Lexes the text of an interpolation in place (the buffer refers to the
  /// file's own text, so token ranges need no translation).
  void code(const char *begin, const char *end) {
    llvm::SourceMgr sources;
    sources.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(llvm::StringRef(begin, end - begin), "",
                                                                /*RequiresNullTerminator=*/false),
                               llvm::SMLoc());
    for (const parse::Token &t : parse::tokenize(sources, 1))
      token(t);
  }

  std::vector<SemanticToken> finish() {
    std::stable_sort(raw_.begin(), raw_.end(), [](const Raw &a, const Raw &b) { return a.begin < b.begin; });
    std::vector<SemanticToken> out;
    const LineTable &lines = analysis_.lines();
    size_t covered = 0;
    for (const Raw &r : raw_) {
      if (r.begin < covered)
        continue; // never overlap
      covered = r.end;
      // One token per line: LSP clients need not accept multi-line ones.
      for (size_t begin = r.begin; begin < r.end;) {
        size_t newline = text_.find('\n', begin);
        size_t lineEnd = std::min(newline == llvm::StringRef::npos ? text_.size() : newline, r.end);
        llvm::StringRef piece = text_.slice(begin, lineEnd);
        if (piece.endswith("\r"))
          piece = piece.drop_back();
        if (!piece.empty())
          out.push_back({lines.positionAt(begin), utf16Length(piece), r.style.type, r.style.modifiers});
        begin = lineEnd + 1;
      }
    }
    return out;
  }

  const Analysis &analysis_;
  llvm::StringRef text_;
  AstHints hints_;
  llvm::DenseMap<const char *, const Occurrence *> occurrences_;
  std::vector<Raw> raw_;
};

} // namespace

std::vector<SemanticToken> semanticTokenList(const Analysis &analysis) { return Highlighter(analysis).run(); }

std::vector<uint32_t> encodeSemanticTokens(llvm::ArrayRef<SemanticToken> tokens) {
  std::vector<uint32_t> data;
  data.reserve(tokens.size() * 5);
  Position previous;
  for (const SemanticToken &t : tokens) {
    data.push_back(t.start.line - previous.line);
    data.push_back(t.start.line == previous.line ? t.start.character - previous.character : t.start.character);
    data.push_back(t.length);
    data.push_back(static_cast<uint32_t>(t.type));
    data.push_back(t.modifiers);
    previous = t.start;
  }
  return data;
}

std::vector<uint32_t> semanticTokens(const Analysis &analysis) {
  return encodeSemanticTokens(semanticTokenList(analysis));
}

} // namespace flytec::ide
