// The token stream: kinds, longest-match rules for numbers with units,
// contextual keywords, comments and error tokens.
#include "parse/Tokens.h"

#include <gtest/gtest.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>

using namespace flytec::parse;

namespace {

std::vector<std::string> kinds(const std::string &text, bool withComments = false) {
  llvm::SourceMgr sources;
  unsigned id = sources.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "t.flyte"), llvm::SMLoc());
  std::vector<std::string> out;
  for (const Token &t : tokenize(sources, id))
    if (t.kind != "EOF" && (withComments || (t.category != TokenCategory::Comment &&
                                             t.category != TokenCategory::DocComment)))
      out.push_back(t.kind);
  return out;
}

using K = std::vector<std::string>;

TEST(Lexer, KeywordsAndNames) {
  EXPECT_EQ(kinds("task workflow dynamic launchplan let return if else for in"),
            (K{"TASK", "WORKFLOW", "DYNAMIC", "LAUNCHPLAN", "LET", "RETURN", "IF", "ELSE", "FOR", "IN"}));
  EXPECT_EQ(kinds("tasks _x x1 fixed default test assert mock"),
            (K{"IDENT", "IDENT", "IDENT", "FIXED", "DEFAULT", "TEST", "ASSERT", "MOCK"}));
}

TEST(Lexer, NumbersWithUnitsAreOneToken) {
  EXPECT_EQ(kinds("42 1_000 3.14 1e-3 250ms 30s 5m 2h 1d 512Mi 4G"),
            (K{"INT", "INT", "FLOAT", "FLOAT", "DURATION", "DURATION", "DURATION", "DURATION", "DURATION",
               "SIZE", "SIZE"}));
  EXPECT_EQ(kinds("5x 30sec 1.5h 0x1F 1_"),
            (K{"INVALID_NUMBER", "INVALID_NUMBER", "INVALID_NUMBER", "INVALID_NUMBER", "INVALID_NUMBER"}));
  EXPECT_EQ(kinds("-7"), (K{"MINUS", "INT"}));
}

TEST(Lexer, Operators) {
  EXPECT_EQ(kinds("-> ?? == != <= >= < > = + - * / % ? | . , : ; @"),
            (K{"ARROW", "COALESCE", "EQ", "NE", "LE", "GE", "LT", "GT", "ASSIGN", "PLUS", "MINUS", "STAR",
               "SLASH", "PERCENT", "QUESTION", "PIPE", "DOT", "COMMA", "COLON", "SEMI", "AT"}));
}

TEST(Lexer, StringsAndComments) {
  EXPECT_EQ(kinds(R"("a" "b\"c" """x
y""")"),
            (K{"STRING", "STRING", "TRIPLE_STRING"}));
  EXPECT_EQ(kinds("// line\n/// doc\n/* block */ x", true), (K{"LINE_COMMENT", "DOC_COMMENT", "BLOCK_COMMENT", "IDENT"}));
}

TEST(Lexer, ErrorTokens) {
  EXPECT_EQ(kinds("\"open\nx"), (K{"UNTERMINATED_STRING", "IDENT"}));
  EXPECT_EQ(kinds("\"\"\"open\nx"), (K{"UNTERMINATED_TRIPLE_STRING"}));
  EXPECT_EQ(kinds("/* open", true), (K{"UNTERMINATED_COMMENT"}));
  EXPECT_EQ(kinds("a $ b"), (K{"IDENT", "UNKNOWN_CHAR", "IDENT"}));
}

TEST(Lexer, RangesAreBytesInTheBuffer) {
  llvm::SourceMgr sources;
  unsigned id = sources.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy("\"é\" x", "t.flyte"), llvm::SMLoc());
  std::vector<Token> tokens = tokenize(sources, id);
  ASSERT_GE(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].text, "\"é\"");
  EXPECT_EQ(tokens[1].text, "x");
}

} // namespace
