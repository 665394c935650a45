// Reports and plans as JSON, CSV, tables and HTML (vocfab/io/report_json.h).
#include "vocfab/io/report_json.h"

#include "io/request_fields.h"
#include "io/text_table.h"
#include "vocfab/model/masking.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

namespace vocfab {
namespace {

using io_detail::group_thousands;
using io_detail::NestedValue;
using io_detail::RequestFields;
using io_detail::TextTable;
using io_detail::ValueKind;
using ordered_json = nlohmann::ordered_json;
using report::Counts;
using report::Metric;
using report::RateInfo;
using report::Report;
using report::Section;

constexpr io_detail::RequestLimits kLimits{kMaxReportRequestBytes, kMaxReportIssues};

// --- figures as shown ----------------------------------------------------------------------

// A count as published: nothing when suppressed.
std::optional<std::uint64_t> shown(const Report& report, std::uint64_t count) {
  if (report.suppressed(count)) return std::nullopt;
  return count;
}

std::optional<std::uint64_t> shown(const Report& report, const Counts& counts, Metric metric) {
  return shown(report, report::count_of(counts, metric));
}

struct RateShown {
  std::optional<std::uint64_t> numerator;
  std::optional<std::uint64_t> denominator;
  std::optional<double> rate;  // nothing when either count is withheld or the denominator is 0
};

RateShown rate_shown(const Report& report, const Counts& counts, const RateInfo& rate) {
  RateShown out{shown(report, counts, rate.numerator), shown(report, counts, rate.denominator), std::nullopt};
  if (out.numerator && out.denominator && *out.denominator != 0) {
    out.rate = static_cast<double>(*out.numerator) / static_cast<double>(*out.denominator);
  }
  return out;
}

std::string percent(std::optional<double> rate) {
  if (!rate) return "–";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", *rate * 100.0);
  return text;
}

std::string count_text(std::optional<std::uint64_t> count) {
  return count ? group_thousands(static_cast<std::size_t>(*count)) : std::string("suppressed");
}

// --- JSON ----------------------------------------------------------------------------------

ordered_json section_json(const Report& report, const Counts& counts, Section section) {
  ordered_json out = ordered_json::object();
  for (const auto& metric : report::metrics()) {
    if (metric.section != section) continue;
    ordered_json* node = &out;
    std::string_view name = metric.name;
    for (std::size_t dot; (dot = name.find('.')) != std::string_view::npos; name.remove_prefix(dot + 1)) {
      node = &(*node)[std::string(name.substr(0, dot))];
    }
    const auto count = shown(report, counts, metric.metric);
    (*node)[std::string(name)] = count ? ordered_json(*count) : ordered_json(nullptr);
  }
  ordered_json& rates = out["rates"] = ordered_json::object();
  for (const auto& rate : report::rates()) {
    if (rate.section != section) continue;
    const RateShown value = rate_shown(report, counts, rate);
    rates[std::string(rate.name)] = {
        {"numerator", value.numerator ? ordered_json(*value.numerator) : ordered_json(nullptr)},
        {"denominator", value.denominator ? ordered_json(*value.denominator) : ordered_json(nullptr)},
        {"rate", value.rate ? ordered_json(*value.rate) : ordered_json(nullptr)}};
  }
  return out;
}

ordered_json optional_day(const std::optional<Date>& day) {
  return day ? ordered_json(to_iso_string(*day)) : ordered_json(nullptr);
}

// --- CSV -----------------------------------------------------------------------------------

// A CSV field: quoted when it holds a separator, a quote or a line break; a leading character a
// spreadsheet would take for a formula is defused with an apostrophe.
std::string csv_field(std::string_view text) {
  std::string value(text);
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) value.insert(0, "'");
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

void csv_rows(std::string& out, const Report& report, const Counts& counts, std::string_view dimension,
              std::string_view group) {
  const std::string where = csv_field(dimension) + ',' + csv_field(mask_national_ids(group)) + ',';
  for (const auto& metric : report::metrics()) {
    const auto count = shown(report, counts, metric.metric);
    out += std::string(to_string(metric.section)) + ',' + std::string(metric.name) + ',' + where +
           (count ? std::to_string(*count) : "suppressed") + ",,\n";
  }
  for (const auto& rate : report::rates()) {
    const RateShown value = rate_shown(report, counts, rate);
    char ratio[32] = "";
    if (value.rate) std::snprintf(ratio, sizeof ratio, "%.6f", *value.rate);
    out += std::string(to_string(rate.section)) + ",rates." + std::string(rate.name) + ',' + where +
           (value.numerator ? std::to_string(*value.numerator) : "suppressed") + ',' +
           (value.denominator ? std::to_string(*value.denominator) : "suppressed") + ',' + ratio + '\n';
  }
}

// --- tables --------------------------------------------------------------------------------

std::string heading(const Report& report) {
  std::string text = "Report of " + mask_national_ids(report.programme) + " as of " + to_iso_string(report.as_of);
  if (report.from || report.to) {
    text += ", dated " + (report.from ? "from " + to_iso_string(*report.from) : std::string("up")) +
            (report.to ? " to " + to_iso_string(*report.to) : std::string(" to the as-of day"));
  }
  if (report.min_group_size > 1) {
    text += "; counts from 1 to " + std::to_string(report.min_group_size - 1) + " suppressed";
  }
  return text;
}

// The columns of a breakdown: the figures a programme is judged by.
struct Column {
  std::string_view title;
  std::optional<Metric> metric;    // a count...
  const RateInfo* rate = nullptr;  // ...or a rate
};

const RateInfo* rate_named(std::string_view name) {
  for (const auto& rate : report::rates()) {
    if (rate.name == name) return &rate;
  }
  return nullptr;
}

std::vector<Column> breakdown_columns() {
  return {{"referrals", Metric::referrals_total},
          {"hires", Metric::hires},
          {"hire rate", std::nullopt, rate_named("hire_per_referral")},
          {"declined/no-show", Metric::declined_or_no_show},
          {"left early", Metric::referrals_left_early},
          {"retention", std::nullopt, rate_named("retention")},
          {"people", Metric::people_registered},
          {"enrollments", Metric::enrollments_total},
          {"completed", Metric::completed},
          {"completion", std::nullopt, rate_named("completion")},
          {"certificates", Metric::certificates_total}};
}

std::string cell(const Report& report, const Counts& counts, const Column& column) {
  if (column.metric) return count_text(shown(report, counts, *column.metric));
  const RateShown value = rate_shown(report, counts, *column.rate);
  if (!value.numerator || !value.denominator) return "suppressed";
  return percent(value.rate);
}

void section_table(std::string& out, const Report& report, Section section) {
  out += section == Section::employment ? "\nEmployment\n" : "\nTraining\n";
  TextTable figures({"figure", "count"}, {false, true});
  for (const auto& metric : report::metrics()) {
    if (metric.section == section) figures.add({std::string(metric.name), count_text(shown(report, report.totals, metric.metric))});
  }
  figures.render(out, "  ");
  TextTable rates({"rate", "numerator", "denominator", "rate"}, {false, true, true, true});
  for (const auto& rate : report::rates()) {
    if (rate.section != section) continue;
    const RateShown value = rate_shown(report, report.totals, rate);
    rates.add({std::string(rate.name), count_text(value.numerator), count_text(value.denominator), percent(value.rate)});
  }
  out += '\n';
  rates.render(out, "  ");
}

// --- HTML ----------------------------------------------------------------------------------

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// Record text on the page: masked, then escaped.
std::string html_text(std::string_view text) { return escape_html(mask_national_ids(text)); }

struct Segment {
  std::string_view name;
  std::string_view colour;
  std::vector<Metric> metrics;  // summed
};

const std::vector<Segment>& referral_segments() {
  static const std::vector<Segment> segments{
      {"retained", "#0072B2", {Metric::referrals_retained}},
      {"hired", "#009E73", {Metric::referrals_hired}},
      {"left early", "#E69F00", {Metric::referrals_left_early}},
      {"declined", "#D55E00", {Metric::referrals_declined}},
      {"no-show", "#CC79A7", {Metric::referrals_no_show}},
      {"rejected", "#7f7f7f", {Metric::referrals_rejected}},
      {"withdrawn", "#BBBBBB", {Metric::referrals_withdrawn}},
      {"open", "#56B4E9", {Metric::referrals_referred, Metric::referrals_interview}},
  };
  return segments;
}

const std::vector<Segment>& enrollment_segments() {
  static const std::vector<Segment> segments{
      {"completed", "#009E73", {Metric::enrollments_completed}},
      {"failed", "#D55E00", {Metric::enrollments_failed}},
      {"removed (absence)", "#E69F00", {Metric::enrollments_removed}},
      {"withdrawn", "#BBBBBB", {Metric::enrollments_withdrawn}},
      {"enrolled", "#56B4E9", {Metric::enrollments_enrolled}},
      {"waitlisted", "#F0E442", {Metric::enrollments_waitlisted}},
  };
  return segments;
}

constexpr int kChartWidth = 760;
constexpr int kLabelWidth = 200;
constexpr int kBarArea = 440;
constexpr int kRowHeight = 26;

std::string number_text(std::uint64_t value) { return group_thousands(static_cast<std::size_t>(value)); }

// A horizontal bar chart: one bar per step, lengths proportional to the largest.
std::string funnel_svg(std::string_view title, const std::vector<std::pair<std::string, std::optional<std::uint64_t>>>& steps,
                       std::string_view colour) {
  std::uint64_t largest = 1;
  for (const auto& [label, value] : steps) largest = std::max(largest, value.value_or(0));
  const int height = static_cast<int>(steps.size()) * kRowHeight + 10;
  std::string svg = "<figure><figcaption>" + escape_html(title) + "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(kChartWidth) + " " + std::to_string(height) + "\" role=\"img\" aria-label=\"" +
                    escape_html(title) + "\">\n";
  int y = 5;
  for (const auto& [label, value] : steps) {
    const int width = value ? static_cast<int>(static_cast<double>(*value) / static_cast<double>(largest) * kBarArea) : 0;
    svg += "<text x=\"" + std::to_string(kLabelWidth - 8) + "\" y=\"" + std::to_string(y + 17) +
           "\" text-anchor=\"end\">" + escape_html(label) + "</text>";
    svg += "<rect x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + std::to_string(y + 3) + "\" width=\"" +
           std::to_string(std::max(width, value && *value > 0 ? 1 : 0)) + "\" height=\"" + std::to_string(kRowHeight - 6) +
           "\" fill=\"" + std::string(colour) + "\"><title>" + escape_html(label) + ": " +
           (value ? number_text(*value) : std::string("suppressed")) + "</title></rect>";
    svg += "<text x=\"" + std::to_string(kLabelWidth + width + 6) + "\" y=\"" + std::to_string(y + 17) + "\">" +
           (value ? number_text(*value) : std::string("suppressed")) + "</text>\n";
    y += kRowHeight;
  }
  return svg + "</svg></figure>\n";
}

struct StackedRow {
  std::string label;
  Counts counts;
};

// Shares of outcomes, one 100% bar per row, with the row's total after it and a legend.
std::string stacked_svg(const Report& report, std::string_view title, const std::vector<StackedRow>& rows,
                        const std::vector<Segment>& segments, Metric total_metric) {
  const int legend_height = 24;
  const int height = legend_height + static_cast<int>(rows.size()) * kRowHeight + 10;
  std::string svg = "<figure><figcaption>" + escape_html(title) + "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(kChartWidth) + " " + std::to_string(height) + "\" role=\"img\" aria-label=\"" +
                    escape_html(title) + "\">\n";
  int x = 0;
  for (const auto& segment : segments) {
    svg += "<rect x=\"" + std::to_string(x) + "\" y=\"4\" width=\"12\" height=\"12\" fill=\"" + std::string(segment.colour) +
           "\"/><text x=\"" + std::to_string(x + 16) + "\" y=\"15\" class=\"legend\">" + escape_html(segment.name) + "</text>";
    x += 30 + static_cast<int>(segment.name.size()) * 7;
  }
  svg += '\n';
  int y = legend_height;
  for (const auto& row : rows) {
    svg += "<text x=\"" + std::to_string(kLabelWidth - 8) + "\" y=\"" + std::to_string(y + 17) +
           "\" text-anchor=\"end\">" + html_text(row.label) + "</text>";
    const auto total = shown(report, row.counts, total_metric);
    double offset = 0;
    bool withheld = !total;
    if (total && *total > 0) {
      for (const auto& segment : segments) {
        std::uint64_t value = 0;
        for (const Metric metric : segment.metrics) {
          const auto part = shown(report, row.counts, metric);
          if (!part) withheld = true;
          value += part.value_or(0);
        }
        if (value == 0) continue;
        const double width = static_cast<double>(value) / static_cast<double>(*total) * kBarArea;
        char geometry[128];
        std::snprintf(geometry, sizeof geometry, "x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"", kLabelWidth + offset, y + 3,
                      width, kRowHeight - 6);
        svg += "<rect " + std::string(geometry) + " fill=\"" + std::string(segment.colour) + "\"><title>" +
               html_text(row.label) + ", " + escape_html(segment.name) + ": " + number_text(value) + "</title></rect>";
        offset += width;
      }
    }
    svg += "<text x=\"" + std::to_string(kLabelWidth + kBarArea + 8) + "\" y=\"" + std::to_string(y + 17) + "\">" +
           (total ? number_text(*total) : std::string("suppressed")) + (withheld && total ? " *" : "") + "</text>\n";
    y += kRowHeight;
  }
  return svg + "</svg></figure>\n";
}

std::string html_table(const Report& report, const std::vector<std::pair<std::string, const Counts*>>& rows) {
  const auto columns = breakdown_columns();
  std::string html = "<div class=\"table\"><table><thead><tr><th>group</th>";
  for (const auto& column : columns) html += "<th>" + escape_html(column.title) + "</th>";
  html += "</tr></thead><tbody>\n";
  for (const auto& [label, counts] : rows) {
    html += "<tr><th>" + html_text(label) + "</th>";
    for (const auto& column : columns) html += "<td>" + escape_html(cell(report, *counts, column)) + "</td>";
    html += "</tr>\n";
  }
  return html + "</tbody></table></div>\n";
}

constexpr std::string_view kStyle = R"(
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;color:#1d1d1d;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.05rem;margin-top:1.5rem}p.meta{color:#555;margin-top:0}
figure{margin:1rem 0;break-inside:avoid}figcaption{font-weight:bold;margin-bottom:.3rem}
svg{width:100%;height:auto;font-size:13px}svg text{fill:#1d1d1d}svg text.legend{font-size:12px}
div.table{overflow-x:auto}table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.8rem;break-inside:auto}
th,td{border:1px solid #ccc;padding:.2rem .45rem}td{text-align:right;font-variant-numeric:tabular-nums}
thead th{background:#eef3f8}tbody th{text-align:left;font-weight:normal}
.kpi{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}.kpi div{border:1px solid #ccd;border-radius:6px;padding:.5rem .8rem;min-width:9rem}
.kpi b{display:block;font-size:1.3rem}.note{color:#555;font-size:.85rem}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}section{break-inside:avoid-page}div.table{overflow:visible}table{font-size:.62rem}th,td{padding:.1rem .25rem}}
)";

std::string kpi(std::string_view name, const std::string& value) {
  return "<div><b>" + escape_html(value) + "</b>" + escape_html(name) + "</div>";
}

std::string html_rate(const Report& report, const Counts& counts, std::string_view name) {
  const RateInfo* rate = rate_named(name);
  const RateShown value = rate_shown(report, counts, *rate);
  if (!value.numerator || !value.denominator) return "suppressed";
  return percent(value.rate) + " (" + number_text(*value.numerator) + " of " + number_text(*value.denominator) + ")";
}

// "by centre", "by age band".
std::string by_text(report::Dimension dimension) {
  std::string text = "by " + std::string(to_string(dimension));
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

std::string dimension_title(report::Dimension dimension) {
  std::string title = by_text(dimension);
  title[0] = 'B';
  return title;
}

// The employment funnel's figures, charts and rates.
std::string employment_html(const Report& report) {
  const Counts& all = report.totals;
  std::string html = "<div class=\"kpi\">";
  html += kpi("referrals", count_text(shown(report, all, Metric::referrals_total)));
  html += kpi("hires", count_text(shown(report, all, Metric::hires)));
  html += kpi("declined, no-show or left early", count_text(shown(report, all, Metric::declined_or_left_early)));
  html += kpi("people hired", count_text(shown(report, all, Metric::people_hired)));
  html += "</div>\n";
  html += funnel_svg("People: the employment funnel",
                     {{"registered", shown(report, all, Metric::people_registered)},
                      {"eligible", shown(report, all, Metric::people_eligible)},
                      {"referred", shown(report, all, Metric::people_referred)},
                      {"hired", shown(report, all, Metric::people_hired)},
                      {"retained", shown(report, all, Metric::people_retained)}},
                     "#0072B2");
  html += stacked_svg(report, "What became of the referrals", {{"all referrals", all}}, referral_segments(),
                      Metric::referrals_total);
  html += "<p>Hires per referral: " + escape_html(html_rate(report, all, "hire_per_referral")) +
          ". Declines and no-shows per referral: " + escape_html(html_rate(report, all, "decline_or_no_show_per_referral")) +
          "; with early leaves: " + escape_html(html_rate(report, all, "declined_or_left_early_per_referral")) +
          ". Left early, per hire: " + escape_html(html_rate(report, all, "left_early_per_hire")) +
          ". Retention after " + std::to_string(report.retention_days) +
          " days: " + escape_html(html_rate(report, all, "retention")) + "; " +
          escape_html(count_text(shown(report, all, Metric::hires_too_recent))) +
          " hires are too recent to tell.</p>\n";
  return html;
}

// The training funnel's figures, charts and rates.
std::string training_html(const Report& report) {
  const Counts& all = report.totals;
  std::string html = "<div class=\"kpi\">";
  html += kpi("applicants", count_text(shown(report, all, Metric::applied)));
  html += kpi("enrollments", count_text(shown(report, all, Metric::enrollments_total)));
  html += kpi("completed", count_text(shown(report, all, Metric::completed)));
  html += kpi("certificates", count_text(shown(report, all, Metric::certificates_total)));
  html += "</div>\n";
  html += funnel_svg("The training funnel",
                     {{"applicants", shown(report, all, Metric::applied)},
                      {"enrollments", shown(report, all, Metric::enrollments_total)},
                      {"held a seat", shown(report, all, Metric::seat_holders)},
                      {"completed", shown(report, all, Metric::completed)},
                      {"certificates", shown(report, all, Metric::certificates_total)}},
                     "#009E73");
  html += funnel_svg("Certificates by kind",
                     {{"meb (completion)", shown(report, all, Metric::certificates_meb)},
                      {"participation", shown(report, all, Metric::certificates_participation)},
                      {"revoked", shown(report, all, Metric::certificates_revoked)}},
                     "#56B4E9");
  html += stacked_svg(report, "What became of the enrollments", {{"all enrollments", all}}, enrollment_segments(),
                      Metric::enrollments_total);
  html += "<p>Completion: " + escape_html(html_rate(report, all, "completion")) +
          ". Removed for absence, of those who held a seat: " + escape_html(html_rate(report, all, "removal_for_absence")) +
          ".</p>\n";
  return html;
}

// --- plan ----------------------------------------------------------------------------------

std::string centre_text(const Dataset& dataset, const CentreId& id) {
  const Centre* centre = dataset.find(id);
  return centre == nullptr ? id.to_string() : mask_national_ids(centre->code + " " + centre->name);
}

}  // namespace

RequestReading<ReportQuery> read_report_request(std::string_view text) {
  RequestReading<ReportQuery> reading;
  RequestFields fields(kLimits, reading.issues);
  auto& request = reading.request.request;
  const auto unknown_dimension = [&](std::string_view name, const std::string& path) {
    fields.add(IssueCode::invalid_value, path,
               "a breakdown is one of centre, branch, district, gender, age_band, month or all, found " + quote_value(name));
  };
  fields.walk(text, R"({"as_of": D, "from": D, "to": D, "by": [DIM, ...], "min_group_size": K, "format": F, "max_threads": N})",
              {"as_of", "from", "to", "by", "min_group_size", "format", "max_threads"},
              [&](std::string_view key, NestedValue::View member) {
                if (key == "as_of") {
                  fields.day(member, key, request.as_of);
                } else if (key == "from") {
                  fields.day(member, key, request.from);
                } else if (key == "to") {
                  fields.day(member, key, request.to);
                } else if (key == "min_group_size") {
                  fields.count(member, key, 0, kMaxMinGroupSize, request.min_group_size);
                } else if (key == "max_threads") {
                  fields.count(member, key, 0, kMaxReportThreads, request.max_threads);
                } else if (key == "format") {
                  fields.choice(member, key,
                                {std::pair{std::string_view("json"), ReportFormat::json},
                                 std::pair{std::string_view("csv"), ReportFormat::csv},
                                 std::pair{std::string_view("table"), ReportFormat::table},
                                 std::pair{std::string_view("html"), ReportFormat::html}},
                                reading.request.format);
                } else if (member.kind() == ValueKind::string) {
                  // "centre,branch": the form a command line passes on.
                  for (const auto name : report::add_dimensions(member.string_view(), request.by)) {
                    unknown_dimension(name, "by");
                  }
                } else if (member.kind() == ValueKind::array) {
                  std::size_t index = 0;
                  member.for_each([&](NestedValue::View item) {
                    const std::string path = "by[" + std::to_string(index++) + "]";
                    if (item.kind() != ValueKind::string) {
                      fields.add(IssueCode::invalid_value, path,
                                 std::string("a breakdown is a name, found ").append(io_detail::kind_name(item.kind())));
                    } else if (!report::add_dimension(item.string_view(), request.by)) {
                      unknown_dimension(item.string_view(), path);
                    }
                  });
                } else {
                  fields.add(IssueCode::invalid_value, "by",
                             std::string("by is a list of breakdowns, found ").append(io_detail::kind_name(member.kind())));
                }
              });
  return reading;
}

RequestReading<PlanQuery> read_plan_request(std::string_view text) {
  RequestReading<PlanQuery> reading;
  RequestFields fields(kLimits, reading.issues);
  fields.walk(text, R"({"as_of": D, "format": "json" | "table"})", {"as_of", "format"},
              [&](std::string_view key, NestedValue::View member) {
                if (key == "as_of") {
                  fields.day(member, key, reading.request.request.as_of);
                } else {
                  fields.choice(member, key,
                                {std::pair{std::string_view("json"), ReportFormat::json},
                                 std::pair{std::string_view("table"), ReportFormat::table}},
                                reading.request.format);
                }
              });
  return reading;
}

RequestReading<AnonymiseQuery> read_anonymise_request(std::string_view text) {
  RequestReading<AnonymiseQuery> reading;
  RequestFields fields(kLimits, reading.issues);
  fields.walk(text, R"({"erased_on": D, "seed": N})", {"erased_on", "seed"},
              [&](std::string_view key, NestedValue::View member) {
                if (key == "erased_on") {
                  fields.day(member, key, reading.request.erased_on);
                } else {
                  std::uint64_t seed = 0;
                  fields.count(member, key, 0, UINT64_MAX, seed);
                  reading.request.seed = seed;
                }
              });
  return reading;
}

std::string write_report(const Report& report) {
  ordered_json out{{"programme", mask_national_ids(report.programme)},
                   {"as_of", to_iso_string(report.as_of)},
                   {"from", optional_day(report.from)},
                   {"to", optional_day(report.to)},
                   {"min_group_size", report.min_group_size},
                   {"retention_days", report.retention_days}};
  out["employment"] = section_json(report, report.totals, Section::employment);
  out["training"] = section_json(report, report.totals, Section::training);
  ordered_json& breakdowns = out["breakdowns"] = ordered_json::object();
  for (const auto& breakdown : report.breakdowns) {
    ordered_json& groups = breakdowns[std::string(to_string(breakdown.dimension))] = ordered_json::array();
    for (const auto& group : breakdown.groups) {
      groups.push_back({{"group", mask_national_ids(group.key)},
                        {"label", mask_national_ids(group.label)},
                        {"employment", section_json(report, group.counts, Section::employment)},
                        {"training", section_json(report, group.counts, Section::training)}});
    }
  }
  return out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string report_csv(const Report& report) {
  std::string out = "section,metric,dimension,group,count,denominator,rate\n";
  csv_rows(out, report, report.totals, "all", "all");
  for (const auto& breakdown : report.breakdowns) {
    for (const auto& group : breakdown.groups) csv_rows(out, report, group.counts, to_string(breakdown.dimension), group.key);
  }
  return out;
}

std::string report_table(const Report& report) {
  std::string out = heading(report) + "\n";
  section_table(out, report, Section::employment);
  section_table(out, report, Section::training);
  const auto columns = breakdown_columns();
  for (const auto& breakdown : report.breakdowns) {
    out += "\n" + dimension_title(breakdown.dimension) + "\n";
    std::vector<std::string> header{"group"};
    std::vector<bool> right{false};
    for (const auto& column : columns) {
      header.emplace_back(column.title);
      right.push_back(true);
    }
    TextTable table(std::move(header), std::move(right));
    for (const auto& group : breakdown.groups) {
      std::vector<std::string> row{mask_national_ids(group.label)};
      for (const auto& column : columns) row.push_back(cell(report, group.counts, column));
      table.add(std::move(row));
    }
    table.render(out, "  ");
  }
  return out;
}

std::string report_html(const Report& report) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
                     html_text("Report: " + report.programme) + "</title>\n<style>" + std::string(kStyle) +
                     "</style>\n</head>\n<body>\n";
  html += "<h1>" + html_text(report.programme) + "</h1>\n<p class=\"meta\">" + escape_html(heading(report)) + "</p>\n";
  // A funnel without a fact (an employment centre that runs no courses) is one line, not empty charts.
  html += "<section><h2>Employment</h2>\n";
  html += report.total(Metric::people_registered) + report.total(Metric::referrals_total) != 0
              ? employment_html(report)
              : "<p class=\"note\">No people or referrals are counted in this report.</p>\n";
  html += "</section>\n<section><h2>Training</h2>\n";
  html += report.total(Metric::applications) + report.total(Metric::enrollments_total) != 0
              ? training_html(report)
              : "<p class=\"note\">No applications or enrollments are counted in this report.</p>\n";
  html += "</section>\n";

  for (const auto& breakdown : report.breakdowns) {
    html += "<section><h2>" + escape_html(dimension_title(breakdown.dimension)) + "</h2>\n";
    std::vector<StackedRow> employment_rows, training_rows;
    std::vector<std::pair<std::string, const Counts*>> rows;
    for (const auto& group : breakdown.groups) {
      if (report::count_of(group.counts, Metric::referrals_total) != 0) employment_rows.push_back({group.label, group.counts});
      if (report::count_of(group.counts, Metric::enrollments_total) != 0) training_rows.push_back({group.label, group.counts});
      rows.emplace_back(group.label, &group.counts);
    }
    if (!employment_rows.empty()) {
      html += stacked_svg(report, "Referral outcomes " + by_text(breakdown.dimension), employment_rows,
                          referral_segments(), Metric::referrals_total);
    }
    if (!training_rows.empty()) {
      html += stacked_svg(report, "Enrollment outcomes " + by_text(breakdown.dimension), training_rows,
                          enrollment_segments(), Metric::enrollments_total);
    }
    if (breakdown.groups.empty()) html += "<p class=\"note\">Nothing to show.</p>\n";
    html += html_table(report, rows) + "</section>\n";
  }
  html += "<p class=\"note\">Made by vocfab. Rates are shown with their numerators and denominators; a count marked "
          "suppressed lies between 1 and the minimum group size less one; * marks a bar with a suppressed part. "
          "Retention counts hires whose retention period ended by the as-of day.</p>\n</body>\n</html>\n";
  return html;
}

std::string write_report(const Report& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::json: return write_report(report);
    case ReportFormat::csv: return report_csv(report);
    case ReportFormat::table: return report_table(report);
    case ReportFormat::html: return report_html(report);
  }
  return write_report(report);
}

std::string write_plan(const report::Plan& plan) {
  ordered_json out{{"as_of", to_iso_string(plan.as_of)}};
  ordered_json& branches = out["branches"] = ordered_json::array();
  for (const auto& balance : plan.branches) {
    branches.push_back({{"branch", mask_national_ids(balance.branch.str())},
                        {"demand",
                         {{"open_positions", balance.demand.open_positions},
                          {"recent_hires", balance.demand.recent_hires},
                          {"total", balance.demand.total()}}},
                        {"supply",
                         {{"certified_seekers", balance.supply.certified_seekers},
                          {"in_training", balance.supply.in_training},
                          {"total", balance.supply.total()}}},
                        {"gap", balance.gap()}});
  }
  ordered_json& recommendations = out["recommendations"] = ordered_json::array();
  for (const auto& recommendation : plan.recommendations) {
    recommendations.push_back({{"branch", mask_national_ids(recommendation.branch.str())},
                               {"centre", recommendation.centre.to_string()},
                               {"capacity", recommendation.capacity},
                               {"reason", mask_national_ids(recommendation.reason)}});
  }
  ordered_json& not_recommended = out["not_recommended"] = ordered_json::array();
  for (const auto& entry : plan.not_recommended) {
    not_recommended.push_back({{"branch", mask_national_ids(entry.branch.str())}, {"reason", mask_national_ids(entry.reason)}});
  }
  return out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string plan_table(const Dataset& dataset, const report::Plan& plan) {
  std::string out = "Course plan as of " + to_iso_string(plan.as_of) + ": " + std::to_string(plan.recommendations.size()) +
                    (plan.recommendations.size() == 1 ? " course" : " courses") + " recommended\n\n";
  TextTable balances({"branch", "open positions", "recent hires", "demand", "certified", "in training", "supply", "gap"},
                     {false, true, true, true, true, true, true, true});
  for (const auto& balance : plan.branches) {
    balances.add({mask_national_ids(balance.branch.str()), number_text(balance.demand.open_positions),
                  number_text(balance.demand.recent_hires), number_text(balance.demand.total()),
                  number_text(balance.supply.certified_seekers), number_text(balance.supply.in_training),
                  number_text(balance.supply.total()), std::to_string(balance.gap())});
  }
  balances.render(out, "  ");
  if (!plan.recommendations.empty()) {
    out += "\nRecommended courses\n";
    for (const auto& recommendation : plan.recommendations) {
      out += "  " + mask_national_ids(recommendation.branch.str()) + " at " + centre_text(dataset, recommendation.centre) + ", " +
             std::to_string(recommendation.capacity) + " places\n    " + mask_national_ids(recommendation.reason) + "\n";
    }
  }
  if (!plan.not_recommended.empty()) {
    out += "\nNot recommended\n";
    for (const auto& entry : plan.not_recommended) {
      out += "  " + mask_national_ids(entry.branch.str()) + ": " + mask_national_ids(entry.reason) + "\n";
    }
  }
  return out;
}

JsonReply report_reply(const Dataset& dataset, std::string_view request) {
  auto reading = read_report_request(request);
  if (!reading.issues.empty()) return {{}, std::move(reading.issues)};
  report::ReportResult result = report::compute_report(dataset, reading.request.request);
  if (!result.report) return {{}, std::move(result.issues)};
  return {write_report(*result.report, reading.request.format), {}};
}

JsonReply plan_reply(const Dataset& dataset, std::string_view request) {
  auto reading = read_plan_request(request);
  if (!reading.issues.empty()) return {{}, std::move(reading.issues)};
  report::PlanResult result = report::plan_courses(dataset, reading.request.request);
  if (!result.plan) return {{}, std::move(result.issues)};
  return {reading.request.format == ReportFormat::table ? plan_table(dataset, *result.plan) : write_plan(*result.plan), {}};
}

AnonymiseReply anonymise_reply(const Dataset& dataset, std::string_view request) {
  auto reading = read_anonymise_request(request);
  if (!reading.issues.empty()) return {std::nullopt, std::move(reading.issues)};
  const std::optional<Date> day = reading.request.erased_on ? reading.request.erased_on : dataset.as_of();
  if (!day) {
    return {std::nullopt,
            {{IssueCode::missing_field, "erased_on", "no erasure day: the request names none and the dataset has no as_of"}}};
  }
  return {report::anonymise(dataset, {*day, reading.request.seed}), {}};
}

}  // namespace vocfab
