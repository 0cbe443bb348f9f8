// textDocument/documentSymbol: the outline of one file. Read from the AST,
// so a file with syntax errors still has an outline of what did parse;
// sema only adds the types of `let` bindings.
#pragma once

#include "ide/Analysis.h"

#include <llvm/ADT/StringRef.h>

#include <cstdint>
#include <string>
#include <vector>

namespace flytec::ide {

/// What an outline entry (or a workspace symbol) is. SymbolKind names what
/// a name refers to; this also has the declarations no name refers to
/// (imports, tests) and tells dynamic workflows apart.
enum class OutlineKind : uint8_t {
  Import,
  Record,
  Enum,
  Alias,
  Task,
  Workflow,
  DynamicWorkflow,
  LaunchPlan,
  Test,
  Input,       // of a task or workflow; a launch plan's `fixed`/`default` entry
  Output,      // of a task or workflow
  Field,       // of a record
  EnumMember,
  Variable,    // a `let` name
};

/// "import", "record", "dynamic workflow", ...
llvm::StringRef outlineKindName(OutlineKind kind);

struct DocumentSymbol {
  std::string name;   // never empty
  std::string detail; // a type, a signature, ...; may be empty
  OutlineKind kind = OutlineKind::Record;
  bool deprecated = false; // `@deprecated`
  Range range;             // the whole declaration, decorators included
  Range selectionRange;    // the name; always inside `range`
  std::vector<DocumentSymbol> children;
};

/// Top-level declarations in source order, each with its members: a
/// record's fields, an enum's members, a task's inputs and outputs, a
/// workflow's (or test's) inputs, outputs and `let` names at any depth, a
/// launch plan's entries.
std::vector<DocumentSymbol> documentSymbols(const Analysis &analysis);

} // namespace flytec::ide
