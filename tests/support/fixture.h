// A small, valid İzmir dataset as a JSON document, for tests that break one thing at a time.
#pragma once

#include "vocfab/model/national_id.h"
#include "vocfab/model/tax_number.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

namespace vocfab::testing {

/// A fixed UUID whose last digits name the record (`uuid(7, 3)` = kind 7, number 3).
inline std::string uuid(int kind, int number) {
  std::string head = std::to_string(kind);
  std::string tail = std::to_string(number);
  return std::string(8 - head.size(), '0') + head + "-0000-4000-8000-" + std::string(12 - tail.size(), '0') + tail;
}

inline std::string centre_id(int n) { return uuid(1, n); }
inline std::string course_id(int n) { return uuid(2, n); }
inline std::string trainee_id(int n) { return uuid(3, n); }
inline std::string application_id(int n) { return uuid(4, n); }
inline std::string enrollment_id(int n) { return uuid(5, n); }
inline std::string certificate_id(int n) { return uuid(6, n); }
inline std::string employer_id(int n) { return uuid(7, n); }
inline std::string vacancy_id(int n) { return uuid(8, n); }
inline std::string referral_id(int n) { return uuid(9, n); }

/// A checksum-valid national id, distinct for each n.
inline std::string national_id(int n) {
  return NationalId::complete(std::to_string(100000000 + n * 7919))->digits();
}

inline nlohmann::json trainee(int n) {
  return {{"id", trainee_id(n)},
          {"national_id", national_id(n)},
          {"given_name", "Ayşe"},
          {"family_name", "Yılmaz"},
          {"birth_date", "1995-03-14"},
          {"gender", n % 2 ? "male" : "female"},
          {"phone", "0532 123 45 67"},
          {"email", "kisi" + std::to_string(n) + "@example.org"},
          {"province", "35"},
          {"district", "Konak"},
          {"education_level", "upper_secondary"},
          {"employment_status", "unemployed"},
          {"job_seeking", true},
          {"registered", "2025-09-01"},
          {"disability", false},
          {"consents", {{"data_processing", true}, {"share_with_employers", true}}},
          {"guardian_consent", false},
          {"job_preferences", {{"sectors", {"textile"}}, {"districts", {"Konak"}}, {"shift", "day"}}}};
}

inline nlohmann::json vacancy(int n) {
  return {{"id", vacancy_id(n)},     {"employer", employer_id(1)}, {"title", "Dikiş operatörü"},
          {"branch", "SEWING"},      {"positions", 2},             {"requires_certificate", false},
          {"province", "35"},        {"district", "Bornova"},      {"shift", "day"},
          {"opened", "2026-04-01"},  {"closes", "2026-06-30"},     {"status", "open"}};
}

inline nlohmann::json referral(int n, int trainee_number, int vacancy_number, const std::string& status,
                               const std::string& referred = "2026-04-10") {
  nlohmann::json r{{"id", referral_id(n)},
                   {"trainee", trainee_id(trainee_number)},
                   {"vacancy", vacancy_id(vacancy_number)},
                   {"referred", referred},
                   {"status", status}};
  return r;
}

/// The valid base document: one centre, two branches, a completed meb course with 12 graduates and
/// one on the waitlist, an open participation course, an employer, a vacancy and two referrals.
inline nlohmann::json valid_document() {
  nlohmann::json doc;
  doc["schema_version"] = 1;
  doc["policy"] = {{"name", "izmir-vocational-factory"}, {"residency", {{"province", "35"}}},
                   {"min_group", 12}, {"min_age", 15}, {"guardian_consent_under", 18},
                   {"max_active_enrollments", 1}, {"max_absence_ratio", "1/5"}, {"pass_mark", 50},
                   {"max_active_referrals", 3}, {"early_leave_days", 7}, {"retention_days", 90},
                   {"decline_limit", 3}, {"decline_window_days", 365}, {"pause_days", 90}};
  doc["centres"] = {{{"id", centre_id(1)}, {"code", "HALKAPINAR"}, {"name", "Halkapınar"}, {"province", "35"},
                     {"district", "Konak"}, {"seats", 120}, {"branches", {"SEWING", "BOUTIQUE_CHOCOLATE"}}}};
  doc["branches"] = {{{"code", "SEWING"}, {"name", "Dikiş"}, {"sector", "textile"}, {"isco08", "7533"},
                      {"occupation_code", "7533.01"}, {"nominal_hours", 120}, {"certificate", "meb"}},
                     {{"code", "BOUTIQUE_CHOCOLATE"}, {"name", "Butik Çikolata"}, {"sector", "food"},
                      {"nominal_hours", 60}, {"certificate", "participation"}}};
  doc["courses"] = {{{"id", course_id(1)}, {"branch", "SEWING"}, {"centre", centre_id(1)}, {"start", "2026-01-05"},
                     {"end", "2026-03-27"}, {"total_hours", 120}, {"capacity", 15}, {"mode", "in_person"},
                     {"certificate", "meb"}, {"status", "completed"}},
                    {{"id", course_id(2)}, {"branch", "BOUTIQUE_CHOCOLATE"}, {"centre", centre_id(1)},
                     {"start", "2026-05-04"}, {"end", "2026-06-26"}, {"total_hours", 60}, {"capacity", 14},
                     {"mode", "hybrid"}, {"certificate", "participation"}, {"status", "open"}}};
  doc["trainees"] = nlohmann::json::array();
  for (int n = 0; n < 13; ++n) doc["trainees"].push_back(trainee(n));
  doc["applications"] = {{{"id", application_id(1)}, {"trainee", trainee_id(12)},
                          {"courses", {course_id(2), course_id(1)}}, {"applied", "2025-12-01"}}};
  doc["enrollments"] = nlohmann::json::array();
  for (int n = 0; n < 12; ++n) {
    doc["enrollments"].push_back({{"id", enrollment_id(n)}, {"trainee", trainee_id(n)}, {"course", course_id(1)},
                                  {"status", "completed"}, {"absent_hours", 4}, {"score", 70 + n}});
  }
  doc["enrollments"].push_back({{"id", enrollment_id(12)}, {"trainee", trainee_id(12)}, {"course", course_id(1)},
                                {"status", "waitlisted"}, {"absent_hours", 0}});
  doc["certificates"] = {{{"id", certificate_id(1)}, {"enrollment", enrollment_id(0)}, {"kind", "meb"},
                          {"issued", "2026-04-01"}, {"external_number", "MEB-2026-000001"},
                          {"verification_code", "A1B2C3D4E5F60718"}}};
  doc["employers"] = {{{"id", employer_id(1)}, {"name", "Ege Tekstil A.Ş."},
                       {"tax_number", TaxNumber::complete("123456789")->digits()}, {"sector", "textile"},
                       {"province", "35"}, {"district", "Bornova"}, {"consent", true},
                       {"contact", {{"name", "Mehmet Kaya"}, {"phone", "+905321112233"}}}}};
  doc["vacancies"] = nlohmann::json::array({vacancy(1)});  // explicit: compilers read {json} differently
  nlohmann::json hired = referral(1, 0, 1, "hired");
  hired["decided"] = "2026-04-15";
  hired["hired"] = "2026-04-20";
  doc["referrals"] = {hired, referral(2, 1, 1, "interview")};
  return doc;
}

}  // namespace vocfab::testing
