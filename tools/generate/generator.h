// Seeded synthetic dataset generators: the İzmir-like programme at the three scales of SPEC
// section 9, and the Kahramankazan Employment Centre (KİM) at the scale of its seed figures
// (SPEC section 1).
//
// Each builds a `vocfab::Dataset` that passes `vocfab::validate` with no issue: every id and
// national id unique, every reference resolves, and every rule of SPEC section 4 is respected
// (residency under the programme's preset, ages and guardian consent, one active course at a time
// and no overlapping courses, absence limit and pass mark, certificates only for completed
// enrollments, referral dates inside the vacancy window, at most three open referrals, hires
// within positions). All people and firms are fictional. Output is a pure function of the
// configuration and the seed: the same seed always gives the same dataset, hence the same bytes
// once written.
#pragma once

#include "vocfab/model/dataset.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vocfab::generate {

/// The three scales of SPEC section 9.
enum class Scale { municipal, metropolitan, national };

/// How many records of each kind to generate (the rest follows from rates built into the
/// generator: enrollments fill courses, applications precede enrollments, referrals follow
/// vacancies).
struct ScaleConfig {
  std::string name;             ///< Scale name, for messages.
  std::size_t centres = 22;     ///< Training centres (the first 22 are İzmir's named centres).
  std::size_t branches = 60;    ///< Branches (trades).
  std::size_t courses = 300;    ///< Courses.
  std::size_t trainees = 5000;  ///< Registered people (trainees and job seekers).
  std::size_t employers = 300;  ///< Employers.
  std::size_t vacancies = 600;  ///< Vacancies.
};

/// The configuration of @p scale.
ScaleConfig config_for(Scale scale);
/// Parses `municipal`, `metropolitan` or `national`.
std::optional<Scale> parse_scale(std::string_view text);
/// The name of @p scale.
std::string_view to_string(Scale scale);

/// The fixed "today" of generated data: statuses (running, completed, open…) are relative to it.
boost::gregorian::date reference_date();

/// Generates a valid dataset of the given size, deterministically from @p seed.
Dataset generate_dataset(const ScaleConfig& config, std::uint64_t seed);

/// The Kahramankazan Employment Centre (KİM, SPEC section 1): an employment-only programme (no
/// centres, branches or courses) under the `kahramankazan-employment-centre` preset, over the two
/// years that end on `reference_date()`, which is the dataset's `as_of`. The figures are targets
/// the generator steers towards while it simulates the two years day by day; what it makes lands
/// within a few per cent of them (the referrals that are still open on the last day, and the
/// referrals withdrawn when a person is hired elsewhere or a vacancy fills, are not steered
/// exactly). The defaults are the seed's figures.
struct KahramankazanConfig {
  std::size_t registered = 6'800;        ///< People registered with the centre (referred or not).
  std::size_t employers = 260;           ///< Employers in Ankara, most in Kahramankazan.
  std::size_t vacancies = 850;           ///< Vacancies opened over the two years.
  std::size_t referrals = 5'000;         ///< Referrals made.
  std::size_t referred_people = 4'200;   ///< Distinct people among them.
  std::size_t hires = 1'500;             ///< Referrals ending `hired`, `left_early` or `retained`.
  std::size_t left_early = 380;          ///< Of the hires, those ended within `early_leave_days`.
  std::size_t declined_or_left = 2'000;  ///< `declined` + `no_show` + `left_early`.
  std::size_t rejected = 1'350;          ///< Rejected by the employer; the rest of the referrals
                                         ///< end `withdrawn` or are still open.
};

/// Generates the KİM dataset of @p config, deterministically from @p seed, validating clean.
/// Beyond what the validator checks, the referrals follow the lifecycle operations' meaning day by
/// day (SPEC section 4): a person is referred only while registered, job-seeking (never while in
/// a job they were hired into, until it ends), at least 18 and the vacancy's `min_age`, below
/// `max_active_referrals` open referrals on that day (a referral stops being open on its
/// `decided` day) and outside a decline pause; a vacancy takes referrals only while open and not
/// filled, and its outcomes are decided by its closing day (those still open then are
/// `withdrawn`, reason `vacancy_closed`, the next day); a hire withdraws the person's other open
/// referrals (`hired_elsewhere`) and the last position filled withdraws the vacancy's
/// (`vacancy_filled`); a person in a job that has not ended is `employed` and not job-seeking.
/// Non-residents and people who did not consent to sharing are registered but never referred.
/// Throws std::invalid_argument when the targets do not fit (more referred people than
/// referrals, or outcomes adding up to more than the referrals).
Dataset generate_kahramankazan(const KahramankazanConfig& config, std::uint64_t seed);
/// `generate_kahramankazan` with the default configuration (the seed's figures).
Dataset generate_kahramankazan(std::uint64_t seed);

}  // namespace vocfab::generate
