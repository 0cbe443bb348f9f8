// Printing a GraphView as a Mermaid flowchart. Nodes are declared inside
// their subgraphs and every link after them at the top level, because
// Mermaid moves a node into the subgraph where it is first mentioned.
// Dynamic nodes get a dashed border through one class; subroutine boxes
// (double side borders) mark subworkflow and dynamic calls.
#include "emit/Mermaid.h"

#include <llvm/Support/raw_ostream.h>

namespace flytec::emit {

namespace {

/// The opening and closing brackets of a node of this shape.
std::pair<llvm::StringRef, llvm::StringRef> brackets(Shape shape) {
  switch (shape) {
  case Shape::Input:
    return {"([", "])"};
  case Shape::Output:
    return {"[/", "/]"};
  case Shape::Task:
    return {"[", "]"};
  case Shape::Workflow:
  case Shape::Dynamic:
    return {"[[", "]]"};
  case Shape::Gate:
    return {"{{", "}}"};
  case Shape::Expression:
    return {"(", ")"};
  case Shape::BranchEntry:
    return {"{", "}"};
  case Shape::MapEntry:
    return {"[/", "\\]"};
  case Shape::Join:
    return {"[\\", "/]"};
  case Shape::Value:
    return {">", "]"};
  }
  return {"[", "]"};
}

std::string label(const std::vector<std::string> &lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i)
    out += (i ? "<br/>" : "") + mermaidEscape(lines[i]);
  return out;
}

void printCluster(const ViewCluster &c, unsigned depth, std::vector<std::string> &dynamic, llvm::raw_ostream &os) {
  std::string indent(2 * depth, ' ');
  os << indent << "subgraph " << c.id << " [\"" << label(c.lines) << "\"]\n";
  for (const ViewNode &n : c.nodes) {
    auto [open, close] = brackets(n.shape);
    os << indent << "  " << n.id << open << '"' << label(n.lines) << '"' << close << "\n";
    if (n.shape == Shape::Dynamic)
      dynamic.push_back(n.id);
  }
  for (const ViewCluster &inner : c.clusters)
    printCluster(inner, depth + 1, dynamic, os);
  os << indent << "end\n";
}

} // namespace

std::string mermaidEscape(llvm::StringRef text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '"':
      out += "#quot;";
      break;
    case '<':
      out += "#lt;";
      break;
    case '>':
      out += "#gt;";
      break;
    case '&':
      out += "#amp;";
      break;
    case '#':
      out += "#35;";
      break;
    case '\n':
      out += "<br/>";
      break;
    default:
      out += c;
    }
  }
  return out;
}

void printMermaid(const GraphView &view, llvm::raw_ostream &os) {
  os << "flowchart TD\n";
  std::vector<std::string> dynamic;
  for (const ViewCluster &wf : view.workflows)
    printCluster(wf, 1, dynamic, os);
  for (const ViewEdge &e : view.edges) {
    os << "  " << e.from;
    if (e.kind == EdgeKind::Control)
      os << " -.-> ";
    else if (e.kind == EdgeKind::Scope)
      os << " -.- ";
    else if (!e.label.empty())
      os << " -->|\"" << mermaidEscape(e.label) << "\"| ";
    else
      os << " --> ";
    os << e.to << "\n";
  }
  if (!dynamic.empty()) {
    os << "  classDef dynamic stroke-dasharray: 5 5\n";
    os << "  class ";
    for (size_t i = 0; i < dynamic.size(); ++i)
      os << (i ? "," : "") << dynamic[i];
    os << " dynamic\n";
  }
}

bool emitMermaid(const ir::Package &package, llvm::StringRef workflow, llvm::raw_ostream &os, std::string &error) {
  GraphView view;
  if (!buildGraphView(package, workflow, view, error))
    return false;
  printMermaid(view, os);
  return true;
}

} // namespace flytec::emit
