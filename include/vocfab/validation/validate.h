/// @file
/// Whole-dataset validation: every rule violation in a dataset, not just the first.
///
/// Field formats are already guaranteed by the model's value types (the reader reports records it
/// could not build); this layer checks what needs more than one field or record: duplicate ids and
/// national ids, references, date ranges, capacities and `min_group`, and the consistency of
/// certificates, enrollments and referrals with the rules of SPEC section 4.
/// Thread-safe: validating the same const dataset from several threads is fine.
#pragma once

#include "vocfab/model/collection.h"
#include "vocfab/model/dataset.h"
#include "vocfab/model/issue.h"

#include <cstddef>
#include <string_view>
#include <vector>

namespace vocfab {

/// Where the records of a dataset came from, for datasets read from a document: so that issues
/// name the record's position in the document (`trainees[7]` stays `trainees[7]` when the reader
/// left `trainees[3]` out), and so that a reference to a record the reader left out (which has
/// an issue of its own) is not reported again as `unknown_reference`. io's `LoadDiagnostics`
/// implements it; a dataset built in memory has none.
class RecordOrigins {
 public:
  virtual ~RecordOrigins() = default;
  /// The position in the document of the record at @p row of @p collection.
  virtual std::size_t position_in_document(Collection collection, std::size_t row) const noexcept = 0;
  /// True when the reader left out a record with key @p key (an id, or a branch code).
  virtual bool rejected(std::string_view key) const noexcept = 0;
};

/// Checks @p dataset against its own policy and returns every issue found, in document order of
/// the collections (centres, branches, courses, trainees, applications, enrollments, certificates,
/// employers, vacancies, referrals) and then record order.
/// @param dataset the dataset to check; its own policy supplies the rule parameters.
/// @param origins where the records came from (see `RecordOrigins`); null for a dataset built in
///        memory, whose positions are its document positions.
std::vector<Issue> validate(const Dataset& dataset, const RecordOrigins* origins = nullptr);

}  // namespace vocfab
