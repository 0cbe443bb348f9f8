// The files a language server works on: documents open in the editor (their
// unsaved text wins over the disk) and every .flyte file under the
// workspace's roots. Analyses are cached until anything changes.
#pragma once

#include "ide/Analysis.h"

#include <llvm/ADT/StringMap.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace flytec::ide {

struct Document {
  std::string path;
  std::string text;
  int64_t version = 0;
};

/// One edit of a document: a range (nothing: the whole text) and its new text.
struct TextChange {
  std::optional<Range> range;
  std::string text;
};

class Workspace {
public:
  /// Directories searched for .flyte files (references, rename, workspace
  /// symbols); import search paths as `flytec -I`.
  void setRoots(std::vector<std::string> roots) {
    roots_ = std::move(roots);
    filesDirty_ = true;
  }
  const std::vector<std::string> &roots() const { return roots_; }
  void setSearchPaths(std::vector<std::string> paths) { options_.searchPaths = std::move(paths); }

  void open(const std::string &path, std::string text, int64_t version);
  /// Applies `changes` in order; false with `error` set when the document
  /// is not open or a change does not apply (the text is then unchanged).
  bool change(const std::string &path, llvm::ArrayRef<TextChange> changes, int64_t version, std::string &error);
  void close(const std::string &path);
  /// Files changed on disk (saved, or changed by another program).
  void filesChanged() {
    ++generation_;
    filesDirty_ = true;
  }

  const Document *document(llvm::StringRef path) const;
  std::vector<const Document *> documents() const;
  /// The open document's text, else the file's; nothing if neither exists.
  std::optional<std::string> textOf(llvm::StringRef path) const;

  /// The analysis of `path` checked as a root module; cached until a
  /// document or the disk changes. Null when the file cannot be read.
  std::shared_ptr<const Analysis> analyze(llvm::StringRef path);
  /// The newest analysis of `path`, stale or not (analyzing only when there
  /// is none): for completion, which must answer at once while the user
  /// types and reads names, not positions, from it.
  std::shared_ptr<const Analysis> latest(llvm::StringRef path);
  /// The newest analysis of `path` whose text parsed without errors, for
  /// features that need names while the user is mid-edit (completion).
  std::shared_ptr<const Analysis> lastParsed(llvm::StringRef path) const;

  /// Every .flyte file under the roots (listed again after files are
  /// opened, closed or changed on disk) and
  /// every open document, sorted.
  std::vector<std::string> files();

  /// Counts changes; analyses of an older generation are stale.
  uint64_t generation() const { return generation_; }

private:
  struct Cached {
    std::shared_ptr<const Analysis> analysis;
    uint64_t generation = 0;
  };
  llvm::StringMap<Document> documents_;
  llvm::StringMap<Cached> analyses_;
  llvm::StringMap<std::shared_ptr<const Analysis>> lastParsed_;
  std::vector<std::string> roots_;
  sema::SemaOptions options_;
  uint64_t generation_ = 1;
  bool filesDirty_ = true; // files_ must be listed again
  std::vector<std::string> files_;
};

/// Absolute and without `.` or `..`: the form documents are keyed by.
std::string normalizePath(llvm::StringRef path);

} // namespace flytec::ide
