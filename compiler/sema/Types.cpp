#include "sema/Types.h"

#include "sema/Entities.h"

#include <llvm/ADT/StringSwitch.h>

#include <algorithm>

namespace flytec::sema {

bool Type::isOptional() const {
  return kind_ == TypeKind::Union && members_.back()->kind() == TypeKind::None;
}

std::string Type::str() const {
  switch (kind_) {
  case TypeKind::Error:
    return "<error>";
  case TypeKind::Never:
    return "never";
  case TypeKind::Void:
    return "()";
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
  case TypeKind::File:
    return text_.empty() ? "file" : "file[" + text_.str() + "]";
  case TypeKind::Dir:
    return "dir";
  case TypeKind::Dataframe: {
    if (!hasSchema_)
      return "dataframe";
    std::string out = "dataframe[";
    for (size_t i = 0; i < fields_.size(); ++i)
      out += (i ? ", " : "") + fields_[i].name.str() + ": " + fields_[i].type->str();
    return out + "]";
  }
  case TypeKind::List:
    return "list[" + element_->str() + "]";
  case TypeKind::Map:
    return "map[string, " + element_->str() + "]";
  case TypeKind::Union: {
    if (members_.size() == 2 && isOptional()) {
      const Type *inner = members_[0];
      return inner->kind() == TypeKind::Union ? "(" + inner->str() + ")?" : inner->str() + "?";
    }
    std::string out;
    for (size_t i = 0; i < members_.size(); ++i)
      out += (i ? " | " : "") + members_[i]->str();
    return out;
  }
  case TypeKind::Record:
    return record_->name.str();
  case TypeKind::Enum:
    return enum_->name.str();
  case TypeKind::Outputs: {
    std::string out = "(";
    for (size_t i = 0; i < fields_.size(); ++i)
      out += (i ? ", " : "") + fields_[i].name.str() + ": " + fields_[i].type->str();
    return out + ")";
  }
  }
  return "?";
}

TypeContext::TypeContext() {
  auto basic = [&](TypeKind kind) { return make(kind); };
  error_ = basic(TypeKind::Error);
  never_ = basic(TypeKind::Never);
  void_ = basic(TypeKind::Void);
  none_ = basic(TypeKind::None);
  int_ = basic(TypeKind::Int);
  float_ = basic(TypeKind::Float);
  bool_ = basic(TypeKind::Bool);
  string_ = basic(TypeKind::String);
  datetime_ = basic(TypeKind::Datetime);
  duration_ = basic(TypeKind::Duration);
  json_ = basic(TypeKind::Json);
  dir_ = basic(TypeKind::Dir);
}

const Type *TypeContext::scalarNamed(llvm::StringRef name) const {
  return llvm::StringSwitch<const Type *>(name)
      .Case("int", int_)
      .Case("float", float_)
      .Case("bool", bool_)
      .Case("string", string_)
      .Case("datetime", datetime_)
      .Case("duration", duration_)
      .Case("json", json_)
      .Case("dir", dir_)
      .Default(nullptr);
}

llvm::ArrayRef<llvm::StringRef> TypeContext::builtinTypeNames() {
  static const llvm::StringRef names[] = {"int", "float", "bool",  "string",    "datetime", "duration",
                                          "json", "dir",  "file", "dataframe", "list",     "map"};
  return names;
}

Type *TypeContext::make(TypeKind kind) {
  Type *type = new (alloc_.Allocate<Type>()) Type(kind);
  type->id_ = nextId_++;
  return type;
}

// Interning keys are built from the kind and the ids of component types,
// which are unique per context, so equal keys mean equal types.
const Type *TypeContext::intern(std::string key, Type *candidate) {
  auto [it, inserted] = interned_.try_emplace(key, nullptr);
  if (inserted) {
    candidate->id_ = nextId_++;
    Type *stored = new (alloc_.Allocate<Type>()) Type(*candidate);
    if (!candidate->fields_.empty())
      stored->fields_ = copy(candidate->fields_);
    if (!candidate->members_.empty())
      stored->members_ = copy(candidate->members_);
    if (!candidate->text_.empty()) {
      char *text = alloc_.Allocate<char>(candidate->text_.size());
      std::copy(candidate->text_.begin(), candidate->text_.end(), text);
      stored->text_ = llvm::StringRef(text, candidate->text_.size());
    }
    it->second = stored;
  }
  return it->second;
}

static std::string idKey(char tag, unsigned id) { return std::string(1, tag) + std::to_string(id); }

const Type *TypeContext::file(llvm::StringRef format) {
  Type candidate(TypeKind::File);
  candidate.text_ = format;
  return intern("F" + format.str(), &candidate);
}

const Type *TypeContext::dataframe(llvm::ArrayRef<NamedType> columns, bool hasSchema) {
  Type candidate(TypeKind::Dataframe);
  candidate.fields_ = columns;
  candidate.hasSchema_ = hasSchema;
  std::string key = hasSchema ? "D[" : "D";
  for (const NamedType &c : columns)
    key += c.name.str() + ":" + std::to_string(c.type->id_) + ",";
  return intern(key, &candidate);
}

const Type *TypeContext::list(const Type *element) {
  if (element->isError())
    return error_;
  Type candidate(TypeKind::List);
  candidate.element_ = element;
  return intern(idKey('L', element->id_), &candidate);
}

const Type *TypeContext::map(const Type *value) {
  if (value->isError())
    return error_;
  Type candidate(TypeKind::Map);
  candidate.element_ = value;
  return intern(idKey('M', value->id_), &candidate);
}

const Type *TypeContext::unionOf(llvm::ArrayRef<const Type *> members) {
  std::vector<const Type *> flat;
  bool hasNone = false;
  for (const Type *m : members) {
    if (m->isError())
      return error_;
    if (m->kind() == TypeKind::Never)
      continue;
    llvm::ArrayRef<const Type *> parts = m->kind() == TypeKind::Union ? m->members_ : llvm::ArrayRef<const Type *>(m);
    for (const Type *p : parts) {
      if (p->kind() == TypeKind::None)
        hasNone = true;
      else if (std::find(flat.begin(), flat.end(), p) == flat.end())
        flat.push_back(p);
    }
  }
  // A canonical order: equal unions written in different orders are one type.
  std::sort(flat.begin(), flat.end(), [](const Type *a, const Type *b) { return a->id_ < b->id_; });
  const Type *withoutNone = nullptr;
  if (hasNone && flat.size() >= 2)
    withoutNone = unionOf(flat);
  else if (hasNone && flat.size() == 1)
    withoutNone = flat[0];
  if (hasNone)
    flat.push_back(none_);
  if (flat.empty())
    return never_;
  if (flat.size() == 1)
    return flat[0];
  Type candidate(TypeKind::Union);
  candidate.members_ = flat;
  candidate.withoutNone_ = withoutNone;
  std::string key = "U";
  for (const Type *m : flat)
    key += std::to_string(m->id_) + ",";
  return intern(key, &candidate);
}

const Type *TypeContext::outputs(llvm::ArrayRef<NamedType> fields) {
  Type candidate(TypeKind::Outputs);
  candidate.fields_ = fields;
  std::string key = "O";
  for (const NamedType &f : fields)
    key += f.name.str() + ":" + std::to_string(f.type->id_) + ",";
  return intern(key, &candidate);
}

const Type *TypeContext::record(const RecordInfo *info) {
  Type candidate(TypeKind::Record);
  candidate.record_ = info;
  return intern("R" + std::to_string(reinterpret_cast<uintptr_t>(info)), &candidate);
}

const Type *TypeContext::enumType(const EnumInfo *info) {
  Type candidate(TypeKind::Enum);
  candidate.enum_ = info;
  return intern("E" + std::to_string(reinterpret_cast<uintptr_t>(info)), &candidate);
}

bool isAssignable(const Type *from, const Type *to) {
  if (from == to || from->isSilent() || to->isError())
    return true;
  if (from->kind() == TypeKind::Union) {
    for (const Type *m : from->members())
      if (!isAssignable(m, to))
        return false;
    return true;
  }
  if (to->kind() == TypeKind::Union) {
    for (const Type *m : to->members())
      if (isAssignable(from, m))
        return true;
    return false;
  }
  if (from->kind() != to->kind())
    return false;
  switch (to->kind()) {
  case TypeKind::List:
  case TypeKind::Map:
    return isAssignable(from->element(), to->element());
  case TypeKind::File:
    return to->format().empty() || to->format() == from->format();
  case TypeKind::Dataframe: {
    if (!to->hasSchema())
      return true;
    if (!from->hasSchema())
      return false;
    for (const NamedType &want : to->columns()) {
      auto have = std::find_if(from->columns().begin(), from->columns().end(),
                               [&](const NamedType &c) { return c.name == want.name; });
      if (have == from->columns().end() || have->type != want.type)
        return false;
    }
    return true;
  }
  default:
    // Every other kind is interned by its parts or nominal, so equal types
    // were caught by pointer comparison above.
    return false;
  }
}

const Type *joinTypes(TypeContext &types, const Type *a, const Type *b) {
  if (a == b)
    return a;
  if (a->isError() || b->isError())
    return types.error();
  if (a->kind() == TypeKind::Never)
    return b;
  if (b->kind() == TypeKind::Never)
    return a;
  if (a->kind() == TypeKind::None)
    return b->kind() == TypeKind::Void || b->kind() == TypeKind::Outputs ? nullptr : types.optional(b);
  if (b->kind() == TypeKind::None)
    return a->kind() == TypeKind::Void || a->kind() == TypeKind::Outputs ? nullptr : types.optional(a);
  if (isAssignable(a, b))
    return b;
  if (isAssignable(b, a))
    return a;
  return nullptr;
}

} // namespace flytec::sema
