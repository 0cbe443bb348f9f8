// Running a child process for a task attempt: its own process group, a
// working directory, extra environment variables, stdout and stderr in
// files, a timeout and cancellation that kill the whole group (so a
// script's background jobs and grandchildren go too), and the tail of its
// stderr for messages. Used by the shell, python and container plugins.
#pragma once

#include "plugins/Attempt.h"

#include <string>
#include <utility>
#include <vector>

namespace flytec::runtime {

struct ProcessSpec {
  std::vector<std::string> argv; // argv[0] is searched on PATH when it has no '/'
  std::string cwd;
  std::vector<std::pair<std::string, std::string>> env; // set on top of this process's environment
  std::string stdoutPath;
  std::string stderrPath;
  std::optional<int64_t> timeoutMs;
  /// Between SIGTERM and SIGKILL when the group is stopped.
  int64_t graceMs = 2000;
};

struct ProcessExit {
  enum class Kind : uint8_t { Exited, Signaled, TimedOut, Cancelled, SpawnFailed };
  Kind kind = Kind::SpawnFailed;
  int code = 0;      // Exited: the exit status; Signaled: the signal
  std::string error; // SpawnFailed: why
};

/// Spawns the child and blocks until it exits, the timeout passes or
/// `cancel` is set; in the last two cases its process group gets SIGTERM,
/// then SIGKILL after the grace period. Whatever is left of the group when
/// the child exits is killed too: an attempt leaves no process behind.
ProcessExit runProcess(const ProcessSpec &spec, const CancelToken &cancel);

/// The end of a log file for messages: at most `maxLines` lines and
/// `maxBytes` bytes, without a trailing newline. "" when it cannot be read.
std::string readTail(const std::string &path, size_t maxLines = 20, size_t maxBytes = 4096);

/// "exit status 2", "killed by signal 9 (SIGKILL)", ...: what happened, for
/// TaskResult::error; `limitMs` names the timeout.
std::string describeExit(const ProcessExit &exit, std::optional<int64_t> limitMs);

/// The TaskResult of a child that did not exit 0 (or nullopt when it did).
std::optional<TaskResult> unsuccessful(const ProcessExit &exit, const ProcessSpec &spec);

} // namespace flytec::runtime
