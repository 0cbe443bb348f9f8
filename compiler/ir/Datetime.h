// Datetimes as the IR holds them: instants in UTC, milliseconds since the
// Unix epoch, written as RFC 3339 text ("2026-11-28T02:00:00Z",
// "2026-11-28T02:00:00.250Z"). Also the strftime-style formatting and parsing
// behind `format_datetime` and `parse_datetime` (docs/language-notes.md,
// "Evaluating expressions"). Everything is computed here with civil-calendar
// arithmetic, never with the C library's time functions, so the results do
// not depend on the machine's time zone or locale.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <cstdint>
#include <optional>
#include <string>

namespace flytec::ir {

/// Years 1 to 9999, as RFC 3339 allows.
constexpr int64_t kMinDatetimeMs = -62135596800000;  // 0001-01-01T00:00:00Z
constexpr int64_t kMaxDatetimeMs = 253402300799999;  // 9999-12-31T23:59:59.999Z

/// The canonical text: seconds always, milliseconds only when not zero.
std::string datetimeString(int64_t millis);

/// ISO 8601 / RFC 3339 text: `2026-11-28`, `2026-11-28T02:00`,
/// `2026-11-28 02:00:00.5+01:00`, ... A missing offset means UTC; digits
/// below the millisecond are dropped. Null when the text is not such a date.
std::optional<int64_t> parseDatetime(llvm::StringRef text);

/// strftime codes (%Y %m %d %H %M %S %f %y %j %a %A %b %B %p %I %e %u %w %z
/// %Z %F %T %s %%), in English, in UTC. False with `error` set for an unknown
/// code.
bool formatDatetime(int64_t millis, llvm::StringRef format, std::string &out, std::string &error);

/// strptime with the same codes (all but %e %u %w %s); fields the format
/// does not give default to 1900-01-01T00:00:00 as in Python.
std::optional<int64_t> parseDatetimeFormat(llvm::StringRef text, llvm::StringRef format, std::string &error);

} // namespace flytec::ir
