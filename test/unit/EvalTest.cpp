// The expression evaluator (ir/Eval.h): every ExprOp, every operator, every
// pure std function, and the errors they give, on expressions built by hand
// in a Package. Also the datetime and duration text helpers behind it
// (ir/Datetime.h, ir/IrJson.h) and the verifier's checks of values and
// expression shapes (ir/ValueChecks.h).
#include "ir/Datetime.h"
#include "ir/Eval.h"
#include "ir/IrJson.h"
#include "ir/ValueChecks.h"

#include <gtest/gtest.h>

#include <map>

using namespace flytec::ir;

namespace {

class EvalTest : public ::testing::Test {
protected:
  Package pkg;
  TypeTable &t = pkg.types;
  TypeId Int = t.scalar(TypeKind::Int), Float = t.scalar(TypeKind::Float), Bool = t.scalar(TypeKind::Bool),
         Str = t.scalar(TypeKind::String), Dur = t.scalar(TypeKind::Duration), Time = t.scalar(TypeKind::Datetime),
         Json = t.scalar(TypeKind::Json), None = t.none();
  std::map<std::string, Value> inputs;
  std::string error;

  ExprId add(ExprOp op, TypeId type, std::string name, std::vector<ExprId> args) {
    Expr e;
    e.op = op;
    e.type = type;
    e.name = std::move(name);
    e.args = std::move(args);
    return pkg.addExpr(std::move(e));
  }
  ExprId c(Value v, TypeId type) {
    Expr e;
    e.type = type;
    e.value = std::move(v);
    return pkg.addExpr(std::move(e));
  }
  ExprId i(int64_t v) { return c(v, Int); }
  ExprId f(double v) { return c(v, Float); }
  ExprId s(std::string v) { return c(std::move(v), Str); }
  ExprId b(bool v) { return c(v, Bool); }
  ExprId d(std::string v) { return c(std::move(v), Dur); }
  ExprId dt(std::string v) { return c(std::move(v), Time); }
  ExprId in(std::string name, TypeId type) { return add(ExprOp::Input, type, std::move(name), {}); }
  ExprId bin(std::string op, ExprId a, ExprId b, TypeId type) { return add(ExprOp::Binary, type, op, {a, b}); }
  ExprId un(std::string op, ExprId a, TypeId type) { return add(ExprOp::Unary, type, op, {a}); }
  ExprId call(std::string fn, std::vector<ExprId> args, TypeId type) {
    return add(ExprOp::Call, type, std::move(fn), std::move(args));
  }
  ExprId list(std::vector<ExprId> xs, TypeId element) { return add(ExprOp::List, t.list(element), "", std::move(xs)); }
  ExprId strs(std::vector<std::string> xs) {
    std::vector<ExprId> ids;
    for (auto &x : xs)
      ids.push_back(s(x));
    return list(ids, Str);
  }
  ExprId ints(std::vector<int64_t> xs) {
    std::vector<ExprId> ids;
    for (auto x : xs)
      ids.push_back(i(x));
    return list(ids, Int);
  }

  std::optional<Value> run(ExprId id) {
    error.clear();
    return evaluate(
        pkg, id,
        [&](llvm::StringRef name) -> const Value * {
          auto it = inputs.find(name.str());
          return it == inputs.end() ? nullptr : &it->second;
        },
        error);
  }
  /// The value, which must exist.
  Value ok(ExprId id) {
    auto v = run(id);
    EXPECT_TRUE(v.has_value()) << error;
    return v.value_or(Value("<error>"));
  }
  /// The error, which must happen.
  std::string err(ExprId id) {
    auto v = run(id);
    EXPECT_FALSE(v.has_value()) << "got " << v->dump();
    return error;
  }
};

// ------------------------------------------------------------- leaves

TEST_F(EvalTest, ConstantsAndInputs) {
  EXPECT_EQ(ok(i(42)), 42);
  inputs["x"] = 7;
  EXPECT_EQ(ok(in("x", Int)), 7);
  EXPECT_EQ(err(in("y", Int)), "input 'y' is not known");
}

TEST_F(EvalTest, FloatsStayFloats) {
  Value v = ok(bin("*", f(1.0), f(2.0), Float));
  EXPECT_TRUE(v.is_number_float());
  EXPECT_EQ(v.dump(), "2.0");
}

// ------------------------------------------------------------- arithmetic

TEST_F(EvalTest, IntArithmetic) {
  EXPECT_EQ(ok(bin("+", i(2), i(3), Int)), 5);
  EXPECT_EQ(ok(bin("-", i(2), i(3), Int)), -1);
  EXPECT_EQ(ok(bin("*", i(4), i(3), Int)), 12);
  EXPECT_TRUE(ok(bin("*", i(4), i(3), Int)).is_number_integer());
  // `/` truncates toward zero and `%` keeps a == (a / b) * b + a % b.
  EXPECT_EQ(ok(bin("/", i(7), i(2), Int)), 3);
  EXPECT_EQ(ok(bin("/", i(-7), i(2), Int)), -3);
  EXPECT_EQ(ok(bin("%", i(7), i(3), Int)), 1);
  EXPECT_EQ(ok(bin("%", i(-7), i(3), Int)), -1);
  EXPECT_EQ(ok(bin("%", i(INT64_MIN), i(-1), Int)), 0);
}

TEST_F(EvalTest, IntErrors) {
  EXPECT_EQ(err(bin("/", i(1), i(0), Int)), "division by zero in 1 / 0");
  EXPECT_EQ(err(bin("%", i(1), i(0), Int)), "division by zero in 1 % 0");
  EXPECT_EQ(err(bin("+", i(INT64_MAX), i(1), Int)), "integer overflow in 9223372036854775807 + 1");
  EXPECT_EQ(err(bin("-", i(INT64_MIN), i(1), Int)), "integer overflow in -9223372036854775808 - 1");
  EXPECT_EQ(err(bin("*", i(INT64_MAX), i(2), Int)), "integer overflow in 9223372036854775807 * 2");
  EXPECT_EQ(err(bin("/", i(INT64_MIN), i(-1), Int)), "integer overflow in -9223372036854775808 / -1");
  EXPECT_EQ(err(un("-", i(INT64_MIN), Int)), "integer overflow in -(-9223372036854775808)");
}

TEST_F(EvalTest, FloatArithmetic) {
  EXPECT_EQ(ok(bin("+", f(0.5), f(0.25), Float)), 0.75);
  EXPECT_EQ(ok(bin("-", f(0.5), f(0.25), Float)), 0.25);
  EXPECT_EQ(ok(bin("/", f(7), f(2), Float)), 3.5);
  EXPECT_EQ(err(bin("/", f(1), f(0), Float)), "division by zero in 1.0 / 0.0");
  EXPECT_EQ(err(bin("*", f(1e300), f(1e300), Float)), "float overflow in 1e+300 * 1e+300");
  EXPECT_EQ(ok(un("-", f(2.5), Float)), -2.5);
}

TEST_F(EvalTest, StringsAndListsConcatenate) {
  EXPECT_EQ(ok(bin("+", s("ab"), s("cd"), Str)), "abcd");
  EXPECT_EQ(ok(bin("+", ints({1}), ints({2, 3}), t.list(Int))), Value({1, 2, 3}));
}

TEST_F(EvalTest, DurationsAndDatetimes) {
  EXPECT_EQ(ok(bin("+", d("300s"), d("0.250s"), Dur)), "300.250s");
  EXPECT_EQ(ok(bin("-", d("1s"), d("2s"), Dur)), "-1s");
  EXPECT_EQ(ok(bin("*", d("90s"), i(2), Dur)), "180s");
  EXPECT_EQ(ok(bin("*", i(3), d("1s"), Dur)), "3s");
  EXPECT_EQ(ok(bin("/", d("1s"), i(3), Dur)), "0.333s");
  EXPECT_EQ(ok(un("-", d("5s"), Dur)), "-5s");
  EXPECT_EQ(err(bin("/", d("1s"), i(0), Dur)), "division by zero in \"1s\" / 0");
  EXPECT_EQ(ok(bin("+", dt("2026-11-28T02:00:00Z"), d("86400s"), Time)), "2026-11-29T02:00:00Z");
  EXPECT_EQ(ok(bin("-", dt("2026-03-01T00:00:00Z"), d("0.500s"), Time)), "2026-02-28T23:59:59.500Z");
  EXPECT_EQ(ok(bin("-", dt("2024-03-01T00:00:00Z"), dt("2024-02-28T00:00:00Z"), Dur)), "172800s");
  EXPECT_EQ(err(bin("+", dt("9999-12-31T23:00:00Z"), d("7200s"), Time)),
            "\"9999-12-31T23:00:00Z\" + \"7200s\" is outside the years 1 to 9999");
  EXPECT_EQ(err(bin("*", d("9223372036854775s"), i(10), Dur)), "duration overflow in \"9223372036854775s\" * 10");
}

TEST_F(EvalTest, MalformedValuesAreErrorsNotCrashes) {
  inputs["x"] = "seven";
  EXPECT_EQ(err(bin("+", in("x", Int), i(1), Int)), "expected an int, got \"seven\"");
  inputs["d"] = "5 minutes";
  EXPECT_EQ(err(bin("+", in("d", Dur), d("1s"), Dur)), "expected a duration such as \"300s\", got \"5 minutes\"");
}

// ------------------------------------------------------------- comparisons and logic

TEST_F(EvalTest, Comparisons) {
  EXPECT_EQ(ok(bin("<", i(1), i(2), Bool)), true);
  EXPECT_EQ(ok(bin(">=", i(1), i(2), Bool)), false);
  EXPECT_EQ(ok(bin("<=", f(2.5), f(2.5), Bool)), true);
  EXPECT_EQ(ok(bin(">", s("b"), s("abc"), Bool)), true);
  // Durations and datetimes order by what they mean, not by their text.
  EXPECT_EQ(ok(bin("<", d("9s"), d("10s"), Bool)), true);
  EXPECT_EQ(ok(bin("<", dt("2026-01-01T00:00:00.500Z"), dt("2026-01-01T00:00:01Z"), Bool)), true);
  EXPECT_EQ(ok(bin("==", d("60s"), d("60.000s"), Bool)), true);
  EXPECT_EQ(ok(bin("==", dt("2026-01-01T01:00:00+01:00"), dt("2026-01-01T00:00:00Z"), Bool)), true);
  EXPECT_EQ(ok(bin("!=", s("a"), s("a"), Bool)), false);
  EXPECT_EQ(ok(bin("==", ints({1, 2}), ints({1, 2}), Bool)), true);
}

TEST_F(EvalTest, EqualityWithNone) {
  TypeId optInt = t.optional(Int);
  inputs["x"] = nullptr;
  EXPECT_EQ(ok(bin("==", in("x", optInt), c(nullptr, None), Bool)), true);
  EXPECT_EQ(ok(bin("==", c(nullptr, None), i(3), Bool)), false);
  inputs["x"] = 3;
  EXPECT_EQ(ok(bin("==", in("x", optInt), i(3), Bool)), true);
}

TEST_F(EvalTest, AndOrShortCircuit) {
  // The right side reads an unknown input: it must not be evaluated.
  EXPECT_EQ(ok(bin("and", b(false), in("unknown", Bool), Bool)), false);
  EXPECT_EQ(ok(bin("or", b(true), in("unknown", Bool), Bool)), true);
  EXPECT_EQ(ok(bin("and", b(true), b(false), Bool)), false);
  EXPECT_EQ(ok(bin("or", b(false), b(true), Bool)), true);
  EXPECT_EQ(ok(un("not", b(false), Bool)), true);
  EXPECT_EQ(err(bin("and", b(true), in("unknown", Bool), Bool)), "input 'unknown' is not known");
}

TEST_F(EvalTest, CoalesceIsLazy) {
  TypeId optStr = t.optional(Str);
  inputs["name"] = nullptr;
  EXPECT_EQ(ok(bin("??", in("name", optStr), s("nobody"), Str)), "nobody");
  inputs["name"] = "ada";
  EXPECT_EQ(ok(bin("??", in("name", optStr), in("unknown", Str), Str)), "ada");
}

TEST_F(EvalTest, CondEvaluatesOneArm) {
  ExprId failing = bin("/", i(1), i(0), Int);
  EXPECT_EQ(ok(add(ExprOp::Cond, Int, "", {b(true), i(1), failing})), 1);
  EXPECT_EQ(ok(add(ExprOp::Cond, Int, "", {b(false), failing, i(2)})), 2);
  EXPECT_EQ(err(add(ExprOp::Cond, Int, "", {b(false), i(1), failing})), "division by zero in 1 / 0");
}

// ------------------------------------------------------------- structure

TEST_F(EvalTest, RecordsFieldsAndDefaults) {
  RecordDef stats;
  stats.name = "m.Stats";
  stats.fields = {{"rows", Int, std::nullopt, ""}, {"label", t.optional(Str), std::nullopt, ""},
                  {"mean", Float, Value(0.5), ""}};
  pkg.records["m.Stats"] = stats;
  TypeId rec = t.record("m.Stats");
  Expr r;
  r.op = ExprOp::Record;
  r.type = rec;
  r.name = "m.Stats";
  r.args = {i(3)};
  r.names = {"rows"};
  ExprId lit = pkg.addExpr(r);
  EXPECT_EQ(ok(lit), (Value{{"rows", 3}, {"label", nullptr}, {"mean", 0.5}}));
  EXPECT_EQ(ok(add(ExprOp::Field, Int, "rows", {lit})), 3);
  // A record value read from elsewhere may leave out defaulted fields.
  inputs["s"] = Value{{"rows", 1}};
  EXPECT_EQ(ok(add(ExprOp::Field, Float, "mean", {in("s", rec)})), 0.5);
  EXPECT_EQ(ok(add(ExprOp::Field, t.optional(Str), "label", {in("s", rec)})), nullptr);
  inputs["s"] = Value{{"label", "x"}};
  EXPECT_EQ(err(add(ExprOp::Field, Int, "rows", {in("s", rec)})), "the value has no field 'rows'");
  pkg.exprs[lit].names.clear();
  EXPECT_EQ(err(lit), "record m.Stats needs one name per field");
}

TEST_F(EvalTest, JsonFieldsAndIndexes) {
  inputs["j"] = Value{{"a", {10, 20}}};
  ExprId a = add(ExprOp::Field, Json, "a", {in("j", Json)});
  EXPECT_EQ(ok(add(ExprOp::Index, Json, "", {a, i(1)})), 20);
  EXPECT_EQ(ok(add(ExprOp::Field, Json, "missing", {in("j", Json)})), nullptr);
  EXPECT_EQ(ok(add(ExprOp::Index, Json, "", {in("j", Json), s("missing")})), nullptr);
  EXPECT_EQ(err(add(ExprOp::Field, Json, "x", {a})), "cannot read field 'x' of [10,20]");
}

TEST_F(EvalTest, ListIndex) {
  ExprId xs = ints({10, 20, 30});
  EXPECT_EQ(ok(add(ExprOp::Index, Int, "", {xs, i(0)})), 10);
  EXPECT_EQ(ok(add(ExprOp::Index, Int, "", {xs, i(-1)})), 30);
  EXPECT_EQ(err(add(ExprOp::Index, Int, "", {xs, i(3)})), "index 3 is out of range for a list of 3 elements");
  EXPECT_EQ(err(add(ExprOp::Index, Int, "", {xs, i(-4)})), "index -4 is out of range for a list of 3 elements");
  EXPECT_EQ(err(add(ExprOp::Index, Int, "", {ints({}), i(0)})), "index 0 is out of range for a list of 0 elements");
}

TEST_F(EvalTest, MapLiteralAndIndex) {
  ExprId m = add(ExprOp::Map, t.map(Int), "", {s("b"), i(1), s("a"), i(2), s("b"), i(3)});
  EXPECT_EQ(ok(m), (Value{{"a", 2}, {"b", 3}}));
  EXPECT_EQ(ok(add(ExprOp::Index, t.optional(Int), "", {m, s("a")})), 2);
  EXPECT_EQ(ok(add(ExprOp::Index, t.optional(Int), "", {m, s("zz")})), nullptr);
  EXPECT_EQ(err(add(ExprOp::Map, t.map(Int), "", {s("a")})), "a map needs a value for every key");
}

TEST_F(EvalTest, FormatShowsEachPartAsText) {
  EnumDef region;
  region.name = "m.Region";
  region.members = {"US", "EU"};
  pkg.enums["m.Region"] = region;
  ExprId parts = add(ExprOp::Format, Str, "",
                     {s("n="), i(3), s(" x="), f(2.0), s(" ok="), b(true), s(" wait="), d("300s"), s(" at="),
                      dt("2026-11-28T02:00:00.000Z"), s(" r="), c("EU", t.enumType("m.Region")), s(" none="),
                      c(nullptr, t.optional(Int)), s(" xs="), strs({"a", "b"}), s(" m="),
                      add(ExprOp::Map, t.map(Float), "", {s("k"), f(1.5)})});
  EXPECT_EQ(ok(parts), "n=3 x=2.0 ok=true wait=5m at=2026-11-28T02:00:00Z r=EU none=none xs=[\"a\",\"b\"] m={\"k\":1.5}");
}

TEST_F(EvalTest, ToText) {
  EXPECT_EQ(toText(t, Dur, "0.250s"), "250ms");
  EXPECT_EQ(toText(t, Dur, "90s"), "90s");
  EXPECT_EQ(toText(t, Dur, "7200s"), "2h");
  EXPECT_EQ(toText(t, Dur, "172800s"), "2d");
  EXPECT_EQ(toText(t, Dur, "0s"), "0s");
  EXPECT_EQ(toText(t, Dur, "-60s"), "-1m");
  EXPECT_EQ(toText(t, Float, 1e-5), "1e-05");
  EXPECT_EQ(toText(t, Float, 3), "3.0");
  EXPECT_EQ(toText(t, t.file("csv"), "/data/x.csv"), "/data/x.csv");
  EXPECT_EQ(toText(t, t.unionOf({Int, Str}), "x"), "x");
  EXPECT_EQ(toText(t, t.unionOf({Int, Str}), 4), "4");
}

// ------------------------------------------------------------- std functions

TEST_F(EvalTest, Len) {
  EXPECT_EQ(ok(call("len", {ints({1, 2, 3})}, Int)), 3);
  EXPECT_EQ(ok(call("len", {s("héllo")}, Int)), 5);
  EXPECT_EQ(ok(call("len", {add(ExprOp::Map, t.map(Int), "", {s("a"), i(1)})}, Int)), 1);
  EXPECT_EQ(ok(call("std.len", {s("")}, Int)), 0);
}

TEST_F(EvalTest, Range) {
  EXPECT_EQ(ok(call("range", {i(3)}, t.list(Int))), Value({0, 1, 2}));
  EXPECT_EQ(ok(call("range", {i(2), i(4)}, t.list(Int))), Value({2, 3}));
  EXPECT_EQ(ok(call("range", {i(-2)}, t.list(Int))), Value::array());
  EXPECT_EQ(ok(call("range", {i(5), i(1)}, t.list(Int))), Value::array());
  EXPECT_EQ(err(call("range", {i(0), i(2000000)}, t.list(Int))),
            "range(): the range from 0 to 2000000 has more than 1000000 elements");
  EXPECT_EQ(err(call("range", {i(INT64_MIN), i(INT64_MAX)}, t.list(Int))),
            "range(): the range from -9223372036854775808 to 9223372036854775807 has more than 1000000 elements");
}

TEST_F(EvalTest, StrIntFloat) {
  EXPECT_EQ(ok(call("str", {i(7)}, Str)), "7");
  EXPECT_EQ(ok(call("str", {f(1.5)}, Str)), "1.5");
  EXPECT_EQ(ok(call("str", {add(ExprOp::Map, t.map(Int), "", {s("a"), i(1)})}, Str)), "{\"a\":1}");
  EXPECT_EQ(ok(call("int", {s(" 12 ")}, Int)), 12);
  EXPECT_EQ(ok(call("int", {s("+12")}, Int)), 12);
  EXPECT_EQ(ok(call("int", {s("-12")}, Int)), -12);
  EXPECT_EQ(ok(call("int", {f(-2.9)}, Int)), -2);
  EXPECT_EQ(ok(call("int", {b(true)}, Int)), 1);
  EXPECT_EQ(err(call("int", {s("1.5")}, Int)), "int(): \"1.5\" is not an int");
  EXPECT_EQ(err(call("int", {s("99999999999999999999")}, Int)), "int(): \"99999999999999999999\" is not an int");
  EXPECT_EQ(err(call("int", {f(1e19)}, Int)), "int(): 1e+19 is out of the range of an int");
  Value two = ok(call("float", {i(2)}, Float));
  EXPECT_TRUE(two.is_number_float());
  EXPECT_EQ(two, 2.0);
  EXPECT_EQ(ok(call("float", {s("1e3")}, Float)), 1000.0);
  EXPECT_EQ(ok(call("float", {s(" -0.5")}, Float)), -0.5);
  EXPECT_EQ(err(call("float", {s("abc")}, Float)), "float(): \"abc\" is not a float");
  EXPECT_EQ(err(call("float", {s("inf")}, Float)), "float(): \"inf\" is not a finite float");
}

TEST_F(EvalTest, StringFunctions) {
  EXPECT_EQ(ok(call("join", {strs({"x", "y", "z"}), s("-")}, Str)), "x-y-z");
  EXPECT_EQ(ok(call("join", {strs({}), s("-")}, Str)), "");
  EXPECT_EQ(ok(call("split", {s("a,,b"), s(",")}, t.list(Str))), Value({"a", "", "b"}));
  EXPECT_EQ(ok(call("split", {s(""), s(",")}, t.list(Str))), Value({""}));
  EXPECT_EQ(ok(call("split", {s("a--b"), s("--")}, t.list(Str))), Value({"a", "b"}));
  EXPECT_EQ(err(call("split", {s("a"), s("")}, t.list(Str))), "split(): the separator is empty");
  EXPECT_EQ(ok(call("upper", {s("abc é")}, Str)), "ABC É");
  EXPECT_EQ(ok(call("lower", {s("ABC É")}, Str)), "abc é");
  EXPECT_EQ(ok(call("upper", {s("straße")}, Str)), "STRAßE") << "simple case mapping: one code point each";
}

TEST_F(EvalTest, Contains) {
  EXPECT_EQ(ok(call("contains", {ints({1, 2}), i(2)}, Bool)), true);
  EXPECT_EQ(ok(call("contains", {ints({1, 2}), i(3)}, Bool)), false);
  EXPECT_EQ(ok(call("contains", {add(ExprOp::Map, t.map(Int), "", {s("k"), i(1)}), s("k")}, Bool)), true);
  EXPECT_EQ(ok(call("contains", {s("a,b"), s(",")}, Bool)), true);
  EXPECT_EQ(ok(call("contains", {s("ab"), s("c")}, Bool)), false);
  // Datetimes are found by the instant they name.
  ExprId times = list({dt("2026-01-01T00:00:00Z")}, Time);
  EXPECT_EQ(ok(call("contains", {times, dt("2026-01-01T00:00:00.000Z")}, Bool)), true);
}

TEST_F(EvalTest, KeysAndValuesInKeyOrder) {
  ExprId m = add(ExprOp::Map, t.map(Int), "", {s("b"), i(1), s("a"), i(2)});
  EXPECT_EQ(ok(call("keys", {m}, t.list(Str))), Value({"a", "b"}));
  EXPECT_EQ(ok(call("values", {m}, t.list(Int))), Value({2, 1}));
}

TEST_F(EvalTest, MinMax) {
  EXPECT_EQ(ok(call("min", {i(3), i(1), i(2)}, Int)), 1);
  EXPECT_EQ(ok(call("max", {ints({4, 9})}, Int)), 9);
  EXPECT_EQ(ok(call("max", {s("pear"), s("apple")}, Str)), "pear");
  EXPECT_EQ(ok(call("min", {list({d("10s"), d("9s")}, Dur)}, Dur)), "9s");
  EXPECT_EQ(ok(call("max", {list({f(1.5)}, Float)}, Float)), 1.5);
  EXPECT_EQ(err(call("min", {ints({})}, Int)), "min(): the list is empty");
}

TEST_F(EvalTest, Sum) {
  EXPECT_EQ(ok(call("sum", {ints({1, 2, 3})}, Int)), 6);
  EXPECT_EQ(ok(call("sum", {list({f(0.5), f(0.25)}, Float)}, Float)), 0.75);
  Value zero = ok(call("sum", {list({}, Float)}, Float));
  EXPECT_TRUE(zero.is_number_float());
  EXPECT_EQ(ok(call("sum", {ints({})}, Int)), 0);
  EXPECT_EQ(ok(call("sum", {list({d("1s"), d("0.500s")}, Dur)}, Dur)), "1.500s");
  EXPECT_EQ(err(call("sum", {ints({INT64_MAX, 1})}, Int)), "sum(): integer overflow");
}

TEST_F(EvalTest, AbsAndRound) {
  EXPECT_EQ(ok(call("abs", {i(-4)}, Int)), 4);
  EXPECT_EQ(ok(call("abs", {f(-1.5)}, Float)), 1.5);
  EXPECT_EQ(ok(call("abs", {d("-5s")}, Dur)), "5s");
  EXPECT_EQ(err(call("abs", {i(INT64_MIN)}, Int)), "abs(): integer overflow");
  // Half away from zero.
  EXPECT_EQ(ok(call("round", {f(2.5)}, Int)), 3);
  EXPECT_EQ(ok(call("round", {f(-2.5)}, Int)), -3);
  EXPECT_TRUE(ok(call("round", {f(2.4)}, Int)).is_number_integer());
  EXPECT_EQ(ok(call("round", {f(3.14159), i(2)}, Float)), 3.14);
  EXPECT_EQ(ok(call("round", {f(1234.5), i(-2)}, Float)), 1200.0);
  EXPECT_EQ(ok(call("round", {f(0.125), i(2)}, Float)), 0.13);
  EXPECT_EQ(ok(call("round", {f(1e300), i(20)}, Float)), 1e300);
  EXPECT_EQ(err(call("round", {f(1e19)}, Int)), "round(): 1e+19 is out of the range of an int");
}

TEST_F(EvalTest, Datetimes) {
  ExprId t0 = call("parse_datetime", {s("2024-02-29T12:00:00Z")}, Time);
  EXPECT_EQ(ok(t0), "2024-02-29T12:00:00Z");
  EXPECT_EQ(ok(call("format_datetime", {t0, s("%Y-%m-%d")}, Str)), "2024-02-29");
  EXPECT_EQ(ok(call("format_datetime", {t0, s("%d %b %Y %H:%M, %A, day %j, %I %p, 100%%")}, Str)),
            "29 Feb 2024 12:00, Thursday, day 060, 12 PM, 100%");
  EXPECT_EQ(ok(call("parse_datetime", {s("2024-05-01 08:30+02:00")}, Time)), "2024-05-01T06:30:00Z");
  EXPECT_EQ(ok(call("parse_datetime", {s("2024-05-01")}, Time)), "2024-05-01T00:00:00Z");
  EXPECT_EQ(ok(call("parse_datetime", {s("01/05/2024"), s("%d/%m/%Y")}, Time)), "2024-05-01T00:00:00Z");
  EXPECT_EQ(ok(call("parse_datetime", {s("Mar 3 2025 1:05 pm"), s("%b %d %Y %I:%M %p")}, Time)),
            "2025-03-03T13:05:00Z");
  EXPECT_EQ(err(call("parse_datetime", {s("2024-02-30")}, Time)),
            "parse_datetime(): \"2024-02-30\" is not an ISO 8601 date and time such as \"2026-11-28T02:00:00Z\"");
  EXPECT_EQ(err(call("parse_datetime", {s("2024/05"), s("%Y-%m")}, Time)),
            "parse_datetime(): \"2024/05\" does not match the format \"%Y-%m\": expected '-' at \"/05\"");
  EXPECT_EQ(err(call("format_datetime", {t0, s("%Q")}, Str)), "format_datetime(): unknown format code '%Q'");
}

TEST_F(EvalTest, UnknownFunctionAndArity) {
  EXPECT_EQ(err(call("frobnicate", {i(1)}, Int)), "'frobnicate' is not a pure function of the standard library");
  EXPECT_EQ(err(call("len", {}, Int)), "len() cannot take 0 arguments");
}

// ------------------------------------------------------------- datetime text

TEST(Datetime, RoundTripsAndCalendar) {
  EXPECT_EQ(datetimeString(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(datetimeString(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(datetimeString(kMinDatetimeMs), "0001-01-01T00:00:00Z");
  EXPECT_EQ(datetimeString(kMaxDatetimeMs), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(parseDatetime("0001-01-01T00:00:00Z"), kMinDatetimeMs);
  EXPECT_EQ(parseDatetime("2000-02-29T00:00:00Z"), 951782400000);
  EXPECT_EQ(parseDatetime("2026-11-28T02:00:00.123456789Z"), parseDatetime("2026-11-28T02:00:00.123Z"));
  EXPECT_FALSE(parseDatetime("1900-02-29"));
  EXPECT_FALSE(parseDatetime("2026-11-28T25:00:00Z"));
  EXPECT_FALSE(parseDatetime("2026-11-28Tnoon"));
  EXPECT_FALSE(parseDatetime("0001-01-01T00:00:00+01:00")); // before year 1 in UTC
  for (int64_t ms : {int64_t(0), int64_t(1700000000123), int64_t(-5000000000000), kMaxDatetimeMs})
    EXPECT_EQ(parseDatetime(datetimeString(ms)), ms);
}

TEST(Datetime, FormatCodes) {
  std::string out, error;
  ASSERT_TRUE(formatDatetime(*parseDatetime("2026-01-04T09:05:03.042Z"), "%F %T.%f %y %e %u %w %a %B %z %Z %s", out,
                             error));
  EXPECT_EQ(out, "2026-01-04 09:05:03.042000 26  4 7 0 Sun January +0000 UTC 1767517503");
  EXPECT_FALSE(formatDatetime(0, "50%", out, error));
  EXPECT_EQ(error, "the format ends in a lone '%' (write '%%' for a percent sign)");
}

TEST(Datetime, ParseCodes) {
  std::string error;
  EXPECT_EQ(parseDatetimeFormat("2026-001 10:00:00.5 +0130", "%Y-%j %T.%f %z", error), *parseDatetime("2026-01-01T08:30:00.500Z"));
  EXPECT_EQ(parseDatetimeFormat("12:30", "%H:%M", error), *parseDatetime("1900-01-01T12:30:00Z"));
  EXPECT_EQ(parseDatetimeFormat("70-06-01", "%y-%m-%d", error), *parseDatetime("1970-06-01"));
  EXPECT_EQ(parseDatetimeFormat("12 AM", "%I %p", error), *parseDatetime("1900-01-01T00:00:00Z"));
  EXPECT_FALSE(parseDatetimeFormat("2026-02-30", "%F", error));
  EXPECT_EQ(error, "\"2026-02-30\" is not a valid date and time");
  EXPECT_FALSE(parseDatetimeFormat("2026-01-01x", "%F", error));
  EXPECT_EQ(error, "\"2026-01-01x\" does not match the format \"%F\": \"x\" is left over");
}

TEST(Durations, ParseRejectsOverflow) {
  EXPECT_EQ(parseDuration("600s"), 600000);
  EXPECT_EQ(parseDuration("-1.5s"), -1500);
  EXPECT_EQ(parseDuration("0.250s"), 250);
  // The extremes of an int64 of milliseconds, and one past them.
  EXPECT_EQ(parseDuration("9223372036854775.807s"), INT64_MAX);
  EXPECT_EQ(parseDuration("-9223372036854775.808s"), INT64_MIN);
  EXPECT_FALSE(parseDuration("9223372036854775.808s"));
  EXPECT_FALSE(parseDuration("-9223372036854775.809s"));
  EXPECT_FALSE(parseDuration("9223372036854776s"));
  EXPECT_FALSE(parseDuration("18446744073709551615s"));
  EXPECT_FALSE(parseDuration("99999999999999999999999s"));
  for (const char *bad : {"", "s", "-s", "1", "1.s", "1.2345s", "+1s", "--1s", "1.-5s", " 1s", "1e3s"})
    EXPECT_FALSE(parseDuration(bad)) << bad;
}

TEST(Durations, PrintTheExtremes) {
  EXPECT_EQ(durationString(INT64_MAX), "9223372036854775.807s");
  EXPECT_EQ(durationString(INT64_MIN), "-9223372036854775.808s");
  EXPECT_EQ(durationString(-1500), "-1.500s");
  EXPECT_EQ(durationString(-3000), "-3s");
  for (int64_t ms : {INT64_MIN, INT64_MIN + 1, int64_t(-1), int64_t(0), int64_t(999), INT64_MAX})
    EXPECT_EQ(parseDuration(durationString(ms)), ms) << ms;
}

TEST(ValueChecks, ScalarText) {
  EXPECT_TRUE(scalarTextFits(TypeKind::Datetime, "2026-11-28T02:00:00Z"));
  EXPECT_FALSE(scalarTextFits(TypeKind::Datetime, "yesterday"));
  EXPECT_TRUE(scalarTextFits(TypeKind::Duration, "300s"));
  EXPECT_FALSE(scalarTextFits(TypeKind::Duration, "5m"));
  EXPECT_TRUE(scalarTextFits(TypeKind::String, "anything"));
  EXPECT_TRUE(scalarTextFits(TypeKind::Datetime, 3)); // not text: the caller checks the JSON shape
}

TEST_F(EvalTest, ExpressionShapes) {
  auto shape = [&](ExprId id) { return checkExpressionShape(pkg, pkg.exprs[id]); };
  EXPECT_EQ(shape(add(ExprOp::Binary, Bool, ">", {i(1), i(2)})), "");
  EXPECT_EQ(shape(add(ExprOp::Binary, Bool, ">", {})), "binary '>' has 0 operands, not 2");
  EXPECT_EQ(shape(add(ExprOp::Binary, Int, "^", {i(1), i(2)})), "'^' is not a binary operator");
  EXPECT_EQ(shape(add(ExprOp::Unary, Int, "-", {i(1), i(2)})), "unary '-' has 2 operands, not 1");
  EXPECT_EQ(shape(add(ExprOp::Unary, Int, "~", {i(1)})), "'~' is not a unary operator (- or not)");
  EXPECT_EQ(shape(add(ExprOp::Cond, Int, "", {i(1)})), "a cond expression has 1 operand, not 3");
  EXPECT_EQ(shape(add(ExprOp::Index, Int, "", {i(1)})), "an index expression has 1 operand, not 2");
  EXPECT_EQ(shape(add(ExprOp::Field, Int, "", {i(1)})), "a field expression names no field");
  EXPECT_EQ(shape(add(ExprOp::Map, Json, "", {c("k", Str)})),
            "a map expression has 1 operand; it takes keys and values in pairs");
  EXPECT_EQ(shape(add(ExprOp::Record, Json, "m.R", {})), "a record expression builds 'm.R', which is not a record of the package");
  EXPECT_EQ(shape(add(ExprOp::Call, Int, "len", {c(Value::array(), Json)})), "");
  EXPECT_EQ(shape(add(ExprOp::Call, Int, "std.max", {i(1), i(2), i(3)})), "");
  EXPECT_EQ(shape(add(ExprOp::Call, Int, "len", {})), "len() cannot take 0 arguments");
  EXPECT_EQ(shape(add(ExprOp::Call, Int, "median", {i(1)})), "'median' is not a pure function of the standard library");
  EXPECT_EQ(shape(add(ExprOp::List, Json, "", {})), "");
  EXPECT_EQ(shape(add(ExprOp::Format, Str, "", {i(1), c("x", Str)})), "");
}

} // namespace
