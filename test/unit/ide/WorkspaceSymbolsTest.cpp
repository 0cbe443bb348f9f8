#include <gtest/gtest.h>

#include "Annotated.h"
#include "TestWorkspace.h"
#include "ide/WorkspaceSymbols.h"

#include <fmt/format.h>

#include <chrono>

namespace flytec::ide::test {
namespace {

std::vector<std::string> names(const std::vector<WorkspaceSymbol> &symbols) {
  std::vector<std::string> out;
  for (const WorkspaceSymbol &s : symbols)
    out.push_back(s.name);
  return out;
}

const char *kTask = "(x: int) -> (y: int) {\n  shell \"echo {{x}} > {{outputs.y}}\"\n}\n";

TEST(WorkspaceSymbols, MatchQuality) {
  EXPECT_EQ(matchQuality("", "anything"), MatchQuality::Exact);
  EXPECT_EQ(matchQuality("Train", "train"), MatchQuality::Exact);
  EXPECT_EQ(matchQuality("tra", "TrainAll"), MatchQuality::Prefix);
  EXPECT_EQ(matchQuality("rain", "train"), MatchQuality::Substring);
  EXPECT_EQ(matchQuality("tal", "train_all"), MatchQuality::Subsequence);
  EXPECT_EQ(matchQuality("TAL", "train_all"), MatchQuality::Subsequence);
  EXPECT_EQ(matchQuality("lat", "train_all"), MatchQuality::None);
  EXPECT_EQ(matchQuality("trains", "train"), MatchQuality::None);
}

TEST(WorkspaceSymbols, RankedFuzzyMatches) {
  TestWorkspace ws;
  ws.write("b.flyte", fmt::format("module shop.b\ntask train_all{}task pretrain{}record Train {{ x: int }}\n", kTask,
                                  kTask));
  ws.write("a.flyte", fmt::format("task transform_input{}task train{}enum Colour {{ Red }}\n", kTask, kTask));
  WorkspaceSymbolIndex index;
  std::vector<WorkspaceSymbol> found = index.query(ws.workspace(), "train");
  // Exact (both, by path), prefix, substring, subsequence.
  EXPECT_EQ(names(found), (std::vector<std::string>{"train", "Train", "train_all", "pretrain", "transform_input"}));
  ASSERT_EQ(found.size(), 5u);
  EXPECT_EQ(found[0].path, ws.pathOf("a.flyte"));
  EXPECT_EQ(found[0].containerName, "a");
  EXPECT_EQ(found[0].kind, OutlineKind::Task);
  EXPECT_EQ(found[1].path, ws.pathOf("b.flyte"));
  EXPECT_EQ(found[1].containerName, "shop.b");
  EXPECT_EQ(found[1].kind, OutlineKind::Record);

  EXPECT_EQ(names(index.query(ws.workspace(), "COL")), (std::vector<std::string>{"Colour"}));
  EXPECT_TRUE(index.query(ws.workspace(), "zzz").empty());
  // An empty query lists everything, shortest names first; the limit cuts.
  EXPECT_EQ(index.query(ws.workspace(), "").size(), 6u);
  EXPECT_EQ(names(index.query(ws.workspace(), "", 2)), (std::vector<std::string>{"train", "Train"}));
}

TEST(WorkspaceSymbols, EveryKindOfDeclarationAndNameRanges) {
  Annotated src(R"(/* é😀 */ import "b.flyte"
record $rec[[R]] { x: int }
type $alias[[A]] = int
workflow $wf[[w]]() {}
dynamic $dyn[[d]]() {}
launchplan $lp[[lp]] for w {}
test $test[["a test"]] { assert true }
)");
  TestWorkspace ws;
  ws.open("a.flyte", src.text());
  std::vector<WorkspaceSymbol> found = workspaceSymbols(ws.workspace(), "");
  ASSERT_EQ(found.size(), 6u); // not the import
  auto find = [&](llvm::StringRef name) -> const WorkspaceSymbol & {
    for (const WorkspaceSymbol &s : found)
      if (s.name == name)
        return s;
    throw std::logic_error("no symbol " + name.str());
  };
  EXPECT_EQ(find("R").range, src.range("rec"));
  EXPECT_EQ(find("R").kind, OutlineKind::Record);
  EXPECT_EQ(find("A").kind, OutlineKind::Alias);
  EXPECT_EQ(find("A").range, src.range("alias"));
  EXPECT_EQ(find("w").kind, OutlineKind::Workflow);
  EXPECT_EQ(find("d").kind, OutlineKind::DynamicWorkflow);
  EXPECT_EQ(find("lp").kind, OutlineKind::LaunchPlan);
  EXPECT_EQ(find("lp").range, src.range("lp"));
  EXPECT_EQ(find("a test").kind, OutlineKind::Test);
  EXPECT_EQ(find("a test").range, src.range("test"));
}

TEST(WorkspaceSymbols, UnicodeBeforeTheName) {
  Annotated src("/* é 😀 */ task $t[[uni]]() {}\n/* 😀 */ task $u[[plain]]() {}\n");
  TestWorkspace ws;
  ws.open("a.flyte", src.text());
  std::vector<WorkspaceSymbol> found = workspaceSymbols(ws.workspace(), "plain");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].range, src.range("u"));
  EXPECT_EQ(found[0].range.start.character, 14u); // 😀 counts two
}

TEST(WorkspaceSymbols, SyntaxErrorsKeepWhatParsed) {
  TestWorkspace ws;
  ws.open("a.flyte", fmt::format("task good{}task bad(x: int -> (y: int) {{\nworkflow w() {{ let = }}\nrecord Later {{ x: int }}\n",
                                 kTask));
  std::vector<std::string> got = names(workspaceSymbols(ws.workspace(), ""));
  for (const char *want : {"good", "Later"})
    EXPECT_NE(std::find(got.begin(), got.end(), want), got.end()) << want;
}

TEST(WorkspaceSymbols, ParsesOnlyWhatChanged) {
  TestWorkspace ws;
  ws.write("a.flyte", fmt::format("task one{}", kTask));
  ws.write("b.flyte", fmt::format("task two{}", kTask));
  std::string c = ws.open("c.flyte", fmt::format("task three{}", kTask));
  WorkspaceSymbolIndex index;
  EXPECT_EQ(index.query(ws.workspace(), "").size(), 3u);
  EXPECT_EQ(index.parses(), 3u);
  EXPECT_EQ(index.query(ws.workspace(), "t").size(), 2u);
  EXPECT_EQ(index.parses(), 3u);

  std::string error;
  ASSERT_TRUE(ws.workspace().change(c, {TextChange{std::nullopt, fmt::format("task four{}", kTask)}}, 2, error));
  EXPECT_EQ(names(index.query(ws.workspace(), "four")), (std::vector<std::string>{"four"}));
  EXPECT_EQ(index.parses(), 4u);
  // A change that leaves the text as it was parses nothing.
  ASSERT_TRUE(ws.workspace().change(c, {TextChange{std::nullopt, fmt::format("task four{}", kTask)}}, 3, error));
  index.query(ws.workspace(), "four");
  EXPECT_EQ(index.parses(), 4u);

  ws.write("b.flyte", fmt::format("task deux{}", kTask)); // tells the workspace
  EXPECT_EQ(names(index.query(ws.workspace(), "deux")), (std::vector<std::string>{"deux"}));
  EXPECT_TRUE(index.query(ws.workspace(), "two").empty());
  EXPECT_EQ(index.parses(), 5u);

  ws.workspace().close(c); // not on disk: leaves the workspace
  EXPECT_TRUE(index.query(ws.workspace(), "four").empty());

  ws.workspace().setRoots({}); // nothing left
  EXPECT_TRUE(index.query(ws.workspace(), "").empty());
}

TEST(WorkspaceSymbols, SecondQueryOverFiveHundredFilesIsFast) {
  TestWorkspace ws;
  for (int i = 0; i < 500; ++i) {
    std::string text;
    for (int j = 0; j < 8; ++j)
      text += fmt::format("/// Task {} of file {}.\ntask step_{}_{}{}", j, i, i, j, kTask);
    text += fmt::format("record Row{} {{ a: int\n b: string }}\nworkflow flow_{}(x: int) -> (y: int) {{\n"
                        "  let a = step_{}_0(x: x)\n  return (y: a)\n}}\n",
                        i, i, i);
    ws.write(fmt::format("dir{}/f{}.flyte", i % 10, i), text);
  }
  WorkspaceSymbolIndex index;
  EXPECT_EQ(index.query(ws.workspace(), "flow_1").front().name, "flow_1");
  EXPECT_EQ(index.parses(), 500u);
  auto start = std::chrono::steady_clock::now();
  std::vector<WorkspaceSymbol> found = index.query(ws.workspace(), "stp37");
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(index.parses(), 500u);
  EXPECT_FALSE(found.empty());
  EXPECT_LT(ms, 20.0);
  // After an edit elsewhere only the edited file is parsed again.
  std::string open = ws.open("dir0/f0.flyte", fmt::format("task edited{}", kTask));
  start = std::chrono::steady_clock::now();
  EXPECT_EQ(names(index.query(ws.workspace(), "edited")), (std::vector<std::string>{"edited"}));
  ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(index.parses(), 501u);
  EXPECT_LT(ms, 50.0);
}

} // namespace
} // namespace flytec::ide::test
