/// @file
/// Programme policy: every number and switch of the rules (SPEC section 4).
///
/// A `Policy` value carries the defaults of the specification; a programme overrides them in the
/// dataset's `policy` object or starts from a preset (`izmir-vocational-factory`,
/// `kahramankazan-employment-centre`, shipped as JSON under `data/policies/`). Plain value type.
#pragma once

#include "vocfab/model/province_code.h"

#include "vocfab/model/enums.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vocfab {

/// Who counts as a resident of the programme's area.
struct Residency {
  ProvinceCode province;                ///< Required province of residence.
  std::optional<std::string> district;  ///< Required district, compared as Turkish text.
  /// Compares province and district as written.
  friend bool operator==(const Residency&, const Residency&) = default;
};

/// A ratio `numerator/denominator`, kept exact so that `1/5` of 40 hours is exactly 8.
struct Ratio {
  std::uint32_t numerator = 1;    ///< Numerator.
  std::uint32_t denominator = 5;  ///< Denominator, never 0.
  /// Compares the written form (1/5 and 2/10 differ as written).
  friend bool operator==(const Ratio&, const Ratio&) = default;
};

/// How course allocation orders applicants and breaks ties (SPEC 5.2).
struct AllocationPolicy {
  /// Who each course takes first, compared in this order; then the application date, then the
  /// lottery.
  std::vector<PriorityGroup> priority{PriorityGroup::centre_district, PriorityGroup::unemployed,
                                      PriorityGroup::disability};
  /// The lottery's seed when a call gives none (recorded in every result).
  std::uint64_t seed = 0;
  /// Compares every parameter.
  friend bool operator==(const AllocationPolicy&, const AllocationPolicy&) = default;
};

/// The points of candidate ranking's score terms (SPEC 5.1). Declines and early leaves take their
/// points away; every other term adds.
struct RankingPolicy {
  std::uint32_t meb_certificate = 40;            ///< A non-revoked `meb` certificate in the vacancy's branch.
  std::uint32_t participation_certificate = 30;  ///< A participation document there (when no `meb` one).
  std::uint32_t training = 15;                   ///< Enrolled in a running course of the branch, without such a certificate.
  std::uint32_t same_district = 20;              ///< Lives in the vacancy's district.
  std::uint32_t same_province = 10;              ///< Lives in its province, in another district.
  std::uint32_t waiting_points = 1;              ///< For every full waiting period...
  std::uint32_t waiting_period_days = 30;        ///< ...of this many days...
  std::uint32_t waiting_max = 24;                ///< ...up to this many points in all.
  std::uint32_t decline_penalty = 10;            ///< Taken for each decline or no-show within `decline_window_days`.
  std::uint32_t early_leave_penalty = 10;        ///< Taken for each `left_early` ended within `decline_window_days`.
  std::uint32_t sector_preference = 5;           ///< The employer's sector is one the person prefers.
  std::uint32_t district_preference = 5;         ///< The vacancy's district is one the person prefers.
  std::uint32_t shift_preference = 5;            ///< The shifts agree (equal, or either is `any`).
  /// Compares every parameter.
  friend bool operator==(const RankingPolicy&, const RankingPolicy&) = default;
};

/// How course planning weighs demand (SPEC 5.4).
struct PlanningPolicy {
  /// Hires in a branch within this many days before the as-of date count as its demand.
  std::uint32_t recent_days = 180;
  /// A recommended course's capacity when the branch has no past course to take the median of.
  std::uint32_t default_capacity = 20;
  /// Compares every parameter.
  friend bool operator==(const PlanningPolicy&, const PlanningPolicy&) = default;
};

/// The rule parameters of a programme, with the specification's defaults.
struct Policy {
  std::string name = "default";                 ///< Preset or programme name.
  std::optional<Residency> residency;           ///< Residency rule; none means everyone is eligible.
  std::uint32_t min_group = 12;                 ///< Enrolled needed for a course to open.
  std::uint32_t min_age = 15;                   ///< Default minimum age at course start.
  std::uint32_t guardian_consent_under = 18;    ///< Below this age a guardian must consent.
  std::uint32_t max_active_enrollments = 1;     ///< Courses a person may attend at once.
  Ratio max_absence_ratio{1, 5};                ///< Absence above this share of hours removes.
  std::uint32_t pass_mark = 50;                 ///< Score (0–100) needed to pass a `meb` exam.
  std::uint32_t max_active_referrals = 3;       ///< Open referrals a seeker may have at once.
  std::uint32_t early_leave_days = 7;           ///< A hire ending within this is `left_early`.
  std::uint32_t retention_days = 90;            ///< A hire lasting this long is `retained`.
  std::uint32_t decline_limit = 3;              ///< Declines/no-shows that pause referrals...
  std::uint32_t decline_window_days = 365;      ///< ...within this many days...
  std::uint32_t pause_days = 90;                ///< ...for this many days.
  AllocationPolicy allocation;                  ///< Course allocation (SPEC 5.2).
  RankingPolicy ranking;                        ///< Candidate ranking's points (SPEC 5.1).
  PlanningPolicy planning;                      ///< Course planning (SPEC 5.4).

  /// Compares every parameter.
  friend bool operator==(const Policy&, const Policy&) = default;
};

}  // namespace vocfab
