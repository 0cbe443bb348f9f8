#include "ast/Ast.h"

namespace flytec::ast {

llvm::StringRef nodeKindName(NodeKind kind) {
  switch (kind) {
#define AST_NODE(Name)                                                                             \
  case NodeKind::Name:                                                                             \
    return #Name;
#include "ast/AstNodes.def"
  }
  return "?";
}

bool isTypeKind(NodeKind kind) {
  switch (kind) {
#define AST_NODE(Name)
#define AST_TYPE(Name) case NodeKind::Name:
#include "ast/AstNodes.def"
    return true;
  default:
    return false;
  }
}

bool isExprKind(NodeKind kind) {
  switch (kind) {
#define AST_NODE(Name)
#define AST_EXPR(Name) case NodeKind::Name:
#include "ast/AstNodes.def"
    return true;
  default:
    return false;
  }
}

bool isStmtKind(NodeKind kind) {
  switch (kind) {
#define AST_NODE(Name)
#define AST_STMT(Name) case NodeKind::Name:
#include "ast/AstNodes.def"
    return true;
  default:
    return false;
  }
}

bool isDeclKind(NodeKind kind) {
  switch (kind) {
#define AST_NODE(Name)
#define AST_DECL(Name) case NodeKind::Name:
#include "ast/AstNodes.def"
    return true;
  default:
    return false;
  }
}

std::optional<std::string> plainStringValue(const Expr *expr) {
  if (const auto *s = llvm::dyn_cast<StringLit>(expr); s && !s->hasInterpolation())
    return s->text();
  return std::nullopt;
}

std::string QualifiedName::str() const {
  std::string out;
  for (const Identifier &part : parts) {
    if (!out.empty())
      out += '.';
    out += part.name.str();
  }
  return out;
}

llvm::StringRef unaryOpSpelling(UnaryOp op) { return op == UnaryOp::Negate ? "-" : "not"; }

llvm::StringRef binaryOpSpelling(BinaryOp op) {
  switch (op) {
  case BinaryOp::Add: return "+";
  case BinaryOp::Sub: return "-";
  case BinaryOp::Mul: return "*";
  case BinaryOp::Div: return "/";
  case BinaryOp::Mod: return "%";
  case BinaryOp::Eq: return "==";
  case BinaryOp::Ne: return "!=";
  case BinaryOp::Lt: return "<";
  case BinaryOp::Le: return "<=";
  case BinaryOp::Gt: return ">";
  case BinaryOp::Ge: return ">=";
  case BinaryOp::And: return "and";
  case BinaryOp::Or: return "or";
  case BinaryOp::Coalesce: return "??";
  }
  return "?";
}

bool StringLit::hasInterpolation() const {
  for (const StringPart &part : parts)
    if (part.expr)
      return true;
  return false;
}

std::string StringLit::text() const {
  std::string out;
  for (const StringPart &part : parts)
    out += part.text.str();
  return out;
}

Expr *Block::value() const {
  if (stmts.empty())
    return nullptr;
  if (auto *last = llvm::dyn_cast<ExprStmt>(stmts.back()))
    return last->expr;
  return nullptr;
}

} // namespace flytec::ast
