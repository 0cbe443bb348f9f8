#include "store/BlobStore.h"

#include "TempDir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace flytec::runtime;
namespace fs = std::filesystem;

namespace {

using flytec::runtime::testing::TempDir;

void write(const std::string &path, const std::string &text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string read(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string digestOf(const std::string &path) {
  std::string error;
  std::optional<std::string> d = contentDigest(path, error);
  EXPECT_TRUE(d) << error;
  return d.value_or("error: " + error);
}

unsigned mode(const std::string &path) {
  struct stat st;
  ::stat(path.c_str(), &st);
  return st.st_mode & 07777;
}

/// a/x.txt, a/sub/y.txt, a/empty/ under `root`.
void makeTree(const std::string &root) {
  write(root + "/x.txt", "x\n");
  write(root + "/sub/y.txt", "y\n");
  fs::create_directories(root + "/empty");
}

} // namespace

TEST(BlobStore, FileDigestIsTheSha256OfItsBytes) {
  TempDir t;
  write(t / "hello", "hello\n");
  write(t / "empty", "");
  EXPECT_EQ(digestOf(t / "hello"), "sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
  EXPECT_EQ(digestOf(t / "empty"), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(BlobStore, EqualTreesInDifferentPlacesHaveEqualDigests) {
  TempDir t;
  makeTree(t / "a");
  // The same files created in another order, with other modes and times.
  fs::create_directories(t / "elsewhere/b/empty");
  write(t / "elsewhere/b/sub/y.txt", "y\n");
  write(t / "elsewhere/b/x.txt", "x\n");
  fs::permissions(t / "elsewhere/b/x.txt", fs::perms::owner_all);
  std::string a = digestOf(t / "a");
  EXPECT_EQ(a, digestOf(t / "elsewhere/b"));
  EXPECT_NE(a, digestOf(t / "a/sub"));

  // Content, names, places and empty directories all count.
  makeTree(t / "c");
  write(t / "c/x.txt", "X\n");
  EXPECT_NE(a, digestOf(t / "c"));
  makeTree(t / "d");
  fs::rename(t / "d/x.txt", t / "d/z.txt");
  EXPECT_NE(a, digestOf(t / "d"));
  makeTree(t / "e");
  fs::rename(t / "e/x.txt", t / "e/sub/x.txt");
  EXPECT_NE(a, digestOf(t / "e"));
  makeTree(t / "f");
  fs::remove(t / "f/empty");
  EXPECT_NE(a, digestOf(t / "f"));
  // A file named like a directory's digest text is not that directory.
  makeTree(t / "g");
  fs::remove_all(t / "g/sub");
  write(t / "g/sub", "y\n");
  EXPECT_NE(a, digestOf(t / "g"));
}

TEST(BlobStore, SymbolicLinksCountAsWhatTheyNameAndLoopsAreRefused) {
  TempDir t;
  makeTree(t / "a");
  makeTree(t / "b");
  fs::remove(t / "b/x.txt");
  write(t / "elsewhere.txt", "x\n");
  fs::create_symlink(t / "elsewhere.txt", t / "b/x.txt");
  EXPECT_EQ(digestOf(t / "a"), digestOf(t / "b"));

  fs::create_directories(t / "loop");
  fs::create_directory_symlink(t / "loop", t / "loop/self");
  std::string error;
  EXPECT_FALSE(contentDigest(t / "loop", error));
  EXPECT_NE(error.find("symbolic link loop"), std::string::npos) << error;

  EXPECT_FALSE(contentDigest(t / "missing", error));
  EXPECT_EQ(error, "cannot read '" + (t / "missing") + "': No such file or directory");
  ::mkfifo((t / "fifo").c_str(), 0644);
  EXPECT_FALSE(contentDigest(t / "fifo", error));
  EXPECT_NE(error.find("neither a file nor a directory"), std::string::npos) << error;
}

TEST(BlobStore, PutFileStoresItOnceReadOnly) {
  TempDir t;
  BlobStore blobs(t / "store/blobs"); // created when missing
  EXPECT_TRUE(fs::is_directory(t / "store/blobs"));
  write(t / "one.csv", "a,b\n1,2\n");
  write(t / "two.csv", "a,b\n1,2\n");
  std::string error;
  std::optional<std::string> p1 = blobs.put(t / "one.csv", error);
  ASSERT_TRUE(p1) << error;
  std::optional<std::string> p2 = blobs.put(t / "two.csv", error);
  ASSERT_TRUE(p2) << error;
  EXPECT_EQ(*p1, *p2);
  EXPECT_EQ(read(*p1), "a,b\n1,2\n");
  EXPECT_EQ(mode(*p1), 0444u);
  std::string digest = digestOf(t / "one.csv");
  EXPECT_EQ(blobs.find(digest), *p1);
  EXPECT_EQ(digestOf(*p1), digest);
  EXPECT_EQ(fs::path(*p1).filename().string(), digest.substr(7));
  // The stored copy does not follow later changes of the original.
  write(t / "one.csv", "changed");
  EXPECT_EQ(read(*p1), "a,b\n1,2\n");
  EXPECT_TRUE(fs::is_empty(t / "store/blobs/tmp"));
}

TEST(BlobStore, FindRejectsWhatIsNotADigest) {
  TempDir t;
  BlobStore blobs(t.path);
  EXPECT_EQ(blobs.find("sha256:" + std::string(64, 'a')), std::nullopt);
  EXPECT_EQ(blobs.find("sha256:../../etc/passwd"), std::nullopt);
  EXPECT_EQ(blobs.find("sha256:" + std::string(64, 'A')), std::nullopt);
  EXPECT_EQ(blobs.find("md5:" + std::string(32, 'a')), std::nullopt);
  EXPECT_EQ(blobs.find(""), std::nullopt);
}

TEST(BlobStore, PutDirectoryKeepsTheTreeAndItsDigest) {
  TempDir t;
  BlobStore blobs(t / "blobs");
  makeTree(t / "a");
  std::string error;
  std::optional<std::string> stored = blobs.put(t / "a", error);
  ASSERT_TRUE(stored) << error;
  EXPECT_EQ(digestOf(*stored), digestOf(t / "a"));
  EXPECT_EQ(blobs.find(digestOf(t / "a")), *stored);
  EXPECT_EQ(read(*stored + "/sub/y.txt"), "y\n");
  EXPECT_TRUE(fs::is_directory(*stored + "/empty"));
  EXPECT_EQ(mode(*stored), 0555u);
  EXPECT_EQ(mode(*stored + "/sub"), 0555u);
  EXPECT_EQ(mode(*stored + "/sub/y.txt"), 0444u);
  // An equal tree elsewhere is the same blob.
  makeTree(t / "b/deeper/a");
  EXPECT_EQ(blobs.put(t / "b/deeper/a", error), stored);
}

TEST(BlobStore, PutBytes) {
  TempDir t;
  BlobStore blobs(t.path);
  std::string error;
  std::optional<std::string> digest = blobs.putBytes("hello\n", error);
  ASSERT_TRUE(digest) << error;
  EXPECT_EQ(*digest, "sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
  ASSERT_TRUE(blobs.find(*digest));
  EXPECT_EQ(read(*blobs.find(*digest)), "hello\n");
  EXPECT_EQ(blobs.putBytes("hello\n", error), digest);
  // Bytes and a file with the same content are one blob.
  write(t / "h", "hello\n");
  EXPECT_EQ(blobs.put(t / "h", error), blobs.find(*digest));
}

TEST(BlobStore, ConcurrentPutsOfOneTreeAgree) {
  TempDir t;
  makeTree(t / "a");
  for (int i = 0; i < 50; ++i)
    write(t / ("a/many/f" + std::to_string(i)), std::to_string(i));
  BlobStore blobs(t / "blobs");
  std::optional<std::string> results[4];
  std::string errors[4];
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] { results[i] = blobs.put(t / "a", errors[i]); });
  for (std::thread &th : threads)
    th.join();
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(results[i]) << errors[i];
    EXPECT_EQ(*results[i], *results[0]);
  }
  EXPECT_EQ(digestOf(*results[0]), digestOf(t / "a"));
  EXPECT_TRUE(fs::is_empty(t / "blobs/tmp")); // losers cleaned up
}

TEST(BlobStore, AKilledPutLeavesNoHalfBlob) {
  TempDir t;
  // Big enough that a put takes a while, so the kill lands inside it.
  std::string big(8 << 20, 'x');
  for (size_t i = 0; i < big.size(); i += 4096)
    big[i] = char('a' + (i / 4096) % 26);
  std::string root = t / "blobs";
  // Kills from before the first byte to after the end of the puts.
  const int delaysMs[] = {0, 2, 5, 10, 20, 40, 80, 160, 320};
  for (int round = 0; round < 9; ++round) {
    std::string src = t / ("big" + std::to_string(round));
    write(src, big + std::to_string(round));
    fs::create_directories(src + ".d");
    write(src + ".d/data", big + "dir" + std::to_string(round));
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      BlobStore blobs(root);
      std::string error;
      blobs.put(src, error);
      blobs.put(src + ".d", error);
      ::_exit(0);
    }
    ::usleep(useconds_t(delaysMs[round] * 1000));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
  }
  // Whatever the kills interrupted, each visible blob is whole: its name is
  // the digest of its content.
  int visible = 0;
  for (const auto &fan : fs::directory_iterator(root + "/sha256"))
    for (const auto &blob : fs::directory_iterator(fan.path())) {
      ++visible;
      EXPECT_EQ(digestOf(blob.path().string()), "sha256:" + blob.path().filename().string());
    }
  // And a later put completes what a killed one left half done.
  BlobStore blobs(root);
  std::string error;
  std::optional<std::string> stored = blobs.put(t / "big0", error);
  ASSERT_TRUE(stored) << error;
  EXPECT_EQ(read(*stored), big + "0");
  RecordProperty("visible_blobs", visible);
  RecordProperty("interrupted_copies", int(std::distance(fs::directory_iterator(root + "/tmp"), {})));
}

TEST(BlobStore, LeftoversInTmpAreInvisible) {
  TempDir t;
  BlobStore blobs(t.path);
  write(t / "f", "content");
  std::string digest = digestOf(t / "f");
  // What a writer killed mid-copy leaves: half the bytes under a temp name.
  write(t / "tmp/123-0-00000000deadbeef", "cont");
  EXPECT_EQ(blobs.find(digest), std::nullopt);
  std::string error;
  std::optional<std::string> stored = blobs.put(t / "f", error);
  ASSERT_TRUE(stored) << error;
  EXPECT_EQ(read(*stored), "content");
}
