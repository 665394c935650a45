// Candidate ranking and batch referral matching in JSON, CSV and tables (vocfab/io/ranking_json.h).
#include "vocfab/io/ranking_json.h"

#include "io/issue_limit.h"
#include "io/record_codec.h"
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

void add_issue(std::vector<Issue>& issues, IssueCode code, std::string path, std::string message) {
  io_detail::add_capped(issues, kMaxRankingIssues, code, std::move(path), std::move(message));
}

// Walks a request object: the bound on size, the parse, unknown and repeated fields, nulls (left
// to their defaults). @p read_field(name, value) reads one known, non-null field.
template <class ReadField>
void read_request_object(std::string_view text, std::string_view shape, std::initializer_list<std::string_view> names,
                         std::vector<Issue>& issues, ReadField&& read_field) {
  if (text.size() > kMaxRankingRequestBytes) {
    add_issue(issues, IssueCode::invalid_value, "",
              "a request is at most " + std::to_string(kMaxRankingRequestBytes) + " bytes; this one is " +
                  std::to_string(text.size()));
    return;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
  NestedValue value;
  if (auto failure = io_detail::read_nested_value(text, "", value)) {
    issues.push_back(std::move(*failure));
    return;
  }
  const auto root = value.root();
  if (root.kind() != ValueKind::object) {
    add_issue(issues, IssueCode::invalid_value, "",
              std::string("a request is an object ").append(shape).append(", found ").append(io_detail::kind_name(root.kind())));
    return;
  }
  std::vector<std::string_view> seen;
  root.for_each([&](NestedValue::View member) {
    const std::string_view key = member.key();
    if (std::find(names.begin(), names.end(), key) == names.end()) {
      add_issue(issues, IssueCode::invalid_value, mask_national_ids(key),
                "unknown field " + quote_value(key) + "; the request is " + std::string(shape));
      return;
    }
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      add_issue(issues, IssueCode::invalid_value, std::string(key), std::string(key) + " is written twice");
      return;
    }
    seen.push_back(key);
    if (member.kind() != ValueKind::null) read_field(key, member);
  });
}

void read_day(NestedValue::View member, std::optional<Date>& day, std::vector<Issue>& issues) {
  if (member.kind() != ValueKind::string) {
    add_issue(issues, IssueCode::invalid_value, "as_of",
              std::string("as_of is a day \"YYYY-MM-DD\", found ").append(io_detail::kind_name(member.kind())));
  } else if (auto parsed = parse_iso_date(member.string_view())) {
    day = *parsed;
  } else {
    add_issue(issues, IssueCode::invalid_value, "as_of", "as_of " + quote_value(member.string_view()) + " is not a day YYYY-MM-DD");
  }
}

template <class Id>
void read_id(NestedValue::View member, std::string_view field, Id& id, bool& present, std::vector<Issue>& issues) {
  if (member.kind() != ValueKind::string) {
    add_issue(issues, IssueCode::invalid_value, std::string(field),
              std::string(field).append(" is an id (a UUID), found ").append(io_detail::kind_name(member.kind())));
  } else if (auto parsed = Id::parse(member.string_view())) {
    id = *parsed;
    present = true;
  } else {
    add_issue(issues, IssueCode::invalid_value, std::string(field),
              std::string(field) + " " + quote_value(member.string_view()) + " is not a UUID");
  }
}

void read_count(NestedValue::View member, std::string_view field, std::size_t most, std::size_t& count,
                std::vector<Issue>& issues) {
  const bool whole = member.kind() == ValueKind::unsigned_integer || member.kind() == ValueKind::integer;
  const std::uint64_t value = member.kind() == ValueKind::unsigned_integer ? member.as_unsigned()
                              : member.kind() == ValueKind::integer && member.as_integer() > 0
                                  ? static_cast<std::uint64_t>(member.as_integer())
                                  : 0;
  if (!whole || value == 0 || value > most) {
    add_issue(issues, IssueCode::invalid_value, std::string(field),
              std::string(field) + " is a whole number from 1 to " + std::to_string(most) + ", found " +
                  (whole ? std::string("a number out of range") : std::string(io_detail::kind_name(member.kind()))));
    return;
  }
  count = static_cast<std::size_t>(value);
}

void require(bool present, std::string_view field, std::vector<Issue>& issues) {
  if (!present) add_issue(issues, IssueCode::missing_field, std::string(field), std::string(field) + " is required");
}

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
  bool has_vacancy = false;
  read_request_object(text, R"({"vacancy": ID, "top": K, "as_of": "YYYY-MM-DD"})", {"vacancy", "top", "as_of"},
                      reading.issues, [&](std::string_view key, NestedValue::View member) {
                        if (key == "vacancy") read_id(member, key, reading.request.vacancy, has_vacancy, reading.issues);
                        else if (key == "top") read_count(member, key, matching::kMaxTop, reading.request.top, reading.issues);
                        else read_day(member, reading.request.as_of, reading.issues);
                      });
  if (reading.issues.empty()) require(has_vacancy, "vacancy", reading.issues);
  return reading;
}

RequestReading<matching::ExplainRequest> read_explain_request(std::string_view text) {
  RequestReading<matching::ExplainRequest> reading;
  bool has_vacancy = false, has_trainee = false;
  read_request_object(text, R"({"vacancy": ID, "trainee": ID, "as_of": "YYYY-MM-DD"})", {"vacancy", "trainee", "as_of"},
                      reading.issues, [&](std::string_view key, NestedValue::View member) {
                        if (key == "vacancy") read_id(member, key, reading.request.vacancy, has_vacancy, reading.issues);
                        else if (key == "trainee") read_id(member, key, reading.request.trainee, has_trainee, reading.issues);
                        else read_day(member, reading.request.as_of, reading.issues);
                      });
  if (reading.issues.empty()) {
    require(has_vacancy, "vacancy", reading.issues);
    require(has_trainee, "trainee", reading.issues);
  }
  return reading;
}

RequestReading<matching::ReferralMatchRequest> read_match_request(std::string_view text) {
  RequestReading<matching::ReferralMatchRequest> reading;
  read_request_object(
      text, R"({"mode": "stable" | "max_score", "shortlist": K, "as_of": "YYYY-MM-DD"})", {"mode", "shortlist", "as_of"},
      reading.issues, [&](std::string_view key, NestedValue::View member) {
        if (key == "mode") {
          if (member.kind() == ValueKind::string && member.string_view() == "stable") {
            reading.request.mode = matching::ReferralMatchMode::stable;
          } else if (member.kind() == ValueKind::string && member.string_view() == "max_score") {
            reading.request.mode = matching::ReferralMatchMode::max_score;
          } else {
            add_issue(reading.issues, IssueCode::invalid_value, "mode",
                      "mode is \"stable\" or \"max_score\", found " +
                          (member.kind() == ValueKind::string ? quote_value(member.string_view())
                                                              : std::string(io_detail::kind_name(member.kind()))));
          }
        } else if (key == "shortlist") {
          read_count(member, key, matching::kMaxShortlist, reading.request.shortlist, reading.issues);
        } else {
          read_day(member, reading.request.as_of, reading.issues);
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
