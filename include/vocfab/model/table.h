/// @file
/// `Table<E>`: the records of one kind, in insertion order, indexed by key; `Row<E>`, a typed
/// handle to one of them.
///
/// A table may hold two records with one key (so that validation can report it); the first
/// keeps the key and lookups find it. Rows are positions: a row stays valid while the table
/// grows, and names the same record until that record is removed (only the last record can be,
/// to undo an add). Tables are parts of a `Dataset`, which is the one that changes them.
///
/// Thread-safety: const member functions may be called concurrently; changes need exclusive access.
#pragma once

#include "vocfab/model/description.h"
#include "vocfab/model/id.h"
#include "vocfab/model/national_id.h"
#include "vocfab/model/branch_code.h"

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace vocfab {

/// A typed handle to the record at one position of a `Table<E>`.
template <class E>
struct Row {
  std::uint32_t index = 0;  ///< The record's position in its table.
  /// Compares positions.
  friend auto operator<=>(const Row&, const Row&) = default;
};

/// Hash of a key for the indexes (MurmurHash3's finaliser over the key's bytes).
std::uint64_t hash_key(const boost::uuids::uuid& id) noexcept;
/// Hash of an id for the indexes.
template <class Tag>
std::uint64_t hash_key(const Id<Tag>& id) noexcept {
  return hash_key(id.value());
}
/// Hash of a national id for the indexes.
std::uint64_t hash_key(const NationalId& id) noexcept;
/// Hash of a branch code for the indexes.
std::uint64_t hash_key(const BranchCode& code) noexcept;

/// An open-addressing hash index from keys to rows: eight bytes a slot (the row and the upper
/// half of its key's hash), at most half full, linear probing, the key read from the record
/// itself. The hash half in the slot lets a probe pass another key without reading that key's
/// record: at national scale a record read is a cache miss, and a lookup that hits reads one.
class KeyIndex {
 public:
  /// Finds the row whose key equals @p key (`hash` is its hash), comparing with `matches(row)`.
  template <class Matches>
  std::optional<std::uint32_t> find(std::uint64_t hash, Matches&& matches) const noexcept {
    if (slots_.empty()) return std::nullopt;
    const std::size_t mask = slots_.size() - 1;
    const std::uint64_t tag = tag_of(hash);
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == kEmpty) return std::nullopt;
      if ((slot & kTagMask) == tag && matches(row_of(slot))) return row_of(slot);
    }
  }
  /// Adds @p row under its key unless the key is taken (`same_key(other)` compares with another
  /// row's key). Needs room (`make_room`).
  template <class SameKey>
  void insert(std::uint64_t hash, std::uint32_t row, SameKey&& same_key) noexcept {
    const std::size_t mask = slots_.size() - 1;
    const std::uint64_t tag = tag_of(hash);
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == kEmpty) {
        slots_[i] = tag | (std::uint64_t{row} + 1);
        return;
      }
      if ((slot & kTagMask) == tag && same_key(row_of(slot))) return;  // the first record keeps its key
    }
  }
  /// Removes @p row (found under @p hash), closing the gap so that probing still finds every
  /// other row (backward-shift deletion: no tombstones). `hash_of(row)` gives a row's hash.
  template <class HashOf>
  void erase(std::uint64_t hash, std::uint32_t row, HashOf&& hash_of) noexcept {
    if (slots_.empty()) return;
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = hash & mask;
    for (;; i = (i + 1) & mask) {
      if (slots_[i] == kEmpty) return;  // not indexed (it shared its key with an earlier row)
      if (row_of(slots_[i]) == row) break;
    }
    for (std::size_t j = (i + 1) & mask;; j = (j + 1) & mask) {
      const std::uint64_t slot = slots_[j];
      if (slot == kEmpty) break;
      const std::size_t home = hash_of(row_of(slot)) & mask;
      // The entry at j may move to the gap at i when its home is not cyclically in (i, j].
      const bool home_in_between = i <= j ? (i < home && home <= j) : (i < home || home <= j);
      if (!home_in_between) {
        slots_[i] = slot;
        i = j;
      }
    }
    slots_[i] = kEmpty;
  }
  /// Makes room for @p count keys, rebuilding from `rows` rows with `reindex(index)` when it grows.
  /// @throws std::length_error past 2^31 records
  template <class Reindex>
  bool make_room(std::size_t count, Reindex&& reindex) {
    if (count <= slots_.size() / 2) return false;
    if (count > kMaxRecords) throw_too_many();
    std::size_t size = kMinSlots;
    while (size / 2 < count) size *= 2;
    KeyIndex grown;
    grown.slots_.assign(size, kEmpty);
    reindex(grown);
    *this = std::move(grown);
    return true;
  }
  /// Number of slots (for tests).
  std::size_t capacity() const noexcept { return slots_.size(); }

 private:
  [[noreturn]] static void throw_too_many();
  // A slot: the upper 32 bits of the key's hash, then row + 1 (0 when the slot is empty). The
  // probe starts from the lower bits, so the two halves are independent.
  static constexpr std::uint64_t kEmpty = 0;
  static constexpr std::uint64_t kTagMask = 0xffff'ffff'0000'0000ULL;
  static constexpr std::uint64_t tag_of(std::uint64_t hash) noexcept { return hash & kTagMask; }
  static constexpr std::uint32_t row_of(std::uint64_t slot) noexcept {
    return static_cast<std::uint32_t>(slot & 0xffff'ffffULL) - 1;
  }
  static constexpr std::size_t kMinSlots = 16;
  static constexpr std::size_t kMaxRecords = std::size_t{1} << 31;
  std::vector<std::uint64_t> slots_;
};

/// The records of kind @p E in insertion order, indexed by key. Changed only by its `Dataset`.
template <Entity E>
class Table {
 public:
  /// The key type (`TraineeId`, `BranchCode`, …).
  using Key = KeyOf<E>;

  /// Every record, in insertion order.
  std::span<const E> records() const noexcept { return records_; }
  /// Number of records.
  std::size_t size() const noexcept { return records_.size(); }
  /// The row of the first record with @p key; `std::nullopt` when none.
  std::optional<Row<E>> find(const Key& key) const noexcept {
    const auto row = index_.find(hash_key(key), [&](std::uint32_t r) { return key_of(records_[r]) == key; });
    return row ? std::optional(Row<E>{*row}) : std::nullopt;
  }

  /// Appends @p records and indexes them. Strong guarantee.
  void append(std::vector<E>&& records);
  /// Replaces the record at @p row, re-indexing it when its key changed. Strong guarantee.
  void replace(Row<E> row, E&& record);
  /// Removes the last record.
  void remove_last() noexcept;
  /// Reserves room for @p count records and their index.
  void reserve(std::size_t count);
  /// Moves every record out, leaving the table empty.
  std::vector<E> take_records() noexcept;

 private:
  void reindex_into(KeyIndex& index) const noexcept;
  std::vector<E> records_;
  KeyIndex index_;
};

}  // namespace vocfab
