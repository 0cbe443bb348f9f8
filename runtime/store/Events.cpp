// The JSON names of event kinds, as the store keeps them and
// `flytec executions events` prints them (Events.def).
#include "store/Events.h"

namespace flytec::runtime {

llvm::StringRef eventKindName(EventKind kind) {
  switch (kind) {
#define RUNTIME_EVENT(Name, Json)                                                                                     \
  case EventKind::Name:                                                                                                \
    return Json;
#include "store/Events.def"
  }
  return "unknown";
}

std::optional<EventKind> eventKindNamed(llvm::StringRef name) {
#define RUNTIME_EVENT(Name, Json)                                                                                     \
  if (name == Json)                                                                                                    \
    return EventKind::Name;
#include "store/Events.def"
  return std::nullopt;
}

} // namespace flytec::runtime
