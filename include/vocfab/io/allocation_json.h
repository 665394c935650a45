/// @file
/// Course allocation (SPEC 5.2) in JSON: reading a request, writing a result, and the readable
/// table the command line prints. The allocation itself is `vocfab/matching/allocation.h`.
///
/// Request: `{"seed": N, "as_of": "YYYY-MM-DD", "max_threads": N}`, all optional (absent or null:
/// the policy's `allocation.seed`, the dataset's `as_of`, one thread per core); an empty text is
/// the empty request. `seed` is a whole number from 0 to 2^64 − 1, `max_threads` one from 0 to
/// `matching::kMaxAllocationThreads` (the result is the same for any number). A wrong type, a malformed day, a field written twice or an
/// unknown field is `invalid_value` at that field's path (unknown names masked with
/// `mask_national_ids`); a text that is not JSON, too deep or holds a NUL byte is `parse_error`;
/// a text longer than `kMaxAllocationRequestBytes` is refused unread (`invalid_value`); at most
/// `kMaxAllocationIssues` issues are listed, then one saying the rest were left out. A request
/// without `as_of` on a dataset without one is `missing_field` at `as_of`: the library reads no
/// clock.
///
/// Result: `{"assignments": [{"trainee", "course", "choice"}], "waitlists": {COURSE: [TRAINEE,
/// ...]}, "cancelled": [{"course", "assigned", "held", "min_group", "reason"}], "unassigned":
/// [{"trainee", "reason"}], "skipped": [{"trainee", "course", "choice", "code", "reason"}],
/// "rounds", "seed", "as_of", "operations": [OPERATION, ...]}` in the orders of
/// `matching::AllocationResult`; each operation is written by `write_operation`, so the array can
/// be passed to `apply` as a batch. Only ids, numbers, codes and reasons built from them appear:
/// never a name or a national id.
///
/// Thread-safety: pure functions; distinct calls may run concurrently.
#pragma once

#include "vocfab/io/json.h"
#include "vocfab/matching/allocation.h"
#include "vocfab/model/dataset.h"
#include "vocfab/model/issue.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vocfab {

/// The longest allocation request read, in bytes.
inline constexpr std::size_t kMaxAllocationRequestBytes = 4096;
/// The most issues an allocation request reports; one more says that the rest were left out.
inline constexpr std::size_t kMaxAllocationIssues = 20;

/// An allocation request as read: usable when `issues` is empty.
struct AllocationRequestReading {
  matching::AllocationRequest request;  ///< The request read (usable when `issues` is empty).
  std::vector<Issue> issues;  ///< Why the request could not be served; empty on success.
};

/// Reads @p text as an allocation request.
AllocationRequestReading read_allocation_request(std::string_view text);

/// The result JSON of @p result, operations included.
std::string write_allocation_result(const matching::AllocationResult& result);

/// What `allocate_json` answers.
using AllocationReply = JsonReply;

/// Reads @p request, allocates @p dataset and writes the result: what `vf_dataset_allocate`
/// and the bindings call.
AllocationReply allocate_json(const Dataset& dataset, std::string_view request);

/// The allocation as a readable table, course by course (by course id): each course's branch,
/// centre, start and seats, the people placed (in priority order, with their choice), its
/// waitlist, or why it was cancelled; then everyone placed nowhere and why. People are shown by
/// id and masked name (`A*** Y****`, as a certificate check shows them; an erased person as
/// `(erased)`); never a national id.
std::string allocation_table(const Dataset& dataset, const matching::AllocationResult& result);

}  // namespace vocfab
