// The "constant-fold" pass (-O1): computes at compile time what depends only
// on constants.
//
// Each graph is walked once in topological order, carrying a table of
// rebound outputs (node output -> the binding that replaces it). For each
// node, every input binding is first resolved through that table, and an
// input of the graph that is known to be constant (a nested graph's input
// whose node input is a constant) becomes that constant. Then:
//   - Expression node: evaluated with the evaluator (ir/Eval.h) over its
//     constant inputs. If that succeeds — which also happens when a
//     short-circuit (`false and x`, `c ?? y`) never reads a non-constant
//     input — the node is removed and its output is rebound to the constant.
//     Otherwise the tree is simplified: Input leaves bound to constants
//     become Const leaves, subtrees without inputs are evaluated, and `if`,
//     `and`, `or` and `??` with a constant left side keep only the side that
//     matters; inputs no leaf reads any more are dropped. An evaluation
//     error (division by zero, ...) is never folded: the node stays and
//     fails at run time, where the error has a place and an execution.
//   - Branch node: conditions are simplified the same way. A case whose
//     condition is constant false is dropped; a constant true condition
//     makes its case the last one (the else). When the first case is
//     certain (or only the else is left) the branch is replaced by that
//     case's graph: its nodes, renamed `<branch id>.<node id>`, take the
//     branch's place, their reads of the case graph's inputs become the
//     branch's input bindings, and readers of the branch's outputs are
//     rebound to the case graph's outputs. The spliced nodes are then
//     folded like any other node. A branch without else whose cases are all
//     false is removed (it has no outputs). The remaining case graphs are
//     folded with the branch's constant inputs.
//   - Map node: the body is folded with the constants among the map node's
//     inputs (not the iterated list: the body sees one element of it).
//   - Other nodes (tasks, subworkflows, gates) only get their inputs
//     resolved; they are never removed.
// Finally the graph's outputs are resolved.
//
// A folded value larger than kMaxFoldedBytes of JSON (`range(100000)`) is
// left to the runtime: folding must not blow up the IR.
#include "ir/Eval.h"
#include "passes/GraphRewriting.h"
#include "passes/Pass.h"

#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/StringMap.h>
#include <llvm/ADT/Twine.h>

#include <algorithm>

namespace flytec::passes {
namespace {

using ir::Binding;
using ir::Expr;
using ir::ExprId;
using ir::ExprOp;
using ir::Graph;
using ir::Node;
using ir::NodeKind;
using ir::Value;

constexpr size_t kMaxFoldedBytes = 64 * 1024;

std::string outputKey(llvm::StringRef node, llvm::StringRef output) { return (llvm::Twine(node) + "\n" + output).str(); }

/// The value of a node input bound to a constant, else null.
const Value *constantInput(const Node &n, llvm::StringRef name) {
  const ir::Port *p = n.input(name);
  return p && p->binding.kind == Binding::Kind::Const ? &p->binding.value : nullptr;
}

class ConstantFolder {
public:
  explicit ConstantFolder(ir::Package &package) : pkg(package) {}

  bool run() {
    for (auto &entry : pkg.workflows)
      foldGraph(entry.second.graph, {});
    return changed;
  }

private:
  /// The graph inputs known to be constant.
  using Constants = llvm::StringMap<Value>;

  void foldGraph(Graph &g, const Constants &constants) {
    llvm::StringMap<Binding> rebound;
    auto resolve = [&](Binding &b) {
      while (b.kind == Binding::Kind::Node && !rebound.empty()) {
        // The key on the stack: this runs for every binding of the graph.
        llvm::SmallString<64> key(b.ref);
        key += '\n';
        key += b.output;
        auto it = rebound.find(key);
        if (it == rebound.end())
          break;
        b = it->second;
        changed = true;
      }
      if (b.kind == Binding::Kind::Input)
        if (auto it = constants.find(b.ref); it != constants.end()) {
          b = Binding::constant(it->second);
          changed = true;
        }
    };
    llvm::StringSet<> ids;
    for (const Node &n : g.nodes)
      ids.insert(n.id);
    // Nodes are moved out and back in one by one, so that removing and
    // splicing cost nothing per node; spliced nodes wait on a stack and are
    // folded before the nodes after the branch.
    std::vector<Node> pending = std::move(g.nodes);
    std::reverse(pending.begin(), pending.end());
    g.nodes.clear();
    g.nodes.reserve(pending.size());
    // Control edges (`after`) to a node that goes away: to what it waited
    // for when it is removed, to the nodes that replace it when spliced.
    llvm::StringMap<std::vector<std::string>> replacedBy;
    auto resolveAfter = [&](Node &n) {
      std::vector<std::string> after;
      for (const std::string &a : n.after) {
        auto it = replacedBy.find(a);
        for (const std::string &x : it == replacedBy.end() ? std::vector<std::string>{a} : it->second)
          if (!llvm::is_contained(after, x))
            after.push_back(x);
      }
      n.after = std::move(after);
    };
    while (!pending.empty()) {
      Node n = std::move(pending.back());
      pending.pop_back();
      for (ir::Port &p : n.inputs)
        resolve(p.binding);
      resolveAfter(n);
      switch (n.kind) {
      case NodeKind::Expression:
        if (std::optional<Value> v = foldExpression(n)) {
          rebound[outputKey(n.id, n.outputs.front().name)] = Binding::constant(std::move(*v));
          replacedBy[n.id] = n.after;
          changed = true;
          continue;
        }
        break;
      case NodeKind::Branch: {
        std::vector<Node> spliced;
        switch (foldBranch(n, ids, rebound, spliced)) {
        case BranchFate::Removed:
          replacedBy[n.id] = n.after;
          continue;
        case BranchFate::Spliced: {
          std::vector<std::string> &by = replacedBy[n.id];
          for (Node &m : spliced) {
            by.push_back(m.id);
            m.after.insert(m.after.end(), n.after.begin(), n.after.end());
          }
          if (spliced.empty())
            by = n.after;
          pending.insert(pending.end(), std::make_move_iterator(spliced.rbegin()),
                         std::make_move_iterator(spliced.rend()));
          continue;
        }
        case BranchFate::Kept:
          break;
        }
        break;
      }
      case NodeKind::Map: {
        Constants inner;
        for (const ir::Port &p : n.inputs)
          if (p.name != n.iterate && p.binding.kind == Binding::Kind::Const)
            inner[p.name] = p.binding.value;
        for (Graph &body : n.bodies)
          foldGraph(body, inner);
        break;
      }
      case NodeKind::Task:
      case NodeKind::Workflow:
      case NodeKind::Dynamic:
      case NodeKind::Gate:
        break;
      }
      g.nodes.push_back(std::move(n));
    }
    for (ir::Port &p : g.outputs)
      resolve(p.binding);
    // The graph's index rebuilds itself when next asked (Graph::find).
  }

  /// The node's value when it is constant; otherwise simplifies its tree.
  std::optional<Value> foldExpression(Node &n) {
    if (n.expr >= pkg.exprs.size() || n.outputs.size() != 1)
      return std::nullopt;
    std::string error;
    if (std::optional<Value> v = ir::evaluate(
            pkg, n.expr, [&](llvm::StringRef name) { return constantInput(n, name); }, error))
      if (small(*v))
        return v;
    ExprId simpler = simplify(n.expr, n);
    if (simpler != n.expr) {
      n.expr = simpler;
      changed = true;
    }
    // Inputs the simplified tree no longer reads are no longer dependencies.
    llvm::StringSet<> read;
    inputsRead(pkg, n.expr, read);
    size_t before = n.inputs.size();
    llvm::erase_if(n.inputs, [&](const ir::Port &p) { return !read.count(p.name); });
    changed |= n.inputs.size() != before;
    return std::nullopt;
  }

  static bool small(const Value &v) { return v.dump().size() <= kMaxFoldedBytes; }

  /// The tree with constant inputs and constant subtrees folded. Keeps every
  /// expression's type, so operators that dispatch on types see the same.
  ExprId simplify(ExprId id, const Node &n) {
    const Expr e = pkg.exprs[id]; // a copy: the pool grows below
    auto constant = [&](ExprId x) -> const Value * {
      return pkg.exprs[x].op == ExprOp::Const ? &pkg.exprs[x].value : nullptr;
    };
    auto sameType = [&](ExprId x) { return pkg.exprs[x].type == e.type; };
    // The first operand, when a short-circuit below has simplified it already.
    std::optional<ExprId> first;
    switch (e.op) {
    case ExprOp::Const:
      return id;
    case ExprOp::Input:
      if (const Value *v = constantInput(n, e.name))
        return addConstant(pkg, e.type, *v);
      return id;
    case ExprOp::Cond:
      if (e.args.size() == 3) {
        ExprId c = simplify(e.args[0], n);
        first = c;
        if (const Value *v = constant(c); v && v->is_boolean()) {
          ExprId arm = simplify(e.args[v->get<bool>() ? 1 : 2], n);
          if (sameType(arm))
            return arm;
          if (const Value *a = constant(arm))
            return addConstant(pkg, e.type, *a);
        }
      }
      break;
    case ExprOp::Binary:
      if (e.args.size() == 2 && (e.name == "and" || e.name == "or" || e.name == "??")) {
        ExprId lhs = simplify(e.args[0], n);
        first = lhs;
        const Value *v = constant(lhs);
        if (!v)
          break;
        if (e.name == "??") {
          if (!v->is_null())
            return addConstant(pkg, e.type, *v);
          ExprId rhs = simplify(e.args[1], n);
          if (sameType(rhs))
            return rhs;
          break;
        }
        if (!v->is_boolean())
          break;
        // `false and x` and `true or x` are decided; otherwise the value is x.
        if (v->get<bool>() == (e.name == "or"))
          return addConstant(pkg, e.type, *v);
        ExprId rhs = simplify(e.args[1], n);
        if (sameType(rhs))
          return rhs;
      }
      break;
    default:
      break;
    }
    std::vector<ExprId> args = e.args;
    bool argsChanged = false, allConstant = true;
    for (ExprId &a : args) {
      ExprId b = first && &a == &args.front() ? *first : simplify(a, n);
      argsChanged |= b != a;
      allConstant &= constant(b) != nullptr;
      a = b;
    }
    if (e.op == ExprOp::Format)
      argsChanged |= joinConstantParts(args);
    ExprId rebuilt = id;
    if (argsChanged) {
      Expr copy = e;
      copy.args = std::move(args);
      rebuilt = pkg.addExpr(std::move(copy));
    }
    if (allConstant && !e.args.empty()) {
      std::string error;
      auto none = [](llvm::StringRef) -> const Value * { return nullptr; };
      if (std::optional<Value> v = ir::evaluate(pkg, rebuilt, none, error); v && small(*v))
        return addConstant(pkg, e.type, std::move(*v));
    }
    return rebuilt;
  }

  /// Adjacent constant parts of an interpolated string become one string
  /// constant ("n=" 3 " items" is "n=3 items"); returns whether any did.
  bool joinConstantParts(std::vector<ExprId> &parts) {
    std::vector<ExprId> joined;
    bool any = false;
    for (size_t i = 0; i < parts.size();) {
      size_t j = i;
      std::string text;
      for (; j < parts.size() && pkg.exprs[parts[j]].op == ExprOp::Const; ++j)
        text += ir::toText(pkg.types, pkg.exprs[parts[j]].type, pkg.exprs[parts[j]].value);
      if (j - i >= 2 || (j - i == 1 && pkg.exprs[parts[i]].type != pkg.types.scalar(ir::TypeKind::String))) {
        joined.push_back(addConstant(pkg, pkg.types.scalar(ir::TypeKind::String), std::move(text)));
        any = true;
      } else if (j > i) {
        joined.push_back(parts[i]);
      }
      if (j < parts.size())
        joined.push_back(parts[j]);
      i = j + 1;
    }
    if (any)
      parts = std::move(joined);
    return any;
  }

  enum class BranchFate { Kept, Removed, Spliced };

  BranchFate foldBranch(Node &n, llvm::StringSet<> &ids, llvm::StringMap<Binding> &rebound,
                        std::vector<Node> &spliced) {
    bool hasElse = n.bodies.size() == n.conditions.size() + 1;
    std::vector<ExprId> conditions;
    std::vector<Graph> bodies;
    bool decided = false; // a condition is certainly true: what follows it never runs
    for (size_t i = 0; i < n.conditions.size() && i < n.bodies.size(); ++i) {
      ExprId c = simplify(n.conditions[i], n);
      const ir::Expr &ce = pkg.exprs[c];
      if (ce.op == ExprOp::Const && ce.value.is_boolean()) {
        changed = true;
        if (ce.value.get<bool>()) {
          bodies.push_back(std::move(n.bodies[i]));
          decided = true;
          break;
        }
        continue; // never taken
      }
      changed |= c != n.conditions[i];
      conditions.push_back(c);
      bodies.push_back(std::move(n.bodies[i]));
    }
    if (!decided && hasElse)
      bodies.push_back(std::move(n.bodies.back()));
    if (bodies.empty() && n.outputs.empty())
      return BranchFate::Removed;
    n.conditions = std::move(conditions);
    n.bodies = std::move(bodies);
    if (n.conditions.empty() && n.bodies.size() == 1 && splice(n, ids, rebound, spliced))
      return BranchFate::Spliced;
    Constants inner;
    for (const ir::Port &p : n.inputs)
      if (p.binding.kind == Binding::Kind::Const)
        inner[p.name] = p.binding.value;
    for (Graph &body : n.bodies)
      foldGraph(body, inner);
    return BranchFate::Kept;
  }

  /// Replaces the branch by the nodes of its one remaining graph. False
  /// (and nothing changed) when a renamed id would clash, or the graph does
  /// not give every output (a case ending in std.fail).
  bool splice(const Node &n, llvm::StringSet<> &ids, llvm::StringMap<Binding> &rebound, std::vector<Node> &out) {
    const Graph &body = n.bodies.front();
    std::string prefix = n.id + ".";
    for (const Node &m : body.nodes)
      if (ids.count(prefix + m.id))
        return false;
    auto translate = [&](const Binding &b) -> std::optional<Binding> {
      switch (b.kind) {
      case Binding::Kind::Const:
        return b;
      case Binding::Kind::Input:
        if (const ir::Port *p = n.input(b.ref))
          return p->binding;
        return std::nullopt;
      case Binding::Kind::Node:
        return Binding::node(prefix + b.ref, b.output);
      }
      return std::nullopt;
    };
    llvm::StringMap<Binding> outputs;
    for (const ir::Param &o : n.outputs) {
      auto port = llvm::find_if(body.outputs, [&](const ir::Port &p) { return p.name == o.name; });
      std::optional<Binding> b = port == body.outputs.end() ? std::nullopt : translate(port->binding);
      if (!b)
        return false;
      outputs[outputKey(n.id, o.name)] = std::move(*b);
    }
    std::vector<Node> nodes = body.nodes;
    for (Node &m : nodes) {
      m.id = prefix + m.id;
      for (std::string &a : m.after)
        a = prefix + a;
      for (ir::Port &p : m.inputs) {
        std::optional<Binding> b = translate(p.binding);
        if (!b)
          return false;
        p.binding = std::move(*b);
      }
    }
    for (Node &m : nodes)
      ids.insert(m.id);
    for (auto &entry : outputs)
      rebound[entry.getKey()] = std::move(entry.getValue());
    out = std::move(nodes);
    return true;
  }

  ir::Package &pkg;
  bool changed = false;
};

class ConstantFolding : public Pass {
public:
  bool run(ir::Package &package) override { return ConstantFolder(package).run(); }
};

} // namespace

std::unique_ptr<Pass> createConstantFolding() { return std::make_unique<ConstantFolding>(); }

} // namespace flytec::passes
