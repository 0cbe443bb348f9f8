#include "ir/Verifier.h"

#include "diag/Wording.h"
#include "ir/IrJson.h"
#include "ir/ValueChecks.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/StringSet.h>

#include <fmt/format.h>

namespace flytec::ir {

namespace {

/// Where a problem is, built only when there is one: the verifier runs
/// after every pass on graphs of 100,000 nodes, and formatting a place
/// for every port it looks at cost more than the checks.
struct Where {
  const Where *parent = nullptr;
  llvm::StringRef prefix;
  llvm::StringRef name;
  llvm::StringRef suffix;
  std::string str() const { return (parent ? parent->str() : std::string()) + prefix.str() + name.str() + suffix.str(); }
};

/// The nodes of a graph before the one being checked, by id (the first of
/// an id): a hash map for big graphs, keyed by the ids in place (the graph
/// does not change while it is verified, and a StringMap would allocate an
/// entry per node per run), a scan for small ones, which most nested
/// graphs (a case, a map body) are.
class Earlier {
public:
  explicit Earlier(const Graph &g) : g(g), useMap(g.nodes.size() > kScanUpTo) {
    if (useMap)
      map.reserve(unsigned(g.nodes.size()));
  }
  const Node *lookup(llvm::StringRef id) const {
    if (useMap) {
      auto it = map.find(id);
      return it == map.end() ? nullptr : it->second;
    }
    for (size_t i = 0; i < added; ++i)
      if (g.nodes[i].id == id)
        return &g.nodes[i];
    return nullptr;
  }
  bool count(llvm::StringRef id) const { return lookup(id) != nullptr; }
  /// Adds the next node of the graph; false when an earlier one has its id.
  bool add(const Node &n) {
    if (useMap)
      return map.try_emplace(llvm::StringRef(n.id), &n).second;
    bool fresh = !lookup(n.id);
    ++added;
    return fresh;
  }

private:
  static constexpr size_t kScanUpTo = 8;
  const Graph &g;
  bool useMap;
  llvm::DenseMap<llvm::StringRef, const Node *> map;
  size_t added = 0;
};

class Verifier {
public:
  explicit Verifier(const Package &p) : p(p), types(p.types) {}

  std::vector<std::string> run() {
    for (const auto &[name, r] : p.records)
      for (const Param &f : r.fields)
        param(f, Where{nullptr, "record ", name, ", field '" + f.name + "'"});
    for (const auto &[name, t] : p.tasks)
      task(t);
    for (const auto &[name, w] : p.workflows)
      workflow(w);
    for (const auto &[name, lp] : p.launchPlans)
      launchPlan(lp);
    return std::move(errors);
  }

private:
  template <typename... Args> void error(const Where &where, fmt::format_string<Args...> f, Args &&...args) {
    errors.push_back(where.str() + ": " + fmt::format(f, std::forward<Args>(args)...));
  }

  /// Record and enum types name declarations that exist (memoized: it is
  /// asked for every port).
  bool typeKnown(TypeId t) {
    if (t >= types.size())
      return false;
    if (t >= known.size())
      known.resize(types.size(), -1);
    if (known[t] < 0)
      known[t] = computeTypeKnown(t);
    return known[t];
  }

  bool computeTypeKnown(TypeId t) {
    const TypeData &d = types[t];
    switch (d.kind) {
    case TypeKind::Record:
      return p.records.count(d.name) != 0;
    case TypeKind::Enum:
      return p.enums.count(d.name) != 0;
    case TypeKind::List:
    case TypeKind::Map:
      return typeKnown(d.element);
    case TypeKind::Union:
      return llvm::all_of(d.members, [&](TypeId m) { return typeKnown(m); });
    case TypeKind::Dataframe:
      return llvm::all_of(d.columns, [&](const Column &c) { return typeKnown(c.type); });
    default:
      return true;
    }
  }

  /// Whether a constant has the shape its type asks for.
  bool fits(const Value &v, TypeId t) {
    const TypeData &d = types[t];
    if (!scalarTextFits(d.kind, v))
      return false;
    switch (d.kind) {
    case TypeKind::None:
      return v.is_null();
    case TypeKind::Int:
      return v.is_number_integer();
    case TypeKind::Float:
      return v.is_number();
    case TypeKind::Bool:
      return v.is_boolean();
    case TypeKind::String:
    case TypeKind::Datetime:
    case TypeKind::File:
    case TypeKind::Dir:
    case TypeKind::Dataframe:
      return v.is_string();
    case TypeKind::Duration:
      return v.is_string() && parseDuration(v.get<std::string>()).has_value();
    case TypeKind::Json:
      return true;
    case TypeKind::List:
      return v.is_array() && llvm::all_of(v, [&](const Value &x) { return fits(x, d.element); });
    case TypeKind::Map:
      return v.is_object() && llvm::all_of(v, [&](const Value &x) { return fits(x, d.element); });
    case TypeKind::Union:
      return llvm::any_of(d.members, [&](TypeId m) { return fits(v, m); });
    case TypeKind::Enum: {
      auto it = p.enums.find(d.name);
      return v.is_string() && it != p.enums.end() && llvm::is_contained(it->second.members, v.get<std::string>());
    }
    case TypeKind::Record: {
      auto it = p.records.find(d.name);
      if (!v.is_object() || it == p.records.end())
        return false;
      for (const auto &item : v.items()) {
        const std::string &k = item.key();
        const Value &x = item.value();
        auto f = llvm::find_if(it->second.fields, [&](const Param &f) { return f.name == k; });
        if (f == it->second.fields.end() || !fits(x, f->type))
          return false;
      }
      return true;
    }
    }
    return false;
  }

  void param(const Param &prm, const Where &where) {
    if (!typeKnown(prm.type))
      error(where, "its type names a record or enum the package does not declare");
    else if (prm.defaultValue && !fits(*prm.defaultValue, prm.type))
      error(where, "default {} is not {}", prm.defaultValue->dump(), types.str(prm.type));
  }

  void task(const Task &t) {
    Where where{nullptr, "task ", t.name, ""};
    for (const Param &i : t.inputs)
      param(i, Where{&where, ", input '", i.name, "'"});
    for (const Param &o : t.outputs)
      param(o, Where{&where, ", output '", o.name, "'"});
    if (t.plugin.empty())
      error(where, "no plugin");
    if (t.plugin == "builtin" && t.builtin.empty())
      error(where, "a builtin task names its native implementation");
    if (t.cache)
      for (const std::string &ignored : t.cache->ignore)
        if (llvm::none_of(t.inputs, [&](const Param &i) { return i.name == ignored; }))
          error(where, "cache ignores '{}', which is not an input", ignored);
  }

  void workflow(const Workflow &w) {
    Where where{nullptr, "workflow ", w.name, ""};
    for (const Param &i : w.graph.inputs)
      param(i, Where{&where, ", input '", i.name, "'"});
    graph(w.graph, where);
    if (!w.onFailure.empty() && !p.tasks.count(w.onFailure) && !p.workflows.count(w.onFailure))
      error(where, "the failure handler '{}' is not a task or workflow of the package", w.onFailure);
  }

  void launchPlan(const LaunchPlan &lp) {
    Where where{nullptr, "launch plan ", lp.name, ""};
    auto it = p.workflows.find(lp.workflow);
    if (it == p.workflows.end()) {
      error(where, "launches '{}', which is not a workflow of the package", lp.workflow);
      return;
    }
    for (const auto *values : {&lp.fixed, &lp.defaults})
      for (const auto &entry : *values) {
        const std::string &name = entry.first;
        const Value &v = entry.second;
        auto in = llvm::find_if(it->second.graph.inputs, [&](const Param &i) { return i.name == name; });
        if (in == it->second.graph.inputs.end())
          error(where, "binds '{}', which is not an input of {}", name, lp.workflow);
        else if (!fits(v, in->type))
          error(where, "binds '{}' to {}, which is not {}", name, v.dump(), types.str(in->type));
      }
  }

  /// The type a binding gives, or nothing when it is broken (reported).
  std::optional<TypeId> source(const Binding &b, const Graph &g, const Earlier &earlier,
                               TypeId expected, const Where &where) {
    switch (b.kind) {
    case Binding::Kind::Const:
      if (!fits(b.value, expected))
        error(where, "the constant {} is not {}", b.value.dump(), types.str(expected));
      return std::nullopt;
    case Binding::Kind::Input: {
      auto in = llvm::find_if(g.inputs, [&](const Param &i) { return i.name == b.ref; });
      if (in == g.inputs.end()) {
        error(where, "reads input '{}', which its graph does not have", b.ref);
        return std::nullopt;
      }
      return in->type;
    }
    case Binding::Kind::Node: {
      const Node *n = earlier.lookup(b.ref);
      if (!n) {
        error(where, g.find(b.ref) ? "reads node '{}', which comes later: the nodes are not in topological order "
                                     "(or there is a cycle)"
                                   : "reads node '{}', which its graph does not have",
              b.ref);
        return std::nullopt;
      }
      const Param *o = n->output(b.output);
      if (!o) {
        error(where, "reads output '{}' of node '{}', which has no such output", b.output, b.ref);
        return std::nullopt;
      }
      return o->type;
    }
    }
    return std::nullopt;
  }

  void edge(const Port &port, const Graph &g, const Earlier &earlier, const Where &where) {
    if (!typeKnown(port.type)) {
      error(where, "its type names a record or enum the package does not declare");
      return;
    }
    std::optional<TypeId> from = source(port.binding, g, earlier, port.type, where);
    if (from && !isAssignable(types, *from, port.type))
      error(where, "{} flows into {} input", withArticle(types.str(*from)), withArticle(types.str(port.type)));
  }

  /// Every input of `interface` bound exactly once (those with defaults may
  /// be left out when `defaultsOptional`), each with an assignable type.
  void bindsInterface(const Node &n, const std::vector<Param> &interface, const Where &where,
                      bool defaultsOptional) {
    for (const Port &port : n.inputs) {
      auto in = llvm::find_if(interface, [&](const Param &i) { return i.name == port.name; });
      if (in == interface.end())
        error(where, "binds '{}', which {} has no input of", port.name, n.target);
      else if (!isAssignable(types, port.type, in->type))
        error(where, "input '{}' is {} here but {} in {}", port.name, types.str(port.type), types.str(in->type),
              n.target);
    }
    for (const Param &i : interface)
      if (!n.input(i.name) && !(defaultsOptional && i.defaultValue))
        error(where, "input '{}' of {} is not bound", i.name, n.target);
  }

  /// The node's outputs are the callee's (params of a task, output ports
  /// of a workflow's graph): the same names and types, in order.
  template <typename Slot> void outputsMatch(const Node &n, const std::vector<Slot> &interface, const Where &where) {
    if (n.outputs.size() != interface.size()) {
      error(where, "has {} outputs, {} has {}", n.outputs.size(), n.target, interface.size());
      return;
    }
    for (size_t i = 0; i < interface.size(); ++i)
      if (n.outputs[i].name != interface[i].name || n.outputs[i].type != interface[i].type)
        error(where, "output '{}' does not match {}'s output '{}: {}'", n.outputs[i].name, n.target,
              interface[i].name, types.str(interface[i].type));
  }

  void expr(ExprId id, const Node &n, const Where &where) {
    if (id >= p.exprs.size()) {
      error(where, "expression #{} does not exist", id);
      return;
    }
    const Expr &e = p.exprs[id];
    if (std::string shape = checkExpressionShape(p, e); !shape.empty())
      error(where, "{}", shape);
    if (e.op == ExprOp::Input && !n.input(e.name))
      error(where, "the expression reads '{}', which is not an input of the node", e.name);
    if (e.op == ExprOp::Record && e.names.size() != e.args.size())
      error(where, "a record expression names {} fields for {} values", e.names.size(), e.args.size());
    if (e.op == ExprOp::Const && !fits(e.value, e.type))
      error(where, "the constant {} is not {}", e.value.dump(), types.str(e.type));
    for (ExprId a : e.args)
      expr(a, n, where);
  }

  /// Calls `repeat` on every element whose name an earlier one has. Names
  /// are few (a node's inputs and outputs), so a quadratic scan, which
  /// allocates nothing, beats a set but for long lists.
  template <typename T, typename F> static void forEachRepeat(const std::vector<T> &items, F &&repeat) {
    if (items.size() <= 16) {
      for (size_t i = 1; i < items.size(); ++i)
        for (size_t k = 0; k < i; ++k)
          if (items[k].name == items[i].name) {
            repeat(items[i]);
            break;
          }
      return;
    }
    llvm::StringSet<> seen;
    for (const T &item : items)
      if (!seen.insert(item.name).second)
        repeat(item);
  }

  /// A case graph that ends in std.fail has no value to give.
  bool fails(const Graph &g) {
    return llvm::any_of(g.nodes, [&](const Node &n) {
      auto t = p.tasks.find(n.target);
      return n.kind == NodeKind::Task && t != p.tasks.end() && t->second.builtin == "std.fail";
    });
  }

  void subgraph(const Node &n, const Graph &g, const Where &where, bool isMap) {
    if (g.inputs.size() != n.inputs.size())
      error(where, "its graph takes {} inputs, the node has {}", g.inputs.size(), n.inputs.size());
    for (size_t i = 0; i < g.inputs.size() && i < n.inputs.size(); ++i) {
      const Port &port = n.inputs[i];
      TypeId want = port.type;
      if (isMap && port.name == n.iterate)
        want = types[port.type].kind == TypeKind::List ? types[port.type].element : port.type;
      if (g.inputs[i].name != port.name || g.inputs[i].type != want)
        error(where, "its graph's input '{}: {}' does not match the node's '{}: {}'", g.inputs[i].name,
              types.str(g.inputs[i].type), port.name, types.str(want));
    }
    graph(g, where);
    if (g.outputs.empty() && !n.outputs.empty() && !isMap && fails(g))
      return;
    if (g.outputs.size() != n.outputs.size()) {
      error(where, "its graph gives {} outputs, the node has {}", g.outputs.size(), n.outputs.size());
      return;
    }
    for (size_t i = 0; i < g.outputs.size(); ++i) {
      if (g.outputs[i].name != n.outputs[i].name)
        error(where, "its graph's output '{}' is '{}' on the node", g.outputs[i].name, n.outputs[i].name);
      if (isMap) {
        const TypeData &list = types[n.outputs[i].type];
        if (list.kind != TypeKind::List || list.element != g.outputs[i].type)
          error(where, "output '{}' is {}, not a list of the body's {}", n.outputs[i].name,
                types.str(n.outputs[i].type), types.str(g.outputs[i].type));
      } else if (!isAssignable(types, g.outputs[i].type, n.outputs[i].type)) {
        error(where, "its graph's output '{}' is {}, the node's is {}", g.outputs[i].name,
              types.str(g.outputs[i].type), types.str(n.outputs[i].type));
      }
    }
  }

  void node(const Node &n, const Graph &g, const Earlier &earlier, const Where &graphWhere) {
    Where where{&graphWhere, ", node '", n.id, "'"};
    forEachRepeat(n.inputs, [&](const Port &port) { error(where, "input '{}' is bound twice", port.name); });
    for (const Port &port : n.inputs)
      edge(port, g, earlier, Where{&where, ", input '", port.name, "'"});
    for (const std::string &a : n.after)
      if (!earlier.count(a))
        error(where, g.find(a) ? "runs after node '{}', which comes later (the order is not topological)"
                               : "runs after node '{}', which its graph does not have",
              a);
    forEachRepeat(n.outputs, [&](const Param &o) { error(where, "output '{}' is declared twice", o.name); });
    switch (n.kind) {
    case NodeKind::Task: {
      auto t = p.tasks.find(n.target);
      if (t == p.tasks.end()) {
        error(where, "calls task '{}', which the package does not have", n.target);
        break;
      }
      bindsInterface(n, t->second.inputs, where, /*defaultsOptional=*/false);
      outputsMatch(n, t->second.outputs, where);
      break;
    }
    case NodeKind::Workflow:
    case NodeKind::Dynamic: {
      const Workflow *w = nullptr;
      std::vector<Param> planInterface; // a launch plan's: the workflow's inputs it does not fix
      if (n.launchPlan) {
        auto lp = p.launchPlans.find(n.target);
        if (lp == p.launchPlans.end()) {
          error(where, "launches '{}', which the package does not have", n.target);
          break;
        }
        auto wf = p.workflows.find(lp->second.workflow);
        w = wf == p.workflows.end() ? nullptr : &wf->second;
        if (w)
          for (Param i : w->graph.inputs)
            if (!lp->second.fixed.count(i.name)) {
              if (lp->second.defaults.count(i.name))
                i.defaultValue = lp->second.defaults.at(i.name);
              planInterface.push_back(std::move(i));
            }
      } else {
        auto wf = p.workflows.find(n.target);
        w = wf == p.workflows.end() ? nullptr : &wf->second;
      }
      if (!w) {
        error(where, "calls workflow '{}', which the package does not have", n.target);
        break;
      }
      if (w->dynamic != (n.kind == NodeKind::Dynamic))
        error(where, "a {} node calls {} workflow {}", nodeKindName(n.kind), w->dynamic ? "the dynamic" : "the static",
              w->name);
      bindsInterface(n, n.launchPlan ? planInterface : w->graph.inputs, where, /*defaultsOptional=*/n.launchPlan);
      outputsMatch(n, w->graph.outputs, where);
      break;
    }
    case NodeKind::Gate: {
      const char *required = n.target == "sleep" ? "for" : n.target == "approve" ? "value" : n.target == "signal" ? "name" : nullptr;
      if (!required)
        error(where, "a gate is sleep, approve or signal, not '{}'", n.target);
      else if (!n.input(required))
        error(where, "{} gate needs its '{}' input", withArticle(n.target), required);
      if (n.target == "sleep" && !n.outputs.empty())
        error(where, "a sleep gate has no outputs");
      if (n.target != "sleep" && (n.outputs.size() != 1 || n.outputs[0].name != "value"))
        error(where, "{} gate has one output, 'value'", withArticle(n.target));
      break;
    }
    case NodeKind::Expression:
      if (n.expr == kNoExpr) {
        error(where, "an expression node without an expression");
        break;
      }
      expr(n.expr, n, where);
      if (n.outputs.size() != 1 || (n.expr < p.exprs.size() && n.outputs[0].type != p.exprs[n.expr].type))
        error(where, "an expression node has one output, of its expression's type");
      break;
    case NodeKind::Branch: {
      if (n.bodies.size() != n.conditions.size() && n.bodies.size() != n.conditions.size() + 1) {
        error(where, "{} conditions for {} cases", n.conditions.size(), n.bodies.size());
        break;
      }
      for (ExprId c : n.conditions) {
        expr(c, n, where);
        if (c < p.exprs.size() && types[p.exprs[c].type].kind != TypeKind::Bool)
          error(where, "a condition is {}, not bool", types.str(p.exprs[c].type));
      }
      for (size_t i = 0; i < n.bodies.size(); ++i)
        subgraph(n, n.bodies[i], Where{&where, ", case ", std::to_string(i + 1), ""}, /*isMap=*/false);
      break;
    }
    case NodeKind::Map: {
      const Port *items = n.input(n.iterate);
      if (!items || types[items->type].kind != TypeKind::List)
        error(where, "iterates over '{}', which is not a list input of the node", n.iterate);
      if (n.bodies.size() != 1) {
        error(where, "a map node has one body, not {}", n.bodies.size());
        break;
      }
      subgraph(n, n.bodies.front(), Where{&where, ", body", "", ""}, /*isMap=*/true);
      break;
    }
    }
  }

  void graph(const Graph &g, const Where &where) {
    Earlier earlier(g);
    for (const Node &n : g.nodes) {
      if (n.id.empty())
        error(where, "a node without an id");
      node(n, g, earlier, where);
      if (!earlier.add(n))
        error(where, "two nodes are called '{}'", n.id);
    }
    forEachRepeat(g.outputs, [&](const Port &o) { error(where, "output '{}' is bound twice", o.name); });
    for (const Port &o : g.outputs)
      edge(o, g, earlier, Where{&where, ", output '", o.name, "'"});
  }

  const Package &p;
  const TypeTable &types;
  std::vector<std::string> errors;
  std::vector<int8_t> known;
};

} // namespace

std::vector<std::string> verify(const Package &package) { return Verifier(package).run(); }

} // namespace flytec::ir
