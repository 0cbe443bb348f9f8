// The executor over a fake plugin: no processes, no sleeps. Tasks are
// written in .flyte source (compiled as `flytec run` does, at -O1) and the
// fake plays their bodies: a function of the task's name, inputs and
// attempt. What is checked: values flow along edges, the order nodes start
// in, retries, fail-fast and continue policies, maps under
// @min_success_ratio, branches, the cache, and recovery from the events.
#include "driver/Compilation.h"
#include "driver/IrPipeline.h"
#include "exec/Executor.h"
#include "ir/IrJson.h"
#include "store/ExecutionState.h"
#include "store/Store.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/raw_ostream.h>

#include <gtest/gtest.h>

using namespace flytec;
using namespace flytec::runtime;

namespace {

struct Call {
  std::string task;
  ValueMap inputs;
  int attempt;
};

using Behaviour = std::function<TaskResult(const Call &)>;

class FakeTask : public RunningTask {
public:
  void cancel() override {}
};

/// Completes every attempt at once, on the executor's thread, with what the
/// test's behaviour says; records the calls in order.
class FakePlugin : public Plugin {
public:
  FakePlugin(std::string name, std::vector<Call> &calls, Behaviour &behave)
      : name_(std::move(name)), calls_(calls), behave_(behave) {}
  llvm::StringRef name() const override { return name_; }
  std::unique_ptr<RunningTask> start(const TaskRequest &request, Completion done) override {
    Call call{request.task->name, request.inputs, request.attempt};
    calls_.push_back(call);
    done(behave_(call));
    return std::make_unique<FakeTask>();
  }

private:
  std::string name_;
  std::vector<Call> &calls_;
  Behaviour &behave_;
};

TaskResult ok(ValueMap outputs) {
  TaskResult r;
  r.status = TaskResult::Status::Succeeded;
  r.outputs = std::move(outputs);
  return r;
}

TaskResult failed(std::string error) {
  TaskResult r;
  r.status = TaskResult::Status::Failed;
  r.error = std::move(error);
  return r;
}

class ExecutorTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<128> dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("flytec-executor-test", dir));
    dir_ = std::string(dir.str());
    std::string error;
    store_ = Store::open(dir_ + "/store", error);
    ASSERT_TRUE(store_) << error;
    for (const char *name : {"shell", "python", "sql", "builtin", "container"})
      plugins_.add(std::make_unique<FakePlugin>(name, calls_, behave_));
  }
  void TearDown() override {
    store_.reset();
    llvm::sys::fs::remove_directories(dir_);
  }

  /// Compiles `source` (module m) at -O1.
  void compile(const std::string &source) {
    std::string path = dir_ + "/m.flyte";
    {
      std::error_code ec;
      llvm::raw_fd_ostream os(path, ec);
      os << source;
    }
    Compilation compilation;
    std::string error;
    unsigned id = compilation.addFile(path, error);
    ASSERT_NE(id, 0u) << error;
    passes::PassManager pipeline;
    passes::PipelineOptions options;
    options.optLevel = 1;
    ASSERT_TRUE(pipeline.configure(options, error)) << error;
    std::string diagnostics;
    llvm::raw_string_ostream out(diagnostics);
    IrPipelineResult result = compileToIr(compilation, {id}, sema::SemaOptions{}, &pipeline, out, out);
    ASSERT_TRUE(result.package) << "the test program does not compile: " << result.loweringError
                                << result.internalError;
    package_ = std::move(result.package);
  }

  ExecutionOutcome run(const std::string &workflow, ValueMap inputs = {}, ExecutionOptions options = {}) {
    options.retryBackoffMs = 0;
    options.moduleRoot = dir_;
    Executor executor(*package_, *store_, plugins_, options);
    return executor.run(package_->workflows.at("m." + workflow), inputs, "sha256:test");
  }

  std::vector<std::string> started() const {
    std::vector<std::string> names;
    for (const Call &c : calls_)
      names.push_back(c.task.substr(2) + (c.attempt > 1 ? "#" + std::to_string(c.attempt) : ""));
    return names;
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<ir::Package> package_;
  std::vector<Call> calls_;
  Behaviour behave_;
  PluginSet plugins_;
};

/// Tasks that add one to their input, named by what the tests need.
const char *kChain = R"(module m
task inc(x: int) -> (y: int) { shell "echo" }
task add(a: int, b: int) -> (y: int) { shell "echo" }
workflow diamond(x: int) -> (r: int, s: string) {
  let a = inc(x: x)
  let b = inc(x: a)
  let c = inc(x: a + 10)
  let d = add(a: b, b: c)
  return (r: d, s: "total {{d}}")
}
)";

TaskResult arithmetic(const Call &c) {
  if (c.task == "m.inc")
    return ok({{"y", c.inputs.at("x").get<int64_t>() + 1}});
  if (c.task == "m.add")
    return ok({{"y", c.inputs.at("a").get<int64_t>() + c.inputs.at("b").get<int64_t>()}});
  return failed("unexpected task " + c.task);
}

} // namespace

TEST_F(ExecutorTest, ValuesFlowAlongEdgesAndExpressions) {
  compile(kChain);
  behave_ = arithmetic;
  ExecutionOutcome out = run("diamond", {{"x", 1}});
  ASSERT_TRUE(out.succeeded) << out.error;
  // a = 2, b = 3, c = 13, d = 16
  EXPECT_EQ(out.outputs.at("r"), 16);
  EXPECT_EQ(out.outputs.at("s"), "total 16");
  ASSERT_EQ(calls_.size(), 4u);
  EXPECT_EQ(started().front(), "inc");
  EXPECT_EQ(started().back(), "add");
}

TEST_F(ExecutorTest, TheLongerChainStartsFirst) {
  compile(R"(module m
task t(x: int) -> (y: int) { shell "echo" }
task long1(x: int) -> (y: int) { shell "echo" }
workflow w(x: int) -> (a: int, b: int) {
  let short = t(x: x)
  let l1 = long1(x: x)
  let l2 = t(x: l1)
  let l3 = t(x: l2)
  return (a: short, b: l3)
}
)");
  behave_ = [](const Call &c) { return ok({{"y", c.inputs.at("x").get<int64_t>() + 1}}); };
  ExecutionOptions options;
  options.maxParallel = 1;
  ExecutionOutcome out = run("w", {{"x", 0}}, options);
  ASSERT_TRUE(out.succeeded) << out.error;
  EXPECT_EQ(started(), (std::vector<std::string>{"long1", "t", "t", "t"}));
  EXPECT_EQ(out.outputs.at("b"), 3);
}

TEST_F(ExecutorTest, RetriesUntilAnAttemptSucceeds) {
  compile(R"(module m
@retries(2)
task flaky(x: int) -> (y: int) { shell "echo" }
workflow w(x: int) -> (y: int) { return (y: flaky(x: x)) }
)");
  behave_ = [](const Call &c) { return c.attempt < 3 ? failed("exit status 1") : ok({{"y", 7}}); };
  ExecutionOutcome out = run("w", {{"x", 0}});
  ASSERT_TRUE(out.succeeded) << out.error;
  EXPECT_EQ(started(), (std::vector<std::string>{"flaky", "flaky#2", "flaky#3"}));
  ExecutionState state = fold(store_->events(out.executionId));
  EXPECT_EQ(state.status, ExecutionStatus::Succeeded);
  EXPECT_EQ(state.nodes.at("y").attempts, 3); // the node is named by the output it gives
}

TEST_F(ExecutorTest, AFailureAfterTheLastRetryFailsTheExecution) {
  compile(R"(module m
@retries(1)
task flaky(x: int) -> (y: int) { shell "echo" }
task other(x: int) -> (y: int) { shell "echo" }
workflow w(x: int) -> (y: int, z: int) {
  let a = flaky(x: x)
  let b = other(x: a)
  return (y: b, z: other(x: x))
}
)");
  behave_ = [](const Call &c) { return c.task == "m.flaky" ? failed("exit status 3") : ok({{"y", 1}}); };
  ExecutionOptions options;
  options.maxParallel = 1;
  ExecutionOutcome out = run("w", {{"x", 0}}, options);
  EXPECT_FALSE(out.succeeded);
  EXPECT_EQ(out.failedNode, "a");
  EXPECT_EQ(out.attempts, 2);
  EXPECT_NE(out.error.find("exit status 3 (after 2 attempts)"), std::string::npos) << out.error;
  EXPECT_NE(out.loc.find("m.flyte:6:"), std::string::npos) << out.loc;
  // b never starts; fail-fast stops the execution.
  for (const Call &c : calls_)
    EXPECT_NE(c.inputs.count("x") && c.task == "m.other" && c.inputs.at("x") == 1, true);
  ExecutionState state = fold(store_->events(out.executionId));
  EXPECT_EQ(state.status, ExecutionStatus::Failed);
  EXPECT_EQ(state.nodes.at("a").status, NodeStatus::Failed);
}

TEST_F(ExecutorTest, ContinuePolicyRunsWhatDoesNotDependOnTheFailure) {
  compile(R"(module m
task bad(x: int) -> (y: int) { shell "echo" }
task good(x: int) -> (y: int) { shell "echo" }
@failure_policy(continue)
workflow w(x: int) -> (y: int, z: int) {
  let a = bad(x: x)
  let b = good(x: a)
  let c = good(x: x)
  return (y: b, z: c)
}
)");
  behave_ = [](const Call &c) { return c.task == "m.bad" ? failed("no") : ok({{"y", 5}}); };
  ExecutionOptions options;
  options.maxParallel = 1;
  ExecutionOutcome out = run("w", {{"x", 0}}, options);
  EXPECT_FALSE(out.succeeded);
  EXPECT_EQ(started(), (std::vector<std::string>{"bad", "good"}));
  ExecutionState state = fold(store_->events(out.executionId));
  EXPECT_EQ(state.nodes.at("b").status, NodeStatus::Skipped);
  EXPECT_EQ(state.nodes.at("c").status, NodeStatus::Succeeded);
}

TEST_F(ExecutorTest, MapsKeepOrderAndFailOnlyBelowTheSuccessRatio) {
  compile(R"(module m
task sq(x: int) -> (y: int) { shell "echo" }
workflow strict(xs: list[int]) -> (ys: list[int]) {
  let ys = for x in xs { sq(x: x) }
  return (ys: ys)
}
workflow lenient(xs: list[int]) -> (ys: list[int]) {
  @min_success_ratio(0.5)
  let ys = for x in xs { sq(x: x) }
  return (ys: ys)
}
)");
  behave_ = [](const Call &c) {
    int64_t x = c.inputs.at("x").get<int64_t>();
    return x < 0 ? failed("negative") : ok({{"y", x * x}});
  };
  ExecutionOutcome all = run("strict", {{"xs", {3, 1, 2}}});
  ASSERT_TRUE(all.succeeded) << all.error;
  EXPECT_EQ(all.outputs.at("ys"), nlohmann::json({9, 1, 4}));

  ExecutionOutcome some = run("lenient", {{"xs", {3, -1, 2}}});
  ASSERT_TRUE(some.succeeded) << some.error;
  EXPECT_EQ(some.outputs.at("ys"), nlohmann::json({9, 4}));

  ExecutionOutcome few = run("lenient", {{"xs", {-3, -1, 2}}});
  EXPECT_FALSE(few.succeeded);
  EXPECT_NE(few.error.find("2 of 3 elements failed"), std::string::npos) << few.error;

  ExecutionOutcome strictFails = run("strict", {{"xs", {3, -1, 2}}});
  EXPECT_FALSE(strictFails.succeeded);
}

TEST_F(ExecutorTest, BranchesRunOnlyTheCaseThatHolds) {
  compile(R"(module m
task big(x: int) -> (y: int) { shell "echo" }
task small(x: int) -> (y: int) { shell "echo" }
workflow w(x: int) -> (r: int) {
  let r = if x > 10 { big(x: x) } else { small(x: x) }
  return (r: r)
}
)");
  behave_ = [](const Call &c) { return ok({{"y", c.task == "m.big" ? 1 : 2}}); };
  EXPECT_EQ(run("w", {{"x", 50}}).outputs.at("r"), 1);
  EXPECT_EQ(run("w", {{"x", 5}}).outputs.at("r"), 2);
  EXPECT_EQ(started(), (std::vector<std::string>{"big", "small"}));
}

TEST_F(ExecutorTest, CachedTasksRunOncePerInput) {
  compile(R"(module m
@cache(version: "1")
task slow(x: int) -> (y: int) { shell "echo" }
workflow w(x: int) -> (y: int) { return (y: slow(x: x)) }
)");
  behave_ = [](const Call &c) { return ok({{"y", c.inputs.at("x").get<int64_t>() * 2}}); };
  EXPECT_EQ(run("w", {{"x", 4}}).outputs.at("y"), 8);
  ExecutionOutcome second = run("w", {{"x", 4}});
  EXPECT_EQ(second.outputs.at("y"), 8);
  EXPECT_EQ(calls_.size(), 1u);
  EXPECT_EQ(fold(store_->events(second.executionId)).nodes.at("y").cache, "hit");
  run("w", {{"x", 5}});
  EXPECT_EQ(calls_.size(), 2u);
  ExecutionOptions noCache;
  noCache.noCache = true;
  run("w", {{"x", 4}}, noCache);
  EXPECT_EQ(calls_.size(), 3u);
}

TEST_F(ExecutorTest, RecoveryRunsOnlyWhatHadNotSucceeded) {
  compile(kChain);
  // The first run dies at `c`: every other call succeeds.
  behave_ = [](const Call &c) {
    if (c.task == "m.inc" && c.inputs.at("x") == 12)
      return failed("killed");
    return arithmetic(c);
  };
  ExecutionOptions options;
  options.maxParallel = 1;
  ExecutionOutcome first = run("diamond", {{"x", 1}}, options);
  ASSERT_FALSE(first.succeeded);
  size_t before = calls_.size();
  behave_ = arithmetic;
  options.retryBackoffMs = 0;
  options.moduleRoot = dir_;
  Executor executor(*package_, *store_, plugins_, options);
  ExecutionOutcome again = executor.recover(first.executionId);
  ASSERT_TRUE(again.succeeded) << again.error;
  EXPECT_EQ(again.outputs.at("r"), 16);
  // `a` had succeeded and does not run again; `c` and `d` run.
  bool reranA = false, ranC = false, ranD = false;
  for (size_t i = before; i < calls_.size(); ++i) {
    const Call &c = calls_[i];
    reranA |= c.task == "m.inc" && c.inputs.at("x") == 1;
    ranC |= c.task == "m.inc" && c.inputs.at("x") == 12;
    ranD |= c.task == "m.add";
  }
  EXPECT_FALSE(reranA);
  EXPECT_TRUE(ranC);
  EXPECT_TRUE(ranD);
  EXPECT_EQ(fold(store_->events(first.executionId)).status, ExecutionStatus::Succeeded);
}
