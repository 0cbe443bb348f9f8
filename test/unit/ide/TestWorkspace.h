// A workspace of in-memory documents under a temporary directory, for the
// feature tests: open files, then ask a feature about one of them.
#pragma once

#include "ide/Workspace.h"

#include <gtest/gtest.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/raw_ostream.h>

#include <string>

namespace flytec::ide::test {

class TestWorkspace {
public:
  TestWorkspace() {
    llvm::SmallString<128> dir;
    if (llvm::sys::fs::createUniqueDirectory("flyte-ide-test", dir))
      throw std::runtime_error("cannot create a temporary directory");
    root_ = normalizePath(dir);
    workspace_.setRoots({root_});
  }
  ~TestWorkspace() { llvm::sys::fs::remove_directories(root_); }

  /// Opens `text` as the document `name` (relative to the root); returns its path.
  std::string open(llvm::StringRef name, llvm::StringRef text) {
    std::string path = pathOf(name);
    workspace_.open(path, text.str(), 1);
    return path;
  }
  /// Writes a file on disk (not open in the editor).
  std::string write(llvm::StringRef name, llvm::StringRef text) {
    std::string path = pathOf(name);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(path));
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    os << text;
    workspace_.filesChanged();
    return path;
  }
  std::string pathOf(llvm::StringRef name) const {
    llvm::SmallString<256> p(root_);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }
  std::shared_ptr<const Analysis> analyze(llvm::StringRef name) { return workspace_.analyze(pathOf(name)); }
  Workspace &workspace() { return workspace_; }

private:
  std::string root_;
  Workspace workspace_;
};

} // namespace flytec::ide::test
