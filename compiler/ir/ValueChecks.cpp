// The verifier's checks of constant texts and expression shapes
// (docs/ir.md, "Expressions" and "Values"). The operators and std functions
// are the evaluator's (Eval.cpp, EvalFunctions.cpp), so what passes here is
// what the evaluator can run.
#include "ir/ValueChecks.h"

#include "diag/Wording.h"
#include "ir/Datetime.h"
#include "ir/Eval.h"
#include "ir/IrJson.h"

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/STLExtras.h>

#include <fmt/format.h>

namespace flytec::ir {

bool scalarTextFits(TypeKind kind, const Value &v) {
  if (!v.is_string())
    return true;
  const std::string &text = v.get_ref<const std::string &>();
  switch (kind) {
  case TypeKind::Duration:
    return parseDuration(text).has_value();
  case TypeKind::Datetime:
    return parseDatetime(text).has_value();
  default:
    return true;
  }
}

namespace {

const char *const kUnary[] = {"-", "not"};
const char *const kBinary[] = {"+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or", "??"};

std::string operands(size_t n) { return fmt::format("{} operand{}", n, n == 1 ? "" : "s"); }

} // namespace

std::string checkExpressionShape(const Package &p, const Expr &e) {
  size_t n = e.args.size();
  // An op that takes exactly `want` operands.
  auto count = [&](size_t want) -> std::string {
    if (n == want)
      return "";
    return fmt::format("{} expression has {}, not {}", withArticle(exprOpName(e.op)), operands(n), want);
  };
  auto named = [&](llvm::ArrayRef<const char *> names) { return llvm::is_contained(names, llvm::StringRef(e.name)); };
  switch (e.op) {
  case ExprOp::Const:
  case ExprOp::Input: // the verifier checks the input it names
    return count(0);
  case ExprOp::Field:
    if (e.name.empty())
      return "a field expression names no field";
    return count(1);
  case ExprOp::Index:
    return count(2);
  case ExprOp::List:
  case ExprOp::Format:
    return "";
  case ExprOp::Map:
    if (n % 2 != 0)
      return fmt::format("a map expression has {}; it takes keys and values in pairs", operands(n));
    return "";
  case ExprOp::Record:
    if (!p.records.count(e.name))
      return fmt::format("a record expression builds '{}', which is not a record of the package", e.name);
    return "";
  case ExprOp::Unary:
    if (!named(kUnary))
      return fmt::format("'{}' is not a unary operator (- or not)", e.name);
    return n == 1 ? "" : fmt::format("unary '{}' has {}, not 1", e.name, operands(n));
  case ExprOp::Binary:
    if (!named(kBinary))
      return fmt::format("'{}' is not a binary operator", e.name);
    return n == 2 ? "" : fmt::format("binary '{}' has {}, not 2", e.name, operands(n));
  case ExprOp::Call: {
    std::optional<std::pair<size_t, size_t>> arity = stdFunctionArity(e.name);
    if (!arity)
      return fmt::format("'{}' is not a pure function of the standard library", e.name);
    if (n < arity->first || n > arity->second)
      return fmt::format("{}() cannot take {} argument{}", e.name, n, n == 1 ? "" : "s");
    return "";
  }
  case ExprOp::Cond:
    return count(3);
  }
  return "";
}

} // namespace flytec::ir
