/// @file
/// Whole-dataset validation: every rule violation in a dataset, not just the first.
///
/// Field formats are already guaranteed by the model's value types (the reader reports records it
/// could not build); this layer checks what needs more than one field or record: duplicate ids and
/// national ids, references, date ranges, capacities and `min_group`, and the consistency of
/// certificates, enrollments and referrals with the rules of SPEC section 4.
/// Thread-safe: validating the same const dataset from several threads is fine.
#pragma once

#include "vocfab/model/dataset.h"
#include "vocfab/model/issue.h"

#include <boost/uuid/uuid.hpp>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace vocfab {

/// What the reader knows about records it had to leave out of the dataset, so that validation
/// neither reports their ids as unknown references nor misnumbers the records after them.
struct LoadDiagnostics {
  /// Ids (and, for branches, codes as text) of records the reader rejected.
  std::unordered_set<std::string> rejected_keys;
  /// For each collection name (`trainees`, …): the document index of each kept record, in order.
  /// Empty when the reader kept every record, so dataset index = document index.
  std::unordered_map<std::string, std::vector<std::size_t>> document_index;
  /// Whether any record was rejected.
  bool any_rejected() const noexcept { return !rejected_keys.empty() || !document_index.empty(); }
};

/// Checks @p dataset against its own policy and returns every issue found, in document order of
/// the collections (centres, branches, courses, trainees, applications, enrollments, certificates,
/// employers, vacancies, referrals) and then record order.
/// @param dataset the dataset to check; its own policy supplies the rule parameters.
/// @param diagnostics what the reader left out (see `LoadDiagnostics`); empty for a dataset built
///        in memory.
std::vector<Issue> validate(const Dataset& dataset, const LoadDiagnostics& diagnostics = {});

}  // namespace vocfab
