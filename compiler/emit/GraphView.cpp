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

/// Where a binding's value comes from, for an edge label: the input it
/// feeds, with the producer's output first when the input's name does not
/// already say it (`name → best` for `best` reading `name`).
std::string edgeLabel(const ir::Binding &b, llvm::StringRef port) {
  llvm::StringRef source = b.kind == ir::Binding::Kind::Node ? llvm::StringRef(b.output) : llvm::StringRef(b.ref);
  if (source == port || (b.kind == ir::Binding::Kind::Node && port == b.ref + "." + b.output))
    return port.str();
  return (source + " → " + port).str();
}

/// A node's diagram ids: edges into it end at `in`, edges from it start at `out`.
struct Ends {
  std::string in, out;
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
    auto inputEnd = [&](const std::string &name) {
      auto it = sources.find(name);
      return it == sources.end() ? std::string() : it->second;
    };
    llvm::StringMap<Ends> ends = addNodes(wf.graph, base + "_", cluster, inputEnd);

    for (const ir::Port &out : wf.graph.outputs) {
      std::string label = out.name + ": " + pkg_.types.str(out.type);
      if (out.binding.kind == ir::Binding::Kind::Const)
        label += " = " + ir::shorten(ir::valueText(pkg_, out.type, out.binding.value), kValueLimit);
      std::string id = unique(base + "_out_" + sanitize(out.name));
      cluster.nodes.push_back({id, {label}, Shape::Output});
      dataEdge(out.binding, out.name, id, ends, inputEnd);
    }
    view_.workflows.push_back(std::move(cluster));
  }

private:
  using InputEnd = std::function<std::string(const std::string &)>;

  /// Every node of `g` into `cluster` (nested clusters for branches and
  /// maps), with the edges of their inputs; returns each node's ends.
  llvm::StringMap<Ends> addNodes(const ir::Graph &g, const std::string &prefix, ViewCluster &cluster,
                                 const InputEnd &inputEnd) {
    llvm::StringMap<Ends> ends;
    for (const ir::Node &n : g.nodes) {
      std::string base = prefix + sanitize(n.id);
      size_t nested = view_.edges.size();
      Ends e = n.kind == ir::NodeKind::Branch || n.kind == ir::NodeKind::Map ? addStructured(n, g, base, cluster)
                                                                             : addPlain(n, base, cluster);
      size_t incoming = view_.edges.size();
      for (const ir::Port &p : n.inputs)
        dataEdge(p.binding, p.name, e.in, ends, inputEnd);
      for (const std::string &waited : n.after)
        if (auto it = ends.find(waited); it != ends.end())
          view_.edges.push_back({it->second.out, e.in, "", EdgeKind::Control});
      // Edges read in the order values flow: into a branch or map before
      // the edges inside it.
      std::rotate(view_.edges.begin() + nested, view_.edges.begin() + incoming, view_.edges.end());
      ends[n.id] = std::move(e);
    }
    return ends;
  }

  Ends addPlain(const ir::Node &n, const std::string &base, ViewCluster &cluster) {
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
        v.lines.push_back(ir::shorten(ir::exprText(pkg_, n.expr), kExprLabelLimit));
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
  Ends addStructured(const ir::Node &n, const ir::Graph &g, const std::string &base, ViewCluster &parent) {
    bool isMap = n.kind == ir::NodeKind::Map;
    ViewCluster cluster;
    cluster.id = unique(base + "_cluster");
    cluster.kind = isMap ? ClusterKind::Map : ClusterKind::Branch;
    Ends e{unique(base), unique(base + "_end")};
    cluster.nodes.push_back({e.in, {n.id, isMap ? "(map)" : "(branch)"}, isMap ? Shape::MapEntry : Shape::BranchEntry});
    InputEnd fromEntry = [entry = e.in](const std::string &) { return entry; };

    if (isMap) {
      cluster.lines.push_back(n.id + ": for " + n.iterate + " in " + iteratedText(n, g));
      if (n.settings.concurrency)
        cluster.lines.push_back("concurrency " + std::to_string(*n.settings.concurrency));
      if (n.settings.minSuccessRatio)
        cluster.lines.push_back("min success ratio " + ir::Value(*n.settings.minSuccessRatio).dump());
      if (!n.bodies.empty())
        addNested(n.bodies.front(), base + "_", cluster, fromEntry, e.out);
    } else {
      cluster.lines.push_back(n.id + ": branch");
      for (size_t i = 0; i < n.bodies.size(); ++i) {
        bool isElse = i >= n.conditions.size();
        ViewCluster c;
        std::string caseName = isElse ? "else" : "case" + std::to_string(i + 1);
        c.id = unique(base + "_" + caseName);
        c.kind = ClusterKind::Case;
        c.lines.push_back(isElse ? "else"
                                 : "case " + std::to_string(i + 1) + ": " +
                                       ir::shorten(ir::exprText(pkg_, n.conditions[i]), kConditionLimit));
        addNested(n.bodies[i], c.id + "_", c, fromEntry, e.out);
        cluster.clusters.push_back(std::move(c));
      }
    }
    cluster.nodes.push_back({e.out, {n.id, isMap ? "(collect)" : "(join)"}, Shape::Join});
    parent.clusters.push_back(std::move(cluster));
    return e;
  }

  /// A case's or a map body's graph: its nodes, and its outputs as edges
  /// into the join (through a value node when no node gives them).
  void addNested(const ir::Graph &g, const std::string &prefix, ViewCluster &cluster, const InputEnd &fromEntry,
                 const std::string &join) {
    llvm::StringMap<Ends> ends = addNodes(g, prefix, cluster, fromEntry);
    for (const ir::Port &out : g.outputs) {
      if (out.binding.kind == ir::Binding::Kind::Node) {
        dataEdge(out.binding, out.name, join, ends, fromEntry);
        continue;
      }
      bool isConst = out.binding.kind == ir::Binding::Kind::Const;
      std::string text = isConst ? ir::shorten(ir::valueText(pkg_, out.type, out.binding.value), kValueLimit)
                                 : out.binding.ref;
      std::string id = unique(prefix + "value_" + sanitize(out.name));
      cluster.nodes.push_back({id, {text}, Shape::Value});
      if (!isConst)
        view_.edges.push_back({fromEntry(out.binding.ref), id, "", EdgeKind::Data});
      view_.edges.push_back({id, join, out.name, EdgeKind::Data});
    }
    addScopeEdges(g, ends, fromEntry(""), join);
    // A case that does nothing still needs a node, or its cluster (and the
    // condition on it) would not be drawn.
    if (cluster.nodes.empty() && cluster.clusters.empty()) {
      std::string id = unique(prefix + "empty");
      cluster.nodes.push_back({id, {"(nothing)"}, Shape::Value});
      view_.edges.push_back({fromEntry(""), id, "", EdgeKind::Scope});
      view_.edges.push_back({id, join, "", EdgeKind::Scope});
    }
  }

  /// Scope edges for the nodes of a nested graph that no edge connects to
  /// the entry side (nothing flows in: constant inputs only) or to the join
  /// side (nothing reads them: a `fail`, a gate, a task run for its effect).
  void addScopeEdges(const ir::Graph &g, const llvm::StringMap<Ends> &ends, const std::string &entry,
                     const std::string &join) {
    llvm::StringSet<> read;
    auto noteRead = [&](const ir::Binding &b) {
      if (b.kind == ir::Binding::Kind::Node)
        read.insert(b.ref);
    };
    for (const ir::Node &n : g.nodes) {
      for (const ir::Port &p : n.inputs)
        noteRead(p.binding);
      for (const std::string &waited : n.after)
        read.insert(waited);
    }
    for (const ir::Port &out : g.outputs)
      noteRead(out.binding);
    for (const ir::Node &n : g.nodes) {
      auto it = ends.find(n.id);
      if (it == ends.end())
        continue;
      bool fed = !n.after.empty() || llvm::any_of(n.inputs, [](const ir::Port &p) {
        return p.binding.kind != ir::Binding::Kind::Const;
      });
      if (!fed)
        view_.edges.push_back({entry, it->second.in, "", EdgeKind::Scope});
      if (!read.count(n.id))
        view_.edges.push_back({it->second.out, join, "", EdgeKind::Scope});
    }
  }

  /// What a map iterates over, as the source would say it: a node's only
  /// output by the node's name (`for r in regions`, `for i in items`).
  std::string iteratedText(const ir::Node &n, const ir::Graph &g) {
    const ir::Port *p = n.input(n.iterate);
    if (!p)
      return "?";
    switch (p->binding.kind) {
    case ir::Binding::Kind::Input:
      return p->binding.ref;
    case ir::Binding::Kind::Node: {
      const ir::Node *producer = g.find(p->binding.ref);
      if (producer && producer->outputs.size() == 1)
        return p->binding.ref;
      return p->binding.ref + "." + p->binding.output;
    }
    case ir::Binding::Kind::Const:
      return ir::shorten(ir::valueText(pkg_, p->type, p->binding.value), kValueLimit);
    }
    return "?";
  }

  /// The edge of one binding into `to`; constants have none (their value
  /// shows where it matters), and a binding to nothing known draws nothing
  /// rather than inventing a node (the verifier reports those).
  void dataEdge(const ir::Binding &b, const std::string &port, const std::string &to,
                const llvm::StringMap<Ends> &ends, const InputEnd &inputEnd) {
    std::string from;
    if (b.kind == ir::Binding::Kind::Input) {
      from = inputEnd(b.ref);
    } else if (b.kind == ir::Binding::Kind::Node) {
      if (auto it = ends.find(b.ref); it != ends.end())
        from = it->second.out;
    }
    if (!from.empty())
      view_.edges.push_back({from, to, edgeLabel(b, port), EdgeKind::Data});
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
