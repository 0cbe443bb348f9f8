// The semantic IR diff (ir/IrDiff.h) on packages built by hand: one change
// at a time to a base package, and the exact lines it gives.
#include "ir/IrDiff.h"
#include "ir/IrJson.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/raw_ostream.h>

#include <gtest/gtest.h>

using namespace flytec;
using ir::Binding;
using ir::ExprOp;
using ir::Graph;
using ir::Node;
using ir::NodeKind;
using ir::Package;

namespace {

const ir::TypeId kInt = ir::TypeId(ir::TypeKind::Int);
const ir::TypeId kString = ir::TypeId(ir::TypeKind::String);

Node node(NodeKind kind, std::string id, std::string target, std::vector<std::pair<std::string, Binding>> inputs) {
  Node n;
  n.id = std::move(id);
  n.kind = kind;
  n.target = std::move(target);
  n.loc = "shop.flyte:1:1";
  for (auto &[name, b] : inputs)
    n.inputs.push_back({name, kInt, b});
  n.outputs.push_back({"out", kInt, std::nullopt, ""});
  return n;
}

ir::ExprId greaterThan(Package &p, std::string input, int value) {
  ir::Expr in, c, gt;
  in.op = ExprOp::Input;
  in.name = std::move(input);
  in.type = kInt;
  c.op = ExprOp::Const;
  c.value = value;
  c.type = kInt;
  gt.op = ExprOp::Binary;
  gt.name = ">";
  gt.type = ir::TypeId(ir::TypeKind::Bool);
  gt.args = {p.addExpr(in), p.addExpr(c)};
  return p.addExpr(gt);
}

Graph graph(std::vector<std::string> inputs, std::vector<Node> nodes, std::vector<ir::Port> outputs) {
  Graph g;
  for (std::string &i : inputs)
    g.inputs.push_back({i, kInt, std::nullopt, ""});
  g.nodes = std::move(nodes);
  g.outputs = std::move(outputs);
  return g;
}

/// A record, an enum, two tasks, a workflow with a branch and a map, and
/// a launch plan.
Package base() {
  Package p;
  p.root = "shop";
  p.records["shop.Total"] = {"shop.Total", "shop", "", {{"amount", kInt, std::nullopt, ""}}};
  p.enums["shop.Region"] = {"shop.Region", "shop", "", {"US", "EU"}};

  ir::Task t;
  t.name = "shop.total";
  t.module = "shop";
  t.plugin = "python";
  t.inputs = {{"rows", kInt, ir::Value(10), ""}};
  t.outputs = {{"out", kInt, std::nullopt, ""}};
  t.script = std::vector<ir::ScriptPart>{{"import os\nprint(", false}, {"rows", true}, {")\ndone", false}};
  t.config = {{"image", "python:3.11"}};
  t.settings.retries = 2;
  t.cache = ir::CacheSettings{"1", false, {}};
  t.hash = "sha256:0000000000000001";
  p.tasks[t.name] = t;
  t.name = "shop.render";
  t.cache.reset();
  p.tasks[t.name] = t;

  Node verdict = node(NodeKind::Branch, "verdict", "", {{"x", Binding::node("db", "out")}});
  verdict.conditions = {greaterThan(p, "x", 0)};
  verdict.bodies = {graph({"x"}, {node(NodeKind::Task, "render", "shop.render", {{"rows", Binding::input("x")}})},
                          {{"out", kInt, Binding::node("render", "out")}})};
  Node totals = node(NodeKind::Map, "totals", "", {{"r", Binding::input("regions")}});
  totals.iterate = "r";
  totals.bodies = {graph({"r"}, {node(NodeKind::Task, "t", "shop.total", {{"rows", Binding::input("r")}})},
                         {{"out", kInt, Binding::node("t", "out")}})};

  ir::Workflow &wf = p.workflows["shop.report"];
  wf.name = "shop.report";
  wf.module = "shop";
  wf.graph = graph({"rows", "regions"},
                   {node(NodeKind::Task, "db", "shop.total", {{"rows", Binding::input("rows")}}), verdict, totals},
                   {{"best", kInt, Binding::node("verdict", "out")}});
  wf.graph.inputs[0].defaultValue = 300;
  wf.hash = "sha256:0000000000000002";

  ir::LaunchPlan &lp = p.launchPlans["shop.nightly"];
  lp.name = "shop.nightly";
  lp.module = "shop";
  lp.workflow = "shop.report";
  lp.defaults["rows"] = 1000;
  lp.schedule = ir::Schedule{"0 2 * * *", std::nullopt, ""};
  return p;
}

std::vector<std::string> lines(const Package &a, const Package &b) {
  std::vector<std::string> out;
  for (const ir::IrDifference &d : ir::diffPackages(a, b))
    out.push_back(d.str());
  return out;
}

using Lines = std::vector<std::string>;

ir::Graph &report(Package &p) { return p.workflows["shop.report"].graph; }

TEST(IrDiffTest, EqualPackagesHaveNoDifferences) { EXPECT_EQ(lines(base(), base()), Lines{}); }

TEST(IrDiffTest, WhatDoesNotChangeBehaviourIsIgnored) {
  Package b = base();
  b.tasks["shop.total"].loc = "shop.flyte:9:9";
  b.tasks["shop.total"].doc = "now documented";
  b.tasks["shop.total"].hash = "sha256:ffffffffffffffff";
  b.workflows["shop.report"].hash = "sha256:eeeeeeeeeeeeeeee";
  report(b).nodes[0].loc = "shop.flyte:5:5";
  report(b).nodes[0].criticalPath = 3;
  // Another topological order of the same graph.
  std::swap(report(b).nodes[1], report(b).nodes[2]);
  // A duration written another way is the same duration.
  Package a = base();
  a.launchPlans["shop.nightly"].defaults["rows"] = "60s";
  b.launchPlans["shop.nightly"].defaults["rows"] = "1m";
  ir::TypeId duration = ir::TypeId(ir::TypeKind::Duration);
  report(a).inputs[0].type = duration;
  report(b).inputs[0].type = duration;
  report(a).inputs[0].defaultValue = "60s";
  report(b).inputs[0].defaultValue = "1m";
  EXPECT_EQ(lines(a, b), Lines{});
}

TEST(IrDiffTest, EntitiesAddedAndRemovedByName) {
  Package b = base();
  b.tasks.erase("shop.render");
  b.tasks["shop.zip"] = b.tasks["shop.total"];
  b.enums.erase("shop.Region");
  b.launchPlans["shop.hourly"] = b.launchPlans["shop.nightly"];
  EXPECT_EQ(lines(base(), b), (Lines{"- enum shop.Region", "- task shop.render", "+ task shop.zip",
                                     "+ launch plan shop.hourly"}));
}

TEST(IrDiffTest, TaskChangesSayWhatChangedFromOldToNew) {
  Package b = base();
  ir::Task &t = b.tasks["shop.total"];
  t.inputs[0].type = kString;
  t.inputs[0].defaultValue = "ten";
  t.inputs.push_back({"verbose", ir::TypeId(ir::TypeKind::Bool), false, ""});
  t.plugin = "shell";
  t.config = {{"image", "python:3.12"}, {"env", {{"A", "1"}}}};
  t.script = std::vector<ir::ScriptPart>{{"import os\nprint(", false}, {"rows", true}, {", 2)\ndone", false}};
  t.settings.retries = 3;
  t.settings.timeoutMs = 300000;
  t.settings.requests = ir::Resources{1.5, int64_t(256) << 20, std::nullopt};
  t.cache->version = "2";
  t.pool = "gpu";
  EXPECT_EQ(lines(base(), b), (Lines{
                                  "~ task shop.total: + input 'verbose' (bool = false)",
                                  "~ task shop.total: input 'rows' type: int → string",
                                  "~ task shop.total: input 'rows' default: 10 → \"ten\"",
                                  "~ task shop.total: plugin: python → shell",
                                  "~ task shop.total: + config 'env' ({\"A\":\"1\"})",
                                  "~ task shop.total: config 'image': \"python:3.11\" → \"python:3.12\"",
                                  "~ task shop.total: script line 2: \"print({{rows}})\" → \"print({{rows}}, 2)\"",
                                  "~ task shop.total: settings retries: 2 → 3",
                                  "~ task shop.total: settings timeout: (none) → 5m",
                                  "~ task shop.total: settings requests cpu: (none) → 1.5",
                                  "~ task shop.total: settings requests memory: (none) → 256Mi",
                                  "~ task shop.total: cache version: \"1\" → \"2\"",
                                  "~ task shop.total: pool: (none) → gpu",
                              }));
}

TEST(IrDiffTest, ScriptChangesOfSeveralLinesAreSummarized) {
  Package b = base();
  b.tasks["shop.total"].script = std::vector<ir::ScriptPart>{{"import os\nimport sys\nprint(1)\ndone", false}};
  EXPECT_EQ(lines(base(), b), Lines{"~ task shop.total: script: line 2 → lines 2-3"});
  b.tasks["shop.total"].script.reset();
  b.tasks["shop.total"].cache.reset();
  EXPECT_EQ(lines(base(), b), (Lines{"~ task shop.total: - script", "~ task shop.total: - cache (version \"1\")"}));
}

TEST(IrDiffTest, ALiteralPlaceholderIsNotAPlaceholder) {
  Package a = base(), b = base();
  a.tasks["shop.total"].script = std::vector<ir::ScriptPart>{{"rows", true}};
  b.tasks["shop.total"].script = std::vector<ir::ScriptPart>{{"{{rows}}", false}};
  EXPECT_EQ(lines(a, b), Lines{"~ task shop.total: script line 1: \"{{rows}}\" → \"\\\\{{rows}}\""});
}

TEST(IrDiffTest, NodesAddedRemovedAndRewired) {
  Package b = base();
  Graph &g = report(b);
  g.nodes.erase(g.nodes.begin()); // db
  g.nodes.push_back(node(NodeKind::Gate, "wait", "sleep", {{"for", Binding::constant("10s")}}));
  g.nodes[0].inputs[0].binding = Binding::input("rows"); // verdict.x: from db → from the input
  g.nodes[0].after = {"wait"};
  g.outputs[0].binding = Binding::constant(7);
  g.inputs[0].defaultValue = 500;
  EXPECT_EQ(lines(base(), b), (Lines{
                                  "~ workflow shop.report: input 'rows' default: 300 → 500",
                                  "~ workflow shop.report: - node 'db' (task shop.total)",
                                  "~ workflow shop.report: + node 'wait' (gate sleep)",
                                  "~ workflow shop.report: node 'verdict' input 'x': "
                                  "from node 'db'.out → from input 'rows'",
                                  "~ workflow shop.report: + node 'verdict' after 'wait'",
                                  "~ workflow shop.report: output 'best': from node 'verdict'.out → constant 7",
                              }));
}

TEST(IrDiffTest, NodeKindTargetSettingsAndOutputs) {
  Package b = base();
  Node &db = report(b).nodes[0];
  db.kind = NodeKind::Workflow;
  db.target = "shop.nightly";
  db.launchPlan = true;
  db.settings.retries = 5;
  db.outputs.push_back({"extra", kString, std::nullopt, ""});
  EXPECT_EQ(lines(base(), b), (Lines{
                                  "~ workflow shop.report: node 'db' kind: task → workflow",
                                  "~ workflow shop.report: node 'db' target: shop.total → launch plan shop.nightly",
                                  "~ workflow shop.report: + node 'db' output 'extra' (string)",
                                  "~ workflow shop.report: node 'db' settings retries: (none) → 5",
                              }));
}

TEST(IrDiffTest, NestedGraphsAreComparedUnderTheirPath) {
  Package b = base();
  Node &verdict = report(b).nodes[1];
  verdict.conditions[0] = greaterThan(b, "x", 10);
  verdict.bodies[0].nodes[0].target = "shop.total";
  verdict.bodies[0].nodes.push_back(node(NodeKind::Task, "log", "shop.render", {}));
  verdict.bodies.push_back(graph({"x"}, {}, {{"out", kInt, Binding::constant(0)}})); // an else
  Node &totals = report(b).nodes[2];
  totals.bodies[0].nodes[0].inputs[0].binding = Binding::constant(1);
  totals.bodies[0].outputs[0].binding = Binding::input("r");
  EXPECT_EQ(lines(base(), b), (Lines{
                                  "~ workflow shop.report: node 'verdict' case 1 condition: x > 0 → x > 10",
                                  "~ workflow shop.report: + node 'verdict/case 1/log' (task shop.render)",
                                  "~ workflow shop.report: node 'verdict/case 1/render' target: "
                                  "shop.render → shop.total",
                                  "~ workflow shop.report: + node 'verdict' else",
                                  "~ workflow shop.report: node 'totals/t' input 'rows': from input 'r' → constant 1",
                                  "~ workflow shop.report: node 'totals' body output 'out': "
                                  "from node 't'.out → from input 'r'",
                              }));
}

TEST(IrDiffTest, CasesAddedAtTheEndAndElseGraphsCompared) {
  Package a = base(), b = base();
  report(a).nodes[1].bodies.push_back(graph({"x"}, {}, {{"out", kInt, Binding::constant(0)}}));
  Node &verdict = report(b).nodes[1];
  verdict.conditions.push_back(greaterThan(b, "x", 5));
  verdict.bodies.push_back(graph({"x"}, {}, {{"out", kInt, Binding::constant(5)}}));
  verdict.bodies.push_back(graph({"x"}, {}, {{"out", kInt, Binding::constant(1)}}));
  EXPECT_EQ(lines(a, b), (Lines{
                             "~ workflow shop.report: + node 'verdict' case 2 (when x > 5)",
                             "~ workflow shop.report: node 'verdict/else' output 'out': constant 0 → constant 1",
                         }));
}

TEST(IrDiffTest, TypesAndLaunchPlans) {
  Package b = base();
  b.records["shop.Total"].fields.push_back({"region", kString, ir::Value("US"), ""});
  b.records["shop.Total"].fields[0].type = ir::TypeId(ir::TypeKind::Float);
  b.enums["shop.Region"].members = {"EU", "US", "APAC"};
  ir::LaunchPlan &lp = b.launchPlans["shop.nightly"];
  lp.defaults.clear();
  lp.fixed["regions"] = ir::Value::array({"US"});
  lp.schedule->cron = "0 3 * * *";
  lp.schedule->everyMs = 3600000;
  EXPECT_EQ(lines(base(), b), (Lines{
                                  "~ record shop.Total: + field 'region' (string = \"US\")",
                                  "~ record shop.Total: field 'amount' type: int → float",
                                  "~ enum shop.Region: + member 'APAC'",
                                  "~ enum shop.Region: members order: US, EU → EU, US",
                                  "~ launch plan shop.nightly: + fixed 'regions' ([\"US\"])",
                                  "~ launch plan shop.nightly: - default 'rows' (1000)",
                                  "~ launch plan shop.nightly: schedule cron: \"0 2 * * *\" → \"0 3 * * *\"",
                                  "~ launch plan shop.nightly: schedule every: (none) → 1h",
                              }));
}

TEST(IrDiffTest, LongValuesAreShortenedUnlessThatHidesTheChange) {
  Package a = base(), b = base();
  std::string prefix(100, 'x');
  a.tasks["shop.total"].config["image"] = prefix + "a";
  b.tasks["shop.total"].config["image"] = prefix + "b";
  std::vector<std::string> out = lines(a, b);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find(prefix + "a\" → \"" + prefix + "b\""), std::string::npos);
  b.tasks["shop.total"].config["image"] = "short";
  out = lines(a, b);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("…"), std::string::npos);
  EXPECT_NE(out[0].find("→ \"short\""), std::string::npos);
}

/// `package` written to a temporary file, as flytec writes IR.
std::string writeTemporary(const Package &package) {
  llvm::SmallString<64> path;
  int fd;
  EXPECT_FALSE(llvm::sys::fs::createTemporaryFile("irdiff", "json", fd, path));
  llvm::raw_fd_ostream file(fd, /*shouldClose=*/true);
  ir::writeIr(package, file);
  return path.str().str();
}

TEST(IrDiffTest, FilesRoundTripThroughTheJsonForm) {
  Package changed = base();
  changed.tasks["shop.total"].settings.retries = 4;
  std::string a = writeTemporary(base()), b = writeTemporary(changed);
  std::string out, error;
  llvm::raw_string_ostream os(out);
  EXPECT_EQ(ir::diffIrFiles(a, a, os, error), ir::DiffOutcome::Equal) << error;
  EXPECT_EQ(os.str(), "");
  EXPECT_EQ(ir::diffIrFiles(a, b, os, error), ir::DiffOutcome::Different) << error;
  EXPECT_EQ(os.str(), "~ task shop.total: settings retries: 2 → 4\n");
  llvm::sys::fs::remove(a);
  llvm::sys::fs::remove(b);
}

TEST(IrDiffTest, FilesThatCannotBeReadAreNamed) {
  std::string out, error;
  llvm::raw_string_ostream os(out);
  EXPECT_EQ(ir::diffIrFiles("/nonexistent/a.json", "/nonexistent/b.json", os, error), ir::DiffOutcome::Unreadable);
  EXPECT_EQ(error.rfind("/nonexistent/a.json: cannot read the file: ", 0), 0u) << error;

  llvm::SmallString<64> path;
  int fd;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("irdiff", "json", fd, path));
  {
    llvm::raw_fd_ostream file(fd, /*shouldClose=*/true);
    file << "{\"flyte_ir\": 1}";
  }
  EXPECT_EQ(ir::diffIrFiles(path, path, os, error), ir::DiffOutcome::Unreadable);
  EXPECT_EQ(error.rfind((path + ": not a flytec IR file: ").str(), 0), 0u) << error;
  llvm::sys::fs::remove(path);
}

} // namespace
