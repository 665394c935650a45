// Random datasets for the properties of candidate ranking and referral matching.
#pragma once

#include "matching/allocation_fixture.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace vocfab::testing {

// A random İzmir-and-Ankara dataset: people with random districts, statuses, consents,
// registrations and preferences; completed courses with certificates (some revoked, some issued
// late), a running course, past referrals of every outcome, and vacancies of every shape.
inline nlohmann::json random_ranking_document(std::mt19937_64& random) {
  const auto pick = [&](const auto& options) { return options[random() % options.size()]; };
  const auto chance = [&](int percent) { return static_cast<int>(random() % 100) < percent; };
  const auto date_in = [&](int year_from, int year_to) {
    char text[11];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year_from + static_cast<int>(random() % (year_to - year_from + 1)),
                  1 + static_cast<int>(random() % 12), 1 + static_cast<int>(random() % 28));
    return std::string(text);
  };
  const std::vector<std::string> districts{"Konak", "Bornova", "Karşıyaka", "KONAK"};
  nlohmann::json doc = allocation_document();
  doc["policy"].erase("residency");
  doc["courses"].push_back(course_record(1, 1, 40, 1, "2025-01-06", "2025-03-28", "completed"));
  doc["courses"][0]["branch"] = "SEWING";
  doc["courses"][0]["certificate"] = "meb";
  doc["courses"].push_back(course_record(2, 2, 40, 1, "2025-04-07", "2025-06-27", "completed"));
  doc["courses"].push_back(course_record(3, 1, 40, 1, "2026-04-06", "2026-06-26", "running"));
  doc["courses"][2]["branch"] = "SEWING";
  const int people = 2 + static_cast<int>(random() % 25);
  int enrollment = 0, certificate = 0, referral = 0;
  const int vacancies = 1 + static_cast<int>(random() % 4);
  for (int n = 0; n < people; ++n) {
    nlohmann::json t = person_record(n, pick(districts), pick(std::vector<std::string>{"unemployed", "student", "employed"}),
                                     chance(20), chance(80) ? "35" : "06");
    t["job_seeking"] = chance(85);
    t["gender"] = pick(std::vector<std::string>{"female", "male", "other", "undisclosed"});
    t["consents"]["data_processing"] = chance(95);
    t["consents"]["share_with_employers"] = chance(90);
    t["registered"] = date_in(2023, 2026);
    if (chance(20)) t["birth_date"] = date_in(2009, 2011);
    t["job_preferences"]["sectors"] = chance(50) ? nlohmann::json{"textile"} : nlohmann::json{"food"};
    t["job_preferences"]["districts"] = nlohmann::json{pick(districts)};
    if (chance(25)) {
      t["job_preferences"].erase("shift");
    } else {
      t["job_preferences"]["shift"] = pick(std::vector<std::string>{"day", "evening", "any"});
    }
    doc["trainees"].push_back(t);
    for (int course = 1; course <= 3; ++course) {
      if (!chance(30)) continue;
      const bool running = course == 3;
      doc["enrollments"].push_back({{"id", enrollment_id(enrollment)}, {"trainee", trainee_id(n)},
                                    {"course", course_id(course)}, {"status", running ? "enrolled" : "completed"},
                                    {"absent_hours", 0}, {"score", 80}});
      if (!running && chance(70)) {
        nlohmann::json c{{"id", certificate_id(certificate)}, {"enrollment", enrollment_id(enrollment)},
                         {"kind", course == 1 ? "meb" : "participation"}, {"issued", chance(85) ? "2025-07-01" : "2026-06-01"},
                         {"verification_code", "CODE" + std::to_string(certificate)}};
        if (chance(15)) c["revoked"] = {{"date", chance(50) ? "2025-09-01" : "2026-06-15"}, {"reason", "error"}};
        doc["certificates"].push_back(c);
        ++certificate;
      }
      ++enrollment;
    }
    const int past = static_cast<int>(random() % 5);
    for (int k = 0; k < past; ++k) {
      const std::string status =
          pick(std::vector<std::string>{"declined", "no_show", "rejected", "withdrawn", "left_early", "retained", "referred"});
      nlohmann::json r = testing::referral(referral++, n, 1 + static_cast<int>(random() % (vacancies + 1)), status,
                                         date_in(2025, 2026));
      r["referred"] = "2025-0" + std::to_string(1 + random() % 9) + "-10";
      if (status != "referred") r["decided"] = date_in(2025, 2026);
      if (status == "left_early" || status == "retained") {
        r["hired"] = "2025-10-01";
        r["ended"] = status == "left_early" ? "2025-10-04" : date_in(2025, 2026);
      }
      doc["referrals"].push_back(r);
    }
  }
  doc["vacancies"] = nlohmann::json::array();
  for (int v = 1; v <= vacancies + 1; ++v) {
    nlohmann::json vacancy = testing::vacancy(v);
    vacancy["district"] = pick(districts);
    vacancy["province"] = chance(80) ? "35" : "06";
    vacancy["shift"] = pick(std::vector<std::string>{"day", "evening", "night", "any"});
    vacancy["requires_certificate"] = chance(30);
    if (chance(30)) vacancy["branch"] = "BOUTIQUE_CHOCOLATE";
    if (chance(15)) {
      vacancy.erase("branch");
      vacancy["occupation_code"] = "7533.01";
    }
    if (chance(30)) vacancy["min_age"] = 18;
    vacancy["opened"] = "2026-01-01";
    vacancy["closes"] = "2026-12-31";
    vacancy["positions"] = 1 + static_cast<int>(random() % 3);
    doc["vacancies"].push_back(vacancy);
  }
  return doc;
}

}  // namespace vocfab::testing
