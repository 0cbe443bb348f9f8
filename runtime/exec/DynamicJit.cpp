#include "exec/DynamicJit.h"

#include "ir/IrJson.h"
#include "ir/Verifier.h"
#include "passes/GraphRewriting.h"
#include "passes/PassManager.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/raw_ostream.h>

namespace flytec::runtime {
namespace {

/// How many times folding and unrolling alternate at most; each round
/// unrolls at least one map, so this bounds nesting, not size.
constexpr int kMaxRounds = 16;

/// Replaces map node `index` of `graph` by its unrolled body; false (and
/// nothing changed) when it cannot be unrolled.
bool unrollMap(ir::Package &pkg, ir::Graph &graph, size_t index) {
  const ir::Node &map = graph.nodes[index];
  if (map.kind != ir::NodeKind::Map || map.bodies.size() != 1 || map.settings.concurrency ||
      (map.settings.minSuccessRatio && *map.settings.minSuccessRatio < 1.0))
    return false;
  const ir::Port *items = map.input(map.iterate);
  if (!items || items->binding.kind != ir::Binding::Kind::Const || !items->binding.value.is_array())
    return false;
  const ir::Graph &body = map.bodies[0];
  const ir::Value &elements = items->binding.value;
  std::string prefix = map.id + ".";
  // The new ids must not clash with the graph's.
  for (const ir::Param &out : map.outputs)
    if (graph.find(prefix + out.name))
      return false;
  for (size_t k = 0; k < elements.size(); ++k)
    for (const ir::Node &n : body.nodes)
      if (graph.find(prefix + std::to_string(k) + "." + n.id))
        return false;

  // What a body-graph input is bound to in element k.
  auto outerBinding = [&](const std::string &name, size_t k) -> ir::Binding {
    if (name == map.iterate)
      return ir::Binding::constant(elements[k]);
    const ir::Port *p = map.input(name);
    return p ? p->binding : ir::Binding::constant(nullptr);
  };
  auto rebind = [&](ir::Binding &b, size_t k) {
    std::string elementPrefix = prefix + std::to_string(k) + ".";
    if (b.kind == ir::Binding::Kind::Input)
      b = outerBinding(b.ref, k);
    else if (b.kind == ir::Binding::Kind::Node)
      b.ref = elementPrefix + b.ref;
  };

  std::vector<ir::Node> spliced;
  for (size_t k = 0; k < elements.size(); ++k) {
    std::string elementPrefix = prefix + std::to_string(k) + ".";
    for (const ir::Node &n : body.nodes) {
      ir::Node copy = n;
      copy.id = elementPrefix + n.id;
      for (ir::Port &p : copy.inputs)
        rebind(p.binding, k);
      for (std::string &a : copy.after)
        a = elementPrefix + a;
      copy.after.insert(copy.after.end(), map.after.begin(), map.after.end());
      // A map's settings are meant for the calls of its body.
      if (copy.kind == ir::NodeKind::Task) {
        const ir::Settings &s = map.settings;
        if (s.retries && !copy.settings.retries)
          copy.settings.retries = s.retries;
        if (s.timeoutMs && !copy.settings.timeoutMs)
          copy.settings.timeoutMs = s.timeoutMs;
        if (s.requests && !copy.settings.requests)
          copy.settings.requests = s.requests;
        if (s.limits && !copy.settings.limits)
          copy.settings.limits = s.limits;
        if (s.interruptible && !copy.settings.interruptible)
          copy.settings.interruptible = s.interruptible;
      }
      spliced.push_back(std::move(copy));
    }
  }
  // One list-building expression node per output of the map.
  for (const ir::Param &out : map.outputs) {
    const ir::Port *bodyOut = nullptr;
    for (const ir::Port &p : body.outputs)
      if (p.name == out.name)
        bodyOut = &p;
    ir::Node list;
    list.id = prefix + out.name;
    list.kind = ir::NodeKind::Expression;
    list.loc = map.loc;
    ir::TypeId elementType = pkg.types[out.type].element;
    ir::Expr listExpr;
    listExpr.op = ir::ExprOp::List;
    listExpr.type = out.type;
    for (size_t k = 0; k < elements.size(); ++k) {
      ir::Port port;
      port.name = "e" + std::to_string(k);
      port.type = elementType;
      port.binding = bodyOut ? bodyOut->binding : ir::Binding::constant(nullptr);
      rebind(port.binding, k);
      ir::Expr leaf;
      leaf.op = ir::ExprOp::Input;
      leaf.type = elementType;
      leaf.name = port.name;
      listExpr.args.push_back(pkg.addExpr(std::move(leaf)));
      list.inputs.push_back(std::move(port));
    }
    list.expr = pkg.addExpr(std::move(listExpr));
    ir::Param value;
    value.name = "value";
    value.type = out.type;
    list.outputs.push_back(std::move(value));
    spliced.push_back(std::move(list));
  }
  std::string mapId = map.id; // `map` is gone once the node is erased
  std::vector<std::string> pieces;
  for (const ir::Node &piece : spliced)
    pieces.push_back(piece.id);
  graph.nodes.erase(graph.nodes.begin() + ptrdiff_t(index));
  graph.nodes.insert(graph.nodes.begin() + ptrdiff_t(index), std::make_move_iterator(spliced.begin()),
                     std::make_move_iterator(spliced.end()));
  // Readers of the map read the list nodes; nodes that waited for it wait
  // for all of its pieces.
  passes::forEachBinding(graph, [&](ir::Binding &b) {
    if (b.kind == ir::Binding::Kind::Node && b.ref == mapId) {
      b.ref = mapId + "." + b.output;
      b.output = "value";
    }
  });
  for (ir::Node &n : graph.nodes) {
    auto it = std::find(n.after.begin(), n.after.end(), mapId);
    if (it == n.after.end())
      continue;
    n.after.erase(it);
    n.after.insert(n.after.end(), pieces.begin(), pieces.end());
  }
  graph.reindex();
  return true;
}

size_t unrollMaps(ir::Package &pkg, ir::Graph &graph) {
  size_t unrolled = 0;
  for (size_t i = 0; i < graph.nodes.size(); ++i)
    if (graph.nodes[i].kind == ir::NodeKind::Map && unrollMap(pkg, graph, i))
      ++unrolled;
  return unrolled;
}

size_t countKind(const ir::Graph &graph, ir::NodeKind kind) {
  size_t n = 0;
  for (const ir::Node &node : graph.nodes) {
    n += node.kind == kind;
    for (const ir::Graph &g : node.bodies)
      n += countKind(g, kind);
  }
  return n;
}

bool runPasses(ir::Package &pkg, llvm::ArrayRef<std::string> names, std::string &error) {
  passes::PassManager pm;
  passes::PipelineOptions options;
  options.passes.assign(names.begin(), names.end());
  // The other workflows are set aside while these run (expandDynamic), so
  // calls to them do not resolve yet: the whole package is verified after.
  options.verifyEach = false;
  if (!pm.configure(options, error))
    return false;
  return pm.run(pkg, llvm::nulls(), llvm::nulls(), error);
}

/// The expanded workflow as IR JSON.
nlohmann::json expansionJson(const Expansion &expansion) {
  // A package of the one workflow (with what it needs to read: the types and
  // expressions), cut down to that workflow's JSON.
  ir::Package alone;
  alone.root = expansion.package->root;
  alone.types = expansion.package->types;
  alone.exprs = expansion.package->exprs;
  alone.records = expansion.package->records;
  alone.enums = expansion.package->enums;
  alone.workflows.emplace(expansion.workflow->name, *expansion.workflow);
  nlohmann::json doc = ir::toJson(alone);
  return doc["workflows"][expansion.workflow->name];
}

} // namespace

std::optional<Expansion> expandDynamic(const ir::Package &pkg, const ir::Workflow &dynamic, const ValueMap &inputs,
                                       std::string &error) {
  auto out = std::make_shared<ir::Package>(pkg);
  // Only the expansion is optimized: the rest of the package was, when it
  // was compiled, and passes over it would cost time on every expansion.
  std::map<std::string, ir::Workflow> others;
  others.swap(out->workflows);
  // `pkg` may itself be an expansion's package (recursion): its expanded
  // workflow is not one the new expansion may call.
  for (auto it = others.begin(); it != others.end();)
    it = llvm::StringRef(it->first).endswith("#expanded") ? others.erase(it) : std::next(it);
  ir::Workflow w = dynamic;
  w.name = dynamic.name + "#expanded";
  w.dynamic = false;
  w.hash.clear();
  passes::forEachBinding(w.graph, [&](ir::Binding &b) {
    if (b.kind != ir::Binding::Kind::Input)
      return;
    auto it = inputs.find(b.ref);
    b = ir::Binding::constant(it == inputs.end() ? ir::Value() : it->second);
  });
  size_t branchesBefore = countKind(w.graph, ir::NodeKind::Branch);
  std::string name = w.name;
  out->workflows.insert_or_assign(name, std::move(w));

  Expansion e;
  for (int round = 0; round < kMaxRounds; ++round) {
    if (!runPasses(*out, {"constant-fold"}, error))
      return std::nullopt;
    size_t unrolled = unrollMaps(*out, out->workflows.at(name).graph);
    e.unrolledMaps += unrolled;
    if (unrolled == 0)
      break;
  }
  if (!runPasses(*out, {"cse", "dce", "critical-path"}, error))
    return std::nullopt;
  size_t branchesAfter = countKind(out->workflows.at(name).graph, ir::NodeKind::Branch);
  e.resolvedBranches = branchesBefore > branchesAfter ? branchesBefore - branchesAfter : 0;

  // Back with the others, which its nodes may call.
  ir::Workflow expanded = std::move(out->workflows.at(name));
  out->workflows.swap(others);
  out->workflows.insert_or_assign(name, std::move(expanded));
  std::vector<std::string> problems = ir::verify(*out);
  if (!problems.empty()) {
    error = "the expansion of " + dynamic.name + " does not verify: " + llvm::join(problems, "; ");
    return std::nullopt;
  }
  e.workflow = &out->workflows.at(name);
  e.package = std::move(out);
  e.graph = expansionJson(e);
  return e;
}

} // namespace flytec::runtime
