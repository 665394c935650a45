// Candidate ranking (vocfab/matching/ranking.h): the filters of `refer`, the terms of SPEC 5.1.
#include "vocfab/matching/ranking.h"

#include "matching/judged_on.h"

#include "vocfab/model/masking.h"
#include "vocfab/model/turkish_text.h"
#include "vocfab/validation/rules.h"

#include <algorithm>
#include <string>

namespace vocfab::matching {
namespace {

std::string days_text(std::int64_t days) { return std::to_string(days) + (days == 1 ? " day" : " days"); }

// The day a request is judged on, or the issue that there is none.
std::optional<Date> judged_on(const Dataset& dataset, const std::optional<Date>& as_of, std::vector<Issue>& issues) {
  std::optional<Date> day = detail::judged_on(dataset, as_of);
  if (!day) issues.push_back({IssueCode::missing_field, "as_of", std::string(detail::kNoAsOfDay)});
  return day;
}

// The vacancy of a request, open and taking referrals on @p day, or the issues why not.
const Vacancy* open_vacancy(const Dataset& dataset, const VacancyId& id, const std::optional<Date>& day,
                            std::vector<Issue>& issues) {
  const auto row = dataset.row_of(id);
  if (!row) {
    issues.push_back({IssueCode::unknown_reference, "vacancy",
                      "vacancy " + quote_value(id.to_string()) + " names no record in vacancies"});
    return nullptr;
  }
  const Vacancy& vacancy = dataset.at(*row);
  if (day) {
    if (auto closed = check_vacancy_takes_referrals(vacancy, *day)) {
      issues.push_back({closed->code, "vacancy", std::move(closed->message)});
      return nullptr;
    }
  }
  return &vacancy;
}

// Enrolled in a course of @p branch that is running on @p day.
bool in_running_course(const Dataset& dataset, Row<Trainee> person, const BranchCode& branch, const Date& day) {
  for (const auto row : dataset.children<&Enrollment::trainee>(person)) {
    if (dataset.at(row).status != EnrollmentStatus::enrolled) continue;
    const auto course_row = dataset.parent<&Enrollment::course>(row);
    if (!course_row) continue;
    const Course& course = dataset.at(*course_row);
    if (course.branch == branch && course.status == CourseStatus::running && course.start <= day && day <= course.end) {
      return true;
    }
  }
  return false;
}

ScoreTerm certificate_term(const RankingPolicy& points, const Vacancy& vacancy, std::optional<CertificateKind> held) {
  ScoreTerm term{"certificate", 0, {}};
  if (!vacancy.branch) {
    term.why = "the vacancy names no branch";
  } else if (held == CertificateKind::meb) {
    term.points = points.meb_certificate;
    term.why = "a meb certificate in " + vacancy.branch->str();
  } else if (held == CertificateKind::participation) {
    term.points = points.participation_certificate;
    term.why = "a participation document in " + vacancy.branch->str();
  } else {
    term.why = "no certificate in " + vacancy.branch->str();
  }
  return term;
}

ScoreTerm training_term(const Dataset& dataset, Row<Trainee> person, const Vacancy& vacancy,
                        std::optional<CertificateKind> held, const Date& day) {
  ScoreTerm term{"training", 0, {}};
  if (!vacancy.branch) {
    term.why = "the vacancy names no branch";
  } else if (held) {
    term.why = "counted as a certificate instead";
  } else if (in_running_course(dataset, person, *vacancy.branch, day)) {
    term.points = dataset.policy().ranking.training;
    term.why = "enrolled in a running course of " + vacancy.branch->str();
  } else {
    term.why = "not enrolled in a running course of " + vacancy.branch->str();
  }
  return term;
}

ScoreTerm location_term(const RankingPolicy& points, const Trainee& trainee, const Vacancy& vacancy) {
  if (!(trainee.province == vacancy.province)) return {"location", 0, "lives in another province"};
  if (same_turkish_text(trainee.district, vacancy.district)) {
    return {"location", points.same_district, "lives in the vacancy's district"};
  }
  return {"location", points.same_province, "lives in the vacancy's province, in another district"};
}

ScoreTerm waiting_term(const Dataset& dataset, Row<Trainee> person, const Date& day) {
  const RankingPolicy& points = dataset.policy().ranking;
  const Trainee& trainee = dataset.at(person);
  Date since = trainee.registered;
  bool after_hire = false;
  for (const auto row : dataset.children<&Referral::trainee>(person)) {
    const Referral& referral = dataset.at(row);
    if (is_hire(referral.status) && referral.ended && *referral.ended <= day && since < *referral.ended) {
      since = *referral.ended;
      after_hire = true;
    }
  }
  const std::int64_t days = std::max<std::int64_t>(days_between(since, day), 0);
  const std::int64_t periods = days / std::max<std::uint32_t>(points.waiting_period_days, 1);
  const std::int64_t earned = std::min<std::int64_t>(periods * points.waiting_points, points.waiting_max);
  return {"waiting", earned,
          days_text(days) + " since " + (after_hire ? "the last hire ended" : "registration") + " (" +
              std::to_string(periods) + " full periods of " + days_text(points.waiting_period_days) + ")"};
}

// Declines and no-shows decided, and early leaves ended, within `decline_window_days` up to @p day.
std::pair<ScoreTerm, ScoreTerm> penalty_terms(const Dataset& dataset, Row<Trainee> person, const Date& day) {
  const Policy& policy = dataset.policy();
  std::int64_t declines = 0, early_leaves = 0;
  for (const auto row : dataset.children<&Referral::trainee>(person)) {
    const Referral& referral = dataset.at(row);
    if (counts_as_decline(referral.status)) {
      const Date when = referral.decided.value_or(referral.referred);
      declines += when <= day && within_days(when, policy.decline_window_days, day);
    } else if (referral.status == ReferralStatus::left_early && referral.ended) {
      early_leaves += *referral.ended <= day && within_days(*referral.ended, policy.decline_window_days, day);
    }
  }
  const std::string window = " in the last " + days_text(policy.decline_window_days);
  return {ScoreTerm{"declines", -declines * policy.ranking.decline_penalty,
                    std::to_string(declines) + " declined or not shown" + window},
          ScoreTerm{"early_leaves", -early_leaves * policy.ranking.early_leave_penalty,
                    std::to_string(early_leaves) + " left early" + window}};
}

ScoreTerm preferences_term(const Dataset& dataset, const Trainee& trainee, const Vacancy& vacancy) {
  ScoreTerm term{"preferences", 0, {}};
  if (!trainee.identity) {
    term.why = "no preferences";
    return term;
  }
  const RankingPolicy& points = dataset.policy().ranking;
  const JobPreferences& wanted = trainee.identity->job_preferences;
  const auto listed = [](const std::vector<std::string>& list, std::string_view value) {
    return std::any_of(list.begin(), list.end(), [&](const std::string& item) { return same_turkish_text(item, value); });
  };
  std::vector<std::string> agreed;
  if (const auto employer = dataset.row_of(vacancy.employer); employer && listed(wanted.sectors, dataset.at(*employer).sector)) {
    term.points += points.sector_preference;
    agreed.emplace_back("sector");
  }
  if (listed(wanted.districts, vacancy.district)) {
    term.points += points.district_preference;
    agreed.emplace_back("district");
  }
  if (wanted.shift && (*wanted.shift == vacancy.shift || *wanted.shift == Shift::any || vacancy.shift == Shift::any)) {
    term.points += points.shift_preference;
    agreed.emplace_back("shift");
  }
  if (agreed.empty()) {
    term.why = "no stated preference agrees";
  } else {
    term.why = "preferred";
    for (std::size_t i = 0; i < agreed.size(); ++i) term.why += (i == 0 ? " " : i + 1 == agreed.size() ? " and " : ", ") + agreed[i];
  }
  return term;
}

bool ranks_before(const Candidate& a, const Candidate& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.registered != b.registered) return a.registered < b.registered;
  return a.trainee < b.trainee;
}

}  // namespace

Candidate score(const Dataset& dataset, Row<Trainee> person, const Vacancy& vacancy, const Date& day) {
  const RankingPolicy& points = dataset.policy().ranking;
  const Trainee& trainee = dataset.at(person);
  const std::optional<CertificateKind> held =
      vacancy.branch ? certificate_in_force(dataset, person, *vacancy.branch, day) : std::nullopt;
  auto [declines, early_leaves] = penalty_terms(dataset, person, day);
  Candidate candidate{trainee.id, 0, {}, trainee.registered};
  candidate.terms.reserve(7);
  candidate.terms.push_back(certificate_term(points, vacancy, held));
  candidate.terms.push_back(training_term(dataset, person, vacancy, held, day));
  candidate.terms.push_back(location_term(points, trainee, vacancy));
  candidate.terms.push_back(waiting_term(dataset, person, day));
  candidate.terms.push_back(std::move(declines));
  candidate.terms.push_back(std::move(early_leaves));
  candidate.terms.push_back(preferences_term(dataset, trainee, vacancy));
  for (const ScoreTerm& term : candidate.terms) candidate.score += term.points;
  return candidate;
}

RankResult rank(const Dataset& dataset, const RankRequest& request) {
  RankResult out;
  if (request.top == 0 || request.top > kMaxTop) {
    out.issues.push_back({IssueCode::invalid_value, "top",
                          "top " + std::to_string(request.top) + " is not between 1 and " + std::to_string(kMaxTop)});
  }
  const std::optional<Date> day = judged_on(dataset, request.as_of, out.issues);
  const Vacancy* vacancy = open_vacancy(dataset, request.vacancy, day, out.issues);
  if (!out.issues.empty()) return out;
  Ranking ranking{request.vacancy, *day, 0, {}};
  const auto trainees = dataset.records<Trainee>();
  for (std::uint32_t i = 0; i < trainees.size(); ++i) {
    const Row<Trainee> person{i};
    if (!check_referral_filters(dataset, person, *vacancy, *day).empty()) continue;
    ranking.candidates.push_back(score(dataset, person, *vacancy, *day));
  }
  ranking.eligible = ranking.candidates.size();
  const std::size_t kept = std::min(request.top, ranking.candidates.size());
  std::partial_sort(ranking.candidates.begin(), ranking.candidates.begin() + static_cast<std::ptrdiff_t>(kept),
                    ranking.candidates.end(), ranks_before);
  ranking.candidates.resize(kept);
  out.ranking = std::move(ranking);
  return out;
}

ExplainResult explain(const Dataset& dataset, const ExplainRequest& request) {
  ExplainResult out;
  const std::optional<Date> day = judged_on(dataset, request.as_of, out.issues);
  const Vacancy* vacancy = open_vacancy(dataset, request.vacancy, day, out.issues);
  const auto person = dataset.row_of(request.trainee);
  if (!person) {
    out.issues.push_back({IssueCode::unknown_reference, "trainee",
                          "trainee " + quote_value(request.trainee.to_string()) + " names no record in trainees"});
  }
  if (!out.issues.empty()) return out;
  Explanation explanation{request.vacancy, *day, std::nullopt, check_referral_filters(dataset, *person, *vacancy, *day)};
  if (explanation.reasons.empty()) explanation.candidate = score(dataset, *person, *vacancy, *day);
  out.explanation = std::move(explanation);
  return out;
}

}  // namespace vocfab::matching
