// Calls: of tasks, workflows and launch plans (named arguments, E3001-E3005),
// of the standard library's builtin tasks (gates with generic types) and of
// its pure functions (positional arguments).
#include "sema/Checker.h"
#include "sema/StdFunctions.h"

#include <fmt/format.h>

namespace flytec::sema {

const Type *Checker::checkCall(const ast::CallExpr &e) {
  auto checkArgsLoosely = [&]() {
    for (const ast::Argument &a : e.args)
      checkExpr(a.value);
    return types.error();
  };
  Entity *entity = nullptr;
  llvm::StringRef stdFunction;
  if (const auto *name = llvm::dyn_cast<ast::NameExpr>(e.callee)) {
    if (LocalVar *local = lookupLocal(name->name)) {
      local->used = true;
      diags.report(DiagCode::E3001, name->range(),
                   fmt::format("'{}' is a variable ({}), not a task or function", name->name.str(),
                               local->type->str()))
          .note(local->range, "declared here");
      return checkArgsLoosely();
    }
    entity = lookupEntity(*module, name->name);
    if (!entity && findStdFunction(name->name))
      stdFunction = name->name;
    if (!entity && stdFunction.empty()) {
      if (alreadyReported(*module, name->name))
        return checkArgsLoosely();
      std::vector<llvm::StringRef> names;
      for (const auto &en : module->entities)
        if (en.second->isCallable())
          names.push_back(en.first());
      for (const auto &f : module->fromImports)
        if (f.second.entity && f.second.entity->isCallable())
          names.push_back(f.first());
      for (const StdFunction &f : allStdFunctions())
        names.push_back(f.name);
      std::optional<llvm::StringRef> near = nearestName(name->name, names);
      auto diag = diags.report(DiagCode::E2001, name->range(),
                               near ? fmt::format("undefined task, workflow or function '{}'; did you mean '{}'?",
                                                  name->name.str(), near->str())
                                    : fmt::format("undefined task, workflow or function '{}'", name->name.str()));
      if (near)
        diag.fixit(name->range(), near->str());
      return checkArgsLoosely();
    }
  } else if (const auto *field = llvm::dyn_cast<ast::FieldExpr>(e.callee)) {
    const auto *base = llvm::dyn_cast<ast::NameExpr>(field->base);
    ModuleInfo *target = nullptr;
    if (base && !lookupLocal(base->name) && !lookupEntity(*module, base->name, false)) {
      if (ImportInfo *import = lookupQualifier(*module, base->name)) {
        import->used = true;
        if (!import->module || import->cyclic)
          return checkArgsLoosely();
        target = import->module;
      } else if (base->name == "std") {
        target = program.stdModule;
      }
    }
    if (!target && base && !lookupLocal(base->name)) {
      if (Entity *declared = lookupEntity(*module, base->name)) {
        // `Stats.make(...)`, `t.run()`: one error, about the declaration.
        useEntity(declared, base->range());
        auto diag = diags.report(DiagCode::E3006, e.callee->range(),
                                 fmt::format("'{}' is {}; it has no members to call", base->name.str(),
                                             aOrAn(declared->kindName())));
        noteDeclaredHere(diag, declared);
        return checkArgsLoosely();
      }
    }
    if (!target) {
      if (base && !lookupLocal(base->name) && !lookupEntity(*module, base->name, false)) {
        if (alreadyReported(*module, base->name))
          return checkArgsLoosely();
        std::vector<llvm::StringRef> names;
        for (const auto &q : module->qualifiers)
          names.push_back(q.first());
        names.push_back("std");
        diags.report(DiagCode::E2001, base->range(),
                     fmt::format("unknown module '{}'{}", base->name.str(), didYouMean(base->name, names)));
        return checkArgsLoosely();
      }
      checkExpr(field->base);
      diags.report(DiagCode::E3006, e.callee->range(),
                   "only tasks, workflows, launch plans and std functions can be called; values have no methods");
      return checkArgsLoosely();
    }
    Reference mref;
    mref.kind = Reference::Kind::Module;
    mref.module = target;
    record(base, mref);
    if (target->isStdlib && findStdFunction(field->field.name) && !target->entities.lookup(field->field.name)) {
      stdFunction = field->field.name;
    } else {
      entity = lookupMember(*module, *target, field->field, true, base->name);
      if (!entity)
        return checkArgsLoosely();
    }
  } else {
    checkExpr(e.callee);
    diags.report(DiagCode::E3006, e.callee->range(), "only tasks, workflows, launch plans and std functions can be called");
    return checkArgsLoosely();
  }

  if (!stdFunction.empty()) {
    Reference ref;
    ref.kind = Reference::Kind::StdFunction;
    ref.member = stdFunction;
    record(e.callee, ref);
    return checkStdFunctionCall(e, stdFunction);
  }
  Reference ref;
  ref.kind = Reference::Kind::Entity;
  ref.entity = entity;
  record(e.callee, ref);
  const ast::Identifier calleeName = llvm::isa<ast::FieldExpr>(e.callee)
                                         ? llvm::cast<ast::FieldExpr>(e.callee)->field
                                         : ast::Identifier{entity->name, e.callee->range()};
  useEntity(entity, calleeName.range);
  if (!entity->isCallable()) {
    auto diag = diags.report(DiagCode::E3001, e.callee->range(),
                             entity->kind == EntityKind::Record
                                 ? fmt::format("'{}' is a record; build one with {} {{ field: value }}",
                                               entity->name.str(), entity->name.str())
                                 : fmt::format("'{}' is {}, not something to call", entity->name.str(),
                                               aOrAn(entity->kindName())));
    noteDeclaredHere(diag, entity);
    return checkArgsLoosely();
  }
  return checkCallableCall(e, *static_cast<CallableInfo *>(entity));
}

const Type *Checker::checkCallableCall(const ast::CallExpr &e, CallableInfo &callee) {
  resolveCallable(callee);
  if (callee.broken) {
    // Its signature may be cut short by the syntax error.
    for (const ast::Argument &a : e.args)
      checkExpr(a.value);
    return types.error();
  }
  const ast::Argument *typeArg = nullptr;
  checkArguments(e.args, callee.inputs, &callee, e.range(), /*requireAll=*/true,
                 callee.builtin == "std.signal" ? &typeArg : nullptr);
  if (callable && (callee.kind == EntityKind::Workflow || callee.kind == EntityKind::LaunchPlan))
    callEdges.push_back({callable, &callee, e.callee->range()});
  if (callee.builtin == "std.fail")
    return types.never();
  if (callee.builtin == "std.approve") {
    for (const ast::Argument &a : e.args)
      if (a.label.name == "value" || (a.label.empty() && e.args.size() == 1)) {
        const Type *t = program.typeOf(a.value);
        bool isValue = t && t->kind() != TypeKind::Void && t->kind() != TypeKind::Outputs;
        return isValue ? t : types.error();
      }
    return types.error();
  }
  if (callee.builtin == "std.signal")
    return typeArg ? typeFromExpr(*module, typeArg->value) : types.error();
  return callee.result ? callee.result : types.error();
}

bool hasLabel(llvm::ArrayRef<ast::Argument> args, llvm::StringRef name) {
  return llvm::any_of(args, [&](const ast::Argument &a) { return a.label.name == name; });
}

void Checker::checkArguments(llvm::ArrayRef<ast::Argument> args, llvm::ArrayRef<ParamInfo> params,
                             const Entity *callee, llvm::SMRange callRange, bool requireAll,
                             const ast::Argument **typeArg) {
  std::vector<const ast::Argument *> bound(params.size(), nullptr);
  // A misspelled label already says which input it meant: that input is not
  // reported missing as well.
  std::vector<bool> accountedFor(params.size(), false);
  // The spec's own `std.fail("message")`: a builtin task of one input may
  // take it positionally.
  bool positionalOk = callee->module->isStdlib && params.size() == 1 && args.size() == 1;
  std::string calleeWhat = fmt::format("{} '{}'", callee->kindName().str(), callee->name.str());
  auto indexOf = [&](llvm::StringRef name) -> int {
    for (size_t i = 0; i < params.size(); ++i)
      if (params[i].name == name)
        return int(i);
    return -1;
  };
  auto checkValue = [&](const ast::Argument &arg, int index) {
    if (typeArg && params[index].name == "type") {
      *typeArg = &arg;
      return;
    }
    // The standard library's generic inputs (std.approve's value) are
    // declared json: any value fits them.
    if (callee->module->isStdlib && params[index].type == types.json()) {
      const Type *t = checkExpr(arg.value);
      if (t->kind() == TypeKind::Void)
        diags.report(DiagCode::E3001, arg.value->range(),
                     fmt::format("argument '{}' expects a value, but this call has no outputs",
                                 params[index].name.str()));
      else if (t->kind() == TypeKind::Outputs)
        diags.report(DiagCode::E3001, arg.value->range(),
                     fmt::format("argument '{}' expects one value, got the outputs {}", params[index].name.str(),
                                 t->str()))
            .note("pick one output with '.name'");
      return;
    }
    checkAssignable(arg.value, params[index].type, fmt::format("argument '{}'", params[index].name.str()));
  };
  for (const ast::Argument &arg : args) {
    if (arg.label.empty()) {
      int index = -1;
      for (size_t i = 0; i < params.size(); ++i)
        if (!bound[i] && !hasLabel(args, params[i].name)) {
          index = int(i);
          break;
        }
      if (index < 0) {
        diags.report(DiagCode::E3003, arg.range,
                     params.empty() ? fmt::format("{} takes no arguments", calleeWhat)
                                    : fmt::format("{} takes no more arguments", calleeWhat));
        checkExpr(arg.value);
        continue;
      }
      bound[index] = &arg;
      if (positionalOk) {
        checkValue(arg, index);
        continue;
      }
      // Which input was meant is a guess, so its type is not held against it.
      diags.report(DiagCode::E3005, arg.range,
                   fmt::format("arguments of {} are named: write '{}: ...'", calleeWhat, params[index].name.str()))
          .fixit(llvm::SMRange(arg.range.Start, arg.range.Start), params[index].name.str() + ": ");
      checkExpr(arg.value, params[index].type);
      continue;
    }
    int index = indexOf(arg.label.name);
    if (index < 0) {
      std::vector<llvm::StringRef> open;
      for (size_t i = 0; i < params.size(); ++i)
        if (!hasLabel(args, params[i].name))
          open.push_back(params[i].name);
      std::optional<llvm::StringRef> near = nearestName(arg.label.name, open);
      auto diag = diags.report(
          DiagCode::E3003, arg.label.range,
          params.empty() ? fmt::format("{} takes no arguments", calleeWhat)
                         : fmt::format("{} has no input '{}'{}", calleeWhat, arg.label.name.str(),
                                       near ? fmt::format("; did you mean '{}'?", near->str()) : ""));
      if (near) {
        diag.fixit(arg.label.range, near->str());
        int meant = indexOf(*near);
        accountedFor[meant] = true;
        checkAssignable(arg.value, params[meant].type, fmt::format("argument '{}'", near->str()));
      } else {
        checkExpr(arg.value);
      }
      noteDeclaredHere(diag, callee);
      continue;
    }
    if (bound[index]) {
      diags.report(DiagCode::E3004, arg.label.range,
                   fmt::format("argument '{}' is given twice", arg.label.name.str()))
          .note(bound[index]->range, "first given here");
      checkExpr(arg.value);
      continue;
    }
    bound[index] = &arg;
    checkValue(arg, index);
  }
  if (!requireAll)
    return;
  std::vector<std::string> missing;
  for (size_t i = 0; i < params.size(); ++i)
    if (!bound[i] && !accountedFor[i] && !params[i].hasDefault)
      missing.push_back(params[i].name.str());
  if (missing.empty())
    return;
  auto diag = diags.report(DiagCode::E3002, callRange,
                           fmt::format("{} is missing the required argument{} {}", calleeWhat,
                                       missing.size() == 1 ? "" : "s", quotedList(missing)));
  noteDeclaredHere(diag, callee);
}

const Type *Checker::checkStdFunctionCall(const ast::CallExpr &e, llvm::StringRef name) {
  std::vector<const Type *> argTypes;
  for (const ast::Argument &arg : e.args) {
    if (!arg.label.empty())
      diags.report(DiagCode::E3003, arg.label.range,
                   fmt::format("the standard function {} takes positional arguments: drop '{}:'", name.str(),
                               arg.label.name.str()))
          .fixit(llvm::SMRange(arg.label.range.Start, arg.value->range().Start), "");
    argTypes.push_back(checkExpr(arg.value));
  }
  StdCallTyping typing = typeStdCall(types, name, argTypes);
  if (typing.problem == StdCallTyping::Problem::None)
    return typing.type;
  DiagCode code = typing.problem == StdCallTyping::Problem::TooFew    ? DiagCode::E3002
                  : typing.problem == StdCallTyping::Problem::TooMany ? DiagCode::E3003
                                                                      : DiagCode::E3001;
  llvm::SMRange at = typing.argument >= 0 ? e.args[typing.argument].value->range() : e.range();
  auto diag = diags.report(code, at, typing.error);
  if (typing.problem == StdCallTyping::Problem::ArgumentType)
    diag.note(findStdFunction(name)->signature.str());
  return types.error();
}

} // namespace flytec::sema
