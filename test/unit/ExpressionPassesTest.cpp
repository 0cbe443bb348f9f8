// The expression passes "constant-fold", "dce" and "fuse-expressions" on
// packages built by hand: the graph before, the pass, the graph after, and
// the verifier's verdict on the result.
#include "ir/Eval.h"
#include "ir/Verifier.h"
#include "passes/Pass.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

using namespace flytec;
using ir::Binding;
using ir::ExprId;
using ir::ExprOp;
using ir::Graph;
using ir::Node;
using ir::NodeKind;
using ir::Port;
using ir::TypeId;
using ir::Value;

namespace {

class ExpressionPassesTest : public ::testing::Test {
protected:
  ir::Package p;
  TypeId Int = p.types.scalar(ir::TypeKind::Int), Bool = p.types.scalar(ir::TypeKind::Bool),
         Str = p.types.scalar(ir::TypeKind::String);

  void SetUp() override {
    // task m.t(x: int) -> (out: int)
    ir::Task t;
    t.name = "m.t";
    t.plugin = "shell";
    t.inputs.push_back({"x", Int, std::nullopt, ""});
    t.outputs.push_back({"out", Int, std::nullopt, ""});
    p.tasks["m.t"] = t;
    ir::Workflow &w = p.workflows["m.w"];
    w.name = "m.w";
    w.graph.inputs = {{"n", Int, std::nullopt, ""}, {"flag", Bool, std::nullopt, ""}};
  }

  Graph &g() { return p.workflows["m.w"].graph; }

  // ---- expressions
  ExprId c(Value v, TypeId type) {
    ir::Expr e;
    e.type = type;
    e.value = std::move(v);
    return p.addExpr(e);
  }
  ExprId in(std::string name, TypeId type) {
    ir::Expr e;
    e.op = ExprOp::Input;
    e.type = type;
    e.name = std::move(name);
    return p.addExpr(e);
  }
  ExprId op(ExprOp kind, std::string name, std::vector<ExprId> args, TypeId type) {
    ir::Expr e;
    e.op = kind;
    e.name = std::move(name);
    e.args = std::move(args);
    e.type = type;
    return p.addExpr(e);
  }
  ExprId bin(std::string o, ExprId a, ExprId b, TypeId type) { return op(ExprOp::Binary, o, {a, b}, type); }

  // ---- nodes
  static Binding node(std::string id, std::string output = "value") { return Binding::node(id, output); }
  Node expression(std::string id, ExprId e, std::vector<std::pair<std::string, Binding>> inputs) {
    Node n;
    n.id = std::move(id);
    n.kind = NodeKind::Expression;
    n.loc = "m.flyte:1:1";
    n.expr = e;
    for (auto &[name, b] : inputs)
      n.inputs.push_back({name, p.exprs[findLeaf(e, name)].type, b});
    n.outputs.push_back({"value", p.exprs[e].type, std::nullopt, ""});
    return n;
  }
  Node task(std::string id, Binding x) {
    Node n;
    n.id = std::move(id);
    n.kind = NodeKind::Task;
    n.target = "m.t";
    n.loc = "m.flyte:1:1";
    n.inputs.push_back({"x", Int, std::move(x)});
    n.outputs.push_back({"out", Int, std::nullopt, ""});
    return n;
  }
  /// A branch over inputs `n` and `flag` (bound as given) with one int output.
  Node branch(std::string id, Binding n, Binding flag, std::vector<ExprId> conditions, std::vector<Graph> cases) {
    Node b;
    b.id = std::move(id);
    b.kind = NodeKind::Branch;
    b.loc = "m.flyte:1:1";
    b.inputs = {{"n", Int, std::move(n)}, {"flag", Bool, std::move(flag)}};
    b.outputs.push_back({"out", Int, std::nullopt, ""});
    b.conditions = std::move(conditions);
    b.bodies = std::move(cases);
    return b;
  }
  /// A case graph over the branch's inputs giving `out`.
  Graph caseGraph(std::vector<Node> nodes, Binding out) {
    Graph c;
    c.inputs = {{"n", Int, std::nullopt, ""}, {"flag", Bool, std::nullopt, ""}};
    c.nodes = std::move(nodes);
    c.outputs.push_back({"out", Int, std::move(out)});
    return c;
  }
  void output(std::string name, TypeId type, Binding b) { g().outputs.push_back({std::move(name), type, std::move(b)}); }

  ExprId findLeaf(ExprId e, const std::string &name) {
    if (p.exprs[e].op == ExprOp::Input && p.exprs[e].name == name)
      return e;
    for (ExprId a : p.exprs[e].args) {
      ExprId f = findLeaf(a, name);
      if (f != ir::kNoExpr)
        return f;
    }
    return ir::kNoExpr;
  }

  bool run(std::unique_ptr<passes::Pass> pass) {
    EXPECT_EQ(ir::verify(p), std::vector<std::string>{}) << "the package before the pass is not well formed";
    bool changed = pass->run(p);
    EXPECT_EQ(ir::verify(p), std::vector<std::string>{});
    return changed;
  }

  std::vector<std::string> ids(const Graph &graph) {
    std::vector<std::string> out;
    for (const Node &n : graph.nodes)
      out.push_back(n.id);
    return out;
  }
  const Port &inputOf(const std::string &node, const std::string &name, Graph *graph = nullptr) {
    const Node *n = (graph ? *graph : g()).find(node);
    EXPECT_NE(n, nullptr) << node;
    return *n->input(name);
  }
  /// The value of an expression node over the given input values.
  Value value(const Node &n, std::map<std::string, Value> inputs) {
    std::string error;
    auto v = ir::evaluate(
        p, n.expr,
        [&](llvm::StringRef name) -> const Value * {
          auto it = inputs.find(name.str());
          return it == inputs.end() ? nullptr : &it->second;
        },
        error);
    EXPECT_TRUE(v) << error;
    return v.value_or(nullptr);
  }
};

// ------------------------------------------------------------ constant-fold

TEST_F(ExpressionPassesTest, FoldsChainsOfConstantExpressionsIntoTheirReaders) {
  // k = 2 * 60; m = k + 1; t(x: m); outputs k and m.
  g().nodes.push_back(expression("k", bin("*", c(2, Int), c(60, Int), Int), {}));
  g().nodes.push_back(expression("m", bin("+", in("k.value", Int), c(1, Int), Int), {{"k.value", node("k")}}));
  g().nodes.push_back(task("t", node("m")));
  output("k", Int, node("k"));
  output("m", Int, node("m"));
  EXPECT_TRUE(run(passes::createConstantFolding()));
  EXPECT_EQ(ids(g()), std::vector<std::string>{"t"});
  EXPECT_EQ(inputOf("t", "x").binding, Binding::constant(121));
  EXPECT_EQ(g().outputs[0].binding, Binding::constant(120));
  EXPECT_EQ(g().outputs[1].binding, Binding::constant(121));
  EXPECT_FALSE(passes::createConstantFolding()->run(p)) << "a second run finds nothing";
}

TEST_F(ExpressionPassesTest, FoldsConstantLeavesOfNonConstantExpressions) {
  // e = n + (k * 3), k constant: e becomes n + 6 and loses its input k.
  g().nodes.push_back(expression("k", c(2, Int), {}));
  ExprId e = bin("+", in("n", Int), bin("*", in("k.value", Int), c(3, Int), Int), Int);
  g().nodes.push_back(expression("e", e, {{"n", Binding::input("n")}, {"k.value", node("k")}}));
  output("e", Int, node("e"));
  EXPECT_TRUE(run(passes::createConstantFolding()));
  ASSERT_EQ(ids(g()), std::vector<std::string>{"e"});
  const Node &n = g().nodes[0];
  ASSERT_EQ(n.inputs.size(), 1u);
  EXPECT_EQ(n.inputs[0].name, "n");
  const ir::Expr &root = p.exprs[n.expr];
  EXPECT_EQ(root.op, ExprOp::Binary);
  EXPECT_EQ(p.exprs[root.args[1]].op, ExprOp::Const);
  EXPECT_EQ(p.exprs[root.args[1]].value, 6);
  EXPECT_EQ(value(n, {{"n", 4}}), 10);
}

TEST_F(ExpressionPassesTest, ShortCircuitsAndInterpolationsFold) {
  // `false and flag` is false whatever flag is; "n=" + 3 + "!" with n
  // unknown keeps one constant part per run of constants.
  g().nodes.push_back(expression("a", bin("and", c(false, Bool), in("flag", Bool), Bool), {{"flag", Binding::input("flag")}}));
  ExprId f = op(ExprOp::Format, "", {c("n=", Str), in("n", Int), c(" of ", Str), c(3, Int), c("!", Str)}, Str);
  g().nodes.push_back(expression("s", f, {{"n", Binding::input("n")}}));
  output("a", Bool, node("a"));
  output("s", Str, node("s"));
  EXPECT_TRUE(run(passes::createConstantFolding()));
  EXPECT_EQ(g().outputs[0].binding, Binding::constant(false));
  const Node *s = g().find("s");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(p.exprs[s->expr].args.size(), 3u);
  EXPECT_EQ(p.exprs[p.exprs[s->expr].args[2]].value, " of 3!");
  EXPECT_EQ(value(*s, {{"n", 7}}), "n=7 of 3!");
}

TEST_F(ExpressionPassesTest, ConstantConditionsKeepOnlyTheArmTaken) {
  // if true { n } else { 1 / 0 } is n; (none ?? n) is n; (true or flag) is true.
  TypeId optInt = p.types.optional(Int);
  ExprId pick = op(ExprOp::Cond, "", {c(true, Bool), in("n", Int), bin("/", c(1, Int), c(0, Int), Int)}, Int);
  g().nodes.push_back(expression("pick", pick, {{"n", Binding::input("n")}}));
  g().nodes.push_back(expression("dflt", bin("??", c(nullptr, optInt), in("n", Int), Int), {{"n", Binding::input("n")}}));
  g().nodes.push_back(expression("any", bin("or", c(true, Bool), in("flag", Bool), Bool), {{"flag", Binding::input("flag")}}));
  output("pick", Int, node("pick"));
  output("dflt", Int, node("dflt"));
  output("any", Bool, node("any"));
  EXPECT_TRUE(run(passes::createConstantFolding()));
  EXPECT_EQ(ids(g()), (std::vector<std::string>{"pick", "dflt"}));
  for (const Node &n : g().nodes) {
    EXPECT_EQ(p.exprs[n.expr].op, ExprOp::Input) << n.id;
    EXPECT_EQ(p.exprs[n.expr].name, "n") << n.id;
  }
  EXPECT_EQ(g().outputs[2].binding, Binding::constant(true));
}

TEST_F(ExpressionPassesTest, EvaluationErrorsAreLeftToTheRuntime) {
  ExprId e = bin("/", c(1, Int), c(0, Int), Int);
  g().nodes.push_back(expression("boom", e, {}));
  g().nodes.push_back(task("t", node("boom")));
  output("t", Int, node("t", "out"));
  EXPECT_FALSE(run(passes::createConstantFolding()));
  EXPECT_EQ(ids(g()), (std::vector<std::string>{"boom", "t"}));
  EXPECT_EQ(g().nodes[0].expr, e);
}

TEST_F(ExpressionPassesTest, TasksWithConstantInputsStay) {
  g().nodes.push_back(task("t", Binding::constant(3)));
  EXPECT_FALSE(run(passes::createConstantFolding()));
  EXPECT_EQ(ids(g()), std::vector<std::string>{"t"});
}

TEST_F(ExpressionPassesTest, ABranchOnATrueConstantBecomesItsCase) {
  // k = 200; verdict = if k > 100 { r = t(x: n); e = r.out + 1 } else { t(x: 0) }; t2(x: verdict)
  g().nodes.push_back(expression("k", c(200, Int), {}));
  Graph big = caseGraph({task("r", Binding::input("n")),
                         expression("e", bin("+", in("r.out", Int), c(1, Int), Int), {{"r.out", node("r", "out")}})},
                        node("e"));
  Graph small = caseGraph({task("r", Binding::constant(0))}, node("r", "out"));
  Node b = branch("verdict", node("k"), Binding::input("flag"), {}, {std::move(big), std::move(small)});
  b.conditions = {bin(">", in("n", Int), c(100, Int), Bool)};
  g().nodes.push_back(std::move(b));
  g().nodes.push_back(task("after", node("verdict", "out")));
  output("v", Int, node("verdict", "out"));
  EXPECT_TRUE(run(passes::createConstantFolding()));
  EXPECT_EQ(ids(g()), (std::vector<std::string>{"verdict.r", "verdict.e", "after"}));
  EXPECT_EQ(inputOf("verdict.r", "x").binding, Binding::constant(200)) << "the case's input is the branch's binding";
  EXPECT_EQ(inputOf("verdict.e", "r.out").binding, node("verdict.r", "out"));
  EXPECT_EQ(inputOf("after", "x").binding, node("verdict.e"));
  EXPECT_EQ(g().outputs[0].binding, node("verdict.e"));
}

TEST_F(ExpressionPassesTest, FalseCasesAreDroppedAndAnElseAloneIsSpliced) {
  // if n > 0 {..} else if flag {..} else {..} with flag false: the middle
  // case goes.
  auto cases = [&] {
    std::vector<Graph> gs;
    for (int i = 0; i < 3; ++i)
      gs.push_back(caseGraph({task("r", Binding::constant(i))}, node("r", "out")));
    return gs;
  };
  g().nodes.push_back(branch("b", Binding::input("n"), Binding::constant(false),
                             {bin(">", in("n", Int), c(0, Int), Bool), in("flag", Bool)}, cases()));
  output("b", Int, node("b", "out"));
  EXPECT_TRUE(run(passes::createConstantFolding()));
  ASSERT_EQ(ids(g()), std::vector<std::string>{"b"});
  EXPECT_EQ(g().nodes[0].conditions.size(), 1u);
  ASSERT_EQ(g().nodes[0].bodies.size(), 2u);
  EXPECT_EQ(inputOf("r", "x", &g().nodes[0].bodies[1]).binding, Binding::constant(2));

  // With the first condition false too, only the else is left: spliced.
  g().nodes[0].inputs[0].binding = Binding::constant(-1);
  EXPECT_TRUE(run(passes::createConstantFolding()));
  EXPECT_EQ(ids(g()), std::vector<std::string>{"b.r"});
  EXPECT_EQ(inputOf("b.r", "x").binding, Binding::constant(2));
  EXPECT_EQ(g().outputs[0].binding, node("b.r", "out"));
}

TEST_F(ExpressionPassesTest, ATrueConditionAfterUnknownOnesEndsTheCases) {
  std::vector<Graph> gs;
  for (int i = 0; i < 3; ++i)
    gs.push_back(caseGraph({task("r", Binding::constant(i))}, node("r", "out")));
  g().nodes.push_back(branch("b", Binding::input("n"), Binding::input("flag"),
                             {in("flag", Bool), c(true, Bool)}, std::move(gs)));
  output("b", Int, node("b", "out"));
  EXPECT_TRUE(run(passes::createConstantFolding()));
  Node &b = g().nodes[0];
  EXPECT_EQ(b.conditions.size(), 1u);
  ASSERT_EQ(b.bodies.size(), 2u) << "the true case became the else; the old else is gone";
  EXPECT_EQ(inputOf("r", "x", &b.bodies[1]).binding, Binding::constant(1));
}

TEST_F(ExpressionPassesTest, ABranchWithoutElseWhoseCasesAreFalseIsRemoved) {
  Node b = branch("b", Binding::input("n"), Binding::input("flag"), {c(false, Bool)},
                  {caseGraph({task("r", Binding::constant(1))}, node("r", "out"))});
  b.outputs.clear();
  b.bodies[0].outputs.clear();
  g().nodes.push_back(std::move(b));
  g().nodes.push_back(task("t", Binding::input("n")));
  EXPECT_TRUE(run(passes::createConstantFolding()));
  EXPECT_EQ(ids(g()), std::vector<std::string>{"t"});
}

TEST_F(ExpressionPassesTest, ASpliceThatWouldClashKeepsTheBranch) {
  g().nodes.push_back(task("b.r", Binding::constant(5)));
  g().nodes.push_back(branch("b", Binding::input("n"), Binding::input("flag"), {c(true, Bool)},
                             {caseGraph({task("r", Binding::constant(1))}, node("r", "out"))}));
  output("b", Int, node("b", "out"));
  run(passes::createConstantFolding());
  EXPECT_EQ(ids(g()), (std::vector<std::string>{"b.r", "b"}));
  EXPECT_TRUE(g().nodes[1].conditions.empty());
  EXPECT_EQ(g().nodes[1].bodies.size(), 1u);
}

TEST_F(ExpressionPassesTest, ConstantsFlowIntoNestedGraphs) {
  // for x in xs { e = x * n }, with n bound to 3 and a constant expression
  // inside the body.
  Node m;
  m.id = "m";
  m.kind = NodeKind::Map;
  m.loc = "m.flyte:1:1";
  m.iterate = "xs";
  m.inputs = {{"xs", p.types.list(Int), Binding::constant(Value::array({1, 2}))}, {"n", Int, Binding::constant(3)}};
  m.outputs.push_back({"value", p.types.list(Int), std::nullopt, ""});
  Graph body;
  body.inputs = {{"xs", Int, std::nullopt, ""}, {"n", Int, std::nullopt, ""}};
  body.nodes.push_back(expression("e", bin("*", in("xs", Int), in("n", Int), Int),
                                  {{"xs", Binding::input("xs")}, {"n", Binding::input("n")}}));
  body.nodes.push_back(expression("k", bin("+", c(1, Int), c(1, Int), Int), {}));
  body.nodes.push_back(task("t", node("k")));
  body.outputs.push_back({"value", Int, node("e")});
  m.bodies.push_back(std::move(body));
  g().nodes.push_back(std::move(m));
  output("m", p.types.list(Int), node("m"));
  EXPECT_TRUE(run(passes::createConstantFolding()));
  Graph &inner = g().nodes[0].bodies[0];
  EXPECT_EQ(ids(inner), (std::vector<std::string>{"e", "t"}));
  EXPECT_EQ(inputOf("t", "x", &inner).binding, Binding::constant(2));
  // The iterated element stays an input; the constant n is folded in.
  ASSERT_EQ(inner.nodes[0].inputs.size(), 1u);
  EXPECT_EQ(inner.nodes[0].inputs[0].name, "xs");
  EXPECT_EQ(value(inner.nodes[0], {{"xs", 5}}), 15);
}

TEST_F(ExpressionPassesTest, ControlEdgesSurviveFoldingAndSplicing) {
  // wait = sleep; k = 1 (after wait); t(x: n) after k; a branch on true
  // (after wait) whose case is one task; u(x: n) after the branch.
  Node gate;
  gate.id = "wait";
  gate.kind = NodeKind::Gate;
  gate.target = "sleep";
  gate.loc = "m.flyte:1:1";
  gate.inputs.push_back({"for", p.types.scalar(ir::TypeKind::Duration), Binding::constant("10s")});
  g().nodes.push_back(std::move(gate));
  g().nodes.push_back(expression("k", c(1, Int), {}));
  g().nodes.back().after = {"wait"};
  g().nodes.push_back(task("t", Binding::input("n")));
  g().nodes.back().after = {"k"};
  g().nodes.push_back(branch("b", Binding::input("n"), Binding::input("flag"), {c(true, Bool)},
                             {caseGraph({task("r", Binding::input("n"))}, node("r", "out"))}));
  g().nodes.back().after = {"wait"};
  g().nodes.push_back(task("u", Binding::input("n")));
  g().nodes.back().after = {"b"};
  output("b", Int, node("b", "out"));
  EXPECT_TRUE(run(passes::createConstantFolding()));
  EXPECT_EQ(ids(g()), (std::vector<std::string>{"wait", "t", "b.r", "u"}));
  EXPECT_EQ(g().find("t")->after, std::vector<std::string>{"wait"}) << "through the folded k";
  EXPECT_EQ(g().find("b.r")->after, std::vector<std::string>{"wait"}) << "what the branch waited for";
  EXPECT_EQ(g().find("u")->after, std::vector<std::string>{"b.r"}) << "what replaced the branch";
}

// ------------------------------------------------------------ dce

TEST_F(ExpressionPassesTest, DceRemovesUnusedExpressionChainsInOneRun) {
  g().nodes.push_back(expression("a", bin("+", in("n", Int), c(1, Int), Int), {{"n", Binding::input("n")}}));
  g().nodes.push_back(expression("b", bin("*", in("a.value", Int), c(2, Int), Int), {{"a.value", node("a")}}));
  g().nodes.push_back(expression("used", bin("-", in("n", Int), c(1, Int), Int), {{"n", Binding::input("n")}}));
  g().nodes.push_back(task("t", node("used")));
  EXPECT_TRUE(run(passes::createDeadExpressionElimination()));
  EXPECT_EQ(ids(g()), (std::vector<std::string>{"used", "t"}));
  EXPECT_FALSE(passes::createDeadExpressionElimination()->run(p));
}

TEST_F(ExpressionPassesTest, DceNeverRemovesNodesWithEffects) {
  // A task, a gate and a branch whose outputs nobody reads all stay.
  g().nodes.push_back(task("t", Binding::input("n")));
  Node gate;
  gate.id = "wait";
  gate.kind = NodeKind::Gate;
  gate.target = "sleep";
  gate.loc = "m.flyte:1:1";
  gate.inputs.push_back({"for", p.types.scalar(ir::TypeKind::Duration), Binding::constant("10s")});
  g().nodes.push_back(std::move(gate));
  g().nodes.push_back(branch("b", Binding::input("n"), Binding::input("flag"), {in("flag", Bool)},
                             {caseGraph({task("r", Binding::constant(1))}, node("r", "out"))}));
  g().nodes.back().outputs.clear();
  g().nodes.back().bodies[0].outputs.clear();
  EXPECT_FALSE(run(passes::createDeadExpressionElimination()));
  EXPECT_EQ(ids(g()), (std::vector<std::string>{"t", "wait", "b"}));
}

TEST_F(ExpressionPassesTest, DceSweepsNestedGraphs) {
  Graph cg = caseGraph({expression("unused", bin("+", in("n", Int), c(1, Int), Int), {{"n", Binding::input("n")}}),
                       task("r", Binding::input("n"))},
                      node("r", "out"));
  g().nodes.push_back(branch("b", Binding::input("n"), Binding::input("flag"), {in("flag", Bool)}, {std::move(cg)}));
  g().nodes.back().outputs.clear();
  g().nodes.back().bodies[0].outputs.clear();
  EXPECT_TRUE(run(passes::createDeadExpressionElimination()));
  EXPECT_EQ(ids(g().nodes[0].bodies[0]), std::vector<std::string>{"r"});
}

TEST_F(ExpressionPassesTest, DceKeepsWhatOthersWaitFor) {
  // a is waited for by b; b is unused and goes, and then a is free to go too.
  g().nodes.push_back(expression("a", bin("+", in("n", Int), c(1, Int), Int), {{"n", Binding::input("n")}}));
  g().nodes.push_back(expression("b", bin("+", in("n", Int), c(2, Int), Int), {{"n", Binding::input("n")}}));
  g().nodes.back().after = {"a"};
  g().nodes.push_back(expression("c", bin("+", in("n", Int), c(3, Int), Int), {{"n", Binding::input("n")}}));
  g().nodes.push_back(task("t", Binding::input("n")));
  g().nodes.back().after = {"c"};
  EXPECT_TRUE(run(passes::createDeadExpressionElimination()));
  EXPECT_EQ(ids(g()), (std::vector<std::string>{"c", "t"}));
}

// ------------------------------------------------------------ fuse-expressions

TEST_F(ExpressionPassesTest, FusesAChainIntoItsLastNode) {
  // a = n + 1; b = a * n; c = "b={{b}}": a is read by b only, b by c
  // only, and c by the graph output.
  g().nodes.push_back(expression("a", bin("+", in("n", Int), c(1, Int), Int), {{"n", Binding::input("n")}}));
  g().nodes.push_back(expression("b", bin("*", in("a.value", Int), in("n", Int), Int),
                                 {{"a.value", node("a")}, {"n", Binding::input("n")}}));
  ExprId fmt = op(ExprOp::Format, "", {c("b=", Str), in("b.value", Int)}, Str);
  g().nodes.push_back(expression("c", fmt, {{"b.value", node("b")}}));
  output("c", Str, node("c"));
  EXPECT_TRUE(run(passes::createExpressionFusion()));
  ASSERT_EQ(ids(g()), std::vector<std::string>{"c"});
  const Node &n = g().nodes[0];
  ASSERT_EQ(n.inputs.size(), 1u) << "a and b both read n: one input";
  EXPECT_EQ(n.inputs[0].binding, Binding::input("n"));
  EXPECT_EQ(value(n, {{"n", 4}}), "b=20");
  EXPECT_FALSE(passes::createExpressionFusion()->run(p));
}

TEST_F(ExpressionPassesTest, DoesNotFuseValuesOthersNeed) {
  // a is read by two expressions; b is read by a graph output too; d by a task.
  g().nodes.push_back(expression("a", bin("+", in("n", Int), c(1, Int), Int), {{"n", Binding::input("n")}}));
  g().nodes.push_back(expression("b", bin("*", in("a.value", Int), c(2, Int), Int), {{"a.value", node("a")}}));
  g().nodes.push_back(expression("c", bin("-", in("a.value", Int), in("b.value", Int), Int),
                                 {{"a.value", node("a")}, {"b.value", node("b")}}));
  g().nodes.push_back(expression("d", bin("+", in("c.value", Int), c(0, Int), Int), {{"c.value", node("c")}}));
  g().nodes.push_back(task("t", node("d")));
  output("b", Int, node("b"));
  output("c", Int, node("c"));
  EXPECT_FALSE(run(passes::createExpressionFusion()));
  EXPECT_EQ(ids(g()), (std::vector<std::string>{"a", "b", "c", "d", "t"}));
}

TEST_F(ExpressionPassesTest, FusionRenamesInputsThatClash) {
  // a reads t's output under the name `x`; b already has an `x` (the graph
  // input n). After fusion b has both, the second renamed.
  g().nodes.push_back(task("t", Binding::input("n")));
  g().nodes.push_back(expression("a", bin("*", in("x", Int), c(10, Int), Int), {{"x", node("t", "out")}}));
  g().nodes.push_back(expression("b", bin("+", in("x", Int), in("a.value", Int), Int),
                                 {{"x", Binding::input("n")}, {"a.value", node("a")}}));
  output("b", Int, node("b"));
  EXPECT_TRUE(run(passes::createExpressionFusion()));
  ASSERT_EQ(ids(g()), (std::vector<std::string>{"t", "b"}));
  const Node &b = g().nodes[1];
  ASSERT_EQ(b.inputs.size(), 2u);
  EXPECT_EQ(b.inputs[0].name, "x");
  EXPECT_EQ(b.inputs[1].name, "x#2");
  EXPECT_EQ(b.inputs[1].binding, node("t", "out"));
  EXPECT_EQ(value(b, {{"x", 1}, {"x#2", 5}}), 51);
}

TEST_F(ExpressionPassesTest, FusionWorksInsideNestedGraphs) {
  Graph cg = caseGraph({expression("a", bin("+", in("n", Int), c(1, Int), Int), {{"n", Binding::input("n")}}),
                       expression("b", bin("*", in("a.value", Int), c(3, Int), Int), {{"a.value", node("a")}})},
                      node("b"));
  g().nodes.push_back(branch("br", Binding::input("n"), Binding::input("flag"), {in("flag", Bool)}, {std::move(cg)}));
  g().nodes.back().outputs.clear();
  g().nodes.back().bodies[0].outputs.clear();
  g().nodes.back().bodies[0].nodes.push_back(task("t", node("b")));
  EXPECT_TRUE(run(passes::createExpressionFusion()));
  Graph &inner = g().nodes[0].bodies[0];
  EXPECT_EQ(ids(inner), (std::vector<std::string>{"b", "t"}));
  EXPECT_EQ(value(inner.nodes[0], {{"n", 2}}), 9);
}

TEST_F(ExpressionPassesTest, FusionKeepsControlEdges) {
  // a waits for t; b reads a: b takes over a's wait. c is waited for by u,
  // so it is not fused into d.
  g().nodes.push_back(task("t", Binding::input("n")));
  g().nodes.push_back(expression("a", bin("+", in("n", Int), c(1, Int), Int), {{"n", Binding::input("n")}}));
  g().nodes.back().after = {"t"};
  g().nodes.push_back(expression("b", bin("*", in("a.value", Int), c(2, Int), Int), {{"a.value", node("a")}}));
  g().nodes.push_back(expression("c", bin("-", in("n", Int), c(1, Int), Int), {{"n", Binding::input("n")}}));
  g().nodes.push_back(task("u", Binding::input("n")));
  g().nodes.back().after = {"c"};
  g().nodes.push_back(expression("d", bin("*", in("c.value", Int), c(2, Int), Int), {{"c.value", node("c")}}));
  output("b", Int, node("b"));
  output("d", Int, node("d"));
  EXPECT_TRUE(run(passes::createExpressionFusion()));
  EXPECT_EQ(ids(g()), (std::vector<std::string>{"t", "b", "c", "u", "d"}));
  EXPECT_EQ(g().find("b")->after, std::vector<std::string>{"t"});
}

} // namespace
