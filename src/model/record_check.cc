#include "vocfab/model/record_check.h"

#include "vocfab/model/masking.h"

namespace vocfab {
namespace {

std::string summary_of(const std::vector<Issue>& issues) {
  std::string text = "the record is not well formed";
  if (!issues.empty()) {
    const Issue& first = issues.front();
    text += ": ";
    if (!first.path.empty()) text += first.path + ": ";
    text += first.message;
  }
  return text;
}

}  // namespace

InvalidRecord::InvalidRecord(std::vector<Issue> issues)
    : std::invalid_argument(summary_of(issues)), issues_(std::move(issues)) {}

namespace record_check_detail {

void add(std::vector<Issue>& out, std::string_view path, std::string message) {
  out.push_back(Issue{IssueCode::invalid_value, std::string(path), std::move(message)});
}

void prefix_paths(std::vector<Issue>& out, std::size_t from, std::string_view base) {
  for (std::size_t i = from; i < out.size(); ++i) {
    std::string& path = out[i].path;
    if (path.empty()) {
      path = base;
    } else if (path.front() == '[') {
      path.insert(0, base);
    } else {
      path = join_path(base, path);
    }
  }
}

std::string count_problem(std::uint64_t value, const CountRule& rule) {
  std::string message = quote_value(std::to_string(value)) + " is not a whole number from " + std::to_string(rule.min);
  if (rule.max != std::numeric_limits<std::uint32_t>::max()) message += " to " + std::to_string(rule.max);
  return message;
}

}  // namespace record_check_detail

void cross_field_problems(const Trainee& trainee, std::string_view path, std::vector<Issue>& out) {
  if (trainee.identity && trainee.erased) {
    out.push_back(Issue{IssueCode::invalid_value, join_path(path, "erased"),
                        "an erased person has no national_id, names, birth_date, phone, email or job_preferences"});
  }
  if (!trainee.identity && !trainee.erased) {
    out.push_back(Issue{IssueCode::missing_field, join_path(path, "national_id"),
                        "a person who is not erased needs national_id, given_name, family_name and birth_date"});
  }
  if (trainee.erased && !trainee.birth_year) {
    out.push_back(Issue{IssueCode::missing_field, join_path(path, "birth_year"),
                        "an erased person keeps the year of birth"});
  }
  if (trainee.identity && trainee.birth_year &&
      *trainee.birth_year != static_cast<std::uint16_t>(trainee.identity->birth_date.year())) {
    out.push_back(Issue{IssueCode::invalid_value, join_path(path, "birth_year"),
                        "birth_year " + std::to_string(*trainee.birth_year) + " is not the year of birth_date"});
  }
}

void cross_field_problems(const Vacancy& vacancy, std::string_view path, std::vector<Issue>& out) {
  if (!vacancy.branch && !vacancy.occupation_code) {
    out.push_back(
        Issue{IssueCode::missing_field, join_path(path, "branch"), "a vacancy needs a branch or an occupation_code"});
  }
}

void cross_field_problems(const Application& application, std::string_view path, std::vector<Issue>& out) {
  if (application.courses.empty()) {
    out.push_back(Issue{IssueCode::invalid_value, join_path(path, "courses"), "an application ranks at least one course"});
  }
}

void cross_field_problems(const AllocationPolicy& allocation, std::string_view path, std::vector<Issue>& out) {
  for (std::size_t i = 0; i < allocation.priority.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (allocation.priority[j] == allocation.priority[i]) {
        out.push_back(Issue{IssueCode::invalid_value, index_path(join_path(path, "priority"), i),
                            "priority group " + std::string(to_string(allocation.priority[i])) + " is listed twice"});
        break;
      }
    }
  }
}

}  // namespace vocfab
