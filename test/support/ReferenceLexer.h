// The lexer ANTLR generates from grammar/Flyte.g4, as the reference the
// hand-written lexer (compiler/parse/Lexer.cpp) is compared with, in the
// unit tests and in the fuzzer. Tokens as (type, byte begin, byte end).
#pragma once

#include "FlyteLexer.h"
#include "parse/Lexer.h"

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/ConvertUTF.h>

#include <algorithm>
#include <string>
#include <vector>

namespace flytec::testing {

struct RefToken {
  size_t type, begin, end;
  bool operator==(const RefToken &o) const { return type == o.type && begin == o.begin && end == o.end; }
  bool operator!=(const RefToken &o) const { return !(*this == o); }
};

/// ANTLR's input stream drops a leading byte-order mark, and Compilation
/// drops it before our lexer runs: compare the text after it.
inline llvm::StringRef withoutBom(llvm::StringRef text) {
  return text.startswith("\xEF\xBB\xBF") ? text.drop_front(3) : text;
}

/// The generated lexer's tokens of `text`, which must be valid UTF-8 (its
/// input stream throws otherwise).
inline std::vector<RefToken> referenceTokens(llvm::StringRef text) {
  std::vector<size_t> byteOf; // code point index -> byte offset
  for (size_t i = 0; i < text.size();) {
    byteOf.push_back(i);
    i += std::max<unsigned>(1, llvm::getNumBytesForUTF8(static_cast<unsigned char>(text[i])));
  }
  byteOf.push_back(text.size());
  antlr4::ANTLRInputStream input(text.str());
  flyteparse::FlyteLexer lexer(&input);
  lexer.removeErrorListeners();
  std::vector<RefToken> out;
  for (auto &t : lexer.getAllTokens())
    out.push_back({t->getType(), byteOf[t->getStartIndex()], byteOf[t->getStopIndex() + 1]});
  return out;
}

/// The hand-written lexer's tokens of `text`, without the final EOF.
inline std::vector<RefToken> ourTokens(llvm::StringRef text) {
  std::vector<RefToken> out;
  for (const parse::LexToken &t : parse::Lexer(text).lexAll())
    if (t.type != antlr4::Token::EOF)
      out.push_back({t.type, t.begin, t.end});
  return out;
}

} // namespace flytec::testing
