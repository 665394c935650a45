/// @file
/// Candidate ranking for a vacancy (SPEC 5.1): who may be referred to it on a day, and in which
/// order.
///
/// The hard filters are `check_referral_filters` (vocfab/validation/rules.h), the very function
/// `refer` applies, so a ranked person is one `refer` would accept that day. The score is the sum
/// of seven terms whose points come from `policy.ranking`; every term is reported with its
/// points and a reason, and the terms sum to the score exactly. Protected attributes (gender,
/// disability, age beyond a vacancy's legal `min_age`) enter no filter and no term: the model
/// gives a vacancy no field for them, and the functions here read none of them.
///
/// Order: higher score, then earlier `registered`, then trainee id.
///
/// A ranking does not score everyone: it walks the seeker index (vocfab/model/seeker_index.h)
/// from the people nearest the vacancy and longest registered, and stops where no one left could
/// enter the list, so it reports the first `top` candidates, not how many there are in all.
///
/// Thread-safety: pure functions of a `const Dataset`; any number may run at once on one dataset
/// while nothing changes it.
#pragma once

#include "vocfab/model/dataset.h"
#include "vocfab/model/issue.h"
#include "vocfab/validation/rules.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vocfab::matching {

/// One term of a candidate's score.
struct ScoreTerm {
  /// `certificate`, `training`, `location`, `waiting`, `declines`, `early_leaves` or `preferences`.
  std::string term;
  std::int64_t points = 0;  ///< Its points: negative for declines and early leaves, else ≥ 0.
  std::string why;          ///< Why, for a person: the facts the points come from.
  friend bool operator==(const ScoreTerm&, const ScoreTerm&) = default;  ///< Field-wise equality.
};

/// A person one may refer to the vacancy, with the score's terms.
struct Candidate {
  TraineeId trainee;              ///< Who.
  std::int64_t score = 0;         ///< The sum of `terms`' points.
  std::vector<ScoreTerm> terms;   ///< All seven terms, in the order of SPEC 5.1's table.
  Date registered;                ///< The person's registration day (the first tie-break).
  friend bool operator==(const Candidate&, const Candidate&) = default;  ///< Field-wise equality.
};

/// What to rank.
struct RankRequest {
  VacancyId vacancy;             ///< The vacancy.
  std::size_t top = 50;          ///< How many candidates to list (1 to `kMaxTop`).
  std::optional<Date> as_of;     ///< The day everything is judged on (default: the dataset's `as_of`).
};

/// The most candidates one ranking lists.
inline constexpr std::size_t kMaxTop = 10'000;

/// A ranking.
struct Ranking {
  VacancyId vacancy;                  ///< The vacancy.
  Date as_of;                         ///< The day it was judged on.
  std::vector<Candidate> candidates;  ///< The first `top` of them, in order.
};

/// A ranking, or the issues that kept the request from one: `unknown_reference` (no such
/// vacancy), `vacancy_not_open` (not open or not taking referrals on the day), `missing_field`
/// (no as-of date given and none in the dataset), `invalid_value` (`top` out of range).
struct RankResult {
  std::optional<Ranking> ranking;  ///< The ranking, when there is one.
  std::vector<Issue> issues;       ///< Why not; empty on success.
};

/// The candidates for `request.vacancy` on the as-of date, best first.
RankResult rank(const Dataset& dataset, const RankRequest& request);

/// The score of @p person for @p vacancy on @p day: every term of SPEC 5.1's table with its
/// points and reason, whether or not the person passes the filters.
Candidate score(const Dataset& dataset, Row<Trainee> person, const Vacancy& vacancy, const Date& day);

/// What to explain.
struct ExplainRequest {
  VacancyId vacancy;           ///< The vacancy.
  TraineeId trainee;           ///< The person.
  std::optional<Date> as_of;   ///< The day (default: the dataset's `as_of`).
};

/// Why a person is or is not a candidate.
struct Explanation {
  VacancyId vacancy;                            ///< The vacancy.
  Date as_of;                                   ///< The day it was judged on.
  std::optional<Candidate> candidate;           ///< The person's entry, when eligible.
  std::vector<ReferralFilterFailure> reasons;   ///< Every filter the person fails, when not.
  bool eligible() const noexcept { return candidate.has_value(); }  ///< Passed every filter.
};

/// An explanation, or the issues of the request (those of `rank`, and `unknown_reference` for the
/// trainee).
struct ExplainResult {
  std::optional<Explanation> explanation;  ///< The explanation, when there is one.
  std::vector<Issue> issues;               ///< Why not; empty on success.
};

/// The candidate entry of `request.trainee` for `request.vacancy`, or every hard filter they fail.
ExplainResult explain(const Dataset& dataset, const ExplainRequest& request);

}  // namespace vocfab::matching
