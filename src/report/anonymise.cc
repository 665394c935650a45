// The anonymised release (vocfab/report/anonymise.h).
#include "vocfab/report/anonymise.h"

#include <boost/uuid/random_generator.hpp>

#include <algorithm>
#include <random>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace vocfab::report {
namespace {

// Fresh ids, the same fresh id for the same original everywhere.
class Renamer {
 public:
  explicit Renamer(std::optional<std::uint64_t> seed) {
    if (seed) {
      seeded_.emplace(*seed);
    } else {
      system_.emplace();
    }
  }

  template <class Tag>
  Id<Tag> operator()(const Id<Tag>& original) {
    auto& names = std::get<std::unordered_map<Id<Tag>, Id<Tag>>>(maps_);
    const auto [it, added] = names.try_emplace(original);
    if (added) it->second = Id<Tag>(fresh());
    return it->second;
  }

 private:
  boost::uuids::uuid fresh() {
    if (seeded_) return boost::uuids::basic_random_generator<std::mt19937_64>(&*seeded_)();
    return (*system_)();
  }

  std::optional<std::mt19937_64> seeded_;
  std::optional<boost::uuids::random_generator> system_;
  std::tuple<std::unordered_map<CentreId, CentreId>, std::unordered_map<CourseId, CourseId>,
             std::unordered_map<TraineeId, TraineeId>, std::unordered_map<ApplicationId, ApplicationId>,
             std::unordered_map<EnrollmentId, EnrollmentId>, std::unordered_map<CertificateId, CertificateId>,
             std::unordered_map<EmployerId, EmployerId>, std::unordered_map<VacancyId, VacancyId>,
             std::unordered_map<ReferralId, ReferralId>>
      maps_;
};

template <class E>
std::vector<E> copied(const Dataset& dataset) {
  const auto records = dataset.records<E>();
  return {records.begin(), records.end()};
}

// People's records in the order of their new ids: a position says nothing about the original.
template <class E>
void by_new_id(std::vector<E>& records) {
  std::sort(records.begin(), records.end(), [](const E& a, const E& b) { return a.id < b.id; });
}

}  // namespace

Dataset anonymise(const Dataset& dataset, const AnonymiseOptions& options) {
  Renamer rename(options.seed);

  auto centres = copied<Centre>(dataset);
  for (auto& centre : centres) centre.id = rename(centre.id);
  auto branches = copied<Branch>(dataset);
  auto courses = copied<Course>(dataset);
  for (auto& course : courses) {
    course.id = rename(course.id);
    course.centre = rename(course.centre);
  }
  auto trainees = copied<Trainee>(dataset);
  for (auto& trainee : trainees) {
    trainee.id = rename(trainee.id);
    trainee.erase_identity(options.erased_on);
  }
  auto applications = copied<Application>(dataset);
  for (auto& application : applications) {
    application.id = rename(application.id);
    application.trainee = rename(application.trainee);
    for (auto& course : application.courses) course = rename(course);
  }
  auto enrollments = copied<Enrollment>(dataset);
  for (auto& enrollment : enrollments) {
    enrollment.id = rename(enrollment.id);
    enrollment.trainee = rename(enrollment.trainee);
    enrollment.course = rename(enrollment.course);
  }
  auto certificates = copied<Certificate>(dataset);
  for (auto& certificate : certificates) {
    certificate.id = rename(certificate.id);
    certificate.enrollment = rename(certificate.enrollment);
    certificate.verification_code.reset();
    certificate.external_number.reset();
    if (certificate.revoked) certificate.revoked->reason = "withheld from the anonymised release";
  }
  auto employers = copied<Employer>(dataset);
  for (auto& employer : employers) {
    employer.id = rename(employer.id);
    employer.tax_number.reset();
    employer.contact.reset();
  }
  auto vacancies = copied<Vacancy>(dataset);
  for (auto& vacancy : vacancies) {
    vacancy.id = rename(vacancy.id);
    vacancy.employer = rename(vacancy.employer);
  }
  auto referrals = copied<Referral>(dataset);
  for (auto& referral : referrals) {
    referral.id = rename(referral.id);
    referral.trainee = rename(referral.trainee);
    referral.vacancy = rename(referral.vacancy);
    referral.reason.reset();
  }
  by_new_id(trainees);
  by_new_id(applications);
  by_new_id(enrollments);
  by_new_id(certificates);
  by_new_id(referrals);

  Dataset release;
  release.set_policy(dataset.policy());
  release.set_as_of(dataset.as_of());
  release.append(std::move(centres));
  release.append(std::move(branches));
  release.append(std::move(courses));
  release.append(std::move(trainees));
  release.append(std::move(applications));
  release.append(std::move(enrollments));
  release.append(std::move(certificates));
  release.append(std::move(employers));
  release.append(std::move(vacancies));
  release.append(std::move(referrals));
  return release;
}

}  // namespace vocfab::report
