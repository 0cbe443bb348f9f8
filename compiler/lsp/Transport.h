// Reading and writing whole JSON-RPC messages. A transport knows framing
// only: it hands out message text and never looks inside, except that the
// lit-test transport stops after `exit`.
//
//   StdioTransport    LSP base protocol: `Content-Length: N\r\n\r\n` + N bytes.
//   LitTestTransport  `--lit-test`: messages separated by `---` lines, `#`
//                     comments, pretty-printed replies (as clangd's -lit-test).
//
// Bytes come from a ByteInput (a file descriptor in the server, a string in
// tests and the fuzzer), read with our own buffer: stdio's buffering would
// hide bytes from poll(2) and make waitReadable lie.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
}

namespace flytec::lsp {

class ByteInput {
public:
  virtual ~ByteInput() = default;
  /// Blocks until at least one byte is there; returns how many were read,
  /// 0 at end of input (a read error counts as the end).
  virtual size_t read(char *buffer, size_t size) = 0;
  /// Whether read would return at once, waiting up to `timeoutMs`.
  virtual bool waitReadable(int timeoutMs) = 0;
};

class FdInput : public ByteInput {
public:
  explicit FdInput(int fd) : fd_(fd) {}
  size_t read(char *buffer, size_t size) override;
  bool waitReadable(int timeoutMs) override;

private:
  int fd_;
};

/// Hands out `text` at most `chunk` bytes per read, so tests can split a
/// message anywhere.
class StringInput : public ByteInput {
public:
  explicit StringInput(std::string text, size_t chunk = SIZE_MAX) : text_(std::move(text)), chunk_(chunk) {}
  size_t read(char *buffer, size_t size) override;
  bool waitReadable(int) override { return true; }

private:
  std::string text_;
  size_t chunk_;
  size_t pos_ = 0;
};

/// Messages larger than this are refused (and skipped).
inline constexpr size_t kMaxMessageBytes = size_t(64) << 20;

class Transport {
public:
  virtual ~Transport() = default;

  /// The next message's text. Returns false at the end of input; otherwise
  /// either `error` is empty and `json` holds a message (not yet parsed:
  /// the dispatcher replies to bad JSON), or `error` says what was wrong
  /// with the input, which has been skipped up to where the next message
  /// may start. Not thread-safe: one reader.
  virtual bool readMessage(std::string &json, std::string &error) = 0;

  /// Whether more input is already waiting, after up to `timeoutMs`. The
  /// server asks before slow work, to handle a newer message first.
  virtual bool waitReadable(int timeoutMs) = 0;

  /// Thread-safe; every message is flushed at once.
  virtual void writeMessage(const nlohmann::json &message) = 0;
};

/// A byte reader with its own buffer, shared by both transports.
class BufferedInput {
public:
  explicit BufferedInput(ByteInput &input) : input_(input) {}

  /// Reads up to and including the next '\n' into `line` (without it). At
  /// the end of input returns false, leaving what there was in `line`. A
  /// line longer than `maxBytes` also returns false, with `tooLong` set and
  /// only its first byte consumed, so a resync can search the rest of it.
  bool readLine(std::string &line, size_t maxBytes, bool &tooLong);
  /// Appends the next `size` bytes to `out`, or discards them if `out` is
  /// null. False if the input ended first.
  bool readBytes(size_t size, std::string *out);
  /// Consumes input up to (not including) the next `token`, compared
  /// ignoring ASCII case. False if the input ended first.
  bool skipTo(llvm::StringRef token);
  bool hasBuffered() const { return pos_ < buffer_.size(); }
  bool waitReadable(int timeoutMs) { return hasBuffered() || input_.waitReadable(timeoutMs); }

private:
  /// Reads more input into the buffer; false at the end.
  bool fill();

  ByteInput &input_;
  std::string buffer_;
  size_t pos_ = 0;
};

/// Writes framed messages to one stream under a lock.
class MessageWriter {
public:
  MessageWriter(llvm::raw_ostream &out, bool pretty) : out_(out), pretty_(pretty) {}
  void write(const nlohmann::json &message);

private:
  llvm::raw_ostream &out_;
  bool pretty_;
  std::mutex mutex_;
};

class StdioTransport : public Transport {
public:
  StdioTransport(ByteInput &input, llvm::raw_ostream &out) : in_(input), writer_(out, /*pretty=*/false) {}

  bool readMessage(std::string &json, std::string &error) override;
  bool waitReadable(int timeoutMs) override { return in_.waitReadable(timeoutMs); }
  void writeMessage(const nlohmann::json &message) override { writer_.write(message); }

private:
  /// After a bad header block: skip to the next `Content-Length`.
  void resync() { resyncing_ = true; }

  BufferedInput in_;
  MessageWriter writer_;
  bool resyncing_ = false;
};

class LitTestTransport : public Transport {
public:
  LitTestTransport(ByteInput &input, llvm::raw_ostream &out) : in_(input), writer_(out, /*pretty=*/true) {}

  bool readMessage(std::string &json, std::string &error) override;
  /// Always false: a transcript's messages are handled one at a time, as
  /// from a slow client, so its replies come in a fixed order.
  bool waitReadable(int) override { return false; }
  void writeMessage(const nlohmann::json &message) override { writer_.write(message); }

private:
  BufferedInput in_;
  MessageWriter writer_;
  bool exited_ = false;
};

} // namespace flytec::lsp
