// Cron expressions for `@schedule(cron: "...")` (E5006).
#pragma once

#include <llvm/ADT/StringRef.h>

#include <optional>
#include <string>

namespace flytec::sema {

/// Checks a five-field cron expression (minute hour day-of-month month
/// day-of-week, with `*`, lists, ranges, steps and JAN-DEC / SUN-SAT names)
/// or one of the macros @hourly @daily @weekly @monthly @yearly @annually.
/// Returns what is wrong, or nothing when it is valid.
std::optional<std::string> validateCron(llvm::StringRef expression);

} // namespace flytec::sema
