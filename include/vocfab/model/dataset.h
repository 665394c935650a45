/// @file
/// `Dataset`: the state of a registry — one policy, the day it describes, the audit trail, and
/// the records of every kind in tables, with their keys and relations.
///
/// Records are kept in insertion order (the order they are saved in, so a saved file
/// round-trips byte for byte) and indexed by key (ids; codes for branches; national ids for
/// identified trainees). A dataset may hold records that break rules between records — two
/// records with one key, a reference to nothing — so that `vocfab::validate` can report them
/// all; lookups then find the first record with a key. It never holds a record that is not well
/// formed on its own (`record_check.h`): adding or changing one throws `InvalidRecord`.
///
/// Relations (`kRelations`) — a person's enrollments, referrals and applications, a course's
/// enrollments, a vacancy's referrals, an enrollment's certificates, an employer's vacancies, a
/// centre's and a branch's courses — are kept by the dataset as records are added and changed,
/// and listed in record order (`children`, `parent`).
///
/// Every change goes through `add`, `append`, `replace` and `remove_last` (the last only to undo
/// an add); each leaves the dataset as it was when it throws. The model knows nothing of JSON or
/// I/O.
///
/// Thread-safety: const member functions may be called concurrently; any non-const call needs
/// exclusive access.
#pragma once

#include "vocfab/model/seeker_index.h"
#include "vocfab/model/audit.h"
#include "vocfab/model/collection.h"
#include "vocfab/model/description.h"
#include "vocfab/model/entities.h"
#include "vocfab/model/policy.h"
#include "vocfab/model/record_check.h"
#include "vocfab/model/relation.h"
#include "vocfab/model/table.h"

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <functional>
#include <unordered_map>
#include <tuple>
#include <vector>

namespace vocfab {

namespace io_detail {
class RecordLists;
}

/// How many records of each collection a dataset is expected to hold (indexed by `Collection`),
/// for `Dataset::reserve`. Exact counts or estimates both work; a zero leaves a collection as it is.
using DatasetSizes = std::array<std::size_t, kAllCollections.size()>;

/// The foreign keys whose relations a dataset keeps.
#define VOCFAB_RELATIONS                                                                          \
  &Enrollment::trainee, &Enrollment::course, &Referral::trainee, &Referral::vacancy,                \
      &Application::trainee, &Certificate::enrollment, &Vacancy::employer, &Course::centre,         \
      &Course::branch

/// A registry's complete state.
class Dataset {
 public:
  /// An empty dataset with the default policy.
  Dataset() = default;

  /// The programme policy.
  const Policy& policy() const noexcept { return policy_; }
  /// Replaces the programme policy. @throws InvalidRecord when it is not well formed.
  void set_policy(Policy policy);

  /// The day the data describes (SPEC section 3); absent when the document names none.
  const std::optional<Date>& as_of() const noexcept { return as_of_; }
  /// Sets the day the data describes.
  void set_as_of(std::optional<Date> day) noexcept { as_of_ = day; }

  /// The audit trail, oldest first.
  std::span<const AuditEntry> audit() const noexcept { return audit_; }
  /// Appends @p entry to the audit trail. @throws std::invalid_argument unless its `seq` is
  /// `audit().size() + 1`
  void append_audit(AuditEntry entry);
  /// Removes the last audit entry (to undo an append).
  void remove_last_audit() noexcept;
  /// The first audit entry carrying idempotency key @p key; `nullptr` when none (constant time).
  const AuditEntry* find_audit_key(std::string_view key) const noexcept;

  /// @name Records of one kind
  /// @{

  /// Every record of kind @p E, in insertion order.
  template <Entity E>
  std::span<const E> records() const noexcept {
    return table<E>().records();
  }
  /// The record at @p row.
  template <Entity E>
  const E& at(Row<E> row) const noexcept {
    return table<E>().records()[row.index];
  }
  /// The row of the (first) record with @p key; `std::nullopt` when none.
  template <class Key>
  std::optional<Row<typename EntityWithKey<Key>::type>> row_of(const Key& key) const noexcept {
    return table<typename EntityWithKey<Key>::type>().find(key);
  }
  /// The (first) record with @p key; `nullptr` when none.
  template <class Key>
  const typename EntityWithKey<Key>::type* find(const Key& key) const noexcept {
    const auto row = row_of(key);
    return row ? &at(*row) : nullptr;
  }
  /// The identified trainee with @p national_id; `nullptr` when none.
  const Trainee* find(const NationalId& national_id) const noexcept;
  /// The row of @p record, which must be an element of `records<E>()`.
  template <Entity E>
  Row<E> row_of_record(const E& record) const noexcept {
    return Row<E>{static_cast<std::uint32_t>(&record - records<E>().data())};
  }
  /// The table of kind @p E.
  template <Entity E>
  const Table<E>& table() const noexcept {
    return std::get<Table<E>>(tables_);
  }
  /// @}

  /// @name Relations
  /// @{

  /// The rows of the records whose `ForeignKey` names the record at @p parent, in record order;
  /// e.g. `children<&Enrollment::trainee>(trainee_row)` lists a person's enrollments.
  template <auto ForeignKey>
  ChildRows<typename RelationTypes<ForeignKey>::child> children(
      Row<typename RelationTypes<ForeignKey>::parent> parent) const noexcept {
    return std::get<Relation<ForeignKey>>(relations_).children(parent);
  }
  /// The row of the record that @p child's `ForeignKey` names; `std::nullopt` when none.
  template <auto ForeignKey>
  std::optional<Row<typename RelationTypes<ForeignKey>::parent>> parent(
      Row<typename RelationTypes<ForeignKey>::child> child) const noexcept {
    return std::get<Relation<ForeignKey>>(relations_).parent(child);
  }
  /// @}

  /// The people arranged for candidate ranking, kept current by every change below.
  const SeekerIndex& seekers() const noexcept { return seekers_; }

  /// @name Changing records
  /// Each call checks the record (`require_well_formed`) and leaves the dataset exactly as it
  /// was when it throws.
  /// @{

  /// Appends a record; its key is indexed unless taken (the first record keeps it).
  /// @throws InvalidRecord, std::bad_alloc, std::length_error (past 2^31 records)
  template <Entity E>
  void add(E record);
  /// Appends @p records in order, as if each were added with `add`, with one reservation for all.
  template <Entity E>
  void append(std::vector<E> records);
  /// Replaces the record at @p row: the one path by which a record changes. Keys and relations
  /// follow the new value (a changed national id is re-indexed; an erased person's is removed).
  template <Entity E>
  void replace(Row<E> row, E record);
  /// Removes the last record of kind @p E (to undo an `add`); nothing when there is none.
  template <Entity E>
  void remove_last() noexcept;
  /// @}

  /// Moves every record of @p other to the end of this dataset, kind by kind, in order (as if
  /// each were added with `add`), and leaves @p other empty. The policy stays this dataset's.
  void append(Dataset&& other);

  /// Number of records in @p collection.
  std::size_t size(Collection collection) const noexcept;
  /// Total number of records of all kinds (the policy and the audit trail not counted).
  std::size_t record_count() const noexcept;

  /// Reserves room for @p sizes records of each collection (and their indexes) before a bulk
  /// load. Only an optimisation: never shrinks; a zero leaves that collection untouched.
  void reserve(const DatasetSizes& sizes);

  /// For the reader, whose decoders checked every record as `add` would: the same as `append`
  /// without checking them again. Only `io_detail::RecordLists` can name its second argument.
  template <Entity E>
  void append_checked(std::vector<E> records, const io_detail::RecordLists& checked_by);

 private:
  template <Entity E>
  Table<E>& mutable_table() noexcept {
    return std::get<Table<E>>(tables_);
  }
  template <Entity E>
  void append_records(std::vector<E> records);
  // After rows [first, size) of kind E were appended: relations and secondary keys.
  template <Entity E>
  void after_append(std::size_t first);
  void index_national_ids(std::size_t first);
  // The people enrolled in @p course, into the seeker index under its branch.
  void enrollees_to_seekers(Row<Course> course);
  template <auto... ForeignKeys>
  using Relations = std::tuple<Relation<ForeignKeys>...>;

  Policy policy_;
  std::optional<Date> as_of_;
  std::vector<AuditEntry> audit_;
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const noexcept { return std::hash<std::string_view>{}(key); }
  };
  // Idempotency key -> the index of the first entry with it; looked up without a copy of the key.
  std::unordered_map<std::string, std::size_t, KeyHash, std::equal_to<>> audit_keys_;
  std::tuple<Table<Centre>, Table<Branch>, Table<Course>, Table<Trainee>, Table<Application>, Table<Enrollment>,
             Table<Certificate>, Table<Employer>, Table<Vacancy>, Table<Referral>>
      tables_;
  KeyIndex national_ids_;  // identified trainees' rows by national id
  SeekerIndex seekers_;
  Relations<VOCFAB_RELATIONS> relations_;
};

}  // namespace vocfab
