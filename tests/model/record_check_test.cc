// What the model refuses to hold: a record that breaks its own invariants is refused by add,
// append and replace, each of which then leaves the dataset exactly as it was.
#include "support/records.h"
#include "vocfab/model/dataset.h"
#include "vocfab/model/record_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

namespace vocfab {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;

using testing::day;

Course course() {
  return Course{.id = *CourseId::parse("c1000000-0000-4000-8000-000000000001"), .branch = *BranchCode::parse("SEWING"),
                .centre = *CentreId::parse("c0000000-0000-4000-8000-000000000001"), .start = day(2026, 1, 5),
                .end = day(2026, 3, 27), .total_hours = 120, .capacity = 15, .min_group = std::nullopt,
                .mode = DeliveryMode::in_person, .certificate = CertificateKind::meb, .status = CourseStatus::open,
                .min_age = std::nullopt};
}

Trainee trainee() {
  return testing::trainee_record(*TraineeId::parse("30000000-0000-4000-8000-000000000001"),
                                 *NationalId::parse("10000000146"), "Ayşe");
}

auto HasProblem(IssueCode code, const std::string& path) {
  return Contains(AllOf(Field(&Issue::code, code), Field(&Issue::path, path)));
}

TEST(RecordCheck, RangesOfNumbers) {
  Course c = course();
  EXPECT_TRUE(record_problems(c).empty());
  c.capacity = 0;
  c.min_age = 151;
  EXPECT_THAT(record_problems(c), HasProblem(IssueCode::invalid_value, "capacity"));
  EXPECT_THAT(record_problems(c), HasProblem(IssueCode::invalid_value, "min_age"));
  Enrollment e{.id = {}, .trainee = {}, .course = {}, .status = EnrollmentStatus::completed, .absent_hours = 0,
               .score = 101, .enrolled = std::nullopt, .ended = std::nullopt};
  EXPECT_THAT(record_problems(e), HasProblem(IssueCode::invalid_value, "score"));
}

TEST(RecordCheck, TextOfEachKindInNestedValuesToo) {
  Trainee t = trainee();
  t.identity->given_name = "\u00A0\u200B\u3000";  // no-break, zero-width and ideographic spaces
  t.identity->family_name = "Yılmaz2";
  t.district = "Kon\x01ak";
  t.identity->job_preferences.sectors = {"textile", " "};
  t.identity->email = "not an address";
  const auto problems = record_problems(t);
  EXPECT_THAT(problems, HasProblem(IssueCode::invalid_value, "given_name"));
  EXPECT_THAT(problems, HasProblem(IssueCode::invalid_value, "family_name"));
  EXPECT_THAT(problems, HasProblem(IssueCode::invalid_value, "district"));
  EXPECT_THAT(problems, HasProblem(IssueCode::invalid_value, "job_preferences.sectors[1]"));
  EXPECT_THAT(problems, HasProblem(IssueCode::invalid_value, "email"));
}

TEST(RecordCheck, APersonIsIdentifiedOrErasedNotBoth) {
  Trainee t = trainee();
  t.erased = day(2026, 1, 1);
  EXPECT_THAT(record_problems(t), HasProblem(IssueCode::invalid_value, "erased"));
  t.identity.reset();
  EXPECT_THAT(record_problems(t), HasProblem(IssueCode::missing_field, "birth_year"));
  t.birth_year = 1995;
  EXPECT_TRUE(record_problems(t).empty());
  t.erased.reset();
  EXPECT_THAT(record_problems(t), HasProblem(IssueCode::missing_field, "national_id"));
  Trainee mismatched = trainee();
  mismatched.birth_year = 1990;
  EXPECT_THAT(record_problems(mismatched), HasProblem(IssueCode::invalid_value, "birth_year"));
}

TEST(RecordCheck, AVacancyNamesABranchOrAnOccupation) {
  Vacancy v{.id = {}, .employer = {}, .title = "Dikiş operatörü", .branch = std::nullopt,
            .occupation_code = std::nullopt, .positions = 1, .requires_certificate = false, .min_age = std::nullopt,
            .province = *ProvinceCode::parse("35"), .district = "Bornova", .shift = Shift::day,
            .opened = day(2026, 1, 1), .closes = day(2026, 2, 1), .status = VacancyStatus::open};
  EXPECT_THAT(record_problems(v), HasProblem(IssueCode::missing_field, "branch"));
  v.occupation_code = "7533.1";
  EXPECT_THAT(record_problems(v), HasProblem(IssueCode::invalid_value, "occupation_code"));
  v.occupation_code = "7533.01";
  EXPECT_TRUE(record_problems(v).empty());
}

TEST(RecordCheck, TheDatasetRefusesAndStaysAsItWas) {
  Dataset d;
  d.add(course());
  Course bad = course();
  bad.id = *CourseId::parse("c1000000-0000-4000-8000-000000000002");
  bad.capacity = 0;
  EXPECT_THROW(d.add(bad), InvalidRecord);
  EXPECT_THROW(d.append(std::vector<Course>{course(), bad}), InvalidRecord);
  EXPECT_EQ(d.records<Course>().size(), 1u);
  EXPECT_THROW(d.replace(Row<Course>{0}, bad), InvalidRecord);
  EXPECT_EQ(d.records<Course>()[0].capacity, 15u);
  try {
    d.add(bad);
  } catch (const InvalidRecord& error) {
    EXPECT_THAT(error.issues(), HasProblem(IssueCode::invalid_value, "capacity"));
  }
  Policy policy;
  policy.pass_mark = 101;
  EXPECT_THROW(d.set_policy(policy), InvalidRecord);
  EXPECT_EQ(d.policy().pass_mark, 50u);
}

TEST(RecordCheck, ReplaceReindexesAndErasureRemovesTheNationalId) {
  Dataset d;
  d.add(trainee());
  const NationalId old_id = *NationalId::parse("10000000146");
  ASSERT_NE(d.find(old_id), nullptr);
  Trainee corrected = trainee();
  corrected.identity->national_id = *NationalId::complete("123456789");
  d.replace(Row<Trainee>{0}, corrected);
  EXPECT_EQ(d.find(old_id), nullptr);
  EXPECT_EQ(d.find(corrected.identity->national_id), &d.records<Trainee>()[0]);
  Trainee erased = corrected;
  erased.identity.reset();
  erased.erased = day(2026, 6, 1);
  erased.birth_year = 1995;
  d.replace(Row<Trainee>{0}, erased);
  EXPECT_EQ(d.find(corrected.identity->national_id), nullptr);
  EXPECT_EQ(d.find(erased.id), &d.records<Trainee>()[0]);
  EXPECT_EQ(d.records<Trainee>()[0].year_of_birth(), 1995);
  d.remove_last<Trainee>();
  EXPECT_EQ(d.find(erased.id), nullptr);
  EXPECT_EQ(d.record_count(), 0u);
}

TEST(RecordCheck, TheAuditTrailHasNoGaps) {
  Dataset d;
  AuditEntry entry;
  entry.seq = 2;
  EXPECT_THROW(d.append_audit(entry), std::invalid_argument);
  entry.seq = 1;
  d.append_audit(entry);
  EXPECT_EQ(d.audit().size(), 1u);
  d.remove_last_audit();
  EXPECT_TRUE(d.audit().empty());
}

}  // namespace
}  // namespace vocfab
