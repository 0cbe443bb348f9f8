// Literal decoding: integers, floats, durations, sizes, strings.
#include "parse/Literals.h"

#include <gtest/gtest.h>

using namespace flytec::parse;

namespace {

TEST(Literals, Integers) {
  int64_t v = 0;
  std::string err;
  EXPECT_TRUE(parseInteger("42", false, v, err));
  EXPECT_EQ(v, 42);
  EXPECT_TRUE(parseInteger("1_000_000", false, v, err));
  EXPECT_EQ(v, 1000000);
  EXPECT_TRUE(parseInteger("9223372036854775807", false, v, err));
  EXPECT_EQ(v, INT64_MAX);
  EXPECT_FALSE(parseInteger("9223372036854775808", false, v, err));
  EXPECT_NE(err.find("does not fit in 64 bits"), std::string::npos);
  EXPECT_TRUE(parseInteger("9223372036854775808", true, v, err));
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_FALSE(parseInteger("9223372036854775809", true, v, err));
  EXPECT_FALSE(parseInteger("99999999999999999999999", false, v, err));
}

TEST(Literals, Floats) {
  double v = 0;
  std::string err;
  EXPECT_TRUE(parseFloat("3.14", v, err));
  EXPECT_DOUBLE_EQ(v, 3.14);
  EXPECT_TRUE(parseFloat("1e-3", v, err));
  EXPECT_DOUBLE_EQ(v, 0.001);
  EXPECT_TRUE(parseFloat("1_000.5", v, err));
  EXPECT_DOUBLE_EQ(v, 1000.5);
  EXPECT_FALSE(parseFloat("1e999", v, err));
}

TEST(Literals, Durations) {
  int64_t ms = 0;
  std::string err;
  EXPECT_TRUE(parseDuration("250ms", ms, err));
  EXPECT_EQ(ms, 250);
  EXPECT_TRUE(parseDuration("30s", ms, err));
  EXPECT_EQ(ms, 30000);
  EXPECT_TRUE(parseDuration("5m", ms, err));
  EXPECT_EQ(ms, 300000);
  EXPECT_TRUE(parseDuration("2h", ms, err));
  EXPECT_EQ(ms, 7200000);
  EXPECT_TRUE(parseDuration("1d", ms, err));
  EXPECT_EQ(ms, 86400000);
  EXPECT_FALSE(parseDuration("9999999999999999d", ms, err));
}

TEST(Literals, Sizes) {
  int64_t b = 0;
  std::string err;
  EXPECT_TRUE(parseSize("512Mi", b, err));
  EXPECT_EQ(b, 512LL << 20);
  EXPECT_TRUE(parseSize("4Gi", b, err));
  EXPECT_EQ(b, 4LL << 30);
  EXPECT_TRUE(parseSize("4G", b, err));
  EXPECT_EQ(b, 4000000000LL);
  EXPECT_TRUE(parseSize("1K", b, err));
  EXPECT_EQ(b, 1000);
  EXPECT_TRUE(parseSize("2Ti", b, err));
  EXPECT_EQ(b, 2LL << 40);
  EXPECT_FALSE(parseSize("99999999Ti", b, err));
}

TEST(Literals, InvalidNumbersAreExplained) {
  EXPECT_NE(explainInvalidNumber("5x").find("unknown unit 'x'"), std::string::npos);
  EXPECT_NE(explainInvalidNumber("30sec").find("did you mean '30s'"), std::string::npos);
  EXPECT_NE(explainInvalidNumber("5min").find("did you mean '5m'"), std::string::npos);
  EXPECT_NE(explainInvalidNumber("4GB").find("did you mean '4G'"), std::string::npos);
  EXPECT_NE(explainInvalidNumber("4GiB").find("did you mean '4Gi'"), std::string::npos);
  EXPECT_NE(explainInvalidNumber("1.5h").find("whole number"), std::string::npos);
  EXPECT_NE(explainInvalidNumber("0x1F").find("decimal"), std::string::npos);
  EXPECT_NE(explainInvalidNumber("1_").find("separator"), std::string::npos);
  EXPECT_NE(explainInvalidNumber("1e").find("exponent"), std::string::npos);
}

std::string textOf(const DecodedString &d) {
  std::string out;
  for (const DecodedPart &p : d.parts)
    out += p.interpolation ? "<interp>" : p.text;
  return out;
}

TEST(Literals, PlainStringEscapes) {
  DecodedString d = decodeString(R"("a\nb\t\\ \" \{ \u{1F600} \u{41}")");
  EXPECT_TRUE(d.errors.empty());
  EXPECT_EQ(textOf(d), "a\nb\t\\ \" { \xF0\x9F\x98\x80 A");
}

TEST(Literals, BadEscapesAreE1003AtTheirPosition) {
  DecodedString d = decodeString(R"("x\qy\u{D800}")");
  ASSERT_EQ(d.errors.size(), 2u);
  EXPECT_EQ(d.errors[0].code, flytec::DiagCode::E1003);
  EXPECT_EQ(d.errors[0].offset, 2u);
  EXPECT_EQ(d.errors[0].length, 2u);
  EXPECT_EQ(d.errors[1].offset, 5u);
  EXPECT_EQ(d.errors[1].length, 8u);
}

TEST(Literals, Interpolations) {
  DecodedString d = decodeString(R"("Hello {{ name }}, \{{not}} {{a.b}}")");
  ASSERT_TRUE(d.errors.empty());
  ASSERT_EQ(d.parts.size(), 4u);
  EXPECT_EQ(d.parts[0].text, "Hello ");
  EXPECT_TRUE(d.parts[1].interpolation);
  EXPECT_EQ(d.parts[1].offset, 7u);
  EXPECT_EQ(d.parts[1].length, 10u);
  EXPECT_EQ(d.parts[1].innerOffset, 9u);
  EXPECT_EQ(d.parts[1].innerLength, 6u);
  EXPECT_EQ(d.parts[2].text, ", {{not}} ");
  EXPECT_TRUE(d.parts[3].interpolation);
}

TEST(Literals, UnclosedAndEmptyInterpolationsAreErrors) {
  EXPECT_EQ(decodeString(R"("{{ x")").errors.size(), 1u);
  EXPECT_EQ(decodeString(R"("{{ x")").errors[0].code, flytec::DiagCode::E1001);
  EXPECT_EQ(decodeString(R"("{{  }}")").errors.size(), 1u);
}

TEST(Literals, TripleQuotedStringsAreDedentedAndRaw) {
  DecodedString d = decodeString("\"\"\"\n    echo \\n {{x}}\n      indented\n\n    last\n  \"\"\"");
  ASSERT_TRUE(d.errors.empty());
  EXPECT_TRUE(d.triple);
  EXPECT_EQ(textOf(d), "echo \\n <interp>\n  indented\n\nlast");
}

TEST(Literals, TripleQuotedOnOneLineAndEscapedBraces) {
  EXPECT_EQ(textOf(decodeString("\"\"\"a \\{{b}} c\"\"\"")), "a {{b}} c");
  DecodedString d = decodeString("\"\"\"{{ join(xs, \", \") }}\"\"\"");
  ASSERT_TRUE(d.errors.empty());
  ASSERT_EQ(d.parts.size(), 1u);
  EXPECT_TRUE(d.parts[0].interpolation);
}

} // namespace
