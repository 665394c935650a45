// Candidate ranking and batch referral matching in JSON, CSV and tables (vocfab/io/ranking_json.h).
#include "vocfab/io/ranking_json.h"

#include "io/issue_limit.h"
#include "io/record_codec.h"
#include "io/request_fields.h"
#include "io/result_text.h"
#include "vocfab/io/operations_json.h"
#include "vocfab/model/masking.h"
#include "vocfab/ops/certificates.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iomanip>
#include <map>
#include <sstream>
#include <utility>

namespace vocfab {
namespace {

using io_detail::NestedValue;
using io_detail::person_text;
using io_detail::ValueKind;
using ordered_json = nlohmann::ordered_json;

using io_detail::RequestFields;
using io_detail::RequestLimits;

constexpr RequestLimits kLimits{kMaxRankingRequestBytes, kMaxRankingIssues};

// A term's reason names records' values (a branch code, a district): masked, as every message is,
// so that a national id typed into one never shows.
ordered_json terms_json(const matching::Candidate& candidate) {
  ordered_json terms = ordered_json::array();
  for (const auto& term : candidate.terms) {
    terms.push_back({{"term", term.term}, {"points", term.points}, {"why", mask_national_ids(term.why)}});
  }
  return terms;
}

ordered_json candidate_json(const matching::Candidate& candidate) {
  return {{"trainee", candidate.trainee.to_string()},
          {"score", candidate.score},
          {"terms", terms_json(candidate)},
          {"registered", to_iso_string(candidate.registered)}};
}

// The short column names of the terms, in SPEC 5.1's order.
constexpr std::string_view kTermColumns[] = {"cert", "train", "loc", "wait", "decl", "early", "pref"};

}  // namespace

RequestReading<matching::RankRequest> read_rank_request(std::string_view text) {
  RequestReading<matching::RankRequest> reading;
  RequestFields fields(kLimits, reading.issues);
  bool has_vacancy = false;
  fields.walk(text, R"({"vacancy": ID, "top": K, "as_of": "YYYY-MM-DD"})", {"vacancy", "top", "as_of"},
              [&](std::string_view key, NestedValue::View member) {
                if (key == "vacancy") fields.id(member, key, reading.request.vacancy, has_vacancy);
                else if (key == "top") fields.count(member, key, 1, matching::kMaxTop, reading.request.top);
                else fields.day(member, key, reading.request.as_of);
              });
  if (reading.issues.empty()) fields.require(has_vacancy, "vacancy");
  return reading;
}

RequestReading<matching::ExplainRequest> read_explain_request(std::string_view text) {
  RequestReading<matching::ExplainRequest> reading;
  RequestFields fields(kLimits, reading.issues);
  bool has_vacancy = false, has_trainee = false;
  fields.walk(text, R"({"vacancy": ID, "trainee": ID, "as_of": "YYYY-MM-DD"})", {"vacancy", "trainee", "as_of"},
              [&](std::string_view key, NestedValue::View member) {
                if (key == "vacancy") fields.id(member, key, reading.request.vacancy, has_vacancy);
                else if (key == "trainee") fields.id(member, key, reading.request.trainee, has_trainee);
                else fields.day(member, key, reading.request.as_of);
              });
  if (reading.issues.empty()) {
    fields.require(has_vacancy, "vacancy");
    fields.require(has_trainee, "trainee");
  }
  return reading;
}

RequestReading<matching::ReferralMatchRequest> read_match_request(std::string_view text) {
  RequestReading<matching::ReferralMatchRequest> reading;
  RequestFields fields(kLimits, reading.issues);
  fields.walk(text, R"({"mode": "stable" | "max_score", "shortlist": K, "as_of": "YYYY-MM-DD", "max_threads": N})",
              {"mode", "shortlist", "as_of", "max_threads"}, [&](std::string_view key, NestedValue::View member) {
                if (key == "mode") {
                  fields.choice(member, key,
                                {std::pair{std::string_view("stable"), matching::ReferralMatchMode::stable},
                                 std::pair{std::string_view("max_score"), matching::ReferralMatchMode::max_score}},
                                reading.request.mode);
                } else if (key == "shortlist") {
                  fields.count(member, key, 1, matching::kMaxShortlist, reading.request.shortlist);
                } else if (key == "max_threads") {
                  fields.count(member, key, 0, matching::kMaxMatchThreads, reading.request.max_threads);
                } else {
                  fields.day(member, key, reading.request.as_of);
                }
              });
  return reading;
}

std::string write_ranking(const matching::Ranking& ranking) {
  ordered_json out{{"vacancy", ranking.vacancy.to_string()}, {"as_of", to_iso_string(ranking.as_of)}};
  ordered_json& candidates = out["candidates"] = ordered_json::array();
  for (const auto& candidate : ranking.candidates) candidates.push_back(candidate_json(candidate));
  return io_detail::dump_compact(out);
}

std::string write_explanation(const matching::Explanation& explanation, const TraineeId& trainee) {
  ordered_json out{{"vacancy", explanation.vacancy.to_string()},
                   {"trainee", trainee.to_string()},
                   {"as_of", to_iso_string(explanation.as_of)},
                   {"eligible", explanation.eligible()}};
  if (explanation.candidate) {
    out["score"] = explanation.candidate->score;
    out["terms"] = terms_json(*explanation.candidate);
    out["registered"] = to_iso_string(explanation.candidate->registered);
  } else {
    ordered_json& reasons = out["reasons"] = ordered_json::array();
    for (const auto& failure : explanation.reasons) {
      reasons.push_back({{"code", to_string(failure.violation.code)},
                         {"argument", failure.argument},
                         {"field", failure.violation.field},
                         {"message", mask_national_ids(failure.violation.message)}});
    }
  }
  return io_detail::dump_compact(out);
}

std::string write_referral_match(const matching::ReferralMatch& match) {
  ordered_json out{{"mode", matching::to_string(match.mode)},
                   {"as_of", to_iso_string(match.as_of)},
                   {"shortlist", match.shortlist},
                   {"vacancies", match.vacancies},
                   {"seekers", match.seekers},
                   {"open_positions", match.open_positions}};
  ordered_json& pairs = out["pairs"] = ordered_json::array();
  for (const auto& pair : match.pairs) {
    pairs.push_back({{"trainee", pair.trainee.to_string()}, {"vacancy", pair.vacancy.to_string()}, {"score", pair.score}});
  }
  out["total_score"] = match.total_score;
  out["open_positions_left"] = match.open_positions_left();
  return io_detail::with_operations(out, [&](auto visit) {
    for (const Operation& operation : match.operations()) visit(operation);
  });
}

JsonReply rank_json(const Dataset& dataset, std::string_view request) {
  auto reading = read_rank_request(request);
  if (!reading.issues.empty()) return {{}, std::move(reading.issues)};
  matching::RankResult result = matching::rank(dataset, reading.request);
  if (!result.ranking) return {{}, std::move(result.issues)};
  return {write_ranking(*result.ranking), {}};
}

JsonReply explain_json(const Dataset& dataset, std::string_view request) {
  auto reading = read_explain_request(request);
  if (!reading.issues.empty()) return {{}, std::move(reading.issues)};
  matching::ExplainResult result = matching::explain(dataset, reading.request);
  if (!result.explanation) return {{}, std::move(result.issues)};
  return {write_explanation(*result.explanation, reading.request.trainee), {}};
}

JsonReply match_json(const Dataset& dataset, std::string_view request) {
  auto reading = read_match_request(request);
  if (!reading.issues.empty()) return {{}, std::move(reading.issues)};
  matching::ReferralMatchResult result = matching::match_referrals(dataset, reading.request);
  if (!result.match) return {{}, std::move(result.issues)};
  return {write_referral_match(*result.match), {}};
}

std::string ranking_table(const Dataset& dataset, const matching::Ranking& ranking) {
  std::ostringstream out;
  out << "Candidates for vacancy " << ranking.vacancy.to_string() << " on " << to_iso_string(ranking.as_of) << ": "
      << ranking.candidates.size() << (ranking.candidates.size() == 1 ? " candidate" : " candidates") << "\n";
  if (ranking.candidates.empty()) return out.str();
  out << "\n" << std::setw(5) << "rank" << "  " << std::setw(6) << "score";
  for (const auto column : kTermColumns) out << std::setw(6) << column;
  out << "  registered  trainee\n";
  std::size_t place = 0;
  for (const auto& candidate : ranking.candidates) {
    out << std::setw(5) << ++place << "  " << std::setw(6) << candidate.score;
    for (const auto& term : candidate.terms) out << std::setw(6) << term.points;
    out << "  " << to_iso_string(candidate.registered) << "  " << person_text(dataset, candidate.trainee) << '\n';
  }
  return out.str();
}

std::string ranking_csv(const matching::Ranking& ranking) {
  std::string out = "rank,trainee,score,certificate,training,location,waiting,declines,early_leaves,preferences,registered\n";
  std::size_t place = 0;
  for (const auto& candidate : ranking.candidates) {
    out += std::to_string(++place) + ',' + candidate.trainee.to_string() + ',' + std::to_string(candidate.score);
    for (const auto& term : candidate.terms) out += ',' + std::to_string(term.points);
    out += ',' + to_iso_string(candidate.registered) + '\n';
  }
  return out;
}

std::string explanation_table(const Dataset& dataset, const matching::Explanation& explanation,
                              const TraineeId& trainee) {
  std::ostringstream out;
  out << person_text(dataset, trainee) << " for vacancy " << explanation.vacancy.to_string() << " on "
      << to_iso_string(explanation.as_of) << ": ";
  if (explanation.candidate) {
    out << "eligible, score " << explanation.candidate->score << "\n";
    for (const auto& term : explanation.candidate->terms) {
      out << "  " << std::left << std::setw(13) << term.term << std::right << std::setw(5) << term.points << "  "
          << mask_national_ids(term.why) << '\n';
    }
  } else {
    out << "not eligible (" << explanation.reasons.size() << (explanation.reasons.size() == 1 ? " filter" : " filters")
        << " failed)\n";
    for (const auto& failure : explanation.reasons) {
      out << "  " << to_string(failure.violation.code) << ": " << mask_national_ids(failure.violation.message) << '\n';
    }
  }
  return out.str();
}

std::string referral_match_table(const Dataset& dataset, const matching::ReferralMatch& match) {
  std::ostringstream out;
  out << "Referral match (" << matching::to_string(match.mode) << ", shortlists of " << match.shortlist << ") on "
      << to_iso_string(match.as_of) << ": " << match.vacancies << " open vacancies with " << match.open_positions
      << " open positions, " << match.seekers << " people shortlisted; " << match.pairs.size() << " referrals, total score "
      << match.total_score << ", " << match.open_positions_left() << " positions left open\n";
  const VacancyId* current = nullptr;
  for (const auto& pair : match.pairs) {
    if (current == nullptr || !(*current == pair.vacancy)) {
      current = &pair.vacancy;
      const Vacancy* vacancy = dataset.find(pair.vacancy);
      out << "\nvacancy " << pair.vacancy.to_string();
      if (vacancy != nullptr) {
        out << "  " << mask_national_ids(vacancy->title) << ", " << vacancy->positions
            << (vacancy->positions == 1 ? " position" : " positions");
      }
      out << '\n';
    }
    out << "  " << std::setw(5) << pair.score << "  " << person_text(dataset, pair.trainee) << '\n';
  }
  return out.str();
}

}  // namespace vocfab
