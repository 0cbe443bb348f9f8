// Dataframes at run time are CSV files with a header row (LANGUAGE.md
// §5.2). A dataframe type with columns (`dataframe[region: string, total:
// float]`) promises those columns: a task's output is checked against it
// before anything reads it, so a wrong query fails where it ran, naming the
// output and the missing columns, rather than in a later task.
#pragma once

#include "ir/Ir.h"

#include <optional>
#include <string>
#include <vector>

namespace flytec::runtime {

/// The column names of a CSV file's header row (RFC 4180 quoting), or
/// nothing with `error` set when the file cannot be read or has no header.
std::optional<std::vector<std::string>> csvHeader(llvm::StringRef path, std::string &error);

/// Checks the dataframe at `path` against `type` (a dataframe type; one
/// without columns accepts any). Every declared column must be in the
/// header; others may be too. False with `error` saying which are missing
/// and which the file has.
bool checkDataframeColumns(const ir::Package &pkg, ir::TypeId type, llvm::StringRef path, std::string &error);

} // namespace flytec::runtime
