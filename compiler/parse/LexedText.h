// Internal to compiler/parse: a piece of source text run through the lexer,
// with its lexical errors checked and its tokens placed in the SourceMgr
// buffer. Used for whole files and for the text of each `{{ }}`
// interpolation.
#pragma once

#include "parse/Lexer.h"
#include "diag/Diagnostic.h"

#include <antlr4-runtime.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/SMLoc.h>

#include <memory>
#include <string>
#include <vector>

namespace flytec::parse {

/// A `///` comment: where it is and its text without the slashes.
struct DocComment {
  size_t begin; // byte offsets in the lexed text
  size_t end;
  llvm::StringRef text;
};

/// Names of the token types (IDENT, TASK, ...) and their literal spelling.
const antlr4::dfa::Vocabulary &lexerVocabulary();

class LexedText {
public:
  /// `text` must stay alive and unmoved as long as this object; `base` is
  /// the location of text[0] in its SourceMgr buffer.
  LexedText(llvm::StringRef text, const char *base);

  /// Reports lexical errors (E1001 unexpected characters and invalid UTF-8,
  /// E1002 unterminated strings and comments, E1003 numbers glued to letters)
  /// and collects the tokens the parser sees and the doc comments.
  void check(DiagnosticEngine &diags);

  /// Every token including comments, ending with EOF.
  const std::vector<LexToken> &allTokens() const { return all_; }
  /// The tokens the parser sees: no comments, no dropped unexpected
  /// characters, no EOF.
  const std::vector<LexToken> &parserTokens() const { return visible_; }
  const std::vector<DocComment> &docComments() const { return docs_; }
  /// True when an unterminated string or comment ran to the end of the text,
  /// so "expected ... found end of file" would only repeat that error.
  bool swallowedToEnd() const { return swallowedToEnd_; }
  /// Whether a dropped character or an unterminated string or comment lies
  /// in [begin, end): a syntax error after one is its echo, not news.
  bool hasLexicalErrorIn(size_t begin, size_t end) const;

  llvm::SMLoc locAtByte(size_t offset) const { return llvm::SMLoc::getFromPointer(base_ + offset); }
  llvm::SMRange rangeOf(const LexToken &token) const {
    return {locAtByte(token.begin), locAtByte(token.end)};
  }
  llvm::StringRef textOf(const LexToken &token) const { return text_.slice(token.begin, token.end); }
  /// For the parser's copies of our tokens: start/stop are byte offsets.
  llvm::SMRange rangeOf(const antlr4::Token *token) const;
  llvm::StringRef textOf(const antlr4::Token *token) const;
  size_t size() const { return text_.size(); }

  static std::string tokenName(size_t type);

private:
  llvm::StringRef text_;
  const char *base_;
  std::string sanitized_;           // text_ with invalid UTF-8 bytes blanked
  std::vector<size_t> invalidUtf8_; // byte offsets replaced
  std::vector<LexToken> all_;
  std::vector<LexToken> visible_;
  std::vector<DocComment> docs_;
  bool swallowedToEnd_ = false;
  std::vector<size_t> lexicalErrors_; // byte offsets, ascending
};

} // namespace flytec::parse
