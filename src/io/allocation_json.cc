// Course allocation in JSON (vocfab/io/allocation_json.h).
#include "vocfab/io/allocation_json.h"

#include "io/issue_limit.h"
#include "io/record_codec.h"
#include "io/result_text.h"
#include "vocfab/io/json.h"
#include "vocfab/io/operations_json.h"
#include "vocfab/model/masking.h"
#include "vocfab/ops/certificates.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <sstream>
#include <utility>

namespace vocfab {
namespace {

using io_detail::NestedValue;
using io_detail::person_text;
using io_detail::ValueKind;
using ordered_json = nlohmann::ordered_json;

void add_issue(std::vector<Issue>& issues, IssueCode code, std::string path, std::string message) {
  io_detail::add_capped(issues, kMaxAllocationIssues, code, std::move(path), std::move(message));
}

bool blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

AllocationRequestReading read_allocation_request(std::string_view text) {
  AllocationRequestReading reading;
  if (text.size() > kMaxAllocationRequestBytes) {
    add_issue(reading.issues, IssueCode::invalid_value, "",
              "an allocation request is at most " + std::to_string(kMaxAllocationRequestBytes) + " bytes; this one is " +
                  std::to_string(text.size()));
    return reading;
  }
  if (blank(text)) return reading;
  NestedValue value;
  if (auto failure = io_detail::read_nested_value(text, "", value)) {
    reading.issues.push_back(std::move(*failure));
    return reading;
  }
  const auto root = value.root();
  if (root.kind() != ValueKind::object) {
    add_issue(reading.issues, IssueCode::invalid_value, "",
              std::string("an allocation request is an object {\"seed\": N, \"as_of\": \"YYYY-MM-DD\", \"max_threads\": N}, found ")
                  .append(io_detail::kind_name(root.kind())));
    return reading;
  }
  bool seen_seed = false, seen_as_of = false, seen_threads = false;
  root.for_each([&](NestedValue::View member) {
    const std::string_view key = member.key();
    const bool is_seed = key == "seed", is_as_of = key == "as_of", is_threads = key == "max_threads";
    if (!is_seed && !is_as_of && !is_threads) {
      add_issue(reading.issues, IssueCode::invalid_value, mask_national_ids(key),
                "unknown field " + quote_value(key) + "; a request has only seed, as_of and max_threads");
      return;
    }
    bool& seen = is_seed ? seen_seed : is_as_of ? seen_as_of : seen_threads;
    if (seen) {
      add_issue(reading.issues, IssueCode::invalid_value, std::string(key), std::string(key) + " is written twice");
      return;
    }
    seen = true;
    if (member.kind() == ValueKind::null) return;
    if (is_threads) {
      const bool whole = member.kind() == ValueKind::unsigned_integer ||
                         (member.kind() == ValueKind::integer && member.as_integer() >= 0);
      const std::uint64_t threads = !whole ? 0
                                    : member.kind() == ValueKind::unsigned_integer
                                        ? member.as_unsigned()
                                        : static_cast<std::uint64_t>(member.as_integer());
      if (whole && threads <= matching::kMaxAllocationThreads) {
        reading.request.max_threads = static_cast<unsigned>(threads);
      } else {
        add_issue(reading.issues, IssueCode::invalid_value, "max_threads",
                  "max_threads is a whole number from 0 to " + std::to_string(matching::kMaxAllocationThreads) +
                      ", found " + (whole ? std::string("a number out of range") : std::string(io_detail::kind_name(member.kind()))));
      }
      return;
    }
    if (is_seed) {
      if (member.kind() == ValueKind::unsigned_integer) reading.request.seed = member.as_unsigned();
      else if (member.kind() == ValueKind::integer && member.as_integer() >= 0)
        reading.request.seed = static_cast<std::uint64_t>(member.as_integer());
      else
        add_issue(reading.issues, IssueCode::invalid_value, "seed",
                  std::string("seed is a whole number from 0 to 18446744073709551615, found ")
                      .append(member.kind() == ValueKind::integer ? "a negative number"
                                                                  : io_detail::kind_name(member.kind())));
      return;
    }
    if (member.kind() != ValueKind::string) {
      add_issue(reading.issues, IssueCode::invalid_value, "as_of",
                std::string("as_of is a day \"YYYY-MM-DD\", found ").append(io_detail::kind_name(member.kind())));
      return;
    }
    if (auto day = parse_iso_date(member.string_view())) {
      reading.request.as_of = *day;
    } else {
      add_issue(reading.issues, IssueCode::invalid_value, "as_of",
                "as_of " + quote_value(member.string_view()) + " is not a day YYYY-MM-DD");
    }
  });
  if (!reading.issues.empty()) reading.request = {};
  return reading;
}

std::string write_allocation_result(const matching::AllocationResult& result) {
  ordered_json out = ordered_json::object();
  ordered_json& assignments = out["assignments"] = ordered_json::array();
  for (const auto& a : result.assignments) {
    assignments.push_back({{"trainee", a.trainee.to_string()}, {"course", a.course.to_string()}, {"choice", a.choice}});
  }
  ordered_json& waitlists = out["waitlists"] = ordered_json::object();
  for (const auto& w : result.waitlists) {
    ordered_json& list = waitlists[w.course.to_string()] = ordered_json::array();
    for (const auto& t : w.trainees) list.push_back(t.to_string());
  }
  ordered_json& cancelled = out["cancelled"] = ordered_json::array();
  for (const auto& c : result.cancelled) {
    cancelled.push_back({{"course", c.course.to_string()},
                         {"assigned", c.assigned},
                         {"held", c.held},
                         {"min_group", c.min_group},
                         {"round", c.round},
                         {"reason", c.reason}});
  }
  ordered_json& unassigned = out["unassigned"] = ordered_json::array();
  for (const auto& u : result.unassigned) {
    unassigned.push_back({{"trainee", u.trainee.to_string()}, {"reason", mask_national_ids(u.reason)}});
  }
  ordered_json& skipped = out["skipped"] = ordered_json::array();
  for (const auto& s : result.skipped) {
    skipped.push_back({{"trainee", s.trainee.to_string()},
                       {"course", s.course.to_string()},
                       {"choice", s.choice},
                       {"code", to_string(s.code)},
                       {"reason", mask_national_ids(s.reason)}});
  }
  out["rounds"] = result.rounds;
  out["seed"] = result.seed;
  out["as_of"] = to_iso_string(result.as_of);
  return io_detail::with_operations(out, [&](auto visit) { result.for_each_operation(visit); });
}

AllocationReply allocate_json(const Dataset& dataset, std::string_view request) {
  AllocationReply reply;
  AllocationRequestReading reading = read_allocation_request(request);
  if (!reading.issues.empty()) {
    reply.issues = std::move(reading.issues);
    return reply;
  }
  if (!reading.request.as_of && !dataset.as_of()) {
    reply.issues.push_back(Issue{IssueCode::missing_field, "as_of",
                                 "the dataset has no as_of: give the day to allocate on (the library reads no clock)"});
    return reply;
  }
  reply.json = write_allocation_result(matching::allocate(dataset, reading.request));
  return reply;
}

namespace {

struct CourseLines {
  std::vector<std::pair<TraineeId, bool>> people;  // (who, waitlisted) in operation order
  const matching::AllocationCancellation* cancelled = nullptr;
};

}  // namespace

std::string allocation_table(const Dataset& dataset, const matching::AllocationResult& result) {
  std::map<CourseId, CourseLines> courses;
  std::map<TraineeId, std::uint32_t> choice;
  for (const auto& a : result.assignments) {
    choice[a.trainee] = a.choice;
    courses[a.course];
  }
  // In the order of the `enroll` operations: each course's places, then its waitlist.
  for (const auto& p : result.places) {
    for (const auto& t : p.trainees) courses[p.course].people.emplace_back(t, false);
  }
  for (const auto& w : result.waitlists) {
    for (const auto& t : w.trainees) courses[w.course].people.emplace_back(t, true);
  }
  for (const auto& c : result.cancelled) courses[c.course].cancelled = &c;
  std::ostringstream out;
  out << "Course allocation on " << to_iso_string(result.as_of) << " (seed " << result.seed << ", "
      << result.rounds << (result.rounds == 1 ? " round" : " rounds") << "): " << result.assignments.size()
      << " placed, " << result.unassigned.size() << " placed nowhere, " << result.cancelled.size()
      << " course(s) cancelled\n";
  for (const auto& [id, lines] : courses) {
    const Course* course = dataset.find(id);
    out << "\ncourse " << id.to_string();
    if (course != nullptr) {
      const Centre* centre = dataset.find(course->centre);
      out << "  " << course->branch.str() << " at " << (centre ? mask_national_ids(centre->code) : std::string("?"))
          << ", starts " << to_iso_string(course->start) << ", " << course->capacity << " seats";
    }
    out << '\n';
    if (lines.cancelled != nullptr) {
      out << "  cancelled: " << lines.cancelled->reason << '\n';
      continue;
    }
    std::size_t placed = 0, waiting = 0;
    for (const auto& [who, waitlisted] : lines.people) {
      if (waitlisted) {
        out << "  waitlist " << ++waiting << "  " << person_text(dataset, who) << '\n';
      } else {
        out << "  placed   " << ++placed << "  " << person_text(dataset, who) << "  (choice " << choice[who] << ")\n";
      }
    }
  }
  if (!result.unassigned.empty()) out << "\nplaced nowhere\n";
  for (const auto& u : result.unassigned) {
    out << "  " << person_text(dataset, u.trainee) << ": " << mask_national_ids(u.reason) << '\n';
  }
  return out.str();
}

}  // namespace vocfab
