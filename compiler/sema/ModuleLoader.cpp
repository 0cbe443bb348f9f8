// Loading the modules a program imports (LANGUAGE.md §3): search order,
// import cycles, qualifiers, `from` imports, and each module's top-level
// names.
#include "driver/Compilation.h"
#include "sema/Checker.h"
#include "sema/Stdlib.h"

#include <fmt/format.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

namespace flytec::sema {

namespace {

/// The qualifier an importer uses by default: the last component of the
/// module's name (`module shop.reports` → `reports`; no `module` → the stem).
llvm::StringRef defaultQualifier(const ast::Module &module) {
  llvm::StringRef name = module.name;
  size_t dot = name.rfind('.');
  return dot == llvm::StringRef::npos ? name : name.drop_front(dot + 1);
}

std::string canonicalPath(llvm::StringRef path) {
  llvm::SmallString<256> real;
  if (!llvm::sys::fs::real_path(path, real))
    return std::string(real);
  llvm::SmallString<256> absolute(path);
  llvm::sys::fs::make_absolute(absolute);
  llvm::sys::path::remove_dots(absolute, /*remove_dot_dot=*/true);
  return std::string(absolute);
}

Entity *makeEntity(const ast::Decl *decl, ModuleInfo *module) {
  switch (decl->kind()) {
  case ast::NodeKind::RecordDecl:
    return new RecordInfo(llvm::cast<ast::RecordDecl>(decl), module);
  case ast::NodeKind::EnumDecl:
    return new EnumInfo(llvm::cast<ast::EnumDecl>(decl), module);
  case ast::NodeKind::AliasDecl:
    return new AliasInfo(llvm::cast<ast::AliasDecl>(decl), module);
  case ast::NodeKind::TaskDecl:
    return new CallableInfo(EntityKind::Task, decl, module);
  case ast::NodeKind::WorkflowDecl: {
    auto *info = new CallableInfo(EntityKind::Workflow, decl, module);
    info->dynamic = llvm::cast<ast::WorkflowDecl>(decl)->dynamic;
    return info;
  }
  case ast::NodeKind::LaunchPlanDecl:
    return new CallableInfo(EntityKind::LaunchPlan, decl, module);
  case ast::NodeKind::TestDecl:
    return new Entity(EntityKind::Test, decl, module);
  case ast::NodeKind::ImportDecl:
    return nullptr;
  default:
    return nullptr;
  }
}

} // namespace

ModuleInfo *Checker::loadStdlib() {
  for (const EmbeddedFile &file : stdlibFiles()) {
    if (file.path != "std.flyte")
      continue;
    unsigned id = compilation.addText(std::string(kStdlibPrefix) + file.path.str(), file.text);
    ModuleInfo *std = loadModule(id, /*isStdlib=*/true);
    std->name = "std";
    return std;
  }
  return nullptr;
}

ModuleInfo *Checker::loadModule(unsigned bufferId, bool isStdlib) {
  llvm::StringRef path = sources.getMemoryBuffer(bufferId)->getBufferIdentifier();
  std::string canonical = isStdlib ? path.str() : canonicalPath(path);
  auto found = modulesByPath.find(canonical);
  if (found != modulesByPath.end())
    return found->second;

  size_t reportedBefore = diags.reported().size();
  ast::Module *ast = compilation.parse(bufferId);
  auto owned = std::make_unique<ModuleInfo>();
  ModuleInfo *info = owned.get();
  program.modules.push_back(std::move(owned));
  info->ast = ast;
  info->bufferId = bufferId;
  info->path = path.str();
  info->canonical = canonical;
  info->name = defaultQualifier(*ast);
  info->isStdlib = isStdlib;
  info->hasSyntaxErrors = diags.reported().size() != reportedBefore;
  modulesByPath[canonical] = info;

  declareEntities(*info, reportedBefore);
  loading.push_back(info);
  loadImports(*info);
  loading.pop_back();
  return info;
}

void Checker::silenceBrokenDeclarations(ModuleInfo &module, size_t firstSyntaxError) {
  // A declaration is broken when a syntax error or one of its notes (the
  // unclosed '{') lies inside it.
  auto breakAt = [&](llvm::SMRange at) {
    if (!at.Start.isValid())
      return;
    const char *p = at.Start.getPointer();
    bool inside = false;
    for (const ast::Decl *decl : module.ast->decls) {
      llvm::SMRange r = decl->range();
      if (r.Start.getPointer() <= p && p < r.End.getPointer()) {
        inside = true;
        diags.silenceWithin(r);
        if (Entity *entity = program.entityOf(decl))
          entity->broken = true;
      }
    }
    // An error between declarations may have swallowed one whole.
    module.mayMissDeclarations |= !inside;
  };
  llvm::ArrayRef<Diagnostic> reported = diags.reported();
  for (size_t i = firstSyntaxError; i < reported.size(); ++i) {
    breakAt(reported[i].range);
    for (const DiagNote &note : reported[i].notes)
      breakAt(note.range);
  }
}

void Checker::declareEntities(ModuleInfo &module, size_t firstSyntaxError) {
  for (const ast::Decl *decl : module.ast->decls) {
    Entity *entity = makeEntity(decl, &module);
    if (!entity)
      continue;
    program.entities.emplace_back(entity);
    program.entityOfDecl[decl] = entity;
    // What calls and uses need before any body is checked; the decorators
    // themselves are validated with the declaration.
    for (const ast::Decorator &d : decl->decorators) {
      llvm::StringRef name = d.name.parts.size() == 1 ? d.name.parts[0].name : "";
      const auto *text = d.args.size() == 1 ? llvm::dyn_cast_or_null<ast::StringLit>(d.args[0].value) : nullptr;
      if (name == "deprecated") {
        entity->deprecated = true;
        if (text)
          entity->deprecationMessage = text->text();
      } else if (name == "builtin" && text && entity->isCallable()) {
        static_cast<CallableInfo *>(entity)->builtin = text->text();
      }
    }
    module.ordered.push_back(entity);
  }
  // Broken declarations first, so that what is reported below about them
  // is silenced.
  if (module.hasSyntaxErrors)
    silenceBrokenDeclarations(module, firstSyntaxError);

  // Names are unique per module; tests are titled, not named, so a test
  // titled like a task is fine, but two tests with one title are not.
  llvm::StringMap<Entity *> testTitles;
  for (Entity *entity : module.ordered) {
    const ast::Decl *decl = entity->decl;
    if (decl->name.empty())
      continue;
    bool test = entity->kind == EntityKind::Test;
    auto [it, inserted] = (test ? testTitles : module.entities).try_emplace(decl->name.name, entity);
    if (inserted)
      continue;
    auto diag = diags.report(DiagCode::E2002, decl->name.range,
                             test ? fmt::format("duplicate test \"{}\"", decl->name.name.str())
                                  : fmt::format("'{}' is already declared in this module", decl->name.name.str()));
    diag.note(it->second->decl->name.range, fmt::format("'{}' first declared here", decl->name.name.str()));
  }
}

void Checker::loadImports(ModuleInfo &module) {
  llvm::StringRef dir = llvm::sys::path::parent_path(module.path);
  for (const ast::Decl *decl : module.ast->decls) {
    const auto *import = llvm::dyn_cast<ast::ImportDecl>(decl);
    if (!import || !import->path)
      continue;
    auto owned = std::make_unique<ImportInfo>();
    ImportInfo *info = owned.get();
    info->decl = import;
    module.imports.push_back(std::move(owned));

    std::string relative = import->path->text();
    llvm::SMRange at = import->path->range();
    if (import->path->hasInterpolation()) {
      diags.report(DiagCode::E2003, at, "an import path is a plain string; it cannot interpolate values");
      continue;
    }
    // Search order (LANGUAGE.md §3): the importing file's directory, each
    // -I directory, then the standard library.
    std::vector<std::string> tried;
    std::string foundPath;
    bool inStdlib = false;
    auto tryDir = [&](llvm::StringRef base) {
      llvm::SmallString<256> candidate(base);
      llvm::sys::path::append(candidate, relative);
      tried.push_back(std::string(candidate));
      if (foundPath.empty() && compilation.fileExists(candidate))
        foundPath = std::string(candidate);
    };
    if (module.isStdlib || llvm::sys::path::is_absolute(relative)) {
      if (!module.isStdlib && compilation.fileExists(relative))
        foundPath = relative;
      tried.push_back(relative);
    } else {
      tryDir(dir); // "" for a file in the current directory: the path as written
      for (const std::string &searchPath : options.searchPaths)
        tryDir(searchPath);
    }
    const EmbeddedFile *embedded = nullptr;
    if (foundPath.empty()) {
      embedded = findStdlibFile(relative);
      inStdlib = embedded != nullptr;
      tried.push_back("the standard library");
    }
    if (foundPath.empty() && !inStdlib) {
      // Register the names the import would have brought, so their uses
      // stay silent: the missing module is the one error.
      if (import->isFrom) {
        for (const ast::Identifier &name : import->names) {
          ModuleInfo::FromImport entry;
          entry.import = info;
          entry.name = name;
          module.fromImports.try_emplace(name.name, entry);
        }
      } else {
        module.qualifiers.try_emplace(!import->name.empty() ? import->name.name
                                                            : llvm::sys::path::stem(relative),
                                      info);
      }
      std::string where;
      for (const std::string &t : tried)
        where += (where.empty() ? "" : ", ") + t;
      diags.report(DiagCode::E2003, at, fmt::format("cannot find module '{}'", relative))
          .note(fmt::format("looked in: {}", where))
          .note("paths are relative to the importing file; add a search directory with -I DIR");
      continue;
    }

    std::string canonical = inStdlib ? std::string(kStdlibPrefix) + embedded->path.str() : canonicalPath(foundPath);
    auto cycleStart = std::find_if(loading.begin(), loading.end(),
                                   [&](ModuleInfo *m) { return m->canonical == canonical; });
    if (cycleStart != loading.end()) {
      std::string chain;
      for (auto it = cycleStart; it != loading.end(); ++it)
        chain += llvm::sys::path::filename((*it)->path).str() + " -> ";
      chain += llvm::sys::path::filename((*cycleStart)->path).str();
      diags.report(DiagCode::E2004, at, fmt::format("import cycle: {}", chain))
          .note("modules may not import each other, directly or through others; move the shared "
                "declarations into a module that both import");
      info->module = *cycleStart;
      info->cyclic = true;
    } else {
      auto loaded = modulesByPath.find(canonical);
      if (loaded != modulesByPath.end()) {
        info->module = loaded->second;
      } else {
        unsigned id = 0;
        if (inStdlib) {
          id = compilation.addText(canonical, embedded->text);
        } else {
          std::string error;
          id = compilation.addFile(foundPath, error);
          if (!id) {
            diags.report(DiagCode::E2003, at, fmt::format("cannot read module '{}': {}", foundPath, error));
            continue;
          }
        }
        info->module = loadModule(id, inStdlib);
      }
    }

    if (import->isFrom) {
      for (const ast::Identifier &name : import->names) {
        ModuleInfo::FromImport entry;
        entry.import = info;
        entry.name = name;
        auto [it, inserted] = module.fromImports.try_emplace(name.name, entry);
        if (!inserted)
          diags.report(DiagCode::E2002, name.range, fmt::format("'{}' is imported twice", name.name.str()))
              .note(it->second.name.range, "first imported here");
        else if (ImportInfo *named = module.qualifiers.lookup(name.name)) {
          it->second.used = named->used = true; // the clash is the one diagnostic
          diags.report(DiagCode::E2002, name.range,
                       fmt::format("'{}' is imported here and is also the name of an import", name.name.str()))
              .note(named->decl->range(), "the other import");
        } else if (Entity *own = module.entities.lookup(name.name); own && own->kind != EntityKind::Test) {
          it->second.used = true; // the clash is the one diagnostic
          diags.report(DiagCode::E2002, name.range,
                       fmt::format("'{}' is imported here and also declared in this module", name.name.str()))
              .note(own->decl->name.range, fmt::format("'{}' declared here", name.name.str()));
        }
      }
      continue;
    }
    llvm::StringRef qualifier = !import->name.empty() ? import->name.name : info->module->name;
    llvm::SMRange qualifierRange = !import->name.empty() ? import->name.range : at;
    if (qualifier == "std" && !info->module->isStdlib) {
      info->used = true;
      module.importedAsStd = true;
      diags.report(DiagCode::E2002, qualifierRange,
                   "'std' names the standard library; give this import another name with 'as'");
      continue;
    }
    if (module.fromImports.count(qualifier)) {
      info->used = true;
      diags.report(DiagCode::E2002, qualifierRange,
                   fmt::format("the import '{}' has the same name as a name imported with 'from'", qualifier.str()))
          .note(module.fromImports[qualifier].name.range, "imported here");
      continue;
    }
    auto [it, inserted] = module.qualifiers.try_emplace(qualifier, info);
    if (!inserted) {
      info->used = true; // the clash is the one diagnostic
      it->second->used = true;
      diags.report(DiagCode::E2002, qualifierRange,
                   fmt::format("two imports are both named '{}'", qualifier.str()))
          .note(it->second->decl->range(), "the other import")
          .note("give one of them another name with 'as'");
    } else if (Entity *own = module.entities.lookup(qualifier); own && own->kind != EntityKind::Test) {
      info->used = true;
      diags.report(DiagCode::E2002, qualifierRange,
                   fmt::format("the import '{}' has the same name as a declaration of this module", qualifier.str()))
          .note(own->decl->name.range, fmt::format("'{}' declared here", qualifier.str()))
          .note("name the import with 'as'");
    }
  }
}

void Checker::resolveFromImports(ModuleInfo &module) {
  for (auto &entry : module.fromImports) {
    ModuleInfo::FromImport &from = entry.second;
    ModuleInfo *target = from.import->module;
    if (!target || from.import->cyclic)
      continue;
    Entity *entity = target->entities.lookup(from.name.name);
    if (entity && entity->kind != EntityKind::Test) {
      from.entity = entity;
      continue;
    }
    if (target->mayMissDeclarations)
      continue;
    std::vector<llvm::StringRef> names;
    for (const auto &e : target->entities)
      if (e.second->kind != EntityKind::Test)
        names.push_back(e.first());
    diags.report(DiagCode::E2001, from.name.range,
                 fmt::format("module '{}' has no declaration '{}'{}", target->name.str(), from.name.name.str(),
                             didYouMean(from.name.name, names)));
  }
}

} // namespace flytec::sema
