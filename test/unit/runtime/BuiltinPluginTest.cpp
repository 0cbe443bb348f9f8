// The builtin plugin: every std builtin of the registry has an
// implementation, and each does what stdlib/std.flyte says.
#include "plugins/PluginRegistry.h"

#include "PluginTestSupport.h"

using namespace flytec;
using namespace flytec::runtime;
using namespace flytec::runtime::testing;

namespace {

/// Tasks calling the builtins as the stdlib declares them (the lowering
/// copies only what a workflow uses, so the tests declare their own).
const char *kBuiltins = R"src(
@builtin("std.fail") task fail(message: string)
@builtin("std.sleep") task sleep(for: duration)
@builtin("std.approve") task approve(value: json, prompt: string = "") -> (value: json)
@builtin("std.read_text") task read_text(f: file) -> (text: string)
@builtin("std.write_text") task write_text(text: string) -> (f: file)
@builtin("std.concat") task concat(files: list[file]) -> (f: file)
@builtin("std.read_csv") task read_csv(f: file) -> (df: dataframe)
@builtin("std.to_csv") task to_csv(df: dataframe) -> (f: file)
)src";

class BuiltinPlugin : public ::testing::Test {
protected:
  TempDir dir;
  std::unique_ptr<Plugin> plugin = makeBuiltinPlugin();
  std::unique_ptr<ir::Package> package = compile(kBuiltins, dir.path);
};

} // namespace

TEST(Builtins, EveryRegistryBuiltinIsImplemented) {
  for (const plugins::BuiltinInfo &b : plugins::allBuiltins())
    EXPECT_TRUE(implementsBuiltin(b.name)) << b.name.str();
}

TEST_F(BuiltinPlugin, FailGivesTheMessage) {
  ASSERT_TRUE(package);
  TaskResult r = run(*plugin, *package, "fail", {{"message", "no data for EU"}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_EQ(r.error, "no data for EU");
}

TEST_F(BuiltinPlugin, SleepWaitsAndIsCancelledOrTimedOut) {
  ASSERT_TRUE(package);
  TaskResult r = run(*plugin, *package, "sleep", {{"for", "0.010s"}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  r = run(*plugin, *package, "sleep", {{"for", "3600s"}}, dir.path, 50);
  EXPECT_EQ(r.status, TaskResult::Status::TimedOut) << describe(r);
  Attempt attempt(*package, "sleep", {{"for", "3600s"}}, dir.path);
  attempt.start(*plugin);
  attempt.running->cancel();
  EXPECT_EQ(attempt.wait().status, TaskResult::Status::Cancelled);
}

TEST_F(BuiltinPlugin, GatesAreNotTasks) {
  ASSERT_TRUE(package);
  TaskResult r = run(*plugin, *package, "approve", {{"value", 1}, {"prompt", ""}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("std.approve is a gate"), std::string::npos) << r.error;
}

TEST_F(BuiltinPlugin, TextFilesRoundTrip) {
  ASSERT_TRUE(package);
  TaskResult w = run(*plugin, *package, "write_text", {{"text", "héllo\n"}}, dir.path);
  ASSERT_EQ(w.status, TaskResult::Status::Succeeded) << describe(w);
  std::string path = w.outputs["f"];
  EXPECT_EQ(path.front(), '/');
  EXPECT_EQ(readFile(path), "héllo\n");
  TaskResult r = run(*plugin, *package, "read_text", {{"f", path}}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(r.outputs["text"], "héllo\n");

  writeFile(dir / "bin", std::string("\xff\xfe", 2));
  r = run(*plugin, *package, "read_text", {{"f", dir / "bin"}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("is not UTF-8"), std::string::npos) << r.error;
  r = run(*plugin, *package, "read_text", {{"f", dir / "missing"}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("cannot read " + dir / "missing"), std::string::npos) << r.error;
}

TEST_F(BuiltinPlugin, ConcatInOrder) {
  ASSERT_TRUE(package);
  writeFile(dir / "a", "one\n");
  writeFile(dir / "b", "two\n");
  TaskResult r = run(*plugin, *package, "concat", {{"files", {dir / "b", dir / "a", dir / "b"}}}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(readFile(r.outputs["f"]), "two\none\ntwo\n");
  r = run(*plugin, *package, "concat", {{"files", {dir / "a", dir / "nope"}}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("files[1]"), std::string::npos) << r.error;
}

TEST_F(BuiltinPlugin, CsvIsCheckedAndCopied) {
  ASSERT_TRUE(package);
  std::string text = "id,note\n1,\"a, b\"\n2,\"two\nlines\"\n";
  writeFile(dir / "in.csv", text);
  TaskResult r = run(*plugin, *package, "read_csv", {{"f", dir / "in.csv"}}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  std::string df = r.outputs["df"];
  EXPECT_NE(df, dir / "in.csv") << "an output must be a new file, not the input";
  EXPECT_EQ(readFile(df), text);
  TaskResult back = run(*plugin, *package, "to_csv", {{"df", df}}, dir.path);
  ASSERT_EQ(back.status, TaskResult::Status::Succeeded) << describe(back);
  EXPECT_EQ(readFile(back.outputs["f"]), text);

  writeFile(dir / "ragged.csv", "a,b\n1,2\n3\n");
  r = run(*plugin, *package, "read_csv", {{"f", dir / "ragged.csv"}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("line 3 has 1 fields, the header has 2"), std::string::npos) << r.error;
  writeFile(dir / "empty.csv", "");
  r = run(*plugin, *package, "read_csv", {{"f", dir / "empty.csv"}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("needs a header row"), std::string::npos) << r.error;
}

TEST_F(BuiltinPlugin, UnknownBuiltinSaysSo) {
  ASSERT_TRUE(package);
  ir::Package copy = *package;
  copy.tasks.at("m.fail").builtin = "std.nope";
  TaskResult r = run(*plugin, copy, "fail", {{"message", "x"}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("no builtin 'std.nope'"), std::string::npos) << r.error;
}
