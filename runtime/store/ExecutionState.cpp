// The fold: an execution's state rebuilt from its events (ExecutionState.h).
//
// The fold must accept any prefix of any log the executor can write,
// including one cut by a crash and one with an event written twice (a crash
// after the append and before the executor noted it, then recovery appending
// it again). So every rule is "apply when it makes sense, else ignore":
// a finished node stays finished, an attempt is counted once, the first
// expansion of a dynamic node is the one that ran, and an execution's end is
// final until `executions recover` reopens it.
#include "store/ExecutionState.h"

namespace flytec::runtime {

llvm::StringRef nodeStatusName(NodeStatus status) {
  switch (status) {
  case NodeStatus::Running:
    return "running";
  case NodeStatus::Succeeded:
    return "succeeded";
  case NodeStatus::Failed:
    return "failed";
  case NodeStatus::Skipped:
    return "skipped";
  }
  return "unknown";
}

llvm::StringRef executionStatusName(ExecutionStatus status) {
  switch (status) {
  case ExecutionStatus::Running:
    return "running";
  case ExecutionStatus::Succeeded:
    return "succeeded";
  case ExecutionStatus::Failed:
    return "failed";
  }
  return "unknown";
}

namespace {

/// Fields of an event's data, tolerant of a missing or mistyped key: the
/// log is read back by later versions and must never make the fold throw.
std::string text(const nlohmann::json &data, const char *key) {
  auto it = data.find(key);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}
int64_t number(const nlohmann::json &data, const char *key) {
  auto it = data.find(key);
  return it != data.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}
nlohmann::json member(const nlohmann::json &data, const char *key, nlohmann::json otherwise) {
  auto it = data.find(key);
  return it != data.end() ? *it : otherwise;
}

bool finished(const NodeState &n) { return n.status != NodeStatus::Running; }

} // namespace

void ExecutionState::apply(const Event &e) {
  // Data that is not an object (a damaged row) is read as empty.
  static const nlohmann::json empty = nlohmann::json::object();
  const nlohmann::json &data = e.data.is_object() ? e.data : empty;
  if (id.empty()) {
    // Nothing happens to an execution before it is created.
    if (e.kind != EventKind::ExecutionCreated)
      return;
  } else if (e.execution != id) {
    return;
  }

  switch (e.kind) {
  case EventKind::ExecutionCreated:
    if (!id.empty())
      return; // a duplicate
    id = e.execution;
    workflow = text(data, "workflow");
    project = text(data, "project");
    domain = text(data, "domain");
    inputs = member(data, "inputs", nlohmann::json::object());
    package = text(data, "package");
    options = member(data, "options", nlohmann::json::object());
    createdMs = e.timeMs;
    return;

  case EventKind::AttemptStarted: {
    NodeState &n = nodes[e.node];
    if (finished(n) || e.attempt <= n.attempts)
      return; // after the end, or an attempt already counted
    n.attempts = e.attempt;
    if (n.startMs == 0)
      n.startMs = e.timeMs;
    return;
  }

  case EventKind::AttemptFailed: {
    NodeState &n = nodes[e.node];
    if (finished(n))
      return;
    // A failure without its start (the start's append was lost to nothing
    // the store allows, but be lenient) still counts the attempt.
    if (e.attempt > n.attempts)
      n.attempts = e.attempt;
    if (n.startMs == 0)
      n.startMs = e.timeMs;
    n.error = text(data, "error");
    n.stderrTail = text(data, "stderr_tail");
    return;
  }

  case EventKind::NodeSucceeded: {
    NodeState &n = nodes[e.node];
    if (finished(n))
      return;
    n.status = NodeStatus::Succeeded;
    n.outputs = member(data, "outputs", nlohmann::json::object());
    n.cache = text(data, "cache");
    n.cacheKey = text(data, "cache_key");
    if (n.startMs == 0)
      n.startMs = e.timeMs; // a cache hit or an expression: no attempt
    n.endMs = e.timeMs;
    return;
  }

  case EventKind::NodeFailed: {
    NodeState &n = nodes[e.node];
    if (finished(n))
      return;
    n.status = NodeStatus::Failed;
    n.error = text(data, "error");
    if (int64_t attempts = number(data, "attempts"); attempts > n.attempts)
      n.attempts = int(attempts);
    n.loc = text(data, "loc");
    if (std::string tail = text(data, "stderr_tail"); !tail.empty())
      n.stderrTail = tail;
    if (n.startMs == 0)
      n.startMs = e.timeMs;
    n.endMs = e.timeMs;
    return;
  }

  case EventKind::NodeSkipped: {
    NodeState &n = nodes[e.node];
    if (finished(n))
      return;
    n.status = NodeStatus::Skipped;
    n.reason = text(data, "reason");
    n.endMs = e.timeMs;
    return;
  }

  case EventKind::DynamicExpanded:
    // The first expansion is the graph whose nodes ran; a recovery reuses
    // it rather than expanding again.
    expansions.emplace(e.node, data);
    return;

  case EventKind::ExecutionSucceeded:
    if (status != ExecutionStatus::Running)
      return;
    status = ExecutionStatus::Succeeded;
    outputs = member(data, "outputs", nlohmann::json::object());
    endMs = e.timeMs;
    return;

  case EventKind::ExecutionFailed:
    if (status != ExecutionStatus::Running)
      return;
    status = ExecutionStatus::Failed;
    error = text(data, "error");
    failedNode = text(data, "node");
    endMs = e.timeMs;
    return;

  case EventKind::ExecutionRecovered:
    // Recovery reruns what did not succeed and reuses what did: failed and
    // skipped nodes are forgotten (their events stay in the log), so their
    // new attempts count from the start; interrupted attempts stay as
    // running nodes, to be run again with a higher attempt number.
    if (status == ExecutionStatus::Succeeded)
      return;
    status = ExecutionStatus::Running;
    error.clear();
    failedNode.clear();
    endMs = 0;
    for (auto it = nodes.begin(); it != nodes.end();) {
      if (it->second.status == NodeStatus::Failed || it->second.status == NodeStatus::Skipped)
        it = nodes.erase(it);
      else
        ++it;
    }
    return;
  }
}

ExecutionState fold(const std::vector<Event> &events) {
  ExecutionState state;
  for (const Event &e : events)
    state.apply(e);
  return state;
}

nlohmann::json toJson(const ExecutionState &state) {
  using json = nlohmann::json;
  // Empty fields are left out so `executions show --json` stays readable;
  // statuses, attempts and times are always there.
  auto put = [](json &j, const char *key, const std::string &value) {
    if (!value.empty())
      j[key] = value;
  };
  json nodes = json::object();
  for (const auto &[path, n] : state.nodes) {
    json j = {{"status", nodeStatusName(n.status)}, {"attempts", n.attempts}, {"start_ms", n.startMs},
              {"end_ms", n.endMs}};
    if (n.status == NodeStatus::Succeeded)
      j["outputs"] = n.outputs;
    put(j, "cache", n.cache);
    put(j, "cache_key", n.cacheKey);
    put(j, "error", n.error);
    put(j, "stderr_tail", n.stderrTail);
    put(j, "loc", n.loc);
    put(j, "reason", n.reason);
    nodes[path] = std::move(j);
  }
  json j = {{"id", state.id},
            {"workflow", state.workflow},
            {"project", state.project},
            {"domain", state.domain},
            {"inputs", state.inputs},
            {"package", state.package},
            {"options", state.options},
            {"status", executionStatusName(state.status)},
            {"created_ms", state.createdMs},
            {"end_ms", state.endMs},
            {"nodes", std::move(nodes)}};
  if (state.status == ExecutionStatus::Succeeded)
    j["outputs"] = state.outputs;
  put(j, "error", state.error);
  put(j, "failed_node", state.failedNode);
  if (!state.expansions.empty())
    j["expansions"] = state.expansions;
  return j;
}

} // namespace flytec::runtime
