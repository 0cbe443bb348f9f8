// Private to the Flyte IDL emitter: the closure under construction. It
// hands out identifiers and collects, once each, the task templates, the
// sub-workflows and the launch plans that the workflows being emitted
// reference (FlyteIdlTasks.cpp makes task templates, FlyteIdlGraph.cpp
// workflow templates). Errors are recorded once (`fail`) and the first one
// is reported.
#pragma once

#include "emit/FlyteIdl.h"
#include "emit/FlyteIdlTypes.h"

#include <map>
#include <set>

namespace flytec::emit::idl {

class Closure {
public:
  Closure(const ir::Package &package, const FlyteIdlOptions &options);

  /// The whole CompiledWorkflowClosure with `primary` as its primary.
  std::optional<Json> build(const ir::Workflow &primary, std::string &error);

  const ir::Package &package() const { return package_; }
  const FlyteIdlOptions &options() const { return options_; }

  /// An Identifier (`resourceType` TASK, WORKFLOW or LAUNCH_PLAN).
  Json identifier(llvm::StringRef resourceType, const std::string &name, const std::string &version) const;
  /// The version of an entity: --version, else its content hash's digits.
  std::string version(const std::string &hash) const;
  std::string workflowVersion(const ir::Workflow &workflow) const;

  // Task templates (FlyteIdlTasks.cpp); each returns the template's id.
  Json taskReference(const ir::Task &task);
  /// std.fail as the only way a branch case gives no value: a template of
  /// its own that also declares the outputs the case lacks (it never
  /// produces them), so the case still has the branch's interface.
  Json failReference(const ir::Task &fail, const std::vector<ir::Param> &outputs);
  /// A pure expression task: each output computed by an expression (IR
  /// expression JSON) over the inputs.
  Json expressionReference(const std::vector<ir::Param> &inputs, const std::vector<ir::Param> &outputs,
                           const Json &outputExprs);
  /// `std.sleep(for: d)` with a duration known only at run time.
  Json sleepReference();
  /// A dynamic workflow as the task that expands it at run time.
  Json dynamicReference(const ir::Workflow &workflow);

  // Workflows (FlyteIdlGraph.cpp).
  Json workflowReference(const ir::Workflow &workflow);
  Json launchPlanReference(const ir::LaunchPlan &plan);
  /// Adds a generated sub-workflow (a branch case or a map body) and
  /// returns its id.
  Json addGeneratedWorkflow(const std::string &name, Json compiledWorkflow);
  /// A name no entity of the closure has yet, from `base`.
  std::string uniqueName(const std::string &base) const;

  void fail(std::string message) {
    if (error_.empty())
      error_ = std::move(message);
  }
  bool failed() const { return !error_.empty(); }

private:
  /// A task template run by flytec's task runner in `image`.
  Json runnerTemplate(const std::string &name, const std::string &version, llvm::StringRef type,
                      const std::vector<ir::Param> &inputs, const std::vector<ir::Param> &outputs,
                      const Json &spec, llvm::StringRef command, const std::string &image);
  Json addTask(const std::string &name, Json tmpl);
  Json taskMetadata(const ir::Task &task) const;
  Json containerTemplate(const ir::Task &task);
  /// The IR of a task and of the records and enums it names.
  Json taskSpec(const ir::Task &task);
  Json typesUsedBy(const Json &doc);
  Json emitWorkflow(const ir::Workflow &workflow);

  const ir::Package &package_;
  FlyteIdlOptions options_;
  std::map<std::string, Json> tasks_;        // name -> TaskTemplate
  std::map<std::string, Json> workflows_;    // name -> CompiledWorkflow (sub-workflows)
  std::map<std::string, Json> launchPlans_;  // name -> CompiledLaunchPlan
  std::set<std::string> started_;            // workflows whose emission has begun
  std::string primary_;
  std::optional<Json> typeDefs_;             // the package's records and enums, as the IR writes them
  std::string error_;
};

/// Flyte node ids: lowercase letters, digits and '-', unique in their
/// workflow (branch case nodes count as `<branch>-<case>`, as Flyte's
/// compiler names them), never `start-node` or `end-node`.
class NodeIds {
public:
  NodeIds();
  /// A unique id from `base`, sanitized.
  std::string take(llvm::StringRef base);
  /// `prefix-suffix` unique; returns the suffix actually used.
  std::string takeChild(const std::string &prefix, llvm::StringRef suffix);

private:
  std::set<std::string> used_;
};

/// `region_total` -> `region-total`, `resultA` -> `result-a`.
std::string sanitizeNodeId(llvm::StringRef id);

/// The CompiledWorkflow's `connections`, as Flyte's compiler computes them
/// from a template's bindings and upstream ids.
Json connections(const Json &workflowTemplate);

/// The node ids the promises in a JSON document read (`start-node` too).
void promiseSources(const Json &doc, std::set<std::string> &out);

/// A WorkflowTemplate for `graph` (FlyteIdlGraph.cpp): its interface has
/// the graph's inputs and `outputs`; an output the graph does not give
/// comes from the std.fail node it holds, whose template declares
/// `failOutputs`. `source`: the IR workflow, for its failure policy and
/// handler (null for a generated sub-workflow).
Json workflowTemplate(Closure &closure, const std::string &name, const std::string &version, const ir::Graph &graph,
                      const std::vector<ir::Param> &outputs, const std::vector<ir::Param> &failOutputs,
                      const ir::Workflow *source);

/// The `failureNode` running `@on_failure`'s handler with the workflow's
/// inputs of the same names.
Json failureNode(Closure &closure, const ir::Workflow &workflow, const std::string &id);

} // namespace flytec::emit::idl
