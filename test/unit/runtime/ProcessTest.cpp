// runProcess: exit statuses, the working directory and environment, logs,
// timeouts and cancellation that kill the whole process group (a
// grandchild too), spawn failures and the stderr tail.
#include "plugins/Process.h"

#include "PluginTestSupport.h"

#include <signal.h>
#include <unistd.h>

#include <thread>

using namespace flytec::runtime;
using namespace flytec::runtime::testing;

namespace {

ProcessSpec shell(const TempDir &dir, const std::string &script) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.cwd = dir.path;
  spec.stdoutPath = dir / "stdout.log";
  spec.stderrPath = dir / "stderr.log";
  spec.graceMs = 200;
  return spec;
}

/// The pid a script wrote, once it is there: the file is written by then
/// because the test waits for the attempt to end first.
pid_t pidIn(const std::string &path) { return pid_t(std::atoi(readFile(path).c_str())); }

} // namespace

TEST(Process, ExitStatusCwdEnvAndLogs) {
  TempDir dir;
  CancelToken never;
  ProcessSpec spec = shell(dir, "pwd; echo \"$GREETING\"; echo oops >&2; exit 3");
  spec.env = {{"GREETING", "hi there"}};
  ProcessExit exit = runProcess(spec, never);
  EXPECT_EQ(exit.kind, ProcessExit::Kind::Exited);
  EXPECT_EQ(exit.code, 3);
  std::string real = readFile(dir / "stdout.log");
  EXPECT_NE(real.find("hi there\n"), std::string::npos) << real;
  EXPECT_NE(real.find(dir.path.substr(dir.path.rfind('/'))), std::string::npos) << real;
  EXPECT_EQ(readFile(dir / "stderr.log"), "oops\n");
  EXPECT_EQ(describeExit(exit, std::nullopt), "exit status 3");
  auto result = unsuccessful(exit, spec);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, TaskResult::Status::Failed);
  EXPECT_EQ(result->stderrTail, "oops");
}

TEST(Process, SuccessIsNotAFailure) {
  TempDir dir;
  CancelToken never;
  ProcessSpec spec = shell(dir, "true");
  EXPECT_FALSE(unsuccessful(runProcess(spec, never), spec));
}

TEST(Process, OwnProcessGroup) {
  TempDir dir;
  CancelToken never;
  ProcessSpec spec = shell(dir, "echo $$ > pid; cut -d' ' -f5 /proc/$$/stat > pgid");
  ASSERT_EQ(runProcess(spec, never).kind, ProcessExit::Kind::Exited);
  EXPECT_EQ(std::atoi(readFile(dir / "pid").c_str()), std::atoi(readFile(dir / "pgid").c_str()));
  EXPECT_NE(getpgrp(), pidIn(dir / "pid"));
}

TEST(Process, TimeoutKillsTheWholeGroupIncludingAGrandchild) {
  TempDir dir;
  CancelToken never;
  ProcessSpec spec = shell(dir, "sleep 100 & echo $! > grandchild; echo $$ > child; sleep 100");
  spec.timeoutMs = 300;
  auto begin = std::chrono::steady_clock::now();
  ProcessExit exit = runProcess(spec, never);
  auto took = std::chrono::steady_clock::now() - begin;
  EXPECT_EQ(exit.kind, ProcessExit::Kind::TimedOut);
  EXPECT_LT(took, std::chrono::seconds(10));
  EXPECT_EQ(describeExit(exit, spec.timeoutMs), "timed out after 0.300s");
  ASSERT_GT(pidIn(dir / "grandchild"), 0);
  EXPECT_TRUE(diesWithin(pidIn(dir / "child")));
  EXPECT_TRUE(diesWithin(pidIn(dir / "grandchild"))) << "the background sleep survived the timeout";
  auto result = unsuccessful(exit, spec);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, TaskResult::Status::TimedOut);
}

TEST(Process, SigtermIgnoredMeansSigkillAfterTheGrace) {
  TempDir dir;
  CancelToken never;
  ProcessSpec spec = shell(dir, "trap '' TERM; echo $$ > child; sleep 100");
  spec.timeoutMs = 200;
  EXPECT_EQ(runProcess(spec, never).kind, ProcessExit::Kind::TimedOut);
  EXPECT_TRUE(diesWithin(pidIn(dir / "child")));
}

TEST(Process, CancelFromAnotherThreadKillsTheGroup) {
  TempDir dir;
  CancelToken cancel;
  ProcessSpec spec = shell(dir, "sleep 100 & echo $! > grandchild; sleep 100");
  std::promise<ProcessExit> exited;
  std::thread waiter([&] { exited.set_value(runProcess(spec, cancel)); });
  cancel.cancel();
  auto future = exited.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  waiter.join();
  EXPECT_EQ(future.get().kind, ProcessExit::Kind::Cancelled);
  if (exists(dir / "grandchild"))
    EXPECT_TRUE(diesWithin(pidIn(dir / "grandchild")));
}

TEST(Process, LeftoverBackgroundJobsAreKilledWhenTheChildExits) {
  TempDir dir;
  CancelToken never;
  ProcessSpec spec = shell(dir, "sleep 100 & echo $! > grandchild; exit 0");
  EXPECT_EQ(runProcess(spec, never).kind, ProcessExit::Kind::Exited);
  EXPECT_TRUE(diesWithin(pidIn(dir / "grandchild")));
}

TEST(Process, KilledBySignal) {
  TempDir dir;
  CancelToken never;
  ProcessSpec spec = shell(dir, "kill -9 $$");
  ProcessExit exit = runProcess(spec, never);
  EXPECT_EQ(exit.kind, ProcessExit::Kind::Signaled);
  EXPECT_EQ(describeExit(exit, std::nullopt), "killed by signal 9 (SIGKILL)");
}

TEST(Process, SpawnFailureNamesTheProgram) {
  TempDir dir;
  CancelToken never;
  ProcessSpec spec = shell(dir, "");
  spec.argv = {"flytec-no-such-program"};
  ProcessExit exit = runProcess(spec, never);
  EXPECT_EQ(exit.kind, ProcessExit::Kind::SpawnFailed);
  EXPECT_NE(exit.error.find("flytec-no-such-program"), std::string::npos) << exit.error;
}

TEST(Process, StderrTailKeepsTheLastLines) {
  TempDir dir;
  writeFile(dir / "log", "");
  std::string text;
  for (int i = 1; i <= 50; ++i)
    text += "line " + std::to_string(i) + "\n";
  writeFile(dir / "log", text);
  std::string tail = readTail(dir / "log");
  EXPECT_EQ(tail.substr(0, 8), "line 31\n");
  EXPECT_EQ(tail.substr(tail.size() - 7), "line 50");
  // A long last line is cut to the byte limit at a line start.
  writeFile(dir / "big", "first\n" + std::string(5000, 'x') + "\nlast\n");
  EXPECT_EQ(readTail(dir / "big"), "last");
  EXPECT_EQ(readTail(dir / "missing"), "");
}

TEST(Process, CancelTokenSleepWakesOnCancel) {
  CancelToken token;
  EXPECT_TRUE(token.sleepFor(1));
  std::thread t([&] { token.cancel(); });
  EXPECT_FALSE(token.sleepFor(60000));
  t.join();
  EXPECT_TRUE(token.cancelled());
}
