// Placeholders in every shell context (ShellContext.h): the scanner finds
// the context, and a hostile value rendered there comes back verbatim from
// a real /bin/sh without running anything.
#include "plugins/ShellContext.h"
#include "plugins/ShellQuoting.h"

#include "PluginTestSupport.h"

#include <cstdio>

using namespace flytec;
using namespace flytec::runtime;
using namespace flytec::runtime::testing;

namespace {

ShellContextKind contextAfter(llvm::StringRef text) {
  ShellScanner s;
  s.feed(text);
  return s.context().kind;
}

/// Script text with one `{{v}}`, as parts.
std::vector<ir::ScriptPart> parts(llvm::StringRef before, llvm::StringRef after) {
  return {{before.str(), false}, {"v", true}, {after.str(), false}};
}

/// Runs `script` with /bin/sh in `dir`; returns its stdout.
std::string runShell(const std::string &dir, const std::string &script) {
  writeFile(dir + "/script.sh", script);
  std::string cmd = "cd '" + dir + "' && /bin/sh script.sh 2>/dev/null";
  std::string out;
  if (FILE *p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
      out.append(buf, n);
    pclose(p);
  }
  return out;
}

/// A task `m.t` with the given inputs, each an int or a string, in a package of its own.
struct TestTask {
  explicit TestTask(std::initializer_list<std::pair<const char *, ir::TypeKind>> inputs) {
    task.name = "m.t";
    for (const auto &[name, kind] : inputs) {
      ir::Param p;
      p.name = name;
      p.type = pkg.types.scalar(kind);
      task.inputs.push_back(p);
    }
  }
  std::optional<std::string> render(const std::string &dir, const ValueMap &inputs,
                                    const std::vector<ir::ScriptPart> &parts, std::string &error) const {
    PlaceholderScope scope{pkg, task, inputs, dir, "", ""};
    PathNames paths{[](llvm::StringRef) { return std::string(); }, "", ""};
    return renderParts(scope, parts, true, paths, error);
  }
  ir::Package pkg;
  ir::Task task;
};

const char *kHostile[] = {
    "`;touch pwned;`",
    "OF\ntouch pwned",
    "plain",
    "it's",
    "$(touch pwned)",
    "`touch pwned`",
    "\"; touch pwned; \"",
    "'; touch pwned; '",
    "a\nEOF\ntouch pwned",
    "back\\slash \\$(touch pwned)",
    "${HOME} $HOME",
    "new\nline; touch pwned #",
};

} // namespace

TEST(ShellContext, FindsTheContextOfAPlaceholder) {
  EXPECT_EQ(contextAfter("echo "), ShellContextKind::Word);
  EXPECT_EQ(contextAfter("echo \""), ShellContextKind::DoubleQuoted);
  EXPECT_EQ(contextAfter("echo \"a\" "), ShellContextKind::Word);
  EXPECT_EQ(contextAfter("echo '"), ShellContextKind::SingleQuoted);
  EXPECT_EQ(contextAfter("echo 'it''"), ShellContextKind::SingleQuoted);
  EXPECT_EQ(contextAfter("echo \"x $("), ShellContextKind::Word);
  EXPECT_EQ(contextAfter("echo \"x $(date) "), ShellContextKind::DoubleQuoted);
  EXPECT_EQ(contextAfter("echo \"${x:-"), ShellContextKind::DoubleQuoted);
  EXPECT_EQ(contextAfter("echo `"), ShellContextKind::NumbersOnly);
  EXPECT_EQ(contextAfter("echo `date` "), ShellContextKind::Word);
  EXPECT_EQ(contextAfter("echo $(( "), ShellContextKind::NumbersOnly);
  EXPECT_EQ(contextAfter("(( "), ShellContextKind::NumbersOnly);
  EXPECT_EQ(contextAfter("echo \"$(( 1 + (2 * "), ShellContextKind::NumbersOnly);
  EXPECT_EQ(contextAfter("x=$(( 1 << 2 ))\necho "), ShellContextKind::Word); // no here-document
  EXPECT_EQ(contextAfter("echo \"$(case x in a) echo "), ShellContextKind::Word);
  EXPECT_EQ(contextAfter("echo \"$(case x in a) echo 1;; esac) "), ShellContextKind::DoubleQuoted);
  EXPECT_EQ(contextAfter("echo \"$(echo case) "), ShellContextKind::DoubleQuoted); // not a keyword there
  EXPECT_EQ(contextAfter("echo $'"), ShellContextKind::Unsafe);
  EXPECT_EQ(contextAfter("# "), ShellContextKind::Comment);
  EXPECT_EQ(contextAfter("echo a#"), ShellContextKind::Word);
  EXPECT_EQ(contextAfter("echo 1 # note\necho "), ShellContextKind::Word);
  EXPECT_EQ(contextAfter("echo \\"), ShellContextKind::Unsafe);
  EXPECT_EQ(contextAfter("echo \"\\\""), ShellContextKind::DoubleQuoted); // "\" is an escaped quote
  EXPECT_EQ(contextAfter("cat <<EOF\n"), ShellContextKind::HereDocument);
  EXPECT_EQ(contextAfter("cat <<EOF\nline\nEOF\necho "), ShellContextKind::Word);
  EXPECT_EQ(contextAfter("cat <<-'END' > f\n\tx "), ShellContextKind::HereDocument);
  EXPECT_EQ(contextAfter("cat <<< "), ShellContextKind::Word);
  EXPECT_EQ(contextAfter("cat << "), ShellContextKind::Unsafe); // the delimiter itself
}

TEST(ShellContext, HostileValuesComeBackVerbatimInEveryContext) {
  TempDir dir;
  TestTask t({{"v", ir::TypeKind::String}});
  struct Case {
    const char *before, *after;
  };
  // Each prints the value alone (and a newline).
  Case cases[] = {
      {"printf '%s\\n' ", ""},
      {"printf '%s\\n' \"", "\""},
      {"printf '%s\\n' '", "'"},
      {"printf '%s\\n' \"$(printf '%s' ", ")\""},
      {"printf '%s\\n' \"${UNSET:-", "}\""},
      {"cat <<EOF\n", "\nEOF\n"},
      {"cat <<'EOF'\n", "\nEOF\n"},
      {"cat <<EOF\nE", "\nEOF\n"},          // the value must not complete "EOF"
      {"printf '%s\\n' \"$(case x in x) printf '%s' ", ";; esac)\""},
  };
  for (const Case &c : cases)
    for (const char *hostile : kHostile) {
      std::string error;
      std::optional<std::string> script = t.render(dir.path, {{"v", hostile}}, parts(c.before, c.after), error);
      std::string what = std::string(c.before) + "{{v}}" + c.after + " with " + hostile;
      if (!script) {
        // Refused only where no escaping can work: a here-document line
        // that would become its delimiter.
        EXPECT_NE(error.find("here-document"), std::string::npos) << what << ": " << error;
        continue;
      }
      std::string expected = std::string(llvm::StringRef(c.before).endswith("E") ? "E" : "") + hostile + "\n";
      EXPECT_EQ(runShell(dir.path, *script), expected) << what << "\nscript: " << *script;
      EXPECT_FALSE(exists(dir / "pwned")) << what << "\nscript: " << *script;
    }
}

TEST(ShellContext, OnlyNumbersInArithmeticAndBackquotes) {
  TempDir dir;
  TestTask t({{"n", ir::TypeKind::Int}, {"s", ir::TypeKind::String}});
  ValueMap inputs{{"n", 6}, {"s", "$(touch pwned)"}};
  std::string error;
  std::vector<ir::ScriptPart> numbers = {{"echo $(( ", false}, {"n", true}, {" * 7 )) `echo ", false}, {"n", true},
                                         {"`", false}};
  auto script = t.render(dir.path, inputs, numbers, error);
  ASSERT_TRUE(script) << error;
  EXPECT_EQ(runShell(dir.path, *script), "42 6\n");
  for (const char *before : {"echo $(( ", "echo `echo ", "(( x = "}) {
    std::vector<ir::ScriptPart> text = {{before, false}, {"s", true}, {" ))`", false}};
    EXPECT_FALSE(t.render(dir.path, inputs, text, error)) << before;
    EXPECT_NE(error.find("only numbers"), std::string::npos) << error;
  }
  EXPECT_FALSE(exists(dir / "pwned"));
}

TEST(ShellContext, CommentsStayComments) {
  TempDir dir;
  TestTask t({{"v", ir::TypeKind::String}});
  std::string error;
  auto script = t.render(dir.path, {{"v", "x\ntouch pwned"}}, parts("# about ", "\necho done\n"), error);
  ASSERT_TRUE(script) << error;
  EXPECT_EQ(runShell(dir.path, *script), "done\n");
  EXPECT_FALSE(exists(dir / "pwned"));
}
