// The state of an execution, rebuilt by folding its events in order. Nothing
// else holds state that survives a crash: `executions show` prints this, and
// `executions recover` resumes from it.
#pragma once

#include "store/Events.h"

#include <map>
#include <string>
#include <vector>

namespace flytec::runtime {

enum class NodeStatus : uint8_t { Running, Succeeded, Failed, Skipped };
llvm::StringRef nodeStatusName(NodeStatus status);

struct NodeState {
  NodeStatus status = NodeStatus::Running;
  int attempts = 0;          // attempts started
  nlohmann::json outputs;    // Succeeded
  std::string cache;         // Succeeded: "hit", "miss", "put" or "off"
  std::string cacheKey;
  std::string error;         // Failed, or the last failed attempt's error
  std::string stderrTail;
  std::string loc;
  std::string reason;        // Skipped: why (a case not taken, a failed dependency)
  int64_t startMs = 0;       // first attempt started
  int64_t endMs = 0;
};

enum class ExecutionStatus : uint8_t { Running, Succeeded, Failed };
llvm::StringRef executionStatusName(ExecutionStatus status);

struct ExecutionState {
  std::string id;
  std::string workflow;
  std::string project;
  std::string domain;
  nlohmann::json inputs = nlohmann::json::object();
  std::string package;       // blob digest of the IR that runs
  nlohmann::json options = nlohmann::json::object();
  ExecutionStatus status = ExecutionStatus::Running;
  nlohmann::json outputs;    // Succeeded
  std::string error;         // Failed
  std::string failedNode;
  int64_t createdMs = 0;
  int64_t endMs = 0;
  std::map<std::string, NodeState> nodes;        // by path
  std::map<std::string, nlohmann::json> expansions; // dynamic node path -> DynamicExpanded data

  /// Applies one event. Events of another execution, or that make no sense
  /// in the current state (a node succeeding twice), are ignored: the log is
  /// the truth, and a duplicate written by a crash between append and
  /// effect must not break the fold.
  void apply(const Event &event);
};

/// Folds events (in sequence order) into a state.
ExecutionState fold(const std::vector<Event> &events);

/// The state as JSON (what `flytec executions show --json` prints).
nlohmann::json toJson(const ExecutionState &state);

} // namespace flytec::runtime
