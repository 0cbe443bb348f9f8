#include "ide/CursorContext.h"

#include "ide/Analysis.h"
#include "parse/Tokens.h"

#include <llvm/ADT/StringSwitch.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>

#include <algorithm>
#include <optional>

namespace flytec::ide {

namespace {

constexpr size_t npos = static_cast<size_t>(-1);

/// The token kinds this file tells apart (the grammar's names, folded).
enum class K : uint8_t {
  Ident,
  // Keywords, in the grammar's order; Fixed..Mock are contextual names.
  Module, Import, From, As, Type, Record, Enum, Task, Workflow, Dynamic, LaunchPlan, Let, Return, If, Else,
  For, In, True, False, None, And, Or, Not, Fixed, Default, Test, Assert, Mock,
  Arrow, Assign, Pipe, Question, Dot, Comma, Colon, Semi, At,
  LParen, RParen, LBrack, RBrack, LBrace, RBrace,
  String,      // a terminated string
  OpenString,  // an unterminated one: runs to the cursor
  Number,
  LineComment, // `//` and `///`: run to the end of the line
  BlockComment,
  OpenComment, // an unterminated `/*`
  Other,       // operators and stray characters
  Eof,
};

K kindOf(llvm::StringRef name) {
  return llvm::StringSwitch<K>(name)
      .Case("IDENT", K::Ident)
      .Case("MODULE", K::Module).Case("IMPORT", K::Import).Case("FROM", K::From).Case("AS", K::As)
      .Case("TYPE", K::Type).Case("RECORD", K::Record).Case("ENUM", K::Enum).Case("TASK", K::Task)
      .Case("WORKFLOW", K::Workflow).Case("DYNAMIC", K::Dynamic).Case("LAUNCHPLAN", K::LaunchPlan)
      .Case("LET", K::Let).Case("RETURN", K::Return).Case("IF", K::If).Case("ELSE", K::Else)
      .Case("FOR", K::For).Case("IN", K::In).Case("TRUE", K::True).Case("FALSE", K::False)
      .Case("NONE", K::None).Case("AND", K::And).Case("OR", K::Or).Case("NOT", K::Not)
      .Case("FIXED", K::Fixed).Case("DEFAULT", K::Default).Case("TEST", K::Test).Case("ASSERT", K::Assert)
      .Case("MOCK", K::Mock)
      .Case("ARROW", K::Arrow).Case("ASSIGN", K::Assign).Case("PIPE", K::Pipe).Case("QUESTION", K::Question)
      .Case("DOT", K::Dot).Case("COMMA", K::Comma).Case("COLON", K::Colon).Case("SEMI", K::Semi)
      .Case("AT", K::At)
      .Case("LPAREN", K::LParen).Case("RPAREN", K::RParen).Case("LBRACK", K::LBrack)
      .Case("RBRACK", K::RBrack).Case("LBRACE", K::LBrace).Case("RBRACE", K::RBrace)
      .Cases("STRING", "TRIPLE_STRING", K::String)
      .Cases("UNTERMINATED_STRING", "UNTERMINATED_TRIPLE_STRING", K::OpenString)
      .Cases("INT", "FLOAT", "DURATION", "SIZE", "INVALID_NUMBER", K::Number)
      .Cases("LINE_COMMENT", "DOC_COMMENT", K::LineComment)
      .Case("BLOCK_COMMENT", K::BlockComment)
      .Case("UNTERMINATED_COMMENT", K::OpenComment)
      .Case("EOF", K::Eof)
      .Default(K::Other);
}

bool isKeyword(K k) { return k >= K::Module && k <= K::Mock; }
/// A name: an identifier or a contextual keyword.
bool isName(K k) { return k == K::Ident || (k >= K::Fixed && k <= K::Mock); }
/// Any word; after `.` and before `:` every word is a label.
bool isWord(K k) { return k == K::Ident || isKeyword(k); }
bool opens(K k) { return k == K::LParen || k == K::LBrack || k == K::LBrace; }
bool closes(K k) { return k == K::RParen || k == K::RBrack || k == K::RBrace; }
bool pairs(K open, K close) {
  return (open == K::LParen && close == K::RParen) || (open == K::LBrack && close == K::RBrack) ||
         (open == K::LBrace && close == K::RBrace);
}
/// Can end an expression: after one, a token on a new line starts a statement.
bool endsValue(K k) {
  return isName(k) || k == K::True || k == K::False || k == K::None || k == K::String || k == K::Number ||
         closes(k);
}
/// Can begin a statement (operators, `(`, `[`, `{` and `.` continue the previous line instead).
bool startsStatement(K k) {
  return isName(k) || k == K::Let || k == K::Return || k == K::If || k == K::For || k == K::Not ||
         k == K::True || k == K::False || k == K::None || k == K::String || k == K::OpenString ||
         k == K::Number || k == K::At;
}

struct Tok {
  K k;
  llvm::StringRef text;
  size_t begin; // byte offsets in the whole text
  size_t end;
};

/// Tokens of text[begin, end), comments included, without the EOF.
std::vector<Tok> lex(llvm::StringRef text, size_t begin, size_t end) {
  std::vector<Tok> out;
  if (begin >= end)
    return out;
  llvm::SourceMgr sources;
  unsigned id = sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer(text.slice(begin, end), "", /*RequiresNullTerminator=*/false), llvm::SMLoc());
  for (const parse::Token &t : parse::tokenize(sources, id)) {
    K k = kindOf(t.kind);
    if (k == K::Eof)
      break;
    size_t b = static_cast<size_t>(t.range.Start.getPointer() - text.data());
    size_t e = static_cast<size_t>(t.range.End.getPointer() - text.data());
    out.push_back({k, t.text, b, e});
  }
  return out;
}

/// Where the `{{` of an interpolation still open at the end of `string`
/// (an unterminated string's text) starts, or npos.
size_t openInterpolation(llvm::StringRef string) {
  size_t quotes = string.startswith("\"\"\"") ? 3 : 1;
  size_t open = npos;
  for (size_t k = quotes; k < string.size();) {
    if (string[k] == '\\') {
      k += 2; // `\{{` is a literal `{{`, and an escaped quote ends nothing
    } else if (string.substr(k, 2) == "{{" && open == npos) {
      open = k;
      k += 2;
    } else if (string.substr(k, 2) == "}}" && open != npos) {
      open = npos;
      k += 2;
    } else {
      ++k;
    }
  }
  return open;
}

/// Where the string or comment that is open at `from` ends (best effort:
/// for the labels written after the cursor).
size_t endOfOpenToken(llvm::StringRef text, size_t from, const Tok &open) {
  if (open.k == K::LineComment) {
    size_t nl = text.find('\n', from);
    return nl == llvm::StringRef::npos ? text.size() : nl;
  }
  if (open.k == K::OpenComment) {
    size_t close = text.find("*/", from);
    return close == llvm::StringRef::npos ? text.size() : close + 2;
  }
  if (open.text.startswith("\"\"\"")) {
    size_t close = text.find("\"\"\"", from);
    return close == llvm::StringRef::npos ? text.size() : close + 3;
  }
  for (size_t k = from; k < text.size(); ++k) {
    if (text[k] == '\\')
      ++k;
    else if (text[k] == '"')
      return k + 1;
    else if (text[k] == '\n')
      return k;
  }
  return text.size();
}

/// What an open bracket is for, decided when it opens.
enum class Role : uint8_t {
  Params,         // a task's or workflow's inputs
  Outputs,        // ... outputs
  TypeArgs,       // `list[`, `dataframe[`
  RecordBody,
  EnumBody,
  TaskBody,
  PluginConfig,
  Decorator,
  Call,
  Return,
  MockOutputs,
  LetTarget,      // `let (a, b)`
  Group,          // parentheses around an expression
  List,           // a list literal or an index
  Map,
  RecordLiteral,
  Block,          // a workflow's, test's, `if`'s or `for`'s body
  LaunchPlanBody,
  Interpolation,  // the base of a `{{ }}`; never closes
};

struct Frame {
  Frame(Role role, size_t open) : role(role), open(open) {}
  Role role;
  size_t open; // token index of the bracket; npos for Interpolation
  std::vector<std::string> callee;
  bool ofItem = false;             // the item's own parameter list or body
  size_t last = npos;              // the last token read at this frame's level
  std::vector<ScopeName> lets;     // Block: `let`s whose statement has ended
  std::vector<ScopeName> pending;  // Block: `let`s whose value is still being written
  std::vector<ScopeName> loopVar;  // Block: the `for`'s variable, when it is a loop body
  bool pendingBlock = false;       // an `if`, `else` or `for` header: its `{` opens a block
  std::vector<ScopeName> pendingLoop;
};

struct Item {
  ItemKind kind = ItemKind::None;
  std::string name;
  size_t nameOffset = 0;
  bool paramsSeen = false;
  bool paramsDone = false;
  bool bodyDone = false;
  std::vector<ScopeName> inputs;
  std::vector<std::string> outputs;
  std::vector<std::string> target; // a launch plan's workflow
  std::string path;                // an import's
};

/// The item kind a keyword at the top level begins, if the tokens after it fit.
ItemKind itemStartingAt(const std::vector<Tok> &t, size_t i) {
  auto kind = [&](size_t k) { return k < t.size() ? t[k].k : K::Eof; };
  if (i > 0 && t[i - 1].k == K::Dot)
    return ItemKind::None;
  switch (t[i].k) {
  case K::Task: return isName(kind(i + 1)) ? ItemKind::Task : ItemKind::None;
  case K::Workflow: return isName(kind(i + 1)) ? ItemKind::Workflow : ItemKind::None;
  case K::Dynamic: return isName(kind(i + 1)) ? ItemKind::Dynamic : ItemKind::None;
  case K::Record: return isName(kind(i + 1)) ? ItemKind::Record : ItemKind::None;
  case K::Enum: return isName(kind(i + 1)) ? ItemKind::Enum : ItemKind::None;
  case K::LaunchPlan: return isName(kind(i + 1)) ? ItemKind::LaunchPlan : ItemKind::None;
  case K::Module: return isName(kind(i + 1)) ? ItemKind::Module : ItemKind::None;
  case K::Type: return isName(kind(i + 1)) && kind(i + 2) == K::Assign ? ItemKind::Alias : ItemKind::None;
  case K::Import: return kind(i + 1) == K::String || kind(i + 1) == K::OpenString ? ItemKind::Import : ItemKind::None;
  case K::From: return kind(i + 1) == K::String || kind(i + 1) == K::OpenString ? ItemKind::From : ItemKind::None;
  case K::Test: return kind(i + 1) == K::String || kind(i + 1) == K::OpenString ? ItemKind::Test : ItemKind::None;
  default: return ItemKind::None;
  }
}

bool beginsItem(K k) {
  return k == K::Task || k == K::Workflow || k == K::Dynamic || k == K::Record || k == K::Enum ||
         k == K::LaunchPlan || k == K::Module || k == K::Type || k == K::Import || k == K::From || k == K::Test;
}

/// A string literal's text without its quotes (no escapes decoded: names
/// and paths rarely have any).
std::string unquote(llvm::StringRef s) {
  size_t q = s.startswith("\"\"\"") ? 3 : 1;
  s = s.drop_front(std::min(q, s.size()));
  if (s.endswith("\"\"\"") && q == 3)
    s = s.drop_back(3);
  else if (s.endswith("\""))
    s = s.drop_back(1);
  return s.str();
}

/// One pass over the tokens from an item's start (or an interpolation's
/// `{{`) to the cursor.
class Reader {
public:
  Reader(llvm::StringRef text, size_t begin, size_t cursor, bool interpolation)
      : text_(text), begin_(begin), cursor_(cursor) {
    if (interpolation)
      frames_.push_back(Frame(Role::Interpolation, npos));
  }

  /// Names the enclosing reader sees at the string this reader is inside.
  std::vector<ScopeName> inherited;
  bool inheritedTaskScript = false;
  std::string inheritedPlugin;

  void read(CursorContext &ctx, int nesting) {
    std::vector<Tok> all = lex(text_, begin_, cursor_);
    // Comments mean nothing here, except one the cursor is in.
    std::optional<Tok> tail; // the token the cursor is in or right after, if it matters
    for (size_t i = 0; i < all.size(); ++i) {
      K k = all[i].k;
      bool touches = i + 1 == all.size() && all[i].end == cursor_;
      if (touches && (k == K::OpenString || k == K::LineComment || k == K::OpenComment || k == K::Number || isWord(k)))
        tail = all[i];
      else if (k != K::LineComment && k != K::BlockComment && k != K::OpenComment)
        t_.push_back(all[i]);
    }
    match_.assign(t_.size(), npos);
    for (size_t i = 0; i < t_.size(); ++i)
      step(i);
    size_t p = t_.empty() ? npos : t_.size() - 1;

    ctx.prefixBegin = cursor_;
    if (tail && isWord(tail->k)) {
      ctx.prefix = tail->text.str();
      ctx.prefixBegin = tail->begin;
    }
    if (frames_.empty() || frames_[0].role != Role::Interpolation) {
      ctx.item = item_.kind;
      ctx.itemName = item_.name;
      ctx.itemNameOffset = item_.nameOffset;
      ctx.itemOutputs = item_.outputs;
    }

    if (tail && tail->k == K::OpenString) {
      size_t open = openInterpolation(tail->text);
      if (open != npos && nesting > 0) {
        Reader inner(text_, tail->begin + open + 2, cursor_, /*interpolation=*/true);
        inner.inherited = scopeAt(tail->begin, p);
        inner.inheritedTaskScript = inTaskBody();
        inner.inheritedPlugin = taskPlugin();
        inner.read(ctx, nesting - 1);
        ctx.inInterpolation = true;
      } else {
        ctx.kind = CursorKind::None;
      }
      addCalls(ctx, p, endOfOpenToken(text_, cursor_, *tail));
      return;
    }
    if (tail && (tail->k == K::LineComment || tail->k == K::OpenComment || tail->k == K::Number)) {
      ctx.kind = CursorKind::None;
      addCalls(ctx, p, tail->k == K::Number ? cursor_ : endOfOpenToken(text_, cursor_, *tail));
      return;
    }

    ctx.kind = classify(p, &ctx);
    if (ctx.kind == CursorKind::Member) {
      size_t start = memberBase(p, ctx.base);
      ctx.typesOnly = classify(start == 0 ? npos : start - 1, nullptr) == CursorKind::Type;
    }
    ctx.scope = scopeAt(ctx.prefixBegin, p);
    ctx.statementStart = statementStart(p, ctx.prefixBegin);
    ctx.afterBlock = p != npos && t_[p].k == K::RBrace;
    ctx.inTaskScript = inheritedTaskScript;
    ctx.taskPlugin = inheritedPlugin;
    addCalls(ctx, p, cursor_);
  }

private:
  // ------------------------------------------------------------ the pass

  void step(size_t i) {
    const Tok &x = t_[i];
    Frame *f = frames_.empty() ? nullptr : &frames_.back();
    if (!f)
      topLevel(i);
    else if (f->role == Role::Block)
      blockStatement(*f, i);
    else if ((f->role == Role::Params || f->role == Role::Outputs) && x.k == K::Colon)
      parameter(*f, i);
    if (f && f->role != Role::Params && f->role != Role::Outputs && f->role != Role::RecordBody &&
        f->role != Role::TypeArgs)
      header(*f, i);

    if (opens(x.k)) {
      if (f)
        f->last = i;
      push(i);
    } else if (closes(x.k)) {
      pop(i);
    } else if (f) {
      f->last = i;
    }
  }

  void topLevel(size_t i) {
    ItemKind kind = itemStartingAt(t_, i);
    if (kind == ItemKind::None)
      return;
    item_ = Item();
    item_.kind = kind;
    const Tok &name = t_[i + 1];
    item_.nameOffset = name.begin;
    if (kind == ItemKind::Test || kind == ItemKind::Import || kind == ItemKind::From) {
      item_.name = unquote(name.text);
      if (kind != ItemKind::Test)
        item_.path = item_.name;
    } else {
      item_.name = name.text.str();
    }
  }

  /// `name:` at the start of an input or output declares it.
  void parameter(Frame &f, size_t i) {
    if (i < 2 || !isWord(t_[i - 1].k) || !(i - 2 == f.open || t_[i - 2].k == K::Comma) || !f.ofItem)
      return;
    if (f.role == Role::Params)
      item_.inputs.push_back({t_[i - 1].text.str(), sema::LocalVar::Kind::Input, t_[i - 1].begin});
    else
      item_.outputs.push_back(t_[i - 1].text.str());
  }

  /// `if`, `else` and `for x in` headers: their `{` opens a block.
  void header(Frame &f, size_t i) {
    K k = t_[i].k;
    if (k == K::If || k == K::Else || k == K::For) {
      f.pendingBlock = true;
      f.pendingLoop.clear();
    } else if (k == K::In && i >= 2 && isName(t_[i - 1].k) && t_[i - 2].k == K::For) {
      f.pendingLoop = {{t_[i - 1].text.str(), sema::LocalVar::Kind::LoopVar, t_[i - 1].begin}};
    }
  }

  /// Statement boundaries and `let`s in a block.
  void blockStatement(Frame &f, size_t i) {
    K k = t_[i].k;
    bool boundary = k == K::Let || k == K::Return || k == K::Assert || k == K::Mock || k == K::At || k == K::Semi ||
                    (startsStatement(k) && f.last != npos && endsValue(t_[f.last].k) && newlineBetween(f.last, i));
    if (boundary) {
      f.lets.insert(f.lets.end(), f.pending.begin(), f.pending.end());
      f.pending.clear();
    }
    if (k != K::Assign || i == 0)
      return;
    size_t j = i - 1;
    if (isName(t_[j].k) && j >= 1 && t_[j - 1].k == K::Let) {
      f.pending.push_back({t_[j].text.str(), sema::LocalVar::Kind::Let, t_[j].begin});
    } else if (t_[j].k == K::RParen && match_[j] != npos && match_[j] >= 1 && t_[match_[j] - 1].k == K::Let) {
      for (size_t m = match_[j] + 1; m < j; ++m)
        if (isName(t_[m].k))
          f.pending.push_back({t_[m].text.str(), sema::LocalVar::Kind::Let, t_[m].begin});
    }
  }

  void push(size_t i) {
    Frame frame(roleOf(i), i);
    Frame *parent = frames_.empty() ? nullptr : &frames_.back();
    if (frame.role == Role::Block && parent && parent->pendingBlock) {
      frame.loopVar = std::move(parent->pendingLoop);
      parent->pendingBlock = false;
      parent->pendingLoop.clear();
    }
    if (!parent) {
      frame.ofItem = true;
      if (frame.role == Role::Params)
        item_.paramsSeen = true;
      if (frame.role == Role::LaunchPlanBody)
        chainEndingAt(i - 1, item_.target);
    }
    if (frame.role == Role::Call || frame.role == Role::Decorator || frame.role == Role::MockOutputs ||
        frame.role == Role::RecordLiteral)
      frame.callee = calleeBefore(i, frame.role);
    else if (frame.role == Role::PluginConfig)
      frame.callee = {t_[i - 1].text.str()};
    frames_.push_back(std::move(frame));
  }

  void pop(size_t i) {
    // The innermost frame this closes; brackets left open inside it are dropped.
    size_t k = frames_.size();
    while (k > 0 && frames_[k - 1].role != Role::Interpolation && !pairs(t_[frames_[k - 1].open].k, t_[i].k))
      --k;
    if (k == 0 || frames_[k - 1].role == Role::Interpolation) {
      if (!frames_.empty())
        frames_.back().last = i; // a stray closer
      return;
    }
    Frame &closed = frames_[k - 1];
    match_[i] = closed.open;
    if (closed.ofItem) {
      if (closed.role == Role::Params)
        item_.paramsDone = true;
      else if (closed.role != Role::Outputs)
        item_.bodyDone = true;
    }
    frames_.erase(frames_.begin() + static_cast<std::ptrdiff_t>(k - 1), frames_.end());
    if (!frames_.empty())
      frames_.back().last = i;
  }

  Role roleOf(size_t i) {
    K k = t_[i].k;
    K prev = i > 0 ? t_[i - 1].k : K::Eof;
    Frame *f = frames_.empty() ? nullptr : &frames_.back();
    bool callable = item_.kind == ItemKind::Task || item_.kind == ItemKind::Workflow || item_.kind == ItemKind::Dynamic;
    if (k == K::LParen) {
      if (!f && callable && !item_.paramsSeen && !item_.bodyDone)
        return Role::Params;
      if (!f && callable && prev == K::Arrow && !item_.bodyDone)
        return Role::Outputs;
      size_t start;
      std::vector<std::string> chain;
      if ((start = chainEndingAt(i - 1, chain)) != npos && start > 0 && t_[start - 1].k == K::At)
        return Role::Decorator;
      if (f && f->role == Role::TaskBody && isWord(prev))
        return Role::PluginConfig;
      if (prev == K::Let)
        return Role::LetTarget;
      if (prev == K::Return)
        return Role::Return;
      if (prev == K::Arrow && f && f->role == Role::Block)
        return Role::MockOutputs;
      if (isName(prev) || (isWord(prev) && i >= 2 && t_[i - 2].k == K::Dot) || prev == K::RParen ||
          prev == K::RBrack)
        return Role::Call;
      return Role::Group;
    }
    if (k == K::LBrack)
      return inTypePosition(i) ? Role::TypeArgs : Role::List;
    // `{`
    if (!f) {
      switch (item_.kind) {
      case ItemKind::Task: return Role::TaskBody;
      case ItemKind::Workflow:
      case ItemKind::Dynamic:
      case ItemKind::Test: return Role::Block;
      case ItemKind::Record: return Role::RecordBody;
      case ItemKind::Enum: return Role::EnumBody;
      case ItemKind::LaunchPlan: return Role::LaunchPlanBody;
      default: return Role::Map;
      }
    }
    if (f->pendingBlock)
      return Role::Block;
    if (isName(prev) || (isWord(prev) && i >= 2 && t_[i - 2].k == K::Dot))
      return Role::RecordLiteral;
    return Role::Map;
  }

  /// Whether a `[` after a name opens type arguments: in a parameter's,
  /// output's or field's type (not its default value), or an alias's.
  bool inTypePosition(size_t i) {
    if (i == 0 || !isWord(t_[i - 1].k))
      return false;
    if (frames_.empty())
      return item_.kind == ItemKind::Alias;
    const Frame &f = frames_.back();
    if (f.role == Role::TypeArgs)
      return true;
    if (f.role != Role::Params && f.role != Role::Outputs && f.role != Role::RecordBody)
      return false;
    bool colon = false, assign = false;
    backAtLevel(i - 1, [&](size_t j) {
      if (t_[j].k == K::Assign)
        assign = true;
      if (t_[j].k == K::Colon)
        colon = true;
      return !colon && t_[j].k != K::Comma;
    });
    return colon && !assign;
  }

  /// The callee of a call's `(`, a decorator's name, a record literal's type,
  /// a mock's target for `-> (`.
  std::vector<std::string> calleeBefore(size_t i, Role role) {
    std::vector<std::string> chain;
    if (role == Role::MockOutputs) {
      // `mock a.b(args) -> (`
      if (i < 2)
        return {};
      size_t j = i - 2; // before `->`
      if (t_[j].k == K::RParen && match_[j] != npos && match_[j] > 0)
        j = match_[j] - 1;
      size_t start = chainEndingAt(j, chain);
      if (start == npos || start == 0 || t_[start - 1].k != K::Mock)
        return {};
      return chain;
    }
    size_t start = chainEndingAt(i - 1, chain);
    // `f(x).g(` has no name as its callee.
    if (start == npos || (start > 0 && t_[start - 1].k == K::Dot))
      return {};
    return chain;
  }

  /// `a.b.c` ending at token `j`: its names, and the index of its first token (npos if none).
  size_t chainEndingAt(size_t j, std::vector<std::string> &chain) {
    chain.clear();
    if (j == npos || j >= t_.size() || !isWord(t_[j].k))
      return npos;
    size_t k = j;
    while (k >= 2 && t_[k - 1].k == K::Dot && isWord(t_[k - 2].k))
      k -= 2;
    if (!isName(t_[k].k))
      return npos;
    for (size_t m = k; m <= j; m += 2)
      chain.push_back(t_[m].text.str());
    return k;
  }

  /// Calls `visit` on the tokens at the current frame's level from `j`
  /// back to the frame's bracket (excluded), a closed group standing as its
  /// closer; stops when `visit` returns false.
  template <typename F> void backAtLevel(size_t j, F visit) const {
    size_t floor = frames_.empty() || frames_.back().open == npos ? 0 : frames_.back().open + 1;
    while (j != npos && j >= floor && j < t_.size()) {
      if (!visit(j))
        return;
      if (closes(t_[j].k) && match_[j] != npos)
        j = match_[j];
      if (j == 0)
        return;
      --j;
    }
  }

  bool newlineBetween(size_t a, size_t b) const {
    return text_.slice(t_[a].end, t_[b].begin).contains('\n');
  }

  // ----------------------------------------------------- the cursor's place

  /// Whether token `q` (npos: nothing) is in the current frame, after its bracket.
  bool inFrame(size_t q) const {
    if (q == npos)
      return false;
    if (frames_.empty() || frames_.back().open == npos)
      return true;
    return q > frames_.back().open;
  }

  /// The kind of completion after token `q` (npos: at the very start), in
  /// the innermost frame; `out` (if given) receives the details.
  CursorKind classify(size_t q, CursorContext *out) {
    K k = q == npos ? K::Eof : t_[q].k;
    if (inFrame(q) && k == K::Dot)
      return CursorKind::Member;
    if (inFrame(q) && k == K::At)
      return CursorKind::Decorator;
    if (frames_.empty())
      return classifyTop(q, out);
    const Frame &f = frames_.back();
    bool empty = !inFrame(q);
    // Nothing yet in the current argument, parameter or entry.
    bool segmentEmpty = empty || k == K::Comma;
    switch (f.role) {
    case Role::Params:
    case Role::Outputs: {
      if (segmentEmpty)
        return CursorKind::None; // a name being declared
      bool assign = false; // in a default value
      backAtLevel(q, [&](size_t j) {
        assign |= t_[j].k == K::Assign;
        return t_[j].k != K::Comma;
      });
      if (assign)
        return CursorKind::Expression;
      return k == K::Colon || k == K::Pipe ? CursorKind::Type : CursorKind::None;
    }
    case Role::TypeArgs:
      return empty || k == K::Comma || k == K::Colon || k == K::Pipe ? CursorKind::Type : CursorKind::None;
    case Role::RecordBody: {
      bool colon = false, assign = false;
      if (!empty)
        backAtLevel(q, [&](size_t j) {
          assign |= t_[j].k == K::Assign;
          colon = t_[j].k == K::Colon;
          return !colon;
        });
      if (!colon)
        return CursorKind::None;
      if (assign)
        return CursorKind::Expression;
      return k == K::Colon || k == K::Pipe ? CursorKind::Type : CursorKind::None;
    }
    case Role::EnumBody:
    case Role::LetTarget:
      return CursorKind::None;
    case Role::TaskBody:
      return empty ? CursorKind::Plugin : CursorKind::None;
    case Role::PluginConfig:
      return segmentEmpty ? CursorKind::PluginConfig : CursorKind::Expression;
    case Role::RecordLiteral:
      // Field initialisers need no commas between them.
      if (!segmentEmpty && endsValue(k) && text_.slice(t_[q].end, cursorOr(out)).contains('\n'))
        return CursorKind::Argument;
      return segmentEmpty ? CursorKind::Argument : CursorKind::Expression;
    case Role::Call:
    case Role::Return:
    case Role::MockOutputs:
      return segmentEmpty ? CursorKind::Argument : CursorKind::Expression;
    case Role::LaunchPlanBody:
      if (k == K::Fixed || k == K::Default)
        return CursorKind::Argument;
      if (empty || (endsValue(k) && text_.slice(t_[q].end, cursorOr(out)).contains('\n'))) {
        if (out)
          out->keywords = {"fixed", "default"};
        return CursorKind::Keywords;
      }
      return k == K::Colon || !endsValue(k) ? CursorKind::Expression : CursorKind::None;
    case Role::Block:
      if (k == K::Let || k == K::For)
        return CursorKind::None;
      if (k == K::Mock && out)
        out->referenceOnly = true;
      if (isName(k) && q >= 1 && t_[q - 1].k == K::For) {
        if (out)
          out->keywords = {"in"};
        return CursorKind::Keywords;
      }
      return CursorKind::Expression;
    case Role::Decorator:
      if (out)
        out->referenceOnly = true;
      return CursorKind::Expression;
    case Role::Group:
    case Role::List:
    case Role::Map:
    case Role::Interpolation:
      return CursorKind::Expression;
    }
    return CursorKind::None;
  }

  size_t cursorOr(const CursorContext *out) const { return out ? out->prefixBegin : cursor_; }

  /// Between or in the headers of top-level items.
  CursorKind classifyTop(size_t q, CursorContext *out) {
    if (q == npos)
      return CursorKind::TopLevel;
    K k = t_[q].k;
    bool fromsImport = item_.kind == ItemKind::From && k == K::Import && t_[q].begin > item_.nameOffset;
    if (beginsItem(k) && !fromsImport)
      return CursorKind::None; // `task ^`: a name is being declared
    if (q >= 1 && t_[q - 1].k == K::At && isWord(k))
      return CursorKind::TopLevel; // `@interruptible ^`
    switch (item_.kind) {
    case ItemKind::None:
      return CursorKind::TopLevel;
    case ItemKind::Task:
      if (item_.paramsDone && k != K::Arrow)
        return CursorKind::TopLevel; // a task may end after its signature
      return CursorKind::None;
    case ItemKind::Workflow:
    case ItemKind::Dynamic:
    case ItemKind::Record:
    case ItemKind::Enum:
    case ItemKind::Test:
      return item_.bodyDone ? CursorKind::TopLevel : CursorKind::None;
    case ItemKind::LaunchPlan:
      if (item_.bodyDone)
        return CursorKind::TopLevel;
      if (k != K::For)
        return CursorKind::None;
      if (out)
        out->referenceOnly = true;
      return CursorKind::Expression;
    case ItemKind::Alias:
      if (k == K::Assign || k == K::Pipe)
        return CursorKind::Type;
      if (t_[q].begin == item_.nameOffset || k == K::Type)
        return CursorKind::None;
      return CursorKind::TopLevel;
    case ItemKind::Import:
      return k == K::String || isName(k) ? CursorKind::TopLevel : CursorKind::None;
    case ItemKind::From:
      if (k == K::Import || k == K::Comma) {
        if (out)
          out->importPath = item_.path;
        return CursorKind::ImportedName;
      }
      return isName(k) ? CursorKind::TopLevel : CursorKind::None;
    case ItemKind::Module:
      return isName(k) ? CursorKind::TopLevel : CursorKind::None;
    }
    return CursorKind::None;
  }

  /// The base of `base.`, the dot at `dot`; returns the base's first token.
  size_t memberBase(size_t dot, std::vector<std::string> &base) {
    std::vector<std::string> steps;
    size_t j = dot; // the dot before the step being read
    size_t first = dot;
    while (j != npos && j >= 1) {
      size_t k = j - 1;
      bool more = false;
      while (closes(t_[k].k) && match_[k] != npos) {
        // `{ }` after a name is a record literal's; any other brace ends the base.
        if (t_[k].k == K::RBrace && !(match_[k] > 0 && isWord(t_[match_[k] - 1].k)))
          break;
        steps.push_back(t_[k].k == K::RParen ? "()" : t_[k].k == K::RBrack ? "[]" : "{}");
        first = match_[k];
        if (match_[k] == 0) {
          k = npos;
          break;
        }
        k = match_[k] - 1;
      }
      if (k != npos && isWord(t_[k].k)) {
        steps.push_back(t_[k].text.str());
        first = k;
        more = k >= 1 && t_[k - 1].k == K::Dot;
        j = more ? k - 1 : npos;
      } else {
        j = npos;
      }
      if (!more)
        break;
    }
    base.assign(steps.rbegin(), steps.rend());
    return first;
  }

  /// Whether the task body (or its config) is where the reader is.
  bool inTaskBody() const { return !frames_.empty() && frames_[0].role == Role::TaskBody; }

  /// The plugin named first in the task body the reader is in.
  std::string taskPlugin() const {
    if (!inTaskBody() || frames_[0].open + 1 >= t_.size() || !isWord(t_[frames_[0].open + 1].k))
      return {};
    return t_[frames_[0].open + 1].text.str();
  }

  /// Names visible at `at` (after token `q`): the item's inputs and, in its
  /// blocks, the `let`s and loop variables around; constant positions
  /// (defaults, decorators, launch plans) see none.
  std::vector<ScopeName> scopeAt(size_t at, size_t q) const {
    std::vector<ScopeName> scope = inherited;
    if (frames_.empty() || frames_[0].role == Role::Interpolation)
      return scope;
    const Frame &outer = frames_[0];
    if (outer.role != Role::Block && outer.role != Role::TaskBody)
      return scope;
    if (item_.kind != ItemKind::Test)
      scope.insert(scope.end(), item_.inputs.begin(), item_.inputs.end());
    for (size_t i = 0; i < frames_.size(); ++i) {
      const Frame &f = frames_[i];
      scope.insert(scope.end(), f.loopVar.begin(), f.loopVar.end());
      scope.insert(scope.end(), f.lets.begin(), f.lets.end());
      if (i + 1 == frames_.size() && f.role == Role::Block && statementStart(q, at))
        scope.insert(scope.end(), f.pending.begin(), f.pending.end());
    }
    return scope;
  }

  /// Whether a statement may begin at `at`, after token `q`, in a block.
  bool statementStart(size_t q, size_t at) const {
    if (frames_.empty() || frames_.back().role != Role::Block)
      return false;
    if (!inFrame(q))
      return true;
    K k = t_[q].k;
    if (k == K::Semi)
      return true;
    return endsValue(k) && text_.slice(t_[q].end, at).contains('\n');
  }

  // ------------------------------------------------------ call-like brackets

  static bool callLike(Role r, CallSite::Kind &kind) {
    switch (r) {
    case Role::Call: kind = CallSite::Kind::Call; return true;
    case Role::PluginConfig: kind = CallSite::Kind::PluginConfig; return true;
    case Role::Decorator: kind = CallSite::Kind::Decorator; return true;
    case Role::Return: kind = CallSite::Kind::Return; return true;
    case Role::MockOutputs: kind = CallSite::Kind::MockOutputs; return true;
    case Role::RecordLiteral: kind = CallSite::Kind::RecordLiteral; return true;
    case Role::LaunchPlanBody: kind = CallSite::Kind::LaunchPlan; return true;
    default: return false;
    }
  }

  /// Appends the call-like frames around the cursor, innermost first, with
  /// the labels written before `p` and (scanning from `after`) after it.
  void addCalls(CursorContext &ctx, size_t p, size_t after) {
    std::vector<std::pair<size_t, size_t>> sites; // (index in ctx.calls, level from the innermost frame)
    for (size_t fi = frames_.size(); fi-- > 0;) {
      CallSite::Kind kind;
      if (!callLike(frames_[fi].role, kind))
        continue;
      // The last token of this frame before the cursor's part of it.
      size_t last = fi + 1 == frames_.size() ? p : frames_[fi + 1].open - 1;
      const Frame &f = frames_[fi];
      CallSite site;
      site.kind = kind;
      site.callee = kind == CallSite::Kind::LaunchPlan ? item_.target : f.callee;
      site.open = t_[f.open].begin;
      bool current = true; // still in the cursor's argument
      for (size_t j = last; j != npos && j > f.open;) {
        K k = t_[j].k;
        if (k == K::Comma || (kind == CallSite::Kind::LaunchPlan && (k == K::Fixed || k == K::Default))) {
          if (k == K::Comma)
            ++site.argument;
          current = false;
        } else if (k == K::Colon && j >= 1 && j - 1 > f.open && isWord(t_[j - 1].k)) {
          std::string label = t_[j - 1].text.str();
          if (current && site.label.empty())
            site.label = label;
          else
            site.labels.push_back(label);
        }
        if (closes(k) && match_[j] != npos)
          j = match_[j];
        if (j == 0)
          break;
        --j;
      }
      std::reverse(site.labels.begin(), site.labels.end());
      sites.push_back({ctx.calls.size(), frames_.size() - 1 - fi});
      ctx.calls.push_back(std::move(site));
    }
    if (!sites.empty() && after < text_.size())
      labelsAfter(ctx, after, sites);
  }

  /// Labels written after the cursor, up to a bounded distance.
  void labelsAfter(CursorContext &ctx, size_t from, const std::vector<std::pair<size_t, size_t>> &sites) const {
    constexpr size_t kWindow = 16 * 1024;
    std::vector<Tok> toks = lex(text_, from, std::min(text_.size(), from + kWindow));
    size_t maxLevel = sites.back().second;
    size_t level = 0, depth = 0;
    bool segmentStart = false;
    for (size_t i = 0; i < toks.size(); ++i) {
      K k = toks[i].k;
      if (k == K::LineComment || k == K::BlockComment || k == K::OpenComment)
        continue;
      if (opens(k)) {
        ++depth;
        segmentStart = false;
        continue;
      }
      if (closes(k)) {
        if (depth == 0) {
          if (++level > maxLevel)
            return;
        } else {
          --depth;
        }
        segmentStart = false;
        continue;
      }
      if (depth != 0)
        continue;
      if (k == K::Comma || k == K::Fixed || k == K::Default) {
        segmentStart = true;
        continue;
      }
      if (segmentStart && isWord(k) && i + 1 < toks.size() && toks[i + 1].k == K::Colon)
        for (const auto &[index, siteLevel] : sites)
          if (siteLevel == level)
            ctx.calls[index].labels.push_back(toks[i].text.str());
      segmentStart = false;
    }
  }

  llvm::StringRef text_;
  size_t begin_;
  size_t cursor_;
  std::vector<Tok> t_;
  std::vector<size_t> match_; // for a closer, its opener's index
  std::vector<Frame> frames_;
  Item item_;
};

bool isItemKeywordLine(llvm::StringRef line) {
  size_t end = 0;
  while (end < line.size() && (isalpha(static_cast<unsigned char>(line[end]))))
    ++end;
  llvm::StringRef word = line.take_front(end);
  if (!(word == "task" || word == "workflow" || word == "dynamic" || word == "record" || word == "enum" ||
        word == "type" || word == "launchplan" || word == "test" || word == "import" || word == "from" ||
        word == "module"))
    return false;
  llvm::StringRef rest = line.drop_front(end);
  if (rest.empty() || (rest[0] != ' ' && rest[0] != '\t'))
    return false;
  rest = rest.ltrim(" \t");
  return !rest.empty() && (rest[0] == '"' || rest[0] == '_' || isalpha(static_cast<unsigned char>(rest[0])));
}

} // namespace

CursorContext cursorContext(llvm::StringRef text, size_t offset, size_t start) {
  offset = std::min(offset, text.size());
  start = std::min(start, offset);
  CursorContext ctx;
  ctx.offset = offset;
  Reader reader(text, start, offset, /*interpolation=*/false);
  reader.read(ctx, /*nesting=*/4);
  return ctx;
}

size_t itemStartBefore(llvm::StringRef text, size_t offset, const Analysis *analysis) {
  offset = std::min(offset, text.size());
  size_t best = 0;
  if (analysis && analysis->module() && analysis->module()->ast) {
    llvm::StringRef old = analysis->text();
    size_t limit = std::min({old.size(), text.size(), offset});
    // How much of the text the analysis shares: the lexer's state at an
    // item's start depends only on the text before it.
    size_t same = static_cast<size_t>(std::mismatch(text.begin(), text.begin() + limit, old.begin()).first - text.begin());
    for (const ast::Decl *d : analysis->module()->ast->decls) {
      const char *start = d->range().Start.getPointer();
      if (!d->decorators.empty() && d->decorators.front().range.Start.isValid())
        start = std::min(start, d->decorators.front().range.Start.getPointer());
      std::optional<size_t> at = analysis->offsetOf(llvm::SMLoc::getFromPointer(start));
      if (at && *at < same && *at <= offset)
        best = std::max(best, *at);
    }
    if (same >= offset)
      return best;
  }
  // Lines that begin an item at column 0, back to what the analysis gave.
  for (size_t pos = offset;;) {
    size_t nl = text.rfind('\n', pos); // the last newline before pos
    size_t lineStart = nl == llvm::StringRef::npos ? 0 : nl + 1;
    if (lineStart < best)
      return best;
    llvm::StringRef line = text.slice(lineStart, text.find('\n', lineStart));
    if (lineStart < offset && (isItemKeywordLine(line) || line.startswith("@")))
      return lineStart;
    if (lineStart == 0)
      return best;
    pos = lineStart - 1;
  }
}

} // namespace flytec::ide
