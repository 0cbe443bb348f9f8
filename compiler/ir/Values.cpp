// Typed views of IR values: checked reads of numbers, spans and instants,
// ordering, equality, and the text a value shows in an interpolated string.
// Durations and datetimes are compared as numbers, not as text: "60s" and
// "1m"-equivalent spellings, or "...00Z" and "...00.500Z", do not order
// correctly as strings.
#include "ir/Datetime.h"
#include "ir/EvalSupport.h"
#include "ir/IrJson.h"

#include <fmt/format.h>

#include <cmath>

namespace flytec::ir {

namespace eval {

std::string show(const Value &v) {
  std::string s = v.dump();
  if (s.size() > 60)
    s = s.substr(0, 57) + "...";
  return s;
}

std::optional<int64_t> intOf(const Value &v, std::string &error) {
  if (v.is_number_integer() && !(v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX)))
    return v.get<int64_t>();
  error = fmt::format("expected an int, got {}", show(v));
  return std::nullopt;
}

std::optional<double> floatOf(const Value &v, std::string &error) {
  // An int where a float is expected is its number: JSON writers (and
  // people writing `-i x=2`) do not always keep the decimal point.
  if (v.is_number())
    return v.get<double>();
  error = fmt::format("expected a float, got {}", show(v));
  return std::nullopt;
}

std::optional<bool> boolOf(const Value &v, std::string &error) {
  if (v.is_boolean())
    return v.get<bool>();
  error = fmt::format("expected a bool, got {}", show(v));
  return std::nullopt;
}

std::optional<std::string> stringOf(const Value &v, std::string &error) {
  if (v.is_string())
    return v.get<std::string>();
  error = fmt::format("expected a string, got {}", show(v));
  return std::nullopt;
}

std::optional<int64_t> durationOf(const Value &v, std::string &error) {
  if (v.is_string())
    if (auto ms = parseDuration(v.get_ref<const std::string &>()))
      return ms;
  error = fmt::format("expected a duration such as \"300s\", got {}", show(v));
  return std::nullopt;
}

std::optional<int64_t> datetimeOf(const Value &v, std::string &error) {
  if (v.is_string())
    if (auto ms = parseDatetime(v.get_ref<const std::string &>()))
      return ms;
  error = fmt::format("expected a datetime such as \"2026-11-28T02:00:00Z\", got {}", show(v));
  return std::nullopt;
}

std::optional<Value> floatResult(double x, llvm::StringRef what, std::string &error) {
  if (std::isfinite(x))
    return Value(x);
  error = fmt::format("{} {}", std::isnan(x) ? "no number results from" : "float overflow in", what.str());
  return std::nullopt;
}

TypeId concreteType(const TypeTable &types, TypeId type, const Value &v) {
  const TypeData &d = types[type];
  if (d.kind != TypeKind::Union)
    return type;
  auto member = [&](std::initializer_list<TypeKind> kinds) -> std::optional<TypeId> {
    for (TypeKind k : kinds)
      for (TypeId m : d.members)
        if (types[m].kind == k)
          return m;
    return std::nullopt;
  };
  std::optional<TypeId> m;
  if (v.is_null())
    m = member({TypeKind::None, TypeKind::Json});
  else if (v.is_boolean())
    m = member({TypeKind::Bool, TypeKind::Json});
  else if (v.is_number_integer())
    m = member({TypeKind::Int, TypeKind::Float, TypeKind::Json});
  else if (v.is_number())
    m = member({TypeKind::Float, TypeKind::Json});
  else if (v.is_array())
    m = member({TypeKind::List, TypeKind::Json});
  else if (v.is_object())
    m = member({TypeKind::Record, TypeKind::Map, TypeKind::Json});
  else if (v.is_string()) {
    // A string fits several kinds; the ones whose text has a form of its
    // own are tried first.
    const std::string &s = v.get_ref<const std::string &>();
    if (parseDuration(s))
      m = member({TypeKind::Duration});
    if (!m && parseDatetime(s))
      m = member({TypeKind::Datetime});
    if (!m)
      m = member({TypeKind::String, TypeKind::Enum, TypeKind::File, TypeKind::Dir, TypeKind::Dataframe,
                  TypeKind::Json});
  }
  return m ? concreteType(types, *m, v) : type;
}

std::optional<int> compareOrdered(const TypeTable &types, TypeId type, const Value &a, const Value &b,
                                  std::string &error) {
  auto order = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  TypeId t = concreteType(types, type, a);
  switch (types[t].kind) {
  case TypeKind::Int: {
    auto x = intOf(a, error), y = intOf(b, error);
    if (x && y)
      return order(*x, *y);
    return std::nullopt;
  }
  case TypeKind::Float: {
    auto x = floatOf(a, error), y = floatOf(b, error);
    if (x && y)
      return order(*x, *y);
    return std::nullopt;
  }
  case TypeKind::String: {
    // Byte order of UTF-8 is code-point order, as in Python.
    auto x = stringOf(a, error), y = stringOf(b, error);
    if (x && y)
      return order(*x, *y);
    return std::nullopt;
  }
  case TypeKind::Duration: {
    auto x = durationOf(a, error), y = durationOf(b, error);
    if (x && y)
      return order(*x, *y);
    return std::nullopt;
  }
  case TypeKind::Datetime: {
    auto x = datetimeOf(a, error), y = datetimeOf(b, error);
    if (x && y)
      return order(*x, *y);
    return std::nullopt;
  }
  default:
    error = fmt::format("values of type {} have no order", types.str(t));
    return std::nullopt;
  }
}

std::string durationText(int64_t millis) {
  if (millis == 0)
    return "0s";
  static const std::pair<int64_t, const char *> units[] = {
      {86400000, "d"}, {3600000, "h"}, {60000, "m"}, {1000, "s"}, {1, "ms"}};
  for (const auto &[size, unit] : units)
    if (millis % size == 0)
      return fmt::format("{}{}", millis / size, unit);
  return fmt::format("{}ms", millis);
}

} // namespace eval

std::string toText(const TypeTable &types, TypeId type, const Value &value) {
  TypeId t = eval::concreteType(types, type, value);
  if (value.is_null())
    return "none";
  std::string ignored;
  switch (types[t].kind) {
  case TypeKind::Bool:
    if (value.is_boolean())
      return value.get<bool>() ? "true" : "false";
    break;
  case TypeKind::Duration:
    if (auto ms = eval::durationOf(value, ignored))
      return eval::durationText(*ms);
    break;
  case TypeKind::Datetime:
    if (auto ms = eval::datetimeOf(value, ignored))
      return datetimeString(*ms);
    break;
  case TypeKind::Float:
    if (value.is_number())
      return Value(value.get<double>()).dump();
    break;
  default:
    break;
  }
  if (value.is_string())
    return value.get<std::string>();
  return value.dump();
}

bool valuesEqual(const Package &pkg, TypeId type, const Value &a, const Value &b) {
  if (a.is_null() || b.is_null())
    return a.is_null() && b.is_null();
  const TypeTable &types = pkg.types;
  TypeId t = eval::concreteType(types, type, a);
  std::string ignored;
  switch (types[t].kind) {
  case TypeKind::Duration: {
    auto x = eval::durationOf(a, ignored), y = eval::durationOf(b, ignored);
    return x && y ? *x == *y : a == b;
  }
  case TypeKind::Datetime: {
    auto x = eval::datetimeOf(a, ignored), y = eval::datetimeOf(b, ignored);
    return x && y ? *x == *y : a == b;
  }
  case TypeKind::List: {
    if (!a.is_array() || !b.is_array() || a.size() != b.size())
      return a == b;
    for (size_t i = 0; i < a.size(); ++i)
      if (!valuesEqual(pkg, types[t].element, a[i], b[i]))
        return false;
    return true;
  }
  case TypeKind::Map: {
    if (!a.is_object() || !b.is_object() || a.size() != b.size())
      return a == b;
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto other = b.find(it.key());
      if (other == b.end() || !valuesEqual(pkg, types[t].element, it.value(), *other))
        return false;
    }
    return true;
  }
  case TypeKind::Record: {
    auto def = pkg.records.find(types[t].name);
    if (!a.is_object() || !b.is_object() || def == pkg.records.end())
      return a == b;
    // A field a value leaves out has its default (none for optional fields).
    auto field = [](const Value &rec, const Param &p) {
      auto it = rec.find(p.name);
      return it != rec.end() ? *it : p.defaultValue.value_or(nullptr);
    };
    for (const Param &p : def->second.fields)
      if (!valuesEqual(pkg, p.type, field(a, p), field(b, p)))
        return false;
    return true;
  }
  default:
    // JSON equality compares numbers by value (2 == 2.0) and everything
    // else structurally.
    return a == b;
  }
}

} // namespace flytec::ir
