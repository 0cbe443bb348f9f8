// Decorators (LANGUAGE.md §4): where each applies and what arguments it
// takes (E5004), resource requests (E5005), schedules (E5006), and
// `@cache` without a version (W0003).
#include "plugins/PluginRegistry.h"
#include "sema/Checker.h"
#include "sema/DecoratorList.h"
#include "sema/Cron.h"

#include <fmt/format.h>

namespace flytec::sema {

namespace {

using Site = DecoratorSite;

constexpr unsigned bit(Site s) { return 1u << unsigned(s); }
constexpr unsigned kAnyDecl = bit(Site::Task) | bit(Site::Workflow) | bit(Site::Dynamic) | bit(Site::LaunchPlan) |
                              bit(Site::Record) | bit(Site::Enum) | bit(Site::Alias);

struct DecoratorRule {
  llvm::StringRef name;
  unsigned sites;
  llvm::StringRef usage;
  llvm::StringRef where; // for misplacement messages
};

const DecoratorRule kRules[] = {
    {"cache", bit(Site::Task), "@cache(version: \"1\")", "tasks"},
    {"retries", bit(Site::Task) | bit(Site::Let), "@retries(3)", "tasks and calls"},
    {"timeout", bit(Site::Task) | bit(Site::Let), "@timeout(10m)", "tasks and calls"},
    {"resources", bit(Site::Task) | bit(Site::Let), "@resources(cpu: 2, memory: 4Gi, gpu: 1)", "tasks and calls"},
    {"interruptible", bit(Site::Task) | bit(Site::Let), "@interruptible", "tasks and calls"},
    {"pool", bit(Site::Task), "@pool(\"name\")", "tasks"},
    {"concurrency", bit(Site::Let), "@concurrency(8)", "a 'let' whose value is a 'for'"},
    {"min_success_ratio", bit(Site::Let), "@min_success_ratio(0.9)", "a 'let' whose value is a 'for'"},
    {"schedule", bit(Site::LaunchPlan), "@schedule(cron: \"0 2 * * *\") or @schedule(every: 1h)", "launch plans"},
    {"notify", bit(Site::LaunchPlan), "@notify(on: [failed], email: [\"team@example.com\"])", "launch plans"},
    {"failure_policy", bit(Site::Workflow) | bit(Site::Dynamic), "@failure_policy(continue)", "workflows"},
    {"on_failure", bit(Site::Workflow) | bit(Site::Dynamic), "@on_failure(handler)", "workflows"},
    {"builtin", bit(Site::Task), "@builtin(\"std.name\")", "tasks"},
    {"deprecated", kAnyDecl, "@deprecated(\"use x instead\")", "declarations"},
};

const DecoratorRule *findRule(llvm::StringRef name) {
  for (const DecoratorRule &r : kRules)
    if (r.name == name)
      return &r;
  return nullptr;
}

llvm::StringRef siteName(Site site) {
  switch (site) {
  case Site::Task:
    return "a task";
  case Site::Workflow:
    return "a workflow";
  case Site::Dynamic:
    return "a dynamic workflow";
  case Site::LaunchPlan:
    return "a launch plan";
  case Site::Record:
    return "a record";
  case Site::Enum:
    return "an enum";
  case Site::Alias:
    return "a type alias";
  case Site::Test:
    return "a test";
  case Site::Let:
    return "a 'let'";
  }
  return "this";
}

/// A bare word or a plain string: `continue`, `"continue"`, `failed`.
std::optional<llvm::StringRef> wordOf(const ast::Expr *e) {
  if (const auto *name = llvm::dyn_cast<ast::NameExpr>(e))
    return name->name;
  return std::nullopt;
}

std::optional<std::string> plainString(const ast::Expr *e) { return ast::plainStringValue(e); }

/// A bare word or a plain string naming the same: `failed` or `"failed"`.
std::optional<std::string> wordOrString(const ast::Expr *e) {
  if (auto w = wordOf(e))
    return w->str();
  return plainString(e);
}

/// A decorator's arguments, checked against a usage string.
class Args {
public:
  Args(DiagnosticEngine &diags, const ast::Decorator &d, const DecoratorRule &rule)
      : diags_(diags), d_(d), rule_(rule) {}

  bool bad(llvm::SMRange at, const std::string &what) {
    diags_.report(DiagCode::E5004, at, fmt::format("@{}: {}", rule_.name.str(), what))
        .note(fmt::format("write it as {}", rule_.usage.str()));
    return false;
  }
  /// Exactly `n` positional arguments.
  bool positional(size_t n) {
    if (d_.args.size() != n)
      return bad(d_.range, n == 0 ? "takes no arguments"
                                  : fmt::format("takes {} argument{}, got {}", n, n == 1 ? "" : "s", d_.args.size()));
    for (const ast::Argument &a : d_.args)
      if (!a.label.empty())
        return bad(a.label.range, fmt::format("takes its argument without a name; drop '{}:'", a.label.name.str()));
    return true;
  }
  /// Only named arguments from `keys`; returns false after reporting.
  bool named(std::initializer_list<llvm::StringRef> keys) {
    llvm::StringMap<bool> seen;
    std::vector<llvm::StringRef> known(keys);
    for (const ast::Argument &a : d_.args) {
      if (a.label.empty())
        return bad(a.range, "takes named arguments");
      if (std::find(known.begin(), known.end(), a.label.name) == known.end())
        return bad(a.label.range, fmt::format("unknown argument '{}'{}", a.label.name.str(),
                                              didYouMean(a.label.name, known)));
      if (!seen.try_emplace(a.label.name, true).second)
        return bad(a.label.range, fmt::format("'{}' is given twice", a.label.name.str()));
    }
    return true;
  }
  const ast::Expr *get(llvm::StringRef key) const {
    for (const ast::Argument &a : d_.args)
      if (a.label.name == key)
        return a.value;
    return nullptr;
  }

private:
  DiagnosticEngine &diags_;
  const ast::Decorator &d_;
  const DecoratorRule &rule_;
};

/// A resource quantity: cores for cpu, bytes for memory, a count for gpu.
std::optional<double> quantity(DiagnosticEngine &diags, llvm::StringRef resource, const ast::Expr *e) {
  if (resource == "memory") {
    if (const auto *size = llvm::dyn_cast<ast::SizeLit>(e); size && size->bytes > 0)
      return double(size->bytes);
    auto diag = diags.report(DiagCode::E5005, e->range(), "memory must be a positive size such as 512Mi or 4Gi");
    if (const auto *i = llvm::dyn_cast<ast::IntLit>(e))
      diag.note("a bare number has no unit; sizes are written with K M G T (decimal) or Ki Mi Gi Ti (binary)")
          .fixit(e->range(), std::to_string(i->value) + "Mi");
    return std::nullopt;
  }
  if (resource == "cpu") {
    if (const auto *i = llvm::dyn_cast<ast::IntLit>(e); i && i->value > 0)
      return double(i->value);
    if (const auto *f = llvm::dyn_cast<ast::FloatLit>(e); f && f->value > 0)
      return f->value;
    diags.report(DiagCode::E5005, e->range(), "cpu must be a positive number of cores, such as 2 or 0.5");
    return std::nullopt;
  }
  if (const auto *i = llvm::dyn_cast<ast::IntLit>(e); i && i->value >= 0)
    return double(i->value);
  diags.report(DiagCode::E5005, e->range(), "gpu must be a whole number of GPUs (0 or more)");
  return std::nullopt;
}

} // namespace

void Checker::checkDecorators(llvm::ArrayRef<ast::Decorator> decorators, DecoratorSite site, Entity *entity,
                              const ast::LetStmt *let) {
  llvm::StringMap<const ast::Decorator *> seen;
  auto *callableEntity = entity && entity->isCallable() ? static_cast<CallableInfo *>(entity) : nullptr;
  for (const ast::Decorator &d : decorators) {
    std::string name = d.name.str();
    const DecoratorRule *rule = d.name.parts.size() == 1 ? findRule(name) : nullptr;
    if (!rule) {
      std::vector<llvm::StringRef> names;
      for (const DecoratorRule &r : kRules)
        if (r.sites & bit(site))
          names.push_back(r.name);
      auto diag = diags.report(DiagCode::E5004, d.name.range,
                               fmt::format("unknown decorator '@{}'{}", name, didYouMean(name, names)));
      if (std::optional<llvm::StringRef> near = nearestName(name, names))
        diag.fixit(d.name.range, near->str());
      continue;
    }
    if (!(rule->sites & bit(site))) {
      diags.report(DiagCode::E5004, d.range,
                   fmt::format("@{} applies to {}, not to {}", name, rule->where.str(), siteName(site).str()));
      continue;
    }
    // A launch plan may notify several ways (email on failure, Slack on
    // success): @notify repeats; every other decorator is given once.
    auto [it, inserted] = seen.try_emplace(name, &d);
    if (!inserted && name != "notify") {
      diags.report(DiagCode::E5004, d.range, fmt::format("@{} is given twice", name))
          .note(it->second->range, "first given here");
      continue;
    }
    Args args(diags, d, *rule);
    llvm::StringRef r = rule->name;
    // On a `let`, node settings need a node: a call, or a `for` over calls.
    if (site == Site::Let && let) {
      bool isFor = llvm::isa<ast::ForExpr>(let->value);
      // A node is a call of a task, workflow or launch plan; a pure
      // function is an expression, with nothing to retry or time out.
      bool isCall = false;
      if (const auto *call = llvm::dyn_cast<ast::CallExpr>(let->value)) {
        const Reference *ref = program.referenceOf(call->callee);
        isCall = !ref || ref->kind != Reference::Kind::StdFunction;
      }
      if ((r == "concurrency" || r == "min_success_ratio") && !isFor) {
        args.bad(d.range, "applies to a 'let' whose value is a 'for' (a mapped node)");
        continue;
      }
      if ((r == "retries" || r == "timeout" || r == "resources" || r == "interruptible") && !isFor && !isCall) {
        args.bad(d.range, "configures the node of a call: the 'let' must bind a call of a task or workflow, "
                          "or a 'for' over them");
        continue;
      }
    }

    if (r == "cache") {
      if (!d.hasParens || d.args.empty()) {
        diags.report(DiagCode::W0003, d.range,
                     "@cache without a version: bump the version to invalidate old results on purpose")
            .fixit(d.range, "@cache(version: \"1\")");
        continue;
      }
      if (!args.named({"version", "serialize", "ignore"}))
        continue;
      const ast::Expr *version = args.get("version");
      if (!version) {
        diags.report(DiagCode::W0003, d.range, "@cache without a version: add version: \"1\"");
      } else if (auto text = plainString(version); !text || text->empty()) {
        args.bad(version->range(), "the version is a non-empty string, such as \"1\"");
      }
      if (const ast::Expr *serialize = args.get("serialize"); serialize && !llvm::isa<ast::BoolLit>(serialize))
        args.bad(serialize->range(), "serialize is true or false");
      if (const ast::Expr *ignore = args.get("ignore")) {
        const auto *list = llvm::dyn_cast<ast::ListLit>(ignore);
        if (!list) {
          args.bad(ignore->range(), "ignore is a list of input names: ignore: [seed]");
          continue;
        }
        for (const ast::Expr *e : list->elements) {
          std::optional<std::string> input = wordOrString(e);
          if (!input) {
            args.bad(e->range(), "ignore lists input names");
            continue;
          }
          if (callableEntity) {
            resolveCallable(*callableEntity);
            if (!callableEntity->input(*input)) {
              std::vector<llvm::StringRef> inputs;
              for (const ParamInfo &p : callableEntity->inputs)
                inputs.push_back(p.name);
              args.bad(e->range(), fmt::format("'{}' is not an input of task '{}'{}", *input,
                                               callableEntity->name.str(), didYouMean(*input, inputs)));
            }
          }
        }
      }
    } else if (r == "retries") {
      if (!args.positional(1))
        continue;
      const auto *n = llvm::dyn_cast<ast::IntLit>(d.args[0].value);
      if (!n || n->value < 0)
        args.bad(d.args[0].value->range(), "the number of retries is a whole number, 0 or more");
    } else if (r == "timeout") {
      if (!args.positional(1))
        continue;
      const auto *t = llvm::dyn_cast<ast::DurationLit>(d.args[0].value);
      if (!t || t->millis <= 0) {
        auto diag = diags.report(DiagCode::E5004, d.args[0].value->range(),
                                 "@timeout: the limit is a positive duration such as 30s, 10m or 2h");
        if (const auto *i = llvm::dyn_cast<ast::IntLit>(d.args[0].value); i && i->value > 0)
          diag.fixit(d.args[0].value->range(), std::to_string(i->value) + "s");
      }
    } else if (r == "resources") {
      if (d.args.empty()) {
        args.bad(d.range, "name at least one of cpu, memory and gpu");
        continue;
      }
      llvm::StringMap<double> requests;
      llvm::StringMap<llvm::SMRange> given;
      bool ok = true;
      for (const ast::Argument &a : d.args) {
        if (a.label.empty()) {
          args.bad(a.range, "takes named arguments: cpu, memory, gpu, limits");
          ok = false;
          continue;
        }
        llvm::StringRef key = a.label.name;
        if (auto [it, inserted] = given.try_emplace(key, a.label.range); !inserted) {
          diags.report(DiagCode::E5005, a.label.range, fmt::format("'{}' is given twice", key.str()))
              .note(it->second, "first given here");
          ok = false;
          continue;
        }
        if (key == "limits")
          continue;
        if (key != "cpu" && key != "memory" && key != "gpu") {
          diags.report(DiagCode::E5005, a.label.range,
                       fmt::format("unknown resource '{}'{}", key.str(),
                                   didYouMean(key, {"cpu", "memory", "gpu", "limits"})))
              .note("resources are cpu (cores), memory (a size) and gpu (a count), with optional limits: {...}");
          ok = false;
          continue;
        }
        if (auto q = quantity(diags, key, a.value))
          requests[key] = *q;
        else
          ok = false;
      }
      for (const ast::Argument &a : d.args) {
        if (a.label.name != "limits")
          continue;
        const auto *map = llvm::dyn_cast<ast::MapLit>(a.value);
        if (!map) {
          diags.report(DiagCode::E5005, a.value->range(), "limits are written as a map: limits: {cpu: 4, memory: 8Gi}");
          continue;
        }
        llvm::StringMap<llvm::SMRange> limitGiven;
        for (const ast::MapEntry &entry : map->entries) {
          std::optional<std::string> key = wordOrString(entry.key);
          if (!key || (*key != "cpu" && *key != "memory" && *key != "gpu")) {
            diags.report(DiagCode::E5005, entry.key->range(), "a limit is one of cpu, memory and gpu");
            continue;
          }
          if (auto [it, inserted] = limitGiven.try_emplace(*key, entry.key->range()); !inserted) {
            diags.report(DiagCode::E5005, entry.key->range(), fmt::format("'{}' is given twice", *key))
                .note(it->second, "first given here");
            continue;
          }
          std::optional<double> limit = quantity(diags, *key, entry.value);
          auto request = requests.find(*key);
          if (ok && limit && request != requests.end() && *limit < request->second)
            diags.report(DiagCode::E5005, entry.value->range(),
                         fmt::format("the {} limit is below the {} request", *key, *key));
        }
      }
    } else if (r == "interruptible") {
      if (!d.args.empty() && !(d.args.size() == 1 && d.args[0].label.empty() && llvm::isa<ast::BoolLit>(d.args[0].value)))
        args.bad(d.range, "takes no arguments (or true/false)");
    } else if (r == "pool") {
      if (!args.positional(1))
        continue;
      auto text = plainString(d.args[0].value);
      if (!text || text->empty())
        args.bad(d.args[0].value->range(), "the pool is named by a non-empty string");
    } else if (r == "concurrency") {
      if (!args.positional(1))
        continue;
      const auto *n = llvm::dyn_cast<ast::IntLit>(d.args[0].value);
      if (!n || n->value <= 0)
        args.bad(d.args[0].value->range(), "the limit is a whole number of parallel elements, 1 or more");
    } else if (r == "min_success_ratio") {
      if (!args.positional(1))
        continue;
      const ast::Expr *v = d.args[0].value;
      double ratio = -1;
      if (const auto *f = llvm::dyn_cast<ast::FloatLit>(v))
        ratio = f->value;
      else if (const auto *i = llvm::dyn_cast<ast::IntLit>(v))
        ratio = double(i->value);
      if (!(ratio > 0 && ratio <= 1))
        args.bad(v->range(), "the ratio is a number above 0 and at most 1, such as 0.9");
    } else if (r == "schedule") {
      if (!args.named({"cron", "every", "kickoff_input"}))
        continue;
      const ast::Expr *cron = args.get("cron");
      const ast::Expr *every = args.get("every");
      if (!cron == !every) {
        diags.report(DiagCode::E5006, d.range,
                     cron ? "a schedule has either cron: or every:, not both"
                          : "a schedule needs cron: \"...\" or every: DURATION")
            .note("@schedule(cron: \"0 2 * * *\") or @schedule(every: 1h)");
        continue;
      }
      if (cron) {
        auto text = plainString(cron);
        if (!text)
          diags.report(DiagCode::E5006, cron->range(), "cron: takes a string, such as \"0 2 * * *\"");
        else if (auto error = validateCron(*text))
          diags.report(DiagCode::E5006, cron->range(), fmt::format("invalid cron expression: {}", *error))
              .note("five fields: minute hour day-of-month month day-of-week, e.g. \"0 2 * * *\" for 02:00 daily");
      }
      if (every) {
        const auto *t = llvm::dyn_cast<ast::DurationLit>(every);
        if (!t || t->millis <= 0)
          diags.report(DiagCode::E5006, every->range(), "every: takes a positive duration, such as 1h or 15m");
        else if (t->millis < 60'000)
          diags.report(DiagCode::E5006, every->range(), "schedules run at most once a minute; use every: 1m or more");
      }
      if (const ast::Expr *kickoff = args.get("kickoff_input"); kickoff && !wordOf(kickoff))
        args.bad(kickoff->range(), "kickoff_input names an input of the workflow: kickoff_input: day");
    } else if (r == "notify") {
      if (!args.named({"on", "email", "slack"}))
        continue;
      const ast::Expr *on = args.get("on");
      if (!on) {
        args.bad(d.range, "say when to notify with on: [failed, succeeded, timed_out, aborted]");
        continue;
      }
      const auto *phases = llvm::dyn_cast<ast::ListLit>(on);
      if (!phases || phases->elements.empty()) {
        args.bad(on->range(), "on: is a list of phases, such as [failed]");
        continue;
      }
      for (const ast::Expr *phase : phases->elements) {
        std::optional<std::string> text = wordOrString(phase);
        if (!text || (*text != "succeeded" && *text != "failed" && *text != "timed_out" && *text != "aborted"))
          args.bad(phase->range(), "phases are succeeded, failed, timed_out and aborted");
      }
      if (!args.get("email") && !args.get("slack"))
        args.bad(d.range, "say whom to notify with email: [...] or slack: [...]");
      for (llvm::StringRef channel : {"email", "slack"}) {
        const ast::Expr *to = args.get(channel);
        if (!to)
          continue;
        const auto *list = llvm::dyn_cast<ast::ListLit>(to);
        if (!list || list->elements.empty()) {
          args.bad(to->range(), fmt::format("{}: is a non-empty list of strings", channel.str()));
          continue;
        }
        for (const ast::Expr *e : list->elements) {
          auto text = plainString(e);
          if (!text || (channel == "email" && text->find('@') == std::string::npos))
            args.bad(e->range(), channel == "email" ? "an email address such as \"team@example.com\""
                                                    : "a Slack channel such as \"#data-alerts\"");
        }
      }
    } else if (r == "failure_policy") {
      if (!args.positional(1))
        continue;
      std::optional<std::string> text = wordOrString(d.args[0].value);
      if (!text || (*text != "continue" && *text != "fail_fast"))
        args.bad(d.args[0].value->range(), "the policy is 'continue' (keep running independent nodes) or "
                                           "'fail_fast' (the default)");
    } else if (r == "on_failure") {
      if (!args.positional(1))
        continue;
      const ast::Expr *h = d.args[0].value;
      auto w = wordOf(h);
      if (!w) {
        args.bad(h->range(), "names a task or workflow: @on_failure(cleanup)");
        continue;
      }
      Entity *handler = lookupEntity(*module, *w);
      if (!handler) {
        std::vector<llvm::StringRef> names;
        for (const auto &e : module->entities)
          if (e.second->kind == EntityKind::Task || e.second->kind == EntityKind::Workflow)
            names.push_back(e.first());
        diags.report(DiagCode::E2001, h->range(),
                     fmt::format("undefined failure handler '{}'{}", w->str(), didYouMean(*w, names)));
        continue;
      }
      Reference ref;
      ref.kind = Reference::Kind::Entity;
      ref.entity = handler;
      record(h, ref);
      useEntity(handler, h->range());
      if (handler->kind != EntityKind::Task && handler->kind != EntityKind::Workflow) {
        args.bad(h->range(), fmt::format("'{}' is {}; the handler is a task or a workflow", w->str(),
                                         aOrAn(handler->kindName())));
        continue;
      }
      if (handler == entity) {
        args.bad(h->range(), "a workflow cannot be its own failure handler");
        continue;
      }
      auto &handlerInfo = *static_cast<CallableInfo *>(handler);
      resolveCallable(handlerInfo);
      if (!callableEntity)
        continue;
      resolveCallable(*callableEntity);
      // The handler is given the workflow's inputs (LANGUAGE.md §4).
      for (const ParamInfo &p : handlerInfo.inputs) {
        const ParamInfo *own = callableEntity->input(p.name);
        if (!own && p.hasDefault)
          continue;
        if (!own || !isAssignable(own->type, p.type)) {
          auto diag = diags.report(
              DiagCode::E5004, h->range(),
              own ? fmt::format("handler '{}' takes '{}' as {}, but the workflow's '{}' is {}", w->str(),
                                p.name.str(), p.type->str(), p.name.str(), own->type->str())
                  : fmt::format("handler '{}' needs input '{}', which workflow '{}' does not have", w->str(),
                                p.name.str(), callableEntity->name.str()));
          diag.note("the handler is called with the workflow's inputs of the same names");
          noteDeclaredHere(diag, handler);
          break;
        }
      }
    } else if (r == "builtin") {
      if (!args.positional(1))
        continue;
      auto text = plainString(d.args[0].value);
      if (!text || !plugins::findBuiltin(*text)) {
        std::vector<llvm::StringRef> names;
        for (const plugins::BuiltinInfo &b : plugins::allBuiltins())
          names.push_back(b.name);
        args.bad(d.args[0].value->range(),
                 text ? fmt::format("the runtime has no builtin '{}'{}", *text, didYouMean(*text, names))
                      : std::string("names a builtin implementation, such as \"std.read_text\""));
      }
    } else if (r == "deprecated") {
      if (!d.args.empty() && !(d.args.size() == 1 && d.args[0].label.empty() && plainString(d.args[0].value)))
        args.bad(d.range, "takes an optional message string");
    }
  }
}

std::vector<DecoratorUsage> allDecorators() {
  std::vector<DecoratorUsage> all;
  for (const DecoratorRule &r : kRules)
    all.push_back({r.name, r.usage, r.where});
  return all;
}

} // namespace flytec::sema
