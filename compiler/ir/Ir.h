// The portable graph IR (TOOLCHAIN.md "The portable graph IR", docs/ir.md):
// what lowering produces, passes rewrite, emitters print and the runtime
// executes. It is self-contained — it never points back into the AST or the
// checker — so it can be read from JSON and run without the source.
//
// Storage is flat: types are interned in a TypeTable and named by TypeId,
// pure expressions live in one pool named by ExprId, and a graph is a vector
// of nodes in a topological order whose edges are bindings naming a graph
// input or another node's output by id. Structured nodes (branch cases, a
// map's body) own nested graphs, which see only their node's inputs.
#pragma once

#include <llvm/ADT/StringMap.h>
#include <llvm/ADT/StringRef.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace flytec::ir {

/// The `flyte_ir` field of the JSON form; bumped on incompatible changes.
constexpr int kIrVersion = 1;

/// A constant: JSON, typed by where it appears (docs/ir.md "Values"): ints
/// and floats as numbers, durations as "300s", enums by member name, files
/// by path, records and maps as objects, `none` as null.
using Value = nlohmann::json;

// ------------------------------------------------------------------ types

using TypeId = uint32_t;

enum class TypeKind : uint8_t {
  None,
  Int,
  Float,
  Bool,
  String,
  Datetime,
  Duration,
  Json,
  File,      // name: the format, "" for any
  Dir,
  Dataframe, // columns, when hasSchema
  List,      // element
  Map,       // element: the value type; keys are strings
  Union,     // members, none last
  Record,    // name: the record's qualified name
  Enum,      // name: the enum's qualified name
};

struct Column {
  std::string name;
  TypeId type;
};

struct TypeData {
  explicit TypeData(TypeKind kind) : kind(kind) {}
  TypeKind kind;
  std::string name;
  TypeId element = 0;
  std::vector<TypeId> members;
  std::vector<Column> columns;
  bool hasSchema = false;
};

/// Interns types, so that two types are equal exactly when their ids are.
class TypeTable {
public:
  TypeTable();
  TypeId scalar(TypeKind kind); // None, Int, ..., Json, Dir, and plain File/Dataframe
  TypeId none() { return scalar(TypeKind::None); }
  TypeId file(llvm::StringRef format);
  TypeId dataframe(std::vector<Column> columns, bool hasSchema);
  TypeId list(TypeId element);
  TypeId map(TypeId element);
  /// Members in the given order (the checker's order: none last).
  TypeId unionOf(std::vector<TypeId> members);
  TypeId optional(TypeId inner);
  TypeId record(llvm::StringRef name);
  TypeId enumType(llvm::StringRef name);

  const TypeData &operator[](TypeId id) const { return types_[id]; }
  size_t size() const { return types_.size(); }
  /// As the language writes it: `list[int]`, `shop.Region?`, `file[csv]`.
  std::string str(TypeId id) const;
  bool isOptional(TypeId id) const;

private:
  TypeId intern(TypeData data);
  std::vector<TypeData> types_;
  llvm::StringMap<TypeId> interned_;
};

/// The name of a type kind that needs nothing more ("int", "dir", ...);
/// empty for kinds with parts (file formats, lists, records, ...).
llvm::StringRef scalarTypeName(TypeKind kind);

/// LANGUAGE.md §2 "Assignability", over IR types: what the verifier checks
/// on every edge.
bool isAssignable(const TypeTable &types, TypeId from, TypeId to);

/// A record field, an input or an output of a task, workflow or graph.
struct Param {
  std::string name;
  TypeId type = 0;
  std::optional<Value> defaultValue;
  std::string doc;
};

struct RecordDef {
  std::string name; // qualified: "shop.Total"
  std::string module;
  std::string doc;
  std::vector<Param> fields;
};

struct EnumDef {
  std::string name;
  std::string module;
  std::string doc;
  std::vector<std::string> members;
};

// ------------------------------------------------------------ expressions

using ExprId = uint32_t;
constexpr ExprId kNoExpr = ~ExprId(0);

enum class ExprOp : uint8_t {
  Const,  // value
  Input,  // name: an input of the enclosing node
  Field,  // name: the field of args[0] (a record field)
  Index,  // args[0][args[1]]: a list element, or a map entry (optional)
  List,   // args: the elements
  Map,    // args: key, value, key, value, ...
  Record, // name: the record; names: the fields, one per arg
  Unary,  // name: "-" or "not"
  Binary, // name: "+", "==", "and", "??", ...
  Call,   // name: a pure std function ("len"); args
  Format, // args: the parts of an interpolated string, each shown as text
  Cond,   // args: condition, then, else (an `if` without calls)
};
llvm::StringRef exprOpName(ExprOp op);
std::optional<ExprOp> exprOpNamed(llvm::StringRef name);

struct Expr {
  ExprOp op = ExprOp::Const;
  TypeId type = 0;
  std::string name;
  Value value;
  std::vector<ExprId> args;
  std::vector<std::string> names;
};

// ------------------------------------------------------------------ graph

enum class NodeKind : uint8_t {
#define IR_NODE(Name, Json) Name,
#include "ir/IrNodes.def"
};
llvm::StringRef nodeKindName(NodeKind kind);
std::optional<NodeKind> nodeKindNamed(llvm::StringRef name);

/// Where an input's value comes from.
struct Binding {
  enum class Kind : uint8_t { Const, Input, Node };
  Kind kind = Kind::Const;
  std::string ref;    // Input: the graph input; Node: the node id
  std::string output; // Node: its output
  Value value;        // Const

  static Binding constant(Value v);
  static Binding input(std::string name);
  static Binding node(std::string id, std::string output);
  bool operator==(const Binding &o) const {
    return kind == o.kind && ref == o.ref && output == o.output && value == o.value;
  }
};

/// A node input or a graph output: a name, a type and where the value comes from.
struct Port {
  std::string name;
  TypeId type = 0;
  Binding binding;
};

struct Resources {
  std::optional<double> cpu;     // cores
  std::optional<int64_t> memory; // bytes
  std::optional<int64_t> gpu;
  bool empty() const { return !cpu && !memory && !gpu; }
};

/// Execution settings a task declares and a `let` may override per node.
struct Settings {
  std::optional<int64_t> retries;
  std::optional<int64_t> timeoutMs;
  std::optional<Resources> requests;
  std::optional<Resources> limits;
  std::optional<bool> interruptible;
  // Map nodes only.
  std::optional<int64_t> concurrency;
  std::optional<double> minSuccessRatio;
};

struct Graph;

struct Node {
  std::string id; // unique in its graph, derived from source names
  NodeKind kind = NodeKind::Task;
  std::string loc; // "file:line:col", the file relative to the root module's directory
  /// Task, Workflow, Dynamic: the callee's qualified name; Gate: "sleep",
  /// "approve" or "signal".
  std::string target;
  bool launchPlan = false; // Workflow: target names a launch plan
  std::vector<Port> inputs;
  std::vector<Param> outputs;
  /// Control edges: earlier nodes of the same graph this node waits for
  /// although it reads none of their outputs. A gate written as a statement
  /// (`std.sleep(for: 10m)`) orders every node the block creates after it.
  std::vector<std::string> after;
  Settings settings;
  ExprId expr = kNoExpr;          // Expression
  std::vector<ExprId> conditions; // Branch: one per case with a condition
  /// Branch: the cases' graphs, then the else graph when there is one
  /// (bodies.size() is conditions.size() or one more). Map: the body.
  std::vector<Graph> bodies;
  std::string iterate; // Map: the input holding the list (the body gets one element under that name)
  /// Annotation by the critical-path pass: the longest chain of task-like
  /// nodes from this node (included) to the end of its graph.
  std::optional<int64_t> criticalPath;

  const Port *input(llvm::StringRef name) const;
  const Param *output(llvm::StringRef name) const;
};

struct Graph {
  std::vector<Param> inputs;
  std::vector<Node> nodes;   // a topological order
  std::vector<Port> outputs; // bound to inputs, node outputs or constants

  /// The node with this id, or null. The index behind it rebuilds itself
  /// when nodes were added, removed or renamed since it was built.
  const Node *find(llvm::StringRef id) const;
  Node *find(llvm::StringRef id);
  void reindex() const;

private:
  mutable llvm::StringMap<uint32_t> index_;
};

// ------------------------------------------------------------ entities

struct CacheSettings {
  std::string version;
  bool serialize = false;
  std::vector<std::string> ignore;
};

/// A piece of a task's script: text, or a `{{placeholder}}` the plugin
/// renders (`name`, `name.field`, `outputs.x`, `checkpoint`, `deck`).
struct ScriptPart {
  std::string text;
  bool placeholder = false;
};

struct Task {
  std::string name; // qualified: "hello.greet"
  std::string module;
  std::string loc;
  std::string doc;
  std::vector<Param> inputs;
  std::vector<Param> outputs;
  std::string plugin;  // a plugin of the registry, or "builtin"
  std::string builtin; // "std.read_text" for builtin tasks
  Value config = Value::object();
  std::optional<std::vector<ScriptPart>> script;
  Settings settings;
  std::optional<CacheSettings> cache;
  std::string pool;
  std::string hash;
};

struct Workflow {
  std::string name;
  std::string module;
  std::string loc;
  std::string doc;
  bool dynamic = false;
  Graph graph;
  bool continueOnFailure = false;
  std::string onFailure; // a task or workflow given the workflow's inputs
  std::string hash;
};

struct Schedule {
  std::string cron;
  std::optional<int64_t> everyMs;
  std::string kickoffInput;
};

struct LaunchPlan {
  std::string name;
  std::string module;
  std::string loc;
  std::string doc;
  std::string workflow;
  std::map<std::string, Value> fixed;
  std::map<std::string, Value> defaults;
  std::optional<Schedule> schedule;
  Value notify = Value::array(); // [{"on": [...], "email": [...]}, ...]
  std::string hash;
};

struct ModuleRef {
  std::string name;
  std::string file; // relative to the root module's directory
};

/// Everything one compilation produced.
struct Package {
  std::string root; // the root module's name
  std::vector<ModuleRef> modules;
  TypeTable types;
  std::vector<Expr> exprs;
  std::map<std::string, RecordDef> records;
  std::map<std::string, EnumDef> enums;
  std::map<std::string, Task> tasks;
  std::map<std::string, Workflow> workflows;
  std::map<std::string, LaunchPlan> launchPlans;

  ExprId addExpr(Expr e) {
    exprs.push_back(std::move(e));
    return ExprId(exprs.size() - 1);
  }
};

} // namespace flytec::ir
