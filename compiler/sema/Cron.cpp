#include "sema/Cron.h"

#include <llvm/ADT/SmallVector.h>
#include <llvm/ADT/StringExtras.h>

#include <fmt/format.h>

namespace flytec::sema {

namespace {

struct Field {
  const char *name;
  int lo, hi;
  const char *const *names; // index + lo is the value
  int nameCount;
};

const char *const kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
const char *const kDays[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

const Field kFields[] = {
    {"minute", 0, 59, nullptr, 0},      {"hour", 0, 23, nullptr, 0},     {"day of month", 1, 31, nullptr, 0},
    {"month", 1, 12, kMonths, 12},      {"day of week", 0, 7, kDays, 7},
};

std::optional<int> value(llvm::StringRef text, const Field &field) {
  unsigned n;
  if (!text.getAsInteger(10, n))
    return int(n);
  for (int i = 0; i < field.nameCount; ++i)
    if (text.equals_insensitive(field.names[i]))
      return field.names == kMonths ? i + 1 : i;
  return std::nullopt;
}

std::optional<std::string> checkField(llvm::StringRef text, const Field &field) {
  llvm::SmallVector<llvm::StringRef, 4> items;
  text.split(items, ',');
  for (llvm::StringRef item : items) {
    auto [range, step] = item.split('/');
    if (item.contains('/')) {
      unsigned n;
      if (step.getAsInteger(10, n) || n == 0)
        return fmt::format("bad step '{}' in the {} field", step.str(), field.name);
    }
    if (range == "*")
      continue;
    auto [first, last] = range.split('-');
    std::optional<int> a = value(first, field);
    std::optional<int> b = range.contains('-') ? value(last, field) : a;
    if (!a || !b)
      return fmt::format("'{}' is not a valid {} (allowed: {}-{}{})", range.str(), field.name, field.lo, field.hi,
                         field.nameCount ? fmt::format(" or names like {}", field.names[0]) : "");
    if (*a < field.lo || *a > field.hi || *b < field.lo || *b > field.hi)
      return fmt::format("{} {} is out of range {}-{}", field.name, (*a < field.lo || *a > field.hi) ? *a : *b,
                         field.lo, field.hi);
    if (*a > *b)
      return fmt::format("the range '{}' in the {} field runs backwards", range.str(), field.name);
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> validateCron(llvm::StringRef expression) {
  llvm::StringRef text = expression.trim();
  if (text.startswith("@")) {
    for (const char *macro : {"@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually"})
      if (text == macro)
        return std::nullopt;
    return fmt::format("unknown macro '{}'; use @hourly, @daily, @weekly, @monthly or @yearly", text.str());
  }
  llvm::SmallVector<llvm::StringRef, 6> fields;
  text.split(fields, ' ', -1, /*KeepEmpty=*/false);
  if (fields.size() != 5)
    return fmt::format("a cron expression has 5 fields (minute hour day-of-month month day-of-week), "
                       "this one has {}",
                       fields.size());
  for (size_t i = 0; i < 5; ++i)
    if (auto error = checkField(fields[i], kFields[i]))
      return error;
  return std::nullopt;
}

} // namespace flytec::sema
