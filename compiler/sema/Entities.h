// What the checker knows about each top-level declaration and each loaded
// module. Later phases (IR lowering, the language server) read these rather
// than re-deriving them from the AST.
#pragma once

#include "ast/Ast.h"
#include "sema/Types.h"

#include <llvm/ADT/StringMap.h>

#include <memory>
#include <string>
#include <vector>

namespace flytec::sema {

struct ModuleInfo;

enum class EntityKind : uint8_t { Record, Enum, Alias, Task, Workflow, LaunchPlan, Test };

/// One top-level declaration.
struct Entity {
  Entity(EntityKind kind, const ast::Decl *decl, ModuleInfo *module)
      : kind(kind), name(decl->name.name), decl(decl), module(module) {}
  virtual ~Entity() = default;
  EntityKind kind;
  llvm::StringRef name;
  const ast::Decl *decl;
  ModuleInfo *module;
  /// `@deprecated("...")`: set, with its message (possibly empty).
  bool deprecated = false;
  std::string deprecationMessage;
  /// Referenced from anywhere (for the language server; unused decls are
  /// not warned about, as they may be entry points).
  bool referenced = false;
  /// The declaration has a syntax error: what the checker would say about
  /// it or about calls of it could follow from that error, so it stays
  /// silent (see Checker::silenceBrokenDeclarations).
  bool broken = false;

  bool isType() const { return kind == EntityKind::Record || kind == EntityKind::Enum || kind == EntityKind::Alias; }
  bool isCallable() const {
    return kind == EntityKind::Task || kind == EntityKind::Workflow || kind == EntityKind::LaunchPlan;
  }
  /// "task", "workflow", "record", ...
  llvm::StringRef kindName() const;
};

/// A record field, a task/workflow input or output.
struct ParamInfo {
  llvm::StringRef name;
  const Type *type = nullptr;
  /// Has a default (written, or implied `none` for an optional type).
  bool hasDefault = false;
  const ast::Param *param = nullptr;
};

struct RecordInfo : Entity {
  RecordInfo(const ast::RecordDecl *decl, ModuleInfo *module) : Entity(EntityKind::Record, decl, module) {}
  std::vector<ParamInfo> fields;
  bool resolved = false;
  const ParamInfo *field(llvm::StringRef name) const;
};

struct EnumInfo : Entity {
  EnumInfo(const ast::EnumDecl *decl, ModuleInfo *module) : Entity(EntityKind::Enum, decl, module) {}
  std::vector<llvm::StringRef> members;
  bool resolved = false;
  bool hasMember(llvm::StringRef name) const;
};

struct AliasInfo : Entity {
  AliasInfo(const ast::AliasDecl *decl, ModuleInfo *module) : Entity(EntityKind::Alias, decl, module) {}
  const Type *target = nullptr;
  bool resolving = false; // cycle detection while resolving
};

/// A task, a workflow (static or dynamic) or a launch plan: something a
/// workflow can call with named arguments.
struct CallableInfo : Entity {
  CallableInfo(EntityKind kind, const ast::Decl *decl, ModuleInfo *module) : Entity(kind, decl, module) {}
  std::vector<ParamInfo> inputs;
  std::vector<ParamInfo> outputs;
  bool dynamic = false;
  /// For a launch plan: the workflow it launches.
  CallableInfo *target = nullptr;
  /// For `@builtin("std.x")` tasks: "std.x".
  std::string builtin;
  /// Void, the single output's type, or an Outputs type.
  const Type *result = nullptr;
  bool signatureResolved = false;

  const ParamInfo *input(llvm::StringRef name) const;
  const ParamInfo *output(llvm::StringRef name) const;
};

/// An `import` as seen from the importing module.
struct ImportInfo {
  const ast::ImportDecl *decl = nullptr;
  ModuleInfo *module = nullptr; // null when not found
  bool used = false;
  bool cyclic = false; // closes an import cycle (already reported)
};

/// One loaded `.flyte` file.
struct ModuleInfo {
  const ast::Module *ast = nullptr;
  unsigned bufferId = 0;
  std::string path;      // as loaded (for messages)
  std::string canonical; // for identity and cycles
  llvm::StringRef name;  // the qualifier importers use by default
  bool isStdlib = false;
  /// Parsing reported errors: declarations may be missing or partial, so
  /// undefined names in it or looked up in it stay silent; the declarations
  /// with errors are `broken`, the others are checked as usual.
  bool hasSyntaxErrors = false;
  /// A syntax error outside every declaration: one may be missing, so
  /// undefined names are not reported.
  bool mayMissDeclarations = false;
  /// An import was named `std` (E2002): members the user meant to find
  /// there are not reported missing from the standard library.
  bool importedAsStd = false;
  /// Top-level declarations by name (the first one wins on duplicates).
  llvm::StringMap<Entity *> entities;
  /// Names brought in by `from "m" import X` (resolved lazily).
  struct FromImport {
    Entity *entity = nullptr;
    ImportInfo *import = nullptr;
    ast::Identifier name;
    bool used = false;
  };
  llvm::StringMap<FromImport> fromImports;
  /// Module qualifiers: `import "m"` / `import "m" as q`.
  llvm::StringMap<ImportInfo *> qualifiers;
  std::vector<std::unique_ptr<ImportInfo>> imports;
  std::vector<Entity *> ordered; // declaration order
};

} // namespace flytec::sema
