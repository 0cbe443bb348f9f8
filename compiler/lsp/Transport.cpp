#include "lsp/Transport.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/raw_ostream.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <poll.h>
#include <unistd.h>

namespace flytec::lsp {

namespace {

// Generous for any real header ("Content-Type: application/vscode-jsonrpc;
// charset=utf-8" is the longest in use) yet bounded against garbage.
constexpr size_t kMaxHeaderLine = 8192;
constexpr unsigned kMaxHeaderLines = 32;

llvm::StringRef withoutCR(llvm::StringRef line) {
  return line.endswith("\r") ? line.drop_back() : line;
}

bool isHeaderName(llvm::StringRef name) {
  if (name.empty())
    return false;
  for (char c : name)
    if (!llvm::isAlnum(c) && c != '-')
      return false;
  return true;
}

/// Digits only; false on overflow.
bool parseLength(llvm::StringRef text, uint64_t &length) {
  if (text.empty() || text.size() > 19)
    return false;
  length = 0;
  for (char c : text) {
    if (!llvm::isDigit(c))
      return false;
    length = length * 10 + uint64_t(c - '0');
  }
  return true;
}

std::string quoted(llvm::StringRef text) {
  constexpr size_t kShown = 60;
  std::string shown = text.take_front(kShown).str();
  return fmt::format("'{}'{}", shown, text.size() > kShown ? "..." : "");
}

} // namespace

size_t FdInput::read(char *buffer, size_t size) {
  for (;;) {
    ssize_t n = ::read(fd_, buffer, size);
    if (n >= 0)
      return size_t(n);
    if (errno != EINTR)
      return 0;
  }
}

bool FdInput::waitReadable(int timeoutMs) {
  pollfd p{fd_, POLLIN, 0};
  for (;;) {
    int n = ::poll(&p, 1, timeoutMs);
    if (n >= 0)
      return n > 0; // POLLHUP and POLLERR count: read will report the end
    if (errno != EINTR)
      return true;
  }
}

size_t StringInput::read(char *buffer, size_t size) {
  size_t n = std::min({size, chunk_, text_.size() - pos_});
  text_.copy(buffer, n, pos_);
  pos_ += n;
  return n;
}

bool BufferedInput::fill() {
  if (pos_ > 0) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  char chunk[1 << 16];
  size_t n = input_.read(chunk, sizeof chunk);
  buffer_.append(chunk, n);
  return n > 0;
}

bool BufferedInput::readLine(std::string &line, size_t maxBytes, bool &tooLong) {
  line.clear();
  tooLong = false;
  size_t searched = 0; // bytes past pos_ known to hold no '\n'
  for (;;) {
    size_t newline = buffer_.find('\n', pos_ + searched);
    size_t length = (newline == std::string::npos ? buffer_.size() : newline) - pos_;
    if (length > maxBytes) {
      tooLong = true;
      ++pos_;
      return false;
    }
    if (newline != std::string::npos) {
      line.assign(buffer_, pos_, length);
      pos_ = newline + 1;
      return true;
    }
    searched = length;
    if (!fill()) {
      line.assign(buffer_, pos_, std::string::npos);
      pos_ = buffer_.size();
      return false;
    }
  }
}

bool BufferedInput::readBytes(size_t size, std::string *out) {
  while (size > 0) {
    if (pos_ == buffer_.size() && !fill())
      return false;
    size_t n = std::min(size, buffer_.size() - pos_);
    if (out)
      out->append(buffer_, pos_, n);
    pos_ += n;
    size -= n;
  }
  return true;
}

bool BufferedInput::skipTo(llvm::StringRef token) {
  for (;;) {
    llvm::StringRef rest(buffer_.data() + pos_, buffer_.size() - pos_);
    size_t at = rest.find_insensitive(token);
    if (at != llvm::StringRef::npos) {
      pos_ += at;
      return true;
    }
    // Keep a tail that may be the start of the token.
    if (rest.size() >= token.size())
      pos_ = buffer_.size() - (token.size() - 1);
    if (!fill()) {
      pos_ = buffer_.size();
      return false;
    }
  }
}

void MessageWriter::write(const nlohmann::json &message) {
  // Replace invalid UTF-8 (from a document's text, say) rather than throw.
  std::string body = message.dump(pretty_ ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard<std::mutex> lock(mutex_);
  out_ << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  if (pretty_)
    out_ << "\n"; // not counted: for people and FileCheck reading transcripts
  out_.flush();
}

// A header block is lines of `Name: value` ended by an empty line; we need
// Content-Length and ignore the rest (Content-Type is always JSON-RPC in
// UTF-8). Lines may end in a bare '\n' and empty lines may come between
// messages, as in hand-written input. After a bad block the input is
// skipped to the next "Content-Length:", wherever it is: a message body has
// no line end, so the next header usually follows on the same line.
bool StdioTransport::readMessage(std::string &json, std::string &error) {
  json.clear();
  error.clear();
  if (resyncing_) {
    resyncing_ = false;
    if (!in_.skipTo("Content-Length:"))
      return false;
  }
  std::optional<uint64_t> length;
  bool inHeaders = false;
  unsigned lines = 0;
  std::string line;
  for (;;) {
    bool tooLong = false;
    bool complete = in_.readLine(line, kMaxHeaderLine, tooLong);
    if (tooLong) {
      error = fmt::format("header line longer than {} bytes", kMaxHeaderLine);
      resync();
      return true;
    }
    llvm::StringRef text = withoutCR(line);
    if (!complete) {
      if (!inHeaders && text.trim().empty())
        return false;
      error = "input ended inside a message's headers";
      return true;
    }
    if (text.trim().empty()) {
      if (!inHeaders)
        continue;
      break;
    }
    inHeaders = true;
    if (++lines > kMaxHeaderLines) {
      error = fmt::format("more than {} header lines", kMaxHeaderLines);
      resync();
      return true;
    }
    auto [name, value] = text.split(':');
    if (name.size() == text.size() || !isHeaderName(name)) {
      error = fmt::format("malformed header line {}", quoted(text));
      resync();
      return true;
    }
    if (!name.equals_insensitive("Content-Length"))
      continue;
    uint64_t parsed = 0;
    if (!parseLength(value.trim(), parsed)) {
      error = fmt::format("invalid Content-Length {}", quoted(value.trim()));
      resync();
      return true;
    }
    if (length && *length != parsed) {
      error = fmt::format("two different Content-Length headers ({} and {})", *length, parsed);
      resync();
      return true;
    }
    length = parsed;
  }
  if (!length) {
    error = "message without a Content-Length header";
    resync();
    return true;
  }
  if (*length > kMaxMessageBytes) {
    // Well-formed but too big: skipping exactly that much keeps the framing.
    bool complete = in_.readBytes(*length, nullptr);
    error = fmt::format("message of {} bytes is larger than the limit of {} bytes; skipped{}", *length,
                        kMaxMessageBytes, complete ? "" : " (the input ended inside it)");
    return true;
  }
  if (!in_.readBytes(*length, &json)) {
    error = fmt::format("input ended inside a message ({} of {} bytes)", json.size(), *length);
    json.clear();
  }
  return true;
}

// Lines are gathered up to a `---` line or the end; comment lines (`#`,
// where FileCheck's CHECK lines live) are dropped, and so are chunks with
// nothing else.
bool LitTestTransport::readMessage(std::string &json, std::string &error) {
  json.clear();
  error.clear();
  if (exited_)
    return false;
  std::string line;
  bool ended = false;
  while (!ended) {
    bool tooLong = false;
    ended = !in_.readLine(line, kMaxMessageBytes, tooLong);
    if (tooLong) {
      error = "line longer than the message size limit";
      exited_ = true; // a transcript that big is not one we can follow
      return true;
    }
    llvm::StringRef text = withoutCR(line);
    if (text.trim() == "---") {
      if (!llvm::StringRef(json).trim().empty())
        break;
      json.clear();
      continue;
    }
    if (text.ltrim().startswith("#"))
      continue;
    json.append(text.data(), text.size());
    json += '\n';
    if (json.size() > kMaxMessageBytes) {
      error = "message larger than the size limit";
      exited_ = true;
      json.clear();
      return true;
    }
  }
  if (llvm::StringRef(json).trim().empty())
    return false;
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_object()) {
    auto method = parsed.find("method");
    exited_ = method != parsed.end() && *method == "exit";
  }
  return true;
}

} // namespace flytec::lsp
