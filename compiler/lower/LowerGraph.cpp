// Workflow bodies as graphs. Statements are lowered in order, so nodes are
// appended after everything they read: the node list is a topological order
// by construction.
//
// Node ids come from the source: a `let` names its node; a call without a
// `let` is named after what it feeds (`f.a` for the call passed as argument
// `a` of node `f`), else after the callee; a call inside a pure expression
// that is a node `x` is `x.<callee>` (Lowerer::Naming); clashes get `-2`,
// `-3`.
//
// A branch case or a map body is a graph of its own. A value it reads from
// outside arrives through an input of its branch or map node (`capture`):
// the first use of an outer variable adds the input, later uses share it.
#include "lower/Lowerer.h"

#include <fmt/format.h>

namespace flytec::lower {

namespace {


/// The name an output carrying this value gets: the output it comes from
/// (`total` for `region_total(...)`), else "value".
std::string naturalName(const Val &v) {
  if (v.kind == Val::Kind::Binding && v.binding.kind == ir::Binding::Kind::Node)
    return v.binding.output;
  return "value";
}

void renameLeaf(ir::Package &p, ir::ExprId id, const std::string &from, const std::string &to) {
  ir::Expr &e = p.exprs[id];
  if (e.op == ir::ExprOp::Input && e.name == from)
    e.name = to;
  for (ir::ExprId a : std::vector<ir::ExprId>(e.args))
    renameLeaf(p, a, from, to);
}

} // namespace

std::string Lowerer::uniqueId(Scope &s, llvm::StringRef hint) {
  std::string base = hint.empty() ? "node" : hint.str();
  std::string id = base;
  for (int i = 2; !s.ids.insert(id).second; ++i)
    id = fmt::format("{}-{}", base, i);
  return id;
}

std::string Lowerer::addPort(ir::Node &node, std::string name, ir::TypeId type, const ir::Binding &b) {
  // One input per value: a variable captured by a case and read by a
  // condition under another name shares the input.
  // (Not a map's iterated list: inside the body that name is one element.)
  for (const ir::Port &p : node.inputs)
    if (p.binding == b && p.type == type && !(node.kind == ir::NodeKind::Map && p.name == node.iterate))
      return p.name;
  std::string base = name;
  for (int i = 2;; ++i) {
    auto same = llvm::find_if(node.inputs, [&](const ir::Port &p) { return p.name == name; });
    if (same == node.inputs.end()) {
      node.inputs.push_back({name, type, b});
      return name;
    }
    if (same->binding == b)
      return name;
    name = fmt::format("{}-{}", base, i);
  }
}

Val Lowerer::capture(Scope &s, Val outer, llvm::StringRef name) {
  switch (outer.kind) {
  case Val::Kind::Binding:
    if (outer.isConst())
      return outer;
    return Val::of(ir::Binding::input(addPort(*s.owner, name.str(), outer.type, outer.binding)), outer.type);
  case Val::Kind::Multi:
    for (ir::Port &f : outer.fields)
      if (f.binding.kind != ir::Binding::Kind::Const)
        f.binding = ir::Binding::input(addPort(*s.owner, name.str() + "." + f.name, f.type, f.binding));
    return outer;
  case Val::Kind::Tree:
  case Val::Kind::None:
    return outer;
  }
  return outer;
}

Val Lowerer::local(Scope &s, const sema::LocalVar *var) {
  auto it = s.locals.find(var);
  if (it != s.locals.end())
    return it->second;
  if (!s.parent || !s.owner)
    return Val();
  Val v = capture(s, local(*s.parent, var), var->name);
  s.locals[var] = v;
  return v;
}

Val Lowerer::localField(Scope &s, const sema::LocalVar *var, llvm::StringRef field) {
  auto it = s.locals.find(var);
  if (it != s.locals.end()) {
    if (it->second.kind != Val::Kind::Multi)
      return Val();
    for (const ir::Port &p : it->second.fields)
      if (p.name == field)
        return Val::of(p.binding, p.type);
    return Val();
  }
  if (!s.parent || !s.owner)
    return Val();
  // Named as `capture` names it, so capturing the whole variable later
  // shares this input (addPort keeps one input per value).
  Val outer = localField(*s.parent, var, field);
  if (outer.kind != Val::Kind::Binding || outer.isConst())
    return outer;
  return Val::of(ir::Binding::input(addPort(*s.owner, fmt::format("{}.{}", var->name.str(), field.str()), outer.type,
                                            outer.binding)),
                 outer.type);
}

void Lowerer::lowerBody(const sema::CallableInfo &info, ir::Workflow &wf) {
  const auto &decl = *static_cast<const ast::WorkflowDecl *>(info.decl);
  Scope root;
  root.graph = &wf.graph;
  root.returns = &info;
  wf.graph.inputs = params(info.inputs, info.module);
  for (size_t i = 0; i < decl.inputs.size() && i < wf.graph.inputs.size(); ++i)
    if (const sema::LocalVar *var = localAt(decl.inputs[i].name))
      root.locals[var] = Val::of(ir::Binding::input(wf.graph.inputs[i].name), wf.graph.inputs[i].type);
  if (decl.body)
    wf.graph.nodes.reserve(decl.body->stmts.size() * 2);
  block(root, decl.body, "", /*wantValue=*/false);
}

void Lowerer::returnValues(Scope &s, const ast::ReturnStmt &ret) {
  const sema::CallableInfo &info = *s.returns;
  for (const sema::ParamInfo &out : info.outputs) {
    const ast::Argument *arg = nullptr;
    for (const ast::Argument &a : ret.values)
      if (a.label.name == out.name)
        arg = &a;
    if (!arg)
      continue;
    Val v = value(s, arg->value, out.name);
    s.graph->outputs.push_back({out.name.str(), type(out.type), bind(s, v, out.name)});
  }
}

namespace {

/// Whether a statement's node makes later statements wait: a gate, or a
/// branch or map whose graphs hold a gate statement.
bool holdsGate(const ir::Node &n) {
  if (n.kind == ir::NodeKind::Gate)
    return true;
  if (n.kind != ir::NodeKind::Branch && n.kind != ir::NodeKind::Map)
    return false;
  for (const ir::Graph &g : n.bodies)
    for (const ir::Node &inner : g.nodes)
      if (inner.kind == ir::NodeKind::Gate || holdsGate(inner))
        return true;
  return false;
}

} // namespace

Val Lowerer::block(Scope &s, const ast::Block *b, llvm::StringRef hint, bool wantValue) {
  Val last;
  if (!b)
    return last;
  // A gate written as a statement (`std.sleep(for: 10m)`, or an `if` or
  // `for` holding one) has no value for later statements to read, yet they
  // are written to come after it: every node the block creates after it
  // waits for it (a control edge).
  std::string gate;
  size_t gateIndex = 0;
  auto orderAfterGate = [&] {
    if (gate.empty())
      return;
    for (size_t k = gateIndex + 1; k < s.graph->nodes.size(); ++k)
      if (s.graph->nodes[k].after.empty())
        s.graph->nodes[k].after.push_back(gate);
  };
  for (size_t i = 0; i < b->stmts.size(); ++i) {
    const ast::Stmt *stmt = b->stmts[i];
    bool isValue = wantValue && i + 1 == b->stmts.size();
    if (const auto *l = llvm::dyn_cast<ast::LetStmt>(stmt)) {
      let(s, *l);
      orderAfterGate();
      continue;
    }
    if (const auto *r = llvm::dyn_cast<ast::ReturnStmt>(stmt)) {
      if (s.returns)
        returnValues(s, *r);
      orderAfterGate();
      continue;
    }
    const auto *x = llvm::dyn_cast<ast::ExprStmt>(stmt);
    if (!x)
      continue; // assert and mock (tests)
    // A pure expression whose value is unused does nothing: no node.
    if (!isValue && isPure(x->expr))
      continue;
    size_t before = s.graph ? s.graph->nodes.size() : 0;
    if (const auto *i = llvm::dyn_cast<ast::IfExpr>(x->expr); i && !isPure(i))
      last = branch(s, *i, hint, isValue);
    else if (const auto *f = llvm::dyn_cast<ast::ForExpr>(x->expr))
      last = map(s, *f, hint, {}, isValue);
    else
      last = value(s, x->expr, hint);
    orderAfterGate();
    if (!isValue && s.graph && s.graph->nodes.size() > before && holdsGate(s.graph->nodes.back())) {
      gate = s.graph->nodes.back().id;
      gateIndex = s.graph->nodes.size() - 1;
    }
    if (!isValue)
      last = Val();
  }
  return last;
}

void Lowerer::let(Scope &s, const ast::LetStmt &l) {
  std::string hint = l.destructure || l.names.empty() ? "" : l.names.front().name.str();
  Val v;
  const auto *c = llvm::dyn_cast<ast::CallExpr>(l.value);
  const sema::Reference *ref = c ? program.referenceOf(c->callee) : nullptr;
  if (c && ref && ref->kind == sema::Reference::Kind::Entity)
    v = call(s, *c, hint, l.decorators);
  else if (const auto *f = llvm::dyn_cast<ast::ForExpr>(l.value))
    v = map(s, *f, hint, l.decorators, /*wantValue=*/true);
  else {
    v = value(s, l.value, hint);
    // A pure `let` is a node of its own, named by the `let`, so the graph
    // reads like the source; fusion merges chains of them at -O2.
    if (v.kind == Val::Kind::Tree)
      bind(s, v, hint.empty() ? "value" : hint);
  }
  if (l.names.empty())
    return;
  if (l.destructure && v.kind == Val::Kind::Multi) {
    for (size_t i = 0; i < l.names.size() && i < v.fields.size(); ++i)
      if (const sema::LocalVar *var = localAt(l.names[i]))
        s.locals[var] = Val::of(v.fields[i].binding, v.fields[i].type);
    return;
  }
  if (const sema::LocalVar *var = localAt(l.names.front()))
    s.locals[var] = v;
}

Val Lowerer::call(Scope &s, const ast::CallExpr &e, llvm::StringRef hint, llvm::ArrayRef<ast::Decorator> decorators) {
  const sema::Reference *ref = program.referenceOf(e.callee);
  if (!ref || ref->kind != sema::Reference::Kind::Entity || !ref->entity || !ref->entity->isCallable())
    return Val();
  const auto &callee = *static_cast<const sema::CallableInfo *>(ref->entity);
  ir::Node n;
  n.id = uniqueId(s, hint.empty() ? callee.name : hint);
  n.loc = loc(e.range().Start);
  const std::string &builtin = callee.builtin;
  bool gate = builtin == "std.sleep" || builtin == "std.approve" || builtin == "std.signal";
  switch (callee.kind) {
  case sema::EntityKind::Task:
    n.kind = gate ? ir::NodeKind::Gate : ir::NodeKind::Task;
    n.target = gate ? llvm::StringRef(builtin).drop_front(4).str() : use(&callee);
    break;
  case sema::EntityKind::Workflow:
    n.kind = callee.dynamic ? ir::NodeKind::Dynamic : ir::NodeKind::Workflow;
    n.target = use(&callee);
    break;
  default:
    n.kind = ir::NodeKind::Workflow;
    n.launchPlan = true;
    n.target = use(&callee);
    break;
  }
  bool isLaunchPlan = callee.kind == sema::EntityKind::LaunchPlan;
  for (const sema::ParamInfo &p : callee.inputs) {
    if (builtin == "std.signal" && p.name == "type")
      continue; // a type, not a value: it types the gate's output
    const ast::Argument *arg = nullptr;
    for (const ast::Argument &a : e.args)
      if (a.label.name == p.name || (a.label.empty() && callee.inputs.size() == 1))
        arg = &a;
    ir::Port port;
    port.name = p.name.str();
    port.type = type(p.type);
    if (arg) {
      // The standard library's generic inputs (std.approve's value) are
      // declared json; the port has the argument's own type.
      if (callee.module->isStdlib && p.type->kind() == sema::TypeKind::Json && program.typeOf(arg->value))
        port.type = type(program.typeOf(arg->value));
      Val v = value(s, arg->value, n.id + "." + port.name);
      port.binding = bind(s, v, n.id + "." + port.name);
    } else if (isLaunchPlan) {
      continue; // the launch plan's own defaults apply
    } else if (p.param && p.param->defaultValue) {
      std::string why;
      port.binding = ir::Binding::constant(constant(p.param->defaultValue, callee.module, why).value_or(nullptr));
    } else {
      port.binding = ir::Binding::constant(nullptr); // an optional input: none
    }
    n.inputs.push_back(std::move(port));
  }
  if (builtin == "std.approve" || builtin == "std.signal") {
    n.outputs.push_back({"value", type(program.typeOf(&e)), std::nullopt, ""});
  } else {
    for (const sema::ParamInfo &p : callee.outputs)
      n.outputs.push_back({p.name.str(), type(p.type), std::nullopt, ""});
  }
  n.settings = settings(decorators);
  std::string id = n.id;
  std::vector<ir::Param> outputs = n.outputs;
  s.graph->nodes.push_back(std::move(n));

  Val result;
  if (builtin == "std.fail") {
    result.never = true;
    return result;
  }
  if (outputs.size() == 1)
    return Val::of(ir::Binding::node(id, outputs[0].name), outputs[0].type);
  if (outputs.size() > 1) {
    result.kind = Val::Kind::Multi;
    for (const ir::Param &o : outputs)
      result.fields.push_back({o.name, o.type, ir::Binding::node(id, o.name)});
  }
  return result;
}

Val Lowerer::branch(Scope &s, const ast::IfExpr &e, llvm::StringRef hint, bool wantValue) {
  ir::Node n;
  n.kind = ir::NodeKind::Branch;
  n.id = uniqueId(s, hint.empty() ? "branch" : hint);
  n.loc = loc(e.range().Start);
  struct Case {
    const ast::Expr *cond;
    const ast::Block *body;
  };
  std::vector<Case> cases;
  const ast::IfExpr *i = &e;
  for (; i; i = i->elseIf) {
    cases.push_back({i->cond, i->thenBlock});
    if (!i->elseIf && i->elseBlock)
      cases.push_back({nullptr, i->elseBlock});
  }
  n.bodies.reserve(cases.size()); // scopes point into it
  std::vector<std::unique_ptr<Scope>> scopes;
  std::vector<Val> values;
  for (const Case &c : cases) {
    if (c.cond) {
      // Conditions are evaluated by the branch node over its inputs; a call
      // inside one runs before the branch, in the enclosing graph.
      Val cv = value(s, c.cond, n.id + ".when", Naming::Shared);
      std::vector<ir::Port> leaves;
      ir::ExprId cond = treeOf(cv, leaves);
      for (const ir::Port &leaf : leaves) {
        std::string name = addPort(n, leaf.name, leaf.type, leaf.binding);
        if (name != leaf.name)
          renameLeaf(*package, cond, leaf.name, name);
      }
      n.conditions.push_back(cond);
    }
    n.bodies.emplace_back();
    auto scope = std::make_unique<Scope>();
    scope->parent = &s;
    scope->owner = &n;
    scope->graph = &n.bodies.back();
    values.push_back(block(*scope, c.body, "", wantValue));
    scopes.push_back(std::move(scope));
  }
  const sema::Type *t = program.typeOf(&e);
  Val result;
  if (wantValue && t && t->kind() == sema::TypeKind::Outputs) {
    for (const sema::NamedType &f : t->fields())
      n.outputs.push_back({f.name.str(), type(f.type), std::nullopt, ""});
    for (size_t k = 0; k < values.size(); ++k)
      if (values[k].kind == Val::Kind::Multi)
        for (const ir::Port &f : values[k].fields)
          n.bodies[k].outputs.push_back({f.name, n.output(f.name) ? n.output(f.name)->type : f.type, f.binding});
    result.kind = Val::Kind::Multi;
    for (const ir::Param &o : n.outputs)
      result.fields.push_back({o.name, o.type, ir::Binding::node(n.id, o.name)});
  } else if (wantValue && t && t->kind() != sema::TypeKind::Void && t->kind() != sema::TypeKind::Never &&
             t->kind() != sema::TypeKind::Error) {
    std::string name;
    for (const Val &v : values)
      if (!v.never && v.kind != Val::Kind::None)
        name = name.empty() || name == naturalName(v) ? naturalName(v) : "value";
    if (name.empty())
      name = "value";
    ir::TypeId outType = type(t);
    n.outputs.push_back({name, outType, std::nullopt, ""});
    for (size_t k = 0; k < values.size(); ++k)
      if (!values[k].never && values[k].kind != Val::Kind::None)
        n.bodies[k].outputs.push_back({name, outType, bind(*scopes[k], values[k], name)});
    result = Val::of(ir::Binding::node(n.id, name), outType);
  } else if (t && t->kind() == sema::TypeKind::Never) {
    result.never = true;
  }
  for (ir::Graph &g : n.bodies)
    for (const ir::Port &p : n.inputs)
      g.inputs.push_back({p.name, p.type, std::nullopt, ""});
  s.graph->nodes.push_back(std::move(n));
  return result;
}

Val Lowerer::map(Scope &s, const ast::ForExpr &e, llvm::StringRef hint, llvm::ArrayRef<ast::Decorator> decorators,
                 bool wantValue) {
  ir::Node n;
  n.kind = ir::NodeKind::Map;
  n.id = uniqueId(s, hint.empty() ? "map" : hint);
  n.loc = loc(e.range().Start);
  n.settings = settings(decorators);
  Val items = value(s, e.iterable, n.id + ".items");
  ir::Binding itemsBinding = bind(s, items, n.id + ".items");
  const sema::Type *listType = program.typeOf(e.iterable);
  const sema::Type *elementType = listType && listType->kind() == sema::TypeKind::List ? listType->element() : nullptr;
  ir::TypeId element = elementType ? type(elementType) : package->types.scalar(ir::TypeKind::Json);
  n.iterate = addPort(n, e.var.empty() ? "_" : e.var.name.str(), type(listType), itemsBinding);
  n.bodies.emplace_back();
  Scope body;
  body.parent = &s;
  body.owner = &n;
  body.graph = &n.bodies.front();
  if (const sema::LocalVar *var = localAt(e.var))
    body.locals[var] = Val::of(ir::Binding::input(n.iterate), element);
  Val v = block(body, e.body, "", wantValue);
  const sema::Type *t = program.typeOf(&e);
  Val result;
  ir::Graph &g = n.bodies.front();
  if (wantValue && t && t->kind() == sema::TypeKind::Outputs && v.kind == Val::Kind::Multi) {
    result.kind = Val::Kind::Multi;
    for (const ir::Port &f : v.fields) {
      ir::TypeId listOf = package->types.list(f.type);
      g.outputs.push_back(f);
      n.outputs.push_back({f.name, listOf, std::nullopt, ""});
      result.fields.push_back({f.name, listOf, ir::Binding::node(n.id, f.name)});
    }
  } else if (wantValue && t && t->kind() == sema::TypeKind::List && (v.kind != Val::Kind::None)) {
    std::string name = naturalName(v);
    ir::TypeId bodyType = type(t->element());
    g.outputs.push_back({name, bodyType, bind(body, v, name)});
    n.outputs.push_back({name, type(t), std::nullopt, ""});
    result = Val::of(ir::Binding::node(n.id, name), type(t));
  }
  for (const ir::Port &p : n.inputs)
    g.inputs.push_back({p.name, p.name == n.iterate ? element : p.type, std::nullopt, ""});
  s.graph->nodes.push_back(std::move(n));
  return result;
}

} // namespace flytec::lower
