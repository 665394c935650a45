// What the SQLite peers of the benchmarks share (bench/sqlite_peer.h, bench/ranking_sqlite_peer.h):
// the stored forms of vocfab's values (enumerations as their values, dates as day numbers, UUIDs
// as their 16 bytes), a prepared statement, and the connection's configuration (single-threaded,
// no memory statistics; the `memdb` VFS, journal in memory, no fsync).
#pragma once

#include "vocfab/model/dataset.h"

#include <sqlite3.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace vocfab::bench::sqlite {

// The enumerations' values as stored.
template <class E>
constexpr std::int64_t code(E value) noexcept {
  return static_cast<std::int64_t>(value);
}
inline std::int64_t day_number(const Date& day) { return static_cast<std::int64_t>(day.day_number()); }
inline std::int64_t ymd(const Date& day) {
  return std::int64_t{day.year()} * 10'000 + std::int64_t{day.month().as_number()} * 100 + day.day();
}

inline const unsigned char* bytes(const boost::uuids::uuid& id) noexcept { return id.data; }
template <class Tag>
const unsigned char* bytes(const Id<Tag>& id) noexcept {
  return id.value().data;
}

// A statement prepared once (SQLITE_PREPARE_PERSISTENT) and reused. Texts and ids are bound
// without a copy (SQLITE_STATIC): they must outlive the step. Parameters by number or by name
// (`:name`, which must be in the statement).
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db) + " in: " + sql);
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::int64_t value) {
    sqlite3_bind_int64(stmt_, i, value);
    return *this;
  }
  Statement& bind_id(int i, const unsigned char* id) {
    sqlite3_bind_blob(stmt_, i, id, 16, SQLITE_STATIC);
    return *this;
  }
  Statement& bind_text(int i, std::string_view text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
    return *this;
  }
  Statement& bind_null(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  // Whether the statement names the parameter @p name.
  bool has(const char* name) const { return sqlite3_bind_parameter_index(stmt_, name) != 0; }
  Statement& bind(const char* name, std::int64_t value) { return bind(index(name), value); }
  Statement& bind_id(const char* name, const unsigned char* id) { return bind_id(index(name), id); }
  Statement& bind_text(const char* name, std::string_view text) { return bind_text(index(name), text); }
  Statement& bind_null(const char* name) { return bind_null(index(name)); }
  template <class T>
  Statement& bind_optional(int i, const std::optional<T>& value) {
    if (!value) return bind_null(i);
    if constexpr (std::is_same_v<T, std::string>) {
      return bind_text(i, *value);
    } else if constexpr (std::is_same_v<T, Date>) {
      return bind(i, day_number(*value));
    } else {
      return bind(i, static_cast<std::int64_t>(*value));
    }
  }

  // One step: true while it yields a row.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
  }
  void run() {
    while (step()) {
    }
    reset();
  }
  void reset() { sqlite3_reset(stmt_); }

  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  void id(int column, unsigned char* out) const {
    const void* blob = sqlite3_column_blob(stmt_, column);
    if (blob == nullptr || sqlite3_column_bytes(stmt_, column) != 16) throw std::runtime_error("sqlite: bad id");
    std::memcpy(out, blob, 16);
  }
  std::string text(int column) const {
    const unsigned char* t = sqlite3_column_text(stmt_, column);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string();
  }

 private:
  int index(const char* name) const {
    const int i = sqlite3_bind_parameter_index(stmt_, name);
    if (i == 0) throw std::runtime_error(std::string("sqlite: no parameter ") + name);
    return i;
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Before SQLite initialises (the first open): no mutexes, no memory statistics.
inline void configure() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

// Runs @p sql (any number of statements), throwing SQLite's message on failure.
inline void exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : "?";
    sqlite3_free(error);
    throw std::runtime_error("sqlite: " + message);
  }
}

// The database's size: pages x page size.
inline std::int64_t database_bytes(sqlite3* db) {
  Statement pages(db, "PRAGMA page_count");
  Statement size(db, "PRAGMA page_size");
  pages.step();
  size.step();
  const std::int64_t bytes = pages.integer(0) * size.integer(0);
  pages.reset();
  size.reset();
  return bytes;
}

}  // namespace vocfab::bench::sqlite
