// Branch conditions as Flyte's BooleanExpression (docs/flyteidl.md,
// "Branches"). Flyte evaluates a condition itself, without running a task,
// but only comparisons of primitives: an operand is a `var` (an input of
// the branch node) or a primitive constant, and Flyte's compiler requires
// both sides to have the very same LiteralType. So an operand must be an
// int, float, bool, string, datetime or duration input or constant — an
// optional or enum input has another LiteralType and is left to the
// expression task the emitter puts before the branch instead.
//
// `not` is pushed inward (De Morgan; a negated comparison flips its
// operator), since Flyte has no negation. Floats never hold NaN in the IR,
// so `not (a < b)` is exactly `a >= b`.
#include "emit/FlyteIdlTypes.h"

namespace flytec::emit::idl {

namespace {

using ir::Expr;
using ir::ExprOp;
using ir::TypeKind;

bool comparableKind(TypeKind kind) {
  switch (kind) {
  case TypeKind::Int:
  case TypeKind::Float:
  case TypeKind::Bool:
  case TypeKind::String:
  case TypeKind::Datetime:
  case TypeKind::Duration:
    return true;
  default:
    return false;
  }
}

/// The comparison operator and its negation.
struct Operator {
  llvm::StringRef op, flyte, negated;
};
constexpr Operator kOperators[] = {
    {"==", "EQ", "NEQ"}, {"!=", "NEQ", "EQ"}, {"<", "LT", "GTE"},
    {"<=", "LTE", "GT"}, {">", "GT", "LTE"},  {">=", "GTE", "LT"},
};

const Operator *comparison(llvm::StringRef op) {
  for (const Operator &o : kOperators)
    if (o.op == op)
      return &o;
  return nullptr;
}

class Converter {
public:
  explicit Converter(const ir::Package &package) : package_(package) {}

  std::optional<Json> convert(ir::ExprId id, bool negate) {
    const Expr &e = package_.exprs[id];
    if (e.op == ExprOp::Unary && e.name == "not" && e.args.size() == 1)
      return convert(e.args[0], !negate);
    if (e.op == ExprOp::Binary && (e.name == "and" || e.name == "or") && e.args.size() == 2) {
      std::optional<Json> left = convert(e.args[0], negate);
      std::optional<Json> right = convert(e.args[1], negate);
      if (!left || !right)
        return std::nullopt;
      bool isAnd = (e.name == "and") != negate; // De Morgan
      return Json{{"conjunction",
                   {{"operator", isAnd ? "AND" : "OR"}, {"leftExpression", *left}, {"rightExpression", *right}}}};
    }
    if (e.op == ExprOp::Binary && e.args.size() == 2)
      if (const Operator *o = comparison(e.name)) {
        std::optional<Json> left = operand(e.args[0]);
        std::optional<Json> right = operand(e.args[1]);
        if (!left || !right || package_.exprs[e.args[0]].type != package_.exprs[e.args[1]].type)
          return std::nullopt;
        return compare(negate ? o->negated : o->flyte, *left, *right);
      }
    // A bool on its own: compared with `true`.
    if (package_.types[e.type].kind == TypeKind::Bool)
      if (std::optional<Json> value = operand(id))
        return compare(negate ? "NEQ" : "EQ", *value, Json{{"primitive", {{"boolean", true}}}});
    return std::nullopt;
  }

private:
  std::optional<Json> operand(ir::ExprId id) {
    const Expr &e = package_.exprs[id];
    if (!comparableKind(package_.types[e.type].kind))
      return std::nullopt;
    if (e.op == ExprOp::Input)
      return Json{{"var", e.name}};
    if (e.op == ExprOp::Const)
      if (std::optional<Json> p = primitive(package_, e.type, e.value))
        return Json{{"primitive", *p}};
    return std::nullopt;
  }

  static Json compare(llvm::StringRef op, Json left, Json right) {
    return {{"comparison", {{"operator", op.str()}, {"leftValue", std::move(left)}, {"rightValue", std::move(right)}}}};
  }

  const ir::Package &package_;
};

} // namespace

std::optional<Json> booleanExpression(const ir::Package &package, ir::ExprId condition) {
  if (condition >= package.exprs.size())
    return std::nullopt;
  return Converter(package).convert(condition, false);
}

} // namespace flytec::emit::idl
