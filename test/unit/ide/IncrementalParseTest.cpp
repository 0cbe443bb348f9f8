// Re-parsing after an edit copies unchanged declarations from the previous
// parse (parse/Parser.h, ParsedRuns): the result must be exactly what a
// fresh parse gives — the same tree with the same ranges, the same
// diagnostics — whatever the edit.
#include "ast/AstDump.h"
#include "ide/Analysis.h"

#include <gtest/gtest.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>

#include <random>

namespace flytec::ide {
namespace {

std::string dump(const Analysis &a) {
  std::string out;
  llvm::raw_string_ostream os(out);
  ast::dumpModule(a.sources(), *a.module()->ast, os);
  for (const Diagnostic &d : a.diagnostics()) {
    Range r = a.rangeOf(d.range);
    os << diagCodeInfo(d.code).name << " " << r.start.line << ":" << r.start.character << "-" << r.end.line << ":"
       << r.end.character << " " << d.message << "\n";
  }
  return os.str();
}

std::string readExample(const char *name) {
  auto buffer = llvm::MemoryBuffer::getFile(std::string(FLYTEC_SOURCE_DIR) + "/examples/" + name);
  return buffer ? (*buffer)->getBuffer().str() : std::string();
}

const char *kPath = "/incremental/a.flyte";

/// Builds `before`, then `after` twice: reusing `before`'s parse and fresh.
void expectSameAsFresh(const std::string &before, const std::string &after) {
  auto old = Analysis::build(kPath, before, nullptr, {});
  auto reused = Analysis::build(kPath, after, nullptr, {}, old.get());
  auto fresh = Analysis::build(kPath, after, nullptr, {});
  ASSERT_EQ(dump(*reused), dump(*fresh)) << "after editing to:\n" << after;
}

TEST(IncrementalParse, EditsInsideOneDeclarationReuseTheOthers) {
  std::string text = readExample("shop.flyte");
  ASSERT_FALSE(text.empty());
  auto old = Analysis::build(kPath, text, nullptr, {});
  size_t runs = old->compilation().recordedRuns().runs.size();
  EXPECT_GT(runs, 4u);
  // Change a number inside the workflow: every other run is reused.
  std::string edited = text;
  size_t at = edited.find("rows: int = 300");
  ASSERT_NE(at, std::string::npos);
  edited.replace(at + 12, 3, "301");
  expectSameAsFresh(text, edited);
}

TEST(IncrementalParse, InsertedLinesMoveLaterDeclarations) {
  std::string text = readExample("shop.flyte");
  expectSameAsFresh(text, "// a new first comment\n\n" + text);
  std::string edited = text;
  edited.insert(edited.find("task best"), "task extra() -> (y: int) {\n  shell \"echo 1 > {{outputs.y}}\"\n}\n\n");
  expectSameAsFresh(text, edited);
}

TEST(IncrementalParse, SyntaxErrorsComeAndGo) {
  std::string text = readExample("dynamic.flyte");
  std::string broken = text;
  broken.insert(broken.find("dynamic fib"), "workflow oops( {\n");
  expectSameAsFresh(text, broken);
  expectSameAsFresh(broken, text);
}

TEST(IncrementalParse, EmptyAndBlankTexts) {
  expectSameAsFresh("", "");
  expectSameAsFresh("", "task");
  expectSameAsFresh("// only a comment\n", "\n\n");
  expectSameAsFresh("task t() -> (y: int) { shell \"echo 1 > {{outputs.y}}\" }\n", "");
}

TEST(IncrementalParse, RandomEditsMatchAFreshParse) {
  std::mt19937 random(7);
  const char *snippets[] = {" ", "\n", "}", "{", "let x = 1\n", "\"", "///", "// c\n", "@retries(2)\n", "(", ")", "x"};
  for (const char *example : {"shop.flyte", "dynamic.flyte", "hello.flyte", "imports.flyte"}) {
    std::string text = readExample(example);
    for (int i = 0; i < 150; ++i) {
      std::string edited = text;
      size_t at = random() % (edited.size() + 1);
      size_t cut = std::min<size_t>(random() % 4, edited.size() - at);
      edited.replace(at, cut, snippets[random() % (sizeof(snippets) / sizeof(*snippets))]);
      expectSameAsFresh(text, edited);
      // A chain of edits: each parse reuses the one before.
      text = edited;
    }
  }
}

// Every golden test's program: every construct of the language, broken
// ones included, through a few edits each.
TEST(IncrementalParse, GoldenTestProgramsMatchAFreshParse) {
  std::mt19937 random(11);
  std::error_code ec;
  size_t files = 0;
  for (llvm::sys::fs::recursive_directory_iterator it(std::string(FLYTEC_SOURCE_DIR) + "/test/lit", ec), end;
       it != end && !ec; it.increment(ec)) {
    if (!llvm::StringRef(it->path()).endswith(".flyte"))
      continue;
    auto buffer = llvm::MemoryBuffer::getFile(it->path());
    if (!buffer)
      continue;
    ++files;
    std::string text = (*buffer)->getBuffer().str();
    for (int i = 0; i < 4; ++i) {
      std::string edited = text;
      size_t at = random() % (edited.size() + 1);
      edited.insert(at, i % 2 ? "\n" : " x");
      expectSameAsFresh(text, edited);
      text = edited;
    }
  }
  EXPECT_GT(files, 100u);
}

} // namespace
} // namespace flytec::ide
