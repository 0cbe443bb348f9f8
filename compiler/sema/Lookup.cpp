// Top-level name lookup: a module's own declarations, `from` imports,
// import qualifiers and the standard library.
#include "sema/Checker.h"
#include "sema/StdFunctions.h"

#include <fmt/format.h>

namespace flytec::sema {

llvm::StringRef Entity::kindName() const {
  switch (kind) {
  case EntityKind::Record:
    return "record";
  case EntityKind::Enum:
    return "enum";
  case EntityKind::Alias:
    return "type";
  case EntityKind::Task:
    return "task";
  case EntityKind::Workflow:
    return static_cast<const CallableInfo *>(this)->dynamic ? "dynamic workflow" : "workflow";
  case EntityKind::LaunchPlan:
    return "launch plan";
  case EntityKind::Test:
    return "test";
  }
  return "declaration";
}

const ParamInfo *RecordInfo::field(llvm::StringRef fieldName) const {
  for (const ParamInfo &f : fields)
    if (f.name == fieldName)
      return &f;
  return nullptr;
}

bool EnumInfo::hasMember(llvm::StringRef member) const {
  return std::find(members.begin(), members.end(), member) != members.end();
}

const ParamInfo *CallableInfo::input(llvm::StringRef inputName) const {
  for (const ParamInfo &p : inputs)
    if (p.name == inputName)
      return &p;
  return nullptr;
}

const ParamInfo *CallableInfo::output(llvm::StringRef outputName) const {
  for (const ParamInfo &p : outputs)
    if (p.name == outputName)
      return &p;
  return nullptr;
}

Entity *Checker::lookupEntity(ModuleInfo &mod, llvm::StringRef name, bool markUsed) {
  if (Entity *own = mod.entities.lookup(name); own && own->kind != EntityKind::Test)
    return own;
  auto from = mod.fromImports.find(name);
  if (from != mod.fromImports.end() && from->second.entity) {
    if (markUsed)
      from->second.used = true;
    return from->second.entity;
  }
  return nullptr;
}

bool Checker::alreadyReported(ModuleInfo &mod, llvm::StringRef name) {
  if (mod.mayMissDeclarations)
    return true;
  auto from = mod.fromImports.find(name);
  if (from != mod.fromImports.end() && !from->second.entity)
    return true;
  ImportInfo *import = mod.qualifiers.lookup(name);
  return import && (!import->module || import->cyclic);
}

ImportInfo *Checker::lookupQualifier(ModuleInfo &mod, llvm::StringRef name) {
  return mod.qualifiers.lookup(name);
}

Entity *Checker::lookupMember(ModuleInfo &mod, ModuleInfo &target, const ast::Identifier &member, bool report,
                              llvm::StringRef qualifierWritten) {
  if (target.isStdlib && mod.importedAsStd)
    report = false;
  if (Entity *e = target.entities.lookup(member.name); e && e->kind != EntityKind::Test)
    return e;
  if (report && !target.mayMissDeclarations) {
    std::vector<llvm::StringRef> names;
    for (const auto &e : target.entities)
      if (e.second->kind != EntityKind::Test)
        names.push_back(e.first());
    if (target.isStdlib)
      for (const StdFunction &f : allStdFunctions())
        names.push_back(f.name);
    llvm::StringRef written = qualifierWritten.empty() ? target.name : qualifierWritten;
    auto diag = diags.report(DiagCode::E2001, member.range,
                             fmt::format("module '{}' has no member '{}'{}", written.str(), member.name.str(),
                                         didYouMean(member.name, names)));
    if (std::optional<llvm::StringRef> near = nearestName(member.name, names))
      diag.fixit(member.range, near->str());
  }
  return nullptr;
}

void Checker::noteDeclaredHere(DiagnosticEngine::Builder &diag, const Entity *entity) {
  if (entity && entity->decl && entity->decl->name.range.isValid())
    diag.note(entity->decl->name.range, fmt::format("'{}' declared here", entity->name.str()));
}

void Checker::useEntity(Entity *entity, llvm::SMRange at) {
  entity->referenced = true;
  if (!entity->deprecated)
    return;
  std::string message = fmt::format("{} '{}' is deprecated", entity->kindName().str(), entity->name.str());
  if (!entity->deprecationMessage.empty())
    message += ": " + entity->deprecationMessage;
  auto diag = diags.report(DiagCode::W0005, at, message);
  noteDeclaredHere(diag, entity);
}

Entity *Checker::resolveEntityName(ModuleInfo &mod, const ast::QualifiedName &name, llvm::StringRef what) {
  Entity *target = nullptr;
  if (name.parts.size() == 1) {
    const ast::Identifier &id = name.parts[0];
    target = lookupEntity(mod, id.name);
    if (!target && !alreadyReported(mod, id.name)) {
      std::vector<llvm::StringRef> names;
      for (const auto &e : mod.entities)
        if (e.second->isCallable())
          names.push_back(e.first());
      diags.report(DiagCode::E2001, id.range,
                   fmt::format("undefined {} '{}'{}", what.str(), id.name.str(), didYouMean(id.name, names)));
    }
  } else if (name.parts.size() == 2) {
    ModuleInfo *targetModule = nullptr;
    if (ImportInfo *import = lookupQualifier(mod, name.parts[0].name)) {
      import->used = true;
      targetModule = import->cyclic ? nullptr : import->module;
    } else if (name.parts[0].name == "std") {
      targetModule = program.stdModule;
    } else {
      diags.report(DiagCode::E2001, name.parts[0].range, fmt::format("unknown module '{}'", name.parts[0].name.str()));
    }
    if (targetModule)
      target = lookupMember(mod, *targetModule, name.parts[1], true, name.parts[0].name);
  }
  if (target)
    useEntity(target, name.range);
  return target;
}

Entity *Checker::resolveTypeName(ModuleInfo &mod, const ast::QualifiedName &name) {
  if (name.parts.empty())
    return nullptr;
  if (name.parts.size() == 1) {
    const ast::Identifier &id = name.parts[0];
    if (Entity *e = lookupEntity(mod, id.name)) {
      useEntity(e, id.range);
      return e;
    }
    if (!alreadyReported(mod, id.name)) {
      std::vector<llvm::StringRef> names;
      for (const auto &e : mod.entities)
        if (e.second->isType())
          names.push_back(e.first());
      for (const auto &f : mod.fromImports)
        if (f.second.entity && f.second.entity->isType())
          names.push_back(f.first());
      llvm::append_range(names, TypeContext::builtinTypeNames());
      auto diag = diags.report(DiagCode::E2001, id.range,
                               fmt::format("unknown type '{}'{}", id.name.str(), didYouMean(id.name, names)));
      if (std::optional<llvm::StringRef> near = nearestName(id.name, names))
        diag.fixit(id.range, near->str());
    }
    return nullptr;
  }
  if (name.parts.size() != 2) {
    diags.report(DiagCode::E2001, name.range, fmt::format("unknown type '{}'", name.str()));
    return nullptr;
  }
  const ast::Identifier &qualifier = name.parts[0];
  ModuleInfo *target = nullptr;
  if (ImportInfo *import = lookupQualifier(mod, qualifier.name)) {
    import->used = true;
    target = import->module;
    if (!target || import->cyclic)
      return nullptr;
  } else if (qualifier.name == "std") {
    target = program.stdModule;
  }
  if (!target) {
    diags.report(DiagCode::E2001, qualifier.range,
                 fmt::format("unknown module '{}' in type '{}'{}", qualifier.name.str(), name.str(),
                             didYouMean(qualifier.name, [&] {
                               std::vector<llvm::StringRef> q;
                               for (const auto &e : mod.qualifiers)
                                 q.push_back(e.first());
                               return q;
                             }())));
    return nullptr;
  }
  Entity *e = lookupMember(mod, *target, name.parts[1], true, name.parts[0].name);
  if (e)
    useEntity(e, name.parts[1].range);
  return e;
}

} // namespace flytec::sema
