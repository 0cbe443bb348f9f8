#include "ide/Occurrences.h"

#include <fmt/format.h>
#include <llvm/ADT/DenseMap.h>

#include <algorithm>

namespace flytec::ide {

using namespace flytec::ast;
using sema::Entity;
using sema::EntityKind;
using sema::Reference;

SymbolKind symbolKindOf(EntityKind kind) {
  switch (kind) {
  case EntityKind::Record:
    return SymbolKind::Record;
  case EntityKind::Enum:
    return SymbolKind::Enum;
  case EntityKind::Alias:
    return SymbolKind::Alias;
  case EntityKind::Task:
    return SymbolKind::Task;
  case EntityKind::Workflow:
    return SymbolKind::Workflow;
  case EntityKind::LaunchPlan:
    return SymbolKind::LaunchPlan;
  case EntityKind::Test:
    return SymbolKind::Workflow;
  }
  return SymbolKind::Record;
}

llvm::StringRef symbolKindName(SymbolKind kind) {
  switch (kind) {
  case SymbolKind::Record:
    return "record";
  case SymbolKind::Enum:
    return "enum";
  case SymbolKind::Alias:
    return "type";
  case SymbolKind::Task:
    return "task";
  case SymbolKind::Workflow:
    return "workflow";
  case SymbolKind::LaunchPlan:
    return "launch plan";
  case SymbolKind::Input:
    return "input";
  case SymbolKind::Output:
    return "output";
  case SymbolKind::Field:
    return "field";
  case SymbolKind::EnumMember:
    return "enum member";
  case SymbolKind::Variable:
    return "variable";
  case SymbolKind::Module:
    return "module";
  case SymbolKind::StdFunction:
    return "function";
  }
  return "symbol";
}

SymbolKey keyOf(const Entity &entity) {
  return {entity.module ? entity.module->canonical : std::string(), entity.name.str(), "", symbolKindOf(entity.kind)};
}

SymbolKey memberKey(const Entity &owner, SymbolKind kind, llvm::StringRef member) {
  return {owner.module ? owner.module->canonical : std::string(), owner.name.str(), member.str(), kind};
}

namespace {

/// Walks one module's AST in source order, turning sema's side tables into
/// occurrences.
class Collector {
public:
  Collector(const sema::Program &program, const sema::ModuleInfo &module, std::vector<Occurrence> &out)
      : program_(program), module_(module), out_(out) {
    text_ = module.ast->range().Start.getPointer();
    for (const sema::LocalVar &v : program.locals)
      if (v.range.Start.isValid())
        localsByStart_.push_back(&v);
    std::sort(localsByStart_.begin(), localsByStart_.end(),
              [](const sema::LocalVar *a, const sema::LocalVar *b) {
                return a->range.Start.getPointer() < b->range.Start.getPointer();
              });
  }

  void run() {
    for (const Decl *decl : module_.ast->decls)
      visitDecl(*decl);
  }

private:
  void add(llvm::SMRange range, SymbolKey key, bool declaration, const Entity *entity = nullptr,
           const sema::LocalVar *local = nullptr, const sema::ModuleInfo *module = nullptr) {
    if (!range.Start.isValid() || range.Start == range.End)
      return;
    Occurrence o;
    o.range = range;
    o.key = std::move(key);
    o.declaration = declaration;
    o.entity = entity;
    o.local = local;
    o.module = module;
    out_.push_back(std::move(o));
  }
  void addEntity(llvm::SMRange range, const Entity *entity, bool declaration = false) {
    if (entity && entity->kind != EntityKind::Test)
      add(range, keyOf(*entity), declaration, entity);
  }
  void addMember(llvm::SMRange range, const Entity *owner, SymbolKind kind, llvm::StringRef name,
                 bool declaration = false) {
    // A launch plan's inputs and outputs are its workflow's: a call of the
    // plan names them.
    if (owner && owner->kind == EntityKind::LaunchPlan && (kind == SymbolKind::Input || kind == SymbolKind::Output))
      if (const auto *target = static_cast<const sema::CallableInfo *>(owner)->target)
        owner = target;
    if (owner)
      add(range, memberKey(*owner, kind, name), declaration, owner);
  }
  void addModule(llvm::SMRange range, const sema::ModuleInfo *module) {
    if (module)
      add(range, {module->canonical, "", "", SymbolKind::Module}, false, nullptr, nullptr, module);
  }

  const sema::LocalVar *localAt(llvm::SMRange range) const {
    auto it = std::lower_bound(localsByStart_.begin(), localsByStart_.end(), range.Start.getPointer(),
                               [](const sema::LocalVar *v, const char *p) { return v->range.Start.getPointer() < p; });
    return it != localsByStart_.end() && (*it)->range.Start == range.Start ? *it : nullptr;
  }
  SymbolKey localKey(const sema::LocalVar &v) const {
    return {module_.canonical, owner_ ? owner_->name.str() : std::string(),
            fmt::format("{}@{}", v.name.str(), v.range.Start.getPointer() - text_), SymbolKind::Variable};
  }
  void addLocal(llvm::SMRange range, const sema::LocalVar *v, bool declaration) {
    if (!v)
      return;
    if (v->kind == sema::LocalVar::Kind::Input) {
      // A workflow's input: the same symbol as the input in its signature
      // and in the labels of calls.
      addMember(range, owner_, SymbolKind::Input, v->name, declaration);
      return;
    }
    add(range, localKey(*v), declaration, nullptr, v);
  }

  const Entity *entityOfCallee(const Expr *callee) const {
    const Reference *ref = program_.referenceOf(callee);
    return ref && ref->kind == Reference::Kind::Entity ? ref->entity : nullptr;
  }
  static const sema::CallableInfo *callable(const Entity *e) {
    return e && e->isCallable() ? static_cast<const sema::CallableInfo *>(e) : nullptr;
  }

  // ------------------------------------------------------------ declarations

  void visitDecl(const Decl &decl) {
    const Entity *entity = program_.entityOf(&decl);
    owner_ = entity;
    for (const Decorator &d : decl.decorators)
      visitDecorator(d);
    switch (decl.kind()) {
    case NodeKind::ImportDecl:
      visitImport(llvm::cast<ImportDecl>(decl));
      break;
    case NodeKind::RecordDecl:
      addEntity(decl.name.range, entity, true);
      for (const Param &f : llvm::cast<RecordDecl>(decl).fields) {
        addMember(f.name.range, entity, SymbolKind::Field, f.name.name, true);
        visitType(f.type);
        visitExpr(f.defaultValue);
      }
      break;
    case NodeKind::EnumDecl:
      addEntity(decl.name.range, entity, true);
      for (const EnumMember &m : llvm::cast<EnumDecl>(decl).members)
        addMember(m.name.range, entity, SymbolKind::EnumMember, m.name.name, true);
      break;
    case NodeKind::AliasDecl:
      addEntity(decl.name.range, entity, true);
      visitType(llvm::cast<AliasDecl>(decl).type);
      break;
    case NodeKind::TaskDecl: {
      const auto &task = llvm::cast<TaskDecl>(decl);
      addEntity(decl.name.range, entity, true);
      visitParams(task.inputs, SymbolKind::Input);
      visitParams(task.outputs, SymbolKind::Output);
      if (task.body) {
        for (const Argument &a : task.body->config)
          visitTaskBodyExpr(a.value);
        if (task.body->script)
          visitTaskBodyExpr(task.body->script);
      }
      break;
    }
    case NodeKind::WorkflowDecl: {
      const auto &wf = llvm::cast<WorkflowDecl>(decl);
      addEntity(decl.name.range, entity, true);
      visitParams(wf.inputs, SymbolKind::Input);
      visitParams(wf.outputs, SymbolKind::Output);
      visitBlock(wf.body);
      break;
    }
    case NodeKind::LaunchPlanDecl: {
      const auto &plan = llvm::cast<LaunchPlanDecl>(decl);
      addEntity(decl.name.range, entity, true);
      const Reference *ref = program_.referenceOf(&decl);
      const Entity *target = ref && ref->kind == Reference::Kind::Entity ? ref->entity : nullptr;
      visitQualified(plan.workflow, target);
      for (const LaunchPlanEntry &e : plan.entries) {
        addMember(e.name.range, target, SymbolKind::Input, e.name.name);
        visitExpr(e.value);
      }
      break;
    }
    case NodeKind::TestDecl:
      visitBlock(llvm::cast<TestDecl>(decl).body);
      break;
    default:
      break;
    }
    owner_ = nullptr;
  }

  void visitImport(const ImportDecl &import) {
    const sema::ImportInfo *info = nullptr;
    for (const auto &i : module_.imports)
      if (i->decl == &import)
        info = i.get();
    if (!info || !info->module)
      return;
    if (import.path)
      addModule(import.path->range(), info->module);
    if (!import.name.empty())
      addModule(import.name.range, info->module);
    for (const Identifier &name : import.names) {
      auto it = module_.fromImports.find(name.name);
      if (it != module_.fromImports.end())
        addEntity(name.range, it->second.entity);
    }
  }

  void visitParams(llvm::ArrayRef<Param> params, SymbolKind kind) {
    for (const Param &p : params) {
      addMember(p.name.range, owner_, kind, p.name.name, true);
      visitType(p.type);
      visitExpr(p.defaultValue);
    }
  }

  void visitDecorator(const Decorator &d) {
    for (const Argument &a : d.args)
      visitExpr(a.value);
  }

  /// `mod.Name` / `Name` naming `target`: the last part is the entity, a
  /// first part the module qualifier.
  void visitQualified(const QualifiedName &name, const Entity *target) {
    if (name.parts.empty() || !target)
      return;
    addEntity(name.parts.back().range, target);
    if (name.parts.size() == 2)
      addModule(name.parts.front().range, target->module);
  }

  void visitType(const TypeExpr *type) {
    if (!type)
      return;
    switch (type->kind()) {
    case NodeKind::NamedType: {
      const auto &named = llvm::cast<NamedType>(*type);
      const Reference *ref = program_.referenceOf(&named);
      if (ref && ref->kind == Reference::Kind::Entity)
        visitQualified(named.name, ref->entity);
      for (const TypeArg &a : named.args)
        visitType(a.type);
      break;
    }
    case NodeKind::OptionalType:
      visitType(llvm::cast<OptionalType>(*type).inner);
      break;
    case NodeKind::UnionType:
      for (const TypeExpr *m : llvm::cast<UnionType>(*type).members)
        visitType(m);
      break;
    default:
      break;
    }
  }

  /// In a task body, `{{name}}` names an input and `{{outputs.name}}` an
  /// output; the checker validates them without recording references.
  void visitTaskBodyExpr(const Expr *e) {
    if (!e)
      return;
    const auto *task = callable(owner_);
    if (const auto *s = llvm::dyn_cast<StringLit>(e)) {
      for (const StringPart &part : s->parts)
        visitTaskBodyExpr(part.expr);
      return;
    }
    if (const auto *name = llvm::dyn_cast<NameExpr>(e)) {
      if (task && task->input(name->name))
        addMember(name->range(), task, SymbolKind::Input, name->name);
      return;
    }
    if (const auto *field = llvm::dyn_cast<FieldExpr>(e)) {
      const auto *base = llvm::dyn_cast<NameExpr>(field->base);
      if (task && base && base->name == "outputs" && !task->input("outputs")) {
        if (task->output(field->field.name))
          addMember(field->field.range, task, SymbolKind::Output, field->field.name);
        return;
      }
      visitTaskBodyExpr(field->base);
    }
  }

  // -------------------------------------------------------------- statements

  void visitBlock(const Block *block) {
    if (!block)
      return;
    for (const Stmt *s : block->stmts)
      visitStmt(*s);
  }

  void visitStmt(const Stmt &stmt) {
    switch (stmt.kind()) {
    case NodeKind::LetStmt: {
      const auto &let = llvm::cast<LetStmt>(stmt);
      for (const Decorator &d : let.decorators)
        visitDecorator(d);
      visitExpr(let.value);
      for (const Identifier &name : let.names) {
        const sema::LocalVar *v = localAt(name.range);
        addLocal(name.range, v, true);
        if (v)
          letValues_[v] = let.value;
      }
      break;
    }
    case NodeKind::ReturnStmt: {
      for (const Argument &a : llvm::cast<ReturnStmt>(stmt).values) {
        if (!a.label.empty())
          addMember(a.label.range, owner_, SymbolKind::Output, a.label.name);
        visitExpr(a.value);
      }
      break;
    }
    case NodeKind::AssertStmt: {
      const auto &a = llvm::cast<AssertStmt>(stmt);
      visitExpr(a.cond);
      visitExpr(a.message);
      break;
    }
    case NodeKind::MockStmt: {
      const auto &mock = llvm::cast<MockStmt>(stmt);
      const Entity *target = resolveMockTarget(mock.target);
      visitQualified(mock.target, target);
      for (const Argument &a : mock.args) {
        if (!a.label.empty())
          addMember(a.label.range, target, SymbolKind::Input, a.label.name);
        visitExpr(a.value);
      }
      for (const Argument &a : mock.outputs) {
        if (!a.label.empty())
          addMember(a.label.range, target, SymbolKind::Output, a.label.name);
        visitExpr(a.value);
      }
      break;
    }
    case NodeKind::ExprStmt:
      visitExpr(llvm::cast<ExprStmt>(stmt).expr);
      break;
    default:
      break;
    }
  }

  const Entity *resolveMockTarget(const QualifiedName &name) const {
    if (name.parts.size() == 1) {
      if (Entity *e = module_.entities.lookup(name.parts[0].name))
        return e;
      auto it = module_.fromImports.find(name.parts[0].name);
      return it != module_.fromImports.end() ? it->second.entity : nullptr;
    }
    if (name.parts.size() == 2) {
      const sema::ModuleInfo *target = nullptr;
      if (sema::ImportInfo *import = module_.qualifiers.lookup(name.parts[0].name))
        target = import->module;
      else if (name.parts[0].name == "std")
        target = program_.stdModule;
      return target ? target->entities.lookup(name.parts[1].name) : nullptr;
    }
    return nullptr;
  }

  // ------------------------------------------------------------- expressions

  /// The task or workflow whose outputs `base` holds: a call, or a
  /// variable bound to one.
  const sema::CallableInfo *producerOf(const Expr *base, unsigned depth = 0) const {
    if (!base || depth > 64)
      return nullptr;
    if (const auto *call = llvm::dyn_cast<CallExpr>(base))
      return callable(entityOfCallee(call->callee));
    if (const auto *branch = llvm::dyn_cast<IfExpr>(base)) // every branch calls the same
      return branch->thenBlock ? producerOf(branch->thenBlock->value(), depth + 1) : nullptr;
    if (const auto *name = llvm::dyn_cast<NameExpr>(base)) {
      const Reference *ref = program_.referenceOf(name);
      if (ref && ref->kind == Reference::Kind::Local)
        return producerOf(letValues_.lookup(ref->local), depth + 1);
    }
    return nullptr;
  }

  void visitExpr(const Expr *e) {
    if (!e)
      return;
    switch (e->kind()) {
    case NodeKind::NameExpr: {
      const Reference *ref = program_.referenceOf(e);
      if (!ref)
        break;
      switch (ref->kind) {
      case Reference::Kind::Local:
        addLocal(e->range(), ref->local, false);
        break;
      case Reference::Kind::Entity:
        addEntity(e->range(), ref->entity);
        break;
      case Reference::Kind::Module:
        addModule(e->range(), ref->module);
        break;
      case Reference::Kind::StdFunction:
        add(e->range(), {"", "std", ref->member.str(), SymbolKind::StdFunction}, false);
        break;
      default:
        break;
      }
      break;
    }
    case NodeKind::FieldExpr: {
      const auto &f = llvm::cast<FieldExpr>(*e);
      visitExpr(f.base);
      const Reference *ref = program_.referenceOf(e);
      if (!ref)
        break;
      switch (ref->kind) {
      case Reference::Kind::Entity:
        addEntity(f.field.range, ref->entity);
        break;
      case Reference::Kind::EnumMember:
        addMember(f.field.range, ref->entity, SymbolKind::EnumMember, ref->member);
        break;
      case Reference::Kind::Field:
        if (ref->entity)
          addMember(f.field.range, ref->entity, SymbolKind::Field, ref->member);
        else if (const sema::CallableInfo *producer = producerOf(f.base))
          addMember(f.field.range, producer, SymbolKind::Output, ref->member);
        break;
      case Reference::Kind::StdFunction:
        add(f.field.range, {"", "std", ref->member.str(), SymbolKind::StdFunction}, false);
        break;
      default:
        break;
      }
      break;
    }
    case NodeKind::CallExpr: {
      const auto &c = llvm::cast<CallExpr>(*e);
      visitExpr(c.callee);
      const sema::CallableInfo *callee = callable(entityOfCallee(c.callee));
      for (const Argument &a : c.args) {
        if (!a.label.empty() && callee)
          addMember(a.label.range, callee, SymbolKind::Input, a.label.name);
        visitExpr(a.value);
      }
      break;
    }
    case NodeKind::IndexExpr:
      visitExpr(llvm::cast<IndexExpr>(*e).base);
      visitExpr(llvm::cast<IndexExpr>(*e).index);
      break;
    case NodeKind::UnaryExpr:
      visitExpr(llvm::cast<UnaryExpr>(*e).operand);
      break;
    case NodeKind::BinaryExpr:
      visitExpr(llvm::cast<BinaryExpr>(*e).lhs);
      visitExpr(llvm::cast<BinaryExpr>(*e).rhs);
      break;
    case NodeKind::ListLit:
      for (const Expr *x : llvm::cast<ListLit>(*e).elements)
        visitExpr(x);
      break;
    case NodeKind::MapLit:
      for (const MapEntry &m : llvm::cast<MapLit>(*e).entries) {
        visitExpr(m.key);
        visitExpr(m.value);
      }
      break;
    case NodeKind::RecordLit: {
      const auto &r = llvm::cast<RecordLit>(*e);
      const Reference *ref = program_.referenceOf(e);
      const Entity *record = ref && ref->kind == Reference::Kind::Entity ? ref->entity : nullptr;
      visitQualified(r.type, record);
      // Through an alias, fields belong to the record it names.
      const Entity *owner = record;
      if (const sema::Type *t = program_.typeOf(e); t && t->kind() == sema::TypeKind::Record)
        owner = t->record();
      for (const FieldInit &f : r.fields) {
        addMember(f.name.range, owner, SymbolKind::Field, f.name.name);
        visitExpr(f.value);
      }
      break;
    }
    case NodeKind::StringLit:
      for (const StringPart &p : llvm::cast<StringLit>(*e).parts)
        visitExpr(p.expr);
      break;
    case NodeKind::IfExpr: {
      const auto &i = llvm::cast<IfExpr>(*e);
      visitExpr(i.cond);
      visitBlock(i.thenBlock);
      visitBlock(i.elseBlock);
      visitExpr(i.elseIf);
      break;
    }
    case NodeKind::ForExpr: {
      const auto &f = llvm::cast<ForExpr>(*e);
      visitExpr(f.iterable);
      addLocal(f.var.range, localAt(f.var.range), true);
      visitBlock(f.body);
      break;
    }
    default:
      break;
    }
  }

  const sema::Program &program_;
  const sema::ModuleInfo &module_;
  std::vector<Occurrence> &out_;
  const char *text_ = nullptr;
  const Entity *owner_ = nullptr;
  std::vector<const sema::LocalVar *> localsByStart_;
  llvm::DenseMap<const sema::LocalVar *, const Expr *> letValues_;
};

} // namespace

OccurrenceIndex OccurrenceIndex::build(const sema::Program &program, const sema::ModuleInfo &module) {
  OccurrenceIndex index;
  if (!module.ast)
    return index;
  Collector(program, module, index.occurrences_).run();
  std::stable_sort(index.occurrences_.begin(), index.occurrences_.end(), [](const Occurrence &a, const Occurrence &b) {
    return a.range.Start.getPointer() < b.range.Start.getPointer();
  });
  return index;
}

const Occurrence *OccurrenceIndex::at(const char *p) const {
  auto it = std::upper_bound(occurrences_.begin(), occurrences_.end(), p, [](const char *q, const Occurrence &o) {
    return q < o.range.Start.getPointer();
  });
  while (it != occurrences_.begin()) {
    --it;
    if (p <= it->range.End.getPointer())
      return &*it;
    // Occurrences never nest, so an earlier one that ends before `p` means none.
    break;
  }
  return nullptr;
}

std::vector<const Occurrence *> OccurrenceIndex::of(const SymbolKey &key) const {
  std::vector<const Occurrence *> found;
  for (const Occurrence &o : occurrences_)
    if (o.key == key)
      found.push_back(&o);
  return found;
}

const Occurrence *OccurrenceIndex::declarationOf(const SymbolKey &key) const {
  for (const Occurrence &o : occurrences_)
    if (o.declaration && o.key == key)
      return &o;
  return nullptr;
}

} // namespace flytec::ide
