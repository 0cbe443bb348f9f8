// The "fuse-expressions" pass (-O2): merges chains of expression nodes into
// one expression node, so the runtime schedules, records and stores one
// node instead of several for `let total = a + b; let label = "{{total}}"`.
//
// A producer P (an expression node) is fused into a consumer C when C is an
// expression node of the same graph and C is the only reader of P: no other
// node and no graph output reads it (otherwise P's value is needed anyway,
// and fusing would compute it twice), and no node waits for it (a control
// edge, `after`, needs P to stay where it is). Fusing replaces the Input leaves of
// C's tree that read P by P's tree, and gives C P's inputs: an input of P
// bound exactly as an input C already has reuses it, the others are added
// (renamed when C has an input of that name, with P's leaves renamed to
// match). C also waits for what P waited for. P is removed.
//
// Per graph, consumers are visited in reverse topological order, and each
// absorbs producers until none qualifies. Absorbing P makes C the reader of
// P's own producers, so a chain a -> b -> c collapses into c in one visit;
// reader sets are updated as nodes merge, so the whole graph reaches its
// fixed point in one sweep. Nested graphs are fused on their own.
#include "passes/GraphRewriting.h"
#include "passes/Pass.h"

#include <llvm/ADT/StringMap.h>
#include <llvm/ADT/StringSet.h>

#include <fmt/format.h>

namespace flytec::passes {
namespace {

using ir::Binding;
using ir::Node;

/// Stands for "a graph output" among a node's readers.
constexpr uint32_t kGraphOutput = ~uint32_t(0);

/// The distinct readers of a node, by index (most nodes have one or two).
using Readers = llvm::SmallVector<uint32_t, 2>;

void addReader(Readers &r, uint32_t reader) {
  if (!llvm::is_contained(r, reader))
    r.push_back(reader);
}

class Fuser {
public:
  Fuser(ir::Package &package, ir::Graph &graph) : pkg(package), g(graph) {}

  bool run() {
    // Fusing takes two expression nodes; most nested graphs have none.
    if (llvm::count_if(g.nodes, [](const Node &n) { return n.kind == ir::NodeKind::Expression; }) < 2)
      return false;
    index = llvm::StringMap<size_t>(unsigned(g.nodes.size()));
    for (size_t i = 0; i < g.nodes.size(); ++i) {
      index[g.nodes[i].id] = i;
      for (const ir::Port &p : g.nodes[i].inputs)
        if (p.binding.kind == Binding::Kind::Node)
          addReader(readers[p.binding.ref], uint32_t(i));
    }
    for (const ir::Port &p : g.outputs)
      if (p.binding.kind == Binding::Kind::Node)
        addReader(readers[p.binding.ref], kGraphOutput);
    for (const Node &n : g.nodes)
      for (const std::string &a : n.after)
        waitedFor.insert(a);
    dead.assign(g.nodes.size(), false);
    bool changed = false;
    for (size_t i = g.nodes.size(); i-- > 0;) {
      if (dead[i] || g.nodes[i].kind != ir::NodeKind::Expression)
        continue;
      while (Node *producer = fusable(g.nodes[i])) {
        absorb(g.nodes[i], *producer);
        changed = true;
      }
    }
    if (!changed)
      return false;
    // Compacted in place: no second array of nodes.
    size_t live = 0;
    for (size_t i = 0; i < g.nodes.size(); ++i)
      if (!dead[i]) {
        if (live != i)
          g.nodes[live] = std::move(g.nodes[i]);
        ++live;
      }
    g.nodes.erase(g.nodes.begin() + live, g.nodes.end());
    return true; // the graph's index rebuilds itself when next asked (Graph::find)
  }

private:
  /// An expression node that only `c` reads, through inputs of its type.
  Node *fusable(const Node &c) {
    for (const ir::Port &port : c.inputs) {
      if (port.binding.kind != Binding::Kind::Node)
        continue;
      auto at = index.find(port.binding.ref);
      if (at == index.end() || dead[at->second])
        continue;
      Node &p = g.nodes[at->second];
      if (p.kind != ir::NodeKind::Expression || p.expr >= pkg.exprs.size() || p.outputs.size() != 1 ||
          waitedFor.count(p.id))
        continue;
      const Readers &r = readers[p.id];
      if (r.size() != 1 || r.front() != uint32_t(&c - g.nodes.data()))
        continue;
      // A leaf of another type would make the operators above it see a
      // different type than the checker gave them.
      bool typesMatch = llvm::all_of(c.inputs, [&](const ir::Port &q) {
        return q.binding.kind != Binding::Kind::Node || q.binding.ref != p.id || q.type == pkg.exprs[p.expr].type;
      });
      if (typesMatch)
        return &p;
    }
    return nullptr;
  }

  void absorb(Node &c, Node &p) {
    // P's inputs, as inputs of C.
    llvm::StringMap<std::string> renamed;
    for (const ir::Port &q : p.inputs) {
      auto same = llvm::find_if(c.inputs, [&](const ir::Port &x) { return x.binding == q.binding && x.type == q.type; });
      if (same != c.inputs.end()) {
        renamed[q.name] = same->name;
        continue;
      }
      std::string name = q.name;
      for (int k = 2; c.input(name); ++k)
        name = fmt::format("{}#{}", q.name, k);
      renamed[q.name] = name;
      c.inputs.push_back({name, q.type, q.binding});
    }
    // C now reads what P read.
    for (const ir::Port &q : p.inputs)
      if (q.binding.kind == Binding::Kind::Node) {
        Readers &r = readers[q.binding.ref];
        llvm::erase_value(r, uint32_t(&p - g.nodes.data()));
        addReader(r, uint32_t(&c - g.nodes.data()));
      }
    ir::ExprId tree = replaceInputs(pkg, p.expr, [&](const ir::Expr &leaf) -> std::optional<ir::ExprId> {
      const std::string &to = renamed[leaf.name];
      if (to == leaf.name)
        return std::nullopt;
      ir::Expr copy = leaf;
      copy.name = to;
      return pkg.addExpr(std::move(copy));
    });
    // C's leaves that read P become P's tree.
    llvm::StringSet<> fromP;
    for (const ir::Port &q : c.inputs)
      if (q.binding.kind == Binding::Kind::Node && q.binding.ref == p.id)
        fromP.insert(q.name);
    c.expr = replaceInputs(pkg, c.expr, [&](const ir::Expr &leaf) -> std::optional<ir::ExprId> {
      if (fromP.count(leaf.name))
        return tree;
      return std::nullopt;
    });
    llvm::erase_if(c.inputs, [&](const ir::Port &q) { return fromP.count(q.name) > 0; });
    // C now computes P's value, so it waits for what P waited for.
    for (const std::string &a : p.after)
      if (!llvm::is_contained(c.after, a))
        c.after.push_back(a);
    dead[index[p.id]] = true;
  }

  ir::Package &pkg;
  ir::Graph &g;
  llvm::StringMap<size_t> index;
  llvm::StringMap<Readers> readers;
  llvm::StringSet<> waitedFor; // nodes named by a control edge (`after`)
  std::vector<bool> dead;
};

class ExpressionFusion : public Pass {
public:
  bool run(ir::Package &package) override {
    bool changed = false;
    forEachGraph(package, [&](ir::Graph &g) { changed |= Fuser(package, g).run(); });
    return changed;
  }
};

} // namespace

std::unique_ptr<Pass> createExpressionFusion() { return std::make_unique<ExpressionFusion>(); }

} // namespace flytec::passes
