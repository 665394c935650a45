// Private to src/io: the draft of each record kind (see record_codec.h).
#pragma once

#include "io/record_codec.h"

namespace vocfab::io_detail {

template <>
class Draft<Centre> {
 public:
  void set(Field& field);
  std::optional<Centre> build(RecordContext& context);

 private:
  std::optional<CentreId> id_;
  std::optional<std::string> code_, name_, district_;
  std::optional<ProvinceCode> province_;
  std::optional<std::uint32_t> seats_;
  std::optional<std::vector<BranchCode>> branches_;
};

template <>
class Draft<Branch> {
 public:
  void set(Field& field);
  std::optional<Branch> build(RecordContext& context);

 private:
  std::optional<BranchCode> code_;
  std::optional<std::string> name_, sector_, isco08_, occupation_code_;
  std::optional<std::uint32_t> nominal_hours_;
  std::optional<CertificateKind> certificate_;
};

template <>
class Draft<Course> {
 public:
  void set(Field& field);
  std::optional<Course> build(RecordContext& context);

 private:
  std::optional<CourseId> id_;
  std::optional<BranchCode> branch_;
  std::optional<CentreId> centre_;
  std::optional<Date> start_, end_;
  std::optional<std::uint32_t> total_hours_, capacity_, min_group_, min_age_;
  std::optional<DeliveryMode> mode_;
  std::optional<CertificateKind> certificate_;
  std::optional<CourseStatus> status_;
};

template <>
class Draft<Trainee> {
 public:
  void set(Field& field);
  std::optional<Trainee> build(RecordContext& context);

 private:
  void set_consents(NestedValue::View object, RecordContext& context);
  void set_preferences(NestedValue::View object, RecordContext& context);

  std::optional<TraineeId> id_;
  std::optional<NationalId> national_id_;
  std::optional<std::string> given_name_, family_name_, email_, district_;
  std::optional<Date> birth_date_, registered_;
  std::optional<Gender> gender_;
  std::optional<PhoneNumber> phone_;
  std::optional<ProvinceCode> province_;
  std::optional<EducationLevel> education_level_;
  std::optional<EmploymentStatus> employment_status_;
  std::optional<bool> job_seeking_, disability_, guardian_consent_;
  Consents consents_;
  JobPreferences job_preferences_;
};

template <>
class Draft<Application> {
 public:
  void set(Field& field);
  std::optional<Application> build(RecordContext& context);

 private:
  std::optional<ApplicationId> id_;
  std::optional<TraineeId> trainee_;
  std::optional<std::vector<CourseId>> courses_;
  std::optional<Date> applied_;
};

template <>
class Draft<Enrollment> {
 public:
  void set(Field& field);
  std::optional<Enrollment> build(RecordContext& context);

 private:
  std::optional<EnrollmentId> id_;
  std::optional<TraineeId> trainee_;
  std::optional<CourseId> course_;
  std::optional<EnrollmentStatus> status_;
  std::optional<Date> enrolled_, ended_;
  std::optional<std::uint32_t> absent_hours_, score_;
};

template <>
class Draft<Certificate> {
 public:
  void set(Field& field);
  std::optional<Certificate> build(RecordContext& context);

 private:
  std::optional<CertificateId> id_;
  std::optional<EnrollmentId> enrollment_;
  std::optional<CertificateKind> kind_;
  std::optional<Date> issued_;
  std::optional<std::string> external_number_, verification_code_;
  std::optional<Revocation> revoked_;
};

template <>
class Draft<Employer> {
 public:
  void set(Field& field);
  std::optional<Employer> build(RecordContext& context);

 private:
  std::optional<EmployerId> id_;
  std::optional<std::string> name_, sector_, district_;
  std::optional<TaxNumber> tax_number_;
  std::optional<ProvinceCode> province_;
  std::optional<bool> consent_;
  std::optional<Contact> contact_;
};

template <>
class Draft<Vacancy> {
 public:
  void set(Field& field);
  std::optional<Vacancy> build(RecordContext& context);

 private:
  std::optional<VacancyId> id_;
  std::optional<EmployerId> employer_;
  std::optional<std::string> title_, occupation_code_, district_;
  std::optional<BranchCode> branch_;
  std::optional<std::uint32_t> positions_, min_age_;
  std::optional<bool> requires_certificate_;
  std::optional<ProvinceCode> province_;
  std::optional<Shift> shift_;
  std::optional<Date> opened_, closes_;
  std::optional<VacancyStatus> status_;
};

template <>
class Draft<Referral> {
 public:
  void set(Field& field);
  std::optional<Referral> build(RecordContext& context);

 private:
  std::optional<ReferralId> id_;
  std::optional<TraineeId> trainee_;
  std::optional<VacancyId> vacancy_;
  std::optional<Date> referred_, decided_, hired_, ended_;
  std::optional<ReferralStatus> status_;
  std::optional<std::string> reason_;
};

template <>
class Draft<Policy> {
 public:
  void set(Field& field);
  std::optional<Policy> build(RecordContext& context);

 private:
  Policy policy_;
  std::optional<Residency> residency_;
};

/// True when a vacancy field name expresses a protected attribute (gender, marital status,
/// religion, ethnicity, …), which no vacancy may select by.
bool is_protected_attribute_key(std::string_view key) noexcept;

}  // namespace vocfab::io_detail
