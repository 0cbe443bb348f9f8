// The shell plugin: placeholders rendered per LANGUAGE.md §5.2 (no input
// can inject shell), outputs parsed by type, failures that say what
// happened, env:, checkpoint and deck, timeouts and cancellation.
#include "plugins/ShellQuoting.h"

#include "PluginTestSupport.h"

using namespace flytec;
using namespace flytec::runtime;
using namespace flytec::runtime::testing;

namespace {

const char *kEcho = R"(
enum Region { US, EU }
record Stats { rows: int  label: string }
task echo(text: string) -> (out: string) {
  shell "printf '%s' {{text}} > {{outputs.out}}"
}
task echo_field(s: Stats) -> (out: string) {
  shell "printf '%s' {{s.label}} > {{outputs.out}}"
}
task echo_list(xs: list[string]) -> (out: string) {
  shell "printf '%s' {{xs}} > {{outputs.out}}"
}
task render(n: int, x: float, b: bool, r: Region, xs: list[int], o: string?) -> (out: string) {
  shell "printf '%s|' {{n}} {{x}} {{b}} {{r}} {{xs}} {{o}} > {{outputs.out}}"
}
)";

class ShellPlugin : public ::testing::Test {
protected:
  TempDir dir;
  std::unique_ptr<Plugin> plugin = makeShellPlugin();
  std::unique_ptr<ir::Package> package = compile(kEcho, dir.path);
};

const char *const kInjections[] = {
    "'; touch pwned; '",
    "$(touch pwned)",
    "`touch pwned`",
    "\"; touch pwned; \"",
    "a'b\"c\\d $HOME ${PWD} * ? ~ ; | & > pwned < /dev/null",
    "'\\''; touch pwned; echo '",
    "\n touch pwned\n",
    "-n",
    "",
};

} // namespace

TEST(ShellQuoting, SingleQuotesWithPosixEscaping) {
  EXPECT_EQ(shellQuote("abc"), "'abc'");
  EXPECT_EQ(shellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(shellQuote(""), "''");
}

TEST_F(ShellPlugin, StringInputsCannotInjectShellAndComeBackVerbatim) {
  ASSERT_TRUE(package);
  for (const char *text : kInjections) {
    TempDir attemptDir;
    TaskResult r = run(*plugin, *package, "echo", {{"text", text}}, attemptDir.path);
    ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << text << "\n" << describe(r);
    // One trailing newline is removed from a scalar output (§5.2).
    std::string expected = text;
    if (!expected.empty() && expected.back() == '\n')
      expected.pop_back();
    EXPECT_EQ(r.outputs["out"], expected) << text;
    EXPECT_FALSE(exists(attemptDir / "work/pwned")) << "injected by: " << text;
    EXPECT_FALSE(exists(attemptDir / "pwned")) << "injected by: " << text;
  }
}

TEST_F(ShellPlugin, RecordFieldsAndListsCannotInjectEither) {
  ASSERT_TRUE(package);
  TaskResult r = run(*plugin, *package, "echo_field", {{"s", {{"rows", 1}, {"label", "$(touch pwned)'"}}}},
                     dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(r.outputs["out"], "$(touch pwned)'");
  TempDir other;
  r = run(*plugin, *package, "echo_list", {{"xs", {"'; touch pwned; '", "$(touch pwned)"}}}, other.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(r.outputs["out"], R"x(["'; touch pwned; '","$(touch pwned)"])x");
  EXPECT_FALSE(exists(dir / "work/pwned"));
  EXPECT_FALSE(exists(other / "work/pwned"));
}

TEST_F(ShellPlugin, ScalarsBareOthersQuoted) {
  ASSERT_TRUE(package);
  TaskResult r = run(*plugin, *package, "render",
                     {{"n", -3}, {"x", 0.5}, {"b", true}, {"r", "EU"}, {"xs", {1, 2}}, {"o", nullptr}},
                     dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(r.outputs["out"], "-3|0.5|true|EU|[1,2]||");
  // The script as rendered: bare scalars, quoted words.
  const ir::Task &task = package->tasks.at("m.render");
  ValueMap inputs = {{"n", 7}, {"x", 1.5}, {"b", false}, {"r", "US"}, {"xs", {"it's"}}, {"o", "x"}};
  PlaceholderScope scope{*package, task, inputs, "/w", "/c", "/d"};
  PathNames paths{[](llvm::StringRef name) { return "/w/outputs/" + name.str(); }, "/c", "/d"};
  std::string error;
  auto text = renderParts(scope, *task.script, true, paths, error);
  ASSERT_TRUE(text) << error;
  EXPECT_EQ(*text, "printf '%s|' 7 1.5 false 'US' '[\"it'\\''s\"]' 'x' > '/w/outputs/out'");
}

TEST_F(ShellPlugin, OutputsParsedByType) {
  auto pkg = compile(R"(
enum Region { US, EU }
task outs() -> (n: int, x: float, b: bool, s: string, r: Region, xs: list[int], j: json, f: file, d: dir,
                t: dataframe, o: int?) {
  shell """
    echo 42 > {{outputs.n}}
    printf '2.5' > {{outputs.x}}
    echo true > {{outputs.b}}
    printf 'two\nlines\n\n' > {{outputs.s}}
    echo EU > {{outputs.r}}
    echo '[1, 2, 3]' > {{outputs.xs}}
    echo '{"k": [1]}' > {{outputs.j}}
    echo content > {{outputs.f}}
    mkdir {{outputs.d}} && touch {{outputs.d}}/inside
    printf 'a,b\n1,2\n' > {{outputs.t}}
  """
}
)",
                     dir.path);
  ASSERT_TRUE(pkg);
  TaskResult r = run(*plugin, *pkg, "outs", {}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(r.outputs["n"], 42);
  EXPECT_EQ(r.outputs["x"], 2.5);
  EXPECT_EQ(r.outputs["b"], true);
  EXPECT_EQ(r.outputs["s"], "two\nlines\n");
  EXPECT_EQ(r.outputs["r"], "EU");
  EXPECT_EQ(r.outputs["xs"], ir::Value({1, 2, 3}));
  EXPECT_EQ(r.outputs["j"], ir::Value::parse(R"({"k": [1]})"));
  EXPECT_TRUE(r.outputs["o"].is_null()); // optional and not written: none
  for (const char *name : {"f", "d", "t"}) {
    ASSERT_TRUE(r.outputs[name].is_string()) << name;
    std::string path = r.outputs[name];
    EXPECT_EQ(path.front(), '/') << name << " is not absolute: " << path;
    EXPECT_TRUE(exists(path)) << path;
  }
  EXPECT_EQ(readFile(r.outputs["f"]), "content\n");
  EXPECT_TRUE(exists(r.outputs["d"].get<std::string>() + "/inside"));
  EXPECT_EQ(llvm::StringRef(r.outputs["t"].get<std::string>()).endswith(".csv"), true);
}

TEST_F(ShellPlugin, ABadValueNamesTheOutputTheTypeAndTheText) {
  auto pkg = compile(R"(
task bad() -> (n: int) {
  shell "echo abc > {{outputs.n}}"
}
)",
                     dir.path);
  ASSERT_TRUE(pkg);
  TaskResult r = run(*plugin, *pkg, "bad", {}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("output 'n'"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("int"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("abc"), std::string::npos) << r.error;
}

TEST_F(ShellPlugin, AMissingOutputIsNamed) {
  auto pkg = compile(R"(
task none_written() -> (f: file, n: int) {
  shell "echo 1 > {{outputs.n}}"
}
)",
                     dir.path);
  ASSERT_TRUE(pkg);
  TaskResult r = run(*plugin, *pkg, "none_written", {}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("output 'f'"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("wrote nothing"), std::string::npos) << r.error;
}

TEST_F(ShellPlugin, NonZeroExitGivesTheStatusAndTheStderrTail) {
  auto pkg = compile(R"(
task broken() {
  shell "echo 'something broke' >&2; exit 7"
}
)",
                     dir.path);
  ASSERT_TRUE(pkg);
  TaskResult r = run(*plugin, *pkg, "broken", {}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_EQ(r.error, "exit status 7");
  EXPECT_EQ(r.stderrTail, "something broke");
  EXPECT_EQ(readFile(dir / "log/stderr.log"), "something broke\n");
}

TEST_F(ShellPlugin, EnvTemplatesCheckpointAndDeck) {
  auto pkg = compile(R"(
task greet(name: string) -> (greeting: string) {
  shell(env: {"GREETING_NAME": "{{name}}", "MODE": "plain"}) """
    printf '%s/%s' "$GREETING_NAME" "$MODE" > {{outputs.greeting}}
    echo saved > {{checkpoint}}/state
    echo '<h1>report</h1>' > {{deck}}/index.html
  """
}
)",
                     dir.path);
  ASSERT_TRUE(pkg);
  TaskResult r = run(*plugin, *pkg, "greet", {{"name", "$(touch pwned) O'Brien"}}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(r.outputs["greeting"], "$(touch pwned) O'Brien/plain");
  EXPECT_EQ(readFile(dir / "checkpoint/state"), "saved\n");
  EXPECT_TRUE(exists(dir / "deck/index.html"));
  EXPECT_FALSE(exists(dir / "work/pwned"));
}

TEST_F(ShellPlugin, TimeoutKillsTheScriptsProcessGroup) {
  auto pkg = compile(R"(
task slow() {
  shell "sleep 100 & echo $! > bg; sleep 100"
}
)",
                     dir.path);
  ASSERT_TRUE(pkg);
  TaskResult r = run(*plugin, *pkg, "slow", {}, dir.path, 300);
  EXPECT_EQ(r.status, TaskResult::Status::TimedOut) << describe(r);
  EXPECT_EQ(r.error, "timed out after 0.300s");
  pid_t bg = pid_t(std::atoi(readFile(dir / "work/bg").c_str()));
  ASSERT_GT(bg, 0);
  EXPECT_TRUE(diesWithin(bg)) << "the script's background job survived the timeout";
}

TEST_F(ShellPlugin, CancelEndsTheAttemptWithCancelledOnce) {
  auto pkg = compile(R"(
task slow() {
  shell "sleep 100"
}
)",
                     dir.path);
  ASSERT_TRUE(pkg);
  Attempt attempt(*pkg, "slow", {}, dir.path);
  attempt.start(*plugin);
  attempt.running->cancel();
  TaskResult r = attempt.wait();
  EXPECT_EQ(r.status, TaskResult::Status::Cancelled) << describe(r);
  attempt.running->cancel(); // harmless after completion
  EXPECT_EQ(attempt.completions.load(), 1);
}
