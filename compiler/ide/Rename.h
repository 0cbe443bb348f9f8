// textDocument/prepareRename and textDocument/rename: every occurrence of
// a symbol, across the workspace's files, refusing names that are not
// identifiers or that clash.
#pragma once

#include "ide/XRefs.h"

#include <map>
#include <string>
#include <vector>

namespace flytec::ide {

struct TextEdit {
  Range range;
  std::string newText;
};

/// Edits by file path.
using FileEdits = std::map<std::string, std::vector<TextEdit>>;

struct RenameTarget {
  Range range;
  std::string placeholder;
};

/// The name at `position` if it can be renamed; else `error` says why.
std::optional<RenameTarget> prepareRename(const Analysis &analysis, Position position, std::string &error);

/// The edits that rename the symbol at `position` to `newName`; nothing,
/// with `error` set, when it cannot be renamed or `newName` is not valid
/// there.
std::optional<FileEdits> rename(Workspace &workspace, const Analysis &analysis, Position position,
                                llvm::StringRef newName, std::string &error);

/// Whether `name` can name a declaration: an identifier that is not a
/// keyword.
bool isValidIdentifier(llvm::StringRef name);

} // namespace flytec::ide
