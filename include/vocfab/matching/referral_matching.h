/// @file
/// Batch referral matching (SPEC 5.3): across every open vacancy, who is referred where.
///
/// Each vacancy taking referrals on the as-of day, with open positions (`positions` − hires) left,
/// shortlists its top K candidates of `rank` (SPEC 5.1). Two modes then decide the pairs:
/// - `stable`: seeker-proposing deferred acceptance (`stable_match`). A vacancy ranks its
///   shortlist by score (the order of `rank`); a seeker ranks the vacancies that shortlisted them
///   by the person-side terms (`location` plus `preferences`), then by the vacancy's score for
///   them, then by vacancy id. Capacities are the open positions. No blocking pair.
/// - `max_score`: the largest total score, each seeker at most once and each vacancy at most its
///   open positions (`solve_sparse` with `max_weight`): exact, so a pair with a negative score is
///   never chosen, for it would lower the total.
///
/// The result lists the pairs and the `refer` operations that carry them out (applied as one batch
/// through `Batch`, every filter is checked again by `refer`).
///
/// The shortlists are ranked on worker threads of the call's own (`max_threads`); the result is
/// the same for any number of them.
///
/// Thread-safety: a pure function of a `const Dataset`; any number may run at once on one dataset
/// while nothing changes it.
#pragma once

#include "vocfab/model/dataset.h"
#include "vocfab/model/issue.h"
#include "vocfab/ops/operation.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace vocfab::matching {

/// How pairs are chosen from the shortlists.
enum class ReferralMatchMode {
  stable,     ///< Seeker-proposing deferred acceptance.
  max_score,  ///< The largest total score.
};

/// `stable` or `max_score`.
std::string_view to_string(ReferralMatchMode mode) noexcept;

/// The longest shortlist a request may ask for.
inline constexpr std::size_t kMaxShortlist = 1'000;
/// The most threads a request may ask for.
inline constexpr unsigned kMaxMatchThreads = 256;

/// What to match.
struct ReferralMatchRequest {
  ReferralMatchMode mode = ReferralMatchMode::stable;  ///< How.
  std::size_t shortlist = 20;                          ///< Candidates kept per vacancy (1 to `kMaxShortlist`).
  std::optional<Date> as_of;                           ///< The day (default: the dataset's `as_of`).
  /// The most threads ranking the shortlists (0: one per core; up to `kMaxMatchThreads`).
  unsigned max_threads = 0;
};

/// One referral the match proposes.
struct ReferralPair {
  TraineeId trainee;       ///< Who.
  VacancyId vacancy;       ///< Where.
  std::int64_t score = 0;  ///< The person's score for the vacancy (SPEC 5.1).
  friend bool operator==(const ReferralPair&, const ReferralPair&) = default;  ///< Field-wise equality.
};

/// A batch referral match.
struct ReferralMatch {
  ReferralMatchMode mode = ReferralMatchMode::stable;  ///< How the pairs were chosen.
  Date as_of;                                          ///< The day it was judged on.
  std::size_t shortlist = 0;                           ///< Candidates kept per vacancy.
  std::size_t vacancies = 0;        ///< Vacancies taking referrals with open positions.
  std::size_t seekers = 0;          ///< Distinct people on some shortlist.
  std::size_t open_positions = 0;   ///< Their open positions, together.
  std::vector<ReferralPair> pairs;  ///< By vacancy id, then in the vacancy's ranking order.
  std::int64_t total_score = 0;     ///< The sum of the pairs' scores.
  /// Open positions no pair fills.
  std::size_t open_positions_left() const noexcept { return open_positions - pairs.size(); }
  /// One `refer` per pair, in the order of `pairs`: the batch that carries the match out.
  std::vector<Operation> operations() const;
};

/// A match, or the issues that kept the request from one: `missing_field` (no as-of day given
/// and none in the dataset), `invalid_value` (`shortlist` out of range).
struct ReferralMatchResult {
  std::optional<ReferralMatch> match;  ///< The match, when there is one.
  std::vector<Issue> issues;           ///< Why not; empty on success.
};

/// Matches seekers to the open vacancies of @p dataset.
ReferralMatchResult match_referrals(const Dataset& dataset, const ReferralMatchRequest& request);

}  // namespace vocfab::matching
