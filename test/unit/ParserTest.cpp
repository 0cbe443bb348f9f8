// The parser as a library: AST shape, ranges and error recovery.
#include "driver/Compilation.h"

#include <gtest/gtest.h>

using namespace flytec;
using namespace flytec::ast;

namespace {

struct Parsed {
  Compilation compilation;
  Module *module = nullptr;
};

std::unique_ptr<Parsed> parse(const std::string &text) {
  auto p = std::make_unique<Parsed>();
  unsigned id = p->compilation.addText("t.flyte", text);
  p->module = p->compilation.parse(id);
  return p;
}

TEST(Parser, ModuleNameDefaultsToTheFileStem) {
  EXPECT_EQ(parse("")->module->name, "t");
  EXPECT_EQ(parse("module shop.reports")->module->name, "shop.reports");
}

TEST(Parser, DocCommentsAttachToTheNextDeclarationAndParameter) {
  auto p = parse("/// Totals.\n/// Per region.\n@cache(version: \"1\")\ntask t(\n  /// The db.\n  db: file) {}\n");
  ASSERT_FALSE(p->compilation.diagnostics().hasErrors());
  auto *task = llvm::cast<TaskDecl>(p->module->decls[0]);
  EXPECT_EQ(task->doc, "Totals.\nPer region.");
  EXPECT_EQ(task->decorators.size(), 1u);
  EXPECT_EQ(task->inputs[0].doc, "The db.");
}

TEST(Parser, NegativeLiteralsAndPrecedence) {
  auto p = parse("workflow w() { let x = -9223372036854775808 + 2 * 3 ?? 4 == 5 and not true }");
  ASSERT_FALSE(p->compilation.diagnostics().hasErrors());
  auto *w = llvm::cast<WorkflowDecl>(p->module->decls[0]);
  auto *let = llvm::cast<LetStmt>(w->body->stmts[0]);
  // ((((-9223372036854775808 + (2 * 3)) ?? 4) == 5) and (not true))
  auto *andExpr = llvm::cast<BinaryExpr>(let->value);
  EXPECT_EQ(andExpr->op, BinaryOp::And);
  auto *eq = llvm::cast<BinaryExpr>(andExpr->lhs);
  EXPECT_EQ(eq->op, BinaryOp::Eq);
  auto *coalesce = llvm::cast<BinaryExpr>(eq->lhs);
  EXPECT_EQ(coalesce->op, BinaryOp::Coalesce);
  auto *add = llvm::cast<BinaryExpr>(coalesce->lhs);
  EXPECT_EQ(llvm::cast<IntLit>(add->lhs)->value, INT64_MIN);
  EXPECT_EQ(llvm::cast<BinaryExpr>(add->rhs)->op, BinaryOp::Mul);
  EXPECT_EQ(llvm::cast<UnaryExpr>(andExpr->rhs)->op, UnaryOp::Not);
}

TEST(Parser, ForOverANameKeepsItsBlockAndRecordLiteralsStillParse) {
  auto p = parse("workflow w(xs: list[int]) { let a = for x in xs { f(v: x) }\n let b = if ok { S { a: 1 } } else { S {} } }");
  ASSERT_FALSE(p->compilation.diagnostics().hasErrors());
  auto *w = llvm::cast<WorkflowDecl>(p->module->decls[0]);
  EXPECT_TRUE(llvm::isa<ForExpr>(llvm::cast<LetStmt>(w->body->stmts[0])->value));
  auto *ifExpr = llvm::cast<IfExpr>(llvm::cast<LetStmt>(w->body->stmts[1])->value);
  EXPECT_TRUE(llvm::isa<NameExpr>(ifExpr->cond));
  EXPECT_TRUE(llvm::isa<RecordLit>(ifExpr->thenBlock->value()));
  EXPECT_TRUE(llvm::isa<RecordLit>(ifExpr->elseBlock->value()));
}

TEST(Parser, KeywordsAreNamesAfterDotsAndBeforeColons) {
  auto p = parse("workflow w() { let s = std.sleep(for: 10m)\n let t = std.signal(name: \"x\", type: float)\n"
                 " let u = x.type }");
  EXPECT_FALSE(p->compilation.diagnostics().hasErrors());
}

TEST(Parser, ErrorsInOneDeclarationDoNotHideTheNext) {
  auto p = parse("workflow a() {\n  let x = f(\n\ntask b() -> (y: int) { shell \"x\" }\nworkflow c() { let = }\n");
  EXPECT_EQ(p->compilation.diagnostics().errorCount(), 2u);
  ASSERT_EQ(p->module->decls.size(), 3u);
  EXPECT_EQ(p->module->decls[1]->name.name, "b");
}

TEST(Parser, HostileNestingIsAnErrorNotACrash) {
  std::string deep = "workflow w() { let x = " + std::string(5000, '[') + std::string(5000, ']') + " }";
  auto p = parse(deep);
  EXPECT_TRUE(p->compilation.diagnostics().hasErrors());
  std::string chain = "workflow w() { let x = 1";
  for (int i = 0; i < 20000; ++i)
    chain += " + 1";
  chain += " }";
  auto q = parse(chain);
  EXPECT_FALSE(q->compilation.diagnostics().hasErrors());
}

TEST(Parser, InvalidUtf8IsReportedAndSkipped) {
  // Adjacent bad bytes are one error; the declarations around them parse.
  auto p = parse("task t() {}\n\xFF\xFEworkflow w() {}\n");
  EXPECT_EQ(p->compilation.diagnostics().errorCount(), 1u);
  EXPECT_EQ(p->module->decls.size(), 2u);
}

} // namespace

namespace {

std::string longWorkflow(int calls, int brokenAt) {
  std::string text = "/// Long.\n@failure_policy(continue)\nworkflow w(n: int) -> (out: int) {\n";
  for (int i = 0; i < calls; ++i) {
    text += i == brokenAt ? "  let x" + std::to_string(i) + " = f(a: n,, b: 1)\n"
                          : "  let x" + std::to_string(i) + " = f(a: n, b: " + std::to_string(i) + ")\n";
  }
  return text + "  return (out: x0)\n}\ntask f(a: int, b: int) -> (c: int) { shell \"true\" }\n";
}

TEST(Parser, LongWorkflowsAreParsedInPiecesWithTheSameResult) {
  auto p = parse(longWorkflow(6000, -1));
  ASSERT_FALSE(p->compilation.diagnostics().hasErrors());
  ASSERT_EQ(p->module->decls.size(), 2u);
  auto *w = llvm::cast<WorkflowDecl>(p->module->decls[0]);
  EXPECT_EQ(w->name.name, "w");
  EXPECT_EQ(w->doc, "Long.");
  EXPECT_EQ(w->decorators.size(), 1u);
  EXPECT_EQ(w->inputs.size(), 1u);
  ASSERT_EQ(w->body->stmts.size(), 6001u);
  EXPECT_TRUE(llvm::isa<ReturnStmt>(w->body->stmts.back()));
  EXPECT_EQ(llvm::cast<LetStmt>(w->body->stmts[5999])->names[0].name, "x5999");
}

TEST(Parser, ASyntaxErrorInALongWorkflowIsReportedOnce) {
  auto p = parse(longWorkflow(6000, 4321));
  EXPECT_EQ(p->compilation.diagnostics().errorCount(), 1u);
  std::vector<Diagnostic> diags = p->compilation.diagnostics().sorted();
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(p->compilation.sources().getLineAndColumn(diags[0].range.Start).first, 4u + 4321u);
}

} // namespace
