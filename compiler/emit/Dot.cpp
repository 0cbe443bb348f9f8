// Printing a GraphView as DOT. Ids are already plain identifiers
// ([A-Za-z0-9_], never starting with a digit), so only labels need quoting.
// Nodes are declared inside their clusters and every edge after them at the
// top level: an edge inside a cluster would pull an undeclared node into it.
#include "emit/Dot.h"

#include <llvm/Support/raw_ostream.h>

namespace flytec::emit {

namespace {

llvm::StringRef shapeAttributes(Shape shape) {
  switch (shape) {
  case Shape::Input:
    return "shape=invhouse";
  case Shape::Output:
    return "shape=house";
  case Shape::Task:
    return "shape=box";
  case Shape::Workflow:
    return "shape=box, peripheries=2";
  case Shape::Dynamic:
    return "shape=box, peripheries=2, style=dashed";
  case Shape::Gate:
    return "shape=hexagon";
  case Shape::Expression:
    return "shape=ellipse, fontsize=9";
  case Shape::BranchEntry:
    return "shape=diamond";
  case Shape::MapEntry:
    return "shape=trapezium";
  case Shape::Join:
    return "shape=invtrapezium";
  case Shape::Value:
    return "shape=note, fontsize=9";
  }
  return "shape=box";
}

llvm::StringRef clusterStyle(ClusterKind kind) {
  switch (kind) {
  case ClusterKind::Workflow:
    return "solid";
  case ClusterKind::DynamicWorkflow:
    return "dashed";
  case ClusterKind::Branch:
    return "rounded";
  case ClusterKind::Case:
    return "dashed";
  case ClusterKind::Map:
    return "\"rounded,bold\"";
  }
  return "solid";
}

/// Lines joined by DOT's centred line break, each escaped.
std::string label(const std::vector<std::string> &lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i)
    out += (i ? "\\n" : "") + dotEscape(lines[i]);
  return out;
}

void printCluster(const ViewCluster &c, unsigned depth, llvm::raw_ostream &os) {
  std::string indent(2 * depth, ' ');
  os << indent << "subgraph cluster_" << c.id << " {\n";
  os << indent << "  label=\"" << label(c.lines) << "\";\n";
  os << indent << "  style=" << clusterStyle(c.kind) << ";\n";
  for (const ViewNode &n : c.nodes)
    os << indent << "  " << n.id << " [label=\"" << label(n.lines) << "\", " << shapeAttributes(n.shape) << "];\n";
  for (const ViewCluster &inner : c.clusters)
    printCluster(inner, depth + 1, os);
  os << indent << "}\n";
}

} // namespace

std::string dotEscape(llvm::StringRef text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    // A backslash starts DOT's own escapes (\n, \l, \N), so it is doubled.
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void printDot(const GraphView &view, llvm::raw_ostream &os) {
  os << "digraph flyte {\n";
  os << "  rankdir=TB;\n";
  os << "  graph [fontname=\"Helvetica\", fontsize=11];\n";
  os << "  node [fontname=\"Helvetica\", fontsize=10];\n";
  os << "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  for (const ViewCluster &wf : view.workflows)
    printCluster(wf, 1, os);
  for (const ViewEdge &e : view.edges) {
    os << "  " << e.from << " -> " << e.to;
    if (e.kind == EdgeKind::Control)
      os << " [style=dashed]";
    else if (e.kind == EdgeKind::Scope)
      os << " [style=dotted, arrowhead=none]";
    else if (!e.label.empty())
      os << " [label=\"" << dotEscape(e.label) << "\"]";
    os << ";\n";
  }
  os << "}\n";
}

bool emitDot(const ir::Package &package, llvm::StringRef workflow, llvm::raw_ostream &os, std::string &error) {
  GraphView view;
  if (!buildGraphView(package, workflow, view, error))
    return false;
  printDot(view, os);
  return true;
}

} // namespace flytec::emit
