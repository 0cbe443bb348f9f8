// The checker as a library: what it records for later phases (types of
// expressions, what names refer to) and how it loads modules.
#include "driver/Compilation.h"
#include "sema/Sema.h"

#include <gtest/gtest.h>

using namespace flytec;
using namespace flytec::sema;

namespace {

struct Checked {
  Compilation compilation;
  std::unique_ptr<Program> program;
};

std::unique_ptr<Checked> check(const std::string &text) {
  auto c = std::make_unique<Checked>();
  unsigned id = c->compilation.addText("t.flyte", text);
  c->program = checkProgram(c->compilation, {id}, SemaOptions{});
  return c;
}

const ast::WorkflowDecl *workflowNamed(const Program &p, llvm::StringRef name) {
  for (const ast::Decl *d : p.roots[0]->ast->decls)
    if (d->name.name == name)
      return llvm::dyn_cast<ast::WorkflowDecl>(d);
  return nullptr;
}

TEST(Sema, RecordsTheTypeOfEveryLetValue) {
  auto c = check("task t(x: int) -> (a: int, b: string) { shell \"echo {{x}} > {{outputs.a}}\" }\n"
                 "workflow w(n: int) -> (out: list[int]) {\n"
                 "  let r = t(x: n)\n"
                 "  let xs = for i in range(n) { t(x: i) }\n"
                 "  let s = \"{{r.b}}!\"\n"
                 "  let m = {\"k\": 1.5}\n"
                 "  return (out: xs.a)\n"
                 "}\n");
  ASSERT_EQ(c->compilation.diagnostics().errorCount(), 0u);
  const ast::WorkflowDecl *w = workflowNamed(*c->program, "w");
  ASSERT_NE(w, nullptr);
  std::vector<std::string> types;
  for (const ast::Stmt *s : w->body->stmts)
    if (const auto *let = llvm::dyn_cast<ast::LetStmt>(s))
      types.push_back(c->program->typeOf(let->value)->str());
  EXPECT_EQ(types, (std::vector<std::string>{"(a: int, b: string)", "(a: list[int], b: list[string])", "string",
                                             "map[string, float]"}));
}

TEST(Sema, RecordsWhatNamesReferTo) {
  auto c = check("enum Region { US, EU }\n"
                 "task t(r: Region) -> (y: int) { shell \"echo 1 > {{outputs.y}}\" }\n"
                 "workflow w(n: int) -> (out: int) { return (out: t(r: Region.EU)) }\n");
  ASSERT_EQ(c->compilation.diagnostics().errorCount(), 0u);
  const ast::WorkflowDecl *w = workflowNamed(*c->program, "w");
  const auto *ret = llvm::cast<ast::ReturnStmt>(w->body->stmts[0]);
  const auto *call = llvm::cast<ast::CallExpr>(ret->values[0].value);
  const Reference *callee = c->program->referenceOf(call->callee);
  ASSERT_NE(callee, nullptr);
  EXPECT_EQ(callee->kind, Reference::Kind::Entity);
  EXPECT_EQ(callee->entity->name, "t");
  const Reference *member = c->program->referenceOf(call->args[0].value);
  EXPECT_EQ(member->kind, Reference::Kind::EnumMember);
  EXPECT_EQ(member->member, "EU");
}

TEST(Sema, EveryDeclarationHasItsEntity) {
  auto c = check("task t(x: int = 1, y: string?) -> (a: int, b: string) { shell \"echo {{x}} > {{outputs.a}}\" }\n"
                 "launchplan lp for w { default n: 2 }\n"
                 "workflow w(n: int) -> (out: int) { return (out: t(x: n).a) }\n");
  ASSERT_EQ(c->compilation.diagnostics().errorCount(), 0u);
  auto *task = static_cast<CallableInfo *>(c->program->entityOf(c->program->roots[0]->ast->decls[0]));
  ASSERT_NE(task, nullptr);
  EXPECT_EQ(task->kind, EntityKind::Task);
  ASSERT_EQ(task->inputs.size(), 2u);
  EXPECT_TRUE(task->inputs[0].hasDefault);
  EXPECT_TRUE(task->inputs[1].hasDefault); // optional: defaults to none
  EXPECT_EQ(task->result->str(), "(a: int, b: string)");
  auto *plan = static_cast<CallableInfo *>(c->program->entityOf(c->program->roots[0]->ast->decls[1]));
  ASSERT_NE(plan->target, nullptr);
  EXPECT_EQ(plan->target->name, "w");
  EXPECT_TRUE(plan->inputs[0].hasDefault); // bound by the plan's default
}

TEST(Sema, TheStandardLibraryIsAlwaysLoaded) {
  auto c = check("");
  ASSERT_NE(c->program->stdModule, nullptr);
  EXPECT_TRUE(c->program->stdModule->isStdlib);
  EXPECT_NE(c->program->stdModule->entities.lookup("read_csv"), nullptr);
  EXPECT_EQ(c->compilation.diagnostics().errorCount(), 0u);
  EXPECT_EQ(c->compilation.diagnostics().warningCount(), 0u);
}

TEST(Sema, OneMistakeGivesOneError) {
  // `nope` is undefined; everything computed from it stays silent.
  auto c = check("task t(x: int) -> (y: int) { shell \"echo {{x}} > {{outputs.y}}\" }\n"
                 "workflow w() -> (out: int) {\n"
                 "  let a = nope + 1\n"
                 "  let b = t(x: a * 2)\n"
                 "  let c = if b > a { b } else { a }\n"
                 "  return (out: c)\n"
                 "}\n");
  EXPECT_EQ(c->compilation.diagnostics().errorCount(), 1u);
  EXPECT_EQ(c->compilation.diagnostics().warningCount(), 0u);
}

} // namespace
