#include "diag/DiagnosticRender.h"

#include "diag/SourceLocation.h"

#include <fmt/format.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>
#include <nlohmann/json.hpp>

namespace flytec {

namespace {

/// Indentation that lines up with `column` of `line`: tabs are copied so the
/// caret sits under the same character in any tab width.
std::string padTo(llvm::StringRef line, unsigned column) {
  std::string pad;
  unsigned seen = 1;
  for (size_t i = 0; i < line.size() && seen < column; i += characterLength(line, i), ++seen)
    pad += line[i] == '\t' ? '\t' : ' ';
  while (seen++ < column)
    pad += ' ';
  return pad;
}

void renderSnippet(const llvm::SourceMgr &sources, llvm::SMRange range,
                   llvm::ArrayRef<FixIt> fixits, llvm::raw_ostream &os) {
  llvm::StringRef line = lineText(sources, range.Start);
  LineColumn start = lineColumn(sources, range.Start);
  os << line << '\n';
  unsigned width = 1;
  if (range.End.isValid() && range.End.getPointer() > range.Start.getPointer()) {
    const char *lineEnd = line.data() + line.size();
    const char *end = std::min(range.End.getPointer(), lineEnd);
    // A range of stray UTF-8 continuation bytes counts no characters; it
    // still gets its caret.
    if (end > range.Start.getPointer())
      width = std::max(1u, countCharacters(llvm::StringRef(range.Start.getPointer(),
                                                           end - range.Start.getPointer())));
  }
  os.changeColor(llvm::raw_ostream::GREEN, /*Bold=*/true);
  os << padTo(line, start.column) << '^' << std::string(width - 1, '~');
  os.resetColor();
  os << '\n';
  for (const FixIt &fix : fixits) {
    if (lineText(sources, fix.range.Start).data() != line.data() || fix.replacement.empty())
      continue;
    os.changeColor(llvm::raw_ostream::GREEN);
    os << padTo(line, lineColumn(sources, fix.range.Start).column) << fix.replacement;
    os.resetColor();
    os << '\n';
  }
}

nlohmann::json location(const llvm::SourceMgr &sources, llvm::SMRange range) {
  LineColumn begin = lineColumn(sources, range.Start);
  LineColumn end = range.End.isValid() ? lineColumn(sources, range.End) : begin;
  return {{"file", bufferName(sources, range.Start).str()},
          {"line", begin.line},
          {"column", begin.column},
          {"end_line", end.line},
          {"end_column", end.column}};
}

} // namespace

void renderText(const llvm::SourceMgr &sources, const Diagnostic &diag, llvm::raw_ostream &os) {
  // Colours (when the stream has them enabled) follow clang: the place and
  // the message bold, the severity in its colour, the caret green.
  const DiagCodeInfo &info = diagCodeInfo(diag.code);
  os.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
  if (diag.range.Start.isValid()) {
    LineColumn lc = lineColumn(sources, diag.range.Start);
    os << bufferName(sources, diag.range.Start) << ':' << lc.line << ':' << lc.column << ": ";
  } else if (!diag.file.empty()) {
    os << diag.file << ": ";
  }
  os.changeColor(diag.severity == Severity::Error     ? llvm::raw_ostream::RED
                 : diag.severity == Severity::Warning ? llvm::raw_ostream::MAGENTA
                                                      : llvm::raw_ostream::CYAN,
                 /*Bold=*/true);
  os << severityName(diag.severity) << '[' << info.name << "]: ";
  os.resetColor();
  os.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
  os << diag.message;
  os.resetColor();
  os << '\n';
  if (diag.range.Start.isValid())
    renderSnippet(sources, diag.range, diag.fixits, os);
  for (const DiagNote &note : diag.notes) {
    os.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
    if (note.range.Start.isValid()) {
      LineColumn lc = lineColumn(sources, note.range.Start);
      os << bufferName(sources, note.range.Start) << ':' << lc.line << ':' << lc.column << ": ";
    }
    os.changeColor(llvm::raw_ostream::CYAN, /*Bold=*/true);
    os << "note: ";
    os.resetColor();
    os << note.message << '\n';
    if (!note.range.Start.isValid())
      continue;
    renderSnippet(sources, note.range, {}, os);
  }
}

void renderJson(const llvm::SourceMgr &sources, const Diagnostic &diag, llvm::raw_ostream &os) {
  nlohmann::json out = location(sources, diag.range);
  if (!diag.range.Start.isValid() && !diag.file.empty())
    out["file"] = diag.file;
  out["severity"] = severityName(diag.severity).str();
  out["code"] = diagCodeInfo(diag.code).name.str();
  out["message"] = diag.message;
  out["notes"] = nlohmann::json::array();
  for (const DiagNote &note : diag.notes) {
    nlohmann::json n = note.range.Start.isValid() ? location(sources, note.range)
                                                  : nlohmann::json::object();
    n["message"] = note.message;
    out["notes"].push_back(std::move(n));
  }
  out["fixits"] = nlohmann::json::array();
  for (const FixIt &fix : diag.fixits) {
    nlohmann::json f = location(sources, fix.range);
    f["replacement"] = fix.replacement;
    out["fixits"].push_back(std::move(f));
  }
  // Invalid UTF-8 in a message must not abort the dump: replace it.
  os << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void renderAll(const DiagnosticEngine &engine, DiagnosticFormat format, llvm::raw_ostream &os) {
  std::vector<Diagnostic> diags = engine.sorted();
  for (const Diagnostic &d : diags) {
    if (format == DiagnosticFormat::Json)
      renderJson(engine.sources(), d, os);
    else
      renderText(engine.sources(), d, os);
  }
  unsigned errors = 0, warnings = 0;
  for (const Diagnostic &d : diags)
    (d.severity == Severity::Error ? errors : warnings) += d.severity != Severity::Note;
  if (format == DiagnosticFormat::Text && (errors || warnings)) {
    auto plural = [](unsigned n, const char *word) {
      return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
    };
    std::string summary;
    if (errors)
      summary = plural(errors, "error");
    if (warnings)
      summary += (summary.empty() ? "" : ", ") + plural(warnings, "warning");
    os << summary << " generated.\n";
  }
}

} // namespace flytec
