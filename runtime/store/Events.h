// The events of an execution (TOOLCHAIN.md "Event sourcing"). Every state
// change of an execution is one of these, appended to the store before it
// takes effect; the state shown by `flytec executions show` is rebuilt by
// folding them (ExecutionState.h), and `flytec executions recover` resumes
// from that state.
//
// A node is named by its path from the workflow's graph: "g" for a node of
// the top graph, "r/0/big" for node big of case 0 of branch r, "m/3/x" for
// node x of element 3 of map m, "sub/x" inside subworkflow node sub, "d/x"
// inside the graph a dynamic node d expanded to.
#pragma once

#include <nlohmann/json.hpp>

#include <llvm/ADT/StringRef.h>

#include <cstdint>
#include <optional>
#include <string>

namespace flytec::runtime {

#define RUNTIME_EVENT(Name, Json) Name,
enum class EventKind : uint8_t {
#include "store/Events.def"
};
llvm::StringRef eventKindName(EventKind kind);
std::optional<EventKind> eventKindNamed(llvm::StringRef name);

struct Event {
  int64_t seq = 0;        // assigned by the store: increasing within the store
  std::string execution;  // the execution's id
  EventKind kind = EventKind::ExecutionCreated;
  std::string node;       // the node's path; empty for execution events
  int attempt = 0;        // 1-based for attempt events, else 0
  nlohmann::json data = nlohmann::json::object(); // what Events.def says for the kind
  int64_t timeMs = 0;     // wall clock, ms since the epoch; set by the store when 0
};

} // namespace flytec::runtime
