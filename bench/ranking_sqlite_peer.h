// The SQLite peer of the ranking benchmark (bench/ranking_bench.cc): the registry's people, their
// certificates, enrollments and referrals in an indexed SQLite database, and a vacancy's top
// candidates (SPEC 5.1) as one SQL statement — the hard filters of `check_referral_filters` and
// the seven score terms with the policy's points, `ORDER BY score DESC, registered, id LIMIT n` —
// as a registry built on SQLite would rank.
//
// Configured like bench/sqlite_peer.h: SQLite's `memdb` VFS (in memory behind the ordinary
// pager), single-threaded without memory statistics, the statement prepared once and reused;
// keys are the 16 bytes of the UUIDs (WITHOUT ROWID tables), dates are day numbers (Boost's, the
// Julian day number, which SQLite's date functions read as the day's noon), statuses the
// enumerations' values, places and preferences folded with `vocfab::fold_turkish`.
#pragma once

#include "vocfab/model/dataset.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct sqlite3;

namespace vocfab::bench {

class RankingSqlitePeer {
 public:
  RankingSqlitePeer();
  ~RankingSqlitePeer();
  RankingSqlitePeer(const RankingSqlitePeer&) = delete;
  RankingSqlitePeer& operator=(const RankingSqlitePeer&) = delete;

  /// Creates the tables, inserts @p dataset's records in one transaction, then the indexes and
  /// ANALYZE; prepares the ranking statement for @p dataset's policy.
  void load(const Dataset& dataset);

  /// One candidate as the statement returns it.
  struct Entry {
    std::array<unsigned char, 16> trainee;
    std::int64_t score;
  };
  /// The first @p top candidates for @p vacancy on @p day, best first.
  std::vector<Entry> rank(const VacancyId& vacancy, const Date& day, std::size_t top);

  /// The database's size: pages × page size.
  std::int64_t database_bytes();
  /// SQLite's query plan of the ranking statement, one line a step.
  std::string plan();
  /// SQLite's version.
  static std::string version();

 private:
  struct Statements;
  void exec(const char* sql);

  sqlite3* db_ = nullptr;
  std::unique_ptr<Statements> q_;
  std::string residency_district_;  // folded, bound to the statement for its life
};

}  // namespace vocfab::bench
