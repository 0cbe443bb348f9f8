// Launch plans (LANGUAGE.md §8): the workflow they launch, `fixed` and
// `default` bindings (E5007), and, for scheduled plans, that every required
// input is bound or is the kickoff input.
#include "sema/Checker.h"

#include <fmt/format.h>

namespace flytec::sema {

void Checker::resolveLaunchPlanTarget(CallableInfo &plan) {
  const auto *decl = static_cast<const ast::LaunchPlanDecl *>(plan.decl);
  const ast::QualifiedName &name = decl->workflow;
  Entity *target = nullptr;
  ModuleInfo &mod = *plan.module;
  if (name.parts.size() == 1) {
    target = lookupEntity(mod, name.parts[0].name);
    if (!target && !alreadyReported(mod, name.parts[0].name)) {
      std::vector<llvm::StringRef> names;
      for (const auto &e : mod.entities)
        if (e.second->kind == EntityKind::Workflow)
          names.push_back(e.first());
      diags.report(DiagCode::E2001, name.range,
                   fmt::format("undefined workflow '{}'{}", name.str(), didYouMean(name.parts[0].name, names)));
    }
  } else if (name.parts.size() == 2) {
    ModuleInfo *targetModule = nullptr;
    if (ImportInfo *import = lookupQualifier(mod, name.parts[0].name)) {
      import->used = true;
      targetModule = import->cyclic ? nullptr : import->module;
    } else {
      diags.report(DiagCode::E2001, name.parts[0].range, fmt::format("unknown module '{}'", name.parts[0].name.str()));
    }
    if (targetModule)
      target = lookupMember(mod, *targetModule, name.parts[1]);
  }
  if (!target)
    return;
  useEntity(target, name.range);
  Reference ref;
  ref.kind = Reference::Kind::Entity;
  ref.entity = target;
  record(decl, ref);
  if (target->kind != EntityKind::Workflow) {
    auto diag = diags.report(DiagCode::E5007, name.range,
                             fmt::format("a launch plan launches a workflow; '{}' is {}", name.str(),
                                         aOrAn(target->kindName())));
    noteDeclaredHere(diag, target);
    return;
  }
  auto &workflow = *static_cast<CallableInfo *>(target);
  resolveCallable(workflow);
  plan.target = &workflow;
  plan.outputs = workflow.outputs;
  for (const ParamInfo &input : workflow.inputs) {
    const ast::LaunchPlanEntry *entry = nullptr;
    for (const ast::LaunchPlanEntry &e : decl->entries)
      if (e.name.name == input.name) {
        entry = &e;
        break;
      }
    if (entry && entry->fixed)
      continue; // fixed inputs cannot be given at launch
    ParamInfo p = input;
    p.hasDefault = p.hasDefault || entry != nullptr;
    plan.inputs.push_back(p);
  }
}

void Checker::checkLaunchPlan(CallableInfo &plan) {
  const auto *decl = static_cast<const ast::LaunchPlanDecl *>(plan.decl);
  resolveCallable(plan);
  checkDecorators(decl->decorators, DecoratorSite::LaunchPlan, &plan, nullptr);
  CallableInfo *workflow = plan.target;
  if (!workflow) {
    for (const ast::LaunchPlanEntry &e : decl->entries)
      checkExpr(e.value);
    return;
  }
  std::vector<llvm::StringRef> inputNames;
  for (const ParamInfo &p : workflow->inputs)
    inputNames.push_back(p.name);
  llvm::StringMap<const ast::LaunchPlanEntry *> bound;
  // Inputs a misspelled name evidently meant: not reported missing too.
  llvm::StringMap<bool> accountedFor;
  for (const ast::LaunchPlanEntry &e : decl->entries) {
    const ParamInfo *input = workflow->input(e.name.name);
    if (!input) {
      std::optional<llvm::StringRef> near = nearestName(e.name.name, inputNames);
      if (near)
        accountedFor[*near] = true;
      auto diag = diags.report(DiagCode::E5007, e.name.range,
                               fmt::format("'{}' is not an input of workflow '{}'{}", e.name.name.str(),
                                           workflow->name.str(),
                                           near ? fmt::format("; did you mean '{}'?", near->str()) : ""));
      if (near)
        diag.fixit(e.name.range, near->str());
      noteDeclaredHere(diag, workflow);
      checkExpr(e.value);
      continue;
    }
    auto [it, inserted] = bound.try_emplace(e.name.name, &e);
    if (!inserted) {
      diags.report(DiagCode::E5007, e.name.range, fmt::format("input '{}' is bound twice", e.name.name.str()))
          .note(it->second->range, "first bound here");
      checkExpr(e.value);
      continue;
    }
    checkAssignable(e.value, input->type,
                    fmt::format("{} input '{}'", e.fixed ? "fixed" : "default", e.name.name.str()));
  }

  // A scheduled plan has nobody to supply inputs at launch.
  const ast::Decorator *schedule = nullptr;
  for (const ast::Decorator &d : decl->decorators)
    if (d.name.str() == "schedule")
      schedule = &d;
  if (!schedule)
    return;
  llvm::StringRef kickoff;
  for (const ast::Argument &a : schedule->args) {
    if (a.label.name != "kickoff_input")
      continue;
    const auto *name = llvm::dyn_cast<ast::NameExpr>(a.value);
    if (!name) {
      // Already E5004 (not a name); a quoted input name still says which.
      if (const auto *text = llvm::dyn_cast<ast::StringLit>(a.value); text && !text->hasInterpolation())
        accountedFor[text->text()] = true;
      continue;
    }
    kickoff = name->name;
    if (auto near = nearestName(kickoff, inputNames); near && !workflow->input(kickoff))
      accountedFor[*near] = true;
    const ParamInfo *input = workflow->input(kickoff);
    if (!input) {
      diags.report(DiagCode::E5007, a.value->range(),
                   fmt::format("kickoff_input '{}' is not an input of workflow '{}'{}", kickoff.str(),
                               workflow->name.str(), didYouMean(kickoff, inputNames)));
    } else if (!isAssignable(types.datetime(), input->type)) {
      diags.report(DiagCode::E5006, a.value->range(),
                   fmt::format("kickoff_input '{}' receives the scheduled time, so it must be a datetime input, "
                               "not {}",
                               kickoff.str(), input->type->str()));
    } else if (bound.count(kickoff)) {
      diags.report(DiagCode::E5007, a.value->range(),
                   fmt::format("kickoff_input '{}' is also bound by the plan; it receives the scheduled time",
                               kickoff.str()));
    }
  }
  std::vector<std::string> missing;
  for (const ParamInfo &input : workflow->inputs)
    if (!input.hasDefault && !bound.count(input.name) && input.name != kickoff && !accountedFor.count(input.name))
      missing.push_back(input.name.str());
  if (!missing.empty()) {
    std::string list;
    for (size_t i = 0; i < missing.size(); ++i)
      list += (i == 0 ? "'" : i + 1 == missing.size() ? " and '" : ", '") + missing[i] + "'";
    auto diag = diags.report(DiagCode::E5007, decl->name.range,
                             fmt::format("scheduled launch plan '{}' does not bind the required input{} {} of "
                                         "workflow '{}'",
                                         plan.name.str(), missing.size() == 1 ? "" : "s", list,
                                         workflow->name.str()));
    diag.note(fmt::format("add 'default {}: VALUE' (or 'fixed'), since nobody supplies inputs to a scheduled run",
                          missing[0]));
    noteDeclaredHere(diag, workflow);
  }
}

} // namespace flytec::sema
