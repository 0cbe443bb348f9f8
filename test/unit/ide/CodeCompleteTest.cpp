#include "Annotated.h"
#include "TestWorkspace.h"
#include "ide/CodeComplete.h"
#include "ide/CursorContext.h"
#include "ide/SignatureHelp.h"

#include <gtest/gtest.h>
#include <llvm/Support/MemoryBuffer.h>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace flytec::ide::test {
namespace {

// ------------------------------------------------------------ CursorContext

CursorContext contextAt(llvm::StringRef marked) {
  Annotated src(marked);
  LineTable lines(src.text());
  return cursorContext(src.text(), lines.offsetAt(src.point()));
}

std::vector<std::string> scopeNames(const CursorContext &c) {
  std::vector<std::string> out;
  for (const ScopeName &s : c.scope)
    out.push_back(s.name);
  return out;
}

using Names = std::vector<std::string>;

TEST(CursorContext, TopLevel) {
  EXPECT_EQ(contextAt("^").kind, CursorKind::TopLevel);
  EXPECT_EQ(contextAt("wor^").kind, CursorKind::TopLevel);
  EXPECT_EQ(contextAt("wor^").prefix, "wor");
  EXPECT_EQ(contextAt("record R { a: int }\n^").kind, CursorKind::TopLevel);
  EXPECT_EQ(contextAt("task t(a: int) -> (b: int)\nt^").kind, CursorKind::TopLevel);
  EXPECT_EQ(contextAt("task t(a: int) { shell \"x\" }\n^").kind, CursorKind::TopLevel);
  EXPECT_EQ(contextAt("import \"a.flyte\"\n^").kind, CursorKind::TopLevel);
  EXPECT_EQ(contextAt("type A = int\n^").kind, CursorKind::TopLevel);
  EXPECT_EQ(contextAt("@cache(version: \"1\")\n^").kind, CursorKind::TopLevel);
  // A name being declared.
  EXPECT_EQ(contextAt("task ^").kind, CursorKind::None);
  EXPECT_EQ(contextAt("workflow w^").kind, CursorKind::None);
}

TEST(CursorContext, StringsAndComments) {
  EXPECT_EQ(contextAt("workflow w() { let s = \"abc ^").kind, CursorKind::None);
  EXPECT_EQ(contextAt("workflow w() { let s = \"abc ^ def\" }").kind, CursorKind::None);
  EXPECT_EQ(contextAt("workflow w() { // x.^\n}").kind, CursorKind::None);
  EXPECT_EQ(contextAt("workflow w() { /* x.^ */ }").kind, CursorKind::None);
  EXPECT_EQ(contextAt("workflow w() { /* x */ ^ }").kind, CursorKind::Expression);
  EXPECT_EQ(contextAt("workflow w() { let n = 12^ }").kind, CursorKind::None);
  EXPECT_EQ(contextAt("workflow w() { let s = \"\\{{ x.^").kind, CursorKind::None);
  // An interpolation is an expression.
  CursorContext c = contextAt("workflow w(x: int) { let s = \"a {{ x.^ }}\" }");
  EXPECT_EQ(c.kind, CursorKind::Member);
  EXPECT_EQ(c.base, Names{"x"});
  EXPECT_TRUE(c.inInterpolation);
  EXPECT_EQ(scopeNames(c), Names{"x"});
  c = contextAt("workflow w(x: int) { let s = \"{{ x }} and {{ ^");
  EXPECT_EQ(c.kind, CursorKind::Expression);
  c = contextAt("workflow w(x: int) { let s = \"{{ x }} and ^");
  EXPECT_EQ(c.kind, CursorKind::None);
}

TEST(CursorContext, TaskScriptPlaceholders) {
  CursorContext c = contextAt(R"(task t(n: int) -> (out: int) {
  shell """
    echo {{ n }} > {{ outputs.^
  """
})");
  EXPECT_EQ(c.kind, CursorKind::Member);
  EXPECT_EQ(c.base, Names{"outputs"});
  EXPECT_TRUE(c.inTaskScript);
  EXPECT_EQ(scopeNames(c), Names{"n"});
  EXPECT_EQ(c.itemOutputs, Names{"out"});
  EXPECT_EQ(c.item, ItemKind::Task);
  EXPECT_EQ(c.itemName, "t");
}

TEST(CursorContext, DecoratorsAndPlugins) {
  EXPECT_EQ(contextAt("@^").kind, CursorKind::Decorator);
  EXPECT_EQ(contextAt("@ret^").kind, CursorKind::Decorator);
  EXPECT_EQ(contextAt("workflow w() {\n  @conc^\n}").kind, CursorKind::Decorator);
  EXPECT_EQ(contextAt("task t() { ^ }").kind, CursorKind::Plugin);
  EXPECT_EQ(contextAt("task t() {\n  sh^").kind, CursorKind::Plugin);
  CursorContext c = contextAt("task t(db: file) { sql(^) \"select 1\" }");
  EXPECT_EQ(c.kind, CursorKind::PluginConfig);
  ASSERT_EQ(c.calls.size(), 1u);
  EXPECT_EQ(c.calls[0].kind, CallSite::Kind::PluginConfig);
  EXPECT_EQ(c.calls[0].callee, Names{"sql"});
  c = contextAt("task t(db: file) { sql(database: ^) }");
  EXPECT_EQ(c.kind, CursorKind::Expression);
  EXPECT_EQ(scopeNames(c), Names{"db"});
  c = contextAt("@retries(^");
  EXPECT_EQ(c.kind, CursorKind::Expression);
  ASSERT_EQ(c.calls.size(), 1u);
  EXPECT_EQ(c.calls[0].kind, CallSite::Kind::Decorator);
  EXPECT_EQ(c.calls[0].callee, Names{"retries"});
}

TEST(CursorContext, Types) {
  EXPECT_EQ(contextAt("task t(a: ^").kind, CursorKind::Type);
  EXPECT_EQ(contextAt("task t(a: in^").kind, CursorKind::Type);
  EXPECT_EQ(contextAt("task t(a: int, b: list[^").kind, CursorKind::Type);
  EXPECT_EQ(contextAt("task t(a: int | ^").kind, CursorKind::Type);
  EXPECT_EQ(contextAt("task t(a: int) -> (b: ^").kind, CursorKind::Type);
  EXPECT_EQ(contextAt("workflow w(a: map[string, ^").kind, CursorKind::Type);
  EXPECT_EQ(contextAt("record R {\n  a: int\n  b: ^\n}").kind, CursorKind::Type);
  EXPECT_EQ(contextAt("type A = ^").kind, CursorKind::Type);
  EXPECT_EQ(contextAt("type A = list[^").kind, CursorKind::Type);
  // Names being declared, and default values.
  EXPECT_EQ(contextAt("task t(^").kind, CursorKind::None);
  EXPECT_EQ(contextAt("task t(a: int, ^").kind, CursorKind::None);
  EXPECT_EQ(contextAt("record R {\n  a: int\n  ^").kind, CursorKind::None);
  CursorContext c = contextAt("task t(a: Region = ^");
  EXPECT_EQ(c.kind, CursorKind::Expression);
  EXPECT_TRUE(c.scope.empty());
  EXPECT_EQ(contextAt("record R {\n  a: int = ^").kind, CursorKind::Expression);
  // A qualified type.
  c = contextAt("task t(a: lib.^");
  EXPECT_EQ(c.kind, CursorKind::Member);
  EXPECT_TRUE(c.typesOnly);
  EXPECT_EQ(c.base, Names{"lib"});
}

TEST(CursorContext, Members) {
  CursorContext c = contextAt("workflow w(a: R) { let x = a.b.^ }");
  EXPECT_EQ(c.kind, CursorKind::Member);
  EXPECT_EQ(c.base, (Names{"a", "b"}));
  EXPECT_FALSE(c.typesOnly);
  c = contextAt("workflow w() { let x = f(a: 1, b: g(c: 2)).ou^ }");
  EXPECT_EQ(c.kind, CursorKind::Member);
  EXPECT_EQ(c.prefix, "ou");
  EXPECT_EQ(c.base, (Names{"f", "()"}));
  c = contextAt("workflow w() { let x = lib.f(a: 1).out.^");
  EXPECT_EQ(c.base, (Names{"lib", "f", "()", "out"}));
  c = contextAt("workflow w(xs: list[R]) { let x = xs[0].^");
  EXPECT_EQ(c.base, (Names{"xs", "[]"}));
}

TEST(CursorContext, Calls) {
  CursorContext c = contextAt("workflow w(n: int) { let x = lib.f(^) }");
  EXPECT_EQ(c.kind, CursorKind::Argument);
  ASSERT_EQ(c.calls.size(), 1u);
  EXPECT_EQ(c.calls[0].kind, CallSite::Kind::Call);
  EXPECT_EQ(c.calls[0].callee, (Names{"lib", "f"}));
  EXPECT_EQ(c.calls[0].argument, 0u);

  c = contextAt("workflow w(n: int) { let x = f(a: 1, ^, c: 3) }");
  EXPECT_EQ(c.kind, CursorKind::Argument);
  EXPECT_EQ(c.calls[0].argument, 1u);
  EXPECT_EQ(c.calls[0].labels, (Names{"a", "c"}));

  c = contextAt("workflow w(n: int) { let x = f(a: 1, b: ^) }");
  EXPECT_EQ(c.kind, CursorKind::Expression);
  EXPECT_EQ(c.calls[0].label, "b");
  EXPECT_EQ(c.calls[0].labels, Names{"a"});
  EXPECT_EQ(scopeNames(c), Names{"n"});

  c = contextAt("workflow w(n: int) { let x = f(a: g(^), b: 2) }");
  ASSERT_EQ(c.calls.size(), 2u);
  EXPECT_EQ(c.calls[0].callee, Names{"g"});
  EXPECT_EQ(c.calls[1].callee, Names{"f"});
  EXPECT_EQ(c.calls[1].label, "a");
  EXPECT_EQ(c.calls[1].labels, Names{"b"});

  c = contextAt("workflow w() -> (a: int, b: int) { return (a: 1, ^) }");
  EXPECT_EQ(c.kind, CursorKind::Argument);
  EXPECT_EQ(c.calls[0].kind, CallSite::Kind::Return);
  EXPECT_EQ(c.itemOutputs, (Names{"a", "b"}));

  c = contextAt("test \"t\" { mock f(a: 1) -> (^) }");
  EXPECT_EQ(c.kind, CursorKind::Argument);
  EXPECT_EQ(c.calls[0].kind, CallSite::Kind::MockOutputs);
  EXPECT_EQ(c.calls[0].callee, Names{"f"});
  EXPECT_EQ(c.item, ItemKind::Test);
  EXPECT_EQ(c.itemName, "t");

  c = contextAt("workflow w() { let r = Stats { rows: 1, ^ } }");
  EXPECT_EQ(c.kind, CursorKind::Argument);
  EXPECT_EQ(c.calls[0].kind, CallSite::Kind::RecordLiteral);
  EXPECT_EQ(c.calls[0].callee, Names{"Stats"});
  EXPECT_EQ(c.calls[0].labels, Names{"rows"});

  c = contextAt("launchplan lp for lib.daily {\n  fixed regions: []\n  default ^\n}");
  EXPECT_EQ(c.kind, CursorKind::Argument);
  EXPECT_EQ(c.calls[0].kind, CallSite::Kind::LaunchPlan);
  EXPECT_EQ(c.calls[0].callee, (Names{"lib", "daily"}));
  EXPECT_EQ(c.calls[0].labels, Names{"regions"});
  c = contextAt("launchplan lp for daily {\n  fixed regions: []\n  ^\n}");
  EXPECT_EQ(c.kind, CursorKind::Keywords);
  EXPECT_EQ(c.keywords, (Names{"fixed", "default"}));
}

TEST(CursorContext, ScopeFollowsBlocks) {
  const char *text = R"(workflow w(a: int, b: list[int]) -> (o: int) {
  let x = 1
  let y = for i in b {
    let inner = i
    $loop^
  }
  let (p, q) = f(x: $own^)
  if a > 0 { let hidden = 1 }
  $after^
})";
  Annotated src(text);
  LineTable lines(src.text());
  auto at = [&](llvm::StringRef mark) { return cursorContext(src.text(), lines.offsetAt(src.point(mark))); };
  EXPECT_EQ(scopeNames(at("loop")), (Names{"a", "b", "x", "i", "inner"}));
  EXPECT_EQ(scopeNames(at("own")), (Names{"a", "b", "x", "y"}));
  EXPECT_EQ(scopeNames(at("after")), (Names{"a", "b", "x", "y", "p", "q"}));
  EXPECT_TRUE(at("after").statementStart);
  EXPECT_FALSE(at("own").statementStart);
  CursorContext c = contextAt("workflow w(xs: list[int]) {\n  let y = for x^");
  EXPECT_EQ(c.kind, CursorKind::None);
  c = contextAt("workflow w(xs: list[int]) {\n  let y = for x ^");
  EXPECT_EQ(c.kind, CursorKind::Keywords);
  EXPECT_EQ(c.keywords, Names{"in"});
}

TEST(CursorContext, ImportsAndLaunchPlans) {
  CursorContext c = contextAt("from \"lib.flyte\" import a, ^");
  EXPECT_EQ(c.kind, CursorKind::ImportedName);
  EXPECT_EQ(c.importPath, "lib.flyte");
  EXPECT_EQ(contextAt("launchplan lp for ^").kind, CursorKind::Expression);
}

TEST(CursorContext, NeverFails) {
  const char *texts[] = {"", "(", ")", "}}}", "{{{", "\"", "\"\"\"", "/*", "@", ".", "task", "task t(",
                         "workflow w() { let x = f(a: [1, 2) }", "workflow w() { \"{{ \"{{ ", "\xff\xfe",
                         "record R { a: int = {\"x\": [1, (2 }", "test \"x\" { mock f() -> (a: 1, "};
  for (const char *t : texts) {
    llvm::StringRef text(t);
    for (size_t offset = 0; offset <= text.size() + 2; ++offset) {
      CursorContext c = cursorContext(text, offset);
      EXPECT_LE(c.prefixBegin, c.offset);
      (void)itemStartBefore(text, offset, nullptr);
    }
  }
}

TEST(CursorContext, ItemStartFromLines) {
  std::string text = "task a() { shell \"x\" }\n\nworkflow w() {\n  let x = 1\n  x\n}\n";
  size_t cursor = text.find("  x\n") + 3;
  EXPECT_EQ(itemStartBefore(text, cursor, nullptr), text.find("workflow"));
  EXPECT_EQ(itemStartBefore(text, 3, nullptr), 0u);
}

// ------------------------------------------------------------ codeComplete

const char *kLib = R"(module lib
/// Where sales happen.
enum Region { US, EU }
record Point { x: int, y: int }
/// Loads a table.
task load(region: Region) -> (rows: int) {
  shell "echo 1 > {{outputs.rows}}"
}
)";

/// A small module: tasks with docs, a record, an enum, an import.
const char *kModule = R"src(import "lib.flyte"
/// A summary.
record Stats {
  /// How many rows.
  rows: int
  mean: float = 0.0
}
enum Color { RED, GREEN }
type Count = int
type Summary = Stats
/// Doubles x.
task double(
  /// The number.
  x: int,
  y: int = 2,
) -> (out: int, twice: int) {
  shell "echo {{x}} > {{outputs.out}}"
}
task stats(n: int) -> (s: Stats) {
  python "outputs.s = dict(rows=n, mean=0.0)"
}
workflow main(n: int, xs: list[int]) -> (o: int) {
  let d = double(x: n)
  let st = stats(n: n)
  let m = for i in xs { double(x: i).out }
  return (o: d.out)
}
)src";

/// Opens `kModule` with `edit` (text with a `^`) inserted before the
/// workflow's `return`, analyzes the original first (so a last parsed
/// analysis exists), and completes at the mark.
struct Fixture {
  TestWorkspace ws;
  std::string path;
  Position point;
  explicit Fixture(llvm::StringRef edit, bool analyzeEdited = true) {
    ws.write("lib.flyte", kLib);
    path = ws.open("main.flyte", kModule);
    ws.workspace().analyze(path);
    std::string text = kModule;
    size_t at = text.find("  return (o:");
    Annotated marked(text.substr(0, at) + edit.str() + text.substr(at));
    std::string error;
    EXPECT_TRUE(ws.workspace().change(path, {TextChange{std::nullopt, marked.text()}}, 2, error)) << error;
    if (analyzeEdited)
      ws.workspace().analyze(path);
    point = marked.point();
  }
  std::vector<CompletionItem> complete(bool snippets = true) {
    return codeComplete(ws.workspace(), path, point, snippets);
  }
};

const CompletionItem *find(const std::vector<CompletionItem> &items, llvm::StringRef label) {
  for (const CompletionItem &i : items)
    if (i.label == label)
      return &i;
  return nullptr;
}

Names labels(const std::vector<CompletionItem> &items) {
  Names out;
  for (const CompletionItem &i : items)
    out.push_back(i.label);
  return out;
}

size_t indexOf(const std::vector<CompletionItem> &items, llvm::StringRef label) {
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].label == label)
      return i;
  return items.size();
}

TEST(CodeComplete, NamesInScope) {
  Fixture f("  let z = ^\n");
  auto items = f.complete();
  for (const char *name : {"n", "xs", "d", "st", "m", "double", "stats", "Stats", "Color", "lib", "std", "len", "if"})
    EXPECT_TRUE(find(items, name)) << name;
  EXPECT_FALSE(find(items, "i")) << "a loop variable outside its loop";
  EXPECT_FALSE(find(items, "z")) << "a let inside its own value";
  EXPECT_FALSE(find(items, "Count")) << "an alias of int is no value";
  EXPECT_TRUE(find(items, "Summary")) << "an alias of a record names record literals";
  EXPECT_FALSE(find(items, "let")) << "not at a statement's start";
  // Locals first, then declarations, then std functions and keywords.
  EXPECT_LT(indexOf(items, "n"), indexOf(items, "double"));
  EXPECT_LT(indexOf(items, "double"), indexOf(items, "len"));
  EXPECT_LT(indexOf(items, "len"), indexOf(items, "if"));
  const CompletionItem *d = find(items, "d");
  EXPECT_EQ(d->kind, CompletionKind::Variable);
  EXPECT_EQ(d->detail, "(out: int, twice: int)");
  const CompletionItem *n = find(items, "n");
  EXPECT_EQ(n->detail, "int");
  const CompletionItem *dbl = find(items, "double");
  EXPECT_EQ(dbl->kind, CompletionKind::Function);
  EXPECT_EQ(dbl->detail, "task double(x: int, y: int = 2) -> (out: int, twice: int)");
  EXPECT_EQ(dbl->documentation, "Doubles x.");
  EXPECT_TRUE(dbl->snippet);
  EXPECT_EQ(dbl->insertText, "double(x: ${1:x})");
  const CompletionItem *len = find(items, "len");
  EXPECT_EQ(len->insertText, "len($0)");
  EXPECT_NE(len->documentation, "");

  items = f.complete(/*snippets=*/false);
  EXPECT_EQ(find(items, "double")->insertText, "double");
  EXPECT_FALSE(find(items, "double")->snippet);
}

TEST(CodeComplete, PrefixFiltersAndReplaces) {
  Fixture f("  let z = dou^\n");
  auto items = f.complete();
  ASSERT_TRUE(find(items, "double"));
  EXPECT_FALSE(find(items, "stats"));
  EXPECT_EQ(find(items, "double")->replace.end, f.point);
  EXPECT_EQ(find(items, "double")->replace.start.character, f.point.character - 3);
  // A subsequence, any case.
  items = Fixture("  let z = DBL^\n").complete();
  EXPECT_TRUE(find(items, "double"));
}

TEST(CodeComplete, StatementKeywordsAndLoopVariables) {
  auto items = Fixture("  ^\n").complete();
  EXPECT_TRUE(find(items, "let"));
  EXPECT_TRUE(find(items, "return"));
  EXPECT_FALSE(find(items, "assert"));
  items = Fixture("  let q = for k in xs {\n    ^\n  }\n").complete();
  EXPECT_TRUE(find(items, "k"));
  EXPECT_EQ(find(items, "k")->detail, "int");
}

TEST(CodeComplete, ArgumentLabels) {
  Fixture f("  let z = double(^)\n");
  auto items = f.complete();
  EXPECT_EQ(labels(items), (Names{"x", "y"}));
  EXPECT_EQ(items[0].insertText, "x: ");
  EXPECT_EQ(items[0].detail, "int");
  EXPECT_EQ(items[0].documentation, "The number.");
  EXPECT_EQ(items[0].kind, CompletionKind::Property);
  // Given labels are left out, before or after the cursor.
  EXPECT_EQ(labels(Fixture("  let z = double(x: 1, ^)\n").complete()), Names{"y"});
  EXPECT_EQ(labels(Fixture("  let z = double(^, x: 1)\n").complete()), Names{"y"});
  // Values after a label are expressions.
  items = Fixture("  let z = double(x: ^)\n").complete();
  EXPECT_TRUE(find(items, "n"));
  // Across modules; record literals; launch plans' inputs.
  EXPECT_EQ(labels(Fixture("  let z = lib.load(^)\n").complete()), Names{"region"});
  EXPECT_EQ(labels(Fixture("  let z = Stats { ^ }\n").complete()), (Names{"rows", "mean"}));
  EXPECT_EQ(labels(Fixture("  let z = Stats { rows: 1, ^ }\n").complete()), Names{"mean"});
  EXPECT_EQ(labels(Fixture("  let z = Summary {\n    rows: 1\n    ^\n  }\n").complete()), Names{"mean"});
  EXPECT_EQ(labels(Fixture("  return (^)\n").complete()), Names{"o"});
  // std functions are positional: names, not labels.
  items = Fixture("  let z = len(^)\n").complete();
  EXPECT_TRUE(find(items, "xs"));
}

TEST(CodeComplete, Members) {
  EXPECT_EQ(labels(Fixture("  let z = st.^\n").complete()), (Names{"rows", "mean"}));
  auto items = Fixture("  let z = st.^\n").complete();
  EXPECT_EQ(items[0].documentation, "How many rows.");
  EXPECT_EQ(items[0].kind, CompletionKind::Field);
  EXPECT_EQ(items[0].detail, "int");
  EXPECT_EQ(labels(Fixture("  let z = d.^\n").complete()), (Names{"out", "twice"}));
  EXPECT_EQ(labels(Fixture("  let z = double(x: 1).^\n").complete()), (Names{"out", "twice"}));
  EXPECT_EQ(labels(Fixture("  let z = stats(n: 1).^\n").complete()), (Names{"rows", "mean"}));
  EXPECT_EQ(labels(Fixture("  let z = Color.^\n").complete()), (Names{"RED", "GREEN"}));
  EXPECT_EQ(labels(Fixture("  let z = Stats { rows: 1 }.^\n").complete()), (Names{"rows", "mean"}));
  EXPECT_EQ(labels(Fixture("  let z = lib.Region.^\n").complete()), (Names{"US", "EU"}));
  items = Fixture("  let z = lib.^\n").complete();
  EXPECT_EQ(labels(items), (Names{"Point", "Region", "load"}));
  EXPECT_EQ(find(items, "Region")->documentation, "Where sales happen.");
  items = Fixture("  let z = std.^\n").complete();
  EXPECT_TRUE(find(items, "sleep"));
  EXPECT_TRUE(find(items, "len"));
  EXPECT_EQ(labels(Fixture("  let z = std.re^\n").complete()), (Names{"read_csv", "read_text", "range"}));
}

TEST(CodeComplete, MembersWhileTheFileDoesNotParse) {
  // The latest analysis has a syntax error in the workflow; its locals'
  // types come from the last analysis that parsed.
  Fixture f("  let z = st.^\n  let broken = (\n");
  auto a = f.ws.workspace().latest(f.path);
  ASSERT_TRUE(a->hasSyntaxErrors());
  EXPECT_EQ(labels(f.complete()), (Names{"rows", "mean"}));
  // Or the newest analysis is older than the text: completion does not wait.
  Fixture stale("  let z = d.^\n", /*analyzeEdited=*/false);
  EXPECT_EQ(labels(stale.complete()), (Names{"out", "twice"}));
}

TEST(CodeComplete, TaskScripts) {
  TestWorkspace ws;
  Annotated src(R"(task t(n: int, s: string) -> (out: int, log: file) {
  shell """
    echo {{ n }} > {{ outputs.$out^ }}
    echo {{ $names^ }}
  """
}
)");
  std::string path = ws.open("t.flyte", src.text());
  EXPECT_EQ(labels(codeComplete(ws.workspace(), path, src.point("out"))), (Names{"out", "log"}));
  auto items = codeComplete(ws.workspace(), path, src.point("names"));
  EXPECT_EQ(labels(items), (Names{"n", "s", "checkpoint", "deck", "outputs"}));
}

TEST(CodeComplete, PlaceholdersFollowThePlugin) {
  TestWorkspace ws;
  Annotated src(R"(task q(db: file, day: string) -> (n: int) {
  sql(database: db) "SELECT COUNT(*) AS n FROM t WHERE day = {{ $sql^ }}"
}
task p(x: int) -> (y: int) {
  python "outputs.y = {{ $python^ }}"
}
)");
  std::string path = ws.open("t.flyte", src.text());
  // SQL binds inputs only; python has no placeholders at all.
  EXPECT_EQ(labels(codeComplete(ws.workspace(), path, src.point("sql"))), (Names{"day", "db"}));
  EXPECT_TRUE(codeComplete(ws.workspace(), path, src.point("python")).empty());
}

TEST(CodeComplete, DecoratorsPluginsAndConfig) {
  TestWorkspace ws;
  Annotated src(R"(@$dec^
task t(db: file) {
  sql($cfg^) "select 1"
}
task u() {
  $plugin^
}
)");
  std::string path = ws.open("t.flyte", src.text());
  auto items = codeComplete(ws.workspace(), path, src.point("dec"));
  const CompletionItem *retries = find(items, "retries");
  ASSERT_TRUE(retries);
  EXPECT_EQ(retries->detail, "@retries(3)");
  EXPECT_EQ(retries->kind, CompletionKind::Event);
  EXPECT_NE(retries->documentation.find("tasks"), std::string::npos);
  items = codeComplete(ws.workspace(), path, src.point("cfg"));
  EXPECT_EQ(labels(items), Names{"database"});
  EXPECT_EQ(items[0].insertText, "database: ");
  items = codeComplete(ws.workspace(), path, src.point("plugin"));
  EXPECT_EQ(labels(items), (Names{"container", "python", "shell", "sql"}));
  EXPECT_EQ(items[0].kind, CompletionKind::Class);
}

TEST(CodeComplete, ConfigKeysRequiredFirst) {
  TestWorkspace ws;
  Annotated src("task t() {\n  container(^)\n}\n");
  std::string path = ws.open("t.flyte", src.text());
  EXPECT_EQ(labels(codeComplete(ws.workspace(), path, src.point())), (Names{"image", "command", "env"}));
}

TEST(CodeComplete, Types) {
  TestWorkspace ws;
  ws.write("lib.flyte", kLib);
  Annotated src(R"(import "lib.flyte"
record R { a: int }
enum E { A }
type T = int
task t(a: $type^, b: lib.$qualified^) -> (c: list[$arg^])
)");
  std::string path = ws.open("t.flyte", src.text());
  auto items = codeComplete(ws.workspace(), path, src.point("type"));
  for (const char *name : {"int", "string", "dataframe", "list", "map", "R", "E", "T", "lib", "none"})
    EXPECT_TRUE(find(items, name)) << name;
  EXPECT_FALSE(find(items, "t"));
  EXPECT_EQ(find(items, "list")->insertText, "list[$0]");
  EXPECT_EQ(find(items, "T")->kind, CompletionKind::TypeParameter);
  EXPECT_EQ(labels(codeComplete(ws.workspace(), path, src.point("qualified"))), (Names{"Point", "Region"}));
  EXPECT_TRUE(find(codeComplete(ws.workspace(), path, src.point("arg")), "R"));
}

TEST(CodeComplete, TopLevel) {
  TestWorkspace ws;
  Annotated src("record R { a: int }\n^\n");
  std::string path = ws.open("t.flyte", src.text());
  auto items = codeComplete(ws.workspace(), path, src.point());
  EXPECT_EQ(items.size(), 11u);
  const CompletionItem *task = find(items, "task");
  ASSERT_TRUE(task);
  EXPECT_TRUE(task->snippet);
  EXPECT_EQ(task->kind, CompletionKind::Snippet);
  EXPECT_NE(task->insertText.find("${1:name}"), std::string::npos);
  items = codeComplete(ws.workspace(), path, src.point(), /*snippets=*/false);
  EXPECT_EQ(find(items, "workflow")->insertText, "workflow");
  EXPECT_EQ(find(items, "workflow")->kind, CompletionKind::Keyword);
}

TEST(CodeComplete, ImportsAndTests) {
  TestWorkspace ws;
  ws.write("lib.flyte", kLib);
  Annotated src(R"(from "lib.flyte" import load, $from^
test "t" {
  mock $mock^
  $stmt^
}
)");
  std::string path = ws.open("t.flyte", src.text());
  // Names imported already are left out.
  EXPECT_EQ(labels(codeComplete(ws.workspace(), path, src.point("from"))), (Names{"Point", "Region"}));
  auto items = codeComplete(ws.workspace(), path, src.point("mock"));
  ASSERT_TRUE(find(items, "load"));
  EXPECT_EQ(find(items, "load")->insertText, "load"); // a name, not a call
  items = codeComplete(ws.workspace(), path, src.point("stmt"));
  EXPECT_TRUE(find(items, "assert"));
  EXPECT_TRUE(find(items, "mock"));
  EXPECT_FALSE(find(items, "return"));
}

TEST(CodeComplete, LaunchPlans) {
  TestWorkspace ws;
  Annotated src(R"(workflow daily(regions: list[string], db: file, days: int = 1) {
}
launchplan nightly for dai$target^ly {
  fixed regions: []
  $entry^
  default $label^
}
)");
  std::string path = ws.open("t.flyte", src.text());
  auto items = codeComplete(ws.workspace(), path, src.point("target"));
  ASSERT_TRUE(find(items, "daily"));
  EXPECT_EQ(find(items, "daily")->insertText, "daily"); // a name, not a call
  EXPECT_EQ(labels(codeComplete(ws.workspace(), path, src.point("entry"))), (Names{"default", "fixed"}));
  // Required inputs first.
  EXPECT_EQ(labels(codeComplete(ws.workspace(), path, src.point("label"))), (Names{"db", "days"}));
}

TEST(CodeComplete, NeverFails) {
  TestWorkspace ws;
  const char *texts[] = {"", "\"", "workflow w() { let x = \"{{ ", "task t(a: int) { shell(env: {\"a\": ",
                         "}}}}", "workflow w(a: R) { a.b.c.", "test \"x\" { mock f() -> (", "@",
                         "launchplan l for w {\n fixed ", "record R { a: R = R { a: "};
  for (const char *t : texts) {
    std::string path = ws.open("n.flyte", t);
    LineTable lines(t);
    for (size_t offset = 0; offset <= strlen(t); ++offset)
      (void)codeComplete(ws.workspace(), path, lines.positionAt(offset));
    // Past the end of the text.
    (void)codeComplete(ws.workspace(), path, Position{1000, 1000});
  }
  // A file that is neither open nor on disk.
  EXPECT_TRUE(codeComplete(ws.workspace(), ws.pathOf("missing.flyte"), Position{}).empty());
}

/// Completion and signature help at every offset of the examples, over the
/// whole text and over the text cut at the cursor (as while typing it),
/// with the analysis of the whole text: nothing fails, ranges are sane.
TEST(CodeComplete, EveryOffsetOfTheExamples) {
  for (const char *name : {"shop.flyte", "dynamic.flyte", "hello.flyte", "imports.flyte"}) {
    auto buffer = llvm::MemoryBuffer::getFile(std::string(FLYTEC_SOURCE_DIR) + "/examples/" + name);
    ASSERT_TRUE(buffer) << name;
    std::string text = (*buffer)->getBuffer().str();
    TestWorkspace ws;
    std::string path = ws.open(name, text);
    ws.workspace().analyze(path);
    LineTable lines(text);
    for (size_t offset = 0; offset <= text.size(); ++offset) {
      Position p = lines.positionAt(offset);
      for (const CompletionItem &item : codeComplete(ws.workspace(), path, p)) {
        EXPECT_EQ(item.replace.end, p) << name << " " << offset;
        EXPECT_LE(item.replace.start, item.replace.end);
      }
      if (auto h = signatureHelp(ws.workspace(), path, p)) {
        EXPECT_LT(h->activeParameter, static_cast<int>(h->parameters.size()));
      }
    }
    std::string error;
    for (size_t offset = 0; offset <= text.size(); offset += 3) {
      std::string cut = text.substr(0, offset);
      ASSERT_TRUE(ws.workspace().change(path, {TextChange{std::nullopt, cut}}, 2, error));
      (void)codeComplete(ws.workspace(), path, LineTable(cut).positionAt(offset));
      (void)signatureHelp(ws.workspace(), path, LineTable(cut).positionAt(offset));
    }
  }
}

/// About 5,000 lines in the shape bench/gen_module.py writes.
std::string bigModule() {
  std::string out = "module big\n";
  for (int s = 0; s < 100; ++s) {
    out += "/// Section " + std::to_string(s) + ".\n"
           "record Stats" + std::to_string(s) + " {\n  rows: int\n  mean: float = 0.0\n}\n"
           "enum Region" + std::to_string(s) + " { US, EU, APAC }\n"
           "/// Extracts rows.\n@retries(3)\n"
           "task extract_" + std::to_string(s) + "(db: file, region: Region" + std::to_string(s) +
           ", limit: int = 10) -> (rows: file) {\n"
           "  shell \"\"\"\n    set -eu\n    echo {{region}} {{limit}} > {{outputs.rows}}\n  \"\"\"\n}\n"
           "task summarize_" + std::to_string(s) + "(f: file) -> (stats: Stats" + std::to_string(s) + ") {\n"
           "  python \"\"\"\n    outputs.stats = dict(rows=1, mean=0.0)\n  \"\"\"\n}\n"
           "workflow run_" + std::to_string(s) + "(db: file, n: int = 3) -> (total: int) {\n";
    for (int l = 0; l < 8; ++l)
      out += "  let r" + std::to_string(l) + " = extract_" + std::to_string(s) + "(db: db, region: Region" +
             std::to_string(s) + ".US)\n"
             "  let s" + std::to_string(l) + " = summarize_" + std::to_string(s) + "(f: r" + std::to_string(l) +
             ")\n"
             "  let t" + std::to_string(l) + " = for x in [1, 2, 3] { x * s" + std::to_string(l) + ".rows }\n";
    out += "  return (total: s0.rows + n)\n}\n\n";
  }
  return out;
}

TEST(CodeComplete, FastOnALargeFile) {
  TestWorkspace ws;
  std::string text = bigModule();
  ASSERT_GT(std::count(text.begin(), text.end(), '\n'), 4000);
  size_t at = text.rfind("  return (total:");
  std::string edited = text.substr(0, at) + "  let q = s3.\n" + text.substr(at);
  std::string path = ws.open("big.flyte", text);
  ASSERT_TRUE(ws.workspace().analyze(path));
  std::string error;
  ASSERT_TRUE(ws.workspace().change(path, {TextChange{std::nullopt, edited}}, 2, error));
  LineTable lines(edited);
  Position cursor = lines.positionAt(at + std::strlen("  let q = s3."));
  auto start = std::chrono::steady_clock::now();
  std::vector<CompletionItem> items;
  for (int i = 0; i < 10; ++i)
    items = codeComplete(ws.workspace(), path, cursor);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / 10;
  EXPECT_EQ(labels(items), (Names{"rows", "mean"}));
  // Generous: the point is that nothing is re-analyzed or re-read in full.
  EXPECT_LT(ms, 50.0);
  // Names everywhere in the file: still quick.
  cursor = lines.positionAt(at);
  start = std::chrono::steady_clock::now();
  items = codeComplete(ws.workspace(), path, cursor);
  ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GT(items.size(), 300u);
  EXPECT_LT(ms, 50.0);
}

} // namespace
} // namespace flytec::ide::test
