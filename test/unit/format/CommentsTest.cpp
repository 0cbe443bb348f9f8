// Where comments end up: every test formats a small input, compares the
// whole output, and formats the output again to see that nothing moves.
#include "format/Formatter.h"

#include <gtest/gtest.h>

using namespace flytec::format;

namespace {

/// The formatted text; fails the test when formatting fails or when a
/// second pass changes anything.
std::string fmt(const std::string &input) {
  FormatResult first = formatText("t.flyte", input);
  EXPECT_TRUE(first.ok) << first.error;
  FormatResult second = formatText("t.flyte", first.text);
  EXPECT_TRUE(second.ok) << second.error;
  EXPECT_EQ(first.text, second.text) << "not idempotent";
  return first.text;
}

TEST(Comments, TrailingCommentAfterACallDoesNotBreakIt) {
  EXPECT_EQ(fmt("workflow w() {\n  let x = f(a: 1, b: 2)   // why\n}\n"),
            "workflow w() {\n  let x = f(a: 1, b: 2) // why\n}\n");
}

TEST(Comments, TrailingCommentAfterAnInlineForDoesNotBreakIt) {
  EXPECT_EQ(fmt("workflow w() {\n  let t = for r in xs { f(r: r) } // per region\n}\n"),
            "workflow w() {\n  let t = for r in xs { f(r: r) } // per region\n}\n");
}

TEST(Comments, CommentInsideAnInlineBlockBreaksIt) {
  EXPECT_EQ(fmt("workflow w() {\n  let t = for r in xs { f(r: r) // each\n  }\n}\n"),
            "workflow w() {\n  let t = for r in xs {\n    f(r: r) // each\n  }\n}\n");
}

TEST(Comments, CommentBeforeAClosingBraceStaysInside) {
  EXPECT_EQ(fmt("workflow w() {\n  let x = 1\n// done\n}\n"), "workflow w() {\n  let x = 1\n  // done\n}\n");
  EXPECT_EQ(fmt("record R {\n  a: int\n\n  // more later\n}\n"), "record R {\n  a: int\n\n  // more later\n}\n");
}

TEST(Comments, CommentsInEmptyBrackets) {
  EXPECT_EQ(fmt("workflow w() {\n  // nothing yet\n}\n"), "workflow w() {\n  // nothing yet\n}\n");
  EXPECT_EQ(fmt("workflow w() {\n  let x = f( // none\n  )\n}\n"), "workflow w() {\n  let x = f( // none\n  )\n}\n");
  EXPECT_EQ(fmt("workflow w() {\n  let x = [\n    // none\n  ]\n}\n"),
            "workflow w() {\n  let x = [\n    // none\n  ]\n}\n");
  EXPECT_EQ(fmt("task t() {\n  // no body yet\n}\n"), "task t() {\n  // no body yet\n}\n");
}

TEST(Comments, CommentBetweenListItemsStaysWithItsItem) {
  EXPECT_EQ(fmt("workflow w() {\n  let x = [a, // first\n  // second's\n  b]\n}\n"),
            "workflow w() {\n  let x = [\n    a, // first\n    // second's\n    b,\n  ]\n}\n");
}

TEST(Comments, CommentAfterAnOpeningParenthesis) {
  EXPECT_EQ(fmt("workflow w() {\n  let x = f( // args\n    a: 1)\n}\n"),
            "workflow w() {\n  let x = f( // args\n    a: 1,\n  )\n}\n");
}

TEST(Comments, CommentAfterASemicolonStaysOnItsLine) {
  EXPECT_EQ(fmt("workflow w() {\n  let x = 1; // one\n  let y = 2\n}\n"),
            "workflow w() {\n  let x = 1 // one\n  let y = 2\n}\n");
}

TEST(Comments, BlockCommentsBetweenTokensStayBetweenThem) {
  EXPECT_EQ(fmt("workflow w() {\n  let x = f(/* a */ 1, b: /* b */ 2) /* c */ /* d */\n}\n"),
            "workflow w() {\n  let x = f(/* a */ 1, b: /* b */ 2) /* c */ /* d */\n}\n");
  EXPECT_EQ(fmt("/* lead */ task t() {}\n"), "/* lead */ task t() {}\n");
}

TEST(Comments, MultiLineBlockCommentIsKeptAsWritten) {
  EXPECT_EQ(fmt("workflow w() {\n    /* one  \n       two */\n  let x = 1\n}\n"),
            "workflow w() {\n  /* one  \n       two */\n  let x = 1\n}\n");
}

TEST(Comments, CommentBetweenBraceAndElse) {
  EXPECT_EQ(fmt("workflow w() {\n  let x = if c { 1 } // then\n  else { 2 }\n}\n"),
            "workflow w() {\n  let x = if c {\n    1\n  } else { // then\n    2\n  }\n}\n");
}

TEST(Comments, LeadingCommentDoesNotBreakTheStatementAfterIt) {
  EXPECT_EQ(fmt("workflow w() {\n  // log each\n  for r in xs { log(r: r) }\n  // or not\n  if c { 1 } else { 2 }\n}\n"),
            "workflow w() {\n  // log each\n  for r in xs { log(r: r) }\n  // or not\n  if c { 1 } else { 2 }\n}\n");
}

TEST(Comments, OwnLineCommentBeforeAValueIsIndented) {
  EXPECT_EQ(fmt("workflow w() {\n  let x =\n// why\n    1\n}\n"), "workflow w() {\n  let x =\n    // why\n    1\n}\n");
}

TEST(Comments, DocCommentsStayAttached) {
  // The safety net compares the doc text of every declaration, parameter,
  // field and member, so these would fail to format if a doc moved.
  EXPECT_EQ(fmt("/// T.\ntask t(\n/// the a\na: int, /// after a\nb: int) {}\nenum E {\n/// A's\nA, B }\n"),
            "/// T.\ntask t(\n  /// the a\n  a: int, /// after a\n  b: int,\n) {}\n\nenum E {\n  /// A's\n  A,\n  B,\n}\n");
}

TEST(Comments, CommentsBetweenDecoratorsAndDeclaration) {
  EXPECT_EQ(fmt("@retries(2) // two\n// then\ntask t() {}\n"), "@retries(2) // two\n// then\ntask t() {}\n");
}

TEST(Comments, CommentsAtTheEndOfTheFile) {
  EXPECT_EQ(fmt("task t() {}\n\n\n// the end"), "task t() {}\n\n// the end\n");
  EXPECT_EQ(fmt("task t() {} // t\n// next\n"), "task t() {} // t\n// next\n");
}

TEST(Comments, FilesWithoutDeclarations) {
  EXPECT_EQ(fmt(""), "");
  EXPECT_EQ(fmt("\n\n"), "");
  EXPECT_EQ(fmt("// only\n\n\n/* a comment */\n"), "// only\n\n/* a comment */\n");
}

TEST(Comments, BlankLinesAroundComments) {
  EXPECT_EQ(fmt("workflow w() {\n  let a = 1 // a\n\n\n  // b's\n\n\n  let b = 2\n}\n"),
            "workflow w() {\n  let a = 1 // a\n\n  // b's\n\n  let b = 2\n}\n");
}

TEST(Comments, CommentOrderIsKeptWhenATrailingCommentMovesToTheEndOfTheLine) {
  // Two line comments never end up on one line, where they would be one.
  EXPECT_EQ(fmt("workflow w() {\n  let x = 1 + // one\n    2 // two\n}\n"),
            "workflow w() {\n  let x = 1 + 2 // one\n  // two\n}\n");
}

} // namespace
