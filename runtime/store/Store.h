// The embedded store (TOOLCHAIN.md "Embedded default store"): one SQLite
// database in WAL mode — executions, the append-only event log, the cache
// index — and a blob directory, in `./.flyte/` unless `--store` names
// another. Several processes may use one store (SQLite's locking); a
// process killed at any instant leaves it consistent, because each append
// is a transaction.
#pragma once

#include "store/BlobStore.h"
#include "store/Events.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace flytec::runtime {

struct ExecutionSummary {
  std::string id;
  std::string workflow;
  std::string project;
  std::string domain;
  std::string status;  // "running", "succeeded", "failed" (from the last execution event)
  int64_t createdMs = 0;
};

/// A cache entry (TOOLCHAIN.md "Caching"): outputs stored under a key.
struct CacheEntry {
  std::string key;        // "sha256:..." over what CacheKey.h says
  std::string task;       // the task's qualified name
  std::string version;    // @cache(version:)
  nlohmann::json outputs; // values whose files are blob-store paths
  nlohmann::json explain; // what went into the key (`flytec cache explain`)
  std::string execution;  // the execution and node that put it
  std::string node;
  int64_t createdMs = 0;
};

class Store {
public:
  /// Opens (creating when missing) the store in `dir`: `dir/store.db` and
  /// `dir/blobs/`. Fails with a message naming the directory and the cause.
  static std::unique_ptr<Store> open(llvm::StringRef dir, std::string &error);
  ~Store();

  /// A new execution's id: short, unique in the store, sortable by creation
  /// ("20261206-231500-3f9a").
  std::string newExecutionId();

  /// Appends an event durably (committed when this returns) and returns its
  /// sequence number, or 0 with `error` set.
  int64_t append(Event event, std::string &error);
  /// Appends several events in one transaction (all or none): the executor
  /// batches the events of pure nodes this way.
  bool appendAll(std::vector<Event> &events, std::string &error);

  std::vector<Event> events(llvm::StringRef execution);
  std::vector<ExecutionSummary> executions();
  bool hasExecution(llvm::StringRef execution);

  std::optional<CacheEntry> cacheLookup(llvm::StringRef key);
  bool cachePut(const CacheEntry &entry, std::string &error);
  std::vector<CacheEntry> cacheEntries(llvm::StringRef task = "");
  /// Removes entries (of one task, or all); returns how many.
  int cacheClear(llvm::StringRef task = "");

  /// `serialize` (TOOLCHAIN.md "Caching"): one computation per key at a
  /// time across processes. True when this process holds the key's lease
  /// (taken, or expired and taken over); false when another holds it.
  bool tryLeaseCacheKey(llvm::StringRef key, llvm::StringRef holder, int64_t ttlMs);
  void releaseCacheKey(llvm::StringRef key, llvm::StringRef holder);

  BlobStore &blobs() { return blobs_; }
  const std::string &dir() const { return dir_; }

  /// Why the last call that cannot report an error (events(), executions(),
  /// cacheLookup(), ...) came back empty or false; empty when it did not
  /// fail. Those calls return what they could read, so a caller that must
  /// tell "nothing" from "broken" checks this.
  std::string lastError() const;

private:
  struct Statements; // every statement, prepared once on open (Store.cpp)

  Store(std::string dir, sqlite3 *db);
  /// Runs `body` inside BEGIN IMMEDIATE ... COMMIT (ROLLBACK when it fails).
  template <typename Body> bool transaction(Body body, std::string &error);
  /// SQLite's last message, naming the store.
  std::string failure(llvm::StringRef doing) const;

  std::string dir_;
  sqlite3 *db_;
  BlobStore blobs_;
  std::unique_ptr<Statements> stmts_;
  // One connection, used by the executor's threads in turn: statements and
  // transactions are per connection, so every public call holds this.
  mutable std::mutex mutex_;
  std::string lastError_;
};

} // namespace flytec::runtime
