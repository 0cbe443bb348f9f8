// Content hashes of tasks, workflows and launch plans: the default version
// of each (TOOLCHAIN.md "The portable graph IR", docs/ir.md "Content
// hashes"). A hash covers what the entity does — its canonical JSON, without
// locations, docs and annotations — the declarations of the records and
// enums it names, and, for a workflow or launch plan, the hashes of
// everything it calls, so editing a task or a record changes the hash of
// every workflow that reaches it. Workflows that call each other are hashed
// together, so the result does not depend on where hashing starts.
#pragma once

#include "ir/Ir.h"
#include "ir/Sha256.h"

#include <vector>

namespace flytec::ir {

/// "sha256:" and the first 16 hex digits of the SHA-256 of `text`.
std::string contentHash(llvm::StringRef text);

/// Sets Task::hash, Workflow::hash and LaunchPlan::hash throughout.
void computeHashes(Package &package);

/// Streams an entity's canonical JSON (compact, without `loc`, `doc`,
/// `hash` and `critical_path`) into `sha`, and sets `(*typesSeen)[id]` for
/// every type it writes when `typesSeen` is given (sized to the type
/// table). Written by the JSON writer (IrWriter.cpp).
void hashCanonical(const Package &package, const Task &task, Sha256 &sha, std::vector<bool> *typesSeen);
void hashCanonical(const Package &package, const Workflow &workflow, Sha256 &sha,
                   std::vector<bool> *typesSeen);
void hashCanonical(const Package &package, const LaunchPlan &plan, Sha256 &sha, std::vector<bool> *typesSeen);
void hashCanonical(const Package &package, const RecordDef &record, Sha256 &sha,
                   std::vector<bool> *typesSeen);
void hashCanonical(const Package &package, const EnumDef &enumDef, Sha256 &sha, std::vector<bool> *typesSeen);

} // namespace flytec::ir
