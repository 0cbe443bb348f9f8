// Where a task attempt writes its outputs and how they are read back
// (LANGUAGE.md §5.2): each output has a path under the work directory's
// `outputs/`; a scalar output is the text the task wrote there, parsed by
// the output's type; a file, dir or dataframe output is what it wrote there,
// by absolute path (the executor moves it into the blob store).
#pragma once

#include "plugins/Plugin.h"

#include <optional>
#include <string>

namespace flytec::runtime {

/// The work directory with its `outputs/`, the log directory, and the
/// node's checkpoint and deck directories when the task can name them
/// (`{{checkpoint}}`, `{{deck}}`, or any python task), created.
bool prepareAttemptDirs(const TaskRequest &request, std::string &error);

/// `outputs/x`, with `.csv` for a dataframe and `.FORMAT` for a `file[FORMAT]`,
/// relative to the work directory.
std::string outputRelativePath(const ir::Package &package, const ir::Param &output);
/// The same, absolute.
std::string outputPath(const TaskRequest &request, const ir::Param &output);

/// The kind a value of `type` is stored as, looking through `T?`: File,
/// Dir, Dataframe for paths; anything else for text.
ir::TypeKind storedKind(const ir::Package &package, ir::TypeId type);

/// Every output of the task from what the attempt wrote. A missing scalar
/// or path output fails (naming the output and its path), except an
/// optional one, which is none; a scalar that does not parse fails naming
/// the output, its type and the text.
std::optional<ValueMap> readWrittenOutputs(const TaskRequest &request, std::string &error);

/// `path` made absolute against `base` (the current directory when empty,
/// or when `base` is itself relative) and normalized.
std::string absolutePath(llvm::StringRef path, llvm::StringRef base);

} // namespace flytec::runtime
