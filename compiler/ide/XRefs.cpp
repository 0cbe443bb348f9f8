#include "ide/XRefs.h"

#include <llvm/Support/Path.h>

#include <algorithm>

namespace flytec::ide {

namespace {

const ast::Param *memberParam(const sema::Entity &owner, SymbolKind kind, llvm::StringRef name) {
  const sema::ParamInfo *p = nullptr;
  if (owner.kind == sema::EntityKind::Record)
    p = static_cast<const sema::RecordInfo &>(owner).field(name);
  else if (owner.isCallable())
    p = kind == SymbolKind::Output ? static_cast<const sema::CallableInfo &>(owner).output(name)
                                   : static_cast<const sema::CallableInfo &>(owner).input(name);
  return p ? p->param : nullptr;
}

/// The name each occurrence of the symbol spells: what a file must contain
/// to be worth checking for references.
llvm::StringRef spelledName(const Occurrence &o) {
  if (o.key.kind == SymbolKind::Variable)
    return llvm::StringRef(o.key.member).split('@').first;
  return o.key.member.empty() ? llvm::StringRef(o.key.owner) : llvm::StringRef(o.key.member);
}

} // namespace

const Occurrence *occurrenceAt(const Analysis &analysis, Position position) {
  return analysis.index().at(analysis.locAt(analysis.offsetAt(position)).getPointer());
}

std::optional<Location> declarationLocation(const Analysis &analysis, const Occurrence &o) {
  switch (o.kind()) {
  case SymbolKind::Variable:
    return o.local ? analysis.locationOf(o.local->range) : std::nullopt;
  case SymbolKind::Module:
    if (o.module && !o.module->isStdlib)
      return Location{normalizePath(o.module->path), Range{}};
    return std::nullopt;
  case SymbolKind::StdFunction:
    return std::nullopt;
  case SymbolKind::Input:
  case SymbolKind::Output:
  case SymbolKind::Field:
    if (o.entity)
      if (const ast::Param *p = memberParam(*o.entity, o.kind(), o.key.member))
        return analysis.locationOf(p->name.range);
    return std::nullopt;
  case SymbolKind::EnumMember:
    if (const auto *decl = o.entity ? llvm::dyn_cast<ast::EnumDecl>(o.entity->decl) : nullptr)
      for (const ast::EnumMember &m : decl->members)
        if (m.name.name == o.key.member)
          return analysis.locationOf(m.name.range);
    return std::nullopt;
  default:
    return o.entity ? analysis.locationOf(o.entity->decl->name.range) : std::nullopt;
  }
}

std::vector<Location> definition(const Analysis &analysis, Position position) {
  const Occurrence *o = occurrenceAt(analysis, position);
  if (!o)
    return {};
  std::optional<Location> where = declarationLocation(analysis, *o);
  if (!where)
    return {};
  where->path = normalizePath(where->path);
  return {*where};
}

std::vector<Location> findAll(Workspace &workspace, const Analysis &analysis, const Occurrence &target,
                              bool includeDeclaration) {
  std::vector<Location> found;
  auto collect = [&](const Analysis &a) {
    for (const Occurrence *o : a.index().of(target.key))
      if (includeDeclaration || !o->declaration)
        if (std::optional<Location> l = a.locationOf(o->range)) {
          l->path = normalizePath(l->path);
          found.push_back(*l);
        }
  };
  collect(analysis);
  // Variables and std functions are never named from other files.
  if (target.kind() != SymbolKind::Variable && target.kind() != SymbolKind::StdFunction) {
    std::string self = normalizePath(analysis.path());
    std::vector<std::string> files = workspace.files();
    if (!target.key.module.empty() && !llvm::StringRef(target.key.module).startswith("<"))
      files.push_back(normalizePath(target.key.module));
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    llvm::StringRef name = spelledName(target);
    for (const std::string &file : files) {
      if (file == self)
        continue;
      std::optional<std::string> text = workspace.textOf(file);
      if (!text || text->find(name.str()) == std::string::npos)
        continue;
      if (std::shared_ptr<const Analysis> other = workspace.analyze(file))
        collect(*other);
    }
  }
  std::sort(found.begin(), found.end(), [](const Location &a, const Location &b) {
    return a.path != b.path ? a.path < b.path : a.range.start < b.range.start;
  });
  found.erase(std::unique(found.begin(), found.end(),
                          [](const Location &a, const Location &b) { return a.path == b.path && a.range == b.range; }),
              found.end());
  return found;
}

std::vector<Location> references(Workspace &workspace, const Analysis &analysis, Position position,
                                 bool includeDeclaration) {
  const Occurrence *o = occurrenceAt(analysis, position);
  if (!o)
    return {};
  return findAll(workspace, analysis, *o, includeDeclaration);
}

std::vector<Highlight> highlights(const Analysis &analysis, Position position) {
  const Occurrence *o = occurrenceAt(analysis, position);
  if (!o)
    return {};
  std::vector<Highlight> out;
  for (const Occurrence *x : analysis.index().of(o->key))
    out.push_back({analysis.rangeOf(x->range), x->declaration});
  return out;
}

} // namespace flytec::ide
