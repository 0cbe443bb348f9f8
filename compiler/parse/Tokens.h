// The token stream of a file, comments included, for tools that work below
// the AST: `flytec compile --emit=tokens`, the lexer's unit tests, and later
// the formatter and semantic highlighting.
#pragma once

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/SMLoc.h>

#include <string>
#include <vector>

namespace llvm {
class SourceMgr;
}

namespace flytec::parse {

enum class TokenCategory { Keyword, Name, Number, String, Comment, DocComment, Punctuation, Invalid, EndOfFile };

struct Token {
  std::string kind;       // the grammar's token name: IDENT, DURATION, TASK, ...
  TokenCategory category;
  llvm::StringRef text;   // as written
  llvm::SMRange range;
};

/// All tokens of buffer `bufferId`, ending with EOF. Reports nothing: lexical
/// errors show as tokens of category Invalid.
std::vector<Token> tokenize(const llvm::SourceMgr &sources, unsigned bufferId);

llvm::StringRef categoryName(TokenCategory category);

} // namespace flytec::parse
