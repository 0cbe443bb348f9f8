// formatText: refusing syntax errors, the item spans range formatting uses,
// options, and idempotence over the repository's examples.
#include "format/Formatter.h"

#include <gtest/gtest.h>
#include <llvm/Support/MemoryBuffer.h>

#include <thread>

using namespace flytec::format;

namespace {

TEST(Formatter, RefusesSyntaxErrorsNamingTheFirst) {
  FormatResult r = formatText("bad.flyte", "task t() {}\nworkflow w( {\n}\n");
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.internalError);
  EXPECT_TRUE(r.text.empty());
  EXPECT_EQ(r.error.rfind("bad.flyte:2:13: cannot format a file with syntax errors: ", 0), 0u) << r.error;
  EXPECT_NE(r.error.find("fix the syntax error first; 'flytec check bad.flyte' shows it"), std::string::npos)
      << r.error;
}

TEST(Formatter, RefusesLexicalErrors) {
  for (const char *text : {"workflow w() { let s = \"open }\n", "/* open\n", "workflow w() { let n = 99999999999999999999 }\n",
                           "workflow w() { let x = 5x }\n", "workflow w() { let x = 1 $ }\n"}) {
    FormatResult r = formatText("bad.flyte", text);
    EXPECT_FALSE(r.ok) << text;
    EXPECT_FALSE(r.internalError) << text;
    EXPECT_NE(r.error.find("cannot format a file with syntax errors"), std::string::npos) << r.error;
  }
}

TEST(Formatter, ItemSpansCoverLeadingAndTrailingComments) {
  std::string input = "// header\nmodule m\n\n// about t\ntask t() {} // t\nworkflow w() {\n}\n";
  FormatResult r = formatText("m.flyte", input);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.text, "// header\nmodule m\n\n// about t\ntask t() {} // t\n\nworkflow w() {}\n");
  ASSERT_EQ(r.items.size(), 3u);
  auto in = [&](const ItemSpan &s) { return input.substr(s.inputBegin, s.inputEnd - s.inputBegin); };
  auto out = [&](const ItemSpan &s) { return r.text.substr(s.outputBegin, s.outputEnd - s.outputBegin); };
  EXPECT_EQ(in(r.items[0]), "// header\nmodule m");
  EXPECT_EQ(out(r.items[0]), "// header\nmodule m");
  EXPECT_EQ(in(r.items[1]), "// about t\ntask t() {} // t");
  EXPECT_EQ(out(r.items[1]), "// about t\ntask t() {} // t");
  EXPECT_EQ(in(r.items[2]), "workflow w() {\n}");
  EXPECT_EQ(out(r.items[2]), "workflow w() {}");
}

TEST(Formatter, ItemSpansCountTheByteOrderMark) {
  std::string input = "\xEF\xBB\xBFtask t() {}\n";
  FormatResult r = formatText("m.flyte", input);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.text, "task t() {}\n");
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].inputBegin, 3u);
  EXPECT_EQ(r.items[0].inputEnd, input.size() - 1);
}

TEST(Formatter, WidthAndIndentOptions) {
  std::string input = "workflow w() { let x = f(a: 1, b: 2) }\n";
  FormatOptions narrow;
  narrow.width = 20;
  narrow.indentWidth = 4;
  FormatResult r = formatText("w.flyte", input, narrow);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.text, "workflow w() {\n    let x = f(\n        a: 1,\n        b: 2,\n    )\n}\n");
}

TEST(Formatter, KeepsStringsExactly) {
  std::string input = "workflow w() { let s = \"a\\tb \\u{1F600} {{ x }} \\{{ y\" }\n";
  FormatResult r = formatText("w.flyte", input);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_NE(r.text.find("\"a\\tb \\u{1F600} {{ x }} \\{{ y\""), std::string::npos) << r.text;
}

TEST(Formatter, ReindentsTripleStringsWithoutChangingThem) {
  std::string input = "task t() {\n      shell \"\"\"\n            a\n              b\n\n            c\n      \"\"\"\n}\n";
  FormatResult r = formatText("t.flyte", input);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.text, "task t() {\n  shell \"\"\"\n    a\n      b\n\n    c\n  \"\"\"\n}\n");
  // CRLF lines read as LF lines: the string's value is the same.
  FormatResult crlf = formatText("t.flyte", "task t() {\r\n  shell \"\"\"\r\n    a\r\n  \"\"\"\r\n}\r\n");
  ASSERT_TRUE(crlf.ok) << crlf.error;
  EXPECT_EQ(crlf.text, "task t() {\n  shell \"\"\"\n    a\n  \"\"\"\n}\n");
}

TEST(Formatter, ExamplesAreCanonicalAndIdempotent) {
  for (const char *name : {"hello.flyte", "shop.flyte", "dynamic.flyte", "imports.flyte", "lib/text.flyte"}) {
    std::string path = std::string(FLYTEC_SOURCE_DIR) + "/examples/" + name;
    auto buffer = llvm::MemoryBuffer::getFile(path);
    ASSERT_TRUE(bool(buffer)) << path;
    std::string text = (*buffer)->getBuffer().str();
    FormatResult r = formatText(path, text);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.text, text) << name;
  }
}

} // namespace

namespace {

TEST(Formatter, LongOperatorChainsOnAnOrdinaryStack) {
  // A chain nests as deep as it is long; the printer and the tree
  // comparison walk it in a loop. (std::thread: the usual 8 MB stack.)
  std::string chain = "workflow w(a: int) -> (y: int) {\n  let x = a";
  for (int i = 0; i < 20000; ++i)
    chain += " + a";
  chain += "\n  return (y: x)\n}\n";
  FormatResult r;
  std::thread worker([&] { r = formatText("chain.flyte", chain); });
  worker.join();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.text, chain);
}

} // namespace
