#include "ide/Formatting.h"

#include "format/Formatter.h"

namespace flytec::ide {

namespace {

/// One edit replacing only what differs between `before` and `after`
/// within [begin, end) of `before`; none when equal.
std::vector<TextEdit> minimalEdit(llvm::StringRef before, llvm::StringRef after, const LineTable &lines,
                                  size_t begin = 0) {
  size_t prefix = 0;
  size_t common = std::min(before.size(), after.size());
  while (prefix < common && before[prefix] == after[prefix])
    ++prefix;
  size_t suffix = 0;
  while (suffix < common - prefix && before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix])
    ++suffix;
  if (prefix == before.size() && prefix == after.size())
    return {};
  // Whole UTF-8 sequences only: never split a character between edits.
  while (prefix > 0 && prefix < before.size() && (static_cast<unsigned char>(before[prefix]) & 0xC0) == 0x80)
    --prefix;
  while (suffix > 0 && (static_cast<unsigned char>(before[before.size() - suffix]) & 0xC0) == 0x80)
    --suffix;
  Range range = lines.rangeOf(begin + prefix, begin + before.size() - suffix);
  return {{range, after.slice(prefix, after.size() - suffix).str()}};
}

/// The formatted file; nothing, with `error` set, when it cannot be formatted.
std::optional<format::FormatResult> formatted(const std::string &path, llvm::StringRef text, std::string &error) {
  format::FormatResult result = format::formatText(path, text);
  if (!result.ok) {
    error = result.error;
    return std::nullopt;
  }
  return result;
}

} // namespace

std::optional<std::vector<TextEdit>> formatDocument(const std::string &path, llvm::StringRef text,
                                                    std::string &error) {
  std::optional<format::FormatResult> result = formatted(path, text, error);
  if (!result)
    return std::nullopt;
  return minimalEdit(text, result->text, LineTable(text));
}

std::optional<std::vector<TextEdit>> formatRange(const std::string &path, llvm::StringRef text, Range range,
                                                 std::string &error) {
  std::optional<format::FormatResult> found = formatted(path, text, error);
  if (!found)
    return std::nullopt;
  const format::FormatResult &result = *found;
  LineTable lines(text);
  size_t begin = lines.offsetAt(range.start), end = lines.offsetAt(range.end);
  std::vector<TextEdit> edits;
  for (const format::ItemSpan &item : result.items) {
    if (item.inputEnd < begin || item.inputBegin > end)
      continue;
    llvm::StringRef before = text.slice(item.inputBegin, item.inputEnd);
    llvm::StringRef after = llvm::StringRef(result.text).slice(item.outputBegin, item.outputEnd);
    for (TextEdit &e : minimalEdit(before, after, lines, item.inputBegin))
      edits.push_back(std::move(e));
  }
  return edits;
}

} // namespace flytec::ide
