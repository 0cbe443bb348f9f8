// How a plugin runs one attempt: on a thread of its own, so `start` returns
// at once, with a cancellation token the executor's `cancel` sets and the
// attempt's blocking waits (a child process, a sleep, an SQLite query)
// watch. The completion is called exactly once, by that thread, after the
// attempt's body returns.
#pragma once

#include "plugins/Plugin.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace flytec::runtime {

/// Set once by `cancel`; readable as a flag and pollable as a file
/// descriptor (an eventfd), so a waiter can block on a child and on
/// cancellation at the same time without a sleeping loop.
class CancelToken {
public:
  CancelToken();
  ~CancelToken();
  CancelToken(const CancelToken &) = delete;
  CancelToken &operator=(const CancelToken &) = delete;

  void cancel();
  bool cancelled() const { return cancelled_.load(); }
  /// Readable once cancelled; for poll().
  int fd() const { return fd_; }

  /// Blocks until `ms` milliseconds passed (true) or the token was cancelled
  /// (false).
  bool sleepFor(int64_t ms) const;

private:
  std::atomic<bool> cancelled_{false};
  int fd_ = -1;
};

/// The wall-clock limit of an attempt, from its request's timeout.
class Deadline {
public:
  explicit Deadline(std::optional<int64_t> timeoutMs);
  bool expired() const;
  /// Milliseconds left (at least 0), or -1 without a limit (poll's "forever").
  int64_t remainingMs() const;
  std::optional<int64_t> limitMs() const { return limitMs_; }

private:
  std::optional<int64_t> limitMs_;
  std::chrono::steady_clock::time_point end_;
};

/// Runs `body` on a new thread and calls `done` with its result; `cancel`
/// on the returned task sets the token `body` receives.
std::unique_ptr<RunningTask> runDetached(std::function<TaskResult(const CancelToken &)> body, Completion done);

/// A result without outputs.
TaskResult failure(TaskResult::Status status, std::string error, std::string stderrTail = "");

/// "timed out after 10s" / "after 1.500s", for messages.
std::string timedOutMessage(int64_t limitMs);

} // namespace flytec::runtime
