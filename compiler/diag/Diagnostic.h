// Diagnostics shared by every phase: codes, the diagnostic record, and the
// engine that collects, orders and counts them. Rendering lives in
// DiagnosticRender.h.
#pragma once

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/SMLoc.h>

#include <optional>
#include <string>
#include <vector>

namespace llvm {
class SourceMgr;
}

namespace flytec {

enum class DiagCode : unsigned short {
#define DIAG(Code, Severity, Summary) Code,
#include "diag/DiagnosticCodes.def"
};

enum class Severity { Note, Warning, Error };

struct DiagCodeInfo {
  DiagCode code;
  llvm::StringRef name; // "E1001"
  Severity defaultSeverity;
  llvm::StringRef summary;
};

const DiagCodeInfo &diagCodeInfo(DiagCode code);
llvm::ArrayRef<DiagCodeInfo> allDiagCodes();
std::optional<DiagCode> diagCodeFromName(llvm::StringRef name);
llvm::StringRef severityName(Severity severity);

/// Replace `range` with `replacement` (an empty range inserts).
struct FixIt {
  llvm::SMRange range;
  std::string replacement;
};

/// A note may point somewhere (a declaration) or nowhere (a hint).
struct DiagNote {
  llvm::SMRange range;
  std::string message;
};

/// Ranges are half-open: `End` points just past the last character. A
/// diagnostic about a whole file that could not be loaded has no range and
/// names the file instead.
struct Diagnostic {
  DiagCode code;
  Severity severity;
  llvm::SMRange range;
  std::string message;
  std::string file; // only when `range` is invalid
  std::vector<DiagNote> notes;
  std::vector<FixIt> fixits;
};

class DiagnosticEngine {
public:
  /// Adds notes and fix-its to the diagnostic just reported.
  class Builder {
  public:
    Builder &note(std::string message);
    Builder &note(llvm::SMRange range, std::string message);
    Builder &fixit(llvm::SMRange range, std::string replacement);

  private:
    friend class DiagnosticEngine;
    static constexpr size_t kDropped = ~size_t(0); // a silenced report: notes go nowhere
    Builder(DiagnosticEngine &engine, size_t index) : engine_(engine), index_(index) {}
    DiagnosticEngine &engine_;
    size_t index_;
  };

  explicit DiagnosticEngine(const llvm::SourceMgr &sources) : sources_(sources) {}

  Builder report(DiagCode code, llvm::SMRange range, std::string message);
  Builder report(DiagCode code, llvm::SMLoc loc, std::string message) {
    return report(code, llvm::SMRange(loc, loc), std::move(message));
  }

  /// A problem with a whole file that has no source buffer (it could not be
  /// read).
  Builder reportFile(DiagCode code, llvm::StringRef path, std::string message);

  /// Drops later reports (other than syntax errors, E1xxx) that start
  /// inside `range`: code there is known to be broken, and whatever a later
  /// phase says about it would follow from the syntax error.
  void silenceWithin(llvm::SMRange range);

  /// Every diagnostic in the order reported.
  llvm::ArrayRef<Diagnostic> reported() const { return diags_; }

  /// -Werror: warnings reported from now on count as errors.
  void setWarningsAsErrors(bool on) { warningsAsErrors_ = on; }

  unsigned errorCount() const { return errors_; }
  unsigned warningCount() const { return warnings_; }
  bool hasErrors() const { return errors_ != 0; }

  /// In source order (buffer, offset), then code and message; exact
  /// duplicates removed. The order is stable across runs.
  std::vector<Diagnostic> sorted() const;

  const llvm::SourceMgr &sources() const { return sources_; }

private:
  const llvm::SourceMgr &sources_;
  bool isSilenced(DiagCode code, llvm::SMRange range) const;

  std::vector<Diagnostic> diags_;
  std::vector<llvm::SMRange> silenced_;
  unsigned errors_ = 0;
  unsigned warnings_ = 0;
  bool warningsAsErrors_ = false;
};

} // namespace flytec
