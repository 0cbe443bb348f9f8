// textDocument/semanticTokens/full: what each word of a file is, for
// colouring. Names are classified by what they refer to (the occurrence
// index), then by where they stand in the AST (a decorator, a plugin, a
// built-in type, an argument label); everything else by its lexical
// category. Works on files with syntax errors: the token stream is whole
// even where the AST is not.
#pragma once

#include "ide/Analysis.h"

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringRef.h>

#include <cstdint>
#include <vector>

namespace flytec::ide {

/// Indexes semanticTokenTypes().
enum class SemanticTokenType : uint32_t {
  Namespace,  // modules: import aliases, qualifiers, `module` names, `std`
  Type,       // aliases; built-in types (with DefaultLibrary)
  Enum,
  Struct,     // records
  Parameter,  // inputs and outputs; argument labels
  Variable,   // `let` names and loop variables
  Property,   // record fields, dataframe columns
  EnumMember,
  Function,   // tasks, workflows, launch plans, std functions (with DefaultLibrary)
  Decorator,  // `@name`
  Keyword,
  Comment,    // doc comments with Documentation
  String,
  Number,     // integers, floats, durations, sizes
  Operator,   // the `{{` and `}}` around an interpolation
  Macro,      // a task body's plugin: `shell`, `python`, ...
};

/// Bits of the modifier set; index semanticTokenModifiers() by bit number.
enum SemanticTokenModifier : uint32_t {
  ModDeclaration = 1u << 0,
  ModReadonly = 1u << 1,       // a launch plan's `fixed` input
  ModDefaultLibrary = 1u << 2, // the standard library, built-in types, task-body placeholders
  ModDocumentation = 1u << 3,  // `///` comments
  ModDeprecated = 1u << 4,     // `@deprecated` declarations, wherever named
};

/// The legend, in the order token types and modifier bits number them.
llvm::ArrayRef<llvm::StringRef> semanticTokenTypes();
llvm::ArrayRef<llvm::StringRef> semanticTokenModifiers();

struct SemanticToken {
  Position start;
  unsigned length = 0; // UTF-16 code units, within start.line
  SemanticTokenType type = SemanticTokenType::Variable;
  uint32_t modifiers = 0;
};

/// Every token of the file in order: none empty, none overlapping, none
/// crossing a line (multi-line strings and comments come one per line).
std::vector<SemanticToken> semanticTokenList(const Analysis &analysis);

/// LSP's encoding: five integers per token (line delta, start delta, length,
/// type, modifiers), each relative to the token before.
std::vector<uint32_t> encodeSemanticTokens(llvm::ArrayRef<SemanticToken> tokens);

/// encodeSemanticTokens(semanticTokenList(analysis)).
std::vector<uint32_t> semanticTokens(const Analysis &analysis);

} // namespace flytec::ide
