// Values at run time. They are the IR's values (ir::Value, docs/ir.md
// "Values": ints and floats as numbers, durations "300s", datetimes RFC 3339,
// enums by member name, files and dirs as paths, dataframes as CSV paths,
// records and maps as objects, none as null); this file checks them against
// types and converts them from and to the text forms users and tasks write.
#pragma once

#include "ir/Ir.h"

#include <map>
#include <optional>
#include <string>

namespace flytec::runtime {

/// A node's or a workflow's inputs or outputs by name.
using ValueMap = std::map<std::string, ir::Value>;

/// Checks `value` against `type` and returns it in canonical form (an int
/// where a float is expected becomes a float; a union's value is checked
/// against its members in order). On failure returns nothing and says what
/// is wrong in `error` without naming the value's owner ("expected int, got
/// \"abc\"", "field 'rows': expected int, got 1.5").
std::optional<ir::Value> conform(const ir::Package &pkg, ir::TypeId type, const ir::Value &value,
                                 std::string &error);

/// `-i NAME=VALUE` (TOOLCHAIN.md `flytec`): VALUE parsed as JSON when it
/// parses, else taken as a string, then conformed to `type`. A string that
/// is valid JSON of the wrong type is retried as a plain string when the
/// type wants a string (`-i name=42` for a string input gives "42").
std::optional<ir::Value> parseCommandLineValue(const ir::Package &pkg, ir::TypeId type, llvm::StringRef text,
                                               std::string &error);

/// A scalar output a task wrote to a file (LANGUAGE.md §5.2): one trailing
/// newline removed, then parsed by the type (`42` for int, `true` for bool,
/// the text itself for string, a member name for an enum, JSON for json,
/// lists, maps and records). Files, dirs and dataframes are not read here:
/// their value is the path.
std::optional<ir::Value> parseOutputText(const ir::Package &pkg, ir::TypeId type, llvm::StringRef text,
                                         std::string &error);

/// Whether values of `type` are paths (file, dir, dataframe, or a list, map,
/// record or union holding any): those are stored by content in the blob
/// store and hashed by content for cache keys.
bool holdsPaths(const ir::Package &pkg, ir::TypeId type);

} // namespace flytec::runtime
