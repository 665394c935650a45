// The programme's figures (vocfab/report/report.h): one pass over the people, each with their
// referrals, applications and enrollments, every fact counted in the totals and in its group of
// every requested breakdown.
#include "vocfab/report/report.h"

#include "model/judged_on.h"
#include "model/run_in_parts.h"

#include "vocfab/model/turkish_text.h"
#include "vocfab/validation/rules.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>

namespace vocfab::report {
namespace {

constexpr Dimension kDimensions[] = {Dimension::centre,   Dimension::branch,   Dimension::district,
                                     Dimension::gender,   Dimension::age_band, Dimension::month};
constexpr std::string_view kDimensionNames[] = {"centre", "branch", "district", "gender", "age_band", "month"};

using S = Section;
using M = Metric;

constexpr MetricInfo kMetrics[] = {
    {M::referrals_total, S::employment, "referrals.total", false,
     "Referrals whose referred day is in the range and not after the as-of day."},
    {M::referrals_referred, S::employment, "referrals.referred", false, "Counted referrals with status referred."},
    {M::referrals_interview, S::employment, "referrals.interview", false, "Counted referrals with status interview."},
    {M::referrals_hired, S::employment, "referrals.hired", false, "Counted referrals with status hired."},
    {M::referrals_rejected, S::employment, "referrals.rejected", false, "Counted referrals with status rejected."},
    {M::referrals_declined, S::employment, "referrals.declined", false, "Counted referrals with status declined."},
    {M::referrals_no_show, S::employment, "referrals.no_show", false, "Counted referrals with status no_show."},
    {M::referrals_withdrawn, S::employment, "referrals.withdrawn", false, "Counted referrals with status withdrawn."},
    {M::referrals_left_early, S::employment, "referrals.left_early", false,
     "Counted referrals with status left_early."},
    {M::referrals_retained, S::employment, "referrals.retained", false,
     "Counted referrals with status retained (the stored status)."},
    {M::hires, S::employment, "hires", false, "Counted referrals that are hires: hired, left_early or retained."},
    {M::declined_or_no_show, S::employment, "declined_or_no_show", false, "Counted referrals declined or no_show."},
    {M::declined_or_left_early, S::employment, "declined_or_left_early", false,
     "Counted referrals declined, no_show or left_early: the seeker said no, or left within days."},
    {M::hires_matured, S::employment, "retention.matured", false,
     "Hires whose hired day plus retention_days is on or before the as-of day: retention can be judged."},
    {M::hires_too_recent, S::employment, "retention.too_recent", false,
     "Hires too recent to judge retention (hired day plus retention_days after the as-of day, or no hired day)."},
    {M::retained_by_as_of, S::employment, "retention.retained", false,
     "Matured hires that had not ended before hired day plus retention_days."},
    {M::people_registered, S::employment, "people.registered", true,
     "People whose registered day is in the range and not after the as-of day."},
    {M::people_eligible, S::employment, "people.eligible", true,
     "Registered people who are resident and consent to data processing and to sharing with employers."},
    {M::people_referred, S::employment, "people.referred", true, "Distinct people with a counted referral."},
    {M::people_hired, S::employment, "people.hired", true, "Distinct people with a counted hire."},
    {M::people_retained, S::employment, "people.retained", true,
     "Distinct people with a counted hire retained by the as-of day."},
    {M::applied, S::training, "applied", true, "Distinct people with a counted application."},
    {M::applications, S::training, "applications", false,
     "Applications whose applied day is in the range and not after the as-of day."},
    {M::enrollments_total, S::training, "enrollments.total", false,
     "Enrollments in courses starting in the range, taken by the as-of day when their day is known."},
    {M::enrollments_waitlisted, S::training, "enrollments.waitlisted", false, "Counted enrollments waitlisted."},
    {M::enrollments_enrolled, S::training, "enrollments.enrolled", false, "Counted enrollments enrolled."},
    {M::enrollments_withdrawn, S::training, "enrollments.withdrawn", false, "Counted enrollments withdrawn."},
    {M::enrollments_removed, S::training, "enrollments.removed", false, "Counted enrollments removed."},
    {M::enrollments_failed, S::training, "enrollments.failed", false, "Counted enrollments failed."},
    {M::enrollments_completed, S::training, "enrollments.completed", false, "Counted enrollments completed."},
    {M::seat_holders, S::training, "enrollments.seat_holders", false,
     "Counted enrollments holding a seat: enrolled, completed, failed or removed."},
    {M::finished, S::training, "enrollments.finished", false,
     "Counted enrollments whose outcome is known: completed, failed or removed."},
    {M::removed_for_absence, S::training, "removed_for_absence", false,
     "Counted enrollments removed for absence above the limit."},
    {M::failed, S::training, "failed", false, "Counted enrollments failed (attended, not passed)."},
    {M::completed, S::training, "completed", false, "Counted enrollments completed."},
    {M::certificates_total, S::training, "certificates.total", false,
     "Certificates of counted enrollments issued on or before the as-of day."},
    {M::certificates_meb, S::training, "certificates.meb", false, "Counted certificates of kind meb."},
    {M::certificates_participation, S::training, "certificates.participation", false,
     "Counted certificates of kind participation."},
    {M::certificates_revoked, S::training, "certificates.revoked", false,
     "Counted certificates revoked on or before the as-of day."},
};
static_assert(std::size(kMetrics) == kMetricCount);

constexpr RateInfo kRates[] = {
    {S::employment, "hire_per_referral", M::hires, M::referrals_total, "Hires per referral."},
    {S::employment, "decline_or_no_show_per_referral", M::declined_or_no_show, M::referrals_total,
     "Declines and no-shows per referral."},
    {S::employment, "declined_or_left_early_per_referral", M::declined_or_left_early, M::referrals_total,
     "Declines, no-shows and early leaves per referral."},
    {S::employment, "left_early_per_hire", M::referrals_left_early, M::hires, "Hires that ended within early_leave_days."},
    {S::employment, "retention", M::retained_by_as_of, M::hires_matured,
     "Hires still in work after retention_days, of those hired long enough ago to tell."},
    {S::training, "completion", M::completed, M::finished, "Completed, of the enrollments whose outcome is known."},
    {S::training, "removal_for_absence", M::removed_for_absence, M::seat_holders,
     "Removed for absence, of the enrollments that held a seat."},
    {S::training, "certificate_per_completion", M::certificates_total, M::completed,
     "Certificates issued per completed enrollment."},
};

constexpr std::string_view kAgeBands[] = {"under-15", "15-24", "25-34", "35-44", "45-54", "55-64", "65+", "unknown"};
constexpr std::string_view kAgeBandLabels[] = {"under 15", "15–24", "25–34", "35–44", "45–54", "55–64", "65+", "unknown"};

std::size_t age_band_index(int birth_year, int as_of_year) noexcept {
  if (birth_year <= 0 || birth_year > as_of_year) return 7;
  const int age = as_of_year - birth_year;
  if (age < 15) return 0;
  if (age >= 65) return 6;
  return static_cast<std::size_t>(1 + (age - 15) / 10);
}

Metric referral_status_metric(ReferralStatus status) noexcept {
  return static_cast<Metric>(static_cast<std::size_t>(M::referrals_referred) + static_cast<std::size_t>(status));
}
static_assert(static_cast<int>(ReferralStatus::retained) == 8);

Metric enrollment_status_metric(EnrollmentStatus status) noexcept {
  return static_cast<Metric>(static_cast<std::size_t>(M::enrollments_waitlisted) + static_cast<std::size_t>(status));
}
static_assert(static_cast<int>(EnrollmentStatus::completed) == 5);

int month_key(const Date& day) {
  const auto ymd = day.year_month_day();  // one conversion from the day number, not two
  return static_cast<int>(ymd.year) * 12 + static_cast<int>(ymd.month) - 1;
}

constexpr int kNone = -1;

// Below this many people a report is counted on one thread: starting another costs more.
constexpr std::uint32_t kPeoplePerThread = 50'000;

// Where a fact belongs on every dimension: a row, an enumeration's index or a key; kNone when the
// fact has no place on that dimension (a referral to a vacancy without a branch).
struct Place {
  int centre = kNone;    // centre row
  int branch = kNone;    // branch row
  int district = kNone;  // index among the district keys met so far
  int gender = kNone;
  int age_band = kNone;
  int month = kNone;  // month_key
};

// The people counters that count a person once per group.
enum class PersonCounter : std::uint8_t { referred, hired, retained, applied };
constexpr std::size_t kPersonCounters = 4;

Metric metric_of(PersonCounter counter) noexcept {
  switch (counter) {
    case PersonCounter::referred: return M::people_referred;
    case PersonCounter::hired: return M::people_hired;
    case PersonCounter::retained: return M::people_retained;
    case PersonCounter::applied: return M::applied;
  }
  return M::applied;
}

// One breakdown while it is counted: its groups, and which person each person-counter of each
// group last counted (rows + 1; 0 is nobody).
class GroupTally {
 public:
  GroupTally(Dimension dimension, const Dataset& dataset) : dimension_(dimension) {
    // Centres and branches, genders and bands have their groups from the start, in their order;
    // districts and months get theirs as they are met, and are sorted by key at the end.
    switch (dimension) {
      case Dimension::centre:
        for (const Centre& centre : dataset.records<Centre>()) add_group(centre.code, centre.name);
        break;
      case Dimension::branch:
        for (const Branch& branch : dataset.records<Branch>()) add_group(branch.code.str(), branch.name);
        break;
      case Dimension::gender:
        for (const Gender gender : enum_values<Gender>()) add_group(std::string(to_string(gender)), std::string(to_string(gender)));
        break;
      case Dimension::age_band:
        for (std::size_t band = 0; band < std::size(kAgeBands); ++band) {
          add_group(std::string(kAgeBands[band]), std::string(kAgeBandLabels[band]));
        }
        break;
      case Dimension::district:
      case Dimension::month: break;
    }
    fixed_ = groups_.size();
  }

  Dimension dimension() const noexcept { return dimension_; }

  // The group of a fact at @p place.
  std::size_t group_of(const Place& place, const std::vector<std::pair<std::string, std::string>>& districts) {
    switch (dimension_) {
      case Dimension::centre: return place.centre == kNone ? none() : static_cast<std::size_t>(place.centre);
      case Dimension::branch: return place.branch == kNone ? none() : static_cast<std::size_t>(place.branch);
      case Dimension::gender: return place.gender == kNone ? none() : static_cast<std::size_t>(place.gender);
      case Dimension::age_band: return place.age_band == kNone ? none() : static_cast<std::size_t>(place.age_band);
      case Dimension::district: {
        if (place.district == kNone) return none();
        return keyed(place.district, [&] { return districts[static_cast<std::size_t>(place.district)]; });
      }
      case Dimension::month: {
        if (place.month == kNone) return none();
        // Months a few decades around today have a slot; any other goes through the map.
        const int slot = place.month - kFirstSlottedMonth;
        if (slot >= 0 && slot < static_cast<int>(month_slots_.size()) && month_slots_[static_cast<std::size_t>(slot)] >= 0) {
          return static_cast<std::size_t>(month_slots_[static_cast<std::size_t>(slot)]);
        }
        const std::size_t group = keyed(place.month, [&] {
          const int year = place.month / 12;
          const int month = place.month % 12 + 1;
          std::string key = std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
          return std::pair{key, key};
        });
        if (slot >= 0 && slot < static_cast<int>(month_slots_.size())) {
          month_slots_[static_cast<std::size_t>(slot)] = static_cast<int>(group);
        }
        return group;
      }
    }
    return none();
  }

  void count(std::size_t group, Metric metric) { ++groups_[group].counts[static_cast<std::size_t>(metric)]; }
  Counts& counts(std::size_t group) noexcept { return groups_[group].counts; }

  void count_person(std::size_t group, PersonCounter counter, std::uint32_t person) {
    auto& last = stamps_[group][static_cast<std::size_t>(counter)];
    if (last == person + 1) return;
    last = person + 1;
    count(group, metric_of(counter));
  }

  Breakdown finish() && {
    // Districts and months in key order (a month's key sorts by time); `none` last; empty
    // groups of the fixed kinds left out.
    auto first_free = groups_.begin() + static_cast<std::ptrdiff_t>(fixed_);
    std::vector<Group> keyed_groups;
    std::optional<Group> none_group;
    for (auto it = first_free; it != groups_.end(); ++it) {
      if (none_ && static_cast<std::size_t>(it - groups_.begin()) == *none_) {
        none_group = std::move(*it);
      } else {
        keyed_groups.push_back(std::move(*it));
      }
    }
    groups_.erase(first_free, groups_.end());
    std::sort(keyed_groups.begin(), keyed_groups.end(), [](const Group& a, const Group& b) { return a.key < b.key; });
    Breakdown breakdown{dimension_, {}};
    auto has_facts = [](const Group& group) {
      return std::any_of(group.counts.begin(), group.counts.end(), [](std::uint64_t count) { return count != 0; });
    };
    for (auto& group : groups_) {
      if (has_facts(group)) breakdown.groups.push_back(std::move(group));
    }
    for (auto& group : keyed_groups) breakdown.groups.push_back(std::move(group));
    if (none_group && has_facts(*none_group)) breakdown.groups.push_back(std::move(*none_group));
    return breakdown;
  }

 private:
  void add_group(std::string key, std::string label) {
    groups_.push_back(Group{std::move(key), std::move(label), {}});
    stamps_.emplace_back();
  }

  std::size_t none() {
    if (!none_) {
      none_ = groups_.size();
      add_group("none", dimension_ == Dimension::centre ? "no course completed"
                        : dimension_ == Dimension::branch ? "no branch"
                                                          : "unknown");
    }
    return *none_;
  }

  template <class MakeKey>
  std::size_t keyed(int key, MakeKey&& make_key) {
    const auto [it, added] = by_key_.try_emplace(key, groups_.size());
    if (added) {
      auto [text, label] = make_key();
      add_group(std::move(text), std::move(label));
      key_of_.resize(groups_.size(), kNone);
      key_of_.back() = key;
    }
    return it->second;
  }

 public:
  // Adds the counts of @p other, a tally of other people over the same dataset; @p translate maps
  // its keys (a district's index in its own list) to this one's.
  template <class Translate>
  void absorb(const GroupTally& other, Translate&& translate) {
    for (std::size_t g = 0; g < other.groups_.size(); ++g) {
      const Group& group = other.groups_[g];
      std::size_t target = g;
      if (other.none_ && g == *other.none_) {
        target = none();
      } else if (g >= other.fixed_) {
        target = keyed(translate(other.key_of_[g]), [&] { return std::pair{group.key, group.label}; });
      }
      for (std::size_t m = 0; m < kMetricCount; ++m) groups_[target].counts[m] += group.counts[m];
    }
  }

 private:
  Dimension dimension_;
  std::vector<Group> groups_;
  std::vector<std::array<std::uint32_t, kPersonCounters>> stamps_;
  std::size_t fixed_ = 0;
  std::optional<std::size_t> none_;
  std::unordered_map<int, std::size_t> by_key_;
  std::vector<int> key_of_;  // each keyed group's key (kNone for the others)
  static constexpr int kFirstSlottedMonth = 1950 * 12;
  std::vector<int> month_slots_ = std::vector<int>(150 * 12, kNone);  // 1950 to 2099
};

// The whole count: totals and every breakdown.
class Tally {
 public:
  Tally(const Dataset& dataset, const std::vector<Dimension>& by) {
    tallies_.reserve(by.size());
    for (const Dimension dimension : by) tallies_.emplace_back(dimension, dataset);
    groups_.resize(by.size());
  }

  // Where the next facts go: call once per place, then count().
  void at(const Place& place) {
    for (std::size_t i = 0; i < tallies_.size(); ++i) groups_[i] = tallies_[i].group_of(place, districts_);
    // The counters this place's facts go to, found once (no group is added before the next at()).
    for (std::size_t i = 0; i < tallies_.size(); ++i) targets_[i] = &tallies_[i].counts(groups_[i]);
  }

  void count(Metric metric) {
    const auto m = static_cast<std::size_t>(metric);
    ++totals_[m];
    for (std::size_t i = 0; i < tallies_.size(); ++i) ++(*targets_[i])[m];
  }

  void count_person(PersonCounter counter, std::uint32_t person) {
    auto& last = stamps_[static_cast<std::size_t>(counter)];
    if (last != person + 1) {
      last = person + 1;
      ++totals_[static_cast<std::size_t>(metric_of(counter))];
    }
    for (std::size_t i = 0; i < tallies_.size(); ++i) tallies_[i].count_person(groups_[i], counter, person);
  }

  // The index of a person's district, folded so that `Kahramankazan` and `KAHRAMANKAZAN` are one.
  int district_of(const Trainee& trainee) {
    // Most people share a handful of spellings: fold each spelling once.
    auto& spellings = spellings_[trainee.province.number() % spellings_.size()];
    if (const auto known = spellings.find(trainee.district); known != spellings.end()) return known->second;
    const int index = fold_district(trainee);
    spellings.emplace(trainee.district, index);
    return index;
  }

  int fold_district(const Trainee& trainee) {
    std::string key = trainee.province.to_string() + "/" + fold_turkish(trainee.district);
    const auto [it, added] = district_index_.try_emplace(std::move(key), static_cast<int>(districts_.size()));
    const std::string label = trainee.district + " (" + trainee.province.to_string() + ")";
    // Of the spellings of one district, the label is the least: the same whatever order people come in.
    if (added) {
      districts_.emplace_back(it->first, label);
    } else if (auto& known = districts_[static_cast<std::size_t>(it->second)].second; label < known) {
      known = label;
    }
    return it->second;
  }

  // Adds the counts of @p other, a tally of other people (the people are split between threads:
  // each is counted by one, so distinct people add up too).
  void absorb(Tally& other) {
    for (std::size_t m = 0; m < kMetricCount; ++m) totals_[m] += other.totals_[m];
    std::vector<int> district_map(other.districts_.size());
    for (std::size_t d = 0; d < other.districts_.size(); ++d) {
      const auto& [key, label] = other.districts_[d];
      const auto [it, added] = district_index_.try_emplace(key, static_cast<int>(districts_.size()));
      if (added) {
        districts_.emplace_back(key, label);
      } else if (auto& known = districts_[static_cast<std::size_t>(it->second)].second; label < known) {
        known = label;
      }
      district_map[d] = it->second;
    }
    for (std::size_t i = 0; i < tallies_.size(); ++i) {
      const bool districts = tallies_[i].dimension() == Dimension::district;
      tallies_[i].absorb(other.tallies_[i], [&](int key) { return districts ? district_map[static_cast<std::size_t>(key)] : key; });
    }
  }

  bool wants(Dimension dimension) const noexcept {
    return std::any_of(tallies_.begin(), tallies_.end(), [&](const GroupTally& t) { return t.dimension() == dimension; });
  }

  void finish(Report& report) && {
    report.totals = totals_;
    for (auto& tally : tallies_) {
      Breakdown breakdown = std::move(tally).finish();
      if (breakdown.dimension == Dimension::district) {
        for (auto& group : breakdown.groups) {
          const auto found = district_index_.find(group.key);
          if (found != district_index_.end()) group.label = districts_[static_cast<std::size_t>(found->second)].second;
        }
      }
      report.breakdowns.push_back(std::move(breakdown));
    }
  }

 private:
  Counts totals_{};
  std::array<std::uint32_t, kPersonCounters> stamps_{};
  std::vector<GroupTally> tallies_;
  std::vector<std::size_t> groups_;
  std::array<Counts*, std::size(kDimensions)> targets_{};
  std::vector<std::pair<std::string, std::string>> districts_;
  std::unordered_map<std::string, int> district_index_;
  // Per province (by plate number), each spelling met (the dataset's own text) → its district.
  std::array<std::unordered_map<std::string_view, int>, 82> spellings_;
};

int row_or_none(const auto& row) { return row ? static_cast<int>(row->index) : kNone; }

// Where courses and vacancies belong, looked up once and shared by every counting thread.
struct Places {
  explicit Places(const Dataset& data) {
    const auto courses = data.records<Course>().size();
    course_centre.resize(courses, kNone);
    course_branch.resize(courses, kNone);
    for (std::uint32_t i = 0; i < courses; ++i) {
      course_centre[i] = row_or_none(data.parent<&Course::centre>(Row<Course>{i}));
      course_branch[i] = row_or_none(data.parent<&Course::branch>(Row<Course>{i}));
    }
    const auto vacancies = data.records<Vacancy>();
    vacancy_branch.resize(vacancies.size(), kNone);
    for (std::size_t i = 0; i < vacancies.size(); ++i) {
      if (vacancies[i].branch) vacancy_branch[i] = row_or_none(data.row_of(*vacancies[i].branch));
    }
  }
  std::vector<int> course_centre;
  std::vector<int> course_branch;
  std::vector<int> vacancy_branch;
};

// Counts every fact of the people it is given.
class Counter {
 public:
  Counter(const Dataset& dataset, const Report& report, const Places& places, Tally& tally)
      : data_(dataset), policy_(dataset.policy()), report_(report), places_(places), tally_(tally),
        as_of_year_(static_cast<int>(report.as_of.year())) {
    wants_centre_ = tally_.wants(Dimension::centre);
    wants_district_ = tally_.wants(Dimension::district);
    wants_course_place_ = wants_centre_ || tally_.wants(Dimension::branch);
    if (tally_.wants(Dimension::month)) {
      first_tabled_day_ = static_cast<std::int64_t>(report.as_of.day_number()) - kTabledDays + 1;
      month_by_day_.assign(kTabledDays, kNone);
    }
  }

  void person(Row<Trainee> row) {
    const Trainee& trainee = data_.at(row);
    Place base;
    if (wants_district_) base.district = tally_.district_of(trainee);
    base.gender = static_cast<int>(trainee.gender);
    base.age_band = static_cast<int>(age_band_index(trainee.year_of_birth(), as_of_year_));

    if (counted(trainee.registered)) {
      Place place = base;
      place.month = month_of(trainee.registered);
      tally_.at(place);
      tally_.count(M::people_registered);
      if (is_resident(policy_, trainee) && trainee.consents.data_processing && trainee.consents.share_with_employers) {
        tally_.count(M::people_eligible);
      }
    }
    completed_courses_.clear();
    enrollments(row, base);
    applications(row, base);
    referrals(row, base);
  }

 private:
  // The month of @p day (its month_key), from a table of the century before the as-of day: the
  // day-number conversion is the costliest part of placing a fact.
  int month_of(const Date& day) {
    const std::int64_t offset = static_cast<std::int64_t>(day.day_number()) - first_tabled_day_;
    if (offset < 0 || offset >= static_cast<std::int64_t>(month_by_day_.size())) return month_key(day);
    int& month = month_by_day_[static_cast<std::size_t>(offset)];
    if (month == kNone) month = month_key(day);
    return month;
  }

  bool in_range(const Date& day) const noexcept {
    return (!report_.from || *report_.from <= day) && (!report_.to || day <= *report_.to);
  }
  bool counted(const Date& day) const noexcept { return in_range(day) && day <= report_.as_of; }

  void enrollments(Row<Trainee> person, const Place& base) {
    for (const auto row : data_.children<&Enrollment::trainee>(person)) {
      const auto course_row = data_.parent<&Enrollment::course>(row);
      if (!course_row) continue;
      const Enrollment& enrollment = data_.at(row);
      const Course& course = data_.at(*course_row);
      const int centre = places_.course_centre[course_row->index];
      if (wants_centre_ && enrollment.status == EnrollmentStatus::completed) completed_courses_.emplace_back(course.end, centre);
      if (!in_range(course.start) || (enrollment.enrolled && report_.as_of < *enrollment.enrolled)) continue;
      Place place = base;
      place.centre = centre;
      place.branch = places_.course_branch[course_row->index];
      place.month = month_of(course.start);
      tally_.at(place);
      tally_.count(M::enrollments_total);
      tally_.count(enrollment_status_metric(enrollment.status));
      if (holds_seat(enrollment.status)) tally_.count(M::seat_holders);
      switch (enrollment.status) {
        case EnrollmentStatus::removed:
          tally_.count(M::finished);
          tally_.count(M::removed_for_absence);
          break;
        case EnrollmentStatus::failed:
          tally_.count(M::finished);
          tally_.count(M::failed);
          break;
        case EnrollmentStatus::completed:
          tally_.count(M::finished);
          tally_.count(M::completed);
          break;
        default: break;
      }
      for (const auto certificate_row : data_.children<&Certificate::enrollment>(row)) {
        const Certificate& certificate = data_.at(certificate_row);
        if (report_.as_of < certificate.issued) continue;
        tally_.count(M::certificates_total);
        tally_.count(certificate.kind == CertificateKind::meb ? M::certificates_meb : M::certificates_participation);
        if (certificate.revoked && certificate.revoked->date <= report_.as_of) tally_.count(M::certificates_revoked);
      }
    }
  }

  void applications(Row<Trainee> person, const Place& base) {
    for (const auto row : data_.children<&Application::trainee>(person)) {
      const Application& application = data_.at(row);
      if (!counted(application.applied)) continue;
      Place place = base;
      place.month = month_of(application.applied);
      if (wants_course_place_ && !application.courses.empty()) {
        if (const auto course = data_.row_of(application.courses.front())) {
          place.centre = places_.course_centre[course->index];
          place.branch = places_.course_branch[course->index];
        }
      }
      tally_.at(place);
      tally_.count(M::applications);
      tally_.count_person(PersonCounter::applied, person.index);
    }
  }

  // The centre of the last course the person completed by @p day (its end on or before it).
  int centre_by(const Date& day) const {
    int centre = kNone;
    std::optional<Date> latest;
    for (const auto& [end, where] : completed_courses_) {
      // Of two courses ending the same day, the one at the centre listed first: the same answer
      // whatever order the records come in.
      if (end <= day && (!latest || *latest < end || (*latest == end && where < centre))) {
        latest = end;
        centre = where;
      }
    }
    return centre;
  }

  void referrals(Row<Trainee> person, const Place& base) {
    for (const auto row : data_.children<&Referral::trainee>(person)) {
      const Referral& referral = data_.at(row);
      if (!counted(referral.referred)) continue;
      Place place = base;
      place.month = month_of(referral.referred);
      if (wants_centre_) place.centre = centre_by(referral.referred);
      if (const auto vacancy = data_.parent<&Referral::vacancy>(row)) place.branch = places_.vacancy_branch[vacancy->index];
      tally_.at(place);
      tally_.count(M::referrals_total);
      tally_.count(referral_status_metric(referral.status));
      tally_.count_person(PersonCounter::referred, person.index);
      if (referral.status == ReferralStatus::declined || referral.status == ReferralStatus::no_show) {
        tally_.count(M::declined_or_no_show);
        tally_.count(M::declined_or_left_early);
      }
      if (referral.status == ReferralStatus::left_early) tally_.count(M::declined_or_left_early);
      if (!is_hire(referral.status)) continue;
      tally_.count(M::hires);
      tally_.count_person(PersonCounter::hired, person.index);
      // Judged by difference of days, never by forming hired + retention_days (which may lie
      // beyond the calendar).
      if (!referral.hired || days_between(*referral.hired, report_.as_of) < std::int64_t{policy_.retention_days}) {
        tally_.count(M::hires_too_recent);
        continue;
      }
      tally_.count(M::hires_matured);
      if (!referral.ended || !ended_before_retention(policy_, *referral.hired, *referral.ended)) {
        tally_.count(M::retained_by_as_of);
        tally_.count_person(PersonCounter::retained, person.index);
      }
    }
  }

  const Dataset& data_;
  const Policy& policy_;
  const Report& report_;
  const Places& places_;
  Tally& tally_;
  int as_of_year_;
  bool wants_centre_ = false;
  bool wants_district_ = false;
  bool wants_course_place_ = false;
  std::vector<std::pair<Date, int>> completed_courses_;
  static constexpr std::int64_t kTabledDays = 36'525;
  std::int64_t first_tabled_day_ = 0;
  std::vector<int> month_by_day_;
};

}  // namespace

std::span<const Dimension> all_dimensions() noexcept { return kDimensions; }

std::string_view to_string(Dimension dimension) noexcept { return kDimensionNames[static_cast<std::size_t>(dimension)]; }

std::optional<Dimension> parse_dimension(std::string_view text) noexcept {
  for (const Dimension dimension : kDimensions) {
    if (to_string(dimension) == text) return dimension;
  }
  return std::nullopt;
}

bool add_dimension(std::string_view name, std::vector<Dimension>& by) {
  const auto add = [&by](Dimension dimension) {
    if (std::find(by.begin(), by.end(), dimension) == by.end()) by.push_back(dimension);
  };
  if (name == "all") {
    for (const Dimension dimension : kDimensions) add(dimension);
  } else if (const auto dimension = parse_dimension(name)) {
    add(*dimension);
  } else {
    return false;
  }
  return true;
}

std::vector<std::string_view> add_dimensions(std::string_view names, std::vector<Dimension>& by) {
  std::vector<std::string_view> unknown;
  while (!names.empty()) {
    const auto comma = names.find(',');
    const std::string_view name = names.substr(0, comma);
    if (!add_dimension(name, by)) unknown.push_back(name);
    names = comma == std::string_view::npos ? std::string_view() : names.substr(comma + 1);
  }
  return unknown;
}

std::string_view to_string(Section section) noexcept {
  return section == Section::employment ? "employment" : "training";
}

std::span<const MetricInfo> metrics() noexcept { return kMetrics; }

const MetricInfo& info(Metric metric) noexcept { return kMetrics[static_cast<std::size_t>(metric)]; }

std::span<const RateInfo> rates() noexcept { return kRates; }

std::string_view age_band(int birth_year, int as_of_year) noexcept {
  return kAgeBands[age_band_index(birth_year, as_of_year)];
}

const Breakdown* Report::breakdown(Dimension dimension) const noexcept {
  for (const auto& breakdown : breakdowns) {
    if (breakdown.dimension == dimension) return &breakdown;
  }
  return nullptr;
}

ReportResult compute_report(const Dataset& dataset, const ReportRequest& request) {
  ReportResult result;
  const std::optional<Date> as_of = detail::judged_on(dataset, request.as_of, result.issues);
  if (request.from && request.to && *request.to < *request.from) {
    result.issues.push_back({IssueCode::invalid_date_range, "from",
                             "the range starts (" + to_iso_string(*request.from) + ") after it ends (" +
                                 to_iso_string(*request.to) + ")"});
  }
  for (std::size_t i = 0; i < request.by.size(); ++i) {
    if (std::find(request.by.begin(), request.by.begin() + static_cast<std::ptrdiff_t>(i), request.by[i]) !=
        request.by.begin() + static_cast<std::ptrdiff_t>(i)) {
      result.issues.push_back({IssueCode::invalid_value, "by[" + std::to_string(i) + "]",
                               std::string(to_string(request.by[i])) + " is asked for twice"});
    }
  }
  if (!result.issues.empty()) return result;

  Report report;
  report.programme = dataset.policy().name;
  report.as_of = *as_of;
  report.from = request.from;
  report.to = request.to;
  report.min_group_size = request.min_group_size;
  report.retention_days = dataset.policy().retention_days;
  // The people split into contiguous parts, one per thread; every person is counted by one part,
  // so that the parts' counts (distinct people included) add up to the whole.
  const auto people = static_cast<std::uint32_t>(dataset.records<Trainee>().size());
  const std::uint32_t parts = vocfab::detail::parts_for(people, kPeoplePerThread, request.max_threads);
  const Places places(dataset);
  std::vector<Tally> tallies;
  tallies.reserve(parts);
  for (std::uint32_t part = 0; part < parts; ++part) tallies.emplace_back(dataset, request.by);
  const auto count_part = [&](std::uint32_t part) {
    Counter counter(dataset, report, places, tallies[part]);
    const std::uint32_t first = static_cast<std::uint32_t>(std::uint64_t{people} * part / parts);
    const std::uint32_t last = static_cast<std::uint32_t>(std::uint64_t{people} * (part + 1) / parts);
    for (std::uint32_t i = first; i < last; ++i) counter.person(Row<Trainee>{i});
  };
  vocfab::detail::run_in_parts(parts, count_part);
  for (std::uint32_t part = 1; part < parts; ++part) tallies[0].absorb(tallies[part]);
  std::move(tallies[0]).finish(report);
  result.report = std::move(report);
  return result;
}

}  // namespace vocfab::report
