#include "Annotated.h"
#include "TestWorkspace.h"
#include "ide/SignatureHelp.h"

#include <gtest/gtest.h>

#include <cstring>

namespace flytec::ide::test {
namespace {

const char *kLib = R"(module lib
/// Loads a table.
task load(region: string, limit: int = 10) -> (rows: int) {
  shell "echo 1 > {{outputs.rows}}"
}
)";

/// Signature help at each mark of `marked` (one file, importing lib.flyte).
class Signatures {
public:
  explicit Signatures(llvm::StringRef marked) : src_(marked) {
    ws_.write("lib.flyte", kLib);
    path_ = ws_.open("main.flyte", src_.text());
    ws_.workspace().analyze(path_);
  }
  std::optional<SignatureHelpInfo> at(llvm::StringRef mark = "") {
    return signatureHelp(ws_.workspace(), path_, src_.point(mark));
  }
  std::optional<SignatureHelpInfo> at(Position p) { return signatureHelp(ws_.workspace(), path_, p); }
  Workspace &workspace() { return ws_.workspace(); }
  const std::string &path() const { return path_; }

private:
  Annotated src_;
  TestWorkspace ws_;
  std::string path_;
};

const char *kTasks = R"(import "lib.flyte"
/// Doubles x.
task double(
  /// The number.
  x: int,
  y: int = 2,
) -> (out: int) {
  shell "echo {{x}} > {{outputs.out}}"
}
)";

/// Every parameter is a substring of the label, as LSP requires.
void expectSubstrings(const SignatureHelpInfo &s) {
  for (const std::string &p : s.parameters)
    EXPECT_NE(s.label.find(p), std::string::npos) << p << " in " << s.label;
  EXPECT_EQ(s.parameters.size(), s.parameterDocs.size());
}

TEST(SignatureHelp, TaskWithNamedArguments) {
  Signatures s(std::string(kTasks) + R"(workflow w(n: int) -> (o: int) {
  let a = double($open^)
  let b = double(y: 3, $second^)
  let c = double(y: $valued^)
  let d = double(x: 1, y: 2$full^)
  let e = double(y$typing^)
  let f = double(x: 1, $last^ )
  return (o: a)
}
)");
  auto h = s.at("open");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->label, "task double(x: int, y: int = 2) -> (out: int)");
  EXPECT_EQ(h->documentation, "Doubles x.");
  EXPECT_EQ(h->parameters, (std::vector<std::string>{"x: int", "y: int = 2"}));
  EXPECT_EQ(h->parameterDocs, (std::vector<std::string>{"The number.", ""}));
  EXPECT_EQ(h->activeParameter, 0);
  expectSubstrings(*h);
  EXPECT_EQ(s.at("second")->activeParameter, 0); // the first input not given
  EXPECT_EQ(s.at("valued")->activeParameter, 1);
  EXPECT_EQ(s.at("full")->activeParameter, 1);
  EXPECT_EQ(s.at("typing")->activeParameter, 1); // the label being typed
  EXPECT_EQ(s.at("last")->activeParameter, 1);
}

TEST(SignatureHelp, InnermostCallAndAcrossModules) {
  Signatures s(std::string(kTasks) + R"(workflow w(n: int) -> (o: int) {
  let a = double(x: lib.load(region: "US", $inner^).rows)
  let b = double(x: len("a$str^bc"))
  let c = double(y: 1, x: $outer^)
  return (o: a)
}
)");
  auto h = s.at("inner");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->label, "task load(region: string, limit: int = 10) -> (rows: int)");
  EXPECT_EQ(h->activeParameter, 1);
  h = s.at("str");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->label.substr(0, 4), "len(");
  EXPECT_EQ(h->activeParameter, 0);
  h = s.at("outer");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->activeParameter, 0);
}

TEST(SignatureHelp, StdFunctionsArePositional) {
  Signatures s(R"(workflow w(xs: list[string]) -> (o: string) {
  let a = join(xs, $second^)
  let b = std.range(1, $overload^)
  let c = min(1, 2, 3, $variadic^)
  return (o: a)
}
)");
  auto h = s.at("second");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->label, "join(parts: list[string], separator: string) -> string");
  EXPECT_EQ(h->parameters, (std::vector<std::string>{"parts: list[string]", "separator: string"}));
  EXPECT_EQ(h->activeParameter, 1);
  expectSubstrings(*h);
  h = s.at("overload");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->label, "range(start: int, stop: int) -> list[int]");
  EXPECT_EQ(h->activeParameter, 1);
  h = s.at("variadic");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->label, "min(a: T, b: T, ...) -> T");
  EXPECT_EQ(h->parameters.back(), "...");
  EXPECT_EQ(h->activeParameter, 2);
  expectSubstrings(*h);
}

TEST(SignatureHelp, PluginConfigAndDecorators) {
  Signatures s(R"(@retries($retries^)
@schedule(every: $schedule^)
task t(db: file) {
  container(image: "x", $config^)
}
)");
  auto h = s.at("config");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->label, "container(image: string, command: list[string], env: map[string, string])");
  EXPECT_EQ(h->activeParameter, 1);
  expectSubstrings(*h);
  h = s.at("retries");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->label, "@retries(3)");
  EXPECT_EQ(h->parameters, std::vector<std::string>{"3"});
  EXPECT_EQ(h->activeParameter, 0);
  h = s.at("schedule");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->label, "@schedule(every: 1h)");
  EXPECT_EQ(h->activeParameter, 0);
}

TEST(SignatureHelp, NothingOutsideCalls) {
  Signatures s(std::string(kTasks) + R"(workflow w(n: int) -> (o: int) {
  let a = dou$name^ble(x: 1)$after^
  let b = unknown($unknown^)
  $stmt^
  return (o: a)
}
)");
  EXPECT_FALSE(s.at("name"));
  EXPECT_FALSE(s.at("after"));
  EXPECT_FALSE(s.at("unknown"));
  EXPECT_FALSE(s.at("stmt"));
}

TEST(SignatureHelp, NeverFails) {
  TestWorkspace ws;
  const char *texts[] = {"", "(", "double(", "@retries(", "task t() { sql(", "workflow w() { let x = len(\"",
                         "workflow w() { f(a: (b: [c: {d: ", ")))", "\"\"\"{{ len(", "task t() { shell(env: {"};
  for (const char *t : texts) {
    std::string path = ws.open("n.flyte", t);
    LineTable lines(t);
    for (size_t offset = 0; offset <= std::strlen(t); ++offset)
      (void)signatureHelp(ws.workspace(), path, lines.positionAt(offset));
    (void)signatureHelp(ws.workspace(), path, Position{99, 99});
  }
  EXPECT_FALSE(signatureHelp(ws.workspace(), ws.pathOf("missing.flyte"), Position{}));
}

} // namespace
} // namespace flytec::ide::test
