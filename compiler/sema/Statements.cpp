// Workflow, dynamic workflow and test bodies: scopes, `let`, `return`,
// `assert`, `mock`, unused variables (W0001) and shadowing (W0004).
#include "sema/Checker.h"
#include "sema/StdFunctions.h"

#include <fmt/format.h>

namespace flytec::sema {

void Checker::pushScope() { scopes.emplace_back(); }

void Checker::popScope() {
  for (LocalVar *var : scopes.back().vars) {
    // A variable whose value had an error is left alone: the error is the news.
    if (var->kind != LocalVar::Kind::Let || var->used || var->name.startswith("_") || var->type->isError())
      continue;
    diags.report(DiagCode::W0001, var->range, fmt::format("variable '{}' is never used", var->name.str()))
        .note("remove the 'let', or name it '_" + var->name.str() + "' if the node should run anyway");
  }
  scopes.pop_back();
}

LocalVar *Checker::lookupLocal(llvm::StringRef name) {
  for (auto it = scopes.rbegin(); it != scopes.rend(); ++it)
    if (LocalVar *var = it->byName.lookup(name))
      return var;
  return nullptr;
}

void Checker::warnShadowing(const ast::Identifier &name, llvm::StringRef what) {
  if (name.name.startswith("_"))
    return;
  for (auto it = scopes.rbegin() + 1; it < scopes.rend(); ++it)
    if (LocalVar *outer = it->byName.lookup(name.name)) {
      diags.report(DiagCode::W0004, name.range,
                   fmt::format("{} '{}' shadows an outer variable", what.str(), name.name.str()))
          .note(outer->range, "the outer one is declared here");
      return;
    }
  if (Entity *entity = lookupEntity(*module, name.name, false)) {
    auto diag = diags.report(DiagCode::W0004, name.range,
                             fmt::format("{} '{}' shadows the {} of the same name", what.str(), name.name.str(),
                                         entity->kindName().str()));
    noteDeclaredHere(diag, entity);
    return;
  }
  if (lookupQualifier(*module, name.name)) {
    diags.report(DiagCode::W0004, name.range,
                 fmt::format("{} '{}' shadows the imported module of the same name", what.str(), name.name.str()));
    return;
  }
  if (name.name == "std") {
    diags.report(DiagCode::W0004, name.range,
                 fmt::format("{} 'std' shadows the standard library's name; rename it", what.str()));
    return;
  }
  if (findStdFunction(name.name))
    diags.report(DiagCode::W0004, name.range,
                 fmt::format("{} '{}' shadows the standard function {}; rename it", what.str(), name.name.str(),
                             name.name.str()));
}

LocalVar *Checker::declareLocal(const ast::Identifier &name, const Type *type, LocalVar::Kind kind) {
  Scope &scope = scopes.back();
  if (LocalVar *existing = scope.byName.lookup(name.name)) {
    if (kind == LocalVar::Kind::Input)
      return existing; // duplicate inputs are reported with the signature
    diags.report(DiagCode::E2002, name.range,
                 fmt::format("'{}' is already defined in this block", name.name.str()))
        .note(existing->range, "first defined here")
        .note("give the new value another name");
    existing->used = true;
    return existing;
  }
  warnShadowing(name, kind == LocalVar::Kind::Input      ? "input"
                      : kind == LocalVar::Kind::LoopVar ? "loop variable"
                                                        : "variable");
  program.locals.push_back(LocalVar{name.name, name.range, type, kind, false});
  LocalVar *var = &program.locals.back();
  scope.vars.push_back(var);
  scope.byName[name.name] = var;
  return var;
}

void Checker::checkWorkflow(CallableInfo &workflow) {
  const auto *decl = static_cast<const ast::WorkflowDecl *>(workflow.decl);
  callable = &workflow;
  resolveCallable(workflow);
  pushScope();
  for (const ParamInfo &input : workflow.inputs)
    declareLocal(input.param->name, input.type, LocalVar::Kind::Input);
  firstReturn = nullptr;
  if (decl->body)
    checkBlock(decl->body, BlockValue::Discarded);
  popScope();
  if (!firstReturn && !workflow.outputs.empty() && decl->body) {
    std::string list;
    for (size_t i = 0; i < workflow.outputs.size(); ++i)
      list += (i ? ", " : "") + workflow.outputs[i].name.str() + ": ...";
    diags.report(DiagCode::E3010, decl->name.range,
                 fmt::format("{} '{}' declares outputs but never returns them", workflow.kindName().str(),
                             workflow.name.str()))
        .note(fmt::format("end the body with 'return ({})'", list));
  }
  callable = nullptr;
}

void Checker::checkTest(const ast::TestDecl &test) {
  inTest = true;
  pushScope();
  if (test.body)
    checkBlock(test.body, BlockValue::Discarded);
  popScope();
  inTest = false;
}

const Type *Checker::checkBlock(const ast::Block *block, BlockValue mode) {
  if (!block) // lost to a syntax error, already reported
    return types.error();
  pushScope();
  const Type *value = nullptr;
  bool topLevel = scopes.size() == 2; // the inputs' scope, then the body's
  for (size_t i = 0; i < block->stmts.size(); ++i) {
    const ast::Stmt *stmt = block->stmts[i];
    bool last = i + 1 == block->stmts.size();
    const auto *exprStmt = llvm::dyn_cast<ast::ExprStmt>(stmt);
    if (last && exprStmt && mode != BlockValue::Discarded) {
      const ast::Expr *e = exprStmt->expr;
      const Type *t;
      if (const auto *ifExpr = llvm::dyn_cast<ast::IfExpr>(e))
        t = checkIf(*ifExpr, mode);
      else if (const auto *forExpr = llvm::dyn_cast<ast::ForExpr>(e))
        t = checkFor(*forExpr, mode);
      else
        t = checkExpr(e);
      setType(e, t);
      value = t;
      continue;
    }
    if (const auto *ret = llvm::dyn_cast<ast::ReturnStmt>(stmt)) {
      if (!callable || !topLevel) {
        diags.report(DiagCode::E1001, ret->range(),
                     callable ? "'return' ends the workflow body; it cannot be inside 'if' or 'for'"
                              : "'return' belongs in a workflow; a test has no outputs");
        continue;
      }
      checkReturn(*ret);
      continue;
    }
    checkStmt(stmt);
  }
  popScope();
  if (mode == BlockValue::Required && !value) {
    llvm::SMLoc end = block->range().End;
    llvm::SMRange closing(llvm::SMLoc::getFromPointer(end.getPointer() - 1), end);
    diags.report(DiagCode::E3008, closing, "this branch gives no value; end it with an expression")
        .note("an 'if' used as a value needs a value from every branch");
    return types.error();
  }
  return value ? value : types.voidType();
}

void Checker::checkStmt(const ast::Stmt *stmt) {
  switch (stmt->kind()) {
  case ast::NodeKind::LetStmt:
    checkLet(*llvm::cast<ast::LetStmt>(stmt));
    return;
  case ast::NodeKind::AssertStmt: {
    const auto &a = *llvm::cast<ast::AssertStmt>(stmt);
    if (!inTest)
      diags.report(DiagCode::E1001,
                   llvm::SMRange(a.range().Start, llvm::SMLoc::getFromPointer(a.range().Start.getPointer() + 6)),
                   "'assert' belongs in a test block: test \"name\" { ... }");
    const Type *cond = checkExpr(a.cond, types.boolType());
    if (!cond->isSilent() && cond != types.boolType())
      diags.report(DiagCode::E3007, a.cond->range(),
                   fmt::format("the condition of 'assert' must be a bool, got {}", cond->str()));
    if (a.message)
      checkAssignable(a.message, types.string(), "the message of 'assert'");
    return;
  }
  case ast::NodeKind::MockStmt:
    checkMock(*llvm::cast<ast::MockStmt>(stmt));
    return;
  case ast::NodeKind::ExprStmt: {
    const ast::Expr *e = llvm::cast<ast::ExprStmt>(stmt)->expr;
    const Type *t;
    if (const auto *ifExpr = llvm::dyn_cast<ast::IfExpr>(e)) {
      t = checkIf(*ifExpr, BlockValue::Discarded);
    } else if (const auto *forExpr = llvm::dyn_cast<ast::ForExpr>(e)) {
      t = checkFor(*forExpr, BlockValue::Discarded);
    } else {
      t = checkExpr(e);
      if (t->isError() || t->kind() == TypeKind::Void || t->kind() == TypeKind::Never)
        return;
      if (const auto *call = llvm::dyn_cast<ast::CallExpr>(e)) {
        const Reference *ref = program.referenceOf(call->callee);
        bool isTask = ref && ref->kind == Reference::Kind::Entity && ref->entity && ref->entity->isCallable();
        diags.report(DiagCode::W0001, e->range(),
                     isTask ? "the result of this call is never used; bind it with 'let' or drop the call"
                            : "the value of this call is never used; the function has no effect on its own");
      } else {
        diags.report(DiagCode::W0001, e->range(), "this expression's value is never used; it has no effect");
      }
      return;
    }
    setType(e, t);
    return;
  }
  default:
    return;
  }
}

void Checker::checkLet(const ast::LetStmt &let) {
  const ast::Expr *value = let.value;
  const Type *t = checkExpr(value);
  checkDecorators(let.decorators, DecoratorSite::Let, nullptr, &let);
  if (let.names.empty())
    return;
  if (t->kind() == TypeKind::Void) {
    diags.report(DiagCode::E3001, value->range(),
                 llvm::isa<ast::CallExpr>(value) ? "this call has no outputs, so there is nothing to bind; drop the 'let'"
                                                 : "this expression gives no value to bind");
    t = types.error();
  }
  if (!let.destructure) {
    declareLocal(let.names[0], t, LocalVar::Kind::Let);
    return;
  }
  std::vector<const Type *> parts;
  if (t->kind() == TypeKind::Outputs) {
    for (const NamedType &f : t->fields())
      parts.push_back(f.type);
  } else if (!t->isError()) {
    parts.push_back(t);
  }
  if (!t->isError() && parts.size() != let.names.size()) {
    diags.report(DiagCode::E3001, let.range(),
                 fmt::format("{} name{} bound, but the value has {} output{} {}", let.names.size(),
                             let.names.size() == 1 ? " is" : "s are", parts.size(), parts.size() == 1 ? "" : "s",
                             t->kind() == TypeKind::Outputs ? t->str() : "(" + t->str() + ")"));
    t = types.error();
  }
  for (size_t i = 0; i < let.names.size(); ++i)
    declareLocal(let.names[i], t->isError() ? t : parts[i], LocalVar::Kind::Let);
}

void Checker::checkReturn(const ast::ReturnStmt &ret) {
  if (firstReturn) {
    diags.report(DiagCode::E3011, ret.range(), "the outputs are already returned; a workflow returns once")
        .note(firstReturn->range(), "returned here");
    for (const ast::Argument &arg : ret.values)
      checkExpr(arg.value);
    return;
  }
  firstReturn = &ret;
  checkOutputValues(ret.values, *callable, ret.range(), /*isReturn=*/true);
}

void Checker::checkOutputValues(llvm::ArrayRef<ast::Argument> values, const CallableInfo &owner,
                                llvm::SMRange statement, bool isReturn) {
  llvm::StringMap<const ast::Argument *> given;
  llvm::StringMap<bool> accountedFor; // outputs a misspelled name evidently meant
  std::vector<llvm::StringRef> open; // outputs not named anywhere: what a typo may have meant
  for (const ParamInfo &o : owner.outputs)
    if (!hasLabel(values, o.name))
      open.push_back(o.name);
  std::string ownerWhat = fmt::format("{} '{}'", owner.kindName().str(), owner.name.str());
  size_t position = 0;
  for (const ast::Argument &arg : values) {
    const ParamInfo *output = nullptr;
    if (arg.label.empty()) {
      // Positional: name the output it most likely means.
      while (position < owner.outputs.size() && (given.count(owner.outputs[position].name) ||
                                                  hasLabel(values, owner.outputs[position].name)))
        ++position;
      auto diag = diags.report(DiagCode::E3005, arg.range,
                               isReturn ? "outputs are returned by name: write 'name: value'"
                                        : "mocked outputs are given by name: write 'name: value'");
      if (position < owner.outputs.size()) {
        output = &owner.outputs[position];
        diag.fixit(llvm::SMRange(arg.range.Start, arg.range.Start), output->name.str() + ": ");
        given[output->name] = &arg;
      }
      checkExpr(arg.value, output ? output->type : nullptr);
      continue;
    }
    output = owner.output(arg.label.name);
    if (!output) {
      std::optional<llvm::StringRef> near = nearestName(arg.label.name, open);
      auto diag = diags.report(
          DiagCode::E3011, arg.label.range,
          owner.outputs.empty()
              ? fmt::format("{} has no outputs; remove '{}'", ownerWhat, arg.label.name.str())
              : fmt::format("'{}' is not an output of {}{}", arg.label.name.str(), ownerWhat,
                            near ? fmt::format("; did you mean '{}'?", near->str()) : ""));
      if (near) {
        diag.fixit(arg.label.range, near->str());
        accountedFor[*near] = true;
      }
      checkExpr(arg.value);
      continue;
    }
    auto [it, inserted] = given.try_emplace(arg.label.name, &arg);
    if (!inserted) {
      diags.report(DiagCode::E3011, arg.label.range,
                   fmt::format("output '{}' is {} twice", arg.label.name.str(), isReturn ? "returned" : "mocked"))
          .note(it->second->range, isReturn ? "first returned here" : "first given here");
      checkExpr(arg.value);
      continue;
    }
    checkAssignable(arg.value, output->type,
                    fmt::format("{}output '{}'", isReturn ? "" : "mocked ", output->name.str()));
  }
  for (const ParamInfo &o : owner.outputs) {
    if (given.count(o.name) || accountedFor.count(o.name))
      continue;
    diags.report(DiagCode::E3010, statement,
                 isReturn ? fmt::format("output '{}' is not returned", o.name.str())
                          : fmt::format("the mock of '{}' does not give output '{}'", owner.name.str(), o.name.str()))
        .note(o.param->name.range, fmt::format("'{}' declared here", o.name.str()));
  }
}

void Checker::checkMock(const ast::MockStmt &mock) {
  if (!inTest)
    diags.report(DiagCode::E1001, mock.range(), "'mock' belongs in a test block: test \"name\" { ... }");
  Entity *target = resolveEntityName(*module, mock.target, "task");
  auto checkValuesLoosely = [&]() {
    for (const ast::Argument &a : mock.args)
      checkExpr(a.value);
    for (const ast::Argument &a : mock.outputs)
      checkExpr(a.value);
  };
  if (!target) {
    checkValuesLoosely();
    return;
  }
  if (!target->isCallable()) {
    auto diag = diags.report(DiagCode::E3001, mock.target.range,
                             fmt::format("'{}' is {}; only tasks and workflows can be mocked", mock.target.str(),
                                         aOrAn(target->kindName())));
    noteDeclaredHere(diag, target);
    checkValuesLoosely();
    return;
  }
  auto &callee = *static_cast<CallableInfo *>(target);
  resolveCallable(callee);
  checkArguments(mock.args, callee.inputs, &callee, mock.range(), /*requireAll=*/false);
  checkOutputValues(mock.outputs, callee, mock.range(), /*isReturn=*/false);
}

} // namespace flytec::sema
