// Applying a batch read from JSON (vocfab/io/operations_json.h). Kept apart from the reading and
// writing of operations: this is the one part of io that needs `apply` (src/ops/batch.cc), and
// an executable that only reads operations links without it.
#include "vocfab/io/operations_json.h"

#include <algorithm>
#include <utility>

namespace vocfab {

BatchOutcome apply_operations(Dataset& dataset, const OperationsDocument& operations, const BatchContext& context) {
  BatchOutcome outcome;
  if (operations.parse_error) {
    outcome.parse_error = true;
    outcome.result.batch = context.batch.value_or(std::string());
    outcome.result.failed = BatchFailure{0, {}, {*operations.parse_error}};
    return outcome;
  }
  const std::vector<OperationDraft>& drafts = operations.operations;
  const auto unread = std::find_if(drafts.begin(), drafts.end(), [](const OperationDraft& draft) {
    return !draft.operation.has_value();
  });
  std::vector<Operation> read;
  read.reserve(static_cast<std::size_t>(unread - drafts.begin()));
  for (auto draft = drafts.begin(); draft != unread; ++draft) read.push_back(*draft->operation);

  if (unread == drafts.end()) {
    outcome.result = apply(dataset, read, context);
  } else {
    // The batch fails at the operation that could not be read, unless one before it breaks a
    // rule first: those are checked, and nothing is changed either way.
    BatchContext checking = context;
    checking.check_only = true;
    BatchResult checked = read.empty() ? BatchResult{} : apply(dataset, read, checking);
    if (checked.ok()) {
      if (checked.batch.empty()) checked.batch = context.batch.value_or(std::string());
      checked.applied = false;
      checked.results.clear();
      checked.failed =
          BatchFailure{static_cast<std::size_t>(unread - drafts.begin()), unread->op, unread->issues};
    }
    outcome.result = std::move(checked);
  }
  if (outcome.result.failed && outcome.result.failed->index < drafts.size()) {
    outcome.line = drafts[outcome.result.failed->index].line;
  }
  return outcome;
}

}  // namespace vocfab
