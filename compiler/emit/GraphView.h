// The graph as people see it, shared by the DOT and Mermaid emitters so the
// two always draw the same thing: which boxes, which labels, which edges,
// which clusters. The emitters only choose each format's syntax for a shape
// and escape the text.
//
// How the IR maps to the picture:
// - a workflow is a cluster; its inputs are source nodes and its outputs
//   sink nodes;
// - a task, subworkflow, dynamic, gate or expression node is one node,
//   labelled with its id and kind (and what it calls);
// - a branch or map node is a cluster holding an entry node (where the
//   node's inputs arrive) and a join node (where its outputs leave); each
//   branch case is a sub-cluster labelled with its condition, a map's body
//   sits in the map's cluster, labelled `for r in regions`. A nested graph
//   sees only its node's inputs (Ir.h), so every edge reading a nested
//   graph's input starts at the entry, and every output it gives ends at
//   the join: each edge is one binding of the IR;
// - a nested graph's output given by a constant or passed through from an
//   input is a small value node, so an empty case still shows;
// - data edges are labelled with the input they feed, control edges
//   (`after`) are drawn dashed; a nested node that reads nothing from the
//   entry, or gives nothing to the join, is tied to them by a dotted scope
//   edge (the branch or map starts it and waits for it), which also keeps
//   the cases between the entry and the join when laid out.
#pragma once

#include "ir/Ir.h"

#include <llvm/ADT/StringRef.h>

#include <string>
#include <vector>

namespace flytec::emit {

enum class Shape : uint8_t {
  Input,      // a workflow input
  Output,     // a workflow output
  Task,
  Workflow,   // a subworkflow or launch-plan call
  Dynamic,    // a dynamic workflow call: its graph exists only at run time
  Gate,
  Expression,
  BranchEntry,
  MapEntry,
  Join,       // where a branch's or map's outputs leave
  Value,      // a constant or passed-through value of a nested graph
};

struct ViewNode {
  std::string id; // unique in the diagram, [A-Za-z0-9_] only
  std::vector<std::string> lines;
  Shape shape = Shape::Task;
};

enum class EdgeKind : uint8_t {
  Data,    // a binding: a value flows
  Control, // an `after`: ordering, no data
  Scope,   // a nested node no binding ties to its branch or map: the entry
           // starts it, or the join waits for it
};

struct ViewEdge {
  std::string from, to;
  std::string label;
  EdgeKind kind = EdgeKind::Data;
};

enum class ClusterKind : uint8_t { Workflow, DynamicWorkflow, Branch, Case, Map };

struct ViewCluster {
  std::string id; // unique among nodes and clusters
  ClusterKind kind = ClusterKind::Workflow;
  std::vector<std::string> lines;
  std::vector<ViewNode> nodes;
  std::vector<ViewCluster> clusters;
};

/// One diagram: the workflows drawn, then every edge, in a fixed order
/// (the IR's order), so the output is deterministic.
struct GraphView {
  std::vector<ViewCluster> workflows;
  std::vector<ViewEdge> edges;
};

/// The workflow `name` names: a qualified name, or a bare one in the root
/// module (or, failing that, the only workflow of that bare name). Null with
/// `error` set when there is none, or more than one.
const ir::Workflow *findWorkflow(const ir::Package &package, llvm::StringRef name, std::string &error);

/// The view of one workflow (`workflow` non-empty) or of every workflow of
/// the root module. False with `error` set when `workflow` names none.
bool buildGraphView(const ir::Package &package, llvm::StringRef workflow, GraphView &view, std::string &error);

} // namespace flytec::emit
