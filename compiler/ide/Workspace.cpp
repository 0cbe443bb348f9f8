#include "ide/Workspace.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

#include <algorithm>

namespace flytec::ide {

std::string normalizePath(llvm::StringRef path) {
  llvm::SmallString<256> p(path);
  llvm::sys::fs::make_absolute(p);
  llvm::sys::path::remove_dots(p, /*remove_dot_dot=*/true);
  return std::string(p);
}

void Workspace::open(const std::string &path, std::string text, int64_t version) {
  documents_[path] = Document{path, std::move(text), version};
  ++generation_;
  filesDirty_ = true;
}

bool Workspace::change(const std::string &path, llvm::ArrayRef<TextChange> changes, int64_t version,
                       std::string &error) {
  auto it = documents_.find(path);
  if (it == documents_.end()) {
    error = "the document is not open (send textDocument/didOpen first)";
    return false;
  }
  std::string text = it->second.text;
  for (const TextChange &c : changes)
    if (!applyEdit(text, c.range, c.text, error))
      return false;
  it->second.text = std::move(text);
  it->second.version = version;
  ++generation_;
  return true;
}

void Workspace::close(const std::string &path) {
  documents_.erase(path);
  lastParsed_.erase(path);
  ++generation_;
  filesDirty_ = true;
}

const Document *Workspace::document(llvm::StringRef path) const {
  auto it = documents_.find(path);
  return it == documents_.end() ? nullptr : &it->second;
}

std::vector<const Document *> Workspace::documents() const {
  std::vector<const Document *> all;
  for (const auto &d : documents_)
    all.push_back(&d.second);
  std::sort(all.begin(), all.end(), [](const Document *a, const Document *b) { return a->path < b->path; });
  return all;
}

std::optional<std::string> Workspace::textOf(llvm::StringRef path) const {
  if (const Document *d = document(path))
    return d->text;
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer)
    return std::nullopt;
  return (*buffer)->getBuffer().str();
}

std::shared_ptr<const Analysis> Workspace::analyze(llvm::StringRef path) {
  Cached &cached = analyses_[path];
  if (cached.analysis && cached.generation == generation_)
    return cached.analysis;
  std::optional<std::string> text = textOf(path);
  if (!text) {
    analyses_.erase(path);
    return nullptr;
  }
  auto overlay = [this](llvm::StringRef p) -> std::optional<std::string> {
    if (const Document *d = document(p))
      return d->text;
    return std::nullopt;
  };
  // The stale analysis lends its unchanged declarations to the new one.
  std::shared_ptr<const Analysis> analysis =
      Analysis::build(path.str(), *text, overlay, options_, cached.analysis.get());
  cached.analysis = analysis;
  cached.generation = generation_;
  if (!analysis->hasSyntaxErrors() && document(path))
    lastParsed_[path] = analysis;
  return analysis;
}

std::shared_ptr<const Analysis> Workspace::latest(llvm::StringRef path) {
  auto it = analyses_.find(path);
  if (it != analyses_.end() && it->second.analysis)
    return it->second.analysis;
  return analyze(path);
}

std::shared_ptr<const Analysis> Workspace::lastParsed(llvm::StringRef path) const {
  auto it = lastParsed_.find(path);
  return it == lastParsed_.end() ? nullptr : it->second;
}

std::vector<std::string> Workspace::files() {
  if (filesDirty_) {
    files_.clear();
    constexpr size_t kMaxFiles = 5000; // a huge tree (a home directory) must not stall the server
    for (const std::string &root : roots_) {
      std::error_code ec;
      for (llvm::sys::fs::recursive_directory_iterator it(root, ec), end; it != end && !ec && files_.size() < kMaxFiles;
           it.increment(ec)) {
        llvm::StringRef p = it->path();
        llvm::StringRef name = llvm::sys::path::filename(p);
        // Hidden folders, npm's and build trees (`build`, `build-x`) hold
        // copies or nothing of the user's.
        if (it->type() == llvm::sys::fs::file_type::directory_file &&
            (name.startswith(".") || name == "node_modules" || name == "build" || name.startswith("build-"))) {
          it.no_push();
          continue;
        }
        if (p.endswith(".flyte")) {
          // Through a symbolic link the same file has two paths: keep one.
          llvm::SmallString<256> real;
          files_.push_back(llvm::sys::fs::real_path(p, real) ? normalizePath(p) : std::string(real));
        }
      }
    }
    for (const auto &d : documents_)
      files_.push_back(d.first().str());
    std::sort(files_.begin(), files_.end());
    files_.erase(std::unique(files_.begin(), files_.end()), files_.end());
    filesDirty_ = false;
  }
  return files_;
}

} // namespace flytec::ide
