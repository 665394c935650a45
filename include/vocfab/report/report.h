/// @file
/// The programme's figures (SPEC section 6): the employment funnel (referrals and their outcomes,
/// hires, the people behind them, retention) and the training funnel (applications, enrollments,
/// completions, certificates), as of a day and optionally for a date range, each rate with its
/// numerator and denominator, broken down on request by centre, branch, district, gender, age band
/// and month. The formats (JSON, CSV, tables, an HTML page) are `vocfab/io/report_json.h`.
///
/// Every figure is a count of one kind of fact (a referral, a person, an enrollment…); the facts
/// and the day each is dated by are listed with `metrics()`, the rates with `rates()`. One pass
/// over the people with their referrals, applications and enrollments computes every figure of
/// every breakdown. A record whose person the dataset does not hold (data that fails validation)
/// is not counted.
///
/// Thread-safety: pure functions over a const dataset; distinct calls may run concurrently. A call
/// on a large dataset starts and joins worker threads of its own (`ReportRequest::max_threads`).
#pragma once

#include "vocfab/model/dataset.h"
#include "vocfab/model/date.h"
#include "vocfab/model/issue.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vocfab::report {

/// What a breakdown groups by.
enum class Dimension : std::uint8_t {
  centre,    ///< Training figures by the course's centre; employment figures by the centre of the person's last course completed by the referral day ("none" without one).
  branch,    ///< Training figures by the course's branch; employment figures by the vacancy's branch.
  district,  ///< The person's district of residence (with its province).
  gender,    ///< The person's recorded gender (statistics only).
  age_band,  ///< 15–24 … 65+, by the as-of year minus the year of birth (survives erasure).
  month,     ///< The month of the day each fact is dated by.
};

/// Every dimension, in the order breakdowns are written.
std::span<const Dimension> all_dimensions() noexcept;
/// The name of @p dimension (`centre`, `branch`, `district`, `gender`, `age_band`, `month`).
std::string_view to_string(Dimension dimension) noexcept;
/// Reads a dimension's name; nothing for any other text.
std::optional<Dimension> parse_dimension(std::string_view text) noexcept;
/// Adds the dimension @p name names (or, for `all`, every one) to @p by, each at most once;
/// false, with @p by unchanged, for any other name.
bool add_dimension(std::string_view name, std::vector<Dimension>& by);
/// `add_dimension` for every name of the comma-separated @p names (`centre,gender`); the names
/// that are not dimensions, in order.
std::vector<std::string_view> add_dimensions(std::string_view names, std::vector<Dimension>& by);

/// The two funnels.
enum class Section : std::uint8_t {
  employment,  ///< Referrals, hires, the people referred and hired, retention.
  training,    ///< Applications, enrollments, completions, certificates.
};

/// The name of @p section (`employment`, `training`).
std::string_view to_string(Section section) noexcept;

/// Every counted figure, in the order reports write them.
enum class Metric : std::uint8_t {
  referrals_total,             ///< Referrals referred in range and by the as-of day.
  referrals_referred,          ///< ...of them `referred`.
  referrals_interview,         ///< ...`interview`.
  referrals_hired,             ///< ...`hired`.
  referrals_rejected,          ///< ...`rejected`.
  referrals_declined,          ///< ...`declined`.
  referrals_no_show,           ///< ...`no_show`.
  referrals_withdrawn,         ///< ...`withdrawn`.
  referrals_left_early,        ///< ...`left_early`.
  referrals_retained,          ///< ...`retained` (the stored status).
  hires,                       ///< `hired` + `left_early` + `retained`.
  declined_or_no_show,         ///< `declined` + `no_show`.
  declined_or_left_early,      ///< `declined` + `no_show` + `left_early`: the seeker said no, or left within days.
  hires_matured,               ///< Hires whose `hired + retention_days` is on or before the as-of day.
  hires_too_recent,            ///< Hires too recent for retention to be judged (no `hired` day, or it is later).
  retained_by_as_of,           ///< Matured hires that had not ended before `hired + retention_days`.
  people_registered,           ///< People registered in range and by the as-of day.
  people_eligible,             ///< ...of them resident and consenting (data processing and sharing).
  people_referred,             ///< Distinct people among the counted referrals.
  people_hired,                ///< Distinct people with a counted hire.
  people_retained,             ///< Distinct people with a hire retained by the as-of day.
  applied,                     ///< Distinct people with a counted application.
  applications,                ///< Applications made in range and by the as-of day.
  enrollments_total,           ///< Enrollments in courses starting in range (taken by the as-of day when dated).
  enrollments_waitlisted,      ///< ...of them `waitlisted`.
  enrollments_enrolled,        ///< ...`enrolled`.
  enrollments_withdrawn,       ///< ...`withdrawn`.
  enrollments_removed,         ///< ...`removed`.
  enrollments_failed,          ///< ...`failed`.
  enrollments_completed,       ///< ...`completed`.
  seat_holders,                ///< `enrolled` + `completed` + `failed` + `removed`.
  finished,                    ///< `completed` + `failed` + `removed`: enrollments whose outcome is known.
  removed_for_absence,         ///< `removed` (the absence limit is the only way out of a seat into it).
  failed,                      ///< `failed`.
  completed,                   ///< `completed`.
  certificates_total,          ///< Certificates of counted enrollments issued by the as-of day.
  certificates_meb,            ///< ...of kind `meb`.
  certificates_participation,  ///< ...of kind `participation`.
  certificates_revoked,        ///< ...revoked by the as-of day.
};

/// How many metrics there are.
inline constexpr std::size_t kMetricCount = static_cast<std::size_t>(Metric::certificates_revoked) + 1;

/// What a metric is.
struct MetricInfo {
  Metric metric;                 ///< The metric.
  Section section;               ///< Its funnel.
  std::string_view name;         ///< Its name in JSON (dots nest) and CSV: `referrals.total`, `people.hired`.
  bool distinct_people;          ///< Counts people, not records (a person in two groups counts in each).
  std::string_view description;  ///< What is counted, on which day.
};

/// Every metric, in `Metric` order.
std::span<const MetricInfo> metrics() noexcept;
/// The description of @p metric.
const MetricInfo& info(Metric metric) noexcept;

/// A rate: one metric over another.
struct RateInfo {
  Section section;               ///< Its funnel.
  std::string_view name;         ///< Its name (`hire_per_referral`).
  Metric numerator;              ///< What is counted.
  Metric denominator;            ///< Out of what.
  std::string_view description;  ///< Its meaning.
};

/// Every rate, in the order reports write them.
std::span<const RateInfo> rates() noexcept;

/// Every metric's count for one group (or for everything).
using Counts = std::array<std::uint64_t, kMetricCount>;

/// One group of a breakdown.
struct Group {
  std::string key;    ///< Stable key: a centre or branch code, `06/kahramankazan`, `female`, `25-34`, `2025-03`, `none`.
  std::string label;  ///< Display text: a centre's or branch's name, `Kahramankazan (06)`, `25–34`.
  Counts counts{};    ///< The figures of the facts in the group.
};

/// The figures grouped by one dimension; groups in a fixed order (dataset order for centres and
/// branches, then `none`; key order otherwise).
struct Breakdown {
  Dimension dimension;        ///< What it groups by.
  std::vector<Group> groups;  ///< Every group that has a fact.
};

/// What to report.
struct ReportRequest {
  std::optional<Date> as_of;         ///< The day (default: the dataset's `as_of`; the library reads no clock).
  std::optional<Date> from;          ///< First day of the range (inclusive), if any.
  std::optional<Date> to;            ///< Last day of the range (inclusive), if any.
  std::vector<Dimension> by;         ///< Breakdowns wanted, each at most once.
  std::uint32_t min_group_size = 0;  ///< Counts 1 to this minus one are suppressed when written; 0 suppresses nothing.
  /// The most threads the count may use (0: one per hardware thread). The people are split
  /// between them (from 50,000 people a thread); the result is the same for any number.
  unsigned max_threads = 0;
};

/// A computed report.
struct Report {
  std::string programme;             ///< The policy's name (`kahramankazan-employment-centre`).
  Date as_of;                        ///< The day it describes.
  std::optional<Date> from;          ///< The range's first day, if any.
  std::optional<Date> to;            ///< The range's last day, if any.
  std::uint32_t min_group_size = 0;  ///< The suppression threshold the writers apply.
  std::uint32_t retention_days = 0;  ///< The policy's retention period the report judged by.
  Counts totals{};                   ///< The figures of everything counted.
  std::vector<Breakdown> breakdowns; ///< In the order requested.

  /// The count of @p metric overall.
  std::uint64_t total(Metric metric) const noexcept { return totals[static_cast<std::size_t>(metric)]; }
  /// Whether a count is withheld from publication: more than zero and below `min_group_size`.
  bool suppressed(std::uint64_t count) const noexcept { return count > 0 && count < min_group_size; }
  /// The breakdown by @p dimension, if requested.
  const Breakdown* breakdown(Dimension dimension) const noexcept;
};

/// The count of @p metric in @p counts.
inline std::uint64_t count_of(const Counts& counts, Metric metric) noexcept {
  return counts[static_cast<std::size_t>(metric)];
}

/// A report, or why there is none: `missing_field` at `as_of` (no day given and none in the
/// dataset), `invalid_date_range` (`from` after `to`), `invalid_value` (a dimension twice).
struct ReportResult {
  std::optional<Report> report;  ///< The report, when there is one.
  std::vector<Issue> issues;     ///< Why not; empty on success.
};

/// Computes the figures of @p dataset for @p request.
ReportResult compute_report(const Dataset& dataset, const ReportRequest& request);

/// The age band of someone born in @p birth_year as of @p as_of_year: `under-15`, `15-24` …
/// `65+`, or `unknown` when the year is 0 or later than the as-of year.
std::string_view age_band(int birth_year, int as_of_year) noexcept;

}  // namespace vocfab::report
