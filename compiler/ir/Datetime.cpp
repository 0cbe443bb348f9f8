// Datetime text: RFC 3339 in and out, and the strftime/strptime codes.
// Instants are split into civil fields with Howard Hinnant's
// days-from-civil algorithms (proleptic Gregorian calendar, exact for every
// year), so nothing here reads the time zone, the locale or the clock.
#include "ir/Datetime.h"

#include <llvm/ADT/StringExtras.h>

#include <fmt/format.h>

#include <array>

namespace flytec::ir {

namespace {

constexpr int64_t kMsPerDay = 86400000;

const std::array<const char *, 7> kWeekdays = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                               "Friday", "Saturday", "Sunday"};
const std::array<const char *, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                              "July",    "August",   "September", "October", "November", "December"};

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

int64_t daysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = floorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool isLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int64_t y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && isLeap(y) ? 29 : days[m - 1];
}

/// The civil fields of an instant.
struct Civil {
  int64_t year = 1900;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0;
  int weekday = 0;   // Monday is 0
  int dayOfYear = 1; // 1-based

  static Civil of(int64_t ms) {
    Civil c;
    int64_t days = floorDiv(ms, kMsPerDay);
    int64_t rest = ms - days * kMsPerDay;
    c.millis = int(rest % 1000);
    c.second = int(rest / 1000 % 60);
    c.minute = int(rest / 60000 % 60);
    c.hour = int(rest / 3600000);
    c.weekday = int(((days + 3) % 7 + 7) % 7); // 1970-01-01 was a Thursday
    int64_t z = days + 719468;
    const int64_t era = floorDiv(z, 146097);
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    c.day = int(doy - (153 * mp + 2) / 5 + 1);
    c.month = int(mp < 10 ? mp + 3 : mp - 9);
    c.year = yoe + era * 400 + (c.month <= 2);
    c.dayOfYear = int(days - daysFromCivil(c.year, 1, 1) + 1);
    return c;
  }

  bool valid() const {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) &&
           hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
  }

  int64_t toMillis() const {
    return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60000 + second * 1000 + millis;
  }
};

/// Reads between `min` and `max` digits.
std::optional<int64_t> digits(llvm::StringRef &s, size_t min, size_t max) {
  size_t n = 0;
  while (n < s.size() && n < max && llvm::isDigit(s[n]))
    ++n;
  if (n < min)
    return std::nullopt;
  int64_t v = 0;
  for (char c : s.take_front(n))
    v = v * 10 + (c - '0');
  s = s.drop_front(n);
  return v;
}

/// Digits after a decimal point, as milliseconds (finer digits dropped).
std::optional<int> fraction(llvm::StringRef &s, size_t max) {
  size_t n = 0;
  while (n < s.size() && n < max && llvm::isDigit(s[n]))
    ++n;
  if (n == 0)
    return std::nullopt;
  std::string ms = (s.take_front(std::min<size_t>(n, 3)).str() + "00").substr(0, 3);
  s = s.drop_front(n);
  return std::stoi(ms);
}

/// `Z`, `+HH:MM`, `+HHMM` or `+HH`: the offset east of UTC in minutes.
std::optional<int64_t> utcOffset(llvm::StringRef &s) {
  if (s.consume_front("Z") || s.consume_front("z"))
    return 0;
  if (s.empty() || (s[0] != '+' && s[0] != '-'))
    return std::nullopt;
  int sign = s[0] == '-' ? -1 : 1;
  s = s.drop_front();
  auto hh = digits(s, 2, 2);
  if (!hh || *hh > 23)
    return std::nullopt;
  int64_t mm = 0;
  bool colon = s.consume_front(":");
  if (colon || (!s.empty() && llvm::isDigit(s[0]))) {
    auto m = digits(s, 2, 2);
    if (!m || *m > 59)
      return std::nullopt;
    mm = *m;
  }
  return sign * (*hh * 60 + mm);
}

/// Matches a month or weekday name, full or abbreviated to three letters.
template <size_t N> std::optional<int> name(llvm::StringRef &s, const std::array<const char *, N> &names) {
  for (size_t i = 0; i < N; ++i) {
    llvm::StringRef full(names[i]);
    if (s.startswith_insensitive(full)) {
      s = s.drop_front(full.size());
      return int(i);
    }
  }
  for (size_t i = 0; i < N; ++i)
    if (s.startswith_insensitive(llvm::StringRef(names[i]).take_front(3))) {
      s = s.drop_front(3);
      return int(i);
    }
  return std::nullopt;
}

std::optional<int64_t> inRange(int64_t ms) {
  if (ms < kMinDatetimeMs || ms > kMaxDatetimeMs)
    return std::nullopt;
  return ms;
}

} // namespace

std::string datetimeString(int64_t millis) {
  Civil c = Civil::of(millis);
  std::string s = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", c.year, c.month, c.day, c.hour, c.minute, c.second);
  if (c.millis)
    s += fmt::format(".{:03}", c.millis);
  return s + "Z";
}

std::optional<int64_t> parseDatetime(llvm::StringRef text) {
  llvm::StringRef s = text.trim();
  Civil c;
  auto y = digits(s, 4, 4);
  if (!y || !s.consume_front("-"))
    return std::nullopt;
  auto m = digits(s, 2, 2);
  if (!m || !s.consume_front("-"))
    return std::nullopt;
  auto d = digits(s, 2, 2);
  if (!d)
    return std::nullopt;
  c.year = *y, c.month = int(*m), c.day = int(*d);
  int64_t offset = 0;
  if (!s.empty()) {
    if (s[0] != 'T' && s[0] != 't' && s[0] != ' ')
      return std::nullopt;
    s = s.drop_front();
    auto hh = digits(s, 2, 2);
    if (!hh || !s.consume_front(":"))
      return std::nullopt;
    auto mm = digits(s, 2, 2);
    if (!mm)
      return std::nullopt;
    c.hour = int(*hh), c.minute = int(*mm);
    if (s.consume_front(":")) {
      auto ss = digits(s, 2, 2);
      if (!ss)
        return std::nullopt;
      c.second = int(*ss);
      if (s.consume_front(".") || s.consume_front(",")) {
        auto f = fraction(s, 9);
        if (!f)
          return std::nullopt;
        c.millis = *f;
      }
    }
    if (!s.empty()) {
      auto off = utcOffset(s);
      if (!off || !s.empty())
        return std::nullopt;
      offset = *off;
    }
  }
  if (!c.valid())
    return std::nullopt;
  return inRange(c.toMillis() - offset * 60000);
}

bool formatDatetime(int64_t millis, llvm::StringRef format, std::string &out, std::string &error) {
  Civil c = Civil::of(millis);
  out.clear();
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out += format[i];
      continue;
    }
    if (++i == format.size()) {
      error = "the format ends in a lone '%' (write '%%' for a percent sign)";
      return false;
    }
    int hour12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
    switch (format[i]) {
    case 'Y': out += fmt::format("{:04}", c.year); break;
    case 'y': out += fmt::format("{:02}", c.year % 100); break;
    case 'm': out += fmt::format("{:02}", c.month); break;
    case 'd': out += fmt::format("{:02}", c.day); break;
    case 'e': out += fmt::format("{:2}", c.day); break;
    case 'H': out += fmt::format("{:02}", c.hour); break;
    case 'I': out += fmt::format("{:02}", hour12); break;
    case 'M': out += fmt::format("{:02}", c.minute); break;
    case 'S': out += fmt::format("{:02}", c.second); break;
    case 'f': out += fmt::format("{:06}", c.millis * 1000); break;
    case 'j': out += fmt::format("{:03}", c.dayOfYear); break;
    case 'a': out += llvm::StringRef(kWeekdays[c.weekday]).take_front(3).str(); break;
    case 'A': out += kWeekdays[c.weekday]; break;
    case 'b': out += llvm::StringRef(kMonths[c.month - 1]).take_front(3).str(); break;
    case 'B': out += kMonths[c.month - 1]; break;
    case 'p': out += c.hour < 12 ? "AM" : "PM"; break;
    case 'u': out += std::to_string(c.weekday + 1); break;
    case 'w': out += std::to_string((c.weekday + 1) % 7); break;
    case 'z': out += "+0000"; break;
    case 'Z': out += "UTC"; break;
    case 'F': out += fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day); break;
    case 'T': out += fmt::format("{:02}:{:02}:{:02}", c.hour, c.minute, c.second); break;
    case 's': out += std::to_string(floorDiv(millis, 1000)); break;
    case '%': out += '%'; break;
    default:
      error = fmt::format("unknown format code '%{}'", format[i]);
      return false;
    }
  }
  return true;
}

std::optional<int64_t> parseDatetimeFormat(llvm::StringRef text, llvm::StringRef format, std::string &error) {
  Civil c;
  std::optional<int> dayOfYear, pm;
  int64_t offset = 0;
  llvm::StringRef s = text;
  auto mismatch = [&](llvm::StringRef what) {
    error = fmt::format("\"{}\" does not match the format \"{}\": expected {} at \"{}\"", text.str(), format.str(),
                        what.str(), s.str());
    return std::nullopt;
  };
  // %F and %T stand for longer formats; expanding them first keeps one loop.
  std::string expanded;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '%' && i + 1 < format.size() && (format[i + 1] == 'F' || format[i + 1] == 'T')) {
      expanded += format[i + 1] == 'F' ? "%Y-%m-%d" : "%H:%M:%S";
      ++i;
    } else if (format[i] == '%' && i + 1 < format.size()) {
      expanded += format.substr(i, 2);
      ++i;
    } else {
      expanded += format[i];
    }
  }
  llvm::StringRef f = expanded;
  for (size_t i = 0; i < f.size(); ++i) {
    if (llvm::isSpace(f[i])) {
      s = s.ltrim();
      continue;
    }
    if (f[i] != '%') {
      if (!s.consume_front(f.substr(i, 1)))
        return mismatch(fmt::format("'{}'", f[i]));
      continue;
    }
    if (++i == f.size()) {
      error = "the format ends in a lone '%' (write '%%' for a percent sign)";
      return std::nullopt;
    }
    auto number = [&](int &field, size_t min, size_t max) {
      auto v = digits(s, min, max);
      if (!v)
        return false;
      field = int(*v);
      return true;
    };
    switch (f[i]) {
    case 'Y': {
      auto v = digits(s, 4, 4);
      if (!v)
        return mismatch("a four-digit year");
      c.year = *v;
      break;
    }
    case 'y': {
      int yy = 0;
      if (!number(yy, 2, 2))
        return mismatch("a two-digit year");
      c.year = yy < 69 ? 2000 + yy : 1900 + yy; // POSIX and Python
      break;
    }
    case 'm':
      if (!number(c.month, 1, 2))
        return mismatch("a month");
      break;
    case 'd':
      if (!number(c.day, 1, 2))
        return mismatch("a day");
      break;
    case 'H':
      if (!number(c.hour, 1, 2))
        return mismatch("an hour");
      break;
    case 'I': {
      if (!number(c.hour, 1, 2) || c.hour < 1 || c.hour > 12)
        return mismatch("an hour from 1 to 12");
      break;
    }
    case 'M':
      if (!number(c.minute, 1, 2))
        return mismatch("minutes");
      break;
    case 'S':
      if (!number(c.second, 1, 2))
        return mismatch("seconds");
      break;
    case 'f': {
      auto v = fraction(s, 6);
      if (!v)
        return mismatch("digits of a fraction of a second");
      c.millis = *v;
      break;
    }
    case 'j': {
      int d = 0;
      if (!number(d, 1, 3))
        return mismatch("a day of the year");
      dayOfYear = d;
      break;
    }
    case 'a':
    case 'A':
      if (!name(s, kWeekdays))
        return mismatch("a weekday name");
      break;
    case 'b':
    case 'B': {
      auto m = name(s, kMonths);
      if (!m)
        return mismatch("a month name");
      c.month = *m + 1;
      break;
    }
    case 'p':
      if (s.startswith_insensitive("am") || s.startswith_insensitive("pm")) {
        pm = s.startswith_insensitive("pm");
        s = s.drop_front(2);
      } else {
        return mismatch("AM or PM");
      }
      break;
    case 'z': {
      auto off = utcOffset(s);
      if (!off)
        return mismatch("a UTC offset such as +0100 or Z");
      offset = *off;
      break;
    }
    case 'Z':
      if (!s.consume_front("UTC") && !s.consume_front("GMT") && !s.consume_front("Z"))
        return mismatch("UTC");
      break;
    case '%':
      if (!s.consume_front("%"))
        return mismatch("'%'");
      break;
    default:
      error = fmt::format("unknown format code '%{}'", f[i]);
      return std::nullopt;
    }
  }
  if (!s.empty()) {
    error = fmt::format("\"{}\" does not match the format \"{}\": \"{}\" is left over", text.str(), format.str(),
                        s.str());
    return std::nullopt;
  }
  if (pm) {
    if (c.hour < 1 || c.hour > 12)
      return mismatch("an hour from 1 to 12 with %p");
    c.hour = c.hour % 12 + (*pm ? 12 : 0);
  }
  if (dayOfYear) {
    int64_t days = daysFromCivil(c.year, 1, 1) + *dayOfYear - 1;
    if (*dayOfYear < 1 || *dayOfYear > (isLeap(c.year) ? 366 : 365)) {
      error = fmt::format("day {} of the year is out of range in \"{}\"", *dayOfYear, text.str());
      return std::nullopt;
    }
    Civil d = Civil::of(days * kMsPerDay);
    c.month = d.month, c.day = d.day;
  }
  if (!c.valid()) {
    error = fmt::format("\"{}\" is not a valid date and time", text.str());
    return std::nullopt;
  }
  if (auto ms = inRange(c.toMillis() - offset * 60000))
    return ms;
  error = fmt::format("\"{}\" is outside the years 1 to 9999", text.str());
  return std::nullopt;
}

} // namespace flytec::ir
