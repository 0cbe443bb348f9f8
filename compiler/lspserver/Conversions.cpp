#include "lspserver/Conversions.h"

#include "lsp/Uri.h"

#include <fmt/format.h>
#include <llvm/Support/Path.h>

#include <algorithm>

namespace flytec::lspserver {

ide::Position toIde(const lsp::Position &p) {
  return {static_cast<unsigned>(std::max(p.line, 0)), static_cast<unsigned>(std::max(p.character, 0))};
}
ide::Range toIde(const lsp::Range &r) { return {toIde(r.start), toIde(r.end)}; }
lsp::Position toLsp(const ide::Position &p) {
  return {static_cast<int>(p.line), static_cast<int>(p.character)};
}
lsp::Range toLsp(const ide::Range &r) { return {toLsp(r.start), toLsp(r.end)}; }
lsp::Location toLsp(const ide::Location &l) { return {lsp::pathToUri(l.path), toLsp(l.range)}; }

lsp::WorkspaceEdit toLsp(const ide::FileEdits &edits) {
  lsp::WorkspaceEdit out;
  for (const auto &[path, list] : edits) {
    std::vector<lsp::TextEdit> &target = out.changes[lsp::pathToUri(path)];
    for (const ide::TextEdit &e : list)
      target.push_back({toLsp(e.range), e.newText});
  }
  return out;
}

namespace {

lsp::DiagnosticSeverity severityOf(Severity s) {
  switch (s) {
  case Severity::Error:
    return lsp::DiagnosticSeverity::Error;
  case Severity::Warning:
    return lsp::DiagnosticSeverity::Warning;
  case Severity::Note:
    return lsp::DiagnosticSeverity::Information;
  }
  return lsp::DiagnosticSeverity::Error;
}

} // namespace

namespace {

bool importsBuffer(const sema::ModuleInfo &module, unsigned buffer, std::vector<const sema::ModuleInfo *> &seen) {
  if (module.bufferId == buffer)
    return true;
  if (std::find(seen.begin(), seen.end(), &module) != seen.end())
    return false;
  seen.push_back(&module);
  for (const auto &import : module.imports)
    if (import->module && importsBuffer(*import->module, buffer, seen))
      return true;
  return false;
}

/// The import of the analysis's own module through which `buffer` was
/// loaded (directly or not).
const ast::ImportDecl *importLeadingTo(const ide::Analysis &analysis, unsigned buffer) {
  if (!analysis.module())
    return nullptr;
  for (const auto &import : analysis.module()->imports) {
    std::vector<const sema::ModuleInfo *> seen;
    if (import->module && !import->cyclic && importsBuffer(*import->module, buffer, seen))
      return import->decl;
  }
  return nullptr;
}

/// An error in an imported file, shown at the import that brings it in
/// (as clangd shows an error in a header at its #include): the file open in
/// the editor does not work until it is fixed.
std::optional<lsp::Diagnostic> atImport(const ide::Analysis &analysis, const Diagnostic &d) {
  if (d.severity != Severity::Error || !d.range.Start.isValid())
    return std::nullopt;
  unsigned buffer = analysis.sources().FindBufferContainingLoc(d.range.Start);
  const ast::ImportDecl *import = buffer ? importLeadingTo(analysis, buffer) : nullptr;
  std::optional<ide::Location> where = analysis.locationOf(d.range);
  if (!import || !import->path || !where)
    return std::nullopt;
  lsp::Diagnostic item;
  item.range = toLsp(analysis.rangeOf(import->path->range()));
  item.severity = lsp::DiagnosticSeverity::Error;
  item.code = diagCodeInfo(d.code).name.str();
  item.source = "flytec";
  item.message = fmt::format("in imported file {}: {}", llvm::sys::path::filename(where->path).str(), d.message);
  item.relatedInformation.push_back({toLsp(*where), d.message});
  return item;
}

} // namespace

std::vector<lsp::Diagnostic> diagnosticsOf(const ide::Analysis &analysis) {
  std::vector<lsp::Diagnostic> out;
  for (const Diagnostic &d : analysis.diagnostics()) {
    if (d.range.Start.isValid() ? !analysis.offsetOf(d.range.Start) : d.file != analysis.path()) {
      if (std::optional<lsp::Diagnostic> shown = atImport(analysis, d))
        out.push_back(std::move(*shown));
      continue;
    }
    lsp::Diagnostic item;
    item.range = d.range.Start.isValid() ? toLsp(analysis.rangeOf(d.range)) : lsp::Range{};
    item.severity = severityOf(d.severity);
    item.code = diagCodeInfo(d.code).name.str();
    item.source = "flytec";
    item.message = d.message;
    for (const DiagNote &note : d.notes) {
      std::optional<ide::Location> where = note.range.Start.isValid() ? analysis.locationOf(note.range) : std::nullopt;
      if (where)
        item.relatedInformation.push_back({toLsp(*where), note.message});
      else
        item.message += "\nnote: " + note.message;
    }
    if (!d.fixits.empty())
      item.data = {{"fixits", d.fixits.size()}};
    out.push_back(std::move(item));
  }
  return out;
}

} // namespace flytec::lspserver
