// The evaluator of pure IR expressions (LANGUAGE.md §6 and §9, with the
// decisions of docs/language-notes.md "Evaluating expressions"). Constant
// folding calls it with the constants it knows; the runtime calls it for
// expression nodes and branch conditions with the node's input values.
//
// Values follow the IR's conventions (Ir.h `Value`): ints and floats stay
// what they are (2.0 is a float), durations are "300s" strings, datetimes
// RFC 3339 strings in UTC, enums their member name, records and maps JSON
// objects. Every Expr carries its type, and the evaluator dispatches on the
// types rather than on the shapes of values (int or float division, string
// or duration, ...). Errors are values: a failed evaluation returns null and
// says why, naming the operation and the operands.
#pragma once

#include "ir/Ir.h"

#include <llvm/ADT/STLFunctionalExtras.h>

#include <optional>
#include <string>

namespace flytec::ir {

/// The value of an `Input` leaf, or null when it is not known.
using InputValues = llvm::function_ref<const Value *(llvm::StringRef input)>;

/// Evaluates `pkg.exprs[expr]`. Returns null with `error` set when an input
/// is not known ("input 'x' is not known": constant folding skips those) or
/// when the expression fails (division by zero, an index out of range, ...).
/// `and`, `or`, `??` and Cond evaluate only what they need, so an input of
/// the arm not taken may be unknown.
std::optional<Value> evaluate(const Package &pkg, ExprId expr, InputValues inputs, std::string &error);

/// The numbers of arguments the pure std function `name` (`len`, or
/// `std.len`) takes: {min, max}, max SIZE_MAX for any number. Null when the
/// standard library has no such function.
std::optional<std::pair<size_t, size_t>> stdFunctionArity(llvm::StringRef name);

/// How a value of `type` reads inside an interpolated string and as `str(x)`:
/// strings, enums and paths bare, `true`/`false`, `none`, durations as the
/// literal you would write (`90s`, `5m`), datetimes in RFC 3339, floats with
/// a decimal point (`2.0`), lists, maps, records and json as compact JSON.
std::string toText(const TypeTable &types, TypeId type, const Value &value);

/// Value equality at a type (what `==` and `contains` use): datetimes and
/// durations compare as instants and spans, ints equal floats of the same
/// number, and lists, maps and records compare element by element.
bool valuesEqual(const Package &pkg, TypeId type, const Value &a, const Value &b);

} // namespace flytec::ir
