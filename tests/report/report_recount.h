// A plain recount of SPEC 6's figures, written from the SPEC and docs/reports.md without the
// report's machinery: every collection looped over on its own, every reference looked up by id,
// every breakdown kept in a map by its key. The report is checked against it figure by figure.
#pragma once

#include "vocfab/model/dataset.h"
#include "vocfab/model/turkish_text.h"
#include "vocfab/report/report.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace vocfab::testing {

// A request for every breakdown on @p as_of.
inline report::ReportRequest every_breakdown(std::optional<Date> as_of) {
  report::ReportRequest request;
  request.as_of = as_of;
  request.by.assign(report::all_dimensions().begin(), report::all_dimensions().end());
  return request;
}

// (dimension, group key) → counts; dimension "all" for the totals.
using Recount = std::map<std::pair<std::string, std::string>, report::Counts>;

inline std::string month_text(const Date& day) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", static_cast<int>(day.year()), static_cast<int>(day.month()));
  return text;
}

inline std::string band_of(int birth_year, int as_of_year) {
  if (birth_year <= 0 || birth_year > as_of_year) return "unknown";
  const int age = as_of_year - birth_year;
  if (age < 15) return "under-15";
  if (age >= 65) return "65+";
  static const char* const bands[] = {"15-24", "25-34", "35-44", "45-54", "55-64"};
  return bands[(age - 15) / 10];
}

inline Recount recount(const Dataset& data, const report::ReportRequest& request) {
  using report::Metric;
  const Policy& policy = data.policy();
  const Date as_of = request.as_of ? *request.as_of : *data.as_of();
  const auto in_range = [&](const Date& d) {
    return (!request.from || *request.from <= d) && (!request.to || d <= *request.to);
  };
  Recount out;
  std::set<std::tuple<std::string, std::string, int, std::string>> people_seen;
  // Every fact: the keys of its groups on each dimension ("" = not placed on it: "none").
  struct Keys {
    std::string centre, branch, district, gender, band, month;
  };
  const auto add = [&](const Keys& keys, Metric metric, const std::optional<std::string>& person = std::nullopt) {
    const std::vector<std::pair<std::string, std::string>> groups{
        {"all", "all"},
        {"centre", keys.centre.empty() ? "none" : keys.centre},
        {"branch", keys.branch.empty() ? "none" : keys.branch},
        {"district", keys.district.empty() ? "none" : keys.district},
        {"gender", keys.gender},
        {"age_band", keys.band},
        {"month", keys.month.empty() ? "none" : keys.month}};
    for (const auto& group : groups) {
      if (person && !people_seen.insert({group.first, group.second, static_cast<int>(metric), *person}).second) continue;
      ++out[group][static_cast<std::size_t>(metric)];
    }
  };
  const auto person_keys = [&](const Trainee& t) {
    Keys keys;
    keys.district = t.province.to_string() + "/" + fold_turkish(t.district);
    keys.gender = std::string(to_string(t.gender));
    keys.band = band_of(t.year_of_birth(), static_cast<int>(as_of.year()));
    return keys;
  };
  const auto centre_code = [&](const CentreId& id) {
    const Centre* centre = data.find(id);
    return centre ? centre->code : std::string();
  };
  const auto branch_code = [&](const BranchCode& code) { return data.find(code) ? code.str() : std::string(); };

  for (const Trainee& t : data.records<Trainee>()) {
    if (!in_range(t.registered) || as_of < t.registered) continue;
    Keys keys = person_keys(t);
    keys.month = month_text(t.registered);
    add(keys, Metric::people_registered);
    const bool resident = !policy.residency || (t.province == policy.residency->province &&
                                                (!policy.residency->district ||
                                                 same_turkish_text(t.district, *policy.residency->district)));
    if (resident && t.consents.data_processing && t.consents.share_with_employers) add(keys, Metric::people_eligible);
  }
  for (const Application& a : data.records<Application>()) {
    const Trainee* t = data.find(a.trainee);
    if (t == nullptr || !in_range(a.applied) || as_of < a.applied) continue;
    Keys keys = person_keys(*t);
    keys.month = month_text(a.applied);
    if (!a.courses.empty()) {
      if (const Course* c = data.find(a.courses.front())) {
        keys.centre = centre_code(c->centre);
        keys.branch = branch_code(c->branch);
      }
    }
    add(keys, Metric::applications);
    add(keys, Metric::applied, a.trainee.to_string());
  }
  for (const Enrollment& e : data.records<Enrollment>()) {
    const Trainee* t = data.find(e.trainee);
    const Course* c = data.find(e.course);
    if (t == nullptr || c == nullptr || !in_range(c->start) || (e.enrolled && as_of < *e.enrolled)) continue;
    Keys keys = person_keys(*t);
    keys.centre = centre_code(c->centre);
    keys.branch = branch_code(c->branch);
    keys.month = month_text(c->start);
    add(keys, Metric::enrollments_total);
    add(keys, static_cast<Metric>(static_cast<int>(Metric::enrollments_waitlisted) + static_cast<int>(e.status)));
    const bool seat = e.status == EnrollmentStatus::enrolled || e.status == EnrollmentStatus::completed ||
                      e.status == EnrollmentStatus::failed || e.status == EnrollmentStatus::removed;
    if (seat) add(keys, Metric::seat_holders);
    if (seat && e.status != EnrollmentStatus::enrolled) add(keys, Metric::finished);
    if (e.status == EnrollmentStatus::removed) add(keys, Metric::removed_for_absence);
    if (e.status == EnrollmentStatus::failed) add(keys, Metric::failed);
    if (e.status == EnrollmentStatus::completed) add(keys, Metric::completed);
    for (const Certificate& k : data.records<Certificate>()) {
      if (!(k.enrollment == e.id) || as_of < k.issued) continue;
      add(keys, Metric::certificates_total);
      add(keys, k.kind == CertificateKind::meb ? Metric::certificates_meb : Metric::certificates_participation);
      if (k.revoked && k.revoked->date <= as_of) add(keys, Metric::certificates_revoked);
    }
  }
  const auto centres = data.records<Centre>();
  for (const Referral& r : data.records<Referral>()) {
    const Trainee* t = data.find(r.trainee);
    if (t == nullptr || !in_range(r.referred) || as_of < r.referred) continue;
    Keys keys = person_keys(*t);
    keys.month = month_text(r.referred);
    if (const Vacancy* v = data.find(r.vacancy); v != nullptr && v->branch) keys.branch = branch_code(*v->branch);
    // The centre of the person's last completed course that ended by the referral day; of two
    // ending the same day, the centre listed first.
    std::optional<std::pair<Date, std::size_t>> last;
    for (const Enrollment& e : data.records<Enrollment>()) {
      const Course* c = data.find(e.course);
      if (!(e.trainee == r.trainee) || e.status != EnrollmentStatus::completed || c == nullptr || r.referred < c->end) continue;
      const Centre* centre = data.find(c->centre);
      if (centre == nullptr) continue;
      const std::size_t index = static_cast<std::size_t>(centre - centres.data());
      if (!last || last->first < c->end || (last->first == c->end && index < last->second)) last = {c->end, index};
    }
    if (last) keys.centre = centres[last->second].code;
    const std::string person = r.trainee.to_string();
    add(keys, Metric::referrals_total);
    add(keys, static_cast<Metric>(static_cast<int>(Metric::referrals_referred) + static_cast<int>(r.status)));
    add(keys, Metric::people_referred, person);
    if (r.status == ReferralStatus::declined || r.status == ReferralStatus::no_show) add(keys, Metric::declined_or_no_show);
    if (r.status == ReferralStatus::declined || r.status == ReferralStatus::no_show || r.status == ReferralStatus::left_early) {
      add(keys, Metric::declined_or_left_early);
    }
    const bool hire = r.status == ReferralStatus::hired || r.status == ReferralStatus::left_early ||
                      r.status == ReferralStatus::retained;
    if (!hire) continue;
    add(keys, Metric::hires);
    add(keys, Metric::people_hired, person);
    const bool matured = r.hired && (as_of - *r.hired).days() >= static_cast<long>(policy.retention_days);
    if (!matured) {
      add(keys, Metric::hires_too_recent);
      continue;
    }
    add(keys, Metric::hires_matured);
    if (!r.ended || (*r.ended - *r.hired).days() >= static_cast<long>(policy.retention_days)) {
      add(keys, Metric::retained_by_as_of);
      add(keys, Metric::people_retained, person);
    }
  }
  return out;
}

}  // namespace vocfab::testing
