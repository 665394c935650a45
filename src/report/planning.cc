// Course planning (vocfab/report/planning.h).
#include "vocfab/report/planning.h"

#include "model/judged_on.h"

#include "vocfab/model/turkish_text.h"
#include "vocfab/validation/rules.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace vocfab::report {
namespace {

std::string place_text(const std::string& district, const ProvinceCode& province) {
  return district + " (" + province.to_string() + ")";
}

std::string plural(std::uint64_t count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

// Where a branch's demand is: the district (province and folded name) with most of it.
struct DemandPlace {
  ProvinceCode province;
  std::string district;  // as first written
  std::string folded;
};

struct BranchFacts {
  BranchBalance balance;
  std::map<std::pair<std::string, std::string>, std::pair<std::uint64_t, std::string>> positions_by_place;  // (province, folded) → (open positions, spelling)
  std::map<std::pair<std::string, std::string>, std::pair<std::uint64_t, std::string>> hires_by_place;
  std::vector<std::uint32_t> capacities;  // of past courses
  std::set<std::uint32_t> in_training;    // trainee rows
  std::set<std::uint32_t> certified;      // trainee rows
};

std::optional<DemandPlace> busiest(
    const std::map<std::pair<std::string, std::string>, std::pair<std::uint64_t, std::string>>& places) {
  const auto best = std::max_element(places.begin(), places.end(), [](const auto& a, const auto& b) {
    return a.second.first < b.second.first;  // the first of equals (smallest key) wins
  });
  if (best == places.end() || best->second.first == 0) return std::nullopt;
  return DemandPlace{*ProvinceCode::parse(best->first.first), best->second.second, best->first.second};
}

std::uint32_t usual_capacity(std::vector<std::uint32_t> capacities, std::uint32_t fallback) {
  if (capacities.empty()) return fallback;
  std::sort(capacities.begin(), capacities.end());
  return capacities[(capacities.size() - 1) / 2];  // the lower median
}

std::string balance_text(const BranchBalance& balance, const Policy& policy) {
  return "demand " + std::to_string(balance.demand.total()) + " = " +
         plural(balance.demand.open_positions, "open position", "open positions") + " + " +
         plural(balance.demand.recent_hires, "hire", "hires") + " in the last " +
         std::to_string(policy.planning.recent_days) + " days; supply " + std::to_string(balance.supply.total()) +
         " = " + plural(balance.supply.certified_seekers, "certified job seeker", "certified job seekers") + " + " +
         std::to_string(balance.supply.in_training) + " in training";
}

// A centre that hosts the branch: its row, its free seats when the branch's turn came, and how
// near it is to the demand (0 its district, 1 its province, 2 elsewhere or no place known).
struct CentreSeats {
  std::uint32_t row;
  std::int64_t free;
  int tier;
};

}  // namespace

PlanResult plan_courses(const Dataset& dataset, const PlanRequest& request) {
  PlanResult result;
  const std::optional<Date> as_of = vocfab::detail::judged_on(dataset, request.as_of, result.issues);
  if (!as_of) return result;
  const Date day = *as_of;
  const Policy& policy = dataset.policy();
  const auto branches = dataset.records<Branch>();
  std::vector<BranchFacts> facts;
  facts.reserve(branches.size());
  for (const Branch& branch : branches) facts.push_back(BranchFacts{BranchBalance{branch.code, {}, {}}, {}, {}, {}, {}, {}});
  auto facts_of = [&](const BranchCode& code) -> BranchFacts* {
    const auto row = dataset.row_of(code);
    return row ? &facts[row->index] : nullptr;
  };

  // Demand: the vacancies of each branch, their open positions and recent hires.
  const auto vacancies = dataset.records<Vacancy>();
  for (std::uint32_t v = 0; v < vacancies.size(); ++v) {
    const Vacancy& vacancy = vacancies[v];
    BranchFacts* branch = vacancy.branch ? facts_of(*vacancy.branch) : nullptr;
    if (branch == nullptr) continue;
    const std::pair<std::string, std::string> place{vacancy.province.to_string(), fold_turkish(vacancy.district)};
    std::uint64_t hires = 0;
    for (const auto row : dataset.children<&Referral::vacancy>(Row<Vacancy>{v})) {
      const Referral& referral = dataset.at(row);
      if (!is_hire(referral.status)) continue;
      ++hires;
      if (referral.hired && *referral.hired <= day &&
          days_between(*referral.hired, day) < std::int64_t{policy.planning.recent_days}) {
        ++branch->balance.demand.recent_hires;
        auto& [count, spelling] = branch->hires_by_place[place];
        if (count++ == 0) spelling = vacancy.district;
      }
    }
    if (check_vacancy_takes_referrals(vacancy, day)) continue;
    const std::uint64_t open = vacancy.positions > hires ? vacancy.positions - hires : 0;
    branch->balance.demand.open_positions += open;
    auto& [count, spelling] = branch->positions_by_place[place];
    if (count == 0) spelling = vacancy.district;
    count += open;
  }

  // Supply, past capacities, and the seats centres have left.
  const auto courses = dataset.records<Course>();
  const auto centres = dataset.records<Centre>();
  std::vector<std::int64_t> seats_taken(centres.size(), 0);
  for (std::uint32_t c = 0; c < courses.size(); ++c) {
    const Course& course = courses[c];
    BranchFacts* branch = facts_of(course.branch);
    const bool current = course.status == CourseStatus::open || course.status == CourseStatus::running;
    if (branch != nullptr && course.status != CourseStatus::cancelled && course.start <= day) {
      branch->capacities.push_back(course.capacity);
    }
    const auto centre = dataset.parent<&Course::centre>(Row<Course>{c});
    for (const auto row : dataset.children<&Enrollment::course>(Row<Course>{c})) {
      const Enrollment& enrollment = dataset.at(row);
      if (current && centre && holds_seat(enrollment.status)) ++seats_taken[centre->index];
      if (current && branch != nullptr && enrollment.status == EnrollmentStatus::enrolled) {
        if (const auto person = dataset.parent<&Enrollment::trainee>(row)) branch->in_training.insert(person->index);
      }
    }
  }
  // Certified job seekers: every certificate names a (person, branch) pair; the rule decides.
  const auto certificates = dataset.records<Certificate>();
  for (std::uint32_t k = 0; k < certificates.size(); ++k) {
    const auto enrollment = dataset.parent<&Certificate::enrollment>(Row<Certificate>{k});
    if (!enrollment) continue;
    const auto course = dataset.parent<&Enrollment::course>(*enrollment);
    const auto person = dataset.parent<&Enrollment::trainee>(*enrollment);
    if (!course || !person) continue;
    BranchFacts* branch = facts_of(dataset.at(*course).branch);
    const Trainee& trainee = dataset.at(*person);
    if (branch == nullptr || trainee.erased || !is_job_seeking(trainee) || branch->certified.contains(person->index)) {
      continue;
    }
    if (certificate_in_force(dataset, *person, branch->balance.branch, day)) branch->certified.insert(person->index);
  }
  for (auto& branch : facts) {
    branch.balance.supply.certified_seekers = branch.certified.size();
    branch.balance.supply.in_training = branch.in_training.size();
  }

  Plan plan;
  plan.as_of = day;
  for (const auto& branch : facts) plan.branches.push_back(branch.balance);

  // The largest gaps take the free seats first.
  std::vector<std::size_t> order(facts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return facts[a].balance.gap() > facts[b].balance.gap(); });
  const std::int64_t min_group = policy.min_group;
  std::vector<std::int64_t> free_seats(centres.size());
  for (std::size_t c = 0; c < centres.size(); ++c) free_seats[c] = std::int64_t{centres[c].seats} - seats_taken[c];

  for (const std::size_t index : order) {
    const BranchFacts& branch = facts[index];
    const BranchBalance& balance = branch.balance;
    const std::string code = balance.branch.str();
    const std::string numbers = balance_text(balance, policy);
    const std::int64_t gap = balance.gap();
    if (gap < min_group) {
      plan.not_recommended.push_back(
          {balance.branch, "gap " + std::to_string(gap) + " is below the minimum group of " + std::to_string(min_group) +
                               ": " + numbers});
      continue;
    }
    const std::optional<DemandPlace> near = [&] {
      auto place = busiest(branch.positions_by_place);
      return place ? place : busiest(branch.hires_by_place);
    }();
    const auto tier = [&](const Centre& centre) {
      if (!near || !(centre.province == near->province)) return 2;
      return fold_turkish(centre.district) == near->folded ? 0 : 1;
    };
    std::vector<CentreSeats> hosts;
    for (std::uint32_t c = 0; c < centres.size(); ++c) {
      const auto& hosted = centres[c].branches;
      if (std::find(hosted.begin(), hosted.end(), balance.branch) != hosted.end()) {
        hosts.push_back({c, free_seats[c], tier(centres[c])});
      }
    }
    if (hosts.empty()) {
      plan.not_recommended.push_back({balance.branch, "gap " + std::to_string(gap) + " reaches the minimum group of " +
                                                          std::to_string(min_group) + " but no centre hosts " + code +
                                                          ": " + numbers});
      continue;
    }
    std::stable_sort(hosts.begin(), hosts.end(), [&](const CentreSeats& a, const CentreSeats& b) {
      if (a.tier != b.tier) return a.tier < b.tier;
      if (a.free != b.free) return a.free > b.free;
      return centres[a.row].code < centres[b.row].code;
    });
    const std::uint32_t usual = usual_capacity(branch.capacities, policy.planning.default_capacity);
    const std::string near_text = near ? "nearest the demand in " + place_text(near->district, near->province) : "";
    std::int64_t remaining = gap;
    bool any = false;
    for (const auto& host : hosts) {
      const Centre& centre = centres[host.row];
      while (remaining >= min_group) {
        const std::int64_t capacity = std::min({remaining, std::int64_t{usual}, free_seats[host.row]});
        if (capacity < min_group) break;
        const std::string where = !near ? ""
                                  : host.tier == 0 ? ", " + near_text
                                  : host.tier == 1 ? ", in the province of the demand in " + place_text(near->district, near->province)
                                                      : ", outside the province of the demand in " +
                                                            place_text(near->district, near->province);
        std::string reason = "gap " + std::to_string(gap) + " (" + numbers + ")" +
                             (remaining == gap ? std::string() : ", " + std::to_string(remaining) + " of it left") + "; " +
                             centre.name + " in " + place_text(centre.district, centre.province) + " hosts " + code + where +
                             " and has " + std::to_string(free_seats[host.row]) + " free seats; a course of " +
                             std::to_string(capacity) + " (the usual capacity is " + std::to_string(usual) + ")";
        plan.recommendations.push_back(
            {balance.branch, centre.id, static_cast<std::uint32_t>(capacity), std::move(reason)});
        free_seats[host.row] -= capacity;
        remaining -= capacity;
        any = true;
      }
      if (remaining < min_group) break;
    }
    if (remaining >= min_group) {
      plan.not_recommended.push_back(
          {balance.branch, std::string(any ? std::to_string(remaining) + " of the gap of " + std::to_string(gap) + " left: no further"
                                           : "gap " + std::to_string(gap) + " reaches the minimum group of " +
                                                 std::to_string(min_group) + " but no") +
                               " centre hosting " + code + " has " + std::to_string(min_group) + " free seats: " + numbers});
    }
  }
  result.plan = std::move(plan);
  return result;
}

}  // namespace vocfab::report
