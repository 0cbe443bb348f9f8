// Cache keys (TOOLCHAIN.md "Caching"): what identifies a task's outputs.
// The key is a SHA-256 over the task's name, its `@cache(version:)`, the
// hash of its definition (the IR's content hash: body, plugin config,
// interface), the content of every script file it names, and its input
// values with every file and directory counted by content, not path —
// minus the inputs `@cache(ignore:)` lists. Editing a task's code therefore
// misses the cache without anyone bumping a version.
#pragma once

#include "ir/Ir.h"
#include "values/RuntimeValues.h"

#include <optional>
#include <string>

namespace flytec::runtime {

struct CacheKey {
  std::string key;        // "sha256:" and 64 hex digits
  nlohmann::json explain; // each part that went in (`flytec cache explain`)
};

/// `moduleDir`: the root module's directory (the IR's script files are
/// relative to it). Fails when an input file cannot be read.
std::optional<CacheKey> computeCacheKey(const ir::Package &pkg, const ir::Task &task, const ValueMap &inputs,
                                        llvm::StringRef moduleDir, std::string &error);

} // namespace flytec::runtime
