#include "ide/Rename.h"

#include "parse/Tokens.h"
#include "sema/StdFunctions.h"

#include <fmt/format.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>

namespace flytec::ide {

bool isValidIdentifier(llvm::StringRef name) {
  if (name.empty() || !(isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_'))
    return false;
  for (char c : name)
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '_'))
      return false;
  // The lexer decides what is a keyword.
  llvm::SourceMgr sources;
  unsigned id = sources.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(name), llvm::SMLoc());
  std::vector<parse::Token> tokens = parse::tokenize(sources, id);
  return tokens.size() == 2 && tokens[0].category == parse::TokenCategory::Name && tokens[0].kind == "IDENT";
}

namespace {

const Occurrence *renameable(const Analysis &analysis, Position position, std::string &error) {
  const Occurrence *o = occurrenceAt(analysis, position);
  if (!o) {
    error = "there is no name here to rename";
    return nullptr;
  }
  if (!o->renameable()) {
    error = o->kind() == SymbolKind::Module ? "modules are renamed by renaming their file"
                                            : "the standard library's functions cannot be renamed";
    return nullptr;
  }
  const sema::ModuleInfo *home = o->entity ? o->entity->module : nullptr;
  if (home && home->isStdlib) {
    error = fmt::format("'{}' belongs to the standard library and cannot be renamed",
                        o->key.member.empty() ? o->key.owner : o->key.member);
    return nullptr;
  }
  return o;
}

/// Whether `name` already names something at the top level of `module`:
/// a declaration, an imported name, an import's qualifier.
std::optional<std::string> topLevelClash(const sema::ModuleInfo &module, llvm::StringRef name) {
  if (module.entities.lookup(name))
    return fmt::format("'{}' is already declared in module {}", name.str(), module.name.str());
  if (module.fromImports.count(name))
    return fmt::format("'{}' is already imported into module {}", name.str(), module.name.str());
  if (module.qualifiers.count(name) || name == "std")
    return fmt::format("'{}' already names a module in module {}", name.str(), module.name.str());
  return std::nullopt;
}

/// Whether `newName` is already taken where the symbol lives.
std::optional<std::string> clash(const Analysis &analysis, const Occurrence &o, llvm::StringRef newName) {
  switch (o.kind()) {
  case SymbolKind::Variable:
  case SymbolKind::Input:
    // A variable named like a declaration or a std function would shadow
    // it (W0001) and change what calls of that name mean.
    if (analysis.module())
      if (std::optional<std::string> why = topLevelClash(*analysis.module(), newName))
        return why;
    if (sema::findStdFunction(newName))
      return fmt::format("'{}' is a standard function; a variable of that name would hide it", newName.str());
    // Every variable and input of the same workflow shares one namespace.
    for (const Occurrence &other : analysis.index().all()) {
      if (other.key.owner != o.key.owner || other.key.module != o.key.module)
        continue;
      llvm::StringRef name = other.kind() == SymbolKind::Variable ? llvm::StringRef(other.key.member).split('@').first
                             : other.kind() == SymbolKind::Input   ? llvm::StringRef(other.key.member)
                                                                   : llvm::StringRef();
      if (name == newName)
        return fmt::format("'{}' is already a name in {}", newName.str(), o.key.owner);
    }
    if (o.kind() == SymbolKind::Input && o.entity && o.entity->isCallable() &&
        static_cast<const sema::CallableInfo *>(o.entity)->input(newName))
      return fmt::format("{} already has an input '{}'", o.key.owner, newName.str());
    return std::nullopt;
  case SymbolKind::Output:
    if (o.entity && o.entity->isCallable() && static_cast<const sema::CallableInfo *>(o.entity)->output(newName))
      return fmt::format("{} already has an output '{}'", o.key.owner, newName.str());
    return std::nullopt;
  case SymbolKind::Field:
    if (o.entity && o.entity->kind == sema::EntityKind::Record &&
        static_cast<const sema::RecordInfo *>(o.entity)->field(newName))
      return fmt::format("record {} already has a field '{}'", o.key.owner, newName.str());
    return std::nullopt;
  case SymbolKind::EnumMember:
    if (o.entity && o.entity->kind == sema::EntityKind::Enum &&
        static_cast<const sema::EnumInfo *>(o.entity)->hasMember(newName))
      return fmt::format("enum {} already has a member '{}'", o.key.owner, newName.str());
    return std::nullopt;
  default:
    if (o.entity && o.entity->module)
      if (std::optional<std::string> why = topLevelClash(*o.entity->module, newName))
        return why;
    if (analysis.module())
      return topLevelClash(*analysis.module(), newName);
    return std::nullopt;
  }
}

} // namespace

std::optional<RenameTarget> prepareRename(const Analysis &analysis, Position position, std::string &error) {
  const Occurrence *o = renameable(analysis, position, error);
  if (!o)
    return std::nullopt;
  llvm::StringRef text(o->range.Start.getPointer(), o->range.End.getPointer() - o->range.Start.getPointer());
  return RenameTarget{analysis.rangeOf(o->range), text.str()};
}

std::optional<FileEdits> rename(Workspace &workspace, const Analysis &analysis, Position position,
                                llvm::StringRef newName, std::string &error) {
  const Occurrence *o = renameable(analysis, position, error);
  if (!o)
    return std::nullopt;
  if (!isValidIdentifier(newName)) {
    error = fmt::format("'{}' is not a valid name: use letters, digits and '_', not starting with a digit, and "
                        "not a keyword",
                        newName.str());
    return std::nullopt;
  }
  if (std::optional<std::string> why = clash(analysis, *o, newName)) {
    error = *why;
    return std::nullopt;
  }
  FileEdits edits;
  for (const Location &l : findAll(workspace, analysis, *o, /*includeDeclaration=*/true))
    edits[l.path].push_back({l.range, newName.str()});
  // A declaration is named from other files too: the new name must be free
  // in each of them.
  if (o->kind() != SymbolKind::Variable && o->key.member.empty())
    for (const auto &file : edits) {
      std::shared_ptr<const Analysis> other = workspace.analyze(file.first);
      if (other && other->module() && other->path() != analysis.path())
        if (std::optional<std::string> why = topLevelClash(*other->module(), newName)) {
          error = *why;
          return std::nullopt;
        }
    }
  return edits;
}

} // namespace flytec::ide
