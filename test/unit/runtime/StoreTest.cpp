#include "store/ExecutionState.h"
#include "store/Store.h"

#include "TempDir.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace flytec::runtime;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

using flytec::runtime::testing::TempDir;

std::unique_ptr<Store> openStore(const std::string &dir) {
  std::string error;
  std::unique_ptr<Store> store = Store::open(dir, error);
  EXPECT_TRUE(store) << error;
  return store;
}

Event event(std::string execution, EventKind kind, std::string node = "", int attempt = 0,
            json data = json::object()) {
  Event e;
  e.execution = std::move(execution);
  e.kind = kind;
  e.node = std::move(node);
  e.attempt = attempt;
  e.data = std::move(data);
  return e;
}

Event created(const std::string &execution, const std::string &workflow = "shop.daily") {
  return event(execution, EventKind::ExecutionCreated, "", 0,
               {{"workflow", workflow}, {"project", "p"}, {"domain", "development"}, {"inputs", json::object()},
                {"package", "sha256:abc"}, {"options", json::object()}});
}

/// A second connection straight to the database, to look behind the API.
class RawDb {
public:
  explicit RawDb(const std::string &dir) { sqlite3_open((dir + "/store.db").c_str(), &db); }
  ~RawDb() { sqlite3_close(db); }
  std::string text(const char *sql) {
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
    std::string out;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
      out = reinterpret_cast<const char *>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return out;
  }
  std::vector<int64_t> column(const char *sql) {
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
    std::vector<int64_t> out;
    while (sqlite3_step(s) == SQLITE_ROW)
      out.push_back(sqlite3_column_int64(s, 0));
    sqlite3_finalize(s);
    return out;
  }
  bool exec(const char *sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }
  sqlite3 *db = nullptr;
};

void expectStrictlyIncreasing(const std::vector<int64_t> &seqs) {
  for (size_t i = 1; i < seqs.size(); ++i)
    ASSERT_LT(seqs[i - 1], seqs[i]) << "at " << i;
}

} // namespace

TEST(Store, OpenCreatesTheSchemaInWalMode) {
  TempDir t;
  {
    auto store = openStore(t / "new/.flyte");
    ASSERT_TRUE(store);
    EXPECT_EQ(store->dir(), t / "new/.flyte");
    EXPECT_EQ(store->blobs().root(), t / "new/.flyte/blobs");
    EXPECT_TRUE(fs::is_directory(t / "new/.flyte/blobs"));
  }
  RawDb raw(t / "new/.flyte");
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.text("PRAGMA user_version"), "1");
  EXPECT_EQ(raw.text("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' "
                     "AND name NOT LIKE 'sqlite_%' ORDER BY name)"),
            "cache_entries,cache_leases,events,executions");
  // Opening again keeps what is there.
  EXPECT_TRUE(openStore(t / "new/.flyte"));
}

TEST(Store, OpenRefusesANewerSchemaAndNamesTheDirectory) {
  TempDir t;
  openStore(t.path);
  {
    RawDb raw(t.path);
    raw.exec("PRAGMA user_version = 99");
  }
  std::string error;
  EXPECT_FALSE(Store::open(t.path, error));
  EXPECT_EQ(error, "cannot open the store in '" + t.path +
                       "': its schema version is 99, newer than this flytec's (1): use a newer flytec");

  std::ofstream(t / "file") << "x";
  EXPECT_FALSE(Store::open(t / "file/store", error));
  EXPECT_EQ(error.rfind("cannot open the store in '" + (t / "file/store") + "': ", 0), 0u) << error;
}

TEST(Store, EventsRoundTripThroughTheDatabase) {
  TempDir t;
  std::vector<Event> written;
  {
    auto store = openStore(t.path);
    std::string error;
    Event first = created("e1");
    int64_t s1 = store->append(first, error);
    ASSERT_GT(s1, 0) << error;
    Event started = event("e1", EventKind::AttemptStarted, "m/3/x", 1);
    started.timeMs = 1234; // kept when given
    int64_t s2 = store->append(started, error);
    EXPECT_GT(s2, s1);
    // Bytes that are not UTF-8 (a task's stderr) are stored, replaced.
    int64_t s3 = store->append(event("e1", EventKind::AttemptFailed, "m/3/x", 1,
                                     {{"error", "exit 1"}, {"stderr_tail", "bad \xff byte"}}),
                               error);
    EXPECT_GT(s3, s2) << error;
    // Values are bound, never spliced into SQL.
    ASSERT_GT(store->append(event("x'); DROP TABLE events; --", EventKind::NodeSkipped, "n'", 0), error), 0);
    written = store->events("e1");
  }
  auto store = openStore(t.path); // a new connection reads the same
  std::vector<Event> events = store->events("e1");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(store->lastError(), "");
  EXPECT_EQ(events[0].kind, EventKind::ExecutionCreated);
  EXPECT_EQ(events[0].data["workflow"], "shop.daily");
  EXPECT_GT(events[0].timeMs, 1600000000000); // set by the store
  EXPECT_EQ(events[1].kind, EventKind::AttemptStarted);
  EXPECT_EQ(events[1].node, "m/3/x");
  EXPECT_EQ(events[1].attempt, 1);
  EXPECT_EQ(events[1].timeMs, 1234);
  EXPECT_EQ(events[2].data["stderr_tail"], "bad \xef\xbf\xbd byte");
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].seq, written[i].seq);
    EXPECT_EQ(events[i].execution, "e1");
  }
  std::vector<Event> odd = store->events("x'); DROP TABLE events; --");
  ASSERT_EQ(odd.size(), 1u);
  EXPECT_EQ(odd[0].node, "n'");
  RawDb raw(t.path);
  EXPECT_EQ(raw.text("SELECT kind FROM events WHERE seq = (SELECT min(seq) FROM events)"), "execution_created");
  EXPECT_EQ(raw.text("SELECT data FROM events WHERE kind = 'attempt_started'"), "{}");
  EXPECT_TRUE(store->events("nope").empty());
}

TEST(Store, TheFoldOfStoredEventsIsTheState) {
  TempDir t;
  auto store = openStore(t.path);
  std::string error;
  std::vector<Event> batch = {created("e1"), event("e1", EventKind::AttemptStarted, "a", 1),
                              event("e1", EventKind::NodeSucceeded, "a", 0, {{"outputs", {{"o", 1}}}, {"cache", "put"}}),
                              event("e1", EventKind::ExecutionSucceeded, "", 0, {{"outputs", {{"o", 1}}}})};
  ASSERT_TRUE(store->appendAll(batch, error)) << error;
  // appendAll fills in what the store assigned.
  for (size_t i = 0; i < batch.size(); ++i) {
    EXPECT_GT(batch[i].seq, 0);
    EXPECT_GT(batch[i].timeMs, 0);
    if (i) {
      EXPECT_EQ(batch[i].seq, batch[i - 1].seq + 1);
    }
  }
  ExecutionState state = fold(store->events("e1"));
  EXPECT_EQ(state.status, ExecutionStatus::Succeeded);
  EXPECT_EQ(state.nodes.at("a").cache, "put");
  EXPECT_EQ(toJson(state), toJson(fold(batch)));
}

TEST(Store, AppendAllIsAllOrNothing) {
  TempDir t;
  auto store = openStore(t.path);
  {
    RawDb raw(t.path);
    ASSERT_TRUE(raw.exec("CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.node = 'poison' "
                         "BEGIN SELECT RAISE(ABORT, 'poisoned'); END"));
  }
  std::string error;
  std::vector<Event> batch = {created("e1"), event("e1", EventKind::AttemptStarted, "a", 1),
                              event("e1", EventKind::AttemptStarted, "poison", 1)};
  EXPECT_FALSE(store->appendAll(batch, error));
  EXPECT_EQ(error, "cannot append an event in the store '" + t.path + "': poisoned");
  EXPECT_TRUE(store->events("e1").empty());
  EXPECT_FALSE(store->hasExecution("e1")); // the executions row rolled back too
  EXPECT_EQ(batch[0].seq, 0);
  // The store works on after a failed batch.
  EXPECT_GT(store->append(created("e1"), error), 0) << error;
  EXPECT_EQ(store->events("e1").size(), 1u);
}

TEST(Store, ExecutionsFollowTheirEvents) {
  TempDir t;
  auto store = openStore(t.path);
  std::string error;
  Event c1 = created("e1", "shop.daily");
  c1.timeMs = 1000;
  Event c2 = created("e2", "shop.weekly");
  c2.timeMs = 2000;
  store->append(c1, error);
  store->append(c2, error);
  EXPECT_TRUE(store->hasExecution("e1"));
  EXPECT_FALSE(store->hasExecution("e3"));
  std::vector<ExecutionSummary> list = store->executions();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, "e1");
  EXPECT_EQ(list[0].workflow, "shop.daily");
  EXPECT_EQ(list[0].project, "p");
  EXPECT_EQ(list[0].domain, "development");
  EXPECT_EQ(list[0].status, "running");
  EXPECT_EQ(list[0].createdMs, 1000);
  EXPECT_EQ(list[1].id, "e2");

  store->append(event("e1", EventKind::ExecutionSucceeded, "", 0, {{"outputs", json::object()}}), error);
  store->append(event("e1", EventKind::ExecutionFailed, "", 0, {{"error", "late"}}), error); // ignored, as the fold
  store->append(event("e2", EventKind::ExecutionFailed, "", 0, {{"error", "x"}}), error);
  list = store->executions();
  EXPECT_EQ(list[0].status, "succeeded");
  EXPECT_EQ(list[1].status, "failed");
  store->append(event("e2", EventKind::ExecutionRecovered), error);
  store->append(event("e1", EventKind::ExecutionRecovered), error); // a success stays one
  list = store->executions();
  EXPECT_EQ(list[0].status, "succeeded");
  EXPECT_EQ(list[1].status, "running");
  // The summary agrees with the fold.
  for (const ExecutionSummary &s : list)
    EXPECT_EQ(s.status, executionStatusName(fold(store->events(s.id)).status).str());
  // A duplicate creation changes nothing.
  store->append(created("e1", "other"), error);
  EXPECT_EQ(store->executions()[0].workflow, "shop.daily");
}

TEST(Store, NewExecutionIdsAreShortSortableAndUnique) {
  TempDir t;
  auto store = openStore(t.path);
  std::set<std::string> ids;
  std::regex form("[0-9]{8}-[0-9]{6}-[0-9a-f]{4}([0-9a-f]{4})?");
  std::string error;
  for (int i = 0; i < 2000; ++i) {
    std::string id = store->newExecutionId();
    EXPECT_TRUE(std::regex_match(id, form)) << id;
    EXPECT_TRUE(ids.insert(id).second) << id;
    if (i % 100 == 0)
      store->append(created(id), error);
  }
}

TEST(Store, TwoStoreObjectsAppendingConcurrentlyLoseNothing) {
  TempDir t;
  auto a = openStore(t.path), b = openStore(t.path);
  constexpr int kPerThread = 150;
  std::vector<std::thread> threads;
  std::string errors[4];
  for (int w = 0; w < 4; ++w)
    threads.emplace_back([&, w] {
      Store &s = w % 2 ? *b : *a;
      std::string exec = "e" + std::to_string(w);
      s.append(created(exec), errors[w]);
      for (int i = 1; i <= kPerThread; ++i)
        if (i % 10 == 0) {
          std::vector<Event> batch = {event(exec, EventKind::AttemptStarted, "n", i)};
          if (!s.appendAll(batch, errors[w]))
            return;
        } else if (s.append(event(exec, EventKind::AttemptStarted, "n", i), errors[w]) == 0) {
          return;
        }
    });
  for (std::thread &th : threads)
    th.join();
  for (int w = 0; w < 4; ++w) {
    EXPECT_EQ(errors[w], "");
    std::vector<Event> events = a->events("e" + std::to_string(w));
    ASSERT_EQ(events.size(), size_t(kPerThread + 1));
    for (int i = 1; i <= kPerThread; ++i)
      EXPECT_EQ(events[i].attempt, i); // in the order each writer wrote
  }
  RawDb raw(t.path);
  std::vector<int64_t> seqs = raw.column("SELECT seq FROM events ORDER BY rowid");
  EXPECT_EQ(seqs.size(), size_t(4 * (kPerThread + 1)));
  expectStrictlyIncreasing(seqs);
}

TEST(Store, TwoProcessesAppendingConcurrentlyLoseNothing) {
  TempDir t;
  openStore(t.path); // the schema exists before the race starts
  constexpr int kPerProcess = 300;
  std::vector<pid_t> children;
  for (int p = 0; p < 2; ++p) {
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      std::string error;
      std::unique_ptr<Store> store = Store::open(t.path, error);
      if (!store)
        ::_exit(2);
      std::string exec = "proc" + std::to_string(p);
      int64_t last = store->append(created(exec), error);
      for (int i = 1; i <= kPerProcess; ++i) {
        int64_t seq = store->append(event(exec, EventKind::AttemptStarted, "n", i), error);
        if (seq <= last) // each append's seq exceeds the one before
          ::_exit(3);
        last = seq;
      }
      ::_exit(0);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child exit " << WEXITSTATUS(status);
  }
  auto store = openStore(t.path);
  std::vector<int64_t> all;
  for (int p = 0; p < 2; ++p) {
    std::vector<Event> events = store->events("proc" + std::to_string(p));
    ASSERT_EQ(events.size(), size_t(kPerProcess + 1));
    for (int i = 1; i <= kPerProcess; ++i)
      EXPECT_EQ(events[i].attempt, i);
    for (const Event &e : events)
      all.push_back(e.seq);
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()); // no seq given twice
  EXPECT_EQ(store->executions().size(), 2u);
}

TEST(Store, AKilledWriterLosesNoCommittedEvent) {
  TempDir t;
  openStore(t.path);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(fds[0]);
    std::string error;
    std::unique_ptr<Store> store = Store::open(t.path, error);
    store->append(created("k"), error);
    for (int i = 1;; ++i) {
      int64_t seq = store->append(event("k", EventKind::AttemptStarted, "n", i, {{"pad", std::string(200, 'x')}}),
                                  error);
      // Reported only after append returned: committed.
      if (seq <= 0 || ::write(fds[1], &seq, sizeof seq) != sizeof seq)
        ::_exit(1);
    }
  }
  ::close(fds[1]);
  std::vector<int64_t> reported;
  int64_t seq = 0;
  while (reported.size() < 200 && ::read(fds[0], &seq, sizeof seq) == sizeof seq)
    reported.push_back(seq);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ::close(fds[0]);

  auto store = openStore(t.path);
  std::vector<Event> events = store->events("k");
  std::set<int64_t> stored;
  for (const Event &e : events) {
    stored.insert(e.seq);
    if (e.kind == EventKind::AttemptStarted) {
      EXPECT_EQ(e.data["pad"].get<std::string>().size(), 200u); // every row whole
    }
  }
  ASSERT_EQ(reported.size(), 200u);
  for (int64_t s : reported)
    EXPECT_TRUE(stored.count(s)) << "seq " << s << " was committed and is gone";
  // And the store takes appends again.
  std::string error;
  EXPECT_GT(store->append(event("k", EventKind::ExecutionRecovered), error), *stored.rbegin()) << error;
}

TEST(Store, CacheEntries) {
  TempDir t;
  std::string error;
  {
    auto store = openStore(t.path);
    EXPECT_EQ(store->cacheLookup("sha256:k1"), std::nullopt);
    CacheEntry e{"sha256:k1", "shop.extract", "2", {{"t", "/blobs/x"}}, {{"inputs", {{"n", 1}}}}, "e1", "a", 0};
    ASSERT_TRUE(store->cachePut(e, error)) << error;
    CacheEntry f{"sha256:k2", "shop.merge", "", {{"m", 1}}, json::object(), "e1", "b", 5};
    ASSERT_TRUE(store->cachePut(f, error)) << error;
    CacheEntry g{"sha256:k3", "shop.extract", "2", {{"t", "/blobs/y"}}, json::object(), "e2", "a", 7};
    ASSERT_TRUE(store->cachePut(g, error)) << error;
  }
  auto store = openStore(t.path);
  std::optional<CacheEntry> e = store->cacheLookup("sha256:k1");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->task, "shop.extract");
  EXPECT_EQ(e->version, "2");
  EXPECT_EQ(e->outputs, json({{"t", "/blobs/x"}}));
  EXPECT_EQ(e->explain, json({{"inputs", {{"n", 1}}}}));
  EXPECT_EQ(e->execution, "e1");
  EXPECT_EQ(e->node, "a");
  EXPECT_GT(e->createdMs, 0); // set by the store
  EXPECT_EQ(store->cacheEntries().size(), 3u);
  std::vector<CacheEntry> extract = store->cacheEntries("shop.extract");
  ASSERT_EQ(extract.size(), 2u);
  EXPECT_EQ(store->cacheEntries("shop.none").size(), 0u);

  // A put under an existing key replaces it.
  CacheEntry again = *e;
  again.outputs = {{"t", "/blobs/z"}};
  ASSERT_TRUE(store->cachePut(again, error));
  EXPECT_EQ(store->cacheLookup("sha256:k1")->outputs, json({{"t", "/blobs/z"}}));
  EXPECT_EQ(store->cacheEntries().size(), 3u);

  EXPECT_EQ(store->cacheClear("shop.extract"), 2);
  EXPECT_EQ(store->cacheLookup("sha256:k1"), std::nullopt);
  EXPECT_TRUE(store->cacheLookup("sha256:k2"));
  EXPECT_EQ(store->cacheClear(), 1);
  EXPECT_TRUE(store->cacheEntries().empty());
  EXPECT_EQ(store->lastError(), "");
}

TEST(Store, CacheLeases) {
  TempDir t;
  auto a = openStore(t.path), b = openStore(t.path);
  EXPECT_TRUE(a->tryLeaseCacheKey("k", "A", 60000));
  EXPECT_FALSE(b->tryLeaseCacheKey("k", "B", 60000)); // held
  EXPECT_TRUE(a->tryLeaseCacheKey("k", "A", 60000));  // renewed by its holder
  EXPECT_TRUE(b->tryLeaseCacheKey("other", "B", 60000));
  b->releaseCacheKey("k", "B"); // not B's: no effect
  EXPECT_FALSE(b->tryLeaseCacheKey("k", "B", 60000));
  a->releaseCacheKey("k", "A");
  EXPECT_TRUE(b->tryLeaseCacheKey("k", "B", 60000));
  // An expired lease is taken over.
  EXPECT_TRUE(a->tryLeaseCacheKey("short", "A", -1));
  EXPECT_TRUE(b->tryLeaseCacheKey("short", "B", 60000));
  EXPECT_FALSE(a->tryLeaseCacheKey("short", "A", 60000));
  EXPECT_EQ(a->lastError(), "");
}

TEST(Store, BlobsLiveInTheStore) {
  TempDir t;
  auto store = openStore(t.path);
  std::string error;
  std::optional<std::string> digest = store->blobs().putBytes("{\"flyte_ir\": 1}", error);
  ASSERT_TRUE(digest) << error;
  std::optional<std::string> path = store->blobs().find(*digest);
  ASSERT_TRUE(path);
  EXPECT_EQ(path->rfind(t / "blobs/sha256/", 0), 0u) << *path;
}

TEST(Store, ProcessesOpeningAFreshStoreAtOnceAllSucceed) {
  TempDir t;
  std::vector<pid_t> children;
  for (int p = 0; p < 4; ++p) {
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      std::string error;
      std::unique_ptr<Store> store = Store::open(t / "fresh", error);
      if (!store) {
        std::fprintf(stderr, "%s\n", error.c_str());
        ::_exit(2);
      }
      ::_exit(store->append(created("e" + std::to_string(p)), error) > 0 ? 0 : 3);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child exit " << WEXITSTATUS(status);
  }
  EXPECT_EQ(openStore(t / "fresh")->executions().size(), 4u);
}
