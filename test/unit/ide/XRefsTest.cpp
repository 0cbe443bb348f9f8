#include "Annotated.h"
#include "TestWorkspace.h"
#include "ide/Hover.h"
#include "ide/Rename.h"
#include "ide/XRefs.h"

#include <gtest/gtest.h>

namespace flytec::ide::test {
namespace {

TEST(XRefs, DefinitionOfTaskInputAndLocal) {
  Annotated src(R"src(
task $task[[double]](x: int) -> (y: int) {
  shell "echo $(( {{x}} * 2 )) > {{outputs.y}}"
}
workflow main($in[[n]]: int) -> (out: int) {
  let $let[[d]] = dou$call^ble(x: n$use^)
  return (out: d$d^)
}
)src");
  TestWorkspace ws;
  ws.open("a.flyte", src.text());
  auto a = ws.analyze("a.flyte");
  ASSERT_TRUE(a);
  ASSERT_TRUE(a->diagnostics().empty()) << a->diagnostics().front().message;
  auto defs = definition(*a, src.point("call"));
  ASSERT_EQ(defs.size(), 1u);
  EXPECT_EQ(defs[0].range, src.range("task"));
  defs = definition(*a, src.point("use"));
  ASSERT_EQ(defs.size(), 1u);
  EXPECT_EQ(defs[0].range, src.range("in"));
  defs = definition(*a, src.point("d"));
  ASSERT_EQ(defs.size(), 1u);
  EXPECT_EQ(defs[0].range, src.range("let"));
}

TEST(XRefs, ReferencesAcrossFiles) {
  Annotated lib(R"src(
module text
task [[shout]](s: string) -> (out: string) {
  python "outputs.out = s.upper()"
}
)src");
  Annotated app(R"src(
import "lib.flyte"
from "lib.flyte" import [[shout]]
workflow w() -> (a: string, b: string) {
  return (a: [[sh^out]](s: "x"), b: text.[[shout]](s: "y"))
}
)src");
  TestWorkspace ws;
  ws.write("lib.flyte", lib.text());
  ws.open("app.flyte", app.text());
  auto a = ws.analyze("app.flyte");
  ASSERT_TRUE(a);
  auto refs = references(ws.workspace(), *a, app.point(), /*includeDeclaration=*/true);
  ASSERT_EQ(refs.size(), 4u);
  EXPECT_EQ(refs[0].path, ws.pathOf("app.flyte"));
  EXPECT_EQ(refs[0].range, app.ranges()[0]);
  EXPECT_EQ(refs[3].path, ws.pathOf("lib.flyte"));
  EXPECT_EQ(refs[3].range, lib.range());
}

TEST(XRefs, HoverShowsSignatureAndDoc) {
  Annotated src(R"src(
/// Doubles a number.
task double(x: int = 2) -> (y: int) {
  shell "echo $(( {{x}} * 2 )) > {{outputs.y}}"
}
workflow main() -> (out: int) {
  return (out: dou^ble())
}
)src");
  TestWorkspace ws;
  ws.open("a.flyte", src.text());
  auto h = hover(*ws.analyze("a.flyte"), src.point());
  ASSERT_TRUE(h);
  EXPECT_NE(h->markdown.find("task double(x: int = 2) -> (y: int)"), std::string::npos) << h->markdown;
  EXPECT_NE(h->markdown.find("Doubles a number."), std::string::npos) << h->markdown;
}

TEST(XRefs, RenameWorkflowInputEverywhere) {
  Annotated src(R"src(
workflow inner([[n^]]: int) -> (out: int) {
  return (out: [[n]] + 1)
}
workflow outer() -> (out: int) {
  return (out: inner([[n]]: 2))
}
)src");
  TestWorkspace ws;
  std::string path = ws.open("a.flyte", src.text());
  auto a = ws.analyze("a.flyte");
  std::string error;
  auto edits = rename(ws.workspace(), *a, src.point(), "count", error);
  ASSERT_TRUE(edits) << error;
  ASSERT_EQ(edits->size(), 1u);
  std::vector<Range> got;
  for (const TextEdit &e : edits->at(path))
    got.push_back(e.range);
  EXPECT_EQ(got, src.ranges());
  EXPECT_FALSE(rename(ws.workspace(), *a, src.point(), "let", error));
  EXPECT_NE(error.find("not a valid name"), std::string::npos);
  EXPECT_FALSE(rename(ws.workspace(), *a, src.point(), "9x", error));
}

TEST(XRefs, RenameRefusesClash) {
  Annotated src(R"src(
task a^a() -> (y: int) { shell "echo 1 > {{outputs.y}}" }
task bb() -> (y: int) { shell "echo 2 > {{outputs.y}}" }
)src");
  TestWorkspace ws;
  ws.open("a.flyte", src.text());
  std::string error;
  EXPECT_FALSE(rename(ws.workspace(), *ws.analyze("a.flyte"), src.point(), "bb", error));
  EXPECT_NE(error.find("already declared"), std::string::npos) << error;
}

TEST(XRefs, LaunchPlanCallsNameTheWorkflowsInputsAndOutputs) {
  Annotated src(R"src(
workflow report([[ro^ws]]: int) -> ([[total]]: int, c: int) {
  return ([[total]]: [[rows]], c: 1)
}
launchplan nightly for report {
  default [[rows]]: 1000
}
workflow main() -> (out: int) {
  let r = nightly([[rows]]: 5)
  return (out: r.[[total]])
}
)src");
  TestWorkspace ws;
  std::string path = ws.open("a.flyte", src.text());
  auto a = ws.analyze("a.flyte");
  ASSERT_TRUE(a->diagnostics().empty()) << a->diagnostics().front().message;
  std::string error;
  auto edits = rename(ws.workspace(), *a, src.point(), "count", error);
  ASSERT_TRUE(edits) << error;
  std::vector<Range> got;
  for (const TextEdit &e : edits->at(path))
    got.push_back(e.range);
  std::vector<Range> want = src.ranges();
  // `rows` everywhere; the outputs are another symbol.
  std::vector<Range> rows = {want[0], want[3], want[4], want[5]};
  EXPECT_EQ(got, rows);
  auto refs = references(ws.workspace(), *a, want[1].start, /*includeDeclaration=*/true);
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs[2].range, want[6]);
}

TEST(XRefs, RenameRefusesToShadowADeclaration) {
  Annotated src(R"src(
task t(x: int) -> (y: int) { shell "echo {{x}} > {{outputs.y}}" }
workflow w(n: int) -> (out: int) {
  let ^a = n + 1
  return (out: t(x: a))
}
)src");
  TestWorkspace ws;
  ws.open("a.flyte", src.text());
  std::string error;
  EXPECT_FALSE(rename(ws.workspace(), *ws.analyze("a.flyte"), src.point(), "t", error));
  EXPECT_NE(error.find("already declared"), std::string::npos) << error;
  EXPECT_FALSE(rename(ws.workspace(), *ws.analyze("a.flyte"), src.point(), "len", error));
  EXPECT_NE(error.find("standard function"), std::string::npos) << error;
}

TEST(XRefs, RenameChecksTheFilesThatImportTheDeclaration) {
  TestWorkspace ws;
  Annotated lib(R"src(
task dou^ble(x: int) -> (y: int) { shell "echo {{x}} > {{outputs.y}}" }
)src");
  ws.write("lib.flyte", lib.text());
  ws.write("app.flyte", R"src(
from "lib.flyte" import double
task b() -> (y: int) { shell "echo 1 > {{outputs.y}}" }
workflow w() -> (out: int) { return (out: double(x: 1)) }
)src");
  std::string error;
  EXPECT_FALSE(rename(ws.workspace(), *ws.analyze("lib.flyte"), lib.point(), "b", error));
  EXPECT_NE(error.find("'b'"), std::string::npos) << error;
  EXPECT_TRUE(rename(ws.workspace(), *ws.analyze("lib.flyte"), lib.point(), "triple", error)) << error;
}

TEST(XRefs, OutputsOfACallChosenByABranch) {
  Annotated src(R"src(
task t(x: int) -> ([[y^]]: int, z: int) { shell "echo {{x}} > {{outputs.[[y]]}}; echo 1 > {{outputs.z}}" }
workflow w(n: int) -> (out: int) {
  let b = if n > 1 { t(x: 1) } else { t(x: 2) }
  return (out: b.[[y]])
}
)src");
  TestWorkspace ws;
  ws.open("a.flyte", src.text());
  auto a = ws.analyze("a.flyte");
  ASSERT_TRUE(a->diagnostics().empty()) << a->diagnostics().front().message;
  auto refs = references(ws.workspace(), *a, src.point(), /*includeDeclaration=*/true);
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs[2].range, src.ranges()[2]);
}

} // namespace
} // namespace flytec::ide::test
