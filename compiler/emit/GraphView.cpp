// Building the view (GraphView.h) from the IR: one walk over each graph in
// its topological order, giving every IR node its diagram ids (where edges
// into it arrive and where edges out of it leave: the same node for a plain
// node, the entry and the join for a branch or map) before any later node
// binds to it.
#include "emit/GraphView.h"

#include "ir/ExprText.h"

#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/ADT/StringMap.h>
#include <llvm/ADT/StringSet.h>

#include <algorithm>
#include <functional>
#include <memory>

namespace flytec::emit {

namespace {

// Labels stay readable in a box; the full text is in the IR.
constexpr size_t kExprLabelLimit = 48;
constexpr size_t kConditionLimit = 80;
constexpr size_t kValueLimit = 32;

llvm::StringRef shortName(llvm::StringRef qualified) {
  size_t dot = qualified.rfind('.');
  return dot == llvm::StringRef::npos ? qualified : qualified.substr(dot + 1);
}

/// A node's diagram ids: edges into it end at `in`, edges from it start at `out`.
struct Ends {
  std::string in, out;
};

/// One graph being drawn: where the edges of its inputs start, how the
/// source names its inputs, and the ends of its nodes drawn so far.
struct Scope {
  const ir::Graph &graph;
  std::function<std::string(const std::string &)> inputEnd;
  std::function<std::string(const std::string &)> inputName;
  llvm::StringMap<Ends> ends;
};

class Builder {
public:
  Builder(const ir::Package &pkg, GraphView &view) : pkg_(pkg), view_(view) {}

  void addWorkflow(const ir::Workflow &wf) {
    std::string base = sanitize(shortName(wf.name));
    ViewCluster cluster;
    cluster.id = unique(base + "_workflow");
    cluster.kind = wf.dynamic ? ClusterKind::DynamicWorkflow : ClusterKind::Workflow;
    cluster.lines = {(wf.dynamic ? "dynamic workflow " : "workflow ") + wf.name};
    if (wf.dynamic)
      cluster.lines.push_back("graph expanded at run time");

    llvm::StringMap<std::string> sources;
    for (const ir::Param &in : wf.graph.inputs) {
      std::string label = in.name + ": " + pkg_.types.str(in.type);
      if (in.defaultValue)
        label += " = " + ir::shorten(ir::valueText(pkg_, in.type, *in.defaultValue), kValueLimit);
      std::string id = unique(base + "_in_" + sanitize(in.name));
      cluster.nodes.push_back({id, {label}, Shape::Input});
      sources[in.name] = id;
    }
    Scope scope{wf.graph,
                [&](const std::string &name) {
                  auto it = sources.find(name);
                  return it == sources.end() ? std::string() : it->second;
                },
                [](const std::string &name) { return name; },
                {}};
    addNodes(scope, base + "_", cluster);

    for (const ir::Port &out : wf.graph.outputs) {
      std::string label = out.name + ": " + pkg_.types.str(out.type);
      if (out.binding.kind == ir::Binding::Kind::Const)
        label += " = " + ir::shorten(ir::valueText(pkg_, out.type, out.binding.value), kValueLimit);
      std::string id = unique(base + "_out_" + sanitize(out.name));
      cluster.nodes.push_back({id, {label}, Shape::Output});
      dataEdge(scope, out.binding, out.name, id);
    }
    view_.workflows.push_back(std::move(cluster));
  }

private:
  /// Every node of the scope's graph into `cluster` (nested clusters for
  /// branches and maps), with the edges of their inputs.
  void addNodes(Scope &scope, const std::string &prefix, ViewCluster &cluster) {
    for (const ir::Node &n : scope.graph.nodes) {
      std::string base = prefix + sanitize(n.id);
      size_t nested = view_.edges.size();
      Ends e = n.kind == ir::NodeKind::Branch || n.kind == ir::NodeKind::Map ? addStructured(scope, n, base, cluster)
                                                                             : addPlain(scope, n, base, cluster);
      size_t incoming = view_.edges.size();
      for (const ir::Port &p : n.inputs)
        dataEdge(scope, p.binding, p.name, e.in);
      for (const std::string &waited : n.after)
        if (auto it = scope.ends.find(waited); it != scope.ends.end())
          view_.edges.push_back({it->second.out, e.in, "", EdgeKind::Control});
      // Edges read in the order values flow: into a branch or map before
      // the edges inside it.
      std::rotate(view_.edges.begin() + nested, view_.edges.begin() + incoming, view_.edges.end());
      scope.ends[n.id] = std::move(e);
    }
  }

  Ends addPlain(const Scope &scope, const ir::Node &n, const std::string &base, ViewCluster &cluster) {
    ViewNode v;
    v.id = unique(base);
    v.lines.push_back(n.id);
    switch (n.kind) {
    case ir::NodeKind::Task:
      v.shape = Shape::Task;
      v.lines.push_back("(task " + n.target + ")");
      break;
    case ir::NodeKind::Workflow:
      v.shape = Shape::Workflow;
      v.lines.push_back((n.launchPlan ? "(launch plan " : "(workflow ") + n.target + ")");
      break;
    case ir::NodeKind::Dynamic:
      v.shape = Shape::Dynamic;
      v.lines.push_back("(dynamic " + n.target + ")");
      v.lines.push_back("dynamic: expanded at run time");
      break;
    case ir::NodeKind::Gate:
      v.shape = Shape::Gate;
      v.lines.push_back("(gate " + n.target + ")");
      break;
    case ir::NodeKind::Expression:
      v.shape = Shape::Expression;
      v.lines.push_back("(expression)");
      if (n.expr != ir::kNoExpr)
        v.lines.push_back(ir::shorten(text(scope, n, n.expr), kExprLabelLimit));
      break;
    case ir::NodeKind::Branch:
    case ir::NodeKind::Map:
      break; // drawn by addStructured
    }
    std::string id = v.id;
    cluster.nodes.push_back(std::move(v));
    return {id, id};
  }

  /// A branch or map: its cluster with the entry, the nested graphs and the join.
  Ends addStructured(const Scope &scope, const ir::Node &n, const std::string &base, ViewCluster &parent) {
    bool isMap = n.kind == ir::NodeKind::Map;
    ViewCluster cluster;
    cluster.id = unique(base + "_cluster");
    cluster.kind = isMap ? ClusterKind::Map : ClusterKind::Branch;
    Ends e{unique(base), unique(base + "_end")};
    cluster.nodes.push_back({e.in, {n.id, isMap ? "(map)" : "(branch)"}, isMap ? Shape::MapEntry : Shape::BranchEntry});

    // A nested graph's inputs are this node's inputs: their edges start at
    // the entry, and they read as whatever feeds the node.
    // A map's body gets one element under the iterated input's own name.
    auto names = std::make_shared<llvm::StringMap<std::string>>();
    for (const ir::Port &p : n.inputs)
      (*names)[p.name] = isMap && p.name == n.iterate ? p.name : sourceText(scope, p.binding, p.type);
    auto nestedScope = [&, names](const ir::Graph &g) {
      return Scope{g, [entry = e.in](const std::string &) { return entry; },
                   [names](const std::string &name) {
                     auto it = names->find(name);
                     return it == names->end() ? name : it->second;
                   },
                   {}};
    };

    if (isMap) {
      const ir::Port *list = n.input(n.iterate);
      cluster.lines.push_back(n.id + ": for " + n.iterate + " in " +
                              (list ? sourceText(scope, list->binding, list->type) : "?"));
      if (n.settings.concurrency)
        cluster.lines.push_back("concurrency " + std::to_string(*n.settings.concurrency));
      if (n.settings.minSuccessRatio)
        cluster.lines.push_back("min success ratio " + ir::Value(*n.settings.minSuccessRatio).dump());
      if (!n.bodies.empty()) {
        Scope body = nestedScope(n.bodies.front());
        addNested(body, base + "_", cluster, e);
      }
    } else {
      cluster.lines.push_back(n.id + ": branch");
      for (size_t i = 0; i < n.bodies.size(); ++i) {
        bool isElse = i >= n.conditions.size();
        Scope arm = nestedScope(n.bodies[i]);
        ViewCluster c;
        c.id = unique(base + "_" + (isElse ? "else" : "case" + std::to_string(i + 1)));
        c.kind = ClusterKind::Case;
        c.lines.push_back(isElse ? "else"
                                 : "case " + std::to_string(i + 1) + ": " +
                                       ir::shorten(text(scope, n, n.conditions[i]), kConditionLimit));
        addNested(arm, c.id + "_", c, e);
        cluster.clusters.push_back(std::move(c));
      }
    }
    cluster.nodes.push_back({e.out, {n.id, isMap ? "(collect)" : "(join)"}, Shape::Join});
    parent.clusters.push_back(std::move(cluster));
    return e;
  }

  /// A case's or a map body's graph: its nodes, and its outputs as edges
  /// into the join (through a value node when no node gives them).
  void addNested(Scope &scope, const std::string &prefix, ViewCluster &cluster, const Ends &owner) {
    addNodes(scope, prefix, cluster);
    for (const ir::Port &out : scope.graph.outputs) {
      if (out.binding.kind == ir::Binding::Kind::Node) {
        dataEdge(scope, out.binding, out.name, owner.out);
        continue;
      }
      std::string id = unique(prefix + "value_" + sanitize(out.name));
      cluster.nodes.push_back({id, {sourceText(scope, out.binding, out.type)}, Shape::Value});
      if (out.binding.kind == ir::Binding::Kind::Input)
        view_.edges.push_back({owner.in, id, "", EdgeKind::Data});
      view_.edges.push_back({id, owner.out, out.name, EdgeKind::Data});
    }
    addScopeEdges(scope, owner);
    // A case that does nothing still needs a node, or its cluster (and the
    // condition on it) would not be drawn.
    if (cluster.nodes.empty() && cluster.clusters.empty()) {
      std::string id = unique(prefix + "empty");
      cluster.nodes.push_back({id, {"(nothing)"}, Shape::Value});
      view_.edges.push_back({owner.in, id, "", EdgeKind::Scope});
      view_.edges.push_back({id, owner.out, "", EdgeKind::Scope});
    }
  }

  /// Scope edges for the nodes of a nested graph that no edge connects to
  /// the entry side (nothing flows in: constant inputs only) or to the join
  /// side (nothing reads them: a `fail`, a gate, a task run for its effect).
  void addScopeEdges(const Scope &scope, const Ends &owner) {
    llvm::StringSet<> read;
    auto noteRead = [&](const ir::Binding &b) {
      if (b.kind == ir::Binding::Kind::Node)
        read.insert(b.ref);
    };
    for (const ir::Node &n : scope.graph.nodes) {
      for (const ir::Port &p : n.inputs)
        noteRead(p.binding);
      for (const std::string &waited : n.after)
        read.insert(waited);
    }
    for (const ir::Port &out : scope.graph.outputs)
      noteRead(out.binding);
    for (const ir::Node &n : scope.graph.nodes) {
      auto it = scope.ends.find(n.id);
      if (it == scope.ends.end())
        continue;
      bool fed = !n.after.empty() || llvm::any_of(n.inputs, [](const ir::Port &p) {
        return p.binding.kind != ir::Binding::Kind::Const;
      });
      if (!fed)
        view_.edges.push_back({owner.in, it->second.in, "", EdgeKind::Scope});
      if (!read.count(n.id))
        view_.edges.push_back({it->second.out, owner.out, "", EdgeKind::Scope});
    }
  }

  /// An expression of node `n` with its input leaves named as the source
  /// names what feeds them (`stats.rows`, not the port `stats.stats`'s `.rows`).
  std::string text(const Scope &scope, const ir::Node &n, ir::ExprId expr) {
    return ir::exprText(pkg_, expr, [&](llvm::StringRef input) {
      const ir::Port *p = n.input(input);
      return p ? sourceText(scope, p->binding, p->type) : input.str();
    });
  }

  /// What a binding reads, as the source would say it: a node's only
  /// output by the node's name (`g`, not `g.greeting`), an input by the
  /// name the source gives it, a constant as a literal.
  std::string sourceText(const Scope &scope, const ir::Binding &b, ir::TypeId type) {
    switch (b.kind) {
    case ir::Binding::Kind::Input:
      return scope.inputName(b.ref);
    case ir::Binding::Kind::Node:
      return singleOutput(scope, b.ref) ? b.ref : b.ref + "." + b.output;
    case ir::Binding::Kind::Const:
      return ir::shorten(ir::valueText(pkg_, type, b.value), kValueLimit);
    }
    return "?";
  }

  static bool singleOutput(const Scope &scope, llvm::StringRef id) {
    const ir::Node *producer = scope.graph.find(id);
    return producer && producer->outputs.size() == 1;
  }

  /// The edge of one binding into port `port` of `to`, labelled with the
  /// port unless the port's name only repeats where its value comes from
  /// (expression, branch and map inputs are named `node.output`), and with
  /// the producer's output too when the producer has several (`name → best`)
  /// or the input has another name (`regions → r`). Constants draw no edge
  /// (their value shows where it matters), and a binding to nothing known
  /// draws nothing rather than inventing a node (the verifier reports those).
  void dataEdge(const Scope &scope, const ir::Binding &b, const std::string &port, const std::string &to) {
    std::string from, source, label;
    if (b.kind == ir::Binding::Kind::Input) {
      from = scope.inputEnd(b.ref);
      source = scope.inputName(b.ref);
    } else if (b.kind == ir::Binding::Kind::Node) {
      if (auto it = scope.ends.find(b.ref); it != scope.ends.end())
        from = it->second.out;
      if (!singleOutput(scope, b.ref))
        source = b.output;
    }
    if (from.empty())
      return;
    if (b.kind == ir::Binding::Kind::Node && port == b.ref + "." + b.output)
      label = source;
    else if (source.empty() || source == port)
      label = port;
    else
      label = source + " → " + port;
    view_.edges.push_back({from, to, label, EdgeKind::Data});
  }

  static std::string sanitize(llvm::StringRef text) {
    std::string out;
    for (char c : text)
      out += llvm::isAlnum(c) || c == '_' ? c : '_';
    if (out.empty() || llvm::isDigit(out.front()))
      out.insert(out.begin(), 'n');
    return out;
  }

  /// `base`, or `base_2`, `base_3`, ... when taken: ids derived from IR
  /// names may meet after sanitizing (`a.b` and `a_b`).
  std::string unique(const std::string &base) {
    if (used_.insert(base).second)
      return base;
    for (unsigned i = 2;; ++i) {
      std::string id = base + "_" + std::to_string(i);
      if (used_.insert(id).second)
        return id;
    }
  }

  const ir::Package &pkg_;
  GraphView &view_;
  llvm::StringSet<> used_;
};

} // namespace

const ir::Workflow *findWorkflow(const ir::Package &package, llvm::StringRef name, std::string &error) {
  if (auto it = package.workflows.find(name.str()); it != package.workflows.end())
    return &it->second;
  if (auto it = package.workflows.find(package.root + "." + name.str()); it != package.workflows.end())
    return &it->second;
  std::vector<const ir::Workflow *> matches;
  for (const auto &[qualified, wf] : package.workflows)
    if (shortName(qualified) == name)
      matches.push_back(&wf);
  if (matches.size() == 1)
    return matches.front();
  if (matches.size() > 1) {
    std::vector<std::string> names;
    for (const ir::Workflow *wf : matches)
      names.push_back(wf->name);
    error = "workflow '" + name.str() + "' is ambiguous: " + llvm::join(names, ", ");
    return nullptr;
  }
  std::vector<std::string> names;
  for (const auto &[qualified, wf] : package.workflows)
    if (wf.module == package.root)
      names.push_back(qualified);
  error = "no workflow '" + name.str() + "'";
  error += names.empty() ? " (the root module has none)" : "; the root module has " + llvm::join(names, ", ");
  return nullptr;
}

bool buildGraphView(const ir::Package &package, llvm::StringRef workflow, GraphView &view, std::string &error) {
  Builder builder(package, view);
  if (!workflow.empty()) {
    const ir::Workflow *wf = findWorkflow(package, workflow, error);
    if (!wf)
      return false;
    builder.addWorkflow(*wf);
    return true;
  }
  for (const auto &[name, wf] : package.workflows)
    if (wf.module == package.root)
      builder.addWorkflow(wf);
  return true;
}

} // namespace flytec::emit
