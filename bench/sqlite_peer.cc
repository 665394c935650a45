// The SQLite peer of bench/sqlite_peer.h.
#include "sqlite_peer.h"

#include "sqlite_statement.h"

#include "vocfab/model/turkish_text.h"
#include "vocfab/validation/rules.h"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <variant>

namespace vocfab::bench {
namespace {

using namespace sqlite;

constexpr const char* kSchema = R"sql(
CREATE TABLE branches(code TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE employers(id BLOB PRIMARY KEY, name TEXT NOT NULL, tax_number TEXT, province INTEGER NOT NULL,
  district TEXT NOT NULL, consent INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE courses(id BLOB PRIMARY KEY, branch TEXT NOT NULL, centre BLOB NOT NULL, start INTEGER NOT NULL,
  "end" INTEGER NOT NULL, status INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE trainees(id BLOB PRIMARY KEY, national_id TEXT, given_name TEXT, family_name TEXT, birth_date INTEGER,
  birth_ymd INTEGER, phone TEXT, email TEXT, erased INTEGER, birth_year INTEGER, gender INTEGER NOT NULL,
  province INTEGER NOT NULL, district TEXT NOT NULL, district_folded TEXT NOT NULL, education INTEGER NOT NULL,
  employment INTEGER NOT NULL, job_seeking INTEGER NOT NULL, registered INTEGER NOT NULL, disability INTEGER NOT NULL,
  data_processing INTEGER NOT NULL, share_consent INTEGER NOT NULL, guardian_consent INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE enrollments(id BLOB PRIMARY KEY, trainee BLOB NOT NULL, course BLOB NOT NULL, status INTEGER NOT NULL,
  absent_hours INTEGER NOT NULL, score INTEGER) WITHOUT ROWID;
CREATE TABLE certificates(id BLOB PRIMARY KEY, enrollment BLOB NOT NULL, kind INTEGER NOT NULL, issued INTEGER NOT NULL,
  verification_code TEXT, revoked INTEGER, revoked_reason TEXT) WITHOUT ROWID;
CREATE TABLE vacancies(id BLOB PRIMARY KEY, employer BLOB NOT NULL, title TEXT NOT NULL, branch TEXT, occupation_code TEXT,
  positions INTEGER NOT NULL, requires_certificate INTEGER NOT NULL, min_age INTEGER, province INTEGER NOT NULL,
  district TEXT NOT NULL, shift INTEGER NOT NULL, opened INTEGER NOT NULL, closes INTEGER NOT NULL,
  status INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE referrals(id BLOB PRIMARY KEY, trainee BLOB NOT NULL, vacancy BLOB NOT NULL, referred INTEGER NOT NULL,
  status INTEGER NOT NULL, decided INTEGER, hired INTEGER, ended INTEGER, reason TEXT) WITHOUT ROWID;
CREATE TABLE audit(seq INTEGER PRIMARY KEY, batch TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, op TEXT NOT NULL,
  collection INTEGER NOT NULL, id BLOB NOT NULL);
)sql";

constexpr const char* kIndexes = R"sql(
CREATE INDEX referrals_by_trainee ON referrals(trainee, vacancy, status, decided, referred);
CREATE INDEX referrals_by_vacancy ON referrals(vacancy, status);
CREATE INDEX enrollments_by_trainee ON enrollments(trainee);
CREATE INDEX certificates_by_enrollment ON certificates(enrollment);
CREATE INDEX vacancies_by_employer ON vacancies(employer);
ANALYZE;
)sql";

constexpr std::int64_t kOpen0 = code(ReferralStatus::referred);
constexpr std::int64_t kOpen1 = code(ReferralStatus::interview);

}  // namespace

// Every statement the operations use, prepared once.
struct SqlitePeer::Queries {
  explicit Queries(sqlite3* db)
      : refer_check(db, R"sql(
SELECT t.erased IS NOT NULL,
       v.status = ?7 AND v.opened <= ?3 AND ?3 <= v.closes,
       t.job_seeking <> 0 AND t.employment <> ?8,
       t.share_consent <> 0,
       (?4 IS NULL OR t.province = ?4) AND (?5 IS NULL OR t.district_folded = ?5),
       v.min_age IS NULL OR t.birth_ymd IS NULL OR (?6 - t.birth_ymd) / 10000 >= v.min_age,
       EXISTS (SELECT 1 FROM referrals r WHERE r.trainee = t.id AND r.vacancy = v.id),
       (SELECT count(*) FROM referrals r WHERE r.trainee = t.id AND r.status IN (?9, ?10)),
       v.requires_certificate <> 0 AND v.branch IS NOT NULL,
       v.branch
FROM trainees t, vacancies v WHERE t.id = ?1 AND v.id = ?2)sql"),
        certificate_held(db, R"sql(
SELECT EXISTS (SELECT 1 FROM enrollments e JOIN courses c ON c.id = e.course JOIN certificates x ON x.enrollment = e.id
               WHERE e.trainee = ?1 AND c.branch = ?2 AND x.issued <= ?3 AND (x.revoked IS NULL OR ?3 < x.revoked)))sql"),
        declines(db, R"sql(
SELECT coalesce(decided, referred) AS d FROM referrals
WHERE trainee = ?1 AND status IN (?2, ?3) AND coalesce(decided, referred) <= ?4 AND coalesce(decided, referred) > ?5)sql"),
        insert_referral(db, "INSERT INTO referrals(id, trainee, vacancy, referred, status) VALUES (?1, ?2, ?3, ?4, ?5)"),
        referral(db, R"sql(
SELECT r.status, r.referred, r.trainee, r.vacancy, r.hired, r.ended, t.erased IS NOT NULL
FROM referrals r LEFT JOIN trainees t ON t.id = r.trainee WHERE r.id = ?1)sql"),
        set_status(db, "UPDATE referrals SET status = ?2 WHERE id = ?1"),
        set_decided(db, "UPDATE referrals SET status = ?2, decided = ?3, reason = ?4 WHERE id = ?1"),
        vacancy_hires(db, R"sql(
SELECT v.positions, (SELECT count(*) FROM referrals r WHERE r.vacancy = v.id AND r.status IN (?2, ?3, ?4))
FROM vacancies v WHERE v.id = ?1)sql"),
        set_hired(db, "UPDATE referrals SET status = ?2, hired = ?3 WHERE id = ?1"),
        set_employment(db, "UPDATE trainees SET employment = ?2, job_seeking = ?3 WHERE id = ?1"),
        withdraw_for_person(db, R"sql(
UPDATE referrals SET status = ?4, decided = ?3, reason = 'hired_elsewhere'
WHERE trainee = ?1 AND status IN (?5, ?6) AND id <> ?2 RETURNING id)sql"),
        fill_vacancy(db, "UPDATE vacancies SET status = ?2 WHERE id = ?1"),
        withdraw_for_vacancy(db, R"sql(
UPDATE referrals SET status = ?4, decided = ?3, reason = 'vacancy_filled'
WHERE vacancy = ?1 AND status IN (?5, ?6) AND id <> ?2 RETURNING id)sql"),
        set_ended(db, "UPDATE referrals SET status = ?2, ended = ?3, reason = coalesce(?4, reason) WHERE id = ?1"),
        vacancy_new(db, R"sql(
SELECT EXISTS (SELECT 1 FROM vacancies WHERE id = ?1), EXISTS (SELECT 1 FROM employers WHERE id = ?2),
       ?3 IS NULL OR EXISTS (SELECT 1 FROM branches WHERE code = ?3))sql"),
        insert_vacancy(db, R"sql(
INSERT INTO vacancies(id, employer, title, branch, occupation_code, positions, requires_certificate, min_age, province,
                      district, shift, opened, closes, status)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14))sql"),
        insert_audit(db, "INSERT INTO audit(batch, at, actor, op, collection, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
        begin(db, "BEGIN"),
        commit(db, "COMMIT"),
        rollback(db, "ROLLBACK") {}

  Statement refer_check, certificate_held, declines, insert_referral, referral, set_status, set_decided, vacancy_hires,
      set_hired, set_employment, withdraw_for_person, fill_vacancy, withdraw_for_vacancy, set_ended, vacancy_new,
      insert_vacancy, insert_audit, begin, commit, rollback;
};

SqlitePeer::SqlitePeer() {
  sqlite::configure();
  const std::string where = storage();
  std::string name = ":memory:";
  static int serial = 0;
  if (where == "memdb") {
    name = "file:/vocfab-peer-" + std::to_string(++serial) + "?vfs=memdb";
  } else if (where == "file") {
    const char* dir = std::getenv("TMPDIR");
    name = std::string(dir && *dir ? dir : "/tmp") + "/vocfab-peer-" + std::to_string(getpid()) + "-" +
           std::to_string(++serial) + ".sqlite";
    std::remove(name.c_str());
    file_ = name;
  }
  if (sqlite3_open_v2(name.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, nullptr) !=
      SQLITE_OK) {
    throw std::runtime_error("sqlite: cannot open " + name);
  }
  exec("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;");
  const std::string cache = std::getenv("VOCFAB_OPS_SQLITE_CACHE_KB") ? std::getenv("VOCFAB_OPS_SQLITE_CACHE_KB") : "";
  if (!cache.empty()) exec(("PRAGMA cache_size = -" + cache).c_str());
}

std::string SqlitePeer::storage() {
  const char* where = std::getenv("VOCFAB_OPS_SQLITE");
  return where && *where ? std::string(where) : std::string("memdb");
}

SqlitePeer::~SqlitePeer() {
  q_.reset();
  sqlite3_close(db_);
  if (!file_.empty()) std::remove(file_.c_str());
}

void SqlitePeer::exec(const char* sql) { sqlite::exec(db_, sql); }

// Prepared once too when the queries are (after loading).
void SqlitePeer::begin() {
  if (q_) {
    q_->begin.run();
  } else {
    exec("BEGIN");
  }
}
void SqlitePeer::commit() {
  if (q_) {
    q_->commit.run();
  } else {
    exec("COMMIT");
  }
}
void SqlitePeer::rollback() {
  if (q_) {
    q_->rollback.run();
  } else {
    exec("ROLLBACK");
  }
}

std::int64_t SqlitePeer::count(const std::string& table) {
  Statement s(db_, ("SELECT count(*) FROM " + table).c_str());
  s.step();
  const std::int64_t n = s.integer(0);
  s.reset();
  return n;
}

std::int64_t SqlitePeer::database_bytes() { return sqlite::database_bytes(db_); }

std::string SqlitePeer::version() { return sqlite3_libversion(); }

void SqlitePeer::load(const Dataset& dataset) {
  policy_ = dataset.policy();
  if (policy_.residency && policy_.residency->district) residency_district_ = fold_turkish(*policy_.residency->district);
  exec(kSchema);
  begin();
  {
    Statement s(db_, "INSERT INTO branches VALUES (?1, ?2)");
    for (const Branch& b : dataset.records<Branch>()) {
      s.bind_text(1, b.code.str()).bind_text(2, b.name).run();
    }
  }
  {
    Statement s(db_, "INSERT INTO employers VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (const Employer& e : dataset.records<Employer>()) {
      s.bind_id(1, bytes(e.id)).bind_text(2, e.name).bind(4, e.province.number());
      if (e.tax_number) {
        s.bind_text(3, e.tax_number->digits());
      } else {
        s.bind_null(3);
      }
      s.bind_text(5, e.district).bind(6, e.consent).run();
    }
  }
  {
    Statement s(db_, "INSERT INTO courses VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (const Course& c : dataset.records<Course>()) {
      s.bind_id(1, bytes(c.id)).bind_text(2, c.branch.str()).bind_id(3, bytes(c.centre)).bind(4, day_number(c.start));
      s.bind(5, day_number(c.end)).bind(6, code(c.status)).run();
    }
  }
  {
    Statement s(db_, "INSERT INTO trainees VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                     "?16, ?17, ?18, ?19, ?20, ?21, ?22)");
    for (const Trainee& t : dataset.records<Trainee>()) {
      std::string national_id;
      std::string phone;
      std::string folded = fold_turkish(t.district);
      s.bind_id(1, bytes(t.id));
      if (t.identity) {
        national_id = t.identity->national_id.digits();
        s.bind_text(2, national_id).bind_text(3, t.identity->given_name).bind_text(4, t.identity->family_name);
        s.bind(5, day_number(t.identity->birth_date)).bind(6, ymd(t.identity->birth_date));
        if (t.identity->phone) {
          phone = t.identity->phone->e164();
          s.bind_text(7, phone);
        } else {
          s.bind_null(7);
        }
        s.bind_optional(8, t.identity->email);
      } else {
        for (int i = 2; i <= 8; ++i) s.bind_null(i);
      }
      s.bind_optional(9, t.erased).bind_optional(10, t.birth_year).bind(11, code(t.gender)).bind(12, t.province.number());
      s.bind_text(13, t.district).bind_text(14, folded).bind(15, code(t.education_level));
      s.bind(16, code(t.employment_status)).bind(17, t.job_seeking).bind(18, day_number(t.registered));
      s.bind(19, t.disability).bind(20, t.consents.data_processing).bind(21, t.consents.share_with_employers);
      s.bind(22, t.guardian_consent).run();
    }
  }
  {
    Statement s(db_, "INSERT INTO enrollments VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (const Enrollment& e : dataset.records<Enrollment>()) {
      s.bind_id(1, bytes(e.id)).bind_id(2, bytes(e.trainee)).bind_id(3, bytes(e.course)).bind(4, code(e.status));
      s.bind(5, e.absent_hours).bind_optional(6, e.score).run();
    }
  }
  {
    Statement s(db_, "INSERT INTO certificates VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for (const Certificate& c : dataset.records<Certificate>()) {
      s.bind_id(1, bytes(c.id)).bind_id(2, bytes(c.enrollment)).bind(3, code(c.kind)).bind(4, day_number(c.issued));
      s.bind_optional(5, c.verification_code);
      if (c.revoked) {
        s.bind(6, day_number(c.revoked->date)).bind_text(7, c.revoked->reason);
      } else {
        s.bind_null(6).bind_null(7);
      }
      s.run();
    }
  }
  {
    Statement s(db_, "INSERT INTO vacancies VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    for (const Vacancy& v : dataset.records<Vacancy>()) {
      std::optional<std::string> branch;
      if (v.branch) branch = v.branch->str();
      s.bind_id(1, bytes(v.id)).bind_id(2, bytes(v.employer)).bind_text(3, v.title).bind_optional(4, branch);
      s.bind_optional(5, v.occupation_code).bind(6, v.positions).bind(7, v.requires_certificate).bind_optional(8, v.min_age);
      s.bind(9, v.province.number()).bind_text(10, v.district).bind(11, code(v.shift)).bind(12, day_number(v.opened));
      s.bind(13, day_number(v.closes)).bind(14, code(v.status)).run();
    }
  }
  {
    Statement s(db_, "INSERT INTO referrals VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    for (const Referral& r : dataset.records<Referral>()) {
      s.bind_id(1, bytes(r.id)).bind_id(2, bytes(r.trainee)).bind_id(3, bytes(r.vacancy)).bind(4, day_number(r.referred));
      s.bind(5, code(r.status)).bind_optional(6, r.decided).bind_optional(7, r.hired).bind_optional(8, r.ended);
      s.bind_optional(9, r.reason).run();
    }
  }
  commit();
  exec(kIndexes);
  q_ = std::make_unique<Queries>(db_);
}

void SqlitePeer::copy_from(SqlitePeer& other) {
  q_.reset();
  sqlite3_backup* backup = sqlite3_backup_init(db_, "main", other.db_, "main");
  if (backup == nullptr) throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
  sqlite3_backup_step(backup, -1);
  if (sqlite3_backup_finish(backup) != SQLITE_OK) throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
  policy_ = other.policy_;
  residency_district_ = other.residency_district_;
  q_ = std::make_unique<Queries>(db_);
}

// --- operations ---------------------------------------------------------------------------------

bool SqlitePeer::apply(const Operation& operation) {
  if (!operation.on) throw std::invalid_argument("the peer takes operations with their day");
  const Date& on = *operation.on;
  return std::visit(
      [&](const auto& arguments) -> bool {
        using A = std::decay_t<decltype(arguments)>;
        if constexpr (std::is_same_v<A, ops::Refer>) {
          return refer(arguments, operation, on);
        } else if constexpr (std::is_same_v<A, ops::Interview>) {
          return interview(arguments, on);
        } else if constexpr (std::is_same_v<A, ops::Hire>) {
          return hire(arguments, on);
        } else if constexpr (std::is_same_v<A, ops::Decide>) {
          return decide(arguments, on);
        } else if constexpr (std::is_same_v<A, ops::EndEmployment>) {
          return end_employment(arguments, on);
        } else if constexpr (std::is_same_v<A, ops::Add>) {
          if (const Vacancy* vacancy = std::get_if<Vacancy>(&arguments.record)) return add_vacancy(*vacancy);
          throw std::invalid_argument("the peer adds vacancies only");
        } else {
          throw std::invalid_argument("the peer does not implement " + std::string(operation_name(operation)));
        }
      },
      operation.arguments);
}

void SqlitePeer::audit(const char* op, int collection, const unsigned char* id) {
  q_->insert_audit.bind_text(1, "00000000-0000-4000-8000-000000000000").bind_text(2, "2026-03-02T09:00:00Z");
  q_->insert_audit.bind_text(3, "bench").bind_text(4, op).bind(5, collection).bind_id(6, id).run();
}

// The pause rule over the person's declines and no-shows that can still matter on @p on (the
// last window + pause days), as vocfab::pause_in_force judges them.
bool SqlitePeer::paused(const unsigned char* trainee, const Date& on) {
  const std::uint32_t limit = policy_.decline_limit;
  if (limit == 0 || policy_.pause_days == 0) return false;
  const std::int64_t day = day_number(on);
  Statement& s = q_->declines;
  s.bind_id(1, trainee).bind(2, code(ReferralStatus::declined)).bind(3, code(ReferralStatus::no_show)).bind(4, day);
  s.bind(5, day - std::int64_t{policy_.decline_window_days} - std::int64_t{policy_.pause_days});
  std::vector<std::int64_t>& dates = dates_;
  dates.clear();
  while (s.step()) dates.push_back(s.integer(0));
  s.reset();
  if (dates.size() < limit) return false;
  std::sort(dates.begin(), dates.end());
  for (std::size_t i = limit - 1; i < dates.size(); ++i) {
    const std::int64_t first = dates[i + 1 - limit];
    const std::int64_t reached = dates[i];
    if (reached - first < policy_.decline_window_days && day - reached < policy_.pause_days) return true;
  }
  return false;
}

bool SqlitePeer::refer(const ops::Refer& refer, const Operation& operation, const Date& on) {
  Statement& s = q_->refer_check;
  s.bind_id(1, bytes(refer.trainee)).bind_id(2, bytes(refer.vacancy)).bind(3, day_number(on));
  if (policy_.residency) {
    s.bind(4, policy_.residency->province.number());
  } else {
    s.bind_null(4);
  }
  if (residency_district_.empty()) {
    s.bind_null(5);
  } else {
    s.bind_text(5, residency_district_);
  }
  s.bind(6, ymd(on)).bind(7, code(VacancyStatus::open)).bind(8, code(EmploymentStatus::employed));
  s.bind(9, kOpen0).bind(10, kOpen1);
  if (!s.step()) {  // unknown trainee or vacancy
    s.reset();
    return false;
  }
  const bool erased = s.integer(0) != 0;
  const bool allowed = !erased && s.integer(1) && s.integer(2) && s.integer(3) && s.integer(4) && s.integer(5) &&
                       !s.integer(6) && s.integer(7) < policy_.max_active_referrals;
  const bool needs_certificate = s.integer(8) != 0;
  const std::string branch = needs_certificate ? s.text(9) : std::string();
  s.reset();
  if (erased) return false;
  bool certified = true;
  if (needs_certificate) {
    Statement& c = q_->certificate_held;
    c.bind_id(1, bytes(refer.trainee)).bind_text(2, branch).bind(3, day_number(on));
    certified = c.step() && c.integer(0) != 0;
    c.reset();
  }
  const bool is_paused = paused(bytes(refer.trainee), on);
  if (!allowed || !certified || is_paused) return false;

  boost::uuids::uuid id{};
  if (operation.id) {
    const auto parsed = parse_uuid(*operation.id);
    if (!parsed) return false;
    id = *parsed;
  } else {
    throw std::invalid_argument("the peer takes referrals with their id");
  }
  q_->insert_referral.bind_id(1, bytes(id)).bind_id(2, bytes(refer.trainee)).bind_id(3, bytes(refer.vacancy));
  q_->insert_referral.bind(4, day_number(on)).bind(5, code(ReferralStatus::referred)).run();
  audit("refer", static_cast<int>(Collection::referrals), bytes(id));
  return true;
}

namespace {
// What an operation on a referral reads first.
struct ReferralRow {
  std::int64_t status = 0;
  std::int64_t referred = 0;
  std::array<unsigned char, 16> trainee{};
  std::array<unsigned char, 16> vacancy{};
  std::optional<std::int64_t> hired;
  bool ended = false;
  bool erased = false;
};
}  // namespace

static std::optional<ReferralRow> read_referral(Statement& s, const ReferralId& id) {
  s.bind_id(1, bytes(id));
  if (!s.step()) {
    s.reset();
    return std::nullopt;
  }
  ReferralRow row;
  row.status = s.integer(0);
  row.referred = s.integer(1);
  s.id(2, row.trainee.data());
  s.id(3, row.vacancy.data());
  if (!s.null(4)) row.hired = s.integer(4);
  row.ended = !s.null(5);
  row.erased = s.integer(6) != 0;
  s.reset();
  return row;
}

bool SqlitePeer::interview(const ops::Interview& interview, const Date&) {
  const auto row = read_referral(q_->referral, interview.referral);
  if (!row || row->erased || row->status != code(ReferralStatus::referred)) return false;
  q_->set_status.bind_id(1, bytes(interview.referral)).bind(2, code(ReferralStatus::interview)).run();
  audit("interview", static_cast<int>(Collection::referrals), bytes(interview.referral));
  return true;
}

// The referral when it is open, its person not erased, and @p day not before it was made.
static std::optional<ReferralRow> open_referral(Statement& s, const ReferralId& id, std::int64_t day) {
  auto row = read_referral(s, id);
  if (!row || row->erased || (row->status != kOpen0 && row->status != kOpen1) || day < row->referred) return std::nullopt;
  return row;
}

bool SqlitePeer::hire(const ops::Hire& hire, const Date& on) {
  const std::int64_t day = day_number(on);
  const auto row = open_referral(q_->referral, hire.referral, day);
  if (!row) return false;
  Statement& v = q_->vacancy_hires;
  v.bind_id(1, row->vacancy.data()).bind(2, code(ReferralStatus::hired)).bind(3, code(ReferralStatus::left_early));
  v.bind(4, code(ReferralStatus::retained));
  if (!v.step()) {
    v.reset();
    return false;
  }
  const std::int64_t positions = v.integer(0);
  const std::int64_t hires = v.integer(1);
  v.reset();
  if (hires >= positions) return false;

  q_->set_hired.bind_id(1, bytes(hire.referral)).bind(2, code(ReferralStatus::hired)).bind(3, day).run();
  q_->set_employment.bind_id(1, row->trainee.data()).bind(2, code(EmploymentStatus::employed)).bind(3, 0).run();
  auto collect = [&](Statement& s) {
    while (s.step()) {
      std::array<unsigned char, 16> id{};
      s.id(0, id.data());
      returned_.push_back(id);
      ++withdrawn_;
    }
    s.reset();
  };
  returned_.clear();
  Statement& person = q_->withdraw_for_person;
  person.bind_id(1, row->trainee.data()).bind_id(2, bytes(hire.referral)).bind(3, day);
  person.bind(4, code(ReferralStatus::withdrawn)).bind(5, kOpen0).bind(6, kOpen1);
  collect(person);
  if (hires + 1 >= positions) {
    q_->fill_vacancy.bind_id(1, row->vacancy.data()).bind(2, code(VacancyStatus::filled)).run();
    Statement& others = q_->withdraw_for_vacancy;
    others.bind_id(1, row->vacancy.data()).bind_id(2, bytes(hire.referral)).bind(3, day);
    others.bind(4, code(ReferralStatus::withdrawn)).bind(5, kOpen0).bind(6, kOpen1);
    collect(others);
  }
  audit("hire", static_cast<int>(Collection::referrals), bytes(hire.referral));
  return true;
}

bool SqlitePeer::decide(const ops::Decide& decide, const Date& on) {
  const std::int64_t day = day_number(on);
  const auto row = open_referral(q_->referral, decide.referral, day);
  if (!row) return false;
  const ReferralStatus to = decide.outcome == ops::Outcome::reject    ? ReferralStatus::rejected
                            : decide.outcome == ops::Outcome::decline ? ReferralStatus::declined
                                                                      : ReferralStatus::no_show;
  const bool decline = counts_as_decline(to);
  const bool paused_before = decline && paused(row->trainee.data(), on);
  q_->set_decided.bind_id(1, bytes(decide.referral)).bind(2, code(to)).bind(3, day).bind_optional(4, decide.reason).run();
  if (decline) {
    const bool paused_after = paused(row->trainee.data(), on);
    if (paused_after && !paused_before) ++withdrawn_;  // a pause started: an effect to report
  }
  const char* name = decide.outcome == ops::Outcome::reject    ? "reject"
                     : decide.outcome == ops::Outcome::decline ? "decline"
                                                               : "no_show";
  audit(name, static_cast<int>(Collection::referrals), bytes(decide.referral));
  return true;
}

bool SqlitePeer::end_employment(const ops::EndEmployment& end, const Date& on) {
  const auto row = read_referral(q_->referral, end.referral);
  const std::int64_t day = day_number(on);
  if (!row || row->erased) return false;
  const bool in_work = (row->status == code(ReferralStatus::hired) || row->status == code(ReferralStatus::retained)) &&
                       row->hired && !row->ended;
  if (!in_work || day < *row->hired) return false;
  const bool early = row->status == code(ReferralStatus::hired) && day - *row->hired < policy_.early_leave_days;
  q_->set_ended.bind_id(1, bytes(end.referral)).bind(2, early ? code(ReferralStatus::left_early) : row->status);
  q_->set_ended.bind(3, day).bind_optional(4, end.reason).run();
  q_->set_employment.bind_id(1, row->trainee.data()).bind(2, code(EmploymentStatus::unemployed)).bind(3, 1).run();
  audit("end_employment", static_cast<int>(Collection::referrals), bytes(end.referral));
  return true;
}

bool SqlitePeer::add_vacancy(const Vacancy& vacancy) {
  std::optional<std::string> branch;
  if (vacancy.branch) branch = vacancy.branch->str();
  Statement& c = q_->vacancy_new;
  c.bind_id(1, bytes(vacancy.id)).bind_id(2, bytes(vacancy.employer)).bind_optional(3, branch);
  const bool fresh = c.step() && c.integer(0) == 0 && c.integer(1) != 0 && c.integer(2) != 0;
  c.reset();
  if (!fresh || vacancy.status != VacancyStatus::open || vacancy.closes < vacancy.opened) return false;
  Statement& s = q_->insert_vacancy;
  s.bind_id(1, bytes(vacancy.id)).bind_id(2, bytes(vacancy.employer)).bind_text(3, vacancy.title).bind_optional(4, branch);
  s.bind_optional(5, vacancy.occupation_code).bind(6, vacancy.positions).bind(7, vacancy.requires_certificate);
  s.bind_optional(8, vacancy.min_age).bind(9, vacancy.province.number()).bind_text(10, vacancy.district);
  s.bind(11, code(vacancy.shift)).bind(12, day_number(vacancy.opened)).bind(13, day_number(vacancy.closes));
  s.bind(14, code(vacancy.status)).run();
  audit("add", static_cast<int>(Collection::vacancies), bytes(vacancy.id));
  return true;
}

}  // namespace vocfab::bench
