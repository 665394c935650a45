/// @file
/// The entities of a vocational-training and employment registry (SPEC section 2).
///
/// Plain aggregates of value types: every field is already well formed (ids are UUIDs, national
/// ids pass their checksum, dates are real days), so code that holds an entity never re-checks
/// formats. Relations between entities (references, capacities, lifecycles) are checked by
/// `vocfab::validate` and enforced by the operations. Field names match the JSON names.
/// Entities are values: copying one copies everything; no entity refers to another by pointer.
#pragma once

#include "vocfab/model/branch_code.h"
#include "vocfab/model/date.h"
#include "vocfab/model/enums.h"
#include "vocfab/model/id.h"
#include "vocfab/model/national_id.h"
#include "vocfab/model/phone_number.h"
#include "vocfab/model/province_code.h"
#include "vocfab/model/tax_number.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vocfab {

/// A training centre (e.g. Halkapınar) that hosts courses of some branches.
struct Centre {
  CentreId id;                        ///< Identity.
  std::string code;                   ///< Short unique code (e.g. `HALKAPINAR`).
  std::string name;                   ///< Display name.
  ProvinceCode province;              ///< Province plate code.
  std::string district;               ///< District name.
  std::uint32_t seats = 0;            ///< Training seats the centre can use at one time.
  std::vector<BranchCode> branches;   ///< Branches it can host.
};

/// A vocational branch (trade) such as sewing or boutique chocolate.
struct Branch {
  BranchCode code;                             ///< Identity (referenced by code).
  std::string name;                            ///< Display name.
  std::string sector;                          ///< Economic sector (free text, e.g. `textile`).
  std::optional<std::string> isco08;           ///< ISCO-08 unit group, 4 digits.
  std::optional<std::string> occupation_code;  ///< National occupation code `NNNN.NN`.
  std::uint32_t nominal_hours = 0;             ///< Nominal programme length in hours.
  CertificateKind certificate = CertificateKind::participation;  ///< What it can lead to.
};

/// One run of a branch at a centre.
struct Course {
  CourseId id;                                  ///< Identity.
  BranchCode branch;                            ///< Branch taught.
  CentreId centre;                              ///< Where.
  Date start;                                   ///< First day.
  Date end;                                     ///< Last day (not before `start`).
  std::uint32_t total_hours = 0;                ///< Hours of instruction.
  std::uint32_t capacity = 0;                   ///< Enrolled places.
  std::optional<std::uint32_t> min_group;       ///< Minimum to open; policy `min_group` if absent.
  DeliveryMode mode = DeliveryMode::in_person;  ///< Delivery mode.
  CertificateKind certificate = CertificateKind::participation;  ///< Document it issues.
  CourseStatus status = CourseStatus::planned;  ///< Lifecycle state.
  std::optional<std::uint32_t> min_age;         ///< Minimum age at start; policy default if absent.
};

/// Consents a person has given (KVKK).
struct Consents {
  bool data_processing = false;       ///< Processing of personal data for the programme.
  bool share_with_employers = false;  ///< Sharing the profile with employers (needed for referral).
};

/// What work a person is looking for.
struct JobPreferences {
  std::vector<std::string> sectors;    ///< Preferred sectors.
  std::vector<std::string> districts;  ///< Preferred districts.
  std::optional<Shift> shift;          ///< Preferred shift, if any.
};

/// Who a person is: everything erasure removes (SPEC section 4, Privacy).
struct Identity {
  NationalId national_id;            ///< T.C. Kimlik No (checksum-valid).
  std::string given_name;            ///< Given name(s).
  std::string family_name;           ///< Family name.
  Date birth_date;                   ///< Date of birth.
  std::optional<PhoneNumber> phone;  ///< Contact phone (E.164).
  std::optional<std::string> email;  ///< Contact e-mail.
  JobPreferences job_preferences;    ///< Job preferences.
};

/// A registered person: trainee and/or job seeker.
///
/// A person is either identified (`identity` present) or erased (`erased` present, no identity):
/// erasure keeps what statistics need — gender, residence, education, statuses, dates, the year
/// of birth — and removes who the person was. In JSON the identity's fields sit in the trainee
/// object itself.
struct Trainee {
  TraineeId id;                                  ///< Identity of the record.
  std::optional<Identity> identity;              ///< Who the person is; absent once erased.
  std::optional<Date> erased;                    ///< Day of erasure; present exactly when `identity` is absent.
  std::optional<std::uint16_t> birth_year;       ///< Year of birth; required once erased, else the birth date's year if given.
  Gender gender = Gender::undisclosed;           ///< For statistics only.
  ProvinceCode province;                         ///< Province of residence.
  std::string district;                          ///< District of residence.
  EducationLevel education_level = EducationLevel::none;              ///< Highest education.
  EmploymentStatus employment_status = EmploymentStatus::unemployed;  ///< Current status.
  bool job_seeking = false;                      ///< Currently looking for work.
  Date registered;                               ///< Registration day.
  bool disability = false;                       ///< Declared disability (priority group).
  Consents consents;                             ///< Consents given.
  bool guardian_consent = false;                 ///< Guardian's consent (needed under 18).

  /// The person's year of birth: from the identity, or kept through erasure.
  int year_of_birth() const noexcept {
    return identity ? static_cast<int>(identity->birth_date.year()) : static_cast<int>(birth_year.value_or(0));
  }
  /// Erasure (SPEC section 4, Privacy), on the record: forgets who the person was, keeping the
  /// year of birth, and marks the day. A person already erased is left as they are. What else
  /// erasure ends (open referrals, waiting places, free-text reasons) is the operation's part.
  void erase_identity(const Date& on) noexcept {
    if (!identity) return;
    birth_year = static_cast<std::uint16_t>(identity->birth_date.year());
    identity.reset();
    erased = on;
  }
};

/// A person's ranked application to courses.
struct Application {
  ApplicationId id;               ///< Identity.
  TraineeId trainee;              ///< Who applies.
  std::vector<CourseId> courses;  ///< Courses, most wanted first.
  Date applied;                   ///< Day of application.
};

/// A person's place (or waiting place) in a course.
struct Enrollment {
  EnrollmentId id;                        ///< Identity.
  TraineeId trainee;                      ///< Who.
  CourseId course;                        ///< Which course.
  EnrollmentStatus status = EnrollmentStatus::waitlisted;  ///< Lifecycle state.
  std::uint32_t absent_hours = 0;         ///< Hours missed.
  std::optional<std::uint32_t> score;     ///< Exam score 0–100, if examined.
  std::optional<Date> enrolled;           ///< Day the seat or waiting place was taken (operations set it).
  std::optional<Date> ended;              ///< Day it was withdrawn, removed, completed or failed.
};

/// Why and when a certificate was revoked; the record itself is kept.
struct Revocation {
  std::string reason;  ///< Stated reason.
  Date date;           ///< Day of revocation.
};

/// A completion certificate or participation document.
struct Certificate {
  CertificateId id;                             ///< Identity.
  EnrollmentId enrollment;                      ///< The completed enrollment it certifies.
  CertificateKind kind = CertificateKind::participation;  ///< Kind of document.
  Date issued;                                  ///< Day of issue.
  std::optional<std::string> external_number;   ///< Opaque external number (e.g. MEB document no).
  std::optional<std::string> verification_code; ///< Code an employer can check; absent in an anonymised release.
  std::optional<Revocation> revoked;            ///< Present when revoked.
};

/// Contact person of an employer.
struct Contact {
  std::string name;                  ///< Contact person.
  std::optional<PhoneNumber> phone;  ///< Phone (E.164).
  std::optional<std::string> email;  ///< E-mail.
};

/// A firm that offers jobs.
struct Employer {
  EmployerId id;                   ///< Identity.
  std::string name;                ///< Trade name.
  std::optional<TaxNumber> tax_number;  ///< VKN; absent in an anonymised release.
  std::string sector;              ///< Sector.
  ProvinceCode province;           ///< Province.
  std::string district;            ///< District.
  bool consent = false;            ///< Consents to the programme's processing and contact.
  std::optional<Contact> contact;  ///< Contact person.
};

/// A job offered by an employer. It has no field for protected attributes on purpose.
struct Vacancy {
  VacancyId id;                                ///< Identity.
  EmployerId employer;                         ///< Who offers it.
  std::string title;                           ///< Job title.
  std::optional<BranchCode> branch;            ///< Matching branch, if any.
  std::optional<std::string> occupation_code;  ///< National occupation code `NNNN.NN`, if any.
  std::uint32_t positions = 1;                 ///< Number of people wanted.
  bool requires_certificate = false;           ///< Needs a certificate in the branch.
  std::optional<std::uint32_t> min_age;        ///< Legal minimum age only.
  ProvinceCode province;                       ///< Workplace province.
  std::string district;                        ///< Workplace district.
  Shift shift = Shift::any;                    ///< Working hours.
  Date opened;                                 ///< Day opened.
  Date closes;                                 ///< Last day to refer (not before `opened`).
  VacancyStatus status = VacancyStatus::open;  ///< Lifecycle state.
};

/// A person referred to a vacancy, and what came of it.
struct Referral {
  ReferralId id;                                  ///< Identity.
  TraineeId trainee;                              ///< Who was referred.
  VacancyId vacancy;                              ///< To which vacancy.
  Date referred;                                  ///< Day of referral.
  ReferralStatus status = ReferralStatus::referred;  ///< Lifecycle state.
  std::optional<Date> decided;                    ///< Day the outcome was decided.
  std::optional<Date> hired;                      ///< First day of work, when hired.
  std::optional<Date> ended;                      ///< Last day of work, when it ended.
  std::optional<std::string> reason;              ///< Stated reason for the outcome.
};

}  // namespace vocfab
