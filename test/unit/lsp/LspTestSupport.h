// In-memory stand-ins for the dispatcher's transport and logger.
#pragma once

#include "lsp/Logger.h"
#include "lsp/Transport.h"

#include <deque>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace flytec::lsp::testing {

/// Hands out `incoming` one message at a time and keeps what is written.
class RecordingTransport : public Transport {
public:
  std::deque<std::string> incoming;

  bool readMessage(std::string &json, std::string &error) override {
    error.clear();
    if (incoming.empty())
      return false;
    json = std::move(incoming.front());
    incoming.pop_front();
    return true;
  }
  bool waitReadable(int) override { return !incoming.empty(); }
  void writeMessage(const nlohmann::json &message) override {
    std::lock_guard<std::mutex> lock(mutex_);
    sent_.push_back(message);
  }

  /// What was written since the last call.
  std::vector<nlohmann::json> take() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::exchange(sent_, {});
  }

private:
  std::mutex mutex_;
  std::vector<nlohmann::json> sent_;
};

class RecordingLogger : public Logger {
public:
  void log(LogLevel level, llvm::StringRef message) override {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.emplace_back(level, message.str());
  }

  /// Whether a message at `level` contains `text`.
  bool has(LogLevel level, llvm::StringRef text) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto &entry : entries_)
      if (entry.first == level && llvm::StringRef(entry.second).contains(text))
        return true;
    return false;
  }
  size_t count(LogLevel level) {
    std::lock_guard<std::mutex> lock(mutex_);
    size_t n = 0;
    for (const auto &entry : entries_)
      n += entry.first == level;
    return n;
  }

private:
  std::mutex mutex_;
  std::vector<std::pair<LogLevel, std::string>> entries_;
};

} // namespace flytec::lsp::testing
