// Type expressions to types: the built-in types of LANGUAGE.md §2, user
// records and enums (nominal), and aliases (expanded on the spot).
#include "sema/Checker.h"

#include <fmt/format.h>
#include <llvm/ADT/STLExtras.h>

namespace flytec::sema {

const Type *Checker::resolveType(ModuleInfo &mod, const ast::TypeExpr *type) {
  if (!type)
    return types.error();
  switch (type->kind()) {
  case ast::NodeKind::NoneType:
    return types.none();
  case ast::NodeKind::OptionalType:
    return types.optional(resolveType(mod, llvm::cast<ast::OptionalType>(type)->inner));
  case ast::NodeKind::UnionType: {
    std::vector<const Type *> members;
    for (const ast::TypeExpr *m : llvm::cast<ast::UnionType>(type)->members)
      members.push_back(resolveType(mod, m));
    return types.unionOf(members);
  }
  case ast::NodeKind::NamedType:
    break;
  default:
    return types.error();
  }
  const auto &named = *llvm::cast<ast::NamedType>(type);
  llvm::StringRef name = named.name.parts.size() == 1 ? named.name.parts[0].name : "";
  auto argCount = [&](size_t want, llvm::StringRef form) {
    if (named.args.size() == want)
      return true;
    diags.report(DiagCode::E3001, named.range(),
                 fmt::format("'{}' takes {} type argument{}: write {}", name.str(), want, want == 1 ? "" : "s",
                             form.str()));
    return false;
  };
  auto noArgs = [&]() {
    if (!named.hasArgs)
      return true;
    diags.report(DiagCode::E3001, named.range(), fmt::format("'{}' takes no type arguments", name.str()));
    return false;
  };
  auto plainArg = [&](const ast::TypeArg &arg) -> const Type * {
    if (!arg.label.empty()) {
      diags.report(DiagCode::E3001, arg.range,
                   fmt::format("'{}' takes a type here, not a named column", name.str()));
      return types.error();
    }
    return resolveType(mod, arg.type);
  };

  if (!name.empty() && llvm::is_contained(TypeContext::builtinTypeNames(), name) && !lookupEntity(mod, name, false)) {
    if (const Type *scalar = types.scalarNamed(name))
      return noArgs() ? scalar : types.error();
    if (name == "list") {
      if (!argCount(1, "list[T]"))
        return types.error();
      return types.list(plainArg(named.args[0]));
    }
    if (name == "map") {
      if (!argCount(2, "map[string, T]"))
        return types.error();
      const Type *key = plainArg(named.args[0]);
      const Type *value = plainArg(named.args[1]);
      if (key != types.string() && !key->isError()) {
        diags.report(DiagCode::E3013, named.args[0].range,
                     fmt::format("map keys must be strings, not {}", key->str()))
            .fixit(named.args[0].range, "string");
        return types.error();
      }
      return types.map(value);
    }
    if (name == "file") {
      if (!named.hasArgs)
        return types.file();
      // `file[csv]`: the format is a bare word, parsed as a type name.
      const auto *format = named.args.size() == 1 ? llvm::dyn_cast_or_null<ast::NamedType>(named.args[0].type)
                                                  : nullptr;
      if (!format || format->name.parts.size() != 1 || format->hasArgs || !named.args[0].label.empty()) {
        diags.report(DiagCode::E3001, named.range(), "a file format is one word: file[csv], file[parquet]");
        return types.error();
      }
      return types.file(format->name.parts[0].name);
    }
    if (name == "dataframe") {
      if (!named.hasArgs)
        return types.dataframe({}, false);
      std::vector<NamedType> columns;
      for (const ast::TypeArg &arg : named.args) {
        if (arg.label.empty()) {
          diags.report(DiagCode::E3001, arg.range, "dataframe columns are named: dataframe[id: int, name: string]");
          return types.error();
        }
        for (const NamedType &c : columns)
          if (c.name == arg.label.name) {
            diags.report(DiagCode::E2002, arg.label.range,
                         fmt::format("column '{}' appears twice", arg.label.name.str()));
            return types.error();
          }
        const Type *columnType = resolveType(mod, arg.type);
        if (columnType->isError())
          return columnType;
        columns.push_back({arg.label.name, columnType});
      }
      return types.dataframe(columns, true);
    }
  }

  Entity *entity = resolveTypeName(mod, named.name);
  if (!entity)
    return types.error();
  Reference ref; // for the language server: what the type name names
  ref.kind = Reference::Kind::Entity;
  ref.entity = entity;
  record(&named, ref);
  if (!entity->isType()) {
    diags.report(DiagCode::E2001, named.name.range,
                 fmt::format("'{}' is {}, not a type", named.name.str(), aOrAn(entity->kindName())));
    return types.error();
  }
  if (named.hasArgs) {
    diags.report(DiagCode::E3001, named.range(), fmt::format("'{}' takes no type arguments", named.name.str()));
    return types.error();
  }
  switch (entity->kind) {
  case EntityKind::Record:
    return types.record(static_cast<RecordInfo *>(entity));
  case EntityKind::Enum:
    return types.enumType(static_cast<EnumInfo *>(entity));
  case EntityKind::Alias:
    return aliasTarget(*static_cast<AliasInfo *>(entity));
  default:
    return types.error();
  }
}

const Type *Checker::aliasTarget(AliasInfo &alias) {
  if (alias.target)
    return alias.target;
  if (alias.resolving) {
    diags.report(DiagCode::E2001, alias.decl->name.range,
                 fmt::format("type '{}' is defined in terms of itself", alias.name.str()))
        .note("an alias names another type; use a record for recursive data");
    alias.target = types.error();
    return alias.target;
  }
  alias.resolving = true;
  const Type *target = resolveType(*alias.module, static_cast<const ast::AliasDecl *>(alias.decl)->type);
  alias.resolving = false;
  if (!alias.target)
    alias.target = target;
  return alias.target;
}

const Type *Checker::typeFromExpr(ModuleInfo &mod, const ast::Expr *expr) {
  // Types written where an expression goes: `float`, `Region`, `mod.Stats`,
  // `list[int]` (an index expression), `T?` is not expressible here.
  if (const auto *name = llvm::dyn_cast<ast::NameExpr>(expr)) {
    ast::Identifier id{name->name, name->range()};
    ast::QualifiedName q{llvm::ArrayRef<ast::Identifier>(id), name->range()};
    ast::NamedType named(name->range(), q, {}, false);
    return resolveType(mod, &named);
  }
  if (const auto *field = llvm::dyn_cast<ast::FieldExpr>(expr)) {
    if (const auto *base = llvm::dyn_cast<ast::NameExpr>(field->base)) {
      ast::Identifier parts[2] = {{base->name, base->range()}, field->field};
      ast::QualifiedName q{llvm::ArrayRef<ast::Identifier>(parts), field->range()};
      ast::NamedType named(field->range(), q, {}, false);
      return resolveType(mod, &named);
    }
  }
  if (const auto *index = llvm::dyn_cast<ast::IndexExpr>(expr)) {
    const auto *base = llvm::dyn_cast<ast::NameExpr>(index->base);
    if (base && base->name == "list")
      return types.list(typeFromExpr(mod, index->index));
  }
  diags.report(DiagCode::E3001, expr->range(), "expected a type here, such as float, string or list[int]");
  return types.error();
}

} // namespace flytec::sema
