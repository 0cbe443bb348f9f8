// The graph passes "cse", "inline" and "critical-path" on packages built by
// hand: the graph before, the pass, the graph after.
#include "passes/Pass.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace flytec;
using ir::Binding;
using ir::Graph;
using ir::Node;
using ir::NodeKind;
using ir::Package;

namespace {

// ------------------------------------------------------------ building

const ir::TypeId kInt = ir::TypeId(ir::TypeKind::Int);

/// A task `name(inputs...) -> (out: int)` with int inputs.
void addTask(Package &p, const std::string &name, std::vector<std::string> inputs, bool cached) {
  ir::Task t;
  t.name = name;
  t.plugin = "shell";
  for (std::string &in : inputs)
    t.inputs.push_back({in, kInt, std::nullopt, ""});
  t.outputs.push_back({"out", kInt, std::nullopt, ""});
  if (cached)
    t.cache = ir::CacheSettings{"1", false, {}};
  p.tasks[name] = t;
}

Node call(NodeKind kind, std::string id, std::string target, std::vector<std::pair<std::string, Binding>> inputs,
          std::vector<std::string> outputs = {"out"}) {
  Node n;
  n.id = std::move(id);
  n.kind = kind;
  n.target = std::move(target);
  n.loc = "test.flyte:1:1";
  for (auto &[name, b] : inputs)
    n.inputs.push_back({name, kInt, b});
  for (std::string &o : outputs)
    n.outputs.push_back({o, kInt, std::nullopt, ""});
  return n;
}

Node task(std::string id, std::string target, std::vector<std::pair<std::string, Binding>> inputs) {
  return call(NodeKind::Task, std::move(id), std::move(target), std::move(inputs));
}

Node expression(Package &p, std::string id, std::vector<std::pair<std::string, Binding>> inputs) {
  Node n = call(NodeKind::Expression, std::move(id), "", std::move(inputs), {"value"});
  ir::Expr e;
  e.op = ir::ExprOp::Input;
  e.type = kInt;
  e.name = n.inputs.front().name;
  n.expr = p.addExpr(e);
  return n;
}

Binding in(std::string name) { return Binding::input(std::move(name)); }
Binding out(std::string node, std::string output = "out") { return Binding::node(std::move(node), std::move(output)); }
Binding lit(int v) { return Binding::constant(v); }

ir::Port port(std::string name, Binding b) { return {std::move(name), kInt, std::move(b)}; }

Graph graph(std::vector<std::string> inputs, std::vector<Node> nodes, std::vector<ir::Port> outputs) {
  Graph g;
  for (std::string &i : inputs)
    g.inputs.push_back({i, kInt, std::nullopt, ""});
  g.nodes = std::move(nodes);
  g.outputs = std::move(outputs);
  return g;
}

ir::Workflow &addWorkflow(Package &p, const std::string &name, Graph g) {
  ir::Workflow &w = p.workflows[name];
  w.name = name;
  w.graph = std::move(g);
  return w;
}

std::vector<std::string> ids(const Graph &g) {
  std::vector<std::string> out;
  for (const Node &n : g.nodes)
    out.push_back(n.id);
  return out;
}

const Binding &inputOf(const Graph &g, const std::string &node, const std::string &input) {
  const Node *n = g.find(node);
  EXPECT_NE(n, nullptr) << node;
  const ir::Port *port = n->input(input);
  EXPECT_NE(port, nullptr) << node << "." << input;
  return port->binding;
}

using Ids = std::vector<std::string>;

// ------------------------------------------------------------------ cse

TEST(GraphPassesCse, MergesIdenticalCallsOfACachedTask) {
  Package p;
  addTask(p, "m.clean", {"x"}, true);
  addTask(p, "m.join", {"l", "r"}, false);
  addWorkflow(p, "m.main",
              graph({"x"},
                    {task("a", "m.clean", {{"x", in("x")}}), task("b", "m.clean", {{"x", in("x")}}),
                     task("c", "m.join", {{"l", out("a")}, {"r", out("b")}})},
                    {port("o", out("b"))}));
  EXPECT_TRUE(passes::createCommonCallElimination()->run(p));
  const Graph &g = p.workflows["m.main"].graph;
  EXPECT_EQ(ids(g), (Ids{"a", "c"}));
  EXPECT_EQ(inputOf(g, "c", "l"), out("a"));
  EXPECT_EQ(inputOf(g, "c", "r"), out("a"));
  EXPECT_EQ(g.outputs[0].binding, out("a"));
}

TEST(GraphPassesCse, ChainsCollapseInOneSweep) {
  Package p;
  addTask(p, "m.clean", {"x"}, true);
  addWorkflow(p, "m.main",
              graph({"x"},
                    {task("a1", "m.clean", {{"x", in("x")}}), task("a2", "m.clean", {{"x", in("x")}}),
                     task("b1", "m.clean", {{"x", out("a1")}}), task("b2", "m.clean", {{"x", out("a2")}}),
                     task("c2", "m.clean", {{"x", out("b2")}})},
                    {port("o", out("c2")), port("p", out("b2"))}));
  EXPECT_TRUE(passes::createCommonCallElimination()->run(p));
  const Graph &g = p.workflows["m.main"].graph;
  EXPECT_EQ(ids(g), (Ids{"a1", "b1", "c2"}));
  EXPECT_EQ(inputOf(g, "c2", "x"), out("b1"));
  EXPECT_EQ(g.outputs[1].binding, out("b1"));
  // A second run finds nothing more.
  EXPECT_FALSE(passes::createCommonCallElimination()->run(p));
}

TEST(GraphPassesCse, NeverMergesUncachedTasksGatesOrSubworkflows) {
  Package p;
  addTask(p, "m.send", {"x"}, false);
  addWorkflow(p, "m.sub", graph({"x"}, {}, {port("out", in("x"))}));
  addWorkflow(p, "m.main",
              graph({"x"},
                    {task("s1", "m.send", {{"x", in("x")}}), task("s2", "m.send", {{"x", in("x")}}),
                     call(NodeKind::Gate, "g1", "approve", {{"value", in("x")}}, {"value"}),
                     call(NodeKind::Gate, "g2", "approve", {{"value", in("x")}}, {"value"}),
                     call(NodeKind::Workflow, "w1", "m.sub", {{"x", in("x")}}),
                     call(NodeKind::Workflow, "w2", "m.sub", {{"x", in("x")}})},
                    {}));
  EXPECT_FALSE(passes::createCommonCallElimination()->run(p));
  EXPECT_EQ(ids(p.workflows["m.main"].graph), (Ids{"s1", "s2", "g1", "g2", "w1", "w2"}));
}

TEST(GraphPassesCse, DifferentBindingsOrSettingsAreDifferentCalls) {
  Package p;
  addTask(p, "m.clean", {"x"}, true);
  addTask(p, "m.other", {"x"}, true);
  Node retried = task("r", "m.clean", {{"x", lit(1)}});
  retried.settings.retries = 3;
  Node bigger = task("big", "m.clean", {{"x", lit(1)}});
  bigger.settings.requests = ir::Resources{2.0, std::nullopt, std::nullopt};
  addWorkflow(p, "m.main",
              graph({"x", "y"},
                    {task("a", "m.clean", {{"x", in("x")}}), task("b", "m.clean", {{"x", in("y")}}),
                     task("c", "m.clean", {{"x", lit(1)}}), task("d", "m.clean", {{"x", lit(2)}}),
                     task("e", "m.other", {{"x", lit(1)}}), retried, bigger},
                    {}));
  EXPECT_FALSE(passes::createCommonCallElimination()->run(p));
  EXPECT_EQ(ids(p.workflows["m.main"].graph), (Ids{"a", "b", "c", "d", "e", "r", "big"}));
}

TEST(GraphPassesCse, InputOrderDoesNotMatterButEqualSettingsDo) {
  Package p;
  addTask(p, "m.join", {"l", "r"}, true);
  Node a = task("a", "m.join", {{"l", in("x")}, {"r", lit(1)}});
  Node b = task("b", "m.join", {{"r", lit(1)}, {"l", in("x")}});
  a.settings.retries = b.settings.retries = 2;
  addWorkflow(p, "m.main", graph({"x"}, {a, b}, {port("o", out("b"))}));
  EXPECT_TRUE(passes::createCommonCallElimination()->run(p));
  EXPECT_EQ(ids(p.workflows["m.main"].graph), (Ids{"a"}));
  EXPECT_EQ(p.workflows["m.main"].graph.outputs[0].binding, out("a"));
}

TEST(GraphPassesCse, MergesInsideNestedGraphsButNotAcrossThem) {
  Package p;
  addTask(p, "m.clean", {"x"}, true);
  Node branch = call(NodeKind::Branch, "pick", "", {{"x", in("x")}});
  branch.bodies.push_back(graph({"x"},
                                {task("a", "m.clean", {{"x", in("x")}}), task("b", "m.clean", {{"x", in("x")}})},
                                {port("out", out("b"))}));
  Node map = call(NodeKind::Map, "each", "", {{"xs", in("xs")}});
  map.iterate = "xs";
  map.bodies.push_back(graph({"xs"},
                             {task("a", "m.clean", {{"x", in("xs")}}), task("b", "m.clean", {{"x", in("xs")}})},
                             {port("out", out("b"))}));
  // The outer call has the same target and binding text as the inner ones,
  // but its `x` is another graph's input.
  addWorkflow(p, "m.main", graph({"x", "xs"}, {task("a", "m.clean", {{"x", in("x")}}), branch, map}, {}));
  EXPECT_TRUE(passes::createCommonCallElimination()->run(p));
  const Graph &g = p.workflows["m.main"].graph;
  EXPECT_EQ(ids(g), (Ids{"a", "pick", "each"}));
  for (const char *id : {"pick", "each"}) {
    const Graph &body = g.find(id)->bodies[0];
    EXPECT_EQ(ids(body), (Ids{"a"})) << id;
    EXPECT_EQ(body.outputs[0].binding, out("a")) << id;
  }
}

// --------------------------------------------------------------- inline

/// `m.stats(t, scale = 2) -> (s, passthrough)`: one task, and an output that
/// is its input.
void addStats(Package &p) {
  addTask(p, "m.summarize", {"t", "k"}, false);
  ir::Workflow &w = addWorkflow(p, "m.stats",
                                graph({"t", "scale"}, {task("summarize", "m.summarize", {{"t", in("t")}, {"k", in("scale")}})},
                                      {port("s", out("summarize")), port("passthrough", in("t"))}));
  w.graph.inputs[1].defaultValue = 2;
  w.graph.nodes[0].loc = "lib.flyte:7:3";
}

TEST(GraphPassesInline, ReplacesACallByTheCalleesNodes) {
  Package p;
  addStats(p);
  addTask(p, "m.prep", {"x"}, false);
  addTask(p, "m.use", {"a", "b"}, false);
  Node stats = call(NodeKind::Workflow, "stats", "m.stats", {{"t", out("pre")}}, {"s", "passthrough"});
  stats.settings.retries = 5; // a `let` decorator on the call: not applied to the nodes inside
  addWorkflow(p, "m.main",
              graph({"x"},
                    {task("pre", "m.prep", {{"x", in("x")}}), stats,
                     task("post", "m.use", {{"a", out("stats", "s")}, {"b", out("stats", "passthrough")}})},
                    {port("r", out("stats", "s")), port("q", out("stats", "passthrough"))}));
  EXPECT_TRUE(passes::createSubworkflowInlining()->run(p));
  const Graph &g = p.workflows["m.main"].graph;
  EXPECT_EQ(ids(g), (Ids{"pre", "stats.summarize", "post"}));
  EXPECT_EQ(inputOf(g, "stats.summarize", "t"), out("pre"));
  EXPECT_EQ(inputOf(g, "stats.summarize", "k"), lit(2)); // the callee's default
  EXPECT_EQ(inputOf(g, "post", "a"), out("stats.summarize"));
  EXPECT_EQ(inputOf(g, "post", "b"), out("pre"));
  EXPECT_EQ(g.outputs[0].binding, out("stats.summarize"));
  EXPECT_EQ(g.outputs[1].binding, out("pre"));
  const Node *inner = g.find("stats.summarize");
  EXPECT_EQ(inner->loc, "lib.flyte:7:3");
  EXPECT_FALSE(inner->settings.retries.has_value());
  // The callee itself is unchanged.
  EXPECT_EQ(ids(p.workflows["m.stats"].graph), (Ids{"summarize"}));
}

TEST(GraphPassesInline, CallerInputsAndConstantsFlowThrough) {
  Package p;
  addStats(p);
  addTask(p, "m.use", {"a"}, false);
  addWorkflow(p, "m.main",
              graph({"x"},
                    {call(NodeKind::Workflow, "st", "m.stats", {{"t", in("x")}, {"scale", lit(9)}}, {"s", "passthrough"}),
                     task("post", "m.use", {{"a", out("st", "passthrough")}})},
                    {port("r", out("st", "passthrough"))}));
  EXPECT_TRUE(passes::createSubworkflowInlining()->run(p));
  const Graph &g = p.workflows["m.main"].graph;
  EXPECT_EQ(ids(g), (Ids{"st.summarize", "post"}));
  EXPECT_EQ(inputOf(g, "st.summarize", "t"), in("x"));
  EXPECT_EQ(inputOf(g, "st.summarize", "k"), lit(9));
  EXPECT_EQ(inputOf(g, "post", "a"), in("x"));
  EXPECT_EQ(g.outputs[0].binding, in("x"));
}

TEST(GraphPassesInline, FlattensTwoLevelsBottomUp) {
  Package p;
  addTask(p, "m.work", {"v"}, false);
  addWorkflow(p, "m.leaf",
              graph({"v"}, {task("w1", "m.work", {{"v", in("v")}}), task("w2", "m.work", {{"v", out("w1")}})},
                    {port("out", out("w2"))}));
  addWorkflow(p, "m.mid",
              graph({"v"},
                    {call(NodeKind::Workflow, "inner", "m.leaf", {{"v", in("v")}}),
                     task("after", "m.work", {{"v", out("inner")}})},
                    {port("out", out("after")), port("raw", out("inner"))}));
  // The caller sorts before its callees, so the walk must go callees first.
  addWorkflow(p, "m.a_main",
              graph({"v"}, {call(NodeKind::Workflow, "outer", "m.mid", {{"v", lit(3)}}, {"out", "raw"})},
                    {port("o", out("outer")), port("raw", out("outer", "raw"))}));
  EXPECT_TRUE(passes::createSubworkflowInlining()->run(p));
  const Graph &mid = p.workflows["m.mid"].graph;
  EXPECT_EQ(ids(mid), (Ids{"inner.w1", "inner.w2", "after"}));
  const Graph &g = p.workflows["m.a_main"].graph;
  EXPECT_EQ(ids(g), (Ids{"outer.inner.w1", "outer.inner.w2", "outer.after"}));
  EXPECT_EQ(inputOf(g, "outer.inner.w1", "v"), lit(3));
  EXPECT_EQ(inputOf(g, "outer.inner.w2", "v"), out("outer.inner.w1"));
  EXPECT_EQ(inputOf(g, "outer.after", "v"), out("outer.inner.w2"));
  EXPECT_EQ(g.outputs[0].binding, out("outer.after"));
  EXPECT_EQ(g.outputs[1].binding, out("outer.inner.w2"));
}

TEST(GraphPassesInline, RecursionIsLeftAsACall) {
  Package p;
  addTask(p, "m.work", {"v"}, false);
  // m.a -> m.b -> m.a, and m.self -> m.self: the checker rejects these
  // (E4001), but IR read from JSON may hold them.
  addWorkflow(p, "m.a",
              graph({"v"}, {task("t", "m.work", {{"v", in("v")}}), call(NodeKind::Workflow, "cb", "m.b", {{"v", out("t")}})},
                    {port("out", out("cb"))}));
  addWorkflow(p, "m.b", graph({"v"}, {call(NodeKind::Workflow, "ca", "m.a", {{"v", in("v")}})}, {port("out", out("ca"))}));
  addWorkflow(p, "m.self",
              graph({"v"}, {call(NodeKind::Workflow, "again", "m.self", {{"v", in("v")}})}, {port("out", out("again"))}));
  EXPECT_TRUE(passes::createSubworkflowInlining()->run(p));
  // m.b was flattened while m.a was: its call back to m.a stays.
  EXPECT_EQ(ids(p.workflows["m.b"].graph), (Ids{"ca"}));
  const Graph &a = p.workflows["m.a"].graph;
  EXPECT_EQ(ids(a), (Ids{"t", "cb.ca"}));
  EXPECT_EQ(a.find("cb.ca")->kind, NodeKind::Workflow);
  EXPECT_EQ(a.find("cb.ca")->target, "m.a");
  EXPECT_EQ(inputOf(a, "cb.ca", "v"), out("t"));
  EXPECT_EQ(a.outputs[0].binding, out("cb.ca"));
  EXPECT_EQ(ids(p.workflows["m.self"].graph), (Ids{"again"}));
}

TEST(GraphPassesInline, LeavesLaunchPlansDynamicsAndIncompleteCalls) {
  Package p;
  addStats(p);
  addWorkflow(p, "m.dyn", graph({"t"}, {}, {port("s", in("t"))})).dynamic = true;
  addWorkflow(p, "m.cleanup", graph({"t"}, {}, {port("s", in("t"))})).onFailure = "m.notify";
  addWorkflow(p, "m.keepgoing", graph({"t"}, {}, {port("s", in("t"))})).continueOnFailure = true;
  Node lp = call(NodeKind::Workflow, "lp", "m.stats", {{"t", in("x")}}, {"s", "passthrough"});
  lp.launchPlan = true;
  addWorkflow(p, "m.main",
              graph({"x"},
                    {lp, call(NodeKind::Workflow, "dyn", "m.dyn", {{"t", in("x")}}, {"s"}),
                     call(NodeKind::Dynamic, "dyn2", "m.dyn", {{"t", in("x")}}, {"s"}),
                     call(NodeKind::Workflow, "cl", "m.cleanup", {{"t", in("x")}}, {"s"}),
                     call(NodeKind::Workflow, "kg", "m.keepgoing", {{"t", in("x")}}, {"s"}),
                     // `t` is required and unbound.
                     call(NodeKind::Workflow, "bad", "m.stats", {{"scale", in("x")}}, {"s", "passthrough"}),
                     call(NodeKind::Workflow, "missing", "m.nowhere", {}, {"s"})},
                    {}));
  EXPECT_FALSE(passes::createSubworkflowInlining()->run(p));
  EXPECT_EQ(ids(p.workflows["m.main"].graph), (Ids{"lp", "dyn", "dyn2", "cl", "kg", "bad", "missing"}));
}

TEST(GraphPassesInline, InlinesInsideMapBodiesAndClonesExpressions) {
  Package p;
  addTask(p, "m.work", {"v"}, false);
  addWorkflow(p, "m.sub",
              graph({"v"}, {expression(p, "twice", {{"v", in("v")}}), task("w", "m.work", {{"v", out("twice", "value")}})},
                    {port("out", out("w"))}));
  Node map = call(NodeKind::Map, "each", "", {{"vs", in("vs")}});
  map.iterate = "vs";
  map.bodies.push_back(
      graph({"vs"}, {call(NodeKind::Workflow, "s", "m.sub", {{"v", in("vs")}})}, {port("out", out("s"))}));
  addWorkflow(p, "m.main",
              graph({"vs", "x"}, {map, call(NodeKind::Workflow, "one", "m.sub", {{"v", in("x")}})},
                    {port("o", out("one"))}));
  EXPECT_TRUE(passes::createSubworkflowInlining()->run(p));
  const Graph &g = p.workflows["m.main"].graph;
  EXPECT_EQ(ids(g), (Ids{"each", "one.twice", "one.w"}));
  const Graph &body = g.find("each")->bodies[0];
  EXPECT_EQ(ids(body), (Ids{"s.twice", "s.w"}));
  EXPECT_EQ(inputOf(body, "s.twice", "v"), in("vs"));
  EXPECT_EQ(body.outputs[0].binding, out("s.w"));
  // Each copy has its own expression, equal to the callee's.
  ir::ExprId original = p.workflows["m.sub"].graph.find("twice")->expr;
  ir::ExprId inMap = body.find("s.twice")->expr;
  ir::ExprId outside = g.find("one.twice")->expr;
  EXPECT_NE(inMap, original);
  EXPECT_NE(outside, original);
  EXPECT_NE(inMap, outside);
  EXPECT_EQ(p.exprs[inMap].op, ir::ExprOp::Input);
  EXPECT_EQ(p.exprs[inMap].name, "v");
}

TEST(GraphPassesInline, AClashingIdKeepsTheCall) {
  Package p;
  addStats(p);
  addTask(p, "m.work", {"v"}, false);
  addWorkflow(p, "m.main",
              graph({"x"},
                    {task("st.summarize", "m.work", {{"v", in("x")}}),
                     call(NodeKind::Workflow, "st", "m.stats", {{"t", in("x")}}, {"s", "passthrough"})},
                    {}));
  EXPECT_FALSE(passes::createSubworkflowInlining()->run(p));
  EXPECT_EQ(ids(p.workflows["m.main"].graph), (Ids{"st.summarize", "st"}));
}

// -------------------------------------------------------- critical-path

std::vector<int64_t> paths(const Graph &g) {
  std::vector<int64_t> out;
  for (const Node &n : g.nodes)
    out.push_back(n.criticalPath.value_or(-1));
  return out;
}

TEST(GraphPassesCriticalPath, Diamond) {
  // a -> b -> d, a -> c (expression) -> d, and e on its own.
  Package p;
  addTask(p, "m.t", {"x", "y"}, false);
  addWorkflow(p, "m.main",
              graph({"x"},
                    {task("a", "m.t", {{"x", in("x")}}), task("b", "m.t", {{"x", out("a")}}),
                     expression(p, "c", {{"v", out("a")}}),
                     task("d", "m.t", {{"x", out("b")}, {"y", out("c", "value")}}),
                     task("e", "m.t", {{"x", in("x")}})},
                    {port("o", out("d"))}));
  EXPECT_TRUE(passes::createCriticalPath()->run(p));
  EXPECT_EQ(paths(p.workflows["m.main"].graph), (std::vector<int64_t>{3, 2, 1, 1, 1}));
  // Annotating again changes nothing.
  EXPECT_FALSE(passes::createCriticalPath()->run(p));
}

TEST(GraphPassesCriticalPath, BranchesAndMapsWeighTheirHeaviestGraph) {
  Package p;
  addTask(p, "m.t", {"x"}, false);
  Node branch = call(NodeKind::Branch, "pick", "", {{"x", out("first")}});
  branch.bodies.push_back(graph({"x"}, {task("c1", "m.t", {{"x", in("x")}}), task("c2", "m.t", {{"x", out("c1")}})},
                                {port("out", out("c2"))}));
  branch.bodies.push_back(graph({"x"}, {}, {port("out", in("x"))})); // an else that passes its input through
  Node map = call(NodeKind::Map, "each", "", {{"xs", in("xs")}});
  map.iterate = "xs";
  map.bodies.push_back(graph({"xs"}, {task("m1", "m.t", {{"x", in("xs")}})}, {port("out", out("m1"))}));
  addWorkflow(p, "m.main",
              graph({"x", "xs"},
                    {task("first", "m.t", {{"x", in("x")}}), branch, map,
                     call(NodeKind::Gate, "wait", "approve", {{"value", out("each")}}, {"value"})},
                    {}));
  EXPECT_TRUE(passes::createCriticalPath()->run(p));
  const Graph &g = p.workflows["m.main"].graph;
  // pick = 1 + 2; first = 1 + pick; each = 1 + 1, then the gate.
  EXPECT_EQ(paths(g), (std::vector<int64_t>{4, 3, 3, 1}));
  EXPECT_EQ(paths(g.find("pick")->bodies[0]), (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(paths(g.find("each")->bodies[0]), (std::vector<int64_t>{1}));
}

} // namespace
