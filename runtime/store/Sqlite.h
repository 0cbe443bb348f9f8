// A thin layer over SQLite's C API for the store (private to store/):
// statements prepared once and reused, values always bound as parameters
// (never spliced into SQL text), and a use of a statement that resets it
// when the scope ends, so no statement is left holding a read transaction.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace flytec::runtime::sql {

/// A prepared statement, owned.
class Statement {
public:
  Statement() = default;
  Statement(const Statement &) = delete;
  Statement &operator=(const Statement &) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  /// Prepares `text` on `db`; false with SQLite's message in `error`.
  bool prepare(sqlite3 *db, const char *text, std::string &error) {
    sqlite3_finalize(stmt_); // when prepared again after a failure
    stmt_ = nullptr;
    if (sqlite3_prepare_v3(db, text, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) == SQLITE_OK)
      return true;
    error = std::string(sqlite3_errmsg(db)) + " (in: " + text + ")";
    return false;
  }
  sqlite3_stmt *get() const { return stmt_; }

private:
  sqlite3_stmt *stmt_ = nullptr;
};

/// One execution of a statement: bind parameters in order, step, read
/// columns; reset and unbound when the scope ends.
class Use {
public:
  explicit Use(Statement &s) : stmt_(s.get()) {}
  Use(const Use &) = delete;
  Use &operator=(const Use &) = delete;
  ~Use() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  Use &bind(int64_t value) {
    sqlite3_bind_int64(stmt_, ++param_, value);
    return *this;
  }
  Use &bind(llvm::StringRef value) {
    sqlite3_bind_text(stmt_, ++param_, value.data(), int(value.size()), SQLITE_TRANSIENT);
    return *this;
  }

  /// SQLITE_ROW, SQLITE_DONE, or an error code.
  int step() { return sqlite3_step(stmt_); }
  /// Runs a statement that returns no rows; false on error.
  bool run() { return step() == SQLITE_DONE; }

  int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::string text(int column) const {
    const unsigned char *t = sqlite3_column_text(stmt_, column);
    return t ? std::string(reinterpret_cast<const char *>(t), size_t(sqlite3_column_bytes(stmt_, column)))
             : std::string();
  }

private:
  sqlite3_stmt *stmt_;
  int param_ = 0;
};

} // namespace flytec::runtime::sql
