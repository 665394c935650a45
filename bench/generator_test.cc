// The synthetic generator: valid output, determinism, and a byte-exact round trip.
#include "generate/generator.h"

#include "vocfab/io/json.h"
#include "vocfab/validation/validate.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace {

using vocfab::generate::ScaleConfig;

// Small enough for a unit test, large enough to exercise every rule.
ScaleConfig small_config() { return {"test", 22, 60, 120, 1500, 80, 200}; }

std::string describe(const std::vector<vocfab::Issue>& issues) {
  std::string text;
  for (std::size_t i = 0; i < issues.size() && i < 15; ++i) {
    text += std::string(vocfab::to_string(issues[i].code)) + " " + issues[i].path + ": " +
            issues[i].message + "\n";
  }
  return text;
}

TEST(Generator, SmallDatasetValidatesClean) {
  const auto dataset = vocfab::generate::generate_dataset(small_config(), 7);
  EXPECT_EQ(dataset.records<vocfab::Trainee>().size(), 1500u);
  EXPECT_GT(dataset.records<vocfab::Enrollment>().size(), 0u);
  EXPECT_GT(dataset.records<vocfab::Certificate>().size(), 0u);
  EXPECT_GT(dataset.records<vocfab::Referral>().size(), 0u);
  const auto issues = vocfab::validate(dataset);
  EXPECT_TRUE(issues.empty()) << issues.size() << " issue(s):\n" << describe(issues);
}

TEST(Generator, MunicipalScaleValidatesCleanAndCoversEveryStatus) {
  const auto config = vocfab::generate::config_for(vocfab::generate::Scale::municipal);
  const auto dataset = vocfab::generate::generate_dataset(config, 42);
  EXPECT_EQ(dataset.records<vocfab::Trainee>().size(), 5000u);
  EXPECT_EQ(dataset.records<vocfab::Centre>().size(), 22u);
  const auto issues = vocfab::validate(dataset);
  EXPECT_TRUE(issues.empty()) << issues.size() << " issue(s):\n" << describe(issues);

  std::set<vocfab::EnrollmentStatus> enrollment_statuses;
  for (const auto& e : dataset.records<vocfab::Enrollment>()) enrollment_statuses.insert(e.status);
  EXPECT_EQ(enrollment_statuses.size(), vocfab::enum_values<vocfab::EnrollmentStatus>().size());
  std::set<vocfab::ReferralStatus> referral_statuses;
  for (const auto& r : dataset.records<vocfab::Referral>()) referral_statuses.insert(r.status);
  EXPECT_EQ(referral_statuses.size(), vocfab::enum_values<vocfab::ReferralStatus>().size());
  std::set<vocfab::CourseStatus> course_statuses;
  for (const auto& c : dataset.records<vocfab::Course>()) course_statuses.insert(c.status);
  EXPECT_EQ(course_statuses.size(), vocfab::enum_values<vocfab::CourseStatus>().size());
  std::set<vocfab::CertificateKind> kinds;
  for (const auto& c : dataset.records<vocfab::Certificate>()) kinds.insert(c.kind);
  EXPECT_EQ(kinds.size(), 2u);
}

TEST(Generator, SameSeedSameBytesOtherSeedOtherBytes) {
  const std::string a = vocfab::write_dataset(vocfab::generate::generate_dataset(small_config(), 7));
  const std::string b = vocfab::write_dataset(vocfab::generate::generate_dataset(small_config(), 7));
  const std::string c = vocfab::write_dataset(vocfab::generate::generate_dataset(small_config(), 8));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(Generator, WriteReadWriteGivesIdenticalBytes) {
  const std::string first =
      vocfab::write_dataset(vocfab::generate::generate_dataset(small_config(), 11));
  const auto loaded = vocfab::read_dataset(std::string_view(first));
  ASSERT_TRUE(loaded.ok()) << describe(loaded.issues);
  EXPECT_EQ(vocfab::write_dataset(loaded.dataset), first);
  const auto issues = vocfab::validate(loaded.dataset, &loaded.diagnostics);
  EXPECT_TRUE(issues.empty()) << describe(issues);
}

TEST(Generator, ScaleNames) {
  using vocfab::generate::Scale;
  for (Scale s : {Scale::municipal, Scale::metropolitan, Scale::national}) {
    EXPECT_EQ(vocfab::generate::parse_scale(vocfab::generate::to_string(s)), s);
  }
  EXPECT_FALSE(vocfab::generate::parse_scale("galactic"));
  EXPECT_EQ(vocfab::generate::config_for(Scale::metropolitan).trainees, 150'000u);
  EXPECT_EQ(vocfab::generate::config_for(Scale::national).trainees, 1'000'000u);
  EXPECT_EQ(vocfab::generate::config_for(Scale::national).vacancies, 100'000u);
  EXPECT_EQ(vocfab::generate::config_for(Scale::national).courses, 50'000u);
}

}  // namespace
