// `container` tasks as Flyte raw containers (docs/flyteidl.md, "Container
// tasks"). The task names its own image, which need not contain flytec, so
// Flyte's copilot sidecar moves the data: it writes each input to
// /var/flyte/inputs/<name> (a primitive as its text, a file or directory
// as itself) and uploads each output from /var/flyte/outputs/<name>.
//
// Placeholders keep the language's promise that an input never becomes
// code: inside a shell script (the argument after `sh -c`) an input is
// read back quoted, `"$(cat /var/flyte/inputs/x)"`; in any other argument
// it is Flyte's `{{.inputs.x}}`, which becomes that one argument. Paths are
// fixed text and go in as they are.
//
// What copilot or Flyte's templating cannot do — record fields, lists,
// `checkpoint`, `deck`, inputs or outputs of types copilot does not move —
// keeps the task on flytec's runner instead, started in the task's own
// image (which then needs flytec).
#include "emit/FlyteIdlClosure.h"

#include "ir/IrJson.h"

#include <llvm/Support/Path.h>

namespace flytec::emit::idl {

namespace {

constexpr llvm::StringLiteral kInputDir = "/var/flyte/inputs";
constexpr llvm::StringLiteral kOutputDir = "/var/flyte/outputs";

bool isShell(llvm::StringRef program) {
  llvm::StringRef base = llvm::sys::path::filename(program);
  return base == "sh" || base == "bash" || base == "dash" || base == "zsh" || base == "ash" || base == "ksh";
}

/// Kinds copilot writes as a file of their own.
bool movableInput(const ir::TypeTable &types, ir::TypeId type) {
  switch (types[type].kind) {
  case ir::TypeKind::Int:
  case ir::TypeKind::Float:
  case ir::TypeKind::Bool:
  case ir::TypeKind::String:
  case ir::TypeKind::Datetime:
  case ir::TypeKind::Duration:
  case ir::TypeKind::Enum:
  case ir::TypeKind::File:
  case ir::TypeKind::Dir:
    return true;
  default:
    return false;
  }
}

/// Kinds copilot reads back from a file of their own.
bool movableOutput(const ir::TypeTable &types, ir::TypeId type) {
  switch (types[type].kind) {
  case ir::TypeKind::Int:
  case ir::TypeKind::Float:
  case ir::TypeKind::Bool:
  case ir::TypeKind::String:
  case ir::TypeKind::File:
  case ir::TypeKind::Dir:
    return true;
  default:
    return false;
  }
}

const ir::Param *param(const std::vector<ir::Param> &params, llvm::StringRef name) {
  for (const ir::Param &p : params)
    if (p.name == name)
      return &p;
  return nullptr;
}

class RawRenderer {
public:
  explicit RawRenderer(const ir::Package &package, const ir::Task &task) : package_(package), task_(task) {}

  /// One argument: a plain string or `{"template": [text | {"placeholder": p}]}`.
  bool argument(const Json &value, bool shell, std::string &out) {
    if (value.is_string()) {
      out = value.get<std::string>();
      return true;
    }
    if (!value.is_object() || !value.contains("template"))
      return false;
    out.clear();
    for (const Json &part : value["template"]) {
      if (part.is_string()) {
        out += part.get<std::string>();
        continue;
      }
      std::string rendered;
      if (!part.is_object() || !placeholder(part.value("placeholder", ""), shell, rendered))
        return false;
      out += rendered;
    }
    return true;
  }

private:
  bool placeholder(llvm::StringRef name, bool shell, std::string &out) {
    const ir::TypeTable &types = package_.types;
    if (name.consume_front("outputs.")) {
      const ir::Param *p = param(task_.outputs, name);
      if (!p || !movableOutput(types, p->type))
        return false;
      out = (kOutputDir + "/" + name).str();
      return true;
    }
    const ir::Param *p = param(task_.inputs, name);
    if (!p || !movableInput(types, p->type))
      return false; // a field, `checkpoint`, `deck`, or a type copilot does not write
    ir::TypeKind kind = types[p->type].kind;
    if (kind == ir::TypeKind::File || kind == ir::TypeKind::Dir)
      out = (kInputDir + "/" + name).str();
    else if (shell)
      out = ("\"$(cat " + kInputDir + "/" + name + ")\"").str();
    else
      out = ("{{.inputs." + name + "}}").str();
    return true;
  }

  const ir::Package &package_;
  const ir::Task &task_;
};

/// The raw-container command, or false when Flyte cannot run the task so.
bool rawCommand(const ir::Package &package, const ir::Task &task, Json &command) {
  for (const ir::Param &p : task.inputs)
    if (!movableInput(package.types, p.type))
      return false;
  for (const ir::Param &p : task.outputs)
    if (!movableOutput(package.types, p.type))
      return false;
  RawRenderer renderer(package, task);
  command = Json::array();
  auto config = task.config.find("command");
  if (config != task.config.end() && config->is_array()) {
    std::vector<std::string> args;
    for (const Json &element : *config) {
      // The argument after `<shell> -c` is a shell script.
      bool shell = args.size() >= 2 && args.back() == "-c" && isShell(args[args.size() - 2]);
      std::string rendered;
      if (!renderer.argument(element, shell, rendered))
        return false;
      args.push_back(rendered);
    }
    command = args;
    return true;
  }
  if (!task.script)
    return false;
  Json parts = Json::array();
  for (const ir::ScriptPart &p : *task.script)
    parts.push_back(p.placeholder ? Json{{"placeholder", p.text}} : Json(p.text));
  std::string script;
  if (!renderer.argument(Json{{"template", parts}}, /*shell=*/true, script))
    return false;
  command = {"sh", "-c", script};
  return true;
}

} // namespace

Json Closure::containerTemplate(const ir::Task &task) {
  std::string ver = version(task.hash.empty() ? ir::canonicalHash(package_, task) : task.hash);
  std::string image = task.config.value("image", "");
  Json env = Json::array();
  bool plainEnv = true;
  if (auto it = task.config.find("env"); it != task.config.end() && it->is_object())
    for (const auto &[key, value] : it->items()) {
      if (!value.is_string())
        plainEnv = false;
      else
        env.push_back({{"key", key}, {"value", value}});
    }
  Json command;
  Json tmpl;
  if (plainEnv && rawCommand(package_, task, command)) {
    tmpl = runnerTemplate(task.name, ver, "raw-container", task.inputs, task.outputs, taskSpec(task),
                          "execute-task", image);
    Json &c = tmpl["container"];
    c.erase("args");
    c["command"] = command;
    c["dataConfig"] = {{"enabled", true},
                       {"inputPath", kInputDir.str()},
                       {"outputPath", kOutputDir.str()},
                       {"format", "JSON"}};
    if (!env.empty())
      c["env"] = env;
  } else {
    tmpl = runnerTemplate(task.name, ver, "container", task.inputs, task.outputs, taskSpec(task), "execute-task",
                          image);
  }
  tmpl["metadata"] = taskMetadata(task);
  Json res = resources(task.settings.requests, task.settings.limits);
  if (!res.is_null())
    tmpl["container"]["resources"] = res;
  return tmpl;
}

} // namespace flytec::emit::idl
