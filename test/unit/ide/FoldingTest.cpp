#include <gtest/gtest.h>

#include "TestWorkspace.h"
#include "ide/Folding.h"

#include <fmt/format.h>

namespace flytec::ide::test {
namespace {

/// "start-end kind" per range, lines counted from 0.
std::vector<std::string> folds(TestWorkspace &ws, llvm::StringRef text) {
  ws.open("a.flyte", text);
  auto a = ws.analyze("a.flyte");
  std::vector<std::string> out;
  for (const FoldingRange &r : foldingRanges(*a)) {
    EXPECT_LT(r.startLine, r.endLine);
    out.push_back(fmt::format("{}-{}{}", r.startLine, r.endLine, r.kind.empty() ? "" : " " + r.kind));
  }
  return out;
}

using Folds = std::vector<std::string>;

TEST(Folding, BlocksKeepTheirClosingLineVisible) {
  TestWorkspace ws;
  EXPECT_EQ(folds(ws, R"(record R {
  a: int
  b: int
}
enum E { A, B }
task t(x: int) -> (y: int) {
  shell "echo {{x}} > {{outputs.y}}"
}
workflow w(
  n: int,
  m: int
) -> (o: int) {
  let r = if n > 1 {
    t(x: n)
  } else {
    t(x: m)
  }
  let xs = [1,
            2]
  return (o: r)
}
)"),
            (Folds{"0-2", "5-6", "8-10", "11-19", "12-13", "14-15", "17-18"}));
}

TEST(Folding, CommentsImportsAndScripts) {
  TestWorkspace ws;
  EXPECT_EQ(folds(ws, R"(// Two lines é
// of comment 😀
import "a.flyte"
import "b.flyte" as b
from "c.flyte" import X,
  Y
/// A doc comment
/// over three
/// lines.
task t() {
  shell """
    echo one
    echo two
  """
}
/* a block
   comment */
// one line alone
task u() { shell "x" } // trailing
// is not a run
)"),
            (Folds{"0-1 comment", "2-5 imports", "6-8 comment", "9-13", "10-12", "15-16 comment"}));
}

TEST(Folding, BrokenFilesFoldWhatTheyCan) {
  TestWorkspace ws;
  // An unclosed parenthesis inside a block, a stray closer, an unclosed block
  // at the end (not folded) with an unterminated script (folded to the end).
  EXPECT_EQ(folds(ws, R"(workflow w(n: int) -> (o: int) {
  let a = f(x: n
  let b = [1,
    2]
  return (o: b)
}
)
task t() {
  shell """
    echo
)"),
            (Folds{"0-4", "2-3", "8-10"}));
}

TEST(Folding, TruncatedFilesNeverCrash) {
  std::string text = R"(// c1
// c2
import "x.flyte"
import "y.flyte"
/// doc
task t(a: int,
       b: int) -> (c: int) {
  shell """
    echo {{a}}
  """
}
/* block
*/
workflow w(n: int) -> (o: int) {
  let r = if n > 1 { t(a: n, b: 1) } else {
    t(a: 0, b: 2) }
  return (o: r)
}
)";
  TestWorkspace ws;
  for (size_t cut = 0; cut <= text.size(); cut += 2)
    folds(ws, text.substr(0, cut));
}

} // namespace
} // namespace flytec::ide::test
