// Pieces of the checker that stand alone: cron validation, name
// suggestions, the pure std functions' typing rules, the plugin registry.
#include "plugins/PluginRegistry.h"
#include "sema/Checker.h"
#include "sema/Cron.h"
#include "sema/StdFunctions.h"

#include <gtest/gtest.h>

using namespace flytec;
using namespace flytec::sema;

namespace {

TEST(Cron, AcceptsCommonExpressions) {
  for (const char *ok : {"0 2 * * *", "*/15 * * * *", "0 9-17 * * MON-FRI", "30 4 1,15 * *", "0 0 1 JAN *",
                         "@daily", "@hourly", "0 0 * * 7", "5-10/2 * * * *"})
    EXPECT_FALSE(validateCron(ok).has_value()) << ok << ": " << validateCron(ok).value_or("");
}

TEST(Cron, ExplainsWhatIsWrong) {
  EXPECT_EQ(validateCron("0 2 * *").value_or(""),
            "a cron expression has 5 fields (minute hour day-of-month month day-of-week), this one has 4");
  EXPECT_EQ(validateCron("0 25 * * *").value_or(""), "hour 25 is out of range 0-23");
  EXPECT_EQ(validateCron("0 5-2 * * *").value_or(""), "the range '5-2' in the hour field runs backwards");
  EXPECT_EQ(validateCron("*/0 * * * *").value_or(""), "bad step '0' in the minute field");
  EXPECT_EQ(validateCron("@sometimes").value_or("").substr(0, 22), "unknown macro '@someti");
  EXPECT_TRUE(validateCron("0 0 * FOO *").has_value());
}

TEST(Suggestions, NearestNameWithinATypoDistance) {
  std::vector<llvm::StringRef> names = {"region", "regions", "db", "extract"};
  EXPECT_EQ(nearestName("regoin", names).value_or(""), "region");
  EXPECT_EQ(nearestName("extrct", names).value_or(""), "extract");
  EXPECT_FALSE(nearestName("id", names).has_value());
  EXPECT_FALSE(nearestName("completely_different", names).has_value());
  EXPECT_EQ(nearestName("DB", names).value_or(""), "db");
}

TEST(StdFunctions, TypingRules) {
  TypeContext t;
  EXPECT_EQ(typeStdCall(t, "len", {t.list(t.intType())}).type, t.intType());
  EXPECT_EQ(typeStdCall(t, "range", {t.intType()}).type, t.list(t.intType()));
  EXPECT_EQ(typeStdCall(t, "sum", {t.list(t.floatType())}).type, t.floatType());
  EXPECT_EQ(typeStdCall(t, "max", {t.intType(), t.intType()}).type, t.intType());
  EXPECT_EQ(typeStdCall(t, "values", {t.map(t.boolType())}).type, t.list(t.boolType()));
  EXPECT_EQ(typeStdCall(t, "round", {t.floatType()}).type, t.intType());
  EXPECT_EQ(typeStdCall(t, "round", {t.floatType(), t.intType()}).type, t.floatType());

  StdCallTyping bad = typeStdCall(t, "len", {t.intType()});
  EXPECT_EQ(bad.problem, StdCallTyping::Problem::ArgumentType);
  EXPECT_EQ(bad.argument, 0);
  EXPECT_EQ(typeStdCall(t, "join", {t.list(t.string())}).problem, StdCallTyping::Problem::TooFew);
  EXPECT_EQ(typeStdCall(t, "upper", {t.string(), t.string()}).problem, StdCallTyping::Problem::TooMany);
  EXPECT_EQ(typeStdCall(t, "sum", {t.list(t.string())}).problem, StdCallTyping::Problem::ArgumentType);
  // An argument whose error is already reported never causes another.
  EXPECT_EQ(typeStdCall(t, "len", {t.error()}).type, t.error());
}

TEST(PluginRegistry, DeclaresEveryPluginOfTheSpec) {
  for (const char *name : {"shell", "python", "sql", "container"})
    EXPECT_NE(plugins::findPlugin(name), nullptr) << name;
  EXPECT_EQ(plugins::findPlugin("bash"), nullptr);
  const plugins::PluginInfo *sql = plugins::findPlugin("sql");
  ASSERT_NE(sql->key("database"), nullptr);
  EXPECT_TRUE(sql->key("database")->required);
  EXPECT_EQ(sql->placeholders, plugins::PlaceholderRule::BoundParameter);
  EXPECT_EQ(plugins::findPlugin("python")->placeholders, plugins::PlaceholderRule::None);
  EXPECT_TRUE(plugins::findPlugin("container")->key("image")->required);
  EXPECT_NE(plugins::findBuiltin("std.read_csv"), nullptr);
  EXPECT_EQ(plugins::findBuiltin("std.nope"), nullptr);
}

} // namespace
