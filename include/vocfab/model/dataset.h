/// @file
/// `Dataset`: the state of a registry — one policy and every entity, with lookups.
///
/// Entities are stored in insertion order (which is also the order they are saved in, so a saved
/// file round-trips byte for byte) and indexed by id, by branch code and by national id. A dataset
/// may hold records that break the rules — two records with one id, a reference to nothing — so
/// that `vocfab::validate` can report them all; lookups then return the first record with a key.
/// The model knows nothing of JSON or I/O.
///
/// Thread-safety: const member functions may be called concurrently; any non-const call needs
/// exclusive access.
#pragma once

#include "vocfab/model/collection.h"
#include "vocfab/model/entities.h"
#include "vocfab/model/policy.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace vocfab {

/// How many records of each kind a dataset is expected to hold, for `Dataset::reserve`.
/// Exact counts or estimates both work; a zero leaves that collection as it is.
struct DatasetSizes {
  std::size_t centres = 0;       ///< Expected centres.
  std::size_t branches = 0;      ///< Expected branches.
  std::size_t courses = 0;       ///< Expected courses.
  std::size_t trainees = 0;      ///< Expected trainees (also sizes the national-id index).
  std::size_t applications = 0;  ///< Expected applications.
  std::size_t enrollments = 0;   ///< Expected enrollments.
  std::size_t certificates = 0;  ///< Expected certificates.
  std::size_t employers = 0;     ///< Expected employers.
  std::size_t vacancies = 0;     ///< Expected vacancies.
  std::size_t referrals = 0;     ///< Expected referrals.
};

/// A registry's complete state.
class Dataset {
 public:
  /// An empty dataset with the default policy.
  Dataset() = default;

  /// The programme policy.
  const Policy& policy() const noexcept { return policy_; }
  /// Replaces the programme policy.
  void set_policy(Policy policy) { policy_ = std::move(policy); }

  /// @name Adding records
  /// Appends a record and indexes it unless its key is already taken (the first record keeps
  /// the key; validation reports the duplicate).
  /// @{
  void add(Centre centre);            ///< Appends a centre.
  void add(Branch branch);            ///< Appends a branch.
  void add(Course course);            ///< Appends a course.
  void add(Trainee trainee);          ///< Appends a trainee.
  void add(Application application);  ///< Appends an application.
  void add(Enrollment enrollment);    ///< Appends an enrollment.
  void add(Certificate certificate);  ///< Appends a certificate.
  void add(Employer employer);        ///< Appends an employer.
  void add(Vacancy vacancy);          ///< Appends a vacancy.
  void add(Referral referral);        ///< Appends a referral.
  /// @}

  /// @name All records of a kind, in insertion order
  /// @{
  std::span<const Centre> centres() const noexcept { return centres_; }                ///< Centres.
  std::span<const Branch> branches() const noexcept { return branches_; }              ///< Branches.
  std::span<const Course> courses() const noexcept { return courses_; }                ///< Courses.
  std::span<const Trainee> trainees() const noexcept { return trainees_; }             ///< Trainees.
  std::span<const Application> applications() const noexcept { return applications_; }  ///< Applications.
  std::span<const Enrollment> enrollments() const noexcept { return enrollments_; }    ///< Enrollments.
  std::span<const Certificate> certificates() const noexcept { return certificates_; }  ///< Certificates.
  std::span<const Employer> employers() const noexcept { return employers_; }          ///< Employers.
  std::span<const Vacancy> vacancies() const noexcept { return vacancies_; }           ///< Vacancies.
  std::span<const Referral> referrals() const noexcept { return referrals_; }          ///< Referrals.
  /// @}

  /// @name Lookups; `nullptr` when absent
  /// @{
  const Centre* find(const CentreId& id) const noexcept;            ///< Centre by id.
  const Branch* find(const BranchCode& code) const noexcept;        ///< Branch by code.
  const Course* find(const CourseId& id) const noexcept;            ///< Course by id.
  const Trainee* find(const TraineeId& id) const noexcept;          ///< Trainee by id.
  const Application* find(const ApplicationId& id) const noexcept;  ///< Application by id.
  const Enrollment* find(const EnrollmentId& id) const noexcept;    ///< Enrollment by id.
  const Certificate* find(const CertificateId& id) const noexcept;  ///< Certificate by id.
  const Employer* find(const EmployerId& id) const noexcept;        ///< Employer by id.
  const Vacancy* find(const VacancyId& id) const noexcept;          ///< Vacancy by id.
  const Referral* find(const ReferralId& id) const noexcept;        ///< Referral by id.
  const Trainee* find(const NationalId& national_id) const noexcept;  ///< Trainee by national id.
  /// @}

  /// @name Adding many records
  /// Moves @p records, in order, to the end of their collection, indexing each as `add` would.
  /// The same result as adding them one by one, with one reservation for all.
  /// @{
  void append(std::vector<Centre> records);       ///< Appends centres.
  void append(std::vector<Branch> records);       ///< Appends branches.
  void append(std::vector<Course> records);       ///< Appends courses.
  void append(std::vector<Trainee> records);      ///< Appends trainees.
  void append(std::vector<Application> records);  ///< Appends applications.
  void append(std::vector<Enrollment> records);   ///< Appends enrollments.
  void append(std::vector<Certificate> records);  ///< Appends certificates.
  void append(std::vector<Employer> records);     ///< Appends employers.
  void append(std::vector<Vacancy> records);      ///< Appends vacancies.
  void append(std::vector<Referral> records);     ///< Appends referrals.
  /// @}

  /// Moves every record of @p other to the end of this dataset, kind by kind, in order (as if
  /// each were added with `add`), and leaves @p other empty. The policy stays this dataset's.
  void append(Dataset&& other);

  /// Number of records in @p collection.
  std::size_t size(Collection collection) const noexcept;

  /// Total number of records of all kinds (the policy not counted).
  std::size_t record_count() const noexcept;

  /// Reserves room for the records of @p sizes (each collection and its indexes) before a
  /// bulk load, so that adding them neither reallocates the collections nor rehashes the indexes.
  /// Only an optimisation: contents, order and lookups are the same with or without it, and
  /// adding more records than reserved is fine. Never shrinks; a zero size leaves that collection
  /// untouched.
  void reserve(const DatasetSizes& sizes);

  /// Reserves room for @p trainees trainees (and their indexes) before a bulk load; the same as
  /// `reserve` with only `DatasetSizes::trainees` set.
  void reserve_trainees(std::size_t trainees);

 private:
  // An index is an open-addressing hash table of record positions: a slot holds position + 1,
  // or 0 when empty. Keys are hashed from the records themselves, so an index costs four bytes
  // per slot and never allocates per record (see dataset.cc).
  using Index = std::vector<std::uint32_t>;

  Policy policy_;
  std::vector<Centre> centres_;
  std::vector<Branch> branches_;
  std::vector<Course> courses_;
  std::vector<Trainee> trainees_;
  std::vector<Application> applications_;
  std::vector<Enrollment> enrollments_;
  std::vector<Certificate> certificates_;
  std::vector<Employer> employers_;
  std::vector<Vacancy> vacancies_;
  std::vector<Referral> referrals_;

  Index centre_index_;
  Index branch_index_;
  Index course_index_;
  Index trainee_index_;
  Index national_id_index_;
  Index application_index_;
  Index enrollment_index_;
  Index certificate_index_;
  Index employer_index_;
  Index vacancy_index_;
  Index referral_index_;
};

}  // namespace vocfab
