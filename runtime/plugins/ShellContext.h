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
//            delimiter is unquoted; a value holding the delimiter as a line
//            is refused (no escaping can keep it in the document)
//
// The scanner follows POSIX sh far enough to know those contexts: quotes,
// backslash escapes, `$(`, `${`, backquotes, comments at the start of a
// word, and here-documents (including `<<-`). It is fed the script's text
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
  std::string delimiter;
};

class ShellScanner {
public:
  /// Reads `text`: shell source between placeholders.
  void feed(llvm::StringRef text);
  /// The context a placeholder at the current position is in.
  ShellContext context() const;
  /// A placeholder's text was inserted here (it ends a pending `<<` word).
  void placeholder();

private:
  enum class State : uint8_t { Word, Double, Single, Comment, Backslash };
  struct Frame {
    State state;
    char closer; // what ends it: ')' '}' '`' '"' '\'', '\n' for a comment, 0 at the top
  };
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
