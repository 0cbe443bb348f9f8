// The commands that run workflows: `flytec run` and `flytec executions`
// (RuntimeCommands.cpp). main.cpp dispatches to them.
#pragma once

#include <llvm/Support/CommandLine.h>

#include <optional>

namespace flytec::tool {

/// The options of the runtime commands (shown by `flytec run --help`).
extern llvm::cl::OptionCategory RuntimeCategory;

/// The exit code of the runtime command given on the command line, or
/// nothing when the command is not one of them.
std::optional<int> runRuntimeCommand();

} // namespace flytec::tool
