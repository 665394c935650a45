// The anonymised release (SPEC section 4): the same figures in every format, nobody left in it,
// no original id, references kept, and a release that validates like its original.
#include "matching/ranking_fixture.h"
#include "report/report_recount.h"
#include "vocfab/io/json.h"
#include "vocfab/io/report_json.h"
#include "vocfab/report/anonymise.h"
#include "vocfab/report/report.h"
#include "vocfab/validation/validate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

namespace vocfab::report {
namespace {

using namespace vocfab::testing;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Every value a release must not hold: the people's identities, employers' tax numbers and
// contacts, certificates' codes and numbers, free text, and every original id.
std::vector<std::string> secrets_of(const Dataset& dataset) {
  std::vector<std::string> secrets;
  for (const Trainee& t : dataset.records<Trainee>()) {
    secrets.push_back(t.id.to_string());
    if (!t.identity) continue;
    secrets.push_back(t.identity->national_id.digits());
    secrets.push_back(t.identity->given_name);
    secrets.push_back(t.identity->family_name);
    if (t.identity->phone) secrets.push_back(t.identity->phone->e164());
    if (t.identity->email) secrets.push_back(*t.identity->email);
  }
  for (const Employer& e : dataset.records<Employer>()) {
    secrets.push_back(e.id.to_string());
    if (e.tax_number) secrets.push_back(e.tax_number->digits());
    if (e.contact) secrets.push_back(e.contact->name);
  }
  for (const Certificate& c : dataset.records<Certificate>()) {
    secrets.push_back(c.id.to_string());
    if (c.verification_code) secrets.push_back(*c.verification_code);
    if (c.external_number) secrets.push_back(*c.external_number);
  }
  for (const Referral& r : dataset.records<Referral>()) {
    secrets.push_back(r.id.to_string());
    if (r.reason) secrets.push_back(*r.reason);
  }
  for (const Course& c : dataset.records<Course>()) secrets.push_back(c.id.to_string());
  for (const Centre& c : dataset.records<Centre>()) secrets.push_back(c.id.to_string());
  for (const Vacancy& v : dataset.records<Vacancy>()) secrets.push_back(v.id.to_string());
  for (const Enrollment& e : dataset.records<Enrollment>()) secrets.push_back(e.id.to_string());
  for (const Application& a : dataset.records<Application>()) secrets.push_back(a.id.to_string());
  return secrets;
}

void expect_faithful_release(const Dataset& original, const Date& as_of, std::uint64_t seed) {
  const Dataset release = anonymise(original, {as_of, seed});
  ASSERT_EQ(release.record_count(), original.record_count());
  const Report before = *compute_report(original, every_breakdown(as_of)).report;
  const Report after = *compute_report(release, every_breakdown(as_of)).report;
  // Exactly the same figures, in every format.
  EXPECT_EQ(write_report(after), write_report(before));
  EXPECT_EQ(report_csv(after), report_csv(before));
  EXPECT_EQ(report_html(after), report_html(before));

  const std::string text = write_dataset(release);
  for (const std::string& secret : secrets_of(original)) {
    if (secret.size() >= 4) {
      EXPECT_THAT(text, Not(HasSubstr("\"" + secret + "\""))) << secret;
    }
  }
  for (const Trainee& t : release.records<Trainee>()) {
    EXPECT_FALSE(t.identity);
    EXPECT_TRUE(t.erased);
  }
  for (const Employer& e : release.records<Employer>()) EXPECT_FALSE(e.tax_number || e.contact);
  for (const Certificate& c : release.records<Certificate>()) EXPECT_FALSE(c.verification_code || c.external_number);
  EXPECT_TRUE(release.audit().empty());
  // References hold, and the release reads back as it was written.
  const LoadResult reread = read_dataset(text);
  ASSERT_TRUE(reread.ok());
  EXPECT_EQ(write_dataset(reread.dataset), text);
}

TEST(AnonymisedRelease, RandomDatasetsKeepTheirFiguresAndLoseEveryone) {
  std::mt19937_64 random(42);
  for (int round = 0; round < 30; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const Dataset original = read_document(random_ranking_document(random));
    expect_faithful_release(original, day(2026, 6, 1), static_cast<std::uint64_t>(round));
  }
}

TEST(AnonymisedRelease, TheSamplesKeepTheirFigures) {
  for (const char* name : {"sample.json", "kahramankazan.json"}) {
    SCOPED_TRACE(name);
    LoadResult load = read_dataset_file(std::string(VOCFAB_DATA_DIR) + "/" + name);
    ASSERT_TRUE(load.ok());
    const Dataset& original = load.dataset;
    expect_faithful_release(original, original.as_of().value_or(day(2026, 11, 20)), 9);
    // A release of a valid dataset is valid.
    const Dataset release = anonymise(original, {day(2026, 11, 20), 9});
    EXPECT_THAT(validate(release), IsEmpty());
  }
}

TEST(AnonymisedRelease, FreshIdsAreDrawnAgainWithoutASeed) {
  const Dataset original = read_document(valid_document());
  const Dataset one = anonymise(original, {day(2026, 6, 1), std::nullopt});
  const Dataset two = anonymise(original, {day(2026, 6, 1), std::nullopt});
  EXPECT_NE(write_dataset(one), write_dataset(two));
  EXPECT_EQ(write_dataset(anonymise(original, {day(2026, 6, 1), 5})), write_dataset(anonymise(original, {day(2026, 6, 1), 5})));
}

TEST(AnonymisedRelease, TheReplyNeedsAnErasureDay) {
  Dataset original = read_document(valid_document());
  original.set_as_of(std::nullopt);
  const auto refused = anonymise_reply(original, "");
  ASSERT_FALSE(refused.release);
  EXPECT_EQ(refused.issues.at(0).code, IssueCode::missing_field);
  EXPECT_EQ(refused.issues.at(0).path, "erased_on");
  const auto made = anonymise_reply(original, R"({"erased_on": "2026-06-01", "seed": 3})");
  ASSERT_TRUE(made.release);
  EXPECT_EQ(made.release->records<Trainee>().front().erased, day(2026, 6, 1));
  EXPECT_EQ(anonymise_reply(original, R"({"seed": -3})").issues.at(0).path, "seed");
}

}  // namespace
}  // namespace vocfab::report
