#include "parse/Tokens.h"

#include "FlyteLexer.h"
#include "parse/LexedText.h"

#include <llvm/Support/SourceMgr.h>

namespace flytec::parse {

using L = flyteparse::FlyteLexer;

static TokenCategory categorize(size_t type) {
  if (type == antlr4::Token::EOF)
    return TokenCategory::EndOfFile;
  if (type >= L::MODULE && type <= L::MOCK)
    return type >= L::FIXED ? TokenCategory::Name : TokenCategory::Keyword;
  switch (type) {
  case L::IDENT:
    return TokenCategory::Name;
  case L::INT:
  case L::FLOAT:
  case L::DURATION:
  case L::SIZE:
    return TokenCategory::Number;
  case L::STRING:
  case L::TRIPLE_STRING:
    return TokenCategory::String;
  case L::LINE_COMMENT:
  case L::BLOCK_COMMENT:
    return TokenCategory::Comment;
  case L::DOC_COMMENT:
    return TokenCategory::DocComment;
  case L::INVALID_NUMBER:
  case L::UNTERMINATED_STRING:
  case L::UNTERMINATED_TRIPLE_STRING:
  case L::UNTERMINATED_COMMENT:
  case L::UNKNOWN_CHAR:
    return TokenCategory::Invalid;
  default:
    return TokenCategory::Punctuation;
  }
}

std::vector<Token> tokenize(const llvm::SourceMgr &sources, unsigned bufferId) {
  const llvm::MemoryBuffer *buffer = sources.getMemoryBuffer(bufferId);
  LexedText lexed(buffer->getBuffer(), buffer->getBufferStart());
  std::vector<Token> out;
  for (const LexToken &t : lexed.allTokens())
    out.push_back({LexedText::tokenName(t.type), categorize(t.type), lexed.textOf(t), lexed.rangeOf(t)});
  return out;
}

llvm::StringRef categoryName(TokenCategory category) {
  switch (category) {
  case TokenCategory::Keyword: return "keyword";
  case TokenCategory::Name: return "name";
  case TokenCategory::Number: return "number";
  case TokenCategory::String: return "string";
  case TokenCategory::Comment: return "comment";
  case TokenCategory::DocComment: return "doc-comment";
  case TokenCategory::Punctuation: return "punctuation";
  case TokenCategory::Invalid: return "invalid";
  case TokenCategory::EndOfFile: return "eof";
  }
  return "?";
}

} // namespace flytec::parse
