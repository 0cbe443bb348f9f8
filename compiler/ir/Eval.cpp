// The expression walker: evaluates a tree of the expression pool bottom-up,
// except that `and`, `or`, `??` and Cond evaluate their operands lazily (a
// branch not taken may read an input that is not known, or fail). Operators
// dispatch on the operand types the checker gave (Expr::type), following its
// rules in sema/Expressions.cpp: ints and floats never mix, `/` on ints
// truncates toward zero, `%` takes the sign of the dividend (so that
// a == (a / b) * b + a % b), and int overflow and division by zero are
// errors rather than wrapping or infinities. The std functions are in
// EvalFunctions.cpp.
#include "ir/Datetime.h"
#include "ir/EvalSupport.h"
#include "ir/IrJson.h"

#include <llvm/Support/MathExtras.h>

#include <fmt/format.h>

#include <cmath>

namespace flytec::ir {

namespace {

using namespace eval;

class Evaluator {
public:
  Evaluator(const Package &pkg, InputValues inputs, std::string &error) : pkg(pkg), inputs(inputs), error(error) {}

  std::optional<Value> eval(ExprId id) {
    if (id >= pkg.exprs.size())
      return fail(fmt::format("expression {} does not exist", id));
    const Expr &e = pkg.exprs[id];
    switch (e.op) {
    case ExprOp::Const:
      return e.value;
    case ExprOp::Input:
      if (const Value *v = inputs(e.name))
        return *v;
      return fail(fmt::format("input '{}' is not known", e.name));
    case ExprOp::Field:
      return field(e);
    case ExprOp::Index:
      return index(e);
    case ExprOp::List: {
      Value out = Value::array();
      for (ExprId a : e.args) {
        auto v = eval(a);
        if (!v)
          return std::nullopt;
        out.push_back(std::move(*v));
      }
      return out;
    }
    case ExprOp::Map: {
      if (e.args.size() % 2)
        return fail("a map needs a value for every key");
      Value out = Value::object();
      for (size_t i = 0; i < e.args.size(); i += 2) {
        auto k = eval(e.args[i]);
        auto v = k ? eval(e.args[i + 1]) : std::nullopt;
        if (!v)
          return std::nullopt;
        auto key = stringOf(*k, error);
        if (!key)
          return fail("map key: " + error);
        out[*key] = std::move(*v); // a repeated key keeps its last value, as in Python
      }
      return out;
    }
    case ExprOp::Record:
      return record(e);
    case ExprOp::Unary:
      return unary(e);
    case ExprOp::Binary:
      return binary(e);
    case ExprOp::Call: {
      std::vector<Value> args;
      std::vector<TypeId> types;
      for (ExprId a : e.args) {
        auto v = eval(a);
        if (!v)
          return std::nullopt;
        args.push_back(std::move(*v));
        types.push_back(pkg.exprs[a].type);
      }
      return callStdFunction(pkg, e, types, args, error);
    }
    case ExprOp::Format: {
      std::string out;
      for (ExprId a : e.args) {
        auto v = eval(a);
        if (!v)
          return std::nullopt;
        out += toText(pkg.types, pkg.exprs[a].type, *v);
      }
      return Value(std::move(out));
    }
    case ExprOp::Cond: {
      if (e.args.size() != 3)
        return fail("a conditional needs a condition, a value and an alternative");
      auto c = condition(e.args[0], "the condition of 'if'");
      if (!c)
        return std::nullopt;
      return eval(*c ? e.args[1] : e.args[2]);
    }
    }
    return fail("unknown expression");
  }

private:
  std::nullopt_t fail(std::string message) {
    error = std::move(message);
    return std::nullopt;
  }

  const TypeData &typeOf(ExprId id) const { return pkg.types[pkg.exprs[id].type]; }

  std::optional<bool> condition(ExprId id, llvm::StringRef what) {
    auto v = eval(id);
    if (!v)
      return std::nullopt;
    auto b = boolOf(*v, error);
    if (!b)
      fail(fmt::format("{}: {}", what.str(), error));
    return b;
  }

  std::optional<Value> field(const Expr &e) {
    if (e.args.size() != 1)
      return fail("a field access needs one operand");
    auto base = eval(e.args[0]);
    if (!base)
      return std::nullopt;
    const TypeData &t = typeOf(e.args[0]);
    if (!base->is_object())
      return fail(fmt::format("cannot read field '{}' of {}", e.name, show(*base)));
    auto it = base->find(e.name);
    if (it != base->end())
      return *it;
    // json is untyped data: a missing key reads as null, like a map entry.
    if (t.kind == TypeKind::Json)
      return Value(nullptr);
    if (t.kind == TypeKind::Record)
      if (auto def = pkg.records.find(t.name); def != pkg.records.end())
        for (const Param &p : def->second.fields)
          if (p.name == e.name && (p.defaultValue || pkg.types.isOptional(p.type)))
            return p.defaultValue.value_or(nullptr);
    return fail(fmt::format("the value has no field '{}'", e.name));
  }

  std::optional<Value> index(const Expr &e) {
    if (e.args.size() != 2)
      return fail("indexing needs a value and an index");
    auto base = eval(e.args[0]);
    auto key = base ? eval(e.args[1]) : std::nullopt;
    if (!key)
      return std::nullopt;
    if (base->is_array()) {
      auto i = intOf(*key, error);
      if (!i)
        return fail("a list index: " + error);
      // Negative indexes count from the end, as in Python.
      int64_t n = int64_t(base->size());
      int64_t at = *i < 0 ? *i + n : *i;
      if (at < 0 || at >= n)
        return fail(fmt::format("index {} is out of range for a list of {} element{}", *i, n, n == 1 ? "" : "s"));
      return (*base)[size_t(at)];
    }
    if (base->is_object()) {
      auto k = stringOf(*key, error);
      if (!k)
        return fail("a map key: " + error);
      // A missing key is none: the checker types `m["k"]` as optional.
      auto it = base->find(*k);
      return it == base->end() ? Value(nullptr) : *it;
    }
    return fail(fmt::format("cannot index {}", show(*base)));
  }

  std::optional<Value> record(const Expr &e) {
    if (e.names.size() != e.args.size())
      return fail(fmt::format("record {} needs one name per field", e.name));
    Value out = Value::object();
    for (size_t i = 0; i < e.args.size(); ++i) {
      auto v = eval(e.args[i]);
      if (!v)
        return std::nullopt;
      out[e.names[i]] = std::move(*v);
    }
    // Fields the literal leaves out take their defaults, so a record value
    // is always complete.
    if (auto def = pkg.records.find(e.name); def != pkg.records.end())
      for (const Param &p : def->second.fields)
        if (!out.contains(p.name)) {
          if (!p.defaultValue && !pkg.types.isOptional(p.type))
            return fail(fmt::format("record {} needs field '{}'", e.name, p.name));
          out[p.name] = p.defaultValue.value_or(nullptr);
        }
    return out;
  }

  std::optional<Value> unary(const Expr &e) {
    if (e.args.size() != 1)
      return fail(fmt::format("'{}' needs one operand", e.name));
    if (e.name == "not") {
      auto b = condition(e.args[0], "the operand of 'not'");
      if (!b)
        return std::nullopt;
      return Value(!*b);
    }
    if (e.name != "-")
      return fail(fmt::format("unknown operator '{}'", e.name));
    auto v = eval(e.args[0]);
    if (!v)
      return std::nullopt;
    switch (typeOf(e.args[0]).kind) {
    case TypeKind::Int: {
      auto x = intOf(*v, error);
      if (!x)
        return std::nullopt;
      if (*x == INT64_MIN)
        return fail(fmt::format("integer overflow in -({})", *x));
      return Value(-*x);
    }
    case TypeKind::Float: {
      auto x = floatOf(*v, error);
      if (!x)
        return std::nullopt;
      return Value(-*x);
    }
    case TypeKind::Duration: {
      auto x = durationOf(*v, error);
      if (!x)
        return std::nullopt;
      if (*x == INT64_MIN)
        return fail("duration overflow in unary '-'");
      return Value(durationString(-*x));
    }
    default:
      return fail(fmt::format("'-' needs an int, a float or a duration, got {}", show(*v)));
    }
  }

  std::optional<Value> binary(const Expr &e) {
    if (e.args.size() != 2)
      return fail(fmt::format("'{}' needs two operands", e.name));
    llvm::StringRef op = e.name;
    if (op == "and" || op == "or") {
      auto lhs = condition(e.args[0], op == "and" ? "the left operand of 'and'" : "the left operand of 'or'");
      if (!lhs)
        return std::nullopt;
      if (*lhs == (op == "or"))
        return Value(*lhs);
      auto rhs = condition(e.args[1], op == "and" ? "the right operand of 'and'" : "the right operand of 'or'");
      if (!rhs)
        return std::nullopt;
      return Value(*rhs);
    }
    if (op == "??") {
      auto lhs = eval(e.args[0]);
      if (!lhs)
        return std::nullopt;
      return lhs->is_null() ? eval(e.args[1]) : lhs;
    }
    auto lhs = eval(e.args[0]);
    auto rhs = lhs ? eval(e.args[1]) : std::nullopt;
    if (!rhs)
      return std::nullopt;
    TypeId lt = pkg.exprs[e.args[0]].type, rt = pkg.exprs[e.args[1]].type;
    if (op == "==" || op == "!=") {
      // `x == none` has a none-typed side; compare at the other's type.
      TypeId at = pkg.types[lt].kind == TypeKind::None ? rt : lt;
      return Value(valuesEqual(pkg, at, *lhs, *rhs) == (op == "=="));
    }
    if (op == "<" || op == "<=" || op == ">" || op == ">=") {
      auto c = compareOrdered(pkg.types, lt, *lhs, *rhs, error);
      if (!c)
        return fail(fmt::format("'{}': {}", op.str(), error));
      bool r = op == "<" ? *c < 0 : op == "<=" ? *c <= 0 : op == ">" ? *c > 0 : *c >= 0;
      return Value(r);
    }
    return arithmetic(op, pkg.types[lt].kind, pkg.types[rt].kind, *lhs, *rhs);
  }

  std::optional<Value> arithmetic(llvm::StringRef op, TypeKind lk, TypeKind rk, const Value &lhs, const Value &rhs) {
    // Only errors need the text of the operation.
    auto what = [&] { return fmt::format("{} {} {}", show(lhs), op.str(), show(rhs)); };
    auto finite = [&](double x) { return std::isfinite(x) ? std::optional<Value>(x) : floatResult(x, what(), error); };
    auto invalid = [&] { return fail(fmt::format("invalid operands to '{}': {} and {}", op.str(), show(lhs), show(rhs))); };
    if (lk == TypeKind::Int && rk == TypeKind::Int) {
      auto a = intOf(lhs, error), b = intOf(rhs, error);
      if (!a || !b)
        return std::nullopt;
      int64_t r = 0;
      bool overflow = false;
      if (op == "+")
        overflow = llvm::AddOverflow(*a, *b, r);
      else if (op == "-")
        overflow = llvm::SubOverflow(*a, *b, r);
      else if (op == "*")
        overflow = llvm::MulOverflow(*a, *b, r);
      else if (op == "/" || op == "%") {
        if (*b == 0)
          return fail(fmt::format("division by zero in {}", what()));
        if (*a == INT64_MIN && *b == -1) // the one quotient that does not fit; the remainder is 0
          overflow = op == "/";
        else
          r = op == "/" ? *a / *b : *a % *b;
      } else {
        return invalid();
      }
      if (overflow)
        return fail(fmt::format("integer overflow in {}", what()));
      return Value(r);
    }
    if (lk == TypeKind::Float && rk == TypeKind::Float) {
      auto a = floatOf(lhs, error), b = floatOf(rhs, error);
      if (!a || !b)
        return std::nullopt;
      if (op == "+")
        return finite(*a + *b);
      if (op == "-")
        return finite(*a - *b);
      if (op == "*")
        return finite(*a * *b);
      if (op == "/") {
        if (*b == 0)
          return fail(fmt::format("division by zero in {}", what()));
        return finite(*a / *b);
      }
      return invalid();
    }
    if (lk == TypeKind::String && rk == TypeKind::String && op == "+") {
      auto a = stringOf(lhs, error), b = stringOf(rhs, error);
      if (!a || !b)
        return std::nullopt;
      return Value(*a + *b);
    }
    if (lk == TypeKind::List && rk == TypeKind::List && op == "+") {
      if (!lhs.is_array() || !rhs.is_array())
        return invalid();
      Value out = lhs;
      for (const Value &x : rhs)
        out.push_back(x);
      return out;
    }
    if (lk == TypeKind::Duration || lk == TypeKind::Datetime || rk == TypeKind::Duration)
      return time(op, lk, rk, lhs, rhs);
    return invalid();
  }

  /// Durations and datetimes, as milliseconds.
  std::optional<Value> time(llvm::StringRef op, TypeKind lk, TypeKind rk, const Value &lhs, const Value &rhs) {
    auto what = [&] { return fmt::format("{} {} {}", show(lhs), op.str(), show(rhs)); };
    auto read = [&](TypeKind k, const Value &v) -> std::optional<int64_t> {
      if (k == TypeKind::Duration)
        return durationOf(v, error);
      return k == TypeKind::Datetime ? datetimeOf(v, error) : intOf(v, error);
    };
    auto a = read(lk, lhs), b = read(rk, rhs);
    if (!a || !b)
      return std::nullopt;
    int64_t r = 0;
    bool overflow = false;
    TypeKind result = TypeKind::Duration;
    if (op == "+" && lk == TypeKind::Duration && rk == TypeKind::Duration)
      overflow = llvm::AddOverflow(*a, *b, r);
    else if (op == "-" && lk == TypeKind::Duration && rk == TypeKind::Duration)
      overflow = llvm::SubOverflow(*a, *b, r);
    else if ((op == "+" || op == "-") && lk == TypeKind::Datetime && rk == TypeKind::Duration) {
      overflow = op == "+" ? llvm::AddOverflow(*a, *b, r) : llvm::SubOverflow(*a, *b, r);
      result = TypeKind::Datetime;
    } else if (op == "-" && lk == TypeKind::Datetime && rk == TypeKind::Datetime)
      overflow = llvm::SubOverflow(*a, *b, r);
    else if (op == "*" && ((lk == TypeKind::Duration && rk == TypeKind::Int) ||
                           (lk == TypeKind::Int && rk == TypeKind::Duration)))
      overflow = llvm::MulOverflow(*a, *b, r);
    else if (op == "/" && lk == TypeKind::Duration && rk == TypeKind::Int) {
      if (*b == 0)
        return fail(fmt::format("division by zero in {}", what()));
      if (*a == INT64_MIN && *b == -1)
        overflow = true;
      else
        r = *a / *b; // truncates toward zero, to the millisecond
    } else
      return fail(fmt::format("invalid operands to '{}': {} and {}", op.str(), show(lhs), show(rhs)));
    if (result == TypeKind::Datetime) {
      if (overflow || r < kMinDatetimeMs || r > kMaxDatetimeMs)
        return fail(fmt::format("{} is outside the years 1 to 9999", what()));
      return Value(datetimeString(r));
    }
    if (overflow)
      return fail(fmt::format("duration overflow in {}", what()));
    return Value(durationString(r));
  }

  const Package &pkg;
  InputValues inputs;
  std::string &error;
};

} // namespace

std::optional<Value> evaluate(const Package &pkg, ExprId expr, InputValues inputs, std::string &error) {
  return Evaluator(pkg, inputs, error).eval(expr);
}

} // namespace flytec::ir
