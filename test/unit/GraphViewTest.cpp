// The graph view behind --emit=dot and --emit=mermaid (emit/GraphView.h),
// on a package built by hand with every node kind, a branch with an empty
// case, and a branch nested in a map; then the two printers' syntax and
// escaping on small packages.
#include "emit/Dot.h"
#include "emit/GraphView.h"
#include "emit/Mermaid.h"

#include <llvm/ADT/STLExtras.h>
#include <llvm/Support/raw_ostream.h>

#include <gtest/gtest.h>

#include <functional>

using namespace flytec;
using emit::ClusterKind;
using emit::EdgeKind;
using emit::Shape;
using ir::Binding;
using ir::ExprOp;
using ir::Graph;
using ir::Node;
using ir::NodeKind;

namespace {

const ir::TypeId kInt = ir::TypeId(ir::TypeKind::Int);

Node node(NodeKind kind, std::string id, std::string target, std::vector<std::pair<std::string, Binding>> inputs,
          std::string output = "out") {
  Node n;
  n.id = std::move(id);
  n.kind = kind;
  n.target = std::move(target);
  for (auto &[name, b] : inputs)
    n.inputs.push_back({name, kInt, b});
  if (!output.empty())
    n.outputs.push_back({output, kInt, std::nullopt, ""});
  return n;
}

ir::ExprId expr(ir::Package &p, ExprOp op, std::string name, std::vector<ir::ExprId> args = {},
                ir::Value value = nullptr) {
  ir::Expr e;
  e.op = op;
  e.type = kInt;
  e.name = std::move(name);
  e.args = std::move(args);
  e.value = std::move(value);
  return p.addExpr(e);
}

/// `left op right` over an input and an int constant.
ir::ExprId compare(ir::Package &p, std::string input, std::string op, int right) {
  return expr(p, ExprOp::Binary, std::move(op),
              {expr(p, ExprOp::Input, std::move(input)), expr(p, ExprOp::Const, "", {}, right)});
}

Graph graph(std::vector<std::string> inputs, std::vector<Node> nodes, std::vector<ir::Port> outputs) {
  Graph g;
  for (std::string &i : inputs)
    g.inputs.push_back({i, kInt, std::nullopt, ""});
  g.nodes = std::move(nodes);
  g.outputs = std::move(outputs);
  return g;
}

/// shop.report: a task, an expression, a gate, a subworkflow, a launch
/// plan, a dynamic call, a branch (one case, an else giving a constant) and
/// a map whose body is a branch.
ir::Package reportPackage() {
  ir::Package p;
  p.root = "shop";
  ir::TypeId ints = p.types.list(kInt);

  Node grand = node(NodeKind::Expression, "grand", "", {{"db.out", Binding::node("db", "out")}}, "value");
  grand.expr = expr(p, ExprOp::Call, "abs", {expr(p, ExprOp::Input, "db.out")});

  Node verdict = node(NodeKind::Branch, "verdict", "", {{"x", Binding::node("db", "out")}}, "value");
  verdict.conditions = {compare(p, "x", ">", 0)};
  verdict.bodies.push_back(graph({"x"},
                                 {node(NodeKind::Task, "render", "shop.render", {{"n", Binding::input("x")}}),
                                  node(NodeKind::Task, "note", "shop.note", {{"n", Binding::constant(1)}})},
                                 {{"value", kInt, Binding::node("render", "out")}}));
  verdict.bodies.push_back(graph({"x"}, {}, {{"value", kInt, Binding::constant(0)}}));

  Node inner = node(NodeKind::Branch, "inner", "", {{"r", Binding::input("r")}}, "value");
  inner.conditions = {compare(p, "r", "<", 10)};
  inner.bodies.push_back(graph({"r"}, {node(NodeKind::Task, "t", "shop.t", {{"n", Binding::input("r")}})},
                               {{"value", kInt, Binding::node("t", "out")}}));
  Node totals = node(NodeKind::Map, "totals", "",
                     {{"r", Binding::input("regions")}, {"db", Binding::node("db", "out")}}, "total");
  totals.inputs.front().type = ints;
  totals.iterate = "r";
  totals.after = {"wait"};
  totals.settings.concurrency = 2;
  totals.bodies.push_back(graph({"r", "db"}, {inner}, {{"total", kInt, Binding::node("inner", "value")}}));

  Node lp = node(NodeKind::Workflow, "lp", "shop.nightly", {});
  lp.launchPlan = true;

  ir::Workflow &wf = p.workflows["shop.report"];
  wf.name = "shop.report";
  wf.module = "shop";
  wf.graph = graph({"rows"},
                   {node(NodeKind::Task, "db", "shop.make_db", {{"rows", Binding::input("rows")}}), grand,
                    node(NodeKind::Gate, "wait", "sleep", {{"for", Binding::constant("10s")}}, ""),
                    node(NodeKind::Workflow, "sub", "shop.sub", {{"n", Binding::node("grand", "value")}}), lp,
                    node(NodeKind::Dynamic, "dyn", "shop.fib", {{"n", Binding::input("rows")}}), verdict, totals},
                   {{"out", kInt, Binding::node("verdict", "value")}, {"flag", kInt, Binding::constant(7)}});
  wf.graph.inputs.push_back({"regions", ints, ir::Value::array({1, 2}), ""});
  return p;
}

emit::GraphView view(const ir::Package &p, llvm::StringRef workflow = "") {
  emit::GraphView v;
  std::string error;
  EXPECT_TRUE(emit::buildGraphView(p, workflow, v, error)) << error;
  return v;
}

/// The cluster with this id, anywhere in the view.
const emit::ViewCluster *findCluster(const emit::GraphView &v, llvm::StringRef id) {
  std::function<const emit::ViewCluster *(const emit::ViewCluster &)> walk =
      [&](const emit::ViewCluster &c) -> const emit::ViewCluster * {
    if (c.id == id)
      return &c;
    for (const emit::ViewCluster &inner : c.clusters)
      if (const emit::ViewCluster *found = walk(inner))
        return found;
    return nullptr;
  };
  for (const emit::ViewCluster &wf : v.workflows)
    if (const emit::ViewCluster *found = walk(wf))
      return found;
  return nullptr;
}

/// The node with this id and the cluster directly holding it.
std::pair<const emit::ViewNode *, const emit::ViewCluster *> findNode(const emit::GraphView &v, llvm::StringRef id) {
  std::function<std::pair<const emit::ViewNode *, const emit::ViewCluster *>(const emit::ViewCluster &)> walk =
      [&](const emit::ViewCluster &c) -> std::pair<const emit::ViewNode *, const emit::ViewCluster *> {
    for (const emit::ViewNode &n : c.nodes)
      if (n.id == id)
        return {&n, &c};
    for (const emit::ViewCluster &inner : c.clusters)
      if (auto found = walk(inner); found.first)
        return found;
    return {nullptr, nullptr};
  };
  for (const emit::ViewCluster &wf : v.workflows)
    if (auto found = walk(wf); found.first)
      return found;
  return {nullptr, nullptr};
}

bool hasEdge(const emit::GraphView &v, llvm::StringRef from, llvm::StringRef to, llvm::StringRef label,
             EdgeKind kind = EdgeKind::Data) {
  for (const emit::ViewEdge &e : v.edges)
    if (e.from == from && e.to == to && e.label == label && e.kind == kind)
      return true;
  return false;
}

using Lines = std::vector<std::string>;

TEST(GraphViewTest, PlainNodesHaveTheirKindsShapeAndLabel) {
  emit::GraphView v = view(reportPackage());
  struct Expected {
    const char *id;
    Shape shape;
    Lines lines;
  } expected[] = {
      {"report_db", Shape::Task, {"db", "(task shop.make_db)"}},
      {"report_grand", Shape::Expression, {"grand", "(expression)", "abs(db)"}},
      {"report_wait", Shape::Gate, {"wait", "(gate sleep)"}},
      {"report_sub", Shape::Workflow, {"sub", "(workflow shop.sub)"}},
      {"report_lp", Shape::Workflow, {"lp", "(launch plan shop.nightly)"}},
      {"report_dyn", Shape::Dynamic, {"dyn", "(dynamic shop.fib)", "dynamic: expanded at run time"}},
      {"report_in_rows", Shape::Input, {"rows: int"}},
      {"report_in_regions", Shape::Input, {"regions: list[int] = [1, 2]"}},
      {"report_out_out", Shape::Output, {"out: int"}},
      {"report_out_flag", Shape::Output, {"flag: int = 7"}},
  };
  for (const Expected &e : expected) {
    auto [n, cluster] = findNode(v, e.id);
    ASSERT_NE(n, nullptr) << e.id;
    EXPECT_EQ(n->shape, e.shape) << e.id;
    EXPECT_EQ(n->lines, e.lines) << e.id;
    EXPECT_EQ(cluster->id, "report_workflow") << e.id;
  }
  ASSERT_EQ(v.workflows.size(), 1u);
  EXPECT_EQ(v.workflows[0].lines, Lines{"workflow shop.report"});
}

TEST(GraphViewTest, EdgesFollowBindingsAndAreLabelledWithTheInputTheyFeed) {
  emit::GraphView v = view(reportPackage());
  EXPECT_TRUE(hasEdge(v, "report_in_rows", "report_db", "rows"));
  EXPECT_TRUE(hasEdge(v, "report_grand", "report_sub", "n"));
  EXPECT_TRUE(hasEdge(v, "report_verdict_end", "report_out_out", "out"));
  // An expression's input is named after what feeds it: the edge needs no label.
  EXPECT_TRUE(hasEdge(v, "report_db", "report_grand", ""));
  // Constants draw no edge; `after` is a control edge into the map's entry.
  EXPECT_FALSE(llvm::any_of(v.edges, [](const emit::ViewEdge &e) { return e.to == "report_wait"; }));
  EXPECT_FALSE(llvm::any_of(v.edges, [](const emit::ViewEdge &e) { return e.to == "report_out_flag"; }));
  EXPECT_TRUE(hasEdge(v, "report_wait", "report_totals", "", EdgeKind::Control));
}

TEST(GraphViewTest, BranchIsAClusterWithOneSubClusterPerCase) {
  emit::GraphView v = view(reportPackage());
  const emit::ViewCluster *branch = findCluster(v, "report_verdict_cluster");
  ASSERT_NE(branch, nullptr);
  EXPECT_EQ(branch->kind, ClusterKind::Branch);
  ASSERT_EQ(branch->clusters.size(), 2u);
  // The condition reads `x`, which `db` feeds.
  EXPECT_EQ(branch->clusters[0].lines, Lines{"case 1: db > 0"});
  EXPECT_EQ(branch->clusters[1].lines, Lines{"else"});
  EXPECT_EQ(branch->clusters[1].kind, ClusterKind::Case);

  auto [entry, entryCluster] = findNode(v, "report_verdict");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->shape, Shape::BranchEntry);
  EXPECT_EQ(entryCluster, branch);
  EXPECT_EQ(findNode(v, "report_verdict_end").first->shape, Shape::Join);
  EXPECT_TRUE(hasEdge(v, "report_db", "report_verdict", "x"));

  // Inside a case, inputs come from the entry and outputs go to the join.
  EXPECT_EQ(findNode(v, "report_verdict_case1_render").second, &branch->clusters[0]);
  EXPECT_TRUE(hasEdge(v, "report_verdict", "report_verdict_case1_render", "db → n"));
  EXPECT_TRUE(hasEdge(v, "report_verdict_case1_render", "report_verdict_end", "value"));
  // A node fed only constants and read by nothing is tied in by scope edges.
  EXPECT_TRUE(hasEdge(v, "report_verdict", "report_verdict_case1_note", "", EdgeKind::Scope));
  EXPECT_TRUE(hasEdge(v, "report_verdict_case1_note", "report_verdict_end", "", EdgeKind::Scope));
  // The else case has no node: its constant output is a value node.
  auto [zero, zeroCluster] = findNode(v, "report_verdict_else_value_value");
  ASSERT_NE(zero, nullptr);
  EXPECT_EQ(zero->shape, Shape::Value);
  EXPECT_EQ(zero->lines, Lines{"0"});
  EXPECT_EQ(zeroCluster, &branch->clusters[1]);
  EXPECT_TRUE(hasEdge(v, "report_verdict_else_value_value", "report_verdict_end", "value"));
}

TEST(GraphViewTest, MapIsAClusterNamingWhatItIteratesWithNestedBranches) {
  emit::GraphView v = view(reportPackage());
  const emit::ViewCluster *map = findCluster(v, "report_totals_cluster");
  ASSERT_NE(map, nullptr);
  EXPECT_EQ(map->kind, ClusterKind::Map);
  EXPECT_EQ(map->lines, (Lines{"totals: for r in regions", "concurrency 2"}));
  EXPECT_EQ(findNode(v, "report_totals").first->shape, Shape::MapEntry);
  EXPECT_TRUE(hasEdge(v, "report_in_regions", "report_totals", "regions → r"));

  ASSERT_EQ(map->clusters.size(), 1u);
  const emit::ViewCluster &inner = map->clusters[0];
  EXPECT_EQ(inner.id, "report_totals_inner_cluster");
  ASSERT_EQ(inner.clusters.size(), 1u);
  EXPECT_EQ(inner.clusters[0].lines, Lines{"case 1: r < 10"});
  EXPECT_EQ(findNode(v, "report_totals_inner_case1_t").second, &inner.clusters[0]);
  EXPECT_TRUE(hasEdge(v, "report_totals", "report_totals_inner", "r"));
  EXPECT_TRUE(hasEdge(v, "report_totals_inner", "report_totals_inner_case1_t", "r → n"));
  EXPECT_TRUE(hasEdge(v, "report_totals_inner_end", "report_totals_end", "total"));
}

TEST(GraphViewTest, EdgesNameWhichOutputOfAProducerWithSeveral) {
  ir::Package p;
  p.root = "m";
  Node two = node(NodeKind::Task, "two", "m.two", {}, "a");
  two.outputs.push_back({"b", kInt, std::nullopt, ""});
  Node sum = node(NodeKind::Expression, "sum", "", {{"two.a", Binding::node("two", "a")}}, "value");
  sum.expr = expr(p, ExprOp::Binary, "+", {expr(p, ExprOp::Input, "two.a"), expr(p, ExprOp::Const, "", {}, 1)});
  ir::Workflow &wf = p.workflows["m.w"];
  wf.name = "m.w";
  wf.module = "m";
  wf.graph = graph({}, {two, node(NodeKind::Task, "use", "m.use", {{"x", Binding::node("two", "b")}}), sum},
                   {{"b", kInt, Binding::node("two", "b")}});
  emit::GraphView v = view(p);
  EXPECT_TRUE(hasEdge(v, "w_two", "w_use", "b → x"));
  EXPECT_TRUE(hasEdge(v, "w_two", "w_sum", "a"));
  EXPECT_TRUE(hasEdge(v, "w_two", "w_out_b", "b"));
  EXPECT_EQ(findNode(v, "w_sum").first->lines, (Lines{"sum", "(expression)", "two.a + 1"}));
}

TEST(GraphViewTest, EdgesIntoAClusterComeBeforeTheEdgesInsideIt) {
  emit::GraphView v = view(reportPackage());
  auto position = [&](llvm::StringRef from, llvm::StringRef to) {
    auto it = llvm::find_if(v.edges, [&](const emit::ViewEdge &e) { return e.from == from && e.to == to; });
    return it - v.edges.begin();
  };
  EXPECT_LT(position("report_db", "report_verdict"), position("report_verdict", "report_verdict_case1_render"));
  EXPECT_LT(position("report_in_regions", "report_totals"), position("report_totals", "report_totals_inner"));
}

TEST(GraphViewTest, IdsStayUniqueWhenSanitizedNamesMeet) {
  ir::Package p;
  p.root = "m";
  ir::Workflow &wf = p.workflows["m.w"];
  wf.name = "m.w";
  wf.module = "m";
  wf.graph = graph({}, {node(NodeKind::Task, "a.b", "m.t", {}), node(NodeKind::Task, "a_b", "m.t", {})}, {});
  emit::GraphView v = view(p);
  ASSERT_EQ(v.workflows[0].nodes.size(), 2u);
  EXPECT_EQ(v.workflows[0].nodes[0].id, "w_a_b");
  EXPECT_EQ(v.workflows[0].nodes[1].id, "w_a_b_2");
  EXPECT_EQ(v.workflows[0].nodes[1].lines[0], "a_b");
}

TEST(GraphViewTest, EmptyWorkflowNameDrawsEveryWorkflowOfTheRootModule) {
  ir::Package p = reportPackage();
  for (const char *name : {"shop.aux", "lib.helper"}) {
    ir::Workflow &wf = p.workflows[name];
    wf.name = name;
    wf.module = llvm::StringRef(name).split('.').first.str();
    wf.dynamic = wf.module == "shop";
  }
  emit::GraphView all = view(p);
  ASSERT_EQ(all.workflows.size(), 2u);
  EXPECT_EQ(all.workflows[0].lines, (Lines{"dynamic workflow shop.aux", "graph expanded at run time"}));
  EXPECT_EQ(all.workflows[0].kind, ClusterKind::DynamicWorkflow);
  EXPECT_EQ(all.workflows[1].lines, Lines{"workflow shop.report"});
  // A workflow of another module is drawn when named.
  EXPECT_EQ(view(p, "lib.helper").workflows.at(0).lines, Lines{"workflow lib.helper"});
  EXPECT_EQ(view(p, "helper").workflows.at(0).lines, Lines{"workflow lib.helper"});
}

TEST(GraphViewTest, FindWorkflowByQualifiedOrBareNameAndSaysWhyNot) {
  ir::Package p;
  p.root = "shop";
  for (const char *name : {"shop.report", "a.run", "b.run"}) {
    p.workflows[name].name = name;
    p.workflows[name].module = llvm::StringRef(name).split('.').first.str();
  }
  std::string error;
  EXPECT_EQ(emit::findWorkflow(p, "shop.report", error)->name, "shop.report");
  EXPECT_EQ(emit::findWorkflow(p, "report", error)->name, "shop.report");
  EXPECT_EQ(emit::findWorkflow(p, "run", error), nullptr);
  EXPECT_EQ(error, "workflow 'run' is ambiguous: a.run, b.run");
  EXPECT_EQ(emit::findWorkflow(p, "nope", error), nullptr);
  EXPECT_EQ(error, "no workflow 'nope'; the root module has shop.report");
}

/// A one-task workflow with a default that needs escaping.
ir::Package tinyPackage() {
  ir::Package p;
  p.root = "hello";
  ir::Workflow &wf = p.workflows["hello.main"];
  wf.name = "hello.main";
  wf.module = "hello";
  wf.graph = graph({}, {node(NodeKind::Task, "greet", "hello.greet", {{"name", Binding::input("name")}})},
                   {{"greeting", kInt, Binding::node("greet", "out")}});
  wf.graph.inputs.push_back({"name", ir::TypeId(ir::TypeKind::String), ir::Value("<\"you\">"), ""});
  return p;
}

TEST(DotTest, PrintsClustersNodesThenEdges) {
  std::string out, error;
  llvm::raw_string_ostream os(out);
  ASSERT_TRUE(emit::emitDot(tinyPackage(), "", os, error));
  EXPECT_EQ(os.str(), "digraph flyte {\n"
                      "  rankdir=TB;\n"
                      "  graph [fontname=\"Helvetica\", fontsize=11];\n"
                      "  node [fontname=\"Helvetica\", fontsize=10];\n"
                      "  edge [fontname=\"Helvetica\", fontsize=9];\n"
                      "  subgraph cluster_main_workflow {\n"
                      "    label=\"workflow hello.main\";\n"
                      "    style=solid;\n"
                      "    main_in_name [label=\"name: string = \\\"<\\\\\\\"you\\\\\\\">\\\"\", shape=invhouse];\n"
                      "    main_greet [label=\"greet\\n(task hello.greet)\", shape=box];\n"
                      "    main_out_greeting [label=\"greeting: int\", shape=house];\n"
                      "  }\n"
                      "  main_in_name -> main_greet [label=\"name\"];\n"
                      "  main_greet -> main_out_greeting [label=\"greeting\"];\n"
                      "}\n");
}

TEST(DotTest, EscapesQuotesBackslashesAndNewlines) {
  EXPECT_EQ(emit::dotEscape("a\"b\\c\nd<e>"), "a\\\"b\\\\c\\nd<e>");
}

TEST(MermaidTest, PrintsSubgraphsNodesThenLinks) {
  std::string out, error;
  llvm::raw_string_ostream os(out);
  ASSERT_TRUE(emit::emitMermaid(tinyPackage(), "main", os, error));
  EXPECT_EQ(os.str(), "flowchart TD\n"
                      "  subgraph main_workflow [\"workflow hello.main\"]\n"
                      "    main_in_name([\"name: string = #quot;#lt;\\#quot;you\\#quot;#gt;#quot;\"])\n"
                      "    main_greet[\"greet<br/>(task hello.greet)\"]\n"
                      "    main_out_greeting[/\"greeting: int\"/]\n"
                      "  end\n"
                      "  main_in_name -->|\"name\"| main_greet\n"
                      "  main_greet -->|\"greeting\"| main_out_greeting\n");
}

TEST(MermaidTest, EscapesWhatMermaidOrHtmlWouldRead) {
  EXPECT_EQ(emit::mermaidEscape("a\"b<c>&#d"), "a#quot;b#lt;c#gt;#amp;#35;d");
}

TEST(MermaidTest, DynamicNodesGetTheDashedClassAndShapesDiffer) {
  std::string out, error;
  llvm::raw_string_ostream os(out);
  ASSERT_TRUE(emit::emitMermaid(reportPackage(), "", os, error));
  EXPECT_NE(out.find("    report_dyn[[\"dyn<br/>(dynamic shop.fib)<br/>dynamic: expanded at run time\"]]\n"),
            std::string::npos);
  EXPECT_NE(out.find("    report_wait{{\"wait<br/>(gate sleep)\"}}\n"), std::string::npos);
  EXPECT_NE(out.find("      report_verdict{\"verdict<br/>(branch)\"}\n"), std::string::npos);
  EXPECT_NE(out.find("      report_totals[/\"totals<br/>(map)\"\\]\n"), std::string::npos);
  EXPECT_NE(out.find("  report_wait -.-> report_totals\n"), std::string::npos);
  EXPECT_NE(out.find("  report_verdict -.- report_verdict_case1_note\n"), std::string::npos);
  EXPECT_NE(out.find("      subgraph report_totals_inner_case1 [\"case 1: r #lt; 10\"]\n"), std::string::npos);
  EXPECT_TRUE(llvm::StringRef(out).endswith("  classDef dynamic stroke-dasharray: 5 5\n  class report_dyn dynamic\n"));
}

TEST(EmitTest, OutputIsDeterministic) {
  auto render = [](bool mermaid) {
    std::string out, error;
    llvm::raw_string_ostream os(out);
    ir::Package p = reportPackage();
    mermaid ? emit::emitMermaid(p, "", os, error) : emit::emitDot(p, "", os, error);
    return os.str();
  };
  EXPECT_EQ(render(false), render(false));
  EXPECT_EQ(render(true), render(true));
}

TEST(EmitTest, UnknownWorkflowWritesNothingAndSaysWhy) {
  std::string out, error;
  llvm::raw_string_ostream os(out);
  EXPECT_FALSE(emit::emitDot(tinyPackage(), "other", os, error));
  EXPECT_FALSE(emit::emitMermaid(tinyPackage(), "other", os, error));
  EXPECT_EQ(os.str(), "");
  EXPECT_EQ(error, "no workflow 'other'; the root module has hello.main");
}

} // namespace
