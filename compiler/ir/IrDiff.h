// A semantic diff of two IR packages (`flytec diff A.json B.json`,
// docs/diff.md): what a reviewer needs to know about how a change to the
// source changed the compiled graphs. Entities are matched by name and
// nodes by id (ids come from source names, so they are stable), and every
// difference is one line naming where it is: types (records, enums),
// tasks, workflows with their nodes, edges and nested graphs, and launch
// plans.
//
// What does not change behaviour is left out: source locations, docs, the
// critical-path annotation, the order of nodes in a graph (any topological
// order runs the same), and content hashes (they change whenever anything
// does; the lines say what).
#pragma once

#include "ir/Ir.h"

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringRef.h>

#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
}

namespace flytec::ir {

struct IrDifference {
  enum class Change : uint8_t { Added, Removed, Changed };
  Change change = Change::Changed;
  /// The top-level thing: "task shop.render", "workflow shop.report",
  /// "record shop.Total", "enum shop.Region", "launch plan shop.nightly",
  /// "package".
  std::string entity;
  /// Where inside it, empty for the entity itself: "node 'totals' input 'db'",
  /// "node 'verdict/case 1/render'", "settings retries".
  std::string subject;
  /// Changed: the old and the new form. Added / Removed: `after` / `before`
  /// may describe what came or went ("(task shop.render)").
  std::string before, after;

  /// One line: `+ task shop.render`, `- task shop.old`,
  /// `~ workflow shop.report: - node 'old' (task shop.x)`,
  /// `~ workflow shop.report: node 'totals' input 'db': from node 'db'.db → from input 'db'`.
  std::string str() const;
};

/// Every difference from `a` to `b`, grouped by entity (records, enums,
/// tasks, workflows, launch plans; each by name) in a stable order.
std::vector<IrDifference> diffPackages(const Package &a, const Package &b);

/// One line per difference.
void printDifferences(llvm::ArrayRef<IrDifference> differences, llvm::raw_ostream &os);

enum class DiffOutcome { Equal, Different, Unreadable };

/// Reads two IR files ("-" is stdin) and prints their differences on
/// `out`. Unreadable when a file cannot be read or is not IR; `error` then
/// names the file and the problem.
DiffOutcome diffIrFiles(llvm::StringRef pathA, llvm::StringRef pathB, llvm::raw_ostream &out, std::string &error);

} // namespace flytec::ir
