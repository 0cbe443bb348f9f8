// Typed values out of nlohmann::json, with errors that name the bad field
// ("params.position.line: expected a non-negative integer"), and the
// generic toJSON of optionals, vectors and raw json. Protocol.h builds on it
// for the LSP structures.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace flytec::lsp {

using json = nlohmann::json;

/// Where a value sits inside a message. Parsers pass `path.field("x")` down
/// and the innermost one to fail calls `report`; the chain lives on the
/// stack, so a path must not outlive the call it was given to.
class JsonPath {
public:
  /// Owns one parse's error; its name ("params") starts every path.
  class Root {
  public:
    explicit Root(std::string name = "params") : name_(std::move(name)) {}
    const std::string &error() const { return error_; }

  private:
    friend class JsonPath;
    std::string name_;
    std::string error_;
  };

  JsonPath(Root &root) : root_(&root) {}

  JsonPath field(llvm::StringRef name) const { return JsonPath(root_, this, name, 0, false); }
  JsonPath index(size_t i) const { return JsonPath(root_, this, {}, i, true); }

  /// Records "path: message" unless an error was recorded already. Returns
  /// false, for `return path.report("...")`.
  bool report(llvm::StringRef message) const;
  std::string str() const;

private:
  JsonPath(Root *root, const JsonPath *parent, llvm::StringRef field, size_t index, bool isIndex)
      : root_(root), parent_(parent), field_(field), index_(index), isIndex_(isIndex) {}

  Root *root_;
  const JsonPath *parent_ = nullptr;
  llvm::StringRef field_;
  size_t index_ = 0;
  bool isIndex_ = false;
};

bool fromJSON(const json &j, json &out, JsonPath path);
bool fromJSON(const json &j, std::string &out, JsonPath path);
bool fromJSON(const json &j, bool &out, JsonPath path);
/// Any 32-bit integer (LSP's `integer`).
bool fromJSON(const json &j, int &out, JsonPath path);
/// LSP's `uinteger`, kept in an int: 0 to 2^31-1.
bool fromJSONUnsigned(const json &j, int &out, JsonPath path);
template <typename T> bool fromJSON(const json &j, std::vector<T> &out, JsonPath path);
/// Null reads as nullopt.
template <typename T> bool fromJSON(const json &j, std::optional<T> &out, JsonPath path);

template <typename T> bool fromJSON(const json &j, std::vector<T> &out, JsonPath path) {
  if (!j.is_array())
    return path.report("expected an array");
  out.clear();
  out.resize(j.size());
  for (size_t i = 0; i < j.size(); ++i)
    if (!fromJSON(j[i], out[i], path.index(i)))
      return false;
  return true;
}

template <typename T> bool fromJSON(const json &j, std::optional<T> &out, JsonPath path) {
  if (j.is_null()) {
    out.reset();
    return true;
  }
  out.emplace();
  return fromJSON(j, *out, path);
}

/// Parses all of `j` as a T; on failure `error` names the bad field, with
/// paths starting at `root`.
template <typename T>
bool fromJSON(const json &j, T &out, std::string &error, llvm::StringRef root = "params") {
  JsonPath::Root r(root.str());
  if (fromJSON(j, out, JsonPath(r))) {
    error.clear();
    return true;
  }
  error = r.error().empty() ? root.str() + ": invalid value" : r.error();
  return false;
}

/// Reads the fields of one object. Every accessor returns false after
/// reporting, so a parser is one `&&` chain:
///   ObjectReader o(j, path);
///   return o && o.required("line", p.line) && o.optional("kind", p.kind);
/// Fields not asked for are ignored (clients send more than we model).
class ObjectReader {
public:
  ObjectReader(const json &j, JsonPath path);
  explicit operator bool() const { return object_ != nullptr; }

  template <typename T> bool required(const char *key, T &out) { return required(key, out, ParseField{}); }
  template <typename T, typename Parse> bool required(const char *key, T &out, Parse parse) {
    const json *value = get(key);
    if (!value)
      return path_.field(key).report("required field is missing");
    return parse(*value, out, path_.field(key));
  }

  /// Absent or null leaves `out` as it was.
  template <typename T> bool optional(const char *key, T &out) { return optional(key, out, ParseField{}); }
  template <typename T, typename Parse> bool optional(const char *key, T &out, Parse parse) {
    const json *value = get(key);
    return !value || parse(*value, out, path_.field(key));
  }

  /// The field, or null when it is absent or null.
  const json *get(const char *key) const;

private:
  struct ParseField {
    template <typename T> bool operator()(const json &j, T &out, JsonPath path) const {
      return fromJSON(j, out, path);
    }
  };

  const json *object_ = nullptr;
  JsonPath path_;
};

inline json toJSON(const json &j) { return j; }
inline json toJSON(std::nullptr_t) { return nullptr; }

template <typename T> json toJSON(const std::vector<T> &values) {
  json out = json::array();
  for (const T &value : values)
    out.push_back(toJSON(value));
  return out;
}

/// nullopt writes as null.
template <typename T> json toJSON(const std::optional<T> &value) {
  return value ? toJSON(*value) : json(nullptr);
}

} // namespace flytec::lsp
