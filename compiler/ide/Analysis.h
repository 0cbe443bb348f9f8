// One checked view of a file, as the language server's features read it:
// the compilation (sources, AST, diagnostics), the checked program, the
// index of names, and conversions between the compiler's source locations
// and editor positions. Built by Workspace::analyze; immutable afterwards
// (apart from caches filled on first use).
#pragma once

#include "driver/Compilation.h"
#include "ide/Occurrences.h"
#include "ide/SourceText.h"
#include "sema/Sema.h"

#include <llvm/ADT/DenseMap.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace flytec::ide {

/// A place in some file.
struct Location {
  std::string path;
  Range range;
};

class Analysis {
public:
  /// Checks `text` as the root module `path`; imports are read through
  /// `overlay` (open editors) before the disk. With `previous` (an earlier
  /// analysis of the same file), declarations whose text is unchanged are
  /// copied from it rather than parsed again.
  static std::unique_ptr<Analysis> build(const std::string &path, llvm::StringRef text,
                                         Compilation::Overlay overlay, const sema::SemaOptions &options,
                                         const Analysis *previous = nullptr);

  const std::string &path() const { return path_; }
  llvm::StringRef text() const;
  unsigned buffer() const { return buffer_; }
  Compilation &compilation() const { return *compilation_; }
  const llvm::SourceMgr &sources() const { return compilation_->sources(); }
  const sema::Program &program() const { return *program_; }
  /// The root module; null only when the text could not be loaded at all.
  const sema::ModuleInfo *module() const { return module_; }
  /// Every diagnostic, sorted as `flytec check` prints them.
  const std::vector<Diagnostic> &diagnostics() const { return diagnostics_; }
  /// Names in the root module and what they mean.
  const OccurrenceIndex &index() const { return index_; }
  bool hasSyntaxErrors() const { return module_ && module_->hasSyntaxErrors; }
  /// Whether checking this file read `path` (itself or an import, at any depth).
  bool reads(llvm::StringRef path) const;

  /// Lines of the root file.
  const LineTable &lines() const { return *lines_; }
  size_t offsetAt(Position p) const { return lines_->offsetAt(p); }
  Position positionOf(llvm::SMLoc loc) const;
  Range rangeOf(llvm::SMRange range) const;
  /// Byte offset of `loc` in the root buffer, or nothing when it lies elsewhere.
  std::optional<size_t> offsetOf(llvm::SMLoc loc) const;
  llvm::SMLoc locAt(size_t offset) const;
  /// Where `range` is, in whichever loaded file holds it; nothing for the
  /// embedded standard library and invalid ranges.
  std::optional<Location> locationOf(llvm::SMRange range) const;

private:
  Analysis() = default;
  const LineTable &linesOf(unsigned buffer) const;

  std::string path_;
  std::unique_ptr<Compilation> compilation_;
  std::unique_ptr<sema::Program> program_;
  const sema::ModuleInfo *module_ = nullptr;
  unsigned buffer_ = 0;
  std::vector<Diagnostic> diagnostics_;
  OccurrenceIndex index_;
  std::unique_ptr<LineTable> lines_;
  mutable llvm::DenseMap<unsigned, std::unique_ptr<LineTable>> otherLines_;
};

} // namespace flytec::ide
