// The SQLite peer of the operations benchmark (bench/ops_bench.cc): the registry's employment
// tables in an indexed SQLite database, and the lifecycle operations written as SQL — the checks
// of SPEC section 4 as queries, the changes (derived ones included) as INSERTs and UPDATEs, one
// audit row per operation — as a registry built on SQLite would do them.
//
// The database is in memory — by default SQLite's `memdb` VFS (an in-memory file behind the
// ordinary pager and its default page cache: the fastest of the three tried, see `storage`), so no
// fsync and the journal in memory (journal_mode=MEMORY, synchronous=OFF): the peer's best case —
// SQLite configured single-threaded without memory statistics (no mutex on any call), every
// statement prepared once and reused. Keys are the 16 bytes of the UUIDs (WITHOUT ROWID tables),
// dates are day numbers, statuses the enumerations' values.
#pragma once

#include "vocfab/model/dataset.h"
#include "vocfab/ops/operation.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct sqlite3;

namespace vocfab::bench {

class SqlitePeer {
 public:
  SqlitePeer();
  ~SqlitePeer();
  SqlitePeer(const SqlitePeer&) = delete;
  SqlitePeer& operator=(const SqlitePeer&) = delete;

  /// Creates the tables, inserts @p dataset's records in one transaction, then the indexes.
  void load(const Dataset& dataset);
  /// Makes this database a copy of @p other (SQLite's online backup).
  void copy_from(SqlitePeer& other);

  void begin();
  void commit();
  void rollback();

  /// Checks and applies @p operation inside the open transaction, appending its audit row;
  /// false (with nothing of it changed) when a rule refuses it. Handles `add` (vacancies),
  /// `refer`, `interview`, `hire`, `reject`/`decline`/`no_show` and `end_employment`.
  bool apply(const Operation& operation);

  /// The database's size: pages × page size.
  std::int64_t database_bytes();
  /// Rows of @p table.
  std::int64_t count(const std::string& table);
  /// Where the databases live (VOCFAB_OPS_SQLITE): `memdb` (SQLite's in-memory VFS behind the
  /// ordinary pager; the default), `memory` (`:memory:`, whose page cache holds the whole database:
  /// at national scale about one commit in ten then takes over a millisecond in a scan of the
  /// cache's hash table, seen with perf) or `file` (a temporary file in TMPDIR). VOCFAB_OPS_SQLITE_CACHE_KB sets
  /// `cache_size`.
  static std::string storage();
  /// SQLite's version.
  static std::string version();
  /// Rows touched as derived effects (open referrals withdrawn) since the database was made.
  std::size_t derived_withdrawals() const noexcept { return withdrawn_; }

 private:
  struct Queries;
  void exec(const char* sql);

  bool refer(const ops::Refer& refer, const Operation& operation, const Date& on);
  bool interview(const ops::Interview& interview, const Date& on);
  bool hire(const ops::Hire& hire, const Date& on);
  bool decide(const ops::Decide& decide, const Date& on);
  bool end_employment(const ops::EndEmployment& end, const Date& on);
  bool add_vacancy(const Vacancy& vacancy);
  bool paused(const unsigned char* trainee, const Date& on);
  void audit(const char* op, int collection, const unsigned char* id);

  sqlite3* db_ = nullptr;
  std::unique_ptr<Queries> q_;
  Policy policy_;
  std::string residency_district_;  // folded; empty when the policy names none
  std::size_t withdrawn_ = 0;
  std::vector<std::array<unsigned char, 16>> returned_;  // ids of the records a derived update changed
  std::vector<std::int64_t> dates_;
  std::string file_;  // the temporary file, when there is one                     // a person's recent declines (paused)
};

}  // namespace vocfab::bench
