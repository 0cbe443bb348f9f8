#include "diag/Diagnostic.h"

#include <llvm/Support/SourceMgr.h>

#include <algorithm>
#include <tuple>

namespace flytec {

static const DiagCodeInfo kCodes[] = {
#define DIAG(Code, Sev, Summary) {DiagCode::Code, #Code, Severity::Sev, Summary},
#include "diag/DiagnosticCodes.def"
};

const DiagCodeInfo &diagCodeInfo(DiagCode code) { return kCodes[static_cast<size_t>(code)]; }

llvm::ArrayRef<DiagCodeInfo> allDiagCodes() { return kCodes; }

std::optional<DiagCode> diagCodeFromName(llvm::StringRef name) {
  for (const DiagCodeInfo &info : kCodes)
    if (info.name == name)
      return info.code;
  return std::nullopt;
}

llvm::StringRef severityName(Severity severity) {
  switch (severity) {
  case Severity::Note:
    return "note";
  case Severity::Warning:
    return "warning";
  case Severity::Error:
    return "error";
  }
  return "error";
}

DiagnosticEngine::Builder &DiagnosticEngine::Builder::note(std::string message) {
  if (index_ != kDropped)
    engine_.diags_[index_].notes.push_back({llvm::SMRange(), std::move(message)});
  return *this;
}

DiagnosticEngine::Builder &DiagnosticEngine::Builder::note(llvm::SMRange range,
                                                           std::string message) {
  if (index_ != kDropped)
    engine_.diags_[index_].notes.push_back({range, std::move(message)});
  return *this;
}

DiagnosticEngine::Builder &DiagnosticEngine::Builder::fixit(llvm::SMRange range,
                                                            std::string replacement) {
  if (index_ != kDropped)
    engine_.diags_[index_].fixits.push_back({range, std::move(replacement)});
  return *this;
}

void DiagnosticEngine::silenceWithin(llvm::SMRange range) { silenced_.push_back(range); }

bool DiagnosticEngine::isSilenced(DiagCode code, llvm::SMRange range) const {
  if (diagCodeInfo(code).name.startswith("E1") || !range.Start.isValid())
    return false;
  const char *p = range.Start.getPointer();
  for (llvm::SMRange r : silenced_)
    if (r.Start.getPointer() <= p && p < r.End.getPointer())
      return true;
  return false;
}

DiagnosticEngine::Builder DiagnosticEngine::report(DiagCode code, llvm::SMRange range,
                                                   std::string message) {
  if (isSilenced(code, range))
    return Builder(*this, Builder::kDropped);
  Severity severity = diagCodeInfo(code).defaultSeverity;
  if (severity == Severity::Warning && warningsAsErrors_)
    severity = Severity::Error;
  if (severity == Severity::Error)
    ++errors_;
  else if (severity == Severity::Warning)
    ++warnings_;
  diags_.push_back({code, severity, range, std::move(message), {}, {}, {}});
  return Builder(*this, diags_.size() - 1);
}

DiagnosticEngine::Builder DiagnosticEngine::reportFile(DiagCode code, llvm::StringRef path, std::string message) {
  Builder builder = report(code, llvm::SMRange(), std::move(message));
  diags_.back().file = path.str();
  return builder;
}

std::vector<Diagnostic> DiagnosticEngine::sorted() const {
  // Key: which buffer (in load order), then offset inside it. Locations
  // outside any buffer (none) sort first.
  auto key = [&](const Diagnostic &d) {
    const char *p = d.range.Start.getPointer();
    unsigned buffer = p ? sources_.FindBufferContainingLoc(d.range.Start) : 0;
    size_t offset = 0;
    if (buffer)
      offset = p - sources_.getMemoryBuffer(buffer)->getBufferStart();
    return std::make_tuple(buffer, offset, static_cast<unsigned>(d.code));
  };
  std::vector<std::pair<std::tuple<unsigned, size_t, unsigned>, const Diagnostic *>> keyed;
  keyed.reserve(diags_.size());
  for (const Diagnostic &d : diags_)
    keyed.push_back({key(d), &d});
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto &a, const auto &b) {
    if (a.first != b.first)
      return a.first < b.first;
    return a.second->message < b.second->message;
  });
  std::vector<Diagnostic> out;
  out.reserve(keyed.size());
  for (const auto &[k, d] : keyed) {
    if (!out.empty() && out.back().code == d->code && out.back().range.Start == d->range.Start && out.back().range.End == d->range.End &&
        out.back().message == d->message)
      continue;
    out.push_back(*d);
  }
  return out;
}

} // namespace flytec
