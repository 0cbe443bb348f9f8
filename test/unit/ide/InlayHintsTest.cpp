#include <gtest/gtest.h>

#include "Annotated.h"
#include "TestWorkspace.h"
#include "ide/InlayHints.h"

namespace flytec::ide::test {
namespace {

const Range kAll{{0, 0}, {1000, 0}};

/// "line:column label" per hint.
std::vector<std::string> labels(const std::vector<InlayHint> &hints) {
  std::vector<std::string> out;
  for (const InlayHint &h : hints) {
    EXPECT_EQ(h.kind, InlayHint::Type);
    out.push_back(std::to_string(h.position.line) + ":" + std::to_string(h.position.character) + " " + h.label);
  }
  return out;
}

using Labels = std::vector<std::string>;

std::string at(const Annotated &src, llvm::StringRef point, llvm::StringRef label) {
  Position p = src.point(point);
  return std::to_string(p.line) + ":" + std::to_string(p.character) + " " + label.str();
}

TEST(InlayHints, LetsDestructuringAndLoopVariables) {
  Annotated src(R"(
record Stats { rows: int }
enum Region { US, EU }
task split(x: int) -> (lo: int, hi: float) {
  shell "echo {{x}} > {{outputs.lo}}; echo 1.5 > {{outputs.hi}}"
}
workflow w(regions: list[Region], n: int) -> (o: int) {
  let a$a^ = n + 1
  let (lo$lo^, hi$hi^) = split(x: a)
  let both$both^ = split(x: 2)
  let rs$rs^ = for r$r^ in regions {
    let s$s^ = Stats { rows: lo }
    s
  }
  let label$label^ = if a > 1 { let t$t^ = "big"
    t } else { "small" }
  return (o: lo)
}
test "hints in tests too" {
  let v$v^ = [1, 2]
}
)");
  TestWorkspace ws;
  ws.open("a.flyte", src.text());
  auto a = ws.analyze("a.flyte");
  for (const Diagnostic &d : a->diagnostics())
    EXPECT_NE(d.severity, Severity::Error) << d.message;
  std::vector<InlayHint> hints = inlayHints(*a, kAll);
  EXPECT_EQ(labels(hints), (Labels{at(src, "a", ": int"), at(src, "lo", ": int"), at(src, "hi", ": float"),
                                   at(src, "both", ": (lo: int, hi: float)"), at(src, "rs", ": list[Stats]"),
                                   at(src, "r", ": Region"), at(src, "s", ": Stats"),
                                   at(src, "label", ": string"), at(src, "t", ": string"),
                                   at(src, "v", ": list[int]")}));
  for (const InlayHint &h : hints) {
    EXPECT_FALSE(h.paddingLeft);
    EXPECT_FALSE(h.paddingRight);
  }
}

TEST(InlayHints, OnlyWithinTheRange) {
  Annotated src(R"(workflow w(n: int) -> (o: int) {
  let a = n
[[  let b$b^ = n
  let c$c^ = n
]]  let d = n
  return (o: a + b + c + d)
}
)");
  TestWorkspace ws;
  ws.open("a.flyte", src.text());
  EXPECT_EQ(labels(inlayHints(*ws.analyze("a.flyte"), src.range())),
            (Labels{at(src, "b", ": int"), at(src, "c", ": int")}));
}

TEST(InlayHints, NoneForErrorTypes) {
  Annotated src(R"(workflow w(n: int) -> (o: int) {
  let a = undefined_name + 1
  let b = n + "text"
  let c$c^ = n
  return (o: c)
}
)");
  TestWorkspace ws;
  ws.open("a.flyte", src.text());
  EXPECT_EQ(labels(inlayHints(*ws.analyze("a.flyte"), kAll)), (Labels{at(src, "c", ": int")}));
}

TEST(InlayHints, Utf16Columns) {
  Annotated src("workflow w() -> (o: string) {\n  /* é😀 */ let s$s^ = \"😀\" let t$t^ = s\n  return (o: t)\n}\n");
  TestWorkspace ws;
  ws.open("a.flyte", src.text());
  std::vector<InlayHint> hints = inlayHints(*ws.analyze("a.flyte"), kAll);
  EXPECT_EQ(labels(hints), (Labels{at(src, "s", ": string"), at(src, "t", ": string")}));
  ASSERT_EQ(hints.size(), 2u);
  EXPECT_EQ(hints[0].position, (Position{1, 17})); // after `s`: é one unit, 😀 two
}

TEST(InlayHints, SyntaxErrorsKeepTheHintsThatAreKnown) {
  Annotated src(R"(workflow w(n: int) -> (o: int) {
  let a$a^ = n * 2
  let b = (n +
}
workflow ok() -> (o: int) {
  let c$c^ = 3
  return (o: c)
}
)");
  TestWorkspace ws;
  ws.open("a.flyte", src.text());
  auto a = ws.analyze("a.flyte");
  EXPECT_TRUE(a->hasSyntaxErrors());
  std::vector<std::string> got = labels(inlayHints(*a, kAll));
  EXPECT_NE(std::find(got.begin(), got.end(), at(src, "c", ": int")), got.end());
}

TEST(InlayHints, TruncatedFilesNeverCrash) {
  std::string text = R"(workflow w(xs: list[int]) -> (o: int) {
  let (p, q) = if xs[0] > 1 { (a: 1, b: 2) } else { (a: 3, b: 4) }
  let ys = for x in xs { let z = x * 2
    z }
  return (o: p)
}
)";
  TestWorkspace ws;
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    ws.open("a.flyte", text.substr(0, cut));
    inlayHints(*ws.analyze("a.flyte"), kAll);
  }
}

} // namespace
} // namespace flytec::ide::test
