// The JIT of dynamic workflows (LANGUAGE.md §7): once a dynamic node's
// inputs are known values, its workflow's template is specialized into a
// static graph — inputs become constants, `if` on inputs picks its case,
// `for` over an input (or over `range(n)` of one) unrolls into one copy of
// the body per element — then verified and optimized with the -O1 passes
// like any compiled graph, before a node of it runs.
//
// Unrolling: a map node whose list is a constant and that has neither
// `@concurrency` nor `@min_success_ratio` (the map node is what enforces
// those, so such a map stays a map) is replaced by its body's nodes once per
// element, renamed `<map>.<i>.<node>`, the element bound as a constant; each
// output of the map becomes an expression node `<map>.<output>` building the
// list from the elements' outputs. Folding and unrolling alternate until
// nothing changes, since folding may turn a list into a constant
// (`range(n)`), and unrolling may expose conditions on constants.
// Conditions on outputs of calls stay branch nodes.
#pragma once

#include "ir/Ir.h"
#include "values/RuntimeValues.h"

#include <memory>
#include <optional>
#include <string>

namespace flytec::runtime {

struct Expansion {
  /// The package the expanded graph runs in: the original's entities plus
  /// `workflow`, a static workflow named `<dynamic>#expanded`.
  std::shared_ptr<const ir::Package> package;
  const ir::Workflow *workflow = nullptr;
  size_t unrolledMaps = 0;
  size_t resolvedBranches = 0;
  /// The expanded workflow as IR JSON, for the DynamicExpanded event.
  nlohmann::json graph;
};

/// Specializes `dynamic` (a workflow of `pkg`) with `inputs` (every input
/// of it, conformed). Fails with `error` when the result does not verify —
/// a bug, reported as such by the caller.
std::optional<Expansion> expandDynamic(const ir::Package &pkg, const ir::Workflow &dynamic, const ValueMap &inputs,
                                       std::string &error);


} // namespace flytec::runtime
