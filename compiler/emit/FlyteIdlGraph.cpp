// IR graphs as the nodes of a WorkflowTemplate (docs/flyteidl.md,
// "Nodes"). Flyte nests differently from the IR: a branch case and a map
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
#include "emit/FlyteIdlClosure.h"

#include "ir/IrJson.h"

#include <fmt/format.h>

namespace flytec::emit::idl {

namespace {

using ir::Binding;
using ir::NodeKind;

constexpr llvm::StringLiteral kSelectorInput = ".case";

struct Scope {
  std::map<std::string, Json> inputs;       // graph input -> BindingData
  std::map<std::string, std::string> nodes; // IR node id -> Flyte node id
};

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

class GraphEmitter {
public:
  GraphEmitter(Closure &closure, std::string workflow, std::string version)
      : c_(closure), package_(closure.package()), workflow_(std::move(workflow)), version_(std::move(version)) {}

  /// Appends the graph's nodes to `nodes`; `scope.inputs` says how to read
  /// the graph's inputs. `failOutputs`: outputs the graph lacks, which the
  /// std.fail node it holds declares.
  void emitNodes(const ir::Graph &g, Scope &scope, const std::vector<ir::Param> &failOutputs) {
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

  Json bind(const Binding &b, ir::TypeId type, const Scope &scope) {
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

  /// The one node of a graph that has none; returns its id when it gives
  /// the outputs.
  std::string emitNodeless(const ir::Graph &g, const std::vector<ir::Param> &outputs, const Scope &scope) {
    if (outputs.empty()) {
      nodes.push_back(noop(ids.take("nothing"), "nothing"));
      return "";
    }
    std::string id = ids.take("values");
    nodes.push_back(valuesNode(g, outputs, scope.inputs, id, "values"));
    return id;
  }

  Json nodes = Json::array();
  NodeIds ids;
  std::string failNode; // the Flyte id of the std.fail node giving failOutputs

private:
  bool isFailCall(const ir::Node &n) const {
    if (n.kind != NodeKind::Task)
      return false;
    auto it = package_.tasks.find(n.target);
    return it != package_.tasks.end() && it->second.builtin == "std.fail";
  }

  Json inputsOf(const ir::Node &n, const Scope &scope) {
    Json inputs = Json::array();
    for (const ir::Port &p : n.inputs)
      inputs.push_back({{"var", p.name}, {"binding", bind(p.binding, p.type, scope)}});
    return inputs;
  }

  Json upstream(const Json &inputs, const std::vector<std::string> &after, const Scope &scope) {
    std::set<std::string> ids;
    promiseSources(inputs, ids);
    ids.erase("start-node");
    for (const std::string &a : after)
      if (auto it = scope.nodes.find(a); it != scope.nodes.end())
        ids.insert(it->second);
    return Json(std::vector<std::string>(ids.begin(), ids.end()));
  }

  /// Only nodes of a workflow's own list wait through `upstreamNodeIds`:
  /// a case or a map's sub-node runs when its branch or map says so.
  static void setUpstream(Json &node, Json ids) {
    if (ids.empty())
      node.erase("upstreamNodeIds");
    else
      node["upstreamNodeIds"] = std::move(ids);
  }

  static Json metadata(const std::string &name, const ir::Settings &s) {
    Json m = {{"name", name}};
    if (s.timeoutMs)
      m["timeout"] = ir::durationString(*s.timeoutMs);
    if (s.retries)
      m["retries"] = {{"retries", *s.retries}};
    if (s.interruptible)
      m["interruptible"] = *s.interruptible;
    return m;
  }

  static std::vector<ir::Param> params(const std::vector<ir::Port> &ports) {
    std::vector<ir::Param> out;
    for (const ir::Port &p : ports)
      out.push_back({p.name, p.type, std::nullopt, ""});
    return out;
  }

  /// One Flyte node for `n`: `id` is what the node is called in its list,
  /// `fullId` what Flyte's compiler calls it (`branch-case` for a case),
  /// the prefix of the ids of nodes nested in it. `siblings`: whether
  /// helper nodes may be put before it (not in a branch case or a map).
  Json emitNode(const ir::Node &n, const std::string &id, const std::string &fullId, const Scope &scope,
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

  void emitGate(const ir::Node &n, const std::string &fullId, Json &inputs, Json &node) {
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

  // ---------------------------------------------------------------- branches

  Json emitBranch(const ir::Node &n, const std::string &id, const std::string &fullId, const Scope &scope,
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

  /// The expression task giving the number of the first case that holds.
  std::string emitSelector(const ir::Node &n, const std::string &fullId, const Json &inputs, const Scope &scope) {
    Json expr = {{"op", "const"}, {"type", "int"}, {"value", 0}};
    for (size_t k = n.conditions.size(); k-- > 0;)
      expr = {{"op", "cond"},
              {"type", "int"},
              {"args", {ir::exprToJson(package_, n.conditions[k]), {{"op", "const"}, {"type", "int"}, {"value", k + 1}},
                        expr}}};
    std::vector<ir::Param> outs = {{"case", ir::TypeId(ir::TypeKind::Int), std::nullopt, ""}};
    std::string id = ids.take(fullId + "-select");
    Json node = {{"id", id},
                 {"metadata", {{"name", n.id + ".select"}}},
                 {"inputs", inputs},
                 {"taskNode",
                  {{"referenceId", c_.expressionReference(params(n.inputs), outs, Json{{"case", expr}})}}}};
    setUpstream(node, upstream(inputs, n.after, scope));
    nodes.push_back(std::move(node));
    return id;
  }

  static Json noop(const std::string &id, const std::string &name) {
    return {{"id", id}, {"metadata", {{"name", name}}}, {"gateNode", {{"sleep", {{"duration", "0s"}}}}}};
  }

  const ir::Node *failCall(const ir::Graph &g) const {
    for (const ir::Node &m : g.nodes)
      if (isFailCall(m))
        return &m;
    return nullptr;
  }

  /// The node of case `k` — or, for an else that only fails with a fixed
  /// message, the `error` block taking its place.
  Json emitCase(const ir::Node &n, size_t k, const std::string &label, const std::string &fullId,
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

  /// Whether case graph `g` is one node giving the branch's outputs under
  /// their names and types (so Flyte's branch interface, the outputs its
  /// cases share, is the branch's).
  bool singleNodeCase(const ir::Node &n, const ir::Graph &g, const std::vector<ir::Param> &missing,
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

  /// An expression task giving a node-less graph's constants and
  /// pass-through values.
  Json valuesNode(const ir::Graph &g, const std::vector<ir::Param> &outputs,
                  const std::map<std::string, Json> &outer, const std::string &id, const std::string &name) {
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

  /// A workflow node calling graph `g` as a generated sub-workflow.
  Json subWorkflowNode(const ir::Graph &g, const std::vector<ir::Param> &outputs,
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

  /// Whether the map body is one call Flyte's ArrayNode can run per element:
  /// it reads the element and otherwise only the map's inputs and
  /// constants, and gives the map's outputs under their names.
  bool singleNodeBody(const ir::Node &n, const ir::Graph &body) const {
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

  Json emitMap(const ir::Node &n, const std::string &id, const std::string &fullId, const Scope &scope) {
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

  Closure &c_;
  const ir::Package &package_;
  std::string workflow_, version_;
  std::vector<ir::Param> failOutputs_;
};

} // namespace

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
  Json metadata = {{"onFailure", source && source->continueOnFailure ? "FAIL_AFTER_EXECUTABLE_NODES_COMPLETE"
                                                                      : "FAIL_IMMEDIATELY"}};
  tmpl["metadata"] = metadata;
  if (source && !source->onFailure.empty())
    tmpl["failureNode"] = failureNode(closure, *source, emitter.ids.take("on-failure"));
  return tmpl;
}

} // namespace flytec::emit::idl
