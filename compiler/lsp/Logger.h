// Where the language server's own messages go: stderr, never stdout (which
// carries the protocol). The level is chosen once, from `--log=`.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <mutex>
#include <optional>

namespace llvm {
class raw_ostream;
}

namespace flytec::lsp {

enum class LogLevel { Error, Info, Verbose };

/// "error", "info" or "verbose".
std::optional<LogLevel> parseLogLevel(llvm::StringRef name);
llvm::StringRef logLevelName(LogLevel level);

class Logger {
public:
  virtual ~Logger() = default;
  /// May be called from any thread.
  virtual void log(LogLevel level, llvm::StringRef message) = 0;
  /// Whether `level` is written at all, to skip building costly messages.
  virtual bool enabled(LogLevel level) const { return true; }

  void error(llvm::StringRef message) { log(LogLevel::Error, message); }
  void info(llvm::StringRef message) { log(LogLevel::Info, message); }
  void verbose(llvm::StringRef message) { log(LogLevel::Verbose, message); }
};

/// Writes "E[12:04:31.042] message" lines, as clangd does, for every message
/// at `threshold` or more important.
class StreamLogger : public Logger {
public:
  StreamLogger(llvm::raw_ostream &out, LogLevel threshold) : out_(out), threshold_(threshold) {}
  void log(LogLevel level, llvm::StringRef message) override;
  bool enabled(LogLevel level) const override { return level <= threshold_; }

private:
  llvm::raw_ostream &out_;
  LogLevel threshold_;
  std::mutex mutex_;
};

/// Drops everything (tests, the fuzzer).
class NullLogger : public Logger {
public:
  void log(LogLevel, llvm::StringRef) override {}
  bool enabled(LogLevel) const override { return false; }
};

} // namespace flytec::lsp
