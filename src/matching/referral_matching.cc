// Batch referral matching (vocfab/matching/referral_matching.h): the shortlists of `rank` as a
// market, solved by the general solvers of this layer.
#include "vocfab/matching/referral_matching.h"

#include "model/judged_on.h"
#include "model/run_in_parts.h"
#include "vocfab/matching/assignment.h"
#include "vocfab/matching/ranking.h"
#include "vocfab/matching/stable_matching.h"
#include "vocfab/validation/rules.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

namespace vocfab::matching {
namespace {

// The market: vacancies (receivers, columns) by id, seekers (proposers, rows) by id, and each
// vacancy's shortlist as entries into both.
struct ShortlistEntry {
  Index seeker = 0;
  std::int64_t score = 0;
  std::int64_t person_side = 0;  // `location` + `preferences`: how much the seeker wants the vacancy
};

struct Market {
  std::vector<VacancyId> vacancies;
  std::vector<Index> open_positions;
  std::vector<std::vector<ShortlistEntry>> shortlists;  // per vacancy, in ranking order
  std::vector<TraineeId> seekers;
};

std::int64_t person_side_points(const Candidate& candidate) {
  std::int64_t points = 0;
  for (const ScoreTerm& term : candidate.terms) {
    if (term.term == "location" || term.term == "preferences") points += term.points;
  }
  return points;
}

// Fewer vacancies than this are ranked on the calling thread alone (a thread costs more).
constexpr std::size_t kVacanciesPerThread = 16;

// The rankings of @p requests, in their order, on up to @p max_threads threads (0: one per core).
// Each ranking reads the dataset only, so they run side by side; the first failure is rethrown.
std::vector<RankResult> rank_all(const Dataset& dataset, const std::vector<RankRequest>& requests, unsigned max_threads) {
  std::vector<RankResult> ranked(requests.size());
  const unsigned parts = vocfab::detail::parts_for(requests.size(), kVacanciesPerThread, max_threads);
  // Interleaved, so that each thread gets vacancies of every kind (a certificate required, a
  // crowded province).
  vocfab::detail::run_in_parts(parts, [&](unsigned part) {
    for (std::size_t i = part; i < requests.size(); i += parts) ranked[i] = rank(dataset, requests[i]);
  });
  return ranked;
}

Market build_market(const Dataset& dataset, std::size_t shortlist, const Date& day, unsigned max_threads) {
  std::vector<std::pair<VacancyId, Row<Vacancy>>> open;
  const auto vacancies = dataset.records<Vacancy>();
  for (std::uint32_t i = 0; i < vacancies.size(); ++i) {
    if (!check_vacancy_takes_referrals(vacancies[i], day)) open.emplace_back(vacancies[i].id, Row<Vacancy>{i});
  }
  std::sort(open.begin(), open.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

  Market market;
  std::vector<RankRequest> requests;
  for (const auto& [id, row] : open) {
    std::size_t hires = 0;
    for (const auto referral : dataset.children<&Referral::vacancy>(row)) hires += is_hire(dataset.at(referral).status);
    const std::size_t positions = dataset.at(row).positions;
    if (hires >= positions) continue;
    market.vacancies.push_back(id);
    market.open_positions.push_back(static_cast<Index>(positions - hires));
    requests.push_back(RankRequest{id, shortlist, day});
  }
  const std::vector<RankResult> ranked = rank_all(dataset, requests, max_threads);

  std::map<TraineeId, Index> seeker_index;
  std::vector<std::vector<std::pair<TraineeId, ShortlistEntry>>> listed;
  listed.reserve(ranked.size());
  for (const RankResult& result : ranked) {
    // Every vacancy takes referrals on the day: a ranking fails only on a request it never gets.
    if (!result.ranking) throw std::logic_error("a shortlist of an open vacancy could not be ranked");
    auto& entries = listed.emplace_back();
    for (const Candidate& candidate : result.ranking->candidates) {
      seeker_index.emplace(candidate.trainee, 0);
      entries.emplace_back(candidate.trainee, ShortlistEntry{0, candidate.score, person_side_points(candidate)});
    }
  }
  // Seekers numbered by id, so the market does not depend on the order of the records.
  for (auto& [id, index] : seeker_index) {
    index = static_cast<Index>(market.seekers.size());
    market.seekers.push_back(id);
  }
  market.shortlists.reserve(listed.size());
  for (auto& entries : listed) {
    auto& shortlist_entries = market.shortlists.emplace_back();
    shortlist_entries.reserve(entries.size());
    for (auto& [id, entry] : entries) {
      entry.seeker = seeker_index.at(id);
      shortlist_entries.push_back(entry);
    }
  }
  return market;
}

// (vacancy, entry) pairs chosen by seeker-proposing deferred acceptance.
std::vector<std::pair<Index, const ShortlistEntry*>> match_stable(const Market& market) {
  struct Wish {
    std::int64_t person_side, score;
    Index vacancy;
  };
  std::vector<std::vector<Wish>> wishes(market.seekers.size());
  std::vector<std::vector<Index>> receiver_lists(market.vacancies.size());
  for (Index v = 0; v < market.vacancies.size(); ++v) {
    for (const ShortlistEntry& entry : market.shortlists[v]) {
      wishes[entry.seeker].push_back({entry.person_side, entry.score, v});
      receiver_lists[v].push_back(entry.seeker);
    }
  }
  std::vector<std::vector<Index>> proposer_lists(wishes.size());
  for (std::size_t s = 0; s < wishes.size(); ++s) {
    auto& list = wishes[s];
    // Vacancies are numbered by id, so the last key is the vacancy id.
    std::sort(list.begin(), list.end(), [](const Wish& a, const Wish& b) {
      return std::tie(b.person_side, b.score, a.vacancy) < std::tie(a.person_side, a.score, b.vacancy);
    });
    for (const Wish& wish : list) proposer_lists[s].push_back(wish.vacancy);
  }
  const Instance instance = Instance::from_lists(proposer_lists, receiver_lists, market.open_positions);
  const Result result = stable_match(instance, Optimal::proposer);
  std::vector<std::pair<Index, const ShortlistEntry*>> chosen;
  for (Index v = 0; v < market.vacancies.size(); ++v) {
    for (const Index seeker : result.assigned(v)) {
      const auto& list = market.shortlists[v];
      const auto entry = std::find_if(list.begin(), list.end(), [&](const ShortlistEntry& e) { return e.seeker == seeker; });
      chosen.emplace_back(v, &*entry);
    }
  }
  return chosen;
}

// (vacancy, entry) pairs of the largest total score.
std::vector<std::pair<Index, const ShortlistEntry*>> match_max_score(const Market& market) {
  SparseProblem problem;
  problem.rows = market.seekers.size();
  problem.cols = market.vacancies.size();
  problem.objective = SparseObjective::max_weight;
  problem.capacities.assign(market.open_positions.begin(), market.open_positions.end());
  std::vector<const ShortlistEntry*> entry_of;
  for (Index v = 0; v < market.vacancies.size(); ++v) {
    for (const ShortlistEntry& entry : market.shortlists[v]) {
      problem.arcs.push_back({entry.seeker, v, entry.score});
      entry_of.push_back(&entry);
    }
  }
  std::vector<std::pair<Index, const ShortlistEntry*>> chosen;
  if (problem.arcs.empty()) return chosen;
  const Solved<SparseAssignment> solved = solve_sparse(problem);
  if (!solved.solution) {
    // Scores are at most a few thousand points and the market is bounded, so the solver's limits
    // are never reached; reaching them would be a defect, not a user's error.
    throw std::logic_error("referral matching: the assignment solver refused the market: " +
                           (solved.issues.empty() ? std::string("no reason") : solved.issues.front().message));
  }
  // Pairs back to their shortlist entries: the shortlist of a vacancy holds a seeker once.
  std::map<std::pair<Index, Index>, const ShortlistEntry*> by_pair;
  for (std::size_t a = 0; a < problem.arcs.size(); ++a) by_pair.emplace(std::pair{problem.arcs[a].col, problem.arcs[a].row}, entry_of[a]);
  for (const auto& [row, col] : solved.solution->pairs) chosen.emplace_back(col, by_pair.at({col, row}));
  return chosen;
}

}  // namespace

std::string_view to_string(ReferralMatchMode mode) noexcept {
  return mode == ReferralMatchMode::stable ? "stable" : "max_score";
}

std::vector<Operation> ReferralMatch::operations() const {
  std::vector<Operation> operations;
  operations.reserve(pairs.size());
  for (const ReferralPair& pair : pairs) operations.push_back(Operation{ops::Refer{pair.trainee, pair.vacancy}, as_of, {}, {}, {}});
  return operations;
}

ReferralMatchResult match_referrals(const Dataset& dataset, const ReferralMatchRequest& request) {
  ReferralMatchResult out;
  if (request.shortlist == 0 || request.shortlist > kMaxShortlist) {
    out.issues.push_back({IssueCode::invalid_value, "shortlist",
                          "shortlist " + std::to_string(request.shortlist) + " is not between 1 and " +
                              std::to_string(kMaxShortlist)});
  }
  if (request.max_threads > kMaxMatchThreads) {
    out.issues.push_back({IssueCode::invalid_value, "max_threads",
                          "max_threads " + std::to_string(request.max_threads) + " is more than " +
                              std::to_string(kMaxMatchThreads)});
  }
  const std::optional<Date> day = vocfab::detail::judged_on(dataset, request.as_of, out.issues);
  if (!out.issues.empty()) return out;

  const Market market = build_market(dataset, request.shortlist, *day, request.max_threads);
  ReferralMatch match{request.mode, *day, request.shortlist, market.vacancies.size(), market.seekers.size(), 0, {}, 0};
  for (const Index positions : market.open_positions) match.open_positions += positions;
  auto chosen = request.mode == ReferralMatchMode::stable ? match_stable(market) : match_max_score(market);
  // By vacancy id, then in the vacancy's ranking order (entries are stored in that order).
  std::sort(chosen.begin(), chosen.end());
  for (const auto& [vacancy, entry] : chosen) {
    match.pairs.push_back({market.seekers[entry->seeker], market.vacancies[vacancy], entry->score});
    match.total_score += entry->score;
  }
  out.match = std::move(match);
  return out;
}

}  // namespace vocfab::matching
