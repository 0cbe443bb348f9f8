#include "format/Doc.h"

#include "diag/SourceLocation.h"

#include <cassert>

namespace flytec::format {

namespace {

constexpr DocId kNone = ~DocId(0);

/// Characters in `text`; ASCII without a scan of code points.
unsigned widthOf(llvm::StringRef text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80)
      return countCharacters(text);
  return unsigned(text.size());
}

} // namespace

DocArena::DocArena() {
  line_ = add({DocKind::Line});
  softline_ = add({DocKind::SoftLine});
  hardline_ = add({DocKind::HardLine});
  freshline_ = add({DocKind::FreshLine});
  suffixBreak_ = add({DocKind::SuffixBreak});
  breakParent_ = add({DocKind::BreakParent});
  empty_ = add({DocKind::Concat, false, 0, 0});
  separator_ = add({DocKind::Separator});
}

void DocArena::reserveFor(size_t sourceBytes) {
  // Measured on bench/gen_module.py output: about 0.6 nodes and as many
  // children per byte, and the texts as long as the source.
  nodes_.reserve(sourceBytes * 3 / 4);
  children_.reserve(sourceBytes * 3 / 4);
  texts_.reserve(sourceBytes);
}

DocId DocArena::add(DocNode node) {
  nodes_.push_back(node);
  return DocId(nodes_.size() - 1);
}

DocId DocArena::text(llvm::StringRef text) {
  if (text.empty())
    return empty_;
  DocNode n{DocKind::Text, false, uint32_t(texts_.size()), uint32_t(text.size())};
  texts_.append(text.data(), text.size());
  return add(n);
}

DocId DocArena::concat(llvm::ArrayRef<DocId> parts) {
  if (parts.empty())
    return empty_;
  if (parts.size() == 1)
    return parts.front();
  DocNode n{DocKind::Concat, false, uint32_t(children_.size()), uint32_t(parts.size())};
  children_.insert(children_.end(), parts.begin(), parts.end());
  return add(n);
}

DocId DocArena::indent(DocId child) { return add({DocKind::Indent, false, child, 0}); }
DocId DocArena::group(DocId child) { return add({DocKind::Group, false, child, 0}); }
DocId DocArena::ifBreak(DocId broken, DocId flat) { return add({DocKind::IfBreak, false, broken, flat}); }
DocId DocArena::lineSuffix(DocId child, bool endsLine) {
  return add({DocKind::LineSuffix, false, child, endsLine ? 1u : 0u});
}

DocId DocArena::mark(unsigned &index) {
  index = marks_++;
  return add({DocKind::Mark, false, index, 0});
}

DocId DocArena::slot() { return add({DocKind::Slot, false, kNone, 0}); }

void DocArena::fill(DocId slot, DocId child) {
  assert(nodes_[slot].kind == DocKind::Slot && "fill() takes a slot");
  // No reference into nodes_ across concat(), which may grow it.
  DocId current = nodes_[slot].a;
  DocId contents = current == kNone ? child : concat({current, child});
  nodes_[slot].a = contents;
}

bool DocArena::filled(DocId slot) const { return nodes_[slot].kind == DocKind::Slot && nodes_[slot].a != kNone; }

BlockLine DocArena::blockLine(llvm::StringRef text, uint32_t extraIndent) {
  BlockLine line{uint32_t(texts_.size()), uint32_t(text.size()), extraIndent};
  texts_.append(text.data(), text.size());
  return line;
}

DocId DocArena::blockLines(llvm::ArrayRef<BlockLine> lines) {
  DocNode n{DocKind::BlockLines, false, uint32_t(lines_.size()), uint32_t(lines.size())};
  lines_.insert(lines_.end(), lines.begin(), lines.end());
  return add(n);
}

// ------------------------------------------------------------------ printing

class DocPrinter {
public:
  DocPrinter(DocArena &arena, unsigned width, unsigned indentWidth, std::vector<size_t> *marks)
      : a_(arena), width_(int(width)), step_(indentWidth), marks_(marks) {
    if (marks_)
      marks_->assign(arena.markCount(), 0);
  }

  std::string run(DocId root) {
    computeBreaks(root);
    cmds_.push_back({0, Mode::Break, root});
    while (!cmds_.empty() || !suffixes_.empty() || !deferred_.empty()) {
      if (cmds_.empty() && !suffixes_.empty()) {
        flushSuffixes();
        continue;
      }
      if (cmds_.empty()) {
        // The document ends with deferred suffixes: each on its line.
        if (!lineEmpty_) {
          trimTrailingSpaces();
          out_ += '\n';
          lineIndent_ = 0;
          lineEmpty_ = true;
        }
        writeDeferred();
        // writeDeferred ends with a line break the document did not ask for.
        if (!out_.empty() && out_.back() == '\n')
          out_.pop_back();
        continue;
      }
      Cmd c = cmds_.back();
      cmds_.pop_back();
      step(c);
    }
    return std::move(out_);
  }

private:
  enum class Mode : uint8_t { Break, Flat };
  struct Cmd {
    unsigned indent;
    Mode mode;
    DocId doc;
  };
  struct Suffix {
    Cmd cmd;
    bool endsLine; // nothing may follow it on its line
    bool mark;     // a mark waiting for the suffixes before it
  };

  /// Marks every group holding a forced break, and returns whether `id`
  /// holds one. Documents are DAGs (lines are shared), so results are memoized.
  bool computeBreaks(DocId root) {
    forced_.assign(a_.nodes_.size(), 0);
    return forced(root);
  }

  bool forced(DocId id) {
    uint8_t &memo = forced_[id];
    if (memo)
      return memo == 2;
    DocNode &n = a_.nodes_[id];
    bool result = false;
    switch (n.kind) {
    case DocKind::Text:
      result = a_.textOf(n).contains('\n');
      break;
    case DocKind::HardLine:
    case DocKind::FreshLine:
    case DocKind::SuffixBreak:
    case DocKind::BreakParent:
      result = true;
      break;
    case DocKind::Line:
    case DocKind::SoftLine:
    case DocKind::Mark:
    case DocKind::Separator:
    case DocKind::LineSuffix: // printed at the end of the line: it never breaks a group
      break;
    case DocKind::BlockLines:
      result = n.b > 1;
      break;
    case DocKind::Concat:
      for (uint32_t i = 0; i < n.b; ++i)
        result |= forced(a_.children_[n.a + i]);
      break;
    case DocKind::Indent:
      result = forced(n.a);
      break;
    case DocKind::Group:
      result = forced(n.a);
      a_.nodes_[id].broken = result;
      break;
    case DocKind::IfBreak: {
      bool broken = forced(n.a);
      bool flat = forced(n.b);
      result = broken || flat;
      break;
    }
    case DocKind::Slot:
      result = n.a != kNone && forced(n.a);
      break;
    }
    forced_[id] = result ? 2 : 1;
    return result;
  }

  void step(const Cmd &c) {
    const DocNode &n = a_.nodes_[c.doc];
    switch (n.kind) {
    case DocKind::Text:
      write(a_.textOf(n));
      return;
    case DocKind::Concat:
      for (uint32_t i = n.b; i-- > 0;)
        cmds_.push_back({c.indent, c.mode, a_.children_[n.a + i]});
      return;
    case DocKind::Indent:
      cmds_.push_back({c.indent + step_, c.mode, n.a});
      return;
    case DocKind::Group: {
      Mode mode = Mode::Break;
      if (!n.broken)
        mode = c.mode == Mode::Flat || fits(n.a) ? Mode::Flat : Mode::Break;
      cmds_.push_back({c.indent, mode, n.a});
      return;
    }
    case DocKind::IfBreak:
      cmds_.push_back({c.indent, c.mode, c.mode == Mode::Break ? n.a : n.b});
      return;
    case DocKind::Line:
    case DocKind::SoftLine:
      if (c.mode == Mode::Flat) {
        if (n.kind == DocKind::Line)
          write(" ");
        return;
      }
      newline(c);
      return;
    case DocKind::HardLine:
      newline(c);
      return;
    case DocKind::FreshLine:
      if (!lineEmpty_ || !suffixes_.empty())
        newline(c);
      return;
    case DocKind::SuffixBreak:
      if (!suffixes_.empty())
        newline({c.indent, c.mode, a_.hardline_}); // comes back after the suffixes: as a line break
      return;
    case DocKind::LineSuffix:
      suffixes_.push_back({{c.indent, c.mode, n.a}, n.b != 0, false});
      return;
    case DocKind::BreakParent:
      return;
    case DocKind::Mark:
      if (!suffixes_.empty())
        suffixes_.push_back({c, false, true}); // after the trailing comments of its line
      else if (marks_)
        (*marks_)[n.a] = out_.size();
      return;
    case DocKind::Slot:
      if (n.a != kNone)
        cmds_.push_back({c.indent, c.mode, n.a});
      return;
    case DocKind::BlockLines:
      blockLines(n);
      return;
    case DocKind::Separator:
      if (!lineEmpty_ && out_.back() != ' ')
        write(" ");
      return;
    }
  }

  /// Pending line suffixes print before the newline: the command goes back
  /// on the stack under them.
  void newline(const Cmd &c) {
    if (!suffixes_.empty()) {
      cmds_.push_back(c);
      flushSuffixes();
      return;
    }
    trimTrailingSpaces();
    out_ += '\n';
    lineIndent_ = c.indent;
    col_ = c.indent;
    lineEmpty_ = true;
  }

  /// Queues the pending suffixes, in order, up to and including the first
  /// that ends its line (a `//` comment). The ones after it cannot share
  /// that line: they wait for the next line that gets text, and go on lines
  /// of their own before it (deferred_), where a second pass would put them.
  void flushSuffixes() {
    std::vector<Cmd> ordered;
    bool lineEnded = false;
    for (const Suffix &s : suffixes_) {
      if (lineEnded && !s.mark) {
        deferred_.push_back(s);
        continue;
      }
      if (s.mark && lineEnded && !deferred_.empty()) {
        deferred_.push_back(s);
        continue;
      }
      if (!s.mark)
        ordered.push_back({s.cmd.indent, Mode::Break, a_.separator_});
      ordered.push_back(s.cmd);
      lineEnded = lineEnded || s.endsLine;
    }
    suffixes_.clear();
    for (size_t i = ordered.size(); i-- > 0;)
      cmds_.push_back(ordered[i]);
  }

  /// Prints the deferred suffixes, each on a line of its own, before the
  /// text about to start the current (empty) line: indented as that line,
  /// or as the suffix was if deeper (a comment before a closing bracket
  /// belongs inside it).
  void writeDeferred() {
    std::vector<Suffix> deferred = std::move(deferred_);
    deferred_.clear();
    unsigned indent = lineIndent_;
    for (const Suffix &s : deferred) {
      if (s.mark) {
        if (marks_)
          (*marks_)[a_.nodes_[s.cmd.doc].a] = out_.size();
        continue;
      }
      lineIndent_ = std::max(indent, s.cmd.indent);
      col_ = lineIndent_;
      printNow(s.cmd);
      trimTrailingSpaces();
      out_ += '\n';
      lineIndent_ = indent;
      col_ = indent;
      lineEmpty_ = true;
    }
  }

  /// Prints a command and everything it expands to, at once.
  void printNow(const Cmd &c) {
    size_t base = cmds_.size();
    cmds_.push_back(c);
    while (cmds_.size() > base) {
      Cmd next = cmds_.back();
      cmds_.pop_back();
      step(next);
    }
  }

  void trimTrailingSpaces() {
    size_t end = out_.size();
    while (end > trimFloor_ && (out_[end - 1] == ' ' || out_[end - 1] == '\t'))
      --end;
    out_.resize(end);
  }

  void writeIndentIfNeeded() {
    if (lineEmpty_ && !deferred_.empty())
      writeDeferred();
    if (lineEmpty_) {
      out_.append(lineIndent_, ' ');
      lineEmpty_ = false;
    }
  }

  void write(llvm::StringRef text) {
    if (text.empty())
      return;
    size_t nl = text.find('\n');
    writeIndentIfNeeded();
    if (nl == llvm::StringRef::npos) {
      out_.append(text.data(), text.size());
      col_ += widthOf(text);
      return;
    }
    // Text written as it is, line breaks included (a block comment, a
    // string that cannot be re-indented): nothing in it may be trimmed.
    out_.append(text.data(), text.size());
    trimFloor_ = out_.size();
    col_ = widthOf(text.substr(text.rfind('\n') + 1));
  }

  void blockLines(const DocNode &n) {
    unsigned base = lineIndent_;
    for (uint32_t i = 0; i < n.b; ++i) {
      const BlockLine &l = a_.lines_[n.a + i];
      llvm::StringRef text(a_.texts_.data() + l.textOffset, l.textLength);
      if (i > 0) {
        trimTrailingSpaces();
        out_ += '\n';
        col_ = 0;
        if (!text.empty()) {
          out_.append(base + l.extraIndent, ' ');
          col_ = base + l.extraIndent;
        }
      } else {
        writeIndentIfNeeded();
      }
      out_.append(text.data(), text.size());
      col_ += widthOf(text);
      trimFloor_ = out_.size();
    }
    lineEmpty_ = false;
  }

  /// Whether `doc`, flat, and what follows it up to the next possible line
  /// break fit in what is left of the line.
  bool fits(DocId doc) {
    int remaining = width_ - int(col_);
    size_t rest = cmds_.size();
    fitStack_.clear();
    fitStack_.push_back({Mode::Flat, doc});
    while (remaining >= 0) {
      if (fitStack_.empty()) {
        if (rest == 0)
          return true;
        const Cmd &c = cmds_[--rest];
        fitStack_.push_back({c.mode, c.doc});
        continue;
      }
      auto [mode, id] = fitStack_.back();
      fitStack_.pop_back();
      const DocNode &n = a_.nodes_[id];
      switch (n.kind) {
      case DocKind::Text: {
        llvm::StringRef text = a_.textOf(n);
        size_t nl = text.find('\n');
        if (nl != llvm::StringRef::npos)
          return remaining - int(widthOf(text.substr(0, nl))) >= 0;
        remaining -= int(widthOf(text));
        break;
      }
      case DocKind::Concat:
        for (uint32_t i = n.b; i-- > 0;)
          fitStack_.push_back({mode, a_.children_[n.a + i]});
        break;
      case DocKind::Indent:
        fitStack_.push_back({mode, n.a});
        break;
      case DocKind::Group:
        fitStack_.push_back({n.broken ? Mode::Break : mode, n.a});
        break;
      case DocKind::IfBreak:
        fitStack_.push_back({mode, mode == Mode::Break ? n.a : n.b});
        break;
      case DocKind::Line:
        if (mode == Mode::Break)
          return true;
        remaining -= 1;
        break;
      case DocKind::SoftLine:
        if (mode == Mode::Break)
          return true;
        break;
      case DocKind::HardLine:
      case DocKind::FreshLine:
      case DocKind::SuffixBreak:
        return true;
      case DocKind::LineSuffix:
      case DocKind::BreakParent:
      case DocKind::Mark:
      case DocKind::Separator:
        break;
      case DocKind::Slot:
        if (n.a != kNone)
          fitStack_.push_back({mode, n.a});
        break;
      case DocKind::BlockLines: {
        if (n.b == 0)
          break;
        const BlockLine &l = a_.lines_[n.a];
        remaining -= int(widthOf(llvm::StringRef(a_.texts_.data() + l.textOffset, l.textLength)));
        if (n.b > 1)
          return remaining >= 0;
        break;
      }
      }
    }
    return false;
  }

  DocArena &a_;
  int width_;
  unsigned step_;
  std::vector<size_t> *marks_;
  std::vector<uint8_t> forced_;
  std::vector<Cmd> cmds_;
  std::vector<Suffix> suffixes_;
  std::vector<Suffix> deferred_; // suffixes that wait for the next line with text
  std::vector<std::pair<Mode, DocId>> fitStack_;
  std::string out_;
  unsigned col_ = 0;        // characters on the current line, indentation included
  unsigned lineIndent_ = 0; // the current line's indentation
  bool lineEmpty_ = true;   // nothing but (unwritten) indentation on the current line
  size_t trimFloor_ = 0;    // trailing spaces before this offset are content
};

std::string printDoc(DocArena &arena, DocId root, unsigned width, unsigned indentWidth,
                     std::vector<size_t> *markOffsets) {
  return DocPrinter(arena, width, indentWidth, markOffsets).run(root);
}

// ------------------------------------------------------------------ debugging

namespace {

void debug(const DocArena &a, DocId id, std::string &out) {
  const DocNode &n = a.node(id);
  auto one = [&](llvm::StringRef name, DocId child) {
    out += name.str() + "(";
    debug(a, child, out);
    out += ")";
  };
  switch (n.kind) {
  case DocKind::Text: {
    out += '"' + a.textOf(id).str() + '"';
    return;
  }
  case DocKind::Line: out += "line"; return;
  case DocKind::SoftLine: out += "softline"; return;
  case DocKind::HardLine: out += "hardline"; return;
  case DocKind::FreshLine: out += "freshline"; return;
  case DocKind::SuffixBreak: out += "suffixBreak"; return;
  case DocKind::BreakParent: out += "breakParent"; return;
  case DocKind::Mark: out += "mark"; return;
  case DocKind::BlockLines: out += "blockLines"; return;
  case DocKind::Separator: out += "separator"; return;
  case DocKind::Concat: {
    out += "[";
    for (uint32_t i = 0; i < n.b; ++i) {
      if (i)
        out += ", ";
      debug(a, a.childAt(n.a + i), out);
    }
    out += "]";
    return;
  }
  case DocKind::Indent: one("indent", n.a); return;
  case DocKind::Group: one("group", n.a); return;
  case DocKind::LineSuffix: one("lineSuffix", n.a); return;
  case DocKind::Slot:
    if (n.a == kNone)
      out += "slot()";
    else
      one("slot", n.a);
    return;
  case DocKind::IfBreak:
    out += "ifBreak(";
    debug(a, n.a, out);
    out += ", ";
    debug(a, n.b, out);
    out += ")";
    return;
  }
}

} // namespace

std::string debugDoc(const DocArena &arena, DocId root) {
  std::string out;
  debug(arena, root, out);
  return out;
}

} // namespace flytec::format
