// Positions as editors count them. The language server protocol names a
// place by line and UTF-16 code unit (LSP 3.17 §Position); the compiler by
// byte offset into a SourceMgr buffer. This converts between the two for one
// text, and applies an editor's edits to it.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace flytec::ide {

/// 0-based line and UTF-16 column.
struct Position {
  unsigned line = 0;
  unsigned character = 0;
  friend bool operator==(const Position &a, const Position &b) {
    return a.line == b.line && a.character == b.character;
  }
  friend bool operator!=(const Position &a, const Position &b) { return !(a == b); }
  friend bool operator<(const Position &a, const Position &b) {
    return a.line < b.line || (a.line == b.line && a.character < b.character);
  }
  friend bool operator<=(const Position &a, const Position &b) { return !(b < a); }
};

/// Half-open.
struct Range {
  Position start;
  Position end;
  friend bool operator==(const Range &a, const Range &b) { return a.start == b.start && a.end == b.end; }
  bool contains(Position p) const { return start <= p && p <= end; }
};

/// A text and where its lines start. Cheap to build (one pass); the text
/// must outlive it.
class LineTable {
public:
  explicit LineTable(llvm::StringRef text);

  /// The position of a byte offset (clamped to the text).
  Position positionAt(size_t offset) const;
  /// The byte offset of a position. A character past the end of its line
  /// means the line's end; a line past the last means the end of the text
  /// (editors send both while typing). Lands on a code point's first byte.
  size_t offsetAt(Position position) const;
  Range rangeOf(size_t begin, size_t end) const { return {positionAt(begin), positionAt(end)}; }
  unsigned lineCount() const { return static_cast<unsigned>(lineStarts_.size()); }
  llvm::StringRef text() const { return text_; }

private:
  llvm::StringRef lineText(unsigned line) const;
  llvm::StringRef text_;
  std::vector<size_t> lineStarts_;
};

/// UTF-16 code units in `text` (valid or not: an invalid byte counts one).
unsigned utf16Length(llvm::StringRef text);

/// Replaces `range` of `text` (or all of it, without a range) with
/// `replacement`. Fails, with `error` set, when the range's start comes
/// after its end.
bool applyEdit(std::string &text, const std::optional<Range> &range, llvm::StringRef replacement,
               std::string &error);

} // namespace flytec::ide
