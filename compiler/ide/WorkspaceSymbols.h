// workspace/symbol: the top-level declarations of every file in the
// workspace whose name fuzzily matches a query. Files are parsed, never
// checked, and what each declares is kept until its text changes, so that
// asking again (the editor asks on every keystroke of the query) costs a
// scan of names, not a parse of the workspace.
#pragma once

#include "ide/DocumentSymbols.h"
#include "ide/Workspace.h"

#include <llvm/ADT/StringMap.h>
#include <llvm/Support/Chrono.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace flytec::ide {

struct WorkspaceSymbol {
  std::string name;
  OutlineKind kind = OutlineKind::Record;
  std::string containerName; // the module's name (`module x.y`, else the file's stem)
  std::string path;          // normalized, as Workspace::files() lists it
  Range range;               // the name
};

/// How well `name` matches `query`, ignoring case: every character of the
/// query in order (a subsequence). Lower is better.
enum class MatchQuality : uint8_t { Exact, Prefix, Substring, Subsequence, None };
MatchQuality matchQuality(llvm::StringRef query, llvm::StringRef name);

/// The declarations of the workspace's files, each file parsed once per
/// text. Owned by the server; one query at a time.
class WorkspaceSymbolIndex {
public:
  /// The best `limit` matches: exact before prefix before substring before
  /// subsequence matches, then shorter names, then by path and position.
  /// An empty query matches every symbol.
  std::vector<WorkspaceSymbol> query(Workspace &workspace, llvm::StringRef query, size_t limit = 200);

  /// Files parsed so far (for tests: a second query parses nothing).
  size_t parses() const { return parses_; }

private:
  struct Symbol {
    std::string name;
    OutlineKind kind;
    Range range;
  };
  struct FileSymbols {
    bool parsed = false;
    uint64_t hash = 0; // of the text parsed
    bool fromDocument = false;
    llvm::sys::TimePoint<> modified; // of the file on disk, when not open
    uint64_t size = 0;
    std::string module;
    std::vector<Symbol> symbols;
  };
  void refresh(Workspace &workspace);
  void refreshFile(Workspace &workspace, const std::string &path, FileSymbols &file);
  void parse(const std::string &path, llvm::StringRef text, FileSymbols &file);

  llvm::StringMap<FileSymbols> files_;
  std::vector<std::string> order_; // the workspace's files, sorted
  uint64_t generation_ = 0;        // of the workspace when last refreshed
  size_t parses_ = 0;
};

/// One query without a cache: every file is parsed.
std::vector<WorkspaceSymbol> workspaceSymbols(Workspace &workspace, llvm::StringRef query, size_t limit = 200);

} // namespace flytec::ide
