// The checker's working state, shared by the files of sema/ (one file per
// concern: modules, signatures, expressions, statements, decorators, task
// bodies, launch plans, recursion). Not a public header.
#pragma once

#include "diag/Diagnostic.h"
#include "sema/Sema.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallVector.h>

#include <functional>
#include <optional>

namespace llvm {
class SourceMgr;
}

namespace flytec::sema {

/// What a block's last expression is for.
enum class BlockValue { Required, Optional, Discarded };

/// Where a declaration or statement sits, for checking decorator placement.
enum class DecoratorSite : uint8_t { Task, Workflow, Dynamic, LaunchPlan, Record, Enum, Alias, Test, Let };

class Checker {
public:
  Checker(Compilation &compilation, Program &program, const SemaOptions &options);

  void run(llvm::ArrayRef<unsigned> rootBuffers);

  // --- ModuleLoader.cpp
  ModuleInfo *loadModule(unsigned bufferId, bool isStdlib);
  void loadImports(ModuleInfo &module);
  void declareEntities(ModuleInfo &module, size_t firstSyntaxError);
  void silenceBrokenDeclarations(ModuleInfo &module, size_t firstSyntaxError);
  void resolveFromImports(ModuleInfo &module);
  ModuleInfo *loadStdlib();

  // --- Lookup.cpp
  /// A top-level name of `module`: its own declarations, then `from` imports.
  Entity *lookupEntity(ModuleInfo &module, llvm::StringRef name, bool markUsed = true);
  ImportInfo *lookupQualifier(ModuleInfo &module, llvm::StringRef name);
  /// A name whose absence is explained by an error already reported: the
  /// module has syntax errors, or the name comes from an import that was
  /// not found (or closes a cycle).
  bool alreadyReported(ModuleInfo &module, llvm::StringRef name);
  /// `q.name` where q is an import qualifier or `std`; reports E2001.
  /// `qualifierWritten`: the qualifier as the user wrote it (an `as` name),
  /// for messages; the module's own name when empty.
  Entity *lookupMember(ModuleInfo &module, ModuleInfo &target, const ast::Identifier &member, bool report = true,
                       llvm::StringRef qualifierWritten = "");
  /// A type name, plain or qualified; reports E2001 with a suggestion.
  Entity *resolveTypeName(ModuleInfo &module, const ast::QualifiedName &name);
  /// `name` or `q.name` naming a declaration (a mock's task, a launch plan's
  /// workflow); reports E2001 with suggestions of `what` ("task") and marks
  /// the use.
  Entity *resolveEntityName(ModuleInfo &module, const ast::QualifiedName &name, llvm::StringRef what);
  void noteDeclaredHere(DiagnosticEngine::Builder &diag, const Entity *entity);
  void useEntity(Entity *entity, llvm::SMRange at);

  // --- TypeResolver.cpp
  const Type *resolveType(ModuleInfo &module, const ast::TypeExpr *type);
  const Type *aliasTarget(AliasInfo &alias);
  /// `float`, `list[int]`, `Region` written as an expression (std.signal's `type:`).
  const Type *typeFromExpr(ModuleInfo &module, const ast::Expr *expr);

  // --- Signatures.cpp
  void resolveSignatures(ModuleInfo &module);
  void resolveRecord(RecordInfo &record);
  void resolveEnum(EnumInfo &info);
  void resolveCallable(CallableInfo &callable);
  std::vector<ParamInfo> resolveParams(ModuleInfo &module, llvm::ArrayRef<ast::Param> params, bool outputs,
                                       llvm::StringRef what);
  const Type *resultType(llvm::ArrayRef<ParamInfo> outputs);
  bool isConstant(const ast::Expr *expr);

  // --- Scopes (Statements.cpp)
  struct Scope {
    llvm::SmallVector<LocalVar *, 8> vars;
    llvm::StringMap<LocalVar *> byName;
  };
  void pushScope();
  void popScope();
  LocalVar *lookupLocal(llvm::StringRef name);
  LocalVar *declareLocal(const ast::Identifier &name, const Type *type, LocalVar::Kind kind);

  // --- Statements.cpp
  void checkWorkflow(CallableInfo &workflow);
  void checkTest(const ast::TestDecl &test);
  const Type *checkBlock(const ast::Block *block, BlockValue mode);
  void checkStmt(const ast::Stmt *stmt);
  void checkLet(const ast::LetStmt &let);
  void checkReturn(const ast::ReturnStmt &ret);
  void checkMock(const ast::MockStmt &mock);
  /// The `(name: value, ...)` of a `return` or of a mock's outputs against
  /// `owner`'s outputs: E3005, E3010, E3011 and the values' types.
  void checkOutputValues(llvm::ArrayRef<ast::Argument> values, const CallableInfo &owner, llvm::SMRange statement,
                         bool isReturn);

  // --- Expressions.cpp
  const Type *checkExpr(const ast::Expr *expr, const Type *expected = nullptr);
  /// Checks `expr` where a `want` is expected; reports E3001 with `what`
  /// ("argument 'x'") on a mismatch. Returns false on a mismatch.
  bool checkAssignable(const ast::Expr *expr, const Type *want, llvm::StringRef what,
                       DiagCode code = DiagCode::E3001);
  void reportMismatch(const ast::Expr *expr, const Type *got, const Type *want, llvm::StringRef what, DiagCode code);
  const Type *checkName(const ast::NameExpr &e);
  const Type *checkField(const ast::FieldExpr &e);
  const Type *checkIndex(const ast::IndexExpr &e);
  const Type *checkUnary(const ast::UnaryExpr &e);
  const Type *checkBinary(const ast::BinaryExpr &e);
  const Type *checkString(const ast::StringLit &e, const Type *expected);
  const Type *checkList(const ast::ListLit &e, const Type *expected);
  const Type *checkMap(const ast::MapLit &e, const Type *expected);
  const Type *checkRecordLit(const ast::RecordLit &e);
  const Type *checkIf(const ast::IfExpr &e, BlockValue mode);
  const Type *checkFor(const ast::ForExpr &e, BlockValue mode);
  /// The side tables of the Program, sized once every module is parsed.
  void record(const ast::Node *node, Reference ref);
  void setType(const ast::Expr *expr, const Type *type);

  // --- Calls.cpp
  const Type *checkCall(const ast::CallExpr &e);
  const Type *checkCallableCall(const ast::CallExpr &e, CallableInfo &callee);
  /// Named arguments against a parameter list (E3002-E3005). `requireAll`
  /// is false for mocks, which may give any subset.
  void checkArguments(llvm::ArrayRef<ast::Argument> args, llvm::ArrayRef<ParamInfo> params, const Entity *callee,
                      llvm::SMRange callRange, bool requireAll, const ast::Argument **typeArg = nullptr);
  const Type *checkStdFunctionCall(const ast::CallExpr &e, llvm::StringRef name);

  // --- Decorators.cpp
  void checkDecorators(llvm::ArrayRef<ast::Decorator> decorators, DecoratorSite site, Entity *entity,
                       const ast::LetStmt *let);

  // --- TaskBodies.cpp
  void checkTask(CallableInfo &task);

  // --- LaunchPlans.cpp
  void checkLaunchPlan(CallableInfo &plan);
  void resolveLaunchPlanTarget(CallableInfo &plan);

  // --- Recursion.cpp
  void checkRecursion();

  // --- Warnings on names (Statements.cpp)
  void warnShadowing(const ast::Identifier &name, llvm::StringRef what);

  Compilation &compilation;
  Program &program;
  const SemaOptions &options;
  DiagnosticEngine &diags;
  const llvm::SourceMgr &sources;
  TypeContext &types;

  /// Loaded modules by canonical path.
  llvm::StringMap<ModuleInfo *> modulesByPath;
  /// Modules being loaded (for import cycles), innermost last.
  std::vector<ModuleInfo *> loading;

  // The body being checked.
  ModuleInfo *module = nullptr;
  CallableInfo *callable = nullptr; // the workflow, when checking one
  bool inTest = false;
  std::vector<Scope> scopes;
  /// Calls from the current workflow to other workflows (for E4001).
  struct CallEdge {
    CallableInfo *from;
    CallableInfo *to;
    llvm::SMRange at;
  };
  std::vector<CallEdge> callEdges;
  const ast::ReturnStmt *firstReturn = nullptr;
  /// Checking a parameter's default: mismatches are E3012.
  bool inDefault = false;
};

/// The nearest of `candidates` to `name` by edit distance, if close enough
/// to be a likely typo.
std::optional<llvm::StringRef> nearestName(llvm::StringRef name, llvm::ArrayRef<llvm::StringRef> candidates);
/// Whether one of `args` is labelled `name`.
bool hasLabel(llvm::ArrayRef<ast::Argument> args, llvm::StringRef name);
/// "'a', 'b' and 'c'".
std::string quotedList(llvm::ArrayRef<std::string> names);
/// "a task", "an enum", "an int".
std::string aOrAn(llvm::StringRef noun);
/// "; did you mean 'x'?" for messages, or nothing.
std::string didYouMean(llvm::StringRef name, llvm::ArrayRef<llvm::StringRef> candidates);

} // namespace flytec::sema
