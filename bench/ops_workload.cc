// The simulator behind bench/ops_workload.h.
#include "ops_workload.h"

#include "generate/support.h"

#include "vocfab/validation/rules.h"

#include <boost/uuid/random_generator.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <random>
#include <stdexcept>
#include <utility>

namespace vocfab::bench {
namespace {

// Deterministic on every platform (no standard distribution, whose output is implementation-defined).
using generate::detail::Rng;

constexpr std::array<const char*, 4> kRejectReasons{"Deneyim yetersiz", "Mülakatta uygun görülmedi", "Vardiya uyumsuz",
                                                    "Aday profili uyuşmadı"};
constexpr std::array<const char*, 4> kDeclineReasons{"Ücret beklentisi karşılanmadı", "Ulaşım güçlüğü",
                                                     "Çalışma saatleri uygun değil", "Aile nedenleri"};
constexpr std::array<const char*, 3> kEndReasons{"İş yükü", "Sağlık nedenleri", "İşveren ile anlaşmazlık"};

struct PersonSim {
  bool eligible = false;  // identified, consenting to sharing, resident, below the decline limit
  bool seeking = false;   // job_seeking and not employed
  bool used = false;      // make_refers: already referred once
  Date birth;
  std::vector<std::uint32_t> referrals;  // indices into Simulator::referrals_
};

struct VacancySim {
  VacancyId id;
  bool open = false;  // status `open`
  bool requires_certificate = false;
  Date opened;
  Date closes;
  std::uint32_t positions = 1;
  std::uint32_t hires = 0;
  std::optional<std::uint32_t> min_age;
  std::vector<std::uint32_t> referrals;
};

struct ReferralSim {
  ReferralId id;
  std::uint32_t person = 0;
  std::uint32_t vacancy = 0;
  ReferralStatus status = ReferralStatus::referred;
  Date referred;
  std::optional<Date> decided;
  std::optional<Date> hired;
  bool ended = false;
};

enum class Step : std::uint8_t { interview, decide, end };
struct Event {
  Step step;
  std::uint32_t referral;
};

class Simulator {
 public:
  Simulator(const Dataset& dataset, std::uint64_t seed, Date first_day)
      : data_(dataset),
        policy_(dataset.policy()),
        first_day_(first_day),
        rng_(seed),
        uuid_engine_(seed ^ 0x9e3779b97f4a7c15ULL),
        uuids_(&uuid_engine_) {
    load();
  }

  Workload run(const WorkloadOptions& options) {
    Workload out;
    out.eligible_people = pool_.size();
    out.accepting_vacancies_at_start = refresh_accepting(first_day_);
    for (const auto v : accepting_) out.free_positions_at_start += vacancies_[v].positions - vacancies_[v].hires;
    // About 2.4 operations follow from each referral (interview, outcome, the end of some hires).
    const std::size_t refers_per_day =
        std::max<std::size_t>(1, options.operations * 10 / (std::max<std::size_t>(options.days, 1) * 24));
    const std::size_t existing_ends_per_day = std::max<std::size_t>(1, refers_per_day / 200);
    // Enough vacancies that each takes a referral every other day or so (employers post new ones
    // as others fill or close); reached over the first five days.
    const std::size_t target_pool = std::max<std::size_t>({out.accepting_vacancies_at_start, 2 * refers_per_day, 10});
    out_ = &out;
    limit_ = options.operations;
    std::size_t idle_days = 0;
    for (std::size_t day_index = 0; out.operations.size() < limit_; ++day_index) {
      const Date day = add_days(first_day_, static_cast<std::int64_t>(day_index));
      const std::size_t before = out.operations.size();
      refresh_accepting(day);
      const std::size_t pool_today =
          std::min(target_pool, out.accepting_vacancies_at_start + (day_index + 1) * target_pool / 5);
      std::size_t adds_left = pool_today > accepting_.size() ? pool_today - accepting_.size() : 0;

      std::vector<Event> events;
      if (day_index < agenda_.size()) events = std::move(agenda_[day_index]);
      for (std::size_t k = 0; k < existing_ends_per_day && !in_work_.empty(); ++k) {
        const std::size_t slot = rng_.below(in_work_.size());
        events.push_back(Event{Step::end, in_work_[slot]});
        in_work_[slot] = in_work_.back();
        in_work_.pop_back();
      }
      for (std::size_t i = events.size(); i > 1; --i) std::swap(events[i - 1], events[rng_.below(i)]);

      // The day's events, new referrals and new vacancies, interleaved at random.
      std::size_t next_event = 0;
      std::size_t refers_left = refers_per_day;
      while (room()) {
        const std::size_t events_left = events.size() - next_event;
        const std::size_t total = events_left + refers_left + adds_left;
        if (total == 0) break;
        const std::size_t pick = rng_.below(total);
        if (pick < events_left) {
          process(events[next_event++], day);
        } else if (pick < events_left + adds_left) {
          --adds_left;
          add_vacancy(day);
        } else {
          --refers_left;
          try_refer(day, false);
        }
      }
      idle_days = out.operations.size() == before ? idle_days + 1 : 0;
      if (idle_days > 30) throw std::runtime_error("the workload simulator ran out of possible operations");
      out.last_day = day;
    }
    return out;
  }

  std::vector<Operation> refers(const Date& day, std::size_t count) {
    Workload out;
    out_ = &out;
    limit_ = count;
    refresh_accepting(day);
    std::size_t misses = 0;
    while (out.operations.size() < count) {
      if (try_refer(day, true)) {
        misses = 0;
      } else if (++misses > 10'000) {
        throw std::runtime_error("not enough people and open vacancies for " + std::to_string(count) + " referrals");
      }
    }
    return std::move(out.operations);
  }

 private:
  // --- the state, from the dataset ------------------------------------------------------------

  void load() {
    const auto trainees = data_.records<Trainee>();
    people_.resize(trainees.size());
    for (std::size_t i = 0; i < trainees.size(); ++i) {
      const Trainee& t = trainees[i];
      PersonSim& p = people_[i];
      p.seeking = t.job_seeking && t.employment_status != EmploymentStatus::employed;
      p.eligible = t.identity.has_value() && !t.erased && t.consents.share_with_employers && !check_residency(policy_, t);
      if (t.identity) p.birth = t.identity->birth_date;
    }
    const auto vacancies = data_.records<Vacancy>();
    vacancies_.resize(vacancies.size());
    for (std::size_t i = 0; i < vacancies.size(); ++i) {
      const Vacancy& v = vacancies[i];
      VacancySim& s = vacancies_[i];
      s.id = v.id;
      s.open = v.status == VacancyStatus::open;
      s.requires_certificate = v.requires_certificate && v.branch;
      s.opened = v.opened;
      s.closes = v.closes;
      s.positions = v.positions;
      s.min_age = v.min_age;
      if (!s.requires_certificate) templates_.push_back(static_cast<std::uint32_t>(i));
    }
    const auto referrals = data_.records<Referral>();
    referrals_.reserve(referrals.size());
    for (std::uint32_t row = 0; row < referrals.size(); ++row) {
      const Referral& r = referrals[row];
      const auto person = data_.parent<&Referral::trainee>(Row<Referral>{row});
      const auto vacancy = data_.parent<&Referral::vacancy>(Row<Referral>{row});
      if (!person || !vacancy) continue;
      const auto index = static_cast<std::uint32_t>(referrals_.size());
      ReferralSim s;
      s.id = r.id;
      s.person = person->index;
      s.vacancy = vacancy->index;
      s.status = r.status;
      s.referred = r.referred;
      s.decided = counts_as_decline(r.status) ? std::optional<Date>(r.decided.value_or(r.referred)) : r.decided;
      s.hired = r.hired;
      s.ended = r.ended.has_value();
      referrals_.push_back(s);
      people_[s.person].referrals.push_back(index);
      vacancies_[s.vacancy].referrals.push_back(index);
      if (is_hire(r.status)) ++vacancies_[s.vacancy].hires;
      if ((r.status == ReferralStatus::hired || r.status == ReferralStatus::retained) && r.hired && !r.ended) {
        in_work_.push_back(index);
      }
      // What is already in the pipeline goes on within the first days.
      if (r.status == ReferralStatus::referred) {
        schedule(rng_.chance(0.5) ? Step::interview : Step::decide, index, add_days(first_day_, rng_.between(0, 9)));
      } else if (r.status == ReferralStatus::interview) {
        schedule(Step::decide, index, add_days(first_day_, rng_.between(0, 9)));
      }
    }
    for (std::size_t i = 0; i < people_.size(); ++i) {
      PersonSim& p = people_[i];
      std::size_t declines = 0;
      for (const auto r : p.referrals) declines += counts_as_decline(referrals_[r].status);
      // A person who ever reached the limit might be paused: left out rather than judged.
      if (declines >= policy_.decline_limit) p.eligible = false;
      if (p.eligible) pool_.push_back(static_cast<std::uint32_t>(i));
    }
  }

  // --- rules, as the simulator keeps them ------------------------------------------------------

  bool accepting(const VacancySim& v, const Date& day) const {
    return v.open && !v.requires_certificate && v.opened <= day && day <= v.closes && v.hires < v.positions;
  }

  std::size_t refresh_accepting(const Date& day) {
    accepting_.clear();
    for (std::size_t i = 0; i < vacancies_.size(); ++i) {
      if (accepting(vacancies_[i], day)) accepting_.push_back(static_cast<std::uint32_t>(i));
    }
    return accepting_.size();
  }

  std::size_t open_referrals(const PersonSim& p) const {
    std::size_t open = 0;
    for (const auto r : p.referrals) open += is_open(referrals_[r].status);
    return open;
  }

  // Declines and no-shows in the last `decline_window_days` up to @p day.
  std::size_t recent_declines(const PersonSim& p, const Date& day) const {
    std::size_t count = 0;
    for (const auto r : p.referrals) {
      const ReferralSim& s = referrals_[r];
      if (counts_as_decline(s.status) && s.decided && within_days(*s.decided, policy_.decline_window_days, day)) ++count;
    }
    return count;
  }

  bool can_refer(std::uint32_t person, std::uint32_t vacancy, const Date& day) const {
    const PersonSim& p = people_[person];
    const VacancySim& v = vacancies_[vacancy];
    if (!p.eligible || !p.seeking) return false;
    if (v.min_age && age_on(p.birth, day) < static_cast<int>(*v.min_age)) return false;
    if (open_referrals(p) >= policy_.max_active_referrals) return false;
    for (const auto r : p.referrals) {
      if (referrals_[r].vacancy == vacancy) return false;
    }
    return true;
  }

  // --- emitting ----------------------------------------------------------------------------------

  bool room() const { return out_->operations.size() < limit_; }

  void emit(ops::Arguments arguments, const Date& day, std::optional<std::string> id = std::nullopt) {
    Operation op{std::move(arguments), day, std::move(id), std::nullopt, std::nullopt};
    ++out_->mix[std::string(operation_name(op))];
    out_->operations.push_back(std::move(op));
  }

  void schedule(Step step, std::uint32_t referral, const Date& day) {
    const auto offset = (day - first_day_).days();
    if (offset < 0) return;
    const auto index = static_cast<std::size_t>(offset);
    if (agenda_.size() <= index) agenda_.resize(index + 1);
    agenda_[index].push_back(Event{step, referral});
  }

  std::optional<std::string> maybe_reason(const char* reason) {
    if (rng_.chance(0.5)) return std::string(reason);
    return std::nullopt;
  }

  void add_vacancy(const Date& day) {
    if (templates_.empty()) throw std::runtime_error("the dataset has no vacancy to model new ones on");
    Vacancy v = data_.records<Vacancy>()[templates_[rng_.below(templates_.size())]];
    v.id = VacancyId(uuids_());
    v.opened = day;
    v.closes = add_days(day, rng_.between(14, 90));
    v.status = VacancyStatus::open;
    v.requires_certificate = false;
    const double pr = rng_.unit();
    v.positions = pr < 0.65 ? 1u : pr < 0.85 ? 2u : pr < 0.95 ? static_cast<std::uint32_t>(rng_.between(3, 5))
                                                            : static_cast<std::uint32_t>(rng_.between(6, 12));
    VacancySim s;
    s.id = v.id;
    s.open = true;
    s.opened = v.opened;
    s.closes = v.closes;
    s.positions = v.positions;
    s.min_age = v.min_age;
    accepting_.push_back(static_cast<std::uint32_t>(vacancies_.size()));
    vacancies_.push_back(std::move(s));
    emit(ops::Add{std::move(v)}, day);
  }

  bool try_refer(const Date& day, bool distinct) {
    for (int vacancy_try = 0; vacancy_try < 8 && !accepting_.empty(); ++vacancy_try) {
      const std::size_t slot = rng_.below(accepting_.size());
      const std::uint32_t vacancy = accepting_[slot];
      if (!accepting(vacancies_[vacancy], day)) {
        accepting_[slot] = accepting_.back();
        accepting_.pop_back();
        continue;
      }
      for (int person_try = 0; person_try < 32 && !pool_.empty(); ++person_try) {
        const std::uint32_t person = pool_[rng_.below(pool_.size())];
        if (distinct && people_[person].used) continue;
        if (!can_refer(person, vacancy, day)) continue;
        refer(person, vacancy, day, distinct);
        return true;
      }
    }
    return false;
  }

  void refer(std::uint32_t person, std::uint32_t vacancy, const Date& day, bool distinct) {
    const auto index = static_cast<std::uint32_t>(referrals_.size());
    ReferralSim s;
    s.id = ReferralId(uuids_());
    s.person = person;
    s.vacancy = vacancy;
    s.referred = day;
    referrals_.push_back(s);
    people_[person].referrals.push_back(index);
    vacancies_[vacancy].referrals.push_back(index);
    if (distinct) people_[person].used = true;
    emit(ops::Refer{data_.records<Trainee>()[person].id, vacancies_[vacancy].id}, day, s.id.to_string());
    if (rng_.chance(0.55)) {
      schedule(Step::interview, index, add_days(day, rng_.between(1, 5)));
    } else {
      schedule(Step::decide, index, add_days(day, rng_.between(1, 8)));
    }
  }

  void process(const Event& event, const Date& day) {
    ReferralSim& r = referrals_[event.referral];
    switch (event.step) {
      case Step::interview:
        if (r.status != ReferralStatus::referred) return;  // decided meanwhile (withdrawn)
        r.status = ReferralStatus::interview;
        emit(ops::Interview{r.id}, day);
        schedule(Step::decide, event.referral, add_days(day, rng_.between(1, 7)));
        return;
      case Step::decide:
        decide(event.referral, day);
        return;
      case Step::end:
        end(event.referral, day);
        return;
    }
  }

  void decide(std::uint32_t index, const Date& day) {
    ReferralSim& r = referrals_[index];
    if (!is_open(r.status)) return;
    const bool interviewed = r.status == ReferralStatus::interview;
    // hire, reject, decline, no_show; the rest stays open
    const std::array<double, 4> weights = interviewed ? std::array<double, 4>{0.30, 0.35, 0.20, 0.07}
                                                      : std::array<double, 4>{0.06, 0.45, 0.25, 0.16};
    double u = rng_.unit();
    int outcome = 4;
    for (int k = 0; k < 4; ++k) {
      if (u < weights[static_cast<std::size_t>(k)]) {
        outcome = k;
        break;
      }
      u -= weights[static_cast<std::size_t>(k)];
    }
    if (outcome == 4) return;  // still open at the end of the workload
    const VacancySim& v = vacancies_[r.vacancy];
    if (outcome == 0 && v.hires >= v.positions) outcome = 1;
    if ((outcome == 2 || outcome == 3) && recent_declines(people_[r.person], day) + 1 >= policy_.decline_limit) {
      outcome = 1;
    }
    if (outcome == 0) {
      hire(index, day);
      return;
    }
    ops::Decide decision;
    decision.referral = r.id;
    if (outcome == 1) {
      decision.outcome = ops::Outcome::reject;
      decision.reason = maybe_reason(rng_.pick(kRejectReasons));
      r.status = ReferralStatus::rejected;
    } else if (outcome == 2) {
      decision.outcome = ops::Outcome::decline;
      decision.reason = maybe_reason(rng_.pick(kDeclineReasons));
      r.status = ReferralStatus::declined;
    } else {
      decision.outcome = ops::Outcome::no_show;
      r.status = ReferralStatus::no_show;
    }
    r.decided = day;
    emit(std::move(decision), day);
  }

  void withdraw(std::uint32_t index, const Date& day) {
    ReferralSim& other = referrals_[index];
    other.status = ReferralStatus::withdrawn;
    other.decided = day;
    ++out_->withdrawn_by_hires;
  }

  void hire(std::uint32_t index, const Date& day) {
    ReferralSim& r = referrals_[index];
    emit(ops::Hire{r.id}, day);
    r.status = ReferralStatus::hired;
    r.hired = day;
    PersonSim& p = people_[r.person];
    VacancySim& v = vacancies_[r.vacancy];
    ++v.hires;
    p.seeking = false;
    for (const auto other : p.referrals) {
      if (other != index && is_open(referrals_[other].status)) withdraw(other, day);
    }
    if (v.hires >= v.positions) {
      v.open = false;
      ++out_->vacancies_filled;
      for (const auto other : v.referrals) {
        if (other != index && is_open(referrals_[other].status)) withdraw(other, day);
      }
    }
    if (rng_.chance(0.25)) schedule(Step::end, index, add_days(day, rng_.between(0, 40)));
  }

  void end(std::uint32_t index, const Date& day) {
    ReferralSim& r = referrals_[index];
    const bool in_work =
        (r.status == ReferralStatus::hired || r.status == ReferralStatus::retained) && r.hired && !r.ended;
    if (!in_work || day < *r.hired) return;
    emit(ops::EndEmployment{r.id, maybe_reason(rng_.pick(kEndReasons))}, day);
    if (r.status == ReferralStatus::hired && ended_early(policy_, *r.hired, day)) {
      r.status = ReferralStatus::left_early;
      ++out_->left_early;
    }
    r.ended = true;
    people_[r.person].seeking = true;
  }

  const Dataset& data_;
  const Policy& policy_;
  Date first_day_;
  Rng rng_;
  std::mt19937_64 uuid_engine_;
  boost::uuids::basic_random_generator<std::mt19937_64> uuids_;

  std::vector<PersonSim> people_;
  std::vector<std::uint32_t> pool_;  // eligible people
  std::vector<VacancySim> vacancies_;
  std::vector<std::uint32_t> templates_;
  std::vector<std::uint32_t> accepting_;
  std::vector<ReferralSim> referrals_;
  std::vector<std::uint32_t> in_work_;  // hires of the dataset still in work
  std::vector<std::vector<Event>> agenda_;

  Workload* out_ = nullptr;
  std::size_t limit_ = 0;
};

}  // namespace

Workload make_workload(const Dataset& dataset, const WorkloadOptions& options) {
  return Simulator(dataset, options.seed, options.first_day).run(options);
}

std::vector<Operation> make_refers(const Dataset& dataset, const Date& day, std::size_t count, std::uint64_t seed) {
  return Simulator(dataset, seed, day).refers(day, count);
}

}  // namespace vocfab::bench
