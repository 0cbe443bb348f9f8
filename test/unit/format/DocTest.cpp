// The layout engine: groups that fit stay flat, the outermost group that
// does not fit breaks first, if-break for trailing commas, line suffixes
// for trailing comments, forced breaks, indentation and marks.
#include "format/Doc.h"

#include <gtest/gtest.h>

using namespace flytec::format;

namespace {

/// `name(a, b, ...)` as a group: broken, one argument a line with a
/// trailing comma.
DocId call(DocArena &d, llvm::StringRef name, const std::vector<DocId> &args) {
  std::vector<DocId> inner{d.softline()};
  for (size_t i = 0; i < args.size(); ++i) {
    if (i)
      inner.insert(inner.end(), {d.text(","), d.line()});
    inner.push_back(args[i]);
  }
  inner.push_back(d.ifBreak(d.text(","), d.empty()));
  return d.group(d.concat({d.text(name), d.text("("), d.indent(d.concat(inner)), d.softline(), d.text(")")}));
}

std::string print(DocArena &d, DocId root, unsigned width) { return printDoc(d, root, width, 2); }

TEST(Doc, GroupThatFitsStaysFlat) {
  DocArena d;
  DocId doc = call(d, "f", {d.text("a: 1"), d.text("b: 2")});
  EXPECT_EQ(print(d, doc, 80), "f(a: 1, b: 2)");
  EXPECT_EQ(print(d, doc, 13), "f(a: 1, b: 2)"); // exactly the width
}

TEST(Doc, GroupThatDoesNotFitBreaksWithTrailingComma) {
  DocArena d;
  DocId doc = call(d, "f", {d.text("a: 1"), d.text("b: 2")});
  EXPECT_EQ(print(d, doc, 12), "f(\n  a: 1,\n  b: 2,\n)");
}

TEST(Doc, OuterGroupBreaksFirst) {
  DocArena d;
  DocId inner = call(d, "g", {d.text("x"), d.text("y")});
  DocId doc = call(d, "f", {inner, d.text("zzzzzzzzzz")});
  EXPECT_EQ(print(d, doc, 20), "f(\n  g(x, y),\n  zzzzzzzzzz,\n)");
  EXPECT_EQ(print(d, doc, 7), "f(\n  g(\n    x,\n    y,\n  ),\n  zzzzzzzzzz,\n)");
}

TEST(Doc, FitsLooksAheadToTheNextPossibleBreak) {
  // `f(a)` fits in 6 columns only without the text after it on its line.
  DocArena d;
  DocId doc = d.concat({call(d, "f", {d.text("a")}), d.text(" {"), d.hardline(), d.text("}")});
  EXPECT_EQ(print(d, doc, 6), "f(a) {\n}");
  EXPECT_EQ(print(d, doc, 5), "f(\n  a,\n) {\n}");
}

TEST(Doc, HardLineBreaksEveryEnclosingGroup) {
  DocArena d;
  DocId body = d.concat({d.text("{"), d.indent(d.concat({d.line(), d.text("x"), d.hardline(), d.text("y")})),
                         d.line(), d.text("}")});
  DocId doc = d.group(d.concat({d.text("outer "), d.group(body)}));
  EXPECT_EQ(print(d, doc, 80), "outer {\n  x\n  y\n}");
}

TEST(Doc, BreakParentBreaksWithoutPrinting) {
  DocArena d;
  DocId doc = d.group(d.concat({d.text("["), d.indent(d.concat({d.softline(), d.text("a")})), d.breakParent(),
                                d.softline(), d.text("]")}));
  EXPECT_EQ(print(d, doc, 80), "[\n  a\n]");
}

TEST(Doc, LineSuffixWaitsForTheEndOfTheLine) {
  DocArena d;
  DocId doc = d.concat({d.text("a"), d.lineSuffix(d.text("// why")), d.text(","), d.text(" b"), d.hardline(),
                        d.text("c")});
  EXPECT_EQ(print(d, doc, 80), "a, b // why\nc");
}

TEST(Doc, LineCommentSuffixesDoNotShareALine) {
  // `a // one` then `/* two */` on the same line would be one comment.
  DocArena d;
  DocId doc = d.concat({d.text("a"), d.lineSuffix(d.text("// one"), /*endsLine=*/true),
                        d.lineSuffix(d.text("/* two */")), d.lineSuffix(d.text("// three"), true), d.hardline(),
                        d.text("b")});
  EXPECT_EQ(print(d, doc, 80), "a // one\n/* two */\n// three\nb");
}

TEST(Doc, LineSuffixAtTheEndOfTheDocument) {
  DocArena d;
  DocId doc = d.concat({d.text("a"), d.lineSuffix(d.text("// end"))});
  EXPECT_EQ(print(d, doc, 80), "a // end");
}

TEST(Doc, LineSuffixDoesNotCountTowardsTheWidth) {
  DocArena d;
  DocId doc = d.concat({call(d, "f", {d.text("a")}), d.lineSuffix(d.text("// a long comment"))});
  EXPECT_EQ(print(d, doc, 6), "f(a) // a long comment");
}

TEST(Doc, MarkAfterLineSuffixes) {
  DocArena d;
  unsigned begin = 0, end = 0;
  DocId doc = d.concat({d.text("x"), d.mark(begin), d.text("abc"), d.lineSuffix(d.text("// c")), d.mark(end),
                        d.hardline(), d.text("y")});
  std::vector<size_t> marks;
  std::string out = printDoc(d, doc, 80, 2, &marks);
  EXPECT_EQ(out, "xabc // c\ny");
  EXPECT_EQ(marks[begin], 1u);
  EXPECT_EQ(marks[end], 9u);
}

TEST(Doc, NoTrailingSpaces) {
  DocArena d;
  DocId doc = d.concat({d.text("let x = "), d.hardline(), d.indent(d.concat({d.hardline(), d.hardline()})),
                        d.text("1")});
  EXPECT_EQ(print(d, doc, 80), "let x =\n\n\n  1");
}

TEST(Doc, FreshLineOnlyWhenTheLineHasText) {
  DocArena d;
  DocId comment = d.concat({d.freshline(), d.text("// c"), d.hardline()});
  DocId doc = d.concat({d.text("a"), comment, d.text("b"), d.hardline(), comment, d.text("c")});
  EXPECT_EQ(print(d, doc, 80), "a\n// c\nb\n// c\nc");
}

TEST(Doc, IndentAppliesAfterLineBreaks) {
  DocArena d;
  DocId doc = d.concat({d.text("{"), d.indent(d.concat({d.hardline(), d.text("a"),
                                                         d.indent(d.concat({d.hardline(), d.text("b")}))})),
                        d.hardline(), d.text("}")});
  EXPECT_EQ(printDoc(d, doc, 80, 4), "{\n    a\n        b\n}");
}

TEST(Doc, BlockLinesFollowTheLineTheyStartOn) {
  DocArena d;
  std::vector<BlockLine> lines{d.blockLine("\"\"\"", 0), d.blockLine("SELECT 1", 2), d.blockLine("", 0),
                               d.blockLine("  FROM t   ", 2), d.blockLine("\"\"\"", 0)};
  DocId doc = d.concat({d.text("{"), d.indent(d.concat({d.hardline(), d.text("sql "), d.blockLines(lines)})),
                        d.hardline(), d.text("}")});
  // Content lines keep their trailing blanks (they are part of the string).
  EXPECT_EQ(print(d, doc, 80), "{\n  sql \"\"\"\n    SELECT 1\n\n      FROM t   \n  \"\"\"\n}");
}

TEST(Doc, MultiLineTextForcesBreaksAndKeepsItsLines) {
  DocArena d;
  DocId doc = call(d, "f", {d.text("/* a  \n   b */"), d.text("x")});
  EXPECT_EQ(print(d, doc, 80), "f(\n  /* a  \n   b */,\n  x,\n)");
}

TEST(Doc, WidthCountsCharactersNotBytes) {
  DocArena d;
  DocId doc = call(d, "f", {d.text("\"héllo\""), d.text("\"wörld\"")});
  EXPECT_EQ(print(d, doc, 20), "f(\"héllo\", \"wörld\")");
}

TEST(Doc, SlotsAreFilledAfterTheFact) {
  DocArena d;
  DocId slot = d.slot();
  DocId doc = d.concat({d.text("a"), slot, d.text(" b")});
  d.fill(slot, d.text(" /* x */"));
  d.fill(slot, d.text(" /* y */"));
  EXPECT_EQ(print(d, doc, 80), "a /* x */ /* y */ b");
}

TEST(Doc, DebugForm) {
  DocArena d;
  DocId doc = d.group(d.concat({d.text("a"), d.line(), d.ifBreak(d.text(","), d.empty())}));
  EXPECT_EQ(debugDoc(d, doc), "group([\"a\", line, ifBreak(\",\", [])])");
}

} // namespace
