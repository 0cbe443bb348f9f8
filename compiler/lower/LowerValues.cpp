// Pure expressions and constants. A pure expression is built as a tree in
// the package's expression pool whose leaves are `Input`s naming what they
// read (a graph input, a node output); it becomes an expression node only
// when something binds it (`bind`), so `a + b` passed to a task is one node,
// not three. Literals made only of constants are constants outright.
#include "lower/Lowerer.h"

#include "ir/Eval.h"
#include "ir/IrJson.h"

#include <fmt/format.h>

namespace flytec::lower {

namespace {


} // namespace

bool Lowerer::isPure(const ast::Expr *e) const {
  if (!e)
    return true;
  auto pureBlock = [&](const ast::Block *b) {
    return b && b->stmts.size() == 1 && llvm::isa<ast::ExprStmt>(b->stmts.front()) && isPure(b->value());
  };
  switch (e->kind()) {
  case ast::NodeKind::CallExpr: {
    const auto *call = llvm::cast<ast::CallExpr>(e);
    const sema::Reference *ref = program.referenceOf(call->callee);
    if (!ref || ref->kind != sema::Reference::Kind::StdFunction)
      return false;
    return llvm::all_of(call->args, [&](const ast::Argument &a) { return isPure(a.value); });
  }
  case ast::NodeKind::IfExpr: {
    const auto *i = llvm::cast<ast::IfExpr>(e);
    if (!isPure(i->cond) || !pureBlock(i->thenBlock))
      return false;
    if (i->elseIf)
      return isPure(i->elseIf);
    return pureBlock(i->elseBlock);
  }
  case ast::NodeKind::ForExpr:
  case ast::NodeKind::ErrorExpr:
    return false;
  case ast::NodeKind::StringLit:
    return llvm::all_of(llvm::cast<ast::StringLit>(e)->parts,
                        [&](const ast::StringPart &p) { return !p.expr || isPure(p.expr); });
  case ast::NodeKind::ListLit:
    return llvm::all_of(llvm::cast<ast::ListLit>(e)->elements, [&](const ast::Expr *x) { return isPure(x); });
  case ast::NodeKind::MapLit:
    return llvm::all_of(llvm::cast<ast::MapLit>(e)->entries,
                        [&](const ast::MapEntry &m) { return isPure(m.key) && isPure(m.value); });
  case ast::NodeKind::RecordLit:
    return llvm::all_of(llvm::cast<ast::RecordLit>(e)->fields,
                        [&](const ast::FieldInit &f) { return isPure(f.value); });
  case ast::NodeKind::FieldExpr:
    return isPure(llvm::cast<ast::FieldExpr>(e)->base);
  case ast::NodeKind::IndexExpr:
    return isPure(llvm::cast<ast::IndexExpr>(e)->base) && isPure(llvm::cast<ast::IndexExpr>(e)->index);
  case ast::NodeKind::UnaryExpr:
    return isPure(llvm::cast<ast::UnaryExpr>(e)->operand);
  case ast::NodeKind::BinaryExpr:
    return isPure(llvm::cast<ast::BinaryExpr>(e)->lhs) && isPure(llvm::cast<ast::BinaryExpr>(e)->rhs);
  default:
    return true;
  }
}

ir::ExprId Lowerer::treeOf(Val &v, std::vector<ir::Port> &leaves) {
  ir::Package &p = *package;
  switch (v.kind) {
  case Val::Kind::Binding: {
    ir::Expr e;
    e.type = v.type;
    if (v.binding.kind == ir::Binding::Kind::Const) {
      e.op = ir::ExprOp::Const;
      e.value = v.binding.value;
      return p.addExpr(std::move(e));
    }
    // A leaf is named after what it reads, so the same value read twice
    // is one input of the expression node.
    std::string base =
        v.binding.kind == ir::Binding::Kind::Input ? v.binding.ref : v.binding.ref + "." + v.binding.output;
    std::string name = base;
    for (int i = 2;; ++i) {
      auto same = llvm::find_if(leaves, [&](const ir::Port &l) { return l.name == name; });
      if (same == leaves.end()) {
        leaves.push_back({name, v.type, v.binding});
        break;
      }
      if (same->binding == v.binding)
        break;
      name = fmt::format("{}#{}", base, i);
    }
    e.op = ir::ExprOp::Input;
    e.name = name;
    return p.addExpr(std::move(e));
  }
  case Val::Kind::Tree:
    for (ir::Port &l : v.leaves)
      if (llvm::none_of(leaves, [&](const ir::Port &x) { return x.name == l.name; }))
        leaves.push_back(l);
    return v.expr;
  case Val::Kind::Multi:
  case Val::Kind::None:
    break;
  }
  ir::Expr e;
  e.type = package->types.none();
  e.value = nullptr;
  return p.addExpr(std::move(e));
}

ir::Binding Lowerer::bind(Scope &s, Val &v, llvm::StringRef hint) {
  if (v.kind == Val::Kind::Binding)
    return v.binding;
  if (v.kind != Val::Kind::Tree || !s.graph)
    return ir::Binding::constant(nullptr);
  const ir::Expr &root = package->exprs[v.expr];
  if (root.op == ir::ExprOp::Const)
    return ir::Binding::constant(root.value);
  ir::Node node;
  node.kind = ir::NodeKind::Expression;
  node.id = uniqueId(s, hint);
  node.loc = loc(v.at);
  node.inputs = v.leaves;
  node.outputs.push_back({"value", v.type, std::nullopt, ""});
  node.expr = v.expr;
  std::string id = node.id;
  s.graph->nodes.push_back(std::move(node));
  v = Val::of(ir::Binding::node(id, "value"), v.type);
  return v.binding;
}

std::optional<ir::Value> Lowerer::constant(const ast::Expr *e, const sema::ModuleInfo *m, std::string &why) {
  if (!isPure(e)) {
    why = "it calls a task or workflow";
    return std::nullopt;
  }
  const sema::ModuleInfo *saved = currentModule;
  currentModule = m;
  Scope scope; // no graph: a constant reads no variable
  Val v = value(scope, e, "");
  currentModule = saved;
  ir::Value out;
  if (v.isConst()) {
    out = v.binding.value;
  } else if (v.kind == Val::Kind::Tree && v.leaves.empty()) {
    // A constant expression (`parse_datetime("...")`, `2 * 60`): evaluated
    // now, as the runtime would.
    std::optional<ir::Value> value =
        ir::evaluate(*package, v.expr, [](llvm::StringRef) -> const ir::Value * { return nullptr; }, why);
    if (!value)
      return std::nullopt;
    out = std::move(*value);
  } else {
    why = "it reads a variable";
    return std::nullopt;
  }
  return out;
}

Val Lowerer::value(Scope &s, const ast::Expr *e, llvm::StringRef hint, Naming naming) {
  const sema::Type *semaType = program.typeOf(e);
  // Operands of a tree: a call among them is a node of its own, which must
  // not take the id the tree's own node will get.
  Naming sub = naming == Naming::Shared ? Naming::Shared : Naming::Nested;
  auto operand = [&](const ast::Expr *x) { return value(s, x, hint, sub); };
  // The id hint of a call, branch or map found here.
  auto nodeHint = [&](llvm::StringRef what) -> std::string {
    if (naming != Naming::Nested)
      return hint.str();
    return hint.empty() ? "" : fmt::format("{}.{}", hint.str(), what.str());
  };
  ir::TypeId t = semaType ? type(semaType) : package->types.scalar(ir::TypeKind::Json);
  auto constant = [&](ir::Value v) { return Val::of(ir::Binding::constant(std::move(v)), t); };
  // Builds a tree node from child values.
  auto tree = [&](ir::ExprOp op, std::string name, std::vector<Val> children, std::vector<std::string> names = {}) {
    Val out;
    out.kind = Val::Kind::Tree;
    out.type = t;
    out.at = e->range().Start;
    ir::Expr x;
    x.op = op;
    x.type = t;
    x.name = std::move(name);
    x.names = std::move(names);
    for (Val &c : children)
      x.args.push_back(treeOf(c, out.leaves));
    out.expr = package->addExpr(std::move(x));
    return out;
  };
  auto allConst = [](const std::vector<Val> &vs) { return llvm::all_of(vs, [](const Val &v) { return v.isConst(); }); };

  switch (e->kind()) {
  case ast::NodeKind::IntLit:
    return constant(llvm::cast<ast::IntLit>(e)->value);
  case ast::NodeKind::FloatLit:
    return constant(llvm::cast<ast::FloatLit>(e)->value);
  case ast::NodeKind::BoolLit:
    return constant(llvm::cast<ast::BoolLit>(e)->value);
  case ast::NodeKind::NoneLit:
    return constant(nullptr);
  case ast::NodeKind::DurationLit:
    return constant(ir::durationString(llvm::cast<ast::DurationLit>(e)->millis));
  case ast::NodeKind::SizeLit:
    return constant(llvm::cast<ast::SizeLit>(e)->bytes);
  case ast::NodeKind::StringLit: {
    const auto *str = llvm::cast<ast::StringLit>(e);
    if (!str->hasInterpolation()) {
      // A literal where a file or dir is expected names a path relative to
      // the module that writes it (LANGUAGE.md §2 rule 6; sema gives it the
      // file or dir type). It is resolved here, once, wherever it is: an
      // argument, a default, inside a list, map or record literal.
      if (semaType && (semaType->kind() == sema::TypeKind::File || semaType->kind() == sema::TypeKind::Dir))
        return constant(resolvePath(currentModule, str->text()));
      return constant(str->text());
    }
    std::vector<Val> parts;
    for (const ast::StringPart &p : str->parts)
      parts.push_back(p.expr ? operand(p.expr)
                             : Val::of(ir::Binding::constant(p.text.str()), package->types.scalar(ir::TypeKind::String)));
    return tree(ir::ExprOp::Format, "", std::move(parts));
  }
  case ast::NodeKind::NameExpr: {
    const sema::Reference *ref = program.referenceOf(e);
    if (ref && ref->kind == sema::Reference::Kind::Local)
      return local(s, ref->local);
    return Val();
  }
  case ast::NodeKind::FieldExpr: {
    const auto *f = llvm::cast<ast::FieldExpr>(e);
    const sema::Reference *ref = program.referenceOf(e);
    if (ref && ref->kind == sema::Reference::Kind::EnumMember)
      return constant(ref->member.str());
    // A field of a call with several outputs is one of them, not a tree: the
    // call is named as the field expression would be.
    const sema::Type *baseType = program.typeOf(f->base);
    bool outputs = baseType && baseType->kind() == sema::TypeKind::Outputs;
    // One output of a variable (`b.binary`): a case or body graph captures
    // that output alone, not every output of the call.
    if (const sema::Reference *baseRef = outputs ? program.referenceOf(f->base) : nullptr;
        baseRef && baseRef->kind == sema::Reference::Kind::Local)
      return localField(s, baseRef->local, f->field.name);
    Val base = outputs ? value(s, f->base, hint, naming) : operand(f->base);
    if (base.kind == Val::Kind::Multi) {
      for (const ir::Port &p : base.fields)
        if (p.name == f->field.name)
          return Val::of(p.binding, p.type);
      return Val();
    }
    return tree(ir::ExprOp::Field, f->field.name.str(), {base});
  }
  case ast::NodeKind::IndexExpr: {
    const auto *i = llvm::cast<ast::IndexExpr>(e);
    return tree(ir::ExprOp::Index, "", {operand(i->base), operand(i->index)});
  }
  case ast::NodeKind::ListLit: {
    std::vector<Val> elements;
    for (const ast::Expr *x : llvm::cast<ast::ListLit>(e)->elements)
      elements.push_back(operand(x));
    if (allConst(elements)) {
      ir::Value out = ir::Value::array();
      for (Val &x : elements)
        out.push_back(x.binding.value);
      return constant(std::move(out));
    }
    return tree(ir::ExprOp::List, "", std::move(elements));
  }
  case ast::NodeKind::MapLit: {
    std::vector<Val> parts;
    for (const ast::MapEntry &m : llvm::cast<ast::MapLit>(e)->entries) {
      parts.push_back(operand(m.key));
      parts.push_back(operand(m.value));
    }
    if (allConst(parts)) {
      ir::Value out = ir::Value::object();
      bool keysAreStrings = true;
      for (size_t i = 0; i + 1 < parts.size(); i += 2) {
        if (!parts[i].binding.value.is_string()) {
          keysAreStrings = false;
          break;
        }
        out[parts[i].binding.value.get<std::string>()] = parts[i + 1].binding.value;
      }
      if (keysAreStrings)
        return constant(std::move(out));
    }
    return tree(ir::ExprOp::Map, "", std::move(parts));
  }
  case ast::NodeKind::RecordLit: {
    const auto *r = llvm::cast<ast::RecordLit>(e);
    const sema::RecordInfo *info = semaType && semaType->kind() == sema::TypeKind::Record ? semaType->record() : nullptr;
    if (!info)
      return Val();
    // Every field, in declaration order: defaults written out, so the
    // runtime never needs the record's declaration to build a value.
    std::vector<Val> fields;
    std::vector<std::string> names;
    for (const sema::ParamInfo &field : info->fields) {
      const ast::FieldInit *given = nullptr;
      for (const ast::FieldInit &fi : r->fields)
        if (fi.name.name == field.name)
          given = &fi;
      Val v;
      if (given) {
        v = operand(given->value);
      } else if (field.param && field.param->defaultValue) {
        std::string why;
        std::optional<ir::Value> d = this->constant(field.param->defaultValue, info->module, why);
        v = Val::of(ir::Binding::constant(d.value_or(nullptr)), type(field.type));
      } else {
        v = Val::of(ir::Binding::constant(nullptr), type(field.type));
      }
      fields.push_back(std::move(v));
      names.push_back(field.name.str());
    }
    if (allConst(fields)) {
      ir::Value out = ir::Value::object();
      for (size_t i = 0; i < fields.size(); ++i)
        out[names[i]] = fields[i].binding.value;
      return constant(std::move(out));
    }
    return tree(ir::ExprOp::Record, use(info), std::move(fields), std::move(names));
  }
  case ast::NodeKind::UnaryExpr: {
    const auto *u = llvm::cast<ast::UnaryExpr>(e);
    Val x = operand(u->operand);
    // `-3` and `-2.5` are literals, not expressions to evaluate.
    if (u->op == ast::UnaryOp::Negate && x.isConst() && x.binding.value.is_number()) {
      const ir::Value &n = x.binding.value;
      if (n.is_number_integer() && n.get<int64_t>() != INT64_MIN)
        return constant(-n.get<int64_t>());
      if (n.is_number_float())
        return constant(-n.get<double>());
    }
    return tree(ir::ExprOp::Unary, ast::unaryOpSpelling(u->op).str(), {x});
  }
  case ast::NodeKind::BinaryExpr: {
    const auto *b = llvm::cast<ast::BinaryExpr>(e);
    return tree(ir::ExprOp::Binary, ast::binaryOpSpelling(b->op).str(), {operand(b->lhs), operand(b->rhs)});
  }
  case ast::NodeKind::CallExpr: {
    const auto *c = llvm::cast<ast::CallExpr>(e);
    const sema::Reference *ref = program.referenceOf(c->callee);
    if (ref && ref->kind == sema::Reference::Kind::StdFunction) {
      std::vector<Val> args;
      for (const ast::Argument &a : c->args)
        args.push_back(operand(a.value));
      return tree(ir::ExprOp::Call, ref->member.str(), std::move(args));
    }
    const sema::Entity *callee = ref && ref->kind == sema::Reference::Kind::Entity ? ref->entity : nullptr;
    return call(s, *c, nodeHint(callee ? callee->name : llvm::StringRef("node")), {});
  }
  case ast::NodeKind::IfExpr: {
    const auto *i = llvm::cast<ast::IfExpr>(e);
    if (isPure(i)) {
      // An `if` of pure values is an expression: cond(c, then, else).
      Val c = operand(i->cond);
      Val a = operand(i->thenBlock->value());
      Val b = operand(i->elseIf ? i->elseIf : i->elseBlock->value());
      return tree(ir::ExprOp::Cond, "", {c, a, b});
    }
    return branch(s, *i, nodeHint("branch"), /*wantValue=*/true);
  }
  case ast::NodeKind::ForExpr:
    return map(s, *llvm::cast<ast::ForExpr>(e), nodeHint("map"), {}, /*wantValue=*/true);
  default:
    return Val();
  }
}

} // namespace flytec::lower
