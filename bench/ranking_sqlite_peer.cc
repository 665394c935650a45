// The SQLite peer of bench/ranking_sqlite_peer.h.
#include "ranking_sqlite_peer.h"

#include "sqlite_statement.h"

#include "vocfab/model/turkish_text.h"

#include <algorithm>
#include <map>

namespace vocfab::bench {
namespace {

using namespace sqlite;

// The registry's columns the ranking reads, as a registry keeps them.
constexpr const char* kSchema = R"sql(
CREATE TABLE employers(id BLOB PRIMARY KEY, sector TEXT NOT NULL, sector_folded TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE courses(id BLOB PRIMARY KEY, branch TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
  status INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE trainees(id BLOB PRIMARY KEY, birth_date INTEGER, birth_ymd INTEGER, erased INTEGER,
  province INTEGER NOT NULL, district TEXT NOT NULL, district_folded TEXT NOT NULL, employment INTEGER NOT NULL,
  job_seeking INTEGER NOT NULL, registered INTEGER NOT NULL, data_processing INTEGER NOT NULL,
  share_consent INTEGER NOT NULL, shift INTEGER) WITHOUT ROWID;
CREATE TABLE trainee_sectors(trainee BLOB NOT NULL, sector TEXT NOT NULL, PRIMARY KEY(trainee, sector)) WITHOUT ROWID;
CREATE TABLE trainee_districts(trainee BLOB NOT NULL, district TEXT NOT NULL, PRIMARY KEY(trainee, district)) WITHOUT ROWID;
CREATE TABLE enrollments(id BLOB PRIMARY KEY, trainee BLOB NOT NULL, course BLOB NOT NULL, status INTEGER NOT NULL)
  WITHOUT ROWID;
CREATE TABLE certificates(id BLOB PRIMARY KEY, enrollment BLOB NOT NULL, kind INTEGER NOT NULL, issued INTEGER NOT NULL,
  revoked INTEGER) WITHOUT ROWID;
CREATE TABLE vacancies(id BLOB PRIMARY KEY, employer BLOB NOT NULL, branch TEXT, positions INTEGER NOT NULL,
  requires_certificate INTEGER NOT NULL, min_age INTEGER, province INTEGER NOT NULL, district TEXT NOT NULL,
  district_folded TEXT NOT NULL, shift INTEGER NOT NULL, opened INTEGER NOT NULL, closes INTEGER NOT NULL,
  status INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE referrals(id BLOB PRIMARY KEY, trainee BLOB NOT NULL, vacancy BLOB NOT NULL, referred INTEGER NOT NULL,
  status INTEGER NOT NULL, decided INTEGER, hired INTEGER, ended INTEGER) WITHOUT ROWID;
)sql";

// {name} stands for an enumeration's value (a literal, so that a partial index's WHERE matches
// the query's terms).
std::string substitute(std::string sql, const std::map<std::string, std::int64_t>& values) {
  for (const auto& [name, value] : values) {
    const std::string key = "{" + name + "}";
    for (std::size_t at = sql.find(key); at != std::string::npos; at = sql.find(key, at)) {
      sql.replace(at, key.size(), std::to_string(value));
    }
  }
  if (sql.find('{') != std::string::npos) throw std::runtime_error("sqlite: unsubstituted name in " + sql);
  return sql;
}

const std::map<std::string, std::int64_t>& codes() {
  static const std::map<std::string, std::int64_t> values{
      {"referred", code(ReferralStatus::referred)},     {"interview", code(ReferralStatus::interview)},
      {"hired", code(ReferralStatus::hired)},           {"left_early", code(ReferralStatus::left_early)},
      {"retained", code(ReferralStatus::retained)},     {"declined", code(ReferralStatus::declined)},
      {"no_show", code(ReferralStatus::no_show)},       {"employed", code(EmploymentStatus::employed)},
      {"enrolled", code(EnrollmentStatus::enrolled)},   {"running", code(CourseStatus::running)},
      {"meb", code(CertificateKind::meb)},              {"participation", code(CertificateKind::participation)},
      {"any", code(Shift::any)},
  };
  return values;
}

// What a competent DBA would index for this query: the people who may be referred at all (a
// partial index covering what the scan reads), each person's referrals by status (the open
// count, the last hire, the declines and early leaves) and by vacancy (never referred twice),
// the declines by their day (the pauses), enrollments by person, certificates by enrollment.
constexpr const char* kIndexes = R"sql(
CREATE INDEX trainees_referable ON trainees(province, district_folded, registered, birth_ymd, shift)
  WHERE erased IS NULL AND job_seeking <> 0 AND employment <> {employed} AND data_processing <> 0 AND share_consent <> 0;
CREATE INDEX referrals_by_trainee ON referrals(trainee, status, decided, referred, ended);
CREATE INDEX referrals_by_trainee_vacancy ON referrals(trainee, vacancy);
CREATE INDEX declines_by_day ON referrals(coalesce(decided, referred), trainee) WHERE status IN ({declined}, {no_show});
CREATE INDEX enrollments_by_trainee ON enrollments(trainee, status, course);
CREATE INDEX certificates_by_enrollment ON certificates(enrollment, issued, revoked, kind);
ANALYZE;
)sql";

// The ranking: one statement. :vacancy, :day (a day number), :top; the policy's values.
//
// The pause (SPEC 4, "Decline pause") is SQL too: among a person's declines and no-shows dated
// up to the day, sorted, a k-th (k = decline_limit) within the window of the one k − 1 before it
// pauses referrals for pause_days from its date. Only declines after day − pause_days − window can
// start or be counted in a pause still in force, so the window function reads only those (an
// earlier k − 1-th decline is too early for the window anyway).
constexpr const char* kRank = R"sql(
WITH
v AS MATERIALIZED (
  SELECT v.id, v.branch, v.requires_certificate <> 0 AND v.branch IS NOT NULL AS needs_certificate, v.min_age,
         v.province, v.district_folded, v.shift, e.sector_folded AS sector,
         CAST(strftime('%Y%m%d', :day) AS INTEGER) AS day_ymd
  FROM vacancies v LEFT JOIN employers e ON e.id = v.employer
  WHERE v.id = :vacancy),
paused(trainee) AS MATERIALIZED (
  SELECT DISTINCT trainee FROM (
    SELECT trainee, d, lag(d, max(:decline_limit - 1, 0)) OVER (PARTITION BY trainee ORDER BY d) AS first
    FROM (SELECT trainee, coalesce(decided, referred) AS d FROM referrals
          WHERE status IN ({declined}, {no_show}) AND coalesce(decided, referred) <= :day
            AND coalesce(decided, referred) > :day - :pause_days - :decline_window))
  WHERE :decline_limit > 0 AND :pause_days > 0 AND first IS NOT NULL AND d - first < :decline_window
    AND d > :day - :pause_days),
eligible AS (
  SELECT t.id, t.registered, t.province, t.district_folded, t.shift,
    (SELECT min(x.kind) FROM enrollments e JOIN courses c ON c.id = e.course JOIN certificates x ON x.enrollment = e.id
     WHERE e.trainee = t.id AND c.branch = v.branch AND x.issued <= :day AND (x.revoked IS NULL OR :day < x.revoked))
      AS held,
    (SELECT max(r.ended) FROM referrals r
     WHERE r.trainee = t.id AND r.status IN ({hired}, {left_early}, {retained}) AND r.ended <= :day) AS hire_ended
  FROM v, trainees t
  WHERE t.erased IS NULL AND t.job_seeking <> 0 AND t.employment <> {employed} AND t.data_processing <> 0
    AND t.share_consent <> 0
    AND (:residency_province IS NULL OR t.province = :residency_province)
    AND (:residency_district IS NULL OR t.district_folded = :residency_district)
    AND (v.min_age IS NULL OR t.birth_ymd IS NULL OR t.birth_ymd <= v.day_ymd - v.min_age * 10000)
    AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.trainee = t.id AND r.vacancy = v.id)
    AND (SELECT count(*) FROM referrals r WHERE r.trainee = t.id AND r.status IN ({referred}, {interview}))
        < :max_active_referrals
    AND t.id NOT IN paused
  LIMIT -1),  -- a co-routine, not flattened into `scored`: `held` is then computed once a row
scored AS (
  SELECT el.id, el.registered,
      CASE el.held WHEN {meb} THEN :meb_certificate WHEN {participation} THEN :participation_certificate ELSE 0 END
    + CASE WHEN el.held IS NULL AND v.branch IS NOT NULL AND EXISTS (
               SELECT 1 FROM enrollments e JOIN courses c ON c.id = e.course
               WHERE e.trainee = el.id AND e.status = {enrolled} AND c.branch = v.branch AND c.status = {running}
                 AND c.start <= :day AND :day <= c."end")
           THEN :training ELSE 0 END
    + CASE WHEN el.province <> v.province THEN 0
           WHEN el.district_folded = v.district_folded THEN :same_district ELSE :same_province END
    + min(:waiting_max,
          (max(:day - max(el.registered, coalesce(el.hire_ended, el.registered)), 0) / :waiting_period_days)
            * :waiting_points)
    - :decline_penalty * (
        SELECT count(*) FROM referrals r
        WHERE r.trainee = el.id AND r.status IN ({declined}, {no_show})
          AND coalesce(r.decided, r.referred) <= :day AND coalesce(r.decided, r.referred) > :day - :decline_window)
    - :early_leave_penalty * (
        SELECT count(*) FROM referrals r
        WHERE r.trainee = el.id AND r.status = {left_early} AND r.ended <= :day AND r.ended > :day - :decline_window)
    + CASE WHEN EXISTS (SELECT 1 FROM trainee_sectors s WHERE s.trainee = el.id AND s.sector = v.sector)
           THEN :sector_preference ELSE 0 END
    + CASE WHEN EXISTS (SELECT 1 FROM trainee_districts s WHERE s.trainee = el.id AND s.district = v.district_folded)
           THEN :district_preference ELSE 0 END
    + CASE WHEN el.shift IS NOT NULL AND (el.shift = v.shift OR el.shift = {any} OR v.shift = {any})
           THEN :shift_preference ELSE 0 END
      AS score
  FROM eligible el CROSS JOIN v
  WHERE NOT v.needs_certificate OR el.held IS NOT NULL)
SELECT id, score FROM scored ORDER BY score DESC, registered, id LIMIT :top
)sql";

}  // namespace

struct RankingSqlitePeer::Statements {
  explicit Statements(sqlite3* db) : rank(db, substitute(kRank, codes())) {}
  Statement rank;
};

RankingSqlitePeer::RankingSqlitePeer() {
  sqlite::configure();
  static int serial = 0;
  const std::string name = "file:/vocfab-ranking-peer-" + std::to_string(++serial) + "?vfs=memdb";
  if (sqlite3_open_v2(name.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, nullptr) !=
      SQLITE_OK) {
    throw std::runtime_error("sqlite: cannot open " + name);
  }
  exec("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;");
}

RankingSqlitePeer::~RankingSqlitePeer() {
  q_.reset();
  sqlite3_close(db_);
}

void RankingSqlitePeer::exec(const char* sql) { sqlite::exec(db_, sql); }

std::string RankingSqlitePeer::version() { return sqlite3_libversion(); }

std::int64_t RankingSqlitePeer::database_bytes() { return sqlite::database_bytes(db_); }

std::string RankingSqlitePeer::plan() {
  Statement explain(db_, "EXPLAIN QUERY PLAN " + substitute(kRank, codes()));
  std::string out;
  while (explain.step()) out += explain.text(3) + "\n";
  explain.reset();
  return out;
}

void RankingSqlitePeer::load(const Dataset& dataset) {
  exec(kSchema);
  exec("BEGIN");
  {
    Statement s(db_, "INSERT INTO employers VALUES (?1, ?2, ?3)");
    for (const Employer& e : dataset.records<Employer>()) {
      s.bind_id(1, bytes(e.id)).bind_text(2, e.sector).bind_text(3, fold_turkish(e.sector)).run();
    }
  }
  {
    Statement s(db_, "INSERT INTO courses VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const Course& c : dataset.records<Course>()) {
      s.bind_id(1, bytes(c.id)).bind_text(2, c.branch.str()).bind(3, day_number(c.start)).bind(4, day_number(c.end));
      s.bind(5, code(c.status)).run();
    }
  }
  {
    Statement s(db_, "INSERT INTO trainees VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    Statement sector(db_, "INSERT OR IGNORE INTO trainee_sectors VALUES (?1, ?2)");
    Statement district(db_, "INSERT OR IGNORE INTO trainee_districts VALUES (?1, ?2)");
    for (const Trainee& t : dataset.records<Trainee>()) {
      const std::string folded = fold_turkish(t.district);
      s.bind_id(1, bytes(t.id));
      if (t.identity) {
        s.bind(2, day_number(t.identity->birth_date)).bind(3, ymd(t.identity->birth_date));
        s.bind_optional(13, t.identity->job_preferences.shift);
        for (const std::string& name : t.identity->job_preferences.sectors) {
          sector.bind_id(1, bytes(t.id)).bind_text(2, fold_turkish(name)).run();
        }
        for (const std::string& name : t.identity->job_preferences.districts) {
          district.bind_id(1, bytes(t.id)).bind_text(2, fold_turkish(name)).run();
        }
      } else {
        s.bind_null(2).bind_null(3).bind_null(13);
      }
      s.bind_optional(4, t.erased).bind(5, t.province.number()).bind_text(6, t.district);
      s.bind_text(7, folded).bind(8, code(t.employment_status)).bind(9, t.job_seeking);
      s.bind(10, day_number(t.registered)).bind(11, t.consents.data_processing);
      s.bind(12, t.consents.share_with_employers).run();
    }
  }
  {
    Statement s(db_, "INSERT INTO enrollments VALUES (?1, ?2, ?3, ?4)");
    for (const Enrollment& e : dataset.records<Enrollment>()) {
      s.bind_id(1, bytes(e.id)).bind_id(2, bytes(e.trainee)).bind_id(3, bytes(e.course)).bind(4, code(e.status)).run();
    }
  }
  {
    Statement s(db_, "INSERT INTO certificates VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const Certificate& c : dataset.records<Certificate>()) {
      s.bind_id(1, bytes(c.id)).bind_id(2, bytes(c.enrollment)).bind(3, code(c.kind)).bind(4, day_number(c.issued));
      if (c.revoked) {
        s.bind(5, day_number(c.revoked->date));
      } else {
        s.bind_null(5);
      }
      s.run();
    }
  }
  {
    Statement s(db_, "INSERT INTO vacancies VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    for (const Vacancy& v : dataset.records<Vacancy>()) {
      s.bind_id(1, bytes(v.id)).bind_id(2, bytes(v.employer));
      if (v.branch) {
        s.bind_text(3, v.branch->str());
      } else {
        s.bind_null(3);
      }
      const std::string folded = fold_turkish(v.district);
      s.bind(4, v.positions).bind(5, v.requires_certificate).bind_optional(6, v.min_age).bind(7, v.province.number());
      s.bind_text(8, v.district).bind_text(9, folded).bind(10, code(v.shift));
      s.bind(11, day_number(v.opened)).bind(12, day_number(v.closes)).bind(13, code(v.status)).run();
    }
  }
  {
    Statement s(db_, "INSERT INTO referrals VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    for (const Referral& r : dataset.records<Referral>()) {
      s.bind_id(1, bytes(r.id)).bind_id(2, bytes(r.trainee)).bind_id(3, bytes(r.vacancy)).bind(4, day_number(r.referred));
      s.bind(5, code(r.status)).bind_optional(6, r.decided).bind_optional(7, r.hired).bind_optional(8, r.ended).run();
    }
  }
  exec("COMMIT");
  exec(substitute(kIndexes, codes()).c_str());

  q_ = std::make_unique<Statements>(db_);
  Statement& s = q_->rank;
  const Policy& policy = dataset.policy();
  const RankingPolicy& points = policy.ranking;
  if (policy.residency) {
    s.bind(":residency_province", policy.residency->province.number());
    if (policy.residency->district) {
      residency_district_ = fold_turkish(*policy.residency->district);
      s.bind_text(":residency_district", residency_district_);
    } else {
      s.bind_null(":residency_district");
    }
  } else {
    s.bind_null(":residency_province").bind_null(":residency_district");
  }
  s.bind(":max_active_referrals", policy.max_active_referrals).bind(":decline_limit", policy.decline_limit);
  s.bind(":pause_days", policy.pause_days).bind(":decline_window", policy.decline_window_days);
  s.bind(":meb_certificate", points.meb_certificate).bind(":participation_certificate", points.participation_certificate);
  s.bind(":training", points.training).bind(":same_district", points.same_district);
  s.bind(":same_province", points.same_province).bind(":waiting_max", points.waiting_max);
  s.bind(":waiting_period_days", std::max<std::uint32_t>(points.waiting_period_days, 1));
  s.bind(":waiting_points", points.waiting_points).bind(":decline_penalty", points.decline_penalty);
  s.bind(":early_leave_penalty", points.early_leave_penalty).bind(":sector_preference", points.sector_preference);
  s.bind(":district_preference", points.district_preference).bind(":shift_preference", points.shift_preference);
}

std::vector<RankingSqlitePeer::Entry> RankingSqlitePeer::rank(const VacancyId& vacancy, const Date& day, std::size_t top) {
  Statement& s = q_->rank;
  s.bind_id(":vacancy", bytes(vacancy)).bind(":day", day_number(day)).bind(":top", static_cast<std::int64_t>(top));
  std::vector<Entry> out;
  out.reserve(top);
  while (s.step()) {
    Entry& entry = out.emplace_back();
    s.id(0, entry.trainee.data());
    entry.score = s.integer(1);
  }
  s.reset();  // keeps the bindings
  return out;
}

}  // namespace vocfab::bench
