// What the expression passes (constant-fold, dce, fuse-expressions) share:
// walking every graph of a package, visiting a graph's own edges, and
// rewriting expression trees. Trees are never edited in place — an ExprId
// may be shared (lowering reuses subtrees, and a pass may copy a node) — so
// a rewrite appends the changed path to the pool and shares the rest.
#pragma once

#include "ir/Ir.h"

#include <llvm/ADT/STLFunctionalExtras.h>
#include <llvm/ADT/StringSet.h>

#include <optional>

namespace flytec::passes {

/// Calls `fn` on every graph of every workflow, the nested graphs of a node
/// (branch cases, map bodies) before the graph that holds the node.
void forEachGraph(ir::Package &package, llvm::function_ref<void(ir::Graph &)> fn);

/// Calls `fn` on each of the graph's own edges: its nodes' inputs and its
/// outputs. Nested graphs see only their node's inputs, never a node of
/// this graph, so they are not visited.
void forEachBinding(ir::Graph &graph, llvm::function_ref<void(ir::Binding &)> fn);

/// The tree at `root` with each Input leaf replaced by what `leaf` returns
/// for it (nullopt keeps the leaf). Returns `root` itself when nothing
/// changed.
ir::ExprId replaceInputs(ir::Package &package, ir::ExprId root,
                         llvm::function_ref<std::optional<ir::ExprId>(const ir::Expr &leaf)> leaf);

/// Adds the names of the tree's Input leaves to `names`.
void inputsRead(const ir::Package &package, ir::ExprId root, llvm::StringSet<> &names);

/// A new constant expression.
ir::ExprId addConstant(ir::Package &package, ir::TypeId type, ir::Value value);

} // namespace flytec::passes
