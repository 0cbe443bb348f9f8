// Launch plans (LANGUAGE.md §8): the workflow they launch, `fixed` and
// `default` bindings (E5007), and, for scheduled plans, that every required
// input is bound or is the kickoff input.
#include "sema/Checker.h"

#include <fmt/format.h>

namespace flytec::sema {

void Checker::resolveLaunchPlanTarget(CallableInfo &plan) {
  const auto *decl = static_cast<const ast::LaunchPlanDecl *>(plan.decl);
  const ast::QualifiedName &name = decl->workflow;
  Entity *target = resolveEntityName(*plan.module, name, "workflow");
  if (!target)
    return;
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
    std::string list = quotedList(missing);
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
