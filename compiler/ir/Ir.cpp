#include "ir/Ir.h"

#include <llvm/ADT/StringSwitch.h>

#include <algorithm>

namespace flytec::ir {

// ------------------------------------------------------------------ types

TypeTable::TypeTable() {
  // Scalars first, so that scalar(kind) is the kind's own id.
  for (TypeKind k : {TypeKind::None, TypeKind::Int, TypeKind::Float, TypeKind::Bool, TypeKind::String,
                     TypeKind::Datetime, TypeKind::Duration, TypeKind::Json, TypeKind::File, TypeKind::Dir,
                     TypeKind::Dataframe})
    intern(TypeData(k));
}

TypeId TypeTable::scalar(TypeKind kind) {
  assert(unsigned(kind) <= unsigned(TypeKind::Dataframe) && "not a scalar kind");
  return TypeId(kind);
}

TypeId TypeTable::file(llvm::StringRef format) {
  TypeData d(TypeKind::File);
  d.name = format.str();
  return intern(std::move(d));
}

TypeId TypeTable::dataframe(std::vector<Column> columns, bool hasSchema) {
  TypeData d(TypeKind::Dataframe);
  d.columns = std::move(columns);
  d.hasSchema = hasSchema;
  return intern(std::move(d));
}

TypeId TypeTable::list(TypeId element) {
  TypeData d(TypeKind::List);
  d.element = element;
  return intern(std::move(d));
}

TypeId TypeTable::map(TypeId element) {
  TypeData d(TypeKind::Map);
  d.element = element;
  return intern(std::move(d));
}

TypeId TypeTable::unionOf(std::vector<TypeId> members) {
  std::vector<TypeId> flat;
  for (TypeId m : members) {
    const std::vector<TypeId> &inner =
        types_[m].kind == TypeKind::Union ? types_[m].members : std::vector<TypeId>{m};
    for (TypeId x : inner)
      if (std::find(flat.begin(), flat.end(), x) == flat.end())
        flat.push_back(x);
  }
  // `none` goes last, as the checker writes it (`T?` is `T | none`).
  std::stable_partition(flat.begin(), flat.end(), [&](TypeId t) { return types_[t].kind != TypeKind::None; });
  if (flat.size() == 1)
    return flat.front();
  TypeData d(TypeKind::Union);
  d.members = std::move(flat);
  return intern(std::move(d));
}

TypeId TypeTable::optional(TypeId inner) { return unionOf({inner, none()}); }

TypeId TypeTable::record(llvm::StringRef name) {
  TypeData d(TypeKind::Record);
  d.name = name.str();
  return intern(std::move(d));
}

TypeId TypeTable::enumType(llvm::StringRef name) {
  TypeData d(TypeKind::Enum);
  d.name = name.str();
  return intern(std::move(d));
}

namespace {

/// A key that identifies a type by its parts (records and enums by name).
std::string keyOf(const TypeData &d) {
  std::string key = std::to_string(unsigned(d.kind)) + ":" + d.name + ":" + std::to_string(d.element) + ":";
  for (TypeId m : d.members)
    key += std::to_string(m) + ",";
  if (d.hasSchema)
    key += "S";
  for (const Column &c : d.columns)
    key += c.name + "=" + std::to_string(c.type) + ",";
  return key;
}

} // namespace

TypeId TypeTable::intern(TypeData data) {
  auto [it, inserted] = interned_.try_emplace(keyOf(data), TypeId(types_.size()));
  if (inserted)
    types_.push_back(std::move(data));
  return it->second;
}

bool TypeTable::isOptional(TypeId id) const {
  const TypeData &d = types_[id];
  return d.kind == TypeKind::None ||
         (d.kind == TypeKind::Union &&
          std::any_of(d.members.begin(), d.members.end(), [&](TypeId m) { return types_[m].kind == TypeKind::None; }));
}

llvm::StringRef scalarTypeName(TypeKind kind) {
  switch (kind) {
  case TypeKind::None:
    return "none";
  case TypeKind::Int:
    return "int";
  case TypeKind::Float:
    return "float";
  case TypeKind::Bool:
    return "bool";
  case TypeKind::String:
    return "string";
  case TypeKind::Datetime:
    return "datetime";
  case TypeKind::Duration:
    return "duration";
  case TypeKind::Json:
    return "json";
  case TypeKind::Dir:
    return "dir";
  case TypeKind::File:
  case TypeKind::Dataframe:
  case TypeKind::List:
  case TypeKind::Map:
  case TypeKind::Union:
  case TypeKind::Record:
  case TypeKind::Enum:
    break;
  }
  return "";
}

std::string TypeTable::str(TypeId id) const {
  const TypeData &d = types_[id];
  if (llvm::StringRef name = scalarTypeName(d.kind); !name.empty())
    return name.str();
  switch (d.kind) {
  case TypeKind::File:
    return d.name.empty() ? "file" : "file[" + d.name + "]";
  case TypeKind::Dataframe: {
    if (!d.hasSchema)
      return "dataframe";
    std::string out = "dataframe[";
    for (size_t i = 0; i < d.columns.size(); ++i)
      out += (i ? ", " : "") + d.columns[i].name + ": " + str(d.columns[i].type);
    return out + "]";
  }
  case TypeKind::List:
    return "list[" + str(d.element) + "]";
  case TypeKind::Map:
    return "map[string, " + str(d.element) + "]";
  case TypeKind::Union: {
    if (d.members.size() == 2 && types_[d.members[1]].kind == TypeKind::None)
      return str(d.members[0]) + "?";
    std::string out;
    for (size_t i = 0; i < d.members.size(); ++i)
      out += (i ? " | " : "") + str(d.members[i]);
    return out;
  }
  case TypeKind::Record:
  case TypeKind::Enum:
    return d.name;
  case TypeKind::None: // the scalars, named above
  case TypeKind::Int:
  case TypeKind::Float:
  case TypeKind::Bool:
  case TypeKind::String:
  case TypeKind::Datetime:
  case TypeKind::Duration:
  case TypeKind::Json:
  case TypeKind::Dir:
    break;
  }
  return "?";
}

bool isAssignable(const TypeTable &types, TypeId from, TypeId to) {
  if (from == to)
    return true;
  const TypeData &f = types[from];
  const TypeData &t = types[to];
  if (f.kind == TypeKind::Union)
    return std::all_of(f.members.begin(), f.members.end(), [&](TypeId m) { return isAssignable(types, m, to); });
  if (t.kind == TypeKind::Union)
    return std::any_of(t.members.begin(), t.members.end(), [&](TypeId m) { return isAssignable(types, from, m); });
  if (f.kind != t.kind)
    return false;
  switch (t.kind) {
  case TypeKind::List:
  case TypeKind::Map:
    return isAssignable(types, f.element, t.element);
  case TypeKind::File:
    return t.name.empty() || t.name == f.name;
  case TypeKind::Dataframe:
    if (!t.hasSchema)
      return true;
    if (!f.hasSchema)
      return false;
    return std::all_of(t.columns.begin(), t.columns.end(), [&](const Column &want) {
      return std::any_of(f.columns.begin(), f.columns.end(),
                         [&](const Column &have) { return have.name == want.name && have.type == want.type; });
    });
  default:
    // Every other kind is interned by its parts or nominal: equal types
    // have equal ids.
    return false;
  }
}

// ------------------------------------------------------------ expressions

namespace {
struct OpName {
  ExprOp op;
  llvm::StringLiteral name;
};
constexpr OpName kOpNames[] = {
    {ExprOp::Const, "const"}, {ExprOp::Input, "input"},   {ExprOp::Field, "field"},   {ExprOp::Index, "index"},
    {ExprOp::List, "list"},   {ExprOp::Map, "map"},       {ExprOp::Record, "record"}, {ExprOp::Unary, "unary"},
    {ExprOp::Binary, "binary"}, {ExprOp::Call, "call"},   {ExprOp::Format, "format"}, {ExprOp::Cond, "cond"},
};
} // namespace

llvm::StringRef exprOpName(ExprOp op) { return kOpNames[unsigned(op)].name; }

std::optional<ExprOp> exprOpNamed(llvm::StringRef name) {
  for (const OpName &o : kOpNames)
    if (o.name == name)
      return o.op;
  return std::nullopt;
}

// ------------------------------------------------------------------ graph

llvm::StringRef nodeKindName(NodeKind kind) {
  switch (kind) {
#define IR_NODE(Name, Json)                                                                                            \
  case NodeKind::Name:                                                                                                 \
    return Json;
#include "ir/IrNodes.def"
  }
  return "?";
}

std::optional<NodeKind> nodeKindNamed(llvm::StringRef name) {
#define IR_NODE(Name, Json)                                                                                            \
  if (name == Json)                                                                                                    \
    return NodeKind::Name;
#include "ir/IrNodes.def"
  return std::nullopt;
}

Binding Binding::constant(Value v) {
  Binding b;
  b.kind = Kind::Const;
  b.value = std::move(v);
  return b;
}

Binding Binding::input(std::string name) {
  Binding b;
  b.kind = Kind::Input;
  b.ref = std::move(name);
  return b;
}

Binding Binding::node(std::string id, std::string output) {
  Binding b;
  b.kind = Kind::Node;
  b.ref = std::move(id);
  b.output = std::move(output);
  return b;
}

const Port *Node::input(llvm::StringRef name) const {
  for (const Port &p : inputs)
    if (p.name == name)
      return &p;
  return nullptr;
}

const Param *Node::output(llvm::StringRef name) const {
  for (const Param &p : outputs)
    if (p.name == name)
      return &p;
  return nullptr;
}

const Node *Graph::find(llvm::StringRef id) const {
  auto lookup = [&]() -> const Node * {
    auto it = index_.find(id);
    return it != index_.end() && it->second < nodes.size() && nodes[it->second].id == id ? &nodes[it->second]
                                                                                         : nullptr;
  };
  if (const Node *n = lookup())
    return n;
  // Nodes were added, removed or renamed since the index was built, or the
  // id is not there at all (rare: only broken IR asks for one): rebuild the
  // index and look again.
  reindex();
  return lookup();
}

Node *Graph::find(llvm::StringRef id) { return const_cast<Node *>(static_cast<const Graph *>(this)->find(id)); }

void Graph::reindex() const {
  index_.clear();
  for (uint32_t i = 0; i < nodes.size(); ++i)
    index_.try_emplace(nodes[i].id, i);
}

} // namespace flytec::ir
