// The lowering's state, shared by the files that implement it (private to
// compiler/lower): Lowerer.cpp (names, paths, types, entities), LowerGraph.cpp
// (workflow bodies: calls, branches, maps), LowerValues.cpp (pure
// expressions and constants), LowerSettings.cpp (decorators).
#pragma once

#include "ir/Ir.h"
#include "sema/Sema.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/DenseSet.h>
#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/StringSet.h>
#include <llvm/Support/SourceMgr.h>

#include <deque>
#include <unordered_map>

namespace flytec::lower {

/// What an expression stands for while its graph is lowered.
struct Val {
  enum class Kind : uint8_t {
    None,    // no value: a call without outputs, or std.fail
    Binding, // a graph input, a node output or a constant
    Tree,    // a pure expression over `leaves`, not yet a node
    Multi,   // a call's several outputs (or a map's lists, a branch's outputs)
  };
  Kind kind = Kind::None;
  ir::TypeId type = 0;
  ir::Binding binding;
  ir::ExprId expr = ir::kNoExpr;
  std::vector<ir::Port> leaves; // Tree: the Input leaves and what they read
  std::vector<ir::Port> fields; // Multi: one per output
  bool never = false;           // None: std.fail, fits any type
  llvm::SMLoc at;               // Tree: where the expression is written

  bool isConst() const { return kind == Kind::Binding && binding.kind == ir::Binding::Kind::Const; }
  static Val of(ir::Binding b, ir::TypeId type) {
    Val v;
    v.kind = Kind::Binding;
    v.binding = std::move(b);
    v.type = type;
    return v;
  }
};

/// One graph being built: a workflow body, a branch case or a map body.
struct Scope {
  Scope *parent = nullptr;
  ir::Graph *graph = nullptr;
  /// The branch or map node (still being built in the parent) whose inputs
  /// carry the values this graph takes from outside.
  ir::Node *owner = nullptr;
  // Node-based: a Val is large, and rehashing must not move them.
  std::unordered_map<const sema::LocalVar *, Val> locals;
  llvm::StringSet<> ids;
  /// A workflow's body: whose outputs its `return` binds.
  const sema::CallableInfo *returns = nullptr;
};

class Lowerer {
public:
  Lowerer(const sema::Program &program, const llvm::SourceMgr &sources);
  std::unique_ptr<ir::Package> run();

  // ------------------------------------------------ Lowerer.cpp
  /// Gives the module its name in the IR, once; run() names every module in
  /// load order (the root module first) before lowering anything.
  void nameModule(const sema::ModuleInfo *m);
  /// The module's name; the module is listed in the package's `modules`.
  std::string moduleName(const sema::ModuleInfo *m);
  std::string qualified(const sema::Entity *e);
  /// "file:line:col" for the IR: the file relative to the root module's directory.
  std::string loc(llvm::SMLoc at);
  /// "file:line:col" for a message to the user: the file as it was loaded.
  std::string place(llvm::SMLoc at);
  std::string moduleFile(const sema::ModuleInfo *m);
  /// A path written in module `m`, relative to the root module's directory.
  std::string resolvePath(const sema::ModuleInfo *m, llvm::StringRef path);
  ir::TypeId type(const sema::Type *t);
  ir::TypeId convertType(const sema::Type *t);
  const sema::LocalVar *localAt(const ast::Identifier &name) const;
  /// Queues the entity for lowering; returns its qualified name.
  std::string use(const sema::Entity *e);

  void lowerTask(const sema::CallableInfo &task);
  void lowerWorkflow(const sema::CallableInfo &wf);
  void lowerLaunchPlan(const sema::CallableInfo &lp);
  void lowerRecord(const sema::RecordInfo &r);
  void lowerEnum(const sema::EnumInfo &e);
  std::vector<ir::ScriptPart> scriptParts(const ast::StringLit &script);
  /// A task body's config value: a constant, or a template for strings
  /// with placeholders.
  std::optional<ir::Value> configValue(const ast::Expr *e, const sema::ModuleInfo *m, std::string &why);
  std::vector<ir::Param> params(const std::vector<sema::ParamInfo> &ps, const sema::ModuleInfo *m);

  // ------------------------------------------------ LowerSettings.cpp
  /// Settings from `@retries`, `@timeout`, `@resources`, `@interruptible`,
  /// `@concurrency`, `@min_success_ratio` (others are ignored here).
  ir::Settings settings(llvm::ArrayRef<ast::Decorator> decorators);
  void taskDecorators(const ast::TaskDecl &decl, ir::Task &task);
  void workflowDecorators(const ast::WorkflowDecl &decl, ir::Workflow &wf);
  void launchPlanDecorators(const ast::LaunchPlanDecl &decl, ir::LaunchPlan &lp);

  // ------------------------------------------------ LowerValues.cpp
  /// How `value` names the nodes of calls (and branches, maps) it meets.
  enum class Naming : uint8_t {
    Own,    // the value is bound under `hint`: a call here takes it
    Nested, // an enclosing tree is bound under `hint`: a call here is `<hint>.<callee>`
    Shared, // `hint` is no node's (a branch condition): every call takes it, with -2, -3
  };
  /// A pure expression (or a reference) as a Val; calls, `if` and `for` go
  /// to the graph lowering.
  Val value(Scope &s, const ast::Expr *e, llvm::StringRef hint, Naming naming = Naming::Own);
  /// The value of a constant expression (defaults, launch-plan values,
  /// config) written in module `m`; string literals naming files are
  /// resolved as paths by `value`.
  std::optional<ir::Value> constant(const ast::Expr *e, const sema::ModuleInfo *m, std::string &error);
  ir::ExprId treeOf(Val &v, std::vector<ir::Port> &leaves);
  /// Makes a Val something a port can be bound to: trees become expression
  /// nodes named after `hint`.
  ir::Binding bind(Scope &s, Val &v, llvm::StringRef hint);
  bool isPure(const ast::Expr *e) const;

  // ------------------------------------------------ LowerGraph.cpp
  void lowerBody(const sema::CallableInfo &wf, ir::Workflow &out);
  void returnValues(Scope &s, const ast::ReturnStmt &ret);
  Val block(Scope &s, const ast::Block *b, llvm::StringRef hint, bool wantValue);
  void let(Scope &s, const ast::LetStmt &let);
  Val call(Scope &s, const ast::CallExpr &e, llvm::StringRef hint, llvm::ArrayRef<ast::Decorator> decorators);
  Val branch(Scope &s, const ast::IfExpr &e, llvm::StringRef hint, bool wantValue);
  Val map(Scope &s, const ast::ForExpr &e, llvm::StringRef hint, llvm::ArrayRef<ast::Decorator> decorators,
          bool wantValue);
  Val local(Scope &s, const sema::LocalVar *var);
  /// One output of a variable holding a call's several outputs; a sub-graph
  /// captures only that output.
  Val localField(Scope &s, const sema::LocalVar *var, llvm::StringRef field);
  std::string uniqueId(Scope &s, llvm::StringRef hint);
  /// Adds an input to a branch or map node; returns the name it got.
  std::string addPort(ir::Node &node, std::string name, ir::TypeId type, const ir::Binding &b);
  /// A Val of the expression's Val that the callee's graph can use: in
  /// sub-graphs, outer values arrive through the owner node's inputs.
  Val capture(Scope &s, Val outer, llvm::StringRef name);

  const sema::Program &program;
  const llvm::SourceMgr &sources;
  std::unique_ptr<ir::Package> package;
  const sema::ModuleInfo *rootModule = nullptr;
  std::string rootDir;
  llvm::DenseMap<const sema::ModuleInfo *, std::string> moduleNames;
  llvm::StringSet<> takenModuleNames;
  llvm::DenseSet<const sema::ModuleInfo *> listedModules;
  llvm::DenseMap<const char *, const sema::LocalVar *> localsByPosition;
  llvm::DenseMap<const sema::Type *, ir::TypeId> typeIds;
  llvm::DenseMap<const sema::Entity *, std::string> queued;
  std::deque<const sema::Entity *> worklist;
  /// The module whose code is being lowered (for paths).
  const sema::ModuleInfo *currentModule = nullptr;
  std::string error;
};

} // namespace flytec::lower
