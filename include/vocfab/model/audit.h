/// @file
/// The audit trail: one entry per applied operation (SPEC section 4).
///
/// An entry says who did what to which record, and when — never a national id, a name or free
/// text (KVKK): the actor is the person or system acting, not the person acted on. The trail is
/// part of the dataset and kept through erasure. Plain value types; thread-safe.
#pragma once

#include "vocfab/model/collection.h"
#include "vocfab/model/date.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vocfab {

/// A record an operation created or changed.
struct AuditTouch {
  Collection collection = Collection::trainees;  ///< Its collection.
  std::string id;                                ///< Its key (an id, or a branch code).
  /// Field-wise equality.
  friend bool operator==(const AuditTouch&, const AuditTouch&) = default;
};

/// One applied operation.
struct AuditEntry {
  std::uint64_t seq = 0;                         ///< Position in the trail, from 1, without gaps.
  std::string batch;                             ///< The batch it was applied in (an id).
  Timestamp at;                                  ///< When it was applied (UTC).
  std::string actor;                             ///< Who applied it.
  std::string op;                                ///< The operation (`enroll`, `hire`, …).
  /// The collection of the record it concerns; absent for an operation on the whole dataset
  /// (`advance`).
  std::optional<Collection> collection;
  std::optional<std::string> id;                 ///< That record's key (absent with `collection`).
  std::optional<std::string> key;                ///< The operation's idempotency key, if any.
  /// For a keyed operation: SHA-256 (hex) of its content with national ids masked, so that a
  /// repeated key tells a replay from a conflict without the trail holding personal data.
  std::optional<std::string> digest;
  std::vector<AuditTouch> touched;               ///< Every record it created or changed.
  /// Field-wise equality.
  friend bool operator==(const AuditEntry&, const AuditEntry&) = default;
};

}  // namespace vocfab
