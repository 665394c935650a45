/// @file
/// Operations in JSON (SPEC section 4, "Lifecycle operations"): reading them, writing them, and
/// writing what applying them did.
///
/// An operation is an object `{"op": NAME, ...arguments}`; a batch is one such object, an array
/// of them, or NDJSON (one object a line, blank lines ignored). Every problem with an operation
/// is an issue whose path names it and its argument (`ops[3].trainee`); an unknown `op` is
/// `unknown_operation`, an unknown argument `invalid_value`. Input is bounded like a dataset's
/// (`kMaxNestingDepth`) and read to its end; a batch holds at most `kMaxBatchOperations`.
///
/// A text that is one JSON value is that value (an object: a batch of one; an array: the batch);
/// otherwise, when its first line that is not blank is a JSON value of its own, it is NDJSON and
/// read line by line; otherwise it is not JSON, and its parse error is reported. A blank text is an
/// empty batch. Every value is read with the rules the dataset reader applies, and, unlike the
/// dataset reader, nothing unknown is ignored: an unknown argument, an unknown field of an added
/// record or of a change (at any depth) is `invalid_value`, since a misspelt operation must not
/// silently do something else.
///
/// Thread-safety: the functions keep no shared state; distinct calls may run concurrently.
/// `apply_operations_json` needs exclusive access to the dataset it changes.
#pragma once

#include "vocfab/model/dataset.h"
#include "vocfab/model/issue.h"
#include "vocfab/ops/batch.h"
#include "vocfab/ops/operation.h"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vocfab {

/// The most operations one batch may hold; the operation after them is `invalid_value`, and
/// nothing after it is read.
inline constexpr std::size_t kMaxBatchOperations = 1'000'000;

/// One operation as read: the operation, or the issues that kept it from being one.
struct OperationDraft {
  std::optional<Operation> operation;  ///< The operation (absent when it had issues).
  std::vector<Issue> issues;           ///< Why it could not be read; paths `ops[i].argument`.
  std::string op;                      ///< Its `op` as written, when it had one that is text.
  std::size_t line = 0;                ///< The line it starts on, from 1.
};

/// A batch of operations as read.
struct OperationsDocument {
  std::vector<OperationDraft> operations;  ///< Every operation, in order.
  /// Set when the text is not JSON (or an NDJSON line is not): then nothing else was read. Its
  /// message gives the line and column; its path is empty, or `ops[i]` for the NDJSON line of
  /// operation i.
  std::optional<Issue> parse_error;
};

/// Reads a batch from @p text: one object, an array of objects, or NDJSON.
OperationsDocument read_operations(std::string_view text);

/// An operation as a JSON object (`{"op": ..., ...}`): `op`, then `on`, `id`, `actor`, `key`,
/// then its arguments in described order, without absent optional arguments; reading it back
/// gives the same operation. An `id` on an operation that creates no record (every one but
/// `apply`, `enroll`, `issue_certificate` and `refer`; `update`'s `id` is the record it changes)
/// means nothing and is not written, since reading refuses it.
std::string write_operation(const Operation& operation);
/// The canonical text of what @p operation does, for idempotency: `write_operation` without
/// `actor` and `key`, national ids masked (`mask_national_ids`).
std::string operation_content(const Operation& operation);

/// A request to apply a batch, as the C ABI takes it:
/// `{"actor", "at"?, "date"?, "batch"?, "check_only"?, "id_seed"?, "ops": [...]}`.
struct ApplyRequest {
  BatchContext context;           ///< `at` is filled from the caller's clock when absent (`now`).
  OperationsDocument operations;  ///< `ops`, read as `read_operations` reads an array.
  /// Problems with the request itself (paths `actor`, `at`, …). A request that is not JSON has
  /// its `parse_error` here and in `operations`, so it can never pass for an empty batch.
  std::vector<Issue> issues;
};
/// Reads @p text as an apply request; @p now is the moment used when the request has no `at`.
ApplyRequest read_apply_request(std::string_view text, const Timestamp& now);
/// The apply request that `read_apply_request` reads back as @p context and @p operations:
/// `actor`, `at`, `date` and `batch` when given (`check_only` when set, `id_seed` when given),
/// then `ops`. National ids are written as they are (a registry's journal is its own state).
std::string write_apply_request(const BatchContext& context, std::span<const Operation> operations);

/// Where the failing operation of a batch read from text was read.
struct BatchOutcome {
  BatchResult result;        ///< What applying did.
  std::size_t line = 0;      ///< The failing operation's line, from 1 (0 when none failed).
  bool parse_error = false;  ///< The text was not JSON: nothing was applied.
};

/// Applies a batch read from JSON: the first operation that could not be read fails the batch
/// (as `unknown_operation`, `invalid_value`, …) unless one before it breaks a rule first; a
/// parse error fails it at index 0 with the `parse_error` issue. Otherwise as `apply`.
BatchOutcome apply_operations(Dataset& dataset, const OperationsDocument& operations, const BatchContext& context);

/// `{"ok", "applied", "check_only", "batch", "results": [{"op", "seq", "replayed", "created",
/// "effects"}], "failed": {"index", "line", "op", "issues"}}` — what the CLI's `--json`, the C
/// ABI and the bindings return. Every value quoted is masked.
std::string write_batch_outcome(const BatchOutcome& outcome, bool check_only);

}  // namespace vocfab
