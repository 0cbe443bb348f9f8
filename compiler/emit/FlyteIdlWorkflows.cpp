// The closure's workflows (docs/flyteidl.md, "Workflows"): identifiers and
// versions, sub-workflows and launch plans collected once each, failure
// nodes, node ids, and the `connections` Flyte's compiler would compute.
#include "emit/FlyteIdlClosure.h"

#include "ir/IrJson.h"

#include <llvm/ADT/StringExtras.h>

#include <fmt/format.h>

#include <functional>

namespace flytec::emit::idl {

Closure::Closure(const ir::Package &package, const FlyteIdlOptions &options) : package_(package), options_(options) {
  if (options_.project.empty())
    options_.project = kDefaultFlyteProject.str();
  if (options_.domain.empty())
    options_.domain = kDefaultFlyteDomain.str();
}

Json Closure::identifier(llvm::StringRef resourceType, const std::string &name, const std::string &version) const {
  return {{"resourceType", resourceType.str()},
          {"project", options_.project},
          {"domain", options_.domain},
          {"name", name},
          {"version", version}};
}

std::string Closure::version(const std::string &hash) const {
  if (!options_.version.empty())
    return options_.version;
  // "sha256:0123..." -> "0123...": Flyte versions end up in URLs and labels.
  size_t colon = hash.find(':');
  return colon == std::string::npos ? hash : hash.substr(colon + 1);
}

std::string Closure::workflowVersion(const ir::Workflow &workflow) const {
  return version(workflow.hash.empty() ? ir::canonicalHash(package_, workflow) : workflow.hash);
}

std::string Closure::uniqueName(const std::string &base) const {
  auto taken = [&](const std::string &name) {
    return tasks_.count(name) || workflows_.count(name) || launchPlans_.count(name) ||
           package_.tasks.count(name) || package_.workflows.count(name) || package_.launchPlans.count(name);
  };
  std::string name = base;
  for (int n = 2; taken(name); ++n)
    name = fmt::format("{}-{}", base, n);
  return name;
}

/// A CompiledWorkflow: the template and its connections.
static Json compiled(Json tmpl) {
  Json out = Json::object();
  out["connections"] = connections(tmpl);
  out["template"] = std::move(tmpl);
  return out;
}

Json Closure::emitWorkflow(const ir::Workflow &workflow) {
  std::vector<ir::Param> outputs;
  for (const ir::Port &p : workflow.graph.outputs)
    outputs.push_back({p.name, p.type, std::nullopt, ""});
  Json tmpl = workflowTemplate(*this, workflow.name, workflowVersion(workflow), workflow.graph, outputs, {}, &workflow);
  return compiled(std::move(tmpl));
}

Json Closure::workflowReference(const ir::Workflow &workflow) {
  Json id = identifier("WORKFLOW", workflow.name, workflowVersion(workflow));
  if (workflow.name == primary_ || !started_.insert(workflow.name).second)
    return id;
  workflows_[workflow.name] = emitWorkflow(workflow);
  return id;
}

Json Closure::addGeneratedWorkflow(const std::string &name, Json tmpl) {
  Json id = tmpl["id"];
  workflows_[name] = compiled(std::move(tmpl));
  return id;
}

Json Closure::launchPlanReference(const ir::LaunchPlan &plan) {
  Json id = identifier("LAUNCH_PLAN", plan.name, version(plan.hash.empty() ? ir::canonicalHash(package_, plan) : plan.hash));
  if (launchPlans_.count(plan.name))
    return id;
  auto wf = package_.workflows.find(plan.workflow);
  if (wf == package_.workflows.end()) {
    fail(fmt::format("launch plan '{}' is for '{}', which the package does not define", plan.name, plan.workflow));
    return id;
  }
  // What a caller may bind: the workflow's inputs less the fixed ones.
  std::vector<ir::Param> inputs;
  Json fixed = Json::object();
  for (const ir::Param &p : wf->second.graph.inputs) {
    auto value = plan.fixed.find(p.name);
    if (value == plan.fixed.end()) {
      inputs.push_back(p);
      continue;
    }
    Json lit;
    std::string error;
    if (!literal(package_, p.type, value->second, lit, error))
      fail(fmt::format("launch plan '{}', fixed input '{}': {}", plan.name, p.name, error));
    fixed[p.name] = std::move(lit);
  }
  std::vector<ir::Param> outputs;
  for (const ir::Port &p : wf->second.graph.outputs)
    outputs.push_back({p.name, p.type, std::nullopt, ""});
  launchPlans_[plan.name] = {{"template",
                              {{"id", id},
                               {"interface", typedInterface(package_, inputs, outputs)},
                               {"fixedInputs", {{"literals", fixed}}}}}};
  return id;
}

std::optional<Json> Closure::build(const ir::Workflow &primary, std::string &error) {
  primary_ = primary.name;
  Json primaryWorkflow = emitWorkflow(primary);
  if (failed()) {
    error = error_;
    return std::nullopt;
  }
  Json closure = Json::object();
  closure["primary"] = std::move(primaryWorkflow);
  Json &subWorkflows = closure["subWorkflows"] = Json::array();
  for (auto &[name, wf] : workflows_)
    subWorkflows.push_back(std::move(wf));
  Json &tasks = closure["tasks"] = Json::array();
  for (auto &[name, t] : tasks_) {
    Json compiledTask = Json::object();
    compiledTask["template"] = std::move(t);
    tasks.push_back(std::move(compiledTask));
  }
  if (!launchPlans_.empty()) {
    Json &plans = closure["launchPlans"] = Json::array();
    for (auto &[name, lp] : launchPlans_)
      plans.push_back(std::move(lp));
  }
  workflows_.clear();
  tasks_.clear();
  launchPlans_.clear();
  return closure;
}

Json failureNode(Closure &closure, const ir::Workflow &workflow, const std::string &id) {
  const ir::Package &package = closure.package();
  const std::vector<ir::Param> *params = nullptr;
  Json node = {{"id", id}, {"metadata", {{"name", "on_failure " + workflow.onFailure}}}};
  if (auto t = package.tasks.find(workflow.onFailure); t != package.tasks.end()) {
    params = &t->second.inputs;
    node["taskNode"] = {{"referenceId", closure.taskReference(t->second)}};
  } else if (auto w = package.workflows.find(workflow.onFailure); w != package.workflows.end()) {
    params = &w->second.graph.inputs;
    if (w->second.dynamic)
      node["taskNode"] = {{"referenceId", closure.dynamicReference(w->second)}};
    else
      node["workflowNode"] = {{"subWorkflowRef", closure.workflowReference(w->second)}};
  } else {
    closure.fail(fmt::format("@on_failure handler '{}' of {} is not in the package", workflow.onFailure,
                             workflow.name));
    return node;
  }
  // The handler receives the workflow's inputs of the same names
  // (LANGUAGE.md §4); what it declares beyond them takes its default.
  Json inputs = Json::array();
  for (const ir::Param &p : *params) {
    bool fromWorkflow = std::any_of(workflow.graph.inputs.begin(), workflow.graph.inputs.end(),
                                    [&](const ir::Param &q) { return q.name == p.name; });
    Json binding;
    if (fromWorkflow) {
      binding = {{"promise", {{"nodeId", "start-node"}, {"var", p.name}}}};
    } else if (p.defaultValue || package.types.isOptional(p.type)) {
      Json lit;
      std::string error;
      if (!literal(package, p.type, p.defaultValue.value_or(ir::Value()), lit, error)) {
        closure.fail(fmt::format("@on_failure handler '{}', input '{}': {}", workflow.onFailure, p.name, error));
        continue;
      }
      binding = bindingData(lit);
    } else {
      closure.fail(fmt::format("@on_failure handler '{}' needs input '{}', which {} does not have",
                               workflow.onFailure, p.name, workflow.name));
      continue;
    }
    inputs.push_back({{"var", p.name}, {"binding", binding}});
  }
  node["inputs"] = inputs;
  return node;
}

// ------------------------------------------------------------------- ids

std::string sanitizeNodeId(llvm::StringRef id) {
  std::string out;
  bool afterLower = false; // camelCase gets a '-' where the case changes
  for (char c : id) {
    if (c >= 'A' && c <= 'Z') {
      if (afterLower)
        out += '-';
      out += llvm::toLower(c);
      afterLower = false;
    } else if ((c >= 'a' && c <= 'z') || llvm::isDigit(c)) {
      out += c;
      afterLower = true;
    } else {
      if (!out.empty() && out.back() != '-')
        out += '-';
      afterLower = false;
    }
  }
  // Flyte puts node ids into pod names: keep them short.
  if (out.size() > 40)
    out.resize(40);
  while (!out.empty() && out.back() == '-')
    out.pop_back();
  size_t start = out.find_first_not_of('-');
  out = start == std::string::npos ? "" : out.substr(start);
  return out.empty() ? "n" : out;
}

NodeIds::NodeIds() : used_({"start-node", "end-node"}) {}

std::string NodeIds::take(llvm::StringRef base) {
  std::string id = base.str();
  for (int n = 2; used_.count(id); ++n)
    id = fmt::format("{}-{}", base.str(), n);
  used_.insert(id);
  return id;
}

std::string NodeIds::takeChild(const std::string &prefix, llvm::StringRef suffix) {
  std::string child = suffix.str();
  for (int n = 2; used_.count(prefix + "-" + child); ++n)
    child = fmt::format("{}-{}", suffix.str(), n);
  used_.insert(prefix + "-" + child);
  return child;
}

void promiseSources(const Json &doc, std::set<std::string> &out) {
  if (doc.is_object()) {
    if (auto p = doc.find("promise"); p != doc.end() && p->is_object()) {
      out.insert(p->value("nodeId", "start-node"));
      return;
    }
    for (const auto &[key, value] : doc.items())
      promiseSources(value, out);
  } else if (doc.is_array()) {
    for (const Json &value : doc)
      promiseSources(value, out);
  }
}

// ----------------------------------------------------------- connections

Json connections(const Json &tmpl) {
  std::map<std::string, std::set<std::string>> up, down;
  auto edge = [&](const std::string &from, const std::string &to) {
    down[from].insert(to);
    up[to].insert(from);
  };
  // Flyte's compiler adds each case node as `<branch>-<case>`, after the
  // branch and after whatever its bindings read.
  std::function<void(const Json &, const std::string &)> visit = [&](const Json &node, const std::string &id) {
    std::set<std::string> sources;
    if (auto inputs = node.find("inputs"); inputs != node.end())
      promiseSources(*inputs, sources);
    if (auto ups = node.find("upstreamNodeIds"); ups != node.end())
      for (const Json &u : *ups)
        sources.insert(u.get<std::string>());
    for (const std::string &s : sources)
      edge(s, id);
    auto branch = node.find("branchNode");
    if (branch == node.end())
      return;
    // Pointers into the template itself, which outlives this walk.
    const Json &ifElse = (*branch)["ifElse"];
    std::vector<const Json *> cases;
    if (auto c = ifElse.find("case"); c != ifElse.end())
      cases.push_back(&(*c)["thenNode"]);
    if (auto others = ifElse.find("other"); others != ifElse.end())
      for (const Json &other : *others)
        cases.push_back(&other["thenNode"]);
    if (auto e = ifElse.find("elseNode"); e != ifElse.end())
      cases.push_back(&*e);
    for (const Json *c : cases) {
      std::string child = id + "-" + c->value("id", "");
      edge(id, child);
      visit(*c, child);
    }
  };
  const Json &nodes = tmpl["nodes"];
  for (const Json &n : nodes)
    visit(n, n["id"].get<std::string>());
  std::set<std::string> outputs;
  promiseSources(tmpl["outputs"], outputs);
  for (const std::string &s : outputs)
    edge(s, "end-node");
  // Nodes that read nothing start with the workflow; nodes nothing reads
  // finish before it ends.
  for (const Json &n : nodes) {
    std::string id = n["id"];
    if (!up.count(id))
      edge("start-node", id);
    if (!down.count(id))
      edge(id, "end-node");
  }
  if (auto failure = tmpl.find("failureNode"); failure != tmpl.end()) {
    std::set<std::string> sources;
    if (auto inputs = failure->find("inputs"); inputs != failure->end())
      promiseSources(*inputs, sources);
    for (const std::string &s : sources)
      up[(*failure)["id"].get<std::string>()].insert(s);
  }
  auto lists = [](const std::map<std::string, std::set<std::string>> &m) {
    Json out = Json::object();
    for (const auto &[id, ids] : m)
      out[id] = {{"ids", std::vector<std::string>(ids.begin(), ids.end())}};
    return out;
  };
  return {{"downstream", lists(down)}, {"upstream", lists(up)}};
}

} // namespace flytec::emit::idl
