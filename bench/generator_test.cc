// The synthetic generators: valid output, determinism, and a byte-exact round trip; the
// Kahramankazan programme's funnel and its day-by-day lifecycle.
#include "generate/generator.h"

#include "vocfab/io/json.h"
#include "vocfab/model/date.h"
#include "vocfab/ops/batch.h"
#include "vocfab/validation/rules.h"
#include "vocfab/validation/validate.h"

#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using vocfab::generate::ScaleConfig;

// Small enough for a unit test, large enough to exercise every rule.
ScaleConfig small_config() { return {"test", 22, 60, 120, 1500, 80, 200}; }

std::string describe(const std::vector<vocfab::Issue>& issues) {
  std::string text;
  for (std::size_t i = 0; i < issues.size() && i < 15; ++i) {
    text += std::string(vocfab::to_string(issues[i].code)) + " " + issues[i].path + ": " +
            issues[i].message + "\n";
  }
  return text;
}

TEST(Generator, SmallDatasetValidatesClean) {
  const auto dataset = vocfab::generate::generate_dataset(small_config(), 7);
  EXPECT_EQ(dataset.records<vocfab::Trainee>().size(), 1500u);
  EXPECT_GT(dataset.records<vocfab::Enrollment>().size(), 0u);
  EXPECT_GT(dataset.records<vocfab::Certificate>().size(), 0u);
  EXPECT_GT(dataset.records<vocfab::Referral>().size(), 0u);
  const auto issues = vocfab::validate(dataset);
  EXPECT_TRUE(issues.empty()) << issues.size() << " issue(s):\n" << describe(issues);
}

TEST(Generator, MunicipalScaleValidatesCleanAndCoversEveryStatus) {
  const auto config = vocfab::generate::config_for(vocfab::generate::Scale::municipal);
  const auto dataset = vocfab::generate::generate_dataset(config, 42);
  EXPECT_EQ(dataset.records<vocfab::Trainee>().size(), 5000u);
  EXPECT_EQ(dataset.records<vocfab::Centre>().size(), 22u);
  const auto issues = vocfab::validate(dataset);
  EXPECT_TRUE(issues.empty()) << issues.size() << " issue(s):\n" << describe(issues);

  std::set<vocfab::EnrollmentStatus> enrollment_statuses;
  for (const auto& e : dataset.records<vocfab::Enrollment>()) enrollment_statuses.insert(e.status);
  EXPECT_EQ(enrollment_statuses.size(), vocfab::enum_values<vocfab::EnrollmentStatus>().size());
  std::set<vocfab::ReferralStatus> referral_statuses;
  for (const auto& r : dataset.records<vocfab::Referral>()) referral_statuses.insert(r.status);
  EXPECT_EQ(referral_statuses.size(), vocfab::enum_values<vocfab::ReferralStatus>().size());
  std::set<vocfab::CourseStatus> course_statuses;
  for (const auto& c : dataset.records<vocfab::Course>()) course_statuses.insert(c.status);
  EXPECT_EQ(course_statuses.size(), vocfab::enum_values<vocfab::CourseStatus>().size());
  std::set<vocfab::CertificateKind> kinds;
  for (const auto& c : dataset.records<vocfab::Certificate>()) kinds.insert(c.kind);
  EXPECT_EQ(kinds.size(), 2u);
}

TEST(Generator, SameSeedSameBytesOtherSeedOtherBytes) {
  const std::string a = vocfab::write_dataset(vocfab::generate::generate_dataset(small_config(), 7));
  const std::string b = vocfab::write_dataset(vocfab::generate::generate_dataset(small_config(), 7));
  const std::string c = vocfab::write_dataset(vocfab::generate::generate_dataset(small_config(), 8));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(Generator, WriteReadWriteGivesIdenticalBytes) {
  const std::string first =
      vocfab::write_dataset(vocfab::generate::generate_dataset(small_config(), 11));
  const auto loaded = vocfab::read_dataset(std::string_view(first));
  ASSERT_TRUE(loaded.ok()) << describe(loaded.issues);
  EXPECT_EQ(vocfab::write_dataset(loaded.dataset), first);
  const auto issues = vocfab::validate(loaded.dataset, &loaded.diagnostics);
  EXPECT_TRUE(issues.empty()) << describe(issues);
}

TEST(Generator, ScaleNames) {
  using vocfab::generate::Scale;
  for (Scale s : {Scale::municipal, Scale::metropolitan, Scale::national}) {
    EXPECT_EQ(vocfab::generate::parse_scale(vocfab::generate::to_string(s)), s);
  }
  EXPECT_FALSE(vocfab::generate::parse_scale("galactic"));
  EXPECT_EQ(vocfab::generate::config_for(Scale::metropolitan).trainees, 150'000u);
  EXPECT_EQ(vocfab::generate::config_for(Scale::national).trainees, 1'000'000u);
  EXPECT_EQ(vocfab::generate::config_for(Scale::national).vacancies, 100'000u);
  EXPECT_EQ(vocfab::generate::config_for(Scale::national).courses, 50'000u);
}

// --- Kahramankazan Employment Centre (SPEC section 1) ------------------------------------------

using vocfab::Referral;
using vocfab::ReferralStatus;
using vocfab::Trainee;

// The funnel, by a plain recount of the records.
struct Funnel {
  std::map<ReferralStatus, std::size_t> by_status;
  std::size_t referrals = 0;
  std::size_t people = 0;  // distinct people referred
  std::size_t count(ReferralStatus status) const {
    const auto found = by_status.find(status);
    return found == by_status.end() ? 0 : found->second;
  }
  std::size_t hires() const {
    return count(ReferralStatus::hired) + count(ReferralStatus::left_early) + count(ReferralStatus::retained);
  }
  std::size_t declined_or_left() const {
    return count(ReferralStatus::declined) + count(ReferralStatus::no_show) + count(ReferralStatus::left_early);
  }
};

Funnel recount(const vocfab::Dataset& dataset) {
  Funnel funnel;
  std::set<std::string> people;
  for (const Referral& r : dataset.records<Referral>()) {
    ++funnel.referrals;
    ++funnel.by_status[r.status];
    people.insert(r.trainee.to_string());
  }
  funnel.people = people.size();
  return funnel;
}

TEST(KahramankazanGenerator, ValidatesCleanAndReproducesTheSeedFunnel) {
  std::ifstream preset_file(std::string(VOCFAB_DATA_DIR) + "/policies/kahramankazan-employment-centre.json");
  ASSERT_TRUE(preset_file) << "the preset is not in " << VOCFAB_DATA_DIR;
  const std::string preset_text((std::istreambuf_iterator<char>(preset_file)), std::istreambuf_iterator<char>());
  const auto preset = vocfab::decode_json<vocfab::Policy>(preset_text);
  ASSERT_TRUE(preset.value) << describe(preset.issues);

  for (const std::uint64_t seed : {1u, 2u, 3u, 7u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const auto dataset = vocfab::generate::generate_kahramankazan(seed);
    const auto issues = vocfab::validate(dataset);
    EXPECT_TRUE(issues.empty()) << issues.size() << " issue(s):\n" << describe(issues);
    EXPECT_EQ(dataset.policy(), *preset.value);
    EXPECT_EQ(dataset.as_of(), vocfab::generate::reference_date());
    EXPECT_TRUE(dataset.records<vocfab::Course>().empty());

    const Funnel funnel = recount(dataset);
    EXPECT_GE(funnel.referrals, 4'700u);
    EXPECT_LE(funnel.referrals, 5'300u);
    EXPECT_GE(funnel.people, 3'900u);
    EXPECT_LE(funnel.people, 4'500u);
    EXPECT_GE(funnel.hires(), 1'400u);
    EXPECT_LE(funnel.hires(), 1'600u);
    EXPECT_GE(funnel.declined_or_left(), 1'800u);
    EXPECT_LE(funnel.declined_or_left(), 2'200u);
    // Every outcome occurs, a few referrals are still open on the last day, and more people
    // registered than were referred.
    for (const ReferralStatus status : vocfab::enum_values<ReferralStatus>()) {
      EXPECT_GT(funnel.count(status), 0u) << vocfab::to_string(status);
    }
    EXPECT_GT(funnel.count(ReferralStatus::left_early), 100u);
    EXPECT_LT(funnel.count(ReferralStatus::referred) + funnel.count(ReferralStatus::interview), 300u);
    EXPECT_GT(dataset.records<Trainee>().size(), funnel.people);
  }
}

// What the validator cannot see, because it judges each record against today's state: the two
// years followed day by day (SPEC section 4, the lifecycle operations' meaning).
TEST(KahramankazanGenerator, FollowsTheLifecycleDayByDay) {
  const auto dataset = vocfab::generate::generate_kahramankazan(3);
  const auto& policy = dataset.policy();
  const vocfab::Date as_of = *dataset.as_of();
  const vocfab::Date never = vocfab::last_representable_day();
  const auto open_until = [&](const Referral& r) { return r.decided.value_or(never); };
  const auto in_work_until = [&](const Referral& r) { return r.ended.value_or(never); };

  std::map<std::string, std::vector<const Referral*>> of_person, of_vacancy;
  for (const Referral& r : dataset.records<Referral>()) {
    of_person[r.trainee.to_string()].push_back(&r);
    of_vacancy[r.vacancy.to_string()].push_back(&r);
    for (const auto& day : {r.decided, r.hired, r.ended}) {
      if (day) {
        EXPECT_LE(*day, as_of) << r.id.to_string();
      }
    }
  }
  std::set<vocfab::Gender> genders;
  std::set<int> age_bands;
  for (const Trainee& t : dataset.records<Trainee>()) {
    genders.insert(t.gender);
    age_bands.insert(std::min(6, (as_of.year() - t.year_of_birth() - 5) / 10));  // 1 = 15-24 ... 6 = 65+
    const auto found = of_person.find(t.id.to_string());
    if (found == of_person.end()) continue;
    const auto& mine = found->second;
    EXPECT_TRUE(vocfab::passes_record_filters(policy, t) || t.employment_status == vocfab::EmploymentStatus::employed)
        << t.id.to_string();
    bool in_work = false;
    for (const Referral* r : mine) {
      EXPECT_LE(t.registered, r->referred);
      EXPECT_GE(vocfab::age_on(t.identity->birth_date, r->referred), 18);
      // Open referrals on the day this one was made, itself included.
      std::size_t open = 0;
      for (const Referral* other : mine) open += other->referred <= r->referred && r->referred < open_until(*other);
      EXPECT_LE(open, policy.max_active_referrals) << r->id.to_string();
      std::vector<const Referral*> others;
      for (const Referral* other : mine) {
        if (other != r) others.push_back(other);
      }
      EXPECT_FALSE(vocfab::pause_in_force(policy, others, r->referred)) << r->id.to_string();
      if (!vocfab::is_hire(r->status)) continue;
      in_work = in_work || !r->ended;
      for (const Referral* other : mine) {
        if (other == r) continue;
        // Never referred while in work, and nothing else open on the first day of work.
        EXPECT_FALSE(*r->hired <= other->referred && other->referred <= in_work_until(*r)) << other->id.to_string();
        EXPECT_FALSE(other->referred <= *r->hired && *r->hired < open_until(*other)) << other->id.to_string();
      }
    }
    EXPECT_EQ(t.employment_status == vocfab::EmploymentStatus::employed, in_work) << t.id.to_string();
    EXPECT_EQ(t.job_seeking, !in_work) << t.id.to_string();
  }
  EXPECT_EQ(genders.size(), vocfab::enum_values<vocfab::Gender>().size());
  EXPECT_EQ(age_bands, (std::set<int>{1, 2, 3, 4, 5, 6}));

  std::map<vocfab::VacancyStatus, std::size_t> vacancy_statuses;
  for (const vocfab::Vacancy& v : dataset.records<vocfab::Vacancy>()) {
    ++vacancy_statuses[v.status];
    EXPECT_EQ(v.province.number(), 6);
    std::size_t hires = 0;
    vocfab::Date filled = v.opened;
    for (const Referral* r : of_vacancy[v.id.to_string()]) {
      if (!vocfab::is_hire(r->status)) continue;
      ++hires;
      filled = std::max(filled, *r->hired);
      EXPECT_LE(*r->hired, v.closes);
    }
    EXPECT_EQ(v.status == vocfab::VacancyStatus::filled, hires == v.positions) << v.id.to_string();
    if (v.status == vocfab::VacancyStatus::open) {
      EXPECT_LE(as_of, v.closes);
    }
    for (const Referral* r : of_vacancy[v.id.to_string()]) {
      // A vacancy decides by its closing day; one filled takes no referral after its last hire
      // and has nothing left open then; only an open one has open referrals.
      if (!vocfab::is_hire(r->status) && r->decided) {
        EXPECT_LE(*r->decided, v.closes + boost::gregorian::days(1));
      }
      if (vocfab::is_open(r->status)) {
        EXPECT_EQ(v.status, vocfab::VacancyStatus::open);
      }
      if (v.status == vocfab::VacancyStatus::filled && !vocfab::is_hire(r->status)) {
        EXPECT_LE(r->referred, filled);
        EXPECT_LE(open_until(*r), filled);
      }
    }
  }
  EXPECT_EQ(vacancy_statuses.size(), 3u);
}

// The dataset is what the library's own lifecycle operations make of its events: replayed day by
// day from the people (as they registered), the employers and the vacancies (open), every
// operation is accepted, and every status, day and reason the operations set — those of the
// withdrawals, retentions, fills and closings they derive too — comes out as generated.
TEST(KahramankazanGenerator, IsWhatTheLifecycleOperationsMakeOfItsEvents) {
  using vocfab::Date;
  using vocfab::Operation;
  namespace ops = vocfab::ops;
  const auto generated = vocfab::generate::generate_kahramankazan(7);
  const Date as_of = *generated.as_of();

  vocfab::Dataset replay;
  replay.set_policy(generated.policy());
  std::set<std::string> referred;
  for (const Referral& r : generated.records<Referral>()) referred.insert(r.trainee.to_string());
  for (Trainee t : generated.records<Trainee>()) {
    if (referred.count(t.id.to_string()) != 0) {
      t.employment_status = vocfab::EmploymentStatus::unemployed;
      t.job_seeking = true;
    }
    replay.add(std::move(t));
  }
  for (const vocfab::Employer& e : generated.records<vocfab::Employer>()) replay.add(e);
  for (vocfab::Vacancy v : generated.records<vocfab::Vacancy>()) {
    v.status = vocfab::VacancyStatus::open;
    replay.add(std::move(v));
  }

  // A day's work, in this order: the outcomes decided that day, the hires (which withdraw what is
  // still open), the jobs that ended, then the new referrals.
  std::map<Date, std::array<std::vector<Operation>, 4>> work;
  const auto at = [&](Date day, std::size_t step, ops::Arguments arguments, std::optional<std::string> id = {}) {
    work[day][step].push_back(Operation{std::move(arguments), day, std::move(id), std::nullopt, std::nullopt});
  };
  for (const Referral& r : generated.records<Referral>()) {
    at(r.referred, 3, ops::Refer{r.trainee, r.vacancy}, r.id.to_string());
    if (r.status == ReferralStatus::interview) at(r.referred, 3, ops::Interview{r.id});
    if (r.status == ReferralStatus::rejected || r.status == ReferralStatus::declined ||
        r.status == ReferralStatus::no_show) {
      const auto outcome = r.status == ReferralStatus::rejected   ? ops::Outcome::reject
                           : r.status == ReferralStatus::declined ? ops::Outcome::decline
                                                                  : ops::Outcome::no_show;
      at(*r.decided, 0, ops::Decide{r.id, r.reason, outcome});
    } else if (vocfab::is_hire(r.status)) {
      at(*r.hired, 1, ops::Hire{r.id});
      if (r.ended) at(*r.ended, 2, ops::EndEmployment{r.id, r.reason});
    }
  }
  ASSERT_FALSE(work.empty());
  for (Date day = work.begin()->first; day <= as_of; day += boost::gregorian::days(1)) {
    std::vector<Operation> batch{Operation{ops::Advance{}, day, std::nullopt, std::nullopt, std::nullopt}};
    if (const auto found = work.find(day); found != work.end()) {
      for (auto& step : found->second) batch.insert(batch.end(), step.begin(), step.end());
    }
    vocfab::BatchContext context;
    context.actor = "replay";
    context.at = vocfab::Timestamp(day, boost::posix_time::hours(17));
    context.id_seed = 1;
    const auto result = vocfab::apply(replay, batch, context);
    ASSERT_TRUE(result.ok()) << vocfab::to_iso_string(day) << ": op " << result.failed->index << " "
                             << result.failed->op << ": " << describe(result.failed->issues);
  }

  EXPECT_EQ(replay.as_of(), generated.as_of());
  ASSERT_EQ(replay.records<Referral>().size(), generated.records<Referral>().size());
  for (const Referral& r : generated.records<Referral>()) {
    const Referral* made = replay.find(r.id);
    ASSERT_NE(made, nullptr) << r.id.to_string();
    EXPECT_EQ(made->status, r.status) << r.id.to_string();
    EXPECT_EQ(made->hired, r.hired) << r.id.to_string();
    EXPECT_EQ(made->ended, r.ended) << r.id.to_string();
    EXPECT_EQ(made->reason, r.reason) << r.id.to_string();
    // The operations record no decided day for a hire (the generator keeps the offer's).
    if (!vocfab::is_hire(r.status)) {
      EXPECT_EQ(made->decided, r.decided) << r.id.to_string();
    }
  }
  for (const Trainee& t : generated.records<Trainee>()) {
    const Trainee* now = replay.find(t.id);
    ASSERT_NE(now, nullptr);
    EXPECT_EQ(now->employment_status, t.employment_status) << t.id.to_string();
    EXPECT_EQ(now->job_seeking, t.job_seeking) << t.id.to_string();
  }
  for (const vocfab::Vacancy& v : generated.records<vocfab::Vacancy>()) {
    EXPECT_EQ(replay.find(v.id)->status, v.status) << v.id.to_string();
  }
}

TEST(KahramankazanGenerator, SameSeedSameBytesOtherSeedOtherBytes) {
  const std::string a = vocfab::write_dataset(vocfab::generate::generate_kahramankazan(1));
  const std::string b = vocfab::write_dataset(vocfab::generate::generate_kahramankazan(1));
  const std::string c = vocfab::write_dataset(vocfab::generate::generate_kahramankazan(2));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  const auto loaded = vocfab::read_dataset(std::string_view(a));
  ASSERT_TRUE(loaded.ok()) << describe(loaded.issues);
  EXPECT_EQ(vocfab::write_dataset(loaded.dataset), a);
}

TEST(KahramankazanGenerator, RefusesTargetsThatDoNotFit) {
  vocfab::generate::KahramankazanConfig config;
  config.referred_people = config.referrals + 1;
  EXPECT_THROW(vocfab::generate::generate_kahramankazan(config, 1), std::invalid_argument);
  config = {};
  config.hires = config.referrals;
  EXPECT_THROW(vocfab::generate::generate_kahramankazan(config, 1), std::invalid_argument);
}

}  // namespace
