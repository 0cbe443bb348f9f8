// Conformance of run-time values to IR types, and the text forms of values
// (command-line inputs, scalar outputs written by tasks). See
// RuntimeValues.h; the JSON form of every type is docs/ir.md "Values".
#include "values/RuntimeValues.h"

#include "parse/Literals.h"

#include "ir/Datetime.h"
#include "ir/IrJson.h"

#include <fmt/format.h>
#include <llvm/ADT/StringExtras.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>

namespace flytec::runtime {

using ir::TypeData;
using ir::TypeId;
using ir::TypeKind;
using ir::Value;

namespace {

/// A value as an error shows it: its JSON, cut short so a huge list does not
/// drown the message.
std::string show(const Value &v) {
  std::string s = v.dump();
  if (s.size() > 60)
    s = s.substr(0, 57) + "...";
  return s;
}

/// Checks one value against one type, building the path of the place being
/// checked ("stats.rows", "[2]", "[\"eu\"]") so the message can name it.
class Conformer {
public:
  explicit Conformer(const ir::Package &pkg) : pkg(pkg), types(pkg.types) {}

  std::optional<Value> conform(TypeId type, const Value &v) {
    const TypeData &d = types[type];
    switch (d.kind) {
    case TypeKind::None:
      if (v.is_null())
        return Value(nullptr);
      return mismatch(type, v);
    case TypeKind::Int:
      if (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX))
        return fail(fmt::format("expected int, got {} (beyond 64 bits)", show(v)));
      if (v.is_number_integer())
        return Value(v.get<int64_t>());
      return mismatch(type, v);
    case TypeKind::Float:
      // An int where a float is expected is its number: JSON writers (and
      // `-i x=2`) do not always keep the decimal point.
      if (v.is_number())
        return Value(v.get<double>());
      return mismatch(type, v);
    case TypeKind::Bool:
      if (v.is_boolean())
        return v;
      return mismatch(type, v);
    case TypeKind::String:
      if (v.is_string())
        return v;
      return mismatch(type, v);
    case TypeKind::Datetime:
      if (v.is_string())
        if (auto ms = ir::parseDatetime(v.get_ref<const std::string &>()))
          return Value(ir::datetimeString(*ms));
      return fail(fmt::format("expected datetime (RFC 3339, such as \"2026-11-28T02:00:00Z\"), got {}", show(v)));
    case TypeKind::Duration:
      if (v.is_string()) {
        const std::string &text = v.get_ref<const std::string &>();
        if (auto ms = ir::parseDuration(text))
          return Value(ir::durationString(*ms));
        // As the language writes them: 250ms, 30s, 5m, 2h, 1d.
        int64_t ms;
        std::string why;
        if (parse::parseDuration(text, ms, why))
          return Value(ir::durationString(ms));
      }
      return fail(fmt::format("expected duration (such as \"90s\", \"5m\", \"250ms\", \"2h\" or \"0.250s\"), got {}",
                              show(v)));
    case TypeKind::Json:
      return v;
    case TypeKind::File:
    case TypeKind::Dir:
    case TypeKind::Dataframe:
      // A path; what it names is checked when a task opens it, not here.
      if (v.is_string() && !v.get_ref<const std::string &>().empty())
        return v;
      if (v.is_string())
        return fail(fmt::format("expected {} (a path), got an empty string", types.str(type)));
      return fail(fmt::format("expected {} (a path), got {}", types.str(type), show(v)));
    case TypeKind::Enum:
      return conformEnum(type, v);
    case TypeKind::List:
      return conformList(d, type, v);
    case TypeKind::Map:
      return conformMap(d, type, v);
    case TypeKind::Record:
      return conformRecord(d, v);
    case TypeKind::Union:
      return conformUnion(d, type, v);
    }
    return mismatch(type, v);
  }

  /// The message, with the place when inside a list, map or record.
  std::string message() const {
    if (errorPath.empty())
      return error;
    if (errorPath[0] == '[')
      return fmt::format("element {}: {}", errorPath, error);
    return fmt::format("field '{}': {}", errorPath, error);
  }

private:
  std::nullopt_t fail(std::string message) {
    error = std::move(message);
    errorPath = path;
    return std::nullopt;
  }
  std::nullopt_t mismatch(TypeId type, const Value &v) {
    return fail(fmt::format("expected {}, got {}", types.str(type), show(v)));
  }

  /// Runs `f` with `step` appended to the path.
  template <typename F> auto at(const std::string &step, F f) {
    size_t size = path.size();
    path += step;
    auto result = f();
    path.resize(size);
    return result;
  }

  std::optional<Value> conformEnum(TypeId type, const Value &v) {
    const std::string &name = types[type].name;
    auto def = pkg.enums.find(name);
    if (def == pkg.enums.end())
      return fail(fmt::format("enum {} is not in the package (the IR is incomplete)", name));
    const std::vector<std::string> &members = def->second.members;
    if (v.is_string() && llvm::is_contained(members, v.get_ref<const std::string &>()))
      return v;
    return fail(fmt::format("expected {} (one of {}), got {}", name, llvm::join(members, ", "), show(v)));
  }

  std::optional<Value> conformList(const TypeData &d, TypeId type, const Value &v) {
    if (!v.is_array())
      return mismatch(type, v);
    Value out = Value::array();
    for (size_t i = 0; i < v.size(); ++i) {
      auto e = at(fmt::format("[{}]", i), [&] { return conform(d.element, v[i]); });
      if (!e)
        return std::nullopt;
      out.push_back(std::move(*e));
    }
    return out;
  }

  std::optional<Value> conformMap(const TypeData &d, TypeId type, const Value &v) {
    if (!v.is_object())
      return mismatch(type, v);
    Value out = Value::object();
    for (const auto &item : v.items()) {
      const std::string &key = item.key();
      const Value &element = item.value();
      auto e = at(fmt::format("[{}]", Value(key).dump()), [&] { return conform(d.element, element); });
      if (!e)
        return std::nullopt;
      out[key] = std::move(*e);
    }
    return out;
  }

  std::optional<Value> conformRecord(const TypeData &d, const Value &v) {
    auto def = pkg.records.find(d.name);
    if (def == pkg.records.end())
      return fail(fmt::format("record {} is not in the package (the IR is incomplete)", d.name));
    const ir::RecordDef &record = def->second;
    if (!v.is_object())
      return fail(fmt::format("expected {} (an object with fields {}), got {}", d.name, fieldNames(record), show(v)));
    for (const auto &item : v.items())
      if (const std::string &key = item.key();
          !llvm::any_of(record.fields, [&](const ir::Param &f) { return f.name == key; }))
        return fail(fmt::format("{} has no field '{}' (its fields: {})", d.name, key, fieldNames(record)));
    // Every field is written out (docs/ir.md: defaults included), so two
    // spellings of one record are one value for the cache.
    Value out = Value::object();
    for (const ir::Param &f : record.fields) {
      std::string step = path.empty() ? f.name : "." + f.name;
      std::optional<Value> field;
      if (auto it = v.find(f.name); it != v.end())
        field = at(step, [&] { return conform(f.type, *it); });
      else if (f.defaultValue)
        field = at(step, [&] { return conform(f.type, *f.defaultValue); });
      else if (types.isOptional(f.type))
        field = Value(nullptr);
      else
        return at(step, [&] { return fail(fmt::format("missing (a required field of {})", d.name)); });
      if (!field)
        return std::nullopt;
      out[f.name] = std::move(*field);
    }
    return out;
  }

  static std::string fieldNames(const ir::RecordDef &record) {
    std::vector<std::string> names;
    for (const ir::Param &f : record.fields)
      names.push_back(f.name);
    return llvm::join(names, ", ");
  }

  std::optional<Value> conformUnion(const TypeData &d, TypeId type, const Value &v) {
    // An int tries an int member first, so `float | int` keeps 3 an int
    // rather than turning it into 3.0 by the first member's conversion.
    std::vector<TypeId> order = d.members;
    if (v.is_number_integer())
      std::stable_partition(order.begin(), order.end(), [&](TypeId m) { return types[m].kind == TypeKind::Int; });
    // When exactly one member is a list or object like the value, its own
    // error says more ("field 'rows': ...") than "expected A | B".
    std::optional<TypeId> structural;
    int structuralCount = 0;
    for (TypeId m : order) {
      TypeKind k = types[m].kind;
      bool like = (v.is_array() && k == TypeKind::List) ||
                  (v.is_object() && (k == TypeKind::Record || k == TypeKind::Map));
      if (like) {
        structural = m;
        ++structuralCount;
      }
    }
    for (TypeId m : order) {
      Conformer inner(pkg);
      inner.path = path;
      if (auto out = inner.conform(m, v))
        return out;
      if (structuralCount == 1 && m == *structural) {
        error = inner.error;
        errorPath = inner.errorPath;
      }
    }
    if (structuralCount == 1)
      return std::nullopt;
    return mismatch(type, v);
  }

  const ir::Package &pkg;
  const ir::TypeTable &types;
  std::string path;
  std::string error;
  std::string errorPath;
};

/// Whether a plain string is one of the values of `type`, so that a
/// command-line value that happened to parse as JSON is worth retrying as
/// text.
bool wantsString(const ir::TypeTable &types, TypeId type) {
  const TypeData &d = types[type];
  switch (d.kind) {
  case TypeKind::String:
  case TypeKind::Datetime:
  case TypeKind::Duration:
  case TypeKind::File:
  case TypeKind::Dir:
  case TypeKind::Dataframe:
  case TypeKind::Enum:
    return true;
  case TypeKind::Union:
    return llvm::any_of(d.members, [&](TypeId m) { return wantsString(types, m); });
  default:
    return false;
  }
}

std::optional<Value> parseScalarText(const ir::Package &pkg, TypeId type, llvm::StringRef text,
                                     std::string &error) {
  const ir::TypeTable &types = pkg.types;
  const TypeData &d = types[type];
  // Numbers and names may come with the spaces of `wc -l` or `printf "%5d"`;
  // a string is the text exactly.
  llvm::StringRef trimmed = text.trim();
  auto bad = [&](llvm::StringRef hint = "") {
    error = fmt::format("expected {}{}, got {}", types.str(type), hint.str(), show(Value(text.str())));
    return std::nullopt;
  };
  switch (d.kind) {
  case TypeKind::None:
    if (trimmed.empty() || trimmed == "null")
      return Value(nullptr);
    return bad(" (empty text or null)");
  case TypeKind::Int: {
    int64_t n = 0;
    llvm::StringRef digits = trimmed;
    if (digits.consume_front("+") && (digits.empty() || !llvm::isDigit(digits.front())))
      return bad();
    if (digits.empty() || digits.getAsInteger(10, n))
      return bad();
    return Value(n);
  }
  case TypeKind::Float: {
    std::string s = trimmed.str();
    char *end = nullptr;
    errno = 0;
    double x = s.empty() ? 0 : std::strtod(s.c_str(), &end);
    // strtod also reads "inf", "nan" and hex floats; a float value is a
    // finite decimal number.
    bool decimal = llvm::all_of(s, [](char c) { return llvm::isDigit(c) || llvm::StringRef("+-.eE").contains(c); });
    if (s.empty() || !decimal || end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(x))
      return bad();
    return Value(x);
  }
  case TypeKind::Bool:
    // Python's print() writes True and False.
    if (trimmed == "true" || trimmed == "True")
      return Value(true);
    if (trimmed == "false" || trimmed == "False")
      return Value(false);
    return bad(" (true or false)");
  case TypeKind::String:
    return Value(text.str());
  case TypeKind::Datetime:
  case TypeKind::Duration:
  case TypeKind::Enum:
    return conform(pkg, type, Value(trimmed.str()), error);
  case TypeKind::File:
  case TypeKind::Dir:
  case TypeKind::Dataframe:
    error = fmt::format("{} outputs are not read from text: their value is the path the task wrote to",
                        types.str(type));
    return std::nullopt;
  case TypeKind::Json:
  case TypeKind::List:
  case TypeKind::Map:
  case TypeKind::Record: {
    Value v = Value::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (v.is_discarded())
      return bad(" (JSON)");
    return conform(pkg, type, v, error);
  }
  case TypeKind::Union: {
    // Empty text is how a task says `none`; otherwise the first member
    // whose text form fits, ints before the rest as in conform().
    if (types.isOptional(type) && (trimmed.empty() || trimmed == "null"))
      return Value(nullptr);
    std::vector<TypeId> order = d.members;
    std::stable_partition(order.begin(), order.end(), [&](TypeId m) { return types[m].kind == TypeKind::Int; });
    for (TypeId m : order) {
      if (types[m].kind == TypeKind::None)
        continue;
      std::string ignored;
      if (auto v = parseScalarText(pkg, m, text, ignored))
        return v;
    }
    return bad();
  }
  }
  return bad();
}

} // namespace

std::optional<Value> conform(const ir::Package &pkg, TypeId type, const Value &value, std::string &error) {
  Conformer c(pkg);
  if (auto v = c.conform(type, value))
    return v;
  error = c.message();
  return std::nullopt;
}

std::optional<Value> parseCommandLineValue(const ir::Package &pkg, TypeId type, llvm::StringRef text,
                                           std::string &error) {
  Value parsed = Value::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded())
    return conform(pkg, type, Value(text.str()), error);
  if (auto v = conform(pkg, type, parsed, error))
    return v;
  // `-i name=42` or `-i region=null` for a string: the user meant the text.
  if (!parsed.is_string() && wantsString(pkg.types, type)) {
    std::string textError;
    if (auto v = conform(pkg, type, Value(text.str()), textError)) {
      error.clear();
      return v;
    }
  }
  return std::nullopt;
}

std::optional<Value> parseOutputText(const ir::Package &pkg, TypeId type, llvm::StringRef text,
                                     std::string &error) {
  if (!text.consume_back("\r\n"))
    text.consume_back("\n");
  return parseScalarText(pkg, type, text, error);
}

namespace {

bool holdsPathsIn(const ir::Package &pkg, TypeId type, std::set<std::string> &recordsSeen) {
  const TypeData &d = pkg.types[type];
  switch (d.kind) {
  case TypeKind::File:
  case TypeKind::Dir:
  case TypeKind::Dataframe:
    return true;
  case TypeKind::List:
  case TypeKind::Map:
    return holdsPathsIn(pkg, d.element, recordsSeen);
  case TypeKind::Union:
    return llvm::any_of(d.members, [&](TypeId m) { return holdsPathsIn(pkg, m, recordsSeen); });
  case TypeKind::Record: {
    // A record reached again through its own fields adds nothing new.
    if (!recordsSeen.insert(d.name).second)
      return false;
    auto def = pkg.records.find(d.name);
    return def != pkg.records.end() &&
           llvm::any_of(def->second.fields, [&](const ir::Param &f) { return holdsPathsIn(pkg, f.type, recordsSeen); });
  }
  default:
    return false;
  }
}

} // namespace

bool holdsPaths(const ir::Package &pkg, TypeId type) {
  std::set<std::string> recordsSeen;
  return holdsPathsIn(pkg, type, recordsSeen);
}

} // namespace flytec::runtime
