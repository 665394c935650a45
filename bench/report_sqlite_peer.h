// The SQLite peer of the report benchmark (bench/report_bench.cc): the registry's people,
// applications, enrollments, certificates, courses, vacancies and referrals in indexed SQLite
// tables, and every figure of SPEC 6 with every breakdown as GROUP BY queries — one per kind of
// fact and dimension, each counting its metrics with SUM(CASE …) and COUNT(DISTINCT …) — as a
// registry built on SQLite would report.
//
// Configured like the other peers (bench/sqlite_statement.h): the `memdb` VFS, single-threaded,
// statements prepared once. Keys are the records' rows (INTEGER PRIMARY KEY), dates day numbers,
// districts folded with `vocfab::fold_turkish`, enumerations and codes as the texts the report
// groups by, so that its answer can be compared with vocfab's figure by figure.
#pragma once

#include "vocfab/model/dataset.h"
#include "vocfab/report/report.h"

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

struct sqlite3;

namespace vocfab::bench {

class ReportSqlitePeer {
 public:
  ReportSqlitePeer();
  ~ReportSqlitePeer();
  ReportSqlitePeer(const ReportSqlitePeer&) = delete;
  ReportSqlitePeer& operator=(const ReportSqlitePeer&) = delete;

  /// Creates the tables, inserts @p dataset's records in one transaction, then the indexes and
  /// ANALYZE; prepares the queries for @p dataset's policy.
  void load(const Dataset& dataset);

  /// (dimension, group) → the figures, dimension `all` (group `all`) for the totals.
  using Figures = std::map<std::pair<std::string, std::string>, report::Counts>;
  /// Every figure as of @p as_of with every breakdown, by running every query.
  Figures report(const Date& as_of);

  /// The database's size: pages × page size.
  std::int64_t database_bytes();

 private:
  struct Queries;
  sqlite3* db_ = nullptr;
  std::unique_ptr<Queries> q_;
};

}  // namespace vocfab::bench
