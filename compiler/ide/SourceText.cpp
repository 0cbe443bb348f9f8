#include "ide/SourceText.h"

#include <algorithm>

namespace flytec::ide {

namespace {

/// The length in bytes of the UTF-8 sequence starting with `lead`; 1 for a
/// byte that cannot start one, so bad input still advances.
size_t sequenceLength(unsigned char lead) {
  if (lead < 0xC0)
    return 1;
  if (lead < 0xE0)
    return 2;
  if (lead < 0xF0)
    return 3;
  return lead < 0xF8 ? 4 : 1;
}

} // namespace

unsigned utf16Length(llvm::StringRef text) {
  unsigned units = 0;
  for (size_t i = 0; i < text.size();) {
    size_t n = std::min(sequenceLength(static_cast<unsigned char>(text[i])), text.size() - i);
    units += n == 4 ? 2 : 1; // a code point above U+FFFF is a surrogate pair
    i += n;
  }
  return units;
}

LineTable::LineTable(llvm::StringRef text) : text_(text) {
  lineStarts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n')
      lineStarts_.push_back(i + 1);
}

llvm::StringRef LineTable::lineText(unsigned line) const {
  size_t begin = lineStarts_[line];
  size_t end = line + 1 < lineStarts_.size() ? lineStarts_[line + 1] - 1 : text_.size();
  llvm::StringRef s = text_.slice(begin, end);
  return s.endswith("\r") ? s.drop_back() : s;
}

Position LineTable::positionAt(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
  unsigned line = static_cast<unsigned>(it - lineStarts_.begin()) - 1;
  return {line, utf16Length(text_.slice(lineStarts_[line], offset))};
}

size_t LineTable::offsetAt(Position position) const {
  if (position.line >= lineStarts_.size())
    return text_.size();
  llvm::StringRef line = lineText(position.line);
  size_t i = 0;
  unsigned units = 0;
  while (i < line.size() && units < position.character) {
    size_t n = std::min(sequenceLength(static_cast<unsigned char>(line[i])), line.size() - i);
    units += n == 4 ? 2 : 1;
    i += n;
  }
  return lineStarts_[position.line] + i;
}

bool applyEdit(std::string &text, const std::optional<Range> &range, llvm::StringRef replacement,
               std::string &error) {
  if (!range) {
    text = replacement.str();
    return true;
  }
  if (range->end < range->start) {
    error = "the edit's range ends before it starts";
    return false;
  }
  LineTable lines(text);
  size_t begin = lines.offsetAt(range->start);
  size_t end = lines.offsetAt(range->end);
  text.replace(begin, end - begin, replacement.data(), replacement.size());
  return true;
}

} // namespace flytec::ide
