#include "lsp/Logger.h"

#include <llvm/Support/raw_ostream.h>

#include <gtest/gtest.h>

namespace flytec::lsp {
namespace {

TEST(LoggerTest, ParsesLevels) {
  EXPECT_EQ(parseLogLevel("error"), LogLevel::Error);
  EXPECT_EQ(parseLogLevel("info"), LogLevel::Info);
  EXPECT_EQ(parseLogLevel("verbose"), LogLevel::Verbose);
  EXPECT_EQ(parseLogLevel("debug"), std::nullopt);
  for (LogLevel level : {LogLevel::Error, LogLevel::Info, LogLevel::Verbose})
    EXPECT_EQ(parseLogLevel(logLevelName(level)), level);
}

TEST(LoggerTest, WritesWhatIsAtTheThreshold) {
  std::string out;
  llvm::raw_string_ostream os(out);
  StreamLogger logger(os, LogLevel::Info);
  logger.error("bad");
  logger.info("fyi");
  logger.verbose("noise");
  EXPECT_TRUE(logger.enabled(LogLevel::Info));
  EXPECT_FALSE(logger.enabled(LogLevel::Verbose));
  ASSERT_EQ(out.size(), std::string("E[hh:mm:ss.mmm] bad\nI[hh:mm:ss.mmm] fyi\n").size()) << out;
  EXPECT_EQ(out.substr(0, 2), "E[");
  EXPECT_EQ(out.substr(15, 5), " bad\n");
  EXPECT_EQ(out.substr(20, 2), "I[");
  EXPECT_EQ(out.substr(35), " fyi\n");
}

} // namespace
} // namespace flytec::lsp
