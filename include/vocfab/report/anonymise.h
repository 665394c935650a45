/// @file
/// The anonymised release (SPEC section 4, Privacy): a copy of a dataset fit to hand to analysts
/// or to publish from, on which every report gives exactly the original's figures.
///
/// In the release every person is erased (national id, names, phone, e-mail, birth date and job
/// preferences removed, the year of birth kept), every id is replaced by a fresh random UUID —
/// the same one wherever the record is referred to, so references hold — and the people's
/// records (trainees, applications, enrollments, certificates, referrals) are put in the order of
/// their new ids, so that a record's position says nothing about the original. Employers lose
/// their tax number and contact; certificates their verification code and external number;
/// referrals their free-text reason; a revocation its stated reason. The audit trail is left out
/// (it names the original ids and the staff who acted). Kept: everything statistics need —
/// statuses, dates, gender, residence, education, disability, the policy, the as-of day, centres,
/// branches, courses, vacancies and employers' names and sectors.
///
/// What a release cannot promise on its own: combinations of the kept facts (district, gender,
/// year of birth, registration day) may still single a person out in a small programme;
/// publish figures from it with `ReportRequest::min_group_size`.
///
/// Thread-safety: a pure function over a const dataset.
#pragma once

#include "vocfab/model/dataset.h"

#include <cstdint>
#include <optional>

namespace vocfab::report {

/// How to make a release.
struct AnonymiseOptions {
  Date erased_on;                     ///< The day recorded as the erasure day of everyone not yet erased.
  std::optional<std::uint64_t> seed;  ///< Draws the fresh ids from this seed (reproducible; for tests), else from the system's source.
};

/// The anonymised release of @p dataset.
/// @throws std::bad_alloc
Dataset anonymise(const Dataset& dataset, const AnonymiseOptions& options);

}  // namespace vocfab::report
