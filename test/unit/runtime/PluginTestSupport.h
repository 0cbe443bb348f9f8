// What the plugin tests share: a package compiled from source text, a
// temporary directory that cleans up after itself, and one attempt of a
// task run to its completion (waited on with a future: no sleeps).
#pragma once

#include "plugins/Plugins.h"

#include "TempDir.h"

#include "diag/DiagnosticRender.h"
#include "driver/Compilation.h"
#include "lower/Lowering.h"
#include "sema/Sema.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>

#include <gtest/gtest.h>

#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <future>

namespace flytec::runtime::testing {


inline void writeFile(const std::string &path, const std::string &text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline std::string readFile(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  return buffer ? (*buffer)->getBuffer().str() : "<cannot read " + path + ">";
}

inline bool exists(const std::string &path) { return llvm::sys::fs::exists(path); }

/// Whether process `pid` ends within `ms` (or is already gone). A killed
/// process takes a moment to die after kill() returns, so tests wait for it
/// on a pidfd (which also works for processes that are not our children).
inline bool diesWithin(pid_t pid, int ms = 5000) {
  if (pid <= 0)
    return false;
  int fd = int(syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0)
    return errno == ESRCH;
  pollfd p{fd, POLLIN, 0};
  bool dead = poll(&p, 1, ms) == 1;
  close(fd);
  return dead;
}

/// `source` checked and lowered as module `m` (file DIR/m.flyte); fails the
/// test with the diagnostics otherwise.
inline std::unique_ptr<ir::Package> compile(const std::string &source, const std::string &dir) {
  Compilation compilation;
  unsigned id = compilation.addText(dir + "/m.flyte", "module m\n" + source);
  auto program = sema::checkProgram(compilation, {id}, sema::SemaOptions{});
  if (compilation.diagnostics().hasErrors()) {
    std::string text;
    llvm::raw_string_ostream os(text);
    renderAll(compilation.diagnostics(), DiagnosticFormat::Text, os);
    ADD_FAILURE() << "the test's source does not compile:\n" << os.str();
    return nullptr;
  }
  std::string error;
  auto package = lower::lowerProgram(*program, compilation.sources(), error);
  EXPECT_TRUE(package) << error;
  return package;
}

/// One attempt of task `m.NAME` in a work directory under `dir`, waited for.
struct Attempt {
  TaskRequest request;
  std::unique_ptr<RunningTask> running;
  std::promise<TaskResult> promise;
  std::future<TaskResult> future = promise.get_future();
  std::atomic<int> completions{0};

  Attempt(const ir::Package &package, const std::string &task, ValueMap inputs, const std::string &dir,
          std::optional<int64_t> timeoutMs = std::nullopt) {
    request.package = &package;
    auto it = package.tasks.find("m." + task);
    EXPECT_NE(it, package.tasks.end()) << "no task m." << task;
    request.task = &it->second;
    request.inputs = std::move(inputs);
    request.workDir = dir + "/work";
    request.checkpointDir = dir + "/checkpoint";
    request.deckDir = dir + "/deck";
    request.logDir = dir + "/log";
    request.moduleDir = dir;
    request.nodePath = task;
    request.timeoutMs = timeoutMs;
    llvm::sys::fs::create_directories(request.workDir);
  }

  void start(Plugin &plugin) {
    running = plugin.start(request, [this](TaskResult r) {
      if (++completions == 1)
        promise.set_value(std::move(r));
    });
  }

  /// The result; fails the test when none comes within a minute.
  TaskResult wait() {
    if (future.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
      ADD_FAILURE() << "the attempt never completed";
      return {};
    }
    return future.get();
  }
};

/// Runs one attempt to completion.
inline TaskResult run(Plugin &plugin, const ir::Package &package, const std::string &task, ValueMap inputs,
                      const std::string &dir, std::optional<int64_t> timeoutMs = std::nullopt) {
  Attempt attempt(package, task, std::move(inputs), dir, timeoutMs);
  attempt.start(plugin);
  return attempt.wait();
}

inline const char *statusName(TaskResult::Status s) {
  switch (s) {
  case TaskResult::Status::Succeeded:
    return "Succeeded";
  case TaskResult::Status::Failed:
    return "Failed";
  case TaskResult::Status::TimedOut:
    return "TimedOut";
  case TaskResult::Status::Cancelled:
    return "Cancelled";
  }
  return "?";
}

/// For EXPECT_*: the status with the error and the stderr tail.
inline std::string describe(const TaskResult &r) {
  return std::string(statusName(r.status)) + ": " + r.error + "\nstderr: " + r.stderrTail;
}

} // namespace flytec::runtime::testing
