#include "format/Comments.h"

#include "parse/Tokens.h"

#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>

#include <algorithm>
#include <cstdint>

namespace flytec::format {

namespace {

bool hasBlankLine(llvm::StringRef gap) {
  // A blank line: a line break, then only blanks up to the next line break.
  size_t nl = gap.find('\n');
  while (nl != llvm::StringRef::npos) {
    size_t next = gap.find('\n', nl + 1);
    if (next == llvm::StringRef::npos)
      return false;
    if (gap.slice(nl + 1, next).find_first_not_of(" \t\r\f") == llvm::StringRef::npos)
      return true;
    nl = next;
  }
  return false;
}

} // namespace

SourceTokens::SourceTokens(llvm::StringRef buffer) : buffer_(buffer) {
  // A SourceMgr of our own over the same bytes (not copied): tokens point
  // into `buffer`.
  llvm::SourceMgr sources;
  unsigned id = sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer(buffer, "", /*RequiresNullTerminator=*/false), llvm::SMLoc());
  std::vector<parse::Token> all = parse::tokenize(sources, id);
  code_.reserve(all.size());
  // Gaps between tokens of any kind, to tell where a comment sits on its line.
  size_t previousEnd = 0;
  bool first = true;
  for (size_t i = 0; i < all.size(); ++i) {
    const parse::Token &t = all[i];
    size_t begin = offset(t.range.Start.getPointer());
    size_t end = t.range.End.isValid() ? offset(t.range.End.getPointer()) : begin;
    if (t.category == parse::TokenCategory::EndOfFile)
      break;
    if (t.category == parse::TokenCategory::Comment || t.category == parse::TokenCategory::DocComment) {
      Comment c;
      c.begin = begin;
      c.end = end;
      c.lineComment = t.text.startswith("//");
      c.text = c.lineComment ? t.text.rtrim(" \t\f") : t.text;
      llvm::StringRef before = buffer_.slice(previousEnd, begin);
      c.newlineBefore = first || before.contains('\n');
      c.blankBefore = !first && hasBlankLine(before);
      size_t nextBegin = buffer_.size();
      bool nextIsEnd = true;
      if (i + 1 < all.size() && all[i + 1].category != parse::TokenCategory::EndOfFile) {
        nextBegin = offset(all[i + 1].range.Start.getPointer());
        nextIsEnd = false;
      }
      llvm::StringRef after = buffer_.slice(end, nextBegin);
      c.newlineAfter = c.lineComment || nextIsEnd || after.contains('\n');
      c.blankAfter = !nextIsEnd && hasBlankLine(after);
      comments_.push_back(c);
    } else {
      code_.push_back({t.text, begin, end});
    }
    previousEnd = end;
    first = false;
  }
}

const CodeToken *SourceTokens::codeAtOrAfter(size_t offset) const {
  auto it = std::lower_bound(code_.begin(), code_.end(), offset,
                             [](const CodeToken &t, size_t off) { return t.begin < off; });
  return it == code_.end() ? nullptr : &*it;
}

const CodeToken *SourceTokens::find(size_t offset, llvm::StringRef text) const {
  for (const CodeToken *t = codeAtOrAfter(offset); t && t != code_.data() + code_.size(); ++t)
    if (t->text == text)
      return t;
  return nullptr;
}

const CodeToken *SourceTokens::codeBefore(size_t offset) const {
  auto it = std::upper_bound(code_.begin(), code_.end(), offset,
                             [](size_t off, const CodeToken &t) { return off < t.end; });
  return it == code_.begin() ? nullptr : &*(it - 1);
}

bool SourceTokens::blankLineBetween(size_t a, size_t b) const {
  return a < b && hasBlankLine(buffer_.slice(a, b));
}

bool SourceTokens::newlineBetween(size_t a, size_t b) const {
  return a < b && buffer_.slice(a, b).contains('\n');
}

bool SourceTokens::hasCommentIn(size_t begin, size_t end) const {
  auto it = std::lower_bound(comments_.begin(), comments_.end(), begin,
                             [](const Comment &c, size_t off) { return c.begin < off; });
  return it != comments_.end() && it->begin < end;
}

size_t SourceTokens::firstOwnLineComment(size_t begin, size_t end) const {
  auto it = std::lower_bound(comments_.begin(), comments_.end(), begin,
                             [](const Comment &c, size_t off) { return c.begin < off; });
  for (; it != comments_.end() && it->begin < end; ++it)
    if (it->newlineBefore)
      return it->begin;
  return end;
}

size_t SourceTokens::trailingCommentsEnd(size_t end) const {
  auto it = std::lower_bound(comments_.begin(), comments_.end(), end,
                             [](const Comment &c, size_t off) { return c.begin < off; });
  const CodeToken *next = codeAtOrAfter(end);
  for (; it != comments_.end() && !it->newlineBefore && (!next || it->begin < next->begin); ++it)
    end = it->end;
  return end;
}

// ------------------------------------------------------------------ placing

DocId CommentPlacer::commentText(const Comment &c) { return arena_.text(c.text); }

void CommentPlacer::toSlot(const Comment &c) {
  if (c.newlineAfter) {
    // `x = 1 // why`: at the end of the line, whatever comes after the token.
    DocId suffix = arena_.lineSuffix(commentText(c), c.lineComment);
    arena_.fill(slot_, arena_.concat({suffix, arena_.breakParent()}));
    suffixPending_ = suffixPending_ || c.lineComment;
  } else if (suffixPending_) {
    // After a `//` comment that may still wait for the end of this line.
    arena_.fill(slot_, arena_.concat({arena_.suffixBreak(), arena_.separator(), commentText(c)}));
    suffixPending_ = false;
  } else {
    // `f(a /* x */, b)`: stays where it is.
    arena_.fill(slot_, arena_.concat({arena_.text(" "), commentText(c)}));
  }
}

DocId CommentPlacer::leading(size_t offset) {
  const std::vector<Comment> &all = tokens_.comments();
  if (next_ >= all.size() || all[next_].begin >= offset)
    return arena_.empty();
  std::vector<DocId> parts;
  bool afterComment = false; // the last thing placed was a comment, printed here
  for (; next_ < all.size() && all[next_].begin < offset; ++next_) {
    const Comment &c = all[next_];
    if (!c.newlineBefore && c.newlineAfter && slot_ != ~DocId(0) && !afterComment) {
      toSlot(c);
      continue;
    }
    afterComment = true;
    if (c.newlineBefore) {
      parts.push_back(arena_.freshline());
      suffixPending_ = false;
    } else if (suffixPending_ && parts.empty()) {
      // `a // c` then `, /* d */ b` on the next line: if `// c` still
      // waits for the end of its line, `/* d */` starts the next one.
      parts.push_back(arena_.suffixBreak());
      suffixPending_ = false;
    }
    parts.push_back(commentText(c));
    // A comment written after this one on its line goes right after it,
    // unless this one ends the line.
    if (c.lineComment)
      slot_ = ~DocId(0);
    else
      parts.push_back(trailingSlot());
    // A comment written after this one on its line, with only tokens the
    // printer drops or moves between them (`,` `:` `;`), will follow it on
    // its line, and so will what comes after (as it would in a second pass).
    bool followed = next_ + 1 < all.size() && all[next_ + 1].begin < offset && !all[next_ + 1].newlineBefore &&
                    !c.lineComment;
    if (c.newlineAfter && !followed) {
      parts.push_back(arena_.hardline());
      if (c.blankAfter)
        parts.push_back(arena_.hardline());
    } else {
      parts.push_back(arena_.text(" "));
    }
  }
  return arena_.concat(parts);
}

void CommentPlacer::lineBreak(size_t next) {
  const std::vector<Comment> &all = tokens_.comments();
  for (; next_ < all.size() && all[next_].begin < next && !all[next_].newlineBefore && slot_ != ~DocId(0); ++next_)
    toSlot(all[next_]);
  suffixPending_ = false;
}

DocId CommentPlacer::trailingSlot() {
  slot_ = arena_.slot();
  return slot_;
}

DocId CommentPlacer::dangling(size_t offset, bool first, bool &any) {
  const std::vector<Comment> &all = tokens_.comments();
  std::vector<DocId> parts;
  bool afterComment = false; // the last thing placed was a comment, printed here
  for (; next_ < all.size() && all[next_].begin < offset; ++next_) {
    const Comment &c = all[next_];
    if (!c.newlineBefore && afterComment) {
      // `/* a */ // b` on a line of their own: together.
      parts.push_back(arena_.text(" "));
      parts.push_back(commentText(c));
      if (c.lineComment)
        slot_ = ~DocId(0);
      else
        parts.push_back(trailingSlot());
      continue;
    }
    if (!c.newlineBefore && slot_ != ~DocId(0)) {
      toSlot(c);
      continue;
    }
    afterComment = true;
    if (c.blankBefore && !first)
      parts.push_back(arena_.hardline());
    parts.push_back(arena_.hardline());
    suffixPending_ = false;
    parts.push_back(commentText(c));
    if (c.lineComment)
      slot_ = ~DocId(0);
    else
      parts.push_back(trailingSlot());
    first = false;
    any = true;
  }
  return arena_.concat(parts);
}

} // namespace flytec::format
