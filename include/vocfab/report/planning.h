/// @file
/// Course planning (SPEC 5.4): per branch, how much work the labour market asks for (open
/// positions and recent hires), how many people are ready or being trained for it, the gap
/// between them, and which courses to open where to close it — each recommendation and each
/// branch left without one stating its numbers.
///
/// Rules (parameters in `policy.planning` and `policy.min_group`):
/// - demand = open positions (positions − hires) of the branch's vacancies open on the day +
///   hires in the branch whose `hired` day lies within the last `recent_days` days;
/// - supply = job-seeking people holding a certificate of the branch in force on the day +
///   people `enrolled` in the branch's `open` or `running` courses;
/// - gap = demand − supply. Where it reaches the minimum group, courses are recommended at the
///   centres that host the branch and have free seats (seats − seat holders of their open and
///   running courses), the district with most open positions first, then that district's
///   province, then the rest (more free seats first, then centre code); each course holds
///   min(remaining gap, the branch's usual capacity — the lower median of its past courses'
///   capacities, else `default_capacity` — the centre's free seats) and at least the minimum
///   group, until the remaining gap is below the minimum group;
/// - every branch without a recommendation, or whose gap was not wholly covered, is listed in
///   `not_recommended` with the reason.
///
/// Thread-safety: a pure function over a const dataset.
#pragma once

#include "vocfab/model/dataset.h"
#include "vocfab/model/issue.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vocfab::report {

/// What to plan for.
struct PlanRequest {
  std::optional<Date> as_of;  ///< The day (default: the dataset's `as_of`).
};

/// Where a branch's demand comes from.
struct Demand {
  std::uint64_t open_positions = 0;  ///< Open positions of its vacancies open on the day.
  std::uint64_t recent_hires = 0;    ///< Hires in the branch within the last `recent_days` days.
  std::uint64_t total() const noexcept { return open_positions + recent_hires; }  ///< The demand.
};

/// Who meets a branch's demand.
struct Supply {
  std::uint64_t certified_seekers = 0;  ///< Job-seeking people with a certificate in force.
  std::uint64_t in_training = 0;        ///< People enrolled in its open or running courses.
  std::uint64_t total() const noexcept { return certified_seekers + in_training; }  ///< The supply.
};

/// One branch's balance.
struct BranchBalance {
  BranchCode branch;  ///< The branch.
  Demand demand;      ///< Its demand.
  Supply supply;      ///< Its supply.
  /// Demand minus supply (negative when more people are ready than wanted).
  std::int64_t gap() const noexcept {
    return static_cast<std::int64_t>(demand.total()) - static_cast<std::int64_t>(supply.total());
  }
};

/// A course worth opening.
struct Recommendation {
  BranchCode branch;         ///< Its branch.
  CentreId centre;           ///< Where (a centre hosting the branch).
  std::uint32_t capacity{};  ///< Places (at least the minimum group, at most the centre's free seats).
  std::string reason;        ///< Why, with its numbers.
};

/// A branch where no (further) course is recommended.
struct NotRecommended {
  BranchCode branch;  ///< The branch.
  std::string reason; ///< Why, with its numbers.
};

/// A plan.
struct Plan {
  Date as_of;                                   ///< The day it was made for.
  std::vector<BranchBalance> branches;          ///< Every branch, in dataset order.
  std::vector<Recommendation> recommendations;  ///< Courses to open, by branch then nearness.
  std::vector<NotRecommended> not_recommended;  ///< Branches left without (enough) courses.
};

/// A plan, or why not (`missing_field` at `as_of`: no day given and none in the dataset).
struct PlanResult {
  std::optional<Plan> plan;   ///< The plan, when there is one.
  std::vector<Issue> issues;  ///< Why not; empty on success.
};

/// Plans courses for @p dataset.
PlanResult plan_courses(const Dataset& dataset, const PlanRequest& request);

}  // namespace vocfab::report
