// Properties of batches over the bundled sample registry: a refused batch leaves the dataset
// byte-identical when saved; an applied batch leaves a valid dataset valid; check-only changes
// nothing and answers what applying would do.
#include "ops_fixture.h"

#include "support/seeker_index_check.h"

#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <fstream>
#include <sstream>

namespace vocfab {
namespace {

namespace fx = vocfab::testing;

const Dataset& sample() {
  static const Dataset dataset = [] {
    LoadResult read = read_dataset_file(std::string(VOCFAB_DATA_DIR) + "/sample.json");
    return std::move(read.dataset);
  }();
  return dataset;
}

template <Entity E>
auto pick_key(const Dataset& d) {
  const auto records = d.records<E>();
  return rc::gen::map(rc::gen::inRange<std::size_t>(0, records.size()),
                      [records](std::size_t i) { return key_of(records[i]); });
}

// The audit trail holds no national id and no name of anyone in the sample.
bool audit_is_impersonal(const Dataset& d) {
  Dataset trail;
  for (const AuditEntry& entry : d.audit()) trail.append_audit(entry);
  const std::string text = write_dataset(trail);
  for (const Trainee& trainee : sample().records<Trainee>()) {
    if (!trainee.identity) continue;
    if (text.find(trainee.identity->national_id.digits()) != std::string::npos) return false;
    if (text.find("\"" + trainee.identity->family_name) != std::string::npos) return false;
  }
  return true;
}

// Operations whose arguments name records of the sample (or, now and then, nothing), on days
// around the sample's as-of date.
rc::Gen<Operation> operation_on(const Dataset& d) {
  const Date base = d.as_of().value_or(fx::day(2026, 5, 1));
  auto day = rc::gen::map(rc::gen::inRange(-40, 120), [base](int offset) { return add_days(base, offset); });
  auto person = pick_key<Trainee>(d);
  auto course = pick_key<Course>(d);
  auto place = pick_key<Enrollment>(d);
  auto job = pick_key<Vacancy>(d);
  auto referral = pick_key<Referral>(d);
  auto certificate = pick_key<Certificate>(d);
  using namespace ops;
  auto arguments = rc::gen::oneOf(
      rc::gen::map(rc::gen::tuple(person, course), [](auto t) { return Arguments(ApplyToCourses{std::get<0>(t), {std::get<1>(t)}}); }),
      rc::gen::map(course, [](CourseId c) { return Arguments(OpenCourse{c}); }),
      rc::gen::map(rc::gen::tuple(person, course, rc::gen::arbitrary<bool>()),
                   [](auto t) { return Arguments(Enroll{std::get<0>(t), std::get<1>(t), std::get<2>(t)}); }),
      rc::gen::map(place, [](EnrollmentId e) { return Arguments(Withdraw{e, std::nullopt}); }),
      rc::gen::map(course, [](CourseId c) { return Arguments(StartCourse{c}); }),
      rc::gen::map(course, [](CourseId c) { return Arguments(CancelCourse{c, "plan changed"}); }),
      rc::gen::map(rc::gen::tuple(place, rc::gen::inRange<std::uint32_t>(1, 30)),
                   [](auto t) { return Arguments(RecordAbsence{std::get<0>(t), std::get<1>(t)}); }),
      rc::gen::map(rc::gen::tuple(place, rc::gen::inRange<std::uint32_t>(0, 101)),
                   [](auto t) { return Arguments(RecordScore{std::get<0>(t), std::get<1>(t)}); }),
      rc::gen::map(course, [](CourseId c) { return Arguments(CompleteCourse{c}); }),
      rc::gen::map(certificate, [](CertificateId c) { return Arguments(RevokeCertificate{c, "issued in error"}); }),
      rc::gen::map(job, [](VacancyId v) { return Arguments(CloseVacancy{v}); }),
      rc::gen::map(rc::gen::tuple(person, job), [](auto t) { return Arguments(Refer{std::get<0>(t), std::get<1>(t)}); }),
      rc::gen::map(referral, [](ReferralId r) { return Arguments(Interview{r}); }),
      rc::gen::map(referral, [](ReferralId r) { return Arguments(Hire{r}); }),
      rc::gen::map(rc::gen::tuple(referral, rc::gen::element(Outcome::reject, Outcome::decline, Outcome::no_show)),
                   [](auto t) { return Arguments(Decide{std::get<0>(t), std::nullopt, std::get<1>(t)}); }),
      rc::gen::map(referral, [](ReferralId r) { return Arguments(EndEmployment{r, std::nullopt}); }),
      rc::gen::just(Arguments(Advance{})),
      rc::gen::map(person, [](TraineeId t) { return Arguments(EraseTrainee{t, "request"}); }));
  return rc::gen::map(rc::gen::tuple(arguments, day), [](auto t) { return fx::op(std::get<0>(t), std::get<1>(t)); });
}

RC_GTEST_PROP(BatchProperties, RefusedLeavesTheBytesAppliedLeavesItValid, ()) {
  Dataset d = sample();
  RC_PRE(validate(d).empty());
  const int batches = *rc::gen::inRange(1, 16);
  for (int b = 0; b < batches; ++b) {
    const auto size = *rc::gen::inRange<std::size_t>(1, 3);
    const auto batch = *rc::gen::container<std::vector<Operation>>(size, operation_on(sample()));
    const std::string before = write_dataset(d);
    BatchContext check = fx::context_on();
    check.check_only = true;
    const BatchResult would = apply(d, batch, check);
    RC_ASSERT(write_dataset(d) == before);
    const BatchResult did = apply(d, batch, fx::context_on());
    RC_ASSERT(did.ok() == would.ok());
    const std::string index_mismatch = testing::seeker_index_mismatch(d);
    if (!index_mismatch.empty()) RC_FAIL("seeker index: " + index_mismatch);
    if (!did.ok()) {
      RC_ASSERT(write_dataset(d) == before);
      RC_ASSERT(!did.failed->issues.empty());
      RC_TAG(std::string(did.failed->op) + " refused");
      continue;
    }
    RC_ASSERT(did.results.size() == batch.size());
    RC_ASSERT(audit_is_impersonal(d));
    const auto issues = validate(d);
    if (!issues.empty()) RC_FAIL(issues.front().path + ": " + issues.front().message);
    RC_TAG("applied");
  }
}

}  // namespace
}  // namespace vocfab
