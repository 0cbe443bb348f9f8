#include "lspserver/Conversions.h"

#include "lsp/Uri.h"

#include <fmt/format.h>

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

std::vector<lsp::Diagnostic> diagnosticsOf(const ide::Analysis &analysis) {
  std::vector<lsp::Diagnostic> out;
  for (const Diagnostic &d : analysis.diagnostics()) {
    // Problems inside imported modules belong to those files; the import
    // that fails to load is reported at the import, here.
    if (d.range.Start.isValid() ? !analysis.offsetOf(d.range.Start) : d.file != analysis.path())
      continue;
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
