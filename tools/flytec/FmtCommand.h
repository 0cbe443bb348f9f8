// `flytec fmt`: the canonical formatter on files (FmtCommand.cpp, layout in
// docs/style.md). main.cpp dispatches to it.
#pragma once

#include <llvm/Support/CommandLine.h>

#include <optional>

namespace flytec::tool {

/// The options of `flytec fmt` (shown by `flytec fmt --help`).
extern llvm::cl::OptionCategory FmtCategory;

/// The exit code of `flytec fmt` when it is the command given on the
/// command line, else nothing.
std::optional<int> runFmtCommand();

} // namespace flytec::tool
