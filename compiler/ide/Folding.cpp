#include "ide/Folding.h"

#include "parse/Tokens.h"

#include <algorithm>

namespace flytec::ide {

namespace {

struct Located {
  const parse::Token *token;
  unsigned startLine;
  unsigned endLine;
  bool beginsLine; // nothing but whitespace before it on its line
};

class Folder {
public:
  explicit Folder(const Analysis &analysis) : analysis_(analysis) {}

  std::vector<FoldingRange> run() {
    std::vector<parse::Token> tokens = parse::tokenize(analysis_.sources(), analysis_.buffer());
    std::vector<Located> located;
    unsigned previousEnd = 0;
    for (const parse::Token &t : tokens) {
      if (t.category == parse::TokenCategory::EndOfFile)
        break;
      unsigned start = lineOf(t.range.Start), end = lineOf(t.range.End);
      located.push_back({&t, start, end, located.empty() || start > previousEnd});
      previousEnd = end;
    }
    brackets(located);
    comments(located);
    strings(located);
    imports();
    std::sort(out_.begin(), out_.end(), [](const FoldingRange &a, const FoldingRange &b) {
      return a.startLine != b.startLine ? a.startLine < b.startLine : a.endLine > b.endLine;
    });
    out_.erase(std::unique(out_.begin(), out_.end(),
                           [](const FoldingRange &a, const FoldingRange &b) {
                             return a.startLine == b.startLine && a.endLine == b.endLine;
                           }),
               out_.end());
    return std::move(out_);
  }

private:
  unsigned lineOf(llvm::SMLoc loc) const { return analysis_.positionOf(loc).line; }

  void add(unsigned start, unsigned end, llvm::StringRef kind = "") {
    if (end > start)
      out_.push_back({start, end, kind.str()});
  }

  /// A closer that begins its line stays visible below the fold, as the
  /// line that ends the construct.
  static unsigned lastFolded(const Located &closer) {
    return closer.beginsLine ? closer.startLine - 1 : closer.startLine;
  }

  /// Pairs openers and closers; in a broken file a closer pairs with the
  /// nearest opener of its kind, dropping unclosed ones above it, and a
  /// closer with none is ignored.
  void brackets(const std::vector<Located> &tokens) {
    std::vector<std::pair<char, unsigned>> open;
    for (const Located &l : tokens) {
      if (l.token->category != parse::TokenCategory::Punctuation || l.token->text.size() != 1)
        continue;
      char c = l.token->text[0];
      if (c == '{' || c == '(' || c == '[') {
        open.push_back({c, l.startLine});
        continue;
      }
      char opener = c == '}' ? '{' : c == ')' ? '(' : c == ']' ? '[' : 0;
      if (!opener)
        continue;
      auto match = std::find_if(open.rbegin(), open.rend(), [&](const auto &o) { return o.first == opener; });
      if (match == open.rend())
        continue;
      unsigned start = match->second;
      open.erase(std::next(match).base(), open.end());
      if (l.startLine > start)
        add(start, lastFolded(l));
    }
  }

  /// Runs of line comments (each alone on its line, on consecutive lines,
  /// doc comments apart from the others) and block comments over lines.
  void comments(const std::vector<Located> &tokens) {
    for (size_t i = 0; i < tokens.size(); ++i) {
      const Located &l = tokens[i];
      bool doc = l.token->category == parse::TokenCategory::DocComment;
      if (!doc && l.token->category != parse::TokenCategory::Comment)
        continue;
      if (l.endLine > l.startLine) { // a block comment
        add(l.startLine, l.endLine, "comment");
        continue;
      }
      if (!l.beginsLine || !isLineComment(l))
        continue;
      size_t j = i;
      while (j + 1 < tokens.size() && tokens[j + 1].token->category == l.token->category &&
             tokens[j + 1].beginsLine && tokens[j + 1].startLine == tokens[j].startLine + 1 &&
             isLineComment(tokens[j + 1]))
        ++j;
      add(l.startLine, tokens[j].startLine, "comment");
      i = j;
    }
  }
  static bool isLineComment(const Located &l) { return l.token->text.startswith("//"); }

  /// Triple-quoted strings over several lines (a script in a task body).
  void strings(const std::vector<Located> &tokens) {
    for (const Located &l : tokens) {
      if (l.endLine <= l.startLine)
        continue;
      bool string = l.token->category == parse::TokenCategory::String ||
                    llvm::StringRef(l.token->kind).startswith("UNTERMINATED_TRIPLE");
      if (!string)
        continue;
      // The closing quotes alone on their line stay visible.
      llvm::StringRef text = l.token->text;
      llvm::StringRef lastLine = text.substr(text.rfind('\n') + 1);
      bool closerBeginsLine = lastLine.ltrim(" \t").startswith("\"") && lastLine.trim(" \t\r\"").empty();
      add(l.startLine, closerBeginsLine ? l.endLine - 1 : l.endLine);
    }
  }

  /// Each run of consecutive imports.
  void imports() {
    if (!analysis_.module() || !analysis_.module()->ast)
      return;
    const ast::ImportDecl *first = nullptr, *last = nullptr;
    auto flush = [&] {
      if (first)
        add(lineOf(first->range().Start), lineOf(last->range().End), "imports");
      first = last = nullptr;
    };
    for (const ast::Decl *d : analysis_.module()->ast->decls) {
      const auto *import = llvm::dyn_cast_or_null<ast::ImportDecl>(d);
      if (!import || !import->range().Start.isValid()) {
        flush();
        continue;
      }
      if (!first)
        first = import;
      last = import;
    }
    flush();
  }

  const Analysis &analysis_;
  std::vector<FoldingRange> out_;
};

} // namespace

std::vector<FoldingRange> foldingRanges(const Analysis &analysis) { return Folder(analysis).run(); }

} // namespace flytec::ide
