#include "lsp/Uri.h"

#include <llvm/ADT/StringExtras.h>

#include <fmt/format.h>

#include <cassert>

namespace flytec::lsp {

namespace {

bool fail(std::string *error, std::string message) {
  if (error)
    *error = std::move(message);
  return false;
}

bool percentDecode(llvm::StringRef text, std::string &out, std::string *error) {
  out.clear();
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size())
      return fail(error, fmt::format("truncated percent-escape '{}' at the end", text.substr(i).str()));
    unsigned hi = llvm::hexDigitValue(text[i + 1]), lo = llvm::hexDigitValue(text[i + 2]);
    if (hi == ~0U || lo == ~0U)
      return fail(error, fmt::format("invalid percent-escape '{}'", text.substr(i, 3).str()));
    char c = char(hi * 16 + lo);
    if (c == '\0')
      return fail(error, "a path cannot contain %00");
    out += c;
    i += 2;
  }
  return true;
}

} // namespace

std::optional<std::string> uriToPath(llvm::StringRef uri, std::string *error) {
  size_t colon = uri.find(':');
  llvm::StringRef scheme = colon == llvm::StringRef::npos ? "" : uri.take_front(colon);
  if (scheme.empty()) {
    fail(error, fmt::format("'{}' is not a URI", uri.str()));
    return std::nullopt;
  }
  if (!scheme.equals_insensitive("file")) {
    fail(error, fmt::format("unsupported URI scheme '{}' (only file: URIs name files)", scheme.str()));
    return std::nullopt;
  }
  llvm::StringRef rest = uri.drop_front(colon + 1);
  // RFC 3986 §3: a raw '?' starts the query and '#' the fragment, neither
  // part of the path (a '?' or '#' in a file name is written %3F, %23).
  rest = rest.take_until([](char c) { return c == '?' || c == '#'; });
  if (rest.consume_front("//")) {
    llvm::StringRef authority = rest.take_until([](char c) { return c == '/'; });
    if (!authority.empty() && !authority.equals_insensitive("localhost")) {
      fail(error, fmt::format("file URI with host '{}' (only local files are supported)", authority.str()));
      return std::nullopt;
    }
    rest = rest.drop_front(authority.size());
  }
  if (!rest.startswith("/")) {
    fail(error, fmt::format("file URI without an absolute path: '{}'", uri.str()));
    return std::nullopt;
  }
  std::string path;
  if (!percentDecode(rest, path, error))
    return std::nullopt;
  return path;
}

std::string pathToUri(llvm::StringRef absolutePath) {
  assert(absolutePath.startswith("/") && "pathToUri needs an absolute path");
  std::string uri = "file://";
  for (char c : absolutePath) {
    if (llvm::isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
      uri += c;
    else
      uri += fmt::format("%{:02X}", unsigned(static_cast<unsigned char>(c)));
  }
  return uri;
}

} // namespace flytec::lsp
