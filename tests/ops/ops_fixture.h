// Datasets and batches for the operations' tests: the validator's base fixture, a context with
// reproducible ids, and the checks every refused batch must pass.
#pragma once

#include "support/fixture.h"
#include "support/records.h"
#include "vocfab/io/json.h"
#include "vocfab/ops/batch.h"
#include "vocfab/validation/validate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vocfab::testing {

/// @p document read and checked clean.
inline Dataset load(const nlohmann::json& document) {
  LoadResult read = read_dataset(document.dump());
  EXPECT_TRUE(read.ok());
  const auto issues = validate(read.dataset);
  EXPECT_TRUE(issues.empty()) << (issues.empty() ? "" : issues.front().path + ": " + issues.front().message);
  return std::move(read.dataset);
}

/// A batch context on 2026-05-01 09:00 UTC with reproducible ids.
inline BatchContext context_on(Date date = day(2026, 5, 1)) {
  BatchContext context;
  context.actor = "clerk-7";
  context.at = Timestamp(date, boost::posix_time::hours(9));
  context.id_seed = 42;
  return context;
}

/// An operation with @p arguments on @p on (the batch's day when absent).
inline Operation op(ops::Arguments arguments, std::optional<Date> on = std::nullopt) {
  return Operation{std::move(arguments), on, std::nullopt, std::nullopt, std::nullopt};
}

inline TraineeId person(int n) { return *TraineeId::parse(trainee_id(n)); }
inline CourseId course(int n) { return *CourseId::parse(course_id(n)); }
inline EnrollmentId enrollment(int n) { return *EnrollmentId::parse(enrollment_id(n)); }
inline VacancyId vacancy_of(int n) { return *VacancyId::parse(vacancy_id(n)); }
inline ReferralId referral_of(int n) { return *ReferralId::parse(referral_id(n)); }
inline CertificateId certificate(int n) { return *CertificateId::parse(certificate_id(n)); }

/// Applies @p operations and expects them applied, the dataset still valid.
inline BatchResult apply_ok(Dataset& dataset, const std::vector<Operation>& operations,
                            const BatchContext& context = context_on()) {
  BatchResult result = apply(dataset, operations, context);
  EXPECT_TRUE(result.ok()) << (result.failed && !result.failed->issues.empty()
                                   ? result.failed->issues.front().path + ": " + result.failed->issues.front().message
                                   : std::string());
  const auto issues = validate(dataset);
  EXPECT_TRUE(issues.empty()) << (issues.empty() ? "" : issues.front().path + ": " + issues.front().message);
  return result;
}

/// Applies @p operations, expects the batch refused with @p code at @p path, and the dataset
/// saved byte for byte as before.
inline BatchResult apply_refused(Dataset& dataset, const std::vector<Operation>& operations, IssueCode code,
                                 const std::string& path, const BatchContext& context = context_on()) {
  const std::string before = write_dataset(dataset);
  BatchResult result = apply(dataset, operations, context);
  EXPECT_FALSE(result.ok());
  EXPECT_FALSE(result.applied);
  if (result.failed) {
    EXPECT_THAT(result.failed->issues,
                ::testing::Contains(::testing::AllOf(::testing::Field(&Issue::code, code), ::testing::Field(&Issue::path, path))))
        << [&] {
             std::string text;
             for (const auto& issue : result.failed->issues) {
               text += issue.path + ": " + std::string(to_string(issue.code)) + ": " + issue.message + "\n";
             }
             return text;
           }();
  }
  EXPECT_EQ(write_dataset(dataset), before);
  return result;
}

/// The effect on @p field of the record @p id, if the result has one.
inline const Effect* effect_on(const BatchResult& result, const std::string& id, const std::string& field) {
  for (const auto& operation : result.results) {
    for (const auto& effect : operation.effects) {
      if (effect.id == id && effect.field == field) return &effect;
    }
  }
  return nullptr;
}

}  // namespace vocfab::testing
