// The "critical-path" pass: annotates every node of every graph with the
// weight of the heaviest path from the node (included) to the end of its
// graph. The runtime's scheduler admits the ready node with the highest
// value first, so the chain that bounds the run's length starts earliest.
//
// Weights approximate "how many things must run one after another":
//   task, dynamic, gate, workflow   1 (one unit of work or waiting; a
//                                   subworkflow counts as one, its inside is
//                                   unknown to the scheduler's ordering)
//   expression                      0 (evaluated inline by the runtime)
//   branch                          1 + the heaviest case graph
//   map                             1 + its body graph
// where a graph's weight is the largest value among its nodes (0 if empty).
//
// Algorithm: nested graphs first (a branch or map node's weight needs them),
// then one reverse sweep over the graph's topological order. When a node is
// reached, every consumer of its outputs comes later in the order and so is
// already final; a node's value is its weight plus the largest value among
// its consumers. Rather than building consumer lists, the sweep pushes each
// node's value back along its own input bindings to its producers (the
// largest pushed so far is kept per producer): the same edges, visited once,
// linear in nodes plus bindings.
#include "passes/Pass.h"

#include <algorithm>

namespace flytec::passes {
namespace {

using ir::Graph;
using ir::Node;

int64_t annotate(Graph &graph, bool &changed);

int64_t weight(Node &node, bool &changed) {
  int64_t heaviestBody = 0;
  for (Graph &body : node.bodies)
    heaviestBody = std::max(heaviestBody, annotate(body, changed));
  switch (node.kind) {
  case ir::NodeKind::Task:
  case ir::NodeKind::Workflow:
  case ir::NodeKind::Dynamic:
  case ir::NodeKind::Gate:
    return 1;
  case ir::NodeKind::Branch:
  case ir::NodeKind::Map:
    return 1 + heaviestBody;
  case ir::NodeKind::Expression:
    return 0;
  }
  return 1;
}

/// Annotates the graph's nodes; returns the graph's weight.
int64_t annotate(Graph &graph, bool &changed) {
  const size_t n = graph.nodes.size();
  graph.reindex();
  // heaviestConsumer[i]: the largest value among the consumers seen so far.
  std::vector<int64_t> heaviestConsumer(n, 0);
  int64_t heaviest = 0;
  for (size_t i = n; i-- > 0;) {
    Node &node = graph.nodes[i];
    int64_t value = weight(node, changed) + heaviestConsumer[i];
    if (node.criticalPath != value) {
      node.criticalPath = value;
      changed = true;
    }
    heaviest = std::max(heaviest, value);
    // Data edges and control edges (`after`) alike: a predecessor waits
    // for nothing of this node's, but this node's path starts after it.
    auto pushBack = [&](llvm::StringRef id) {
      const Node *producer = graph.find(id);
      // Only earlier nodes can be predecessors in a well-formed graph; the
      // verifier reports anything else, so it is ignored here.
      if (producer && producer < &node) {
        int64_t &best = heaviestConsumer[size_t(producer - graph.nodes.data())];
        best = std::max(best, value);
      }
    };
    for (const ir::Port &p : node.inputs)
      if (p.binding.kind == ir::Binding::Kind::Node)
        pushBack(p.binding.ref);
    for (const std::string &a : node.after)
      pushBack(a);
  }
  return heaviest;
}

class CriticalPath : public Pass {
public:
  bool run(ir::Package &package) override {
    bool changed = false;
    for (auto &[name, workflow] : package.workflows)
      annotate(workflow.graph, changed);
    return changed;
  }
};

} // namespace

std::unique_ptr<Pass> createCriticalPath() { return std::make_unique<CriticalPath>(); }

} // namespace flytec::passes
