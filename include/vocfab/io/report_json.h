/// @file
/// Reports (SPEC section 6) and course plans (SPEC 5.4) as JSON, CSV, readable tables and a
/// self-contained HTML page, and the requests that ask for them. The figures themselves are
/// `vocfab/report/report.h` and `vocfab/report/planning.h`.
///
/// Requests (an empty text is the empty request; absent or null fields take their defaults):
/// - report: `{"as_of": D, "from": D, "to": D, "by": ["centre", ...] | "centre,branch",
///   "min_group_size": K, "format": "json" | "csv" | "table" | "html", "max_threads": N}`, `by` any of the
///   dimensions (`all` for every one), `min_group_size` 0 (off, the default) to 1,000,000,
///   `format` default `json`, `max_threads` 0 (one per hardware thread, the default) to 256;
/// - plan: `{"as_of": D, "format": "json" | "table"}`;
/// - anonymised release: `{"erased_on": D, "seed": N}`.
/// Wrong types, malformed days, unknown, repeated or unknown-valued fields are `invalid_value` at
/// the field's path, a text that is not JSON `parse_error`, a request longer than
/// `kMaxReportRequestBytes` is refused unread.
///
/// Outputs:
/// - report JSON: `{"programme", "as_of", "from", "to", "min_group_size", "retention_days",
///   "employment": {...}, "training": {...}, "breakdowns": {"centre": [{"group", "label",
///   "employment": {...}, "training": {...}}, ...], ...}}`, each section holding its metrics
///   nested by their dotted names (`referrals.total` → `{"referrals": {"total": n}}`) and
///   `"rates": {"hire_per_referral": {"numerator", "denominator", "rate"}, ...}`. A suppressed
///   count (more than 0 and below `min_group_size`) is `null`; a rate is `null` when its
///   denominator is 0 or either of its counts is suppressed.
/// - report CSV, the long format of SPEC 6: `section,metric,dimension,group,count,denominator,rate`,
///   one row per metric and per rate (metric `rates.NAME`, count the numerator), totals under
///   dimension and group `all`; a suppressed count is written `suppressed`; rates to 6 decimals.
/// - report table: the totals of each funnel with their rates, then one table per breakdown.
/// - report HTML: one page, no external resource (inline CSS and SVG), readable on screen and in
///   print: the employment and training funnels, referral outcomes, and per breakdown the
///   outcomes of every group as bars and as a table.
/// - plan JSON: `{"as_of", "branches": [{"branch", "demand": {"open_positions", "recent_hires",
///   "total"}, "supply": {"certified_seekers", "in_training", "total"}, "gap"}], "recommendations":
///   [{"branch", "centre", "capacity", "reason"}], "not_recommended": [{"branch", "reason"}]}`.
/// Text from records (centre names, districts, codes) is passed through `mask_national_ids` in
/// every format; HTML escapes it, CSV quotes it and defuses spreadsheet formulas.
///
/// Thread-safety: pure functions; distinct calls may run concurrently on one unchanging dataset.
#pragma once

#include "vocfab/io/json.h"
#include "vocfab/io/ranking_json.h"
#include "vocfab/report/anonymise.h"
#include "vocfab/report/planning.h"
#include "vocfab/report/report.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>
#include <string>
#include <string_view>

namespace vocfab {

/// The longest report or plan request read, in bytes.
inline constexpr std::size_t kMaxReportRequestBytes = 4096;
/// The most issues a report or plan request lists; one more says the rest were left out.
inline constexpr std::size_t kMaxReportIssues = 20;
/// The largest `min_group_size`.
inline constexpr std::uint32_t kMaxMinGroupSize = 1'000'000;
/// The largest `max_threads` a report request may ask for.
inline constexpr unsigned kMaxReportThreads = 256;

/// The formats a report or plan is written in.
enum class ReportFormat { json, csv, table, html };

/// A report request with the format asked for.
struct ReportQuery {
  report::ReportRequest request;          ///< What to count.
  ReportFormat format = ReportFormat::json;  ///< How to write it.
};

/// A plan request with the format asked for (`json` or `table`).
struct PlanQuery {
  report::PlanRequest request;               ///< What to plan for.
  ReportFormat format = ReportFormat::json;  ///< How to write it.
};

/// What an anonymised release is made with (`vf_dataset_export_anonymised`'s request
/// `{"erased_on": D, "seed": N}`).
struct AnonymiseQuery {
  std::optional<Date> erased_on;       ///< Everyone's erasure day (default: the dataset's `as_of`).
  std::optional<std::uint64_t> seed;   ///< Reproducible fresh ids (for tests).
};

/// An anonymised release, or why not (`missing_field` at `erased_on`: no day given and no
/// `as_of` in the dataset; the request's own issues).
struct AnonymiseReply {
  std::optional<Dataset> release;  ///< The release, when there is one.
  std::vector<Issue> issues;       ///< Why not; empty on success.
};

/// Reads @p text as a report request.
RequestReading<ReportQuery> read_report_request(std::string_view text);
/// Reads @p text as a plan request.
RequestReading<PlanQuery> read_plan_request(std::string_view text);
/// Reads @p text as an anonymised-release request.
RequestReading<AnonymiseQuery> read_anonymise_request(std::string_view text);

/// The report as JSON (deterministic bytes, no trailing newline).
std::string write_report(const report::Report& report);
/// The report as CSV in SPEC 6's long format (with a header line; lines end in `\n`).
std::string report_csv(const report::Report& report);
/// The report as readable plain-text tables.
std::string report_table(const report::Report& report);
/// The report as a self-contained HTML page.
std::string report_html(const report::Report& report);
/// The report in @p format.
std::string write_report(const report::Report& report, ReportFormat format);

/// The plan as JSON (deterministic bytes, no trailing newline).
std::string write_plan(const report::Plan& plan);
/// The plan as readable plain-text tables (centres by code and name).
std::string plan_table(const Dataset& dataset, const report::Plan& plan);

/// Reads the request, computes the report and writes it in the format asked for (the text is in
/// `JsonReply::json` whatever the format).
JsonReply report_reply(const Dataset& dataset, std::string_view request);
/// Reads the request, makes the plan and writes it in the format asked for.
JsonReply plan_reply(const Dataset& dataset, std::string_view request);
/// Reads the request and makes the anonymised release of @p dataset (`report::anonymise`).
AnonymiseReply anonymise_reply(const Dataset& dataset, std::string_view request);

}  // namespace vocfab
