// One run of the compiler over a set of files: owns the sources, the AST
// arena and the diagnostics, so tools (flytec, flyte-lsp, tests) share one
// way of loading and parsing.
#pragma once

#include "ast/Ast.h"
#include "diag/Diagnostic.h"

#include <llvm/Support/SourceMgr.h>

#include <memory>
#include <string>
#include <vector>

namespace flytec {

class Compilation {
public:
  Compilation() : diags_(sources_) {}

  /// Loads `path` as a new buffer; on failure returns 0 and sets `error`.
  unsigned addFile(const std::string &path, std::string &error);
  /// Adds in-memory text (editors, tests) under the name `path`.
  unsigned addText(const std::string &path, llvm::StringRef text);

  /// Parses a loaded buffer; the module stays owned by this compilation.
  ast::Module *parse(unsigned bufferId);

  llvm::SourceMgr &sources() { return sources_; }
  DiagnosticEngine &diagnostics() { return diags_; }
  ast::AstContext &astContext() { return ast_; }

private:
  llvm::SourceMgr sources_;
  DiagnosticEngine diags_;
  ast::AstContext ast_;
};

} // namespace flytec
