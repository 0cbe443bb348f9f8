// Semantic analysis: loads the modules a program imports, resolves names,
// checks types and every rule of LANGUAGE.md, and records what it learned
// (a type for each expression, what each name refers to) in a Program that
// later phases read.
#pragma once

#include "sema/Entities.h"
#include "sema/Types.h"

#include <llvm/ADT/DenseMap.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace flytec {
class Compilation;
}

namespace flytec::sema {

struct SemaOptions {
  /// `-I DIR`: searched for imports after the importing file's directory.
  std::vector<std::string> searchPaths;
};

/// A variable in a workflow body: an input, a `let` name or a loop variable.
struct LocalVar {
  enum class Kind : uint8_t { Input, Let, LoopVar };
  llvm::StringRef name;
  llvm::SMRange range; // where it is introduced
  const Type *type = nullptr;
  Kind kind = Kind::Let;
  bool used = false;
};

/// What a name (NameExpr), a field access (FieldExpr) or a callee refers to.
struct Reference {
  enum class Kind : uint8_t {
    None,
    Local,       // local
    Entity,      // entity: a top-level declaration
    StdFunction, // member: the pure function's name
    Module,      // module
    EnumMember,  // entity (the enum), member
    Field,       // member: a record field or a call output
  };
  Kind kind = Kind::None;
  const LocalVar *local = nullptr;
  Entity *entity = nullptr;
  ModuleInfo *module = nullptr;
  llvm::StringRef member;
};

/// The checked program: every loaded module and the side tables indexed by
/// AST node id.
struct Program {
  TypeContext types;
  std::vector<std::unique_ptr<ModuleInfo>> modules;
  std::vector<std::unique_ptr<Entity>> entities;
  std::deque<LocalVar> locals;
  /// The modules named on the command line, in order.
  std::vector<ModuleInfo *> roots;
  ModuleInfo *stdModule = nullptr;

  llvm::DenseMap<const ast::Decl *, Entity *> entityOfDecl;

  std::vector<const Type *> exprTypes;  // by node id; null where unchecked
  std::vector<Reference> references;    // by node id

  const Type *typeOf(const ast::Expr *e) const {
    return e->id() < exprTypes.size() ? exprTypes[e->id()] : nullptr;
  }
  Entity *entityOf(const ast::Decl *d) const { return entityOfDecl.lookup(d); }
  const Reference *referenceOf(const ast::Node *n) const {
    return n->id() < references.size() ? &references[n->id()] : nullptr;
  }
};

/// Parses and checks the given loaded buffers and everything they import.
/// Diagnostics go to the compilation's engine.
std::unique_ptr<Program> checkProgram(Compilation &compilation, llvm::ArrayRef<unsigned> rootBuffers,
                                      const SemaOptions &options);

} // namespace flytec::sema
