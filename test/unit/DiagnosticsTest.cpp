// The diagnostics engine: ordering, de-duplication, -Werror, and the exact
// text and JSON forms of LANGUAGE.md §11.
#include "diag/Diagnostic.h"
#include "diag/DiagnosticRender.h"

#include <gtest/gtest.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>
#include <nlohmann/json.hpp>

using namespace flytec;

namespace {

class DiagnosticsTest : public ::testing::Test {
protected:
  const char *add(const std::string &name, const std::string &text) {
    unsigned id = sources.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, name), llvm::SMLoc());
    return sources.getMemoryBuffer(id)->getBufferStart();
  }
  static llvm::SMRange at(const char *base, size_t begin, size_t end) {
    return {llvm::SMLoc::getFromPointer(base + begin), llvm::SMLoc::getFromPointer(base + end)};
  }
  std::string text(const DiagnosticEngine &engine) {
    std::string out;
    llvm::raw_string_ostream os(out);
    renderAll(engine, DiagnosticFormat::Text, os);
    return os.str();
  }
  llvm::SourceMgr sources;
};

TEST_F(DiagnosticsTest, TextFormatMatchesTheSpec) {
  const char *src = add("daily.flyte", "workflow w() {\n  let t = extract(region: \"US\")\n}\n");
  DiagnosticEngine engine(sources);
  size_t us = std::string(src).find("\"US\"");
  engine.report(DiagCode::E3001, at(src, us, us + 4), "argument 'region' expects Region, got string")
      .note("did you mean Region.US?");
  EXPECT_EQ(text(engine), "daily.flyte:2:27: error[E3001]: argument 'region' expects Region, got string\n"
                          "  let t = extract(region: \"US\")\n"
                          "                          ^~~~\n"
                          "note: did you mean Region.US?\n"
                          "1 error generated.\n");
}

TEST_F(DiagnosticsTest, FixItIsPrintedUnderTheCaretAndNotesWithLocationsShowTheirLine) {
  const char *src = add("a.flyte", "task extract() {}\nlet x = extrct\n");
  DiagnosticEngine engine(sources);
  engine.report(DiagCode::E2001, at(src, 26, 32), "undefined name 'extrct'")
      .fixit(at(src, 26, 32), "extract")
      .note(at(src, 5, 12), "'extract' declared here");
  EXPECT_EQ(text(engine), "a.flyte:2:9: error[E2001]: undefined name 'extrct'\n"
                          "let x = extrct\n"
                          "        ^~~~~~\n"
                          "        extract\n"
                          "a.flyte:1:6: note: 'extract' declared here\n"
                          "task extract() {}\n"
                          "     ^~~~~~~\n"
                          "1 error generated.\n");
}

TEST_F(DiagnosticsTest, TabsAndUnicodeKeepTheCaretUnderTheCharacter) {
  const char *src = add("t.flyte", "\tlet é = 5x\n");
  DiagnosticEngine engine(sources);
  size_t bad = std::string(src).find("5x");
  engine.report(DiagCode::E1003, at(src, bad, bad + 2), "bad");
  // Column counts characters: tab, "let ", "é", " = " -> 5x is character 10.
  EXPECT_EQ(text(engine), "t.flyte:1:10: error[E1003]: bad\n"
                          "\tlet é = 5x\n"
                          "\t        ^~\n"
                          "1 error generated.\n");
}

TEST_F(DiagnosticsTest, JsonHasEveryFieldOnOneLine) {
  const char *src = add("j.flyte", "abc def\n");
  DiagnosticEngine engine(sources);
  engine.report(DiagCode::E2001, at(src, 4, 7), "undefined name 'def'").note(at(src, 0, 3), "here").fixit(at(src, 4, 7), "abc");
  std::string out;
  llvm::raw_string_ostream os(out);
  renderAll(engine, DiagnosticFormat::Json, os);
  os.flush();
  ASSERT_EQ(std::count(out.begin(), out.end(), '\n'), 1);
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["file"], "j.flyte");
  EXPECT_EQ(j["line"], 1);
  EXPECT_EQ(j["column"], 5);
  EXPECT_EQ(j["end_line"], 1);
  EXPECT_EQ(j["end_column"], 8);
  EXPECT_EQ(j["severity"], "error");
  EXPECT_EQ(j["code"], "E2001");
  EXPECT_EQ(j["message"], "undefined name 'def'");
  EXPECT_EQ(j["notes"][0]["message"], "here");
  EXPECT_EQ(j["notes"][0]["column"], 1);
  EXPECT_EQ(j["fixits"][0]["replacement"], "abc");
}

TEST_F(DiagnosticsTest, SortedBySourcePositionAcrossFilesWithDuplicatesRemoved) {
  const char *a = add("a.flyte", "one two three\n");
  const char *b = add("b.flyte", "four\n");
  DiagnosticEngine engine(sources);
  engine.report(DiagCode::E1001, at(b, 0, 4), "in b");
  engine.report(DiagCode::E1001, at(a, 8, 13), "third");
  engine.report(DiagCode::E1001, at(a, 0, 3), "first");
  engine.report(DiagCode::E1001, at(a, 0, 3), "first");
  std::vector<Diagnostic> sorted = engine.sorted();
  ASSERT_EQ(sorted.size(), 3u);
  EXPECT_EQ(sorted[0].message, "first");
  EXPECT_EQ(sorted[1].message, "third");
  EXPECT_EQ(sorted[2].message, "in b");
}

TEST_F(DiagnosticsTest, WerrorTurnsWarningsIntoErrors) {
  const char *src = add("w.flyte", "import \"x.flyte\"\n");
  DiagnosticEngine plain(sources);
  plain.report(DiagCode::W0002, at(src, 0, 6), "unused import");
  EXPECT_FALSE(plain.hasErrors());
  EXPECT_EQ(plain.warningCount(), 1u);

  DiagnosticEngine strict(sources);
  strict.setWarningsAsErrors(true);
  strict.report(DiagCode::W0002, at(src, 0, 6), "unused import");
  EXPECT_TRUE(strict.hasErrors());
  EXPECT_EQ(strict.sorted()[0].severity, Severity::Error);
  EXPECT_NE(text(strict).find("error[W0002]"), std::string::npos);
}

} // namespace

namespace {

TEST_F(DiagnosticsTest, SilencedRangesDropLaterNonSyntaxReports) {
  const char *base = add("a.flyte", "task broken( {}\nworkflow ok() {}\n");
  DiagnosticEngine engine(sources);
  engine.silenceWithin(at(base, 0, 16));
  engine.report(DiagCode::E3001, at(base, 5, 11), "inside: dropped").note("goes nowhere").fixit(at(base, 5, 11), "x");
  engine.report(DiagCode::E1001, at(base, 12, 13), "a syntax error is kept");
  engine.report(DiagCode::W0001, at(base, 16, 24), "outside: kept");
  EXPECT_EQ(engine.errorCount(), 1u);
  EXPECT_EQ(engine.warningCount(), 1u);
  std::vector<Diagnostic> all = engine.sorted();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].code, DiagCode::E1001);
  EXPECT_EQ(all[1].code, DiagCode::W0001);
}

} // namespace
