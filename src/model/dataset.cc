#include "vocfab/model/dataset.h"

#include <cstring>
#include <iterator>
#include <stdexcept>

namespace vocfab {
namespace {

// Index layout: a power-of-two table of slots, linear probing, at most half full. A slot holds
// a record's position + 1 (0 = empty); the key is read from the record when probing, so the
// table stores no keys and adding a record never allocates unless the table doubles. Records
// are never removed, so there are no tombstones. The first record with a key keeps it.
using Slots = std::vector<std::uint32_t>;
constexpr std::uint32_t kEmpty = 0;
constexpr std::size_t kMinSlots = 16;
// Positions are stored as 32-bit position + 1 and a table is at most half full.
constexpr std::size_t kMaxRecords = std::size_t{1} << 31;

// MurmurHash3's 64-bit finaliser: every input bit reaches the low bits the table is indexed by
// (national ids and hand-made UUIDs differ mostly in a few bytes).
constexpr std::uint64_t mix(std::uint64_t h) noexcept {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

template <class Tag>
std::uint64_t hash_key(const Id<Tag>& id) noexcept {
  std::uint64_t halves[2];
  static_assert(sizeof(halves) == sizeof(id.value().data));
  std::memcpy(halves, id.value().data, sizeof(halves));
  return mix(halves[0] ^ mix(halves[1]));
}
std::uint64_t hash_key(const NationalId& id) noexcept { return mix(id.value()); }
std::uint64_t hash_key(const BranchCode& code) noexcept { return mix(std::hash<BranchCode>{}(code)); }

constexpr auto by_id = [](const auto& record) -> const auto& { return record.id; };
constexpr auto by_code = [](const Branch& branch) -> const BranchCode& { return branch.code; };
constexpr auto by_national_id = [](const Trainee& trainee) -> const NationalId& { return trainee.national_id; };

template <class Record, class KeyOf, class Key>
const Record* lookup(const std::vector<Record>& records, const Slots& slots, KeyOf key_of,
                     const Key& key) noexcept {
  if (slots.empty()) return nullptr;
  const std::size_t mask = slots.size() - 1;
  for (std::size_t i = hash_key(key) & mask;; i = (i + 1) & mask) {
    const std::uint32_t slot = slots[i];
    if (slot == kEmpty) return nullptr;
    const Record& record = records[slot - 1];
    if (key_of(record) == key) return &record;
  }
}

// Indexes records[first, last), which follow the records already indexed.
template <class Record, class KeyOf>
void index_range(const std::vector<Record>& records, Slots& slots, KeyOf key_of, std::size_t first,
                 std::size_t last) noexcept {
  const std::size_t mask = slots.size() - 1;
  for (std::size_t position = first; position < last; ++position) {
    const auto& key = key_of(records[position]);
    for (std::size_t i = hash_key(key) & mask;; i = (i + 1) & mask) {
      const std::uint32_t slot = slots[i];
      if (slot == kEmpty) {
        slots[i] = static_cast<std::uint32_t>(position + 1);
        break;
      }
      if (key_of(records[slot - 1]) == key) break;  // taken by an earlier record
    }
  }
}

// Makes the table big enough for `count` records, rebuilding it from the records when it grows.
// Throws (changing nothing) when it cannot.
template <class Record, class KeyOf>
void make_room(const std::vector<Record>& records, Slots& slots, KeyOf key_of, std::size_t count) {
  if (count <= slots.size() / 2) return;
  if (count > kMaxRecords) throw std::length_error("a dataset collection holds at most 2^31 records");
  std::size_t size = kMinSlots;
  while (size / 2 < count) size *= 2;
  Slots grown(size, kEmpty);
  index_range(records, grown, key_of, 0, records.size());
  slots = std::move(grown);
}

// Appends `incoming` to `records` and indexes it. If anything throws, nothing has changed.
template <class Record, class KeyOf>
void append_indexed(std::vector<Record>& records, Slots& slots, KeyOf key_of, std::vector<Record>&& incoming) {
  const std::size_t first = records.size();
  make_room(records, slots, key_of, first + incoming.size());
  if (records.empty() && incoming.capacity() >= records.capacity()) {  // adopting loses no reservation
    records = std::move(incoming);
  } else {
    records.insert(records.end(), std::make_move_iterator(incoming.begin()), std::make_move_iterator(incoming.end()));
  }
  index_range(records, slots, key_of, first, records.size());
}

template <class Record, class KeyOf>
void add_indexed(std::vector<Record>& records, Slots& slots, KeyOf key_of, Record&& record) {
  make_room(records, slots, key_of, records.size() + 1);
  records.push_back(std::move(record));
  index_range(records, slots, key_of, records.size() - 1, records.size());
}

template <class Record, class KeyOf>
void reserve_indexed(std::vector<Record>& records, Slots& slots, KeyOf key_of, std::size_t count) {
  if (count == 0) return;
  records.reserve(count);  // Never shrinks.
  make_room(records, slots, key_of, count);
}

}  // namespace

void Dataset::add(Centre centre) { add_indexed(centres_, centre_index_, by_id, std::move(centre)); }
void Dataset::add(Branch branch) { add_indexed(branches_, branch_index_, by_code, std::move(branch)); }
void Dataset::add(Course course) { add_indexed(courses_, course_index_, by_id, std::move(course)); }
void Dataset::add(Trainee trainee) {
  // Both tables get their room first, so that a failure changes nothing.
  make_room(trainees_, national_id_index_, by_national_id, trainees_.size() + 1);
  add_indexed(trainees_, trainee_index_, by_id, std::move(trainee));
  index_range(trainees_, national_id_index_, by_national_id, trainees_.size() - 1, trainees_.size());
}
void Dataset::add(Application application) {
  add_indexed(applications_, application_index_, by_id, std::move(application));
}
void Dataset::add(Enrollment enrollment) { add_indexed(enrollments_, enrollment_index_, by_id, std::move(enrollment)); }
void Dataset::add(Certificate certificate) {
  add_indexed(certificates_, certificate_index_, by_id, std::move(certificate));
}
void Dataset::add(Employer employer) { add_indexed(employers_, employer_index_, by_id, std::move(employer)); }
void Dataset::add(Vacancy vacancy) { add_indexed(vacancies_, vacancy_index_, by_id, std::move(vacancy)); }
void Dataset::add(Referral referral) { add_indexed(referrals_, referral_index_, by_id, std::move(referral)); }

void Dataset::append(std::vector<Centre> records) {
  append_indexed(centres_, centre_index_, by_id, std::move(records));
}
void Dataset::append(std::vector<Branch> records) {
  append_indexed(branches_, branch_index_, by_code, std::move(records));
}
void Dataset::append(std::vector<Course> records) {
  append_indexed(courses_, course_index_, by_id, std::move(records));
}
void Dataset::append(std::vector<Trainee> records) {
  const std::size_t first = trainees_.size();
  make_room(trainees_, national_id_index_, by_national_id, first + records.size());
  append_indexed(trainees_, trainee_index_, by_id, std::move(records));
  index_range(trainees_, national_id_index_, by_national_id, first, trainees_.size());
}
void Dataset::append(std::vector<Application> records) {
  append_indexed(applications_, application_index_, by_id, std::move(records));
}
void Dataset::append(std::vector<Enrollment> records) {
  append_indexed(enrollments_, enrollment_index_, by_id, std::move(records));
}
void Dataset::append(std::vector<Certificate> records) {
  append_indexed(certificates_, certificate_index_, by_id, std::move(records));
}
void Dataset::append(std::vector<Employer> records) {
  append_indexed(employers_, employer_index_, by_id, std::move(records));
}
void Dataset::append(std::vector<Vacancy> records) {
  append_indexed(vacancies_, vacancy_index_, by_id, std::move(records));
}
void Dataset::append(std::vector<Referral> records) {
  append_indexed(referrals_, referral_index_, by_id, std::move(records));
}

const Centre* Dataset::find(const CentreId& id) const noexcept { return lookup(centres_, centre_index_, by_id, id); }
const Branch* Dataset::find(const BranchCode& code) const noexcept {
  return lookup(branches_, branch_index_, by_code, code);
}
const Course* Dataset::find(const CourseId& id) const noexcept { return lookup(courses_, course_index_, by_id, id); }
const Trainee* Dataset::find(const TraineeId& id) const noexcept {
  return lookup(trainees_, trainee_index_, by_id, id);
}
const Application* Dataset::find(const ApplicationId& id) const noexcept {
  return lookup(applications_, application_index_, by_id, id);
}
const Enrollment* Dataset::find(const EnrollmentId& id) const noexcept {
  return lookup(enrollments_, enrollment_index_, by_id, id);
}
const Certificate* Dataset::find(const CertificateId& id) const noexcept {
  return lookup(certificates_, certificate_index_, by_id, id);
}
const Employer* Dataset::find(const EmployerId& id) const noexcept {
  return lookup(employers_, employer_index_, by_id, id);
}
const Vacancy* Dataset::find(const VacancyId& id) const noexcept {
  return lookup(vacancies_, vacancy_index_, by_id, id);
}
const Referral* Dataset::find(const ReferralId& id) const noexcept {
  return lookup(referrals_, referral_index_, by_id, id);
}
const Trainee* Dataset::find(const NationalId& national_id) const noexcept {
  return lookup(trainees_, national_id_index_, by_national_id, national_id);
}

void Dataset::append(Dataset&& other) {
  append(std::move(other.centres_));
  append(std::move(other.branches_));
  append(std::move(other.courses_));
  append(std::move(other.trainees_));
  append(std::move(other.applications_));
  append(std::move(other.enrollments_));
  append(std::move(other.certificates_));
  append(std::move(other.employers_));
  append(std::move(other.vacancies_));
  append(std::move(other.referrals_));
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
  reserve_indexed(centres_, centre_index_, by_id, sizes.centres);
  reserve_indexed(branches_, branch_index_, by_code, sizes.branches);
  reserve_indexed(courses_, course_index_, by_id, sizes.courses);
  reserve_indexed(trainees_, trainee_index_, by_id, sizes.trainees);
  if (sizes.trainees != 0) make_room(trainees_, national_id_index_, by_national_id, sizes.trainees);
  reserve_indexed(applications_, application_index_, by_id, sizes.applications);
  reserve_indexed(enrollments_, enrollment_index_, by_id, sizes.enrollments);
  reserve_indexed(certificates_, certificate_index_, by_id, sizes.certificates);
  reserve_indexed(employers_, employer_index_, by_id, sizes.employers);
  reserve_indexed(vacancies_, vacancy_index_, by_id, sizes.vacancies);
  reserve_indexed(referrals_, referral_index_, by_id, sizes.referrals);
}

void Dataset::reserve_trainees(std::size_t trainees) { reserve(DatasetSizes{.trainees = trainees}); }

}  // namespace vocfab
