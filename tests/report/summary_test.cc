#include "vocfab/report/summary.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdio>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vocfab {
namespace {

// --- Small builders: every record needs only the fields the summary looks at. -----------------

template <class IdType>
IdType make_id(unsigned n) {
  char text[37];
  std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012u", n);
  return *IdType::parse(text);
}

BranchCode code(std::string_view text) { return *BranchCode::parse(text); }
Date day(int y, int m, int d) {
  return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
              static_cast<unsigned short>(d));
}
ProvinceCode izmir() { return *ProvinceCode::parse("35"); }

Centre centre(unsigned n, std::string code_text, std::string name) {
  return Centre{.id = make_id<CentreId>(n), .code = std::move(code_text), .name = std::move(name),
                .province = izmir(), .district = "Konak", .seats = 100, .branches = {}};
}

Branch branch(std::string_view code_text, std::string name) {
  return Branch{.code = code(code_text), .name = std::move(name), .sector = "textile",
                .isco08 = std::nullopt, .occupation_code = std::nullopt, .nominal_hours = 120,
                .certificate = CertificateKind::meb};
}

Course course(unsigned n, std::string_view branch_code, unsigned centre_n) {
  return Course{.id = make_id<CourseId>(n), .branch = code(branch_code),
                .centre = make_id<CentreId>(centre_n), .start = day(2025, 2, 3),
                .end = day(2025, 4, 25), .total_hours = 120, .capacity = 20,
                .min_group = std::nullopt, .mode = DeliveryMode::in_person,
                .certificate = CertificateKind::meb, .status = CourseStatus::completed,
                .min_age = std::nullopt};
}

Enrollment enrollment(unsigned n, unsigned course_n, EnrollmentStatus status) {
  return Enrollment{.id = make_id<EnrollmentId>(n), .trainee = make_id<TraineeId>(n),
                    .course = make_id<CourseId>(course_n), .status = status, .absent_hours = 0,
                    .score = std::nullopt, .enrolled = std::nullopt, .ended = std::nullopt};
}

Certificate certificate(unsigned n, unsigned enrollment_n) {
  return Certificate{.id = make_id<CertificateId>(n),
                     .enrollment = make_id<EnrollmentId>(enrollment_n),
                     .kind = CertificateKind::meb, .issued = day(2025, 5, 2),
                     .external_number = std::nullopt, .verification_code = "X",
                     .revoked = std::nullopt};
}

Vacancy vacancy(unsigned n, std::optional<std::string_view> branch_code) {
  Vacancy v{.id = make_id<VacancyId>(n), .employer = make_id<EmployerId>(1), .title = "Job",
            .branch = std::nullopt, .occupation_code = std::nullopt, .positions = 1,
            .requires_certificate = false, .min_age = std::nullopt, .province = izmir(),
            .district = "Konak", .shift = Shift::day, .opened = day(2026, 1, 5),
            .closes = day(2026, 3, 31), .status = VacancyStatus::open};
  if (branch_code) {
    v.branch = code(*branch_code);
  } else {
    v.occupation_code = "7512.03";  // a vacancy names a branch or an occupation
  }
  return v;
}

/// Two centres, two branches, three courses and records of each status around them.
Dataset sample() {
  Dataset data;
  Policy policy;
  policy.name = "test-programme";
  data.set_policy(policy);
  data.add(centre(1, "HALKAPINAR", "Halkapınar"));
  data.add(centre(2, "TIRE", "Tire"));
  data.add(branch("SEWING", "Sewing"));
  data.add(branch("CHOCOLATE", "Boutique chocolate"));
  data.add(course(1, "SEWING", 1));
  data.add(course(2, "CHOCOLATE", 1));
  data.add(course(3, "SEWING", 2));
  data.add(enrollment(1, 1, EnrollmentStatus::completed));
  data.add(enrollment(2, 1, EnrollmentStatus::completed));
  data.add(enrollment(3, 1, EnrollmentStatus::failed));
  data.add(enrollment(4, 2, EnrollmentStatus::enrolled));
  data.add(enrollment(5, 2, EnrollmentStatus::waitlisted));
  data.add(enrollment(6, 3, EnrollmentStatus::enrolled));
  data.add(enrollment(7, 3, EnrollmentStatus::withdrawn));
  data.add(certificate(1, 1));
  data.add(certificate(2, 2));
  data.add(vacancy(1, "SEWING"));
  data.add(vacancy(2, "SEWING"));
  data.add(vacancy(3, std::nullopt));
  return data;
}

const SummaryRow& row(const std::vector<SummaryRow>& rows, std::string_view key) {
  for (const SummaryRow& r : rows) {
    if (r.key == key) return r;
  }
  throw std::out_of_range(std::string(key));
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::size_t width(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  return n;
}

// --- summarize ----------------------------------------------------------------------------------

TEST(Summarize, EmptyDatasetHasEveryCollectionAtZero) {
  const Summary summary = summarize(Dataset{});
  EXPECT_EQ(summary.policy_name, "default");
  const std::vector<std::string> expected{"centres",      "branches",    "courses",
                                          "trainees",     "applications", "enrollments",
                                          "certificates", "employers",   "vacancies",
                                          "referrals"};
  ASSERT_EQ(summary.records.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(summary.records[i].first, expected[i]);
    EXPECT_EQ(summary.records[i].second, 0U);
  }
  EXPECT_TRUE(summary.centres.empty());
  EXPECT_TRUE(summary.branches.empty());
}

TEST(Summarize, CountsRecordsPerCollection) {
  const Summary summary = summarize(sample());
  EXPECT_EQ(summary.policy_name, "test-programme");
  auto count = [&summary](std::string_view name) {
    for (const auto& [key, n] : summary.records) {
      if (key == name) return n;
    }
    return std::size_t{999};
  };
  EXPECT_EQ(count("centres"), 2U);
  EXPECT_EQ(count("branches"), 2U);
  EXPECT_EQ(count("courses"), 3U);
  EXPECT_EQ(count("trainees"), 0U);
  EXPECT_EQ(count("enrollments"), 7U);
  EXPECT_EQ(count("certificates"), 2U);
  EXPECT_EQ(count("vacancies"), 3U);
}

TEST(Summarize, CountsPerCentreInDatasetOrder) {
  const Summary summary = summarize(sample());
  ASSERT_EQ(summary.centres.size(), 2U);
  EXPECT_EQ(summary.centres[0].key, "HALKAPINAR");
  EXPECT_EQ(summary.centres[1].key, "TIRE");

  const SummaryRow& halkapinar = row(summary.centres, "HALKAPINAR");
  EXPECT_EQ(halkapinar.name, "Halkapınar");
  EXPECT_EQ(halkapinar.courses, 2U);
  EXPECT_EQ(halkapinar.enrolled, 1U);
  EXPECT_EQ(halkapinar.completed, 2U);
  EXPECT_EQ(halkapinar.waitlisted, 1U);
  EXPECT_EQ(halkapinar.certificates, 2U);
  EXPECT_EQ(halkapinar.vacancies, 0U);

  const SummaryRow& tire = row(summary.centres, "TIRE");
  EXPECT_EQ(tire.courses, 1U);
  EXPECT_EQ(tire.enrolled, 1U);
  EXPECT_EQ(tire.completed, 0U);
  EXPECT_EQ(tire.waitlisted, 0U);
  EXPECT_EQ(tire.certificates, 0U);
}

TEST(Summarize, CountsPerBranchIncludingVacancies) {
  const Summary summary = summarize(sample());
  ASSERT_EQ(summary.branches.size(), 2U);
  const SummaryRow& sewing = row(summary.branches, "SEWING");
  EXPECT_EQ(sewing.name, "Sewing");
  EXPECT_EQ(sewing.courses, 2U);
  EXPECT_EQ(sewing.enrolled, 1U);
  EXPECT_EQ(sewing.completed, 2U);
  EXPECT_EQ(sewing.waitlisted, 0U);
  EXPECT_EQ(sewing.certificates, 2U);
  EXPECT_EQ(sewing.vacancies, 2U);  // the third vacancy names no branch

  const SummaryRow& chocolate = row(summary.branches, "CHOCOLATE");
  EXPECT_EQ(chocolate.courses, 1U);
  EXPECT_EQ(chocolate.enrolled, 1U);
  EXPECT_EQ(chocolate.waitlisted, 1U);
  EXPECT_EQ(chocolate.vacancies, 0U);
}

TEST(Summarize, DanglingReferencesCountAsRecordsButInNoRow) {
  Dataset data = sample();
  data.add(course(9, "SEWING", 99));                              // unknown centre
  data.add(enrollment(20, 42, EnrollmentStatus::enrolled));       // unknown course
  data.add(certificate(9, 77));                                   // unknown enrollment
  data.add(vacancy(9, "WELDING"));                                // unknown branch
  const Summary summary = summarize(data);
  // The course still counts for its (known) branch, but for no centre.
  EXPECT_EQ(row(summary.branches, "SEWING").courses, 3U);
  EXPECT_EQ(row(summary.centres, "HALKAPINAR").courses, 2U);
  EXPECT_EQ(row(summary.centres, "TIRE").courses, 1U);
  EXPECT_EQ(row(summary.centres, "HALKAPINAR").enrolled + row(summary.centres, "TIRE").enrolled,
            2U);
  EXPECT_EQ(row(summary.branches, "SEWING").certificates, 2U);
  EXPECT_EQ(row(summary.branches, "SEWING").vacancies, 2U);
}

TEST(Summarize, DuplicateKeysGiveCountsToTheFirstRecord) {
  Dataset data = sample();
  data.add(centre(1, "HALKAPINAR2", "Duplicate"));
  const Summary summary = summarize(data);
  ASSERT_EQ(summary.centres.size(), 3U);
  EXPECT_EQ(summary.centres[2].courses, 0U);
  EXPECT_EQ(summary.centres[0].courses, 2U);
}

TEST(Summarize, NationalIdsInNamesAndCodesAreMasked) {
  // A summary leaves the registry: a national id typed into a name or code shows masked, as in
  // a masked export; the counts still go to the right rows.
  Dataset data = sample();
  Policy policy;
  policy.name = "TC 12345678950";
  data.set_policy(policy);
  data.add(centre(3, "C12345678950", "Merkez 123 456 789 50"));
  data.add(branch("B12345678950", "Kurs 12345678950"));
  data.add(course(4, "B12345678950", 3));
  const Summary summary = summarize(data);
  EXPECT_EQ(summary.policy_name, "TC 123******50");
  const SummaryRow& centre_row = row(summary.centres, "C123******50");
  EXPECT_EQ(centre_row.name, "Merkez 123 *** *** 50");
  EXPECT_EQ(centre_row.courses, 1U);
  const SummaryRow& branch_row = row(summary.branches, "B123******50");
  EXPECT_EQ(branch_row.name, "Kurs 123******50");
  EXPECT_EQ(branch_row.courses, 1U);
  for (const std::string& text : {to_text(summary), to_json(summary)}) {
    EXPECT_EQ(text.find("12345678950"), std::string::npos) << text;
    EXPECT_EQ(text.find("456 789"), std::string::npos) << text;
  }
}

// --- to_json ------------------------------------------------------------------------------------

TEST(SummaryJson, EmptyDatasetExactBytes) {
  const std::string expected = R"({
  "policy": "default",
  "records": {
    "centres": 0,
    "branches": 0,
    "courses": 0,
    "trainees": 0,
    "applications": 0,
    "enrollments": 0,
    "certificates": 0,
    "employers": 0,
    "vacancies": 0,
    "referrals": 0
  },
  "total_records": 0,
  "centres": [],
  "branches": []
})";
  EXPECT_EQ(to_json(summarize(Dataset{})), expected);
}

TEST(SummaryJson, KeysInFixedOrderAndValuesMatch) {
  const std::string text = to_json(summarize(sample()));
  const auto json = nlohmann::ordered_json::parse(text);
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"policy", "records", "total_records", "centres",
                                            "branches"}));
  EXPECT_EQ(json["policy"], "test-programme");
  EXPECT_EQ(json["records"]["enrollments"], 7);
  EXPECT_EQ(json["total_records"], 19);
  ASSERT_EQ(json["centres"].size(), 2U);
  EXPECT_EQ(json["centres"][0]["code"], "HALKAPINAR");
  EXPECT_EQ(json["centres"][0]["name"], "Halkapınar");  // UTF-8 kept as is
  EXPECT_EQ(json["centres"][0]["completed"], 2);
  EXPECT_FALSE(json["centres"][0].contains("vacancies"));
  std::vector<std::string> branch_keys;
  for (const auto& [key, value] : json["branches"][0].items()) branch_keys.push_back(key);
  EXPECT_EQ(branch_keys, (std::vector<std::string>{"code", "name", "courses", "enrolled",
                                                   "completed", "waitlisted", "certificates",
                                                   "vacancies"}));
  EXPECT_EQ(json["branches"][0]["vacancies"], 2);
}

TEST(SummaryJson, Deterministic) {
  EXPECT_EQ(to_json(summarize(sample())), to_json(summarize(sample())));
}

TEST(SummaryJson, InvalidUtf8InANameCannotReachIt) {
  // The model refuses text that is not UTF-8, so a summary never has to print it.
  Dataset data;
  EXPECT_THROW(data.add(centre(1, "BAD", std::string("Bad \xff name"))), InvalidRecord);
  EXPECT_EQ(data.record_count(), 0u);
}

// --- to_text ------------------------------------------------------------------------------------

TEST(SummaryText, ShowsPolicyRecordsAndTables) {
  const std::string text = to_text(summarize(sample()));
  EXPECT_NE(text.find("Policy: test-programme\n"), std::string::npos);
  EXPECT_NE(text.find("Records\n"), std::string::npos);
  EXPECT_NE(text.find("Centres\n"), std::string::npos);
  EXPECT_NE(text.find("Branches\n"), std::string::npos);
  EXPECT_NE(text.find("Halkapınar"), std::string::npos);
  EXPECT_NE(text.find("Boutique chocolate"), std::string::npos);
  EXPECT_EQ(text.back(), '\n');
}

TEST(SummaryText, ColumnsAreAlignedEvenWithTurkishLetters) {
  const auto all = lines(to_text(summarize(sample())));
  // The centres table: header line, then one line per centre; right-aligned numeric columns end
  // at the same display column on every line.
  std::size_t header = 0;
  while (header < all.size() && all[header] != "Centres") ++header;
  ASSERT_LT(header + 3, all.size());
  const std::string& head = all[header + 1];
  EXPECT_EQ(head.rfind("  code", 0), 0U);
  const std::size_t total = width(head);
  for (std::size_t i = header + 2; i < header + 4; ++i) {
    EXPECT_EQ(width(all[i]), total) << all[i];
  }
  // "name" starts at the same display column on every line.
  auto name_column = [](const std::string& line, std::string_view name) {
    return width(std::string_view(line).substr(0, line.find(name)));
  };
  EXPECT_EQ(name_column(all[header + 2], "Halkapınar"), name_column(head, "name"));
  EXPECT_EQ(name_column(all[header + 3], "Tire"), name_column(head, "name"));
}

TEST(SummaryText, RecordsTableHasATotal) {
  const std::string text = to_text(summarize(sample()));
  EXPECT_NE(text.find("total"), std::string::npos);
  EXPECT_NE(text.find("19\n"), std::string::npos);
}

TEST(SummaryText, EmptyDatasetSaysNone) {
  const std::string text = to_text(summarize(Dataset{}));
  EXPECT_NE(text.find("Centres\n  (none)\n"), std::string::npos);
  EXPECT_NE(text.find("Branches\n  (none)\n"), std::string::npos);
}

TEST(SummaryText, LargeCountsAreGrouped) {
  Dataset data;
  data.add(centre(1, "C", "Centre"));
  data.add(branch("SEWING", "Sewing"));
  for (unsigned i = 1; i <= 1234; ++i) data.add(course(i, "SEWING", 1));
  const std::string text = to_text(summarize(data));
  EXPECT_NE(text.find("1,234"), std::string::npos);
}

}  // namespace
}  // namespace vocfab
