// Private to the Flyte IDL emitter: GraphEmitter turns one IR graph into
// the nodes of one WorkflowTemplate (docs/flyteidl.md, "Nodes"). Plain nodes
// are emitted in FlyteIdlGraph.cpp; branches and maps, the nested graphs
// Flyte models differently from the IR, in FlyteIdlNested.cpp.
#pragma once

#include "emit/FlyteIdlClosure.h"

namespace flytec::emit::idl {

/// How the graph being emitted reads its inputs and names its nodes.
struct Scope {
  std::map<std::string, Json> inputs;       // graph input -> BindingData
  std::map<std::string, std::string> nodes; // IR node id -> Flyte node id
};

/// Whether Flyte can evaluate every condition of the branch itself.
bool allConditionsExpressible(const ir::Package &package, const ir::Node &branch);
/// The graph's output port of that name, or null.
const ir::Port *outputPort(const ir::Graph &g, llvm::StringRef name);

class GraphEmitter {
public:
  GraphEmitter(Closure &closure, std::string workflow, std::string version)
      : c_(closure), package_(closure.package()), workflow_(std::move(workflow)), version_(std::move(version)) {}

  /// Appends the graph's nodes to `nodes`; `scope.inputs` says how to read
  /// the graph's inputs. `failOutputs`: outputs the graph lacks, which the
  /// std.fail node it holds declares.
  void emitNodes(const ir::Graph &g, Scope &scope, const std::vector<ir::Param> &failOutputs);

  Json bind(const ir::Binding &b, ir::TypeId type, const Scope &scope);

  /// The one node of a graph that has none; returns its id when it gives
  /// the outputs.
  std::string emitNodeless(const ir::Graph &g, const std::vector<ir::Param> &outputs, const Scope &scope);

  Json nodes = Json::array();
  NodeIds ids;
  std::string failNode; // the Flyte id of the std.fail node giving failOutputs

private:
  bool isFailCall(const ir::Node &n) const;

  Json inputsOf(const ir::Node &n, const Scope &scope);

  Json upstream(const Json &inputs, const std::vector<std::string> &after, const Scope &scope);

  /// Only nodes of a workflow's own list wait through `upstreamNodeIds`:
  /// a case or a map's sub-node runs when its branch or map says so.
  static void setUpstream(Json &node, Json ids);

  static Json metadata(const std::string &name, const ir::Settings &s);

  static std::vector<ir::Param> params(const std::vector<ir::Port> &ports);

  /// One Flyte node for `n`: `id` is what the node is called in its list,
  /// `fullId` what Flyte's compiler calls it (`branch-case` for a case),
  /// the prefix of the ids of nodes nested in it. `siblings`: whether
  /// helper nodes may be put before it (not in a branch case or a map).
  Json emitNode(const ir::Node &n, const std::string &id, const std::string &fullId, const Scope &scope, bool siblings);

  void emitGate(const ir::Node &n, const std::string &fullId, Json &inputs, Json &node);

  // ---------------------------------------------------------------- branches (FlyteIdlNested.cpp)

  Json emitBranch(const ir::Node &n, const std::string &id, const std::string &fullId, const Scope &scope,
                  bool siblings);

  /// The expression task giving the number of the first case that holds.
  std::string emitSelector(const ir::Node &n, const std::string &fullId, const Json &inputs, const Scope &scope);

  static Json noop(const std::string &id, const std::string &name);

  const ir::Node *failCall(const ir::Graph &g) const;

  /// The node of case `k` — or, for an else that only fails with a fixed
  /// message, the `error` block taking its place.
  Json emitCase(const ir::Node &n, size_t k, const std::string &label, const std::string &fullId,
                const std::map<std::string, Json> &branchInputs);

  /// Whether case graph `g` is one node giving the branch's outputs under
  /// their names and types (so Flyte's branch interface, the outputs its
  /// cases share, is the branch's).
  bool singleNodeCase(const ir::Node &n, const ir::Graph &g, const std::vector<ir::Param> &missing,
                      const ir::Node *fail) const;

  /// An expression task giving a node-less graph's constants and
  /// pass-through values.
  Json valuesNode(const ir::Graph &g, const std::vector<ir::Param> &outputs, const std::map<std::string, Json> &outer,
                  const std::string &id, const std::string &name);

  /// A workflow node calling graph `g` as a generated sub-workflow.
  Json subWorkflowNode(const ir::Graph &g, const std::vector<ir::Param> &outputs, const std::vector<ir::Param> &missing,
                       const std::map<std::string, Json> &outer, const std::string &id, const std::string &fullId,
                       const std::string &name);

  // -------------------------------------------------------------------- maps (FlyteIdlNested.cpp)

  /// Whether the map body is one call Flyte's ArrayNode can run per element:
  /// it reads the element and otherwise only the map's inputs and
  /// constants, and gives the map's outputs under their names.
  bool singleNodeBody(const ir::Node &n, const ir::Graph &body) const;

  Json emitMap(const ir::Node &n, const std::string &id, const std::string &fullId, const Scope &scope);

  Closure &c_;
  const ir::Package &package_;
  std::string workflow_, version_;
  std::vector<ir::Param> failOutputs_;
};

} // namespace flytec::emit::idl
