/// @file
/// Stable matching in JSON (SPEC section 5.0): reading a request, writing its result, and the
/// same for checking a matching's blocking pairs; and the same requests in the compact form of
/// the C ABI's `vf_stable_match_lists` and `vf_blocking_pairs_lists` (names in one buffer, the
/// lists' lengths and the capacities in arrays, the result as indices). Names exist only here;
/// the solver (`vocfab/matching/stable_matching.h`) sees indices.
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
/// A compact request (`MatchingLists`) is read by the same steps as the JSON one, in the same
/// order: the same instance gives the same issues, with the same paths and messages, and the same
/// result either way. What JSON cannot express is no issue there: a compact request whose names do
/// not add up to its counts, or whose names are not UTF-8, is refused whole (`MalformedLists`).
///
/// Thread-safety: pure functions; distinct calls may run concurrently.
#pragma once

#include "vocfab/io/json.h"
#include "vocfab/matching/stable_matching.h"
#include "vocfab/model/issue.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
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

/// What a solver's JSON entry point answers.
using MatchingReply = JsonReply;

/// Reads, solves and writes a stable-match request: what `vf_stable_match` calls.
MatchingReply stable_match_json(std::string_view request);
/// Reads, checks and writes a blocking-pairs request: what `vf_blocking_pairs` calls.
MatchingReply blocking_pairs_json(std::string_view request);
/// Checks and writes a blocking-pairs request as read (its issues when it has any).
MatchingReply blocking_pairs_reply(BlockingPairsRequest request);

/// The byte that separates the names of a compact request: U+001F, the unit separator.
inline constexpr char kMatchingNameSeparator = '\x1f';

/// A request in compact form. `names` holds every name of the request, joined by
/// `kMatchingNameSeparator` (n names, n - 1 separators; no names, no bytes), in this order: the
/// proposers' names (the keys of `proposers`), the receivers' names, the names of `capacities`,
/// for a blocking-pairs request the proposers of `matching`; then every entry of the proposers'
/// lists, list after list; every entry of the receivers' lists; for a blocking-pairs request the
/// matched proposers' receivers (one each, none for null). `list_lengths` has one length per
/// proposer, then per receiver, then per matched proposer (1, or 0 for null). Names, lists and
/// capacities mean exactly what they mean in JSON. The text is read in one pass; that the names
/// add up to the counts is known only at its end.
struct MatchingLists {
  std::string_view names;                        ///< The names, joined by the separator.
  std::span<const std::uint32_t> list_lengths;   ///< Per proposer, per receiver, per matched proposer.
  std::size_t proposers = 0;                     ///< How many keys `proposers` has.
  std::size_t receivers = 0;                     ///< How many keys `receivers` has.
  std::span<const std::int64_t> capacities;      ///< The values of `capacities`, one per name.
  std::size_t matched = 0;                       ///< How many keys `matching` has (blocking pairs only).
};

/// A compact request whose names and counts disagree (a name holding the separator, a count too
/// large, a matched proposer with more than one receiver), or whose names are not UTF-8: refused
/// whole, whatever issues it would have had. Its message says what disagrees and never quotes a
/// name.
class MalformedLists : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Reads a compact stable-match request, for the side @p optimal.
/// @throws MalformedLists as that class says.
StableMatchRequest read_stable_match_lists(const MatchingLists& lists, matching::Optimal optimal);
/// Reads a compact blocking-pairs request.
/// @throws MalformedLists as that class says.
BlockingPairsRequest read_blocking_pairs_lists(const MatchingLists& lists);

/// The result of a compact stable-match request, as indices into the request's own names.
struct StableMatchLists {
  /// Per proposer of `proposers`: the index among `receivers` of its partner, or `kNoIndex`.
  std::vector<std::uint32_t> partner;
  /// The proposers (indices among `proposers`) each receiver holds, receiver after receiver,
  /// each receiver's in its order of preference.
  std::vector<std::uint32_t> assigned;
  /// Per receiver of `receivers`: how many of `assigned` are its.
  std::vector<std::uint32_t> assigned_counts;
  /// The one-sided entries as in JSON's `ignored`: proposer, receiver, proposer, receiver, ...,
  /// joined by `kMatchingNameSeparator` (empty when there are none).
  std::string ignored;
};

/// The compact result of solving a request with @p names.
StableMatchLists write_stable_match_lists(const MatchingNames& names, const matching::Result& result);

}  // namespace vocfab
