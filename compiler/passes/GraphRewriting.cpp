// Graph walks and copy-on-write expression rewriting for the expression
// passes (GraphRewriting.h).
#include "passes/GraphRewriting.h"

namespace flytec::passes {

namespace {

void walk(ir::Graph &graph, llvm::function_ref<void(ir::Graph &)> fn) {
  for (ir::Node &n : graph.nodes)
    for (ir::Graph &body : n.bodies)
      walk(body, fn);
  fn(graph);
}

} // namespace

void forEachGraph(ir::Package &package, llvm::function_ref<void(ir::Graph &)> fn) {
  for (auto &entry : package.workflows)
    walk(entry.second.graph, fn);
}

void forEachBinding(ir::Graph &graph, llvm::function_ref<void(ir::Binding &)> fn) {
  for (ir::Node &n : graph.nodes)
    for (ir::Port &p : n.inputs)
      fn(p.binding);
  for (ir::Port &p : graph.outputs)
    fn(p.binding);
}

ir::ExprId replaceInputs(ir::Package &package, ir::ExprId root,
                         llvm::function_ref<std::optional<ir::ExprId>(const ir::Expr &leaf)> leaf) {
  if (package.exprs[root].op == ir::ExprOp::Input)
    return leaf(package.exprs[root]).value_or(root);
  std::vector<ir::ExprId> args = package.exprs[root].args;
  bool changed = false;
  for (ir::ExprId &a : args) {
    ir::ExprId b = replaceInputs(package, a, leaf);
    changed |= b != a;
    a = b;
  }
  if (!changed)
    return root;
  // A copy, not a reference: addExpr may reallocate the pool.
  ir::Expr copy = package.exprs[root];
  copy.args = std::move(args);
  return package.addExpr(std::move(copy));
}

void inputsRead(const ir::Package &package, ir::ExprId root, llvm::StringSet<> &names) {
  const ir::Expr &e = package.exprs[root];
  if (e.op == ir::ExprOp::Input)
    names.insert(e.name);
  for (ir::ExprId a : e.args)
    inputsRead(package, a, names);
}

ir::ExprId addConstant(ir::Package &package, ir::TypeId type, ir::Value value) {
  ir::Expr e;
  e.op = ir::ExprOp::Const;
  e.type = type;
  e.value = std::move(value);
  return package.addExpr(std::move(e));
}

} // namespace flytec::passes
