// Candidate ranking (vocfab/matching/ranking.h): the filters of `refer`, the terms of SPEC 5.1.
#include "vocfab/matching/ranking.h"

#include "model/judged_on.h"

#include "vocfab/model/masking.h"
#include "vocfab/model/turkish_text.h"
#include "vocfab/validation/rules.h"

#include <algorithm>
#include <array>
#include <span>
#include <string>

namespace vocfab::matching {
namespace {

std::string days_text(std::int64_t days) { return std::to_string(days) + (days == 1 ? " day" : " days"); }

using vocfab::detail::judged_on;

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

enum class Nearness { other_province, same_province, same_district };

// What a person's score for a vacancy on a day is made of: read once from the records, then
// turned into points (the ranking's inner loop) or into the terms with their reasons (the entries
// listed).
struct Facts {
  std::optional<CertificateKind> held;
  bool training = false;
  Nearness nearness = Nearness::other_province;
  std::int64_t waiting_days = 0;
  bool after_hire = false;
  std::int64_t declines = 0, early_leaves = 0;
  bool has_preferences = false, sector = false, district = false, shift = false;
};

// The texts of a vacancy that a person's are compared with, folded once for every person.
struct FoldedVacancy {
  FoldedVacancy(const Dataset& dataset, const Vacancy& of) : vacancy(of), district(fold_turkish(of.district)) {
    if (const Employer* employer = dataset.find(of.employer)) sector = fold_turkish(employer->sector);
  }
  const Vacancy& vacancy;
  std::string district;
  std::optional<std::string> sector;  // the employer's, when it is in the dataset
};

// As `same_turkish_text(item, value)` for one of @p list's items, @p folded being `fold_turkish(value)`.
bool listed(const std::vector<std::string>& list, std::string_view folded) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& item) { return fold_turkish(item) == folded; });
}

// @p in_branch false: the seeker index says the person was never enrolled in the vacancy's branch,
// so they hold no certificate of it and train in none of its courses (no need to read their
// enrollments).
Facts facts_of(const Dataset& dataset, Row<Trainee> person, const FoldedVacancy& folded, const Date& day,
               bool in_branch = true) {
  const Vacancy& vacancy = folded.vacancy;
  const Policy& policy = dataset.policy();
  const Trainee& trainee = dataset.at(person);
  Facts facts;
  if (vacancy.branch && in_branch) {
    facts.held = certificate_in_force(dataset, person, *vacancy.branch, day);
    facts.training = !facts.held && in_running_course(dataset, person, *vacancy.branch, day);
  }
  if (trainee.province == vacancy.province) {
    facts.nearness = fold_turkish(trainee.district) == folded.district ? Nearness::same_district : Nearness::same_province;
  }
  // One walk over the person's referrals: the end of the last hire that ended by the day (for
  // waiting), and the declines and early leaves within the window.
  Date since = trainee.registered;
  for (const auto row : dataset.children<&Referral::trainee>(person)) {
    const Referral& referral = dataset.at(row);
    if (is_hire(referral.status) && referral.ended && *referral.ended <= day && since < *referral.ended) {
      since = *referral.ended;
      facts.after_hire = true;
    }
    if (counts_as_decline(referral.status)) {
      const Date when = referral.decided.value_or(referral.referred);
      facts.declines += when <= day && within_days(when, policy.decline_window_days, day);
    } else if (referral.status == ReferralStatus::left_early && referral.ended) {
      facts.early_leaves += *referral.ended <= day && within_days(*referral.ended, policy.decline_window_days, day);
    }
  }
  facts.waiting_days = std::max<std::int64_t>(days_between(since, day), 0);
  if (trainee.identity) {
    const JobPreferences& wanted = trainee.identity->job_preferences;
    facts.has_preferences = true;
    facts.sector = folded.sector && listed(wanted.sectors, *folded.sector);
    facts.district = listed(wanted.districts, folded.district);
    facts.shift = wanted.shift && (*wanted.shift == vacancy.shift || *wanted.shift == Shift::any || vacancy.shift == Shift::any);
  }
  return facts;
}

std::int64_t waiting_points(const RankingPolicy& points, std::int64_t days) {
  const std::int64_t periods = days / std::max<std::uint32_t>(points.waiting_period_days, 1);
  return std::min<std::int64_t>(periods * points.waiting_points, points.waiting_max);
}

// The points of each term, in SPEC 5.1's order.
std::array<std::int64_t, 7> points_of(const Facts& facts, const RankingPolicy& points) {
  return {facts.held == CertificateKind::meb             ? points.meb_certificate
          : facts.held == CertificateKind::participation ? points.participation_certificate
                                                         : 0,
          facts.training ? std::int64_t{points.training} : 0,
          facts.nearness == Nearness::same_district    ? points.same_district
          : facts.nearness == Nearness::same_province  ? points.same_province
                                                       : 0,
          waiting_points(points, facts.waiting_days),
          -facts.declines * points.decline_penalty,
          -facts.early_leaves * points.early_leave_penalty,
          (facts.sector ? points.sector_preference : 0) + (facts.district ? points.district_preference : 0) +
              (facts.shift ? points.shift_preference : 0)};
}

std::string preferences_why(const Facts& facts) {
  if (!facts.has_preferences) return "no preferences";
  std::vector<std::string_view> agreed;
  if (facts.sector) agreed.emplace_back("sector");
  if (facts.district) agreed.emplace_back("district");
  if (facts.shift) agreed.emplace_back("shift");
  if (agreed.empty()) return "no stated preference agrees";
  std::string why = "preferred";
  for (std::size_t i = 0; i < agreed.size(); ++i) {
    why += i == 0 ? " " : i + 1 == agreed.size() ? " and " : ", ";
    why += agreed[i];
  }
  return why;
}

// The terms with their reasons.
std::vector<ScoreTerm> terms_of(const Facts& facts, const Policy& policy, const Vacancy& vacancy) {
  const RankingPolicy& points = policy.ranking;
  const auto values = points_of(facts, points);
  const std::string branch = vacancy.branch ? vacancy.branch->str() : std::string();
  std::string certificate = !vacancy.branch                                 ? "the vacancy names no branch"
                            : facts.held == CertificateKind::meb             ? "a meb certificate in " + branch
                            : facts.held == CertificateKind::participation ? "a participation document in " + branch
                                                                             : "no certificate in " + branch;
  std::string training = !vacancy.branch  ? "the vacancy names no branch"
                         : facts.held     ? "counted as a certificate instead"
                         : facts.training ? "enrolled in a running course of " + branch
                                          : "not enrolled in a running course of " + branch;
  std::string location = facts.nearness == Nearness::same_district   ? "lives in the vacancy's district"
                         : facts.nearness == Nearness::same_province ? "lives in the vacancy's province, in another district"
                                                                     : "lives in another province";
  const std::int64_t periods = facts.waiting_days / std::max<std::uint32_t>(points.waiting_period_days, 1);
  std::string waiting = days_text(facts.waiting_days) + " since " + (facts.after_hire ? "the last hire ended" : "registration") +
                        " (" + std::to_string(periods) + " full periods of " + days_text(points.waiting_period_days) + ")";
  const std::string window = " in the last " + days_text(policy.decline_window_days);
  std::vector<ScoreTerm> terms;
  terms.reserve(7);
  terms.push_back({"certificate", values[0], std::move(certificate)});
  terms.push_back({"training", values[1], std::move(training)});
  terms.push_back({"location", values[2], std::move(location)});
  terms.push_back({"waiting", values[3], std::move(waiting)});
  terms.push_back({"declines", values[4], std::to_string(facts.declines) + " declined or not shown" + window});
  terms.push_back({"early_leaves", values[5], std::to_string(facts.early_leaves) + " left early" + window});
  terms.push_back({"preferences", values[6], preferences_why(facts)});
  return terms;
}

// A scored person, before their terms are written out.
struct Scored {
  std::int64_t score;
  Date registered;
  TraineeId trainee;
  std::uint32_t row;
};

bool ranks_before(const Scored& a, const Scored& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.registered != b.registered) return a.registered < b.registered;
  return a.trainee < b.trainee;
}

// The best `top` people for a vacancy on a day, found through the seeker index (SPEC 5.1).
//
// Every person's score is at most their bound: the location points of their place, the waiting
// points they would have if they had waited since registration (the most they can have), every
// preference agreeing, no penalty, and — for the people ever enrolled in the vacancy's branch,
// the only ones who can hold its certificate or train in it — the certificate or training
// points. The people enrolled in the branch come first, bounded from the index alone and taken
// best bound first until the list shuts the rest out; then each place's list, longest
// registered first, so that the bounds only fall along it: once the list holds
// `top` people and a bound is below the last one's score, no one further in that place can
// enter. A bound equal to that score is no better when the person registered later than the
// last one listed: a tie on score goes to the earlier registration, and further along the list
// everyone registered later still. Whoever is scored passes the very filters `refer` applies, so
// the result is the first `top` of a full sort of everyone eligible.
class Search {
 public:
  Search(const Dataset& dataset, const Vacancy& vacancy, const Date& day, std::size_t top)
      : dataset_(dataset), vacancy_(vacancy), folded_(dataset, vacancy), day_(day), top_(top), points_(dataset.policy().ranking) {
    preferences_bound_ = std::int64_t{points_.sector_preference} + points_.district_preference + points_.shift_preference;
    branch_bound_ = std::max<std::int64_t>({points_.meb_certificate, points_.participation_certificate, points_.training});
    if (const Employer* employer = dataset.find(vacancy.employer)) sector_bit_ = SeekerIndex::text_bit(employer->sector);
    district_bit_ = SeekerIndex::text_bit(vacancy.district);
  }

  std::vector<Scored> run() {
    const SeekerIndex& index = dataset_.seekers();
    std::span<const std::uint32_t> enrolled;
    if (vacancy_.branch) enrolled = index.enrolled_in(*vacancy_.branch);
    const std::optional<std::uint32_t> home = index.place(vacancy_.province, vacancy_.district);
    score_enrolled(enrolled, home);
    // Only a holder of the branch's certificate may be referred to a vacancy that requires one.
    if (!(vacancy_.requires_certificate && vacancy_.branch)) {
      if (home) walk(*home, points_.same_district, enrolled);
      for (const std::uint32_t place : index.places_in(vacancy_.province)) {
        if (place != home) walk(place, points_.same_province, enrolled);
      }
      for (std::uint32_t place = 0; place < index.place_count(); ++place) {
        if (!(index.province_of(place) == vacancy_.province)) walk(place, 0, enrolled);
      }
    }
    std::sort_heap(best_.begin(), best_.end(), ranks_before);
    return std::move(best_);
  }

 private:
  // The preference points a person of @p profile can have: a sector or district whose bit is not
  // among theirs is not among their preferences; the shift is exact.
  std::int64_t preferences_bound(const SeekerIndex::Profile& profile) const noexcept {
    std::int64_t points = 0;
    if (profile.sectors & sector_bit_) points += points_.sector_preference;
    if (profile.districts & district_bit_) points += points_.district_preference;
    if (profile.shift != 0) {
      const auto wanted = static_cast<Shift>(profile.shift - 1);
      if (wanted == vacancy_.shift || wanted == Shift::any || vacancy_.shift == Shift::any) points += points_.shift_preference;
    }
    return points;
  }

  std::int64_t waiting_bound(std::uint32_t registered) const noexcept {
    const std::uint32_t today = day_.day_number();
    return waiting_points(points_, today > registered ? std::int64_t{today - registered} : 0);
  }

  // The people ever enrolled in the vacancy's branch, each bounded from the index alone (their
  // place, registration and preferences, and the branch's best points) and scored best bound
  // first, until the list shuts the rest out. Those the record filters refuse are passed over.
  void score_enrolled(std::span<const std::uint32_t> enrolled, std::optional<std::uint32_t> home) {
    const SeekerIndex& index = dataset_.seekers();
    const auto seekers = index.by_row();
    struct Bounded {
      std::int64_t bound;
      std::uint32_t registered, row;
    };
    std::vector<Bounded> order;
    order.reserve(enrolled.size());
    for (const std::uint32_t row : enrolled) {
      if (row >= seekers.size()) continue;  // listed once, then undone
      const SeekerIndex::Seeker& seeker = seekers[row];
      if (!may_be_referred(seeker.profile.facts)) continue;
      const std::int64_t location = seeker.place == home ? points_.same_district
                                    : index.province_of(seeker.place) == vacancy_.province ? points_.same_province
                                                                                            : 0;
      order.push_back({location + branch_bound_ + waiting_bound(seeker.registered) + preferences_bound(seeker.profile),
                       seeker.registered, row});
    }
    // A heap, not a sort: the list usually shuts the rest out after a few of them.
    const auto after = [](const Bounded& a, const Bounded& b) {
      return a.bound != b.bound ? a.bound < b.bound : a.registered != b.registered ? a.registered > b.registered : a.row > b.row;
    };
    std::make_heap(order.begin(), order.end(), after);
    for (auto end = order.end(); end != order.begin(); --end) {
      const Bounded person = order.front();
      if (shut_out(person.bound, person.registered)) return;  // and everyone after, bounded no better
      std::pop_heap(order.begin(), end, after);
      consider(Row<Trainee>{person.row}, person.bound, person.registered, true);
    }
  }

  void walk(std::uint32_t place, std::int64_t location_points, std::span<const std::uint32_t> enrolled) {
    for (const SeekerIndex::Entry& entry : dataset_.seekers().people_in(place)) {
      const std::int64_t base = location_points + waiting_bound(entry.registered);
      // Falling along the list: once even every preference agreeing cannot reach the list, no one further can.
      if (shut_out(base + preferences_bound_, entry.registered)) return;
      const std::int64_t bound = base + preferences_bound(entry.profile);
      if (shut_out(bound, entry.registered) || !may_be_referred(entry.profile.facts)) continue;
      if (std::binary_search(enrolled.begin(), enrolled.end(), entry.row)) continue;  // scored already
      consider(Row<Trainee>{entry.row}, bound, entry.registered, false);
    }
  }

  // True when a person whose score is at most @p bound, registered on day number @p registered,
  // cannot enter the full list: below its last score, or equal to it and registered later (the
  // tie would go to the one listed). A later day with an equal or lower bound is shut out too.
  bool shut_out(std::int64_t bound, std::uint32_t registered) const noexcept {
    if (best_.size() < top_) return false;
    const Scored& last = best_.front();
    return bound < last.score || (bound == last.score && registered > last.registered.day_number());
  }

  // Scores @p person, whose score is at most @p bound, when they could enter the list
  // (@p in_branch: listed by the index as ever enrolled in the vacancy's branch).
  void consider(Row<Trainee> person, std::int64_t bound, std::uint32_t registered, bool in_branch) {
    if (shut_out(bound, registered)) return;
    // The record's own filters first: most who fail, fail there, and that test writes no message.
    if (!passes_record_filters(dataset_.policy(), dataset_.at(person))) return;
    if (!check_referral_filters(dataset_, person, vacancy_, day_).empty()) return;
    const auto values = points_of(facts_of(dataset_, person, folded_, day_, in_branch), points_);
    std::int64_t total = 0;
    for (const std::int64_t value : values) total += value;
    const Trainee& trainee = dataset_.at(person);
    const Scored scored{total, trainee.registered, trainee.id, person.index};
    if (best_.size() < top_) {
      best_.push_back(scored);
      std::push_heap(best_.begin(), best_.end(), ranks_before);
    } else if (ranks_before(scored, best_.front())) {
      std::pop_heap(best_.begin(), best_.end(), ranks_before);
      best_.back() = scored;
      std::push_heap(best_.begin(), best_.end(), ranks_before);
    }
  }

  const Dataset& dataset_;
  const Vacancy& vacancy_;
  const FoldedVacancy folded_;
  const Date day_;
  const std::size_t top_;
  const RankingPolicy& points_;
  std::int64_t preferences_bound_ = 0, branch_bound_ = 0;
  std::uint16_t sector_bit_ = 0, district_bit_ = 0;  // the employer's sector, the vacancy's district
  std::vector<Scored> best_;  // a heap whose front is the worst kept
};

}  // namespace

namespace {

Candidate score(const Dataset& dataset, Row<Trainee> person, const FoldedVacancy& vacancy, const Date& day) {
  const Trainee& trainee = dataset.at(person);
  Candidate candidate{trainee.id, 0, terms_of(facts_of(dataset, person, vacancy, day), dataset.policy(), vacancy.vacancy),
                      trainee.registered};
  for (const ScoreTerm& term : candidate.terms) candidate.score += term.points;
  return candidate;
}

}  // namespace

Candidate score(const Dataset& dataset, Row<Trainee> person, const Vacancy& vacancy, const Date& day) {
  return score(dataset, person, FoldedVacancy(dataset, vacancy), day);
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
  Ranking ranking{request.vacancy, *day, {}};
  const std::vector<Scored> best = Search(dataset, *vacancy, *day, request.top).run();
  ranking.candidates.reserve(best.size());
  const FoldedVacancy folded(dataset, *vacancy);
  for (const Scored& scored : best) ranking.candidates.push_back(score(dataset, Row<Trainee>{scored.row}, folded, *day));
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
