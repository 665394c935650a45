// The Kahramankazan Employment Centre (KİM) generator. See generator.h for what the data
// guarantees.
//
// Two years simulated day by day. First the people who register (in registration order), the
// employers and the vacancies (opened, closing day, positions). Then, on each working day, that
// day's share of the referrals: each goes to a vacancy open that day with a position left
// (weighted by the positions left) and to a person who may be referred that day, and its whole
// outcome is drawn at once (decided, hired, ended days). Drawing in date order keeps every rule a
// matter of what came before: a later referral's decline is decided after it is made, so it never
// pauses an earlier referral, and what a hire withdraws (the person's other open referrals, the
// vacancy's once its last position fills) only shortens open periods and removes declines, which
// loosens every limit already checked.
//
// The outcome of each referral is drawn by a quota controller: each outcome's weight is how far
// its count lags behind its target share of the referrals made so far (plus a little, so the
// draw stays random), so the funnel lands near the configured figures whatever the seed.
#include "generate/generator.h"

#include "generate/support.h"

#include "vocfab/model/date.h"
#include "vocfab/validation/rules.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

// Entities whose value-type fields have no default (ProvinceCode, NationalId, TaxNumber) are built
// with designated initializers naming only those fields. GCC 12 warns about the omitted ones.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace vocfab::generate {
namespace {

using namespace detail;

constexpr const char* kHome = "Kahramankazan";
// Ankara districts next to Kahramankazan: some firms are there, and the few non-residents live there.
constexpr std::array<const char*, 6> kNeighbours{"Sincan", "Pursaklar", "Yenimahalle", "Etimesgut", "Keçiören", "Ayaş"};

struct SectorSeed {
  const char* name;
  std::array<const char*, 2> firm_words;
  std::uint32_t weight;  // share of the employers, in per cent
};

// Kahramankazan's firms: its organised industrial zone first.
constexpr std::array<SectorSeed, 12> kSectorSeeds{{
    {"manufacturing", {"Ambalaj", "Plastik"}, 22},
    {"metalwork", {"Makine", "Metal"}, 18},
    {"logistics", {"Lojistik", "Nakliyat"}, 14},
    {"retail", {"Market", "Ticaret"}, 10},
    {"agriculture", {"Tarım", "Seracılık"}, 8},
    {"food", {"Gıda", "Unlu Mamuller"}, 7},
    {"cleaning", {"Temizlik Hizmetleri", "Tesis Yönetimi"}, 6},
    {"security", {"Güvenlik Hizmetleri", "Koruma"}, 4},
    {"services", {"Danışmanlık", "Çağrı Hizmetleri"}, 4},
    {"construction", {"İnşaat", "Yapı"}, 4},
    {"care", {"Sağlık Hizmetleri", "Bakım Hizmetleri"}, 2},
    {"hospitality", {"Restoran", "Yemek Hizmetleri"}, 1},
}};

struct Occupation {
  const char* title;
  const char* code;     // national occupation code NNNN.NN
  std::uint8_t sector;  // index in kSectorSeeds
  bool adult;           // legal minimum age 18
};

constexpr std::array<Occupation, 31> kOccupations{{
    {"Üretim bandı elemanı", "9329.01", 0, false},
    {"Paketleme elemanı", "9321.01", 0, false},
    {"Plastik enjeksiyon operatörü", "8142.01", 0, false},
    {"Kalite kontrol elemanı", "7543.02", 0, false},
    {"CNC torna operatörü", "7223.13", 1, true},
    {"Gazaltı kaynakçısı", "7212.05", 1, true},
    {"Bakım onarım teknisyeni", "7233.05", 1, false},
    {"Metal boyacısı", "7132.02", 1, false},
    {"Depo elemanı", "9333.07", 2, false},
    {"Forklift operatörü", "8344.01", 2, true},
    {"Şoför (B sınıfı)", "8322.01", 2, true},
    {"Sevkiyat elemanı", "4321.03", 2, false},
    {"Kasiyer", "5230.01", 3, false},
    {"Reyon görevlisi", "5223.03", 3, false},
    {"Satış danışmanı", "5223.01", 3, false},
    {"Sera işçisi", "6113.02", 4, false},
    {"Tarım işçisi", "9211.01", 4, false},
    {"Hayvancılık işçisi", "9212.01", 4, false},
    {"Gıda üretim elemanı", "7512.01", 5, false},
    {"Fırın elemanı", "7512.02", 5, false},
    {"Temizlik personeli", "9112.01", 6, false},
    {"Bahçe bakım elemanı", "9214.01", 6, false},
    {"Güvenlik görevlisi", "5414.01", 7, true},
    {"Büro elemanı", "4110.01", 8, false},
    {"Çağrı merkezi temsilcisi", "4222.01", 8, false},
    {"Ön muhasebe elemanı", "4311.01", 8, false},
    {"İnşaat işçisi", "9313.01", 9, true},
    {"Elektrik teknisyeni", "7411.03", 9, true},
    {"Hasta ve yaşlı bakım elemanı", "5321.02", 10, true},
    {"Garson", "5131.01", 11, false},
    {"Bulaşıkçı", "9412.02", 11, false},
}};

// How an outcome decided by the employer or the seeker is drawn: the days it takes after the
// referral (capped by the vacancy's closing day) and the reasons stated, if any.
struct Decision {
  ReferralStatus status;
  int fastest, slowest;
  std::span<const char* const> reasons;
};
constexpr Decision kDecline{ReferralStatus::declined, 1, 10, kDeclineReasons};
constexpr Decision kNoShowDecision{ReferralStatus::no_show, 3, 14, {}};
constexpr Decision kReject{ReferralStatus::rejected, 3, 25, kRejectReasons};

// Referrals are made from this age on, whatever the vacancy says.
constexpr std::uint32_t kAdult = 18;

// What a referral came to, as the quota controller counts it: a final status, with `withdrawn`
// and the still open ones together as `undecided`.
enum Outcome : std::size_t { kLeftEarly, kHire, kDeclined, kNoShow, kRejected, kUndecided, kOutcomes };

Outcome outcome_of(ReferralStatus status) {
  switch (status) {
    case ReferralStatus::left_early: return kLeftEarly;
    case ReferralStatus::hired:
    case ReferralStatus::retained: return kHire;
    case ReferralStatus::declined: return kDeclined;
    case ReferralStatus::no_show: return kNoShow;
    case ReferralStatus::rejected: return kRejected;
    case ReferralStatus::referred:
    case ReferralStatus::interview:
    case ReferralStatus::withdrawn: return kUndecided;
  }
  return kUndecided;
}

// What the simulation keeps about a person.
struct PersonState {
  date available;                        // may be referred from this day on (a job blocks until it ends)
  std::vector<std::uint32_t> referrals;  // theirs, in date order
};

// What the simulation keeps about a vacancy.
struct VacancyState {
  std::uint32_t hires = 0;
  date filled_on;                        // the last hire's first day, once every position is taken
  bool full = false;
  std::vector<std::uint32_t> referrals;  // its referrals, in date order
};

class KimGenerator : GeneratorBase {
 public:
  KimGenerator(const KahramankazanConfig& config, std::uint64_t seed)
      : GeneratorBase(seed),
        config_(config),
        first_(today_ - days(729)),
        never_(last_representable_day()),
        ankara_(must(ProvinceCode::from_number(6), "province")) {
    const double referrals = static_cast<double>(config_.referrals);
    target_[kLeftEarly] = static_cast<double>(config_.left_early);
    target_[kHire] = static_cast<double>(config_.hires - config_.left_early);
    const double declines = static_cast<double>(config_.declined_or_left - config_.left_early);
    target_[kDeclined] = 0.7 * declines;
    target_[kNoShow] = 0.3 * declines;
    target_[kRejected] = static_cast<double>(config_.rejected);
    target_[kUndecided] = referrals - static_cast<double>(config_.hires) - declines - target_[kRejected];
    for (double& share : target_) share /= referrals;
    people_share_ = static_cast<double>(config_.referred_people) / referrals;
  }

  Dataset run() {
    policy_.name = "kahramankazan-employment-centre";
    policy_.residency = Residency{ankara_, std::string(kHome)};
    make_people();
    make_employers();
    make_vacancies();
    simulate();
    settle();
    return assemble(policy_, today_, trainees_, employers_, vacancies_, referrals_);
  }

 private:
  // --- people ----------------------------------------------------------------------------------

  // The age reached in the as-of year (as-of year − birth year), by the centre's age bands.
  int draw_age() {
    const double a = rng_.unit();
    return a < 0.03   ? 17
           : a < 0.26 ? rng_.between(18, 24)
           : a < 0.56 ? rng_.between(25, 34)
           : a < 0.78 ? rng_.between(35, 44)
           : a < 0.91 ? rng_.between(45, 54)
           : a < 0.98 ? rng_.between(55, 64)
                      : rng_.between(65, 72);
  }

  void make_people() {
    const std::size_t n = config_.registered;
    // Registration days, in order: a rush when the centre opened, then a steady flow.
    std::vector<date> registered(n);
    for (date& day : registered) {
      day = rng_.chance(0.12) ? rng_.date_between(first_, first_ + days(29)) : rng_.date_between(first_, today_);
    }
    std::sort(registered.begin(), registered.end());
    trainees_.reserve(n);
    people_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      Trainee t{.identity = Identity{.national_id = national_id(i)}, .province = ankara_};
      Identity& who = *t.identity;
      t.id = TraineeId(uuid());
      const auto [gender, female] = draw_gender(rng_, 0.46);
      t.gender = gender;
      draw_names(rng_, female, who);
      t.registered = registered[i];
      who.birth_date = date(static_cast<unsigned short>(today_.year() - draw_age()), 1, 1) + days(rng_.between(0, 364));
      // Nobody registers before 15.
      if (age_on(who.birth_date, t.registered) < 15) who.birth_date -= boost::gregorian::years(1);
      draw_contact_details(rng_, who);
      const bool resident = rng_.chance(0.97);
      t.district = resident ? kHome : rng_.pick(kNeighbours);
      t.education_level = draw_education(rng_);
      t.consents.data_processing = rng_.chance(0.99);
      t.consents.share_with_employers = t.consents.data_processing && rng_.chance(0.92);
      const int age_now = age_on(who.birth_date, today_);
      t.guardian_consent = age_on(who.birth_date, t.registered) < 18;
      t.employment_status = EmploymentStatus::unemployed;
      if (age_now < 18) {
        t.employment_status = EmploymentStatus::student;
      } else if (age_now >= 65 && rng_.chance(0.7)) {
        t.employment_status = EmploymentStatus::retired;
      } else {
        const double s = rng_.unit();
        t.job_seeking = s < 0.86;
        if (s >= 0.86 && s < 0.93) t.employment_status = EmploymentStatus::employed;
        if (s >= 0.93 && s < 0.97) t.employment_status = EmploymentStatus::student;
      }
      t.disability = rng_.chance(0.05);
      const int n_sectors = rng_.between(1, 3);
      for (int k = 0; k < n_sectors; ++k) {
        std::string sector = rng_.pick(kSectorSeeds).name;
        auto& sectors = who.job_preferences.sectors;
        if (std::find(sectors.begin(), sectors.end(), sector) == sectors.end()) sectors.push_back(std::move(sector));
      }
      who.job_preferences.districts.push_back(kHome);
      if (rng_.chance(0.3)) who.job_preferences.districts.push_back(rng_.pick(kNeighbours));
      if (rng_.chance(0.6)) who.job_preferences.shift = static_cast<Shift>(rng_.below(5));
      people_[i].available = t.registered;
      if (passes_record_filters(policy_, t)) seekers_.push_back(static_cast<std::uint32_t>(i));
      trainees_.push_back(std::move(t));
    }
  }

  // --- employers and vacancies -----------------------------------------------------------------

  void make_employers() {
    std::uint32_t total_weight = 0;
    for (const SectorSeed& s : kSectorSeeds) total_weight += s.weight;
    employers_.reserve(config_.employers);
    for (std::size_t i = 0; i < config_.employers; ++i) {
      Employer m{.tax_number = tax_number(i), .province = ankara_};
      m.id = EmployerId(uuid());
      std::uint32_t r = rng_.between_u(0, total_weight - 1);
      std::uint8_t sector = 0;
      while (r >= kSectorSeeds[sector].weight) r -= kSectorSeeds[sector++].weight;
      const std::string owner = rng_.pick(kFamilyNames);
      m.name = owner + " " + rng_.pick(kSectorSeeds[sector].firm_words) + " " + rng_.pick(kFirmForms);
      m.sector = kSectorSeeds[sector].name;
      m.district = rng_.chance(0.78) ? kHome : rng_.pick(kNeighbours);
      m.consent = rng_.chance(0.95);
      m.contact = draw_employer_contact(rng_, "312", owner, i);
      if (m.consent) {
        consenting_.push_back(static_cast<std::uint32_t>(i));
        employer_sector_.push_back(sector);
      }
      employers_.push_back(std::move(m));
    }
    if (consenting_.empty() && !employers_.empty()) {
      employers_.front().consent = true;
      consenting_.push_back(0);
      employer_sector_.push_back(0);
    }
  }

  void make_vacancies() {
    if (consenting_.empty()) return;
    vacancies_.reserve(config_.vacancies);
    for (std::size_t i = 0; i < config_.vacancies; ++i) {
      const std::size_t e = rng_.below(consenting_.size());
      const Employer& m = employers_[consenting_[e]];
      // An occupation of the employer's sector.
      std::array<const Occupation*, kOccupations.size()> fitting{};
      std::size_t n_fitting = 0;
      for (const Occupation& o : kOccupations) {
        if (o.sector == employer_sector_[e]) fitting[n_fitting++] = &o;
      }
      const Occupation& occupation = *fitting[rng_.below(n_fitting)];
      Vacancy v{.province = m.province};
      v.id = VacancyId(uuid());
      v.employer = m.id;
      v.title = occupation.title;
      v.occupation_code = occupation.code;
      const double pr = rng_.unit();
      v.positions = pr < 0.5 ? 1 : pr < 0.72 ? 2 : pr < 0.92 ? rng_.between_u(3, 5) : rng_.between_u(6, 12);
      if (occupation.adult || rng_.chance(0.1)) v.min_age = kAdult;
      v.district = m.district;
      const double sh = rng_.unit();
      v.shift = sh < 0.5 ? Shift::day : sh < 0.75 ? Shift::rotating : sh < 0.85 ? Shift::night
                : sh < 0.95 ? Shift::any : Shift::evening;
      v.opened = rng_.chance(0.05) ? rng_.date_between(first_, first_ + days(9))
                                   : rng_.date_between(first_, today_ - days(7));
      v.closes = v.opened + days(rng_.between(21, 75));
      vacancies_.push_back(std::move(v));
    }
    std::stable_sort(vacancies_.begin(), vacancies_.end(),
                     [](const Vacancy& a, const Vacancy& b) { return a.opened < b.opened; });
    state_.resize(vacancies_.size());
  }

  // --- the two years ---------------------------------------------------------------------------

  void simulate() {
    // The working days and each one's share of the referrals: a first fortnight to get going,
    // then a busier or quieter day at random. The cumulative share, rounded, gives each day's
    // number, so the days add up to the target exactly.
    std::vector<date> workdays;
    std::vector<double> weight;
    for (date d = first_; d <= today_; d += days(1)) {
      const auto weekday = d.day_of_week().as_number();
      if (weekday == 0 || weekday == 6) continue;
      const double ramp = std::min(1.0, static_cast<double>(workdays.size() + 1) / 15.0);
      workdays.push_back(d);
      weight.push_back((0.7 + 0.6 * rng_.unit()) * ramp);
    }
    double total = 0;
    for (double w : weight) total += w;
    double cumulative = 0;
    long planned_before = 0;
    long missed = 0;  // referrals a day could not make, carried to the next
    std::size_t next_seeker = 0;
    std::size_t next_vacancy = 0;
    const double target = static_cast<double>(config_.referrals);
    for (std::size_t k = 0; k < workdays.size(); ++k) {
      const date d = workdays[k];
      while (next_seeker < seekers_.size() && trainees_[seekers_[next_seeker]].registered <= d) {
        waiting_.push_back(seekers_[next_seeker++]);
      }
      while (next_vacancy < vacancies_.size() && vacancies_[next_vacancy].opened <= d) {
        active_.push_back(static_cast<std::uint32_t>(next_vacancy++));
      }
      // A vacancy takes referrals on the days before its closing day (its outcomes are decided
      // by then) and until every position is taken.
      std::erase_if(active_, [&](std::uint32_t v) { return state_[v].full || vacancies_[v].closes <= d; });
      cumulative += weight[k];
      const long planned = std::lround(target * cumulative / total);
      long due = planned - planned_before + missed;
      planned_before = planned;
      missed = 0;
      for (; due > 0; --due) {
        if (!refer(d)) ++missed;
      }
    }
  }

  // One referral on day @p d; false when no vacancy or no person could be found.
  bool refer(date d) {
    const auto vacancy = pick_vacancy(d);
    if (!vacancy) return false;
    const auto person = pick_person(d, *vacancy);
    if (!person) return false;
    make_referral(d, *vacancy, *person, pick_outcome());
    return true;
  }

  std::optional<std::uint32_t> pick_vacancy(date d) {
    std::uint64_t left = 0;
    for (const std::uint32_t v : active_) left += vacancies_[v].positions - state_[v].hires;
    if (left == 0) return std::nullopt;
    std::uint64_t r = rng_.next() % left;
    for (const std::uint32_t v : active_) {
      const std::uint32_t here = vacancies_[v].positions - state_[v].hires;
      if (r < here) {
        if (!(vacancies_[v].opened <= d && d < vacancies_[v].closes)) throw std::logic_error("vacancy not open");
        return v;
      }
      r -= here;
    }
    return std::nullopt;
  }

  // Someone referred for the first time or again, so that the distinct people keep their share.
  std::optional<std::uint32_t> pick_person(date d, std::uint32_t vi) {
    const std::uint32_t min_age = std::max(kAdult, vacancies_[vi].min_age.value_or(0));
    const double expected = people_share_ * static_cast<double>(made_ + 1);
    const double p_new = std::clamp(people_share_ + 0.05 * (expected - static_cast<double>(referred_.size())), 0.0, 1.0);
    if (rng_.chance(p_new)) {
      if (auto p = pick_new(d, min_age)) return p;
      return pick_returning(d, vi, min_age);
    }
    if (auto p = pick_returning(d, vi, min_age)) return p;
    return pick_new(d, min_age);
  }

  // A registered seeker never referred before, old enough on @p d.
  std::optional<std::uint32_t> pick_new(date d, std::uint32_t min_age) {
    for (int attempt = 0; attempt < 8 && !waiting_.empty(); ++attempt) {
      const std::size_t j = rng_.below(waiting_.size());
      const std::uint32_t p = waiting_[j];
      if (check_min_age(trainees_[p], min_age, d)) continue;
      waiting_[j] = waiting_.back();
      waiting_.pop_back();
      referred_.push_back(p);
      return p;
    }
    return std::nullopt;
  }

  // Someone referred before who may be referred to vacancy @p vi on @p d.
  std::optional<std::uint32_t> pick_returning(date d, std::uint32_t vi, std::uint32_t min_age) {
    if (referred_.empty()) return std::nullopt;
    for (int attempt = 0; attempt < 25; ++attempt) {
      const std::uint32_t p = rng_.pick(referred_);
      if (may_refer(p, vi, d, min_age)) return p;
    }
    return std::nullopt;
  }

  // Not in a job, old enough, never referred to @p vi, below the open referrals allowed on @p d
  // (a referral is open from its referred day until the day it was decided), and not paused.
  bool may_refer(std::uint32_t p, std::uint32_t vi, date d, std::uint32_t min_age) {
    const PersonState& person = people_[p];
    if (d < person.available || check_min_age(trainees_[p], min_age, d)) return false;
    std::uint32_t open = 0;
    mine_.clear();
    for (const std::uint32_t r : person.referrals) {
      if (referral_vacancy_[r] == vi) return false;
      if (referrals_[r].referred <= d && d < open_until_[r]) ++open;
      mine_.push_back(&referrals_[r]);
    }
    return open < policy_.max_active_referrals && !pause_in_force(policy_, mine_, d);
  }

  Outcome pick_outcome() {
    std::array<double, kOutcomes> weight{};
    double total = 0;
    for (std::size_t c = 0; c < kOutcomes; ++c) {
      const double expected = target_[c] * static_cast<double>(made_ + 1);
      weight[c] = std::max(0.0, expected - static_cast<double>(counted_[c]) + 0.5);
      total += weight[c];
    }
    if (total <= 0) {
      weight = target_;
      total = 1;
    }
    double r = rng_.unit() * total;
    for (std::size_t c = 0; c < kOutcomes; ++c) {
      if (r < weight[c]) return static_cast<Outcome>(c);
      r -= weight[c];
    }
    return kUndecided;
  }

  // The status of a hire on the as-of day, by the rules layer's counting of days.
  ReferralStatus hire_status(date hired, std::optional<date> ended) const {
    if (ended && ended_early(policy_, hired, *ended)) return ReferralStatus::left_early;
    if (ended && ended_before_retention(policy_, hired, *ended)) return ReferralStatus::hired;
    return within_days(hired, policy_.retention_days, today_) ? ReferralStatus::hired : ReferralStatus::retained;
  }

  void make_referral(date d, std::uint32_t vi, std::uint32_t p, Outcome outcome) {
    const Vacancy& v = vacancies_[vi];
    Referral r;
    r.id = ReferralId(uuid());
    r.trainee = trainees_[p].id;
    r.vacancy = v.id;
    r.referred = d;
    // Outcomes are decided by the vacancy's closing day, at least a day after the referral.
    const auto by = [&](int lo, int hi) { return std::min(d + days(rng_.between(lo, hi)), v.closes); };
    std::optional<date> decisive;  // the day the outcome is known
    if (outcome == kDeclined || outcome == kNoShow || outcome == kRejected) {
      const Decision& how = outcome == kDeclined ? kDecline : outcome == kNoShow ? kNoShowDecision : kReject;
      r.status = how.status;
      decisive = r.decided = by(how.fastest, how.slowest);
      if (!how.reasons.empty()) r.reason = rng_.pick(how.reasons);
    } else if (outcome == kLeftEarly || outcome == kHire) {
      decisive = r.hired = by(4, 24);
      r.decided = std::max(d + days(1), *r.hired - days(rng_.between(0, 3)));  // the offer
    }
    if (!decisive || *decisive > today_) {
      // No outcome: withdrawn when the vacancy closed (the day after its closing day), else still open.
      r.decided.reset();
      r.hired.reset();
      r.reason.reset();
      if (!decisive && v.closes < today_) {
        r.status = ReferralStatus::withdrawn;
        r.decided = v.closes + days(1);
        r.reason = "vacancy_closed";
      } else {
        r.status = (today_ - d).days() >= 3 && rng_.chance(0.55) ? ReferralStatus::interview : ReferralStatus::referred;
      }
    } else if (r.hired) {
      const date hired = *r.hired;
      std::optional<date> ended;
      if (outcome == kLeftEarly) {
        ended = hired + days(rng_.between(0, static_cast<int>(policy_.early_leave_days) - 1));
      } else {
        const double u = rng_.unit();
        if (u < 0.25) {
          ended = hired + days(rng_.between(static_cast<int>(policy_.early_leave_days),
                                            static_cast<int>(policy_.retention_days) - 1));
        } else if (u < 0.5) {
          ended = hired + days(rng_.between(static_cast<int>(policy_.retention_days), 540));
        }
      }
      if (ended && *ended > today_) ended.reset();  // still in work
      r.ended = ended;
      r.status = hire_status(hired, ended);
      if (ended) r.reason = rng_.pick(kLeftReasons);
      // In work until the job ends: no referral meanwhile.
      people_[p].available = ended ? *ended + days(1) : never_;
    }
    const auto index = static_cast<std::uint32_t>(referrals_.size());
    open_until_.push_back(r.decided ? *r.decided : never_);
    referral_vacancy_.push_back(vi);
    ++counted_[outcome_of(r.status)];
    ++made_;
    const bool hire = is_hire(r.status);
    const std::optional<date> hired = r.hired;
    referrals_.push_back(std::move(r));
    people_[p].referrals.push_back(index);
    VacancyState& vacancy = state_[vi];
    vacancy.referrals.push_back(index);
    if (!hire) return;
    // The hire withdraws the person's other referrals still open on its first day...
    for (const std::uint32_t other : people_[p].referrals) {
      if (other != index) withdraw_if_open(other, *hired, "hired_elsewhere");
    }
    // ...and the last position filled withdraws the vacancy's.
    ++vacancy.hires;
    if (vacancy.hires == 1 || vacancy.filled_on < *hired) vacancy.filled_on = *hired;
    if (vacancy.hires == v.positions) {
      vacancy.full = true;
      for (const std::uint32_t other : vacancy.referrals) withdraw_if_open(other, vacancy.filled_on, "vacancy_filled");
    }
  }

  // Referral @p index, when not a hire and still open on @p day, is withdrawn on that day.
  void withdraw_if_open(std::uint32_t index, date day, const char* reason) {
    Referral& r = referrals_[index];
    if (is_hire(r.status) || !(open_until_[index] > day)) return;
    --counted_[outcome_of(r.status)];
    r.status = ReferralStatus::withdrawn;
    r.decided = day;
    r.reason = reason;
    open_until_[index] = day;
    ++counted_[kUndecided];
  }

  // The as-of day's statuses: vacancies filled, closed or open; people in a job employed.
  void settle() {
    for (std::size_t v = 0; v < vacancies_.size(); ++v) {
      vacancies_[v].status = state_[v].full               ? VacancyStatus::filled
                             : vacancies_[v].closes < today_ ? VacancyStatus::closed
                                                             : VacancyStatus::open;
    }
    for (std::size_t p = 0; p < trainees_.size(); ++p) {
      for (const std::uint32_t r : people_[p].referrals) {
        const Referral& referral = referrals_[r];
        if (is_hire(referral.status) && !referral.ended) {
          trainees_[p].employment_status = EmploymentStatus::employed;
          trainees_[p].job_seeking = false;
        }
      }
    }
  }

  KahramankazanConfig config_;
  date first_;
  date never_;
  ProvinceCode ankara_;
  std::array<double, kOutcomes> target_{};  // each outcome's share of the referrals
  double people_share_ = 0;                 // distinct people per referral

  Policy policy_;
  std::vector<Trainee> trainees_;
  std::vector<PersonState> people_;
  std::vector<std::uint32_t> seekers_;   // who may ever be referred, in registration order
  std::vector<std::uint32_t> waiting_;   // registered seekers not referred yet
  std::vector<std::uint32_t> referred_;  // people referred at least once
  std::vector<Employer> employers_;
  std::vector<std::uint32_t> consenting_;
  std::vector<std::uint8_t> employer_sector_;  // of each consenting employer
  std::vector<Vacancy> vacancies_;
  std::vector<VacancyState> state_;
  std::vector<std::uint32_t> active_;    // vacancies taking referrals
  std::vector<Referral> referrals_;
  std::vector<date> open_until_;         // each referral's decided day (never_ while open)
  std::vector<std::uint32_t> referral_vacancy_;
  std::array<std::size_t, kOutcomes> counted_{};
  std::size_t made_ = 0;
  std::vector<const Referral*> mine_;    // scratch: a person's referrals
};

}  // namespace

Dataset generate_kahramankazan(const KahramankazanConfig& config, std::uint64_t seed) {
  if (config.referrals == 0 || config.referred_people > config.referrals || config.left_early > config.hires ||
      config.left_early > config.declined_or_left ||
      config.hires + (config.declined_or_left - config.left_early) + config.rejected > config.referrals) {
    throw std::invalid_argument("the Kahramankazan targets do not fit in the referrals");
  }
  if (config.registered > kPrefixSpace || config.employers > kPrefixSpace) {
    throw std::invalid_argument("too many records for distinct nine-digit prefixes");
  }
  return KimGenerator(config, seed).run();
}

Dataset generate_kahramankazan(std::uint64_t seed) { return generate_kahramankazan(KahramankazanConfig{}, seed); }

}  // namespace vocfab::generate
