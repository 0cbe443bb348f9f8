// The "cse" pass: merges identical calls of cached tasks.
//
// A task declared with `@cache` is deterministic by declaration: two calls
// with the same inputs give the same outputs (the second would be a cache
// hit at run time). So within one graph, a Task node is merged into an
// earlier one when
//   - both call the same task, and that task has `cache` set;
//   - their input bindings are identical: the same names bound to the same
//     constants, graph inputs or node outputs;
//   - their per-node settings (a `let`'s overrides) are equal.
// The later node is removed and every binding that read it — node inputs
// and graph outputs — is rewritten to read the earlier one.
//
// Algorithm: one sweep over the nodes in topological order. Each node's
// bindings are first renamed through the merges made so far, so a chain of
// identical calls (`b1 = f(a1)`, `b2 = f(a2)` with `a1` and `a2` merged)
// collapses in the same sweep. A candidate's key is its target and its
// sorted, renamed bindings; a hash map from keys to the kept nodes with that
// key finds the node to merge into. Uncached tasks, gates, subworkflows,
// dynamic workflows and expression nodes are never merged (the latter are
// left to other passes). Nested graphs (branch cases, map bodies) are
// handled on their own: they see only their node's inputs, so no merge
// crosses a graph boundary.
#include "passes/Pass.h"

#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/StringMap.h>

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace flytec::passes {
namespace {

using ir::Binding;
using ir::Graph;
using ir::Node;
using ir::Package;

bool sameResources(const std::optional<ir::Resources> &a, const std::optional<ir::Resources> &b) {
  if (a.has_value() != b.has_value())
    return false;
  return !a || (a->cpu == b->cpu && a->memory == b->memory && a->gpu == b->gpu);
}

bool sameSettings(const ir::Settings &a, const ir::Settings &b) {
  return a.retries == b.retries && a.timeoutMs == b.timeoutMs && sameResources(a.requests, b.requests) &&
         sameResources(a.limits, b.limits) && a.interruptible == b.interruptible && a.concurrency == b.concurrency &&
         a.minSuccessRatio == b.minSuccessRatio;
}

bool isMergeable(const Node &node, const Package &package) {
  if (node.kind != ir::NodeKind::Task)
    return false;
  auto task = package.tasks.find(node.target);
  return task != package.tasks.end() && task->second.cache.has_value();
}

/// The target and the bindings by input name, as text: equal keys mean the
/// same call with the same values.
/// What makes two calls the same: the target and every input's binding, by
/// input name (in name order, so the order of the ports does not matter).
/// Each part is length-prefixed, so different calls never share a key.
std::string callKey(const Node &node) {
  std::string key;
  auto part = [&](llvm::StringRef text) {
    key += std::to_string(text.size());
    key += ':';
    key.append(text.data(), text.size());
  };
  part(node.target);
  std::vector<const ir::Port *> ports;
  ports.reserve(node.inputs.size());
  for (const ir::Port &p : node.inputs)
    ports.push_back(&p);
  std::stable_sort(ports.begin(), ports.end(), [](const ir::Port *a, const ir::Port *b) { return a->name < b->name; });
  for (const ir::Port *p : ports) {
    part(p->name);
    key += char('0' + int(p->binding.kind));
    part(p->binding.ref);
    part(p->binding.output);
    part(p->binding.kind == Binding::Kind::Const ? p->binding.value.dump() : std::string());
  }
  return key;
}

void rename(Binding &binding, const llvm::StringMap<std::string> &mergedInto) {
  if (binding.kind != Binding::Kind::Node)
    return;
  auto it = mergedInto.find(binding.ref);
  if (it != mergedInto.end())
    binding.ref = it->second;
}

bool eliminate(Graph &graph, const Package &package) {
  bool changed = false;
  for (Node &node : graph.nodes)
    for (Graph &body : node.bodies)
      changed |= eliminate(body, package);

  // Most graphs (case and map bodies) hold no call to merge.
  if (llvm::none_of(graph.nodes, [&](const Node &n) { return isMergeable(n, package); }))
    return changed;

  llvm::StringMap<std::string> mergedInto; // removed id -> kept id
  std::unordered_map<std::string, std::vector<size_t>> byKey; // key -> indices of kept nodes
  // The kept nodes are compacted in place (nodes[0, kept)): no second array
  // of nodes, whose fresh pages cost more than the moves.
  std::vector<Node> &nodes = graph.nodes;
  size_t kept = 0;
  for (size_t i = 0; i < nodes.size(); ++i) {
    Node &node = nodes[i];
    for (ir::Port &p : node.inputs)
      rename(p.binding, mergedInto);
    if (isMergeable(node, package)) {
      std::vector<size_t> &candidates = byKey[callKey(node)];
      auto same = std::find_if(candidates.begin(), candidates.end(),
                               [&](size_t k) { return sameSettings(nodes[k].settings, node.settings); });
      if (same != candidates.end()) {
        mergedInto[node.id] = nodes[*same].id;
        changed = true;
        continue;
      }
      candidates.push_back(kept);
    }
    if (kept != i)
      nodes[kept] = std::move(node);
    ++kept;
  }
  nodes.erase(nodes.begin() + kept, nodes.end());
  for (ir::Port &p : graph.outputs)
    rename(p.binding, mergedInto);
  return changed;
}

class CommonCallElimination : public Pass {
public:
  bool run(Package &package) override {
    bool changed = false;
    for (auto &[name, workflow] : package.workflows)
      changed |= eliminate(workflow.graph, package);
    return changed;
  }
};

} // namespace

std::unique_ptr<Pass> createCommonCallElimination() { return std::make_unique<CommonCallElimination>(); }

} // namespace flytec::passes
