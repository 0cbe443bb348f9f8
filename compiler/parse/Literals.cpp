#include "parse/Literals.h"

#include <fmt/format.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/ADT/StringSwitch.h>
#include <llvm/Support/ConvertUTF.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace flytec::parse {

namespace {

std::string withoutSeparators(llvm::StringRef text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text)
    if (c != '_')
      out += c;
  return out;
}

bool parseUnsigned(llvm::StringRef digits, uint64_t &value) {
  std::string plain = withoutSeparators(digits);
  return !llvm::StringRef(plain).getAsInteger(10, value);
}

size_t digitPrefix(llvm::StringRef text) {
  size_t i = 0;
  while (i < text.size() && (llvm::isDigit(text[i]) || text[i] == '_'))
    ++i;
  return i;
}

} // namespace

bool parseInteger(llvm::StringRef text, bool negative, int64_t &value, std::string &error) {
  uint64_t magnitude = 0;
  uint64_t limit = negative ? uint64_t(1) << 63 : uint64_t(std::numeric_limits<int64_t>::max());
  if (!parseUnsigned(text, magnitude) || magnitude > limit) {
    error = fmt::format("integer literal '{}{}' does not fit in 64 bits (the range is "
                        "-9223372036854775808 to 9223372036854775807)",
                        negative ? "-" : "", text.str());
    return false;
  }
  value = negative ? int64_t(0 - magnitude) : int64_t(magnitude);
  return true;
}

bool parseFloat(llvm::StringRef text, double &value, std::string &error) {
  std::string plain = withoutSeparators(text);
  errno = 0;
  char *end = nullptr;
  value = std::strtod(plain.c_str(), &end);
  if (end != plain.c_str() + plain.size() || std::isinf(value)) {
    error = fmt::format("float literal '{}' is out of range for a 64-bit float", text.str());
    return false;
  }
  return true;
}

bool parseDuration(llvm::StringRef text, int64_t &millis, std::string &error) {
  size_t n = digitPrefix(text);
  llvm::StringRef unit = text.drop_front(n);
  int64_t scale = llvm::StringSwitch<int64_t>(unit)
                      .Case("ms", 1)
                      .Case("s", 1000)
                      .Case("m", 60 * 1000)
                      .Case("h", 60 * 60 * 1000)
                      .Case("d", 24 * 60 * 60 * 1000)
                      .Default(0);
  uint64_t count = 0;
  if (scale == 0 || !parseUnsigned(text.take_front(n), count) ||
      count > uint64_t(std::numeric_limits<int64_t>::max()) ||
      __builtin_mul_overflow(int64_t(count), scale, &millis)) {
    error = fmt::format("duration '{}' is too long: durations must fit in 64-bit milliseconds",
                        text.str());
    return false;
  }
  return true;
}

bool parseSize(llvm::StringRef text, int64_t &bytes, std::string &error) {
  size_t n = digitPrefix(text);
  llvm::StringRef unit = text.drop_front(n);
  int64_t scale = llvm::StringSwitch<int64_t>(unit)
                      .Case("K", 1000LL)
                      .Case("M", 1000LL * 1000)
                      .Case("G", 1000LL * 1000 * 1000)
                      .Case("T", 1000LL * 1000 * 1000 * 1000)
                      .Case("Ki", 1LL << 10)
                      .Case("Mi", 1LL << 20)
                      .Case("Gi", 1LL << 30)
                      .Case("Ti", 1LL << 40)
                      .Default(0);
  uint64_t count = 0;
  if (scale == 0 || !parseUnsigned(text.take_front(n), count) ||
      count > uint64_t(std::numeric_limits<int64_t>::max()) ||
      __builtin_mul_overflow(int64_t(count), scale, &bytes)) {
    error = fmt::format("size '{}' is too large: sizes must fit in 64-bit bytes", text.str());
    return false;
  }
  return true;
}

std::string explainInvalidNumber(llvm::StringRef text) {
  static const char *kUnits =
      "durations take ms, s, m, h or d and sizes take K, M, G, T, Ki, Mi, Gi or Ti";
  if (text.size() > 1 && text[0] == '0' && llvm::StringRef("xXbBoO").contains(text[1]))
    return fmt::format("invalid number '{}': only decimal integers are supported; write the "
                       "value in decimal",
                       text.str());
  // A separator must stand between two digits: `1__0`, `1_`, `1_.5`.
  for (size_t k = 0; k < text.size(); ++k)
    if (text[k] == '_' && (k == 0 || !llvm::isDigit(text[k - 1]) || k + 1 == text.size() ||
                           !llvm::isDigit(text[k + 1])) &&
        k < text.find_first_not_of("0123456789_."))
      return fmt::format("invalid number '{}': the separator '_' must stand between two digits",
                         text.str());
  // Split the numeric part (digits, fraction, exponent) from the suffix.
  size_t i = digitPrefix(text);
  bool fraction = false;
  if (i < text.size() && text[i] == '.') {
    fraction = true;
    i = i + 1 + digitPrefix(text.drop_front(i + 1));
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    size_t j = i + 1;
    if (j < text.size() && (text[j] == '+' || text[j] == '-'))
      ++j;
    size_t digits = digitPrefix(text.drop_front(j));
    if (digits) {
      fraction = true;
      i = j + digits;
    } else if (j == text.size() || text[j] == '_' || !llvm::isAlnum(text[j]) || j > i + 1) {
      return fmt::format("invalid number '{}': the exponent has no digits", text.str());
    }
  }
  llvm::StringRef number = text.take_front(i);
  llvm::StringRef suffix = text.drop_front(i);
  if (number.endswith("_") || suffix.startswith("_"))
    return fmt::format("invalid number '{}': the separator '_' must stand between two digits",
                       text.str());

  llvm::StringRef durationUnit = llvm::StringSwitch<llvm::StringRef>(suffix)
                                     .Cases("ms", "s", "m", "h", "d", suffix)
                                     .Cases("msec", "msecs", "millis", "ms")
                                     .Cases("sec", "secs", "second", "seconds", "S", "s")
                                     .Cases("min", "mins", "minute", "minutes", "m")
                                     .Cases("hr", "hrs", "hour", "hours", "H", "h")
                                     .Cases("day", "days", "D", "d")
                                     .Default("");
  llvm::StringRef sizeUnit = llvm::StringSwitch<llvm::StringRef>(suffix)
                                 .Cases("K", "M", "G", "T", suffix)
                                 .Cases("Ki", "Mi", "Gi", "Ti", suffix)
                                 .Cases("KB", "k", "kb", "K")
                                 .Cases("MB", "mb", "M")
                                 .Cases("GB", "gb", "G")
                                 .Cases("TB", "tb", "T")
                                 .Cases("KiB", "ki", "Ki")
                                 .Cases("MiB", "mi", "Mi")
                                 .Cases("GiB", "gi", "Gi")
                                 .Cases("TiB", "ti", "Ti")
                                 .Default("");
  llvm::StringRef unit = durationUnit.empty() ? sizeUnit : durationUnit;
  if (fraction && !unit.empty() && unit == suffix)
    return fmt::format("invalid literal '{}': durations and sizes take a whole number; use a "
                       "smaller unit",
                       text.str());
  if (fraction && !unit.empty())
    return fmt::format("invalid literal '{}': durations and sizes take a whole number and the "
                       "unit '{}' does not exist; {}",
                       text.str(), suffix.str(), kUnits);
  if (!unit.empty())
    return fmt::format("invalid literal '{}': unknown unit '{}'; did you mean '{}{}'?", text.str(),
                       suffix.str(), number.str(), unit.str());
  return fmt::format("invalid literal '{}': unknown unit '{}'; {}", text.str(), suffix.str(),
                     kUnits);
}

namespace {

/// Accumulates decoded parts; text pieces that are adjacent in the output
/// merge into one part spanning their source bytes.
class PartBuilder {
public:
  void text(llvm::StringRef s, size_t offset, size_t length) {
    if (!open_) {
      out_.push_back({});
      out_.back().offset = offset;
      open_ = true;
    }
    out_.back().text += s.str();
    out_.back().length = offset + length - out_.back().offset;
  }
  void interpolation(size_t offset, size_t length, size_t innerOffset, size_t innerLength) {
    open_ = false;
    DecodedPart p;
    p.interpolation = true;
    p.offset = offset;
    p.length = length;
    p.innerOffset = innerOffset;
    p.innerLength = innerLength;
    out_.push_back(std::move(p));
  }
  std::vector<DecodedPart> take() { return std::move(out_); }

private:
  std::vector<DecodedPart> out_;
  bool open_ = false;
};

/// Index just past the `}}` closing the interpolation whose `{{` is at
/// `open`, skipping strings nested in the expression (possible only in
/// triple-quoted strings); npos if unclosed on this line.
size_t findInterpolationEnd(llvm::StringRef s, size_t open) {
  size_t i = open + 2;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\n')
      return llvm::StringRef::npos;
    if (c == '"') {
      ++i;
      while (i < s.size() && s[i] != '"' && s[i] != '\n')
        i += s[i] == '\\' ? 2 : 1;
      ++i;
      continue;
    }
    if (c == '}' && i + 1 < s.size() && s[i + 1] == '}')
      return i + 2;
    ++i;
  }
  return llvm::StringRef::npos;
}

/// Decodes `token[begin, end)`, a run of source text with no line break
/// removed from its middle.
void decodeSegment(llvm::StringRef token, size_t begin, size_t end, bool triple, PartBuilder &parts,
                   std::vector<LiteralError> &errors) {
  llvm::StringRef s = token.take_front(end);
  size_t i = begin;
  while (i < end) {
    char c = s[i];
    if (c == '\\' && i + 2 < end && s.substr(i + 1, 2) == "{{") {
      parts.text("{{", i, 3);
      i += 3;
      continue;
    }
    if (c == '\\' && !triple) {
      if (i + 1 >= end) {
        errors.push_back({DiagCode::E1003, i, 1, "a backslash must be followed by an escape"});
        return;
      }
      char e = s[i + 1];
      const char *simple = nullptr;
      switch (e) {
      case 'n': simple = "\n"; break;
      case 't': simple = "\t"; break;
      case 'r': simple = "\r"; break;
      case '\\': simple = "\\"; break;
      case '"': simple = "\""; break;
      case '{': simple = "{"; break;
      default: break;
      }
      if (simple) {
        parts.text(simple, i, 2);
        i += 2;
        continue;
      }
      if (e == 'u') {
        size_t close = s.find('}', i);
        llvm::StringRef hex;
        if (i + 2 < end && s[i + 2] == '{' && close != llvm::StringRef::npos && close < end)
          hex = s.slice(i + 3, close);
        unsigned value = 0;
        bool ok = !hex.empty() && hex.size() <= 6 && !hex.getAsInteger(16, value) &&
                  value <= 0x10FFFF && !(value >= 0xD800 && value <= 0xDFFF);
        if (!ok) {
          size_t length = close != llvm::StringRef::npos && close < end ? close + 1 - i : 2;
          errors.push_back({DiagCode::E1003, i, length,
                            fmt::format("invalid unicode escape '{}': write \\u{{HEX}} with 1 to 6 "
                                        "hex digits naming a Unicode scalar value",
                                        s.substr(i, length).str())});
          i += length;
          continue;
        }
        char buffer[4];
        char *p = buffer;
        llvm::ConvertCodePointToUTF8(value, p);
        parts.text(llvm::StringRef(buffer, p - buffer), i, close + 1 - i);
        i = close + 1;
        continue;
      }
      size_t length = 1 + llvm::getNumBytesForUTF8(static_cast<unsigned char>(e));
      errors.push_back({DiagCode::E1003, i, std::min(length, end - i),
                        fmt::format("unknown escape sequence '\\{}'; the escapes are \\n \\t \\r "
                                    "\\\\ \\\" \\{{ and \\u{{HEX}}",
                                    s.substr(i + 1, length - 1).str())});
      i += length;
      continue;
    }
    if (c == '{' && i + 1 < end && s[i + 1] == '{') {
      size_t close = findInterpolationEnd(s, i);
      if (close == llvm::StringRef::npos) {
        errors.push_back({DiagCode::E1001, i, 2,
                          "'{{' opens an interpolation that is never closed with '}}'; write "
                          "\\{{ for literal braces"});
        parts.text("{{", i, 2);
        i += 2;
        continue;
      }
      size_t innerBegin = i + 2, innerEnd = close - 2;
      if (llvm::StringRef(s.slice(innerBegin, innerEnd)).trim().empty()) {
        errors.push_back({DiagCode::E1001, i, close - i,
                          "empty interpolation: put a name or an expression between '{{' and "
                          "'}}', or write \\{{ for literal braces"});
      } else {
        parts.interpolation(i, close - i, innerBegin, innerEnd - innerBegin);
      }
      i = close;
      continue;
    }
    parts.text(s.substr(i, 1), i, 1);
    ++i;
  }
}

bool isBlank(llvm::StringRef line) { return line.find_first_not_of(" \t\r") == llvm::StringRef::npos; }

} // namespace

DecodedString decodeString(llvm::StringRef token) {
  DecodedString out;
  PartBuilder parts;
  out.triple = token.startswith("\"\"\"") && token.size() >= 6;
  if (!out.triple) {
    decodeSegment(token, 1, token.size() - 1, false, parts, out.errors);
    out.parts = parts.take();
    return out;
  }

  // Lines of the content as [begin, end) offsets into the token, without
  // their line breaks.
  std::vector<std::pair<size_t, size_t>> lines;
  size_t contentBegin = 3, contentEnd = token.size() - 3;
  for (size_t begin = contentBegin;;) {
    size_t nl = token.find('\n', begin);
    if (nl == llvm::StringRef::npos || nl >= contentEnd) {
      lines.push_back({begin, contentEnd});
      break;
    }
    size_t end = nl > begin && token[nl - 1] == '\r' ? nl - 1 : nl;
    lines.push_back({begin, end});
    begin = nl + 1;
  }
  auto text = [&](const std::pair<size_t, size_t> &l) { return token.slice(l.first, l.second); };
  if (lines.size() > 1 && isBlank(text(lines.front())))
    lines.erase(lines.begin());
  if (lines.size() > 1 && isBlank(text(lines.back())))
    lines.pop_back();

  size_t indent = std::string::npos;
  for (const auto &l : lines) {
    llvm::StringRef t = text(l);
    if (!isBlank(t))
      indent = std::min(indent, t.find_first_not_of(" \t"));
  }
  if (indent == std::string::npos)
    indent = 0;

  for (size_t k = 0; k < lines.size(); ++k) {
    auto [begin, end] = lines[k];
    if (k > 0)
      parts.text("\n", begin - 1, 1);
    if (isBlank(text(lines[k])))
      continue;
    decodeSegment(token, begin + indent, end, true, parts, out.errors);
  }
  out.parts = parts.take();
  return out;
}

} // namespace flytec::parse
