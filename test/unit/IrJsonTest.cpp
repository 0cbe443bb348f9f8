// The IR's JSON form: the streaming writer prints exactly what nlohmann's
// dump(2) prints for the same document (sorted keys, same number and string
// forms), and reading what it wrote gives the same bytes back. Run over the
// example programs and over a package with every optional field set.
#include "driver/Compilation.h"
#include "ir/Hashing.h"
#include "ir/IrJson.h"
#include "ir/Verifier.h"
#include "lower/Lowering.h"
#include "sema/Sema.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

#include <gtest/gtest.h>

using namespace flytec;

namespace {

std::unique_ptr<ir::Package> compileFile(const std::string &path) {
  Compilation compilation;
  std::string error;
  unsigned id = compilation.addFile(path, error);
  EXPECT_NE(id, 0u) << error;
  auto program = sema::checkProgram(compilation, {id}, sema::SemaOptions{});
  EXPECT_FALSE(compilation.diagnostics().hasErrors()) << path;
  auto package = lower::lowerProgram(*program, compilation.sources(), error);
  EXPECT_TRUE(package) << path << ": " << error;
  if (package) {
    EXPECT_TRUE(ir::verify(*package).empty()) << path;
    ir::computeHashes(*package);
  }
  return package;
}

void expectCanonical(const ir::Package &package, const std::string &what) {
  std::string written = ir::writeIr(package);
  EXPECT_EQ(written, nlohmann::json::parse(written).dump(2) + "\n") << what << ": not nlohmann's form";
  ir::Package reread;
  std::string error;
  ASSERT_TRUE(ir::readIr(written, reread, error)) << what << ": " << error;
  EXPECT_EQ(ir::writeIr(reread), written) << what << ": the round trip changed the bytes";
}

std::vector<std::string> programs() {
  std::vector<std::string> out;
  for (const char *dir : {"examples", "test/lit/programs"}) {
    std::error_code ec;
    std::string root = std::string(FLYTEC_SOURCE_DIR) + "/" + dir;
    for (llvm::sys::fs::directory_iterator it(root, ec), end; it != end && !ec; it.increment(ec))
      if (llvm::sys::path::extension(it->path()) == ".flyte")
        out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(IrJson, ProgramsWriteInNlohmannFormAndRoundTrip) {
  std::vector<std::string> files = programs();
  ASSERT_GE(files.size(), 10u);
  for (const std::string &f : files)
    if (auto package = compileFile(f))
      expectCanonical(*package, f);
}

TEST(IrJson, EveryOptionalFieldRoundTrips) {
  ir::Package p;
  p.root = "m";
  p.modules.push_back({"m", "m.flyte"});
  ir::TypeTable &t = p.types;
  ir::TypeId intT = t.scalar(ir::TypeKind::Int);
  ir::TypeId floatT = t.scalar(ir::TypeKind::Float);
  p.enums["m.E"] = {"m.E", "m", "an enum", {"A", "B"}};
  p.records["m.R"] = {"m.R", "m", "", {{"x", t.optional(intT), nlohmann::json(nullptr), "doc of x"}}};

  ir::Task task;
  task.name = "m.t";
  task.module = "m";
  task.loc = "m.flyte:1:6";
  task.doc = "a task";
  task.inputs = {{"a", t.list(t.enumType("m.E")), nlohmann::json::array({"A"}), ""},
                 {"d", t.scalar(ir::TypeKind::Duration), nlohmann::json("0.250s"), ""},
                 {"f", t.file("csv"), std::nullopt, ""},
                 {"df", t.dataframe({{"id", intT}, {"v", floatT}}, true), std::nullopt, ""},
                 {"m", t.map(t.record("m.R")), std::nullopt, ""},
                 {"x", floatT, nlohmann::json(0.1), ""},
                 {"u", t.unionOf({intT, t.scalar(ir::TypeKind::String), t.none()}), std::nullopt, ""}};
  task.outputs = {{"y", intT, std::nullopt, ""}};
  task.plugin = "sql";
  task.config = {{"database", {{"input", "f"}}}, {"note", "é \"quoted\" \u0001"}};
  task.script = std::vector<ir::ScriptPart>{{"SELECT ", false}, {"x", true}, {" -- \\{{", false}};
  task.settings.retries = 2;
  task.settings.timeoutMs = 600000;
  task.settings.requests = ir::Resources{0.5, 256 << 20, 1};
  task.settings.limits = ir::Resources{2.0, std::nullopt, std::nullopt};
  task.settings.interruptible = true;
  task.cache = ir::CacheSettings{"1", true, {"x"}};
  task.pool = "warehouse";
  p.tasks[task.name] = task;

  ir::Workflow w;
  w.name = "m.w";
  w.module = "m";
  w.loc = "m.flyte:9:10";
  w.continueOnFailure = true;
  w.onFailure = "m.t";
  w.graph.inputs = {{"n", intT, nlohmann::json(3), ""}};
  ir::Expr in;
  in.op = ir::ExprOp::Input;
  in.type = intT;
  in.name = "n";
  ir::Expr one;
  one.op = ir::ExprOp::Const;
  one.type = intT;
  one.value = 1;
  ir::ExprId a = p.addExpr(in), b = p.addExpr(one);
  ir::Expr gt;
  gt.op = ir::ExprOp::Binary;
  gt.name = ">";
  gt.type = t.scalar(ir::TypeKind::Bool);
  gt.args = {a, b};
  ir::ExprId cond = p.addExpr(gt);
  ir::Node branch;
  branch.id = "b";
  branch.kind = ir::NodeKind::Branch;
  branch.loc = "m.flyte:10:3";
  branch.inputs = {{"n", intT, ir::Binding::input("n")}};
  branch.conditions = {cond};
  branch.bodies.resize(2);
  for (ir::Graph &g : branch.bodies)
    g.inputs = {{"n", intT, std::nullopt, ""}};
  branch.criticalPath = 1;
  w.graph.nodes.push_back(branch);
  // Settings, a map's own ones included, on a map node (a branch has none).
  ir::Node map;
  map.id = "each";
  map.kind = ir::NodeKind::Map;
  map.loc = "m.flyte:11:3";
  map.iterate = "xs";
  map.inputs = {{"xs", t.list(intT), ir::Binding::constant(nlohmann::json::array({1, 2}))}};
  map.bodies.resize(1);
  map.bodies[0].inputs = {{"xs", intT, std::nullopt, ""}};
  map.settings.concurrency = 4;
  map.settings.minSuccessRatio = 0.9;
  w.graph.nodes.push_back(map);
  w.graph.outputs = {{"out", intT, ir::Binding::constant(7)}};
  p.workflows[w.name] = w;

  ir::LaunchPlan lp;
  lp.name = "m.lp";
  lp.module = "m";
  lp.loc = "m.flyte:20:12";
  lp.workflow = "m.w";
  lp.fixed["n"] = 4;
  lp.schedule = ir::Schedule{"0 2 * * *", 3600000, "n"};
  lp.notify.push_back({{"on", {"failed"}}, {"email", {"a@b.c"}}});
  p.launchPlans[lp.name] = lp;

  ir::computeHashes(p);
  expectCanonical(p, "hand-built package");
}

TEST(IrJson, ReaderNamesThePlaceOfAnUnknownField) {
  ir::Package p;
  std::string error;
  EXPECT_FALSE(ir::readIr(R"({"flyte_ir": 1, "root": "m", "modules": [], "types": {}, "tasks": {},
                              "workflows": {}, "launch_plans": {}, "extra": 1})",
                          p, error));
  EXPECT_NE(error.find("unknown field 'extra'"), std::string::npos) << error;
}

} // namespace
