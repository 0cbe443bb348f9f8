#include "exec/PathValues.h"

namespace flytec::runtime {

bool forEachPath(const ir::Package &pkg, ir::TypeId type, ir::Value &value,
                 llvm::function_ref<bool(std::string &path)> visit) {
  return forEachTypedPath(pkg, type, value, [&](std::string &path, ir::TypeId) { return visit(path); });
}

bool forEachTypedPath(const ir::Package &pkg, ir::TypeId type, ir::Value &value,
                      llvm::function_ref<bool(std::string &path, ir::TypeId type)> visit) {
  const ir::TypeData &t = pkg.types[type];
  switch (t.kind) {
  case ir::TypeKind::File:
  case ir::TypeKind::Dir:
  case ir::TypeKind::Dataframe:
    if (value.is_string()) {
      std::string path = value.get<std::string>();
      if (!visit(path, type))
        return false;
      value = path;
    }
    return true;
  case ir::TypeKind::List:
    if (value.is_array())
      for (ir::Value &v : value)
        if (!forEachTypedPath(pkg, t.element, v, visit))
          return false;
    return true;
  case ir::TypeKind::Map:
    if (value.is_object())
      for (auto &item : value.items())
        if (!forEachTypedPath(pkg, t.element, item.value(), visit))
          return false;
    return true;
  case ir::TypeKind::Record: {
    auto rec = pkg.records.find(t.name);
    if (rec == pkg.records.end() || !value.is_object())
      return true;
    for (const ir::Param &field : rec->second.fields)
      if (auto f = value.find(field.name); f != value.end())
        if (!forEachTypedPath(pkg, field.type, *f, visit))
          return false;
    return true;
  }
  case ir::TypeKind::Union:
    // A union value carries no tag: the first member of a kind that holds
    // paths and has the value's shape decides (`file | string` treats a
    // string as a path, as the checker lets a string literal be a file).
    for (ir::TypeId member : t.members) {
      ir::TypeKind k = pkg.types[member].kind;
      if (value.is_string() && (k == ir::TypeKind::File || k == ir::TypeKind::Dir || k == ir::TypeKind::Dataframe))
        return forEachTypedPath(pkg, member, value, visit);
      if ((value.is_array() && k == ir::TypeKind::List) ||
          (value.is_object() && (k == ir::TypeKind::Map || k == ir::TypeKind::Record)))
        return forEachTypedPath(pkg, member, value, visit);
    }
    return true;
  default:
    return true;
  }
}

} // namespace flytec::runtime
