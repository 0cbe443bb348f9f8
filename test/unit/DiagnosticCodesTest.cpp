// Every diagnostic code must be triggered by a lit test (STYLE.md: a test
// fails when a kind has no test). A lit test counts when it matches the
// code as rendered: `[E1001]` in text output or `"code":"E1001"` in JSON.
#include "diag/Diagnostic.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace {

std::string allLitTests() {
  std::string all;
  for (const auto &entry : std::filesystem::recursive_directory_iterator(FLYTEC_SOURCE_DIR "/test/lit")) {
    if (!entry.is_regular_file())
      continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    all += text.str();
  }
  return all;
}

bool hasTest(const std::string &corpus, llvm::StringRef code) {
  return corpus.find("[" + code.str() + "]") != std::string::npos ||
         corpus.find("\"code\":\"" + code.str() + "\"") != std::string::npos;
}

TEST(DiagnosticCodes, EveryCodeHasALitTest) {
  std::string corpus = allLitTests();
  for (const flytec::DiagCodeInfo &info : flytec::allDiagCodes()) {
    EXPECT_TRUE(hasTest(corpus, info.name)) << info.name.str() << " (" << info.summary.str()
                                            << ") has no lit test under test/lit";
  }
}

TEST(DiagnosticCodes, NamesRoundTripAndAreUnique) {
  std::set<std::string> seen;
  for (const flytec::DiagCodeInfo &info : flytec::allDiagCodes()) {
    EXPECT_TRUE(seen.insert(info.name.str()).second) << info.name.str();
    auto code = flytec::diagCodeFromName(info.name);
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(&flytec::diagCodeInfo(*code), &info);
    EXPECT_EQ(info.name[0] == 'W', info.defaultSeverity == flytec::Severity::Warning);
  }
  EXPECT_FALSE(flytec::diagCodeFromName("E9999").has_value());
}

} // namespace
