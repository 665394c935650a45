// The SQLite peer of bench/report_sqlite_peer.h.
#include "report_sqlite_peer.h"

#include "sqlite_statement.h"

#include "vocfab/model/turkish_text.h"
#include "vocfab/validation/rules.h"

#include <limits>
#include <stdexcept>

namespace vocfab::bench {
namespace {

using namespace sqlite;
using report::Metric;

constexpr const char* kSchema = R"sql(
CREATE TABLE centres(id INTEGER PRIMARY KEY, code TEXT NOT NULL);
CREATE TABLE branches(id INTEGER PRIMARY KEY, code TEXT NOT NULL);
CREATE TABLE courses(id INTEGER PRIMARY KEY, centre INTEGER, branch INTEGER, start INTEGER NOT NULL, "end" INTEGER NOT NULL);
CREATE TABLE trainees(id INTEGER PRIMARY KEY, registered INTEGER NOT NULL, province TEXT NOT NULL,
  district_folded TEXT NOT NULL, gender TEXT NOT NULL, birth_year INTEGER NOT NULL, data_processing INTEGER NOT NULL,
  share_consent INTEGER NOT NULL);
CREATE TABLE applications(id INTEGER PRIMARY KEY, trainee INTEGER NOT NULL, first_course INTEGER, applied INTEGER NOT NULL);
CREATE TABLE enrollments(id INTEGER PRIMARY KEY, trainee INTEGER NOT NULL, course INTEGER NOT NULL, status INTEGER NOT NULL,
  enrolled INTEGER);
CREATE TABLE certificates(id INTEGER PRIMARY KEY, enrollment INTEGER NOT NULL, kind INTEGER NOT NULL, issued INTEGER NOT NULL,
  revoked INTEGER);
CREATE TABLE vacancies(id INTEGER PRIMARY KEY, branch INTEGER);
CREATE TABLE referrals(id INTEGER PRIMARY KEY, trainee INTEGER NOT NULL, vacancy INTEGER NOT NULL, referred INTEGER NOT NULL,
  status INTEGER NOT NULL, hired INTEGER, ended INTEGER);
)sql";

// What a competent DBA would index for these queries: each fact by its day (the range), each
// person's completed courses (a referral's centre), certificates by enrollment.
constexpr const char* kIndexes = R"sql(
CREATE INDEX trainees_by_registered ON trainees(registered);
CREATE INDEX referrals_by_referred ON referrals(referred);
CREATE INDEX applications_by_applied ON applications(applied);
CREATE INDEX courses_by_start ON courses(start);
CREATE INDEX enrollments_by_course ON enrollments(course);
CREATE INDEX enrollments_by_trainee ON enrollments(trainee, status, course);
CREATE INDEX certificates_by_enrollment ON certificates(enrollment);
ANALYZE;
)sql";

std::string status_code(ReferralStatus status) { return std::to_string(code(status)); }
std::string status_code(EnrollmentStatus status) { return std::to_string(code(status)); }

// A kind of fact: where it comes from (with `t` the person), the day its month is taken from,
// the group expressions of the centre and branch dimensions, and its metrics.
struct FactKind {
  std::string from;  // FROM … WHERE …, counted facts only
  std::string day;
  std::string centre;
  std::string branch;
  std::vector<std::pair<Metric, std::string>> metrics;
};

std::string age_band_sql() {
  return "CASE WHEN t.birth_year <= 0 OR t.birth_year > :year THEN 'unknown' "
         "WHEN :year - t.birth_year < 15 THEN 'under-15' WHEN :year - t.birth_year >= 65 THEN '65+' "
         "ELSE (15 + ((:year - t.birth_year - 15) / 10) * 10) || '-' || (24 + ((:year - t.birth_year - 15) / 10) * 10) END";
}

std::vector<FactKind> fact_kinds() {
  const std::string hire = "r.status IN (" + status_code(ReferralStatus::hired) + "," + status_code(ReferralStatus::left_early) +
                           "," + status_code(ReferralStatus::retained) + ")";
  const std::string matured = "(" + hire + " AND r.hired IS NOT NULL AND :as_of - r.hired >= :retention)";
  const std::string retained = "(" + matured + " AND (r.ended IS NULL OR r.ended - r.hired >= :retention))";
  std::vector<std::pair<Metric, std::string>> referral_metrics{{Metric::referrals_total, "COUNT(*)"}};
  for (const ReferralStatus status : enum_values<ReferralStatus>()) {
    referral_metrics.emplace_back(
        static_cast<Metric>(static_cast<int>(Metric::referrals_referred) + static_cast<int>(status)),
        "SUM(r.status = " + status_code(status) + ")");
  }
  referral_metrics.insert(
      referral_metrics.end(),
      {{Metric::hires, "SUM(" + hire + ")"},
       {Metric::declined_or_no_show,
        "SUM(r.status IN (" + status_code(ReferralStatus::declined) + "," + status_code(ReferralStatus::no_show) + "))"},
       {Metric::declined_or_left_early,
        "SUM(r.status IN (" + status_code(ReferralStatus::declined) + "," + status_code(ReferralStatus::no_show) + "," +
            status_code(ReferralStatus::left_early) + "))"},
       {Metric::hires_matured, "SUM(" + matured + ")"},
       {Metric::hires_too_recent, "SUM(" + hire + " AND NOT " + matured + ")"},
       {Metric::retained_by_as_of, "SUM(" + retained + ")"},
       {Metric::people_referred, "COUNT(DISTINCT r.trainee)"},
       {Metric::people_hired, "COUNT(DISTINCT CASE WHEN " + hire + " THEN r.trainee END)"},
       {Metric::people_retained, "COUNT(DISTINCT CASE WHEN " + retained + " THEN r.trainee END)"}});

  const std::string completed = status_code(EnrollmentStatus::completed);
  const std::string failed = status_code(EnrollmentStatus::failed);
  const std::string removed = status_code(EnrollmentStatus::removed);
  std::vector<std::pair<Metric, std::string>> enrollment_metrics{{Metric::enrollments_total, "COUNT(*)"}};
  for (const EnrollmentStatus status : enum_values<EnrollmentStatus>()) {
    enrollment_metrics.emplace_back(
        static_cast<Metric>(static_cast<int>(Metric::enrollments_waitlisted) + static_cast<int>(status)),
        "SUM(e.status = " + status_code(status) + ")");
  }
  enrollment_metrics.insert(
      enrollment_metrics.end(),
      {{Metric::seat_holders,
        "SUM(e.status IN (" + status_code(EnrollmentStatus::enrolled) + "," + completed + "," + failed + "," + removed + "))"},
       {Metric::finished, "SUM(e.status IN (" + completed + "," + failed + "," + removed + "))"},
       {Metric::removed_for_absence, "SUM(e.status = " + removed + ")"},
       {Metric::failed, "SUM(e.status = " + failed + ")"},
       {Metric::completed, "SUM(e.status = " + completed + ")"}});

  const std::string counted_enrollment =
      "c.start BETWEEN :from AND :to AND (e.enrolled IS NULL OR e.enrolled <= :as_of)";
  const std::string course_places = " LEFT JOIN centres ce ON ce.id = c.centre LEFT JOIN branches b ON b.id = c.branch";
  // A referral's centre: that of the person's last course completed by the referral day.
  const std::string referral_centre =
      "coalesce((SELECT ce.code FROM enrollments e JOIN courses c ON c.id = e.course JOIN centres ce ON ce.id = c.centre "
      "WHERE e.trainee = r.trainee AND e.status = " + completed +
      " AND c.\"end\" <= r.referred ORDER BY c.\"end\" DESC, c.centre LIMIT 1), 'none')";
  return {
      {"FROM trainees t WHERE t.registered BETWEEN :from AND :to AND t.registered <= :as_of",
       "t.registered",
       "'none'",
       "'none'",
       {{Metric::people_registered, "COUNT(*)"},
        {Metric::people_eligible,
         "SUM((:province IS NULL OR (t.province = :province AND (:district IS NULL OR t.district_folded = :district))) "
         "AND t.data_processing AND t.share_consent)"}}},
      {"FROM referrals r JOIN trainees t ON t.id = r.trainee LEFT JOIN vacancies v ON v.id = r.vacancy "
       "LEFT JOIN branches b ON b.id = v.branch WHERE r.referred BETWEEN :from AND :to AND r.referred <= :as_of",
       "r.referred", referral_centre, "coalesce(b.code, 'none')", referral_metrics},
      {"FROM applications a JOIN trainees t ON t.id = a.trainee LEFT JOIN courses c ON c.id = a.first_course" +
           course_places + " WHERE a.applied BETWEEN :from AND :to AND a.applied <= :as_of",
       "a.applied",
       "coalesce(ce.code, 'none')",
       "coalesce(b.code, 'none')",
       {{Metric::applications, "COUNT(*)"}, {Metric::applied, "COUNT(DISTINCT a.trainee)"}}},
      {"FROM enrollments e JOIN courses c ON c.id = e.course JOIN trainees t ON t.id = e.trainee" + course_places +
           " WHERE " + counted_enrollment,
       "c.start", "coalesce(ce.code, 'none')", "coalesce(b.code, 'none')", enrollment_metrics},
      {"FROM certificates k JOIN enrollments e ON e.id = k.enrollment JOIN courses c ON c.id = e.course "
       "JOIN trainees t ON t.id = e.trainee" +
           course_places + " WHERE " + counted_enrollment + " AND k.issued <= :as_of",
       "c.start",
       "coalesce(ce.code, 'none')",
       "coalesce(b.code, 'none')",
       {{Metric::certificates_total, "COUNT(*)"},
        {Metric::certificates_meb, "SUM(k.kind = " + std::to_string(code(CertificateKind::meb)) + ")"},
        {Metric::certificates_participation, "SUM(k.kind = " + std::to_string(code(CertificateKind::participation)) + ")"},
        {Metric::certificates_revoked, "SUM(k.revoked IS NOT NULL AND k.revoked <= :as_of)"}}},
  };
}

struct Query {
  std::string dimension;
  std::vector<Metric> metrics;
  std::unique_ptr<Statement> statement;
};

}  // namespace

struct ReportSqlitePeer::Queries {
  std::vector<Query> queries;
  std::optional<std::string> province;
  std::optional<std::string> district;
  std::int64_t retention = 0;
};

ReportSqlitePeer::ReportSqlitePeer() {
  configure();
  if (sqlite3_open_v2("file:/report?vfs=memdb", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI,
                      nullptr) != SQLITE_OK) {
    throw std::runtime_error("sqlite: cannot open the database");
  }
  exec(db_, "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA cache_size=-2000000;");
}

ReportSqlitePeer::~ReportSqlitePeer() {
  q_.reset();
  sqlite3_close(db_);
}

void ReportSqlitePeer::load(const Dataset& dataset) {
  exec(db_, kSchema);
  exec(db_, "BEGIN");
  const auto row_of = [](const auto& row) { return row ? std::optional<std::int64_t>(row->index) : std::nullopt; };
  {
    Statement insert(db_, "INSERT INTO centres VALUES (?, ?)");
    const auto centres = dataset.records<Centre>();
    for (std::size_t i = 0; i < centres.size(); ++i) {
      insert.bind(1, static_cast<std::int64_t>(i)).bind_text(2, centres[i].code).run();
    }
  }
  {
    Statement insert(db_, "INSERT INTO branches VALUES (?, ?)");
    const auto branches = dataset.records<Branch>();
    for (std::size_t i = 0; i < branches.size(); ++i) {
      insert.bind(1, static_cast<std::int64_t>(i)).bind_text(2, branches[i].code.str()).run();
    }
  }
  {
    Statement insert(db_, "INSERT INTO courses VALUES (?, ?, ?, ?, ?)");
    const auto courses = dataset.records<Course>();
    for (std::uint32_t i = 0; i < courses.size(); ++i) {
      insert.bind(1, i)
          .bind_optional(2, row_of(dataset.parent<&Course::centre>(Row<Course>{i})))
          .bind_optional(3, row_of(dataset.parent<&Course::branch>(Row<Course>{i})))
          .bind(4, day_number(courses[i].start))
          .bind(5, day_number(courses[i].end))
          .run();
    }
  }
  {
    Statement insert(db_, "INSERT INTO trainees VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    const auto trainees = dataset.records<Trainee>();
    for (std::size_t i = 0; i < trainees.size(); ++i) {
      const Trainee& t = trainees[i];
      const std::string province = t.province.to_string();
      const std::string district = fold_turkish(t.district);
      insert.bind(1, static_cast<std::int64_t>(i))
          .bind(2, day_number(t.registered))
          .bind_text(3, province)
          .bind_text(4, district)
          .bind_text(5, to_string(t.gender))
          .bind(6, t.year_of_birth())
          .bind(7, t.consents.data_processing)
          .bind(8, t.consents.share_with_employers)
          .run();
    }
  }
  {
    Statement insert(db_, "INSERT INTO applications VALUES (?, ?, ?, ?)");
    const auto applications = dataset.records<Application>();
    for (std::uint32_t i = 0; i < applications.size(); ++i) {
      const auto person = dataset.parent<&Application::trainee>(Row<Application>{i});
      if (!person) continue;
      std::optional<std::int64_t> first;
      if (!applications[i].courses.empty()) first = row_of(dataset.row_of(applications[i].courses.front()));
      insert.bind(1, i).bind(2, person->index).bind_optional(3, first).bind(4, day_number(applications[i].applied)).run();
    }
  }
  {
    Statement insert(db_, "INSERT INTO enrollments VALUES (?, ?, ?, ?, ?)");
    const auto enrollments = dataset.records<Enrollment>();
    for (std::uint32_t i = 0; i < enrollments.size(); ++i) {
      const auto person = dataset.parent<&Enrollment::trainee>(Row<Enrollment>{i});
      const auto course = dataset.parent<&Enrollment::course>(Row<Enrollment>{i});
      if (!person || !course) continue;
      insert.bind(1, i)
          .bind(2, person->index)
          .bind(3, course->index)
          .bind(4, code(enrollments[i].status))
          .bind_optional(5, enrollments[i].enrolled)
          .run();
    }
  }
  {
    Statement insert(db_, "INSERT INTO certificates VALUES (?, ?, ?, ?, ?)");
    const auto certificates = dataset.records<Certificate>();
    for (std::uint32_t i = 0; i < certificates.size(); ++i) {
      const auto enrollment = dataset.parent<&Certificate::enrollment>(Row<Certificate>{i});
      if (!enrollment) continue;
      const Certificate& k = certificates[i];
      insert.bind(1, i)
          .bind(2, enrollment->index)
          .bind(3, code(k.kind))
          .bind(4, day_number(k.issued))
          .bind_optional(5, k.revoked ? std::optional<Date>(k.revoked->date) : std::nullopt)
          .run();
    }
  }
  {
    Statement insert(db_, "INSERT INTO vacancies VALUES (?, ?)");
    const auto vacancies = dataset.records<Vacancy>();
    for (std::size_t i = 0; i < vacancies.size(); ++i) {
      const std::optional<std::int64_t> branch =
          vacancies[i].branch ? row_of(dataset.row_of(*vacancies[i].branch)) : std::nullopt;
      insert.bind(1, static_cast<std::int64_t>(i)).bind_optional(2, branch).run();
    }
  }
  {
    Statement insert(db_, "INSERT INTO referrals VALUES (?, ?, ?, ?, ?, ?, ?)");
    const auto referrals = dataset.records<Referral>();
    for (std::uint32_t i = 0; i < referrals.size(); ++i) {
      const auto person = dataset.parent<&Referral::trainee>(Row<Referral>{i});
      const auto vacancy = dataset.parent<&Referral::vacancy>(Row<Referral>{i});
      if (!person) continue;
      const Referral& r = referrals[i];
      insert.bind(1, i)
          .bind(2, person->index)
          .bind(3, vacancy ? std::int64_t{vacancy->index} : -1)
          .bind(4, day_number(r.referred))
          .bind(5, code(r.status))
          .bind_optional(6, r.hired)
          .bind_optional(7, r.ended)
          .run();
    }
  }
  exec(db_, "COMMIT");
  exec(db_, kIndexes);

  q_ = std::make_unique<Queries>();
  const Policy& policy = dataset.policy();
  if (policy.residency) {
    q_->province = policy.residency->province.to_string();
    if (policy.residency->district) q_->district = fold_turkish(*policy.residency->district);
  }
  q_->retention = policy.retention_days;
  const std::vector<std::pair<std::string, std::string>> dimensions{
      {"all", "'all'"},           {"centre", "{centre}"},
      {"branch", "{branch}"},     {"district", "t.province || '/' || t.district_folded"},
      {"gender", "t.gender"},     {"age_band", age_band_sql()},
      {"month", "strftime('%Y-%m', {day})"}};
  for (const FactKind& kind : fact_kinds()) {
    for (const auto& [dimension, expression] : dimensions) {
      std::string group = expression;
      for (const auto& [name, value] : {std::pair{std::string("{centre}"), kind.centre},
                                        std::pair{std::string("{branch}"), kind.branch},
                                        std::pair{std::string("{day}"), kind.day}}) {
        if (const auto at = group.find(name); at != std::string::npos) group.replace(at, name.size(), value);
      }
      std::string sql = "SELECT " + group + " AS grp";
      Query query{dimension, {}, nullptr};
      for (const auto& [metric, count] : kind.metrics) {
        sql += ", " + count;
        query.metrics.push_back(metric);
      }
      sql += " " + kind.from + " GROUP BY grp";
      query.statement = std::make_unique<Statement>(db_, sql);
      q_->queries.push_back(std::move(query));
    }
  }
}

ReportSqlitePeer::Figures ReportSqlitePeer::report(const Date& as_of) {
  Figures figures;
  for (Query& query : q_->queries) {
    Statement& s = *query.statement;
    // Each statement names only some parameters: bind those it has.
    for (const auto& [name, value] : std::initializer_list<std::pair<const char*, std::int64_t>>{
             {":as_of", day_number(as_of)},
             {":from", std::numeric_limits<std::int32_t>::min()},
             {":to", std::numeric_limits<std::int32_t>::max()},
             {":year", static_cast<std::int64_t>(as_of.year())},
             {":retention", q_->retention}}) {
      if (s.has(name)) s.bind(name, value);
    }
    if (s.has(":province")) q_->province ? s.bind_text(":province", *q_->province) : s.bind_null(":province");
    if (s.has(":district")) q_->district ? s.bind_text(":district", *q_->district) : s.bind_null(":district");
    while (s.step()) {
      report::Counts& counts = figures[{query.dimension, s.text(0)}];
      for (std::size_t i = 0; i < query.metrics.size(); ++i) {
        counts[static_cast<std::size_t>(query.metrics[i])] += static_cast<std::uint64_t>(s.integer(static_cast<int>(i + 1)));
      }
    }
    s.reset();
  }
  return figures;
}

std::int64_t ReportSqlitePeer::database_bytes() {
  Statement pages(db_, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
  pages.step();
  return pages.integer(0);
}

}  // namespace vocfab::bench
