// Signatures of declarations: record fields, enum members, the inputs and
// outputs of tasks and workflows, and their defaults (E3012). Resolved on
// demand and once, so declarations may be used before they are written.
#include "sema/Checker.h"

#include <fmt/format.h>

namespace flytec::sema {

void Checker::resolveSignatures(ModuleInfo &mod) {
  for (Entity *entity : mod.ordered) {
    switch (entity->kind) {
    case EntityKind::Record:
      resolveRecord(*static_cast<RecordInfo *>(entity));
      break;
    case EntityKind::Enum:
      resolveEnum(*static_cast<EnumInfo *>(entity));
      break;
    case EntityKind::Alias:
      aliasTarget(*static_cast<AliasInfo *>(entity));
      break;
    case EntityKind::Task:
    case EntityKind::Workflow:
    case EntityKind::LaunchPlan:
      resolveCallable(*static_cast<CallableInfo *>(entity));
      break;
    case EntityKind::Test:
      break;
    }
  }
}

bool Checker::isConstant(const ast::Expr *expr) {
  switch (expr->kind()) {
  case ast::NodeKind::IntLit:
  case ast::NodeKind::FloatLit:
  case ast::NodeKind::BoolLit:
  case ast::NodeKind::NoneLit:
  case ast::NodeKind::DurationLit:
  case ast::NodeKind::SizeLit:
  case ast::NodeKind::ErrorExpr:
    return true;
  case ast::NodeKind::StringLit:
    for (const ast::StringPart &part : llvm::cast<ast::StringLit>(expr)->parts)
      if (part.expr && !isConstant(part.expr))
        return false;
    return true;
  case ast::NodeKind::UnaryExpr:
    return isConstant(llvm::cast<ast::UnaryExpr>(expr)->operand);
  // Pure expressions over constants are folded by the compiler
  // (LANGUAGE.md §6), so they are constants too: `2 * 1h`, `"a" + "b"`.
  case ast::NodeKind::BinaryExpr:
    return isConstant(llvm::cast<ast::BinaryExpr>(expr)->lhs) && isConstant(llvm::cast<ast::BinaryExpr>(expr)->rhs);
  case ast::NodeKind::IndexExpr:
    return isConstant(llvm::cast<ast::IndexExpr>(expr)->base) && isConstant(llvm::cast<ast::IndexExpr>(expr)->index);
  case ast::NodeKind::CallExpr: {
    const auto *call = llvm::cast<ast::CallExpr>(expr);
    const Reference *ref = program.referenceOf(call->callee);
    if (!ref || ref->kind != Reference::Kind::StdFunction)
      return false;
    for (const ast::Argument &a : call->args)
      if (!isConstant(a.value))
        return false;
    return true;
  }
  case ast::NodeKind::ListLit:
    for (const ast::Expr *e : llvm::cast<ast::ListLit>(expr)->elements)
      if (!isConstant(e))
        return false;
    return true;
  case ast::NodeKind::MapLit:
    for (const ast::MapEntry &e : llvm::cast<ast::MapLit>(expr)->entries)
      if (!isConstant(e.key) || !isConstant(e.value))
        return false;
    return true;
  case ast::NodeKind::RecordLit:
    for (const ast::FieldInit &f : llvm::cast<ast::RecordLit>(expr)->fields)
      if (!isConstant(f.value))
        return false;
    return true;
  case ast::NodeKind::FieldExpr: {
    // An enum member: `Region.US` or `mod.Region.US`.
    const Reference *ref = program.referenceOf(expr);
    return ref && ref->kind == Reference::Kind::EnumMember;
  }
  default:
    return false;
  }
}

std::vector<ParamInfo> Checker::resolveParams(ModuleInfo &mod, llvm::ArrayRef<ast::Param> params, bool outputs,
                                              llvm::StringRef what) {
  std::vector<ParamInfo> result;
  llvm::StringMap<const ast::Param *> seen;
  for (const ast::Param &p : params) {
    if (p.name.empty())
      continue;
    auto [it, inserted] = seen.try_emplace(p.name.name, &p);
    if (!inserted) {
      diags.report(DiagCode::E2002, p.name.range, fmt::format("{} '{}' is declared twice", what.str(), p.name.name.str()))
          .note(it->second->name.range, "first declared here");
      continue;
    }
    ParamInfo info;
    info.name = p.name.name;
    info.param = &p;
    info.type = resolveType(mod, p.type);
    if (outputs && p.defaultValue) {
      diags.report(DiagCode::E3012, p.defaultValue->range(), "outputs have no default values");
    } else if (p.defaultValue) {
      info.hasDefault = true;
      // Signatures resolve on demand, possibly in the middle of a body:
      // a default sees only top-level names.
      ModuleInfo *savedModule = module;
      std::vector<Scope> savedScopes;
      savedScopes.swap(scopes);
      module = &mod;
      bool savedInDefault = inDefault;
      inDefault = true;
      bool fits = checkAssignable(p.defaultValue, info.type,
                                  fmt::format("the default of {} '{}'", what.str(), p.name.name.str()),
                                  DiagCode::E3012);
      inDefault = savedInDefault;
      module = savedModule;
      scopes.swap(savedScopes);
      const Type *got = program.typeOf(p.defaultValue);
      if (fits && got && !got->isError() && !isConstant(p.defaultValue))
        diags.report(DiagCode::E3012, p.defaultValue->range(),
                     fmt::format("the default of {} '{}' must be a constant (literals, enum members, lists, "
                                 "maps and records of them)",
                                 what.str(), p.name.name.str()));
    } else if (!outputs && info.type->isOptional()) {
      // LANGUAGE.md §5.1: an optional input without a default defaults to none.
      info.hasDefault = true;
    }
    result.push_back(info);
  }
  return result;
}

const Type *Checker::resultType(llvm::ArrayRef<ParamInfo> outputs) {
  if (outputs.empty())
    return types.voidType();
  if (outputs.size() == 1)
    return outputs[0].type;
  std::vector<NamedType> fields;
  for (const ParamInfo &o : outputs)
    fields.push_back({o.name, o.type});
  return types.outputs(fields);
}

void Checker::resolveRecord(RecordInfo &record) {
  if (record.resolved)
    return;
  record.resolved = true;
  const auto *decl = static_cast<const ast::RecordDecl *>(record.decl);
  record.fields = resolveParams(*record.module, decl->fields, /*outputs=*/false, "field");
}

void Checker::resolveEnum(EnumInfo &info) {
  if (info.resolved)
    return;
  info.resolved = true;
  const auto *decl = static_cast<const ast::EnumDecl *>(info.decl);
  llvm::StringMap<llvm::SMRange> seen;
  for (const ast::EnumMember &m : decl->members) {
    auto [it, inserted] = seen.try_emplace(m.name.name, m.name.range);
    if (!inserted) {
      diags.report(DiagCode::E2002, m.name.range,
                   fmt::format("enum member '{}' is declared twice", m.name.name.str()))
          .note(it->second, "first declared here");
      continue;
    }
    info.members.push_back(m.name.name);
  }
}

void Checker::resolveCallable(CallableInfo &callable) {
  if (callable.signatureResolved)
    return;
  callable.signatureResolved = true;
  ModuleInfo &mod = *callable.module;
  if (const auto *task = llvm::dyn_cast<ast::TaskDecl>(callable.decl)) {
    callable.inputs = resolveParams(mod, task->inputs, false, "input");
    callable.outputs = resolveParams(mod, task->outputs, true, "output");
  } else if (const auto *wf = llvm::dyn_cast<ast::WorkflowDecl>(callable.decl)) {
    callable.inputs = resolveParams(mod, wf->inputs, false, "input");
    callable.outputs = resolveParams(mod, wf->outputs, true, "output");
  } else {
    resolveLaunchPlanTarget(callable);
  }
  callable.result = resultType(callable.outputs);
}

} // namespace flytec::sema
