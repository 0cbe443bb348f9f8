// One run of the compiler over a set of files: owns the sources, the AST
// arena and the diagnostics, so tools (flytec, flyte-lsp, tests) share one
// way of loading and parsing.
#pragma once

#include "ast/Ast.h"
#include "diag/Diagnostic.h"
#include "parse/Parser.h"

#include <llvm/Support/SourceMgr.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace flytec {

class Compilation {
public:
  Compilation() : diags_(sources_) {}

  /// Text that stands in for files on disk: an editor's unsaved buffers.
  /// Called with absolute, dot-free paths; nothing means "read the disk".
  using Overlay = std::function<std::optional<std::string>(llvm::StringRef path)>;
  void setOverlay(Overlay overlay) { overlay_ = std::move(overlay); }

  /// Loads `path` (the overlay's text, else the file) as a new buffer; on
  /// failure returns 0 and sets `error`.
  unsigned addFile(const std::string &path, std::string &error);
  /// Whether `path` names a regular file in the overlay or on disk.
  bool fileExists(llvm::StringRef path) const;
  /// Adds in-memory text (editors, tests) under the name `path`.
  unsigned addText(const std::string &path, llvm::StringRef text);

  /// Parses a loaded buffer; the module stays owned by this compilation.
  ast::Module *parse(unsigned bufferId);

  /// For editors, which parse the same file after every edit: the buffer
  /// named `path` is parsed reusing the unchanged declarations of
  /// `previous` (an earlier parse of it that outlives this call; may be
  /// null), and its runs are recorded for the next parse.
  void setReparse(std::string path, const parse::ParsedRuns *previous) {
    reparsePath_ = std::move(path);
    previous_ = previous;
  }
  const parse::ParsedRuns &recordedRuns() const { return recorded_; }

  llvm::SourceMgr &sources() { return sources_; }
  DiagnosticEngine &diagnostics() { return diags_; }
  ast::AstContext &astContext() { return ast_; }

private:
  std::optional<std::string> overlayText(llvm::StringRef path) const;

  Overlay overlay_;
  std::string reparsePath_;
  const parse::ParsedRuns *previous_ = nullptr;
  parse::ParsedRuns recorded_;
  llvm::SourceMgr sources_;
  DiagnosticEngine diags_;
  ast::AstContext ast_;
};

} // namespace flytec
