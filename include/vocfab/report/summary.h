/// @file
/// A dataset at a glance: how many records of each kind, and courses, seats and people per centre
/// and per branch. Used by `vocfab summary`, the C ABI and the Python bindings.
///
/// Pure functions over a const dataset; thread-safe.
#pragma once

#include "vocfab/model/dataset.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace vocfab {

/// Counts for one centre or one branch.
struct SummaryRow {
  std::string key;                ///< Centre code or branch code.
  std::string name;               ///< Display name.
  std::size_t courses = 0;        ///< Courses (any status).
  std::size_t enrolled = 0;       ///< Enrollments currently `enrolled`.
  std::size_t completed = 0;      ///< Enrollments `completed`.
  std::size_t waitlisted = 0;     ///< Enrollments `waitlisted`.
  std::size_t certificates = 0;   ///< Certificates issued (revoked included).
  std::size_t vacancies = 0;      ///< Vacancies in the branch (always 0 for centres).
};

/// The summary of a dataset.
struct Summary {
  std::string policy_name;                  ///< The dataset's policy name.
  /// Records per collection, in document order: `{"centres", 22}, {"branches", 12}, …`.
  std::vector<std::pair<std::string, std::size_t>> records;
  std::vector<SummaryRow> centres;          ///< One row per centre, in dataset order.
  std::vector<SummaryRow> branches;         ///< One row per branch, in dataset order.
};

/// Computes the summary of @p dataset.
///
/// Enrollments, certificates and vacancies are attributed through their references (enrollment →
/// course → centre and branch; certificate → enrollment → course); a record whose reference leads
/// nowhere is counted in `records` but in no row. When two records share a key, the first one
/// gets the counts (as with `Dataset::find`).
Summary summarize(const Dataset& dataset);
/// The summary as a JSON object with keys in a fixed order (deterministic bytes, indented by two
/// spaces, UTF-8, no trailing newline):
/// `{"policy": …, "records": {"centres": n, …}, "total_records": n,
///   "centres": [{"code", "name", "courses", "enrolled", "completed", "waitlisted", "certificates"}],
///   "branches": [{…, "vacancies"}]}`.
std::string to_json(const Summary& summary);
/// The summary as readable plain-text tables (records, centres, branches), columns aligned, each
/// line ending in a newline.
std::string to_text(const Summary& summary);

}  // namespace vocfab
