#include <gtest/gtest.h>

#include "Annotated.h"
#include "TestWorkspace.h"
#include "ide/DocumentSymbols.h"

namespace flytec::ide::test {
namespace {

const DocumentSymbol *child(const DocumentSymbol &s, llvm::StringRef name) {
  for (const DocumentSymbol &c : s.children)
    if (c.name == name)
      return &c;
  return nullptr;
}

std::vector<std::string> names(const std::vector<DocumentSymbol> &symbols) {
  std::vector<std::string> out;
  for (const DocumentSymbol &s : symbols)
    out.push_back(s.name);
  return out;
}

std::string firstError(const Analysis &a) {
  for (const Diagnostic &d : a.diagnostics())
    if (d.severity == Severity::Error)
      return d.message;
  return {};
}

/// Every symbol's name lies inside its range, as LSP requires, at any depth.
void expectNested(const std::vector<DocumentSymbol> &symbols) {
  for (const DocumentSymbol &s : symbols) {
    EXPECT_FALSE(s.name.empty());
    EXPECT_TRUE(s.range.contains(s.selectionRange.start) && s.range.contains(s.selectionRange.end))
        << s.name << " " << s.range << " " << s.selectionRange;
    expectNested(s.children);
  }
}

TEST(DocumentSymbols, EveryKindOfDeclaration) {
  Annotated src(R"(
$imp[[import "lib.flyte" as $alias[[helpers]]]]
from "lib.flyte" import shout
/// Stats of a table.
$rec[[record $recName[[Stats]] {
  $rows[[$rowsName[[rows]]: int]]
  mean: float? = none
}]]
enum Region { $us[[US]], EU }
type Sales = dataframe[id: int,
                       amount: float]
$task[[@cache(version: "1")
task $taskName[[double]](x: int, y: list[string] = []) -> (out: int) {
  shell "echo $(( {{x}} * 2 )) > {{outputs.out}}"
}]]
workflow main(n: int = 3) -> (total: int) {
  $let[[let $d[[d]] = double(x: n)]]
  let r = if d > 2 {
    let inner = double(x: d)
    inner
  } else { 0 }
  let all = for i in [1, 2] { let sq = i * i
    sq }
  return (total: r)
}
dynamic fan(xs: list[int]) -> (ys: list[int]) {
  return (ys: for x in xs { double(x: x) })
}
launchplan nightly for main {
  fixed n: 5
}
$test[[test $title[["doubles"]] {
  let v = double(x: 2)
  assert v == 4
}]]
)");
  TestWorkspace ws;
  ws.write("lib.flyte", "task shout(s: string) -> (out: string) {\n  python \"outputs.out = s.upper()\"\n}\n");
  ws.open("a.flyte", src.text());
  auto a = ws.analyze("a.flyte");
  ASSERT_TRUE(a);
  ASSERT_EQ(firstError(*a), "");
  std::vector<DocumentSymbol> symbols = documentSymbols(*a);
  expectNested(symbols);
  EXPECT_EQ(names(symbols), (std::vector<std::string>{"helpers", "lib.flyte", "Stats", "Region", "Sales", "double",
                                                      "main", "fan", "nightly", "doubles"}));
  ASSERT_EQ(symbols.size(), 10u);

  const DocumentSymbol &imp = symbols[0];
  EXPECT_EQ(imp.kind, OutlineKind::Import);
  EXPECT_EQ(imp.detail, "lib.flyte");
  EXPECT_EQ(imp.range, src.range("imp"));
  EXPECT_EQ(imp.selectionRange, src.range("alias"));
  EXPECT_EQ(symbols[1].detail, "import shout");

  const DocumentSymbol &rec = symbols[2];
  EXPECT_EQ(rec.kind, OutlineKind::Record);
  EXPECT_EQ(rec.range, src.range("rec"));
  EXPECT_EQ(rec.selectionRange, src.range("recName"));
  ASSERT_EQ(names(rec.children), (std::vector<std::string>{"rows", "mean"}));
  EXPECT_EQ(rec.children[0].kind, OutlineKind::Field);
  EXPECT_EQ(rec.children[0].detail, "int");
  EXPECT_EQ(rec.children[0].range, src.range("rows"));
  EXPECT_EQ(rec.children[0].selectionRange, src.range("rowsName"));
  EXPECT_EQ(rec.children[1].detail, "float?");

  EXPECT_EQ(names(symbols[3].children), (std::vector<std::string>{"US", "EU"}));
  EXPECT_EQ(symbols[3].children[0].kind, OutlineKind::EnumMember);
  EXPECT_EQ(symbols[3].children[0].selectionRange, src.range("us"));

  EXPECT_EQ(symbols[4].kind, OutlineKind::Alias);
  EXPECT_EQ(symbols[4].detail, "dataframe[id: int, amount: float]");

  const DocumentSymbol &task = symbols[5];
  EXPECT_EQ(task.kind, OutlineKind::Task);
  EXPECT_EQ(task.detail, "(x: int, y: list[string]) -> (out: int)");
  EXPECT_EQ(task.range, src.range("task")); // decorators included
  EXPECT_EQ(task.selectionRange, src.range("taskName"));
  ASSERT_EQ(names(task.children), (std::vector<std::string>{"x", "y", "out"}));
  EXPECT_EQ(task.children[1].kind, OutlineKind::Input);
  EXPECT_EQ(task.children[2].kind, OutlineKind::Output);

  const DocumentSymbol &wf = symbols[6];
  EXPECT_EQ(wf.kind, OutlineKind::Workflow);
  EXPECT_EQ(wf.detail, "(n: int) -> (total: int)");
  EXPECT_EQ(names(wf.children), (std::vector<std::string>{"n", "total", "d", "r", "inner", "all", "sq"}));
  const DocumentSymbol *d = child(wf, "d");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->kind, OutlineKind::Variable);
  EXPECT_EQ(d->detail, "int");
  EXPECT_EQ(d->range, src.range("let"));
  EXPECT_EQ(d->selectionRange, src.range("d"));
  EXPECT_EQ(child(wf, "all")->detail, "list[int]");
  EXPECT_EQ(child(wf, "inner")->detail, "int");

  EXPECT_EQ(symbols[7].kind, OutlineKind::DynamicWorkflow);
  EXPECT_EQ(symbols[7].detail, "(xs: list[int]) -> (ys: list[int])");

  EXPECT_EQ(symbols[8].kind, OutlineKind::LaunchPlan);
  EXPECT_EQ(symbols[8].detail, "for main");
  ASSERT_EQ(names(symbols[8].children), (std::vector<std::string>{"n"}));
  EXPECT_EQ(symbols[8].children[0].detail, "fixed");

  const DocumentSymbol &test = symbols[9];
  EXPECT_EQ(test.kind, OutlineKind::Test);
  EXPECT_EQ(test.range, src.range("test"));
  EXPECT_EQ(test.selectionRange, src.range("title"));
  EXPECT_EQ(names(test.children), (std::vector<std::string>{"v"}));
}

TEST(DocumentSymbols, DeprecatedDeclarations) {
  TestWorkspace ws;
  ws.open("a.flyte", R"(
@deprecated("use new")
task old() -> (x: int) {
  shell "echo 1 > {{outputs.x}}"
}
task fresh() -> (x: int) {
  shell "echo 1 > {{outputs.x}}"
}
)");
  std::vector<DocumentSymbol> symbols = documentSymbols(*ws.analyze("a.flyte"));
  ASSERT_EQ(symbols.size(), 2u);
  EXPECT_TRUE(symbols[0].deprecated);
  EXPECT_FALSE(symbols[1].deprecated);
}

TEST(DocumentSymbols, SyntaxErrorsLeaveAPartialOutline) {
  TestWorkspace ws;
  ws.open("a.flyte", R"(
record Stats {
  rows: int
}
task broken(x: int -> (y: int) {
  shell "echo"
}
workflow main(n: int) -> (out: int) {
  let a = broken(x: n
  let b = 2 +
  return (out: b)
}
enum Region { US, EU }
workflow
)");
  auto a = ws.analyze("a.flyte");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->hasSyntaxErrors());
  std::vector<DocumentSymbol> symbols = documentSymbols(*a);
  expectNested(symbols);
  std::vector<std::string> got = names(symbols);
  for (const char *want : {"Stats", "Region"})
    EXPECT_NE(std::find(got.begin(), got.end(), want), got.end()) << want;
}

TEST(DocumentSymbols, TruncatedFilesNeverCrash) {
  std::string text = R"(import "x.flyte" as q
/// doc
@cache(version: "1")
task t(a: int, b: dataframe[id: int]) -> (c: int) { shell "{{a}}" }
workflow w(n: int) -> (o: int) {
  let (p, q2) = if n > 1 { t(a: n) } else { t(a: 0) }
  let xs = for i in [1] { let z = i
    z }
  return (o: p)
}
launchplan lp for w { default n: 1 }
test "t" { assert 1 == 1 }
)";
  TestWorkspace ws;
  for (size_t cut = 0; cut <= text.size(); cut += 3) {
    ws.open("a.flyte", text.substr(0, cut));
    auto a = ws.analyze("a.flyte");
    ASSERT_TRUE(a);
    expectNested(documentSymbols(*a));
  }
}

TEST(DocumentSymbols, Utf16Columns) {
  Annotated src("/* é 😀 */ record $name[[R]] { /* 😀 */ $f[[f]]: int }\n");
  TestWorkspace ws;
  ws.open("a.flyte", src.text());
  std::vector<DocumentSymbol> symbols = documentSymbols(*ws.analyze("a.flyte"));
  ASSERT_EQ(symbols.size(), 1u);
  EXPECT_EQ(symbols[0].selectionRange, src.range("name"));
  EXPECT_EQ(symbols[0].selectionRange.start.character, 18u); // é is one unit, 😀 two
  ASSERT_EQ(symbols[0].children.size(), 1u);
  EXPECT_EQ(symbols[0].children[0].selectionRange, src.range("f"));
}

} // namespace
} // namespace flytec::ide::test
