// Every issue code a dataset can carry, each triggered by breaking one thing in a valid document.
#include "support/fixture.h"
#include "vocfab/io/json.h"
#include "vocfab/validation/validate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace vocfab {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using json = nlohmann::json;
namespace fx = vocfab::testing;

std::vector<Issue> issues_of(const json& document) { return validate_text(document.dump()).issues; }

auto HasIssue(IssueCode code, const std::string& path) {
  return Contains(AllOf(Field(&Issue::code, code), Field(&Issue::path, path)));
}

std::string all_messages(const std::vector<Issue>& issues) {
  std::string text;
  for (const auto& issue : issues) text += issue.path + ": " + std::string(to_string(issue.code)) + ": " + issue.message + "\n";
  return text;
}

TEST(Validate, BaseFixtureIsValid) {
  const auto issues = issues_of(fx::valid_document());
  EXPECT_THAT(issues, IsEmpty()) << all_messages(issues);
}

TEST(Validate, ParseErrorGivesLineAndColumn) {
  const auto issues = validate_text("{\n  \"schema_version\": 1,\n  \"trainees\": [\n}").issues;
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].code, IssueCode::parse_error);
  EXPECT_THAT(issues[0].message, HasSubstr("line 4"));
}

TEST(Validate, SchemaVersionOtherThanOneIsUnsupported) {
  json doc = fx::valid_document();
  doc["schema_version"] = 2;
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::schema_version_unsupported, "schema_version"));
  doc.erase("schema_version");
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::schema_version_unsupported, "schema_version"));
}

TEST(Validate, MissingRequiredField) {
  json doc = fx::valid_document();
  doc["trainees"][3].erase("family_name");
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::missing_field, "trainees[3].family_name"));
}

TEST(Validate, NullCountsAsMissing) {
  json doc = fx::valid_document();
  doc["courses"][0]["capacity"] = nullptr;
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::missing_field, "courses[0].capacity"));
}

TEST(Validate, InvalidValues) {
  json doc = fx::valid_document();
  doc["courses"][1]["mode"] = "teleport";
  doc["centres"][0]["seats"] = "120";
  doc["enrollments"][2]["score"] = 101;
  doc["trainees"][4]["consents"]["data_processing"] = "yes";
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_value, "courses[1].mode"));
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_value, "centres[0].seats"));
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_value, "enrollments[2].score"));
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_value, "trainees[4].consents.data_processing"));
}

TEST(Validate, DuplicateIdIsReportedAtTheLaterRecord) {
  json doc = fx::valid_document();
  json copy = fx::trainee(40);
  copy["id"] = fx::trainee_id(5);
  doc["trainees"].push_back(copy);
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::duplicate_id, "trainees[13].id"));
}

TEST(Validate, DuplicateBranchCode) {
  json doc = fx::valid_document();
  doc["branches"].push_back(doc["branches"][0]);
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::duplicate_id, "branches[2].code"));
}

TEST(Validate, UnknownReference) {
  json doc = fx::valid_document();
  doc["enrollments"][1]["course"] = fx::course_id(99);
  doc["courses"][0]["branch"] = "PLUMBING";
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::unknown_reference, "enrollments[1].course"));
  EXPECT_THAT(issues, HasIssue(IssueCode::unknown_reference, "courses[0].branch"));
}

TEST(Validate, InvalidNationalIdIsReportedMasked) {
  json doc = fx::valid_document();
  doc["trainees"][2]["national_id"] = "17291716050";
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_national_id, "trainees[2].national_id"));
  EXPECT_THAT(all_messages(issues), Not(HasSubstr("17291716050")));
  EXPECT_THAT(all_messages(issues), HasSubstr("172******50"));
}

TEST(Validate, DuplicateNationalIdIsReportedMasked) {
  json doc = fx::valid_document();
  doc["trainees"][7]["national_id"] = doc["trainees"][1]["national_id"];
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::duplicate_national_id, "trainees[7].national_id"));
  EXPECT_THAT(all_messages(issues), Not(HasSubstr(doc["trainees"][1]["national_id"].get<std::string>())));
}

TEST(Validate, InvalidTaxNumber) {
  json doc = fx::valid_document();
  std::string vkn = doc["employers"][0]["tax_number"];
  vkn.back() = vkn.back() == '9' ? '0' : static_cast<char>(vkn.back() + 1);
  doc["employers"][0]["tax_number"] = vkn;
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::invalid_tax_number, "employers[0].tax_number"));
}

TEST(Validate, InvalidPhone) {
  json doc = fx::valid_document();
  doc["trainees"][0]["phone"] = "12345";
  doc["employers"][0]["contact"]["phone"] = "+44 20 7946 0958";
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_phone, "trainees[0].phone"));
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_phone, "employers[0].contact.phone"));
}

TEST(Validate, InvalidDate) {
  json doc = fx::valid_document();
  doc["trainees"][6]["birth_date"] = "1995-02-30";
  doc["referrals"][0]["hired"] = "20/04/2026";
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_date, "trainees[6].birth_date"));
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_date, "referrals[0].hired"));
}

TEST(Validate, InvalidDateRange) {
  json doc = fx::valid_document();
  doc["courses"][1]["end"] = "2026-05-01";
  doc["vacancies"][0]["closes"] = "2026-03-01";
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_date_range, "courses[1].end"));
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_date_range, "vacancies[0].closes"));
}

TEST(Validate, EnrollmentDates) {
  json doc = fx::valid_document();
  doc["enrollments"][0]["enrolled"] = "2025-12-10";
  doc["enrollments"][0]["ended"] = "2026-03-27";
  EXPECT_THAT(issues_of(doc), IsEmpty());
  doc["enrollments"][1]["enrolled"] = "2026-03-28";
  doc["enrollments"][1]["ended"] = "2026-03-27";
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::invalid_date_range, "enrollments[1].ended"));
  doc["enrollments"][12]["ended"] = "2026-01-01";  // still waitlisted
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::invalid_value, "enrollments[12].ended"));
  // Written back as read.
  const LoadResult loaded = read_dataset(doc.dump());
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(to_iso_string(*loaded.dataset.records<Enrollment>()[0].enrolled), "2025-12-10");
  EXPECT_NE(write_dataset(loaded.dataset).find("\"enrolled\":\"2025-12-10\",\"ended\":\"2026-03-27\""),
            std::string::npos);
}

TEST(Validate, CapacityExceededByEnrollments) {
  json doc = fx::valid_document();
  doc["enrollments"][12]["status"] = "completed";
  doc["enrollments"][12]["score"] = 80;
  doc["courses"][0]["capacity"] = 12;
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::capacity_exceeded, "courses[0].capacity"));
}

TEST(Validate, CapacityExceededByHires) {
  json doc = fx::valid_document();
  doc["vacancies"][0]["positions"] = 1;
  json second = fx::referral(3, 2, 1, "retained");
  second["hired"] = "2026-04-21";
  doc["referrals"].push_back(second);
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::capacity_exceeded, "referrals[2].status"));
}

TEST(Validate, RunningCourseBelowMinGroup) {
  json doc = fx::valid_document();
  // Withdrawn before the course's start (2026-01-05): 11 were left when it opened.
  doc["enrollments"][11]["status"] = "withdrawn";
  doc["enrollments"][11]["ended"] = "2026-01-02";
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::invalid_value, "courses[0].status"));
  doc["enrollments"][11]["status"] = "waitlisted";  // Never held a seat.
  doc["enrollments"][11].erase("ended");
  doc["enrollments"][11].erase("score");
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::invalid_value, "courses[0].status"));
}

TEST(Validate, CapacityBelowMinGroup) {
  json doc = fx::valid_document();
  doc["courses"][1]["capacity"] = 10;
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::invalid_value, "courses[1].capacity"));
}

TEST(Validate, ResidencyOutsideTheProgramme) {
  json doc = fx::valid_document();
  doc["trainees"][3]["province"] = "06";
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::not_eligible_residency, "enrollments[3].trainee"));
}

TEST(Validate, ResidencyDistrictComparesAsTurkishText) {
  json doc = fx::valid_document();
  doc["policy"]["residency"]["district"] = "KONAK";
  EXPECT_THAT(issues_of(doc), IsEmpty());
  doc["policy"]["residency"]["district"] = "Bornova";
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::not_eligible_residency, "enrollments[0].trainee"));
}

TEST(Validate, TooYoungForTheCourse) {
  json doc = fx::valid_document();
  doc["trainees"][5]["birth_date"] = "2012-01-01";
  doc["trainees"][5]["registered"] = "2025-09-01";
  doc["trainees"][5]["guardian_consent"] = true;
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::not_eligible_age, "enrollments[5].trainee"));
}

TEST(Validate, MinorNeedsGuardianConsent) {
  json doc = fx::valid_document();
  doc["trainees"][5]["birth_date"] = "2009-06-01";
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::guardian_consent_required, "enrollments[5].trainee"));
  doc["trainees"][5]["guardian_consent"] = true;
  EXPECT_THAT(issues_of(doc), IsEmpty());
}

TEST(Validate, ConsentRequired) {
  json doc = fx::valid_document();
  doc["trainees"][4]["consents"]["data_processing"] = false;
  doc["trainees"][1]["consents"]["share_with_employers"] = false;
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::consent_required, "enrollments[4].trainee"));
  EXPECT_THAT(issues, HasIssue(IssueCode::consent_required, "referrals[1].trainee"));
}

json extra_course(int n, const std::string& branch, const std::string& start, const std::string& end) {
  return {{"id", fx::course_id(n)}, {"branch", branch}, {"centre", fx::centre_id(1)}, {"start", start},
          {"end", end}, {"total_hours", 60}, {"capacity", 14}, {"mode", "in_person"},
          {"certificate", branch == "SEWING" ? "meb" : "participation"}, {"status", "planned"}};
}

json extra_enrollment(int n, int trainee, int course, const std::string& status) {
  json e{{"id", fx::enrollment_id(n)}, {"trainee", fx::trainee_id(trainee)}, {"course", fx::course_id(course)},
         {"status", status}, {"absent_hours", 0}};
  if (status == "completed") e["score"] = 90;
  return e;
}

TEST(Validate, ScheduleConflict) {
  json doc = fx::valid_document();
  doc["courses"].push_back(extra_course(3, "BOUTIQUE_CHOCOLATE", "2026-03-01", "2026-04-10"));
  doc["enrollments"].push_back(extra_enrollment(20, 0, 3, "enrolled"));
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::schedule_conflict, "enrollments[13].course"));
}

TEST(Validate, MaxEnrollmentsExceeded) {
  json doc = fx::valid_document();
  doc["courses"].push_back(extra_course(3, "BOUTIQUE_CHOCOLATE", "2026-09-01", "2026-10-10"));
  doc["enrollments"].push_back(extra_enrollment(20, 12, 2, "enrolled"));
  doc["enrollments"].push_back(extra_enrollment(21, 12, 3, "enrolled"));
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::max_enrollments_exceeded, "enrollments[14].status"));
}

TEST(Validate, BranchAlreadyCompleted) {
  json doc = fx::valid_document();
  doc["courses"].push_back(extra_course(3, "SEWING", "2026-09-01", "2026-10-10"));
  doc["enrollments"].push_back(extra_enrollment(20, 0, 3, "completed"));
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::branch_already_completed, "enrollments[13].course"));
}

TEST(Validate, AbsenceLimitExceededForACompletedEnrollment) {
  json doc = fx::valid_document();
  doc["enrollments"][1]["absent_hours"] = 24;  // exactly 1/5 of 120: allowed
  EXPECT_THAT(issues_of(doc), IsEmpty());
  doc["enrollments"][1]["absent_hours"] = 25;
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::absence_limit_exceeded, "enrollments[1].absent_hours"));
}

TEST(Validate, CertificateNotAllowed) {
  json doc = fx::valid_document();
  doc["certificates"].push_back({{"id", fx::certificate_id(2)}, {"enrollment", fx::enrollment_id(12)},
                                 {"kind", "meb"}, {"issued", "2026-04-01"}, {"verification_code", "X"}});
  doc["certificates"].push_back({{"id", fx::certificate_id(3)}, {"enrollment", fx::enrollment_id(1)},
                                 {"kind", "participation"}, {"issued", "2026-04-01"}, {"verification_code", "Y"}});
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::certificate_not_allowed, "certificates[1].enrollment"));
  EXPECT_THAT(issues, HasIssue(IssueCode::certificate_not_allowed, "certificates[2].kind"));
}

TEST(Validate, VacancyNotOpenOnTheReferralDay) {
  json doc = fx::valid_document();
  doc["referrals"][1]["referred"] = "2026-03-15";
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::vacancy_not_open, "referrals[1].referred"));
}

TEST(Validate, DuplicateReferral) {
  json doc = fx::valid_document();
  doc["referrals"].push_back(fx::referral(3, 1, 1, "referred", "2026-04-12"));
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::duplicate_referral, "referrals[2].vacancy"));
}

TEST(Validate, MaxReferralsExceeded) {
  json doc = fx::valid_document();
  for (int v = 2; v <= 4; ++v) {
    doc["vacancies"].push_back(fx::vacancy(v));
    doc["referrals"].push_back(fx::referral(10 + v, 1, v, "referred"));
  }
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::max_referrals_exceeded, "referrals[4].status"));
}

TEST(Validate, ReferralPausedAfterRepeatedDeclines) {
  json doc = fx::valid_document();
  const char* decided[] = {"2026-04-11", "2026-04-12", "2026-04-13"};
  for (int v = 2; v <= 4; ++v) {
    doc["vacancies"].push_back(fx::vacancy(v));
    json declined = fx::referral(10 + v, 3, v, v == 3 ? "no_show" : "declined");
    declined["decided"] = decided[v - 2];
    doc["referrals"].push_back(declined);
  }
  doc["vacancies"].push_back(fx::vacancy(5));
  doc["referrals"].push_back(fx::referral(20, 3, 5, "referred", "2026-05-01"));
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::referral_paused, "referrals[5].referred"));
  // After the pause (90 days from the third decline) the person may be referred again.
  doc["vacancies"][4]["closes"] = "2026-12-31";
  doc["referrals"][5]["referred"] = "2026-07-13";
  EXPECT_THAT(issues_of(doc), IsEmpty()) << all_messages(issues_of(doc));
}

TEST(Validate, ProtectedAttributeOnAVacancy) {
  json doc = fx::valid_document();
  doc["vacancies"][0]["gender"] = "female";
  doc["vacancies"].push_back(fx::vacancy(2));
  doc["vacancies"][1]["requirements"] = {{"marital_status", "single"}};
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::protected_attribute_criterion, "vacancies[0].gender"));
  EXPECT_THAT(issues, HasIssue(IssueCode::protected_attribute_criterion, "vacancies[1].requirements.marital_status"));
}

TEST(Validate, ProtectedAttributesInAnySpelling) {
  // Turkish capitals, dotless ı, camelCase and compound keys, at any depth; but not words that
  // merely contain one (agenda, distinct).
  for (const std::string key : {"CİNSİYET", "ırk", "Irk", "genderPreference", "sexOrientation", "preferred_gender",
                                "MEDENİ_HAL", "dini-inanc", "RELIGION", "ethnicGroup"}) {
    json doc = fx::valid_document();
    doc["vacancies"][0][key] = "x";
    EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::protected_attribute_criterion, "vacancies[0]." + key)) << key;
  }
  json doc = fx::valid_document();
  doc["vacancies"][0]["criteria"] = json::array({json::object({{"filters", {{"Cinsiyeti", "kadın"}}}})});
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::protected_attribute_criterion, "vacancies[0].criteria[0].filters.Cinsiyeti"));
  json harmless = fx::valid_document();
  harmless["vacancies"][0]["agenda"] = "x";
  harmless["vacancies"][0]["distinct_skills"] = "x";
  harmless["vacancies"][0]["dinner"] = "x";
  EXPECT_THAT(issues_of(harmless), IsEmpty());
}

TEST(Validate, NamesAndTextsAreCheckedOnRead) {
  json doc = fx::valid_document();
  doc["trainees"][0]["given_name"] = "\u00A0\u200B\u3000";
  doc["trainees"][1]["family_name"] = "Yılmaz\u0007";
  doc["trainees"][2]["given_name"] = std::string(101, 'a');
  doc["centres"][0]["name"] = std::string(5'000'000, 'x');
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_value, "trainees[0].given_name"));
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_value, "trainees[1].family_name"));
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_value, "trainees[2].given_name"));
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_value, "centres[0].name"));
  for (const Issue& issue : issues) EXPECT_LT(issue.message.size(), 300u) << issue.path;
}

TEST(Validate, ErasedPeopleAreValidAndKeepTheirRecords) {
  json doc = fx::valid_document();
  json& person = doc["trainees"][3];
  for (const char* field : {"national_id", "given_name", "family_name", "birth_date", "phone", "email", "job_preferences"}) {
    person.erase(field);
  }
  person["erased"] = "2026-06-01";
  person["birth_year"] = 1995;
  EXPECT_THAT(issues_of(doc), IsEmpty());
  const LoadResult loaded = read_dataset(doc.dump());
  ASSERT_TRUE(loaded.ok());
  EXPECT_FALSE(loaded.dataset.records<Trainee>()[3].identity.has_value());
  const std::string written = write_dataset(loaded.dataset);
  EXPECT_EQ(write_dataset(read_dataset(written).dataset), written);
  EXPECT_NE(written.find("\"erased\":\"2026-06-01\",\"birth_year\":1995"), std::string::npos);
  json identified = fx::valid_document();
  identified["trainees"][3]["erased"] = "2026-06-01";  // erased, yet identified
  EXPECT_THAT(issues_of(identified), HasIssue(IssueCode::invalid_value, "trainees[3].erased"));
  person.erase("birth_year");
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::missing_field, "trainees[3].birth_year"));
}

TEST(Validate, AsOfAndTheAuditTrailRoundTrip) {
  json doc = fx::valid_document();
  doc["as_of"] = "2026-06-30";
  doc["audit"] = json::array({{{"seq", 1}, {"batch", fx::uuid(11, 1)}, {"at", "2026-06-30T09:15:00Z"}, {"actor", "clerk"},
                               {"op", "refer"}, {"collection", "referrals"}, {"id", fx::referral_id(2)},
                               {"touched", json::array({{{"collection", "referrals"}, {"id", fx::referral_id(2)}}})}}});
  const LoadResult loaded = read_dataset(doc.dump());
  ASSERT_TRUE(loaded.ok()) << issues_to_json(loaded.issues);
  ASSERT_TRUE(loaded.dataset.as_of().has_value());
  EXPECT_EQ(to_iso_string(*loaded.dataset.as_of()), "2026-06-30");
  ASSERT_EQ(loaded.dataset.audit().size(), 1u);
  EXPECT_EQ(loaded.dataset.audit()[0].touched.size(), 1u);
  const std::string written = write_dataset(loaded.dataset);
  EXPECT_EQ(write_dataset(read_dataset(written).dataset), written);
  doc["audit"][0]["seq"] = 2;  // a gap
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::invalid_value, "audit[0].seq"));
}

TEST(Validate, ReportsEveryBrokenRecordNotJustTheFirst) {
  json doc = fx::valid_document();
  doc["trainees"][1]["national_id"] = "12345";
  doc["trainees"][2]["phone"] = "abc";
  doc["employers"][0]["tax_number"] = "1";
  doc["courses"][1]["start"] = "2026-13-01";
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_national_id, "trainees[1].national_id"));
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_phone, "trainees[2].phone"));
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_tax_number, "employers[0].tax_number"));
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_date, "courses[1].start"));
}

TEST(Validate, RejectedRecordsDoNotCascadeOrShiftPaths) {
  json doc = fx::valid_document();
  doc["trainees"][1]["birth_date"] = "not a date";           // trainee 1 is left out
  doc["trainees"][3]["id"] = fx::trainee_id(2);                // a duplicate after the gap
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::duplicate_id, "trainees[3].id"));
  // Trainee 1's enrollment and referral name a record that exists in the file: no unknown_reference.
  EXPECT_THAT(issues, Not(HasIssue(IssueCode::unknown_reference, "enrollments[1].trainee")));
  EXPECT_THAT(issues, Not(HasIssue(IssueCode::unknown_reference, "referrals[1].trainee")));
  // Trainee 3's id was overwritten, so references to it really are unknown.
  EXPECT_THAT(issues, HasIssue(IssueCode::unknown_reference, "enrollments[3].trainee"));
}

TEST(Validate, DuplicateEnrollmentInOneCourse) {
  json doc = fx::valid_document();
  json again = doc["enrollments"][12];  // trainee 12, waitlisted in course 1
  again["id"] = fx::enrollment_id(40);
  doc["enrollments"].push_back(again);
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::duplicate_enrollment, "enrollments[13].course"));
  doc["enrollments"][13]["status"] = "withdrawn";  // a withdrawn place is no place
  EXPECT_THAT(issues_of(doc), IsEmpty());
}

TEST(Validate, CertificateRequiredOnTheReferralDay) {
  json doc = fx::valid_document();
  doc["vacancies"][0]["requires_certificate"] = true;
  // Trainee 0 holds the certificate (issued 2026-04-01, referred 04-10); trainee 1 holds none.
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::certificate_required, "referrals[1].trainee"));
  EXPECT_THAT(issues, Not(HasIssue(IssueCode::certificate_required, "referrals[0].trainee")));
}

TEST(Validate, EveryDatasetIssueCodeHasATest) {
  // The codes of the lifecycle operations, not of a dataset at rest (tested with the operations;
  // the rules behind them in rules_test.cc).
  const std::vector<IssueCode> operations_only{
      IssueCode::invalid_transition, IssueCode::course_not_open,   IssueCode::not_job_seeking,
      IssueCode::record_erased,      IssueCode::unknown_operation, IssueCode::idempotency_conflict};
  // The code of the matching solvers (tested in tests/matching/).
  const std::vector<IssueCode> matching_only{IssueCode::infeasible};
  // Covered here or in the io suite (io_error: tests/io/hostile_input_test.cc).
  const std::vector<IssueCode> covered{IssueCode::io_error, IssueCode::duplicate_enrollment,
                                       IssueCode::certificate_required,
      IssueCode::parse_error, IssueCode::schema_version_unsupported, IssueCode::missing_field,
      IssueCode::invalid_value, IssueCode::duplicate_id, IssueCode::unknown_reference,
      IssueCode::invalid_national_id, IssueCode::duplicate_national_id, IssueCode::invalid_tax_number,
      IssueCode::invalid_phone, IssueCode::invalid_date, IssueCode::invalid_date_range,
      IssueCode::capacity_exceeded, IssueCode::not_eligible_residency, IssueCode::not_eligible_age,
      IssueCode::guardian_consent_required, IssueCode::consent_required, IssueCode::schedule_conflict,
      IssueCode::max_enrollments_exceeded, IssueCode::branch_already_completed,
      IssueCode::absence_limit_exceeded, IssueCode::certificate_not_allowed, IssueCode::vacancy_not_open,
      IssueCode::duplicate_referral, IssueCode::referral_paused, IssueCode::max_referrals_exceeded,
      IssueCode::protected_attribute_criterion};
  EXPECT_EQ(covered.size() + operations_only.size() + matching_only.size(), all_issue_codes().size());
}

}  // namespace
}  // namespace vocfab
