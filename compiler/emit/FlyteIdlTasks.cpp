// Task templates (docs/flyteidl.md, "Tasks"). Flyte runs a task as a
// container; every task flytec knows how to run (shell, python, sql,
// builtin, expression and the helpers below) becomes a container running
// flytec's task runner, `flytec execute-task`, which reads the task's IR
// from the template's `custom` field through Flyte's `{{.taskTemplatePath}}`
// and its inputs and outputs through Flyte's usual `{{.input}}` /
// `{{.outputPrefix}}`. The runner is provided by the runtime, not here.
//
// A `container` task is different: it names its own image, which need not
// contain flytec, so it becomes a Flyte raw container (copilot moves the
// data) whenever Flyte can render its placeholders (FlyteIdlContainer.cpp).
#include "emit/FlyteIdlClosure.h"

#include "ir/Hashing.h"
#include "ir/IrJson.h"

#include <fmt/format.h>

namespace flytec::emit::idl {

namespace {

/// Collects the records and enums a JSON document of the IR names.
void collectTypeNames(const Json &doc, std::set<std::string> &names) {
  if (doc.is_object()) {
    for (const char *key : {"record", "enum"})
      if (auto it = doc.find(key); it != doc.end() && it->is_string())
        names.insert(it->get<std::string>());
    for (const auto &[key, value] : doc.items())
      collectTypeNames(value, names);
  } else if (doc.is_array()) {
    for (const Json &value : doc)
      collectTypeNames(value, names);
  }
}

} // namespace

Json Closure::typesUsedBy(const Json &doc) {
  if (!typeDefs_) {
    // The package without tasks and workflows: only its records and enums.
    ir::Package defs;
    defs.root = package_.root;
    defs.types = package_.types;
    defs.records = package_.records;
    defs.enums = package_.enums;
    typeDefs_ = ir::toJson(defs).value("types", Json::object());
  }
  std::set<std::string> names;
  collectTypeNames(doc, names);
  // Records name further records and enums: close over them.
  Json out = Json::object();
  std::vector<std::string> work(names.begin(), names.end());
  while (!work.empty()) {
    std::string name = work.back();
    work.pop_back();
    if (out.contains(name) || !typeDefs_->contains(name))
      continue;
    out[name] = (*typeDefs_)[name];
    std::set<std::string> more;
    collectTypeNames(out[name], more);
    work.insert(work.end(), more.begin(), more.end());
  }
  return out;
}

Json Closure::taskSpec(const ir::Task &task) {
  ir::Package one;
  one.root = package_.root;
  one.types = package_.types;
  one.tasks[task.name] = task;
  Json ir = ir::toJson(one)["tasks"][task.name];
  return {{"flyte_ir", ir::kIrVersion}, {"kind", "task"}, {"task", ir}, {"types", typesUsedBy(ir)}};
}

Json Closure::taskMetadata(const ir::Task &task) const {
  Json runtime = {{"type", "OTHER"}, {"flavor", "flytec"}};
  if (!options_.flytecVersion.empty())
    runtime["version"] = options_.flytecVersion;
  Json m = {{"runtime", runtime}, {"retries", Json::object()}};
  const ir::Settings &s = task.settings;
  if (s.retries)
    m["retries"]["retries"] = *s.retries;
  if (s.timeoutMs)
    m["timeout"] = ir::durationString(*s.timeoutMs);
  if (s.interruptible)
    m["interruptible"] = *s.interruptible;
  if (task.cache) {
    m["discoverable"] = true;
    m["discoveryVersion"] = task.cache->version;
    if (task.cache->serialize)
      m["cacheSerializable"] = true;
    if (!task.cache->ignore.empty())
      m["cacheIgnoreInputVars"] = task.cache->ignore;
  }
  // Flyte has no shared pools; the tag keeps the intent visible.
  if (!task.pool.empty())
    m["tags"] = {{"flytec.pool", task.pool}};
  return m;
}

Json Closure::runnerTemplate(const std::string &name, const std::string &version, llvm::StringRef type,
                             const std::vector<ir::Param> &inputs, const std::vector<ir::Param> &outputs,
                             const Json &spec, llvm::StringRef command, const std::string &image) {
  Json args = {"flytec",
               command.str(),
               command == "execute-dynamic" ? "--workflow" : "--task",
               name,
               "--task-template",
               "{{.taskTemplatePath}}",
               "--inputs",
               "{{.input}}",
               "--output-prefix",
               "{{.outputPrefix}}",
               "--raw-output-data-prefix",
               "{{.rawOutputDataPrefix}}",
               "--checkpoint-path",
               "{{.checkpointOutputPrefix}}",
               "--prev-checkpoint",
               "{{.prevCheckpointPrefix}}"};
  Json runtime = {{"type", "OTHER"}, {"flavor", "flytec"}};
  if (!options_.flytecVersion.empty())
    runtime["version"] = options_.flytecVersion;
  return {{"id", identifier("TASK", name, version)},
          {"type", type.str()},
          {"metadata", {{"runtime", runtime}, {"retries", Json::object()}}},
          {"interface", typedInterface(package_, inputs, outputs)},
          {"custom", {{"flytec", spec}}},
          {"container", {{"image", image}, {"args", args}}}};
}

Json Closure::addTask(const std::string &name, Json tmpl) {
  Json id = tmpl["id"];
  tasks_.emplace(name, std::move(tmpl));
  return id;
}

Json Closure::taskReference(const ir::Task &task) {
  if (auto it = tasks_.find(task.name); it != tasks_.end())
    return it->second["id"];
  std::string image = options_.image.empty() ? kDefaultFlyteImage.str() : options_.image;
  std::string ver = version(task.hash.empty() ? ir::canonicalHash(package_, task) : task.hash);
  if (task.plugin == "container")
    return addTask(task.name, containerTemplate(task));
  llvm::StringRef type = "container";
  Json tmpl = runnerTemplate(task.name, ver, type, task.inputs, task.outputs, taskSpec(task), "execute-task", image);
  if (task.plugin == "sql") {
    // Flyte's SQLite3 task type; its config (`uri`) exists when the
    // database is a fixed path rather than an input.
    tmpl["type"] = "sqlite";
    if (auto db = task.config.find("database"); db != task.config.end() && db->is_string()) {
      tmpl["custom"]["uri"] = *db;
      tmpl["custom"]["compressed"] = false;
    }
  }
  tmpl["metadata"] = taskMetadata(task);
  Json res = resources(task.settings.requests, task.settings.limits);
  if (!res.is_null())
    tmpl["container"]["resources"] = res;
  return addTask(task.name, std::move(tmpl));
}

Json Closure::failReference(const ir::Task &fail, const std::vector<ir::Param> &outputs) {
  std::vector<ir::Param> all = fail.outputs;
  all.insert(all.end(), outputs.begin(), outputs.end());
  Json spec = taskSpec(fail);
  spec["declared_outputs"] = typedInterface(package_, {}, all)["outputs"];
  std::string hash = ir::contentHash(spec.dump());
  std::string name = "flytec.fail." + hash.substr(hash.find(':') + 1);
  if (auto it = tasks_.find(name); it != tasks_.end())
    return it->second["id"];
  std::string image = options_.image.empty() ? kDefaultFlyteImage.str() : options_.image;
  Json tmpl = runnerTemplate(name, version(hash), "container", fail.inputs, all, spec, "execute-task", image);
  return addTask(name, std::move(tmpl));
}

Json Closure::expressionReference(const std::vector<ir::Param> &inputs, const std::vector<ir::Param> &outputs,
                                  const Json &outputExprs) {
  Json spec = {{"flyte_ir", ir::kIrVersion}, {"kind", "expression"}, {"outputs", outputExprs}};
  spec["types"] = typesUsedBy(outputExprs);
  // The interface is part of what the task is: hash it with the expressions.
  std::string hash = ir::contentHash(spec.dump() + typedInterface(package_, inputs, outputs).dump());
  std::string name = "flytec.expr." + hash.substr(hash.find(':') + 1);
  if (auto it = tasks_.find(name); it != tasks_.end())
    return it->second["id"];
  std::string image = options_.image.empty() ? kDefaultFlyteImage.str() : options_.image;
  return addTask(name, runnerTemplate(name, version(hash), "container", inputs, outputs, spec, "execute-task", image));
}

Json Closure::sleepReference() {
  const std::string name = "flytec.sleep";
  if (auto it = tasks_.find(name); it != tasks_.end())
    return it->second["id"];
  std::vector<ir::Param> inputs = {{"for", ir::TypeId(ir::TypeKind::Duration), std::nullopt, ""}};
  Json spec = {{"flyte_ir", ir::kIrVersion}, {"kind", "builtin"}, {"builtin", "std.sleep"}};
  std::string hash = ir::contentHash(spec.dump());
  std::string image = options_.image.empty() ? kDefaultFlyteImage.str() : options_.image;
  return addTask(name, runnerTemplate(name, version(hash), "container", inputs, {}, spec, "execute-task", image));
}

Json Closure::dynamicReference(const ir::Workflow &workflow) {
  if (auto it = tasks_.find(workflow.name); it != tasks_.end())
    return it->second["id"];
  // The runtime expands the workflow from its IR: give it everything the
  // workflow reaches.
  std::set<std::string> workflows, tasks, plans;
  std::vector<const ir::Workflow *> work;
  auto visitWorkflow = [&](const std::string &name) {
    if (auto it = package_.workflows.find(name); it != package_.workflows.end() && workflows.insert(name).second)
      work.push_back(&it->second);
  };
  visitWorkflow(workflow.name);
  while (!work.empty()) {
    const ir::Workflow *w = work.back();
    work.pop_back();
    if (package_.tasks.count(w->onFailure))
      tasks.insert(w->onFailure);
    else if (!w->onFailure.empty())
      visitWorkflow(w->onFailure);
    std::vector<const ir::Graph *> graphs = {&w->graph};
    while (!graphs.empty()) {
      const ir::Graph *g = graphs.back();
      graphs.pop_back();
      for (const ir::Node &n : g->nodes) {
        if (n.kind == ir::NodeKind::Task) {
          tasks.insert(n.target);
        } else if (n.kind == ir::NodeKind::Workflow && n.launchPlan) {
          if (auto lp = package_.launchPlans.find(n.target); lp != package_.launchPlans.end()) {
            plans.insert(n.target);
            visitWorkflow(lp->second.workflow);
          }
        } else if (n.kind == ir::NodeKind::Workflow || n.kind == ir::NodeKind::Dynamic) {
          visitWorkflow(n.target);
        }
        for (const ir::Graph &body : n.bodies)
          graphs.push_back(&body);
      }
    }
  }
  // Only what is reached is copied; the expression pool is kept whole, since
  // nodes name expressions by their index in it.
  ir::Package reached;
  reached.root = package_.root;
  reached.modules = package_.modules;
  reached.types = package_.types;
  reached.exprs = package_.exprs;
  reached.records = package_.records;
  reached.enums = package_.enums;
  auto copy = [](const auto &from, auto &to, const std::set<std::string> &names) {
    for (const std::string &name : names)
      if (auto it = from.find(name); it != from.end())
        to.insert(*it);
  };
  copy(package_.workflows, reached.workflows, workflows);
  copy(package_.tasks, reached.tasks, tasks);
  copy(package_.launchPlans, reached.launchPlans, plans);
  Json spec = {{"flyte_ir", ir::kIrVersion},
               {"kind", "dynamic"},
               {"workflow", workflow.name},
               {"package", ir::toJson(reached)}};
  std::string image = options_.image.empty() ? kDefaultFlyteImage.str() : options_.image;
  Json tmpl = runnerTemplate(workflow.name, workflowVersion(workflow), "container", workflow.graph.inputs,
                             [&] {
                               std::vector<ir::Param> outs;
                               for (const ir::Port &p : workflow.graph.outputs)
                                 outs.push_back({p.name, p.type, std::nullopt, ""});
                               return outs;
                             }(),
                             spec, "execute-dynamic", image);
  return addTask(workflow.name, std::move(tmpl));
}

} // namespace flytec::emit::idl
