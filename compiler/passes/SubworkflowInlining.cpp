// The "inline" pass (-O2): replaces a subworkflow node by the nodes of the
// static workflow it calls, so the scheduler sees one flat graph and the
// callee's nodes start as soon as their own inputs are ready rather than
// when all of the call's inputs are.
//
// A Workflow node is inlined when its target is a static workflow of the
// package (not a launch plan, not dynamic) that is not being inlined into
// itself, whose failure handling matches the caller's (no `@on_failure`,
// the same `@failure_policy`: otherwise the subworkflow boundary is what
// decides what runs after a failure), and whose every input is bound by the
// call or has a default. The call node is replaced, at its place in the
// topological order, by a copy of the callee's nodes:
//   - ids are prefixed with the call's id and a dot (`stats.summarize`) so
//     they stay unique; a copy that would clash with an existing id is not
//     made (the call stays);
//   - the callee's graph-input bindings become the call's bindings for those
//     inputs; inputs the call left unbound become the callee's default as a
//     constant (`none` for an optional input without one);
//   - bindings between callee nodes are renamed to the prefixed ids, and so
//     are their control edges (`after`); the copies also wait for whatever
//     the call waited for;
//   - the expressions of expression nodes and branch conditions are cloned,
//     so no two nodes share an ExprId that a later pass might rewrite;
//   - every binding in the caller that read an output of the call node now
//     holds the callee's binding for that graph output (an input, a
//     constant or a node output, renamed as above).
// The copied nodes keep their `loc` (the callee's source, which is where a
// runtime error in them should point) and their own settings: a `let`'s
// decorators on the call node (retries, timeout, ...) describe a single
// subworkflow node and do not apply to the nodes inside, so they are dropped
// along with the call node.
//
// Order: callees are flattened before they are copied (a depth-first walk
// of the call graph, each workflow once), so nested subworkflows flatten in
// one run. A call to a workflow that is still being flattened — recursion,
// which the checker rejects (E4001) but IR read from JSON may contain — is
// left as a node. Nested graphs (branch cases, map bodies) are flattened
// the same way, with the inlined nodes placed inside them.
#include "passes/Pass.h"

#include <llvm/ADT/StringMap.h>
#include <llvm/ADT/StringSet.h>

namespace flytec::passes {
namespace {

using ir::Binding;
using ir::ExprId;
using ir::Graph;
using ir::Node;
using ir::Package;
using ir::Workflow;

class Inliner {
public:
  explicit Inliner(Package &package) : package_(package) {}

  bool run() {
    for (auto &[name, workflow] : package_.workflows)
      if (!state_.count(name))
        flatten(name, workflow);
    return changed_;
  }

private:
  enum class State { Flattening, Done };

  /// The call graph's depth-first walk: flattens `workflow`, and before
  /// that every static workflow it calls.
  void flatten(const std::string &name, Workflow &workflow) {
    state_[name] = State::Flattening;
    flattenGraph(workflow.graph, workflow);
    state_[name] = State::Done;
  }

  /// The callee this node may be replaced by, flattened; null when it stays.
  const Workflow *inlinableCallee(const Node &call, const Workflow &caller) {
    if (call.kind != ir::NodeKind::Workflow || call.launchPlan)
      return nullptr;
    auto it = package_.workflows.find(call.target);
    if (it == package_.workflows.end())
      return nullptr;
    Workflow &callee = it->second;
    if (callee.dynamic || !callee.onFailure.empty() || callee.continueOnFailure != caller.continueOnFailure)
      return nullptr;
    auto state = state_.find(call.target);
    if (state == state_.end())
      flatten(call.target, callee);
    else if (state->second == State::Flattening)
      return nullptr; // recursion: this call is part of the callee's own flattening
    for (const ir::Param &in : callee.graph.inputs)
      if (!call.input(in.name) && !in.defaultValue && !package_.types.isOptional(in.type))
        return nullptr;
    return &callee;
  }

  void flattenGraph(Graph &graph, const Workflow &caller) {
    for (Node &node : graph.nodes)
      for (Graph &body : node.bodies)
        flattenGraph(body, caller);
    // Most graphs (case and map bodies) call no subworkflow: leave them as they are.
    if (llvm::none_of(graph.nodes,
                      [](const Node &n) { return n.kind == ir::NodeKind::Workflow && !n.launchPlan; }))
      return;

    llvm::StringSet<> ids;
    for (const Node &node : graph.nodes)
      ids.insert(node.id);
    // call id -> (callee output -> the binding that now stands for it)
    llvm::StringMap<llvm::StringMap<Binding>> replaced;
    auto rewrite = [&](Binding &b) {
      if (b.kind != Binding::Kind::Node)
        return;
      auto call = replaced.find(b.ref);
      if (call == replaced.end())
        return;
      auto out = call->second.find(b.output);
      if (out != call->second.end())
        b = out->second;
    };

    // The new node list, reserved at its size (an upper bound: a call whose
    // copies would clash stays one node), so it is allocated once.
    size_t size = 0;
    for (const Node &node : graph.nodes) {
      const Workflow *callee = inlinableCallee(node, caller);
      size += callee ? callee->graph.nodes.size() : 1;
    }
    std::vector<Node> nodes;
    nodes.reserve(size);
    for (Node &node : graph.nodes) {
      for (ir::Port &p : node.inputs)
        rewrite(p.binding);
      const Workflow *callee = inlinableCallee(node, caller);
      if (!callee || !idsAreFree(node.id, callee->graph, ids)) {
        nodes.push_back(std::move(node));
        continue;
      }
      const std::string prefix = node.id + ".";
      auto substitute = [&](Binding b) {
        switch (b.kind) {
        case Binding::Kind::Const:
          return b;
        case Binding::Kind::Node:
          return Binding::node(prefix + b.ref, b.output);
        case Binding::Kind::Input:
          if (const ir::Port *arg = node.input(b.ref))
            return arg->binding;
          for (const ir::Param &in : callee->graph.inputs)
            if (in.name == b.ref)
              return Binding::constant(in.defaultValue.value_or(nullptr));
          return b; // unreachable in verified IR: every input binding names a graph input
        }
        return b;
      };
      for (const Node &inner : callee->graph.nodes) {
        Node copy = inner;
        copy.id = prefix + inner.id;
        ids.insert(copy.id);
        // Control edges: the callee's own, renamed, and whatever the call
        // itself waited for.
        for (std::string &a : copy.after)
          a = prefix + a;
        copy.after.insert(copy.after.end(), node.after.begin(), node.after.end());
        for (ir::Port &p : copy.inputs)
          p.binding = substitute(p.binding);
        cloneExprs(copy);
        nodes.push_back(std::move(copy));
      }
      llvm::StringMap<Binding> &outputs = replaced[node.id];
      for (const ir::Port &out : callee->graph.outputs)
        outputs[out.name] = substitute(out.binding);
      changed_ = true;
    }
    graph.nodes = std::move(nodes);
    for (ir::Port &p : graph.outputs)
      rewrite(p.binding);
  }

  /// Whether the prefixed ids of the callee's nodes are all unused.
  static bool idsAreFree(const std::string &callId, const Graph &callee, const llvm::StringSet<> &ids) {
    for (const Node &inner : callee.nodes)
      if (ids.contains(callId + "." + inner.id))
        return false;
    return true;
  }

  void cloneExprs(Node &node) {
    if (node.expr != ir::kNoExpr)
      node.expr = cloneExpr(node.expr);
    for (ExprId &c : node.conditions)
      c = cloneExpr(c);
    for (Graph &body : node.bodies)
      for (Node &inner : body.nodes)
        cloneExprs(inner);
  }

  ExprId cloneExpr(ExprId id) {
    if (id >= package_.exprs.size())
      return id; // broken IR, reported by the verifier
    ir::Expr copy = package_.exprs[id]; // by value: addExpr may reallocate the pool
    for (ExprId &arg : copy.args)
      arg = cloneExpr(arg);
    return package_.addExpr(std::move(copy));
  }

  Package &package_;
  std::map<std::string, State> state_;
  bool changed_ = false;
};

class SubworkflowInlining : public Pass {
public:
  bool run(Package &package) override { return Inliner(package).run(); }
};

} // namespace

std::unique_ptr<Pass> createSubworkflowInlining() { return std::make_unique<SubworkflowInlining>(); }

} // namespace flytec::passes
