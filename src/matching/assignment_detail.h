// Private to src/matching: what the assignment solvers share (vocfab/matching/assignment.h).
#pragma once

#include "vocfab/matching/assignment.h"
#include "vocfab/model/masking.h"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace vocfab::matching::detail {

/// Every dual, distance and reduced cost a solver keeps stays within ±kGuard; passing it is
/// reported (`invalid_value`) instead of risking an overflow. With weights within `weight_limit`
/// it is never reached.
inline constexpr Weight kGuard = Weight{1} << 59;
/// An unreached column's distance.
inline constexpr Weight kInfinity = std::numeric_limits<Weight>::max();

inline bool beyond_guard(Weight value) noexcept { return value > kGuard || value < -kGuard; }

/// @p value as a message writes it: a number long enough to be a national id is masked.
template <class Integer>
std::string number(Integer value) {
  return mask_national_ids(std::to_string(value));
}

/// The issue a solver reports when a dual passes `kGuard`.
Issue guard_issue(std::string_view path);

/// The issue for a weight beyond `weight_limit` at @p path.
Issue weight_issue(std::string_view path, Weight weight, Weight limit);

/// How `solve_sparse` goes about a problem; the defaults are what the public function does.
struct SparseOptions {
  /// max_weight: start with the auction-like reduction before the augmenting paths (false: one
  /// augmenting path per row from the start, the tests' oracle for the reduction).
  bool warm_start = true;
};

/// `vocfab::matching::solve_sparse` with @p options.
Solved<SparseAssignment> solve_sparse(const SparseProblem& problem, const SparseOptions& options);

/// At most this many issues are reported about one problem.
inline constexpr std::size_t kMaxIssues = 20;

}  // namespace vocfab::matching::detail
