#include "parse/DeclarationRuns.h"

#include "FlyteLexer.h"

#include <antlr4-runtime.h>

namespace flytec::parse {

using L = flyteparse::FlyteLexer;

namespace {

bool isName(size_t type) {
  return type == L::IDENT || type == L::FIXED || type == L::DEFAULT || type == L::TEST ||
         type == L::ASSERT || type == L::MOCK;
}

/// Any word: names and keywords (decorator names after `.` may be either).
bool isWord(size_t type) { return isName(type) || (type >= L::MODULE && type <= L::MOCK); }

bool isString(size_t type) { return type == L::STRING || type == L::TRIPLE_STRING; }

bool startsItem(llvm::ArrayRef<LexToken> tokens, size_t i) {
  auto type = [&](size_t k) { return k < tokens.size() ? tokens[k].type : antlr4::Token::EOF; };
  if (i > 0 && type(i - 1) == L::DOT)
    return false;
  switch (type(i)) {
  case L::TASK:
  case L::WORKFLOW:
  case L::DYNAMIC:
  case L::RECORD:
  case L::ENUM:
  case L::LAUNCHPLAN:
  case L::MODULE:
    return isName(type(i + 1));
  case L::TYPE:
    return isName(type(i + 1)) && type(i + 2) == L::ASSIGN;
  case L::IMPORT:
  case L::FROM:
  case L::TEST:
    return isString(type(i + 1));
  default:
    return false;
  }
}

/// Walks back from item keyword `i` over `@name(...)` decorators.
size_t decoratorStart(llvm::ArrayRef<LexToken> tokens, size_t i, size_t floor) {
  size_t start = i;
  while (start > floor) {
    size_t k = start - 1;
    if (tokens[k].type == L::RPAREN) {
      int depth = 0;
      for (;; --k) {
        size_t t = tokens[k].type;
        depth += t == L::RPAREN ? 1 : t == L::LPAREN ? -1 : 0;
        if (depth == 0 || k == floor)
          break;
      }
      if (depth != 0 || k == floor)
        break;
      --k; // the name before `(`
    }
    if (!isWord(tokens[k].type))
      break;
    while (k >= floor + 2 && tokens[k - 1].type == L::DOT && isWord(tokens[k - 2].type))
      k -= 2;
    if (k == floor || tokens[k - 1].type != L::AT)
      break;
    start = k - 1;
  }
  return start;
}

bool opens(size_t type) { return type == L::LPAREN || type == L::LBRACK || type == L::LBRACE; }
bool closes(size_t type) { return type == L::RPAREN || type == L::RBRACK || type == L::RBRACE; }

} // namespace

std::vector<std::pair<size_t, size_t>> splitDeclarationRuns(llvm::ArrayRef<LexToken> tokens) {
  std::vector<std::pair<size_t, size_t>> runs;
  size_t begin = 0;
  int depth = 0; // brackets open since `begin`
  for (size_t i = 1; i < tokens.size(); ++i) {
    size_t prev = tokens[i - 1].type;
    depth += opens(prev) ? 1 : closes(prev) ? -1 : 0;
    size_t cut = i;
    if (startsItem(tokens, i)) {
      cut = decoratorStart(tokens, i, begin);
    } else if (!(depth == 0 && prev == L::RBRACE && (tokens[i].type == L::AT || tokens[i].type == L::LET))) {
      // Right after a declaration's closing brace, a decorator (of something
      // that is not a declaration) or a `let` at the top level is a mistake
      // of its own: keep it out of the declaration before.
      continue;
    }
    if (cut > begin) {
      runs.push_back({begin, cut});
      begin = cut;
      depth = 0;
    }
  }
  runs.push_back({begin, tokens.size()});
  return runs;
}

std::optional<WorkflowPieces> splitLongWorkflow(llvm::ArrayRef<LexToken> tokens, size_t begin, size_t end,
                                                size_t pieceTokens) {
  auto type = [&](size_t k) { return k < end ? tokens[k].type : antlr4::Token::EOF; };
  // The keyword, after the decorators (whose brackets are balanced).
  size_t k = begin;
  for (int depth = 0; k < end; ++k) {
    if (depth == 0 && (type(k) == L::WORKFLOW || type(k) == L::DYNAMIC))
      break;
    depth += opens(type(k)) ? 1 : closes(type(k)) ? -1 : 0;
  }
  if (k == end || !isName(type(k + 1)))
    return std::nullopt;
  auto skipParens = [&](size_t at) -> size_t {
    if (type(at) != L::LPAREN)
      return end;
    for (int depth = 0; at < end; ++at) {
      depth += opens(type(at)) ? 1 : closes(type(at)) ? -1 : 0;
      if (depth == 0)
        return at + 1;
    }
    return end;
  };
  size_t i = skipParens(k + 2);
  if (i < end && type(i) == L::ARROW)
    i = skipParens(i + 1);
  if (i >= end || type(i) != L::LBRACE)
    return std::nullopt;
  WorkflowPieces pieces;
  pieces.open = i;
  // The body's `}` must close the run.
  int depth = 0;
  for (size_t j = i; j < end; ++j) {
    depth += opens(type(j)) ? 1 : closes(type(j)) ? -1 : 0;
    if (depth == 0 && j != end - 1)
      return std::nullopt;
  }
  if (depth != 0)
    return std::nullopt;
  pieces.cuts.push_back(i + 1);
  depth = 0;
  for (size_t j = i + 1; j + 1 < end; ++j) {
    size_t t = type(j);
    if (depth == 0 && (t == L::LET || t == L::RETURN) && type(j - 1) != L::DOT && type(j + 1) != L::COLON &&
        j - pieces.cuts.back() >= pieceTokens) {
      size_t cut = decoratorStart(tokens, j, pieces.cuts.back());
      if (cut > pieces.cuts.back())
        pieces.cuts.push_back(cut);
    }
    depth += opens(t) ? 1 : closes(t) ? -1 : 0;
  }
  return pieces;
}

size_t findUnclosedBracket(llvm::ArrayRef<LexToken> tokens, size_t begin, size_t end) {
  std::vector<size_t> stack;
  for (size_t i = begin; i < end; ++i) {
    size_t t = tokens[i].type;
    if (opens(t))
      stack.push_back(i);
    else if (closes(t) && !stack.empty())
      stack.pop_back();
  }
  return stack.empty() ? end : stack.back();
}

size_t findExcessiveNesting(llvm::ArrayRef<LexToken> tokens, size_t begin, size_t end,
                            unsigned limit) {
  unsigned depth = 0, prefixRun = 0, elseIfs = 0;
  for (size_t i = begin; i < end; ++i) {
    size_t t = tokens[i].type;
    if (opens(t) && ++depth > limit)
      return i;
    if (closes(t) && depth > 0)
      --depth;
    prefixRun = (t == L::MINUS || t == L::NOT) ? prefixRun + 1 : 0;
    if (prefixRun > limit)
      return i;
    // Each `else if` nests one level deeper in the parse tree.
    if (t == L::IF && i > begin && tokens[i - 1].type == L::ELSE && ++elseIfs > limit)
      return i;
  }
  return end;
}

} // namespace flytec::parse
