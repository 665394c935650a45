// Reports (SPEC section 6): every figure of every group against a plain recount on random and
// generated datasets, rates against their counts, breakdowns against the totals, suppression,
// the request's errors, and the formats (JSON, CSV, table, HTML) read back.
#include "matching/ranking_fixture.h"
#include "report/report_recount.h"
#include "vocfab/io/json.h"
#include "vocfab/io/report_json.h"
#include "vocfab/report/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <sstream>

#ifdef VOCFAB_HAVE_GENERATOR
#include "generate/generator.h"
#endif

namespace vocfab::report {
namespace {

using namespace vocfab::testing;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

Dataset load_file(const std::string& path) {
  LoadResult load = read_dataset_file(path);
  EXPECT_TRUE(load.ok()) << path;
  return std::move(load.dataset);
}

// Every figure of the report equals the recount's, and no group is missing or invented.
void expect_recount(const Dataset& dataset, const ReportRequest& request) {
  const ReportResult result = compute_report(dataset, request);
  ASSERT_THAT(result.issues, IsEmpty());
  const Report& report = *result.report;
  const Recount expected = recount(dataset, request);
  const auto zero = Counts{};
  const auto expected_of = [&](const std::string& dimension, const std::string& group) -> const Counts& {
    const auto found = expected.find({dimension, group});
    return found == expected.end() ? zero : found->second;
  };
  for (const auto& metric : metrics()) {
    EXPECT_EQ(report.total(metric.metric), count_of(expected_of("all", "all"), metric.metric)) << metric.name;
  }
  for (const auto& breakdown : report.breakdowns) {
    const std::string dimension(to_string(breakdown.dimension));
    std::set<std::string> seen;
    for (const auto& group : breakdown.groups) {
      seen.insert(group.key);
      for (const auto& metric : metrics()) {
        EXPECT_EQ(count_of(group.counts, metric.metric), count_of(expected_of(dimension, group.key), metric.metric))
            << dimension << " " << group.key << " " << metric.name;
      }
    }
    for (const auto& [key, counts] : expected) {
      if (key.first == dimension) {
        EXPECT_TRUE(seen.contains(key.second)) << dimension << " misses " << key.second;
      }
    }
  }
}

TEST(Report, EveryFigureEqualsARecountOnRandomDatasets) {
  std::mt19937_64 random(20261202);
  for (int round = 0; round < 40; ++round) {
    const Dataset dataset = read_document(random_ranking_document(random));
    const Date as_of = day(2026, 1 + static_cast<int>(random() % 12), 1 + static_cast<int>(random() % 28));
    ReportRequest request = every_breakdown(as_of);
    if (round % 3 == 1) request.from = day(2025, 3, 1);
    if (round % 3 == 2) request.to = day(2025, 6, 30);
    SCOPED_TRACE("round " + std::to_string(round));
    expect_recount(dataset, request);
  }
}

TEST(Report, EveryFigureEqualsARecountOnTheSamples) {
  for (const char* name : {"sample.json", "kahramankazan.json"}) {
    const Dataset dataset = load_file(std::string(VOCFAB_DATA_DIR) + "/" + name);
    SCOPED_TRACE(name);
    expect_recount(dataset, every_breakdown(dataset.as_of() ? dataset.as_of() : day(2026, 11, 20)));
    ReportRequest ranged = every_breakdown(day(2026, 11, 20));
    ranged.from = day(2026, 1, 1);
    ranged.to = day(2026, 9, 30);
    expect_recount(dataset, ranged);
  }
}

#ifdef VOCFAB_HAVE_GENERATOR
TEST(Report, EveryFigureEqualsARecountOnAGeneratedMunicipality) {
  for (const std::uint64_t seed : {1U, 2U}) {
    const Dataset dataset = generate::generate_dataset(generate::config_for(generate::Scale::municipal), seed);
    SCOPED_TRACE("seed " + std::to_string(seed));
    expect_recount(dataset, every_breakdown(generate::reference_date()));
  }
}

// Counted on several threads (each with its share of the people) or on one: the same report.
TEST(Report, AnyNumberOfThreadsGivesTheSameReport) {
  generate::ScaleConfig config = generate::config_for(generate::Scale::municipal);
  config.trainees = 160'000;  // enough for three threads (50,000 people a thread at least)
  const Dataset dataset = generate::generate_dataset(config, 3);
  ReportRequest request = every_breakdown(generate::reference_date());
  request.max_threads = 1;
  const std::string serial = write_report(*compute_report(dataset, request).report);
  for (const unsigned threads : {2U, 3U, 0U}) {
    request.max_threads = threads;
    EXPECT_EQ(write_report(*compute_report(dataset, request).report), serial) << threads << " threads";
  }
}

// The seed's funnel (SPEC 1 and 6) from the report itself: about 5,000 referrals to about 4,200
// people, 1,500 hires, about 2,000 who declined, did not show up or left within days.
TEST(Report, TheGeneratedKahramankazanReproducesTheSeedsFunnel) {
  for (const std::uint64_t seed : {1U, 2U, 3U}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Dataset dataset = generate::generate_kahramankazan(seed);
    const ReportRequest request = every_breakdown(dataset.as_of());
    expect_recount(dataset, request);
    const Report report = *compute_report(dataset, request).report;
    EXPECT_NEAR(static_cast<double>(report.total(Metric::referrals_total)), 5000, 300);
    EXPECT_NEAR(static_cast<double>(report.total(Metric::people_referred)), 4200, 300);
    EXPECT_NEAR(static_cast<double>(report.total(Metric::hires)), 1500, 100);
    EXPECT_NEAR(static_cast<double>(report.total(Metric::declined_or_left_early)), 2000, 200);
    EXPECT_GT(report.total(Metric::referrals_left_early), 100U);
  }
}
#endif

// What must add up does: record counts over every breakdown, people over the person dimensions.
TEST(Report, BreakdownsAddUpToTheTotals) {
  std::mt19937_64 random(7);
  for (int round = 0; round < 20; ++round) {
    const Dataset dataset = read_document(random_ranking_document(random));
    const Report report = *compute_report(dataset, every_breakdown(day(2026, 6, 1))).report;
    for (const auto& breakdown : report.breakdowns) {
      const bool of_people = breakdown.dimension == Dimension::district || breakdown.dimension == Dimension::gender ||
                             breakdown.dimension == Dimension::age_band;
      for (const auto& metric : metrics()) {
        std::uint64_t sum = 0;
        for (const auto& group : breakdown.groups) sum += count_of(group.counts, metric.metric);
        if (!metric.distinct_people || of_people) {
          EXPECT_EQ(sum, report.total(metric.metric)) << to_string(breakdown.dimension) << " " << metric.name;
        } else {
          EXPECT_GE(sum, report.total(metric.metric)) << to_string(breakdown.dimension) << " " << metric.name;
        }
      }
    }
  }
}

TEST(Report, RatesAreTheirNumeratorOverTheirDenominatorInJsonAndCsv) {
  std::mt19937_64 random(11);
  const Dataset dataset = read_document(random_ranking_document(random));
  const Report report = *compute_report(dataset, every_breakdown(day(2026, 6, 1))).report;
  const auto json = nlohmann::json::parse(write_report(report));
  const auto check = [&](const nlohmann::json& section, const Counts& counts, Section which) {
    for (const auto& rate : rates()) {
      if (rate.section != which) continue;
      const auto& value = section["rates"][std::string(rate.name)];
      EXPECT_EQ(value["numerator"], count_of(counts, rate.numerator)) << rate.name;
      EXPECT_EQ(value["denominator"], count_of(counts, rate.denominator)) << rate.name;
      if (count_of(counts, rate.denominator) == 0) {
        EXPECT_TRUE(value["rate"].is_null()) << rate.name;
      } else {
        EXPECT_DOUBLE_EQ(value["rate"].get<double>(), static_cast<double>(count_of(counts, rate.numerator)) /
                                                          static_cast<double>(count_of(counts, rate.denominator)));
      }
    }
  };
  check(json["employment"], report.totals, Section::employment);
  check(json["training"], report.totals, Section::training);
  for (const auto& breakdown : report.breakdowns) {
    const auto& groups = json["breakdowns"][std::string(to_string(breakdown.dimension))];
    ASSERT_EQ(groups.size(), breakdown.groups.size());
    for (std::size_t i = 0; i < groups.size(); ++i) {
      check(groups[i]["employment"], breakdown.groups[i].counts, Section::employment);
      check(groups[i]["training"], breakdown.groups[i].counts, Section::training);
    }
  }
  // The CSV: one line per metric and rate per group, rates to six decimals.
  std::istringstream csv(report_csv(report));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "section,metric,dimension,group,count,denominator,rate");
  std::size_t lines = 0;
  while (std::getline(csv, line)) {
    ++lines;
    if (line.rfind("employment,rates.hire_per_referral,all,all,", 0) == 0) {
      const auto rate = rates()[0];
      char expected[64];
      std::snprintf(expected, sizeof expected, "%llu,%llu,", static_cast<unsigned long long>(report.total(rate.numerator)),
                    static_cast<unsigned long long>(report.total(rate.denominator)));
      EXPECT_THAT(line, HasSubstr(expected));
    }
  }
  std::size_t groups = 1;
  for (const auto& breakdown : report.breakdowns) groups += breakdown.groups.size();
  EXPECT_EQ(lines, groups * (metrics().size() + rates().size()));
}

TEST(Report, SmallCountsAreSuppressedNeverShownAsZero) {
  std::mt19937_64 random(3);
  const Dataset dataset = read_document(random_ranking_document(random));
  ReportRequest request = every_breakdown(day(2026, 6, 1));
  request.min_group_size = 5;
  const Report report = *compute_report(dataset, request).report;
  const auto json = nlohmann::json::parse(write_report(report));
  std::size_t suppressed = 0;
  for (const auto& metric : metrics()) {
    const std::string name(metric.name);
    const auto dot = name.find('.');
    const auto& section = json[std::string(to_string(metric.section))];
    const auto& value = dot == std::string::npos ? section[name] : section[name.substr(0, dot)][name.substr(dot + 1)];
    const std::uint64_t count = report.total(metric.metric);
    if (count > 0 && count < 5) {
      EXPECT_TRUE(value.is_null()) << name;
      ++suppressed;
    } else {
      EXPECT_EQ(value, count) << name;
    }
  }
  EXPECT_GT(suppressed, 0U);
  const std::string csv = report_csv(report);
  EXPECT_THAT(csv, HasSubstr(",suppressed,"));
  EXPECT_THAT(report_table(report), HasSubstr("suppressed"));
  EXPECT_THAT(report_html(report), HasSubstr("suppressed"));
  // A rate whose count is withheld is withheld too.
  for (const auto& group : json["breakdowns"]["gender"]) {
    for (const auto& [name, rate] : group["employment"]["rates"].items()) {
      if (rate["numerator"].is_null() || rate["denominator"].is_null()) {
        EXPECT_TRUE(rate["rate"].is_null()) << name;
      }
    }
  }
}

TEST(Report, RetentionCountsOnlyHiresOldEnoughAndSaysHowManyWereLeftOut) {
  nlohmann::json document = valid_document();
  document["referrals"] = nlohmann::json::array();
  // Three hires: retained long ago, ended before 90 days, and one too recent to tell.
  auto hire = [&](int n, int person, const char* hired, std::optional<const char*> ended, const char* status) {
    nlohmann::json r = testing::referral(n, person, 1, status, "2025-01-05");
    r["referred"] = "2025-01-02";
    r["hired"] = hired;
    if (ended) r["ended"] = *ended;
    document["referrals"].push_back(r);
  };
  hire(1, 1, "2025-01-10", std::nullopt, "retained");
  hire(2, 2, "2025-01-10", "2025-02-20", "hired");
  hire(3, 3, "2025-05-20", std::nullopt, "hired");
  document["vacancies"][0]["positions"] = 3;
  document["vacancies"][0]["status"] = "filled";
  const Dataset dataset = read_document(document);
  const Report report = *compute_report(dataset, every_breakdown(day(2025, 6, 1))).report;
  EXPECT_EQ(report.total(Metric::hires), 3U);
  EXPECT_EQ(report.total(Metric::hires_matured), 2U);
  EXPECT_EQ(report.total(Metric::hires_too_recent), 1U);
  EXPECT_EQ(report.total(Metric::retained_by_as_of), 1U);
  EXPECT_EQ(report.total(Metric::people_retained), 1U);
  const auto json = nlohmann::json::parse(write_report(report));
  EXPECT_EQ(json["employment"]["rates"]["retention"]["numerator"], 1);
  EXPECT_EQ(json["employment"]["rates"]["retention"]["denominator"], 2);
  EXPECT_EQ(json["employment"]["retention"]["too_recent"], 1);
}

TEST(Report, AgeBandsFollowTheAsOfYearMinusTheYearOfBirth) {
  EXPECT_EQ(age_band(2011, 2026), "15-24");
  EXPECT_EQ(age_band(2012, 2026), "under-15");
  EXPECT_EQ(age_band(2002, 2026), "15-24");
  EXPECT_EQ(age_band(2001, 2026), "25-34");
  EXPECT_EQ(age_band(1961, 2026), "65+");
  EXPECT_EQ(age_band(1962, 2026), "55-64");
  EXPECT_EQ(age_band(0, 2026), "unknown");
  EXPECT_EQ(age_band(2030, 2026), "unknown");
}

TEST(Report, RequestsThatCannotBeServedSayWhy) {
  const Dataset dataset = read_document(valid_document());
  Dataset without_day = read_document(valid_document());
  without_day.set_as_of(std::nullopt);
  EXPECT_EQ(compute_report(without_day, {}).issues.at(0).code, IssueCode::missing_field);
  ReportRequest backwards;
  backwards.as_of = day(2026, 1, 1);
  backwards.from = day(2025, 6, 1);
  backwards.to = day(2025, 5, 1);
  EXPECT_EQ(compute_report(dataset, backwards).issues.at(0).code, IssueCode::invalid_date_range);
  ReportRequest twice;
  twice.as_of = day(2026, 1, 1);
  twice.by = {Dimension::gender, Dimension::gender};
  EXPECT_EQ(compute_report(dataset, twice).issues.at(0).path, "by[1]");

  const auto reply = [&](std::string_view text) { return report_reply(dataset, text); };
  EXPECT_TRUE(reply(R"({"as_of": "2026-01-01", "by": "centre,gender"})").ok());
  EXPECT_TRUE(reply(R"({"as_of": "2026-01-01", "by": ["all"], "format": "html"})").ok());
  EXPECT_EQ(reply(R"({"as_of": "2026-01-01", "by": ["religion"]})").issues.at(0).path, "by[0]");
  EXPECT_EQ(reply(R"({"as_of": "2026-01-01", "format": "pdf"})").issues.at(0).path, "format");
  EXPECT_EQ(reply(R"({"as_of": "2026-13-01"})").issues.at(0).path, "as_of");
  EXPECT_EQ(reply(R"({"as_of": "2026-01-01", "min_group_size": -1})").issues.at(0).path, "min_group_size");
  EXPECT_EQ(reply(R"({"as_of": "2026-01-01", "colour": 1})").issues.at(0).code, IssueCode::invalid_value);
  EXPECT_EQ(reply(R"([)").issues.at(0).code, IssueCode::parse_error);
  EXPECT_EQ(reply(R"({"as_of": "2026-01-01", "max_threads": 1})").json, reply(R"({"as_of": "2026-01-01"})").json);
  EXPECT_EQ(reply(R"({"as_of": "2026-01-01", "max_threads": 257})").issues.at(0).path, "max_threads");
  // A national id typed into a request never comes back in full.
  const auto leaked = reply(R"({"as_of": "12345678950", "by": ["12345678950"], "12345678950": 1})");
  for (const auto& issue : leaked.issues) {
    EXPECT_THAT(issue.message, Not(HasSubstr("12345678950")));
    EXPECT_THAT(issue.path, Not(HasSubstr("12345678950")));
  }
}

TEST(Report, HtmlIsOneSelfContainedPageWithItsCharts) {
  const Dataset dataset = load_file(std::string(VOCFAB_DATA_DIR) + "/sample.json");
  const Report report = *compute_report(dataset, every_breakdown(day(2026, 11, 20))).report;
  const std::string html = report_html(report);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0U);
  EXPECT_THAT(html, HasSubstr("</html>"));
  EXPECT_GE(std::count(html.begin(), html.end(), '\n'), 50);
  std::size_t charts = 0;
  for (std::size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) ++charts;
  EXPECT_GE(charts, 8U);  // two funnels, certificates, two outcome bars, and the breakdowns'
  // Nothing is fetched: no script, no link, no image or font from anywhere.
  for (const char* outside : {"<script", "<link", "<img", "<iframe", "@import", "url(", "https://", "src="}) {
    EXPECT_THAT(html, Not(HasSubstr(outside))) << outside;
  }
  std::size_t namespaces = 0;
  for (std::size_t at = html.find("http://"); at != std::string::npos; at = html.find("http://", at + 1)) {
    EXPECT_EQ(html.compare(at, 26, "http://www.w3.org/2000/svg"), 0);
    ++namespaces;
  }
  EXPECT_EQ(namespaces, charts);
  EXPECT_THAT(html, HasSubstr("@media print"));
}

TEST(Report, RecordTextIsEscapedAndMaskedInEveryFormat) {
  nlohmann::json document = valid_document();
  document["centres"][0]["name"] = "<script>alert(1)</script> 12345678950";
  document["centres"][0]["code"] = "=HYPERLINK(1),\"x\"";
  const Dataset dataset = read_document(document);
  const Report report = *compute_report(dataset, every_breakdown(day(2026, 6, 1))).report;
  for (const std::string& text : {write_report(report), report_csv(report), report_table(report), report_html(report)}) {
    EXPECT_THAT(text, Not(HasSubstr("12345678950")));
  }
  EXPECT_THAT(report_html(report), Not(HasSubstr("<script>")));
  EXPECT_THAT(report_csv(report), HasSubstr("\"'=HYPERLINK(1),\"\"x\"\"\""));
}

TEST(Report, TheDocumentationNamesEveryFigureAndRate) {
  std::ifstream file(std::string(VOCFAB_DATA_DIR) + "/../docs/reports.md");
  const std::string page((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(page.empty());
  for (const auto& metric : metrics()) {
    const std::string name(metric.name);
    // Status counts are documented as a range (`referrals.referred` … `referrals.retained`).
    if (name.rfind("referrals.", 0) == 0 || name.rfind("enrollments.", 0) == 0) {
      EXPECT_NE(page.find(name.substr(name.find('.') + 1)), std::string::npos) << name;
    } else {
      EXPECT_NE(page.find("`" + name + "`"), std::string::npos) << name;
    }
  }
  for (const auto& rate : rates()) EXPECT_NE(page.find("`" + std::string(rate.name) + "`"), std::string::npos) << rate.name;
  for (const auto dimension : all_dimensions()) EXPECT_NE(page.find("`" + std::string(to_string(dimension)) + "`"), std::string::npos);
}

}  // namespace
}  // namespace vocfab::report
