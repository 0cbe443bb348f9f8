// A Wadler/Prettier-style layout engine: the formatter describes the output
// as a document of texts, possible line breaks, indentation and groups, and
// the printer chooses, group by group, whether a group fits on the rest of
// its line (flat: each `line` is a space, each `softline` nothing) or not
// (broken: each line is a newline at the current indentation).
//
// Documents live in a DocArena and are named by DocId, so building one is a
// series of appends with no ownership puzzles. printDoc() first marks every
// group that contains a forced break (a hard line, a break-parent, a text
// with a newline) as broken, then prints in one pass, looking ahead from a
// group only as far as the end of its line.
#pragma once

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringRef.h>

#include <cstdint>
#include <string>
#include <vector>

namespace flytec::format {

using DocId = uint32_t;

enum class DocKind : uint8_t {
  Text,        // text; a newline inside forces the enclosing groups to break
  Line,        // flat: a space; broken: a newline and the indentation
  SoftLine,    // flat: nothing; broken: a newline and the indentation
  HardLine,    // always a newline; breaks the enclosing groups
  FreshLine,   // a newline unless the line is still empty; breaks the enclosing groups
  SuffixBreak, // a newline if line suffixes wait for one; breaks the enclosing groups
  Concat,      // children in order
  Indent,      // the child, with lines inside it indented one step more
  Group,       // the child, flat if it fits on the line, else broken
  IfBreak,     // one child when the enclosing group is broken, the other when flat
  LineSuffix,  // the child, printed just before the next newline after a space (trailing
               // comments); after one that ends its line (a `//` comment) the next goes
               // on a new line
  BreakParent, // nothing, but the enclosing groups break
  Mark,        // nothing; records the output offset (after pending line suffixes)
  Slot,        // a child that may be filled in after the document around it is built
  BlockLines,  // lines printed at the indentation of the line they start on (triple-quoted strings)
  Separator,   // a space, unless the line is empty or ends in one (the printer's, for suffixes)
};

struct DocNode {
  DocKind kind;
  bool broken = false; // Group: contains a forced break (set by printDoc)
  uint32_t a = 0;      // Text: offset in the text store; Concat: first child in the child store;
                       // Indent, Group, LineSuffix, Slot: the child; IfBreak: the broken child;
                       // Mark: the mark's index; BlockLines: first line in the line store
  uint32_t b = 0;      // Text: length; Concat: child count; IfBreak: the flat child; BlockLines: line count;
                       // LineSuffix: 1 when nothing may follow it on its line
};

/// One line of a BlockLines document: `text` printed after the indentation
/// of the line the block starts on plus `extraIndent` columns; the first
/// line continues the current line. An empty text prints an empty line.
struct BlockLine {
  uint32_t textOffset = 0;
  uint32_t textLength = 0;
  uint32_t extraIndent = 0;
};

class DocArena {
public:
  DocArena();
  /// Room for the document of about `sourceBytes` of source, so that
  /// building it does not keep growing the stores.
  void reserveFor(size_t sourceBytes);

  DocId text(llvm::StringRef text);
  DocId line() { return line_; }
  DocId softline() { return softline_; }
  DocId hardline() { return hardline_; }
  DocId freshline() { return freshline_; }
  DocId suffixBreak() { return suffixBreak_; }
  DocId separator() { return separator_; }
  DocId breakParent() { return breakParent_; }
  DocId empty() { return empty_; }
  DocId concat(llvm::ArrayRef<DocId> parts);
  DocId indent(DocId child);
  DocId group(DocId child);
  DocId ifBreak(DocId broken, DocId flat);
  /// `endsLine`: nothing may follow the child on its line (a `//`
  /// comment), so a later suffix of the same line starts a new one.
  DocId lineSuffix(DocId child, bool endsLine = false);
  /// A mark numbered in order of creation; printDoc fills `markOffsets`.
  DocId mark(unsigned &index);
  /// An empty slot; fill() gives it its contents later.
  DocId slot();
  void fill(DocId slot, DocId child);
  bool filled(DocId slot) const;
  DocId blockLines(llvm::ArrayRef<BlockLine> lines);
  /// Stores a text for blockLines().
  BlockLine blockLine(llvm::StringRef text, uint32_t extraIndent);

  const DocNode &node(DocId id) const { return nodes_[id]; }
  /// A Text node's text.
  llvm::StringRef textOf(DocId id) const { return textOf(nodes_[id]); }
  /// The i-th entry of the child store (Concat children).
  DocId childAt(uint32_t i) const { return children_[i]; }
  size_t size() const { return nodes_.size(); }
  unsigned markCount() const { return marks_; }

private:
  friend class DocPrinter;
  friend std::string printDoc(DocArena &arena, DocId root, unsigned width, unsigned indentWidth,
                              std::vector<size_t> *markOffsets);
  DocId add(DocNode node);
  llvm::StringRef textOf(const DocNode &n) const { return llvm::StringRef(texts_.data() + n.a, n.b); }

  std::vector<DocNode> nodes_;
  std::vector<DocId> children_;
  std::vector<BlockLine> lines_;
  std::string texts_;
  unsigned marks_ = 0;
  DocId line_, softline_, hardline_, freshline_, suffixBreak_, breakParent_, empty_, separator_;
};

/// Lays `root` out in `width` columns (counted in characters), indenting by
/// `indentWidth` spaces a step. Lines carry no trailing spaces. When
/// `markOffsets` is given it receives each mark's byte offset in the output.
std::string printDoc(DocArena &arena, DocId root, unsigned width, unsigned indentWidth,
                     std::vector<size_t> *markOffsets = nullptr);

/// A readable form of a document, for tests: texts quoted, groups as
/// group(...), lines by name.
std::string debugDoc(const DocArena &arena, DocId root);

} // namespace flytec::format
