#include "ir/Hashing.h"

#include "ir/IrJson.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/SHA256.h>

#include <set>

namespace flytec::ir {

std::string contentHash(llvm::StringRef text) {
  llvm::SHA256 sha;
  sha.update(text);
  return "sha256:" + llvm::toHex(sha.final(), /*LowerCase=*/true).substr(0, 16);
}

namespace {

/// Hashes workflows callees first. A recursive call (a dynamic workflow
/// calling itself, directly or not) contributes the callee's name only,
/// which is all that is known while the cycle is being hashed.
class WorkflowHasher {
public:
  explicit WorkflowHasher(Package &p) : p(p) {}

  std::string hash(Workflow &w) {
    if (!w.hash.empty())
      return w.hash;
    if (!inProgress.insert(w.name).second)
      return w.name;
    std::set<std::string> callees;
    collect(w.graph, callees);
    if (!w.onFailure.empty())
      callees.insert(w.onFailure);
    std::string extra;
    for (const std::string &c : callees)
      extra += "\n" + c + "=" + calleeHash(c);
    inProgress.erase(w.name);
    w.hash = canonicalHash(p, w, extra);
    return w.hash;
  }

  std::string calleeHash(const std::string &name) {
    if (auto t = p.tasks.find(name); t != p.tasks.end())
      return t->second.hash;
    if (auto w = p.workflows.find(name); w != p.workflows.end())
      return hash(w->second);
    if (auto lp = p.launchPlans.find(name); lp != p.launchPlans.end()) {
      auto w = p.workflows.find(lp->second.workflow);
      return canonicalHash(p, lp->second, "\n" + (w == p.workflows.end() ? std::string() : hash(w->second)));
    }
    return name;
  }

private:
  void collect(const Graph &g, std::set<std::string> &out) {
    for (const Node &n : g.nodes) {
      if (n.kind == NodeKind::Task || n.kind == NodeKind::Workflow || n.kind == NodeKind::Dynamic)
        out.insert(n.target);
      for (const Graph &b : n.bodies)
        collect(b, out);
    }
  }

  Package &p;
  std::set<std::string> inProgress;
};

} // namespace

void computeHashes(Package &package) {
  for (auto &[name, t] : package.tasks)
    t.hash = canonicalHash(package, t);
  for (auto &[name, w] : package.workflows)
    w.hash.clear();
  WorkflowHasher hasher(package);
  for (auto &[name, w] : package.workflows)
    hasher.hash(w);
  for (auto &[name, lp] : package.launchPlans)
    lp.hash = hasher.calleeHash(name);
}

} // namespace flytec::ir
