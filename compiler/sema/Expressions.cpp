// Expressions: names, literals, field access, indexing, operators,
// interpolated strings, collection and record literals, `if` and `for`.
//
// Checking is bidirectional where the language needs it: an expected type
// flows into `[]`, `{}` and string literals that name files (LANGUAGE.md §2
// rules 5 and 6). An expression whose error has been reported gets the Error
// type, which fits anywhere, so one mistake gives one diagnostic.
#include "sema/Checker.h"
#include "sema/StdFunctions.h"

#include <fmt/format.h>

namespace flytec::sema {

namespace {

/// The file or dir type a string literal names when `expected` allows one.
const Type *pathTypeIn(const Type *expected) {
  if (!expected)
    return nullptr;
  if (expected->kind() == TypeKind::File || expected->kind() == TypeKind::Dir)
    return expected;
  if (expected->kind() == TypeKind::Union)
    for (const Type *m : expected->members())
      if (m->kind() == TypeKind::File || m->kind() == TypeKind::Dir)
        return m;
  return nullptr;
}

const Type *memberOfKind(const Type *expected, TypeKind kind) {
  if (!expected)
    return nullptr;
  if (expected->kind() == kind)
    return expected;
  if (expected->kind() == TypeKind::Union)
    for (const Type *m : expected->members())
      if (m->kind() == kind)
        return m;
  return nullptr;
}

bool isRenderable(const Type *t) { return t->kind() != TypeKind::Void && t->kind() != TypeKind::Outputs; }

} // namespace

void Checker::record(const ast::Node *node, Reference ref) { program.references[node->id()] = ref; }

void Checker::setType(const ast::Expr *expr, const Type *type) { program.exprTypes[expr->id()] = type; }

const Type *Checker::checkExpr(const ast::Expr *expr, const Type *expected) {
  if (!expr) // lost to a syntax error, already reported
    return types.error();
  const Type *t = types.error();
  switch (expr->kind()) {
  case ast::NodeKind::NameExpr:
    t = checkName(*llvm::cast<ast::NameExpr>(expr));
    break;
  case ast::NodeKind::IntLit:
  case ast::NodeKind::SizeLit:
    t = types.intType();
    break;
  case ast::NodeKind::FloatLit:
    t = types.floatType();
    break;
  case ast::NodeKind::BoolLit:
    t = types.boolType();
    break;
  case ast::NodeKind::NoneLit:
    t = types.none();
    break;
  case ast::NodeKind::DurationLit:
    t = types.duration();
    break;
  case ast::NodeKind::StringLit:
    t = checkString(*llvm::cast<ast::StringLit>(expr), expected);
    break;
  case ast::NodeKind::ListLit:
    t = checkList(*llvm::cast<ast::ListLit>(expr), expected);
    break;
  case ast::NodeKind::MapLit:
    t = checkMap(*llvm::cast<ast::MapLit>(expr), expected);
    break;
  case ast::NodeKind::RecordLit:
    t = checkRecordLit(*llvm::cast<ast::RecordLit>(expr));
    break;
  case ast::NodeKind::FieldExpr:
    t = checkField(*llvm::cast<ast::FieldExpr>(expr));
    break;
  case ast::NodeKind::IndexExpr:
    t = checkIndex(*llvm::cast<ast::IndexExpr>(expr));
    break;
  case ast::NodeKind::CallExpr:
    t = checkCall(*llvm::cast<ast::CallExpr>(expr));
    break;
  case ast::NodeKind::UnaryExpr:
    t = checkUnary(*llvm::cast<ast::UnaryExpr>(expr));
    break;
  case ast::NodeKind::BinaryExpr:
    t = checkBinary(*llvm::cast<ast::BinaryExpr>(expr));
    break;
  case ast::NodeKind::IfExpr:
    t = checkIf(*llvm::cast<ast::IfExpr>(expr), BlockValue::Required);
    break;
  case ast::NodeKind::ForExpr:
    t = checkFor(*llvm::cast<ast::ForExpr>(expr), BlockValue::Required);
    break;
  case ast::NodeKind::ErrorExpr:
    t = types.error();
    break;
  default:
    t = types.error();
    break;
  }
  setType(expr, t);
  return t;
}

bool Checker::checkAssignable(const ast::Expr *expr, const Type *want, llvm::StringRef what, DiagCode code) {
  const Type *got = checkExpr(expr, want);
  if (isAssignable(got, want))
    return true;
  reportMismatch(expr, got, want, what, code);
  return false;
}

void Checker::reportMismatch(const ast::Expr *expr, const Type *got, const Type *want, llvm::StringRef what,
                             DiagCode code) {
  // Anywhere inside a parameter's default, a mismatch is the default's.
  if (inDefault && code == DiagCode::E3001)
    code = DiagCode::E3012;
  if (got->kind() == TypeKind::Void) {
    diags.report(code, expr->range(), fmt::format("{} expects {}, but this call has no outputs", what.str(), want->str()));
    return;
  }
  auto diag = diags.report(code, expr->range(), fmt::format("{} expects {}, got {}", what.str(), want->str(), got->str()));
  if (got->isOptional() && isAssignable(got->withoutNone(), want)) {
    diag.note("the value may be none; give a default with '??'");
    return;
  }
  const Type *wantInner = want->withoutNone();
  // "US" where Region is expected: the enum member.
  if (wantInner->kind() == TypeKind::Enum) {
    const EnumInfo *info = wantInner->enumInfo();
    const auto *lit = llvm::dyn_cast<ast::StringLit>(expr);
    if (lit && !lit->hasInterpolation()) {
      std::string text = lit->text();
      if (info->hasMember(text)) {
        std::string member = fmt::format("{}.{}", info->name.str(), text);
        diag.note(fmt::format("did you mean {}?", member)).fixit(expr->range(), member);
        return;
      }
    }
    std::string members;
    for (llvm::StringRef m : info->members)
      members += (members.empty() ? "" : ", ") + info->name.str() + "." + m.str();
    diag.note(fmt::format("the members of {} are {}", info->name.str(), members));
    return;
  }
  if (wantInner->kind() == TypeKind::Float && got->kind() == TypeKind::Int) {
    if (const auto *lit = llvm::dyn_cast<ast::IntLit>(expr)) {
      diag.note("ints do not become floats implicitly; write a float literal")
          .fixit(expr->range(), std::to_string(lit->value) + ".0");
      return;
    }
    diag.note("ints do not become floats implicitly; convert with float(...)");
    return;
  }
  if (got->kind() == TypeKind::Outputs) {
    std::string fitting;
    for (const NamedType &f : got->fields())
      if (isAssignable(f.type, want))
        fitting += (fitting.empty() ? "'." : ", '.") + f.name.str() + "'";
    diag.note(fitting.empty() ? std::string("the call has several outputs; pick one with '.name'")
                              : fmt::format("the call has several outputs; pick one: {}", fitting));
  }
}

const Type *Checker::checkName(const ast::NameExpr &e) {
  if (LocalVar *local = lookupLocal(e.name)) {
    local->used = true;
    Reference ref;
    ref.kind = Reference::Kind::Local;
    ref.local = local;
    record(&e, ref);
    return local->type;
  }
  if (Entity *entity = lookupEntity(*module, e.name)) {
    Reference ref;
    ref.kind = Reference::Kind::Entity;
    ref.entity = entity;
    record(&e, ref);
    useEntity(entity, e.range());
    auto diag = diags.report(DiagCode::E3001, e.range(),
                             entity->kind == EntityKind::Enum
                                 ? fmt::format("'{}' is an enum, not a value; name a member: {}.MEMBER",
                                               e.name.str(), e.name.str())
                             : entity->isCallable()
                                 ? fmt::format("'{}' is {}, not a value; call it: {}(...)", e.name.str(),
                                               aOrAn(entity->kindName()), e.name.str())
                                 : fmt::format("'{}' is {}, not a value", e.name.str(), aOrAn(entity->kindName())));
    noteDeclaredHere(diag, entity);
    return types.error();
  }
  if (ImportInfo *import = lookupQualifier(*module, e.name)) {
    import->used = true;
    diags.report(DiagCode::E3001, e.range(),
                 fmt::format("'{}' is a module, not a value; name a member: {}.NAME", e.name.str(), e.name.str()));
    return types.error();
  }
  if (findStdFunction(e.name)) {
    diags.report(DiagCode::E3001, e.range(),
                 fmt::format("'{}' is a function, not a value; call it: {}(...)", e.name.str(), e.name.str()));
    return types.error();
  }
  if (e.name == "std") {
    diags.report(DiagCode::E3001, e.range(), "'std' is the standard library, not a value; name a member: std.NAME");
    return types.error();
  }
  if (alreadyReported(*module, e.name))
    return types.error();
  // Variables first: a misspelled variable is the likelier mistake. Then
  // declarations, whose members (`Region.US`) are reached through a name too.
  std::vector<llvm::StringRef> names;
  for (const Scope &scope : scopes)
    for (const LocalVar *v : scope.vars)
      names.push_back(v->name);
  std::optional<llvm::StringRef> near = nearestName(e.name, names);
  if (!near) {
    names.clear();
    for (const auto &entity : module->entities)
      if (entity.second->kind == EntityKind::Enum)
        names.push_back(entity.first());
    for (const auto &q : module->qualifiers)
      names.push_back(q.first());
    near = nearestName(e.name, names);
  }
  auto diag = diags.report(DiagCode::E2001, e.range(),
                           near ? fmt::format("undefined name '{}'; did you mean '{}'?", e.name.str(), near->str())
                                : fmt::format("undefined name '{}'", e.name.str()));
  if (near)
    diag.fixit(e.range(), near->str());
  return types.error();
}

const Type *Checker::checkField(const ast::FieldExpr &e) {
  // `Region.US`, `mod.Region.US`: enum members reached through names that
  // are not values.
  const ast::Expr *base = e.base;
  Entity *staticEntity = nullptr;
  if (const auto *name = llvm::dyn_cast<ast::NameExpr>(base); name && !lookupLocal(name->name)) {
    if (Entity *entity = lookupEntity(*module, name->name)) {
      staticEntity = entity;
      Reference ref;
      ref.kind = Reference::Kind::Entity;
      ref.entity = entity;
      record(name, ref);
      useEntity(entity, name->range());
    } else {
      ModuleInfo *target = nullptr;
      if (ImportInfo *import = lookupQualifier(*module, name->name)) {
        import->used = true;
        target = import->module;
        if (!target || import->cyclic)
          return types.error();
      } else if (name->name == "std") {
        target = program.stdModule;
      }
      if (target) {
        Reference ref;
        ref.kind = Reference::Kind::Module;
        ref.module = target;
        record(name, ref);
        Entity *member = lookupMember(*module, *target, e.field, true, name->name);
        if (!member)
          return types.error();
        Reference mref;
        mref.kind = Reference::Kind::Entity;
        mref.entity = member;
        record(&e, mref);
        useEntity(member, e.field.range);
        auto diag = diags.report(
            DiagCode::E3001, e.range(),
            member->kind == EntityKind::Enum
                ? fmt::format("'{}' is an enum, not a value; name a member: {}.MEMBER", e.field.name.str(),
                              e.field.name.str())
                : fmt::format("'{}' is {}, not a value", e.field.name.str(), aOrAn(member->kindName())));
        noteDeclaredHere(diag, member);
        return types.error();
      }
    }
  } else if (const auto *inner = llvm::dyn_cast<ast::FieldExpr>(base)) {
    // `mod.Region.US`
    const auto *root = llvm::dyn_cast<ast::NameExpr>(inner->base);
    if (root && !lookupLocal(root->name) && !lookupEntity(*module, root->name, false)) {
      ModuleInfo *target = nullptr;
      if (ImportInfo *import = lookupQualifier(*module, root->name)) {
        import->used = true;
        target = import->module;
        if (!target || import->cyclic)
          return types.error();
      } else if (root->name == "std") {
        target = program.stdModule;
      }
      if (target) {
        Entity *member = lookupMember(*module, *target, inner->field, true, root->name);
        if (!member)
          return types.error();
        useEntity(member, inner->field.range);
        Reference ref;
        ref.kind = Reference::Kind::Entity;
        ref.entity = member;
        record(inner, ref);
        staticEntity = member;
      }
    }
  }
  if (staticEntity) {
    Entity *entity = staticEntity;
    if (entity->kind == EntityKind::Alias) {
      const Type *target = aliasTarget(*static_cast<AliasInfo *>(entity));
      if (target->kind() == TypeKind::Enum)
        entity = const_cast<EnumInfo *>(target->enumInfo());
    }
    if (entity->kind != EntityKind::Enum) {
      auto diag = diags.report(DiagCode::E3001, base->range(),
                               fmt::format("'{}' is {}, not a value", entity->name.str(), aOrAn(entity->kindName())));
      noteDeclaredHere(diag, entity);
      return types.error();
    }
    auto *info = static_cast<EnumInfo *>(entity);
    resolveEnum(*info);
    if (!info->hasMember(e.field.name)) {
      std::optional<llvm::StringRef> near = nearestName(e.field.name, info->members);
      std::string members;
      for (llvm::StringRef m : info->members)
        members += (members.empty() ? "" : ", ") + m.str();
      auto diag = diags.report(DiagCode::E2005, e.field.range,
                               near ? fmt::format("enum {} has no member '{}'; did you mean '{}'?", info->name.str(),
                                                  e.field.name.str(), near->str())
                                    : fmt::format("enum {} has no member '{}'", info->name.str(), e.field.name.str()));
      diag.note(fmt::format("its members are {}", members));
      if (near)
        diag.fixit(e.field.range, near->str());
      noteDeclaredHere(diag, info);
      return types.error();
    }
    Reference ref;
    ref.kind = Reference::Kind::EnumMember;
    ref.entity = info;
    ref.member = e.field.name;
    record(&e, ref);
    return types.enumType(info);
  }

  const Type *baseType = checkExpr(base);
  if (baseType->isSilent())
    return types.error();
  auto unknown = [&](llvm::StringRef what, std::vector<llvm::StringRef> names, const Entity *owner) {
    std::optional<llvm::StringRef> near = nearestName(e.field.name, names);
    auto diag = diags.report(DiagCode::E2005, e.field.range,
                             fmt::format("{} has no {} '{}'{}", baseType->str(), what.str(), e.field.name.str(),
                                         near ? fmt::format("; did you mean '{}'?", near->str()) : ""));
    if (near)
      diag.fixit(e.field.range, near->str());
    else if (!names.empty()) {
      std::string list;
      for (llvm::StringRef n : names)
        list += (list.empty() ? "" : ", ") + n.str();
      diag.note(fmt::format("its {}s are {}", what.str(), list));
    }
    noteDeclaredHere(diag, owner);
    return types.error();
  };
  Reference ref;
  ref.kind = Reference::Kind::Field;
  ref.member = e.field.name;
  switch (baseType->kind()) {
  case TypeKind::Record: {
    auto *info = const_cast<RecordInfo *>(baseType->record());
    resolveRecord(*info);
    if (const ParamInfo *field = info->field(e.field.name)) {
      ref.entity = info;
      record(&e, ref);
      return field->type;
    }
    std::vector<llvm::StringRef> names;
    for (const ParamInfo &f : info->fields)
      names.push_back(f.name);
    return unknown("field", names, info);
  }
  case TypeKind::Outputs: {
    for (const NamedType &f : baseType->fields())
      if (f.name == e.field.name) {
        record(&e, ref);
        return f.type;
      }
    std::vector<llvm::StringRef> names;
    for (const NamedType &f : baseType->fields())
      names.push_back(f.name);
    return unknown("output", names, nullptr);
  }
  case TypeKind::Json:
    return types.json();
  case TypeKind::Union:
    if (baseType->isOptional() && (baseType->withoutNone()->kind() == TypeKind::Record ||
                                   baseType->withoutNone()->kind() == TypeKind::Outputs)) {
      const auto *baseName = llvm::dyn_cast<ast::NameExpr>(base);
      diags.report(DiagCode::E3006, e.range(),
                   fmt::format("{} may be none ({}); give a default with '??' before reading '.{}'",
                               baseName ? "'" + baseName->name.str() + "'" : std::string("the value"),
                               baseType->str(), e.field.name.str()));
      return types.error();
    }
    [[fallthrough]];
  default:
    diags.report(DiagCode::E2005, e.field.range,
                 fmt::format("a value of type {} has no fields; '{}' is unknown", baseType->str(), e.field.name.str()));
    return types.error();
  }
}

const Type *Checker::checkIndex(const ast::IndexExpr &e) {
  const Type *base = checkExpr(e.base);
  if (base->isSilent()) {
    checkExpr(e.index);
    return types.error();
  }
  switch (base->kind()) {
  case TypeKind::List:
    if (!checkAssignable(e.index, types.intType(), "a list index"))
      return types.error();
    return base->element();
  case TypeKind::Map:
    // A key may be missing: the value is optional, so the compiler makes
    // the workflow say what happens then (`m["k"] ?? default`).
    if (!checkAssignable(e.index, types.string(), "a map key"))
      return types.error();
    return types.optional(base->element());
  case TypeKind::Json:
    checkExpr(e.index);
    return types.json();
  default:
    checkExpr(e.index);
    diags.report(DiagCode::E3006, e.base->range(), fmt::format("{} cannot be indexed; only lists and maps can", aOrAn(base->str())));
    return types.error();
  }
}

const Type *Checker::checkUnary(const ast::UnaryExpr &e) {
  const Type *t = checkExpr(e.operand);
  if (t->isSilent())
    return types.error();
  if (e.op == ast::UnaryOp::Not) {
    if (t == types.boolType())
      return t;
    diags.report(DiagCode::E3006, e.range(), fmt::format("'not' needs a bool, got {}", t->str()));
    return types.error();
  }
  if (t->kind() == TypeKind::Int || t->kind() == TypeKind::Float || t->kind() == TypeKind::Duration)
    return t;
  diags.report(DiagCode::E3006, e.range(), fmt::format("'-' needs an int, a float or a duration, got {}", t->str()));
  return types.error();
}

const Type *Checker::checkBinary(const ast::BinaryExpr &e) {
  using Op = ast::BinaryOp;
  if (e.op == Op::Coalesce) {
    const Type *lhs = checkExpr(e.lhs);
    if (lhs->isSilent()) {
      checkExpr(e.rhs);
      return types.error();
    }
    if (!lhs->isOptional() && lhs->kind() != TypeKind::None) {
      checkExpr(e.rhs);
      diags.report(DiagCode::E3006, e.opRange,
                   fmt::format("the left side of '??' is never none (it is {}); drop the default", lhs->str()));
      return types.error();
    }
    const Type *inner = lhs->kind() == TypeKind::None ? nullptr : lhs->withoutNone();
    const Type *rhs = checkExpr(e.rhs, inner);
    if (rhs->isSilent())
      return rhs->isError() ? rhs : (inner ? inner : types.error());
    if (!inner)
      return rhs;
    if (isAssignable(rhs, inner))
      return inner;
    if (isAssignable(rhs, lhs))
      return lhs;
    diags.report(DiagCode::E3006, e.rhs->range(),
                 fmt::format("the default after '??' must be {}, got {}", aOrAn(inner->str()), rhs->str()));
    return types.error();
  }

  const Type *lhs = checkExpr(e.lhs);
  const Type *rhs = checkExpr(e.rhs);
  if (lhs->isSilent() || rhs->isSilent())
    return types.error();
  llvm::StringRef spelling = ast::binaryOpSpelling(e.op);
  auto invalid = [&]() {
    auto diag = diags.report(DiagCode::E3006, e.opRange,
                             fmt::format("invalid operands to '{}': {} and {}", spelling.str(), lhs->str(), rhs->str()));
    if (lhs->isNumeric() && rhs->isNumeric() && lhs != rhs)
      diag.note("ints and floats do not mix implicitly; convert one side with float(...) or int(...)");
    else if (lhs->isOptional() || rhs->isOptional())
      diag.note("a value that may be none needs a default first: 'x ?? default'");
    return types.error();
  };
  auto same = [&](TypeKind k) { return lhs->kind() == k && rhs->kind() == k; };
  switch (e.op) {
  case Op::And:
  case Op::Or:
    return lhs == types.boolType() && rhs == types.boolType() ? types.boolType() : invalid();
  case Op::Eq:
  case Op::Ne: {
    const Type *joined = joinTypes(types, lhs, rhs);
    if (!joined || !isRenderable(lhs) || !isRenderable(rhs))
      return invalid();
    return types.boolType();
  }
  case Op::Lt:
  case Op::Le:
  case Op::Gt:
  case Op::Ge:
    return lhs == rhs && lhs->isOrdered() ? types.boolType() : invalid();
  case Op::Add:
    if (lhs == rhs && (lhs->isNumeric() || same(TypeKind::String) || same(TypeKind::Duration)))
      return lhs;
    if (lhs->kind() == TypeKind::Datetime && rhs->kind() == TypeKind::Duration)
      return lhs;
    if (same(TypeKind::List))
      if (const Type *joined = joinTypes(types, lhs, rhs))
        return joined;
    return invalid();
  case Op::Sub:
    if (lhs == rhs && (lhs->isNumeric() || same(TypeKind::Duration)))
      return lhs;
    if (lhs->kind() == TypeKind::Datetime && rhs->kind() == TypeKind::Duration)
      return lhs;
    if (same(TypeKind::Datetime))
      return types.duration();
    return invalid();
  case Op::Mul:
    if (lhs == rhs && lhs->isNumeric())
      return lhs;
    if ((lhs->kind() == TypeKind::Duration && rhs->kind() == TypeKind::Int) ||
        (lhs->kind() == TypeKind::Int && rhs->kind() == TypeKind::Duration))
      return types.duration();
    return invalid();
  case Op::Div:
    if (lhs == rhs && lhs->isNumeric())
      return lhs;
    if (lhs->kind() == TypeKind::Duration && rhs->kind() == TypeKind::Int)
      return types.duration();
    return invalid();
  case Op::Mod:
    return lhs == rhs && lhs->kind() == TypeKind::Int ? lhs : invalid();
  case Op::Coalesce:
    break;
  }
  return invalid();
}

const Type *Checker::checkString(const ast::StringLit &e, const Type *expected) {
  for (const ast::StringPart &part : e.parts) {
    if (!part.expr)
      continue;
    const Type *t = checkExpr(part.expr);
    if (!t->isSilent() && !isRenderable(t))
      diags.report(DiagCode::E3006, part.expr->range(),
                   t->kind() == TypeKind::Void ? std::string("this call has no outputs to interpolate")
                                               : fmt::format("cannot interpolate {}; pick one output with '.name'",
                                                             t->str()));
  }
  // LANGUAGE.md §2 rule 6: a string literal where a file or dir is expected names a path.
  if (!e.hasInterpolation())
    if (const Type *path = pathTypeIn(expected))
      return path;
  return types.string();
}

const Type *Checker::checkList(const ast::ListLit &e, const Type *expected) {
  const Type *listType = memberOfKind(expected, TypeKind::List);
  const Type *want = listType ? listType->element() : nullptr;
  if (e.elements.empty())
    return types.list(want ? want : types.never());
  if (want) {
    bool ok = true;
    for (const ast::Expr *element : e.elements)
      ok &= checkAssignable(element, want, "a list element");
    return ok ? listType : types.error();
  }
  const Type *joined = nullptr;
  for (const ast::Expr *element : e.elements) {
    const Type *t = checkExpr(element, joined);
    if (t->isError())
      return types.error();
    if (!isRenderable(t)) {
      diags.report(DiagCode::E3001, element->range(), "a list element must be a value");
      return types.error();
    }
    const Type *next = joined ? joinTypes(types, joined, t) : t;
    if (!next) {
      diags.report(inDefault ? DiagCode::E3012 : DiagCode::E3001, element->range(),
                   fmt::format("the elements of a list have one type: this one is {}, the ones before are {}",
                               t->str(), joined->str()));
      return types.error();
    }
    joined = next;
  }
  return types.list(joined);
}

const Type *Checker::checkMap(const ast::MapLit &e, const Type *expected) {
  const Type *mapType = memberOfKind(expected, TypeKind::Map);
  const Type *want = mapType ? mapType->element() : nullptr;
  if (e.entries.empty())
    return types.map(want ? want : types.never());
  bool ok = true;
  const Type *joined = nullptr;
  for (const ast::MapEntry &entry : e.entries) {
    const Type *key = checkExpr(entry.key, types.string());
    if (!key->isSilent() && key != types.string()) {
      diags.report(DiagCode::E3013, entry.key->range(),
                   fmt::format("map keys must be strings, got {}", key->str()));
      ok = false;
    }
    if (want) {
      ok &= checkAssignable(entry.value, want, "a map value");
      continue;
    }
    const Type *t = checkExpr(entry.value, joined);
    if (t->isError()) {
      ok = false;
      continue;
    }
    const Type *next = joined ? joinTypes(types, joined, t) : t;
    if (!next) {
      diags.report(DiagCode::E3001, entry.value->range(),
                   fmt::format("the values of a map have one type: this one is {}, the ones before are {}", t->str(),
                               joined->str()));
      return types.error();
    }
    joined = next;
  }
  if (!ok)
    return types.error();
  return want ? mapType : types.map(joined);
}

const Type *Checker::checkRecordLit(const ast::RecordLit &e) {
  Entity *entity = resolveTypeName(*module, e.type);
  auto checkFieldsLoosely = [&]() {
    for (const ast::FieldInit &f : e.fields)
      checkExpr(f.value);
    return types.error();
  };
  if (!entity)
    return checkFieldsLoosely();
  const Type *type = nullptr;
  if (entity->kind == EntityKind::Record)
    type = types.record(static_cast<RecordInfo *>(entity));
  else if (entity->kind == EntityKind::Alias)
    type = aliasTarget(*static_cast<AliasInfo *>(entity));
  if (!type || type->kind() != TypeKind::Record) {
    if (type && type->isError())
      return checkFieldsLoosely();
    auto diag = diags.report(DiagCode::E3014, e.type.range,
                             fmt::format("'{}' is {}, not a record", e.type.str(), aOrAn(entity->kindName())));
    noteDeclaredHere(diag, entity);
    return checkFieldsLoosely();
  }
  Reference ref;
  ref.kind = Reference::Kind::Entity;
  ref.entity = entity;
  record(&e, ref);
  auto *info = const_cast<RecordInfo *>(type->record());
  resolveRecord(*info);
  if (info->broken)
    return checkFieldsLoosely();
  llvm::StringMap<const ast::FieldInit *> given;
  bool ok = true;
  std::vector<llvm::StringRef> names;
  for (const ParamInfo &f : info->fields)
    names.push_back(f.name);
  llvm::StringMap<bool> accountedFor; // meant by a misspelled field
  auto givenByName = [&](llvm::StringRef name) {
    for (const ast::FieldInit &f : e.fields)
      if (f.name.name == name)
        return true;
    return false;
  };
  for (const ast::FieldInit &f : e.fields) {
    const ParamInfo *field = info->field(f.name.name);
    if (!field) {
      std::vector<llvm::StringRef> open;
      for (llvm::StringRef n : names)
        if (!givenByName(n))
          open.push_back(n);
      std::optional<llvm::StringRef> near = nearestName(f.name.name, open);
      if (near)
        accountedFor[*near] = true;
      auto diag = diags.report(DiagCode::E3014, f.name.range,
                               fmt::format("record {} has no field '{}'{}", info->name.str(), f.name.name.str(),
                                           near ? fmt::format("; did you mean '{}'?", near->str()) : ""));
      if (near)
        diag.fixit(f.name.range, near->str());
      noteDeclaredHere(diag, info);
      checkExpr(f.value);
      ok = false;
      continue;
    }
    auto [it, inserted] = given.try_emplace(f.name.name, &f);
    if (!inserted) {
      diags.report(DiagCode::E3014, f.name.range, fmt::format("field '{}' is given twice", f.name.name.str()))
          .note(it->second->name.range, "first given here");
      checkExpr(f.value);
      ok = false;
      continue;
    }
    ok &= checkAssignable(f.value, field->type, fmt::format("field '{}' of {}", f.name.name.str(), info->name.str()));
  }
  std::vector<std::string> missing;
  for (const ParamInfo &f : info->fields)
    if (!f.hasDefault && !given.count(f.name) && !accountedFor.count(f.name))
      missing.push_back(f.name.str());
  if (!missing.empty()) {
    std::string list = quotedList(missing);
    auto diag = diags.report(DiagCode::E3014, e.type.range,
                             fmt::format("record {} is missing field{} {}", info->name.str(),
                                         missing.size() == 1 ? "" : "s", list));
    noteDeclaredHere(diag, info);
    ok = false;
  }
  return ok ? type : types.error();
}

const Type *Checker::checkIf(const ast::IfExpr &e, BlockValue mode) {
  // An `else if` chain is one branch node with several branches: walk it
  // as a list, so branch types are compared in source order.
  struct Branch {
    const Type *type;
    llvm::SMRange at;
    const ast::Block *block;
  };
  std::vector<Branch> branches;
  std::vector<const ast::IfExpr *> chain;
  auto blockValueRange = [&](const ast::Block *b) {
    const ast::Expr *v = b ? b->value() : nullptr;
    return v ? v->range() : b ? b->range() : e.range();
  };
  const ast::IfExpr *last = &e;
  for (const ast::IfExpr *link = &e; link; link = link->elseIf) {
    chain.push_back(link);
    last = link;
    const Type *cond = checkExpr(link->cond, types.boolType());
    if (!cond->isSilent() && cond != types.boolType()) {
      auto diag = diags.report(DiagCode::E3007, link->cond->range(),
                               fmt::format("the condition of 'if' must be a bool, got {}", cond->str()));
      if (cond->isOptional())
        diag.note("compare with none ('x != none') or give a default with '??'");
    }
    branches.push_back({checkBlock(link->thenBlock, mode), blockValueRange(link->thenBlock), link->thenBlock});
  }
  if (last->elseBlock)
    branches.push_back({checkBlock(last->elseBlock, mode), blockValueRange(last->elseBlock), last->elseBlock});

  const Type *result = types.voidType();
  auto finish = [&](const Type *t) {
    // Each `else if` link is an IfExpr of its own in the AST; give them all
    // the chain's type.
    for (const ast::IfExpr *link : chain) {
      setType(link, t);
    }
    return t;
  };
  if (mode == BlockValue::Discarded)
    return finish(result);
  if (!last->elseBlock) {
    if (mode == BlockValue::Required) {
      llvm::SMRange ifKeyword(last->range().Start, llvm::SMLoc::getFromPointer(last->range().Start.getPointer() + 2));
      diags.report(DiagCode::E3008, ifKeyword, "an 'if' used as a value needs an 'else' branch")
          .note("add 'else { ... }' giving the value when the condition is false");
      return finish(types.error());
    }
    return finish(result);
  }
  const Type *joined = nullptr;
  const Branch *first = nullptr;
  for (const Branch &branch : branches) {
    const Type *t = branch.type;
    if (t->isError())
      return finish(types.error());
    if (t->kind() == TypeKind::Void) {
      if (mode == BlockValue::Optional)
        return finish(types.voidType());
      if (branch.block && branch.block->value())
        diags.report(DiagCode::E3008, branch.at, "this branch gives no value: the call has no outputs")
            .note("every branch of an 'if' used as a value gives one");
      return finish(types.error());
    }
    if (!joined) {
      joined = t;
      first = &branch;
      continue;
    }
    const Type *next = joinTypes(types, joined, t);
    if (!next) {
      diags.report(DiagCode::E3008, branch.at,
                   fmt::format("the branches of this 'if' have different types: {} and {}", joined->str(), t->str()))
          .note(first->at, fmt::format("the first branch gives {}", first->type->str()));
      return finish(types.error());
    }
    joined = next;
  }
  return finish(joined ? joined : types.voidType());
}

const Type *Checker::checkFor(const ast::ForExpr &e, BlockValue mode) {
  const Type *iterable = checkExpr(e.iterable);
  const Type *element = types.error();
  if (iterable->kind() == TypeKind::List) {
    element = iterable->element();
  } else if (!iterable->isSilent()) {
    auto diag = diags.report(DiagCode::E3009, e.iterable->range(),
                             fmt::format("'for' iterates over a list, not {}", iterable->str()));
    if (iterable->kind() == TypeKind::Map)
      diag.note("iterate over keys(m) or values(m)");
    else if (iterable->kind() == TypeKind::Int)
      diag.note("for a count, iterate over range(n)");
    else if (iterable->isOptional() && iterable->withoutNone()->kind() == TypeKind::List)
      diag.note("the list may be none; give a default with '?? []'");
  }
  pushScope();
  if (!e.var.empty())
    declareLocal(e.var, element, LocalVar::Kind::LoopVar);
  // A `for` whose value is used needs a value from its body (an `if` in it
  // needs an `else`); a body without outputs is still allowed when nothing
  // binds the loop's value.
  const Type *body = checkBlock(e.body, mode);
  popScope();
  if (iterable->isError() || body->isError())
    return types.error();
  if (body->kind() == TypeKind::Void || mode == BlockValue::Discarded)
    return types.voidType();
  if (body->kind() == TypeKind::Outputs) {
    // One list per output (LANGUAGE.md §6): `tables.table`.
    std::vector<NamedType> fields;
    for (const NamedType &f : body->fields())
      fields.push_back({f.name, types.list(f.type)});
    return types.outputs(fields);
  }
  return types.list(body);
}

} // namespace flytec::sema
