// Content hashes of tasks, workflows and launch plans: the default version
// of each (TOOLCHAIN.md "The portable graph IR"). A hash covers what the
// entity does — its canonical JSON, without locations, docs and annotations
// — and, for a workflow or launch plan, the hashes of everything it calls,
// so editing a task changes the hash of every workflow that reaches it.
#pragma once

#include "ir/Ir.h"

namespace flytec::ir {

/// "sha256:" and the first 16 hex digits of the SHA-256 of `text`.
std::string contentHash(llvm::StringRef text);

/// Sets Task::hash, Workflow::hash and LaunchPlan::hash throughout.
void computeHashes(Package &package);

} // namespace flytec::ir
