// Branches and maps in Flyte IDL (docs/flyteidl.md, "Branches", "Maps").
// Flyte nests differently from the IR: a branch case and a map
// body are each ONE node, which binds directly to the enclosing workflow's
// values (there is no "input of the branch" to read from). So a nested
// graph that is one node giving the outputs under the same names and types
// becomes that node, its bindings rewritten to what the branch or map node
// itself was given; any other nested graph becomes a generated
// sub-workflow, and the case or body a workflow node calling it. A nested
// graph with no node at all still needs one: a zero-length sleep gate when
// it gives nothing, else an expression task giving its constants and
// pass-through values.
//
// Conditions Flyte cannot evaluate (FlyteIdlConditions.cpp) are computed
// by one expression task before the branch, which gives the number of the
// first case whose condition holds (0 for none); the cases then compare it
// with their number. One selector keeps the IR's order of evaluation: a
// later condition is never evaluated once an earlier one held.
#include "emit/FlyteIdlGraphEmitter.h"

#include "ir/IrJson.h"

#include <fmt/format.h>

namespace flytec::emit::idl {

using ir::Binding;
using ir::NodeKind;

namespace {

constexpr llvm::StringLiteral kSelectorInput = ".case";

} // namespace

// ---------------------------------------------------------------- branches

std::string GraphEmitter::emitNodeless(const ir::Graph &g, const std::vector<ir::Param> &outputs, const Scope &scope) {
  if (outputs.empty()) {
    nodes.push_back(noop(ids.take("nothing"), "nothing"));
    return "";
  }
  std::string id = ids.take("values");
  nodes.push_back(valuesNode(g, outputs, scope.inputs, id, "values"));
  return id;
}

Json GraphEmitter::emitBranch(const ir::Node &n, const std::string &id, const std::string &fullId, const Scope &scope,
                              bool siblings) {
  Json inputs = inputsOf(n, scope);
  std::map<std::string, Json> branchInputs;
  for (const Json &b : inputs)
    branchInputs[b["var"].get<std::string>()] = b["binding"];
  std::vector<Json> conditions;
  if (allConditionsExpressible(package_, n)) {
    for (ir::ExprId cond : n.conditions)
      conditions.push_back(*booleanExpression(package_, cond));
  } else if (!siblings) {
    c_.fail(fmt::format("internal: branch '{}' needs a selector where none can go", n.id));
  } else {
    std::string selector = emitSelector(n, fullId, inputs, scope);
    inputs.push_back({{"var", kSelectorInput}, {"binding", {{"promise", {{"nodeId", selector}, {"var", "case"}}}}}});
    for (size_t k = 0; k < n.conditions.size(); ++k)
      conditions.push_back({{"comparison",
                             {{"operator", "EQ"},
                              {"leftValue", {{"var", kSelectorInput}}},
                              {"rightValue", {{"primitive", {{"integer", std::to_string(k + 1)}}}}}}}});
  }
  Json ifElse = Json::object();
  for (size_t k = 0; k < n.conditions.size(); ++k) {
    Json block = {{"condition", conditions[k]},
                  {"thenNode", emitCase(n, k, "case" + std::to_string(k + 1), fullId, branchInputs)}};
    if (k == 0)
      ifElse["case"] = std::move(block);
    else
      ifElse["other"].push_back(std::move(block));
  }
  if (n.bodies.size() > n.conditions.size()) {
    Json last = emitCase(n, n.conditions.size(), "else", fullId, branchInputs);
    if (last.contains("failedNodeId"))
      ifElse["error"] = std::move(last);
    else
      ifElse["elseNode"] = std::move(last);
  } else if (n.outputs.empty()) {
    // Flyte needs a default; an `if` statement without `else` does nothing.
    ifElse["elseNode"] = noop(ids.takeChild(fullId, "else"), n.id + ".else");
  } else {
    ifElse["error"] = {{"failedNodeId", fullId}, {"message", "no case of '" + n.id + "' holds"}};
  }
  Json node = {{"id", id}, {"metadata", metadata(n.id, n.settings)}, {"inputs", inputs}};
  setUpstream(node, upstream(inputs, n.after, scope));
  node["branchNode"] = {{"ifElse", ifElse}};
  return node;
}

std::string GraphEmitter::emitSelector(const ir::Node &n, const std::string &fullId, const Json &inputs,
                                       const Scope &scope) {
  Json expr = {{"op", "const"}, {"type", "int"}, {"value", 0}};
  for (size_t k = n.conditions.size(); k-- > 0;)
    expr = {{"op", "cond"},
            {"type", "int"},
            {"args",
             {ir::exprToJson(package_, n.conditions[k]), {{"op", "const"}, {"type", "int"}, {"value", k + 1}}, expr}}};
  std::vector<ir::Param> outs = {{"case", ir::TypeId(ir::TypeKind::Int), std::nullopt, ""}};
  std::string id = ids.take(fullId + "-select");
  Json node = {{"id", id},
               {"metadata", {{"name", n.id + ".select"}}},
               {"inputs", inputs},
               {"taskNode", {{"referenceId", c_.expressionReference(params(n.inputs), outs, Json{{"case", expr}})}}}};
  setUpstream(node, upstream(inputs, n.after, scope));
  nodes.push_back(std::move(node));
  return id;
}

Json GraphEmitter::noop(const std::string &id, const std::string &name) {
  return {{"id", id}, {"metadata", {{"name", name}}}, {"gateNode", {{"sleep", {{"duration", "0s"}}}}}};
}

const ir::Node *GraphEmitter::failCall(const ir::Graph &g) const {
  for (const ir::Node &m : g.nodes)
    if (isFailCall(m))
      return &m;
  return nullptr;
}

Json GraphEmitter::emitCase(const ir::Node &n, size_t k, const std::string &label, const std::string &fullId,
                            const std::map<std::string, Json> &branchInputs) {
  const ir::Graph &g = n.bodies[k];
  std::vector<ir::Param> missing;
  for (const ir::Param &o : n.outputs)
    if (!outputPort(g, o.name))
      missing.push_back(o);
  const ir::Node *fail = failCall(g);
  if (!missing.empty() && !fail) {
    c_.fail(fmt::format("branch '{}' {} gives no value for '{}'", n.id, label, missing.front().name));
    return Json::object();
  }
  if (label == "else" && fail && g.nodes.size() == 1 && g.outputs.empty() && !fail->inputs.empty() &&
      fail->inputs.front().binding.kind == Binding::Kind::Const && fail->inputs.front().binding.value.is_string())
    return {{"failedNodeId", fullId}, {"message", fail->inputs.front().binding.value}};
  std::string name = n.id + "." + label;
  if (g.nodes.empty()) {
    std::string id = ids.takeChild(fullId, label);
    if (n.outputs.empty())
      return noop(id, name);
    return valuesNode(g, n.outputs, branchInputs, id, name);
  }
  if (singleNodeCase(n, g, missing, fail)) {
    const ir::Node &m = g.nodes.front();
    std::string id = ids.takeChild(fullId, sanitizeNodeId(m.id));
    Scope inner;
    inner.inputs = branchInputs;
    std::vector<ir::Param> saved = failOutputs_;
    failOutputs_ = missing;
    Json node = emitNode(m, id, fullId + "-" + id, inner, /*siblings=*/false);
    node.erase("upstreamNodeIds");
    failOutputs_ = saved;
    return node;
  }
  std::string id = ids.takeChild(fullId, label);
  return subWorkflowNode(g, n.outputs, missing, branchInputs, id, fullId + "-" + id, name);
}

bool GraphEmitter::singleNodeCase(const ir::Node &n, const ir::Graph &g, const std::vector<ir::Param> &missing,
                                  const ir::Node *fail) const {
  if (g.nodes.size() != 1)
    return false;
  const ir::Node &m = g.nodes.front();
  if (m.kind == NodeKind::Branch && !allConditionsExpressible(package_, m))
    return false;
  if (!missing.empty())
    return &m == fail && g.outputs.empty();
  if (g.outputs.size() != n.outputs.size())
    return false;
  for (const ir::Param &o : n.outputs) {
    const ir::Port *p = outputPort(g, o.name);
    const ir::Param *given = m.output(o.name);
    if (!p || p->binding.kind != Binding::Kind::Node || p->binding.ref != m.id || p->binding.output != o.name ||
        !given || given->type != o.type)
      return false;
  }
  return true;
}

Json GraphEmitter::valuesNode(const ir::Graph &g, const std::vector<ir::Param> &outputs,
                              const std::map<std::string, Json> &outer, const std::string &id,
                              const std::string &name) {
  Json exprs = Json::object();
  std::vector<ir::Param> ins;
  Json inputs = Json::array();
  for (const ir::Param &o : outputs) {
    const ir::Port *p = outputPort(g, o.name);
    if (!p)
      continue;
    if (p->binding.kind == Binding::Kind::Const) {
      exprs[o.name] = {{"op", "const"}, {"type", ir::typeToJson(package_.types, p->type)}, {"value", p->binding.value}};
      continue;
    }
    const std::string &input = p->binding.ref;
    exprs[o.name] = {{"op", "input"}, {"name", input}, {"type", ir::typeToJson(package_.types, p->type)}};
    if (std::none_of(ins.begin(), ins.end(), [&](const ir::Param &q) { return q.name == input; })) {
      ins.push_back({input, p->type, std::nullopt, ""});
      auto it = outer.find(input);
      inputs.push_back({{"var", input}, {"binding", it == outer.end() ? Json() : it->second}});
    }
  }
  Json node = {{"id", id}, {"metadata", {{"name", name}}}, {"inputs", inputs}};
  node["taskNode"] = {{"referenceId", c_.expressionReference(ins, outputs, exprs)}};
  return node;
}

Json GraphEmitter::subWorkflowNode(const ir::Graph &g, const std::vector<ir::Param> &outputs,
                                   const std::vector<ir::Param> &missing, const std::map<std::string, Json> &outer,
                                   const std::string &id, const std::string &fullId, const std::string &name) {
  std::string wfName = c_.uniqueName(workflow_ + "." + fullId);
  Json tmpl = workflowTemplate(c_, wfName, version_, g, outputs, missing, nullptr);
  Json ref = c_.addGeneratedWorkflow(wfName, std::move(tmpl));
  Json inputs = Json::array();
  for (const ir::Param &p : g.inputs) {
    auto it = outer.find(p.name);
    if (it == outer.end()) {
      c_.fail(fmt::format("no value for input '{}' of {}", p.name, name));
      continue;
    }
    inputs.push_back({{"var", p.name}, {"binding", it->second}});
  }
  Json node = {{"id", id}, {"metadata", {{"name", name}}}, {"inputs", inputs}};
  node["workflowNode"] = {{"subWorkflowRef", ref}};
  return node;
}

// -------------------------------------------------------------------- maps

bool GraphEmitter::singleNodeBody(const ir::Node &n, const ir::Graph &body) const {
  if (body.nodes.size() != 1)
    return false;
  const ir::Node &m = body.nodes.front();
  if (m.kind != NodeKind::Task && m.kind != NodeKind::Expression && m.kind != NodeKind::Workflow &&
      m.kind != NodeKind::Dynamic)
    return false;
  if (!m.after.empty() || isFailCall(m))
    return false;
  bool readsElement = false;
  for (const ir::Port &p : m.inputs) {
    if (p.binding.kind == Binding::Kind::Node)
      return false;
    readsElement |= p.binding.kind == Binding::Kind::Input && p.binding.ref == n.iterate;
  }
  if (!readsElement || body.outputs.size() != n.outputs.size())
    return false;
  for (const ir::Port &o : body.outputs) {
    const ir::Param *given = m.output(o.name);
    if (o.binding.kind != Binding::Kind::Node || o.binding.ref != m.id || o.binding.output != o.name || !given ||
        given->type != o.type)
      return false;
  }
  return true;
}

Json GraphEmitter::emitMap(const ir::Node &n, const std::string &id, const std::string &fullId, const Scope &scope) {
  std::map<std::string, Json> mapInputs;
  for (const ir::Port &p : n.inputs)
    mapInputs[p.name] = bind(p.binding, p.type, scope);
  if (n.bodies.empty()) {
    c_.fail(fmt::format("map node '{}' has no body", n.id));
    return Json::object();
  }
  const ir::Graph &body = n.bodies.front();
  Json sub;
  std::vector<std::string> bound;
  if (singleNodeBody(n, body)) {
    const ir::Node &m = body.nodes.front();
    Scope inner;
    inner.inputs = mapInputs;
    std::string subId = ids.take(fullId + "-" + sanitizeNodeId(m.id));
    sub = emitNode(m, subId, subId, inner, /*siblings=*/false);
    sub.erase("upstreamNodeIds");
    for (const ir::Port &p : m.inputs)
      if (!(p.binding.kind == Binding::Kind::Input && p.binding.ref == n.iterate))
        bound.push_back(p.name);
  } else {
    std::vector<ir::Param> outs = params(body.outputs);
    std::string subId = ids.take(fullId + "-body");
    if (body.nodes.empty()) {
      sub = valuesNode(body, outs, mapInputs, subId, n.id + ".body");
    } else {
      sub = subWorkflowNode(body, outs, {}, mapInputs, subId, subId, n.id + ".body");
    }
    for (const Json &b : sub["inputs"])
      if (b["var"].get<std::string>() != n.iterate)
        bound.push_back(b["var"].get<std::string>());
  }
  std::sort(bound.begin(), bound.end());
  Json array = {{"node", sub}, {"isOriginalSubNodeInterface", true}};
  // As flytekit's ArrayNode does: tasks read their element's inputs from
  // files of their own, workflows (and launch plans) run with their full state.
  if (sub.contains("workflowNode"))
    array["executionMode"] = "FULL_STATE";
  else
    array["dataMode"] = "INDIVIDUAL_INPUT_FILES";
  if (!bound.empty())
    array["boundInputs"] = bound;
  if (n.settings.concurrency)
    array["parallelism"] = *n.settings.concurrency;
  if (n.settings.minSuccessRatio)
    array["minSuccessRatio"] = *n.settings.minSuccessRatio;
  Json inputs = sub.contains("inputs") ? sub["inputs"] : Json::array();
  Json node = {{"id", id}, {"metadata", metadata(n.id, n.settings)}, {"inputs", inputs}};
  setUpstream(node, upstream(inputs, n.after, scope));
  node["arrayNode"] = array;
  return node;
}

} // namespace flytec::emit::idl
