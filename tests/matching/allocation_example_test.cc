// Course allocation (SPEC 5.2) on small datasets worked by hand: the example of docs/matching.md,
// the choices skipped and why, applications and capacities, the as-of day, the sample dataset.
#include "matching/allocation_fixture.h"
#include "vocfab/io/allocation_json.h"

#include <gmock/gmock.h>

namespace vocfab::testing {
namespace {

using matching::AllocationAssignment;
using matching::AllocationRequest;
using matching::allocate;
using ::testing::HasSubstr;

// The worked example of docs/matching.md: K (Konak, 2 seats, minimum 2), B (Bornova, 2, 2),
// C (Konak, 3, 3); t6 lives outside İzmir.
nlohmann::json worked_example() {
  nlohmann::json doc = allocation_document();
  doc["courses"] = {course_record(11, 1, 2, 2, "2026-06-01", "2026-07-31"),
                    course_record(12, 2, 2, 2, "2026-06-01", "2026-07-31"),
                    course_record(13, 1, 3, 3, "2026-06-01", "2026-07-31")};
  doc["trainees"] = {person_record(1, "Konak", "employed"),   person_record(2, "Bornova", "unemployed"),
                     person_record(3, "Bornova", "unemployed"), person_record(4, "Konak", "unemployed"),
                     person_record(5, "Bornova", "employed"),  person_record(6, "Çankaya", "unemployed", false, "06")};
  doc["applications"] = {application_record(1, 1, {11, 12}, "2026-04-01"),
                         application_record(2, 2, {11, 12}, "2026-04-02"),
                         application_record(3, 3, {11, 13}, "2026-04-01"),
                         application_record(4, 4, {12, 11}, "2026-04-03"),
                         application_record(5, 5, {13, 12}, "2026-04-01"),
                         application_record(6, 6, {11}, "2026-04-01")};
  return doc;
}

TEST(AllocationExample, WorkedExample) {
  const Dataset dataset = load(worked_example());
  const auto result = allocate(dataset);
  EXPECT_EQ(result.rounds, 2u);
  EXPECT_EQ(result.seed, 0u);
  EXPECT_EQ(result.as_of, day(2026, 5, 1));
  const std::vector<AllocationAssignment> expected{{person(1), course(11), 1},
                                                   {person(2), course(12), 2},
                                                   {person(4), course(11), 2},
                                                   {person(5), course(12), 2}};
  EXPECT_EQ(result.assignments, expected);
  ASSERT_EQ(result.waitlists.size(), 2u);
  EXPECT_EQ(result.waitlists[0].course, course(11));
  EXPECT_EQ(result.waitlists[0].trainees, (std::vector<TraineeId>{person(3), person(2)}));
  EXPECT_EQ(result.waitlists[1].course, course(12));
  EXPECT_EQ(result.waitlists[1].trainees, (std::vector<TraineeId>{person(4)}));
  ASSERT_EQ(result.cancelled.size(), 1u);
  EXPECT_EQ(result.cancelled[0].course, course(13));
  EXPECT_EQ(result.cancelled[0].assigned, 1u);
  EXPECT_EQ(result.cancelled[0].min_group, 3u);
  EXPECT_EQ(result.cancelled[0].round, 1u);
  EXPECT_THAT(result.cancelled[0].reason, HasSubstr("below its minimum group of 3"));
  ASSERT_EQ(result.unassigned.size(), 2u);
  EXPECT_EQ(result.unassigned[0].trainee, person(3));
  EXPECT_THAT(result.unassigned[0].reason, HasSubstr("of 2 ranked courses, 1 full"));
  EXPECT_THAT(result.unassigned[0].reason, HasSubstr("1 cancelled below the minimum group"));
  EXPECT_EQ(result.unassigned[1].trainee, person(6));
  EXPECT_THAT(result.unassigned[1].reason, HasSubstr("1 not acceptable"));
  ASSERT_EQ(result.skipped.size(), 1u);
  EXPECT_EQ(result.skipped[0].trainee, person(6));
  EXPECT_EQ(result.skipped[0].code, IssueCode::not_eligible_residency);
  // open K, open B; K: enroll t4, t1, waitlist t3, t2; B: enroll t2, t5, waitlist t4; cancel C.
  std::vector<std::string> names;
  const std::vector<Operation> operations = result.operations();
  for (const auto& op : operations) names.emplace_back(operation_name(op));
  EXPECT_EQ(names, (std::vector<std::string>{"open_course", "open_course", "enroll", "enroll", "enroll", "enroll",
                                             "enroll", "enroll", "enroll", "cancel_course"}));
  const auto& first = std::get<ops::Enroll>(operations[2].arguments);
  EXPECT_EQ(first.trainee, person(4));  // Konak resident and unemployed: first at Konak's K
  EXPECT_FALSE(first.waitlist);
  expect_operations_carry_out(dataset, result);
  // No two applicants tie on groups and date at any course: the lottery plays no part.
  for (std::uint64_t seed : {1u, 2u, 77u}) {
    const auto other = allocate(dataset, AllocationRequest{seed, std::nullopt});
    EXPECT_EQ(other.assignments, result.assignments);
    EXPECT_EQ(other.waitlists, result.waitlists);
    EXPECT_EQ(other.seed, seed);
  }
}

TEST(AllocationExample, PolicyOrderOfGroupsDecides) {
  // With only the unemployed group, K takes t4, t3 (unemployed, t3 applied earlier), then t2.
  nlohmann::json doc = worked_example();
  doc["policy"]["allocation"] = {{"priority", {"unemployed"}}, {"seed", 5}};
  const Dataset dataset = load(doc);
  const auto result = allocate(dataset);
  EXPECT_EQ(result.seed, 5u);
  const auto placed_at = [&](int n) -> std::optional<CourseId> {
    for (const auto& a : result.assignments) {
      if (a.trainee == person(n)) return a.course;
    }
    return std::nullopt;
  };
  EXPECT_EQ(placed_at(3), course(11));
  expect_operations_carry_out(dataset, result);
}

TEST(AllocationExample, SkipsWhatIsNotAllocatedOrNotAcceptable) {
  nlohmann::json doc = allocation_document();
  doc["policy"]["max_active_enrollments"] = 2;
  doc["courses"] = {course_record(11, 1, 2, 1, "2026-06-01", "2026-06-30", "open"),
                    course_record(12, 1, 2, 1, "2026-06-15", "2026-07-15"),   // overlaps 11
                    course_record(13, 1, 2, 1, "2026-04-01", "2026-05-30", "open"),  // started
                    course_record(14, 1, 2, 1, "2026-09-01", "2026-09-30", "cancelled")};
  doc["trainees"] = {person_record(1, "Konak", "unemployed"), person_record(2, "Konak", "unemployed")};
  doc["trainees"][1]["birth_date"] = "2014-01-01";  // 12 at the start
  doc["enrollments"] = {{{"id", enrollment_id(1)}, {"trainee", trainee_id(1)}, {"course", course_id(11)},
                         {"status", "enrolled"}, {"absent_hours", 0}}};
  doc["applications"] = {application_record(1, 1, {13, 14, 11, 12, 12}, "2026-04-01"),
                         application_record(2, 2, {12}, "2026-04-01"),
                         {{"id", application_id(3)}, {"trainee", trainee_id(1)}, {"courses", {uuid(2, 99)}},
                          {"applied", "2026-03-01"}}};  // earlier: not the one that counts
  const Dataset dataset = read_document(doc);
  const auto result = allocate(dataset);
  std::vector<std::pair<std::uint32_t, IssueCode>> skipped;
  for (const auto& s : result.skipped) {
    if (s.trainee == person(1)) skipped.emplace_back(s.choice, s.code);
  }
  EXPECT_EQ(skipped, (std::vector<std::pair<std::uint32_t, IssueCode>>{{1, IssueCode::course_not_open},
                                                                        {2, IssueCode::course_not_open},
                                                                        {3, IssueCode::duplicate_enrollment},
                                                                        {4, IssueCode::schedule_conflict},
                                                                        {5, IssueCode::invalid_value}}));
  ASSERT_EQ(result.skipped.back().trainee, person(2));
  EXPECT_EQ(result.skipped.back().code, IssueCode::not_eligible_age);
  EXPECT_TRUE(result.assignments.empty());
  EXPECT_EQ(result.unassigned.size(), 2u);
  // Nobody acceptable ranks course 12, and it holds no seat: below its minimum, dropped
  // without a re-run; course 11 holds one seat, meeting its minimum of 1.
  ASSERT_EQ(result.cancelled.size(), 1u);
  EXPECT_EQ(result.cancelled[0].course, course(12));
  EXPECT_EQ(result.rounds, 1u);
  expect_operations_carry_out(dataset, result);
}

TEST(AllocationExample, CapacityCountsSeatsAlreadyHeld) {
  nlohmann::json doc = allocation_document();
  doc["courses"] = {course_record(11, 1, 3, 2, "2026-06-01", "2026-06-30", "open")};
  doc["trainees"] = {person_record(1, "Konak", "unemployed"), person_record(2, "Konak", "unemployed"),
                     person_record(3, "Konak", "unemployed"), person_record(4, "Konak", "unemployed")};
  doc["enrollments"] = {{{"id", enrollment_id(1)}, {"trainee", trainee_id(1)}, {"course", course_id(11)},
                         {"status", "enrolled"}, {"absent_hours", 0}}};
  doc["applications"] = {application_record(2, 2, {11}, "2026-04-02"), application_record(3, 3, {11}, "2026-04-01"),
                         application_record(4, 4, {11}, "2026-04-03")};
  const Dataset dataset = load(doc);
  const auto result = allocate(dataset);
  EXPECT_EQ(result.assignments,
            (std::vector<AllocationAssignment>{{person(2), course(11), 1}, {person(3), course(11), 1}}));
  ASSERT_EQ(result.waitlists.size(), 1u);
  EXPECT_EQ(result.waitlists[0].trainees, std::vector<TraineeId>{person(4)});
  EXPECT_TRUE(result.cancelled.empty());
  expect_operations_carry_out(dataset, result);
}

TEST(AllocationExample, AsOfFromRequestOrDatasetOrRefused) {
  nlohmann::json doc = worked_example();
  doc.erase("as_of");
  const Dataset dataset = load(doc);
  EXPECT_THROW(allocate(dataset), matching::AllocationError);
  // On 2026-06-01 every course has started: nothing is allocated.
  const auto late = allocate(dataset, AllocationRequest{std::nullopt, day(2026, 6, 1)});
  EXPECT_TRUE(late.assignments.empty());
  EXPECT_EQ(late.skipped.size(), 11u);
  EXPECT_EQ(allocate(dataset, AllocationRequest{std::nullopt, day(2026, 5, 1)}).assignments.size(), 4u);
}

TEST(AllocationExample, SampleDataset) {
  LoadResult read = read_dataset_file(std::string(VOCFAB_DATA_DIR) + "/sample.json");
  ASSERT_TRUE(read.ok());
  Dataset& dataset = read.dataset;
  const Date as_of = day(2026, 11, 20);
  // The sample's former trainees applying for the planned December courses hold no seat: they
  // are placed; the others ranking a course still to start hold one (max_active_enrollments 1)
  // and are skipped; the course with too few is cancelled.
  const auto result = allocate(dataset, AllocationRequest{std::nullopt, as_of});
  EXPECT_GE(result.assignments.size(), 20u);
  EXPECT_FALSE(result.skipped.empty());
  EXPECT_FALSE(result.cancelled.empty());
  EXPECT_FALSE(result.waitlists.empty());
  for (const auto& a : result.assignments) {
    const Course& c = *dataset.find(a.course);
    EXPECT_TRUE(in_scope(c, as_of));
    EXPECT_TRUE(acceptable(dataset, a.trainee, c)) << a.trainee.to_string() << " " << a.course.to_string();
  }
  expect_operations_carry_out(dataset, result);
  const std::string table = allocation_table(dataset, result);
  for (const auto& t : dataset.records<Trainee>()) {
    if (t.identity) {
      EXPECT_EQ(table.find(t.identity->national_id.digits()), std::string::npos);
      EXPECT_EQ(table.find(t.identity->family_name), std::string::npos);
    }
  }
  EXPECT_THAT(table, HasSubstr("waitlist 1  "));
  EXPECT_THAT(table, HasSubstr("cancelled: "));
}

}  // namespace
}  // namespace vocfab::testing
