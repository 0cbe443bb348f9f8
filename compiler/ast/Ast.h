// The AST: what the parser hands to every later phase.
//
// Nodes live in an AstContext arena and are trivially destructible: names
// are StringRefs into the source buffer (or the arena, for decoded text),
// child lists are ArrayRefs into the arena. Every node has a source range
// (half-open) and a small integer id, dense per context, that later phases
// use to index side tables (types, symbols) instead of growing the nodes.
//
// Use llvm::isa / dyn_cast / cast on nodes; kinds come from AstNodes.def.
#pragma once

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Allocator.h>
#include <llvm/Support/Casting.h>
#include <llvm/Support/SMLoc.h>

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace flytec::ast {

enum class NodeKind : uint8_t {
#define AST_NODE(Name) Name,
#include "ast/AstNodes.def"
};

llvm::StringRef nodeKindName(NodeKind kind);
bool isTypeKind(NodeKind kind);
bool isExprKind(NodeKind kind);
bool isStmtKind(NodeKind kind);
bool isDeclKind(NodeKind kind);

class Node {
public:
  NodeKind kind() const { return kind_; }
  llvm::SMRange range() const { return range_; }
  uint32_t id() const { return id_; }
  void setRange(llvm::SMRange range) { range_ = range; }

protected:
  Node(NodeKind kind, llvm::SMRange range) : kind_(kind), range_(range) {}

private:
  friend class AstContext;
  NodeKind kind_;
  uint32_t id_ = 0;
  llvm::SMRange range_;
};

/// A name as written, with where it was written.
struct Identifier {
  llvm::StringRef name;
  llvm::SMRange range;
  bool empty() const { return name.empty(); }
};

/// `a.b.c`
struct QualifiedName {
  llvm::ArrayRef<Identifier> parts;
  llvm::SMRange range;
  std::string str() const;
};

class Expr;
class TypeExpr;
class StringLit;
class Block;

/// `label: value` or a positional `value` (label empty).
struct Argument {
  Identifier label;
  Expr *value = nullptr;
  llvm::SMRange range;
};

/// `@name` or `@name(args...)`.
struct Decorator {
  QualifiedName name;
  llvm::ArrayRef<Argument> args;
  bool hasParens = false;
  llvm::SMRange range;
};

/// An input, an output or a record field: `name: type = default`.
struct Param {
  Identifier name;
  TypeExpr *type = nullptr;
  Expr *defaultValue = nullptr;
  llvm::StringRef doc;
  llvm::SMRange range;
};

// ------------------------------------------------------------------ types

class TypeExpr : public Node {
public:
  static bool classof(const Node *n) { return isTypeKind(n->kind()); }

protected:
  using Node::Node;
};

/// `list[T]`, `map[string, T]`, `file[csv]`: label empty. A dataframe
/// column `id: int`: label is the column name.
struct TypeArg {
  Identifier label;
  TypeExpr *type = nullptr;
  llvm::SMRange range; // the whole argument, `id: int` or `T`
};

/// `int`, `Region`, `common.Stats`, `list[int]`, `dataframe[id: int]`.
class NamedType : public TypeExpr {
public:
  NamedType(llvm::SMRange r, QualifiedName name, llvm::ArrayRef<TypeArg> args, bool hasArgs)
      : TypeExpr(NodeKind::NamedType, r), name(name), args(args), hasArgs(hasArgs) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::NamedType; }
  QualifiedName name;
  llvm::ArrayRef<TypeArg> args;
  bool hasArgs;
};

/// `T?`
class OptionalType : public TypeExpr {
public:
  OptionalType(llvm::SMRange r, TypeExpr *inner) : TypeExpr(NodeKind::OptionalType, r), inner(inner) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::OptionalType; }
  TypeExpr *inner;
};

/// `A | B | C`
class UnionType : public TypeExpr {
public:
  UnionType(llvm::SMRange r, llvm::ArrayRef<TypeExpr *> members)
      : TypeExpr(NodeKind::UnionType, r), members(members) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::UnionType; }
  llvm::ArrayRef<TypeExpr *> members;
};

/// `none` written as a type (a union member).
class NoneType : public TypeExpr {
public:
  explicit NoneType(llvm::SMRange r) : TypeExpr(NodeKind::NoneType, r) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::NoneType; }
};

// ------------------------------------------------------------ expressions

class Expr : public Node {
public:
  static bool classof(const Node *n) { return isExprKind(n->kind()); }

protected:
  using Node::Node;
};

class NameExpr : public Expr {
public:
  NameExpr(llvm::SMRange r, llvm::StringRef name) : Expr(NodeKind::NameExpr, r), name(name) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::NameExpr; }
  llvm::StringRef name;
};

class IntLit : public Expr {
public:
  IntLit(llvm::SMRange r, int64_t value) : Expr(NodeKind::IntLit, r), value(value) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::IntLit; }
  int64_t value;
};

class FloatLit : public Expr {
public:
  FloatLit(llvm::SMRange r, double value) : Expr(NodeKind::FloatLit, r), value(value) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::FloatLit; }
  double value;
};

class BoolLit : public Expr {
public:
  BoolLit(llvm::SMRange r, bool value) : Expr(NodeKind::BoolLit, r), value(value) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::BoolLit; }
  bool value;
};

class NoneLit : public Expr {
public:
  explicit NoneLit(llvm::SMRange r) : Expr(NodeKind::NoneLit, r) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::NoneLit; }
};

/// `250ms`, `5m`, `1d`, held in milliseconds.
class DurationLit : public Expr {
public:
  DurationLit(llvm::SMRange r, int64_t millis) : Expr(NodeKind::DurationLit, r), millis(millis) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::DurationLit; }
  int64_t millis;
};

/// `512Mi`, `4G`, held in bytes.
class SizeLit : public Expr {
public:
  SizeLit(llvm::SMRange r, int64_t bytes) : Expr(NodeKind::SizeLit, r), bytes(bytes) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::SizeLit; }
  int64_t bytes;
};

/// One piece of a string: decoded text, or a `{{ expr }}` interpolation.
struct StringPart {
  llvm::StringRef text; // decoded; empty for an interpolation
  Expr *expr = nullptr; // the interpolated expression, or null for text
  llvm::SMRange range;  // the text, or the whole `{{ ... }}`
};

/// `"..."` or `"""..."""` (escapes decoded, triple-quoted text dedented).
class StringLit : public Expr {
public:
  StringLit(llvm::SMRange r, llvm::ArrayRef<StringPart> parts, bool triple)
      : Expr(NodeKind::StringLit, r), parts(parts), triple(triple) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::StringLit; }
  bool hasInterpolation() const;
  /// The text of a string without interpolations; the concatenated text
  /// parts otherwise.
  std::string text() const;
  llvm::ArrayRef<StringPart> parts;
  bool triple;
};

/// The text of a string literal without interpolations, else nothing.
std::optional<std::string> plainStringValue(const Expr *expr);

class ListLit : public Expr {
public:
  ListLit(llvm::SMRange r, llvm::ArrayRef<Expr *> elements)
      : Expr(NodeKind::ListLit, r), elements(elements) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::ListLit; }
  llvm::ArrayRef<Expr *> elements;
};

struct MapEntry {
  Expr *key = nullptr;
  Expr *value = nullptr;
};

class MapLit : public Expr {
public:
  MapLit(llvm::SMRange r, llvm::ArrayRef<MapEntry> entries) : Expr(NodeKind::MapLit, r), entries(entries) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::MapLit; }
  llvm::ArrayRef<MapEntry> entries;
};

struct FieldInit {
  Identifier name;
  Expr *value = nullptr;
  llvm::SMRange range; // `name: value`
};

/// `Stats { rows: 1, mean: 0.5 }`
class RecordLit : public Expr {
public:
  RecordLit(llvm::SMRange r, QualifiedName type, llvm::ArrayRef<FieldInit> fields)
      : Expr(NodeKind::RecordLit, r), type(type), fields(fields) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::RecordLit; }
  QualifiedName type;
  llvm::ArrayRef<FieldInit> fields;
};

/// `base.field`: a record field, a call output, an enum member or a module
/// member; sema tells which.
class FieldExpr : public Expr {
public:
  FieldExpr(llvm::SMRange r, Expr *base, Identifier field)
      : Expr(NodeKind::FieldExpr, r), base(base), field(field) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::FieldExpr; }
  Expr *base;
  Identifier field;
};

class IndexExpr : public Expr {
public:
  IndexExpr(llvm::SMRange r, Expr *base, Expr *index) : Expr(NodeKind::IndexExpr, r), base(base), index(index) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::IndexExpr; }
  Expr *base;
  Expr *index;
};

class CallExpr : public Expr {
public:
  CallExpr(llvm::SMRange r, Expr *callee, llvm::ArrayRef<Argument> args)
      : Expr(NodeKind::CallExpr, r), callee(callee), args(args) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::CallExpr; }
  Expr *callee;
  llvm::ArrayRef<Argument> args;
};

enum class UnaryOp : uint8_t { Negate, Not };
llvm::StringRef unaryOpSpelling(UnaryOp op);

class UnaryExpr : public Expr {
public:
  UnaryExpr(llvm::SMRange r, UnaryOp op, Expr *operand) : Expr(NodeKind::UnaryExpr, r), op(op), operand(operand) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::UnaryExpr; }
  UnaryOp op;
  Expr *operand;
};

enum class BinaryOp : uint8_t { Add, Sub, Mul, Div, Mod, Eq, Ne, Lt, Le, Gt, Ge, And, Or, Coalesce };
llvm::StringRef binaryOpSpelling(BinaryOp op);

class BinaryExpr : public Expr {
public:
  BinaryExpr(llvm::SMRange r, BinaryOp op, llvm::SMRange opRange, Expr *lhs, Expr *rhs)
      : Expr(NodeKind::BinaryExpr, r), op(op), opRange(opRange), lhs(lhs), rhs(rhs) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::BinaryExpr; }
  BinaryOp op;
  llvm::SMRange opRange;
  Expr *lhs;
  Expr *rhs;
};

/// `if c { ... } else if d { ... } else { ... }`: at most one of elseBlock
/// and elseIf is set.
class IfExpr : public Expr {
public:
  IfExpr(llvm::SMRange r, Expr *cond, Block *thenBlock, Block *elseBlock, IfExpr *elseIf)
      : Expr(NodeKind::IfExpr, r), cond(cond), thenBlock(thenBlock), elseBlock(elseBlock), elseIf(elseIf) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::IfExpr; }
  Expr *cond;
  Block *thenBlock;
  Block *elseBlock;
  IfExpr *elseIf;
};

class ForExpr : public Expr {
public:
  ForExpr(llvm::SMRange r, Identifier var, Expr *iterable, Block *body)
      : Expr(NodeKind::ForExpr, r), var(var), iterable(iterable), body(body) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::ForExpr; }
  Identifier var;
  Expr *iterable;
  Block *body;
};

/// Stands where an expression could not be built; its error is already
/// reported, so later phases must stay silent about it.
class ErrorExpr : public Expr {
public:
  explicit ErrorExpr(llvm::SMRange r) : Expr(NodeKind::ErrorExpr, r) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::ErrorExpr; }
};

// ------------------------------------------------------------- statements

class Stmt : public Node {
public:
  static bool classof(const Node *n) { return isStmtKind(n->kind()); }

protected:
  using Node::Node;
};

/// `let x = e` or `let (a, b) = e`, optionally decorated.
class LetStmt : public Stmt {
public:
  LetStmt(llvm::SMRange r, llvm::ArrayRef<Decorator> decorators, llvm::ArrayRef<Identifier> names,
          bool destructure, Expr *value)
      : Stmt(NodeKind::LetStmt, r), decorators(decorators), names(names), destructure(destructure),
        value(value) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::LetStmt; }
  llvm::ArrayRef<Decorator> decorators;
  llvm::ArrayRef<Identifier> names;
  bool destructure;
  Expr *value;
};

/// `return (name: value, ...)`; values are arguments so that a missing
/// name can be reported by sema with a fix-it rather than as a syntax error.
class ReturnStmt : public Stmt {
public:
  ReturnStmt(llvm::SMRange r, llvm::ArrayRef<Argument> values, bool hasParens)
      : Stmt(NodeKind::ReturnStmt, r), values(values), hasParens(hasParens) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::ReturnStmt; }
  llvm::ArrayRef<Argument> values;
  bool hasParens;
};

class AssertStmt : public Stmt {
public:
  AssertStmt(llvm::SMRange r, Expr *cond, Expr *message)
      : Stmt(NodeKind::AssertStmt, r), cond(cond), message(message) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::AssertStmt; }
  Expr *cond;
  Expr *message; // may be null
};

/// `mock task(args) -> (outputs)`; without parentheses it matches every call.
class MockStmt : public Stmt {
public:
  MockStmt(llvm::SMRange r, QualifiedName target, llvm::ArrayRef<Argument> args, bool hasArgs,
           llvm::ArrayRef<Argument> outputs)
      : Stmt(NodeKind::MockStmt, r), target(target), args(args), hasArgs(hasArgs), outputs(outputs) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::MockStmt; }
  QualifiedName target;
  llvm::ArrayRef<Argument> args;
  bool hasArgs;
  llvm::ArrayRef<Argument> outputs;
};

class ExprStmt : public Stmt {
public:
  ExprStmt(llvm::SMRange r, Expr *expr) : Stmt(NodeKind::ExprStmt, r), expr(expr) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::ExprStmt; }
  Expr *expr;
};

/// `{ statements }`. When the last statement is an expression statement,
/// its expression is the block's value (branches and loop bodies).
class Block : public Node {
public:
  Block(llvm::SMRange r, llvm::ArrayRef<Stmt *> stmts) : Node(NodeKind::Block, r), stmts(stmts) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::Block; }
  Expr *value() const;
  llvm::ArrayRef<Stmt *> stmts;
};

// ----------------------------------------------------------- declarations

class Decl : public Node {
public:
  static bool classof(const Node *n) { return isDeclKind(n->kind()); }
  Identifier name;
  llvm::ArrayRef<Decorator> decorators;
  llvm::StringRef doc; // `///` lines, prefix stripped, joined by '\n'

protected:
  Decl(NodeKind kind, llvm::SMRange r, Identifier name) : Node(kind, r), name(name) {}
};

/// `import "p"`, `import "p" as n`, or `from "p" import A, B`. For the first
/// two, `name` is the alias (empty without `as`).
class ImportDecl : public Decl {
public:
  ImportDecl(llvm::SMRange r, Identifier alias, StringLit *path, llvm::ArrayRef<Identifier> names, bool isFrom)
      : Decl(NodeKind::ImportDecl, r, alias), path(path), names(names), isFrom(isFrom) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::ImportDecl; }
  StringLit *path;
  llvm::ArrayRef<Identifier> names;
  bool isFrom;
};

class RecordDecl : public Decl {
public:
  RecordDecl(llvm::SMRange r, Identifier name, llvm::ArrayRef<Param> fields)
      : Decl(NodeKind::RecordDecl, r, name), fields(fields) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::RecordDecl; }
  llvm::ArrayRef<Param> fields;
};

struct EnumMember {
  Identifier name;
  llvm::StringRef doc;
};

class EnumDecl : public Decl {
public:
  EnumDecl(llvm::SMRange r, Identifier name, llvm::ArrayRef<EnumMember> members)
      : Decl(NodeKind::EnumDecl, r, name), members(members) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::EnumDecl; }
  llvm::ArrayRef<EnumMember> members;
};

class AliasDecl : public Decl {
public:
  AliasDecl(llvm::SMRange r, Identifier name, TypeExpr *type) : Decl(NodeKind::AliasDecl, r, name), type(type) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::AliasDecl; }
  TypeExpr *type;
};

/// A task's body: `{ plugin(config...) "script" }`. Absent for `@builtin`
/// tasks written without braces.
struct TaskBody {
  llvm::SMRange range;         // the braces
  Identifier plugin;           // empty for `{}`
  llvm::ArrayRef<Argument> config;
  bool hasConfig = false;      // parentheses written
  StringLit *script = nullptr; // may be null
};

class TaskDecl : public Decl {
public:
  TaskDecl(llvm::SMRange r, Identifier name, llvm::ArrayRef<Param> inputs, llvm::ArrayRef<Param> outputs,
           bool hasOutputList, TaskBody *body)
      : Decl(NodeKind::TaskDecl, r, name), inputs(inputs), outputs(outputs), hasOutputList(hasOutputList),
        body(body) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::TaskDecl; }
  llvm::ArrayRef<Param> inputs;
  llvm::ArrayRef<Param> outputs;
  bool hasOutputList;
  TaskBody *body;
};

/// `workflow` or `dynamic`.
class WorkflowDecl : public Decl {
public:
  WorkflowDecl(llvm::SMRange r, Identifier name, bool dynamic, llvm::ArrayRef<Param> inputs,
               llvm::ArrayRef<Param> outputs, bool hasOutputList, Block *body)
      : Decl(NodeKind::WorkflowDecl, r, name), dynamic(dynamic), inputs(inputs), outputs(outputs),
        hasOutputList(hasOutputList), body(body) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::WorkflowDecl; }
  bool dynamic;
  llvm::ArrayRef<Param> inputs;
  llvm::ArrayRef<Param> outputs;
  bool hasOutputList;
  Block *body;
};

struct LaunchPlanEntry {
  bool fixed = false; // `fixed` or `default`
  Identifier name;
  Expr *value = nullptr;
  llvm::SMRange range;
};

class LaunchPlanDecl : public Decl {
public:
  LaunchPlanDecl(llvm::SMRange r, Identifier name, QualifiedName workflow, llvm::ArrayRef<LaunchPlanEntry> entries)
      : Decl(NodeKind::LaunchPlanDecl, r, name), workflow(workflow), entries(entries) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::LaunchPlanDecl; }
  QualifiedName workflow;
  llvm::ArrayRef<LaunchPlanEntry> entries;
};

/// `test "title" { ... }`; `name` holds the title's text.
class TestDecl : public Decl {
public:
  TestDecl(llvm::SMRange r, Identifier title, Block *body) : Decl(NodeKind::TestDecl, r, title), body(body) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::TestDecl; }
  Block *body;
};

/// One source file. `name` is the `module` declaration's name, else the
/// file's stem.
class Module : public Node {
public:
  Module(llvm::SMRange r, QualifiedName declaredName, llvm::StringRef name, llvm::StringRef path,
         llvm::ArrayRef<Decl *> decls)
      : Node(NodeKind::Module, r), declaredName(declaredName), name(name), path(path), decls(decls) {}
  static bool classof(const Node *n) { return n->kind() == NodeKind::Module; }
  QualifiedName declaredName; // empty parts without `module`
  llvm::StringRef name;
  llvm::StringRef path;
  llvm::ArrayRef<Decl *> decls;
};

/// Owns the nodes of one or more modules.
class AstContext {
public:
  template <typename T, typename... Args> T *make(Args &&...args) {
    static_assert(std::is_trivially_destructible_v<T>, "AST nodes are never destroyed");
    T *node = new (alloc_.Allocate<T>()) T(std::forward<Args>(args)...);
    static_cast<Node *>(node)->id_ = nextId_++;
    return node;
  }
  /// Plain data (TaskBody, ...) in the same arena.
  template <typename T, typename... Args> T *makeData(Args &&...args) {
    static_assert(std::is_trivially_destructible_v<T>, "AST data is never destroyed");
    return new (alloc_.Allocate<T>()) T(std::forward<Args>(args)...);
  }
  template <typename T> llvm::ArrayRef<T> copy(const std::vector<T> &items) {
    static_assert(std::is_trivially_destructible_v<T>, "AST data is never destroyed");
    if (items.empty())
      return {};
    T *out = alloc_.Allocate<T>(items.size());
    std::uninitialized_copy(items.begin(), items.end(), out);
    return llvm::ArrayRef<T>(out, items.size());
  }
  llvm::StringRef copy(llvm::StringRef text) {
    if (text.empty())
      return {};
    char *out = alloc_.Allocate<char>(text.size());
    std::copy(text.begin(), text.end(), out);
    return llvm::StringRef(out, text.size());
  }
  /// One more than the largest node id handed out.
  uint32_t nodeCount() const { return nextId_; }
  size_t bytesAllocated() const { return alloc_.getBytesAllocated(); }

private:
  llvm::BumpPtrAllocator alloc_;
  uint32_t nextId_ = 0;
};

} // namespace flytec::ast
