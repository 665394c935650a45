// Well-formed records built in C++, for the model's tests.
#pragma once

#include "vocfab/model/entities.h"

#include <string>

namespace vocfab::testing {

/// The day y-m-d.
inline Date day(int y, int m, int d) {
  return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(d));
}

/// An identified, job-seeking trainee of İzmir (Konak) who consented to everything.
inline Trainee trainee_record(TraineeId id, NationalId national_id, std::string given_name) {
  return Trainee{.id = id,
                 .identity = Identity{.national_id = national_id,
                                      .given_name = std::move(given_name),
                                      .family_name = "Yılmaz",
                                      .birth_date = day(1995, 3, 14),
                                      .phone = std::nullopt,
                                      .email = std::nullopt,
                                      .job_preferences = {}},
                 .erased = std::nullopt,
                 .birth_year = std::nullopt,
                 .gender = Gender::undisclosed,
                 .province = *ProvinceCode::parse("35"),
                 .district = "Konak",
                 .education_level = EducationLevel::none,
                 .employment_status = EmploymentStatus::unemployed,
                 .job_seeking = true,
                 .registered = day(2025, 9, 1),
                 .disability = false,
                 .consents = Consents{.data_processing = true, .share_with_employers = true},
                 .guardian_consent = false};
}

}  // namespace vocfab::testing
