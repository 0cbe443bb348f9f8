// The hand-written lexer (compiler/parse/Lexer.cpp) must produce exactly the
// tokens of the lexer ANTLR generates from grammar/Flyte.g4, which stays the
// specification. Compared on the examples, on edge cases, and on many
// random strings built from the fragments where lexers go wrong.
#include "ReferenceLexer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace flytec::testing {
// How gtest prints a token when the streams differ.
std::ostream &operator<<(std::ostream &os, const RefToken &t) {
  return os << flyteparse::FlyteLexer(nullptr).getVocabulary().getSymbolicName(t.type) << "[" << t.begin << ","
            << t.end << ")";
}
} // namespace flytec::testing

using namespace flytec::testing;

namespace {

void expectSame(const std::string &input) {
  llvm::StringRef text = withoutBom(input);
  EXPECT_EQ(ourTokens(text), referenceTokens(text)) << "input: " << text.str();
}

TEST(LexerEquivalence, EdgeCases) {
  for (const char *text : {
           "", " ", "task t() {}", "42 1_000 1__0 1_ 3.14 1. 1.e5 1e 1e5 1e-5 1e+ 1.5e3 1.5e 1.5.3",
           "250ms 30s 5m 5min 2h 1d 512Mi 4G 4Gi 4GiB 1KB 1K 0x1F 5x 7ms2", "a.b..c -> -- ?? ? == = != ! <= < >= >",
           "\"\" \"a\\\"b\" \"\"\" \"\"\"\" \"\"\"\"\"\" \"\"\"a\"\"\" \"\"\"a\"\"\"\" \"open", "\"open\\", "\"open\\\nx",
           "\"\"\"never closed", "\"\"\"x\"\"", "// c\n/// d\n//// e\n/* b */ /* open", "/*/ x */ /**/ /***/ y",
           "\"{{ x }}\" \"\\{{\" \"{{ \"", "$ # & ' ` ~ ^ \\ é ü 日本 😀", "fixed default test assert mock tasks _x x1",
           "module import from as type record enum task workflow dynamic launchplan let return if else for in true false none and or not",
           "a\r\nb\tc\fd", "@cache(version: \"1\")\ntask t(x: int = -9223372036854775808) -> (y: list[int]?) {}",
       })
    expectSame(text);
}

TEST(LexerEquivalence, FuzzerFindings) {
  // A byte-order mark, then text (found by the parser fuzzer).
  expectSame(std::string("\357\273\277/iling\012) -> (\012  /// output doc\012  y: int\012) {}\012record R {\012  /// field doc\012  f: int\012}\012enum E {\012  /// member doc\012  A\012}member doc\012  A\012}\012", 134));
}

TEST(LexerEquivalence, Examples) {
  for (const auto &entry : std::filesystem::recursive_directory_iterator(FLYTEC_SOURCE_DIR "/examples")) {
    if (entry.path().extension() != ".flyte")
      continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    expectSame(text.str());
  }
}

TEST(LexerEquivalence, RandomFragments) {
  const std::vector<std::string> fragments = {
      "\"", "\"\"\"", "\\", "{{", "}}", "{", "}", "0", "1", "9", "_", ".", "e", "E", "+", "-", "ms", "m", "s",
      "h", "d", "K", "Mi", "i", "x", "a", "task", "for", "/", "*", "/*", "*/", "//", "///", "\n", "\r", "\t",
      " ", "?", "=", "!", ">", "<", "@", "(", ")", ",", ":", "é", "😀", "$"};
  std::mt19937 rng(20261128);
  std::uniform_int_distribution<size_t> pick(0, fragments.size() - 1);
  std::uniform_int_distribution<int> length(1, 24);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (int n = length(rng); n > 0; --n)
      text += fragments[pick(rng)];
    if (ourTokens(withoutBom(text)) != referenceTokens(withoutBom(text))) {
      expectSame(text);
      return;
    }
  }
}

} // namespace
