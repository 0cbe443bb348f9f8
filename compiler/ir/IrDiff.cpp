// The semantic diff (IrDiff.h). One walk over both packages: entity maps
// are merged by name (both are sorted), lists with names (parameters,
// ports, nodes) are matched by name, and everything else is compared
// field by field. Values are compared as the text they print as
// (ExprText.h), typed by where they appear, so `60s` and `1m` are one
// duration and never a difference, and a line never shows two equal sides.
//
// Nested graphs are compared recursively under a path (`verdict/case 1/`,
// `totals/`). Their inputs are not compared: they mirror their node's
// inputs, whose changes are already reported.
#include "ir/IrDiff.h"

#include "ir/ExprText.h"
#include "ir/IrJson.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/ADT/StringMap.h>
#include <llvm/ADT/StringSet.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>

#include <fmt/format.h>

namespace flytec::ir {

namespace {

/// Code points of one side shown in a line, unless cutting would hide
/// where the sides differ.
constexpr size_t kShown = 80;

const char *const kNone = "(none)";

std::string json(const Value &v) { return v.dump(-1, ' ', false, Value::error_handler_t::replace); }

std::string quoted(const std::string &s) { return json(Value(s)); }

std::string orNone(const std::string &s) { return s.empty() ? kNone : s; }

std::string boolText(bool b) { return b ? "true" : "false"; }

/// `256Mi` for whole binary units, else the bytes.
std::string memoryText(int64_t bytes) {
  static const std::pair<int64_t, const char *> units[] = {
      {int64_t(1) << 40, "Ti"}, {int64_t(1) << 30, "Gi"}, {int64_t(1) << 20, "Mi"}, {int64_t(1) << 10, "Ki"}};
  for (const auto &[size, unit] : units)
    if (bytes != 0 && bytes % size == 0)
      return fmt::format("{}{}", bytes / size, unit);
  return std::to_string(bytes);
}

std::string numberText(double x) { return json(Value(x)); }

template <class T, class F> std::string optText(const std::optional<T> &v, F text) {
  return v ? text(*v) : std::string(kNone);
}

/// What a node runs, for the line that adds or removes it.
std::string describe(const Node &n) {
  switch (n.kind) {
  case NodeKind::Task:
    return "task " + n.target;
  case NodeKind::Workflow:
    return (n.launchPlan ? "launch plan " : "workflow ") + n.target;
  case NodeKind::Dynamic:
    return "dynamic " + n.target;
  case NodeKind::Gate:
    return "gate " + n.target;
  case NodeKind::Expression:
    return "expression";
  case NodeKind::Branch:
    return "branch";
  case NodeKind::Map:
    return "map over " + n.iterate;
  }
  return "?";
}

std::string scriptText(const std::vector<ScriptPart> &parts) {
  std::string out;
  for (const ScriptPart &p : parts) {
    if (p.placeholder) {
      out += "{{" + p.text + "}}";
      continue;
    }
    // Literal braces written as the language escapes them, so a literal
    // `{{x}}` and a placeholder never print alike.
    for (size_t i = 0; i < p.text.size(); ++i)
      out += p.text.compare(i, 2, "{{") == 0 ? "\\{" : std::string(1, p.text[i]);
  }
  return out;
}

/// How nested graphs are named in lines: the prefix of their nodes' paths
/// and the subject of their outputs.
struct GraphPath {
  std::string nodes;   // "" at the top, "verdict/case 1/", "totals/"
  std::string outputs; // "" at the top, "node 'verdict/case 1' ", "node 'totals' body "
};

class Differ {
public:
  Differ(const Package &a, const Package &b) : a_(a), b_(b) {}

  std::vector<IrDifference> run() {
    changed("package", "root", a_.root, b_.root);
    section(a_.records, b_.records, "record", &Differ::diffRecord);
    section(a_.enums, b_.enums, "enum", &Differ::diffEnum);
    section(a_.tasks, b_.tasks, "task", &Differ::diffTask);
    section(a_.workflows, b_.workflows, "workflow", &Differ::diffWorkflow);
    section(a_.launchPlans, b_.launchPlans, "launch plan", &Differ::diffLaunchPlan);
    return std::move(out_);
  }

private:
  using Entity = const std::string &;

  // ------------------------------------------------------------ recording

  void added(Entity entity, std::string subject, std::string detail = "") {
    out_.push_back({IrDifference::Change::Added, entity, std::move(subject), "", std::move(detail)});
  }
  void removed(Entity entity, std::string subject, std::string detail = "") {
    out_.push_back({IrDifference::Change::Removed, entity, std::move(subject), std::move(detail), ""});
  }
  void changed(Entity entity, std::string subject, const std::string &before, const std::string &after) {
    if (before == after)
      return;
    std::string x = shorten(before, kShown), y = shorten(after, kShown);
    if (x == y) {
      x = before;
      y = after;
    }
    out_.push_back({IrDifference::Change::Changed, entity, std::move(subject), std::move(x), std::move(y)});
  }

  /// Two entity maps merged by name: removed, added, or compared.
  template <class T>
  void section(const std::map<std::string, T> &xs, const std::map<std::string, T> &ys, const char *kind,
               void (Differ::*compare)(Entity, const T &, const T &)) {
    auto i = xs.begin(), j = ys.begin();
    while (i != xs.end() || j != ys.end()) {
      if (j == ys.end() || (i != xs.end() && i->first < j->first)) {
        removed(std::string(kind) + " " + i->first, "");
        ++i;
      } else if (i == xs.end() || j->first < i->first) {
        added(std::string(kind) + " " + j->first, "");
        ++j;
      } else {
        (this->*compare)(std::string(kind) + " " + i->first, i->second, j->second);
        ++i;
        ++j;
      }
    }
  }

  // ------------------------------------------------------------ entities

  void diffRecord(Entity entity, const RecordDef &x, const RecordDef &y) {
    diffParams(entity, "", "field", x.fields, y.fields);
  }

  void diffEnum(Entity entity, const EnumDef &x, const EnumDef &y) {
    llvm::StringSet<> inX, inY;
    for (const std::string &m : x.members)
      inX.insert(m);
    for (const std::string &m : y.members)
      inY.insert(m);
    for (const std::string &m : x.members)
      if (!inY.count(m))
        removed(entity, "member '" + m + "'");
    for (const std::string &m : y.members)
      if (!inX.count(m))
        added(entity, "member '" + m + "'");
    std::vector<std::string> orderX, orderY;
    for (const std::string &m : x.members)
      if (inY.count(m))
        orderX.push_back(m);
    for (const std::string &m : y.members)
      if (inX.count(m))
        orderY.push_back(m);
    changed(entity, "members order", llvm::join(orderX, ", "), llvm::join(orderY, ", "));
  }

  void diffTask(Entity entity, const Task &x, const Task &y) {
    diffParams(entity, "", "input", x.inputs, y.inputs);
    diffParams(entity, "", "output", x.outputs, y.outputs);
    changed(entity, "plugin", x.plugin, y.plugin);
    changed(entity, "builtin", orNone(x.builtin), orNone(y.builtin));
    diffConfig(entity, x.config, y.config);
    diffScript(entity, x.script, y.script);
    diffSettings(entity, "settings ", x.settings, y.settings);
    diffCache(entity, x.cache, y.cache);
    changed(entity, "pool", orNone(x.pool), orNone(y.pool));
  }

  void diffWorkflow(Entity entity, const Workflow &x, const Workflow &y) {
    changed(entity, "dynamic", boolText(x.dynamic), boolText(y.dynamic));
    changed(entity, "failure policy", x.continueOnFailure ? "continue" : "fail_fast",
            y.continueOnFailure ? "continue" : "fail_fast");
    changed(entity, "on failure", orNone(x.onFailure), orNone(y.onFailure));
    diffParams(entity, "", "input", x.graph.inputs, y.graph.inputs);
    diffGraph(entity, x.graph, y.graph, GraphPath{});
  }

  void diffLaunchPlan(Entity entity, const LaunchPlan &x, const LaunchPlan &y) {
    changed(entity, "workflow", x.workflow, y.workflow);
    diffValues(entity, "fixed", x, x.fixed, y, y.fixed);
    diffValues(entity, "default", x, x.defaults, y, y.defaults);
    auto scheduleText = [](const Schedule &s) {
      std::vector<std::string> parts;
      if (!s.cron.empty())
        parts.push_back("cron " + quoted(s.cron));
      if (s.everyMs)
        parts.push_back("every " + durationText(*s.everyMs));
      if (!s.kickoffInput.empty())
        parts.push_back("kickoff input " + s.kickoffInput);
      return "(" + llvm::join(parts, ", ") + ")";
    };
    if (!x.schedule && y.schedule) {
      added(entity, "schedule", scheduleText(*y.schedule));
    } else if (x.schedule && !y.schedule) {
      removed(entity, "schedule", scheduleText(*x.schedule));
    } else if (x.schedule && y.schedule) {
      changed(entity, "schedule cron", x.schedule->cron.empty() ? kNone : quoted(x.schedule->cron),
              y.schedule->cron.empty() ? kNone : quoted(y.schedule->cron));
      changed(entity, "schedule every", optText(x.schedule->everyMs, durationText),
              optText(y.schedule->everyMs, durationText));
      changed(entity, "schedule kickoff input", orNone(x.schedule->kickoffInput), orNone(y.schedule->kickoffInput));
    }
    changed(entity, "notify", json(x.notify), json(y.notify));
  }

  // ------------------------------------------------------------ parts

  /// Named parameters (fields, inputs, outputs): added, removed, retyped,
  /// new defaults, and a new order of the ones kept.
  void diffParams(Entity entity, const std::string &prefix, const std::string &what, const std::vector<Param> &xs,
                  const std::vector<Param> &ys) {
    auto index = [](const std::vector<Param> &ps) {
      llvm::StringMap<const Param *> m;
      for (const Param &p : ps)
        m[p.name] = &p;
      return m;
    };
    llvm::StringMap<const Param *> inX = index(xs), inY = index(ys);
    auto text = [&](const Package &pkg, const Param &p) {
      std::string t = pkg.types.str(p.type);
      if (p.defaultValue)
        t += " = " + valueText(pkg, p.type, *p.defaultValue);
      return "(" + shorten(t, kShown) + ")";
    };
    for (const Param &p : xs)
      if (!inY.count(p.name))
        removed(entity, prefix + what + " '" + p.name + "'", text(a_, p));
    for (const Param &p : ys)
      if (!inX.count(p.name))
        added(entity, prefix + what + " '" + p.name + "'", text(b_, p));
    std::vector<std::string> orderX, orderY;
    for (const Param &q : ys) {
      auto it = inX.find(q.name);
      if (it == inX.end())
        continue;
      const Param &p = *it->second;
      std::string subject = prefix + what + " '" + q.name + "'";
      changed(entity, subject + " type", a_.types.str(p.type), b_.types.str(q.type));
      changed(entity, subject + " default", p.defaultValue ? valueText(a_, p.type, *p.defaultValue) : kNone,
              q.defaultValue ? valueText(b_, q.type, *q.defaultValue) : kNone);
      orderY.push_back(q.name);
    }
    for (const Param &p : xs)
      if (inY.count(p.name))
        orderX.push_back(p.name);
    changed(entity, prefix + what + "s order", llvm::join(orderX, ", "), llvm::join(orderY, ", "));
  }

  void diffSettings(Entity entity, const std::string &prefix, const Settings &x, const Settings &y) {
    auto integer = [](int64_t v) { return std::to_string(v); };
    changed(entity, prefix + "retries", optText(x.retries, integer), optText(y.retries, integer));
    changed(entity, prefix + "timeout", optText(x.timeoutMs, durationText), optText(y.timeoutMs, durationText));
    diffResources(entity, prefix + "requests", x.requests, y.requests);
    diffResources(entity, prefix + "limits", x.limits, y.limits);
    changed(entity, prefix + "interruptible", optText(x.interruptible, boolText), optText(y.interruptible, boolText));
    changed(entity, prefix + "concurrency", optText(x.concurrency, integer), optText(y.concurrency, integer));
    changed(entity, prefix + "min success ratio", optText(x.minSuccessRatio, numberText),
            optText(y.minSuccessRatio, numberText));
  }

  void diffResources(Entity entity, const std::string &prefix, const std::optional<Resources> &x,
                     const std::optional<Resources> &y) {
    Resources none, rx = x.value_or(none), ry = y.value_or(none);
    auto integer = [](int64_t v) { return std::to_string(v); };
    changed(entity, prefix + " cpu", optText(rx.cpu, numberText), optText(ry.cpu, numberText));
    changed(entity, prefix + " memory", optText(rx.memory, memoryText), optText(ry.memory, memoryText));
    changed(entity, prefix + " gpu", optText(rx.gpu, integer), optText(ry.gpu, integer));
  }

  void diffCache(Entity entity, const std::optional<CacheSettings> &x, const std::optional<CacheSettings> &y) {
    if (!x && y) {
      added(entity, "cache", "(version " + quoted(y->version) + ")");
    } else if (x && !y) {
      removed(entity, "cache", "(version " + quoted(x->version) + ")");
    } else if (x && y) {
      changed(entity, "cache version", quoted(x->version), quoted(y->version));
      changed(entity, "cache serialize", boolText(x->serialize), boolText(y->serialize));
      changed(entity, "cache ignore", "[" + llvm::join(x->ignore, ", ") + "]", "[" + llvm::join(y->ignore, ", ") + "]");
    }
  }

  /// Plugin configs key by key when both are objects (they always are in
  /// IR flytec writes), else whole.
  void diffConfig(Entity entity, const Value &x, const Value &y) {
    if (!x.is_object() || !y.is_object()) {
      changed(entity, "config", json(x), json(y));
      return;
    }
    for (auto it = x.begin(); it != x.end(); ++it)
      if (!y.contains(it.key()))
        removed(entity, "config '" + it.key() + "'", "(" + shorten(json(it.value()), kShown) + ")");
    for (auto it = y.begin(); it != y.end(); ++it) {
      auto old = x.find(it.key());
      if (old == x.end())
        added(entity, "config '" + it.key() + "'", "(" + shorten(json(it.value()), kShown) + ")");
      else
        changed(entity, "config '" + it.key() + "'", json(*old), json(it.value()));
    }
  }

  /// Scripts line by line: the lines between the common beginning and the
  /// common end changed. A one-line change shows both lines.
  void diffScript(Entity entity, const std::optional<std::vector<ScriptPart>> &x,
                  const std::optional<std::vector<ScriptPart>> &y) {
    if (!x && y) {
      added(entity, "script");
      return;
    }
    if (x && !y) {
      removed(entity, "script");
      return;
    }
    if (!x)
      return;
    std::string tx = scriptText(*x), ty = scriptText(*y);
    if (tx == ty)
      return;
    llvm::SmallVector<llvm::StringRef, 16> lx, ly;
    llvm::StringRef(tx).split(lx, '\n');
    llvm::StringRef(ty).split(ly, '\n');
    size_t head = 0;
    while (head < lx.size() && head < ly.size() && lx[head] == ly[head])
      ++head;
    size_t tail = 0;
    while (tail < lx.size() - head && tail < ly.size() - head && lx[lx.size() - 1 - tail] == ly[ly.size() - 1 - tail])
      ++tail;
    size_t nx = lx.size() - head - tail, ny = ly.size() - head - tail;
    if (nx == 1 && ny == 1) {
      changed(entity, fmt::format("script line {}", head + 1), quoted(lx[head].str()), quoted(ly[head].str()));
      return;
    }
    auto range = [&](size_t n) {
      if (n == 0)
        return fmt::format("no lines (after line {})", head);
      std::string lines = n == 1 ? fmt::format("line {}", head + 1) : fmt::format("lines {}-{}", head + 1, head + n);
      return lines;
    };
    changed(entity, "script", range(nx), range(ny));
  }

  /// Launch-plan values by input name, each read at the input's type in
  /// its own package's workflow (JSON when the workflow is not there).
  void diffValues(Entity entity, const std::string &what, const LaunchPlan &px,
                  const std::map<std::string, Value> &xs, const LaunchPlan &py,
                  const std::map<std::string, Value> &ys) {
    auto text = [](const Package &pkg, const LaunchPlan &lp, const std::string &input, const Value &v) {
      auto wf = pkg.workflows.find(lp.workflow);
      if (wf != pkg.workflows.end())
        for (const Param &p : wf->second.graph.inputs)
          if (p.name == input)
            return valueText(pkg, p.type, v);
      return json(v);
    };
    for (const auto &[name, v] : xs)
      if (!ys.count(name))
        removed(entity, what + " '" + name + "'", "(" + shorten(text(a_, px, name, v), kShown) + ")");
    for (const auto &[name, v] : ys) {
      auto old = xs.find(name);
      if (old == xs.end())
        added(entity, what + " '" + name + "'", "(" + shorten(text(b_, py, name, v), kShown) + ")");
      else
        changed(entity, what + " '" + name + "'", text(a_, px, name, old->second), text(b_, py, name, v));
    }
  }

  // ------------------------------------------------------------ graphs

  std::string bindingText(const Package &pkg, const Binding &b, TypeId type) {
    switch (b.kind) {
    case Binding::Kind::Input:
      return "from input '" + b.ref + "'";
    case Binding::Kind::Node:
      return "from node '" + b.ref + "'." + b.output;
    case Binding::Kind::Const:
      return "constant " + valueText(pkg, type, b.value);
    }
    return "?";
  }

  /// Node inputs or graph outputs, by name: added, removed, retyped,
  /// rebound (an edge moved); the order only where it is an interface.
  void diffPorts(Entity entity, const std::string &prefix, const std::string &what, const std::vector<Port> &xs,
                 const std::vector<Port> &ys, bool ordered) {
    auto index = [](const std::vector<Port> &ps) {
      llvm::StringMap<const Port *> m;
      for (const Port &p : ps)
        m[p.name] = &p;
      return m;
    };
    llvm::StringMap<const Port *> inX = index(xs), inY = index(ys);
    for (const Port &p : xs)
      if (!inY.count(p.name))
        removed(entity, prefix + what + " '" + p.name + "'",
                "(" + shorten(bindingText(a_, p.binding, p.type), kShown) + ")");
    for (const Port &p : ys)
      if (!inX.count(p.name))
        added(entity, prefix + what + " '" + p.name + "'",
              "(" + shorten(bindingText(b_, p.binding, p.type), kShown) + ")");
    std::vector<std::string> orderX, orderY;
    for (const Port &q : ys) {
      auto it = inX.find(q.name);
      if (it == inX.end())
        continue;
      const Port &p = *it->second;
      std::string subject = prefix + what + " '" + q.name + "'";
      changed(entity, subject + " type", a_.types.str(p.type), b_.types.str(q.type));
      changed(entity, subject, bindingText(a_, p.binding, p.type), bindingText(b_, q.binding, q.type));
      orderY.push_back(q.name);
    }
    if (!ordered)
      return;
    for (const Port &p : xs)
      if (inY.count(p.name))
        orderX.push_back(p.name);
    changed(entity, prefix + what + "s order", llvm::join(orderX, ", "), llvm::join(orderY, ", "));
  }

  void diffGraph(Entity entity, const Graph &x, const Graph &y, const GraphPath &path) {
    llvm::StringMap<const Node *> inX, inY;
    for (const Node &n : x.nodes)
      inX[n.id] = &n;
    for (const Node &n : y.nodes)
      inY[n.id] = &n;
    for (const Node &n : x.nodes)
      if (!inY.count(n.id))
        removed(entity, "node '" + path.nodes + n.id + "'", "(" + describe(n) + ")");
    for (const Node &n : y.nodes)
      if (!inX.count(n.id))
        added(entity, "node '" + path.nodes + n.id + "'", "(" + describe(n) + ")");
    for (const Node &n : y.nodes)
      if (auto it = inX.find(n.id); it != inX.end())
        diffNode(entity, *it->second, n, path.nodes + n.id);
    diffPorts(entity, path.outputs, "output", x.outputs, y.outputs, path.nodes.empty());
  }

  void diffNode(Entity entity, const Node &x, const Node &y, const std::string &path) {
    std::string node = "node '" + path + "'";
    changed(entity, node + " kind", nodeKindName(x.kind).str(), nodeKindName(y.kind).str());
    changed(entity, node + " target", (x.launchPlan ? "launch plan " : "") + orNone(x.target),
            (y.launchPlan ? "launch plan " : "") + orNone(y.target));
    diffPorts(entity, node + " ", "input", x.inputs, y.inputs, false);
    diffParams(entity, node + " ", "output", x.outputs, y.outputs);
    diffAfter(entity, node, x.after, y.after);
    diffSettings(entity, node + " settings ", x.settings, y.settings);
    if (x.kind != y.kind) {
      // What follows belongs to one kind; the kind line says enough, but
      // for a new expression what it computes.
      if (y.kind == NodeKind::Expression)
        diffExpr(entity, node + " expression", kNoExpr, y.expr);
      return;
    }
    switch (x.kind) {
    case NodeKind::Expression:
      diffExpr(entity, node + " expression", x.expr, y.expr);
      break;
    case NodeKind::Branch:
      diffCases(entity, node, path, x, y);
      break;
    case NodeKind::Map:
      changed(entity, node + " iterates", x.iterate, y.iterate);
      if (!x.bodies.empty() && !y.bodies.empty())
        diffGraph(entity, x.bodies.front(), y.bodies.front(), GraphPath{path + "/", node + " body "});
      break;
    case NodeKind::Task:
    case NodeKind::Workflow:
    case NodeKind::Dynamic:
    case NodeKind::Gate:
      break;
    }
  }

  void diffAfter(Entity entity, const std::string &node, const std::vector<std::string> &x,
                 const std::vector<std::string> &y) {
    llvm::StringSet<> inX, inY;
    for (const std::string &w : x)
      inX.insert(w);
    for (const std::string &w : y)
      inY.insert(w);
    for (const std::string &w : x)
      if (!inY.count(w))
        removed(entity, node + " after '" + w + "'");
    for (const std::string &w : y)
      if (!inX.count(w))
        added(entity, node + " after '" + w + "'");
  }

  /// Expressions compared by their JSON form; shown as source text, or as
  /// JSON when the texts agree (a change of type only).
  void diffExpr(Entity entity, const std::string &subject, ExprId x, ExprId y) {
    std::string jx = x == kNoExpr ? "" : json(exprToJson(a_, x));
    std::string jy = y == kNoExpr ? "" : json(exprToJson(b_, y));
    if (jx == jy)
      return;
    std::string tx = x == kNoExpr ? kNone : exprText(a_, x);
    std::string ty = y == kNoExpr ? kNone : exprText(b_, y);
    if (tx == ty)
      changed(entity, subject, orNone(jx), orNone(jy));
    else
      changed(entity, subject, tx, ty);
  }

  /// A branch's cases by position: conditions, cases added or removed at
  /// the end, the else, and the graphs of the cases both have.
  void diffCases(Entity entity, const std::string &node, const std::string &path, const Node &x, const Node &y) {
    size_t cx = x.conditions.size(), cy = y.conditions.size();
    for (size_t i = 0; i < std::max(cx, cy); ++i) {
      std::string name = fmt::format("case {}", i + 1);
      if (i >= cx)
        added(entity, node + " " + name, "(when " + shorten(exprText(b_, y.conditions[i]), kShown) + ")");
      else if (i >= cy)
        removed(entity, node + " " + name, "(when " + shorten(exprText(a_, x.conditions[i]), kShown) + ")");
      else
        diffExpr(entity, node + " " + name + " condition", x.conditions[i], y.conditions[i]);
    }
    for (size_t i = 0; i < std::min(cx, cy); ++i) {
      if (i >= x.bodies.size() || i >= y.bodies.size())
        break;
      std::string nested = fmt::format("{}/case {}", path, i + 1);
      diffGraph(entity, x.bodies[i], y.bodies[i], GraphPath{nested + "/", "node '" + nested + "' "});
    }
    bool elseX = x.bodies.size() > cx, elseY = y.bodies.size() > cy;
    if (elseX && !elseY)
      removed(entity, node + " else");
    else if (!elseX && elseY)
      added(entity, node + " else");
    else if (elseX && elseY)
      diffGraph(entity, x.bodies[cx], y.bodies[cy], GraphPath{path + "/else/", "node '" + path + "/else' "});
  }

  static std::string durationText(int64_t ms) {
    // As the language writes durations (`5m`), through the value printer.
    static const Package empty;
    return valueText(empty, TypeId(TypeKind::Duration), Value(durationString(ms)));
  }

  const Package &a_, &b_;
  std::vector<IrDifference> out_;
};

} // namespace

std::string IrDifference::str() const {
  switch (change) {
  case Change::Added:
  case Change::Removed: {
    char sign = change == Change::Added ? '+' : '-';
    const std::string &detail = change == Change::Added ? after : before;
    std::string line = subject.empty() ? std::string(1, sign) + " " + entity
                                       : "~ " + entity + ": " + sign + " " + subject;
    return detail.empty() ? line : line + " " + detail;
  }
  case Change::Changed:
    return "~ " + entity + (subject.empty() ? "" : ": " + subject) + ": " + before + " → " + after;
  }
  return "";
}

std::vector<IrDifference> diffPackages(const Package &a, const Package &b) { return Differ(a, b).run(); }

void printDifferences(llvm::ArrayRef<IrDifference> differences, llvm::raw_ostream &os) {
  for (const IrDifference &d : differences)
    os << d.str() << "\n";
}

DiffOutcome diffIrFiles(llvm::StringRef pathA, llvm::StringRef pathB, llvm::raw_ostream &out, std::string &error) {
  Package packages[2];
  llvm::StringRef paths[2] = {pathA, pathB};
  for (int i = 0; i < 2; ++i) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> text = llvm::MemoryBuffer::getFileOrSTDIN(paths[i]);
    if (!text) {
      error = (paths[i] + ": cannot read the file: " + text.getError().message()).str();
      return DiffOutcome::Unreadable;
    }
    std::string problem;
    if (!readIr((*text)->getBuffer(), packages[i], problem)) {
      error = (paths[i] + ": not a flytec IR file: " + problem).str();
      return DiffOutcome::Unreadable;
    }
  }
  std::vector<IrDifference> differences = diffPackages(packages[0], packages[1]);
  printDifferences(differences, out);
  return differences.empty() ? DiffOutcome::Equal : DiffOutcome::Different;
}

} // namespace flytec::ir
