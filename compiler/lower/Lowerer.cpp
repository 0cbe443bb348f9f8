// Lowering's entry point and the parts that are not graphs: names and
// paths, types, records and enums, tasks and launch plans. Entities are
// lowered from a worklist, starting with every declaration of the root
// modules; an imported entity is lowered when something lowered uses it.
#include "lower/Lowerer.h"
#include "lower/Lowering.h"

#include "diag/SourceLocation.h"
#include "ir/IrJson.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/Path.h>

#include <fmt/format.h>

namespace flytec::lower {

std::unique_ptr<ir::Package> lowerProgram(const sema::Program &program, const llvm::SourceMgr &sources,
                                          std::string &error) {
  Lowerer lowerer(program, sources);
  std::unique_ptr<ir::Package> package = lowerer.run();
  if (!lowerer.error.empty()) {
    error = lowerer.error;
    return nullptr;
  }
  return package;
}

Lowerer::Lowerer(const sema::Program &program, const llvm::SourceMgr &sources)
    : program(program), sources(sources), package(std::make_unique<ir::Package>()) {
  for (const sema::LocalVar &v : program.locals)
    localsByPosition[v.range.Start.getPointer()] = &v;
}

std::unique_ptr<ir::Package> Lowerer::run() {
  if (program.roots.empty())
    return std::move(package);
  rootModule = program.roots.front();
  rootDir = llvm::sys::path::parent_path(rootModule->canonical).str();
  // Module names are handed out before anything is used: the root module's
  // first, then the others in load order, so of two modules with the same
  // name the one loaded first keeps it however the source orders its uses.
  nameModule(rootModule);
  for (const auto &m : program.modules)
    nameModule(m.get());
  package->root = moduleName(rootModule);
  for (const sema::ModuleInfo *root : program.roots)
    for (const sema::Entity *e : root->ordered)
      if (e->kind != sema::EntityKind::Alias && e->kind != sema::EntityKind::Test)
        use(e);
  while (!worklist.empty()) {
    const sema::Entity *e = worklist.front();
    worklist.pop_front();
    currentModule = e->module;
    switch (e->kind) {
    case sema::EntityKind::Task:
      lowerTask(*static_cast<const sema::CallableInfo *>(e));
      break;
    case sema::EntityKind::Workflow:
      lowerWorkflow(*static_cast<const sema::CallableInfo *>(e));
      break;
    case sema::EntityKind::LaunchPlan:
      lowerLaunchPlan(*static_cast<const sema::CallableInfo *>(e));
      break;
    case sema::EntityKind::Record:
      lowerRecord(*static_cast<const sema::RecordInfo *>(e));
      break;
    case sema::EntityKind::Enum:
      lowerEnum(*static_cast<const sema::EnumInfo *>(e));
      break;
    case sema::EntityKind::Alias:
    case sema::EntityKind::Test:
      break;
    }
  }
  // Modules in the order they were loaded, which the source determines.
  for (const auto &m : program.modules)
    if (listedModules.count(m.get()))
      package->modules.push_back({moduleNames[m.get()], moduleFile(m.get())});
  return std::move(package);
}

// ------------------------------------------------------- names and paths

void Lowerer::nameModule(const sema::ModuleInfo *m) {
  if (moduleNames.count(m))
    return;
  // Two modules may share a name (lib/a/util.flyte and lib/b/util.flyte):
  // the one named later (run() names them in load order) gets a suffix.
  std::string name = m->ast->name.str();
  for (int i = 2; takenModuleNames.count(name); ++i)
    name = fmt::format("{}-{}", m->ast->name.str(), i);
  takenModuleNames.insert(name);
  moduleNames[m] = name;
}

std::string Lowerer::moduleName(const sema::ModuleInfo *m) {
  nameModule(m);
  listedModules.insert(m);
  return moduleNames[m];
}

std::string Lowerer::qualified(const sema::Entity *e) { return moduleName(e->module) + "." + e->name.str(); }

std::string Lowerer::moduleFile(const sema::ModuleInfo *m) {
  if (m->isStdlib)
    return m->path;
  llvm::SmallVector<llvm::StringRef, 16> from, to;
  for (auto it = llvm::sys::path::begin(rootDir), end = llvm::sys::path::end(rootDir); it != end; ++it)
    from.push_back(*it);
  for (auto it = llvm::sys::path::begin(m->canonical), end = llvm::sys::path::end(m->canonical); it != end; ++it)
    to.push_back(*it);
  size_t common = 0;
  while (common < from.size() && common + 1 < to.size() && from[common] == to[common])
    ++common;
  llvm::SmallString<256> rel;
  for (size_t i = common; i < from.size(); ++i)
    llvm::sys::path::append(rel, llvm::sys::path::Style::posix, "..");
  for (size_t i = common; i < to.size(); ++i)
    llvm::sys::path::append(rel, llvm::sys::path::Style::posix, to[i]);
  return std::string(rel);
}

std::string Lowerer::resolvePath(const sema::ModuleInfo *m, llvm::StringRef path) {
  if (path.empty() || llvm::sys::path::is_absolute(path) || path.contains("://") || !m)
    return path.str();
  llvm::SmallString<256> full(llvm::sys::path::parent_path(moduleFile(m), llvm::sys::path::Style::posix));
  llvm::sys::path::append(full, llvm::sys::path::Style::posix, path);
  llvm::sys::path::remove_dots(full, /*remove_dot_dot=*/true, llvm::sys::path::Style::posix);
  return full.empty() ? "." : std::string(full);
}

std::string Lowerer::loc(llvm::SMLoc at) {
  if (!at.isValid())
    return "";
  unsigned buffer = sources.FindBufferContainingLoc(at);
  const sema::ModuleInfo *module = nullptr;
  for (const auto &m : program.modules)
    if (m->bufferId == buffer)
      module = m.get();
  // Columns count characters, as diagnostics do (diag/SourceLocation.h).
  LineColumn lc = lineColumn(sources, at);
  std::string file = module ? moduleFile(module) : "";
  return fmt::format("{}:{}:{}", file, lc.line, lc.column);
}

std::string Lowerer::place(llvm::SMLoc at) {
  unsigned buffer = sources.FindBufferContainingLoc(at);
  if (!buffer)
    return "";
  LineColumn lc = lineColumn(sources, at);
  return fmt::format("{}:{}:{}", sources.getMemoryBuffer(buffer)->getBufferIdentifier().str(), lc.line, lc.column);
}

const sema::LocalVar *Lowerer::localAt(const ast::Identifier &name) const {
  return localsByPosition.lookup(name.range.Start.getPointer());
}

std::string Lowerer::use(const sema::Entity *e) {
  auto it = queued.find(e);
  if (it != queued.end())
    return it->second;
  std::string name = qualified(e);
  queued[e] = name;
  worklist.push_back(e);
  return name;
}

// ----------------------------------------------------------------- types

ir::TypeId Lowerer::type(const sema::Type *t) {
  // Memoized: every expression asks, and interning builds a key.
  auto cached = typeIds.find(t);
  if (cached != typeIds.end())
    return cached->second;
  ir::TypeId id = convertType(t);
  typeIds[t] = id;
  return id;
}

ir::TypeId Lowerer::convertType(const sema::Type *t) {
  ir::TypeTable &types = package->types;
  using K = sema::TypeKind;
  switch (t->kind()) {
  case K::Error:
  case K::Never:
  case K::Void:
  case K::Outputs:
    // Not value types: lowering never asks for them on a checked program.
    return types.scalar(ir::TypeKind::Json);
  case K::None:
    return types.none();
  case K::Int:
    return types.scalar(ir::TypeKind::Int);
  case K::Float:
    return types.scalar(ir::TypeKind::Float);
  case K::Bool:
    return types.scalar(ir::TypeKind::Bool);
  case K::String:
    return types.scalar(ir::TypeKind::String);
  case K::Datetime:
    return types.scalar(ir::TypeKind::Datetime);
  case K::Duration:
    return types.scalar(ir::TypeKind::Duration);
  case K::Json:
    return types.scalar(ir::TypeKind::Json);
  case K::File:
    return t->format().empty() ? types.scalar(ir::TypeKind::File) : types.file(t->format());
  case K::Dir:
    return types.scalar(ir::TypeKind::Dir);
  case K::Dataframe: {
    if (!t->hasSchema())
      return types.scalar(ir::TypeKind::Dataframe);
    std::vector<ir::Column> columns;
    for (const sema::NamedType &c : t->columns())
      columns.push_back({c.name.str(), type(c.type)});
    return types.dataframe(std::move(columns), true);
  }
  case K::List:
    return types.list(type(t->element()));
  case K::Map:
    return types.map(type(t->element()));
  case K::Union: {
    std::vector<ir::TypeId> members;
    for (const sema::Type *m : t->members())
      members.push_back(type(m));
    return types.unionOf(std::move(members));
  }
  case K::Record:
    return types.record(use(t->record()));
  case K::Enum:
    return types.enumType(use(t->enumInfo()));
  }
  return types.scalar(ir::TypeKind::Json);
}

// -------------------------------------------------------------- entities

std::vector<ir::Param> Lowerer::params(const std::vector<sema::ParamInfo> &ps, const sema::ModuleInfo *m) {
  std::vector<ir::Param> out;
  for (const sema::ParamInfo &p : ps) {
    ir::Param param;
    param.name = p.name.str();
    param.type = type(p.type);
    if (p.param) {
      param.doc = p.param->doc.str();
      if (p.param->defaultValue) {
        std::string why;
        param.defaultValue = constant(p.param->defaultValue, m, why);
        if (!param.defaultValue && error.empty())
          error = fmt::format("{}: the default of '{}' cannot be computed: {}", place(p.param->defaultValue->range().Start),
                              param.name, why);
      } else if (p.hasDefault) {
        param.defaultValue = nullptr; // an optional input defaults to none
      }
    }
    out.push_back(std::move(param));
  }
  return out;
}

void Lowerer::lowerRecord(const sema::RecordInfo &r) {
  ir::RecordDef def;
  def.name = qualified(&r);
  def.module = moduleName(r.module);
  def.doc = r.decl->doc.str();
  def.fields = params(r.fields, r.module);
  package->records[def.name] = std::move(def);
}

void Lowerer::lowerEnum(const sema::EnumInfo &e) {
  ir::EnumDef def;
  def.name = qualified(&e);
  def.module = moduleName(e.module);
  def.doc = e.decl->doc.str();
  for (llvm::StringRef m : e.members)
    def.members.push_back(m.str());
  package->enums[def.name] = std::move(def);
}

void Lowerer::lowerTask(const sema::CallableInfo &info) {
  const auto &decl = *static_cast<const ast::TaskDecl *>(info.decl);
  ir::Task task;
  task.name = qualified(&info);
  task.module = moduleName(info.module);
  task.loc = loc(decl.name.range.Start);
  task.doc = decl.doc.str();
  task.inputs = params(info.inputs, info.module);
  task.outputs = params(info.outputs, info.module);
  task.builtin = info.builtin;
  taskDecorators(decl, task);
  if (!info.builtin.empty()) {
    task.plugin = "builtin";
  } else if (decl.body) {
    task.plugin = decl.body->plugin.name.str();
    for (const ast::Argument &a : decl.body->config) {
      // A config value naming an input (`sql(database: db)`) is bound at run
      // time; everything else is a constant.
      if (const auto *name = llvm::dyn_cast<ast::NameExpr>(a.value); name && info.input(name->name)) {
        task.config[a.label.name.str()] = {{"input", name->name.str()}};
        continue;
      }
      std::string why;
      std::optional<ir::Value> v = configValue(a.value, info.module, why);
      if (v && v->is_string() && (a.label.name == "database" || a.label.name == "file"))
        *v = resolvePath(info.module, v->get<std::string>());
      if (v)
        task.config[a.label.name.str()] = *v;
      else if (error.empty())
        error = fmt::format("{}: config '{}' cannot be computed: {}", place(a.range.Start), a.label.name.str(), why);
    }
    if (decl.body->script)
      task.script = scriptParts(*decl.body->script);
  }
  package->tasks[task.name] = std::move(task);
}

std::vector<ir::ScriptPart> Lowerer::scriptParts(const ast::StringLit &script) {
  std::vector<ir::ScriptPart> parts;
  for (const ast::StringPart &p : script.parts) {
    if (!p.expr) {
      if (!parts.empty() && !parts.back().placeholder)
        parts.back().text += p.text.str();
      else
        parts.push_back({p.text.str(), false});
      continue;
    }
    // The placeholder as written, without spaces: `name`, `p.field`, `outputs.x`.
    llvm::StringRef written(p.expr->range().Start.getPointer(),
                            p.expr->range().End.getPointer() - p.expr->range().Start.getPointer());
    std::string text;
    for (char c : written)
      if (!isspace(static_cast<unsigned char>(c)))
        text += c;
    parts.push_back({text, true});
  }
  return parts;
}

std::optional<ir::Value> Lowerer::configValue(const ast::Expr *e, const sema::ModuleInfo *m, std::string &why) {
  // Strings with placeholders (a container's command) are rendered by the
  // plugin at run time, like a script.
  if (const auto *str = llvm::dyn_cast<ast::StringLit>(e); str && str->hasInterpolation()) {
    ir::Value parts = ir::Value::array();
    for (const ir::ScriptPart &p : scriptParts(*str))
      parts.push_back(p.placeholder ? ir::Value{{"placeholder", p.text}} : ir::Value(p.text));
    return ir::Value{{"template", std::move(parts)}};
  }
  if (const auto *list = llvm::dyn_cast<ast::ListLit>(e)) {
    ir::Value out = ir::Value::array();
    for (const ast::Expr *x : list->elements) {
      std::optional<ir::Value> v = configValue(x, m, why);
      if (!v)
        return std::nullopt;
      out.push_back(std::move(*v));
    }
    return out;
  }
  // A map (`env: {"K": "{{name}}"}`): each value like a config value, so
  // placeholders in it become templates too.
  if (const auto *map = llvm::dyn_cast<ast::MapLit>(e)) {
    ir::Value out = ir::Value::object();
    for (const ast::MapEntry &entry : map->entries) {
      std::optional<ir::Value> key = constant(entry.key, m, why);
      if (!key)
        return std::nullopt;
      if (!key->is_string()) {
        why = "a key is not a string";
        return std::nullopt;
      }
      std::optional<ir::Value> v = configValue(entry.value, m, why);
      if (!v)
        return std::nullopt;
      out[key->get<std::string>()] = std::move(*v);
    }
    return out;
  }
  return constant(e, m, why);
}

void Lowerer::lowerWorkflow(const sema::CallableInfo &info) {
  const auto &decl = *static_cast<const ast::WorkflowDecl *>(info.decl);
  ir::Workflow wf;
  wf.name = qualified(&info);
  wf.module = moduleName(info.module);
  wf.loc = loc(decl.name.range.Start);
  wf.doc = decl.doc.str();
  wf.dynamic = info.dynamic;
  workflowDecorators(decl, wf);
  lowerBody(info, wf);
  package->workflows[wf.name] = std::move(wf);
}

void Lowerer::lowerLaunchPlan(const sema::CallableInfo &info) {
  const auto &decl = *static_cast<const ast::LaunchPlanDecl *>(info.decl);
  ir::LaunchPlan lp;
  lp.name = qualified(&info);
  lp.module = moduleName(info.module);
  lp.loc = loc(decl.name.range.Start);
  lp.doc = decl.doc.str();
  if (info.target) {
    lp.workflow = use(info.target);
    for (const ast::LaunchPlanEntry &e : decl.entries) {
      std::string why;
      std::optional<ir::Value> v = constant(e.value, info.module, why);
      if (!v) {
        if (error.empty())
          error = fmt::format("{}: '{}' cannot be computed: {}", place(e.range.Start), e.name.name.str(), why);
        continue;
      }
      (e.fixed ? lp.fixed : lp.defaults)[e.name.name.str()] = std::move(*v);
    }
  }
  launchPlanDecorators(decl, lp);
  package->launchPlans[lp.name] = std::move(lp);
}

} // namespace flytec::lower
