// The IR verifier: runs after lowering and after every pass. A Package that
// fails it is a bug in flytec (or a hand-edited file), never a user error in
// a .flyte program, so the driver reports it as an internal error.
#pragma once

#include "ir/Ir.h"

#include <string>
#include <vector>

namespace flytec::ir {

/// Every problem found, each naming where it is ("workflow shop.report,
/// node 'totals': ..."); empty when the package is well formed.
///
/// Checked: node ids unique in their graph; every binding names a graph
/// input, an earlier node's output (so the node order is topological and the
/// graph acyclic, in linear time) or a constant of the right shape; every
/// control edge (`after`) names an earlier node of the same graph; every
/// input of a task, workflow, gate or launch plan bound exactly once; types
/// assignable across every edge; every task, workflow, launch plan, record
/// and enum named anywhere exists; branch cases and map bodies agree with
/// their node's inputs and outputs.
std::vector<std::string> verify(const Package &package);

} // namespace flytec::ir
