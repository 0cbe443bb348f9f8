#include "values/RuntimeValues.h"

#include <gtest/gtest.h>

using namespace flytec;
using namespace flytec::runtime;
using ir::TypeKind;
using ir::Value;

namespace {

/// A package with a record shop.Stats {rows: int, mean: float = 0.5,
/// label: string?}, a record shop.Report {stats: Stats, files: list[file]}
/// and an enum shop.Region {US, EU}.
class RuntimeValues : public ::testing::Test {
protected:
  void SetUp() override {
    ir::TypeTable &t = pkg.types;
    ir::RecordDef stats{"shop.Stats", "shop", "", {}};
    stats.fields.push_back({"rows", t.scalar(TypeKind::Int), std::nullopt, ""});
    stats.fields.push_back({"mean", t.scalar(TypeKind::Float), Value(0.5), ""});
    stats.fields.push_back({"label", t.optional(t.scalar(TypeKind::String)), std::nullopt, ""});
    pkg.records["shop.Stats"] = stats;
    ir::RecordDef report{"shop.Report", "shop", "", {}};
    report.fields.push_back({"stats", t.record("shop.Stats"), std::nullopt, ""});
    report.fields.push_back({"files", t.list(t.scalar(TypeKind::File)), std::nullopt, ""});
    pkg.records["shop.Report"] = report;
    pkg.enums["shop.Region"] = ir::EnumDef{"shop.Region", "shop", "", {"US", "EU"}};
  }

  ir::TypeId scalar(TypeKind k) { return pkg.types.scalar(k); }

  /// conform() as "ok: VALUE" or "error: MESSAGE", so a failing test shows both.
  std::string check(ir::TypeId type, const Value &v) {
    std::string error;
    auto out = conform(pkg, type, v, error);
    return out ? "ok: " + out->dump() : "error: " + error;
  }
  std::string cli(ir::TypeId type, llvm::StringRef text) {
    std::string error;
    auto out = parseCommandLineValue(pkg, type, text, error);
    return out ? "ok: " + out->dump() : "error: " + error;
  }
  std::string output(ir::TypeId type, llvm::StringRef text) {
    std::string error;
    auto out = parseOutputText(pkg, type, text, error);
    return out ? "ok: " + out->dump() : "error: " + error;
  }

  ir::Package pkg;
};

} // namespace

TEST_F(RuntimeValues, Scalars) {
  EXPECT_EQ(check(scalar(TypeKind::Int), 42), "ok: 42");
  EXPECT_EQ(check(scalar(TypeKind::Int), -7), "ok: -7");
  EXPECT_EQ(check(scalar(TypeKind::Int), "abc"), "error: expected int, got \"abc\"");
  EXPECT_EQ(check(scalar(TypeKind::Int), 1.5), "error: expected int, got 1.5");
  EXPECT_EQ(check(scalar(TypeKind::Int), Value(uint64_t(1) << 63)),
            "error: expected int, got 9223372036854775808 (beyond 64 bits)");
  EXPECT_EQ(check(scalar(TypeKind::Float), 0.25), "ok: 0.25");
  EXPECT_EQ(check(scalar(TypeKind::Float), 2), "ok: 2.0"); // canonical: a float
  std::string error;
  EXPECT_TRUE(conform(pkg, scalar(TypeKind::Float), 2, error)->is_number_float());
  EXPECT_EQ(check(scalar(TypeKind::Float), "2"), "error: expected float, got \"2\"");
  EXPECT_EQ(check(scalar(TypeKind::Bool), true), "ok: true");
  EXPECT_EQ(check(scalar(TypeKind::Bool), 1), "error: expected bool, got 1");
  EXPECT_EQ(check(scalar(TypeKind::String), "x"), "ok: \"x\"");
  EXPECT_EQ(check(scalar(TypeKind::String), nullptr), "error: expected string, got null");
  EXPECT_EQ(check(scalar(TypeKind::None), nullptr), "ok: null");
  EXPECT_EQ(check(scalar(TypeKind::None), 0), "error: expected none, got 0");
  EXPECT_EQ(check(scalar(TypeKind::Json), Value::parse(R"({"a":[1,null]})")), R"(ok: {"a":[1,null]})");
}

TEST_F(RuntimeValues, DatetimesAndDurationsBecomeCanonical) {
  ir::TypeId dt = scalar(TypeKind::Datetime), du = scalar(TypeKind::Duration);
  EXPECT_EQ(check(dt, "2026-11-28T02:00:00Z"), "ok: \"2026-11-28T02:00:00Z\"");
  EXPECT_EQ(check(dt, "2026-11-28"), "ok: \"2026-11-28T00:00:00Z\"");
  EXPECT_EQ(check(dt, "2026-11-28T03:00:00.250+01:00"), "ok: \"2026-11-28T02:00:00.250Z\"");
  EXPECT_EQ(check(dt, "yesterday"),
            "error: expected datetime (RFC 3339, such as \"2026-11-28T02:00:00Z\"), got \"yesterday\"");
  EXPECT_EQ(check(dt, 1700000000), "error: expected datetime (RFC 3339, such as \"2026-11-28T02:00:00Z\"), got "
                                   "1700000000");
  EXPECT_EQ(check(du, "600s"), "ok: \"600s\"");
  EXPECT_EQ(check(du, "0.25s"), "ok: \"0.250s\"");
  EXPECT_EQ(check(du, "-1.5s"), "ok: \"-1.500s\"");
  // The language's literals too (LANGUAGE.md §1).
  EXPECT_EQ(check(du, "10m"), "ok: \"600s\"");
  EXPECT_EQ(check(du, "250ms"), "ok: \"0.250s\"");
  EXPECT_EQ(check(du, "2h"), "ok: \"7200s\"");
  EXPECT_EQ(check(du, "1d"), "ok: \"86400s\"");
  EXPECT_EQ(check(du, "soon"),
            "error: expected duration (such as \"90s\", \"5m\", \"250ms\", \"2h\" or \"0.250s\"), got \"soon\"");
}

TEST_F(RuntimeValues, PathsAreNonEmptyStrings) {
  EXPECT_EQ(check(pkg.types.file("csv"), "data/x.csv"), "ok: \"data/x.csv\"");
  EXPECT_EQ(check(scalar(TypeKind::Dir), "/refs"), "ok: \"/refs\"");
  EXPECT_EQ(check(scalar(TypeKind::File), ""), "error: expected file (a path), got an empty string");
  EXPECT_EQ(check(scalar(TypeKind::File), 3), "error: expected file (a path), got 3");
  ir::TypeId df = pkg.types.dataframe({{"id", scalar(TypeKind::Int)}}, true);
  EXPECT_EQ(check(df, "t.csv"), "ok: \"t.csv\"");
  EXPECT_EQ(check(df, Value::array()), "error: expected dataframe[id: int] (a path), got []");
}

TEST_F(RuntimeValues, Enums) {
  ir::TypeId region = pkg.types.enumType("shop.Region");
  EXPECT_EQ(check(region, "EU"), "ok: \"EU\"");
  EXPECT_EQ(check(region, "eu"), "error: expected shop.Region (one of US, EU), got \"eu\"");
  EXPECT_EQ(check(region, 0), "error: expected shop.Region (one of US, EU), got 0");
  EXPECT_EQ(check(pkg.types.enumType("shop.Gone"), "X"),
            "error: enum shop.Gone is not in the package (the IR is incomplete)");
}

TEST_F(RuntimeValues, ListsAndMapsNameTheElement) {
  ir::TypeId li = pkg.types.list(scalar(TypeKind::Int));
  EXPECT_EQ(check(li, Value::parse("[1,2]")), "ok: [1,2]");
  EXPECT_EQ(check(li, Value::array()), "ok: []");
  EXPECT_EQ(check(li, Value::parse("[1,\"x\"]")), "error: element [1]: expected int, got \"x\"");
  EXPECT_EQ(check(li, 1), "error: expected list[int], got 1");
  ir::TypeId mf = pkg.types.map(scalar(TypeKind::Float));
  EXPECT_EQ(check(mf, Value::parse(R"({"eu":1,"us":0.5})")), R"(ok: {"eu":1.0,"us":0.5})");
  EXPECT_EQ(check(mf, Value::parse(R"({"eu":"x"})")), R"(error: element ["eu"]: expected float, got "x")");
  EXPECT_EQ(check(mf, Value::parse("[]")), "error: expected map[string, float], got []");
}

TEST_F(RuntimeValues, RecordsFillDefaultsAndRejectStrangers) {
  ir::TypeId stats = pkg.types.record("shop.Stats");
  // Missing fields with a default or of optional type are written out.
  EXPECT_EQ(check(stats, Value::parse(R"({"rows":1})")), R"(ok: {"label":null,"mean":0.5,"rows":1})");
  EXPECT_EQ(check(stats, Value::parse(R"({"rows":1,"mean":2,"label":"x"})")),
            R"(ok: {"label":"x","mean":2.0,"rows":1})");
  EXPECT_EQ(check(stats, Value::parse(R"({"rows":1.5})")), "error: field 'rows': expected int, got 1.5");
  EXPECT_EQ(check(stats, Value::parse(R"({"mean":1})")), "error: field 'rows': missing (a required field of shop.Stats)");
  EXPECT_EQ(check(stats, Value::parse(R"({"rows":1,"extra":2})")),
            "error: shop.Stats has no field 'extra' (its fields: rows, mean, label)");
  EXPECT_EQ(check(stats, "x"), "error: expected shop.Stats (an object with fields rows, mean, label), got \"x\"");
}

TEST_F(RuntimeValues, NestedPlacesAreNamedByPath) {
  ir::TypeId report = pkg.types.record("shop.Report");
  EXPECT_EQ(check(report, Value::parse(R"({"stats":{"rows":"x"},"files":[]})")),
            "error: field 'stats.rows': expected int, got \"x\"");
  EXPECT_EQ(check(report, Value::parse(R"({"stats":{"rows":1},"files":["a",2]})")),
            "error: field 'files[1]': expected file (a path), got 2");
  ir::TypeId reports = pkg.types.list(report);
  EXPECT_EQ(check(reports, Value::parse(R"([{"stats":{"rows":1},"files":[]},{"stats":{},"files":[]}])")),
            "error: element [1].stats.rows: missing (a required field of shop.Stats)");
}

TEST_F(RuntimeValues, UnionsAndOptionals) {
  ir::TypeId oi = pkg.types.optional(scalar(TypeKind::Int));
  EXPECT_EQ(check(oi, nullptr), "ok: null");
  EXPECT_EQ(check(oi, 3), "ok: 3");
  EXPECT_EQ(check(oi, "3"), "error: expected int?, got \"3\"");
  ir::TypeId fi = pkg.types.unionOf({scalar(TypeKind::Float), scalar(TypeKind::Int)});
  // An int stays an int when the union has an int member.
  EXPECT_EQ(check(fi, 3), "ok: 3");
  EXPECT_EQ(check(fi, 3.5), "ok: 3.5");
  ir::TypeId sd = pkg.types.unionOf({scalar(TypeKind::Duration), scalar(TypeKind::String)});
  EXPECT_EQ(check(sd, "60.5s"), "ok: \"60.500s\"");
  EXPECT_EQ(check(sd, "hello"), "ok: \"hello\"");
  // An object against an optional record reports the record's own problem.
  ir::TypeId os = pkg.types.optional(pkg.types.record("shop.Stats"));
  EXPECT_EQ(check(os, nullptr), "ok: null");
  EXPECT_EQ(check(os, Value::parse(R"({"rows":true})")), "error: field 'rows': expected int, got true");
  ir::TypeId er = pkg.types.unionOf({pkg.types.enumType("shop.Region"), scalar(TypeKind::Int)});
  EXPECT_EQ(check(er, "US"), "ok: \"US\"");
  EXPECT_EQ(check(er, "XX"), "error: expected shop.Region | int, got \"XX\"");
}

TEST_F(RuntimeValues, CommandLineValues) {
  EXPECT_EQ(cli(scalar(TypeKind::Int), "42"), "ok: 42");
  EXPECT_EQ(cli(scalar(TypeKind::Int), "abc"), "error: expected int, got \"abc\"");
  // Valid JSON of the wrong type is the text when a string is wanted.
  EXPECT_EQ(cli(scalar(TypeKind::String), "42"), "ok: \"42\"");
  EXPECT_EQ(cli(scalar(TypeKind::String), "null"), "ok: \"null\"");
  EXPECT_EQ(cli(scalar(TypeKind::String), "\"quoted\""), "ok: \"quoted\"");
  EXPECT_EQ(cli(scalar(TypeKind::String), "hello world"), "ok: \"hello world\"");
  EXPECT_EQ(cli(pkg.types.enumType("shop.Region"), "US"), "ok: \"US\"");
  EXPECT_EQ(cli(scalar(TypeKind::Datetime), "2026-01-07"), "ok: \"2026-01-07T00:00:00Z\"");
  EXPECT_EQ(cli(scalar(TypeKind::Duration), "300s"), "ok: \"300s\"");
  EXPECT_EQ(cli(scalar(TypeKind::File), "data/x.csv"), "ok: \"data/x.csv\"");
  EXPECT_EQ(cli(pkg.types.list(pkg.types.enumType("shop.Region")), R"(["US","EU"])"), R"(ok: ["US","EU"])");
  EXPECT_EQ(cli(pkg.types.record("shop.Stats"), R"({"rows": 3})"), R"(ok: {"label":null,"mean":0.5,"rows":3})");
  EXPECT_EQ(cli(pkg.types.optional(scalar(TypeKind::String)), "null"), "ok: null");
  // A union wanting strings keeps the JSON reading when it fits.
  ir::TypeId is = pkg.types.unionOf({scalar(TypeKind::Int), scalar(TypeKind::String)});
  EXPECT_EQ(cli(is, "7"), "ok: 7");
  EXPECT_EQ(cli(is, "[7]"), "ok: \"[7]\"");
  EXPECT_EQ(cli(scalar(TypeKind::Float), "2"), "ok: 2.0");
  EXPECT_EQ(cli(scalar(TypeKind::Bool), "yes"), "error: expected bool, got \"yes\"");
}

TEST_F(RuntimeValues, OutputText) {
  EXPECT_EQ(output(scalar(TypeKind::Int), "42\n"), "ok: 42");
  EXPECT_EQ(output(scalar(TypeKind::Int), "      42\n"), "ok: 42"); // wc -l
  EXPECT_EQ(output(scalar(TypeKind::Int), "-3"), "ok: -3");
  EXPECT_EQ(output(scalar(TypeKind::Int), "4.0\n"), "error: expected int, got \"4.0\"");
  EXPECT_EQ(output(scalar(TypeKind::Int), ""), "error: expected int, got \"\"");
  EXPECT_EQ(output(scalar(TypeKind::Int), "99999999999999999999"),
            "error: expected int, got \"99999999999999999999\"");
  EXPECT_EQ(output(scalar(TypeKind::Float), "0.5\n"), "ok: 0.5");
  EXPECT_EQ(output(scalar(TypeKind::Float), "1e3"), "ok: 1000.0");
  EXPECT_EQ(output(scalar(TypeKind::Float), "nan"), "error: expected float, got \"nan\"");
  EXPECT_EQ(output(scalar(TypeKind::Float), "1e999"), "error: expected float, got \"1e999\"");
  EXPECT_EQ(output(scalar(TypeKind::Bool), "true\n"), "ok: true");
  EXPECT_EQ(output(scalar(TypeKind::Bool), "False\n"), "ok: false");
  EXPECT_EQ(output(scalar(TypeKind::Bool), "1"), "error: expected bool (true or false), got \"1\"");
  // Exactly one trailing newline goes; the rest of a string is kept.
  EXPECT_EQ(output(scalar(TypeKind::String), "  hi\n\n"), "ok: \"  hi\\n\"");
  EXPECT_EQ(output(scalar(TypeKind::String), "hi\r\n"), "ok: \"hi\"");
  EXPECT_EQ(output(pkg.types.enumType("shop.Region"), "EU\n"), "ok: \"EU\"");
  EXPECT_EQ(output(scalar(TypeKind::Datetime), "2026-11-28T02:00:00Z\n"), "ok: \"2026-11-28T02:00:00Z\"");
  EXPECT_EQ(output(scalar(TypeKind::Duration), "1.5s\n"), "ok: \"1.500s\"");
  EXPECT_EQ(output(scalar(TypeKind::Json), "{\"a\": 1}\n"), R"(ok: {"a":1})");
  EXPECT_EQ(output(scalar(TypeKind::Json), "{oops"), "error: expected json (JSON), got \"{oops\"");
  EXPECT_EQ(output(pkg.types.list(scalar(TypeKind::Int)), "[1, 2]\n"), "ok: [1,2]");
  EXPECT_EQ(output(pkg.types.record("shop.Stats"), R"({"rows": "x"})"), "error: field 'rows': expected int, got \"x\"");
  EXPECT_EQ(output(scalar(TypeKind::File), "x.csv"),
            "error: file outputs are not read from text: their value is the path the task wrote to");
}

TEST_F(RuntimeValues, OutputTextOfUnions) {
  ir::TypeId oi = pkg.types.optional(scalar(TypeKind::Int));
  EXPECT_EQ(output(oi, "\n"), "ok: null");
  EXPECT_EQ(output(oi, "null\n"), "ok: null");
  EXPECT_EQ(output(oi, "5\n"), "ok: 5");
  EXPECT_EQ(output(oi, "x\n"), "error: expected int?, got \"x\"");
  ir::TypeId fs = pkg.types.unionOf({scalar(TypeKind::Float), scalar(TypeKind::String), scalar(TypeKind::Int)});
  EXPECT_EQ(output(fs, "5\n"), "ok: 5");
  EXPECT_EQ(output(fs, "5.5\n"), "ok: 5.5");
  EXPECT_EQ(output(fs, "five\n"), "ok: \"five\"");
}

TEST_F(RuntimeValues, HoldsPaths) {
  ir::TypeTable &t = pkg.types;
  EXPECT_FALSE(holdsPaths(pkg, scalar(TypeKind::Int)));
  EXPECT_FALSE(holdsPaths(pkg, scalar(TypeKind::Json)));
  EXPECT_FALSE(holdsPaths(pkg, t.record("shop.Stats")));
  EXPECT_FALSE(holdsPaths(pkg, t.map(t.list(scalar(TypeKind::String)))));
  EXPECT_TRUE(holdsPaths(pkg, scalar(TypeKind::File)));
  EXPECT_TRUE(holdsPaths(pkg, scalar(TypeKind::Dir)));
  EXPECT_TRUE(holdsPaths(pkg, t.dataframe({}, false)));
  EXPECT_TRUE(holdsPaths(pkg, t.map(t.list(t.file("csv")))));
  EXPECT_TRUE(holdsPaths(pkg, t.optional(scalar(TypeKind::Dir))));
  EXPECT_TRUE(holdsPaths(pkg, t.record("shop.Report")));
  EXPECT_TRUE(holdsPaths(pkg, t.list(t.record("shop.Report"))));
}
