#include <gtest/gtest.h>

#include "Annotated.h"
#include "TestWorkspace.h"
#include "ide/SemanticTokens.h"

namespace flytec::ide::test {
namespace {

using TT = SemanticTokenType;

std::string describe(const SemanticToken &t) {
  std::string out = std::to_string(t.start.line) + ":" + std::to_string(t.start.character) + "+" +
                    std::to_string(t.length) + " " + semanticTokenTypes()[static_cast<uint32_t>(t.type)].str();
  for (size_t bit = 0; bit < semanticTokenModifiers().size(); ++bit)
    if (t.modifiers & (1u << bit))
      out += " " + semanticTokenModifiers()[bit].str();
  return out;
}

/// Sorted, never empty, never overlapping, each within its line.
void expectWellFormed(const std::vector<SemanticToken> &tokens, llvm::StringRef text) {
  LineTable lines(text);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const SemanticToken &t = tokens[i];
    EXPECT_GT(t.length, 0u) << describe(t);
    size_t end = lines.offsetAt({t.start.line, t.start.character + t.length});
    EXPECT_EQ(lines.positionAt(end), (Position{t.start.line, t.start.character + t.length}))
        << "crosses its line: " << describe(t);
    if (i > 0) {
      const SemanticToken &p = tokens[i - 1];
      EXPECT_TRUE(p.start.line < t.start.line || p.start.character + p.length <= t.start.character)
          << describe(p) << " then " << describe(t);
    }
  }
}

class Tokens {
public:
  Tokens(TestWorkspace &ws, const Annotated &src) : src_(src) {
    ws.open("a.flyte", src.text());
    analysis_ = ws.analyze("a.flyte");
    tokens_ = semanticTokenList(*analysis_);
    expectWellFormed(tokens_, src.text());
  }
  /// The token covering exactly the range named `name`.
  std::string at(llvm::StringRef name) const { return at(src_.range(name)); }
  std::string at(Range r) const {
    for (const SemanticToken &t : tokens_)
      if (t.start == r.start)
        return describe(t).substr(describe(t).find(' ') + 1) +
               (r.end == Position{t.start.line, t.start.character + t.length} ? "" : " (other length)");
    return "none";
  }
  const std::vector<SemanticToken> &all() const { return tokens_; }
  const Analysis &analysis() const { return *analysis_; }

private:
  const Annotated &src_;
  std::shared_ptr<const Analysis> analysis_;
  std::vector<SemanticToken> tokens_;
};

TEST(SemanticTokens, Legend) {
  EXPECT_EQ(semanticTokenTypes().size(), static_cast<size_t>(TT::Macro) + 1);
  EXPECT_EQ(semanticTokenTypes()[static_cast<uint32_t>(TT::EnumMember)], "enumMember");
  EXPECT_EQ(semanticTokenModifiers().size(), 5u);
  EXPECT_EQ(semanticTokenModifiers()[4], "deprecated");
  EXPECT_EQ(ModDeprecated, 1u << 4);
}

TEST(SemanticTokens, NamesByWhatTheyAre) {
  Annotated src(R"($mod[[module]] $modname[[shop]]
$imp[[import]] "lib.flyte" $as[[as]] $alias[[helpers]]
$doc[[/// A row.]]
$rec[[record]] $Stats[[Stats]] {
  $rows[[rows]]: $int[[int]]
  $tags[[tags]]: $list[[list]][$str[[string]]] = []
}
enum $Region[[Region]] { $US[[US]], EU }
type $Sales[[Sales]] = $df[[dataframe]][$col[[id]]: int]
$at[[@]]$cache[[cache]]($version[[version]]: "1")
task $double[[double]]($x[[x]]: int, $r[[r]]: Region) -> ($y[[y]]: int) {
  $shell[[shell]] "echo $(( {{$xuse[[x]]}} * 2 )) > {{$outputs[[outputs]].$yuse[[y]]}}"
}
workflow $main[[main]](n: int = $num[[3]]) -> (total: int) {
  $let[[let]] $d[[d]] = $call[[double]]($label[[x]]: $n[[n]], r: $RegionUse[[Region]].$USuse[[US]])
  $std[[std]].$sleep[[sleep]]($for[[for]]: $dur[[10m]])
  let k = $len[[len]]([1, 2]) // $comment[[trailing]]
  let z = for $i[[i]] in [1] { $iuse[[i]] }
  let st = $StatsUse[[Stats]] { $rowsInit[[rows]]: d, tags: [] }
  return (total: $duse[[d]] + k + st.$rowsUse[[rows]])
}
$lp[[launchplan]] nightly for main {
  $fixed[[fixed]] $n2[[n]]: 5
}
$test[[test]] "main runs" {
  $assert[[assert]] 1 == 1
}
)");
  TestWorkspace ws;
  ws.write("lib.flyte", "task shout(s: string) -> (out: string) {\n  python \"outputs.out = s.upper()\"\n}\n");
  Tokens t(ws, src);
  for (const Diagnostic &d : t.analysis().diagnostics())
    EXPECT_NE(d.severity, Severity::Error) << d.message;
  EXPECT_EQ(t.at("mod"), "keyword");
  EXPECT_EQ(t.at("modname"), "namespace declaration");
  EXPECT_EQ(t.at("imp"), "keyword");
  EXPECT_EQ(t.at("as"), "keyword");
  EXPECT_EQ(t.at("alias"), "namespace");
  EXPECT_EQ(t.at("doc"), "comment documentation");
  EXPECT_EQ(t.at("rec"), "keyword");
  EXPECT_EQ(t.at("Stats"), "struct declaration");
  EXPECT_EQ(t.at("rows"), "property declaration");
  EXPECT_EQ(t.at("int"), "type defaultLibrary");
  EXPECT_EQ(t.at("list"), "type defaultLibrary");
  EXPECT_EQ(t.at("str"), "type defaultLibrary");
  EXPECT_EQ(t.at("tags"), "property declaration");
  EXPECT_EQ(t.at("Region"), "enum declaration");
  EXPECT_EQ(t.at("US"), "enumMember declaration");
  EXPECT_EQ(t.at("Sales"), "type declaration");
  EXPECT_EQ(t.at("df"), "type defaultLibrary");
  EXPECT_EQ(t.at("col"), "property declaration");
  EXPECT_EQ(t.at("at"), "decorator");
  EXPECT_EQ(t.at("cache"), "decorator");
  EXPECT_EQ(t.at("version"), "parameter");
  EXPECT_EQ(t.at("double"), "function declaration");
  EXPECT_EQ(t.at("x"), "parameter declaration");
  EXPECT_EQ(t.at("r"), "parameter declaration");
  EXPECT_EQ(t.at("y"), "parameter declaration");
  EXPECT_EQ(t.at("shell"), "macro");
  EXPECT_EQ(t.at("xuse"), "parameter");
  EXPECT_EQ(t.at("outputs"), "variable defaultLibrary");
  EXPECT_EQ(t.at("yuse"), "parameter");
  EXPECT_EQ(t.at("main"), "function declaration");
  EXPECT_EQ(t.at("num"), "number");
  EXPECT_EQ(t.at("let"), "keyword");
  EXPECT_EQ(t.at("d"), "variable declaration");
  EXPECT_EQ(t.at("call"), "function");
  EXPECT_EQ(t.at("label"), "parameter");
  EXPECT_EQ(t.at("n"), "parameter");
  EXPECT_EQ(t.at("RegionUse"), "enum");
  EXPECT_EQ(t.at("USuse"), "enumMember");
  EXPECT_EQ(t.at("std"), "namespace defaultLibrary");
  EXPECT_EQ(t.at("sleep"), "function defaultLibrary");
  EXPECT_EQ(t.at("for"), "parameter defaultLibrary");
  EXPECT_EQ(t.at("dur"), "number");
  EXPECT_EQ(t.at("len"), "function defaultLibrary");
  EXPECT_EQ(t.at("i"), "variable declaration");
  EXPECT_EQ(t.at("iuse"), "variable");
  EXPECT_EQ(t.at("StatsUse"), "struct");
  EXPECT_EQ(t.at("rowsInit"), "property");
  EXPECT_EQ(t.at("rowsUse"), "property");
  EXPECT_EQ(t.at("duse"), "variable");
  EXPECT_EQ(t.at("lp"), "keyword");
  EXPECT_EQ(t.at("fixed"), "keyword");
  EXPECT_EQ(t.at("n2"), "parameter readonly");
  EXPECT_EQ(t.at("test"), "keyword");
  EXPECT_EQ(t.at("assert"), "keyword");
  // A comment from `//` to the end of the line, as one token.
  Range comment = src.range("comment");
  comment.start.character -= 3;
  EXPECT_EQ(t.at(comment), "comment");
}

TEST(SemanticTokens, InterpolationsAreCodeInsideAString) {
  Annotated src(R"(workflow w(name: string) -> (out: string) {
  return (out: $s1[["Hi ]]$o1[[{{]] $name[[name]] $c1[[}}]]$s2[[, \{{ ]]$o2[[{{]]$len[[len]]($n2[[name]]) $plus[[+]] $one[[1]]$c2[[}}]]$s3[[!"]])
}
)");
  TestWorkspace ws;
  Tokens t(ws, src);
  EXPECT_EQ(t.at("s1"), "string");
  EXPECT_EQ(t.at("o1"), "operator");
  EXPECT_EQ(t.at("name"), "parameter");
  EXPECT_EQ(t.at("c1"), "operator");
  EXPECT_EQ(t.at("s2"), "string"); // `\{{` is text
  EXPECT_EQ(t.at("o2"), "operator");
  EXPECT_EQ(t.at("len"), "function defaultLibrary");
  EXPECT_EQ(t.at("n2"), "parameter");
  EXPECT_EQ(t.at("plus"), "none"); // operators are left to the editor's grammar
  EXPECT_EQ(t.at("one"), "number");
  EXPECT_EQ(t.at("c2"), "operator");
  EXPECT_EQ(t.at("s3"), "string");
}

TEST(SemanticTokens, MultiLineStringsAndCommentsComeOneLineEach) {
  Annotated src("$c1[[/* one]]\n$c2[[   two */]]\ntask t(x: int) {\n  shell $s1[[\"\"\"]]\n$s2[[    echo ]]$o[[{{]]$x[[x]]}}\n$s3[[  \"\"\"]]\n}\n");
  TestWorkspace ws;
  Tokens t(ws, src);
  EXPECT_EQ(t.at("c1"), "comment");
  EXPECT_EQ(t.at("c2"), "comment");
  EXPECT_EQ(t.at("s1"), "string");
  EXPECT_EQ(t.at("s2"), "string");
  EXPECT_EQ(t.at("o"), "operator");
  EXPECT_EQ(t.at("x"), "parameter");
  EXPECT_EQ(t.at("s3"), "string");
}

TEST(SemanticTokens, DeprecatedWhereverNamed) {
  Annotated src(R"(@deprecated("use fresh")
task $old[[old]]() -> (x: int) {
  shell "echo 1 > {{outputs.x}}"
}
workflow w() -> (y: int) {
  return (y: $use[[old]]())
}
)");
  TestWorkspace ws;
  Tokens t(ws, src);
  EXPECT_EQ(t.at("old"), "function declaration deprecated");
  EXPECT_EQ(t.at("use"), "function deprecated");
}

TEST(SemanticTokens, Utf16Columns) {
  Annotated src("$c[[// é 😀]]\n/* 😀 */ $rec[[record]] $R[[R]] { $f[[f]]: $s[[string]] } $x[[// 😀😀]]\n");
  TestWorkspace ws;
  Tokens t(ws, src);
  EXPECT_EQ(t.at("c"), "comment"); // of length 7: `// é ` is 5 units, the emoji 2
  EXPECT_EQ(t.all().front().length, 7u);
  EXPECT_EQ(t.at("rec"), "keyword");
  EXPECT_EQ(src.range("R").start.character, 16u);
  EXPECT_EQ(t.at("R"), "struct declaration");
  EXPECT_EQ(t.at("f"), "property declaration");
  EXPECT_EQ(t.at("s"), "type defaultLibrary");
  EXPECT_EQ(t.at("x"), "comment");
  EXPECT_EQ(t.all().back().length, 7u);
}

TEST(SemanticTokens, SyntaxErrorsStillHighlight) {
  Annotated src(R"($task[[task]] $t[[t]](x: int -> (y: int) {
  shell "echo {{x}}"
}
workflow $w[[w]](n: int) -> (o: int) {
  let a = t(x: n
  let $b[[b]] = $n[[n]] + $num[[1]]
  return (o: b)
}
$c[[// the end]]
"unterminated
)");
  TestWorkspace ws;
  Tokens t(ws, src);
  EXPECT_TRUE(t.analysis().hasSyntaxErrors());
  EXPECT_EQ(t.at("task"), "keyword");
  EXPECT_EQ(t.at("w"), "function declaration");
  EXPECT_EQ(t.at("num"), "number");
  EXPECT_EQ(t.at("c"), "comment");
  EXPECT_EQ(t.all().back().type, TT::String);
}

TEST(SemanticTokens, TruncatedFilesNeverCrash) {
  std::string text = R"(module m
import "x.flyte" as q
/// doc é
@cache(version: "1")
task t(a: int, b: dataframe[id: int]) -> (c: int) { shell """
  echo {{a}} {{ outputs.c }}
""" }
workflow w(n: int) -> (o: int) {
  let (p, q2) = if n > 1 { t(a: n) } else { t(a: 0) }
  let xs = for i in [1] { let z = "{{ i + 1 }} {{ "x{{i}}" }}"
    z }
  return (o: p)
}
launchplan lp for w { fixed n: 1 }
test "t" { mock t(a: 1) -> (c: 2)
  assert 1 == 1, "😀" }
)";
  TestWorkspace ws;
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    ws.open("a.flyte", text.substr(0, cut));
    auto a = ws.analyze("a.flyte");
    ASSERT_TRUE(a);
    expectWellFormed(semanticTokenList(*a), a->text());
  }
}

TEST(SemanticTokens, RelativeEncoding) {
  Annotated src("record R {\n  a: int  b: int\n}\n");
  TestWorkspace ws;
  ws.open("a.flyte", src.text());
  std::vector<uint32_t> data = semanticTokens(*ws.analyze("a.flyte"));
  auto type = [](TT t) { return static_cast<uint32_t>(t); };
  std::vector<uint32_t> want = {
      0, 0, 6, type(TT::Keyword),  0,                                  // record
      0, 7, 1, type(TT::Struct),   ModDeclaration,                     // R
      1, 2, 1, type(TT::Property), ModDeclaration,                     // a
      0, 3, 3, type(TT::Type),     ModDefaultLibrary,                  // int
      0, 5, 1, type(TT::Property), ModDeclaration,                     // b
      0, 3, 3, type(TT::Type),     ModDefaultLibrary,                  // int
  };
  EXPECT_EQ(data, want);
}

} // namespace
} // namespace flytec::ide::test
