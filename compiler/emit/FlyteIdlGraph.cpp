// IR graphs as the nodes of a WorkflowTemplate (docs/flyteidl.md,
// "Nodes"): bindings, node metadata and upstream ids, and the nodes that
// are one Flyte node each — task, workflow, launch plan, dynamic,
// expression and gate calls. Branches and maps are in FlyteIdlNested.cpp.
#include "emit/FlyteIdlGraphEmitter.h"

#include "ir/IrJson.h"

#include <fmt/format.h>

namespace flytec::emit::idl {

using ir::Binding;
using ir::NodeKind;

bool allConditionsExpressible(const ir::Package &package, const ir::Node &branch) {
  for (ir::ExprId c : branch.conditions)
    if (!booleanExpression(package, c))
      return false;
  return true;
}

const ir::Port *outputPort(const ir::Graph &g, llvm::StringRef name) {
  for (const ir::Port &p : g.outputs)
    if (p.name == name)
      return &p;
  return nullptr;
}

void GraphEmitter::emitNodes(const ir::Graph &g, Scope &scope, const std::vector<ir::Param> &failOutputs) {
  failOutputs_ = failOutputs;
  for (const ir::Node &n : g.nodes) {
    std::string id = ids.take(sanitizeNodeId(n.id));
    scope.nodes[n.id] = id;
    Json node = emitNode(n, id, id, scope, /*siblings=*/true);
    if (isFailCall(n) && !failOutputs_.empty())
      failNode = id;
    nodes.push_back(std::move(node));
  }
}

Json GraphEmitter::bind(const Binding &b, ir::TypeId type, const Scope &scope) {
  switch (b.kind) {
  case Binding::Kind::Const: {
    Json lit;
    std::string error;
    if (!literal(package_, type, b.value, lit, error)) {
      c_.fail(error);
      return Json{{"scalar", {{"noneType", Json::object()}}}};
    }
    return bindingData(lit);
  }
  case Binding::Kind::Input:
    if (auto it = scope.inputs.find(b.ref); it != scope.inputs.end())
      return it->second;
    c_.fail(fmt::format("no input '{}' to bind in {}", b.ref, workflow_));
    return Json();
  case Binding::Kind::Node:
    if (auto it = scope.nodes.find(b.ref); it != scope.nodes.end())
      return Json{{"promise", {{"nodeId", it->second}, {"var", b.output}}}};
    c_.fail(fmt::format("no node '{}' to bind in {}", b.ref, workflow_));
    return Json();
  }
  return Json();
}

bool GraphEmitter::isFailCall(const ir::Node &n) const {
  if (n.kind != NodeKind::Task)
    return false;
  auto it = package_.tasks.find(n.target);
  return it != package_.tasks.end() && it->second.builtin == "std.fail";
}

Json GraphEmitter::inputsOf(const ir::Node &n, const Scope &scope) {
  Json inputs = Json::array();
  for (const ir::Port &p : n.inputs)
    inputs.push_back({{"var", p.name}, {"binding", bind(p.binding, p.type, scope)}});
  return inputs;
}

Json GraphEmitter::upstream(const Json &inputs, const std::vector<std::string> &after, const Scope &scope) {
  std::set<std::string> ids;
  promiseSources(inputs, ids);
  ids.erase("start-node");
  for (const std::string &a : after)
    if (auto it = scope.nodes.find(a); it != scope.nodes.end())
      ids.insert(it->second);
  return Json(std::vector<std::string>(ids.begin(), ids.end()));
}

void GraphEmitter::setUpstream(Json &node, Json ids) {
  if (ids.empty())
    node.erase("upstreamNodeIds");
  else
    node["upstreamNodeIds"] = std::move(ids);
}

Json GraphEmitter::metadata(const std::string &name, const ir::Settings &s) {
  Json m = {{"name", name}};
  if (s.timeoutMs)
    m["timeout"] = ir::durationString(*s.timeoutMs);
  if (s.retries)
    m["retries"] = {{"retries", *s.retries}};
  if (s.interruptible)
    m["interruptible"] = *s.interruptible;
  return m;
}

std::vector<ir::Param> GraphEmitter::params(const std::vector<ir::Port> &ports) {
  std::vector<ir::Param> out;
  for (const ir::Port &p : ports)
    out.push_back({p.name, p.type, std::nullopt, ""});
  return out;
}

Json GraphEmitter::emitNode(const ir::Node &n, const std::string &id, const std::string &fullId, const Scope &scope,
                            bool siblings) {
  if (n.kind == NodeKind::Branch)
    return emitBranch(n, id, fullId, scope, siblings);
  if (n.kind == NodeKind::Map)
    return emitMap(n, id, fullId, scope);
  Json inputs = inputsOf(n, scope);
  Json node = {{"id", id}, {"metadata", metadata(n.id, n.settings)}};
  Json overrides = Json::object();
  if (Json res = resources(n.settings.requests, n.settings.limits); !res.is_null())
    overrides["resources"] = res;
  switch (n.kind) {
  case NodeKind::Task: {
    auto it = package_.tasks.find(n.target);
    if (it == package_.tasks.end()) {
      c_.fail(fmt::format("node '{}' calls '{}', which the package does not define", n.id, n.target));
      break;
    }
    Json ref = isFailCall(n) && !failOutputs_.empty() ? c_.failReference(it->second, failOutputs_)
                                                      : c_.taskReference(it->second);
    node["taskNode"] = {{"referenceId", ref}};
    break;
  }
  case NodeKind::Workflow:
    if (n.launchPlan) {
      auto it = package_.launchPlans.find(n.target);
      if (it == package_.launchPlans.end())
        c_.fail(fmt::format("node '{}' launches '{}', which the package does not define", n.id, n.target));
      else
        node["workflowNode"] = {{"launchplanRef", c_.launchPlanReference(it->second)}};
      break;
    }
    [[fallthrough]];
  case NodeKind::Dynamic: {
    auto it = package_.workflows.find(n.target);
    if (it == package_.workflows.end()) {
      c_.fail(fmt::format("node '{}' calls '{}', which the package does not define", n.id, n.target));
      break;
    }
    // A dynamic workflow's graph exists only at run time: a task expands it.
    if (it->second.dynamic)
      node["taskNode"] = {{"referenceId", c_.dynamicReference(it->second)}};
    else
      node["workflowNode"] = {{"subWorkflowRef", c_.workflowReference(it->second)}};
    break;
  }
  case NodeKind::Expression: {
    Json exprs = Json::object();
    if (!n.outputs.empty())
      exprs[n.outputs.front().name] = ir::exprToJson(package_, n.expr);
    std::vector<ir::Param> ins = params(n.inputs);
    node["taskNode"] = {{"referenceId", c_.expressionReference(ins, n.outputs, exprs)}};
    break;
  }
  case NodeKind::Gate:
    emitGate(n, fullId, inputs, node);
    break;
  case NodeKind::Branch:
  case NodeKind::Map:
    break;
  }
  if (!overrides.empty() && node.contains("taskNode"))
    node["taskNode"]["overrides"] = overrides;
  node["inputs"] = inputs;
  setUpstream(node, upstream(inputs, n.after, scope));
  return node;
}

void GraphEmitter::emitGate(const ir::Node &n, const std::string &fullId, Json &inputs, Json &node) {
  const ir::Port *first = n.inputs.empty() ? nullptr : &n.inputs.front();
  if (n.target == "sleep") {
    // Flyte's sleep gate has a fixed duration; one known only at run time
    // sleeps in a task instead.
    if (first && first->binding.kind == Binding::Kind::Const) {
      node["gateNode"] = {{"sleep", {{"duration", first->binding.value}}}};
      inputs = Json::array();
    } else {
      node["taskNode"] = {{"referenceId", c_.sleepReference()}};
    }
    return;
  }
  if (n.target == "approve") {
    // The approve gate passes its inputs on as its outputs, so the value
    // (and the prompt, which people approving see) go in as inputs.
    node["gateNode"] = {{"approve", {{"signalId", fullId}}}};
    return;
  }
  if (n.target == "signal") {
    if (!first || first->binding.kind != Binding::Kind::Const || !first->binding.value.is_string() ||
        n.outputs.empty()) {
      c_.fail(fmt::format("signal node '{}' needs a constant name for Flyte", n.id));
      return;
    }
    node["gateNode"] = {{"signal",
                         {{"signalId", first->binding.value},
                          {"type", literalType(package_, n.outputs.front().type)},
                          {"outputVariableName", n.outputs.front().name}}}};
    inputs = Json::array();
    return;
  }
  c_.fail(fmt::format("gate node '{}' waits for '{}', which has no Flyte form", n.id, n.target));
}

Json workflowTemplate(Closure &closure, const std::string &name, const std::string &version, const ir::Graph &graph,
                      const std::vector<ir::Param> &outputs, const std::vector<ir::Param> &failOutputs,
                      const ir::Workflow *source) {
  const ir::Package &package = closure.package();
  GraphEmitter emitter(closure, name, version);
  Scope scope;
  for (const ir::Param &p : graph.inputs)
    scope.inputs[p.name] = {{"promise", {{"nodeId", "start-node"}, {"var", p.name}}}};
  emitter.emitNodes(graph, scope, failOutputs);
  // Flyte rejects a workflow without nodes (one that passes an input
  // through, say): one node then gives the outputs, or waits for nothing.
  std::string given = graph.nodes.empty() ? emitter.emitNodeless(graph, outputs, scope) : "";
  Json bindings = Json::array();
  for (const ir::Param &o : outputs) {
    Json data;
    if (!given.empty())
      data = {{"promise", {{"nodeId", given}, {"var", o.name}}}};
    else if (const ir::Port *p = outputPort(graph, o.name))
      data = emitter.bind(p->binding, o.type, scope);
    else if (!emitter.failNode.empty())
      data = {{"promise", {{"nodeId", emitter.failNode}, {"var", o.name}}}};
    else
      closure.fail(fmt::format("{} gives no value for output '{}'", name, o.name));
    bindings.push_back({{"var", o.name}, {"binding", data}});
  }
  // Assigned, not listed: an initializer list would copy every node.
  Json tmpl = Json::object();
  tmpl["id"] = closure.identifier("WORKFLOW", name, version);
  tmpl["interface"] = typedInterface(package, graph.inputs, outputs);
  tmpl["nodes"] = std::move(emitter.nodes);
  tmpl["outputs"] = std::move(bindings);
  Json metadata = {
      {"onFailure", source && source->continueOnFailure ? "FAIL_AFTER_EXECUTABLE_NODES_COMPLETE" : "FAIL_IMMEDIATELY"}};
  tmpl["metadata"] = metadata;
  if (source && !source->onFailure.empty())
    tmpl["failureNode"] = failureNode(closure, *source, emitter.ids.take("on-failure"));
  return tmpl;
}

} // namespace flytec::emit::idl
