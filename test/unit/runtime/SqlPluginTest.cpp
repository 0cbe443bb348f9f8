// The sql plugin: placeholders bound as parameters (no injection, repeated
// placeholders bound again), a dataframe output as CSV, scalar outputs from
// the single row, the database as a file input or a path, and errors that
// say what to change.
#include "PluginTestSupport.h"

#include <sqlite3.h>

using namespace flytec;
using namespace flytec::runtime;
using namespace flytec::runtime::testing;

namespace {

void exec(const std::string &db, const std::string &sql) {
  sqlite3 *conn = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &conn), SQLITE_OK);
  char *err = nullptr;
  EXPECT_EQ(sqlite3_exec(conn, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(conn);
}

int64_t count(const std::string &db, const std::string &table) {
  sqlite3 *conn = nullptr;
  sqlite3_open(db.c_str(), &conn);
  sqlite3_stmt *stmt = nullptr;
  int64_t n = -1;
  if (sqlite3_prepare_v2(conn, ("SELECT COUNT(*) FROM " + table).c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW)
    n = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(conn);
  return n;
}

const char *kTasks = R"src(
task totals(db: file, min_amount: float = 0.0) -> (table: dataframe[region: string, total: float]) {
  sql(database: db) """
    SELECT region, SUM(amount) AS total FROM sales
    WHERE amount >= {{min_amount}} GROUP BY region ORDER BY region
  """
}
task count_region(db: file, region: string) -> (n: int) {
  sql(database: db) "SELECT COUNT(*) AS n FROM sales WHERE region = {{region}}"
}
task twice(db: file, region: string) -> (n: int, same: bool) {
  sql(database: db) "SELECT COUNT(*) AS n, {{region}} = {{region}} AS same FROM sales WHERE region = {{region}} OR note = {{region}}"
}
task by_path(region: string) -> (n: int, total: float?, label: string) {
  sql(database: "shop.db") "SELECT COUNT(*) AS n, SUM(amount) AS total, 'r:' || {{region}} AS label FROM sales WHERE region = {{region}}"
}
task rows(db: file) -> (n: int) {
  sql(database: db) "SELECT amount AS n FROM sales"
}
task no_column(db: file) -> (n: int) {
  sql(database: db) "SELECT COUNT(*) AS total FROM sales"
}
task bad_text(db: file) -> (n: int) {
  sql(database: db) "SELECT 'abc' AS n"
}
task slow(db: file) -> (n: int) {
  sql(database: db) "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT MAX(x) AS n FROM c"
}
)src";

class SqlPlugin : public ::testing::Test {
protected:
  void SetUp() override {
    exec(db, "CREATE TABLE sales(region TEXT, amount REAL, note TEXT);"
             "CREATE TABLE x(id INTEGER);"
             "INSERT INTO x VALUES (1);"
             "INSERT INTO sales VALUES ('EU', 10.5, 'a,b'), ('EU', 2, 'say \"hi\"'), ('US', 7, NULL);");
  }
  TempDir dir;
  std::string db = dir / "shop.db";
  std::unique_ptr<Plugin> plugin = makeSqlPlugin();
  std::unique_ptr<ir::Package> package = compile(kTasks, dir.path);
};

} // namespace

TEST_F(SqlPlugin, DataframeOutputIsACsvWithAHeader) {
  ASSERT_TRUE(package);
  TaskResult r = run(*plugin, *package, "totals", {{"db", db}, {"min_amount", 5.0}}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  std::string csv = r.outputs["table"];
  EXPECT_EQ(csv.front(), '/');
  EXPECT_EQ(readFile(csv), "region,total\nEU,10.5\nUS,7.0\n");
}

TEST_F(SqlPlugin, CsvQuotesFieldsThatNeedIt) {
  auto pkg = compile(R"src(
task notes(db: file) -> (t: dataframe) {
  sql(database: db) "SELECT note, amount FROM sales ORDER BY amount"
}
)src",
                     dir.path);
  ASSERT_TRUE(pkg);
  TaskResult r = run(*plugin, *pkg, "notes", {{"db", db}}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(readFile(r.outputs["t"]), "note,amount\n\"say \"\"hi\"\"\",2.0\n,7.0\n\"a,b\",10.5\n");
}

TEST_F(SqlPlugin, InjectionAttemptsAreBoundNotSpliced) {
  ASSERT_TRUE(package);
  for (const char *text : {"\"; DROP TABLE x; --", "'; DROP TABLE x; --", "EU' OR '1'='1", "EU; DELETE FROM sales"}) {
    TaskResult r = run(*plugin, *package, "count_region", {{"db", db}, {"region", text}}, dir.path);
    ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
    EXPECT_EQ(r.outputs["n"], 0) << text;
    EXPECT_EQ(count(db, "x"), 1) << "table x was dropped by " << text;
    EXPECT_EQ(count(db, "sales"), 3) << text;
  }
  // The value comes back verbatim through the query.
  TaskResult r = run(*plugin, *package, "by_path", {{"region", "'; DROP TABLE x; --"}}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(r.outputs["label"], "r:'; DROP TABLE x; --");
  EXPECT_EQ(count(db, "x"), 1);
}

TEST_F(SqlPlugin, ScalarOutputsFromTheSingleRow) {
  ASSERT_TRUE(package);
  TaskResult r = run(*plugin, *package, "count_region", {{"db", db}, {"region", "EU"}}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(r.outputs["n"], 2);
  // A repeated placeholder is bound at each place; an integer column fills a bool.
  r = run(*plugin, *package, "twice", {{"db", db}, {"region", "US"}}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(r.outputs["n"], 1);
  EXPECT_EQ(r.outputs["same"], true);
  // `database:` as a path, relative to the module's directory; an integer
  // sum fills a float output.
  r = run(*plugin, *package, "by_path", {{"region", "EU"}}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  EXPECT_EQ(r.outputs["n"], 2);
  EXPECT_EQ(r.outputs["total"], 12.5);
  EXPECT_EQ(r.outputs["label"], "r:EU");
}

TEST_F(SqlPlugin, ZeroOrSeveralRowsFail) {
  ASSERT_TRUE(package);
  TaskResult r = run(*plugin, *package, "rows", {{"db", db}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("returned 3 rows"), std::string::npos) << r.error;
  exec(db, "DELETE FROM sales");
  r = run(*plugin, *package, "rows", {{"db", db}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("returned 0 rows"), std::string::npos) << r.error;
}

TEST_F(SqlPlugin, MissingColumnsAndBadValuesAreNamed) {
  ASSERT_TRUE(package);
  TaskResult r = run(*plugin, *package, "no_column", {{"db", db}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("no column 'n' (its columns: total)"), std::string::npos) << r.error;
  r = run(*plugin, *package, "bad_text", {{"db", db}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("output 'n'"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("abc"), std::string::npos) << r.error;
}

TEST_F(SqlPlugin, ErrorsNameTheProblem) {
  ASSERT_TRUE(package);
  TaskResult r = run(*plugin, *package, "count_region", {{"db", dir / "missing.db"}, {"region", "EU"}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("missing.db does not exist"), std::string::npos) << r.error;
  auto pkg = compile(R"src(
task broken(db: file) -> (n: int) {
  sql(database: db) "SELEC 1 AS n"
}
task own_param(db: file) -> (n: int) {
  sql(database: db) "SELECT ? AS n"
}
)src",
                     dir.path);
  ASSERT_TRUE(pkg);
  r = run(*plugin, *pkg, "broken", {{"db", db}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("does not compile"), std::string::npos) << r.error;
  r = run(*plugin, *pkg, "own_param", {{"db", db}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_NE(r.error.find("{{input}}"), std::string::npos) << r.error;
}

TEST_F(SqlPlugin, TimeoutInterruptsTheQuery) {
  ASSERT_TRUE(package);
  TaskResult r = run(*plugin, *package, "slow", {{"db", db}}, dir.path, 200);
  EXPECT_EQ(r.status, TaskResult::Status::TimedOut) << describe(r);
  EXPECT_EQ(r.error, "timed out after 0.200s");
}

TEST_F(SqlPlugin, CancelInterruptsTheQuery) {
  ASSERT_TRUE(package);
  Attempt attempt(*package, "slow", {{"db", db}}, dir.path);
  attempt.start(*plugin);
  attempt.running->cancel();
  TaskResult r = attempt.wait();
  EXPECT_EQ(r.status, TaskResult::Status::Cancelled) << describe(r);
}
