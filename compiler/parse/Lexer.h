// Internal to compiler/parse: the production lexer.
//
// It implements the lexer rules of grammar/Flyte.g4 by hand, producing the
// same token types (the generated FlyteLexer's constants) with the same
// longest-match results, because the generated ANTLR lexer costs about 1,400
// instructions a byte and the lexer must not dominate parse time
// (bench/parse_bench.py). The grammar stays the specification:
// test/unit/LexerEquivalenceTest.cpp runs both lexers over a corpus and the
// parser fuzzer's inputs and requires identical token streams.
//
// Tokens are small records of byte offsets; the parser driver turns the
// tokens of one declaration at a time into ANTLR tokens.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <cstdint>
#include <vector>

namespace flytec::parse {

/// One token: its type (the generated FlyteLexer's constants, or
/// antlr4::Token::EOF) and where it is, as byte offsets [begin, end).
struct LexToken {
  size_t type;
  uint32_t begin;
  uint32_t end;
  uint32_t line; // 1-based
  bool isComment() const;
};

/// The token type of a word: a keyword's type, or IDENT.
size_t wordTokenType(llvm::StringRef word);

class Lexer {
public:
  /// `text` must outlive the lexer. It must be valid UTF-8.
  explicit Lexer(llvm::StringRef text) : text_(text) {}

  /// Every token of the text, comments included, ending in EOF.
  std::vector<LexToken> lexAll();

private:
  LexToken next();
  size_t lexNumber(size_t &type) const;
  size_t lexString(size_t &type) const;
  size_t digitsAt(size_t at) const;
  size_t exponentAt(size_t at) const;
  size_t wordAt(size_t at) const;
  char peek(size_t at) const { return at < text_.size() ? text_[at] : '\0'; }

  llvm::StringRef text_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

} // namespace flytec::parse
