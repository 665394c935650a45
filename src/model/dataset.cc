#include "vocfab/model/dataset.h"

namespace vocfab {
namespace {

// Appends `record` and indexes it under `key` unless the key is taken: the first record keeps
// its key so lookups are stable, and validation reports the duplicate by position.
// The key is read from the stored record: reading it from the argument would race with the move.
template <class Record, class Key, class KeyOf>
void append_indexed(std::vector<Record>& records, std::unordered_map<Key, std::size_t>& index, Record record,
            KeyOf key_of) {
  records.push_back(std::move(record));
  index.try_emplace(key_of(records.back()), records.size() - 1);
}

// unordered_map::reserve may also *reduce* the bucket count (libstdc++ rehashes to fit), so it
// is called only when the index cannot already hold `count` keys without rehashing.
template <class Key>
void reserve_index(std::unordered_map<Key, std::size_t>& index, std::size_t count) {
  if (static_cast<double>(count) > static_cast<double>(index.max_load_factor()) * static_cast<double>(index.bucket_count())) {
    index.reserve(count);
  }
}

template <class Record, class Key>
void reserve_collection(std::vector<Record>& records, std::unordered_map<Key, std::size_t>& index,
                        std::size_t count) {
  if (count == 0) return;
  records.reserve(count);  // Never shrinks.
  reserve_index(index, count);
}

constexpr auto by_id = [](const auto& record) { return record.id; };

template <class Record, class Key>
const Record* lookup(const std::vector<Record>& records,
                     const std::unordered_map<Key, std::size_t>& index, const Key& key) noexcept {
  auto it = index.find(key);
  return it == index.end() ? nullptr : &records[it->second];
}

}  // namespace

void Dataset::add(Centre centre) { append_indexed(centres_, centre_index_, std::move(centre), by_id); }
void Dataset::add(Branch branch) { append_indexed(branches_, branch_index_, std::move(branch), [](const Branch& b) { return b.code; }); }
void Dataset::add(Course course) { append_indexed(courses_, course_index_, std::move(course), by_id); }
void Dataset::add(Trainee trainee) {
  national_id_index_.try_emplace(trainee.national_id, trainees_.size());
  append_indexed(trainees_, trainee_index_, std::move(trainee), by_id);
}
void Dataset::add(Application application) {
  append_indexed(applications_, application_index_, std::move(application), by_id);
}
void Dataset::add(Enrollment enrollment) {
  append_indexed(enrollments_, enrollment_index_, std::move(enrollment), by_id);
}
void Dataset::add(Certificate certificate) {
  append_indexed(certificates_, certificate_index_, std::move(certificate), by_id);
}
void Dataset::add(Employer employer) { append_indexed(employers_, employer_index_, std::move(employer), by_id); }
void Dataset::add(Vacancy vacancy) { append_indexed(vacancies_, vacancy_index_, std::move(vacancy), by_id); }
void Dataset::add(Referral referral) { append_indexed(referrals_, referral_index_, std::move(referral), by_id); }

const Centre* Dataset::find(const CentreId& id) const noexcept { return lookup(centres_, centre_index_, id); }
const Branch* Dataset::find(const BranchCode& code) const noexcept {
  return lookup(branches_, branch_index_, code);
}
const Course* Dataset::find(const CourseId& id) const noexcept { return lookup(courses_, course_index_, id); }
const Trainee* Dataset::find(const TraineeId& id) const noexcept {
  return lookup(trainees_, trainee_index_, id);
}
const Application* Dataset::find(const ApplicationId& id) const noexcept {
  return lookup(applications_, application_index_, id);
}
const Enrollment* Dataset::find(const EnrollmentId& id) const noexcept {
  return lookup(enrollments_, enrollment_index_, id);
}
const Certificate* Dataset::find(const CertificateId& id) const noexcept {
  return lookup(certificates_, certificate_index_, id);
}
const Employer* Dataset::find(const EmployerId& id) const noexcept {
  return lookup(employers_, employer_index_, id);
}
const Vacancy* Dataset::find(const VacancyId& id) const noexcept {
  return lookup(vacancies_, vacancy_index_, id);
}
const Referral* Dataset::find(const ReferralId& id) const noexcept {
  return lookup(referrals_, referral_index_, id);
}
const Trainee* Dataset::find(const NationalId& national_id) const noexcept {
  return lookup(trainees_, national_id_index_, national_id);
}

void Dataset::append(Dataset&& other) {
  auto move_all = [this](auto& records) {
    for (auto& record : records) add(std::move(record));
    records.clear();
  };
  move_all(other.centres_);
  move_all(other.branches_);
  move_all(other.courses_);
  move_all(other.trainees_);
  move_all(other.applications_);
  move_all(other.enrollments_);
  move_all(other.certificates_);
  move_all(other.employers_);
  move_all(other.vacancies_);
  move_all(other.referrals_);
  other = Dataset();
}

std::size_t Dataset::size(Collection collection) const noexcept {
  switch (collection) {
    case Collection::centres: return centres_.size();
    case Collection::branches: return branches_.size();
    case Collection::courses: return courses_.size();
    case Collection::trainees: return trainees_.size();
    case Collection::applications: return applications_.size();
    case Collection::enrollments: return enrollments_.size();
    case Collection::certificates: return certificates_.size();
    case Collection::employers: return employers_.size();
    case Collection::vacancies: return vacancies_.size();
    case Collection::referrals: return referrals_.size();
  }
  return 0;
}

std::size_t Dataset::record_count() const noexcept {
  return centres_.size() + branches_.size() + courses_.size() + trainees_.size() +
         applications_.size() + enrollments_.size() + certificates_.size() + employers_.size() +
         vacancies_.size() + referrals_.size();
}

void Dataset::reserve(const DatasetSizes& sizes) {
  reserve_collection(centres_, centre_index_, sizes.centres);
  reserve_collection(branches_, branch_index_, sizes.branches);
  reserve_collection(courses_, course_index_, sizes.courses);
  reserve_collection(trainees_, trainee_index_, sizes.trainees);
  if (sizes.trainees != 0) reserve_index(national_id_index_, sizes.trainees);
  reserve_collection(applications_, application_index_, sizes.applications);
  reserve_collection(enrollments_, enrollment_index_, sizes.enrollments);
  reserve_collection(certificates_, certificate_index_, sizes.certificates);
  reserve_collection(employers_, employer_index_, sizes.employers);
  reserve_collection(vacancies_, vacancy_index_, sizes.vacancies);
  reserve_collection(referrals_, referral_index_, sizes.referrals);
}

void Dataset::reserve_trainees(std::size_t trainees) { reserve(DatasetSizes{.trainees = trainees}); }

}  // namespace vocfab
