// The `flyte.showGraph` command: a workflow of the file as a Mermaid
// flowchart, the same picture as `flytec compile --emit=mermaid`.
#pragma once

#include "ide/Analysis.h"

#include <optional>
#include <string>

namespace flytec::ide {

/// Mermaid text for `workflow` (every workflow when empty); nothing, with
/// `error` set, when the file has errors or names no such workflow.
std::optional<std::string> workflowGraph(const Analysis &analysis, llvm::StringRef workflow, std::string &error);

} // namespace flytec::ide
