// Writes the IR's JSON form. nlohmann's default object is a std::map, so
// keys come out sorted; optional fields are written only when set, which is
// what lets the reader give back exactly what was written.
#include "ir/IrJson.h"

#include <fmt/format.h>

namespace flytec::ir {

using nlohmann::json;

std::string durationString(int64_t millis) {
  if (millis % 1000 == 0)
    return fmt::format("{}s", millis / 1000);
  return fmt::format("{}{}.{:03}s", millis < 0 ? "-" : "", std::abs(millis) / 1000, std::abs(millis) % 1000);
}

json typeToJson(const TypeTable &types, TypeId id) {
  const TypeData &d = types[id];
  switch (d.kind) {
  case TypeKind::None:
  case TypeKind::Int:
  case TypeKind::Float:
  case TypeKind::Bool:
  case TypeKind::String:
  case TypeKind::Datetime:
  case TypeKind::Duration:
  case TypeKind::Json:
  case TypeKind::Dir:
    return types.str(id);
  case TypeKind::File:
    return d.name.empty() ? json("file") : json{{"file", d.name}};
  case TypeKind::Dataframe: {
    if (!d.hasSchema)
      return "dataframe";
    json columns = json::array();
    for (const Column &c : d.columns)
      columns.push_back({{"name", c.name}, {"type", typeToJson(types, c.type)}});
    return {{"dataframe", columns}};
  }
  case TypeKind::List:
    return {{"list", typeToJson(types, d.element)}};
  case TypeKind::Map:
    return {{"map", typeToJson(types, d.element)}};
  case TypeKind::Union: {
    json members = json::array();
    for (TypeId m : d.members)
      members.push_back(typeToJson(types, m));
    return {{"union", members}};
  }
  case TypeKind::Record:
    return {{"record", d.name}};
  case TypeKind::Enum:
    return {{"enum", d.name}};
  }
  return nullptr;
}

json exprToJson(const Package &package, ExprId id) {
  const Expr &e = package.exprs[id];
  json out = {{"op", exprOpName(e.op)}, {"type", typeToJson(package.types, e.type)}};
  if (e.op == ExprOp::Const)
    out["value"] = e.value;
  if (!e.name.empty())
    out["name"] = e.name;
  if (!e.args.empty()) {
    json args = json::array();
    for (ExprId a : e.args)
      args.push_back(exprToJson(package, a));
    out["args"] = std::move(args);
  }
  if (!e.names.empty())
    out["names"] = e.names;
  return out;
}

namespace {

class Writer {
public:
  /// `canonical`: leave out what does not change behaviour (locations,
  /// docs, hashes, annotations), for content hashes.
  Writer(const Package &package, bool canonical) : package(package), types(package.types), canonical(canonical) {}

  json package_() {
    json out;
    out["flyte_ir"] = kIrVersion;
    out["root"] = package.root;
    json modules = json::array();
    for (const ModuleRef &m : package.modules)
      modules.push_back({{"name", m.name}, {"file", m.file}});
    out["modules"] = std::move(modules);
    json typesOut = json::object();
    for (const auto &[name, r] : package.records)
      typesOut[name] = record(r);
    for (const auto &[name, e] : package.enums)
      typesOut[name] = enumDef(e);
    out["types"] = std::move(typesOut);
    json tasks = json::object();
    for (const auto &[name, t] : package.tasks)
      tasks[name] = task(t);
    out["tasks"] = std::move(tasks);
    json workflows = json::object();
    for (const auto &[name, w] : package.workflows)
      workflows[name] = workflow(w);
    out["workflows"] = std::move(workflows);
    json plans = json::object();
    for (const auto &[name, lp] : package.launchPlans)
      plans[name] = launchPlan(lp);
    out["launch_plans"] = std::move(plans);
    return out;
  }

  json type(TypeId id) { return typeToJson(types, id); }

  json param(const Param &p) {
    json out = {{"name", p.name}, {"type", type(p.type)}};
    if (p.defaultValue)
      out["default"] = *p.defaultValue;
    if (!p.doc.empty() && !canonical)
      out["doc"] = p.doc;
    return out;
  }

  json params(const std::vector<Param> &ps) {
    json out = json::array();
    for (const Param &p : ps)
      out.push_back(param(p));
    return out;
  }

  void common(json &out, const std::string &module, const std::string &loc, const std::string &doc) {
    out["module"] = module;
    if (canonical)
      return;
    out["loc"] = loc;
    if (!doc.empty())
      out["doc"] = doc;
  }

  json record(const RecordDef &r) {
    json out = {{"kind", "record"}, {"fields", params(r.fields)}};
    out["module"] = r.module;
    if (!r.doc.empty())
      out["doc"] = r.doc;
    return out;
  }

  json enumDef(const EnumDef &e) {
    json out = {{"kind", "enum"}, {"members", e.members}};
    out["module"] = e.module;
    if (!e.doc.empty())
      out["doc"] = e.doc;
    return out;
  }

  static json binding(const Binding &b) {
    switch (b.kind) {
    case Binding::Kind::Const:
      return {{"value", b.value}};
    case Binding::Kind::Input:
      return {{"input", b.ref}};
    case Binding::Kind::Node:
      return {{"node", b.ref}, {"output", b.output}};
    }
    return nullptr;
  }

  json port(const Port &p) { return {{"name", p.name}, {"type", type(p.type)}, {"from", binding(p.binding)}}; }

  json ports(const std::vector<Port> &ps) {
    json out = json::array();
    for (const Port &p : ps)
      out.push_back(port(p));
    return out;
  }

  static json resources(const Resources &r) {
    json out = json::object();
    if (r.cpu)
      out["cpu"] = *r.cpu;
    if (r.memory)
      out["memory"] = *r.memory;
    if (r.gpu)
      out["gpu"] = *r.gpu;
    return out;
  }

  static json settings(const Settings &s) {
    json out = json::object();
    if (s.retries)
      out["retries"] = *s.retries;
    if (s.timeoutMs)
      out["timeout"] = durationString(*s.timeoutMs);
    if (s.requests)
      out["requests"] = resources(*s.requests);
    if (s.limits)
      out["limits"] = resources(*s.limits);
    if (s.interruptible)
      out["interruptible"] = *s.interruptible;
    if (s.concurrency)
      out["concurrency"] = *s.concurrency;
    if (s.minSuccessRatio)
      out["min_success_ratio"] = *s.minSuccessRatio;
    return out;
  }

  json graphInto(json &out, const Graph &g) {
    out["inputs"] = params(g.inputs);
    json nodes = json::array();
    for (const Node &n : g.nodes)
      nodes.push_back(node(n));
    out["nodes"] = std::move(nodes);
    out["outputs"] = ports(g.outputs);
    return out;
  }

  json graph(const Graph &g) {
    json out = json::object();
    return graphInto(out, g);
  }

  json node(const Node &n) {
    json out = {{"id", n.id}, {"kind", nodeKindName(n.kind)}};
    if (!canonical)
      out["loc"] = n.loc;
    if (!n.target.empty())
      out["target"] = n.target;
    if (n.launchPlan)
      out["launch_plan"] = true;
    out["inputs"] = ports(n.inputs);
    out["outputs"] = params(n.outputs);
    json s = settings(n.settings);
    if (!s.empty())
      out["settings"] = std::move(s);
    if (n.expr != kNoExpr)
      out["expr"] = exprToJson(package, n.expr);
    if (n.kind == NodeKind::Branch) {
      json cases = json::array();
      for (size_t i = 0; i < n.bodies.size(); ++i) {
        json c = {{"graph", graph(n.bodies[i])}};
        if (i < n.conditions.size())
          c["when"] = exprToJson(package, n.conditions[i]);
        cases.push_back(std::move(c));
      }
      out["cases"] = std::move(cases);
    }
    if (n.kind == NodeKind::Map) {
      out["iterate"] = n.iterate;
      if (!n.bodies.empty())
        out["body"] = graph(n.bodies.front());
    }
    if (n.criticalPath && !canonical)
      out["critical_path"] = *n.criticalPath;
    return out;
  }

  json task(const Task &t) {
    json out;
    common(out, t.module, t.loc, t.doc);
    out["inputs"] = params(t.inputs);
    out["outputs"] = params(t.outputs);
    out["plugin"] = t.plugin;
    if (!t.builtin.empty())
      out["builtin"] = t.builtin;
    out["config"] = t.config;
    if (t.script) {
      json parts = json::array();
      for (const ScriptPart &p : *t.script)
        parts.push_back(p.placeholder ? json{{"placeholder", p.text}} : json(p.text));
      out["script"] = std::move(parts);
    }
    json s = settings(t.settings);
    if (!s.empty())
      out["settings"] = std::move(s);
    if (t.cache)
      out["cache"] = {{"version", t.cache->version}, {"serialize", t.cache->serialize}, {"ignore", t.cache->ignore}};
    if (!t.pool.empty())
      out["pool"] = t.pool;
    if (!canonical)
      out["hash"] = t.hash;
    return out;
  }

  json workflow(const Workflow &w) {
    json out;
    common(out, w.module, w.loc, w.doc);
    out["dynamic"] = w.dynamic;
    graphInto(out, w.graph);
    out["failure_policy"] = w.continueOnFailure ? "continue" : "fail_fast";
    if (!w.onFailure.empty())
      out["on_failure"] = w.onFailure;
    if (!canonical)
      out["hash"] = w.hash;
    return out;
  }

  json launchPlan(const LaunchPlan &lp) {
    json out;
    common(out, lp.module, lp.loc, lp.doc);
    out["workflow"] = lp.workflow;
    out["fixed"] = json(lp.fixed);
    out["defaults"] = json(lp.defaults);
    if (lp.schedule) {
      json s = json::object();
      if (!lp.schedule->cron.empty())
        s["cron"] = lp.schedule->cron;
      if (lp.schedule->everyMs)
        s["every"] = durationString(*lp.schedule->everyMs);
      if (!lp.schedule->kickoffInput.empty())
        s["kickoff_input"] = lp.schedule->kickoffInput;
      out["schedule"] = std::move(s);
    }
    out["notify"] = lp.notify;
    if (!canonical)
      out["hash"] = lp.hash;
    return out;
  }

private:
  const Package &package;
  const TypeTable &types;
  bool canonical;
};

} // namespace

json toJson(const Package &package) { return Writer(package, false).package_(); }

json canonicalJson(const Package &package, const Task &task) { return Writer(package, true).task(task); }
json canonicalJson(const Package &package, const Workflow &workflow) {
  return Writer(package, true).workflow(workflow);
}
json canonicalJson(const Package &package, const LaunchPlan &plan) {
  return Writer(package, true).launchPlan(plan);
}

std::string writeIr(const Package &package) { return toJson(package).dump(2) + "\n"; }

} // namespace flytec::ir
