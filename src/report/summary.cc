#include "vocfab/report/summary.h"

#include "io/text_table.h"

#include "vocfab/model/masking.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace vocfab {
namespace {

using io_detail::group_thousands;
using io_detail::TextTable;

/// Where a course's numbers go: its centre's row and its branch's row, when they exist.
struct CourseRows {
  std::optional<std::size_t> centre;
  std::optional<std::size_t> branch;
};

/// Adds one to the named counter of the rows @p rows points at.
template <class Counter>
void bump(Summary& summary, const CourseRows& rows, Counter counter) {
  if (rows.centre) ++(summary.centres[*rows.centre].*counter);
  if (rows.branch) ++(summary.branches[*rows.branch].*counter);
}

nlohmann::ordered_json row_json(const SummaryRow& row, bool with_vacancies) {
  nlohmann::ordered_json out;
  out["code"] = row.key;
  out["name"] = row.name;
  out["courses"] = row.courses;
  out["enrolled"] = row.enrolled;
  out["completed"] = row.completed;
  out["waitlisted"] = row.waitlisted;
  out["certificates"] = row.certificates;
  if (with_vacancies) out["vacancies"] = row.vacancies;
  return out;
}

void render_rows(std::string& out, std::string_view title, const std::vector<SummaryRow>& rows,
                 bool with_vacancies) {
  out += title;
  out += '\n';
  if (rows.empty()) {
    out += "  (none)\n";
    return;
  }
  std::vector<std::string> header{"code", "name", "courses", "enrolled", "completed", "waitlisted",
                                  "certificates"};
  std::vector<bool> right{false, false, true, true, true, true, true};
  if (with_vacancies) {
    header.emplace_back("vacancies");
    right.push_back(true);
  }
  TextTable table(std::move(header), std::move(right));
  for (const SummaryRow& row : rows) {
    std::vector<std::string> cells{row.key,
                                   row.name,
                                   group_thousands(row.courses),
                                   group_thousands(row.enrolled),
                                   group_thousands(row.completed),
                                   group_thousands(row.waitlisted),
                                   group_thousands(row.certificates)};
    if (with_vacancies) cells.push_back(group_thousands(row.vacancies));
    table.add(std::move(cells));
  }
  table.render(out, "  ");
}

}  // namespace

// A summary is a report that leaves the registry: the texts it shows (the policy's name, codes
// and names of centres and branches) are masked as a masked export masks them, so that a
// national id typed into one of them never shows in full.
Summary summarize(const Dataset& dataset) {
  Summary summary;
  summary.policy_name = mask_national_ids(dataset.policy().name);
  for (Collection collection : kAllCollections) {
    summary.records.emplace_back(std::string(to_string(collection)), dataset.size(collection));
  }

  // Rows in dataset order; the first record with a key receives that key's counts.
  std::unordered_map<CentreId, std::size_t> centre_row;
  summary.centres.reserve(dataset.records<Centre>().size());
  for (const Centre& centre : dataset.records<Centre>()) {
    centre_row.try_emplace(centre.id, summary.centres.size());
    summary.centres.push_back(SummaryRow{.key = mask_national_ids(centre.code), .name = mask_national_ids(centre.name)});
  }
  std::unordered_map<BranchCode, std::size_t> branch_row;
  summary.branches.reserve(dataset.records<Branch>().size());
  for (const Branch& branch : dataset.records<Branch>()) {
    branch_row.try_emplace(branch.code, summary.branches.size());
    summary.branches.push_back(
        SummaryRow{.key = mask_national_ids(branch.code.str()), .name = mask_national_ids(branch.name)});
  }

  auto lookup = [](const auto& index, const auto& key) -> std::optional<std::size_t> {
    auto it = index.find(key);
    if (it == index.end()) return std::nullopt;
    return it->second;
  };

  std::unordered_map<CourseId, CourseRows> course_rows;
  for (const Course& course : dataset.records<Course>()) {
    const CourseRows rows{lookup(centre_row, course.centre), lookup(branch_row, course.branch)};
    course_rows.try_emplace(course.id, rows);
    bump(summary, rows, &SummaryRow::courses);
  }

  std::unordered_map<EnrollmentId, CourseRows> enrollment_rows;
  for (const Enrollment& enrollment : dataset.records<Enrollment>()) {
    CourseRows rows;
    if (auto it = course_rows.find(enrollment.course); it != course_rows.end()) rows = it->second;
    enrollment_rows.try_emplace(enrollment.id, rows);
    switch (enrollment.status) {
      case EnrollmentStatus::enrolled: bump(summary, rows, &SummaryRow::enrolled); break;
      case EnrollmentStatus::completed: bump(summary, rows, &SummaryRow::completed); break;
      case EnrollmentStatus::waitlisted: bump(summary, rows, &SummaryRow::waitlisted); break;
      case EnrollmentStatus::withdrawn:
      case EnrollmentStatus::removed:
      case EnrollmentStatus::failed: break;
    }
  }

  for (const Certificate& certificate : dataset.records<Certificate>()) {
    if (auto it = enrollment_rows.find(certificate.enrollment); it != enrollment_rows.end()) {
      bump(summary, it->second, &SummaryRow::certificates);
    }
  }

  for (const Vacancy& vacancy : dataset.records<Vacancy>()) {
    if (!vacancy.branch) continue;
    if (auto row = lookup(branch_row, *vacancy.branch)) ++summary.branches[*row].vacancies;
  }
  return summary;
}

std::string to_json(const Summary& summary) {
  nlohmann::ordered_json out;
  out["policy"] = summary.policy_name;
  nlohmann::ordered_json records = nlohmann::ordered_json::object();
  std::size_t total = 0;
  for (const auto& [name, count] : summary.records) {
    records[name] = count;
    total += count;
  }
  out["records"] = std::move(records);
  out["total_records"] = total;
  nlohmann::ordered_json centres = nlohmann::ordered_json::array();
  for (const SummaryRow& row : summary.centres) centres.push_back(row_json(row, false));
  out["centres"] = std::move(centres);
  nlohmann::ordered_json branches = nlohmann::ordered_json::array();
  for (const SummaryRow& row : summary.branches) branches.push_back(row_json(row, true));
  out["branches"] = std::move(branches);
  return out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string to_text(const Summary& summary) {
  std::string out;
  out += "Policy: ";
  out += summary.policy_name;
  out += "\n\nRecords\n";
  TextTable records({"collection", "count"}, {false, true});
  std::size_t total = 0;
  for (const auto& [name, count] : summary.records) {
    records.add({name, group_thousands(count)});
    total += count;
  }
  records.add({"total", group_thousands(total)});
  records.render(out, "  ");
  out += '\n';
  render_rows(out, "Centres", summary.centres, false);
  out += '\n';
  render_rows(out, "Branches", summary.branches, true);
  return out;
}

}  // namespace vocfab
