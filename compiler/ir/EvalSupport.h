// Private to the evaluator (Eval.cpp, EvalFunctions.cpp, Values.cpp): reading
// typed numbers, spans and instants out of JSON values, ordering values, and
// the pure std functions. Reading is checked because values may come from a
// hand-written IR file or a command line: a malformed value is an error
// naming what was expected, never a crash.
#pragma once

#include "ir/Eval.h"

#include <llvm/ADT/ArrayRef.h>

namespace flytec::ir::eval {

/// The value for error messages: JSON text, shortened when long.
std::string show(const Value &v);

std::optional<int64_t> intOf(const Value &v, std::string &error);
std::optional<double> floatOf(const Value &v, std::string &error);
std::optional<bool> boolOf(const Value &v, std::string &error);
std::optional<std::string> stringOf(const Value &v, std::string &error);
/// Milliseconds of a "300s" duration.
std::optional<int64_t> durationOf(const Value &v, std::string &error);
/// Milliseconds since the epoch of an RFC 3339 datetime.
std::optional<int64_t> datetimeOf(const Value &v, std::string &error);

/// A float result; infinities and NaN have no JSON form, so they are errors
/// ("float overflow in ...").
std::optional<Value> floatResult(double x, llvm::StringRef what, std::string &error);

/// The type a value has when `type` is a union (the member its shape
/// fits); `type` itself otherwise.
TypeId concreteType(const TypeTable &types, TypeId type, const Value &v);

/// -1, 0 or 1 for two values of an ordered type (int, float, string,
/// duration, datetime).
std::optional<int> compareOrdered(const TypeTable &types, TypeId type, const Value &a, const Value &b,
                                  std::string &error);

/// Calls the pure std function `call.name` on evaluated arguments.
std::optional<Value> callStdFunction(const Package &pkg, const Expr &call, llvm::ArrayRef<TypeId> argTypes,
                                     llvm::ArrayRef<Value> args, std::string &error);

/// A duration as the language writes it: the largest of d, h, m, s and ms
/// that divides it ("90s", "5m", "1500ms").
std::string durationText(int64_t millis);

} // namespace flytec::ir::eval
