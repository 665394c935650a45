// Batch referral matching (SPEC 5.3): on random datasets, `stable` has no blocking pair in the
// market of the shortlists, `max_score` reaches the optimum a brute force finds, both respect the
// open positions, their `refer` operations apply, and neither record order nor gender changes a
// pair; the requests that cannot be served say why.
#include "matching/ranking_fixture.h"
#include "vocfab/matching/ranking.h"
#include "vocfab/matching/referral_matching.h"
#include "vocfab/matching/stable_matching.h"

#ifdef VOCFAB_HAVE_GENERATOR
#include "generate/generator.h"
#endif

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <random>
#include <set>

namespace vocfab::matching {
namespace {

using namespace vocfab::testing;
using ::testing::IsEmpty;

const Date kOn = day(2026, 5, 1);

// The market written again from the SPEC, through `rank` alone: each open vacancy with positions
// left, its shortlist with scores and the person-side points.
struct OracleMarket {
  struct Entry {
    TraineeId trainee;
    std::int64_t score, person_side;
  };
  std::map<VacancyId, std::size_t> open_positions;
  std::map<VacancyId, std::vector<Entry>> shortlists;
};

OracleMarket oracle_market(const Dataset& dataset, std::size_t k) {
  OracleMarket market;
  for (const Vacancy& vacancy : dataset.records<Vacancy>()) {
    const auto ranked = rank(dataset, {vacancy.id, k, kOn});
    if (!ranked.ranking) continue;
    std::size_t hires = 0;
    for (const Referral& r : dataset.records<Referral>()) hires += r.vacancy == vacancy.id && r.hired.has_value() && is_hire(r.status);
    if (hires >= vacancy.positions) continue;
    market.open_positions[vacancy.id] = vacancy.positions - hires;
    auto& list = market.shortlists[vacancy.id];
    for (const Candidate& c : ranked.ranking->candidates) {
      std::int64_t person_side = 0;
      for (const auto& t : c.terms) person_side += (t.term == "location" || t.term == "preferences") ? t.points : 0;
      list.push_back({c.trainee, c.score, person_side});
    }
  }
  return market;
}

// The largest total score by trying every choice: each seeker none or one vacancy with room.
std::int64_t brute_force_best(const OracleMarket& market) {
  std::map<TraineeId, std::vector<std::pair<VacancyId, std::int64_t>>> options;
  for (const auto& [vacancy, list] : market.shortlists) {
    for (const auto& e : list) options[e.trainee].emplace_back(vacancy, e.score);
  }
  std::vector<const std::vector<std::pair<VacancyId, std::int64_t>>*> seekers;
  for (const auto& [who, list] : options) seekers.push_back(&list);
  std::map<VacancyId, std::size_t> room = market.open_positions;
  std::int64_t best = 0;
  std::function<void(std::size_t, std::int64_t)> visit = [&](std::size_t i, std::int64_t total) {
    if (i == seekers.size()) {
      best = std::max(best, total);
      return;
    }
    visit(i + 1, total);
    for (const auto& [vacancy, score] : *seekers[i]) {
      if (room[vacancy] == 0) continue;
      --room[vacancy];
      visit(i + 1, total + score);
      ++room[vacancy];
    }
  };
  visit(0, 0);
  return best;
}

// Blocking pairs of @p match in the oracle market, by the preferences of SPEC 5.3.
std::size_t blocking_pairs_of(const OracleMarket& market, const ReferralMatch& match) {
  std::map<TraineeId, VacancyId> partner;
  std::map<VacancyId, std::vector<TraineeId>> held;
  for (const auto& p : match.pairs) {
    partner.emplace(p.trainee, p.vacancy);
    held[p.vacancy].push_back(p.trainee);
  }
  const auto entry = [&](const VacancyId& v, const TraineeId& t) -> const OracleMarket::Entry* {
    for (const auto& e : market.shortlists.at(v)) if (e.trainee == t) return &e;
    return nullptr;
  };
  const auto position = [&](const VacancyId& v, const TraineeId& t) {
    const auto& list = market.shortlists.at(v);
    for (std::size_t i = 0; i < list.size(); ++i) if (list[i].trainee == t) return i;
    return list.size();
  };
  std::size_t blocking = 0;
  for (const auto& [v, list] : market.shortlists) {
    for (const auto& e : list) {
      const auto mine = partner.find(e.trainee);
      if (mine != partner.end() && mine->second == v) continue;
      bool seeker_prefers = mine == partner.end();
      if (!seeker_prefers) {
        const auto* current = entry(mine->second, e.trainee);
        seeker_prefers = std::tuple(e.person_side, e.score) > std::tuple(current->person_side, current->score) ||
                         (std::tuple(e.person_side, e.score) == std::tuple(current->person_side, current->score) &&
                          v < mine->second);
      }
      if (!seeker_prefers) continue;
      const auto& holders = held[v];
      bool vacancy_prefers = holders.size() < market.open_positions.at(v);
      for (const auto& h : holders) vacancy_prefers = vacancy_prefers || position(v, e.trainee) < position(v, h);
      blocking += vacancy_prefers;
    }
  }
  return blocking;
}

void expect_feasible(const OracleMarket& market, const ReferralMatch& match) {
  std::set<TraineeId> seen;
  std::map<VacancyId, std::size_t> used;
  std::int64_t total = 0;
  for (const auto& p : match.pairs) {
    EXPECT_TRUE(seen.insert(p.trainee).second) << "a seeker twice";
    ASSERT_TRUE(market.shortlists.count(p.vacancy)) << "not an open vacancy";
    const auto& list = market.shortlists.at(p.vacancy);
    const auto e = std::find_if(list.begin(), list.end(), [&](const auto& x) { return x.trainee == p.trainee; });
    ASSERT_NE(e, list.end()) << "not on the shortlist";
    EXPECT_EQ(e->score, p.score);
    total += p.score;
    EXPECT_LE(++used[p.vacancy], market.open_positions.at(p.vacancy));
  }
  EXPECT_EQ(total, match.total_score);
  std::size_t positions = 0;
  for (const auto& [v, n] : market.open_positions) positions += n;
  EXPECT_EQ(match.open_positions, positions);
  EXPECT_EQ(match.vacancies, market.open_positions.size());
  EXPECT_EQ(match.open_positions_left(), positions - match.pairs.size());
}

TEST(ReferralMatchingProperties, StableHasNoBlockingPairAndMaxScoreIsOptimal) {
  std::mt19937_64 random(20261204);
  int nonempty = 0;
  for (int round = 0; round < 150; ++round) {
    const Dataset dataset = read_document(random_ranking_document(random));
    const std::size_t k = 1 + random() % 3;
    const OracleMarket market = oracle_market(dataset, k);
    const auto stable = match_referrals(dataset, {ReferralMatchMode::stable, k, kOn});
    const auto best = match_referrals(dataset, {ReferralMatchMode::max_score, k, kOn});
    ASSERT_TRUE(stable.match && best.match);
    expect_feasible(market, *stable.match);
    expect_feasible(market, *best.match);
    EXPECT_EQ(blocking_pairs_of(market, *stable.match), 0U) << "round " << round;
    EXPECT_EQ(best.match->total_score, brute_force_best(market)) << "round " << round;
    EXPECT_GE(best.match->total_score, stable.match->total_score > 0 ? 0 : stable.match->total_score);
    nonempty += !stable.match->pairs.empty();
  }
  EXPECT_GT(nonempty, 70);
}

TEST(ReferralMatchingProperties, OperationsApplyAndRecordOrderAndGenderChangeNothing) {
  std::mt19937_64 random(20261205);
  for (int round = 0; round < 60; ++round) {
    const nlohmann::json doc = random_ranking_document(random);
    nlohmann::json shuffled = doc;
    for (const char* collection : {"trainees", "referrals", "enrollments", "certificates", "vacancies"}) {
      std::shuffle(shuffled[collection].begin(), shuffled[collection].end(), random);
    }
    nlohmann::json regendered = doc;
    for (auto& t : regendered["trainees"]) t["gender"] = t["gender"] == "female" ? "male" : "female";
    for (const auto mode : {ReferralMatchMode::stable, ReferralMatchMode::max_score}) {
      Dataset dataset = read_document(doc);
      const auto a = match_referrals(dataset, {mode, 3, kOn});
      const auto b = match_referrals(read_document(shuffled), {mode, 3, kOn});
      const auto c = match_referrals(read_document(regendered), {mode, 3, kOn});
      ASSERT_TRUE(a.match && b.match && c.match);
      EXPECT_EQ(a.match->pairs, b.match->pairs) << "round " << round;
      EXPECT_EQ(a.match->pairs, c.match->pairs) << "round " << round;
      const auto applied = apply(dataset, a.match->operations(), context_on(kOn));
      ASSERT_TRUE(applied.applied) << (applied.failed ? applied.failed->issues.at(0).message : "");
      // Everyone referred is off their vacancy's ranking now.
      for (const auto& p : a.match->pairs) {
        const auto ranked = rank(dataset, {p.vacancy, kMaxTop, kOn});
        if (!ranked.ranking) continue;
        for (const auto& candidate : ranked.ranking->candidates) EXPECT_NE(candidate.trainee, p.trainee);
      }
    }
  }
}

TEST(ReferralMatching, BaseFixtureStableAndMaxScore) {
  const Dataset dataset = read_document(valid_document());
  for (const auto mode : {ReferralMatchMode::stable, ReferralMatchMode::max_score}) {
    const auto result = match_referrals(dataset, {mode, 20, day(2026, 5, 1)});
    ASSERT_THAT(result.issues, IsEmpty());
    const ReferralMatch& match = *result.match;
    EXPECT_EQ(match.mode, mode);
    EXPECT_GE(match.vacancies, 1U);
    EXPECT_EQ(match.pairs.size() + match.open_positions_left(), match.open_positions);
    const std::vector<Operation> operations = match.operations();
    ASSERT_EQ(operations.size(), match.pairs.size());
    for (std::size_t i = 0; i < match.pairs.size(); ++i) {
      const auto& refer = std::get<ops::Refer>(operations[i].arguments);
      EXPECT_EQ(refer.trainee, match.pairs[i].trainee);
      EXPECT_EQ(refer.vacancy, match.pairs[i].vacancy);
    }
  }
}

#ifdef VOCFAB_HAVE_GENERATOR
// The shortlists ranked on one thread or several (each with every other vacancy): the same match.
TEST(ReferralMatching, AnyNumberOfThreadsGivesTheSameMatch) {
  generate::ScaleConfig config = generate::config_for(generate::Scale::municipal);
  config.vacancies = 4'000;  // a few percent are open on the last day: enough for three threads
  const Dataset dataset = generate::generate_dataset(config, 5);
  const Date on = generate::reference_date();
  for (const auto mode : {ReferralMatchMode::stable, ReferralMatchMode::max_score}) {
    ReferralMatchRequest request{mode, 5, on};
    request.max_threads = 1;
    const auto serial = match_referrals(dataset, request);
    ASSERT_TRUE(serial.match);
    ASSERT_GE(serial.match->vacancies, 3 * 16U) << "too few open vacancies to rank on three threads";
    ASSERT_FALSE(serial.match->pairs.empty());
    for (const unsigned threads : {2U, 3U, 0U}) {
      request.max_threads = threads;
      const auto parallel = match_referrals(dataset, request);
      ASSERT_TRUE(parallel.match);
      EXPECT_EQ(parallel.match->pairs, serial.match->pairs) << threads << " threads";
      EXPECT_EQ(parallel.match->total_score, serial.match->total_score) << threads << " threads";
    }
  }
}
#endif

TEST(ReferralMatching, RequestsThatCannotBeServed) {
  const Dataset dataset = read_document(valid_document());
  const auto zero = match_referrals(dataset, {ReferralMatchMode::stable, 0, kOn});
  ASSERT_EQ(zero.issues.size(), 1U);
  EXPECT_EQ(zero.issues[0].code, IssueCode::invalid_value);
  EXPECT_EQ(zero.issues[0].path, "shortlist");
  const auto too_long = match_referrals(dataset, {ReferralMatchMode::stable, kMaxShortlist + 1, kOn});
  ASSERT_EQ(too_long.issues.size(), 1U);
  ReferralMatchRequest too_many{ReferralMatchMode::stable, 20, kOn};
  too_many.max_threads = kMaxMatchThreads + 1;
  const auto threads = match_referrals(dataset, too_many);
  ASSERT_EQ(threads.issues.size(), 1U);
  EXPECT_EQ(threads.issues[0].code, IssueCode::invalid_value);
  EXPECT_EQ(threads.issues[0].path, "max_threads");
  nlohmann::json doc = valid_document();
  doc.erase("as_of");
  const auto no_day = match_referrals(read_document(doc), {ReferralMatchMode::max_score, 20, std::nullopt});
  ASSERT_EQ(no_day.issues.size(), 1U);
  EXPECT_EQ(no_day.issues[0].code, IssueCode::missing_field);
  EXPECT_EQ(no_day.issues[0].path, "as_of");
}

}  // namespace
}  // namespace vocfab::matching
