// Checks of the values and expressions in IR that may have been written by
// hand: what the verifier asks of a constant's text and of an expression's
// shape, so that a malformed file is rejected up front with its place, not
// when the runtime reads the value or evaluates the expression.
#pragma once

#include "ir/Ir.h"

#include <string>

namespace flytec::ir {

/// Whether a constant of a scalar kind has its kind's text: a duration
/// parses ("300s"), a datetime is RFC 3339 (Datetime.h parseDatetime). True
/// for every other kind and for values that are not strings, whose JSON
/// shape the caller checks.
bool scalarTextFits(TypeKind kind, const Value &v);

/// What is wrong with the shape of the expression itself (not of its
/// arguments, which the caller visits): its number of operands, its
/// operator, the std function it calls and that function's number of
/// arguments, the record it builds. Empty when nothing is.
std::string checkExpressionShape(const Package &p, const Expr &e);

} // namespace flytec::ir
