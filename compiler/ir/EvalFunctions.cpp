// The pure std functions (LANGUAGE.md §9) on evaluated arguments. Their
// typing rules are sema/StdFunctions.cpp; where a function is generic the
// argument's type (from the call's Expr args) picks the behaviour, e.g.
// `len` of a string counts code points while `len` of a list counts
// elements. Where the language leaves a choice, the functions behave as in
// Python (docs/language-notes.md, "Evaluating expressions").
#include "ir/Datetime.h"
#include "ir/EvalSupport.h"
#include "ir/IrJson.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/ConvertUTF.h>
#include <llvm/Support/MathExtras.h>

#include <fmt/format.h>

#include <charconv>
#include <clocale>
#include <cmath>
#include <cwctype>

namespace flytec::ir::eval {

namespace {

/// `range` refuses to build lists longer than this: a constant folded into
/// the IR, or a value held by the runtime, of a billion elements is a
/// mistake, not a workflow.
constexpr int64_t kMaxRange = 1000000;

/// One call being evaluated.
struct Call {
  const Package &pkg;
  llvm::StringRef name;
  TypeId resultType;
  llvm::ArrayRef<TypeId> types;
  llvm::ArrayRef<Value> args;
  std::string &error;

  std::nullopt_t fail(std::string message) const {
    error = fmt::format("{}(): {}", name.str(), message);
    return std::nullopt;
  }
  /// The kind of argument `i`'s type (the member its value fits for unions).
  TypeKind kind(size_t i) const { return pkg.types[concreteType(pkg.types, types[i], args[i])].kind; }
  /// The element type of a list or map argument.
  TypeId element(size_t i) const { return pkg.types[concreteType(pkg.types, types[i], args[i])].element; }
  std::nullopt_t badValue() const { return fail(error); }
};

using Result = std::optional<Value>;

Result len(const Call &c) {
  const Value &x = c.args[0];
  if (x.is_string()) {
    // Characters are code points, as Python counts them.
    const std::string &s = x.get_ref<const std::string &>();
    return Value(int64_t(llvm::count_if(s, [](char ch) { return (uint8_t(ch) & 0xC0) != 0x80; })));
  }
  if (x.is_array() || x.is_object())
    return Value(int64_t(x.size()));
  return c.fail(fmt::format("expects a list, a map or a string, got {}", show(x)));
}

Result range(const Call &c) {
  int64_t start = 0, stop = 0;
  for (size_t i = 0; i < c.args.size(); ++i) {
    auto v = intOf(c.args[i], c.error);
    if (!v)
      return c.badValue();
    (c.args.size() == 1 || i == 1 ? stop : start) = *v;
  }
  Value out = Value::array();
  if (stop <= start)
    return out;
  int64_t n = 0;
  if (llvm::SubOverflow(stop, start, n) || n > kMaxRange)
    return c.fail(fmt::format("the range from {} to {} has more than {} elements", start, stop, kMaxRange));
  for (int64_t i = start; i < stop; ++i)
    out.push_back(i);
  return out;
}

Result str(const Call &c) { return Value(toText(c.pkg.types, c.types[0], c.args[0])); }

Result toInt(const Call &c) {
  const Value &x = c.args[0];
  switch (c.kind(0)) {
  case TypeKind::Int:
    if (!intOf(x, c.error))
      return c.badValue();
    return x;
  case TypeKind::Bool: {
    auto b = boolOf(x, c.error);
    if (!b)
      return c.badValue();
    return Value(int64_t(*b));
  }
  case TypeKind::Float: {
    auto f = floatOf(x, c.error);
    if (!f)
      return c.badValue();
    // Truncates toward zero; -2^63 is the lowest int and 2^63 the first
    // double above the highest.
    if (!(*f >= -9223372036854775808.0 && *f < 9223372036854775808.0))
      return c.fail(fmt::format("{} is out of the range of an int", show(x)));
    return Value(int64_t(*f));
  }
  case TypeKind::String: {
    auto s = stringOf(x, c.error);
    if (!s)
      return c.badValue();
    llvm::StringRef text = llvm::StringRef(*s).trim();
    bool plus = text.consume_front("+");
    int64_t v = 0;
    if (text.empty() || (plus && text.startswith("-")) || text.getAsInteger(10, v))
      return c.fail(fmt::format("\"{}\" is not an int", *s));
    return Value(v);
  }
  default:
    return c.fail(fmt::format("cannot convert {} to an int", show(x)));
  }
}

Result toFloat(const Call &c) {
  const Value &x = c.args[0];
  switch (c.kind(0)) {
  case TypeKind::Int:
  case TypeKind::Float: {
    auto f = floatOf(x, c.error);
    if (!f)
      return c.badValue();
    return Value(*f);
  }
  case TypeKind::String: {
    auto s = stringOf(x, c.error);
    if (!s)
      return c.badValue();
    // from_chars ignores the locale; it takes no '+', so one is dropped.
    llvm::StringRef text = llvm::StringRef(*s).trim();
    bool plus = text.consume_front("+");
    double v = 0;
    auto [end, ec] = std::from_chars(text.begin(), text.end(), v);
    if (text.empty() || (plus && text.startswith("-")) || ec != std::errc() || end != text.end())
      return c.fail(fmt::format("\"{}\" is not a float", *s));
    if (!std::isfinite(v))
      return c.fail(fmt::format("\"{}\" is not a finite float", *s));
    return Value(v);
  }
  default:
    return c.fail(fmt::format("cannot convert {} to a float", show(x)));
  }
}

Result join(const Call &c) {
  auto sep = stringOf(c.args[1], c.error);
  if (!sep || !c.args[0].is_array())
    return sep ? c.fail(fmt::format("expects a list of strings, got {}", show(c.args[0]))) : c.badValue();
  std::string out;
  for (size_t i = 0; i < c.args[0].size(); ++i) {
    auto part = stringOf(c.args[0][i], c.error);
    if (!part)
      return c.badValue();
    if (i)
      out += *sep;
    out += *part;
  }
  return Value(std::move(out));
}

Result split(const Call &c) {
  auto text = stringOf(c.args[0], c.error);
  auto sep = text ? stringOf(c.args[1], c.error) : std::nullopt;
  if (!sep)
    return c.badValue();
  if (sep->empty())
    return c.fail("the separator is empty");
  // As Python's str.split(sep): "" gives [""], and "a,,b" gives ["a", "", "b"].
  llvm::SmallVector<llvm::StringRef, 8> parts;
  llvm::StringRef(*text).split(parts, *sep, -1, /*KeepEmpty=*/true);
  Value out = Value::array();
  for (llvm::StringRef p : parts)
    out.push_back(p.str());
  return out;
}

/// Case mapping of each code point by the C.UTF-8 locale (shipped with the C
/// library); ASCII only if that locale is missing.
Result changeCase(const Call &c, bool upper) {
  auto text = stringOf(c.args[0], c.error);
  if (!text)
    return c.badValue();
  static locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t(0));
  std::wstring wide;
  std::string out;
  if (utf8 && llvm::ConvertUTF8toWide(*text, wide)) {
    for (wchar_t &ch : wide)
      ch = wchar_t(upper ? towupper_l(wint_t(ch), utf8) : towlower_l(wint_t(ch), utf8));
    if (llvm::convertWideToUTF8(wide, out))
      return Value(std::move(out));
  }
  return Value(upper ? llvm::StringRef(*text).upper() : llvm::StringRef(*text).lower());
}

Result upper(const Call &c) { return changeCase(c, true); }
Result lower(const Call &c) { return changeCase(c, false); }

Result contains(const Call &c) {
  const Value &hay = c.args[0], &needle = c.args[1];
  switch (c.kind(0)) {
  case TypeKind::List:
    if (!hay.is_array())
      break;
    for (const Value &x : hay)
      if (valuesEqual(c.pkg, c.element(0), x, needle))
        return Value(true);
    return Value(false);
  case TypeKind::Map: {
    auto key = stringOf(needle, c.error);
    if (!key)
      return c.badValue();
    if (!hay.is_object())
      break;
    return Value(hay.contains(*key));
  }
  case TypeKind::String: {
    auto s = stringOf(hay, c.error);
    auto sub = s ? stringOf(needle, c.error) : std::nullopt;
    if (!sub)
      return c.badValue();
    return Value(s->find(*sub) != std::string::npos);
  }
  default:
    break;
  }
  return c.fail(fmt::format("expects a list, a map or a string, got {}", show(hay)));
}

Result keysOrValues(const Call &c, bool keys) {
  const Value &m = c.args[0];
  if (!m.is_object())
    return c.fail(fmt::format("expects a map, got {}", show(m)));
  // JSON objects are ordered by key, which is the language's map order.
  Value out = Value::array();
  for (auto it = m.begin(); it != m.end(); ++it)
    out.push_back(keys ? Value(it.key()) : it.value());
  return out;
}

Result keys(const Call &c) { return keysOrValues(c, true); }
Result values(const Call &c) { return keysOrValues(c, false); }

/// min and max: of a list, or of two or more values; the first of equal
/// values wins, as in Python.
Result extreme(const Call &c, bool wantMax) {
  llvm::ArrayRef<Value> xs = c.args;
  TypeId type = c.types[0];
  if (c.args.size() == 1) {
    if (!c.args[0].is_array())
      return c.fail(fmt::format("expects a list, got {}", show(c.args[0])));
    if (c.args[0].empty())
      return c.fail("the list is empty");
    type = c.element(0);
    xs = c.args[0].get_ref<const Value::array_t &>();
  }
  size_t best = 0;
  for (size_t i = 1; i < xs.size(); ++i) {
    auto order = compareOrdered(c.pkg.types, type, xs[i], xs[best], c.error);
    if (!order)
      return c.badValue();
    if (wantMax ? *order > 0 : *order < 0)
      best = i;
  }
  if (xs.size() == 1 && !compareOrdered(c.pkg.types, type, xs[0], xs[0], c.error))
    return c.badValue();
  return xs[best];
}

Result min(const Call &c) { return extreme(c, false); }
Result max(const Call &c) { return extreme(c, true); }

Result sum(const Call &c) {
  const Value &xs = c.args[0];
  if (!xs.is_array())
    return c.fail(fmt::format("expects a list, got {}", show(xs)));
  switch (c.pkg.types[c.resultType].kind) {
  case TypeKind::Float: {
    double total = 0;
    for (const Value &x : xs) {
      auto f = floatOf(x, c.error);
      if (!f)
        return c.badValue();
      total += *f;
    }
    return floatResult(total, "sum()", c.error);
  }
  case TypeKind::Int:
  case TypeKind::Duration: {
    bool duration = c.pkg.types[c.resultType].kind == TypeKind::Duration;
    int64_t total = 0;
    for (const Value &x : xs) {
      auto v = duration ? durationOf(x, c.error) : intOf(x, c.error);
      if (!v)
        return c.badValue();
      if (llvm::AddOverflow(total, *v, total))
        return c.fail(duration ? "duration overflow" : "integer overflow");
    }
    return duration ? Value(durationString(total)) : Value(total);
  }
  default:
    return c.fail(fmt::format("cannot add up {}", show(xs)));
  }
}

Result abs(const Call &c) {
  const Value &x = c.args[0];
  switch (c.kind(0)) {
  case TypeKind::Int:
  case TypeKind::Duration: {
    bool duration = c.kind(0) == TypeKind::Duration;
    auto v = duration ? durationOf(x, c.error) : intOf(x, c.error);
    if (!v)
      return c.badValue();
    if (*v == INT64_MIN)
      return c.fail(fmt::format("{} overflow", duration ? "duration" : "integer"));
    return duration ? Value(durationString(std::abs(*v))) : Value(std::abs(*v));
  }
  case TypeKind::Float: {
    auto f = floatOf(x, c.error);
    if (!f)
      return c.badValue();
    return Value(std::fabs(*f));
  }
  default:
    return c.fail(fmt::format("expects an int, a float or a duration, got {}", show(x)));
  }
}

Result round(const Call &c) {
  auto x = floatOf(c.args[0], c.error);
  if (!x)
    return c.badValue();
  if (c.args.size() == 1) {
    double r = std::round(*x); // half away from zero
    if (!(r >= -9223372036854775808.0 && r < 9223372036854775808.0))
      return c.fail(fmt::format("{} is out of the range of an int", show(c.args[0])));
    return Value(int64_t(r));
  }
  auto digits = intOf(c.args[1], c.error);
  if (!digits)
    return c.badValue();
  // Beyond ±308 digits the scale is not a finite double; a float has no
  // digits there to round (positive) or rounds to zero (negative).
  if (*digits > 308)
    return Value(*x);
  if (*digits < -308)
    return Value(0.0 * *x);
  double scale = std::pow(10.0, double(std::abs(*digits)));
  if (*digits >= 0 && !std::isfinite(*x * scale))
    return Value(*x); // so large it has no fractional digits
  double r = *digits >= 0 ? std::round(*x * scale) / scale : std::round(*x / scale) * scale;
  return floatResult(r, "round()", c.error);
}

Result formatDatetimeFn(const Call &c) {
  auto t = datetimeOf(c.args[0], c.error);
  auto format = t ? stringOf(c.args[1], c.error) : std::nullopt;
  if (!format)
    return c.badValue();
  std::string out, why;
  if (!formatDatetime(*t, *format, out, why))
    return c.fail(why);
  return Value(std::move(out));
}

Result parseDatetimeFn(const Call &c) {
  auto text = stringOf(c.args[0], c.error);
  if (!text)
    return c.badValue();
  if (c.args.size() == 1) {
    if (auto t = parseDatetime(*text))
      return Value(datetimeString(*t));
    return c.fail(fmt::format("\"{}\" is not an ISO 8601 date and time such as \"2026-11-28T02:00:00Z\"", *text));
  }
  auto format = stringOf(c.args[1], c.error);
  if (!format)
    return c.badValue();
  std::string why;
  if (auto t = parseDatetimeFormat(*text, *format, why))
    return Value(datetimeString(*t));
  return c.fail(why);
}

struct Function {
  llvm::StringRef name;
  size_t minArgs, maxArgs;
  Result (*call)(const Call &);
};

const Function kFunctions[] = {
    {"len", 1, 1, len},
    {"range", 1, 2, range},
    {"str", 1, 1, str},
    {"int", 1, 1, toInt},
    {"float", 1, 1, toFloat},
    {"join", 2, 2, join},
    {"split", 2, 2, split},
    {"upper", 1, 1, upper},
    {"lower", 1, 1, lower},
    {"contains", 2, 2, contains},
    {"keys", 1, 1, keys},
    {"values", 1, 1, values},
    {"min", 1, SIZE_MAX, min},
    {"max", 1, SIZE_MAX, max},
    {"sum", 1, 1, sum},
    {"abs", 1, 1, abs},
    {"round", 1, 2, round},
    {"format_datetime", 2, 2, formatDatetimeFn},
    {"parse_datetime", 1, 2, parseDatetimeFn},
};

} // namespace

} // namespace flytec::ir::eval

namespace flytec::ir {

std::optional<std::pair<size_t, size_t>> stdFunctionArity(llvm::StringRef name) {
  name.consume_front("std.");
  for (const eval::Function &f : eval::kFunctions)
    if (f.name == name)
      return std::make_pair(f.minArgs, f.maxArgs);
  return std::nullopt;
}

} // namespace flytec::ir

namespace flytec::ir::eval {

std::optional<Value> callStdFunction(const Package &pkg, const Expr &call, llvm::ArrayRef<TypeId> argTypes,
                                     llvm::ArrayRef<Value> args, std::string &error) {
  llvm::StringRef name = call.name;
  name.consume_front("std.");
  for (const Function &f : kFunctions) {
    if (f.name != name)
      continue;
    if (args.size() < f.minArgs || args.size() > f.maxArgs || argTypes.size() != args.size()) {
      error = fmt::format("{}() cannot take {} argument{}", name.str(), args.size(), args.size() == 1 ? "" : "s");
      return std::nullopt;
    }
    return f.call(Call{pkg, name, call.type, argTypes, args, error});
  }
  error = fmt::format("'{}' is not a pure function of the standard library", call.name);
  return std::nullopt;
}

} // namespace flytec::ir::eval
