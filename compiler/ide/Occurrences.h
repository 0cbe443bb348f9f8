// Every name written in a module and what it names: the index behind hover,
// go-to-definition, references, highlights, rename and semantic tokens.
//
// A symbol is identified by a key that survives across analyses and files
// (the declaring module's canonical path plus names), so that references in
// other files, checked separately, can be matched with these.
#pragma once

#include "sema/Sema.h"

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/SMLoc.h>

#include <string>
#include <tuple>
#include <vector>

namespace flytec::ide {

enum class SymbolKind : uint8_t {
  Record,
  Enum,
  Alias,
  Task,
  Workflow,
  LaunchPlan,
  Input,      // of a task, workflow or launch plan
  Output,     // of a task or workflow
  Field,      // of a record
  EnumMember,
  Variable,   // a `let` name or a loop variable
  Module,     // an import's qualifier or path
  StdFunction,
};

SymbolKind symbolKindOf(sema::EntityKind kind);
llvm::StringRef symbolKindName(SymbolKind kind);

struct SymbolKey {
  std::string module; // canonical path of the declaring module
  std::string owner;  // the entity (or, for members, the entity they belong to)
  std::string member; // member name; for a variable "name@offset"
  SymbolKind kind = SymbolKind::Record;
  friend bool operator==(const SymbolKey &a, const SymbolKey &b) {
    return a.kind == b.kind && a.member == b.member && a.owner == b.owner && a.module == b.module;
  }
  friend bool operator<(const SymbolKey &a, const SymbolKey &b) {
    return std::tie(a.module, a.owner, a.member, a.kind) < std::tie(b.module, b.owner, b.member, b.kind);
  }
};

struct Occurrence {
  llvm::SMRange range; // the name as written
  SymbolKey key;
  bool declaration = false;
  /// Within this analysis: the entity named or owning the member (null
  /// for variables, modules and std functions).
  const sema::Entity *entity = nullptr;
  const sema::LocalVar *local = nullptr;
  const sema::ModuleInfo *module = nullptr; // for SymbolKind::Module
  SymbolKind kind() const { return key.kind; }
  /// Renaming it renames the declaration (not a path or a std function).
  bool renameable() const { return key.kind != SymbolKind::Module && key.kind != SymbolKind::StdFunction; }
};

class OccurrenceIndex {
public:
  static OccurrenceIndex build(const sema::Program &program, const sema::ModuleInfo &module);

  /// In source order.
  const std::vector<Occurrence> &all() const { return occurrences_; }
  /// The occurrence whose name contains `at` (its end included, so a
  /// cursor just after a name finds it).
  const Occurrence *at(const char *at) const;
  std::vector<const Occurrence *> of(const SymbolKey &key) const;
  /// The declaration of `key` within this module, if it is here.
  const Occurrence *declarationOf(const SymbolKey &key) const;

private:
  std::vector<Occurrence> occurrences_;
};

/// The key of an entity.
SymbolKey keyOf(const sema::Entity &entity);
/// The key of a member of an entity: an input, output, field or enum member.
SymbolKey memberKey(const sema::Entity &owner, SymbolKind kind, llvm::StringRef member);

} // namespace flytec::ide
