#include "ide/Graph.h"

#include "emit/Mermaid.h"
#include "lower/Lowering.h"

#include <fmt/format.h>
#include <llvm/Support/raw_ostream.h>

namespace flytec::ide {

std::optional<std::string> workflowGraph(const Analysis &analysis, llvm::StringRef workflow, std::string &error) {
  for (const Diagnostic &d : analysis.diagnostics())
    if (d.severity == Severity::Error) {
      error = fmt::format("the file has errors ({}: {}); fix them to see the graph", diagCodeInfo(d.code).name.str(),
                          d.message);
      return std::nullopt;
    }
  std::unique_ptr<ir::Package> package = lower::lowerProgram(analysis.program(), analysis.sources(), error);
  if (!package)
    return std::nullopt;
  std::string text;
  llvm::raw_string_ostream os(text);
  if (!emit::emitMermaid(*package, workflow, os, error))
    return std::nullopt;
  os.flush();
  return text;
}

} // namespace flytec::ide
