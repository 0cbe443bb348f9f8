// Values that hold files: walking the paths inside a value by its type (a
// file, a dir or dataframe, or any of those inside lists, maps, records and
// unions), so the executor can move task outputs into the blob store,
// resolve relative input paths, and hash files by content for cache keys.
#pragma once

#include "ir/Ir.h"

#include <llvm/ADT/STLFunctionalExtras.h>

#include <string>

namespace flytec::runtime {

/// Calls `visit` with each path inside `value` (typed `type`), which may
/// rewrite it in place. Stops and returns false when `visit` does.
bool forEachPath(const ir::Package &pkg, ir::TypeId type, ir::Value &value,
                 llvm::function_ref<bool(std::string &path)> visit);
/// The same, with the type of each path (a file, dir or dataframe type).
bool forEachTypedPath(const ir::Package &pkg, ir::TypeId type, ir::Value &value,
                      llvm::function_ref<bool(std::string &path, ir::TypeId type)> visit);

} // namespace flytec::runtime
