// Large datasets are validated on two threads (src/validation/validate.cc); the issues must be
// exactly those of the sequential run, in the same order. A small broken document (validated on
// one thread) is padded with enough valid trainees to cross the threshold; the padding reports
// nothing and changes no path, so both must give the same list.
#include "support/fixture.h"
#include "vocfab/io/json.h"
#include "vocfab/validation/validate.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace vocfab {
namespace {

using json = nlohmann::json;
namespace fx = vocfab::testing;

// Breaks something in most collections, including a record the reader rejects (so paths go
// through LoadDiagnostics::document_index and rejected ids are not reported as unknown).
json broken_document() {
  json doc = fx::valid_document();
  json centre = doc["centres"][0];
  centre["id"] = fx::centre_id(2);
  centre["branches"].push_back("WELDING");  // Unknown branch; duplicate code.
  doc["centres"].push_back(centre);
  json course = doc["courses"][1];
  course["id"] = fx::course_id(3);
  course["centre"] = fx::centre_id(9);  // Unknown centre.
  course["capacity"] = 3;              // Below the minimum group.
  doc["courses"].push_back(course);
  json rejected = fx::trainee(20);
  rejected["national_id"] = "17291716050";  // Invalid: the reader leaves this record out.
  doc["trainees"].insert(doc["trainees"].begin() + 2, rejected);
  json twin = fx::trainee(21);
  twin["id"] = fx::trainee_id(4);  // Duplicate id.
  doc["trainees"].push_back(twin);
  json same_person = fx::trainee(22);
  same_person["national_id"] = fx::national_id(5);  // Duplicate national id.
  doc["trainees"].push_back(same_person);
  doc["applications"].push_back({{"id", fx::application_id(2)}, {"trainee", fx::trainee_id(20)},
                                 {"courses", {fx::course_id(2), fx::course_id(2), fx::course_id(77)}},
                                 {"applied", "2025-12-01"}});
  doc["enrollments"].push_back({{"id", fx::enrollment_id(30)}, {"trainee", fx::trainee_id(3)},
                                {"course", fx::course_id(1)}, {"status", "completed"}, {"absent_hours", 4},
                                {"score", 80}});  // Same course again: overlap, branch already completed.
  doc["enrollments"].push_back({{"id", fx::enrollment_id(31)}, {"trainee", fx::trainee_id(3)},
                                {"course", fx::course_id(88)}, {"status", "enrolled"}, {"absent_hours", 0}});
  doc["certificates"].push_back({{"id", fx::certificate_id(2)}, {"enrollment", fx::enrollment_id(0)},
                                 {"kind", "participation"}, {"issued", "2026-03-01"},
                                 {"verification_code", "X"}});  // Second certificate, wrong kind, early.
  json vacancy = fx::vacancy(2);
  vacancy["employer"] = fx::employer_id(5);  // Unknown employer.
  doc["vacancies"].push_back(vacancy);
  doc["referrals"].push_back(fx::referral(3, 1, 1, "referred"));  // Duplicate (trainee 1, vacancy 1).
  doc["referrals"].push_back(fx::referral(4, 2, 9, "referred"));  // Unknown vacancy.
  for (int n = 0; n < 4; ++n) {
    json declined = fx::referral(10 + n, 6, 1, "declined", "2026-04-0" + std::to_string(2 + n));
    declined["decided"] = "2026-04-0" + std::to_string(3 + n);
    doc["referrals"].push_back(declined);  // Duplicates, and then a pause.
  }
  for (int n = 0; n < 4; ++n) doc["referrals"].push_back(fx::referral(20 + n, 7, 1 + n, "referred"));
  return doc;
}

std::string describe(const std::vector<Issue>& issues) {
  std::string text;
  for (const auto& issue : issues) text += issue.path + ": " + std::string(to_string(issue.code)) + ": " + issue.message + "\n";
  return text;
}

TEST(ParallelValidation, GivesTheSequentialIssuesInTheSameOrder) {
  const json small = broken_document();
  const auto sequential = validate_text(small.dump());
  ASSERT_LT(sequential.load.dataset.record_count(), 10'000u);

  json large = small;
  for (int n = 100; n < 10'100; ++n) large["trainees"].push_back(fx::trainee(n));
  const auto parallel = validate_text(large.dump());
  ASSERT_GE(parallel.load.dataset.record_count(), 10'000u);

  EXPECT_EQ(describe(parallel.issues), describe(sequential.issues));
  ASSERT_EQ(parallel.issues.size(), sequential.issues.size());
  for (std::size_t i = 0; i < parallel.issues.size(); ++i) EXPECT_EQ(parallel.issues[i].code, sequential.issues[i].code);

  // The document breaks records in most collections, on both sides of the split.
  std::set<std::string> collections;
  for (const auto& issue : sequential.issues) collections.insert(issue.path.substr(0, issue.path.find('[')));
  for (const char* name : {"centres", "courses", "trainees", "applications", "enrollments", "certificates",
                           "vacancies", "referrals"}) {
    EXPECT_TRUE(collections.contains(name)) << name << " has no issue:\n" << describe(sequential.issues);
  }
}

}  // namespace
}  // namespace vocfab
