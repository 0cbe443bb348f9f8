// AST -> layout document. Each construct prints its tokens in source order
// through tok(), which places the comments written before the token and
// leaves a slot for those written after it on its line; the layout rules
// are those of docs/style.md.
#include "format/AstPrinter.h"

#include "ast/Ast.h"

#include <functional>

namespace flytec::format {

namespace {

using namespace flytec::ast;

// Binding strength, weakest first (Flyte.g4: alternatives listed first bind
// tightest).
enum Prec : int {
  PrecOr = 1,
  PrecAnd,
  PrecNot,
  PrecCompare,
  PrecCoalesce,
  PrecAdd,
  PrecMul,
  PrecNegate,
  PrecPostfix,
  PrecPrimary,
};

int binaryPrec(BinaryOp op) {
  switch (op) {
  case BinaryOp::Or: return PrecOr;
  case BinaryOp::And: return PrecAnd;
  case BinaryOp::Eq:
  case BinaryOp::Ne:
  case BinaryOp::Lt:
  case BinaryOp::Le:
  case BinaryOp::Gt:
  case BinaryOp::Ge: return PrecCompare;
  case BinaryOp::Coalesce: return PrecCoalesce;
  case BinaryOp::Add:
  case BinaryOp::Sub: return PrecAdd;
  case BinaryOp::Mul:
  case BinaryOp::Div:
  case BinaryOp::Mod: return PrecMul;
  }
  return PrecPrimary;
}

class Printer {
public:
  Printer(DocArena &arena, const SourceTokens &tokens, const Module &module, unsigned indentWidth)
      : a_(arena), t_(tokens), c_(arena, tokens), m_(module), step_(indentWidth) {
    comma_ = a_.text(",");
    space_ = a_.text(" ");
    commaLine_ = a_.concat({comma_, a_.line()});
    trailingComma_ = a_.ifBreak(comma_, a_.empty());
  }

  ModuleDoc run();

private:
  // ---------------------------------------------------------------- tokens

  size_t off(llvm::SMLoc loc) const { return t_.offset(loc.getPointer()); }
  llvm::StringRef source(llvm::SMRange r) const { return t_.buffer().slice(off(r.Start), off(r.End)); }
  DocId txt(llvm::StringRef s) { return a_.text(s); }
  DocId cat(std::initializer_list<DocId> parts) { return a_.concat(llvm::ArrayRef<DocId>(parts.begin(), parts.end())); }

  /// A token as written: the comments before it, the text, a slot for the
  /// comments after it on its line.
  DocId tok(size_t begin, llvm::StringRef text) {
    DocId lead = c_.leading(begin);
    DocId t = txt(text);
    return cat({lead, t, c_.trailingSlot()});
  }
  DocId tok(const CodeToken *t, llvm::StringRef fallback) { return t ? tok(t->begin, t->text) : txt(fallback); }
  /// The first token spelled `text` at or after `from`.
  DocId tokAt(size_t from, llvm::StringRef text) { return tok(t_.find(from, text), text); }
  DocId ident(const Identifier &id) { return tok(off(id.range.Start), id.name); }
  DocId leaf(const Node *n) { return tok(off(n->range().Start), source(n->range())); }
  /// A literal, which is one token but for a negative number: `-` and the
  /// number (comments may sit between them; the space goes).
  DocId literal(const Expr *e) {
    if (!isNegativeNumber(e))
      return leaf(e);
    size_t start = off(e->range().Start);
    DocId minus = tok(start, "-");
    const CodeToken *number = t_.codeAtOrAfter(start + 1);
    if (!number || number->end != off(e->range().End)) {
      fail("a negative number that is not '-' and a number");
      return minus;
    }
    return cat({minus, tok(number, number->text)});
  }

  /// A closing token without a slot: the caller leaves one after the group
  /// the token closes, so that a comment after it does not break the group.
  DocId closeTok(const CodeToken *t, llvm::StringRef fallback) {
    if (!t)
      return txt(fallback);
    DocId lead = c_.leading(t->begin);
    return cat({lead, txt(t->text)});
  }
  /// The token `text` that ends exactly at `end`.
  const CodeToken *endingAt(size_t end, llvm::StringRef text) const {
    const CodeToken *t = t_.codeBefore(end);
    return t && t->end == end && t->text == text ? t : nullptr;
  }

  // ---------------------------------------------------------------- lists

  /// An opening bracket, with the comments before it kept apart: they go
  /// before the group the bracket opens, or they would break it.
  struct Open {
    DocId lead;
    DocId doc;  // the bracket and its slot
    DocId slot; // for a comment after the bracket on its line
  };
  Open openTok(const CodeToken *t, llvm::StringRef fallback) {
    if (!t)
      return {a_.empty(), txt(fallback), a_.slot()};
    DocId lead = c_.leading(t->begin);
    DocId text = txt(t->text);
    DocId slot = c_.trailingSlot();
    return {lead, cat({text, slot}), slot};
  }
  /// Empty brackets: `()`, or `(` and `)` on lines of their own when a
  /// comment follows the `(` on its line (it stays there).
  DocId emptyBrackets(const Open &open, DocId close) {
    if (a_.filled(open.slot))
      return cat({open.doc, a_.hardline(), close});
    return cat({open.doc, close});
  }

  /// `open items close`: flat, `(a, b)`; broken, one item a line with a
  /// trailing comma. `spaced` puts spaces inside the brackets when flat
  /// (`{ a, b }`). No group and no slot: see list().
  DocId listParts(const Open &openBracket, const std::vector<DocId> &items, const CodeToken *close,
                  llvm::StringRef closeText, bool spaced) {
    DocId open = openBracket.doc;
    bool any = false;
    DocId dangling = close ? c_.dangling(close->begin, items.empty(), any) : a_.empty();
    DocId closeDoc = closeTok(close, closeText);
    if (items.empty() && !any)
      return emptyBrackets(openBracket, closeDoc);
    DocId sep = spaced ? a_.line() : a_.softline();
    std::vector<DocId> inner;
    inner.reserve(items.size() * 2 + 3);
    if (!items.empty())
      inner.push_back(sep);
    for (size_t i = 0; i < items.size(); ++i) {
      if (i)
        inner.push_back(commaLine_);
      inner.push_back(items[i]);
    }
    if (!items.empty())
      inner.push_back(trailingComma_);
    inner.push_back(dangling);
    return cat({open, a_.indent(a_.concat(inner)), sep, closeDoc});
  }

  /// A list as a group, and a slot after it unless `slot` is false (the
  /// caller then leaves one after the group that holds this one).
  DocId list(Open open, const std::vector<DocId> &items, const CodeToken *close, llvm::StringRef closeText,
             bool spaced, bool slot = true) {
    DocId parts = listParts(open, items, close, closeText, spaced);
    DocId group = a_.group(parts);
    return cat({open.lead, group, slot ? c_.trailingSlot() : a_.empty()});
  }

  /// `(args)` whose `(` is the first at or after `from`.
  DocId arguments(llvm::ArrayRef<Argument> args, size_t from, bool slot = true) {
    const CodeToken *open = t_.find(from, "(");
    Open openDoc = openTok(open, "(");
    std::vector<DocId> items;
    items.reserve(args.size());
    for (const Argument &a : args)
      items.push_back(argument(a));
    size_t after = args.empty() ? (open ? open->end : from) : off(args.back().range.End);
    return list(openDoc, items, t_.find(after, ")"), ")", false, slot);
  }

  DocId argument(const Argument &a) {
    if (a.label.empty())
      return expr(a.value);
    DocId label = ident(a.label);
    return cat({label, txt(": "), value(off(a.label.range.End), a.value)});
  }

  // ---------------------------------------------------------------- lines

  /// Whether an empty line was written before the item starting at
  /// `start` (or before the comments that lead it), after `prevEnd`.
  bool blankBefore(size_t prevEnd, size_t start) const {
    return t_.blankLineBetween(prevEnd, t_.firstOwnLineComment(prevEnd, start));
  }

  /// `{`, one item a line, `}`: bodies, record fields, launch plan
  /// entries. Empty lines between items are kept (one at most). No slot
  /// after the `}`.
  DocId bracedLines(size_t openFrom, size_t closeEnd, size_t count, const std::function<llvm::SMRange(size_t)> &rangeOf,
                    const std::function<DocId(size_t)> &item,
                    const std::function<bool(size_t)> &semicolonAfter = nullptr) {
    const CodeToken *open = t_.find(openFrom, "{");
    Open openBrace = openTok(open, "{");
    DocId openDoc = cat({openBrace.lead, openBrace.doc});
    std::vector<DocId> inner;
    size_t prevEnd = open ? open->end : openFrom;
    for (size_t i = 0; i < count; ++i) {
      llvm::SMRange r = rangeOf(i);
      inner.push_back(a_.hardline());
      c_.lineBreak(off(r.Start));
      if (i > 0 && blankBefore(prevEnd, off(r.Start)))
        inner.push_back(a_.hardline());
      inner.push_back(item(i));
      if (semicolonAfter && semicolonAfter(i))
        inner.push_back(txt(";"));
      prevEnd = off(r.End);
    }
    const CodeToken *close = endingAt(closeEnd, "}");
    bool any = false;
    inner.push_back(c_.dangling(close ? close->begin : closeEnd, count == 0, any));
    DocId closeDoc = closeTok(close, "}");
    if (count == 0 && !any)
      return cat({openBrace.lead, emptyBrackets(openBrace, closeDoc)});
    return cat({openDoc, a_.indent(a_.concat(inner)), a_.hardline(), closeDoc});
  }

  // ---------------------------------------------------------------- blocks

  /// A block of statements, always one statement a line. No slot after.
  DocId block(const Block *b) {
    llvm::ArrayRef<Stmt *> stmts = b->stmts;
    return bracedLines(
        off(b->range().Start), off(b->range().End), stmts.size(), [&](size_t i) { return stmts[i]->range(); },
        [&](size_t i) { return stmt(stmts[i]); },
        [&](size_t i) { return i + 1 < stmts.size() && needsSemicolonBefore(stmts[i + 1]); });
  }

  /// A block that may stay on one line: a single expression, no comments.
  bool inlineable(const Block *b) const {
    if (!b || b->stmts.size() != 1 || !llvm::isa<ExprStmt>(b->stmts[0]))
      return false;
    return !t_.hasCommentIn(off(b->range().Start), off(b->range().End));
  }

  /// Written with a line break after its `{`: kept broken.
  bool writtenBroken(const Block *b) const {
    return !b->stmts.empty() && t_.newlineBetween(off(b->range().Start), off(b->stmts[0]->range().Start));
  }

  /// `{ value }` whose lines belong to the caller's group. No slot after.
  DocId inlineBlock(const Block *b) {
    const CodeToken *open = t_.codeAtOrAfter(off(b->range().Start));
    DocId openDoc = tok(open, "{");
    DocId value = stmt(b->stmts[0]);
    DocId closeDoc = closeTok(endingAt(off(b->range().End), "}"), "}");
    return cat({openDoc, a_.indent(cat({a_.line(), value})), a_.line(), closeDoc});
  }

  DocId branchBlock(const Block *b, bool inlined) { return inlined ? inlineBlock(b) : block(b); }

  // ------------------------------------------------------------ statements

  /// A statement that begins with `(`, `[`, `{` or `-` would continue the
  /// statement before it, were it not for a `;`.
  bool needsSemicolonBefore(const Stmt *s) const {
    auto *e = llvm::dyn_cast<ExprStmt>(s);
    if (!e || !e->expr)
      return false;
    char c = leftmostChar(e->expr);
    return c == '(' || c == '[' || c == '{' || c == '-';
  }

  DocId decorators(llvm::ArrayRef<Decorator> decos) {
    std::vector<DocId> parts;
    for (const Decorator &d : decos) {
      parts.push_back(tok(off(d.range.Start), "@"));
      parts.push_back(qualified(d.name));
      if (d.hasParens)
        parts.push_back(arguments(d.args, off(d.name.range.End)));
      parts.push_back(a_.hardline());
      const CodeToken *next = t_.codeAtOrAfter(off(d.range.End));
      c_.lineBreak(next ? next->begin : t_.buffer().size());
    }
    return a_.concat(parts);
  }

  /// The offset where a declaration or statement begins after its decorators.
  size_t afterDecorators(llvm::ArrayRef<Decorator> decos, llvm::SMRange whole) const {
    return decos.empty() ? off(whole.Start) : off(decos.back().range.End);
  }

  DocId stmt(const Stmt *s) {
    switch (s->kind()) {
    case NodeKind::LetStmt: {
      auto *l = llvm::cast<LetStmt>(s);
      DocId decos = decorators(l->decorators);
      const CodeToken *let = t_.find(afterDecorators(l->decorators, l->range()), "let");
      DocId letDoc = tok(let, "let");
      size_t cursor = let ? let->end : off(l->range().Start);
      DocId target;
      if (l->destructure) {
        const CodeToken *open = t_.find(cursor, "(");
        std::vector<DocId> parts{tok(open, "(")};
        for (size_t i = 0; i < l->names.size(); ++i) {
          if (i)
            parts.push_back(txt(", "));
          parts.push_back(ident(l->names[i]));
        }
        size_t after = l->names.empty() ? (open ? open->end : cursor) : off(l->names.back().range.End);
        const CodeToken *close = t_.find(after, ")");
        parts.push_back(tok(close, ")"));
        target = a_.concat(parts);
        cursor = close ? close->end : after;
      } else if (!l->names.empty()) {
        target = ident(l->names.front());
        cursor = off(l->names.front().range.End);
      } else {
        fail("a 'let' without a name");
        target = a_.empty();
      }
      const CodeToken *eqTok = t_.find(cursor, "=");
      DocId eq = tok(eqTok, "=");
      return cat({decos, letDoc, space_, target, space_, eq, space_, value(eqTok ? eqTok->end : cursor, l->value)});
    }
    case NodeKind::ReturnStmt: {
      auto *r = llvm::cast<ReturnStmt>(s);
      size_t start = off(r->range().Start);
      DocId kw = tok(start, "return");
      if (!r->hasParens)
        return kw;
      return cat({kw, space_, arguments(r->values, start)});
    }
    case NodeKind::AssertStmt: {
      auto *a = llvm::cast<AssertStmt>(s);
      DocId kw = tok(off(a->range().Start), "assert");
      DocId cond = expr(a->cond);
      if (!a->message)
        return cat({kw, space_, cond});
      return cat({kw, space_, cond, txt(", "), expr(a->message)});
    }
    case NodeKind::MockStmt: {
      // Like a signature: the arguments break before the outputs do.
      auto *m = llvm::cast<MockStmt>(s);
      DocId kw = tok(off(m->range().Start), "mock");
      DocId target = qualified(m->target);
      size_t cursor = off(m->target.range.End);
      DocId lead = a_.empty();
      std::vector<DocId> parts;
      if (m->hasArgs) {
        const CodeToken *open = t_.find(cursor, "(");
        Open openDoc = openTok(open, "(");
        lead = openDoc.lead;
        std::vector<DocId> items;
        for (const Argument &a : m->args)
          items.push_back(argument(a));
        size_t after = m->args.empty() ? (open ? open->end : cursor) : off(m->args.back().range.End);
        const CodeToken *close = t_.find(after, ")");
        parts.push_back(listParts(openDoc, items, close, ")", false));
        parts.push_back(c_.trailingSlot());
        cursor = close ? close->end : after;
      }
      const CodeToken *arrow = t_.find(cursor, "->");
      parts.push_back(space_);
      parts.push_back(tok(arrow, "->"));
      parts.push_back(space_);
      parts.push_back(arguments(m->outputs, arrow ? arrow->end : cursor, /*slot=*/false));
      return cat({kw, space_, target, lead, a_.group(a_.concat(parts)), c_.trailingSlot()});
    }
    case NodeKind::ExprStmt:
      return expr(llvm::cast<ExprStmt>(s)->expr);
    default:
      fail("an unknown statement");
      return a_.empty();
    }
  }

  // ----------------------------------------------------------- expressions

  bool isNegativeNumber(const Expr *e) const {
    return (llvm::isa<IntLit>(e) || llvm::isa<FloatLit>(e)) && source(e->range()).startswith("-");
  }

  int precOf(const Expr *e) const {
    switch (e->kind()) {
    case NodeKind::BinaryExpr:
      return binaryPrec(llvm::cast<BinaryExpr>(e)->op);
    case NodeKind::UnaryExpr:
      return llvm::cast<UnaryExpr>(e)->op == UnaryOp::Not ? PrecNot : PrecNegate;
    case NodeKind::FieldExpr:
    case NodeKind::IndexExpr:
    case NodeKind::CallExpr:
      return PrecPostfix;
    case NodeKind::IntLit:
    case NodeKind::FloatLit:
      return isNegativeNumber(e) ? PrecNegate : PrecPrimary;
    default:
      return PrecPrimary;
    }
  }

  static bool isNot(const Expr *e) {
    auto *u = llvm::dyn_cast<UnaryExpr>(e);
    return u && u->op == UnaryOp::Not;
  }

  /// Parentheses the source may have had are not in the AST: they come
  /// back wherever the tree would not read back the same without them.
  bool operandNeedsParens(const Expr *child, BinaryOp parent, bool lhs) const {
    int p = binaryPrec(parent);
    // `not` takes everything down to `and`: `a == not b == c` reads as
    // `a == not (b == c)`.
    if (isNot(child))
      return p > PrecNot;
    int c = precOf(child);
    if (c != p)
      return c < p;
    bool rightAssoc = parent == BinaryOp::Coalesce;
    return lhs ? rightAssoc : !rightAssoc;
  }

  bool baseNeedsParens(const Expr *base) const { return precOf(base) < PrecPostfix; }

  bool negateOperandNeedsParens(const Expr *operand) const {
    // `-(-x)` rather than `--x`, which reads like a decrement.
    if (llvm::isa<BinaryExpr>(operand) || llvm::isa<UnaryExpr>(operand) || isNegativeNumber(operand))
      return true;
    // `-(5)` is a negation; `-5` would be the literal.
    return (llvm::isa<IntLit>(operand) || llvm::isa<FloatLit>(operand)) && !isNegativeNumber(operand);
  }

  bool notOperandNeedsParens(const Expr *operand) const {
    auto *b = llvm::dyn_cast<BinaryExpr>(operand);
    return b && binaryPrec(b->op) < PrecNot;
  }

  /// The first character the printed expression begins with.
  char leftmostChar(const Expr *e) const {
    for (;;) {
      const Expr *left = nullptr;
      bool parens = false;
      if (auto *b = llvm::dyn_cast<BinaryExpr>(e)) {
        left = b->lhs;
        parens = operandNeedsParens(b->lhs, b->op, true);
      } else if (auto *f = llvm::dyn_cast<FieldExpr>(e)) {
        left = f->base;
      } else if (auto *i = llvm::dyn_cast<IndexExpr>(e)) {
        left = i->base;
      } else if (auto *c = llvm::dyn_cast<CallExpr>(e)) {
        left = c->callee;
      }
      if (!left)
        break;
      if (!llvm::isa<BinaryExpr>(e))
        parens = baseNeedsParens(left);
      if (parens || writtenInParens(left, e))
        return '(';
      e = left;
    }
    switch (e->kind()) {
    case NodeKind::UnaryExpr:
      return isNot(e) ? 'n' : '-';
    case NodeKind::ListLit:
      return '[';
    case NodeKind::MapLit:
      return '{';
    default: {
      llvm::StringRef text = source(e->range());
      return text.empty() ? 'a' : text.front();
    }
    }
  }

  /// Parentheses written around `child` where the parent has none of its
  /// own (an operand, a base): the AST drops them, the printer keeps them.
  bool writtenInParens(const Expr *child, const Expr *parent) const {
    const CodeToken *before = t_.codeBefore(off(child->range().Start));
    const CodeToken *after = t_.codeAtOrAfter(off(child->range().End));
    return before && after && before->text == "(" && after->text == ")" &&
           before->begin >= off(parent->range().Start) && after->end <= off(parent->range().End);
  }

  /// An expression after `=` or `:`: indented when comments on lines of
  /// their own come first, so that it does not start at the margin.
  DocId value(size_t from, const Expr *e) {
    DocId doc = expr(e);
    if (e && t_.firstOwnLineComment(from, off(e->range().Start)) < off(e->range().Start))
      return a_.indent(doc);
    return doc;
  }

  DocId parens(DocId inner) { return cat({txt("("), inner, txt(")")}); }
  DocId operand(const Expr *e, const Expr *parent, bool needsParens) {
    return needsParens || writtenInParens(e, parent) ? parens(expr(e)) : expr(e);
  }

  DocId expr(const Expr *e) {
    if (!e) {
      fail("a missing expression");
      return a_.empty();
    }
    switch (e->kind()) {
    case NodeKind::IntLit:
    case NodeKind::FloatLit:
      return literal(e);
    case NodeKind::NameExpr:
    case NodeKind::BoolLit:
    case NodeKind::NoneLit:
    case NodeKind::DurationLit:
    case NodeKind::SizeLit:
      return leaf(e);
    case NodeKind::StringLit:
      return stringLit(llvm::cast<StringLit>(e));
    case NodeKind::ListLit: {
      auto *l = llvm::cast<ListLit>(e);
      Open open = openTok(t_.codeAtOrAfter(off(l->range().Start)), "[");
      std::vector<DocId> items;
      items.reserve(l->elements.size());
      for (const Expr *x : l->elements)
        items.push_back(expr(x));
      return list(open, items, endingAt(off(l->range().End), "]"), "]", false);
    }
    case NodeKind::MapLit: {
      auto *m = llvm::cast<MapLit>(e);
      Open open = openTok(t_.codeAtOrAfter(off(m->range().Start)), "{");
      std::vector<DocId> items;
      items.reserve(m->entries.size());
      for (const MapEntry &entry : m->entries) {
        DocId key = expr(entry.key);
        items.push_back(cat({key, txt(": "), expr(entry.value)}));
      }
      return list(open, items, endingAt(off(m->range().End), "}"), "}", false);
    }
    case NodeKind::RecordLit: {
      auto *r = llvm::cast<RecordLit>(e);
      DocId type = qualified(r->type);
      Open open = openTok(t_.find(off(r->type.range.End), "{"), "{");
      std::vector<DocId> items;
      items.reserve(r->fields.size());
      for (const FieldInit &f : r->fields) {
        DocId name = ident(f.name);
        items.push_back(cat({name, txt(": "), value(off(f.name.range.End), f.value)}));
      }
      return cat({type, space_, list(open, items, endingAt(off(r->range().End), "}"), "}", true)});
    }
    case NodeKind::FieldExpr: {
      auto *f = llvm::cast<FieldExpr>(e);
      DocId base = operand(f->base, f, baseNeedsParens(f->base));
      DocId dot = tokAt(off(f->base->range().End), ".");
      return cat({base, dot, ident(f->field)});
    }
    case NodeKind::IndexExpr: {
      auto *i = llvm::cast<IndexExpr>(e);
      DocId base = operand(i->base, i, baseNeedsParens(i->base));
      DocId open = tokAt(off(i->base->range().End), "[");
      DocId index = expr(i->index);
      DocId close = closeTok(endingAt(off(i->range().End), "]"), "]");
      return cat({base, open, index, close, c_.trailingSlot()});
    }
    case NodeKind::CallExpr: {
      auto *c = llvm::cast<CallExpr>(e);
      DocId callee = operand(c->callee, c, baseNeedsParens(c->callee));
      return cat({callee, arguments(c->args, off(c->callee->range().End))});
    }
    case NodeKind::UnaryExpr: {
      auto *u = llvm::cast<UnaryExpr>(e);
      size_t start = off(u->range().Start);
      if (u->op == UnaryOp::Negate) {
        DocId op = tok(start, "-");
        return cat({op, operand(u->operand, u, negateOperandNeedsParens(u->operand))});
      }
      DocId op = tok(start, "not");
      return cat({op, space_, operand(u->operand, u, notOperandNeedsParens(u->operand))});
    }
    case NodeKind::BinaryExpr:
      return binaryChain(llvm::cast<BinaryExpr>(e));
    case NodeKind::IfExpr:
      return ifExpr(llvm::cast<IfExpr>(e));
    case NodeKind::ForExpr:
      return forExpr(llvm::cast<ForExpr>(e));
    case NodeKind::ErrorExpr:
    default:
      fail("an expression that did not parse");
      return leaf(e);
    }
  }

  /// `a + b - c ...`: a left-nested chain, printed in a loop rather than by
  /// recursion (a chain may be as long as a line of source allows).
  DocId binaryChain(const BinaryExpr *top) {
    std::vector<const BinaryExpr *> spine{top};
    for (;;) {
      auto *lhs = llvm::dyn_cast<BinaryExpr>(spine.back()->lhs);
      if (!lhs || operandNeedsParens(lhs, spine.back()->op, true) || writtenInParens(lhs, spine.back()))
        break;
      spine.push_back(lhs);
    }
    const BinaryExpr *bottom = spine.back();
    std::vector<DocId> parts{operand(bottom->lhs, bottom, operandNeedsParens(bottom->lhs, bottom->op, true))};
    for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
      const BinaryExpr *b = *it;
      parts.push_back(space_);
      parts.push_back(tok(off(b->opRange.Start), binaryOpSpelling(b->op)));
      parts.push_back(space_);
      parts.push_back(operand(b->rhs, b, operandNeedsParens(b->rhs, b->op, false)));
    }
    return a_.concat(parts);
  }

  /// `if c { a } else if d { b } else { c }`: one group, so that every
  /// block of the chain is on one line or every block is broken.
  DocId ifExpr(const IfExpr *e) {
    bool inlined = true;
    for (const IfExpr *i = e; i; i = i->elseIf)
      inlined = inlined && inlineable(i->thenBlock) && (!i->elseBlock || inlineable(i->elseBlock));
    inlined = inlined && !writtenBroken(e->thenBlock);
    DocId lead = c_.leading(off(e->range().Start));
    std::vector<DocId> parts;
    for (const IfExpr *i = e; i;) {
      parts.push_back(tok(off(i->range().Start), "if"));
      parts.push_back(space_);
      parts.push_back(expr(i->cond));
      parts.push_back(space_);
      if (!i->thenBlock) {
        fail("an 'if' without a block");
        break;
      }
      parts.push_back(branchBlock(i->thenBlock, inlined));
      if (!i->elseBlock && !i->elseIf)
        break;
      parts.push_back(c_.trailingSlot());
      parts.push_back(space_);
      parts.push_back(tokAt(off(i->thenBlock->range().End), "else"));
      parts.push_back(space_);
      if (i->elseBlock) {
        parts.push_back(branchBlock(i->elseBlock, inlined));
        break;
      }
      i = i->elseIf;
    }
    DocId group = a_.group(a_.concat(parts));
    return cat({lead, group, c_.trailingSlot()});
  }

  DocId forExpr(const ForExpr *f) {
    if (!f->body) {
      fail("a 'for' without a block");
      return a_.empty();
    }
    bool inlined = inlineable(f->body) && !writtenBroken(f->body);
    DocId lead = c_.leading(off(f->range().Start));
    DocId kw = tok(off(f->range().Start), "for");
    DocId var = ident(f->var);
    DocId in = tokAt(off(f->var.range.End), "in");
    DocId iterable = expr(f->iterable);
    DocId body = branchBlock(f->body, inlined);
    DocId group = a_.group(cat({kw, space_, var, space_, in, space_, iterable, space_, body}));
    return cat({lead, group, c_.trailingSlot()});
  }

  /// A string exactly as written; a triple-quoted string whose first and
  /// last lines are blank is re-indented one step in from the line it
  /// starts on (its common indentation is removed when it is read, so its
  /// value does not change).
  DocId stringLit(const StringLit *s) {
    size_t begin = off(s->range().Start);
    llvm::StringRef text = source(s->range());
    DocId lead = c_.leading(begin);
    DocId body = s->triple ? tripleString(text) : txt(text);
    return cat({lead, body, c_.trailingSlot()});
  }

  DocId tripleString(llvm::StringRef text) {
    if (text.size() < 6 || !text.startswith("\"\"\"") || !text.endswith("\"\"\""))
      return txt(text);
    // A line ends at '\n' whether or not a '\r' comes before it, so CRLF
    // lines read the same as LF lines; a '\r' anywhere else is kept as it is.
    std::string lf;
    if (text.contains('\r')) {
      for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\r')
          lf += text[i];
        else if (i + 1 >= text.size() || text[i + 1] != '\n')
          return txt(text);
      }
      text = lf;
    }
    llvm::StringRef content = text.drop_front(3).drop_back(3);
    llvm::SmallVector<llvm::StringRef, 16> lines;
    content.split(lines, '\n');
    auto blank = [](llvm::StringRef l) { return l.find_first_not_of(" \t") == llvm::StringRef::npos; };
    if (lines.size() < 2 || !blank(lines.front()) || !blank(lines.back()))
      return txt(text);
    size_t common = llvm::StringRef::npos;
    for (size_t i = 1; i + 1 < lines.size(); ++i)
      if (!blank(lines[i]))
        common = std::min(common, lines[i].find_first_not_of(" \t"));
    if (common == llvm::StringRef::npos)
      common = 0;
    std::vector<BlockLine> out;
    out.reserve(lines.size());
    out.push_back(a_.blockLine("\"\"\"", 0));
    for (size_t i = 1; i + 1 < lines.size(); ++i)
      out.push_back(blank(lines[i]) ? a_.blockLine("", 0) : a_.blockLine(lines[i].drop_front(common), step_));
    out.push_back(a_.blockLine("\"\"\"", 0));
    return a_.blockLines(out);
  }

  // ----------------------------------------------------------------- types

  DocId qualified(const QualifiedName &q) {
    std::vector<DocId> parts;
    for (size_t i = 0; i < q.parts.size(); ++i) {
      if (i)
        parts.push_back(txt("."));
      parts.push_back(ident(q.parts[i]));
    }
    return a_.concat(parts);
  }

  DocId type(const TypeExpr *t) {
    if (!t) {
      fail("a missing type");
      return a_.empty();
    }
    switch (t->kind()) {
    case NodeKind::NamedType: {
      auto *n = llvm::cast<NamedType>(t);
      DocId name = qualified(n->name);
      if (!n->hasArgs)
        return name;
      Open open = openTok(t_.find(off(n->name.range.End), "["), "[");
      std::vector<DocId> items;
      for (const TypeArg &a : n->args) {
        if (a.label.empty()) {
          items.push_back(type(a.type));
        } else {
          DocId label = ident(a.label);
          items.push_back(cat({label, txt(": "), type(a.type)}));
        }
      }
      return cat({name, list(open, items, endingAt(off(n->range().End), "]"), "]", false)});
    }
    case NodeKind::OptionalType: {
      auto *o = llvm::cast<OptionalType>(t);
      bool wrap = llvm::isa<UnionType>(o->inner) || llvm::isa<OptionalType>(o->inner);
      DocId inner = wrap ? parens(type(o->inner)) : type(o->inner);
      const CodeToken *q = endingAt(off(o->range().End), "?");
      return cat({inner, tok(q, "?")});
    }
    case NodeKind::UnionType: {
      auto *u = llvm::cast<UnionType>(t);
      std::vector<DocId> parts;
      for (size_t i = 0; i < u->members.size(); ++i) {
        const TypeExpr *m = u->members[i];
        if (i) {
          parts.push_back(space_);
          parts.push_back(tokAt(off(u->members[i - 1]->range().End), "|"));
          parts.push_back(space_);
        }
        parts.push_back(llvm::isa<UnionType>(m) ? parens(type(m)) : type(m));
      }
      return a_.concat(parts);
    }
    case NodeKind::NoneType:
      return leaf(t);
    default:
      fail("an unknown type");
      return a_.empty();
    }
  }

  // ---------------------------------------------------------- declarations

  DocId param(const Param &p) {
    DocId name = ident(p.name);
    DocId ty = type(p.type);
    if (!p.defaultValue)
      return cat({name, txt(": "), ty});
    const CodeToken *eqTok = t_.find(off(p.type ? p.type->range().End : p.name.range.End), "=");
    DocId eq = tok(eqTok, "=");
    return cat({name, txt(": "), ty, space_, eq, space_,
                value(eqTok ? eqTok->end : off(p.name.range.End), p.defaultValue)});
  }

  /// `(inputs) -> (outputs)`. The inputs break before the outputs do: one
  /// group holds the inputs' lines and, nested, the outputs' group.
  DocId signature(llvm::ArrayRef<Param> inputs, llvm::ArrayRef<Param> outputs, bool hasOutputList, size_t from) {
    const CodeToken *open = t_.find(from, "(");
    Open openDoc = openTok(open, "(");
    std::vector<DocId> items;
    for (const Param &p : inputs)
      items.push_back(param(p));
    size_t after = inputs.empty() ? (open ? open->end : from) : off(inputs.back().range.End);
    const CodeToken *close = t_.find(after, ")");
    std::vector<DocId> parts{listParts(openDoc, items, close, ")", false)};
    if (!hasOutputList)
      return cat({openDoc.lead, a_.group(a_.concat(parts)), c_.trailingSlot()});
    parts.push_back(c_.trailingSlot());
    {
      size_t cursor = close ? close->end : after;
      const CodeToken *arrow = t_.find(cursor, "->");
      parts.push_back(space_);
      parts.push_back(tok(arrow, "->"));
      parts.push_back(space_);
      cursor = arrow ? arrow->end : cursor;
      const CodeToken *outOpen = t_.find(cursor, "(");
      Open outOpenDoc = openTok(outOpen, "(");
      std::vector<DocId> outs;
      for (const Param &p : outputs)
        outs.push_back(param(p));
      size_t outAfter = outputs.empty() ? (outOpen ? outOpen->end : cursor) : off(outputs.back().range.End);
      parts.push_back(outOpenDoc.lead);
      parts.push_back(a_.group(listParts(outOpenDoc, outs, t_.find(outAfter, ")"), ")", false)));
    }
    // A comment after the last `)` does not break the header.
    return cat({openDoc.lead, a_.group(a_.concat(parts)), c_.trailingSlot()});
  }

  DocId keyword(const Decl &d, llvm::StringRef word) { return tokAt(afterDecorators(d.decorators, d.range()), word); }

  DocId decl(const Decl &d) {
    DocId decos = decorators(d.decorators);
    switch (d.kind()) {
    case NodeKind::ImportDecl:
      return cat({decos, importDecl(llvm::cast<ImportDecl>(d))});
    case NodeKind::RecordDecl: {
      auto &r = llvm::cast<RecordDecl>(d);
      DocId kw = keyword(d, "record");
      DocId name = ident(r.name);
      llvm::ArrayRef<Param> fields = r.fields;
      DocId body = bracedLines(
          off(r.name.range.End), off(r.range().End), fields.size(), [&](size_t i) { return fields[i].range; },
          [&](size_t i) { return param(fields[i]); });
      return cat({decos, kw, space_, name, space_, body, c_.trailingSlot()});
    }
    case NodeKind::EnumDecl: {
      auto &e = llvm::cast<EnumDecl>(d);
      DocId kw = keyword(d, "enum");
      DocId name = ident(e.name);
      Open open = openTok(t_.find(off(e.name.range.End), "{"), "{");
      std::vector<DocId> items;
      for (const EnumMember &m : e.members)
        items.push_back(ident(m.name));
      return cat({decos, kw, space_, name, space_, list(open, items, endingAt(off(e.range().End), "}"), "}", true)});
    }
    case NodeKind::AliasDecl: {
      auto &a = llvm::cast<AliasDecl>(d);
      DocId kw = keyword(d, "type");
      DocId name = ident(a.name);
      DocId eq = tokAt(off(a.name.range.End), "=");
      return cat({decos, kw, space_, name, space_, eq, space_, type(a.type)});
    }
    case NodeKind::TaskDecl: {
      auto &t = llvm::cast<TaskDecl>(d);
      DocId kw = keyword(d, "task");
      DocId name = ident(t.name);
      DocId sig = signature(t.inputs, t.outputs, t.hasOutputList, off(t.name.range.End));
      if (!t.body)
        return cat({decos, kw, space_, name, sig});
      return cat({decos, kw, space_, name, sig, space_, taskBody(*t.body), c_.trailingSlot()});
    }
    case NodeKind::WorkflowDecl: {
      auto &w = llvm::cast<WorkflowDecl>(d);
      DocId kw = keyword(d, w.dynamic ? "dynamic" : "workflow");
      DocId name = ident(w.name);
      DocId sig = signature(w.inputs, w.outputs, w.hasOutputList, off(w.name.range.End));
      if (!w.body) {
        fail("a workflow without a body");
        return a_.empty();
      }
      return cat({decos, kw, space_, name, sig, space_, block(w.body), c_.trailingSlot()});
    }
    case NodeKind::LaunchPlanDecl: {
      auto &l = llvm::cast<LaunchPlanDecl>(d);
      DocId kw = keyword(d, "launchplan");
      DocId name = ident(l.name);
      DocId forKw = tokAt(off(l.name.range.End), "for");
      DocId workflow = qualified(l.workflow);
      llvm::ArrayRef<LaunchPlanEntry> entries = l.entries;
      DocId body = bracedLines(
          off(l.workflow.range.End), off(l.range().End), entries.size(), [&](size_t i) { return entries[i].range; },
          [&](size_t i) {
            const LaunchPlanEntry &e = entries[i];
            DocId which = tok(off(e.range.Start), e.fixed ? "fixed" : "default");
            DocId entryName = ident(e.name);
            return cat({which, space_, entryName, txt(": "), value(off(e.name.range.End), e.value)});
          });
      return cat({decos, kw, space_, name, space_, forKw, space_, workflow, space_, body, c_.trailingSlot()});
    }
    case NodeKind::TestDecl: {
      auto &t = llvm::cast<TestDecl>(d);
      DocId kw = keyword(d, "test");
      DocId title = tok(off(t.name.range.Start), source(t.name.range));
      if (!t.body) {
        fail("a test without a body");
        return a_.empty();
      }
      return cat({decos, kw, space_, title, space_, block(t.body), c_.trailingSlot()});
    }
    default:
      fail("an unknown declaration");
      return a_.empty();
    }
  }

  DocId importDecl(const ImportDecl &i) {
    size_t start = off(i.range().Start);
    if (!i.path) {
      fail("an import without a path");
      return a_.empty();
    }
    if (i.isFrom) {
      DocId kw = tok(start, "from");
      DocId path = stringLit(i.path);
      DocId import = tokAt(off(i.path->range().End), "import");
      std::vector<DocId> parts{kw, space_, path, space_, import, space_};
      for (size_t k = 0; k < i.names.size(); ++k) {
        if (k)
          parts.push_back(txt(", "));
        parts.push_back(ident(i.names[k]));
      }
      return a_.concat(parts);
    }
    DocId kw = tok(start, "import");
    DocId path = stringLit(i.path);
    if (i.name.empty())
      return cat({kw, space_, path});
    DocId as = tokAt(off(i.path->range().End), "as");
    return cat({kw, space_, path, space_, as, space_, ident(i.name)});
  }

  /// `{ plugin(config) "script" }`, always on lines of its own. No slot after.
  DocId taskBody(const TaskBody &b) {
    const CodeToken *open = t_.codeAtOrAfter(off(b.range.Start));
    Open openBrace = openTok(open, "{");
    DocId openDoc = cat({openBrace.lead, openBrace.doc});
    std::vector<DocId> inner;
    bool hasCall = !b.plugin.empty();
    if (hasCall) {
      inner.push_back(a_.hardline());
      c_.lineBreak(off(b.plugin.range.Start));
      inner.push_back(ident(b.plugin));
      if (b.hasConfig)
        inner.push_back(arguments(b.config, off(b.plugin.range.End)));
      if (b.script) {
        inner.push_back(space_);
        inner.push_back(stringLit(b.script));
      }
    }
    const CodeToken *close = endingAt(off(b.range.End), "}");
    bool any = false;
    inner.push_back(c_.dangling(close ? close->begin : off(b.range.End), !hasCall, any));
    DocId closeDoc = closeTok(close, "}");
    if (!hasCall && !any)
      return cat({openBrace.lead, emptyBrackets(openBrace, closeDoc)});
    return cat({openDoc, a_.indent(a_.concat(inner)), a_.hardline(), closeDoc});
  }

  void fail(const std::string &what) {
    if (error_.empty())
      error_ = "cannot print " + what;
  }

  DocArena &a_;
  const SourceTokens &t_;
  CommentPlacer c_;
  const Module &m_;
  unsigned step_;
  std::string error_;
  DocId comma_, space_, commaLine_, trailingComma_;
};

ModuleDoc Printer::run() {
  ModuleDoc out;
  struct Item {
    llvm::SMRange range;
    const Decl *decl; // null for the `module` line
  };
  std::vector<Item> items;
  if (!m_.declaredName.parts.empty()) {
    const CodeToken *kw = t_.find(0, "module");
    llvm::SMLoc start = kw ? llvm::SMLoc::getFromPointer(t_.buffer().data() + kw->begin) : m_.declaredName.range.Start;
    items.push_back({llvm::SMRange(start, m_.declaredName.range.End), nullptr});
  }
  for (const Decl *d : m_.decls)
    items.push_back({d->range(), d});

  std::vector<DocId> parts;
  size_t prevEnd = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const Item &item = items[i];
    size_t start = off(item.range.Start), end = off(item.range.End);
    if (i > 0) {
      c_.lineBreak(start);
      bool imports = item.decl && llvm::isa<ImportDecl>(item.decl) && items[i - 1].decl &&
                     llvm::isa<ImportDecl>(items[i - 1].decl);
      parts.push_back(a_.hardline());
      if (!imports || blankBefore(prevEnd, start))
        parts.push_back(a_.hardline());
    }
    PrintedItem printed;
    printed.inputBegin = t_.firstOwnLineComment(i == 0 ? 0 : t_.trailingCommentsEnd(prevEnd), start);
    printed.inputEnd = t_.trailingCommentsEnd(end);
    parts.push_back(a_.mark(printed.beginMark));
    if (item.decl) {
      parts.push_back(decl(*item.decl));
    } else {
      DocId kw = tok(start, "module");
      parts.push_back(cat({kw, space_, qualified(m_.declaredName)}));
    }
    parts.push_back(a_.mark(printed.endMark));
    out.items.push_back(printed);
    prevEnd = end;
  }
  size_t eof = t_.buffer().size();
  if (items.empty()) {
    parts.push_back(c_.leading(eof));
  } else {
    bool any = false;
    parts.push_back(c_.dangling(eof, false, any));
    parts.push_back(a_.hardline());
  }
  out.root = a_.concat(parts);
  out.error = error_;
  return out;
}

} // namespace

ModuleDoc buildModuleDoc(DocArena &arena, const SourceTokens &tokens, const ast::Module &module,
                         unsigned indentWidth) {
  return Printer(arena, tokens, module, indentWidth).run();
}

} // namespace flytec::format
