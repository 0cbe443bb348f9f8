#include "lsp/JsonMapping.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace flytec::lsp {

std::string JsonPath::str() const {
  std::vector<const JsonPath *> chain;
  for (const JsonPath *p = this; p; p = p->parent_)
    chain.push_back(p);
  std::string out = root_->name_;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const JsonPath &p = **it;
    if (p.isIndex_)
      out += fmt::format("[{}]", p.index_);
    else if (!p.field_.empty())
      out += (out.empty() ? "" : ".") + p.field_.str();
  }
  return out;
}

bool JsonPath::report(llvm::StringRef message) const {
  if (root_->error_.empty()) {
    std::string where = str();
    root_->error_ = where.empty() ? message.str() : where + ": " + message.str();
  }
  return false;
}

bool fromJSON(const json &j, json &out, JsonPath) {
  out = j;
  return true;
}

bool fromJSON(const json &j, std::string &out, JsonPath path) {
  if (!j.is_string())
    return path.report("expected a string");
  out = j.get_ref<const std::string &>();
  return true;
}

bool fromJSON(const json &j, bool &out, JsonPath path) {
  if (!j.is_boolean())
    return path.report("expected a boolean");
  out = j.get<bool>();
  return true;
}

namespace {

// JSON numbers written as 3.0 are not integers here: the LSP says integer.
std::optional<int64_t> integerOf(const json &j) {
  if (j.is_number_unsigned()) {
    uint64_t value = j.get<uint64_t>();
    return value > uint64_t(INT64_MAX) ? std::optional<int64_t>(INT64_MAX) : int64_t(value);
  }
  if (j.is_number_integer())
    return j.get<int64_t>();
  return std::nullopt;
}

} // namespace

bool fromJSON(const json &j, int &out, JsonPath path) {
  std::optional<int64_t> value = integerOf(j);
  if (!value || *value < INT32_MIN || *value > INT32_MAX)
    return path.report("expected an integer");
  out = int(*value);
  return true;
}

bool fromJSONUnsigned(const json &j, int &out, JsonPath path) {
  std::optional<int64_t> value = integerOf(j);
  if (!value || *value < 0 || *value > INT32_MAX)
    return path.report("expected a non-negative integer");
  out = int(*value);
  return true;
}

ObjectReader::ObjectReader(const json &j, JsonPath path) : path_(path) {
  if (j.is_object())
    object_ = &j;
  else
    path.report("expected an object");
}

const json *ObjectReader::get(const char *key) const {
  if (!object_)
    return nullptr;
  auto it = object_->find(key);
  return it == object_->end() || it->is_null() ? nullptr : &*it;
}

} // namespace flytec::lsp
