// Course planning (SPEC 5.4): demand and supply against a plain recount, gaps, and every
// recommendation feasible — a hosting centre, seats it has free, at least the minimum group.
#include "matching/ranking_fixture.h"
#include "vocfab/io/json.h"
#include "vocfab/io/report_json.h"
#include "vocfab/report/planning.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <random>
#include <set>

namespace vocfab::report {
namespace {

using namespace vocfab::testing;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Demand and supply of every branch, counted from the records on their own.
std::map<std::string, std::pair<Demand, Supply>> recount_balances(const Dataset& data, const Date& day) {
  std::map<std::string, std::pair<Demand, Supply>> out;
  for (const Branch& b : data.records<Branch>()) out[b.code.str()];
  for (const Vacancy& v : data.records<Vacancy>()) {
    if (!v.branch || !out.contains(v.branch->str())) continue;
    std::uint64_t hires = 0;
    for (const Referral& r : data.records<Referral>()) {
      const bool hire = r.status == ReferralStatus::hired || r.status == ReferralStatus::left_early ||
                        r.status == ReferralStatus::retained;
      if (!(r.vacancy == v.id) || !hire) continue;
      ++hires;
      if (r.hired && *r.hired <= day && (day - *r.hired).days() < static_cast<long>(data.policy().planning.recent_days)) {
        ++out[v.branch->str()].first.recent_hires;
      }
    }
    if (v.status == VacancyStatus::open && v.opened <= day && day <= v.closes && v.positions > hires) {
      out[v.branch->str()].first.open_positions += v.positions - hires;
    }
  }
  std::map<std::string, std::set<std::string>> certified, training;
  for (const Enrollment& e : data.records<Enrollment>()) {
    const Course* c = data.find(e.course);
    const Trainee* t = data.find(e.trainee);
    if (c == nullptr || t == nullptr || !out.contains(c->branch.str())) continue;
    if (e.status == EnrollmentStatus::enrolled && (c->status == CourseStatus::open || c->status == CourseStatus::running)) {
      training[c->branch.str()].insert(t->id.to_string());
    }
    const bool seeking = !t->erased && t->job_seeking && t->employment_status != EmploymentStatus::employed;
    for (const Certificate& k : data.records<Certificate>()) {
      if (k.enrollment == e.id && seeking && k.issued <= day && !(k.revoked && k.revoked->date <= day)) {
        certified[c->branch.str()].insert(t->id.to_string());
      }
    }
  }
  for (auto& [branch, balance] : out) {
    balance.second.certified_seekers = certified[branch].size();
    balance.second.in_training = training[branch].size();
  }
  return out;
}

void expect_sound_plan(const Dataset& data, const Date& day) {
  const PlanResult result = plan_courses(data, {day});
  ASSERT_THAT(result.issues, IsEmpty());
  const Plan& plan = *result.plan;
  const auto expected = recount_balances(data, day);
  ASSERT_EQ(plan.branches.size(), expected.size());
  const std::int64_t min_group = data.policy().min_group;
  std::map<std::string, std::int64_t> recommended;
  for (const auto& balance : plan.branches) {
    const auto& [demand, supply] = expected.at(balance.branch.str());
    EXPECT_EQ(balance.demand.open_positions, demand.open_positions) << balance.branch.str();
    EXPECT_EQ(balance.demand.recent_hires, demand.recent_hires) << balance.branch.str();
    EXPECT_EQ(balance.supply.certified_seekers, supply.certified_seekers) << balance.branch.str();
    EXPECT_EQ(balance.supply.in_training, supply.in_training) << balance.branch.str();
    EXPECT_EQ(balance.gap(), static_cast<std::int64_t>(demand.total()) - static_cast<std::int64_t>(supply.total()));
  }
  // Seats: a centre's seats less its open and running courses' seat holders, less what the plan takes.
  std::map<std::string, std::int64_t> free_seats;
  for (const Centre& c : data.records<Centre>()) free_seats[c.id.to_string()] = c.seats;
  for (const Enrollment& e : data.records<Enrollment>()) {
    const Course* c = data.find(e.course);
    const bool seat = e.status == EnrollmentStatus::enrolled || e.status == EnrollmentStatus::completed ||
                      e.status == EnrollmentStatus::failed || e.status == EnrollmentStatus::removed;
    if (c != nullptr && seat && (c->status == CourseStatus::open || c->status == CourseStatus::running)) {
      --free_seats[c->centre.to_string()];
    }
  }
  for (const auto& recommendation : plan.recommendations) {
    const Centre* centre = data.find(recommendation.centre);
    ASSERT_NE(centre, nullptr);
    EXPECT_NE(std::find(centre->branches.begin(), centre->branches.end(), recommendation.branch), centre->branches.end());
    EXPECT_GE(std::int64_t{recommendation.capacity}, min_group);
    free_seats[centre->id.to_string()] -= recommendation.capacity;
    EXPECT_GE(free_seats[centre->id.to_string()], 0) << centre->code;
    recommended[recommendation.branch.str()] += recommendation.capacity;
    EXPECT_THAT(recommendation.reason, HasSubstr("gap"));
  }
  // Never more places than the gap; a branch with a gap below the minimum group gets none, and
  // every branch whose gap is not covered to below the minimum group says why.
  std::set<std::string> explained;
  for (const auto& entry : plan.not_recommended) explained.insert(entry.branch.str());
  for (const auto& balance : plan.branches) {
    const std::int64_t placed = recommended[balance.branch.str()];
    EXPECT_LE(placed, std::max<std::int64_t>(balance.gap(), 0)) << balance.branch.str();
    if (balance.gap() < min_group) {
      EXPECT_EQ(placed, 0) << balance.branch.str();
    }
    if (balance.gap() - placed >= min_group) {
      EXPECT_TRUE(explained.contains(balance.branch.str())) << balance.branch.str();
    }
  }
}

TEST(Planning, RandomDatasetsGetSoundPlans) {
  std::mt19937_64 random(5);
  for (int round = 0; round < 40; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    nlohmann::json document = random_ranking_document(random);
    // Enough demand, sometimes, to open courses: more positions and a second, smaller centre.
    for (auto& vacancy : document["vacancies"]) vacancy["positions"] = 1 + static_cast<int>(random() % 40);
    document["centres"][0]["seats"] = static_cast<int>(random() % 60);
    nlohmann::json second = document["centres"][0];
    second["id"] = centre_id(9);
    second["code"] = "EVKA4";
    second["district"] = "Bornova";
    second["seats"] = static_cast<int>(random() % 40);
    document["centres"].push_back(second);
    expect_sound_plan(read_document(document), day(2026, 6, 1));
  }
}

TEST(Planning, TheSampleGetsASoundPlan) {
  LoadResult load = read_dataset_file(std::string(VOCFAB_DATA_DIR) + "/sample.json");
  ASSERT_TRUE(load.ok());
  expect_sound_plan(load.dataset, day(2026, 11, 20));
}

TEST(Planning, AWorkedExample) {
  nlohmann::json document = valid_document();
  // 30 open sewing positions in Bornova, nobody certified and seeking (the 12 graduates are not
  // seeking work here): a gap of 30 → a course of 15 (the usual capacity, the past course's) and
  // another of 15 at Halkapınar, its 120 seats free (nothing open or running holds a seat).
  for (auto& trainee : document["trainees"]) trainee["job_seeking"] = false;
  document["vacancies"][0]["positions"] = 30;
  document["referrals"] = nlohmann::json::array();
  const Dataset dataset = read_document(document);
  const Plan plan = *plan_courses(dataset, {day(2026, 5, 1)}).plan;
  ASSERT_EQ(plan.branches.size(), 2U);
  EXPECT_EQ(plan.branches[0].demand.open_positions, 30U);
  EXPECT_EQ(plan.branches[0].gap(), 30);
  ASSERT_EQ(plan.recommendations.size(), 2U);
  EXPECT_EQ(plan.recommendations[0].capacity, 15U);
  EXPECT_EQ(plan.recommendations[1].capacity, 15U);
  EXPECT_THAT(plan.recommendations[0].reason, HasSubstr("the usual capacity is 15"));
  ASSERT_EQ(plan.not_recommended.size(), 1U);
  EXPECT_EQ(plan.not_recommended[0].branch.str(), "BOUTIQUE_CHOCOLATE");
  EXPECT_THAT(plan.not_recommended[0].reason, HasSubstr("below the minimum group of 12"));
  // The JSON and the table say the same.
  const auto json = nlohmann::json::parse(write_plan(plan));
  EXPECT_EQ(json["branches"][0]["gap"], 30);
  EXPECT_EQ(json["recommendations"][0]["centre"], centre_id(1));
  EXPECT_THAT(plan_table(dataset, plan), HasSubstr("HALKAPINAR"));
  EXPECT_EQ(plan_reply(dataset, R"({"as_of": "2026-05-01"})").json, write_plan(plan));
  EXPECT_EQ(plan_reply(dataset, R"({"format": "csv"})").issues.at(0).path, "format");
}

}  // namespace
}  // namespace vocfab::report
