#include "sema/StdFunctions.h"

#include <fmt/format.h>

#include <optional>

namespace flytec::sema {

namespace {

const StdFunction kFunctions[] = {
    {"len", "len(x: list[T] | map[string, T] | string) -> int", "the number of elements, entries or characters"},
    {"range", "range(n: int) -> list[int]  |  range(start: int, stop: int) -> list[int]",
     "the integers from start (default 0) up to, not including, stop"},
    {"str", "str(x) -> string", "the text of a value (JSON for lists, maps and records)"},
    {"int", "int(x: float | string | bool) -> int", "converts to an int (floats truncate toward zero)"},
    {"float", "float(x: int | string) -> float", "converts to a float"},
    {"join", "join(parts: list[string], separator: string) -> string", "joins strings with a separator"},
    {"split", "split(text: string, separator: string) -> list[string]", "splits a string at each separator"},
    {"upper", "upper(text: string) -> string", "the text in upper case"},
    {"lower", "lower(text: string) -> string", "the text in lower case"},
    {"contains", "contains(haystack: list[T] | map[string, T] | string, needle: T | string) -> bool",
     "whether a list has an element, a map a key, or a string a substring"},
    {"keys", "keys(m: map[string, T]) -> list[string]", "the keys of a map, in order"},
    {"values", "values(m: map[string, T]) -> list[T]", "the values of a map, in key order"},
    {"min", "min(xs: list[T]) -> T  |  min(a: T, b: T, ...) -> T", "the smallest of numbers, strings, durations or datetimes"},
    {"max", "max(xs: list[T]) -> T  |  max(a: T, b: T, ...) -> T", "the largest of numbers, strings, durations or datetimes"},
    {"sum", "sum(xs: list[int | float | duration]) -> int | float | duration", "the sum of a list (0 when empty)"},
    {"abs", "abs(x: int | float | duration) -> same", "the absolute value"},
    {"round", "round(x: float) -> int  |  round(x: float, digits: int) -> float",
     "rounds half away from zero; with digits, to that many decimal places"},
    {"format_datetime", "format_datetime(t: datetime, format: string) -> string",
     "formats an instant with strftime codes (UTC)"},
    {"parse_datetime", "parse_datetime(text: string, format: string = ISO 8601) -> datetime",
     "parses an instant (UTC)"},
};

bool isSummable(const Type *t) {
  return t->kind() == TypeKind::Int || t->kind() == TypeKind::Float || t->kind() == TypeKind::Duration;
}

StdCallTyping fail(int argument, std::string message,
                   StdCallTyping::Problem problem = StdCallTyping::Problem::ArgumentType) {
  StdCallTyping r;
  r.problem = problem;
  r.argument = argument;
  r.error = std::move(message);
  return r;
}

StdCallTyping ok(const Type *type) {
  StdCallTyping r;
  r.type = type;
  return r;
}

} // namespace

llvm::ArrayRef<StdFunction> allStdFunctions() { return kFunctions; }

const StdFunction *findStdFunction(llvm::StringRef name) {
  for (const StdFunction &f : kFunctions)
    if (f.name == name)
      return &f;
  return nullptr;
}

StdCallTyping typeStdCall(TypeContext &types, llvm::StringRef name, llvm::ArrayRef<const Type *> args) {
  for (const Type *a : args)
    if (a->isError())
      return ok(types.error());
  const StdFunction *fn = findStdFunction(name);
  auto count = [&](size_t lo, size_t hi) -> std::optional<StdCallTyping> {
    if (args.size() >= lo && args.size() <= hi)
      return std::nullopt;
    std::string want = lo == hi ? std::to_string(lo) : fmt::format("{} to {}", lo, hi);
    return fail(-1,
                fmt::format("{} takes {} argument{}, got {}: {}", name.str(), want, hi == 1 ? "" : "s", args.size(),
                            fn->signature.str()),
                args.size() < lo ? StdCallTyping::Problem::TooFew : StdCallTyping::Problem::TooMany);
  };
  auto expect = [&](size_t i, const Type *want) -> std::optional<StdCallTyping> {
    if (isAssignable(args[i], want))
      return std::nullopt;
    return fail(int(i), fmt::format("{} expects {} here, got {}", name.str(), want->str(), args[i]->str()));
  };
  auto bad = [&](size_t i, llvm::StringRef what) {
    return fail(int(i), fmt::format("{} expects {}, got {}", name.str(), what.str(), args[i]->str()));
  };
#define CHECK(x)                                                                                                   \
  if (auto err = (x))                                                                                              \
  return *err

  if (name == "len") {
    CHECK(count(1, 1));
    TypeKind k = args[0]->kind();
    if (k == TypeKind::List || k == TypeKind::Map || k == TypeKind::String || args[0]->isSilent())
      return ok(types.intType());
    return bad(0, "a list, a map or a string");
  }
  if (name == "range") {
    CHECK(count(1, 2));
    for (size_t i = 0; i < args.size(); ++i)
      CHECK(expect(i, types.intType()));
    return ok(types.list(types.intType()));
  }
  if (name == "str") {
    CHECK(count(1, 1));
    if (args[0]->kind() == TypeKind::Void || args[0]->kind() == TypeKind::Outputs)
      return bad(0, "a value");
    return ok(types.string());
  }
  if (name == "int") {
    CHECK(count(1, 1));
    TypeKind k = args[0]->kind();
    if (k == TypeKind::Int || k == TypeKind::Float || k == TypeKind::String || k == TypeKind::Bool ||
        args[0]->isSilent())
      return ok(types.intType());
    return bad(0, "a float, a string or a bool");
  }
  if (name == "float") {
    CHECK(count(1, 1));
    TypeKind k = args[0]->kind();
    if (k == TypeKind::Int || k == TypeKind::Float || k == TypeKind::String || args[0]->isSilent())
      return ok(types.floatType());
    return bad(0, "an int or a string");
  }
  if (name == "join") {
    CHECK(count(2, 2));
    CHECK(expect(0, types.list(types.string())));
    CHECK(expect(1, types.string()));
    return ok(types.string());
  }
  if (name == "split") {
    CHECK(count(2, 2));
    CHECK(expect(0, types.string()));
    CHECK(expect(1, types.string()));
    return ok(types.list(types.string()));
  }
  if (name == "upper" || name == "lower") {
    CHECK(count(1, 1));
    CHECK(expect(0, types.string()));
    return ok(types.string());
  }
  if (name == "contains") {
    CHECK(count(2, 2));
    switch (args[0]->kind()) {
    case TypeKind::List:
      CHECK(expect(1, args[0]->element()));
      return ok(types.boolType());
    case TypeKind::Map:
    case TypeKind::String:
      CHECK(expect(1, types.string()));
      return ok(types.boolType());
    default:
      if (args[0]->isSilent())
        return ok(types.boolType());
      return bad(0, "a list, a map or a string");
    }
  }
  if (name == "keys" || name == "values") {
    CHECK(count(1, 1));
    if (args[0]->kind() == TypeKind::Map)
      return ok(types.list(name == "keys" ? types.string() : args[0]->element()));
    if (args[0]->isSilent())
      return ok(types.list(types.never()));
    return bad(0, "a map");
  }
  if (name == "min" || name == "max") {
    if (args.empty())
      return fail(-1, fmt::format("{} needs a list or at least two values: {}", name.str(), fn->signature.str()),
                  StdCallTyping::Problem::TooFew);
    if (args.size() == 1) {
      if (args[0]->kind() != TypeKind::List || !args[0]->element()->isOrdered())
        return args[0]->isSilent() ? ok(args[0]) : bad(0, "a list of numbers, strings, durations or datetimes");
      return ok(args[0]->element());
    }
    const Type *first = args[0];
    if (!first->isOrdered())
      return bad(0, "numbers, strings, durations or datetimes");
    for (size_t i = 1; i < args.size(); ++i)
      CHECK(expect(i, first));
    return ok(first);
  }
  if (name == "sum") {
    CHECK(count(1, 1));
    if (args[0]->kind() == TypeKind::List && isSummable(args[0]->element()))
      return ok(args[0]->element());
    if (args[0]->kind() == TypeKind::List && args[0]->element()->kind() == TypeKind::Never)
      return ok(types.intType());
    return bad(0, "a list of ints, floats or durations");
  }
  if (name == "abs") {
    CHECK(count(1, 1));
    if (isSummable(args[0]))
      return ok(args[0]);
    return bad(0, "an int, a float or a duration");
  }
  if (name == "round") {
    CHECK(count(1, 2));
    CHECK(expect(0, types.floatType()));
    if (args.size() == 1)
      return ok(types.intType());
    CHECK(expect(1, types.intType()));
    return ok(types.floatType());
  }
  if (name == "format_datetime") {
    CHECK(count(2, 2));
    CHECK(expect(0, types.datetime()));
    CHECK(expect(1, types.string()));
    return ok(types.string());
  }
  if (name == "parse_datetime") {
    CHECK(count(1, 2));
    for (size_t i = 0; i < args.size(); ++i)
      CHECK(expect(i, types.string()));
    return ok(types.datetime());
  }
#undef CHECK
  return fail(-1, fmt::format("'{}' is not a function of the standard library", name.str()),
              StdCallTyping::Problem::TooMany);
}

} // namespace flytec::sema
