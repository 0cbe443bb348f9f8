// The sql plugin (LANGUAGE.md §5.2): the query runs against a SQLite
// database through the C API. Each `{{placeholder}}` becomes a numbered
// parameter `?N` (one per occurrence, so a repeated placeholder is bound
// again) and its value is bound, never spliced: no input can change the
// query. With one dataframe output the result set is written as CSV with a
// header row; with scalar outputs the single result row's columns of the
// same names fill them. The timeout and cancellation interrupt the query
// from SQLite's progress handler.
#include "plugins/Plugins.h"

#include "plugins/Attempt.h"
#include "plugins/ShellQuoting.h"
#include "plugins/TaskOutputs.h"

#include <fmt/format.h>
#include <llvm/Support/FileSystem.h>
#include <sqlite3.h>

#include <cmath>
#include <fstream>

namespace flytec::runtime {

namespace {

struct Query {
  std::string sql;
  std::vector<PlaceholderValue> params; // params[N-1] for `?N`
};

std::optional<Query> buildQuery(const TaskRequest &request, std::string &error) {
  PlaceholderScope scope = PlaceholderScope::of(request);
  Query q;
  if (!request.task->script) {
    error = fmt::format("task {}: a sql task needs a query", request.task->name);
    return std::nullopt;
  }
  for (const ir::ScriptPart &part : *request.task->script) {
    if (!part.placeholder) {
      q.sql += part.text;
      continue;
    }
    auto v = lookupInput(scope, part.text, error);
    if (!v)
      return std::nullopt;
    q.params.push_back(*v);
    q.sql += "?" + std::to_string(q.params.size());
  }
  return q;
}

/// The database file: a file input (`database: db`, its value the path) or
/// a path relative to the module directory. A file input is a blob, which
/// must not change, so it is opened read-only.
std::optional<std::pair<std::string, bool>> databasePath(const TaskRequest &request, std::string &error) {
  const ir::Task &task = *request.task;
  auto db = task.config.find("database");
  if (db == task.config.end()) {
    error = fmt::format("task {}: sql needs `database:` (a file input or a path)", task.name);
    return std::nullopt;
  }
  if (db->is_string())
    return std::make_pair(absolutePath(db->get<std::string>(), request.moduleDir), false);
  if (db->is_object() && db->contains("input") && (*db)["input"].is_string()) {
    std::string input = (*db)["input"];
    auto it = request.inputs.find(input);
    if (it == request.inputs.end() || !it->second.is_string()) {
      error = fmt::format("task {}: `database: {}`: the input has no path value", task.name, input);
      return std::nullopt;
    }
    return std::make_pair(it->second.get<std::string>(), true);
  }
  error = fmt::format("task {}: `database:` must be a file input or a path, got {}", task.name, db->dump());
  return std::nullopt;
}

int bindValue(sqlite3_stmt *stmt, int index, const ir::Package &pkg, const PlaceholderValue &p) {
  const ir::Value &v = p.value;
  ir::TypeKind kind = storedKind(pkg, p.type);
  bool structured = kind == ir::TypeKind::Json || kind == ir::TypeKind::List || kind == ir::TypeKind::Map ||
                    kind == ir::TypeKind::Record;
  if (v.is_null() && !structured)
    return sqlite3_bind_null(stmt, index);
  if (v.is_boolean() && !structured)
    return sqlite3_bind_int(stmt, index, v.get<bool>() ? 1 : 0);
  if (v.is_number_integer() && !structured)
    return sqlite3_bind_int64(stmt, index, v.get<int64_t>());
  if (v.is_number() && !structured)
    return sqlite3_bind_double(stmt, index, v.get<double>());
  std::string text = v.is_string() && !structured ? v.get<std::string>() : v.dump();
  return sqlite3_bind_text(stmt, index, text.data(), int(text.size()), SQLITE_TRANSIENT);
}

/// The result set of the last statement that returned columns.
struct ResultSet {
  std::vector<std::string> columns;
  std::vector<std::vector<ir::Value>> rows; // NULL as null, blobs refused
};

struct Interrupt {
  const CancelToken *cancel;
  const Deadline *deadline;
  bool timedOut = false;
};

int progress(void *arg) {
  auto *i = static_cast<Interrupt *>(arg);
  if (i->deadline->expired())
    i->timedOut = true;
  return i->timedOut || i->cancel->cancelled() ? 1 : 0;
}

/// A message for CSV and scalar conversions of a column value.
ir::Value columnValue(sqlite3_stmt *stmt, int col, bool &isBlob) {
  switch (sqlite3_column_type(stmt, col)) {
  case SQLITE_INTEGER:
    return sqlite3_column_int64(stmt, col);
  case SQLITE_FLOAT:
    return sqlite3_column_double(stmt, col);
  case SQLITE_TEXT:
    return std::string(reinterpret_cast<const char *>(sqlite3_column_text(stmt, col)),
                       size_t(sqlite3_column_bytes(stmt, col)));
  case SQLITE_BLOB:
    isBlob = true;
    return nullptr;
  default:
    return nullptr;
  }
}

std::string csvField(const ir::Value &v) {
  if (v.is_null())
    return "";
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15)
      return fmt::format("{:.1f}", d); // stays a float when read back
    return fmt::format("{}", d);     // shortest round trip
  }
  if (!v.is_string())
    return v.dump();
  std::string s = v.get<std::string>();
  if (s.find_first_of(",\"\r\n") == std::string::npos)
    return s;
  std::string out = "\"";
  for (char c : s)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// A scalar output from its column: text parsed by the type (as a script's
/// output would be), numbers conformed (an integer column fills a float or
/// a bool output).
std::optional<ir::Value> scalarOutput(const ir::Package &pkg, const ir::Param &out, const ir::Value &v,
                                      std::string &error) {
  ir::TypeKind kind = storedKind(pkg, out.type);
  if (v.is_string() && kind != ir::TypeKind::String)
    return parseOutputText(pkg, out.type, v.get<std::string>(), error);
  if (v.is_number_integer() && kind == ir::TypeKind::Bool && (v == 0 || v == 1))
    return ir::Value(v == 1);
  return conform(pkg, out.type, v, error);
}

TaskResult runSql(const TaskRequest &request, const CancelToken &cancel) {
  const ir::Package &pkg = *request.package;
  const ir::Task &task = *request.task;
  std::string error;
  auto fail = [](std::string message) { return failure(TaskResult::Status::Failed, std::move(message)); };
  if (!prepareAttemptDirs(request, error))
    return fail(error);
  auto query = buildQuery(request, error);
  auto db = query ? databasePath(request, error) : std::nullopt;
  if (!db)
    return fail(error);
  auto [path, readOnly] = *db;
  if (!llvm::sys::fs::exists(path))
    return fail(fmt::format("task {}: the database {} does not exist", task.name, path));

  sqlite3 *conn = nullptr;
  int flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &conn, flags, nullptr) != SQLITE_OK) {
    std::string why = conn ? sqlite3_errmsg(conn) : "out of memory";
    sqlite3_close(conn);
    return fail(fmt::format("task {}: cannot open the database {}: {}", task.name, path, why));
  }
  std::unique_ptr<sqlite3, int (*)(sqlite3 *)> owner(conn, sqlite3_close);
  sqlite3_busy_timeout(conn, 5000);
  Deadline deadline(request.timeoutMs);
  Interrupt interrupt{&cancel, &deadline};
  sqlite3_progress_handler(conn, 1000, progress, &interrupt);

  ResultSet result;
  bool haveResult = false;
  const char *sql = query->sql.c_str();
  while (*sql) {
    sqlite3_stmt *stmt = nullptr;
    const char *tail = nullptr;
    int rc = sqlite3_prepare_v2(conn, sql, -1, &stmt, &tail);
    if (rc != SQLITE_OK) {
      if (interrupt.timedOut || cancel.cancelled())
        break;
      return fail(fmt::format("task {}: the query does not compile: {}", task.name, sqlite3_errmsg(conn)));
    }
    sql = tail;
    if (!stmt) // whitespace or a comment after the last statement
      continue;
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> stmtOwner(stmt, sqlite3_finalize);
    for (int i = 1; i <= sqlite3_bind_parameter_count(stmt); ++i) {
      const char *name = sqlite3_bind_parameter_name(stmt, i);
      unsigned n = name && name[0] == '?' ? unsigned(std::atoi(name + 1)) : 0;
      if (n == 0 || n > query->params.size())
        return fail(fmt::format("task {}: the query has a parameter '{}' of its own; name inputs as {{{{input}}}}, "
                                "which are bound for you",
                                task.name, name ? name : "?"));
      bindValue(stmt, i, pkg, query->params[n - 1]);
    }
    int columns = sqlite3_column_count(stmt);
    ResultSet rs;
    for (int c = 0; c < columns; ++c)
      rs.columns.push_back(sqlite3_column_name(stmt, c));
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<ir::Value> row;
      for (int c = 0; c < columns; ++c) {
        bool isBlob = false;
        row.push_back(columnValue(stmt, c, isBlob));
        if (isBlob)
          return fail(fmt::format("task {}: column '{}' of the result is a BLOB, which no output type holds; "
                                  "select hex({}) or a cast instead",
                                  task.name, rs.columns[size_t(c)], rs.columns[size_t(c)]));
      }
      rs.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) {
      if (interrupt.timedOut || cancel.cancelled())
        break;
      return fail(fmt::format("task {}: the query failed: {}", task.name, sqlite3_errmsg(conn)));
    }
    if (columns > 0) {
      result = std::move(rs);
      haveResult = true;
    }
  }
  if (interrupt.timedOut)
    return failure(TaskResult::Status::TimedOut, timedOutMessage(*request.timeoutMs));
  if (cancel.cancelled())
    return failure(TaskResult::Status::Cancelled, "cancelled");

  TaskResult ok;
  ok.status = TaskResult::Status::Succeeded;
  if (task.outputs.empty())
    return ok;
  if (!haveResult)
    return fail(fmt::format("task {}: the query returned no result set for the outputs", task.name));

  if (task.outputs.size() == 1 && storedKind(pkg, task.outputs[0].type) == ir::TypeKind::Dataframe) {
    const ir::Param &out = task.outputs[0];
    std::string csvPath = absolutePath(outputPath(request, out), "");
    std::ofstream csv(csvPath, std::ios::binary);
    for (size_t c = 0; c < result.columns.size(); ++c)
      csv << (c ? "," : "") << csvField(result.columns[c]);
    csv << "\n";
    for (const auto &row : result.rows) {
      for (size_t c = 0; c < row.size(); ++c)
        csv << (c ? "," : "") << csvField(row[c]);
      csv << "\n";
    }
    if (!csv.flush())
      return fail(fmt::format("output '{}': cannot write {}", out.name, csvPath));
    ok.outputs[out.name] = csvPath;
    return ok;
  }

  if (result.rows.size() != 1)
    return fail(fmt::format("task {}: the query returned {} rows; scalar outputs ({}) take exactly one row "
                            "(use LIMIT 1, an aggregate, or a dataframe output)",
                            task.name, result.rows.size(), task.outputs.size() == 1 ? task.outputs[0].name : "..."));
  for (const ir::Param &out : task.outputs) {
    ir::TypeKind kind = storedKind(pkg, out.type);
    if (kind == ir::TypeKind::Dataframe || kind == ir::TypeKind::File || kind == ir::TypeKind::Dir)
      return fail(fmt::format("output '{}' ({}): a sql task fills a dataframe output only when it is the only "
                              "output",
                              out.name, pkg.types.str(out.type)));
    auto col = std::find(result.columns.begin(), result.columns.end(), out.name);
    if (col == result.columns.end()) {
      std::string names;
      for (const std::string &c : result.columns)
        names += (names.empty() ? "" : ", ") + c;
      return fail(fmt::format("output '{}': the query's result has no column '{}' (its columns: {}); name it "
                              "with AS {}",
                              out.name, out.name, names, out.name));
    }
    const ir::Value &v = result.rows[0][size_t(col - result.columns.begin())];
    std::string why;
    auto value = scalarOutput(pkg, out, v, why);
    if (!value)
      return fail(fmt::format("output '{}': {}", out.name, why));
    ok.outputs[out.name] = std::move(*value);
  }
  return ok;
}

class SqlPlugin : public Plugin {
public:
  llvm::StringRef name() const override { return "sql"; }
  std::unique_ptr<RunningTask> start(const TaskRequest &request, Completion done) override {
    return runDetached([request](const CancelToken &cancel) { return runSql(request, cancel); }, std::move(done));
  }
};

} // namespace

std::unique_ptr<Plugin> makeSqlPlugin() { return std::make_unique<SqlPlugin>(); }

} // namespace flytec::runtime
