#include "plugins/Attempt.h"

#include "ir/IrJson.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

namespace flytec::runtime {

CancelToken::CancelToken() : fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

CancelToken::~CancelToken() {
  if (fd_ >= 0)
    close(fd_);
}

void CancelToken::cancel() {
  if (cancelled_.exchange(true))
    return;
  uint64_t one = 1;
  // The eventfd cannot be full after one write; nothing to do on failure.
  [[maybe_unused]] ssize_t n = write(fd_, &one, sizeof one);
}

bool CancelToken::sleepFor(int64_t ms) const {
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (!cancelled()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()).count();
    if (left <= 0)
      return true;
    pollfd p{fd_, POLLIN, 0};
    // poll returns early on EINTR; the loop recomputes what is left.
    poll(&p, 1, int(std::min<int64_t>(left, INT32_MAX)));
  }
  return false;
}

Deadline::Deadline(std::optional<int64_t> timeoutMs)
    : limitMs_(timeoutMs), end_(std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs.value_or(0))) {}

bool Deadline::expired() const { return limitMs_ && std::chrono::steady_clock::now() >= end_; }

int64_t Deadline::remainingMs() const {
  if (!limitMs_)
    return -1;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end_ - std::chrono::steady_clock::now()).count();
  return left < 0 ? 0 : left;
}

namespace {

class DetachedTask : public RunningTask {
public:
  explicit DetachedTask(std::shared_ptr<CancelToken> token) : token_(std::move(token)) {}
  void cancel() override { token_->cancel(); }

private:
  std::shared_ptr<CancelToken> token_;
};

} // namespace

std::unique_ptr<RunningTask> runDetached(std::function<TaskResult(const CancelToken &)> body, Completion done) {
  auto token = std::make_shared<CancelToken>();
  // Detached: the thread owns what it needs (the token is shared), so the
  // executor may drop the RunningTask before the attempt ends.
  std::thread([token, body = std::move(body), done = std::move(done)] {
    TaskResult result;
    try {
      result = body(*token);
    } catch (const std::exception &e) {
      result = failure(TaskResult::Status::Failed, std::string("internal error in the plugin: ") + e.what());
    }
    done(std::move(result));
  }).detach();
  return std::make_unique<DetachedTask>(std::move(token));
}

TaskResult failure(TaskResult::Status status, std::string error, std::string stderrTail) {
  TaskResult r;
  r.status = status;
  r.error = std::move(error);
  r.stderrTail = std::move(stderrTail);
  return r;
}

std::string timedOutMessage(int64_t limitMs) { return "timed out after " + ir::durationString(limitMs); }

} // namespace flytec::runtime
