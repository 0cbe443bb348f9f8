#include "plugins/ShellContext.h"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace flytec::runtime {
namespace {

bool isBlank(char c) { return c == ' ' || c == '\t'; }
bool endsWord(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '|' || c == '&' || c == '(' || c == ')' ||
         c == '<' || c == '>';
}

} // namespace

void ShellScanner::feed(llvm::StringRef text) {
  for (char c : text)
    step(c);
}

void ShellScanner::placeholder(llvm::StringRef text) {
  if (inBody_) {
    feed(text); // checked not to end the document (ShellQuoting.cpp)
    return;
  }
  if (delimiterState_ == Delimiter::AfterLessThans || delimiterState_ == Delimiter::Skipping)
    delimiterState_ = Delimiter::Reading; // a delimiter made of a placeholder: refused by context()
  wordStart_ = false;
  lessThans_ = 0;
  word_ = "#"; // not a keyword
  prev_ = 'x';
}

bool ShellScanner::insideBackquotes() const {
  for (const Frame &f : stack_)
    if (f.closer == '`')
      return true;
  return false;
}

void ShellScanner::endWord() {
  if (word_.empty())
    return;
  Frame &f = stack_.back();
  if (wordIsCommand_ && word_ == "case")
    ++f.caseDepth;
  else if (wordIsCommand_ && word_ == "esac" && f.caseDepth > 0)
    --f.caseDepth;
  // After these a command starts again (`if case ...` is rare, `then case ...` is not).
  static const char *const kLeadIns[] = {"then", "do", "else", "elif", "if", "while", "until", "!", "{", "time"};
  commandStart_ = wordIsCommand_ && std::find(std::begin(kLeadIns), std::end(kLeadIns), word_) != std::end(kLeadIns);
  word_.clear();
}

ShellContext ShellScanner::context() const {
  ShellContext c;
  if (inBody_) {
    c.kind = ShellContextKind::HereDocument;
    c.literal = body_.literal;
    c.delimiter = body_.delimiter;
    c.line = line_;
    c.stripTabs = body_.stripTabs;
    return c;
  }
  if (delimiterState_ != Delimiter::None) {
    c.kind = ShellContextKind::Unsafe;
    return c;
  }
  if (insideBackquotes() && top().state != State::Backslash) {
    c.kind = ShellContextKind::NumbersOnly;
    return c;
  }
  switch (top().state) {
  case State::Arithmetic:
    c.kind = ShellContextKind::NumbersOnly;
    break;
  case State::Word:
    c.kind = ShellContextKind::Word;
    break;
  case State::Double:
    c.kind = ShellContextKind::DoubleQuoted;
    c.brace = top().closer == '}';
    break;
  case State::Single:
    c.kind = top().ansi ? ShellContextKind::Unsafe : ShellContextKind::SingleQuoted;
    break;
  case State::Comment:
    c.kind = ShellContextKind::Comment;
    break;
  case State::Backslash:
    c.kind = ShellContextKind::Unsafe;
    break;
  }
  return c;
}

void ShellScanner::newline() {
  // Bodies of the here-documents opened on this line start now.
  if (!pending_.empty()) {
    inBody_ = true;
    body_ = pending_.front();
    pending_.erase(pending_.begin());
    line_.clear();
  }
}

void ShellScanner::step(char c) {
  if (inBody_) {
    if (c != '\n') {
      line_ += c;
      return;
    }
    llvm::StringRef line = line_;
    if (body_.stripTabs)
      line = line.ltrim('\t');
    if (line == body_.delimiter) {
      inBody_ = false;
      newline(); // the next pending document, if any
    }
    line_.clear();
    return;
  }

  if (delimiterState_ != Delimiter::None) {
    if (delimiterState_ == Delimiter::AfterLessThans) {
      if (c == '<') { // `<<<`: a here-string, not a document
        delimiterState_ = Delimiter::None;
        prev_ = c;
        return;
      }
      delimiterState_ = Delimiter::Skipping;
      reading_ = HereDoc();
      delimiterQuote_ = 0;
      if (c == '-') {
        reading_.stripTabs = true;
        return;
      }
    }
    if (delimiterState_ == Delimiter::Skipping) {
      if (isBlank(c))
        return;
      delimiterState_ = Delimiter::Reading;
    }
    // Reading the delimiter word; quotes in it make the document literal.
    if (delimiterQuote_) {
      if (c == delimiterQuote_)
        delimiterQuote_ = 0;
      else
        reading_.delimiter += c;
      return;
    }
    if (c == '\'' || c == '"') {
      delimiterQuote_ = c;
      reading_.literal = true;
      return;
    }
    if (c == '\\') {
      reading_.literal = true;
      return;
    }
    if (!endsWord(c)) {
      reading_.delimiter += c;
      return;
    }
    delimiterState_ = Delimiter::None;
    pending_.push_back(reading_);
    // c ends the word and is read as usual below.
  }

  Frame &f = stack_.back();
  switch (f.state) {
  case State::Backslash:
    stack_.pop_back();
    prev_ = 0;
    return;
  case State::Single:
    if (f.ansi && c == '\\')
      stack_.push_back({State::Backslash, 0});
    else if (c == '\'')
      stack_.pop_back();
    prev_ = c;
    return;
  case State::Arithmetic:
    // Quotes and `<<` mean nothing special here; parentheses nest.
    if (c == '(')
      stack_.push_back({prev_ == '$' ? State::Word : State::Arithmetic, ')'});
    else if (c == ')')
      stack_.pop_back();
    else if (c == '`')
      stack_.push_back({State::Word, '`'});
    prev_ = c;
    return;
  case State::Comment:
    if (c == '\n') {
      stack_.pop_back();
      wordStart_ = true;
      newline();
    }
    prev_ = c;
    return;
  case State::Double:
    if (c == '\\') {
      stack_.push_back({State::Backslash, 0});
    } else if (c == f.closer) {
      stack_.pop_back();
    } else if (c == '"') { // a quoted string inside ${...}
      stack_.push_back({State::Double, '"'});
    } else if (c == '(' && prev_ == '$') {
      stack_.push_back({State::Word, ')'});
      wordStart_ = commandStart_ = true;
      word_.clear();
    } else if (c == '{' && prev_ == '$') {
      stack_.push_back({State::Double, '}'});
    } else if (c == '`') {
      stack_.push_back({State::Word, '`'});
      wordStart_ = commandStart_ = true;
      word_.clear();
    }
    prev_ = c;
    return;
  case State::Word:
    wordChar(c);
    return;
  }
}

void ShellScanner::wordChar(char c) {
  if (endsWord(c)) {
    endWord();
    if (c == ';' || c == '&' || c == '|' || c == '\n' || c == '(')
      commandStart_ = true;
  } else {
    if (word_.empty())
      wordIsCommand_ = commandStart_;
    word_ += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '#';
  }
  Frame &f = stack_.back();
  bool startsWord = wordStart_;
  wordStart_ = endsWord(c);
  if (c != '<')
    lessThans_ = 0;
  switch (c) {
  case '\\':
    stack_.push_back({State::Backslash, 0});
    break;
  case '\'':
    stack_.push_back({State::Single, '\''});
    stack_.back().ansi = prev_ == '$'; // $'...'
    break;
  case '"':
    stack_.push_back({State::Double, '"'});
    break;
  case '`':
    if (f.closer == '`')
      stack_.pop_back();
    else
      stack_.push_back({State::Word, '`'});
    wordStart_ = true;
    break;
  case '(':
    if (prev_ == '(' && f.closer == ')' && f.state == State::Word) {
      stack_.back().state = State::Arithmetic; // `((` or `$((`: the frame just opened is arithmetic
      stack_.push_back({State::Arithmetic, ')'});
    } else {
      stack_.push_back({State::Word, ')'}); // $( or a subshell
    }
    break;
  case ')':
    // In a `case` command a `)` ends a pattern, not the frame.
    if (f.closer == ')' && stack_.size() > 1 && f.caseDepth == 0)
      stack_.pop_back();
    break;
  case '{':
    if (prev_ == '$')
      stack_.push_back({State::Word, '}'});
    break;
  case '}':
    if (f.closer == '}' && stack_.size() > 1)
      stack_.pop_back();
    break;
  case '#':
    if (startsWord)
      stack_.push_back({State::Comment, '\n'});
    break;
  case '<':
    if (++lessThans_ == 2) {
      lessThans_ = 0;
      delimiterState_ = Delimiter::AfterLessThans;
    }
    break;
  case '\n':
    newline();
    break;
  default:
    break;
  }
  prev_ = c;
}

} // namespace flytec::runtime
