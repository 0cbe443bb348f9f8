#include "ir/Hashing.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/ADT/StringMap.h>

#include <set>

namespace flytec::ir {

// ---------------------------------------------------------------- hashes

namespace {

std::string finish(Sha256 &sha) {
  std::array<uint8_t, 32> digest = sha.final();
  return "sha256:" + llvm::toHex(llvm::ArrayRef<uint8_t>(digest.data(), 8), /*LowerCase=*/true);
}

} // namespace

std::string contentHash(llvm::StringRef text) {
  Sha256 sha;
  sha.update(text);
  return finish(sha);
}

namespace {

/// Hashes every entity once (docs/ir.md "Content hashes"):
///   - a task: its canonical JSON, then a line `\ntype NAME=HASH` for each
///     record or enum it names (directly or through a record's fields), in
///     name order, HASH being that declaration's canonical JSON's hash;
///   - a workflow: its canonical JSON, a line `\nNAME=HASH` per callee in
///     name order, then its type lines;
///   - a launch plan: its canonical JSON, `\n` and its workflow's hash.
/// Workflows and launch plans form a call graph, which may have cycles
/// (dynamic workflows calling each other). Its strongly connected
/// components are hashed callees first (Tarjan's algorithm finishes them in
/// that order). Inside a component a callee contributes its name; then, in a
/// component of more than one entity, each member's hash is the hash of
/// its own followed by `\nNAME=HASH` for every member in name order, so a
/// change anywhere in the cycle, or below it, reaches every member.
class Hasher {
public:
  explicit Hasher(Package &p) : p(p) {}

  void run() {
    for (auto &[name, t] : p.tasks) {
      Sha256 sha;
      std::vector<bool> seen(p.types.size());
      hashCanonical(p, t, sha, &seen);
      sha.update(typeLines(seen));
      t.hash = finish(sha);
    }
    for (auto &[name, w] : p.workflows) {
      index.try_emplace(name, unsigned(entities.size()));
      entities.push_back({&w, nullptr});
    }
    for (auto &[name, lp] : p.launchPlans) {
      if (p.tasks.count(name) || p.workflows.count(name))
        continue; // a callee's name means the task or workflow
      index.try_emplace(name, unsigned(entities.size()));
      entities.push_back({nullptr, &lp});
    }
    for (Entity &e : entities)
      collectCallees(e);
    for (unsigned i = 0; i < entities.size(); ++i)
      if (entities[i].order == kUnvisited)
        visit(i);
    // A launch plan shadowed by a task or workflow of its name is still hashed.
    for (auto &[name, lp] : p.launchPlans)
      if (!index.count(name) || entities[index.lookup(name)].plan != &lp) {
        Entity e{nullptr, &lp};
        collectCallees(e);
        lp.hash = local(e, /*component=*/~0u);
      }
  }

private:
  static constexpr unsigned kUnvisited = ~0u;

  struct Entity {
    Workflow *workflow;
    LaunchPlan *plan;
    /// The names it calls, in name order (std::set), and those of them that
    /// are workflows or launch plans, by index.
    std::set<std::string> callees;
    std::vector<unsigned> edges;
    unsigned order = kUnvisited, low = 0, component = kUnvisited;
    bool onStack = false;
    std::string localHash;
    const std::string &name() const { return workflow ? workflow->name : plan->name; }
    std::string &hash() { return workflow ? workflow->hash : plan->hash; }
  };

  void collectCallees(Entity &e) {
    if (e.workflow) {
      collect(e.workflow->graph, e.callees);
      if (!e.workflow->onFailure.empty())
        e.callees.insert(e.workflow->onFailure);
    } else {
      e.callees.insert(e.plan->workflow);
    }
    for (const std::string &c : e.callees)
      if (!p.tasks.count(c))
        if (auto it = index.find(c); it != index.end())
          e.edges.push_back(it->second);
  }

  static void collect(const Graph &g, std::set<std::string> &out) {
    for (const Node &n : g.nodes) {
      if (n.kind == NodeKind::Task || n.kind == NodeKind::Workflow || n.kind == NodeKind::Dynamic)
        out.insert(n.target);
      for (const Graph &b : n.bodies)
        collect(b, out);
    }
  }

  /// Tarjan's strongly connected components.
  void visit(unsigned v) {
    Entity &e = entities[v];
    e.order = e.low = nextOrder++;
    e.onStack = true;
    stack.push_back(v);
    for (unsigned w : e.edges) {
      if (entities[w].order == kUnvisited) {
        visit(w);
        entities[v].low = std::min(entities[v].low, entities[w].low);
      } else if (entities[w].onStack) {
        entities[v].low = std::min(entities[v].low, entities[w].order);
      }
    }
    if (entities[v].low != entities[v].order)
      return;
    std::vector<unsigned> members;
    unsigned m;
    do {
      m = stack.back();
      stack.pop_back();
      entities[m].onStack = false;
      entities[m].component = v;
      members.push_back(m);
    } while (m != v);
    hashComponent(members);
  }

  void hashComponent(std::vector<unsigned> &members) {
    for (unsigned m : members)
      entities[m].localHash = local(entities[m], entities[m].component);
    if (members.size() == 1) {
      entities[members[0]].hash() = entities[members[0]].localHash;
      return;
    }
    std::sort(members.begin(), members.end(),
              [&](unsigned a, unsigned b) { return entities[a].name() < entities[b].name(); });
    std::string lines;
    for (unsigned m : members)
      lines += "\n" + entities[m].name() + "=" + entities[m].localHash;
    for (unsigned m : members)
      entities[m].hash() = contentHash(entities[m].localHash + lines);
  }

  /// The entity's hash with callees of its own component (`component`)
  /// standing in by name.
  std::string local(const Entity &e, unsigned component) {
    Sha256 sha;
    if (e.plan) {
      hashCanonical(p, *e.plan, sha, nullptr);
      std::string extra = "\n";
      if (auto it = index.find(e.plan->workflow); it != index.end() && entities[it->second].workflow)
        extra += entities[it->second].component == component ? e.plan->workflow : entities[it->second].hash();
      sha.update(extra);
      return finish(sha);
    }
    std::vector<bool> seen(p.types.size());
    hashCanonical(p, *e.workflow, sha, &seen);
    std::string extra;
    for (const std::string &c : e.callees)
      extra += "\n" + c + "=" + calleeHash(c, component);
    sha.update(extra);
    sha.update(typeLines(seen));
    return finish(sha);
  }

  std::string calleeHash(const std::string &name, unsigned component) {
    if (auto t = p.tasks.find(name); t != p.tasks.end())
      return t->second.hash;
    auto it = index.find(name);
    if (it == index.end() || entities[it->second].component == component)
      return name;
    return entities[it->second].hash();
  }

  /// `\ntype NAME=HASH` for each record and enum the marked types name,
  /// through records' fields too, in name order.
  std::string typeLines(const std::vector<bool> &seen) {
    std::set<std::string> names;
    for (TypeId id = 0; id < seen.size(); ++id)
      if (seen[id])
        namedTypes(id, names);
    std::string lines;
    for (const std::string &n : names)
      lines += "\ntype " + n + "=" + typeHash(n);
    return lines;
  }

  void namedTypes(TypeId id, std::set<std::string> &names) {
    const TypeData &d = p.types[id];
    switch (d.kind) {
    case TypeKind::List:
    case TypeKind::Map:
      namedTypes(d.element, names);
      return;
    case TypeKind::Union:
      for (TypeId m : d.members)
        namedTypes(m, names);
      return;
    case TypeKind::Dataframe:
      for (const Column &c : d.columns)
        namedTypes(c.type, names);
      return;
    case TypeKind::Enum:
      names.insert(d.name);
      return;
    case TypeKind::Record:
      if (names.insert(d.name).second)
        if (auto r = p.records.find(d.name); r != p.records.end())
          for (const Param &f : r->second.fields)
            namedTypes(f.type, names);
      return;
    default:
      return;
    }
  }

  /// A record's or enum's canonical JSON hash (memoized); its name when the
  /// package does not declare it (broken IR, which the verifier rejects).
  const std::string &typeHash(const std::string &name) {
    auto [it, inserted] = typeHashes.try_emplace(name);
    if (!inserted)
      return it->second;
    Sha256 sha;
    if (auto r = p.records.find(name); r != p.records.end())
      hashCanonical(p, r->second, sha, nullptr);
    else if (auto e = p.enums.find(name); e != p.enums.end())
      hashCanonical(p, e->second, sha, nullptr);
    else
      return it->second = name;
    return it->second = finish(sha);
  }

  Package &p;
  std::vector<Entity> entities;
  llvm::StringMap<unsigned> index;
  std::vector<unsigned> stack;
  unsigned nextOrder = 0;
  llvm::StringMap<std::string> typeHashes;
};

} // namespace

void computeHashes(Package &package) { Hasher(package).run(); }

} // namespace flytec::ir
