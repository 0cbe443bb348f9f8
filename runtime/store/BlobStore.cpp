// The content-addressed blob directory (BlobStore.h).
//
// Layout: root/sha256/ab/abcdef... (the 64 hex digits, fanned out by the
// first two so no directory grows huge), root/tmp/ for copies in progress.
// A blob becomes visible only by rename(2) from tmp/, which is atomic on
// one file system: a reader sees the whole blob or nothing, whenever the
// writer dies. Leftovers in tmp/ are invisible and harmless.
//
// Digests: a file's is the SHA-256 of its bytes (what `sha256sum` prints).
// A directory's is the SHA-256 of a header and one line per entry, sorted
// by name byte-wise: kind ("file" or "dir"), name and the entry's digest.
// Symbolic links are followed (a link counts as what it points to); modes,
// owners and times do not count, so equal trees anywhere have one digest.
// Stored files are mode 0444 and directories 0555.
#include "store/BlobStore.h"

#include "ir/Sha256.h"

#include <llvm/ADT/StringExtras.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace flytec::runtime {

namespace {

constexpr llvm::StringLiteral kPrefix = "sha256:";
/// Deeper trees are refused rather than exhausting the stack.
constexpr int kMaxDepth = 256;

std::string cause(int err) { return std::strerror(err); }

/// Closes a descriptor at the end of a scope.
struct Fd {
  int fd = -1;
  explicit Fd(int fd) : fd(fd) {}
  ~Fd() {
    if (fd >= 0)
      ::close(fd);
  }
};

bool writeAll(int fd, const char *data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    data += n;
    size -= size_t(n);
  }
  return true;
}

/// Makes a file durable before it is renamed into place: otherwise a power
/// loss after the rename may leave the name with no data behind it.
bool syncPath(const std::string &path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  return fd.fd >= 0 && ::fsync(fd.fd) == 0;
}

std::string hexOf(ir::Sha256 &sha) { return sha.hexFinal(); }

/// Digests `src` (64 hex digits) and, when `dst` is given, copies it there
/// in the same pass, so the digest is of exactly what was copied even if
/// `src` changes meanwhile.
class Walker {
public:
  explicit Walker(std::string &error) : error(error) {}

  std::optional<std::string> walk(const std::string &src, const std::string *dst, int depth) {
    struct stat st;
    if (::stat(src.c_str(), &st) != 0)
      return fail(fmt::format("cannot read '{}': {}", src, cause(errno)));
    if (S_ISREG(st.st_mode))
      return file(src, dst);
    if (S_ISDIR(st.st_mode))
      return directory(src, dst, depth);
    return fail(fmt::format("cannot store '{}': it is neither a file nor a directory (a socket, fifo or device)", src));
  }

private:
  std::nullopt_t fail(std::string message) {
    error = std::move(message);
    return std::nullopt;
  }

  std::optional<std::string> file(const std::string &src, const std::string *dst) {
    Fd in(::open(src.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.fd < 0)
      return fail(fmt::format("cannot read '{}': {}", src, cause(errno)));
    Fd out(-1);
    if (dst) {
      out.fd = ::open(dst->c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (out.fd < 0)
        return fail(fmt::format("cannot write '{}': {}", *dst, cause(errno)));
    }
    ir::Sha256 sha;
    std::vector<char> buffer(1 << 20);
    for (;;) {
      ssize_t n = ::read(in.fd, buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return fail(fmt::format("cannot read '{}': {}", src, cause(errno)));
      if (n == 0)
        break;
      sha.update(llvm::StringRef(buffer.data(), size_t(n)));
      if (dst && !writeAll(out.fd, buffer.data(), size_t(n)))
        return fail(fmt::format("cannot write '{}': {}", *dst, cause(errno)));
    }
    if (dst && (::fsync(out.fd) != 0 || ::fchmod(out.fd, 0444) != 0))
      return fail(fmt::format("cannot write '{}': {}", *dst, cause(errno)));
    return hexOf(sha);
  }

  std::optional<std::string> directory(const std::string &src, const std::string *dst, int depth) {
    // A directory that contains itself through a link would never end.
    struct stat self;
    if (::stat(src.c_str(), &self) != 0)
      return fail(fmt::format("cannot read '{}': {}", src, cause(errno)));
    for (const Ancestor &a : ancestors)
      if (a.dev == self.st_dev && a.ino == self.st_ino)
        return fail(fmt::format("cannot store '{}': a symbolic link loop leads back to '{}'", src, a.path));
    ancestors.push_back({self.st_dev, self.st_ino, src});
    auto result = entries(src, dst, depth);
    ancestors.pop_back();
    return result;
  }

  std::optional<std::string> entries(const std::string &src, const std::string *dst, int depth) {
    if (depth >= kMaxDepth)
      return fail(fmt::format("cannot store '{}': nested more than {} directories deep", src,
                              kMaxDepth));
    std::vector<std::string> names;
    {
      DIR *dir = ::opendir(src.c_str());
      if (!dir)
        return fail(fmt::format("cannot read '{}': {}", src, cause(errno)));
      errno = 0;
      while (dirent *entry = ::readdir(dir)) {
        llvm::StringRef name = entry->d_name;
        if (name != "." && name != "..")
          names.push_back(name.str());
      }
      int err = errno;
      ::closedir(dir);
      if (err)
        return fail(fmt::format("cannot read '{}': {}", src, cause(err)));
    }
    std::sort(names.begin(), names.end());
    if (dst && ::mkdir(dst->c_str(), 0755) != 0)
      return fail(fmt::format("cannot write '{}': {}", *dst, cause(errno)));

    ir::Sha256 sha;
    sha.update(llvm::StringRef("flytec-tree-v1\n"));
    for (const std::string &name : names) {
      std::string from = src + "/" + name;
      std::string to = dst ? *dst + "/" + name : std::string();
      struct stat st;
      if (::stat(from.c_str(), &st) != 0)
        return fail(fmt::format("cannot read '{}': {}", from, cause(errno)));
      std::optional<std::string> digest = walk(from, dst ? &to : nullptr, depth + 1);
      if (!digest)
        return std::nullopt;
      // NUL cannot occur in a name, so the line parses one way only.
      sha.update(llvm::StringRef(S_ISDIR(st.st_mode) ? "dir" : "file"));
      sha.update(llvm::StringRef("\0", 1));
      sha.update(name);
      sha.update(llvm::StringRef("\0", 1));
      sha.update(*digest);
      sha.update(llvm::StringRef("\n"));
    }
    // A nested directory is made read-only now; the top one only after it
    // is renamed, since renaming a directory needs write access to it.
    if (dst && depth > 0 && ::chmod(dst->c_str(), 0555) != 0)
      return fail(fmt::format("cannot write '{}': {}", *dst, cause(errno)));
    return hexOf(sha);
  }

  struct Ancestor {
    dev_t dev;
    ino_t ino;
    std::string path;
  };
  std::vector<Ancestor> ancestors; // the directories being walked, outermost first
  std::string &error;
};

/// Removes a temporary copy, read-only parts included.
void removeTree(const std::string &path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      if (it->is_directory(ec))
        fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
  }
  fs::remove_all(path, ec);
}

bool ensureDir(const std::string &path, std::string &error) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) {
    error = fmt::format("cannot create the blob directory '{}': {}", path, ec.message());
    return false;
  }
  return true;
}

/// The 64 hex digits of a "sha256:..." digest, or nothing for anything else
/// (which must never become a path: a digest may come from a damaged row).
std::optional<llvm::StringRef> hexOfDigest(llvm::StringRef digest) {
  if (!digest.consume_front(kPrefix) || digest.size() != 64 ||
      !llvm::all_of(digest, [](char c) { return llvm::isDigit(c) || (c >= 'a' && c <= 'f'); }))
    return std::nullopt;
  return digest;
}

} // namespace

std::optional<std::string> contentDigest(llvm::StringRef path, std::string &error) {
  Walker walker(error);
  if (auto hex = walker.walk(path.str(), nullptr, 0))
    return kPrefix.str() + *hex;
  return std::nullopt;
}

BlobStore::BlobStore(std::string root) : root_(std::move(root)) {
  std::string ignored;
  ensureDir(root_ + "/sha256", ignored);
  ensureDir(root_ + "/tmp", ignored);
}

std::string BlobStore::blobPath(llvm::StringRef hex) const {
  return fmt::format("{}/sha256/{}/{}", root_, hex.substr(0, 2).str(), hex.str());
}

std::string BlobStore::tempPath() const {
  static std::atomic<uint64_t> counter{0};
  static thread_local std::mt19937_64 random{std::random_device{}()};
  return fmt::format("{}/tmp/{}-{}-{:016x}", root_, ::getpid(), counter++, random());
}

std::optional<std::string> BlobStore::install(const std::string &temp, llvm::StringRef hex, bool isDir,
                                              std::string &error) {
  std::string target = blobPath(hex);
  std::string parent = target.substr(0, target.rfind('/'));
  if (!ensureDir(parent, error)) {
    removeTree(temp);
    return std::nullopt;
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    int err = errno;
    removeTree(temp);
    // Another process stored the same directory first: the same content.
    if ((err == EEXIST || err == ENOTEMPTY) && ::access(target.c_str(), F_OK) == 0)
      return target;
    error = fmt::format("cannot store a blob at '{}': {}", target, cause(err));
    return std::nullopt;
  }
  if (isDir)
    ::chmod(target.c_str(), 0555);
  // The rename itself is durable once the directory holding it is.
  syncPath(parent);
  return target;
}

std::optional<std::string> BlobStore::put(llvm::StringRef path, std::string &error) {
  if (!ensureDir(root_ + "/tmp", error))
    return std::nullopt;
  // Digesting first avoids writing a copy of what the store already has.
  std::optional<std::string> digest = contentDigest(path, error);
  if (!digest)
    return std::nullopt;
  if (std::optional<std::string> stored = find(*digest))
    return stored;

  std::string temp = tempPath();
  struct stat st;
  bool isDir = ::stat(path.str().c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  Walker walker(error);
  std::optional<std::string> hex = walker.walk(path.str(), &temp, 0);
  if (!hex) {
    removeTree(temp);
    error = fmt::format("cannot store '{}' in the blob store '{}': {}", path.str(), root_, error);
    return std::nullopt;
  }
  return install(temp, *hex, isDir, error);
}

std::optional<std::string> BlobStore::putBytes(llvm::StringRef bytes, std::string &error) {
  ir::Sha256 sha;
  sha.update(bytes);
  std::string hex = hexOf(sha);
  std::string digest = kPrefix.str() + hex;
  if (find(digest))
    return digest;
  if (!ensureDir(root_ + "/tmp", error))
    return std::nullopt;
  std::string temp = tempPath();
  {
    Fd out(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (out.fd < 0 || !writeAll(out.fd, bytes.data(), bytes.size()) || ::fsync(out.fd) != 0 ||
        ::fchmod(out.fd, 0444) != 0) {
      error = fmt::format("cannot write '{}' in the blob store: {}", temp, cause(errno));
      removeTree(temp);
      return std::nullopt;
    }
  }
  if (!install(temp, hex, /*isDir=*/false, error))
    return std::nullopt;
  return digest;
}

std::optional<std::string> BlobStore::find(llvm::StringRef digest) const {
  std::optional<llvm::StringRef> hex = hexOfDigest(digest);
  if (!hex)
    return std::nullopt;
  std::string path = blobPath(*hex);
  if (::access(path.c_str(), F_OK) != 0)
    return std::nullopt;
  return path;
}

} // namespace flytec::runtime
