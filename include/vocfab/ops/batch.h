/// @file
/// Applying operations: a batch of them, all or nothing (SPEC section 4, "Lifecycle operations").
///
/// `apply` checks each operation against the dataset as changed by those before it, through the
/// rule functions the validator uses (`vocfab/validation/rules.h`), carries out its effects —
/// derived ones too (a waitlisted person promoted, a vacancy filled, referrals withdrawn, a pause
/// started, hires retained) — and appends one audit entry for it. The first operation that breaks
/// a rule fails the batch with all of its issues, and every change the batch made is undone from
/// an undo log, so the dataset is left exactly as it was (it saves to the same bytes). The cost
/// of a batch, applied or rolled back, is proportional to the batch, never to the dataset.
///
/// In check-only mode a batch is applied, reported and then rolled back: the answer to "would
/// this be allowed, and what would it do?" without changing anything.
///
/// The library reads no clock: the caller gives the moment (`BatchContext::at`); the C ABI, the
/// bindings and the CLI take the current time when their caller gives none.
///
/// Thread-safety: `apply` needs exclusive access to the dataset it changes.
#pragma once

#include "vocfab/model/dataset.h"
#include "vocfab/model/issue.h"
#include "vocfab/ops/operation.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace vocfab {

class CertificateKeyring;

/// What a batch drew rather than read from its operations: the ids of the records it created
/// without a named id, and the verification codes of the certificates it issued, in order. A
/// registry's journal keeps them beside the operations, so that applying the batch again to the
/// same dataset (a replay) does exactly what it did, with no random source and no certificate key.
struct BatchDraws {
  std::vector<std::string> ids;    ///< Fresh record ids (UUID text), in the order they were drawn.
  std::vector<std::string> codes;  ///< Verification codes of issued certificates, in order.
  /// Field-wise equality.
  friend bool operator==(const BatchDraws&, const BatchDraws&) = default;
};

/// The circumstances of a batch.
struct BatchContext {
  std::string actor;                ///< Who applies it (required; an operation may name another).
  Timestamp at;                     ///< When (UTC); stamped on every audit entry.
  std::optional<Date> date;         ///< The business day of operations without `on` (default: `at`'s day).
  std::optional<std::string> batch; ///< The batch's id (default: a fresh UUID).
  bool check_only = false;          ///< Report what the batch would do, and change nothing.
  /// Where fresh ids come from: a seed makes them reproducible (tests, replays); none draws them
  /// from the system's random source.
  std::optional<std::uint64_t> id_seed;
  /// The certificate key for `issue_certificate` (never stored in the dataset); may be null when
  /// the batch issues no certificate.
  const CertificateKeyring* keyring = nullptr;
  /// Replaying a journal: fresh ids and certificate codes are taken from here, in order, instead
  /// of being drawn or computed (no keyring is needed); an operation that needs one more than it
  /// holds is refused. Null for a batch applied for the first time.
  const BatchDraws* replay = nullptr;
};

/// A value an effect changed: absent, text (ids, statuses, dates), a whole number or a flag.
using EffectValue = std::variant<std::monostate, std::string, std::int64_t, bool>;

/// One field of one record that an operation changed.
struct Effect {
  /// The record's collection; absent for the dataset itself (`as_of`).
  std::optional<Collection> collection;
  std::string id;                                ///< Its key (empty for the dataset itself).
  std::string field;                             ///< The field (`status`, `as_of`, …).
  EffectValue from;                              ///< Before.
  EffectValue to;                                ///< After.
  /// Why, when the operation did not name this record itself: `promoted_from_waitlist`,
  /// `course_cancelled`, `course_completed`, `absence_limit`, `vacancy_filled`, `hired_elsewhere`,
  /// `vacancy_closed`, `closing_date_passed`, `decline_limit`, `retention_reached`, `erased`.
  std::string reason{};
  /// Field-wise equality.
  friend bool operator==(const Effect&, const Effect&) = default;
};

/// What one operation did.
struct OperationResult {
  std::string op;                    ///< Its `op`.
  std::uint64_t seq = 0;             ///< Its audit entry's `seq` (the one it replayed, when replayed).
  bool replayed = false;             ///< Its key was seen with the same content: nothing was done.
  std::vector<AuditTouch> created;   ///< Records it created.
  std::vector<Effect> effects;       ///< Every change, derived ones included, in order.
};

/// Why a batch was refused.
struct BatchFailure {
  std::size_t index = 0;      ///< Position of the failing operation in the batch.
  std::string op;             ///< Its `op` (empty when it had none).
  std::vector<Issue> issues;  ///< Every issue of that operation; paths such as `ops[3].trainee`.
};

/// What applying a batch did.
struct BatchResult {
  std::string batch;                     ///< The batch's id.
  bool applied = false;                  ///< The dataset changed (false when refused or check-only).
  std::vector<OperationResult> results;  ///< One per operation, in order (none when refused).
  std::optional<BatchFailure> failed;    ///< Why it was refused.
  BatchDraws draws;                      ///< What an applied batch drew (empty otherwise).
  /// True when every operation passed its checks.
  bool ok() const noexcept { return !failed.has_value(); }
};

/// Applies @p operations to @p dataset, all or nothing, as described above. A refused batch (or
/// a check-only one) leaves @p dataset exactly as it was. Throws only what memory allocation
/// throws, and then also leaves @p dataset as it was.
BatchResult apply(Dataset& dataset, std::span<const Operation> operations, const BatchContext& context);

/// A batch applied to a dataset whose changes can still be undone: what a registry holds while
/// it makes the batch durable, so that a failing write takes the dataset back to where it was.
/// Dropping it keeps the changes. Move-only.
class PendingBatch {
 public:
  /// Takes over @p other's batch (and its undo log).
  PendingBatch(PendingBatch&& other) noexcept;
  /// Takes over @p other's batch; this one's changes are kept.
  PendingBatch& operator=(PendingBatch&& other) noexcept;
  PendingBatch(const PendingBatch&) = delete;
  PendingBatch& operator=(const PendingBatch&) = delete;
  /// Keeps the changes (drops the undo log).
  ~PendingBatch();

  /// What applying did (as `apply` returns it).
  const BatchResult& result() const noexcept { return result_; }
  /// Takes the result out (the batch can still be undone).
  BatchResult take_result() { return std::move(result_); }
  /// Undoes every change the batch made, so the dataset is exactly as it was before it: valid
  /// only while no later change was kept (undo later pending batches first, newest first).
  /// Nothing for a batch that was not applied; a second call does nothing.
  void undo();

  struct State;  ///< The undo log (private to the implementation).

 private:
  friend PendingBatch apply_pending(Dataset&, std::span<const Operation>, const BatchContext&);
  PendingBatch(BatchResult result, std::unique_ptr<State> state) noexcept;

  BatchResult result_;
  std::unique_ptr<State> state_;
};

/// `apply`, keeping the means to undo an applied batch (`PendingBatch::undo`). A refused or
/// check-only batch is rolled back before this returns, as by `apply`.
PendingBatch apply_pending(Dataset& dataset, std::span<const Operation> operations, const BatchContext& context);

/// The path of operation @p index of a batch (`ops[3]`).
std::string operation_path(std::size_t index);

}  // namespace vocfab
