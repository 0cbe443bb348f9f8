// The Flyte IDL emitter (emit/FlyteIdl.h) on packages built by hand: node
// ids, the type and constant mapping, quantities, conditions Flyte can and
// cannot evaluate, the primary workflow's choice, and whole closures with a
// task, a branch needing a selector, a map and a failing case — checked for
// the shape Flyte's compiler needs (ids resolve, bindings name inputs).
#include "emit/FlyteIdl.h"
#include "emit/FlyteIdlClosure.h"
#include "emit/FlyteIdlTypes.h"

#include <llvm/Support/raw_ostream.h>

#include <gtest/gtest.h>

using namespace flytec;
using emit::idl::Json;
using ir::Binding;
using ir::ExprOp;
using ir::Graph;
using ir::Node;
using ir::NodeKind;
using ir::TypeId;
using ir::TypeKind;

namespace {

const TypeId kInt = TypeId(TypeKind::Int);
const TypeId kString = TypeId(TypeKind::String);
const TypeId kBool = TypeId(TypeKind::Bool);

ir::ExprId expr(ir::Package &p, ExprOp op, std::string name, TypeId type, std::vector<ir::ExprId> args = {},
                ir::Value value = nullptr) {
  ir::Expr e;
  e.op = op;
  e.type = type;
  e.name = std::move(name);
  e.args = std::move(args);
  e.value = std::move(value);
  return p.addExpr(e);
}

ir::ExprId input(ir::Package &p, std::string name, TypeId type) { return expr(p, ExprOp::Input, name, type); }
ir::ExprId constant(ir::Package &p, ir::Value v, TypeId type) { return expr(p, ExprOp::Const, "", type, {}, v); }
ir::ExprId binary(ir::Package &p, std::string op, ir::ExprId a, ir::ExprId b, TypeId type = kBool) {
  return expr(p, ExprOp::Binary, std::move(op), type, {a, b});
}

ir::Task task(std::string name, std::vector<ir::Param> inputs, std::vector<ir::Param> outputs) {
  ir::Task t;
  t.name = std::move(name);
  t.module = "m";
  t.plugin = "shell";
  t.inputs = std::move(inputs);
  t.outputs = std::move(outputs);
  t.script = std::vector<ir::ScriptPart>{{"true", false}};
  return t;
}

ir::Param param(std::string name, TypeId type) { return {std::move(name), type, std::nullopt, ""}; }

Node call(std::string id, std::string target, std::vector<ir::Port> inputs, std::vector<ir::Param> outputs) {
  Node n;
  n.id = std::move(id);
  n.kind = NodeKind::Task;
  n.target = std::move(target);
  n.inputs = std::move(inputs);
  n.outputs = std::move(outputs);
  return n;
}

ir::Workflow &workflow(ir::Package &p, std::string name, std::vector<ir::Param> inputs) {
  ir::Workflow &wf = p.workflows[name];
  wf.name = name;
  wf.module = "m";
  wf.graph.inputs = std::move(inputs);
  return wf;
}

/// The node of a template's list with this id.
const Json *findNode(const Json &tmpl, const std::string &id) {
  for (const Json &n : tmpl["nodes"])
    if (n["id"] == id)
      return &n;
  return nullptr;
}

const Json *findTask(const Json &closure, const std::string &name) {
  for (const Json &t : closure["tasks"])
    if (t["template"]["id"]["name"] == name)
      return &t["template"];
  return nullptr;
}

// ---------------------------------------------------------------- node ids

TEST(FlyteIdlIds, SanitizesToFlyteNodeIds) {
  EXPECT_EQ(emit::idl::sanitizeNodeId("region_total"), "region-total");
  EXPECT_EQ(emit::idl::sanitizeNodeId("resultA"), "result-a");
  EXPECT_EQ(emit::idl::sanitizeNodeId("approved.prompt"), "approved-prompt");
  EXPECT_EQ(emit::idl::sanitizeNodeId("__x__"), "x");
  EXPECT_EQ(emit::idl::sanitizeNodeId("..."), "n");
  EXPECT_EQ(emit::idl::sanitizeNodeId("HTTPServer"), "httpserver");
  std::string longId = emit::idl::sanitizeNodeId(std::string(60, 'a') + "_b");
  EXPECT_EQ(longId.size(), 40u);
}

TEST(FlyteIdlIds, UniqueAndNeverReserved) {
  emit::idl::NodeIds ids;
  EXPECT_EQ(ids.take("start-node"), "start-node-2");
  EXPECT_EQ(ids.take("a"), "a");
  EXPECT_EQ(ids.take("a"), "a-2");
  // A case node is `<branch>-<case>` to Flyte's compiler: that must be free.
  EXPECT_EQ(ids.take("b-case1"), "b-case1");
  EXPECT_EQ(ids.takeChild("b", "case1"), "case1-2");
  EXPECT_EQ(ids.takeChild("b", "else"), "else");
}

// ------------------------------------------------------------------- types

TEST(FlyteIdlTypes, ScalarsCollectionsAndBlobs) {
  ir::Package p;
  EXPECT_EQ(emit::idl::literalType(p, kInt), Json({{"simple", "INTEGER"}}));
  EXPECT_EQ(emit::idl::literalType(p, TypeId(TypeKind::Json)), Json({{"simple", "STRUCT"}}));
  EXPECT_EQ(emit::idl::literalType(p, p.types.list(kString)), Json({{"collectionType", {{"simple", "STRING"}}}}));
  EXPECT_EQ(emit::idl::literalType(p, p.types.map(kBool)), Json({{"mapValueType", {{"simple", "BOOLEAN"}}}}));
  EXPECT_EQ(emit::idl::literalType(p, p.types.file("csv")),
            Json({{"blob", {{"dimensionality", "SINGLE"}, {"format", "csv"}}}}));
  EXPECT_EQ(emit::idl::literalType(p, TypeId(TypeKind::Dir)), Json({{"blob", {{"dimensionality", "MULTIPART"}}}}));
  Json df = emit::idl::literalType(p, p.types.dataframe({{"id", kInt}}, true));
  EXPECT_EQ(df["structuredDatasetType"]["format"], "csv");
  EXPECT_EQ(df["structuredDatasetType"]["columns"][0]["literalType"]["simple"], "INTEGER");
}

TEST(FlyteIdlTypes, UnionVariantsAreTaggedWithTheirType) {
  ir::Package p;
  Json opt = emit::idl::literalType(p, p.types.optional(kInt));
  ASSERT_EQ(opt["unionType"]["variants"].size(), 2u);
  EXPECT_EQ(opt["unionType"]["variants"][0]["simple"], "INTEGER");
  EXPECT_EQ(opt["unionType"]["variants"][0]["structure"]["tag"], "int");
  EXPECT_EQ(opt["unionType"]["variants"][1]["simple"], "NONE");
  EXPECT_EQ(opt["unionType"]["variants"][1]["structure"]["tag"], "none");
}

TEST(FlyteIdlTypes, RecordsAreTaggedStructsWithASchema) {
  ir::Package p;
  ir::RecordDef &r = p.records["m.Point"];
  r.name = "m.Point";
  r.doc = "A point.";
  r.fields = {param("x", kInt), {"label", p.types.optional(kString), nullptr, "shown"}};
  Json t = emit::idl::literalType(p, p.types.record("m.Point"));
  EXPECT_EQ(t["simple"], "STRUCT");
  EXPECT_EQ(t["structure"]["tag"], "m.Point");
  EXPECT_EQ(t["structure"]["dataclassType"]["x"]["simple"], "INTEGER");
  EXPECT_EQ(t["metadata"]["description"], "A point.");
  EXPECT_EQ(t["metadata"]["properties"]["x"]["type"], "integer");
  EXPECT_EQ(t["metadata"]["properties"]["label"]["description"], "shown");
  EXPECT_EQ(t["metadata"]["required"], Json({"x"})); // label has a default
}

TEST(FlyteIdlTypes, ARecordContainingItselfStops) {
  ir::Package p;
  TypeId self = p.types.record("m.Tree");
  ir::RecordDef &r = p.records["m.Tree"];
  r.name = "m.Tree";
  r.fields = {param("children", p.types.list(self))};
  Json t = emit::idl::literalType(p, self);
  const Json &inner = t["structure"]["dataclassType"]["children"]["collectionType"];
  EXPECT_EQ(inner["structure"]["tag"], "m.Tree");
  EXPECT_FALSE(inner["structure"].contains("dataclassType"));
  EXPECT_EQ(t["metadata"]["properties"]["children"]["items"]["$ref"], "#/$defs/m.Tree");
}

// --------------------------------------------------------------- constants

TEST(FlyteIdlLiterals, PrimitivesCollectionsAndUnions) {
  ir::Package p;
  Json out;
  std::string error;
  ASSERT_TRUE(emit::idl::literal(p, kInt, -3, out, error)) << error;
  EXPECT_EQ(out, Json({{"scalar", {{"primitive", {{"integer", "-3"}}}}}}));
  ASSERT_TRUE(emit::idl::literal(p, TypeId(TypeKind::Duration), "90s", out, error)) << error;
  EXPECT_EQ(out["scalar"]["primitive"]["duration"], "90s");
  ASSERT_TRUE(emit::idl::literal(p, TypeId(TypeKind::Datetime), "2024-01-07T10:30:00+01:00", out, error)) << error;
  EXPECT_EQ(out["scalar"]["primitive"]["datetime"], "2024-01-07T09:30:00Z");
  ASSERT_TRUE(emit::idl::literal(p, p.types.list(kInt), Json::array({1, 2}), out, error)) << error;
  EXPECT_EQ(out["collection"]["literals"][1]["scalar"]["primitive"]["integer"], "2");
  EXPECT_EQ(emit::idl::bindingData(out)["collection"]["bindings"][0]["scalar"]["primitive"]["integer"], "1");
  ASSERT_TRUE(emit::idl::literal(p, p.types.optional(kString), nullptr, out, error)) << error;
  EXPECT_EQ(out["scalar"]["union"]["type"]["structure"]["tag"], "none");
  EXPECT_TRUE(out["scalar"]["union"]["value"]["scalar"].contains("noneType"));
  ASSERT_TRUE(emit::idl::literal(p, p.types.unionOf({kInt, kString}), "x", out, error)) << error;
  EXPECT_EQ(out["scalar"]["union"]["type"]["simple"], "STRING");
  ASSERT_TRUE(emit::idl::literal(p, p.types.file("csv"), "in.csv", out, error)) << error;
  EXPECT_EQ(out["scalar"]["blob"]["uri"], "in.csv");
  EXPECT_EQ(out["scalar"]["blob"]["metadata"]["type"]["format"], "csv");
}

TEST(FlyteIdlLiterals, ValuesWithoutAFlyteFormAreErrors) {
  ir::Package p;
  Json out;
  std::string error;
  EXPECT_FALSE(emit::idl::literal(p, TypeId(TypeKind::Json), Json::array({1}), out, error));
  EXPECT_NE(error.find("holds objects only"), std::string::npos) << error;
  EXPECT_FALSE(emit::idl::literal(p, kInt, "seven", out, error));
  EXPECT_NE(error.find("expected a int constant"), std::string::npos) << error;
}

TEST(FlyteIdlLiterals, Quantities) {
  EXPECT_EQ(emit::idl::cpuQuantity(2), "2");
  EXPECT_EQ(emit::idl::cpuQuantity(0.25), "250m");
  EXPECT_EQ(emit::idl::memoryQuantity(512ll << 20), "512Mi");
  EXPECT_EQ(emit::idl::memoryQuantity(4ll << 30), "4Gi");
  EXPECT_EQ(emit::idl::memoryQuantity(1000), "1000");
  ir::Resources requests;
  requests.cpu = 1;
  requests.gpu = 1;
  Json r = emit::idl::resources(requests, std::nullopt);
  EXPECT_EQ(r["requests"], Json::array({{{"name", "CPU"}, {"value", "1"}}, {{"name", "GPU"}, {"value", "1"}}}));
  EXPECT_FALSE(r.contains("limits"));
  EXPECT_TRUE(emit::idl::resources(std::nullopt, ir::Resources()).is_null());
}

// -------------------------------------------------------------- conditions

TEST(FlyteIdlConditions, ComparisonsAndConjunctions) {
  ir::Package p;
  ir::ExprId c = binary(p, "and", binary(p, ">", input(p, "n", kInt), constant(p, 3, kInt)),
                        binary(p, "==", input(p, "s", kString), input(p, "t", kString)));
  std::optional<Json> b = emit::idl::booleanExpression(p, c);
  ASSERT_TRUE(b);
  const Json &conj = (*b)["conjunction"];
  EXPECT_EQ(conj["operator"], "AND");
  EXPECT_EQ(conj["leftExpression"]["comparison"]["operator"], "GT");
  EXPECT_EQ(conj["leftExpression"]["comparison"]["leftValue"]["var"], "n");
  EXPECT_EQ(conj["leftExpression"]["comparison"]["rightValue"]["primitive"]["integer"], "3");
  EXPECT_EQ(conj["rightExpression"]["comparison"]["rightValue"]["var"], "t");
}

TEST(FlyteIdlConditions, NotIsPushedInward) {
  ir::Package p;
  ir::ExprId lt = binary(p, "<", input(p, "n", kInt), constant(p, 3, kInt));
  ir::ExprId c = expr(p, ExprOp::Unary, "not", kBool, {binary(p, "or", lt, input(p, "flag", kBool))});
  std::optional<Json> b = emit::idl::booleanExpression(p, c);
  ASSERT_TRUE(b);
  // not (n < 3 or flag) == n >= 3 and flag != true
  EXPECT_EQ((*b)["conjunction"]["operator"], "AND");
  EXPECT_EQ((*b)["conjunction"]["leftExpression"]["comparison"]["operator"], "GTE");
  EXPECT_EQ((*b)["conjunction"]["rightExpression"]["comparison"]["operator"], "NEQ");
  EXPECT_EQ((*b)["conjunction"]["rightExpression"]["comparison"]["rightValue"]["primitive"]["boolean"], true);
}

TEST(FlyteIdlConditions, WhatFlyteCannotCompare) {
  ir::Package p;
  TypeId color = p.types.enumType("m.Color");
  TypeId optional = p.types.optional(kInt);
  // An enum and an optional have other LiteralTypes than the constant.
  EXPECT_FALSE(emit::idl::booleanExpression(p, binary(p, "==", input(p, "c", color), constant(p, "RED", color))));
  EXPECT_FALSE(
      emit::idl::booleanExpression(p, binary(p, "!=", input(p, "o", optional), constant(p, nullptr, optional))));
  // Arithmetic and calls need evaluating first.
  ir::ExprId sum = binary(p, "+", input(p, "a", kInt), constant(p, 1, kInt), kInt);
  EXPECT_FALSE(emit::idl::booleanExpression(p, binary(p, ">", sum, constant(p, 0, kInt))));
}

// -------------------------------------------------------- primary workflow

TEST(FlyteIdlPrimary, TheRootWorkflowNothingCalls) {
  ir::Package p;
  p.root = "m";
  ir::Workflow &inner = workflow(p, "m.inner", {});
  inner.graph.outputs = {{"y", kInt, Binding::constant(1)}};
  ir::Workflow &outer = workflow(p, "m.outer", {});
  Node sub = call("sub", "m.inner", {}, {param("y", kInt)});
  sub.kind = NodeKind::Workflow;
  outer.graph.nodes = {sub};
  std::string error;
  const ir::Workflow *wf = emit::primaryWorkflow(p, "", error);
  ASSERT_TRUE(wf) << error;
  EXPECT_EQ(wf->name, "m.outer");
  EXPECT_EQ(emit::primaryWorkflow(p, "inner", error), &p.workflows["m.inner"]);

  workflow(p, "m.other", {});
  EXPECT_FALSE(emit::primaryWorkflow(p, "", error));
  EXPECT_EQ(error, "several workflows could be the primary one (m.other, m.outer); pass -w NAME to choose one");
  p.workflows["m.other"].dynamic = true;
  EXPECT_EQ(emit::primaryWorkflow(p, "", error), &p.workflows["m.outer"]);
  EXPECT_FALSE(emit::primaryWorkflow(p, "other", error));
  EXPECT_NE(error.find("is a dynamic workflow"), std::string::npos) << error;
}

// --------------------------------------------------------- whole closures

/// m.main(n: int, label: string?) -> (out: string): a task, then a branch
/// whose second condition compares an optional (so a selector numbers the
/// case) and whose else fails with a computed message; a map over a list
/// calling one task per element.
ir::Package closurePackage() {
  ir::Package p;
  p.root = "m";
  TypeId optString = p.types.optional(kString);
  TypeId ints = p.types.list(kInt);
  p.tasks["m.count"] = task("m.count", {param("n", kInt)}, {param("c", kInt)});
  p.tasks["m.show"] = task("m.show", {param("c", kInt)}, {param("out", kString)});
  ir::Task fail = task("std.fail", {param("message", kString)}, {});
  fail.plugin = "builtin";
  fail.builtin = "std.fail";
  fail.script.reset();
  p.tasks["std.fail"] = fail;

  ir::Workflow &wf = workflow(p, "m.main", {param("n", kInt), param("label", optString), param("xs", ints)});
  Node count = call("count", "m.count", {{"n", kInt, Binding::input("n")}}, {param("c", kInt)});

  Node branch;
  branch.id = "out";
  branch.kind = NodeKind::Branch;
  branch.inputs = {{"c", kInt, Binding::node("count", "c")}, {"label", optString, Binding::input("label")}};
  branch.outputs = {param("out", kString)};
  branch.conditions = {binary(p, ">", input(p, "c", kInt), constant(p, 0, kInt)),
                       binary(p, "!=", input(p, "label", optString), constant(p, nullptr, optString))};
  Graph case1;
  case1.inputs = {param("c", kInt), param("label", optString)};
  case1.nodes = {call("show", "m.show", {{"c", kInt, Binding::input("c")}}, {param("out", kString)})};
  case1.outputs = {{"out", kString, Binding::node("show", "out")}};
  Graph case2 = case1;
  case2.outputs = {{"out", kString, Binding::constant("labelled")}};
  case2.nodes.clear();
  Graph otherwise;
  otherwise.inputs = case1.inputs;
  Node message;
  message.id = "fail.message";
  message.kind = NodeKind::Expression;
  message.inputs = {{"c", kInt, Binding::input("c")}};
  message.outputs = {param("value", kString)};
  message.expr = expr(p, ExprOp::Call, "str", kString, {input(p, "c", kInt)});
  otherwise.nodes = {message, call("fail", "std.fail", {{"message", kString, Binding::node("fail.message", "value")}},
                                   {})};
  branch.bodies = {case1, case2, otherwise};

  Node map;
  map.id = "counts";
  map.kind = NodeKind::Map;
  map.iterate = "x";
  map.inputs = {{"x", ints, Binding::input("xs")}};
  map.outputs = {param("c", ints)};
  map.settings.concurrency = 3;
  Graph body;
  body.inputs = {param("x", kInt)};
  body.nodes = {call("count", "m.count", {{"n", kInt, Binding::input("x")}}, {param("c", kInt)})};
  body.outputs = {{"c", kInt, Binding::node("count", "c")}};
  map.bodies = {body};

  wf.graph.nodes = {count, branch, map};
  wf.graph.outputs = {{"out", kString, Binding::node("out", "out")}, {"cs", ints, Binding::node("counts", "c")}};
  return p;
}

Json build(const ir::Package &p, emit::FlyteIdlOptions options = {}) {
  std::string error;
  std::optional<Json> closure = emit::buildFlyteIdl(p, options, error);
  EXPECT_TRUE(closure) << error;
  return closure.value_or(Json::object());
}

TEST(FlyteIdlClosure, TasksAndIdentifiers) {
  emit::FlyteIdlOptions options;
  options.project = "p";
  options.domain = "d";
  options.version = "v1";
  options.image = "img:1";
  Json closure = build(closurePackage(), options);
  const Json &tmpl = closure["primary"]["template"];
  EXPECT_EQ(tmpl["id"], Json({{"resourceType", "WORKFLOW"}, {"project", "p"}, {"domain", "d"}, {"name", "m.main"},
                              {"version", "v1"}}));
  const Json *count = findTask(closure, "m.count");
  ASSERT_TRUE(count);
  EXPECT_EQ((*count)["type"], "container");
  EXPECT_EQ((*count)["container"]["image"], "img:1");
  EXPECT_EQ((*count)["custom"]["flytec"]["task"]["plugin"], "shell");
  EXPECT_EQ((*count)["interface"]["inputs"]["variables"]["n"]["type"]["simple"], "INTEGER");
  const Json *node = findNode(tmpl, "count");
  ASSERT_TRUE(node);
  EXPECT_EQ((*node)["taskNode"]["referenceId"], (*count)["id"]);
  EXPECT_EQ((*node)["inputs"][0]["binding"]["promise"], Json({{"nodeId", "start-node"}, {"var", "n"}}));
}

TEST(FlyteIdlClosure, BranchWithASelectorAndAFailingElse) {
  Json closure = build(closurePackage());
  const Json &tmpl = closure["primary"]["template"];
  // The optional comparison has no Flyte form: a selector comes first.
  const Json *select = findNode(tmpl, "out-select");
  ASSERT_TRUE(select);
  const Json *branch = findNode(tmpl, "out");
  ASSERT_TRUE(branch);
  EXPECT_EQ((*branch)["upstreamNodeIds"], Json({"count", "out-select"}));
  const Json &ifElse = (*branch)["branchNode"]["ifElse"];
  EXPECT_EQ(ifElse["case"]["condition"]["comparison"]["leftValue"]["var"], ".case");
  EXPECT_EQ(ifElse["other"][0]["condition"]["comparison"]["rightValue"]["primitive"]["integer"], "2");
  // Case 1 is the call itself, bound to what the branch was given.
  EXPECT_EQ(ifElse["case"]["thenNode"]["id"], "show");
  EXPECT_EQ(ifElse["case"]["thenNode"]["inputs"][0]["binding"]["promise"]["nodeId"], "count");
  // Case 2 gives a constant: an expression task.
  EXPECT_EQ(ifElse["other"][0]["thenNode"]["taskNode"]["referenceId"]["name"].get<std::string>().rfind(
                "flytec.expr.", 0),
            0u);
  // The else computes its message, so it is a sub-workflow whose fail
  // template declares the branch's output.
  std::string sub = ifElse["elseNode"]["workflowNode"]["subWorkflowRef"]["name"];
  EXPECT_EQ(sub, "m.main.out-else");
  ASSERT_EQ(closure["subWorkflows"].size(), 1u);
  const Json &elseTmpl = closure["subWorkflows"][0]["template"];
  EXPECT_EQ(elseTmpl["outputs"][0]["binding"]["promise"], Json({{"nodeId", "fail"}, {"var", "out"}}));
  std::string failTask = findNode(elseTmpl, "fail")->at("taskNode")["referenceId"]["name"];
  const Json *fail = findTask(closure, failTask);
  ASSERT_TRUE(fail);
  EXPECT_TRUE((*fail)["interface"]["outputs"]["variables"].contains("out"));
  // Connections: the case nodes as Flyte's compiler names them.
  const Json &down = closure["primary"]["connections"]["downstream"];
  EXPECT_EQ(down["out"]["ids"], Json({"end-node", "out-case2", "out-else", "out-show"}));
}

TEST(FlyteIdlClosure, MapOfOneCall) {
  Json closure = build(closurePackage());
  const Json *map = findNode(closure["primary"]["template"], "counts");
  ASSERT_TRUE(map);
  const Json &array = (*map)["arrayNode"];
  EXPECT_EQ(array["parallelism"], 3);
  EXPECT_EQ(array["isOriginalSubNodeInterface"], true);
  EXPECT_FALSE(array.contains("boundInputs"));
  EXPECT_EQ(array["node"]["taskNode"]["referenceId"]["name"], "m.count");
  EXPECT_EQ(array["node"]["inputs"][0]["var"], "n");
  EXPECT_EQ((*map)["inputs"][0]["binding"]["promise"], Json({{"nodeId", "start-node"}, {"var", "xs"}}));
  EXPECT_EQ(closure["primary"]["template"]["outputs"][1]["binding"]["promise"],
            Json({{"nodeId", "counts"}, {"var", "c"}}));
}

TEST(FlyteIdlClosure, AnUndefinedCalleeIsAnError) {
  ir::Package p = closurePackage();
  p.tasks.erase("m.show");
  std::string error;
  EXPECT_FALSE(emit::buildFlyteIdl(p, {}, error));
  EXPECT_EQ(error, "node 'show' calls 'm.show', which the package does not define");
  std::string text;
  llvm::raw_string_ostream os(text);
  EXPECT_FALSE(emit::emitFlyteIdl(p, {}, os, error));
  EXPECT_TRUE(os.str().empty());
}

TEST(FlyteIdlClosure, ConnectionsOfATemplate) {
  Json tmpl = {{"nodes",
                {{{"id", "a"}, {"inputs", Json::array()}},
                 {{"id", "b"},
                  {"inputs", {{{"var", "x"}, {"binding", {{"promise", {{"nodeId", "a"}, {"var", "y"}}}}}}}}},
                 {{"id", "c"}, {"inputs", Json::array()}, {"upstreamNodeIds", {"a"}}}}},
               {"outputs", {{{"var", "o"}, {"binding", {{"promise", {{"nodeId", "b"}, {"var", "y"}}}}}}}}};
  Json c = emit::idl::connections(tmpl);
  EXPECT_EQ(c["downstream"]["start-node"]["ids"], Json({"a"}));
  EXPECT_EQ(c["downstream"]["a"]["ids"], Json({"b", "c"}));
  EXPECT_EQ(c["upstream"]["end-node"]["ids"], Json({"b", "c"}));
}

} // namespace
