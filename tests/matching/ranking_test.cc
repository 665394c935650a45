// Candidate ranking (SPEC 5.1): a worked example on the base fixture, the request's errors, and
// properties on random datasets against a brute force written from the SPEC — no filtered person
// listed and no eligible one missed, terms that sum to the score, the order of a full sort,
// nothing changed by record order or by gender, and `refer` and `hire` seen at once.
#include "matching/ranking_fixture.h"
#include "support/seeker_index_check.h"
#include "vocfab/matching/ranking.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

namespace vocfab::matching {
namespace {

using namespace vocfab::testing;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> trainee_ids(const Ranking& ranking) {
  std::vector<std::string> ids;
  for (const auto& c : ranking.candidates) ids.push_back(c.trainee.to_string());
  return ids;
}

std::int64_t points_of(const Candidate& candidate, std::string_view term) {
  for (const auto& t : candidate.terms) {
    if (t.term == term) return t.points;
  }
  ADD_FAILURE() << "no term " << term;
  return 0;
}

TEST(Ranking, BaseFixtureWorkedExample) {
  const Dataset dataset = read_document(valid_document());
  const auto result = rank(dataset, {vacancy_of(1), 50, day(2026, 5, 1)});
  ASSERT_THAT(result.issues, IsEmpty());
  const Ranking& ranking = *result.ranking;
  // People 0 (hired) and 1 (in interview) were referred to it; the other eleven are eligible.
  ASSERT_EQ(ranking.candidates.size(), 11U);
  const Candidate& first = ranking.candidates.front();
  EXPECT_EQ(first.trainee, person(2));
  EXPECT_EQ(points_of(first, "certificate"), 0);
  EXPECT_EQ(points_of(first, "training"), 0);
  EXPECT_EQ(points_of(first, "location"), 10);  // Konak, the vacancy is in Bornova: same province
  EXPECT_EQ(points_of(first, "waiting"), 8);    // 2025-09-01 to 2026-05-01: 242 days, 8 full periods
  EXPECT_EQ(points_of(first, "declines"), 0);
  EXPECT_EQ(points_of(first, "early_leaves"), 0);
  EXPECT_EQ(points_of(first, "preferences"), 10);  // sector textile and the day shift; not the district
  EXPECT_EQ(first.score, 28);
  // All tie: registration day, then id.
  EXPECT_EQ(ranking.candidates.back().trainee, person(12));

  const auto top = rank(dataset, {vacancy_of(1), 3, day(2026, 5, 1)});
  ASSERT_TRUE(top.ranking);
  EXPECT_THAT(trainee_ids(*top.ranking), ElementsAre(trainee_id(2), trainee_id(3), trainee_id(4)));
}

TEST(Ranking, ExplainGivesTheEntryOrEveryFailedFilter) {
  nlohmann::json doc = valid_document();
  doc["trainees"][5]["job_seeking"] = false;
  doc["trainees"][5]["consents"]["share_with_employers"] = false;
  const Dataset dataset = read_document(doc);
  const auto referred = explain(dataset, {vacancy_of(1), person(1), day(2026, 5, 1)});
  ASSERT_TRUE(referred.explanation);
  EXPECT_FALSE(referred.explanation->eligible());
  ASSERT_EQ(referred.explanation->reasons.size(), 1U);
  EXPECT_EQ(referred.explanation->reasons[0].violation.code, IssueCode::duplicate_referral);

  const auto two_reasons = explain(dataset, {vacancy_of(1), person(5), day(2026, 5, 1)});
  ASSERT_TRUE(two_reasons.explanation);
  ASSERT_EQ(two_reasons.explanation->reasons.size(), 2U);
  EXPECT_EQ(two_reasons.explanation->reasons[0].violation.code, IssueCode::not_job_seeking);
  EXPECT_EQ(two_reasons.explanation->reasons[1].violation.code, IssueCode::consent_required);

  const auto eligible = explain(dataset, {vacancy_of(1), person(2), day(2026, 5, 1)});
  ASSERT_TRUE(eligible.explanation && eligible.explanation->eligible());
  const auto ranked = rank(dataset, {vacancy_of(1), 50, day(2026, 5, 1)});
  EXPECT_EQ(*eligible.explanation->candidate, ranked.ranking->candidates.front());
}

TEST(Ranking, RequestsThatCannotBeServed) {
  const Dataset dataset = read_document(valid_document());
  const auto code_of = [](const auto& result) {
    return result.issues.empty() ? IssueCode::invalid_value : result.issues.front().code;
  };
  EXPECT_EQ(code_of(rank(dataset, {vacancy_of(9), 50, day(2026, 5, 1)})), IssueCode::unknown_reference);
  EXPECT_EQ(code_of(rank(dataset, {vacancy_of(1), 50, day(2026, 7, 1)})), IssueCode::vacancy_not_open);
  EXPECT_EQ(rank(dataset, {vacancy_of(1), 0, day(2026, 5, 1)}).issues.at(0).path, "top");
  EXPECT_EQ(rank(dataset, {vacancy_of(1), 50, std::nullopt}).issues.at(0).code, IssueCode::missing_field);
  EXPECT_EQ(code_of(explain(dataset, {vacancy_of(1), person(99), day(2026, 5, 1)})), IssueCode::unknown_reference);
}

// --- properties on random datasets --------------------------------------------------------

// The brute force: every person through the filters, every eligible one scored, a full sort.
std::vector<Candidate> brute_force(const Dataset& dataset, const Vacancy& vacancy, const Date& on) {
  std::vector<Candidate> all;
  for (std::uint32_t i = 0; i < dataset.records<Trainee>().size(); ++i) {
    if (check_referral_filters(dataset, Row<Trainee>{i}, vacancy, on).empty()) {
      all.push_back(score(dataset, Row<Trainee>{i}, vacancy, on));
    }
  }
  std::sort(all.begin(), all.end(), [](const Candidate& a, const Candidate& b) {
    return std::tuple(-a.score, a.registered, a.trainee) < std::tuple(-b.score, b.registered, b.trainee);
  });
  return all;
}

const Date kOn = day(2026, 5, 1);

// Four of the terms written again from SPEC 5.1's table with the default points, from the
// records alone (not through the library's helpers).
void expect_terms_from_the_table(const Dataset& dataset, const Vacancy& vacancy, const Candidate& candidate) {
  const Trainee& t = *dataset.find(candidate.trainee);
  const bool province = t.province == vacancy.province;
  EXPECT_EQ(points_of(candidate, "location"),
            !province ? 0 : fold_turkish(t.district) == fold_turkish(vacancy.district) ? 20 : 10);
  Date since = t.registered;
  int declines = 0, early = 0;
  for (const Referral& r : dataset.records<Referral>()) {
    if (r.trainee != t.id) continue;
    if (r.hired && r.ended && *r.ended <= kOn && since < *r.ended) since = *r.ended;
    const Date decided = r.decided.value_or(r.referred);
    const auto age = (kOn - decided).days();
    if ((r.status == ReferralStatus::declined || r.status == ReferralStatus::no_show) && age >= 0 && age < 365) ++declines;
    if (r.status == ReferralStatus::left_early && r.ended && (kOn - *r.ended).days() >= 0 && (kOn - *r.ended).days() < 365) ++early;
  }
  EXPECT_EQ(points_of(candidate, "waiting"), std::min<std::int64_t>(std::max<std::int64_t>((kOn - since).days(), 0) / 30, 24));
  EXPECT_EQ(points_of(candidate, "declines"), -10 * declines);
  EXPECT_EQ(points_of(candidate, "early_leaves"), -10 * early);
  const JobPreferences& wanted = t.identity->job_preferences;
  const Employer& employer = *dataset.find(vacancy.employer);
  std::int64_t preferences = 0;
  for (const auto& sector : wanted.sectors) preferences += fold_turkish(sector) == fold_turkish(employer.sector) ? 5 : 0;
  for (const auto& district : wanted.districts) preferences += fold_turkish(district) == fold_turkish(vacancy.district) ? 5 : 0;
  if (wanted.shift && (*wanted.shift == vacancy.shift || *wanted.shift == Shift::any || vacancy.shift == Shift::any)) preferences += 5;
  EXPECT_EQ(points_of(candidate, "preferences"), preferences);
}

TEST(RankingProperties, EqualsTheBruteForceAndItsTermsSumToTheScore) {
  std::mt19937_64 random(20261201);
  for (int round = 0; round < 150; ++round) {
    const Dataset dataset = read_document(random_ranking_document(random));
    for (const Vacancy& vacancy : dataset.records<Vacancy>()) {
      const auto expected = brute_force(dataset, vacancy, kOn);
      for (const std::size_t top : {std::size_t{1}, std::size_t{3}, kMaxTop}) {
        const auto result = rank(dataset, {vacancy.id, top, kOn});
        ASSERT_TRUE(result.ranking) << result.issues.at(0).message;
        const std::vector<Candidate> first(expected.begin(), expected.begin() + std::min(top, expected.size()));
        EXPECT_EQ(result.ranking->candidates, first) << "round " << round;
      }
      for (const auto& candidate : expected) {
        std::int64_t sum = 0;
        for (const auto& term : candidate.terms) sum += term.points;
        EXPECT_EQ(sum, candidate.score);
        EXPECT_EQ(candidate.terms.size(), 7U);
        expect_terms_from_the_table(dataset, vacancy, candidate);
        const auto explained = explain(dataset, {vacancy.id, candidate.trainee, kOn});
        ASSERT_TRUE(explained.explanation && explained.explanation->eligible());
        EXPECT_EQ(*explained.explanation->candidate, candidate);
      }
    }
  }
}

// The search stops early on bounds built from the policy's points: any points, whichever way
// round (another province worth more than another district, preferences worth more than a
// certificate), still give the first `top` of the full sort.
TEST(RankingProperties, AnyPointsStillGiveTheBruteForce) {
  std::mt19937_64 random(20261206);
  for (int round = 0; round < 150; ++round) {
    nlohmann::json doc = random_ranking_document(random);
    nlohmann::json& points = doc["policy"]["ranking"];
    for (const char* field : {"meb_certificate", "participation_certificate", "training", "same_district", "same_province",
                              "waiting_points", "waiting_max", "decline_penalty", "early_leave_penalty",
                              "sector_preference", "district_preference", "shift_preference"}) {
      points[field] = random() % 60;
    }
    points["waiting_period_days"] = 1 + random() % 400;
    const Dataset dataset = read_document(doc);
    for (const Vacancy& vacancy : dataset.records<Vacancy>()) {
      const auto expected = brute_force(dataset, vacancy, kOn);
      for (const std::size_t top : {std::size_t{1}, std::size_t{2}, std::size_t{5}}) {
        const auto result = rank(dataset, {vacancy.id, top, kOn});
        ASSERT_TRUE(result.ranking) << result.issues.at(0).message;
        const std::vector<Candidate> first(expected.begin(), expected.begin() + std::min(top, expected.size()));
        EXPECT_EQ(result.ranking->candidates, first) << "round " << round << ", top " << top;
      }
    }
  }
}

TEST(RankingProperties, RecordOrderAndGenderChangeNothing) {
  std::mt19937_64 random(20261202);
  for (int round = 0; round < 80; ++round) {
    const nlohmann::json doc = random_ranking_document(random);
    nlohmann::json shuffled = doc;
    for (const char* collection : {"trainees", "referrals", "enrollments", "certificates", "vacancies"}) {
      std::shuffle(shuffled[collection].begin(), shuffled[collection].end(), random);
    }
    nlohmann::json regendered = doc;
    for (auto& t : regendered["trainees"]) {
      t["gender"] = t["gender"] == "female" ? "male" : t["gender"] == "male" ? "undisclosed" : "female";
    }
    const Dataset original = read_document(doc), reordered = read_document(shuffled), other = read_document(regendered);
    for (const Vacancy& vacancy : original.records<Vacancy>()) {
      const auto a = rank(original, {vacancy.id, kMaxTop, kOn});
      const auto b = rank(reordered, {vacancy.id, kMaxTop, kOn});
      const auto c = rank(other, {vacancy.id, kMaxTop, kOn});
      ASSERT_TRUE(a.ranking && b.ranking && c.ranking);
      EXPECT_EQ(a.ranking->candidates, b.ranking->candidates) << "round " << round;
      EXPECT_EQ(a.ranking->candidates, c.ranking->candidates) << "round " << round;
    }
  }
}

TEST(RankingProperties, ReferAndHireAreSeenByTheNextRanking) {
  std::mt19937_64 random(20261203);
  int hires = 0;
  for (int round = 0; round < 80; ++round) {
    Dataset dataset = read_document(random_ranking_document(random));
    const Vacancy vacancy = dataset.records<Vacancy>().front();
    const auto before = rank(dataset, {vacancy.id, kMaxTop, kOn});
    ASSERT_TRUE(before.ranking);
    if (before.ranking->candidates.empty()) continue;
    const TraineeId chosen = before.ranking->candidates.front().trainee;
    const std::vector<Operation> refer{op(ops::Refer{chosen, vacancy.id}, kOn)};
    const auto referred = apply(dataset, refer, context_on(kOn));
    ASSERT_TRUE(referred.applied) << (referred.failed ? referred.failed->issues.at(0).message : "");
    const auto after = rank(dataset, {vacancy.id, kMaxTop, kOn});
    ASSERT_TRUE(after.ranking);
    EXPECT_EQ(after.ranking->candidates.size() + 1, before.ranking->candidates.size());
    for (const auto& c : after.ranking->candidates) EXPECT_NE(c.trainee, chosen);
    const ReferralId referral = *ReferralId::parse(referred.results.at(0).created.at(0).id);
    const std::vector<Operation> hire{op(ops::Hire{referral}, kOn)};
    const auto hired = apply(dataset, hire, context_on(kOn));
    if (!hired.applied) continue;  // e.g. the vacancy's positions were already filled
    ++hires;
    for (const Vacancy& other : dataset.records<Vacancy>()) {
      const auto ranked = rank(dataset, {other.id, kMaxTop, kOn});
      if (!ranked.ranking) continue;  // filled by this hire
      for (const auto& c : ranked.ranking->candidates) EXPECT_NE(c.trainee, chosen);
    }
  }
  EXPECT_GT(hires, 10);
}

// A move to another district, a new person and an erasure, each through an operation: the next
// ranking is still the brute force's, and the index still matches the records.
TEST(RankingProperties, MovesNewPeopleAndErasuresAreSeenByTheNextRanking) {
  std::mt19937_64 random(20261207);
  int erased = 0, moves = 0;
  for (int round = 0; round < 80; ++round) {
    Dataset dataset = read_document(random_ranking_document(random));
    const Vacancy vacancy = dataset.records<Vacancy>().front();
    const auto expect_brute_force = [&](const char* after) {
      ASSERT_EQ(testing::seeker_index_mismatch(dataset), "") << after;
      const auto ranked = rank(dataset, {vacancy.id, 3, kOn});
      ASSERT_TRUE(ranked.ranking);
      const auto all = brute_force(dataset, vacancy, kOn);
      EXPECT_EQ(ranked.ranking->candidates, std::vector<Candidate>(all.begin(), all.begin() + std::min<std::size_t>(3, all.size())))
          << after << ", round " << round;
    };
    const Trainee& mover = dataset.records<Trainee>()[random() % dataset.records<Trainee>().size()];
    if (mover.identity) {
      ops::TraineeChanges moved;
      moved.district = random() % 2 ? vacancy.district : std::string("Çiğli");
      const std::vector<Operation> update{op(ops::Update{Collection::trainees, mover.id.to_string(), moved}, kOn)};
      // Refused when the person breaks another rule (a minor without guardian consent): nothing moves.
      if (apply(dataset, update, context_on(kOn)).applied) ++moves;
      expect_brute_force("a move");
    }
    nlohmann::json newcomer = person_record(90, vacancy.district, "unemployed", false, "35");
    newcomer["registered"] = "2020-01-01";  // the longest waiting of all
    const Dataset with_newcomer = read_document(nlohmann::json{{"schema_version", 1}, {"trainees", {newcomer}}});
    const std::vector<Operation> add{op(ops::Add{with_newcomer.records<Trainee>().front()}, kOn)};
    const auto added = apply(dataset, add, context_on(kOn));
    ASSERT_TRUE(added.applied) << (added.failed ? added.failed->issues.at(0).message : "");
    expect_brute_force("an addition");
    const auto before = rank(dataset, {vacancy.id, 1, kOn});
    ASSERT_TRUE(before.ranking);
    if (before.ranking->candidates.empty()) continue;
    const TraineeId top = before.ranking->candidates.front().trainee;
    const std::vector<Operation> erase{op(ops::EraseTrainee{top, "request"}, kOn)};
    const auto gone = apply(dataset, erase, context_on(kOn));
    ASSERT_TRUE(gone.applied) << (gone.failed ? gone.failed->issues.at(0).message : "");
    ++erased;
    expect_brute_force("an erasure");
    const auto after = rank(dataset, {vacancy.id, kMaxTop, kOn});
    for (const auto& c : after.ranking->candidates) EXPECT_NE(c.trainee, top);
  }
  EXPECT_GT(erased, 40);
  EXPECT_GT(moves, 30);
}

}  // namespace
}  // namespace vocfab::matching
