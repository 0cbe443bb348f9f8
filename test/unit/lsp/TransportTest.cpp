#include "lsp/Transport.h"

#include <llvm/Support/raw_ostream.h>

#include <gtest/gtest.h>

#include <thread>
#include <unistd.h>

namespace flytec::lsp {
namespace {

std::string frame(const std::string &body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

/// One read's outcome: a message or an error.
struct Read {
  std::string message;
  std::string error;
};

/// Everything a transport reads from `text`, given `chunk` bytes at a time.
std::vector<Read> readAll(const std::string &text, size_t chunk = SIZE_MAX) {
  StringInput input(text, chunk);
  std::string out;
  llvm::raw_string_ostream os(out);
  StdioTransport transport(input, os);
  std::vector<Read> reads;
  Read read;
  while (transport.readMessage(read.message, read.error)) {
    reads.push_back(read);
    if (reads.size() > 1000)
      break; // a reader that never ends is a bug; fail rather than hang
  }
  return reads;
}

std::vector<std::string> messagesOf(const std::vector<Read> &reads) {
  std::vector<std::string> messages;
  for (const Read &read : reads)
    if (read.error.empty())
      messages.push_back(read.message);
  return messages;
}

const std::string kOne = R"({"jsonrpc":"2.0","id":1,"method":"a"})";
const std::string kTwo = R"({"jsonrpc":"2.0","method":"b","params":{"text":"x\ny"}})";

TEST(StdioTransportTest, ReadsOneMessage) {
  std::vector<Read> reads = readAll(frame(kOne));
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0].message, kOne);
  EXPECT_EQ(reads[0].error, "");
}

TEST(StdioTransportTest, SeveralMessagesInOneRead) {
  std::vector<Read> reads = readAll(frame(kOne) + frame(kTwo) + frame(kOne));
  EXPECT_EQ(messagesOf(reads), (std::vector<std::string>{kOne, kTwo, kOne}));
  EXPECT_EQ(reads.size(), 3u);
}

TEST(StdioTransportTest, MessagesSplitAcrossReadsAtEveryPoint) {
  std::string text = frame(kOne) + "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" + frame(kTwo);
  for (size_t chunk = 1; chunk <= 17; ++chunk) {
    std::vector<Read> reads = readAll(text, chunk);
    EXPECT_EQ(messagesOf(reads), (std::vector<std::string>{kOne, kTwo})) << "chunk " << chunk;
    EXPECT_EQ(reads.size(), 2u) << "chunk " << chunk;
  }
}

TEST(StdioTransportTest, ToleratesBareNewlinesBlankLinesAndOtherHeaders) {
  std::string text = "\r\n\ncontent-length: " + std::to_string(kOne.size()) + "\nX-Other: 1\n\n" + kOne +
                     "\r\n" + "Content-Type: application/vscode-jsonrpc\r\n" + frame(kTwo);
  std::vector<Read> reads = readAll(text);
  EXPECT_EQ(messagesOf(reads), (std::vector<std::string>{kOne, kTwo}));
  EXPECT_EQ(reads.size(), 2u);
}

TEST(StdioTransportTest, EmptyInputEndsAtOnce) {
  EXPECT_TRUE(readAll("").empty());
  EXPECT_TRUE(readAll("\r\n\n  \n").empty());
}

TEST(StdioTransportTest, ZeroLengthMessageIsReadAsEmpty) {
  std::vector<Read> reads = readAll("Content-Length: 0\r\n\r\n" + frame(kOne));
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].message, "");
  EXPECT_EQ(reads[0].error, "");
  EXPECT_EQ(reads[1].message, kOne);
}

/// A bad message is one error, and the next good message still arrives.
void expectErrorThenRecovery(const std::string &bad, const std::string &expectedError) {
  for (size_t chunk : {size_t(1), size_t(7), SIZE_MAX}) {
    std::vector<Read> reads = readAll(bad + frame(kOne), chunk);
    ASSERT_EQ(reads.size(), 2u) << "chunk " << chunk << " input " << bad;
    EXPECT_NE(reads[0].error.find(expectedError), std::string::npos) << reads[0].error;
    EXPECT_EQ(reads[0].message, "");
    EXPECT_EQ(reads[1].error, "");
    EXPECT_EQ(reads[1].message, kOne);
  }
}

TEST(StdioTransportTest, MissingContentLength) {
  // The body has no line end: the next header follows on its line.
  expectErrorThenRecovery("Content-Type: application/vscode-jsonrpc\r\n\r\n" + kTwo,
                          "message without a Content-Length header");
}

TEST(StdioTransportTest, InvalidContentLength) {
  expectErrorThenRecovery("Content-Length: abc\r\n\r\n" + kTwo, "invalid Content-Length 'abc'");
  expectErrorThenRecovery("Content-Length: -5\r\n\r\n" + kTwo, "invalid Content-Length '-5'");
  expectErrorThenRecovery("Content-Length: 12 34\r\n\r\n" + kTwo, "invalid Content-Length");
  expectErrorThenRecovery("Content-Length:\r\n\r\n" + kTwo, "invalid Content-Length ''");
  expectErrorThenRecovery("Content-Length: 99999999999999999999999\r\n\r\n" + kTwo, "invalid Content-Length");
}

TEST(StdioTransportTest, ConflictingContentLengths) {
  expectErrorThenRecovery("Content-Length: 5\r\nContent-Length: 6\r\n\r\n" + kTwo,
                          "two different Content-Length headers (5 and 6)");
}

TEST(StdioTransportTest, MalformedHeaderLines) {
  expectErrorThenRecovery("garbage\r\n", "malformed header line 'garbage'");
  expectErrorThenRecovery(kTwo + "\r\n", "malformed header line");     // JSON without headers
  expectErrorThenRecovery("Bad Name: 1\r\n\r\n", "malformed header line");
}

TEST(StdioTransportTest, OverlongHeaderLine) {
  expectErrorThenRecovery("X-Long: " + std::string(10000, 'x') + "\r\n\r\n", "header line longer than 8192 bytes");
  // Even without any line end before the next message.
  expectErrorThenRecovery(std::string(10000, 'x'), "header line longer than");
}

TEST(StdioTransportTest, TooManyHeaderLines) {
  std::string headers;
  for (int i = 0; i < 40; ++i)
    headers += "X-H: 1\r\n";
  expectErrorThenRecovery(headers + "\r\n", "more than 32 header lines");
}

TEST(StdioTransportTest, HugeMessageIsSkippedExactly) {
  std::string body(kMaxMessageBytes + 1, 'x');
  std::vector<Read> reads = readAll(frame(body) + frame(kOne));
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_NE(reads[0].error.find("larger than the limit"), std::string::npos) << reads[0].error;
  EXPECT_EQ(reads[1].message, kOne);
}

TEST(StdioTransportTest, HugeLengthThenEndOfInput) {
  std::vector<Read> reads = readAll("Content-Length: 9999999999999999\r\n\r\n{}");
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_NE(reads[0].error.find("the input ended inside it"), std::string::npos) << reads[0].error;
}

TEST(StdioTransportTest, EndOfInputInsideBody) {
  std::vector<Read> reads = readAll(frame(kOne) + "Content-Length: 10\r\n\r\n{\"a\"");
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].message, kOne);
  EXPECT_EQ(reads[1].error, "input ended inside a message (4 of 10 bytes)");
  EXPECT_EQ(reads[1].message, "");
}

TEST(StdioTransportTest, EndOfInputInsideHeaders) {
  for (std::string tail : {"Content-Len", "Content-Length: 5\r\n", "Content-Length: 5"}) {
    std::vector<Read> reads = readAll(frame(kOne) + tail);
    ASSERT_EQ(reads.size(), 2u) << tail;
    EXPECT_EQ(reads[1].error, "input ended inside a message's headers") << tail;
  }
}

TEST(StdioTransportTest, WritesFramedCompactJson) {
  StringInput input("");
  std::string out;
  llvm::raw_string_ostream os(out);
  StdioTransport transport(input, os);
  transport.writeMessage({{"id", 1}, {"text", "caf\xc3\xa9 \xff"}});
  std::string body = "{\"id\":1,\"text\":\"caf\xc3\xa9 \xef\xbf\xbd\"}"; // invalid UTF-8 replaced
  EXPECT_EQ(out, frame(body));
}

TEST(StdioTransportTest, ConcurrentWritesStayWhole) {
  StringInput input("");
  std::string out;
  llvm::raw_string_ostream os(out);
  StdioTransport transport(input, os);
  auto writer = [&](int base) {
    for (int i = 0; i < 200; ++i)
      transport.writeMessage({{"id", base + i}, {"padding", std::string(100, 'p')}});
  };
  std::thread a(writer, 0), b(writer, 1000);
  a.join();
  b.join();
  std::vector<Read> reads = readAll(out);
  ASSERT_EQ(reads.size(), 400u);
  for (const Read &read : reads) {
    EXPECT_EQ(read.error, "");
    EXPECT_TRUE(nlohmann::json::parse(read.message).contains("id"));
  }
}

class PipeTest : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_EQ(pipe(fds_), 0); }
  void TearDown() override {
    closeWriteEnd();
    close(fds_[0]);
  }
  void write(const std::string &text) { ASSERT_EQ(::write(fds_[1], text.data(), text.size()), ssize_t(text.size())); }
  void closeWriteEnd() {
    if (fds_[1] >= 0)
      close(fds_[1]);
    fds_[1] = -1;
  }
  int readFd() const { return fds_[0]; }

private:
  int fds_[2] = {-1, -1};
};

TEST_F(PipeTest, WaitReadableSeesPendingInput) {
  FdInput input(readFd());
  std::string out;
  llvm::raw_string_ostream os(out);
  StdioTransport transport(input, os);
  EXPECT_FALSE(transport.waitReadable(0));
  write(frame(kOne) + frame(kTwo));
  EXPECT_TRUE(transport.waitReadable(0));
  std::string message, error;
  ASSERT_TRUE(transport.readMessage(message, error));
  EXPECT_EQ(message, kOne);
  // The second message is in our buffer now, not in the pipe.
  EXPECT_TRUE(transport.waitReadable(0));
  ASSERT_TRUE(transport.readMessage(message, error));
  EXPECT_EQ(message, kTwo);
  EXPECT_FALSE(transport.waitReadable(10));
  closeWriteEnd();
  EXPECT_TRUE(transport.waitReadable(0)); // the end is readable
  EXPECT_FALSE(transport.readMessage(message, error));
}

TEST_F(PipeTest, ReadsAMessageWrittenInPieces) {
  FdInput input(readFd());
  std::string out;
  llvm::raw_string_ostream os(out);
  StdioTransport transport(input, os);
  std::string text = frame(kOne);
  std::thread writer([&] {
    for (char c : text)
      write(std::string(1, c));
    closeWriteEnd();
  });
  std::string message, error;
  ASSERT_TRUE(transport.readMessage(message, error));
  writer.join();
  EXPECT_EQ(message, kOne);
  EXPECT_FALSE(transport.readMessage(message, error));
}

// ---- The lit-test transport ------------------------------------------------

std::vector<Read> readLit(const std::string &text) {
  StringInput input(text, 5);
  std::string out;
  llvm::raw_string_ostream os(out);
  LitTestTransport transport(input, os);
  std::vector<Read> reads;
  Read read;
  while (transport.readMessage(read.message, read.error) && reads.size() < 100)
    reads.push_back(read);
  return reads;
}

TEST(LitTestTransportTest, SplitsOnDashesAndDropsComments) {
  std::vector<Read> reads = readLit("# RUN: flyte-lsp --lit-test < %s | FileCheck %s\n"
                                    "{\"jsonrpc\":\"2.0\",\n"
                                    "# CHECK: \"id\": 1\n"
                                    " \"id\":1,\"method\":\"a\"}\n"
                                    "---\r\n"
                                    "  # an indented comment\n"
                                    "---\n"
                                    "{\"jsonrpc\":\"2.0\",\"method\":\"b\"}");
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(reads[0].message), (nlohmann::json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "a"}}));
  EXPECT_EQ(nlohmann::json::parse(reads[1].message), (nlohmann::json{{"jsonrpc", "2.0"}, {"method", "b"}}));
}

TEST(LitTestTransportTest, InvalidJsonIsPassedOnForTheDispatcherToAnswer) {
  std::vector<Read> reads = readLit("{not json\n---\n{\"jsonrpc\":\"2.0\",\"method\":\"b\"}\n---\n");
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].message, "{not json\n");
  EXPECT_EQ(reads[0].error, "");
}

TEST(LitTestTransportTest, StopsAfterExit) {
  std::vector<Read> reads = readLit("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}\n---\n"
                                    "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"never\"}\n");
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_NE(reads[0].message.find("exit"), std::string::npos);
}

TEST(LitTestTransportTest, WritesPrettyJsonWithHeaders) {
  StringInput input("");
  std::string out;
  llvm::raw_string_ostream os(out);
  LitTestTransport transport(input, os);
  transport.writeMessage({{"id", 1}, {"result", nullptr}});
  std::string body = "{\n  \"id\": 1,\n  \"result\": null\n}";
  EXPECT_EQ(out, "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body + "\n");
  EXPECT_FALSE(transport.waitReadable(0));
}

} // namespace
} // namespace flytec::lsp
