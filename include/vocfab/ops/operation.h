/// @file
/// Lifecycle operations as values (SPEC section 4, "Lifecycle operations").
///
/// An `Operation` is one change a registry may undergo — enroll a person, record an absence, hire
/// a referred seeker, erase a person — with its arguments as typed values, and the arguments every
/// operation shares (`on`, `id`, `actor`, `key`). Operations are what the library applies, in
/// batches, all or nothing (`vocfab/ops/batch.h`); they are decoded from JSON by io
/// (`vocfab/io/operations_json.h`). Each operation's arguments are described once
/// (`Description<...>` below), like the records, so decoding, encoding and the documentation follow
/// from one place.
///
/// Plain value types; thread-safe.
#pragma once

#include "vocfab/model/description.h"
#include "vocfab/model/entities.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace vocfab {

namespace ops {

/// `add`: a new centre, branch, course (`planned` or `open`), trainee, employer or vacancy (`open`).
struct Add {
  std::variant<Centre, Branch, Course, Trainee, Employer, Vacancy> record;  ///< The record.
};

/// The fields `update` may change on a trainee: contact details, consents, job preferences,
/// education, district, and a corrected national id.
struct TraineeChanges {
  std::optional<PhoneNumber> phone;               ///< New phone.
  std::optional<std::string> email;               ///< New e-mail.
  std::optional<Consents> consents;               ///< New consents.
  std::optional<JobPreferences> job_preferences;  ///< New job preferences.
  std::optional<EducationLevel> education_level;  ///< New education level.
  std::optional<std::string> district;            ///< New district.
  std::optional<NationalId> national_id;          ///< A corrected national id.
};
/// The fields `update` may change on an employer: its contact and consent.
struct EmployerChanges {
  std::optional<Contact> contact;  ///< New contact.
  std::optional<bool> consent;     ///< New consent.
};
/// The fields `update` may change on a `planned` course: its dates and capacity.
struct CourseChanges {
  std::optional<Date> start;               ///< New first day.
  std::optional<Date> end;                 ///< New last day.
  std::optional<std::uint32_t> capacity;   ///< New capacity.
};
/// The fields `update` may change on an `open` vacancy: its positions and closing day.
struct VacancyChanges {
  std::optional<std::uint32_t> positions;  ///< New number of positions.
  std::optional<Date> closes;              ///< New last day to refer.
};

/// `update`: changes fields that carry no lifecycle (ids, references and statuses never change
/// this way).
struct Update {
  Collection collection = Collection::trainees;  ///< Which collection.
  std::string id;                                ///< The record's key (an id).
  /// What to change.
  std::variant<TraineeChanges, EmployerChanges, CourseChanges, VacancyChanges> changes;
};

/// `apply`: records a person's ranked application to courses.
struct ApplyToCourses {
  TraineeId trainee;              ///< Who applies.
  std::vector<CourseId> courses;  ///< Courses, most wanted first.
};
/// `open_course`: `planned` → `open`.
struct OpenCourse {
  CourseId course;  ///< The course.
};
/// `enroll`: a place in an `open` course, or a place on its waitlist.
struct Enroll {
  TraineeId trainee;     ///< Who.
  CourseId course;       ///< Which course.
  bool waitlist = true;  ///< Put the person on the waitlist of a full course (else refuse).
};
/// `withdraw`: `enrolled` or `waitlisted` → `withdrawn`; a freed seat goes to the waitlist.
struct Withdraw {
  EnrollmentId enrollment;            ///< The enrollment.
  std::optional<std::string> reason;  ///< Stated reason (checked as free text, not stored).
};
/// `start_course`: `open` → `running`, or cancelled when below the minimum group.
struct StartCourse {
  CourseId course;  ///< The course.
};
/// `cancel_course`: `planned`, `open` or `running` → `cancelled`; enrollments withdrawn.
struct CancelCourse {
  CourseId course;     ///< The course.
  std::string reason;  ///< Stated reason (checked as free text, not stored).
};
/// `record_absence`: hours missed by an `enrolled` person; above the limit they are `removed`.
struct RecordAbsence {
  EnrollmentId enrollment;  ///< The enrollment.
  std::uint32_t hours = 0;  ///< Hours to add.
};
/// `record_score`: the exam score of an enrollment in a `meb` course.
struct RecordScore {
  EnrollmentId enrollment;  ///< The enrollment.
  std::uint32_t score = 0;  ///< 0–100.
};
/// `complete_course`: `running` → `completed`; each enrolled person completed or failed.
struct CompleteCourse {
  CourseId course;  ///< The course.
};
/// `issue_certificate`: a certificate for a `completed` enrollment.
struct IssueCertificate {
  EnrollmentId enrollment;                     ///< The enrollment.
  std::optional<std::string> external_number;  ///< E.g. the MEB document number.
};
/// `revoke_certificate`: keeps the record, sets `revoked`.
struct RevokeCertificate {
  CertificateId certificate;  ///< The certificate.
  std::string reason;         ///< Stated reason (kept on the certificate).
};
/// `close_vacancy`: `open` → `closed`; its open referrals withdrawn.
struct CloseVacancy {
  VacancyId vacancy;  ///< The vacancy.
};
/// `refer`: a job-seeking person to an open vacancy.
struct Refer {
  TraineeId trainee;  ///< Who.
  VacancyId vacancy;  ///< To which vacancy.
};
/// `interview`: `referred` → `interview`.
struct Interview {
  ReferralId referral;  ///< The referral.
};
/// `hire`: an open referral → `hired`.
struct Hire {
  ReferralId referral;  ///< The referral.
};
/// What the outcome operations record.
enum class Outcome {
  reject,   ///< `rejected`, by the employer.
  decline,  ///< `declined`, by the seeker.
  no_show,  ///< `no_show`.
};
/// `reject`, `decline`, `no_show`: an open referral → that outcome.
struct Decide {
  ReferralId referral;                ///< The referral.
  std::optional<std::string> reason;  ///< Stated reason (kept on the referral).
  Outcome outcome = Outcome::reject;  ///< Which outcome (from the `op` name; not a field).
};
/// `end_employment`: a hire ends.
struct EndEmployment {
  ReferralId referral;                ///< The referral of the hire.
  std::optional<std::string> reason;  ///< Stated reason (kept on the referral).
};
/// `advance`: moves the dataset's `as_of` forward to `on`.
struct Advance {};
/// `erase_trainee`: erasure (SPEC section 4, Privacy).
struct EraseTrainee {
  TraineeId trainee;   ///< Who.
  std::string reason;  ///< Stated reason (checked as free text, never stored).
};

/// Every operation's arguments, one alternative per operation (`reject`, `decline` and `no_show`
/// share `Decide`).
using Arguments = std::variant<Add, Update, ApplyToCourses, OpenCourse, Enroll, Withdraw, StartCourse, CancelCourse,
                               RecordAbsence, RecordScore, CompleteCourse, IssueCertificate, RevokeCertificate,
                               CloseVacancy, Refer, Interview, Hire, Decide, EndEmployment, Advance, EraseTrainee>;

}  // namespace ops

/// One operation: what it does, and the arguments every operation shares.
struct Operation {
  ops::Arguments arguments;          ///< What it does.
  std::optional<Date> on;            ///< The business day of the event; the batch's date when absent.
  std::optional<std::string> id;     ///< The id of the record it creates; a random UUID when absent.
  std::optional<std::string> actor;  ///< Who does it; the batch's actor when absent.
  std::optional<std::string> key;    ///< An idempotency key (a repeated key replays, or conflicts).
};

/// The name of @p operation's `op` (`enroll`, `reject`, …).
std::string_view operation_name(const Operation& operation) noexcept;
/// Every operation name, in the order of SPEC section 4's table.
std::span<const std::string_view> operation_names() noexcept;

// ---------------------------------------------------------------------------------------------
// Descriptions of the arguments, for decoding and encoding (as for the records).

/// @cond VOCFAB_INTERNAL
#define VOCFAB_ARGUMENTS(T, ...)                                           \
  template <>                                                              \
  struct Description<ops::T> {                                             \
    static constexpr std::string_view title = #T;                          \
    static constexpr auto fields = std::make_tuple(__VA_ARGS__);           \
  };
VOCFAB_ARGUMENTS(TraineeChanges,
                 optional("phone", &ops::TraineeChanges::phone, "New phone."),
                 optional("email", &ops::TraineeChanges::email, "New e-mail.").with(description_detail::kEmail),
                 optional("consents", &ops::TraineeChanges::consents, "New consents."),
                 optional("job_preferences", &ops::TraineeChanges::job_preferences, "New job preferences."),
                 optional("education_level", &ops::TraineeChanges::education_level, "New education level."),
                 optional("district", &ops::TraineeChanges::district, "New district.").with(description_detail::kPlace),
                 optional("national_id", &ops::TraineeChanges::national_id, "A corrected national id."))
VOCFAB_ARGUMENTS(EmployerChanges, optional("contact", &ops::EmployerChanges::contact, "New contact."),
                 optional("consent", &ops::EmployerChanges::consent, "New consent."))
VOCFAB_ARGUMENTS(CourseChanges, optional("start", &ops::CourseChanges::start, "New first day."),
                 optional("end", &ops::CourseChanges::end, "New last day."),
                 optional("capacity", &ops::CourseChanges::capacity, "New capacity.").with(description_detail::kPositive))
VOCFAB_ARGUMENTS(VacancyChanges,
                 optional("positions", &ops::VacancyChanges::positions, "New positions.").with(description_detail::kPositive),
                 optional("closes", &ops::VacancyChanges::closes, "New last day to refer."))
VOCFAB_ARGUMENTS(ApplyToCourses, required("trainee", &ops::ApplyToCourses::trainee, "Who applies."),
                 required("courses", &ops::ApplyToCourses::courses, "Courses, most wanted first."))
VOCFAB_ARGUMENTS(OpenCourse, required("course", &ops::OpenCourse::course, "The course."))
VOCFAB_ARGUMENTS(Enroll, required("trainee", &ops::Enroll::trainee, "Who."),
                 required("course", &ops::Enroll::course, "Which course."),
                 defaulted("waitlist", &ops::Enroll::waitlist, description_detail::constant<bool, true>,
                           "Wait for a seat in a full course (else refuse)."))
VOCFAB_ARGUMENTS(Withdraw, required("enrollment", &ops::Withdraw::enrollment, "The enrollment."),
                 optional("reason", &ops::Withdraw::reason, "Stated reason.").with(description_detail::kReason))
VOCFAB_ARGUMENTS(StartCourse, required("course", &ops::StartCourse::course, "The course."))
VOCFAB_ARGUMENTS(CancelCourse, required("course", &ops::CancelCourse::course, "The course."),
                 required("reason", &ops::CancelCourse::reason, "Stated reason.").with(description_detail::kReason))
VOCFAB_ARGUMENTS(RecordAbsence, required("enrollment", &ops::RecordAbsence::enrollment, "The enrollment."),
                 required("hours", &ops::RecordAbsence::hours, "Hours to add.").with(CountRule{1, 10'000}))
VOCFAB_ARGUMENTS(RecordScore, required("enrollment", &ops::RecordScore::enrollment, "The enrollment."),
                 required("score", &ops::RecordScore::score, "0-100.").with(CountRule{0, 100}))
VOCFAB_ARGUMENTS(CompleteCourse, required("course", &ops::CompleteCourse::course, "The course."))
VOCFAB_ARGUMENTS(IssueCertificate, required("enrollment", &ops::IssueCertificate::enrollment, "The enrollment."),
                 optional("external_number", &ops::IssueCertificate::external_number, "External number.")
                     .with(description_detail::kCode))
VOCFAB_ARGUMENTS(RevokeCertificate, required("certificate", &ops::RevokeCertificate::certificate, "The certificate."),
                 required("reason", &ops::RevokeCertificate::reason, "Stated reason.").with(description_detail::kReason))
VOCFAB_ARGUMENTS(CloseVacancy, required("vacancy", &ops::CloseVacancy::vacancy, "The vacancy."))
VOCFAB_ARGUMENTS(Refer, required("trainee", &ops::Refer::trainee, "Who."),
                 required("vacancy", &ops::Refer::vacancy, "To which vacancy."))
VOCFAB_ARGUMENTS(Interview, required("referral", &ops::Interview::referral, "The referral."))
VOCFAB_ARGUMENTS(Hire, required("referral", &ops::Hire::referral, "The referral."))
VOCFAB_ARGUMENTS(Decide, required("referral", &ops::Decide::referral, "The referral."),
                 optional("reason", &ops::Decide::reason, "Stated reason.").with(description_detail::kReason))
VOCFAB_ARGUMENTS(EndEmployment, required("referral", &ops::EndEmployment::referral, "The referral."),
                 optional("reason", &ops::EndEmployment::reason, "Stated reason.").with(description_detail::kReason))
VOCFAB_ARGUMENTS(EraseTrainee, required("trainee", &ops::EraseTrainee::trainee, "Who."),
                 required("reason", &ops::EraseTrainee::reason, "Stated reason.").with(description_detail::kReason))
#undef VOCFAB_ARGUMENTS
/// @endcond

}  // namespace vocfab
