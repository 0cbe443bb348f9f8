// E4001: a static workflow may not reach itself through calls. Its graph is
// fixed at compile time, so recursion would make it infinite; dynamic
// workflows expand at run time and may recurse (LANGUAGE.md §6, §7).
//
// The call edges between static workflows (a launch plan stands for its
// workflow) form a graph; Tarjan's algorithm finds its strongly connected
// components in linear time, and each component with a cycle is reported
// once, at the first call of the cycle in source order.
#include "sema/Checker.h"

#include <fmt/format.h>
#include <llvm/ADT/DenseMap.h>

namespace flytec::sema {

namespace {

CallableInfo *staticWorkflow(CallableInfo *c) {
  if (c && c->kind == EntityKind::LaunchPlan)
    c = c->target;
  return c && c->kind == EntityKind::Workflow && !c->dynamic ? c : nullptr;
}

struct Tarjan {
  llvm::DenseMap<CallableInfo *, std::vector<const Checker::CallEdge *>> out;
  llvm::DenseMap<CallableInfo *, unsigned> index, low, component;
  std::vector<CallableInfo *> stack;
  llvm::DenseMap<CallableInfo *, bool> onStack;
  unsigned next = 0, components = 0;

  void visit(CallableInfo *v) {
    // Iterative, so that a long chain of workflows cannot overflow the stack.
    struct Frame {
      CallableInfo *node;
      size_t edge;
    };
    std::vector<Frame> frames{{v, 0}};
    index[v] = low[v] = next++;
    stack.push_back(v);
    onStack[v] = true;
    while (!frames.empty()) {
      Frame &f = frames.back();
      auto &edges = out[f.node];
      if (f.edge < edges.size()) {
        CallableInfo *w = staticWorkflow(edges[f.edge++]->to);
        if (!index.count(w)) {
          index[w] = low[w] = next++;
          stack.push_back(w);
          onStack[w] = true;
          frames.push_back({w, 0});
        } else if (onStack[w]) {
          low[f.node] = std::min(low[f.node], index[w]);
        }
        continue;
      }
      CallableInfo *node = f.node;
      frames.pop_back();
      if (!frames.empty())
        low[frames.back().node] = std::min(low[frames.back().node], low[node]);
      if (low[node] == index[node]) {
        CallableInfo *w;
        do {
          w = stack.back();
          stack.pop_back();
          onStack[w] = false;
          component[w] = components;
        } while (w != node);
        ++components;
      }
    }
  }
};

} // namespace

void Checker::checkRecursion() {
  Tarjan tarjan;
  std::vector<CallableInfo *> nodes;
  for (const CallEdge &e : callEdges) {
    CallableInfo *from = staticWorkflow(e.from);
    CallableInfo *to = staticWorkflow(e.to);
    if (!from || !to)
      continue;
    if (!tarjan.out.count(from))
      nodes.push_back(from);
    tarjan.out[from].push_back(&e);
  }
  for (CallableInfo *n : nodes)
    if (!tarjan.index.count(n))
      tarjan.visit(n);
  std::vector<bool> reported(tarjan.components, false);
  for (const CallEdge &e : callEdges) {
    CallableInfo *from = staticWorkflow(e.from);
    CallableInfo *to = staticWorkflow(e.to);
    if (!from || !to || tarjan.component[from] != tarjan.component[to] || reported[tarjan.component[from]])
      continue;
    reported[tarjan.component[from]] = true;
    // Walk the cycle back to `from` along edges inside the component.
    std::vector<const CallEdge *> path{&e};
    CallableInfo *at = to;
    llvm::DenseMap<CallableInfo *, bool> seen;
    while (at != from && !seen[at]) {
      seen[at] = true;
      const CallEdge *step = nullptr;
      for (const CallEdge *c : tarjan.out[at]) {
        CallableInfo *w = staticWorkflow(c->to);
        if (tarjan.component[w] == tarjan.component[from] && (!seen[w] || w == from)) {
          step = c;
          break;
        }
      }
      if (!step)
        break;
      path.push_back(step);
      at = staticWorkflow(step->to);
    }
    // A launch plan stands for its workflow: the chain shows both.
    std::string chain = from->name.str();
    for (const CallEdge *c : path) {
      chain += " -> " + c->to->name.str();
      if (c->to->kind == EntityKind::LaunchPlan)
        chain += " -> " + c->to->target->name.str();
    }
    std::string message;
    if (from != to)
      message = fmt::format("workflow '{}' calls itself through other workflows: {}", from->name.str(), chain);
    else if (e.to->kind == EntityKind::LaunchPlan)
      message = fmt::format("workflow '{}' calls itself through launch plan '{}': {}", from->name.str(),
                            e.to->name.str(), chain);
    else
      message = fmt::format("workflow '{}' calls itself", from->name.str());
    auto diag = diags.report(DiagCode::E4001, e.at, message);
    for (size_t i = 1; i < path.size(); ++i)
      diag.note(path[i]->at, fmt::format("'{}' calls '{}' here", path[i]->from->name.str(), path[i]->to->name.str()));
    diag.note("a static workflow's graph is fixed before it runs; make it 'dynamic' to recurse at run time");
  }
}

} // namespace flytec::sema
