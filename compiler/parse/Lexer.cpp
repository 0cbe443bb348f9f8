#include "parse/Lexer.h"

#include "FlyteLexer.h"

#include <antlr4-runtime.h>

#include <llvm/ADT/StringExtras.h>
#include <llvm/ADT/StringSwitch.h>
#include <llvm/Support/ConvertUTF.h>

namespace flytec::parse {

using L = flyteparse::FlyteLexer;

namespace {

bool isWordStart(char c) { return llvm::isAlpha(c) || c == '_'; }
bool isWordChar(char c) { return llvm::isAlnum(c) || c == '_'; }

} // namespace

size_t wordTokenType(llvm::StringRef word) {
  return llvm::StringSwitch<size_t>(word)
      .Case("module", L::MODULE)
      .Case("import", L::IMPORT)
      .Case("from", L::FROM)
      .Case("as", L::AS)
      .Case("type", L::TYPE)
      .Case("record", L::RECORD)
      .Case("enum", L::ENUM)
      .Case("task", L::TASK)
      .Case("workflow", L::WORKFLOW)
      .Case("dynamic", L::DYNAMIC)
      .Case("launchplan", L::LAUNCHPLAN)
      .Case("let", L::LET)
      .Case("return", L::RETURN)
      .Case("if", L::IF)
      .Case("else", L::ELSE)
      .Case("for", L::FOR)
      .Case("in", L::IN)
      .Case("true", L::TRUE)
      .Case("false", L::FALSE)
      .Case("none", L::NONE)
      .Case("and", L::AND)
      .Case("or", L::OR)
      .Case("not", L::NOT)
      .Case("fixed", L::FIXED)
      .Case("default", L::DEFAULT)
      .Case("test", L::TEST)
      .Case("assert", L::ASSERT)
      .Case("mock", L::MOCK)
      .Default(L::IDENT);
}

bool LexToken::isComment() const {
  return type == L::DOC_COMMENT || type == L::LINE_COMMENT || type == L::BLOCK_COMMENT ||
         type == L::UNTERMINATED_COMMENT;
}

/// DIGITS : [0-9] ('_'? [0-9])*
size_t Lexer::digitsAt(size_t at) const {
  if (!llvm::isDigit(peek(at)))
    return 0;
  size_t i = at + 1;
  for (;;) {
    if (llvm::isDigit(peek(i)))
      ++i;
    else if (peek(i) == '_' && llvm::isDigit(peek(i + 1)))
      i += 2;
    else
      return i - at;
  }
}

/// EXPONENT : [eE] [+-]? DIGITS
size_t Lexer::exponentAt(size_t at) const {
  if (peek(at) != 'e' && peek(at) != 'E')
    return 0;
  size_t sign = peek(at + 1) == '+' || peek(at + 1) == '-' ? 1 : 0;
  size_t digits = digitsAt(at + 1 + sign);
  return digits ? 1 + sign + digits : 0;
}

/// [A-Za-z_] [A-Za-z0-9_]*
size_t Lexer::wordAt(size_t at) const {
  if (!isWordStart(peek(at)))
    return 0;
  size_t i = at + 1;
  while (isWordChar(peek(i)))
    ++i;
  return i - at;
}

/// The longest of DURATION, SIZE, FLOAT, INT and INVALID_NUMBER at pos_,
/// ties going to the rule listed first in the grammar (in that order).
size_t Lexer::lexNumber(size_t &type) const {
  size_t start = pos_;
  size_t digits = digitsAt(start);
  size_t intEnd = start + digits;

  size_t best = intEnd;
  type = L::INT;
  auto consider = [&](size_t end, size_t kind, bool winsTies) {
    if (end > best || (end == best && winsTies)) {
      best = end;
      type = kind;
    }
  };

  // FLOAT : DIGITS '.' DIGITS EXPONENT? | DIGITS EXPONENT
  size_t fractionEnd = 0; // end of `DIGITS '.' DIGITS`, or 0
  if (peek(intEnd) == '.' && digitsAt(intEnd + 1))
    fractionEnd = intEnd + 1 + digitsAt(intEnd + 1);
  if (fractionEnd)
    consider(fractionEnd + exponentAt(fractionEnd), L::FLOAT, true);
  else if (size_t e = exponentAt(intEnd))
    consider(intEnd + e, L::FLOAT, true);

  // SIZE : DIGITS [KMGT] 'i'?
  char unit = peek(intEnd);
  if (unit == 'K' || unit == 'M' || unit == 'G' || unit == 'T')
    consider(intEnd + 1 + (peek(intEnd + 1) == 'i' ? 1 : 0), L::SIZE, true);
  // DURATION : DIGITS ('ms' | 's' | 'm' | 'h' | 'd')
  if (unit == 'm' && peek(intEnd + 1) == 's')
    consider(intEnd + 2, L::DURATION, true);
  else if (unit == 's' || unit == 'm' || unit == 'h' || unit == 'd')
    consider(intEnd + 1, L::DURATION, true);

  // INVALID_NUMBER : DIGITS ('.' DIGITS)? EXPONENT? [A-Za-z_] [A-Za-z0-9_]*
  // It is listed last, so it wins only when strictly longer.
  for (size_t prefix : {intEnd, fractionEnd}) {
    if (!prefix)
      continue;
    for (size_t end : {prefix, prefix + exponentAt(prefix)})
      if (size_t word = wordAt(end))
        consider(end + word, L::INVALID_NUMBER, false);
  }
  return best - start;
}

/// TRIPLE_STRING, STRING or their unterminated forms at pos_ (a `"`).
size_t Lexer::lexString(size_t &type) const {
  size_t start = pos_;
  if (text_.substr(start, 3) == "\"\"\"") {
    size_t close = text_.find("\"\"\"", start + 3);
    if (close != llvm::StringRef::npos) {
      type = L::TRIPLE_STRING;
      return close + 3 - start;
    }
    // No closing quotes anywhere after: the unterminated form runs to the
    // end of the text.
    type = L::UNTERMINATED_TRIPLE_STRING;
    return text_.size() - start;
  }
  size_t i = start + 1;
  for (;;) {
    char c = peek(i);
    if (i >= text_.size() || c == '\n' || c == '\r') {
      type = L::UNTERMINATED_STRING;
      return i - start;
    }
    if (c == '"') {
      type = L::STRING;
      return i + 1 - start;
    }
    if (c == '\\') {
      if (i + 1 >= text_.size() || peek(i + 1) == '\n' || peek(i + 1) == '\r') {
        type = L::UNTERMINATED_STRING; // '\\'? at the end
        return i + 1 - start;
      }
      i += 2;
      continue;
    }
    ++i;
  }
}

LexToken Lexer::next() {
  {
    // WS : [ \t\r\n\f]+ -> skip
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\n')
        ++line_;
      else if (c != ' ' && c != '\t' && c != '\r' && c != '\f') {
        break;
      }
      ++pos_;
    }
    size_t start = pos_;
    size_t startLine = line_;
    size_t type = antlr4::Token::EOF;
    size_t length = 0;

    if (pos_ >= text_.size())
      return {antlr4::Token::EOF, uint32_t(pos_), uint32_t(pos_), uint32_t(line_)};

    char c = text_[pos_];
    char next = peek(pos_ + 1);
    if (c == '/' && next == '/') {
      size_t end = text_.find_first_of("\r\n", pos_);
      length = (end == llvm::StringRef::npos ? text_.size() : end) - pos_;
      type = peek(pos_ + 2) == '/' ? L::DOC_COMMENT : L::LINE_COMMENT;
    } else if (c == '/' && next == '*') {
      size_t close = text_.find("*/", pos_ + 2);
      type = close == llvm::StringRef::npos ? L::UNTERMINATED_COMMENT : L::BLOCK_COMMENT;
      length = (close == llvm::StringRef::npos ? text_.size() : close + 2) - pos_;
    } else if (c == '"') {
      length = lexString(type);
    } else if (llvm::isDigit(c)) {
      length = lexNumber(type);
    } else if (isWordStart(c)) {
      length = wordAt(pos_);
      type = wordTokenType(text_.substr(pos_, length));
    } else {
      length = 2;
      switch (c) {
      case '-': type = next == '>' ? L::ARROW : (length = 1, L::MINUS); break;
      case '?': type = next == '?' ? L::COALESCE : (length = 1, L::QUESTION); break;
      case '=': type = next == '=' ? L::EQ : (length = 1, L::ASSIGN); break;
      case '<': type = next == '=' ? L::LE : (length = 1, L::LT); break;
      case '>': type = next == '=' ? L::GE : (length = 1, L::GT); break;
      case '!':
        type = next == '=' ? L::NE : (length = 1, L::UNKNOWN_CHAR);
        break;
      default:
        length = 1;
        switch (c) {
        case '+': type = L::PLUS; break;
        case '*': type = L::STAR; break;
        case '/': type = L::SLASH; break;
        case '%': type = L::PERCENT; break;
        case '|': type = L::PIPE; break;
        case '.': type = L::DOT; break;
        case ',': type = L::COMMA; break;
        case ':': type = L::COLON; break;
        case ';': type = L::SEMI; break;
        case '@': type = L::AT; break;
        case '(': type = L::LPAREN; break;
        case ')': type = L::RPAREN; break;
        case '[': type = L::LBRACK; break;
        case ']': type = L::RBRACK; break;
        case '{': type = L::LBRACE; break;
        case '}': type = L::RBRACE; break;
        default:
          // UNKNOWN_CHAR : . — one code point.
          type = L::UNKNOWN_CHAR;
          length = std::max<size_t>(1, llvm::getNumBytesForUTF8(static_cast<unsigned char>(c)));
          length = std::min(length, text_.size() - pos_);
          break;
        }
      }
    }

    // Comments and strings may span lines.
    for (size_t i = pos_; i < pos_ + length; ++i)
      if (text_[i] == '\n')
        ++line_;
    pos_ += length;
    return {type, uint32_t(start), uint32_t(start + length), uint32_t(startLine)};
  }
}

std::vector<LexToken> Lexer::lexAll() {
  std::vector<LexToken> tokens;
  tokens.reserve(text_.size() / 4);
  for (;;) {
    tokens.push_back(next());
    if (tokens.back().type == antlr4::Token::EOF)
      return tokens;
  }
}

} // namespace flytec::parse
