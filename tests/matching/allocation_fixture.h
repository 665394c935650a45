// Datasets for the course-allocation tests, and oracles written from SPEC 5.2 directly: which
// choices are acceptable (the rule functions), each course's order of priority (a comparator,
// where the allocator uses a counting sort), and what applying the result's operations gives.
#pragma once

#include "ops/ops_fixture.h"
#include "vocfab/io/json.h"
#include "vocfab/matching/allocation.h"
#include "vocfab/model/turkish_text.h"
#include "vocfab/validation/rules.h"
#include "vocfab/validation/validate.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace vocfab::testing {

/// A document with the base fixture's policy, centres in Konak (1) and Bornova (2), the two
/// branches, and no courses, people, applications or enrollments yet; as_of 2026-05-01.
inline nlohmann::json allocation_document() {
  nlohmann::json doc = valid_document();
  doc["as_of"] = "2026-05-01";
  doc["centres"].push_back({{"id", centre_id(2)}, {"code", "BORNOVA"}, {"name", "Bornova"}, {"province", "35"},
                            {"district", "Bornova"}, {"seats", 120}, {"branches", {"SEWING", "BOUTIQUE_CHOCOLATE"}}});
  doc["courses"] = nlohmann::json::array();
  doc["trainees"] = nlohmann::json::array();
  doc["applications"] = nlohmann::json::array();
  doc["enrollments"] = nlohmann::json::array();
  doc["certificates"] = nlohmann::json::array();
  doc["referrals"] = nlohmann::json::array();
  return doc;
}

/// A course of branch BOUTIQUE_CHOCOLATE at centre @p centre.
inline nlohmann::json course_record(int n, int centre, int capacity, int min_group, const std::string& start,
                                    const std::string& end, const std::string& status = "planned") {
  return {{"id", course_id(n)},  {"branch", "BOUTIQUE_CHOCOLATE"}, {"centre", centre_id(centre)},
          {"start", start},      {"end", end},                      {"total_hours", 60},
          {"capacity", capacity}, {"min_group", min_group},          {"mode", "in_person"},
          {"certificate", "participation"}, {"status", status}};
}

/// Trainee @p n living in @p district (province @p province) with @p employment.
inline nlohmann::json person_record(int n, const std::string& district, const std::string& employment,
                                    bool disability = false, const std::string& province = "35") {
  nlohmann::json t = trainee(n);
  t["district"] = district;
  t["province"] = province;
  t["employment_status"] = employment;
  t["job_seeking"] = employment != "employed";
  t["disability"] = disability;
  return t;
}

inline nlohmann::json application_record(int n, int trainee_number, const std::vector<int>& courses,
                                         const std::string& applied) {
  nlohmann::json list = nlohmann::json::array();
  for (int c : courses) list.push_back(course_id(c));
  return {{"id", application_id(n)}, {"trainee", trainee_id(trainee_number)}, {"courses", list}, {"applied", applied}};
}

/// @p document read (without requiring it to validate: tests also build odd datasets).
inline Dataset read_document(const nlohmann::json& document) {
  LoadResult read = read_dataset(document.dump());
  EXPECT_TRUE(read.ok()) << (read.issues.empty() ? "" : read.issues.front().path + ": " + read.issues.front().message);
  return std::move(read.dataset);
}

/// The application that counts for each person: the latest, on one day the later record.
inline std::map<TraineeId, const Application*> latest_applications_of(const Dataset& dataset) {
  std::map<TraineeId, const Application*> latest;
  for (const auto& a : dataset.records<Application>()) {
    if (dataset.find(a.trainee) == nullptr) continue;
    auto& slot = latest[a.trainee];
    if (slot == nullptr || !(a.applied < slot->applied)) slot = &a;
  }
  return latest;
}

/// True when the course is being allocated on @p as_of: planned or open, starting after it.
inline bool in_scope(const Course& course, const Date& as_of) {
  return (course.status == CourseStatus::planned || course.status == CourseStatus::open) && as_of < course.start;
}

/// SPEC 5.2 acceptability, from the rule functions.
inline bool acceptable(const Dataset& dataset, const TraineeId& trainee, const Course& course) {
  const auto person = *dataset.row_of(trainee);
  const Trainee& t = dataset.at(person);
  const auto all = Considered<Enrollment>::all();
  return !check_not_erased(t) && check_course_eligibility(dataset.policy(), t, course).empty() &&
         !check_active_enrollments(dataset, person, all) && !check_schedule(dataset, person, course, all) &&
         !check_branch_not_completed(dataset, person, course.branch, all) &&
         !check_not_in_course(dataset, person, course, all);
}

/// Each course's order of priority over every applicant, written as a comparator key: the
/// groups' membership (member first), the application date, the lottery number.
class PriorityOracle {
 public:
  PriorityOracle(const Dataset& dataset, std::uint64_t seed) : dataset_(dataset) {
    const auto latest = latest_applications_of(dataset);
    const auto draws = matching::lottery_draws(seed, latest.size());
    std::size_t i = 0;
    for (const auto& [id, application] : latest) {  // by trainee id
      lottery_[id] = draws[i++];
      applied_[id] = application->applied;
    }
  }
  using Key = std::tuple<std::vector<int>, Date, std::uint64_t>;
  Key key(const TraineeId& trainee, const Course& course) const {
    const Trainee& t = *dataset_.find(trainee);
    const Centre* centre = dataset_.find(course.centre);
    std::vector<int> groups;
    for (const auto group : dataset_.policy().allocation.priority) {
      bool member = false;
      if (group == PriorityGroup::centre_district) {
        member = centre != nullptr && centre->province == t.province && same_turkish_text(centre->district, t.district);
      } else if (group == PriorityGroup::unemployed) {
        member = t.employment_status == EmploymentStatus::unemployed;
      } else {
        member = t.disability;
      }
      groups.push_back(member ? 0 : 1);
    }
    return {groups, applied_.at(trainee), lottery_.at(trainee)};
  }
  /// True when @p course takes @p a before @p b.
  bool before(const Course& course, const TraineeId& a, const TraineeId& b) const { return key(a, course) < key(b, course); }
  /// (groups, date) without the lottery.
  std::pair<std::vector<int>, Date> key_without_lottery(const TraineeId& trainee, const Course& course) const {
    auto k = key(trainee, course);
    return {std::get<0>(k), std::get<1>(k)};
  }

 private:
  const Dataset& dataset_;
  std::map<TraineeId, std::uint64_t> lottery_;
  std::map<TraineeId, Date> applied_;
};

/// Applies @p result's operations to a copy of @p dataset; expects success, a clean validation,
/// and new enrollments that are exactly the assignments (enrolled) and the waitlists (waitlisted),
/// the cancelled courses cancelled.
inline void expect_operations_carry_out(const Dataset& dataset, const matching::AllocationResult& result) {
  Dataset copy = read_document(nlohmann::json::parse(write_dataset(dataset)));
  const std::size_t before = copy.records<Enrollment>().size();
  BatchContext context = context_on(result.as_of);
  const BatchResult applied = apply(copy, result.operations(), context);
  ASSERT_TRUE(applied.ok()) << (applied.failed && !applied.failed->issues.empty()
                                    ? applied.failed->issues.front().path + ": " + applied.failed->issues.front().message
                                    : std::string());
  // The dataset validates as it did before: the operations add no issue.
  const auto before_issues = validate(dataset);
  const auto issues = validate(copy);
  EXPECT_EQ(issues, before_issues) << (issues.empty() ? "" : issues.front().path + ": " + issues.front().message);
  std::vector<std::pair<TraineeId, CourseId>> enrolled, waitlisted, expected_enrolled, expected_waitlisted;
  const auto records = copy.records<Enrollment>();
  for (std::size_t i = before; i < records.size(); ++i) {
    (records[i].status == EnrollmentStatus::enrolled ? enrolled : waitlisted).emplace_back(records[i].trainee, records[i].course);
  }
  for (const auto& a : result.assignments) expected_enrolled.emplace_back(a.trainee, a.course);
  for (const auto& w : result.waitlists) {
    for (const auto& t : w.trainees) expected_waitlisted.emplace_back(t, w.course);
  }
  std::sort(enrolled.begin(), enrolled.end());
  std::sort(expected_enrolled.begin(), expected_enrolled.end());
  EXPECT_EQ(enrolled, expected_enrolled);
  std::sort(waitlisted.begin(), waitlisted.end());
  std::sort(expected_waitlisted.begin(), expected_waitlisted.end());
  EXPECT_EQ(waitlisted, expected_waitlisted);
  for (const auto& c : result.cancelled) {
    const CourseStatus status = dataset.find(c.course)->status;
    if (can_move(status, CourseStatus::cancelled)) {
      EXPECT_EQ(copy.find(c.course)->status, CourseStatus::cancelled);
    }
  }
}

}  // namespace vocfab::testing
