// Seeded synthetic dataset generator (SPEC section 9 scales).
//
// Builds a `vocfab::Dataset` that passes `vocfab::validate` with no issue: every id and national
// id unique, every reference resolves, and every rule of SPEC section 4 is respected (residency
// under the İzmir preset, ages and guardian consent, one active course at a time and no
// overlapping courses, absence limit and pass mark, certificates only for completed enrollments,
// referral dates inside the vacancy window, at most three open referrals, hires within positions).
// All people and firms are fictional. Output is a pure function of (scale, seed): the same seed
// always gives the same dataset, hence the same bytes once written.
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

}  // namespace vocfab::generate
