// Expressions and constants printed as source text (ir/ExprText.h): only the
// parentheses the grammar's precedence needs, literals as written.
#include "ir/ExprText.h"

#include <gtest/gtest.h>

using namespace flytec;
using ir::Expr;
using ir::ExprId;
using ir::ExprOp;
using ir::TypeKind;

namespace {

const ir::TypeId kInt = ir::TypeId(TypeKind::Int);
const ir::TypeId kBool = ir::TypeId(TypeKind::Bool);
const ir::TypeId kString = ir::TypeId(TypeKind::String);

class ExprTextTest : public ::testing::Test {
protected:
  ExprId input(std::string name, ir::TypeId type = kInt) {
    Expr e;
    e.op = ExprOp::Input;
    e.name = std::move(name);
    e.type = type;
    return pkg.addExpr(e);
  }
  ExprId constant(ir::Value v, ir::TypeId type = kInt) {
    Expr e;
    e.op = ExprOp::Const;
    e.value = std::move(v);
    e.type = type;
    return pkg.addExpr(e);
  }
  ExprId op(ExprOp kind, std::string name, std::vector<ExprId> args, std::vector<std::string> names = {}) {
    Expr e;
    e.op = kind;
    e.name = std::move(name);
    e.args = std::move(args);
    e.names = std::move(names);
    return pkg.addExpr(e);
  }
  ExprId bin(std::string o, ExprId a, ExprId b) { return op(ExprOp::Binary, std::move(o), {a, b}); }
  std::string text(ExprId e) { return ir::exprText(pkg, e); }

  ir::Package pkg;
};

TEST_F(ExprTextTest, ParenthesesOnlyWherePrecedenceNeedsThem) {
  ExprId a = input("a"), b = input("b"), c = input("c");
  EXPECT_EQ(text(bin("*", bin("+", a, b), c)), "(a + b) * c");
  EXPECT_EQ(text(bin("+", a, bin("*", b, c))), "a + b * c");
  EXPECT_EQ(text(bin("-", bin("-", a, b), c)), "a - b - c");
  EXPECT_EQ(text(bin("-", a, bin("-", b, c))), "a - (b - c)");
  EXPECT_EQ(text(bin("and", bin(">", a, b), bin("or", a, c))), "a > b and (a or c)");
  EXPECT_EQ(text(op(ExprOp::Unary, "not", {bin("and", a, b)})), "not (a and b)");
  EXPECT_EQ(text(op(ExprOp::Unary, "not", {bin("==", a, b)})), "not a == b");
  EXPECT_EQ(text(bin("==", a, op(ExprOp::Unary, "not", {b}))), "a == (not b)");
}

TEST_F(ExprTextTest, CoalesceIsRightAssociative) {
  ExprId a = input("a"), b = input("b"), c = input("c");
  EXPECT_EQ(text(bin("??", a, bin("??", b, c))), "a ?? b ?? c");
  EXPECT_EQ(text(bin("??", bin("??", a, b), c)), "(a ?? b) ?? c");
}

TEST_F(ExprTextTest, NegationNeverReadsAsADoubleMinus) {
  ExprId a = input("a");
  EXPECT_EQ(text(op(ExprOp::Unary, "-", {a})), "-a");
  EXPECT_EQ(text(op(ExprOp::Unary, "-", {op(ExprOp::Unary, "-", {a})})), "-(-a)");
  EXPECT_EQ(text(op(ExprOp::Unary, "-", {constant(-3)})), "-(-3)");
  EXPECT_EQ(text(op(ExprOp::Unary, "-", {bin("+", a, a)})), "-(a + a)");
}

TEST_F(ExprTextTest, PostfixCallsAndLiterals) {
  ExprId stats = input("stats");
  ExprId rows = op(ExprOp::Field, "rows", {stats});
  EXPECT_EQ(text(bin(">", rows, constant(0))), "stats.rows > 0");
  EXPECT_EQ(text(op(ExprOp::Index, "", {input("xs"), constant(-1)})), "xs[-1]");
  EXPECT_EQ(text(op(ExprOp::Field, "x", {bin("??", input("p"), input("q"))})), "(p ?? q).x");
  EXPECT_EQ(text(op(ExprOp::Call, "len", {input("xs")})), "len(xs)");
  EXPECT_EQ(text(op(ExprOp::List, "", {constant(1), constant(2)})), "[1, 2]");
  EXPECT_EQ(text(op(ExprOp::Map, "", {constant("k", kString), constant(1)})), "{\"k\": 1}");
  EXPECT_EQ(text(op(ExprOp::Record, "shop.Total", {constant("US", kString), input("x")}, {"region", "amount"})),
            "Total { region: \"US\", amount: x }");
}

TEST_F(ExprTextTest, InterpolationAndConditionals) {
  ExprId f = op(ExprOp::Format, "", {constant("run \"", kString), input("n"), constant(" of ", kString),
                                     bin("+", input("a"), constant(1))});
  EXPECT_EQ(text(f), "\"run \\\"{{n}} of {{a + 1}}\"");
  ExprId inner = op(ExprOp::Cond, "", {input("b", kBool), constant("x", kString), constant("y", kString)});
  ExprId chain = op(ExprOp::Cond, "", {input("a", kBool), constant("w", kString), inner});
  EXPECT_EQ(text(chain), "if a { \"w\" } else if b { \"x\" } else { \"y\" }");
  EXPECT_EQ(text(bin("+", inner, constant("!", kString))), "(if b { \"x\" } else { \"y\" }) + \"!\"");
}

TEST_F(ExprTextTest, ConstantsReadAsLiterals) {
  ir::TypeId region = pkg.types.enumType("shop.Region");
  EXPECT_EQ(ir::valueText(pkg, region, "US"), "Region.US");
  EXPECT_EQ(ir::valueText(pkg, ir::TypeId(TypeKind::Duration), "300s"), "5m");
  EXPECT_EQ(ir::valueText(pkg, ir::TypeId(TypeKind::Float), 2.0), "2.0");
  EXPECT_EQ(ir::valueText(pkg, pkg.types.optional(kInt), nullptr), "none");
  EXPECT_EQ(ir::valueText(pkg, pkg.types.optional(kInt), 4), "4");
  EXPECT_EQ(ir::valueText(pkg, pkg.types.list(region), ir::Value::array({"US", "EU"})), "[Region.US, Region.EU]");
  EXPECT_EQ(ir::valueText(pkg, kString, "a\"b\n"), "\"a\\\"b\\n\"");
  ir::RecordDef total;
  total.name = "shop.Total";
  total.fields = {{"region", kString, std::nullopt, ""}, {"amount", ir::TypeId(TypeKind::Float), std::nullopt, ""}};
  pkg.records[total.name] = total;
  EXPECT_EQ(ir::valueText(pkg, pkg.types.record("shop.Total"), {{"amount", 1.5}, {"region", "EU"}}),
            "Total { region: \"EU\", amount: 1.5 }");
  // A value that does not fit its type still prints, as JSON.
  EXPECT_EQ(ir::valueText(pkg, kInt, ir::Value::array({1})), "[1]");
}

TEST_F(ExprTextTest, UnknownIdsPrintAsQuestionMarks) {
  EXPECT_EQ(text(ExprId(1000)), "?");
  EXPECT_EQ(text(op(ExprOp::Call, "f", {ExprId(999)})), "f(?)");
}

TEST(ShortenTest, CutsByCodePoints) {
  EXPECT_EQ(ir::shorten("abcdef", 6), "abcdef");
  EXPECT_EQ(ir::shorten("abcdefg", 6), "abcde…");
  EXPECT_EQ(ir::shorten("ééééé", 5), "ééééé");
  EXPECT_EQ(ir::shorten("éééééé", 5), "éééé…");
}

} // namespace
