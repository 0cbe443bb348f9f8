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
  /// `root` is created when missing (again by put() when it disappeared;
  /// a failure to create it is reported there).
  explicit BlobStore(std::string root);

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
  /// root/sha256/ab/abcd...: the place of a digest's blob (64 hex digits).
  std::string blobPath(llvm::StringRef hex) const;
  /// A fresh name in root/tmp/, on the blobs' file system so that the
  /// rename into place is atomic.
  std::string tempPath() const;
  /// Renames a finished temporary copy into the place of `hex`.
  std::optional<std::string> install(const std::string &temp, llvm::StringRef hex, bool isDir, std::string &error);

  std::string root_;
};

} // namespace flytec::runtime
