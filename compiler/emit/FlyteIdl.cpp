// The Flyte IDL emitter's entry points: choosing the primary workflow and
// printing the closure that FlyteIdlClosure.h builds.
#include "emit/FlyteIdl.h"

#include "emit/FlyteIdlClosure.h"
#include "emit/GraphView.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/raw_ostream.h>

#include <set>

namespace flytec::emit {

namespace {

/// nlohmann's serializer writing straight into an llvm::raw_ostream.
class RawOstreamAdapter : public nlohmann::detail::output_adapter_protocol<char> {
public:
  explicit RawOstreamAdapter(llvm::raw_ostream &os) : os_(os) {}
  void write_character(char c) override { os_ << c; }
  void write_characters(const char *s, std::size_t length) override { os_.write(s, length); }

private:
  llvm::raw_ostream &os_;
};

/// Every workflow some workflow of the package calls, launches or names
/// as its failure handler.
std::set<std::string> calledWorkflows(const ir::Package &package) {
  std::set<std::string> called;
  std::vector<const ir::Graph *> work;
  for (const auto &[name, wf] : package.workflows) {
    work.push_back(&wf.graph);
    if (!wf.onFailure.empty())
      called.insert(wf.onFailure);
  }
  while (!work.empty()) {
    const ir::Graph *g = work.back();
    work.pop_back();
    for (const ir::Node &n : g->nodes) {
      if (n.kind == ir::NodeKind::Workflow && n.launchPlan) {
        if (auto lp = package.launchPlans.find(n.target); lp != package.launchPlans.end())
          called.insert(lp->second.workflow);
      } else if (n.kind == ir::NodeKind::Workflow || n.kind == ir::NodeKind::Dynamic) {
        called.insert(n.target);
      }
      for (const ir::Graph &body : n.bodies)
        work.push_back(&body);
    }
  }
  return called;
}

} // namespace

const ir::Workflow *primaryWorkflow(const ir::Package &package, llvm::StringRef name, std::string &error) {
  if (!name.empty()) {
    const ir::Workflow *wf = findWorkflow(package, name, error);
    if (wf && wf->dynamic) {
      error = "'" + wf->name + "' is a dynamic workflow: its graph exists only at run time, so it cannot be "
              "a Flyte workflow; compile a workflow that calls it";
      return nullptr;
    }
    return wf;
  }
  std::set<std::string> called = calledWorkflows(package);
  std::vector<std::string> entries;
  for (const auto &[qualified, wf] : package.workflows)
    if (wf.module == package.root && !wf.dynamic && !called.count(qualified))
      entries.push_back(qualified);
  if (entries.size() == 1)
    return &package.workflows.at(entries.front());
  if (entries.empty())
    error = "the root module '" + package.root + "' has no static workflow that no other workflow calls; "
            "pass -w NAME to choose the workflow to emit";
  else
    error = "several workflows could be the primary one (" + llvm::join(entries, ", ") +
            "); pass -w NAME to choose one";
  return nullptr;
}

std::optional<nlohmann::json> buildFlyteIdl(const ir::Package &package, const FlyteIdlOptions &options,
                                            std::string &error) {
  const ir::Workflow *primary = primaryWorkflow(package, options.workflow, error);
  if (!primary)
    return std::nullopt;
  idl::Closure closure(package, options);
  // The builder indexes documents it made itself; a slip there must not
  // escape as an exception (errors are values here).
  try {
    return closure.build(*primary, error);
  } catch (const nlohmann::json::exception &e) {
    error = std::string("internal error in the Flyte IDL emitter: ") + e.what();
    return std::nullopt;
  }
}

bool emitFlyteIdl(const ir::Package &package, const FlyteIdlOptions &options, llvm::raw_ostream &os,
                  std::string &error) {
  std::optional<nlohmann::json> closure = buildFlyteIdl(package, options, error);
  if (!closure)
    return false;
  // Streamed: the closure of a big graph is hundreds of megabytes of text.
  // Strings come from checked UTF-8 source; replacing a bad byte is safer
  // than the exception nlohmann would throw.
  auto adapter = std::make_shared<RawOstreamAdapter>(os);
  nlohmann::detail::serializer<nlohmann::json> serializer(adapter, ' ', nlohmann::json::error_handler_t::replace);
  serializer.dump(*closure, /*pretty_print=*/true, /*ensure_ascii=*/false, /*indent_step=*/2);
  os << "\n";
  return true;
}

} // namespace flytec::emit
