#include "exec/Progress.h"

#include <fmt/format.h>
#include <llvm/ADT/StringSet.h>
#include <llvm/Support/raw_ostream.h>

#include <chrono>

namespace flytec::runtime {
namespace {

using Clock = std::chrono::steady_clock;

class ProgressBase : public Progress {
protected:
  explicit ProgressBase(llvm::raw_ostream &os) : os_(os) {}
  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  llvm::raw_ostream &os_;
  Clock::time_point start_ = Clock::now();
};

/// One line per event: what a log file or CI wants.
class PlainProgress final : public ProgressBase {
public:
  explicit PlainProgress(llvm::raw_ostream &os) : ProgressBase(os) {}
  void executionStarted(llvm::StringRef id, llvm::StringRef workflow) override {
    os_ << fmt::format("flytec: running {} as execution {}\n", workflow.str(), id.str());
    os_.flush();
  }
  void nodeStarted(llvm::StringRef path, int attempt) override {
    line(path, attempt > 1 ? fmt::format("started (attempt {})", attempt) : "started");
  }
  void nodeSucceeded(llvm::StringRef path, llvm::StringRef detail) override {
    line(path, detail.empty() ? "succeeded" : fmt::format("succeeded ({})", detail.str()));
  }
  void nodeFailed(llvm::StringRef path, llvm::StringRef detail) override {
    line(path, fmt::format("failed: {}", detail.str()));
  }
  void nodeRetrying(llvm::StringRef path, llvm::StringRef detail) override {
    line(path, fmt::format("attempt failed: {}", detail.str()));
  }
  void executionFinished(bool succeeded) override {
    os_ << fmt::format("[{:.2f}s] execution {}\n", elapsed(), succeeded ? "succeeded" : "failed");
    os_.flush();
  }

private:
  void line(llvm::StringRef path, const std::string &what) {
    os_ << fmt::format("[{:.2f}s] {} {}\n", elapsed(), path.str(), what);
    os_.flush();
  }
};

/// A status line redrawn in place; failures are printed above it, since
/// they are what a person must not miss.
class LiveProgress final : public ProgressBase {
public:
  explicit LiveProgress(llvm::raw_ostream &os) : ProgressBase(os) {}
  void executionStarted(llvm::StringRef id, llvm::StringRef workflow) override {
    os_ << fmt::format("flytec: running {} as execution {}\n", workflow.str(), id.str());
    redraw();
  }
  void nodeStarted(llvm::StringRef path, int) override {
    running_.insert(path);
    redraw();
  }
  void nodeSucceeded(llvm::StringRef path, llvm::StringRef) override {
    running_.erase(path); // a cache hit never started
    ++done_;
    redraw();
  }
  void nodeFailed(llvm::StringRef path, llvm::StringRef detail) override {
    running_.erase(path);
    ++failed_;
    os_ << "\r\x1b[K" << fmt::format("{} failed: {}\n", path.str(), detail.str());
    redraw();
  }
  void nodeRetrying(llvm::StringRef path, llvm::StringRef detail) override {
    running_.erase(path);
    os_ << "\r\x1b[K" << fmt::format("{} attempt failed: {}\n", path.str(), detail.str());
    redraw();
  }
  void executionFinished(bool succeeded) override {
    redraw();
    os_ << fmt::format(" — {}\n", succeeded ? "succeeded" : "failed");
    os_.flush();
  }

private:
  llvm::StringSet<> running_; // by path, so that each node counts once
  unsigned done_ = 0, failed_ = 0;
  void redraw() {
    os_ << "\r\x1b[K"
        << fmt::format("{} done, {} running, {} failed, {:.1f}s", done_, running_.size(), failed_, elapsed());
    os_.flush();
  }
};

} // namespace

std::unique_ptr<Progress> makeProgress(llvm::raw_ostream &os, bool terminal) {
  if (terminal)
    return std::make_unique<LiveProgress>(os);
  return std::make_unique<PlainProgress>(os);
}

} // namespace flytec::runtime
