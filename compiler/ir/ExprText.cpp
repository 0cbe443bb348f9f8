// Printing expressions with the grammar's precedence: each rendering carries
// the precedence level of its outermost operator, and an operand is wrapped
// in parentheses only when its level binds looser than its position needs
// (one level more for the right operand of a left-associative operator, so
// `a - (b - c)` keeps its parentheses and `a - b - c` gets none).
#include "ir/ExprText.h"

#include "ir/Eval.h"

#include <llvm/ADT/StringSwitch.h>

#include <algorithm>

namespace flytec::ir {

namespace {

// Precedence levels, loosest first, as in grammar/Flyte.g4 `expression`.
// A pure `if` is a primary in the grammar but reads badly as an operand
// without parentheses, so it gets the loosest level.
enum Level : int {
  kCond = 0,
  kOr,
  kAnd,
  kNot,
  kCompare,
  kCoalesce,
  kAdd,
  kMul,
  kNegate,
  kPostfix,
  kPrimary,
};

int binaryLevel(llvm::StringRef op) {
  return llvm::StringSwitch<int>(op)
      .Case("or", kOr)
      .Case("and", kAnd)
      .Cases("==", "!=", "<", "<=", ">", ">=", kCompare)
      .Case("??", kCoalesce)
      .Cases("+", "-", kAdd)
      .Cases("*", "/", "%", kMul)
      .Default(-1);
}

/// Compact JSON that never throws: invalid UTF-8 in a hand-made value is
/// replaced rather than aborting the print.
std::string json(const Value &v) { return v.dump(-1, ' ', false, Value::error_handler_t::replace); }

std::string quoted(const std::string &s) { return json(Value(s)); }

llvm::StringRef shortName(llvm::StringRef qualified) {
  size_t dot = qualified.rfind('.');
  return dot == llvm::StringRef::npos ? qualified : qualified.substr(dot + 1);
}

std::string valueAt(const Package &pkg, TypeId type, const Value &v, unsigned depth);

std::string listText(const Package &pkg, TypeId element, const Value &v, unsigned depth) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i)
    out += (i ? ", " : "") + valueAt(pkg, element, v[i], depth + 1);
  return out + "]";
}

std::string mapText(const Package &pkg, TypeId element, const Value &v, unsigned depth) {
  std::string out = "{";
  bool first = true;
  for (auto it = v.begin(); it != v.end(); ++it, first = false)
    out += (first ? "" : ", ") + quoted(it.key()) + ": " + valueAt(pkg, element, it.value(), depth + 1);
  return out + "}";
}

std::string recordText(const Package &pkg, const RecordDef &def, const Value &v, unsigned depth) {
  std::string out = shortName(def.name).str() + " {";
  bool first = true;
  // Fields in declaration order, as written; ones the value lacks are left out.
  for (const Param &field : def.fields) {
    auto it = v.find(field.name);
    if (it == v.end())
      continue;
    out += (first ? " " : ", ") + field.name + ": " + valueAt(pkg, field.type, *it, depth + 1);
    first = false;
  }
  return out + (first ? "}" : " }");
}

std::string valueAt(const Package &pkg, TypeId type, const Value &v, unsigned depth) {
  const TypeTable &types = pkg.types;
  // Hostile JSON may nest without bound; past any real literal's depth the
  // rest prints as JSON, which needs no recursion of ours.
  if (type >= types.size() || depth > 64)
    return json(v);
  if (v.is_null())
    return "none";
  const TypeData &t = types[type];
  switch (t.kind) {
  case TypeKind::Int:
  case TypeKind::Float:
  case TypeKind::Bool:
  case TypeKind::Duration:
    if (!v.is_string() || t.kind == TypeKind::Duration)
      return toText(types, type, v);
    break;
  case TypeKind::Datetime:
  case TypeKind::String:
  case TypeKind::File:
  case TypeKind::Dir:
  case TypeKind::Dataframe:
    if (v.is_string())
      return quoted(v.get<std::string>());
    break;
  case TypeKind::Enum:
    if (v.is_string())
      return shortName(t.name).str() + "." + v.get<std::string>();
    break;
  case TypeKind::List:
    if (v.is_array())
      return listText(pkg, t.element, v, depth);
    break;
  case TypeKind::Map:
    if (v.is_object())
      return mapText(pkg, t.element, v, depth);
    break;
  case TypeKind::Record:
    if (auto it = pkg.records.find(t.name); it != pkg.records.end() && v.is_object())
      return recordText(pkg, it->second, v, depth);
    break;
  case TypeKind::Union:
    // `T?` holding a value prints as T; a wider union cannot tell from the
    // value alone which member it is, so JSON says it plainly.
    if (t.members.size() == 2 && types[t.members[1]].kind == TypeKind::None)
      return valueAt(pkg, t.members[0], v, depth);
    break;
  case TypeKind::None:
  case TypeKind::Json:
    break;
  }
  return json(v);
}

struct Text {
  std::string text;
  int level;
};

class Printer {
public:
  Printer(const Package &pkg, llvm::function_ref<std::string(llvm::StringRef)> inputText)
      : pkg_(pkg), inputText_(inputText) {}

  Text print(ExprId id, unsigned depth = 0) {
    if (id >= pkg_.exprs.size() || depth > 256)
      return {"?", kPrimary};
    const Expr &e = pkg_.exprs[id];
    auto arg = [&](size_t i) -> Text { return i < e.args.size() ? print(e.args[i], depth + 1) : Text{"?", kPrimary}; };
    auto list = [&](size_t from, size_t step) {
      std::string out;
      for (size_t i = from; i < e.args.size(); i += step)
        out += (i > from ? ", " : "") + arg(i).text;
      return out;
    };
    switch (e.op) {
    case ExprOp::Const: {
      std::string text = valueText(pkg_, e.type, e.value);
      return {text, llvm::StringRef(text).startswith("-") ? kNegate : kPrimary};
    }
    case ExprOp::Input: {
      std::string text = inputText_ ? inputText_(e.name) : e.name;
      return {text, llvm::StringRef(text).startswith("-") ? kNegate : kPrimary};
    }
    case ExprOp::Field:
      return {operand(arg(0), kPostfix) + "." + e.name, kPostfix};
    case ExprOp::Index:
      return {operand(arg(0), kPostfix) + "[" + arg(1).text + "]", kPostfix};
    case ExprOp::List:
      return {"[" + list(0, 1) + "]", kPrimary};
    case ExprOp::Map: {
      std::string out = "{";
      for (size_t i = 0; i + 1 < e.args.size(); i += 2)
        out += (i ? ", " : "") + arg(i).text + ": " + arg(i + 1).text;
      return {out + "}", kPrimary};
    }
    case ExprOp::Record: {
      std::string out = shortName(e.name).str() + " {";
      for (size_t i = 0; i < e.args.size(); ++i)
        out += (i ? ", " : " ") + (i < e.names.size() ? e.names[i] : "?") + ": " + arg(i).text;
      return {out + (e.args.empty() ? "}" : " }"), kPrimary};
    }
    case ExprOp::Unary: {
      if (e.name == "not")
        return {"not " + operand(arg(0), kNot), kNot};
      Text inner = arg(0);
      // `- -x` would read as a typo; `-(-x)` says what it is.
      bool wrap = inner.level < kNegate || llvm::StringRef(inner.text).startswith("-");
      return {e.name + (wrap ? "(" + inner.text + ")" : inner.text), kNegate};
    }
    case ExprOp::Binary: {
      int level = binaryLevel(e.name);
      if (level < 0) // an operator this printer does not know: parenthesize both sides
        return {operand(arg(0), kPrimary) + " " + e.name + " " + operand(arg(1), kPrimary), kOr};
      bool rightAssoc = e.name == "??";
      return {operand(arg(0), rightAssoc ? level + 1 : level) + " " + e.name + " " +
                  operand(arg(1), rightAssoc ? level : level + 1),
              level};
    }
    case ExprOp::Call:
      return {e.name + "(" + list(0, 1) + ")", kPostfix};
    case ExprOp::Format: {
      std::string out = "\"";
      for (ExprId part : e.args) {
        const Expr *p = part < pkg_.exprs.size() ? &pkg_.exprs[part] : nullptr;
        if (p && p->op == ExprOp::Const && p->value.is_string()) {
          std::string q = quoted(p->value.get<std::string>());
          out += q.substr(1, q.size() - 2);
        } else {
          out += "{{" + print(part, depth + 1).text + "}}";
        }
      }
      return {out + "\"", kPrimary};
    }
    case ExprOp::Cond: {
      std::string out = "if " + arg(0).text + " { " + arg(1).text + " } else ";
      // An `else if` chain reads as the source wrote it.
      const Expr *otherwise = e.args.size() > 2 && e.args[2] < pkg_.exprs.size() ? &pkg_.exprs[e.args[2]] : nullptr;
      if (otherwise && otherwise->op == ExprOp::Cond)
        return {out + arg(2).text, kCond};
      return {out + "{ " + arg(2).text + " }", kCond};
    }
    }
    return {"?", kPrimary};
  }

private:
  static std::string operand(const Text &t, int needed) { return t.level >= needed ? t.text : "(" + t.text + ")"; }

  const Package &pkg_;
  llvm::function_ref<std::string(llvm::StringRef)> inputText_;
};

} // namespace

std::string valueText(const Package &package, TypeId type, const Value &value) {
  return valueAt(package, type, value, 0);
}

std::string exprText(const Package &package, ExprId expr) { return Printer(package, nullptr).print(expr).text; }

std::string exprText(const Package &package, ExprId expr,
                     llvm::function_ref<std::string(llvm::StringRef)> inputText) {
  return Printer(package, inputText).print(expr).text;
}

std::string shorten(const std::string &text, size_t limit) {
  auto isLead = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  size_t points = std::count_if(text.begin(), text.end(), isLead);
  if (points <= limit || limit == 0)
    return text;
  // Keep limit - 1 code points, leaving room for the ellipsis.
  size_t kept = 0;
  for (size_t i = 0; i < text.size(); ++i)
    if (isLead(text[i]) && kept++ == limit - 1)
      return text.substr(0, i) + "…";
  return text;
}

} // namespace flytec::ir
