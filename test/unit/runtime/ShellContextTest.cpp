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

const char *kHostile[] = {
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
  EXPECT_EQ(contextAfter("echo `"), ShellContextKind::Word);
  EXPECT_EQ(contextAfter("echo $(( "), ShellContextKind::Word);
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
  auto pkg = std::make_unique<ir::Package>();
  ir::Task task;
  task.name = "m.t";
  ir::Param v;
  v.name = "v";
  v.type = pkg->types.scalar(ir::TypeKind::String);
  task.inputs.push_back(v);
  PathNames paths{[](llvm::StringRef) { return std::string(); }, "", ""};
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
  };
  for (const Case &c : cases)
    for (const char *hostile : kHostile) {
      ValueMap inputs{{"v", hostile}};
      PlaceholderScope scope{*pkg, task, inputs, dir.path, "", ""};
      std::string error;
      std::optional<std::string> script = renderParts(scope, parts(c.before, c.after), true, paths, error);
      std::string what = std::string(c.before) + "{{v}}" + c.after + " with " + hostile;
      if (!script) {
        // Refused only where no escaping can work: a here-document line
        // equal to its delimiter.
        EXPECT_NE(std::string(hostile).find("\nEOF\n"), std::string::npos) << what << ": " << error;
        continue;
      }
      EXPECT_EQ(runShell(dir.path, *script), std::string(hostile) + "\n") << what << "\nscript: " << *script;
      EXPECT_FALSE(exists(dir / "pwned")) << what << "\nscript: " << *script;
    }
}

TEST(ShellContext, CommentsStayComments) {
  TempDir dir;
  auto pkg = std::make_unique<ir::Package>();
  ir::Task task;
  task.name = "m.t";
  ir::Param v;
  v.name = "v";
  v.type = pkg->types.scalar(ir::TypeKind::String);
  task.inputs.push_back(v);
  PathNames paths{[](llvm::StringRef) { return std::string(); }, "", ""};
  ValueMap inputs{{"v", "x\ntouch pwned"}};
  PlaceholderScope scope{*pkg, task, inputs, dir.path, "", ""};
  std::string error;
  auto script = renderParts(scope, parts("# about ", "\necho done\n"), true, paths, error);
  ASSERT_TRUE(script) << error;
  EXPECT_EQ(runShell(dir.path, *script), "done\n");
  EXPECT_FALSE(exists(dir / "pwned"));
}
