#include "ide/WorkspaceSymbols.h"

#include "driver/Compilation.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/xxhash.h>

#include <algorithm>
#include <tuple>

namespace flytec::ide {

MatchQuality matchQuality(llvm::StringRef query, llvm::StringRef name) {
  if (query.empty())
    return MatchQuality::Exact;
  if (query.size() > name.size())
    return MatchQuality::None;
  if (name.equals_insensitive(query))
    return MatchQuality::Exact;
  if (name.startswith_insensitive(query))
    return MatchQuality::Prefix;
  if (name.find_insensitive(query) != llvm::StringRef::npos)
    return MatchQuality::Substring;
  size_t at = 0;
  for (char c : name)
    if (at < query.size() && llvm::toLower(c) == llvm::toLower(query[at]))
      ++at;
  return at == query.size() ? MatchQuality::Subsequence : MatchQuality::None;
}

namespace {

std::optional<OutlineKind> kindOf(const ast::Decl &decl) {
  switch (decl.kind()) {
  case ast::NodeKind::RecordDecl: return OutlineKind::Record;
  case ast::NodeKind::EnumDecl: return OutlineKind::Enum;
  case ast::NodeKind::AliasDecl: return OutlineKind::Alias;
  case ast::NodeKind::TaskDecl: return OutlineKind::Task;
  case ast::NodeKind::WorkflowDecl:
    return llvm::cast<ast::WorkflowDecl>(decl).dynamic ? OutlineKind::DynamicWorkflow : OutlineKind::Workflow;
  case ast::NodeKind::LaunchPlanDecl: return OutlineKind::LaunchPlan;
  case ast::NodeKind::TestDecl: return OutlineKind::Test;
  default: return std::nullopt; // imports declare nothing
  }
}

} // namespace

void WorkspaceSymbolIndex::parse(const std::string &path, llvm::StringRef text, FileSymbols &file) {
  ++parses_;
  file.parsed = true;
  file.hash = llvm::xxHash64(text);
  file.symbols.clear();
  file.module.clear();
  Compilation compilation;
  unsigned buffer = compilation.addText(path, text);
  const ast::Module *module = compilation.parse(buffer);
  if (!module)
    return;
  file.module = module->name.str();
  // Positions in the text as parsed (without a byte-order mark), as analyses count them.
  llvm::StringRef source = compilation.sources().getMemoryBuffer(buffer)->getBuffer();
  LineTable lines(source);
  for (const ast::Decl *decl : module->decls) {
    std::optional<OutlineKind> kind = decl ? kindOf(*decl) : std::nullopt;
    if (!kind || decl->name.empty() || !decl->name.range.Start.isValid())
      continue;
    size_t begin = decl->name.range.Start.getPointer() - source.begin();
    size_t end = decl->name.range.End.getPointer() - source.begin();
    file.symbols.push_back({decl->name.name.str(), *kind, lines.rangeOf(begin, end)});
  }
}

/// Parses the file again only when its text changed: an open document's
/// by content, a file on disk first by its size and time (a stat, not a
/// read), then by content.
void WorkspaceSymbolIndex::refreshFile(Workspace &workspace, const std::string &path, FileSymbols &file) {
  if (const Document *doc = workspace.document(path)) {
    if (!file.parsed || !file.fromDocument || file.hash != llvm::xxHash64(doc->text))
      parse(path, doc->text, file);
    file.fromDocument = true;
    return;
  }
  llvm::sys::fs::file_status status;
  bool known = !llvm::sys::fs::status(path, status);
  if (known && file.parsed && !file.fromDocument && file.size == status.getSize() &&
      file.modified == status.getLastModificationTime())
    return;
  std::optional<std::string> text = workspace.textOf(path);
  if (!text) {
    file = FileSymbols();
    return;
  }
  if (!file.parsed || file.fromDocument || file.hash != llvm::xxHash64(*text))
    parse(path, *text, file);
  file.fromDocument = false;
  file.size = known ? status.getSize() : 0;
  file.modified = known ? status.getLastModificationTime() : llvm::sys::TimePoint<>();
}

void WorkspaceSymbolIndex::refresh(Workspace &workspace) {
  // A text changes only with the workspace's generation; the list of files
  // also with its roots.
  std::vector<std::string> files = workspace.files();
  if (generation_ == workspace.generation() && files == order_)
    return;
  order_ = std::move(files);
  llvm::StringMap<FileSymbols> kept;
  for (const std::string &path : order_) {
    FileSymbols file;
    auto it = files_.find(path);
    if (it != files_.end())
      file = std::move(it->second);
    refreshFile(workspace, path, file);
    kept[path] = std::move(file);
  }
  files_ = std::move(kept); // forgets files that left the workspace
  generation_ = workspace.generation();
}

std::vector<WorkspaceSymbol> WorkspaceSymbolIndex::query(Workspace &workspace, llvm::StringRef query,
                                                         size_t limit) {
  refresh(workspace);
  struct Match {
    MatchQuality quality;
    const Symbol *symbol;
    const std::string *path;
    const FileSymbols *file;
  };
  std::vector<Match> matches;
  for (const std::string &path : order_) {
    const FileSymbols &file = files_.find(path)->second;
    for (const Symbol &s : file.symbols) {
      MatchQuality q = matchQuality(query, s.name);
      if (q != MatchQuality::None)
        matches.push_back({q, &s, &path, &file});
    }
  }
  auto better = [](const Match &a, const Match &b) {
    return std::make_tuple(a.quality, a.symbol->name.size(), llvm::StringRef(*a.path), a.symbol->range.start) <
           std::make_tuple(b.quality, b.symbol->name.size(), llvm::StringRef(*b.path), b.symbol->range.start);
  };
  size_t n = std::min(limit, matches.size());
  std::partial_sort(matches.begin(), matches.begin() + n, matches.end(), better);
  std::vector<WorkspaceSymbol> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i)
    out.push_back({matches[i].symbol->name, matches[i].symbol->kind, matches[i].file->module, *matches[i].path,
                   matches[i].symbol->range});
  return out;
}

std::vector<WorkspaceSymbol> workspaceSymbols(Workspace &workspace, llvm::StringRef query, size_t limit) {
  return WorkspaceSymbolIndex().query(workspace, query, limit);
}

} // namespace flytec::ide
