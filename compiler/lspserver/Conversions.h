// Between the protocol's structures (compiler/lsp) and the features' own
// (compiler/ide): positions, ranges, locations, edits, diagnostics.
#pragma once

#include "ide/Analysis.h"
#include "ide/Rename.h"
#include "lsp/Protocol.h"

#include <vector>

namespace flytec::lspserver {

ide::Position toIde(const lsp::Position &p);
ide::Range toIde(const lsp::Range &r);
lsp::Position toLsp(const ide::Position &p);
lsp::Range toLsp(const ide::Range &r);
lsp::Location toLsp(const ide::Location &l);
lsp::WorkspaceEdit toLsp(const ide::FileEdits &edits);

/// The diagnostics `flytec check` would print for the analysis's own file,
/// with the same codes, severities, ranges and notes (as related
/// information when they point somewhere, else appended to the message).
std::vector<lsp::Diagnostic> diagnosticsOf(const ide::Analysis &analysis);

} // namespace flytec::lspserver
