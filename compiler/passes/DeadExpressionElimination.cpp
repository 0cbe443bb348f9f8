// The "dce" pass (-O1): removes expression nodes whose value nobody reads.
//
// Only expression nodes are pure; a task, gate, subworkflow, map or branch
// node may have effects (it writes files, waits for a person, calls a
// service), so it runs even when its outputs are unused.
//
// Per graph: count, for each node, the bindings that read one of its outputs
// (node inputs and graph outputs) and the nodes that wait for it (control
// edges, `after`: a node others wait for stays). Then sweep the nodes in reverse
// topological order: an expression node with no readers is removed, and the
// counts of the nodes it read are decremented. Readers always come after
// what they read, so by the time a node is visited every node that could
// read it has been decided, and one sweep reaches the fixed point (a chain
// of unused expressions disappears whole). Nested graphs are swept the same
// way on their own: they read only their node's inputs.
#include "passes/GraphRewriting.h"
#include "passes/Pass.h"

#include <llvm/ADT/StringMap.h>

namespace flytec::passes {
namespace {

bool sweep(ir::Graph &g) {
  llvm::StringMap<size_t> readers;
  forEachBinding(g, [&](ir::Binding &b) {
    if (b.kind == ir::Binding::Kind::Node)
      ++readers[b.ref];
  });
  // A node others wait for (a control edge) is in use, whatever it is.
  for (const ir::Node &n : g.nodes)
    for (const std::string &a : n.after)
      ++readers[a];
  std::vector<bool> dead(g.nodes.size(), false);
  bool removed = false;
  for (size_t i = g.nodes.size(); i-- > 0;) {
    const ir::Node &n = g.nodes[i];
    if (n.kind != ir::NodeKind::Expression || readers.lookup(n.id) != 0)
      continue;
    dead[i] = removed = true;
    for (const ir::Port &p : n.inputs)
      if (p.binding.kind == ir::Binding::Kind::Node)
        --readers[p.binding.ref];
    for (const std::string &a : n.after)
      --readers[a];
  }
  if (!removed)
    return false;
  // Compacted in place: no second array of nodes. The graph's index
  // rebuilds itself when next asked (Graph::find).
  size_t live = 0;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (!dead[i]) {
      if (live != i)
        g.nodes[live] = std::move(g.nodes[i]);
      ++live;
    }
  g.nodes.erase(g.nodes.begin() + live, g.nodes.end());
  return true;
}

class DeadExpressionElimination : public Pass {
public:
  bool run(ir::Package &package) override {
    bool changed = false;
    forEachGraph(package, [&](ir::Graph &g) { changed |= sweep(g); });
    return changed;
  }
};

} // namespace

std::unique_ptr<Pass> createDeadExpressionElimination() { return std::make_unique<DeadExpressionElimination>(); }

} // namespace flytec::passes
