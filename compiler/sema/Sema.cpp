// The order of semantic analysis: load every module, resolve `from`
// imports and signatures, check each declaration, then the checks that need
// the whole program (recursion, unused imports).
#include "driver/Compilation.h"
#include "sema/Checker.h"
#include "sema/StdFunctions.h"

#include <fmt/format.h>

namespace flytec::sema {

Checker::Checker(Compilation &compilation, Program &program, const SemaOptions &options)
    : compilation(compilation), program(program), options(options), diags(compilation.diagnostics()),
      sources(compilation.sources()), types(program.types) {}

namespace {

DecoratorSite siteOf(const Entity &entity) {
  switch (entity.kind) {
  case EntityKind::Record:
    return DecoratorSite::Record;
  case EntityKind::Enum:
    return DecoratorSite::Enum;
  case EntityKind::Alias:
    return DecoratorSite::Alias;
  case EntityKind::Task:
    return DecoratorSite::Task;
  case EntityKind::Workflow:
    return static_cast<const CallableInfo &>(entity).dynamic ? DecoratorSite::Dynamic : DecoratorSite::Workflow;
  case EntityKind::LaunchPlan:
    return DecoratorSite::LaunchPlan;
  case EntityKind::Test:
    return DecoratorSite::Test;
  }
  return DecoratorSite::Test;
}

} // namespace

void Checker::run(llvm::ArrayRef<unsigned> rootBuffers) {
  program.stdModule = loadStdlib();
  for (unsigned id : rootBuffers) {
    ModuleInfo *root = loadModule(id, /*isStdlib=*/false);
    if (std::find(program.roots.begin(), program.roots.end(), root) == program.roots.end())
      program.roots.push_back(root);
  }
  // Every module is parsed now, so the AST's node ids are final.
  program.exprTypes.assign(compilation.astContext().nodeCount(), nullptr);
  program.references.assign(compilation.astContext().nodeCount(), Reference{});
  for (auto &m : program.modules)
    resolveFromImports(*m);
  for (auto &m : program.modules)
    resolveSignatures(*m);

  for (auto &owned : program.modules) {
    ModuleInfo &m = *owned;
    module = &m;
    for (Entity *entity : m.ordered) {
      // A declaration with a syntax error: its other errors are silenced and
      // its tree may have holes, so only its signature is used.
      if (entity->broken)
        continue;
      switch (entity->kind) {
      case EntityKind::Task:
        checkTask(*static_cast<CallableInfo *>(entity));
        break;
      case EntityKind::Workflow:
        checkDecorators(entity->decl->decorators, siteOf(*entity), entity, nullptr);
        checkWorkflow(*static_cast<CallableInfo *>(entity));
        break;
      case EntityKind::LaunchPlan:
        checkLaunchPlan(*static_cast<CallableInfo *>(entity));
        break;
      case EntityKind::Test:
        checkDecorators(entity->decl->decorators, DecoratorSite::Test, entity, nullptr);
        checkTest(*static_cast<const ast::TestDecl *>(entity->decl));
        break;
      case EntityKind::Record:
      case EntityKind::Enum:
      case EntityKind::Alias:
        checkDecorators(entity->decl->decorators, siteOf(*entity), entity, nullptr);
        break;
      }
      // LANGUAGE.md §9: a declaration named like a pure std function
      // shadows its bare form.
      if (entity->kind != EntityKind::Test && !m.isStdlib && entity->name == "std")
        diags.report(DiagCode::W0004, entity->decl->name.range,
                     "'std' shadows the standard library's name; rename it so that std.X stays unambiguous");
      else if (entity->kind != EntityKind::Test && !m.isStdlib && findStdFunction(entity->name))
        diags.report(DiagCode::W0004, entity->decl->name.range,
                     fmt::format("'{}' shadows the standard function {}; bare calls now mean this {} (use "
                                 "std.{} for the standard one)",
                                 entity->name.str(), entity->name.str(), entity->kindName().str(),
                                 entity->name.str()));
    }
    module = nullptr;
  }
  checkRecursion();

  for (auto &owned : program.modules) {
    ModuleInfo &m = *owned;
    if (m.hasSyntaxErrors || m.isStdlib)
      continue;
    for (auto &import : m.imports) {
      if (!import->module || import->cyclic)
        continue;
      const ast::ImportDecl *decl = import->decl;
      if (decl->isFrom) {
        for (const ast::Identifier &name : decl->names) {
          auto it = m.fromImports.find(name.name);
          if (it != m.fromImports.end() && it->second.import == import.get() && it->second.entity &&
              !it->second.used)
            diags.report(DiagCode::W0002, name.range, fmt::format("'{}' is imported but never used", name.name.str()))
                .note("remove it from the import list");
        }
        continue;
      }
      if (!import->used) {
        llvm::StringRef qualifier = !decl->name.empty() ? decl->name.name : import->module->name;
        diags.report(DiagCode::W0002, decl->range(),
                     fmt::format("module '{}' is imported but never used", qualifier.str()))
            .note("remove the import");
      }
    }
  }
}

std::unique_ptr<Program> checkProgram(Compilation &compilation, llvm::ArrayRef<unsigned> rootBuffers,
                                      const SemaOptions &options) {
  auto program = std::make_unique<Program>();
  Checker checker(compilation, *program, options);
  checker.run(rootBuffers);
  return program;
}

} // namespace flytec::sema
