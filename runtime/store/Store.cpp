// The embedded store (Store.h): one SQLite database in WAL mode.
//
// Tables (schema version kSchemaVersion, kept in PRAGMA user_version):
//   events        the append-only log: seq (AUTOINCREMENT, so a seq is never
//                 reused even after rows are deleted), execution, kind (the
//                 JSON name of Events.def), node, attempt, data (JSON text),
//                 time_ms. Never updated.
//   executions    one row per execution for `executions list`, written in
//                 the same transaction as the execution events it reflects,
//                 with the fold's rules (an ended execution stays ended
//                 until recovered), so it never disagrees with the log.
//   cache_entries outputs by cache key.
//   cache_leases  who computes a key now (`@cache(serialize: true)`).
//
// WAL lets readers run beside the one writer; synchronous=NORMAL makes a
// commit durable against a killed process (what TOOLCHAIN.md asks: kill -9
// loses nothing) though the last commits may roll back on power loss; the
// busy timeout makes concurrent writers of several processes wait for each
// other instead of failing. Every write is one BEGIN IMMEDIATE transaction:
// taking the write lock up front means two writers never deadlock on a
// lock upgrade.
#include "store/Store.h"

#include "store/Sqlite.h"

#include "ir/Datetime.h"

#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <random>
#include <set>
#include <thread>

namespace flytec::runtime {

namespace {

constexpr int kSchemaVersion = 1;
/// How long a writer waits for another process's transaction.
constexpr int kBusyTimeoutMs = 30000;

const char *const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  execution TEXT NOT NULL,
  kind TEXT NOT NULL,
  node TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  data TEXT NOT NULL,
  time_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_execution ON events (execution, seq);
CREATE TABLE IF NOT EXISTS executions (
  id TEXT PRIMARY KEY,
  workflow TEXT NOT NULL,
  project TEXT NOT NULL,
  domain TEXT NOT NULL,
  status TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cache_entries (
  key TEXT PRIMARY KEY,
  task TEXT NOT NULL,
  version TEXT NOT NULL,
  outputs TEXT NOT NULL,
  explain TEXT NOT NULL,
  execution TEXT NOT NULL,
  node TEXT NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS cache_entries_by_task ON cache_entries (task);
CREATE TABLE IF NOT EXISTS cache_leases (
  key TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_ms INTEGER NOT NULL
);
)sql";

int64_t nowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

/// JSON as stored: stderr tails and outputs may hold bytes that are not
/// UTF-8, which must not make an append throw.
std::string jsonText(const nlohmann::json &j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json jsonOf(const std::string &text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? nlohmann::json() : j;
}

/// The steps of opening a database: parameterless SQL (schema, pragmas),
/// each recording whether it failed because another connection held a lock.
class Opener {
public:
  explicit Opener(sqlite3 *db) : db(db) {}

  /// Runs SQL without parameters; false with the message in `error`.
  bool exec(const char *text) {
    char *message = nullptr;
    int rc = sqlite3_exec(db, text, nullptr, nullptr, &message);
    if (rc == SQLITE_OK) {
      sqlite3_free(message);
      return true;
    }
    failed(rc, message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    return false;
  }

  /// The first column of the first row of a parameterless query.
  std::optional<std::string> queryText(const char *text) {
    sql::Statement s;
    if (!s.prepare(db, text, error)) {
      busy = isBusy(sqlite3_errcode(db));
      return std::nullopt;
    }
    sql::Use use(s);
    int rc = use.step();
    if (rc == SQLITE_ROW)
      return use.text(0);
    failed(rc, sqlite3_errmsg(db));
    return std::nullopt;
  }

  /// Creates the tables on a new database; refuses one written by a newer
  /// flytec, whose tables this one would misread.
  bool ensureSchema() {
    auto version = [&]() -> std::optional<int> {
      std::optional<std::string> v = queryText("PRAGMA user_version");
      return v ? std::optional<int>(std::stoi(*v)) : std::nullopt;
    };
    std::optional<int> v = version();
    if (!v)
      return false;
    if (*v == kSchemaVersion)
      return true;
    if (*v > kSchemaVersion) {
      error = fmt::format("its schema version is {}, newer than this flytec's ({}): use a newer flytec", *v,
                          kSchemaVersion);
      return false;
    }
    // Another process may be creating it too: decide under the write lock.
    if (!exec("BEGIN IMMEDIATE"))
      return false;
    v = version();
    bool ok = v && (*v == kSchemaVersion ||
                    (exec(kSchema) && exec(fmt::format("PRAGMA user_version = {}", kSchemaVersion).c_str())));
    if (ok && exec("COMMIT"))
      return true;
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }

  /// Runs `step` again while it fails because of a lock SQLite would not
  /// wait for: when several processes open a new store at once, the switch
  /// to WAL and the schema's creation can fail with BUSY without the busy
  /// handler being called (SQLite skips it where waiting could deadlock).
  template <typename Step> bool retryWhileBusy(Step step) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    std::mt19937 random{std::random_device{}()};
    for (;;) {
      busy = false;
      if (step())
        return true;
      if (!busy || std::chrono::steady_clock::now() > deadline)
        return false;
      // A random pause, so that contenders do not retry in lockstep.
      std::this_thread::sleep_for(std::chrono::milliseconds(5 + random() % 20));
    }
  }

  sqlite3 *db;
  std::string error;
  bool busy = false;

  static bool isBusy(int rc) { return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED; }

private:
  void failed(int rc, const char *message) {
    error = message;
    busy = isBusy(rc);
  }
};

/// Ids handed out by this process and not yet in the store.
std::mutex issuedMutex;
std::set<std::string> issued;

} // namespace

struct Store::Statements {
  sql::Statement begin, commit, rollback;
  sql::Statement insertEvent, createExecution, endExecution, recoverExecution;
  sql::Statement selectEvents, selectExecutions, hasExecution;
  sql::Statement cacheLookup, cachePut, cacheEntries, cacheClear;
  sql::Statement lease, release;

  bool prepare(sqlite3 *db, std::string &error) {
    return begin.prepare(db, "BEGIN IMMEDIATE", error) && commit.prepare(db, "COMMIT", error) &&
           rollback.prepare(db, "ROLLBACK", error) &&
           insertEvent.prepare(db,
                               "INSERT INTO events (execution, kind, node, attempt, data, time_ms) "
                               "VALUES (?, ?, ?, ?, ?, ?)",
                               error) &&
           createExecution.prepare(db,
                                   "INSERT INTO executions (id, workflow, project, domain, status, created_ms, end_ms) "
                                   "VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT (id) DO NOTHING",
                                   error) &&
           // As the fold: only a running execution ends ...
           endExecution.prepare(db, "UPDATE executions SET status = ?, end_ms = ? WHERE id = ? AND status = ?",
                                error) &&
           // ... and recovery reopens any that did not succeed.
           recoverExecution.prepare(db, "UPDATE executions SET status = ?, end_ms = 0 WHERE id = ? AND status != ?",
                                    error) &&
           selectEvents.prepare(db,
                                "SELECT seq, kind, node, attempt, data, time_ms FROM events "
                                "WHERE execution = ? ORDER BY seq",
                                error) &&
           selectExecutions.prepare(db,
                                    "SELECT id, workflow, project, domain, status, created_ms FROM executions "
                                    "ORDER BY created_ms, id",
                                    error) &&
           hasExecution.prepare(db, "SELECT 1 FROM executions WHERE id = ?", error) &&
           cacheLookup.prepare(db,
                               "SELECT key, task, version, outputs, explain, execution, node, created_ms "
                               "FROM cache_entries WHERE key = ?",
                               error) &&
           cachePut.prepare(db,
                            "INSERT OR REPLACE INTO cache_entries "
                            "(key, task, version, outputs, explain, execution, node, created_ms) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            error) &&
           cacheEntries.prepare(db,
                                "SELECT key, task, version, outputs, explain, execution, node, created_ms "
                                "FROM cache_entries WHERE ?1 = '' OR task = ?1 ORDER BY task, created_ms, key",
                                error) &&
           cacheClear.prepare(db, "DELETE FROM cache_entries WHERE ?1 = '' OR task = ?1", error) &&
           // Taken when free, expired, or already ours (a renewal); the
           // upsert's WHERE leaves another holder's live lease alone, and
           // changes() tells which happened.
           lease.prepare(db,
                         "INSERT INTO cache_leases (key, holder, expires_ms) VALUES (?1, ?2, ?3) "
                         "ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, expires_ms = excluded.expires_ms "
                         "WHERE cache_leases.holder = excluded.holder OR cache_leases.expires_ms <= ?4",
                         error) &&
           release.prepare(db, "DELETE FROM cache_leases WHERE key = ? AND holder = ?", error);
  }
};

std::unique_ptr<Store> Store::open(llvm::StringRef dir, std::string &error) {
  auto fail = [&](const std::string &cause) {
    error = fmt::format("cannot open the store in '{}': {}", dir.str(), cause);
    return nullptr;
  };
  std::error_code ec;
  std::filesystem::create_directories(dir.str(), ec);
  if (ec)
    return fail(ec.message());
  std::string path = dir.str() + "/store.db";
  sqlite3 *db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string cause = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return fail(fmt::format("{}: {}", path, cause));
  }
  std::unique_ptr<Store> store(new Store(dir.str(), db));
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  Opener o(db);
  std::optional<std::string> mode;
  if (!o.retryWhileBusy([&] { return bool(mode = o.queryText("PRAGMA journal_mode = WAL")); }))
    return fail(o.error);
  if (*mode != "wal")
    return fail(fmt::format("its file system does not support SQLite's WAL mode (journal mode is '{}'); put the "
                            "store on a local disk with --store",
                            *mode));
  if (!o.exec("PRAGMA synchronous = NORMAL") || !o.retryWhileBusy([&] { return o.ensureSchema(); }))
    return fail(o.error);
  if (!o.retryWhileBusy([&] {
        bool ok = store->stmts_->prepare(db, o.error);
        o.busy = !ok && Opener::isBusy(sqlite3_errcode(db));
        return ok;
      }))
    return fail(o.error);
  return store;
}

Store::Store(std::string dir, sqlite3 *db)
    : dir_(std::move(dir)), db_(db), blobs_(dir_ + "/blobs"), stmts_(std::make_unique<Statements>()) {}

Store::~Store() {
  stmts_.reset(); // statements are finalized before the connection closes
  sqlite3_close(db_);
}

std::string Store::lastError() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lastError_;
}

std::string Store::failure(llvm::StringRef doing) const {
  int code = sqlite3_extended_errcode(db_);
  if ((code & 0xff) == SQLITE_BUSY)
    return fmt::format("cannot {} in the store '{}': another process held it for more than {} s", doing.str(), dir_,
                       kBusyTimeoutMs / 1000);
  return fmt::format("cannot {} in the store '{}': {}", doing.str(), dir_, sqlite3_errmsg(db_));
}

template <typename Body> bool Store::transaction(Body body, std::string &error) {
  {
    sql::Use begin(stmts_->begin);
    if (!begin.run()) {
      error = failure("start a transaction");
      return false;
    }
  }
  if (body()) {
    sql::Use commit(stmts_->commit);
    if (commit.run())
      return true;
    error = failure("commit");
  }
  sql::Use rollback(stmts_->rollback);
  rollback.run();
  return false;
}

std::string Store::newExecutionId() {
  std::lock_guard<std::mutex> lock(mutex_);
  // "2026-12-06T23:15:00Z" -> "20261206-231500": sortable, to the second.
  std::string time = ir::datetimeString(nowMs());
  std::string stamp;
  for (char c : time.substr(0, 19))
    if (c == 'T')
      stamp += '-';
    else if (std::isdigit(static_cast<unsigned char>(c)))
      stamp += c;
  static thread_local std::mt19937 random{std::random_device{}()};
  std::lock_guard<std::mutex> issuedLock(issuedMutex);
  for (int tries = 0;; ++tries) {
    // Four hex digits, more if a second is crowded.
    int digits = tries < 64 ? 4 : 8;
    std::string id = fmt::format("{}-{:0{}x}", stamp, random() & (digits == 4 ? 0xffffu : 0xffffffffu), digits);
    if (issued.count(id))
      continue;
    sql::Use use(stmts_->hasExecution);
    if (use.bind(id).step() == SQLITE_ROW)
      continue;
    issued.insert(id);
    return id;
  }
}

int64_t Store::append(Event event, std::string &error) {
  std::vector<Event> one{std::move(event)};
  if (!appendAll(one, error))
    return 0;
  return one[0].seq;
}

bool Store::appendAll(std::vector<Event> &events, std::string &error) {
  std::lock_guard<std::mutex> lock(mutex_);
  int64_t now = nowMs();
  std::vector<int64_t> seqs;
  bool ok = transaction(
      [&] {
        for (Event &e : events) {
          int64_t time = e.timeMs ? e.timeMs : now;
          {
            sql::Use insert(stmts_->insertEvent);
            insert.bind(e.execution).bind(eventKindName(e.kind)).bind(e.node).bind(int64_t(e.attempt));
            if (!insert.bind(jsonText(e.data)).bind(time).run()) {
              error = failure("append an event");
              return false;
            }
          }
          seqs.push_back(sqlite3_last_insert_rowid(db_));
          auto text = [&](const char *key) {
            auto it = e.data.find(key);
            return e.data.is_object() && it != e.data.end() && it->is_string() ? it->get<std::string>()
                                                                                : std::string();
          };
          bool updated = true;
          switch (e.kind) {
          case EventKind::ExecutionCreated: {
            sql::Use use(stmts_->createExecution);
            use.bind(e.execution).bind(text("workflow")).bind(text("project")).bind(text("domain"));
            updated = use.bind("running").bind(time).run();
            break;
          }
          case EventKind::ExecutionSucceeded:
          case EventKind::ExecutionFailed: {
            sql::Use use(stmts_->endExecution);
            llvm::StringRef status = e.kind == EventKind::ExecutionSucceeded ? "succeeded" : "failed";
            updated = use.bind(status).bind(time).bind(e.execution).bind("running").run();
            break;
          }
          case EventKind::ExecutionRecovered: {
            sql::Use use(stmts_->recoverExecution);
            updated = use.bind("running").bind(e.execution).bind("succeeded").run();
            break;
          }
          case EventKind::AttemptStarted:
          case EventKind::AttemptFailed:
          case EventKind::NodeSucceeded:
          case EventKind::NodeFailed:
          case EventKind::NodeSkipped:
          case EventKind::DynamicExpanded:
            break; // the executions table holds nothing per node
          }
          if (!updated) {
            error = failure("update the execution");
            return false;
          }
        }
        return true;
      },
      error);
  if (!ok)
    return false;
  // Only now are the numbers real: a rolled-back batch has none.
  for (size_t i = 0; i < events.size(); ++i) {
    events[i].seq = seqs[i];
    if (!events[i].timeMs)
      events[i].timeMs = now;
  }
  return true;
}

std::vector<Event> Store::events(llvm::StringRef execution) {
  std::lock_guard<std::mutex> lock(mutex_);
  lastError_.clear();
  std::vector<Event> out;
  sql::Use use(stmts_->selectEvents);
  use.bind(execution);
  int rc;
  while ((rc = use.step()) == SQLITE_ROW) {
    std::optional<EventKind> kind = eventKindNamed(use.text(1));
    if (!kind) {
      // Written by a newer flytec; this one cannot fold it.
      lastError_ = fmt::format("event {} of execution '{}' has the unknown kind '{}'; it was skipped",
                               use.integer(0), execution.str(), use.text(1));
      continue;
    }
    Event e;
    e.seq = use.integer(0);
    e.execution = execution.str();
    e.kind = *kind;
    e.node = use.text(2);
    e.attempt = int(use.integer(3));
    e.data = jsonOf(use.text(4));
    e.timeMs = use.integer(5);
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE)
    lastError_ = failure("read events");
  return out;
}

std::vector<ExecutionSummary> Store::executions() {
  std::lock_guard<std::mutex> lock(mutex_);
  lastError_.clear();
  std::vector<ExecutionSummary> out;
  sql::Use use(stmts_->selectExecutions);
  int rc;
  while ((rc = use.step()) == SQLITE_ROW)
    out.push_back({use.text(0), use.text(1), use.text(2), use.text(3), use.text(4), use.integer(5)});
  if (rc != SQLITE_DONE)
    lastError_ = failure("list executions");
  return out;
}

bool Store::hasExecution(llvm::StringRef execution) {
  std::lock_guard<std::mutex> lock(mutex_);
  lastError_.clear();
  sql::Use use(stmts_->hasExecution);
  int rc = use.bind(execution).step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    lastError_ = failure("look up an execution");
  return rc == SQLITE_ROW;
}

namespace {

CacheEntry cacheEntryOf(const sql::Use &use) {
  CacheEntry e;
  e.key = use.text(0);
  e.task = use.text(1);
  e.version = use.text(2);
  e.outputs = jsonOf(use.text(3));
  e.explain = jsonOf(use.text(4));
  e.execution = use.text(5);
  e.node = use.text(6);
  e.createdMs = use.integer(7);
  return e;
}

} // namespace

std::optional<CacheEntry> Store::cacheLookup(llvm::StringRef key) {
  std::lock_guard<std::mutex> lock(mutex_);
  lastError_.clear();
  sql::Use use(stmts_->cacheLookup);
  int rc = use.bind(key).step();
  if (rc == SQLITE_ROW)
    return cacheEntryOf(use);
  if (rc != SQLITE_DONE)
    lastError_ = failure("look up a cache entry");
  return std::nullopt;
}

bool Store::cachePut(const CacheEntry &entry, std::string &error) {
  std::lock_guard<std::mutex> lock(mutex_);
  // The last put wins: every put's outputs are immutable blobs of the same
  // key, so any of them is right.
  sql::Use use(stmts_->cachePut);
  use.bind(entry.key).bind(entry.task).bind(entry.version).bind(jsonText(entry.outputs)).bind(jsonText(entry.explain));
  if (use.bind(entry.execution).bind(entry.node).bind(entry.createdMs ? entry.createdMs : nowMs()).run())
    return true;
  error = failure("store a cache entry");
  return false;
}

std::vector<CacheEntry> Store::cacheEntries(llvm::StringRef task) {
  std::lock_guard<std::mutex> lock(mutex_);
  lastError_.clear();
  std::vector<CacheEntry> out;
  sql::Use use(stmts_->cacheEntries);
  use.bind(task);
  int rc;
  while ((rc = use.step()) == SQLITE_ROW)
    out.push_back(cacheEntryOf(use));
  if (rc != SQLITE_DONE)
    lastError_ = failure("list cache entries");
  return out;
}

int Store::cacheClear(llvm::StringRef task) {
  std::lock_guard<std::mutex> lock(mutex_);
  lastError_.clear();
  sql::Use use(stmts_->cacheClear);
  if (!use.bind(task).run()) {
    lastError_ = failure("clear the cache");
    return 0;
  }
  return sqlite3_changes(db_);
}

bool Store::tryLeaseCacheKey(llvm::StringRef key, llvm::StringRef holder, int64_t ttlMs) {
  std::lock_guard<std::mutex> lock(mutex_);
  lastError_.clear();
  int64_t now = nowMs();
  sql::Use use(stmts_->lease);
  if (!use.bind(key).bind(holder).bind(now + ttlMs).bind(now).run()) {
    lastError_ = failure("lease a cache key");
    return false;
  }
  return sqlite3_changes(db_) == 1;
}

void Store::releaseCacheKey(llvm::StringRef key, llvm::StringRef holder) {
  std::lock_guard<std::mutex> lock(mutex_);
  lastError_.clear();
  sql::Use use(stmts_->release);
  if (!use.bind(key).bind(holder).run())
    lastError_ = failure("release a cache key");
}

} // namespace flytec::runtime
