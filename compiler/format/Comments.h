// Comments for the formatter: read from the token stream (the AST has none,
// bar the text of `///` docs), classified by where they sit on their lines,
// and handed to the AST printer as it passes their positions.
//
// The printer prints tokens in source order. Before a token it asks for the
// comments written before it (`leading`); after a token it leaves a slot
// (`trailingSlot`) where a comment written after it on the same line goes
// once the printer has moved past it. Comments before a closing bracket are
// taken as lines inside the bracket (`dangling`). Whatever is left at the
// end of the file is printed there, so no comment is ever dropped.
#pragma once

#include "format/Doc.h"

#include <llvm/ADT/StringRef.h>

#include <cstddef>
#include <string>
#include <vector>

namespace llvm {
class SourceMgr;
}

namespace flytec::format {

struct Comment {
  llvm::StringRef text;       // as written; a line comment without trailing blanks
  size_t begin = 0, end = 0;  // byte offsets in the buffer
  bool lineComment = false;   // `//` or `///`: nothing may follow it on its line
  bool newlineBefore = false; // first on its line (or in the file)
  bool newlineAfter = false;  // last on its line (or in the file)
  bool blankBefore = false;   // an empty line separates it from what comes before
  bool blankAfter = false;    // an empty line separates it from what follows
};

/// A token that is not a comment, with byte offsets.
struct CodeToken {
  llvm::StringRef text;
  size_t begin = 0, end = 0;
};

/// The code tokens and comments of one buffer.
class SourceTokens {
public:
  /// Lexes `buffer`, which must stay alive as long as this object (token
  /// positions point into it). Reads nothing else, so it may run on
  /// another thread while the same text is parsed.
  explicit SourceTokens(llvm::StringRef buffer);

  llvm::StringRef buffer() const { return buffer_; }
  size_t offset(const char *pointer) const { return size_t(pointer - buffer_.data()); }
  const std::vector<CodeToken> &code() const { return code_; }
  const std::vector<Comment> &comments() const { return comments_; }

  /// The first code token that begins at or after `offset`, or null.
  const CodeToken *codeAtOrAfter(size_t offset) const;
  /// The first code token spelled `text` at or after `offset`, or null.
  const CodeToken *find(size_t offset, llvm::StringRef text) const;
  /// The last code token that ends at or before `offset`, or null.
  const CodeToken *codeBefore(size_t offset) const;
  /// Whether an empty (or blank) line lies between offsets `a` and `b`.
  bool blankLineBetween(size_t a, size_t b) const;
  /// Whether a comment begins in [begin, end).
  bool hasCommentIn(size_t begin, size_t end) const;
  /// Whether a line break lies between offsets `a` and `b`.
  bool newlineBetween(size_t a, size_t b) const;
  /// Where the first comment in [begin, end) that starts its line begins;
  /// `end` when there is none.
  size_t firstOwnLineComment(size_t begin, size_t end) const;
  /// The end of the comments written after offset `end` on its line (and
  /// chained on that line); `end` when there are none.
  size_t trailingCommentsEnd(size_t end) const;

private:
  llvm::StringRef buffer_;
  std::vector<CodeToken> code_;
  std::vector<Comment> comments_;
};

/// The comments of a file, placed into the document as the printer passes
/// their positions.
class CommentPlacer {
public:
  CommentPlacer(DocArena &arena, const SourceTokens &tokens) : arena_(arena), tokens_(tokens) {}

  /// The comments before `offset` not yet placed. Those written after a
  /// token on its line go into that token's slot; the others come back as a
  /// document to print before the token at `offset`: a comment on a line of
  /// its own on a line of its own, a block comment followed by code before
  /// the code.
  DocId leading(size_t offset);

  /// A slot for the comments written after the token just printed, on its
  /// line. Put it right after the token, outside any group the token
  /// closes (a comment there must not break the group).
  DocId trailingSlot();

  /// The comments before `offset` (a closing bracket), as lines inside the
  /// bracket: each preceded by a hard line, an empty line kept before one
  /// unless it is the first thing inside (`first`). Trailing ones go to the
  /// slot as with leading(). `any` is set when a line was produced.
  DocId dangling(size_t offset, bool first, bool &any);

  /// The printer puts a hard line break before the token at `next`: the
  /// comments that end the line before it are placed now, and will have
  /// been printed after it.
  void lineBreak(size_t next);

private:
  DocId commentText(const Comment &c);
  void toSlot(const Comment &c);

  DocArena &arena_;
  const SourceTokens &tokens_;
  size_t next_ = 0;
  DocId slot_ = ~DocId(0);
  /// A `//` comment went into a slot and waits for the end of its output
  /// line: a comment placed after it that would be printed on that line
  /// starts the next one instead (suffixBreak), or it would come first.
  bool suffixPending_ = false;
};

} // namespace flytec::format
