/// @file
/// `Relation<ForeignKey>`: which records of one kind refer to each record of another, kept as
/// records are added and changed (part of a `Dataset`).
///
/// A relation is named by its foreign key: `Relation<&Enrollment::trainee>` lists, for each
/// trainee row, the enrollments whose `trainee` names it, in record order. It is a chain of rows
/// per parent (first and last child of each parent, next child of each child), so adding a
/// record costs one lookup of its parent and nothing per record is allocated. A child whose
/// reference names nothing is an orphan (validation reports it); should its parent arrive later,
/// the relation is rebuilt.
///
/// Thread-safety: const member functions may be called concurrently; changes need exclusive access.
#pragma once

#include "vocfab/model/table.h"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <vector>

namespace vocfab {

namespace relation_detail {
template <class Member>
struct MemberPointer;
template <class Record, class Key>
struct MemberPointer<Key Record::*> {
  using record = Record;
  using key = Key;
};
}  // namespace relation_detail

/// The record kind whose key has type @p Key (`TraineeId` → `Trainee`, `BranchCode` → `Branch`).
template <class Key>
struct EntityWithKey;
/// @cond VOCFAB_INTERNAL
template <> struct EntityWithKey<CentreId> { using type = Centre; };
template <> struct EntityWithKey<BranchCode> { using type = Branch; };
template <> struct EntityWithKey<CourseId> { using type = Course; };
template <> struct EntityWithKey<TraineeId> { using type = Trainee; };
template <> struct EntityWithKey<ApplicationId> { using type = Application; };
template <> struct EntityWithKey<EnrollmentId> { using type = Enrollment; };
template <> struct EntityWithKey<CertificateId> { using type = Certificate; };
template <> struct EntityWithKey<EmployerId> { using type = Employer; };
template <> struct EntityWithKey<VacancyId> { using type = Vacancy; };
template <> struct EntityWithKey<ReferralId> { using type = Referral; };
/// @endcond

/// The referring (`child`) and referred (`parent`) record kinds of foreign key @p ForeignKey.
template <auto ForeignKey>
struct RelationTypes {
  using child = typename relation_detail::MemberPointer<decltype(ForeignKey)>::record;  ///< Referring kind.
  /// Referred kind.
  using parent = typename EntityWithKey<typename relation_detail::MemberPointer<decltype(ForeignKey)>::key>::type;
};

/// The rows of one parent's children, in record order.
template <class Child>
class ChildRows {
 public:
  /// Marks the end of a chain.
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  /// Walks the chain.
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;  ///< Iterator concept.
    using value_type = Row<Child>;                        ///< Yields rows.
    using difference_type = std::ptrdiff_t;               ///< Distance type.
    using pointer = void;                                 ///< Rows are values.
    using reference = Row<Child>;                         ///< Rows are values.
    iterator() = default;
    /// At row @p at of a chain linked by @p next.
    iterator(const std::uint32_t* next, std::uint32_t at) noexcept : next_(next), at_(at) {}
    /// The current row.
    Row<Child> operator*() const noexcept { return Row<Child>{at_}; }
    /// To the next row.
    iterator& operator++() noexcept {
      at_ = next_[at_];
      return *this;
    }
    /// To the next row (postfix).
    iterator operator++(int) noexcept {
      iterator before = *this;
      ++*this;
      return before;
    }
    /// Same position.
    friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.at_ == b.at_; }

   private:
    const std::uint32_t* next_ = nullptr;
    std::uint32_t at_ = kNone;
  };

  /// The chain from @p first, linked by @p next.
  ChildRows(const std::uint32_t* next, std::uint32_t first) noexcept : next_(next), first_(first) {}
  /// First child.
  iterator begin() const noexcept { return iterator(next_, first_); }
  /// Past the last child.
  iterator end() const noexcept { return iterator(next_, kNone); }
  /// True when there is none.
  bool empty() const noexcept { return first_ == kNone; }

 private:
  const std::uint32_t* next_;
  std::uint32_t first_;
};

/// The children of each parent row along foreign key @p ForeignKey.
template <auto ForeignKey>
class Relation {
 public:
  using Child = typename RelationTypes<ForeignKey>::child;    ///< Referring kind.
  using Parent = typename RelationTypes<ForeignKey>::parent;  ///< Referred kind.
  static constexpr std::uint32_t kNone = ChildRows<Child>::kNone;  ///< No row.

  /// The children of @p parent, in record order.
  ChildRows<Child> children(Row<Parent> parent) const noexcept {
    return ChildRows<Child>(next_.data(), parent.index < first_.size() ? first_[parent.index] : kNone);
  }
  /// The parent of @p child, if its reference names one.
  std::optional<Row<Parent>> parent(Row<Child> child) const noexcept {
    if (child.index >= parent_.size() || parent_[child.index] == kNone) return std::nullopt;
    return Row<Parent>{parent_[child.index]};
  }

  /// Links children rows [first, children.size()) to their parents (appended in row order).
  void link_new_children(const Table<Child>& children, const Table<Parent>& parents);
  /// Relinks everything from scratch (after a change a chain cannot follow cheaply).
  void rebuild(const Table<Child>& children, const Table<Parent>& parents);
  /// After parents rows [first, parents.size()) were appended.
  void parents_appended(const Table<Child>& children, const Table<Parent>& parents);
  /// Whether @p before and @p after refer to the same parent key (a replace that keeps it needs
  /// no lookup of the parent).
  static bool same_reference(const Child& before, const Child& after) noexcept {
    return before.*ForeignKey == after.*ForeignKey;
  }
  /// After the child at @p row changed its reference (or may have).
  void child_replaced(Row<Child> row, const Table<Child>& children, const Table<Parent>& parents);
  /// Before the last child is removed.
  void removing_last_child(Row<Child> row) noexcept;
  /// Before the last parent is removed (its children become orphans, or find an earlier parent
  /// with the same key: rebuilt lazily by the caller).
  bool parent_has_children(Row<Parent> row) const noexcept {
    return row.index < first_.size() && first_[row.index] != kNone;
  }
  /// Reserves room for @p children and @p parents rows.
  void reserve(std::size_t children, std::size_t parents);

 private:
  void link(std::uint32_t child, std::uint32_t parent) noexcept;
  void unlink(std::uint32_t child) noexcept;
  std::vector<std::uint32_t> first_, last_;  // by parent row
  std::vector<std::uint32_t> next_;          // by child row
  std::vector<std::uint32_t> parent_;        // by child row
  std::size_t orphans_ = 0;
};

}  // namespace vocfab
