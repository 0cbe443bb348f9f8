// Decorators (LANGUAGE.md §4) as IR settings. The checker has validated
// every argument, so this reads the literal forms it accepted and nothing
// else.
#include "lower/Lowerer.h"

#include <fmt/format.h>

namespace flytec::lower {

namespace {

const ast::Expr *arg(const ast::Decorator &d, llvm::StringRef label, size_t position = 0) {
  for (size_t i = 0; i < d.args.size(); ++i)
    if (d.args[i].label.name == label || (d.args[i].label.empty() && i == position && label.empty()))
      return d.args[i].value;
  return nullptr;
}

/// The first argument, named or not.
const ast::Expr *firstArg(const ast::Decorator &d) { return d.args.empty() ? nullptr : d.args.front().value; }

std::optional<int64_t> intOf(const ast::Expr *e) {
  if (const auto *i = llvm::dyn_cast_or_null<ast::IntLit>(e))
    return i->value;
  return std::nullopt;
}

std::optional<double> numberOf(const ast::Expr *e) {
  if (const auto *i = llvm::dyn_cast_or_null<ast::IntLit>(e))
    return double(i->value);
  if (const auto *f = llvm::dyn_cast_or_null<ast::FloatLit>(e))
    return f->value;
  return std::nullopt;
}

std::optional<std::string> wordOf(const ast::Expr *e) {
  if (const auto *n = llvm::dyn_cast_or_null<ast::NameExpr>(e))
    return n->name.str();
  if (e)
    return ast::plainStringValue(e);
  return std::nullopt;
}

ir::Resources resourcesFrom(llvm::ArrayRef<std::pair<std::string, const ast::Expr *>> entries) {
  ir::Resources r;
  for (const auto &[key, value] : entries) {
    if (key == "cpu")
      r.cpu = numberOf(value);
    else if (key == "memory") {
      if (const auto *s = llvm::dyn_cast<ast::SizeLit>(value))
        r.memory = s->bytes;
    } else if (key == "gpu")
      r.gpu = intOf(value);
  }
  return r;
}

} // namespace

ir::Settings Lowerer::settings(llvm::ArrayRef<ast::Decorator> decorators) {
  ir::Settings s;
  for (const ast::Decorator &d : decorators) {
    std::string name = d.name.str();
    if (name == "retries") {
      s.retries = intOf(firstArg(d));
    } else if (name == "timeout") {
      if (const auto *t = llvm::dyn_cast_or_null<ast::DurationLit>(firstArg(d)))
        s.timeoutMs = t->millis;
    } else if (name == "resources") {
      std::vector<std::pair<std::string, const ast::Expr *>> requests, limits;
      for (const ast::Argument &a : d.args) {
        if (a.label.name == "limits") {
          if (const auto *m = llvm::dyn_cast<ast::MapLit>(a.value))
            for (const ast::MapEntry &e : m->entries)
              if (std::optional<std::string> key = wordOf(e.key))
                limits.push_back({*key, e.value});
        } else {
          requests.push_back({a.label.name.str(), a.value});
        }
      }
      if (!requests.empty())
        s.requests = resourcesFrom(requests);
      if (!limits.empty())
        s.limits = resourcesFrom(limits);
    } else if (name == "interruptible") {
      const auto *b = llvm::dyn_cast_or_null<ast::BoolLit>(firstArg(d));
      s.interruptible = b ? b->value : true;
    } else if (name == "concurrency") {
      s.concurrency = intOf(firstArg(d));
    } else if (name == "min_success_ratio") {
      s.minSuccessRatio = numberOf(firstArg(d));
    }
  }
  return s;
}

void Lowerer::taskDecorators(const ast::TaskDecl &decl, ir::Task &task) {
  task.settings = settings(decl.decorators);
  for (const ast::Decorator &d : decl.decorators) {
    std::string name = d.name.str();
    if (name == "cache") {
      ir::CacheSettings c;
      if (const ast::Expr *v = arg(d, "version"))
        c.version = ast::plainStringValue(v).value_or("");
      if (const auto *b = llvm::dyn_cast_or_null<ast::BoolLit>(arg(d, "serialize")))
        c.serialize = b->value;
      if (const auto *l = llvm::dyn_cast_or_null<ast::ListLit>(arg(d, "ignore")))
        for (const ast::Expr *e : l->elements)
          if (std::optional<std::string> w = wordOf(e))
            c.ignore.push_back(*w);
      task.cache = std::move(c);
    } else if (name == "pool") {
      task.pool = wordOf(firstArg(d)).value_or("");
    }
  }
}

void Lowerer::workflowDecorators(const ast::WorkflowDecl &decl, ir::Workflow &wf) {
  for (const ast::Decorator &d : decl.decorators) {
    std::string name = d.name.str();
    if (name == "failure_policy") {
      wf.continueOnFailure = wordOf(firstArg(d)) == std::optional<std::string>("continue");
    } else if (name == "on_failure") {
      const ast::Expr *handler = firstArg(d);
      const sema::Reference *ref = handler ? program.referenceOf(handler) : nullptr;
      if (ref && ref->kind == sema::Reference::Kind::Entity && ref->entity)
        wf.onFailure = use(ref->entity);
    }
  }
}

void Lowerer::launchPlanDecorators(const ast::LaunchPlanDecl &decl, ir::LaunchPlan &lp) {
  for (const ast::Decorator &d : decl.decorators) {
    std::string name = d.name.str();
    if (name == "schedule") {
      ir::Schedule s;
      if (const ast::Expr *cron = arg(d, "cron"))
        s.cron = ast::plainStringValue(cron).value_or("");
      if (const auto *every = llvm::dyn_cast_or_null<ast::DurationLit>(arg(d, "every")))
        s.everyMs = every->millis;
      if (const ast::Expr *k = arg(d, "kickoff_input"))
        s.kickoffInput = wordOf(k).value_or("");
      lp.schedule = std::move(s);
    } else if (name == "notify") {
      // `on:` lists phases as words; every other argument is a channel
      // (email, slack, ...) listing recipients.
      ir::Value n = ir::Value::object();
      for (const ast::Argument &a : d.args) {
        ir::Value items = ir::Value::array();
        if (const auto *l = llvm::dyn_cast<ast::ListLit>(a.value)) {
          for (const ast::Expr *e : l->elements)
            if (std::optional<std::string> w = wordOf(e))
              items.push_back(*w);
        } else if (std::optional<std::string> w = wordOf(a.value)) {
          items.push_back(*w);
        }
        n[a.label.name.str()] = std::move(items);
      }
      lp.notify.push_back(std::move(n));
    }
  }
}

} // namespace flytec::lower
