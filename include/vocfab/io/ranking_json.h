/// @file
/// Candidate ranking (SPEC 5.1) and batch referral matching (SPEC 5.3) in JSON, CSV and readable
/// tables: reading requests, writing results. The work itself is `vocfab/matching/ranking.h` and
/// `vocfab/matching/referral_matching.h`.
///
/// Requests (an empty text is the empty request; absent or null fields take their defaults):
/// - rank: `{"vacancy": ID, "top": K, "as_of": "YYYY-MM-DD"}`, `vacancy` required, `top` 1 to
///   `matching::kMaxTop` (default 50);
/// - explain: `{"vacancy": ID, "trainee": ID, "as_of": "YYYY-MM-DD"}`, both ids required;
/// - match: `{"mode": "stable" | "max_score", "shortlist": K, "as_of": "YYYY-MM-DD"}`, `mode`
///   default `stable`, `shortlist` 1 to `matching::kMaxShortlist` (default 20).
/// A wrong type, a malformed id or day, a field written twice or an unknown field is
/// `invalid_value` at that field's path (values quoted with `quote_value`, unknown names masked
/// with `mask_national_ids`); a required field left out is `missing_field`; a text that is not
/// JSON, too deep or holds a NUL byte is `parse_error`; a text longer than
/// `kMaxRankingRequestBytes` is refused unread (`invalid_value`); at most `kMaxRankingIssues`
/// issues are listed, then one saying the rest were left out. Without `as_of` on a dataset
/// without one the answer is `missing_field` at `as_of`: the library reads no clock.
///
/// Results:
/// - a ranking: `{"vacancy", "as_of", "candidates": [CANDIDATE, ...]}`, a candidate
///   being `{"trainee", "score", "terms": [{"term", "points", "why"}, ...], "registered"}`;
/// - an explanation: `{"vacancy", "trainee", "as_of", "eligible": true, "score", "terms",
///   "registered"}` (the candidate entry), or `{"vacancy", "trainee", "as_of", "eligible": false,
///   "reasons": [{"code", "argument", "field", "message"}, ...]}` with every filter failed;
/// - a match: `{"mode", "as_of", "shortlist", "vacancies", "seekers", "open_positions", "pairs":
///   [{"trainee", "vacancy", "score"}, ...], "total_score", "open_positions_left", "operations":
///   [OPERATION, ...]}`, the operations written by `write_operation` (a batch for `apply`).
/// Only ids, days, numbers, codes and reasons built from them appear; never a name or a national
/// id. The readable tables show a person by id and masked name (`A*** Y****`).
///
/// Thread-safety: pure functions; distinct calls may run concurrently on one unchanging dataset.
#pragma once

#include "vocfab/io/json.h"
#include "vocfab/matching/ranking.h"
#include "vocfab/matching/referral_matching.h"
#include "vocfab/model/dataset.h"
#include "vocfab/model/issue.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vocfab {

/// The longest ranking, explain or match request read, in bytes.
inline constexpr std::size_t kMaxRankingRequestBytes = 4096;
/// The most issues such a request reports; one more says that the rest were left out.
inline constexpr std::size_t kMaxRankingIssues = 20;

/// A request as read: usable when `issues` is empty.
template <class Request>
struct RequestReading {
  Request request;            ///< The request read (usable when `issues` is empty).
  std::vector<Issue> issues;  ///< Why the request could not be served; empty on success.
};

/// Reads @p text as a rank request.
RequestReading<matching::RankRequest> read_rank_request(std::string_view text);
/// Reads @p text as an explain request.
RequestReading<matching::ExplainRequest> read_explain_request(std::string_view text);
/// Reads @p text as a match request.
RequestReading<matching::ReferralMatchRequest> read_match_request(std::string_view text);

/// The JSON of @p ranking.
std::string write_ranking(const matching::Ranking& ranking);
/// The JSON of @p explanation for @p trainee.
std::string write_explanation(const matching::Explanation& explanation, const TraineeId& trainee);
/// The JSON of @p match, operations included.
std::string write_referral_match(const matching::ReferralMatch& match);

/// Reads @p request, ranks @p dataset and writes the ranking: what `vf_dataset_rank` calls.
JsonReply rank_json(const Dataset& dataset, std::string_view request);
/// Reads @p request and explains: what `vf_dataset_explain` calls.
JsonReply explain_json(const Dataset& dataset, std::string_view request);
/// Reads @p request and matches: what `vf_dataset_match` calls.
JsonReply match_json(const Dataset& dataset, std::string_view request);

/// The ranking as a readable table: rank, trainee id, masked name, score and each term's points.
std::string ranking_table(const Dataset& dataset, const matching::Ranking& ranking);
/// The ranking as CSV: a header, then one line per candidate with each term's points.
std::string ranking_csv(const matching::Ranking& ranking);
/// An explanation for a person: each term with its points and reason, or each failed filter.
std::string explanation_table(const Dataset& dataset, const matching::Explanation& explanation,
                              const TraineeId& trainee);
/// The match as a readable table: per vacancy, the people referred with their scores.
std::string referral_match_table(const Dataset& dataset, const matching::ReferralMatch& match);

}  // namespace vocfab
