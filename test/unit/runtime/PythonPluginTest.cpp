// The python plugin: inputs as natural Python values (never source text),
// outputs of every kind set with `outputs.x = ...` or written at
// `outputs.path("x")`, `python(file:, function:)`, and failures that say
// what went wrong.
#include "PluginTestSupport.h"

using namespace flytec;
using namespace flytec::runtime;
using namespace flytec::runtime::testing;

namespace {

class PythonPlugin : public ::testing::Test {
protected:
  TempDir dir;
  std::unique_ptr<Plugin> plugin = makePythonPlugin();
};

} // namespace

TEST_F(PythonPlugin, InputsAreNaturalPythonValues) {
  auto pkg = compile(R"src(
enum Region { US, EU }
record Stats { rows: int  label: string? = none }
task kinds(n: int, x: float, b: bool, s: string, r: Region, f: file, t: dataframe, st: Stats, xs: list[int],
           m: map[string, float], when: datetime, d: duration, j: json, o: int?) -> (report: string) {
  python """
    import datetime
    checks = [
        type(n) is int and n == 3,
        type(x) is float and x == 2.0,
        b is True,
        s == "it's \"quoted\"\n",
        r == "EU",
        f.endswith("in.txt") and open(f).read() == "file text",
        t.endswith(".csv"),
        st.rows == 2 and st.label is None,
        xs == [1, 2],
        m == {"a": 0.5},
        when == datetime.datetime(2026, 1, 7, tzinfo=datetime.timezone.utc),
        d == datetime.timedelta(seconds=90),
        j == {"k": [1, None]},
        o is None,
    ]
    outputs.report = "".join("1" if c else "0" for c in checks)
  """
}
)src",
                     dir.path);
  ASSERT_TRUE(pkg);
  writeFile(dir / "in.txt", "file text");
  writeFile(dir / "t.csv", "a\n1\n");
  TaskResult r = run(*plugin, *pkg, "kinds",
                     {{"n", 3},
                      {"x", 2.0},
                      {"b", true},
                      {"s", "it's \"quoted\"\n"},
                      {"r", "EU"},
                      {"f", dir / "in.txt"},
                      {"t", dir / "t.csv"},
                      {"st", {{"rows", 2}, {"label", nullptr}}},
                      {"xs", {1, 2}},
                      {"m", {{"a", 0.5}}},
                      {"when", "2026-01-07T00:00:00Z"},
                      {"d", "90s"},
                      {"j", ir::Value::parse(R"({"k": [1, null]})")},
                      {"o", nullptr}},
                     dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(r.outputs["report"], "11111111111111");
}

TEST_F(PythonPlugin, InputsAreNeverSource) {
  auto pkg = compile(R"src(
task echo(text: string) -> (out: string) {
  python "outputs.out = text"
}
)src",
                     dir.path);
  ASSERT_TRUE(pkg);
  for (const char *text : {"\"\"\"; open('pwned', 'w'); \"\"\"", "'); __import__('os').system('touch pwned'); ('",
                           "\\", "\n"}) {
    TempDir attemptDir;
    TaskResult r = run(*plugin, *pkg, "echo", {{"text", text}}, attemptDir.path);
    ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
    EXPECT_EQ(r.outputs["out"], text);
    EXPECT_FALSE(exists(attemptDir / "work/pwned"));
  }
}

TEST_F(PythonPlugin, OutputsOfEveryKind) {
  auto pkg = compile(R"src(
enum Region { US, EU }
record Stats { rows: int  mean: float  label: string? = none }
task outs() -> (n: int, x: float, b: bool, s: string, r: Region, f: file, d: dir, t: dataframe, rows: dataframe,
                st: Stats, xs: list[Stats], m: map[string, int], when: datetime, dur: duration, j: json, o: int?,
                written: file) {
  python """
    import datetime, enum, os
    class Colour(enum.Enum):
        EU = 1
    outputs.n = 42
    outputs.x = 3
    outputs.b = False
    outputs.s = "text"
    outputs.r = Colour.EU
    with open("result.txt", "w") as fh:
        fh.write("hello")
    outputs.f = "result.txt"
    os.mkdir("outdir")
    outputs.d = "outdir"
    with open(outputs.path("t"), "w") as fh:
        fh.write("a,b\n1,2\n")
    outputs.t = outputs.path("t")
    outputs.rows = [{"a": 1, "b": "x"}, {"a": 2, "b": "y,z"}]
    outputs.st = flytec_task.Record(rows=1, mean=0.5)
    outputs.xs = [{"rows": 2, "mean": 1.5, "label": "dict"}]
    outputs.m = {"a": 1}
    outputs.when = datetime.datetime(2026, 11, 28, 2, 0, 0, 250000, tzinfo=datetime.timezone.utc)
    outputs.dur = datetime.timedelta(minutes=10)
    outputs.j = {"any": [1, "two", None]}
    outputs.o = None
    with open(outputs.path("written"), "w") as fh:
        fh.write("by path")
  """
}
)src",
                     dir.path);
  ASSERT_TRUE(pkg);
  // `import flytec_task` is not needed in the script: make the Record
  // constructor reachable the way a user would.
  pkg->tasks.at("m.outs").script->insert(pkg->tasks.at("m.outs").script->begin(),
                                         ir::ScriptPart{"import flytec_task\n", false});
  TaskResult r = run(*plugin, *pkg, "outs", {}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(r.outputs["n"], 42);
  EXPECT_TRUE(r.outputs["x"].is_number_float());
  EXPECT_EQ(r.outputs["x"], 3.0);
  EXPECT_EQ(r.outputs["b"], false);
  EXPECT_EQ(r.outputs["s"], "text");
  EXPECT_EQ(r.outputs["r"], "EU");
  EXPECT_EQ(readFile(r.outputs["f"]), "hello");
  EXPECT_EQ(r.outputs["f"].get<std::string>().front(), '/');
  EXPECT_TRUE(llvm::sys::fs::is_directory(r.outputs["d"].get<std::string>()));
  EXPECT_EQ(readFile(r.outputs["t"]), "a,b\n1,2\n");
  EXPECT_EQ(readFile(r.outputs["rows"]), "a,b\r\n1,x\r\n2,\"y,z\"\r\n");
  EXPECT_EQ(r.outputs["st"], ir::Value::parse(R"({"rows": 1, "mean": 0.5, "label": null})"));
  EXPECT_EQ(r.outputs["xs"], ir::Value::parse(R"([{"rows": 2, "mean": 1.5, "label": "dict"}])"));
  EXPECT_EQ(r.outputs["m"], ir::Value::parse(R"({"a": 1})"));
  EXPECT_EQ(r.outputs["when"], "2026-11-28T02:00:00.250Z");
  EXPECT_EQ(r.outputs["dur"], "600s");
  EXPECT_EQ(r.outputs["j"], ir::Value::parse(R"({"any": [1, "two", null]})"));
  EXPECT_TRUE(r.outputs["o"].is_null());
  EXPECT_EQ(readFile(r.outputs["written"]), "by path");
}

TEST_F(PythonPlugin, WrongOutputTypeNamesTheOutput) {
  auto pkg = compile(R"src(
task bad() -> (n: int) {
  python "outputs.n = 'abc'"
}
)src",
                     dir.path);
  ASSERT_TRUE(pkg);
  TaskResult r = run(*plugin, *pkg, "bad", {}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("output 'n'"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("int"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("abc"), std::string::npos) << r.error;
}

TEST_F(PythonPlugin, UnsetOutputAndExceptionsAreExplained) {
  auto pkg = compile(R"src(
task unset() -> (n: int) {
  python "x = 1"
}
task raises() -> (n: int) {
  python "raise ValueError('no data for EU')"
}
)src",
                     dir.path);
  ASSERT_TRUE(pkg);
  TaskResult r = run(*plugin, *pkg, "unset", {}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("output 'n' (int) was never set"), std::string::npos) << r.error;
  TempDir other;
  r = run(*plugin, *pkg, "raises", {}, other.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_EQ(r.error, "the script raised ValueError: no data for EU");
  EXPECT_NE(r.stderrTail.find("Traceback"), std::string::npos) << r.stderrTail;
}

TEST_F(PythonPlugin, FileAndFunction) {
  writeFile(dir / "model.py", R"src(
import flytec_task

def predict(x, scale):
    return x * scale

def both(x, scale):
    return x + 1, float(x) * scale

def uses_checkpoint(x, scale):
    with open(flytec_task.checkpoint.dir + "/seen", "w") as f:
        f.write(str(x))
    return x
)src");
  writeFile(dir / "script.py", "outputs.y = x * 2\n");
  auto pkg = compile(R"src(
task one(x: int, scale: int) -> (y: int) {
  python(file: "model.py", function: "predict")
}
task two(x: int, scale: float) -> (a: int, b: float) {
  python(file: "model.py", function: "both")
}
task ckpt(x: int, scale: int) -> (y: int) {
  python(file: "model.py", function: "uses_checkpoint")
}
task whole(x: int) -> (y: int) {
  python(file: "script.py")
}
)src",
                     dir.path);
  ASSERT_TRUE(pkg);
  TaskResult r = run(*plugin, *pkg, "one", {{"x", 4}, {"scale", 3}}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(r.outputs["y"], 12);
  r = run(*plugin, *pkg, "two", {{"x", 4}, {"scale", 0.5}}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(r.outputs["a"], 5);
  EXPECT_EQ(r.outputs["b"], 2.0);
  r = run(*plugin, *pkg, "ckpt", {{"x", 9}, {"scale", 1}}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(readFile(dir / "checkpoint/seen"), "9");
  r = run(*plugin, *pkg, "whole", {{"x", 5}}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(r.outputs["y"], 10);
}

TEST_F(PythonPlugin, TimeoutAndEnv) {
  auto pkg = compile(R"src(
task slow() {
  python "import time\ntime.sleep(100)"
}
task env(name: string) -> (v: string) {
  python(env: {"WHO": "plain 'text'"}) "import os\noutputs.v = os.environ['WHO'] + name"
}
)src",
                     dir.path);
  ASSERT_TRUE(pkg);
  TaskResult r = run(*plugin, *pkg, "slow", {}, dir.path, 500);
  EXPECT_EQ(r.status, TaskResult::Status::TimedOut) << describe(r);
  TempDir other;
  r = run(*plugin, *pkg, "env", {{"name", "$(x) 'y'"}}, other.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(r.outputs["v"], "plain 'text'$(x) 'y'");
}
