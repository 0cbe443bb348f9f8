// The content-addressed blob directory of the store: files and directories
// are stored under the SHA-256 of their content, so identical outputs are
// kept once, a cached output cannot change behind the cache's back, and a
// file's identity (for cache keys) is its content, not its path.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <optional>
#include <string>

namespace flytec::runtime {

/// "sha256:" and 64 hex digits of a file's bytes; of a directory, over its
/// entries sorted by name (each: kind, name, and the digest of its content),
/// so two trees with the same files have the same digest wherever they are.
std::optional<std::string> contentDigest(llvm::StringRef path, std::string &error);

class BlobStore {
public:
  /// `root` is created when missing.
  explicit BlobStore(std::string root) : root_(std::move(root)) {}

  /// Copies the file or directory at `path` into the store (atomically: a
  /// temporary name renamed into place, so a crash never leaves half a blob)
  /// and returns the path of the stored copy, which never changes afterwards.
  /// Storing the same content twice stores it once.
  std::optional<std::string> put(llvm::StringRef path, std::string &error);
  /// Stores bytes (the IR of an execution, say); returns the digest.
  std::optional<std::string> putBytes(llvm::StringRef bytes, std::string &error);
  /// The stored path of a digest, or nothing when the store lacks it.
  std::optional<std::string> find(llvm::StringRef digest) const;

  const std::string &root() const { return root_; }

private:
  std::string root_;
};

} // namespace flytec::runtime
