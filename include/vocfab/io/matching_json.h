/// @file
/// Stable matching in JSON (SPEC section 5.0): reading a request, writing its result, and the
/// same for checking a matching's blocking pairs. Names exist only here; the solver
/// (`vocfab/matching/stable_matching.h`) sees indices.
///
/// A stable-match request is `{"proposers": {NAME: [NAME, ...], ...}, "receivers": {NAME: [NAME,
/// ...], ...}, "capacities": {NAME: COUNT, ...}, "optimal": "proposer" | "receiver"}`: lists are
/// strict rankings, most preferred first; `capacities` (default 1 each) and `optimal` (default
/// `proposer`) may be left out. Its result is `{"matching": {PROPOSER: RECEIVER | null, ...},
/// "assigned": {RECEIVER: [PROPOSER, ...], ...}, "ignored": [[PROPOSER, RECEIVER], ...]}`:
/// `matching` lists every proposer in request order, `assigned` every receiver in request order
/// with its proposers in its own order of preference, `ignored` every entry only one side lists,
/// first the proposers' (by proposer, in list order), then the receivers' (likewise), always as
/// [proposer, receiver].
///
/// A name listed that the other side does not define (a receiver named only in a proposer's list)
/// is no error: that entry is one-sided, ignored and listed like any other.
///
/// A blocking-pairs request is the same instance plus `"matching": {PROPOSER: RECEIVER | null,
/// ...}` (a proposer left out is unmatched; `optimal` is accepted and has no effect, so that a
/// request and its result can be checked together). Its result is `{"stable": BOOL,
/// "blocking_pairs": [[PROPOSER, RECEIVER], ...], "capacity_violations": [{"receiver", "assigned",
/// "capacity"}, ...], "unacceptable": [[PROPOSER, RECEIVER], ...]}` in the orders of
/// `matching::Instability`.
///
/// Hostile input: the text is read without a DOM, at most `kMaxNestingDepth` deep; every problem
/// is an issue (up to `kMaxMatchingIssues`) whose path names the member (`proposers.a[2]`,
/// `capacities.x`): a wrong type, an empty or overlong name, a name listed twice in one list or
/// defined twice, a capacity that is not an integer from 1 to `kMaxMatchingCapacity`, an unknown
/// top-level field, an `optimal` other than the two spellings are `invalid_value`; `proposers` or
/// `receivers` absent (or null) is `missing_field`; a capacity for no listed receiver, or a
/// matching that names no listed proposer or receiver, is `unknown_reference`. Every name quoted
/// in a path or message is masked (`mask_national_ids`); results echo names as given, since
/// they are the caller's own keys.
///
/// Thread-safety: pure functions; distinct calls may run concurrently.
#pragma once

#include "vocfab/matching/stable_matching.h"
#include "vocfab/model/issue.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vocfab {

/// The most proposers, and the most receivers, a request may name (those only named in the other
/// side's lists included).
inline constexpr std::size_t kMaxMatchingAgents = 1'000'000;
/// The most entries all lists of a request may hold together.
inline constexpr std::size_t kMaxMatchingEntries = 10'000'000;
/// The longest name, in bytes (UTF-8).
inline constexpr std::size_t kMaxMatchingNameBytes = 256;
/// The largest capacity.
inline constexpr std::uint64_t kMaxMatchingCapacity = 1'000'000;
/// The most issues a request reports; one more says that the rest were left out.
inline constexpr std::size_t kMaxMatchingIssues = 100;

/// The names behind a request's indices.
struct MatchingNames {
  /// Proposer names by index: the request's `proposers` keys in order, then the names that only
  /// receivers' lists hold, in order of first appearance.
  std::vector<std::string> proposers;
  /// Receiver names by index, likewise.
  std::vector<std::string> receivers;
  matching::Index listed_proposers = 0;  ///< How many of `proposers` are keys of `proposers`.
  matching::Index listed_receivers = 0;  ///< How many of `receivers` are keys of `receivers`.
};

/// A stable-match request as read: usable when `issues` is empty.
struct StableMatchRequest {
  MatchingNames names;  ///< The names behind the indices.
  matching::Instance instance;  ///< The instance over indices.
  matching::Optimal optimal = matching::Optimal::proposer;  ///< Which side the matching is optimal for.
  std::vector<Issue> issues;  ///< Why it could not be read (then `instance` is empty).
};

/// A blocking-pairs request as read: usable when `issues` is empty.
struct BlockingPairsRequest {
  MatchingNames names;  ///< The names behind the indices.
  matching::Instance instance;  ///< The instance over indices.
  matching::Matching matching;  ///< One entry per proposer index.
  std::vector<Issue> issues;    ///< Why it could not be read (then `instance` is empty).
};

/// Reads @p text as a stable-match request.
StableMatchRequest read_stable_match_request(std::string_view text);
/// Reads @p text as a blocking-pairs request.
BlockingPairsRequest read_blocking_pairs_request(std::string_view text);

/// The result JSON of solving a request with @p names.
std::string write_stable_match_result(const MatchingNames& names, const matching::Result& result);
/// The result JSON of checking a matching of a request with @p names.
std::string write_blocking_pairs_result(const MatchingNames& names, const matching::Instability& instability);

/// What a JSON entry point answers: the result's JSON, or the issues that kept the request from
/// being read (then `json` is empty; `issues_to_json` renders them).
struct MatchingReply {
  std::string json;  ///< The result's JSON; empty when there are issues.
  std::vector<Issue> issues;  ///< Why the request could not be served; empty on success.
  bool ok() const noexcept { return issues.empty(); }  ///< True when there are no issues.
};

/// Reads, solves and writes a stable-match request: what `vf_stable_match` and the bindings call.
MatchingReply stable_match_json(std::string_view request);
/// Reads, checks and writes a blocking-pairs request: what `vf_blocking_pairs` calls.
MatchingReply blocking_pairs_json(std::string_view request);

}  // namespace vocfab
