// Task declarations: the body's plugin and its configuration against the
// plugin registry (E5001, E5002), and every `{{placeholder}}` in the script
// against the task's inputs and outputs (E5003).
#include "plugins/PluginRegistry.h"
#include "sema/Checker.h"

#include <fmt/format.h>
#include <llvm/ADT/StringExtras.h>

namespace flytec::sema {

namespace {

/// Shell quoting renders scalars, enums, paths and lists of them; structured
/// values have no text form a script could use safely.
bool renderableInShell(const Type *t) {
  t = t->withoutNone();
  switch (t->kind()) {
  case TypeKind::List:
    return renderableInShell(t->element()) && t->element()->kind() != TypeKind::List;
  case TypeKind::Map:
  case TypeKind::Record:
  case TypeKind::Json:
  case TypeKind::Outputs:
  case TypeKind::Union:
  case TypeKind::Void:
    return false;
  default:
    return true;
  }
}

bool bindableInSql(const Type *t) {
  t = t->withoutNone();
  switch (t->kind()) {
  case TypeKind::Int:
  case TypeKind::Float:
  case TypeKind::Bool:
  case TypeKind::String:
  case TypeKind::Datetime:
  case TypeKind::Duration:
  case TypeKind::Enum:
  case TypeKind::Error:
    return true;
  default:
    return false;
  }
}

} // namespace

void Checker::checkTask(CallableInfo &task) {
  const auto *decl = static_cast<const ast::TaskDecl *>(task.decl);
  resolveCallable(task);
  checkDecorators(decl->decorators, DecoratorSite::Task, &task, nullptr);

  const ast::TaskBody *body = decl->body;
  bool hasPlugin = body && !body->plugin.empty();
  if (!task.builtin.empty()) {
    if (hasPlugin)
      diags.report(DiagCode::E5004, body->plugin.range,
                   fmt::format("task '{}' is @builtin: the runtime implements it, so it has no body", task.name.str()));
    return;
  }
  std::vector<llvm::StringRef> pluginNames;
  for (const plugins::PluginInfo &p : plugins::allPlugins())
    pluginNames.push_back(p.name);
  if (!hasPlugin) {
    // A task written as builtin whose decorator is wrong (already E5004)
    // does not also need a body.
    if (!body)
      for (const ast::Decorator &d : decl->decorators)
        if (d.name.parts.size() == 1 &&
            (d.name.parts[0].name == "builtin" || nearestName(d.name.parts[0].name, {"builtin"})))
          return;
    std::string list;
    for (llvm::StringRef p : pluginNames)
      list += (list.empty() ? "" : ", ") + p.str();
    diags.report(DiagCode::E5001, body ? body->range : decl->name.range,
                 fmt::format("task '{}' names no plugin to run it", task.name.str()))
        .note(fmt::format("write a body such as {{ shell \"...\" }}; the plugins are {}", list));
    return;
  }
  const plugins::PluginInfo *plugin = plugins::findPlugin(body->plugin.name);
  if (!plugin) {
    std::string list;
    for (llvm::StringRef p : pluginNames)
      list += (list.empty() ? "" : ", ") + p.str();
    std::optional<llvm::StringRef> near = nearestName(body->plugin.name, pluginNames);
    auto diag = diags.report(DiagCode::E5001, body->plugin.range,
                             fmt::format("unknown plugin '{}'{}", body->plugin.name.str(),
                                         near ? fmt::format("; did you mean '{}'?", near->str()) : ""));
    diag.note(fmt::format("the plugins are {}", list));
    if (near)
      diag.fixit(body->plugin.range, near->str());
    return;
  }

  // Configuration.
  llvm::StringMap<const ast::Argument *> given;
  std::vector<llvm::StringRef> keys;
  for (const plugins::ConfigKey &k : plugin->config)
    keys.push_back(k.name);
  std::vector<const ast::StringLit *> templated; // strings whose placeholders render
  for (const ast::Argument &arg : body->config) {
    if (arg.label.empty()) {
      diags.report(DiagCode::E5002, arg.range,
                   fmt::format("the {} plugin's settings are named{}", plugin->name.str(),
                               keys.empty() ? std::string(" (it has none)")
                                            : fmt::format(": {}", llvm::join(keys, ", "))));
      continue;
    }
    const plugins::ConfigKey *key = plugin->key(arg.label.name);
    if (!key) {
      std::optional<llvm::StringRef> near = nearestName(arg.label.name, keys);
      auto diag = diags.report(DiagCode::E5002, arg.label.range,
                               fmt::format("the {} plugin has no setting '{}'{}", plugin->name.str(),
                                           arg.label.name.str(),
                                           near ? fmt::format("; did you mean '{}'?", near->str()) : ""));
      if (near)
        diag.fixit(arg.label.range, near->str());
      else
        diag.note(keys.empty() ? std::string("it takes no settings")
                               : fmt::format("its settings are {}", llvm::join(keys, ", ")));
      continue;
    }
    auto [it, inserted] = given.try_emplace(arg.label.name, &arg);
    if (!inserted) {
      diags.report(DiagCode::E5002, arg.label.range, fmt::format("'{}' is given twice", arg.label.name.str()))
          .note(it->second->range, "first given here");
      continue;
    }
    const ast::Expr *v = arg.value;
    bool ok = true;
    switch (key->kind) {
    case plugins::ConfigKind::String: {
      std::optional<std::string> text = ast::plainStringValue(v);
      ok = text.has_value();
      if (text && text->empty()) {
        diags.report(DiagCode::E5002, v->range(), fmt::format("'{}' must not be empty", key->name.str()));
        continue;
      }
      break;
    }
    case plugins::ConfigKind::Bool:
      ok = llvm::isa<ast::BoolLit>(v);
      break;
    case plugins::ConfigKind::Int:
      ok = llvm::isa<ast::IntLit>(v);
      break;
    case plugins::ConfigKind::StringList: {
      const auto *list = llvm::dyn_cast<ast::ListLit>(v);
      ok = list != nullptr;
      if (list)
        for (const ast::Expr *e : list->elements) {
          const auto *s = llvm::dyn_cast<ast::StringLit>(e);
          ok &= s != nullptr;
          if (s)
            templated.push_back(s);
        }
      break;
    }
    case plugins::ConfigKind::StringMap: {
      const auto *map = llvm::dyn_cast<ast::MapLit>(v);
      ok = map != nullptr;
      if (map)
        for (const ast::MapEntry &e : map->entries) {
          const auto *s = llvm::dyn_cast<ast::StringLit>(e.value);
          ok &= ast::plainStringValue(e.key).has_value() && s != nullptr;
          if (s)
            templated.push_back(s);
        }
      break;
    }
    case plugins::ConfigKind::FileRef: {
      if (ast::plainStringValue(v))
        break;
      const auto *name = llvm::dyn_cast<ast::NameExpr>(v);
      const ParamInfo *input = name ? task.input(name->name) : nullptr;
      if (name && !input) {
        std::vector<llvm::StringRef> inputs;
        for (const ParamInfo &p : task.inputs)
          inputs.push_back(p.name);
        diags.report(DiagCode::E5002, v->range(),
                     fmt::format("'{}' is not an input of task '{}'{}", name->name.str(), task.name.str(),
                                 didYouMean(name->name, inputs)));
        continue;
      }
      ok = input && input->type->withoutNone()->kind() == TypeKind::File;
      if (input && !ok) {
        diags.report(DiagCode::E5002, v->range(),
                     fmt::format("'{}' of the {} plugin takes a file input or a path string; input '{}' is {}",
                                 key->name.str(), plugin->name.str(), input->name.str(), input->type->str()));
        continue;
      }
      if (input) {
        Reference ref;
        ref.kind = Reference::Kind::None;
        ref.member = input->name;
        record(v, ref);
      }
      break;
    }
    }
    if (!ok)
      diags.report(DiagCode::E5002, v->range(),
                   fmt::format("'{}' of the {} plugin takes {}", key->name.str(), plugin->name.str(),
                               plugins::configKindName(key->kind).str()));
  }
  for (const plugins::ConfigKey &k : plugin->config)
    if (k.required && !given.count(k.name))
      diags.report(DiagCode::E5002, body->plugin.range,
                   fmt::format("the {} plugin needs '{}': {}", plugin->name.str(), k.name.str(), k.doc.str()));

  // python's `function:` names a function of the `file:`.
  if (const ast::Argument *function = given.lookup("function"); function && plugin->key("file") && !given.count("file"))
    diags.report(DiagCode::E5002, function->label.range,
                 fmt::format("'function' names a function in the file given with 'file:'; the {} plugin has no "
                             "'file:' here",
                             plugin->name.str()));

  // The script.
  switch (plugin->script) {
  case plugins::ScriptRule::Required:
    if (!body->script)
      diags.report(DiagCode::E5002, body->plugin.range,
                   fmt::format("the {} plugin needs a script: {} \"\"\"...\"\"\"", plugin->name.str(),
                               plugin->name.str()));
    break;
  case plugins::ScriptRule::Optional:
    break;
  case plugins::ScriptRule::ScriptOrKey: {
    bool hasKey = given.count(plugin->scriptKey) != 0;
    if (hasKey == (body->script != nullptr))
      diags.report(DiagCode::E5002, body->plugin.range,
                   hasKey ? fmt::format("give the {} plugin either a script or '{}:', not both", plugin->name.str(),
                                        plugin->scriptKey.str())
                          : fmt::format("the {} plugin needs a script or '{}:'", plugin->name.str(),
                                        plugin->scriptKey.str()));
    break;
  }
  }
  if (body->script)
    templated.push_back(body->script);

  // Placeholders (LANGUAGE.md §5.2).
  std::vector<llvm::StringRef> inputNames, outputNames;
  for (const ParamInfo &p : task.inputs)
    inputNames.push_back(p.name);
  for (const ParamInfo &p : task.outputs)
    outputNames.push_back(p.name);
  bool sql = plugin->placeholders == plugins::PlaceholderRule::BoundParameter;
  for (const ast::StringLit *text : templated) {
    for (const ast::StringPart &part : text->parts) {
      const ast::Expr *e = part.expr;
      if (!e)
        continue;
      if (plugin->placeholders == plugins::PlaceholderRule::None) {
        const auto *name = llvm::dyn_cast<ast::NameExpr>(e);
        auto diag = diags.report(DiagCode::E5003, part.range,
                                 fmt::format("{} scripts have no placeholders: inputs are variables of the script",
                                             plugin->name.str()));
        if (name && task.input(name->name) && text == body->script)
          diag.fixit(part.range, name->name.str());
        else
          diag.note("set outputs with 'outputs.NAME = value'; write '\\{{' for literal braces");
        continue;
      }
      if (const auto *name = llvm::dyn_cast<ast::NameExpr>(e)) {
        if (const ParamInfo *input = task.input(name->name)) {
          setType(e, input->type);
          if (sql ? !bindableInSql(input->type) : !renderableInShell(input->type))
            diags.report(DiagCode::E5003, part.range,
                         sql ? fmt::format("input '{}' is {}; SQL parameters are scalars", name->name.str(),
                                           input->type->str())
                             : fmt::format("input '{}' is {}, which has no text form for a script; use one of "
                                           "its fields or pass it as a file",
                                           name->name.str(), input->type->str()));
          continue;
        }
        if ((name->name == "checkpoint" || name->name == "deck") && !sql) {
          setType(e, types.dir());
          continue;
        }
        if (task.output(name->name) && !sql) {
          diags.report(DiagCode::E5003, part.range,
                       fmt::format("placeholder '{}' names an output of task '{}' without 'outputs.'",
                                   name->name.str(), task.name.str()))
              .fixit(part.range, fmt::format("{{{{outputs.{}}}}}", name->name.str()))
              .note(fmt::format("'{}' is an output: write {{{{outputs.{}}}}}", name->name.str(), name->name.str()));
          continue;
        }
        auto diag = diags.report(DiagCode::E5003, part.range,
                                 fmt::format("placeholder '{}' names no input or output of task '{}'{}",
                                             name->name.str(), task.name.str(),
                                             didYouMean(name->name, inputNames)));
        if (auto near = nearestName(name->name, inputNames))
          diag.fixit(e->range(), near->str());
        continue;
      }
      if (const auto *field = llvm::dyn_cast<ast::FieldExpr>(e)) {
        const auto *base = llvm::dyn_cast<ast::NameExpr>(field->base);
        if (base && base->name == "outputs" && !task.input("outputs")) {
          if (sql) {
            diags.report(DiagCode::E5003, part.range,
                         "sql outputs come from the query's result set, not from placeholders");
            continue;
          }
          const ParamInfo *out = task.output(field->field.name);
          if (!out) {
            auto diag = diags.report(DiagCode::E5003, field->field.range,
                                     fmt::format("task '{}' has no output '{}'{}", task.name.str(),
                                                 field->field.name.str(), didYouMean(field->field.name, outputNames)));
            if (auto near = nearestName(field->field.name, outputNames))
              diag.fixit(field->field.range, near->str());
            continue;
          }
          setType(e, types.file());
          continue;
        }
        if (base) {
          if (const ParamInfo *input = task.input(base->name)) {
            const Type *t = input->type->withoutNone();
            if (t->kind() == TypeKind::Record) {
              auto *record = const_cast<RecordInfo *>(t->record());
              resolveRecord(*record);
              if (const ParamInfo *f = record->field(field->field.name)) {
                setType(e, f->type);
                std::string what = fmt::format("field '{}.{}'", base->name.str(), f->name.str());
                if (sql ? !bindableInSql(f->type) : !renderableInShell(f->type))
                  diags.report(DiagCode::E5003, part.range,
                               sql ? fmt::format("{} is {}; SQL parameters are scalars", what, f->type->str())
                                   : fmt::format("{} is {}, which has no text form for a script; use one of its "
                                                 "fields or pass it as a file",
                                                 what, f->type->str()));
                continue;
              }
              std::vector<llvm::StringRef> names;
              for (const ParamInfo &f : record->fields)
                names.push_back(f.name);
              diags.report(DiagCode::E2005, field->field.range,
                           fmt::format("record {} has no field '{}'{}", record->name.str(), field->field.name.str(),
                                       didYouMean(field->field.name, names)));
              continue;
            }
            if (!t->isError())
              diags.report(DiagCode::E2005, field->field.range,
                           fmt::format("input '{}' is {}, which has no fields", base->name.str(), t->str()));
            continue;
          }
        }
      }
      if (const auto *name = llvm::dyn_cast<ast::FieldExpr>(e); name && llvm::isa<ast::NameExpr>(name->base)) {
        llvm::StringRef root = llvm::cast<ast::NameExpr>(name->base)->name;
        diags.report(DiagCode::E5003, part.range,
                     fmt::format("placeholder '{}' names no input or output of task '{}'{}", root.str(),
                                 task.name.str(), didYouMean(root, inputNames)));
        continue;
      }
      diags.report(DiagCode::E5003, part.range,
                   "a placeholder names an input, a field of one, or outputs.NAME, checkpoint or deck; "
                   "compute other values in the workflow and pass them in");
    }
  }
}

} // namespace flytec::sema
