// Cross references: go to definition, find references (across the
// workspace's files), document highlights.
#pragma once

#include "ide/Workspace.h"

#include <vector>

namespace flytec::ide {

/// The declaration of the name at `position` (for an import path, the
/// imported file).
std::vector<Location> definition(const Analysis &analysis, Position position);

/// Every use of the name at `position`: in this file and, for symbols that
/// other modules can name, in every workspace file that imports them.
std::vector<Location> references(Workspace &workspace, const Analysis &analysis, Position position,
                                 bool includeDeclaration);

struct Highlight {
  Range range;
  bool write = false; // the declaration
};
std::vector<Highlight> highlights(const Analysis &analysis, Position position);

/// The occurrence at `position`, if any.
const Occurrence *occurrenceAt(const Analysis &analysis, Position position);

/// Where `key` is declared, as seen from `analysis` (its own module or one
/// it imports).
std::optional<Location> declarationLocation(const Analysis &analysis, const Occurrence &occurrence);

/// All occurrences of `key` in the workspace: this analysis's file, plus
/// (for symbols visible outside their module) every other workspace file
/// that mentions the name. Each location once, sorted by file and position.
std::vector<Location> findAll(Workspace &workspace, const Analysis &analysis, const Occurrence &occurrence,
                              bool includeDeclaration);

} // namespace flytec::ide
