#include "lsp/Logger.h"

#include <llvm/Support/raw_ostream.h>

#include <fmt/format.h>

#include <chrono>
#include <ctime>

namespace flytec::lsp {

std::optional<LogLevel> parseLogLevel(llvm::StringRef name) {
  if (name == "error")
    return LogLevel::Error;
  if (name == "info")
    return LogLevel::Info;
  if (name == "verbose")
    return LogLevel::Verbose;
  return std::nullopt;
}

llvm::StringRef logLevelName(LogLevel level) {
  switch (level) {
  case LogLevel::Error:
    return "error";
  case LogLevel::Info:
    return "info";
  case LogLevel::Verbose:
    return "verbose";
  }
  return "?";
}

void StreamLogger::log(LogLevel level, llvm::StringRef message) {
  if (level > threshold_)
    return;
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm local{};
  localtime_r(&seconds, &local);
  char letter = level == LogLevel::Error ? 'E' : level == LogLevel::Info ? 'I' : 'V';
  std::string line = fmt::format("{}[{:02}:{:02}:{:02}.{:03}] {}\n", letter, local.tm_hour, local.tm_min,
                                 local.tm_sec, millis, std::string_view(message.data(), message.size()));
  std::lock_guard<std::mutex> lock(mutex_);
  out_ << line;
  out_.flush();
}

} // namespace flytec::lsp
