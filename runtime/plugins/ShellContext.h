// Where in shell syntax a placeholder stands, so that its value can be
// written safely there. Single-quoting a value is safe only where the shell
// reads a word: inside "..." the quotes would be literal text and `$(...)`
// in the value would run, inside '...' they would end the string, in a
// comment a newline would end the comment, and inside a here-document a
// line equal to its delimiter would end it. LANGUAGE.md §5.2 requires that
// no input can inject shell text, so each context gets its own escaping:
//
//   word     (unquoted, `$(...)`, backquotes)   'single-quoted'
//   "..."    and `${...}` inside it             backslash before \ $ ` " (and })
//   '...'                                        ' written '\''
//   # comment                                    newlines as spaces
//   here-document <<EOF / <<'EOF'                \ $ ` escaped when the
//            delimiter is unquoted; a value that would make a line equal
//            to the delimiter is refused (no escaping can keep it inside)
//   $((...)), ((...)), `...`                    numbers only; anything else
//            is refused (the shell reads quotes there its own way)
//   $'...'                                       refused (bash's escapes)
//
// The scanner follows POSIX sh far enough to know those contexts: quotes,
// backslash escapes, `$(`, `${`, arithmetic, backquotes, comments at the
// start of a word, `case` patterns (whose `)` closes nothing), and
// here-documents (including `<<-`). It is fed the script's text
// parts in order; placeholders are words of their own and do not change
// the state.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <string>
#include <vector>

namespace flytec::runtime {

enum class ShellContextKind : uint8_t {
  Word,
  DoubleQuoted,
  SingleQuoted,
  Comment,
  HereDocument,
  /// Inside `$(( ))`, `(( ))` or backquotes, where the shell reads quotes
  /// and `$(...)` its own way: only numbers (and true/false) are written
  /// there; any other value is refused.
  NumbersOnly,
  /// Right after a backslash, or inside a here-document's delimiter: no
  /// escaping makes a value safe there, so the attempt is refused.
  Unsafe,
};

struct ShellContext {
  ShellContextKind kind = ShellContextKind::Word;
  /// HereDocument: whether its delimiter was quoted (no expansions inside).
  bool literal = false;
  /// DoubleQuoted: inside `${...}` within double quotes, where an unescaped
  /// `}` would end the expansion.
  bool brace = false;
  /// HereDocument: the current line up to the placeholder, and whether
  /// leading tabs are stripped (`<<-`): a value must not complete a line
  /// equal to the delimiter.
  std::string line;
  bool stripTabs = false;
  std::string delimiter;
};

class ShellScanner {
public:
  /// Reads `text`: shell source between placeholders.
  void feed(llvm::StringRef text);
  /// The context a placeholder at the current position is in.
  ShellContext context() const;
  /// A placeholder was written here as `text` (it is a word of its own; in a
  /// here-document its text continues the current line).
  void placeholder(llvm::StringRef text);

private:
  enum class State : uint8_t { Word, Double, Single, Comment, Backslash, Arithmetic };
  struct Frame {
    State state;
    char closer;       // what ends it: ')' '}' '`' '"' '\'', '\n' for a comment, 0 at the top
    int caseDepth = 0; // Word: open `case` commands, whose `)` ends a pattern, not the frame
    bool ansi = false; // Single: `$'...'`, where a backslash escapes a quote
  };
  void endWord();
  bool insideBackquotes() const;
  std::string word_; // the unquoted word being read, to spot `case` and `esac`
  bool commandStart_ = true; // the next word is in command position (only there is `case` a keyword)
  bool wordIsCommand_ = false;
  void step(char c);
  void wordChar(char c);
  void newline();
  const Frame &top() const { return stack_.back(); }

  std::vector<Frame> stack_{{State::Word, 0}};
  bool wordStart_ = true; // the next character starts a word (a '#' there begins a comment)
  char prev_ = 0;
  // Here-documents: after `<<` the delimiter word is read; bodies start at
  // the next newline, in order, each ending at a line equal to its delimiter.
  int lessThans_ = 0;
  enum class Delimiter : uint8_t { None, AfterLessThans, Skipping, Reading } delimiterState_ = Delimiter::None;
  struct HereDoc {
    std::string delimiter;
    bool literal = false;
    bool stripTabs = false;
  };
  HereDoc reading_;
  char delimiterQuote_ = 0;
  std::vector<HereDoc> pending_;
  bool inBody_ = false;
  HereDoc body_;
  std::string line_;
};

} // namespace flytec::runtime
