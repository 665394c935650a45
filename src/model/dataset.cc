// Tables, relations and the dataset that changes them.
//
// Indexes are open-addressing tables of positions (eight bytes a slot: the row and half the key's
// hash; at most half full, linear probing, the key read from the record): no allocation per
// record, 16-32 bytes per record. Boost
// 1.74 (Debian 12) has no flat hash map, hence KeyIndex. Relations are chains of rows: first and
// last child per parent, next child and parent per child.
#include "vocfab/model/dataset.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <iterator>
#include <stdexcept>
#include <utility>

namespace vocfab {
namespace {

// MurmurHash3's 64-bit finaliser: every input bit reaches the low bits the table is indexed by
// (national ids and hand-made UUIDs differ mostly in a few bytes).
constexpr std::uint64_t mix(std::uint64_t h) noexcept {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

constexpr std::uint32_t kNone = ChildRows<Trainee>::kNone;

}  // namespace

std::uint64_t hash_key(const boost::uuids::uuid& id) noexcept {
  std::uint64_t halves[2];
  static_assert(sizeof(halves) == sizeof(id.data));
  std::memcpy(halves, id.data, sizeof(halves));
  return mix(halves[0] ^ mix(halves[1]));
}
std::uint64_t hash_key(const NationalId& id) noexcept { return mix(id.value()); }
std::uint64_t hash_key(const BranchCode& code) noexcept { return mix(std::hash<std::string>{}(code.str())); }

void KeyIndex::throw_too_many() { throw std::length_error("a dataset collection holds at most 2^31 records"); }

// ---------------------------------------------------------------------------------------------
// Table

template <Entity E>
void Table<E>::reindex_into(KeyIndex& index) const noexcept {
  for (std::uint32_t row = 0; row < records_.size(); ++row) {
    const Key& key = key_of(records_[row]);
    index.insert(hash_key(key), row, [&](std::uint32_t other) { return key_of(records_[other]) == key; });
  }
}

template <Entity E>
void Table<E>::append(std::vector<E>&& incoming) {
  const std::size_t first = records_.size();
  index_.make_room(first + incoming.size(), [&](KeyIndex& grown) { reindex_into(grown); });
  if (records_.empty() && incoming.capacity() >= records_.capacity()) {  // adopting loses no reservation
    records_ = std::move(incoming);
  } else {
    records_.insert(records_.end(), std::make_move_iterator(incoming.begin()), std::make_move_iterator(incoming.end()));
  }
  for (std::size_t row = first; row < records_.size(); ++row) {
    const Key& key = key_of(records_[row]);
    index_.insert(hash_key(key), static_cast<std::uint32_t>(row),
                  [&](std::uint32_t other) { return key_of(records_[other]) == key; });
  }
}

template <Entity E>
void Table<E>::replace(Row<E> row, E&& record) {
  E& slot = records_[row.index];
  if (key_of(slot) == key_of(record)) {
    slot = std::move(record);
    return;
  }
  // The key changes: rebuild the index around the new value (rare: ids never change through
  // operations). Built aside first, so a failure changes nothing.
  std::swap(slot, record);
  try {
    KeyIndex rebuilt;
    rebuilt.make_room(std::max<std::size_t>(records_.size(), 1), [&](KeyIndex& grown) { reindex_into(grown); });
    index_ = std::move(rebuilt);
  } catch (...) {
    std::swap(slot, record);
    throw;
  }
}

template <Entity E>
void Table<E>::remove_last() noexcept {
  if (records_.empty()) return;
  const auto row = static_cast<std::uint32_t>(records_.size() - 1);
  index_.erase(hash_key(key_of(records_.back())), row,
               [&](std::uint32_t other) { return hash_key(key_of(records_[other])); });
  records_.pop_back();
  // A later duplicate of the removed key cannot exist: the removed record was the last.
}

template <Entity E>
std::vector<E> Table<E>::take_records() noexcept {
  index_ = KeyIndex();
  return std::exchange(records_, {});
}

template <Entity E>
void Table<E>::reserve(std::size_t count) {
  if (count == 0) return;
  records_.reserve(count);
  index_.make_room(count, [&](KeyIndex& grown) { reindex_into(grown); });
}

// ---------------------------------------------------------------------------------------------
// Relation

template <auto ForeignKey>
void Relation<ForeignKey>::link(std::uint32_t child, std::uint32_t parent) noexcept {
  parent_[child] = parent;
  next_[child] = kNone;
  if (parent == kNone) {
    ++orphans_;
    return;
  }
  std::uint32_t& first = first_[parent];
  std::uint32_t& last = last_[parent];
  if (first == kNone) {
    first = last = child;
  } else if (last < child) {
    next_[last] = child;
    last = child;
  } else {  // keep the chain in record order
    std::uint32_t* at = &first;
    while (*at != kNone && *at < child) at = &next_[*at];
    next_[child] = *at;
    *at = child;
  }
}

template <auto ForeignKey>
void Relation<ForeignKey>::unlink(std::uint32_t child) noexcept {
  const std::uint32_t parent = parent_[child];
  if (parent == kNone) {
    --orphans_;
    return;
  }
  std::uint32_t* at = &first_[parent];
  std::uint32_t previous = kNone;
  while (*at != child) {
    previous = *at;
    at = &next_[*at];
  }
  *at = next_[child];
  if (last_[parent] == child) last_[parent] = previous;
  parent_[child] = kNone;
}

template <auto ForeignKey>
void Relation<ForeignKey>::link_new_children(const Table<Child>& children, const Table<Parent>& parents) {
  const std::size_t first = next_.size();
  next_.resize(children.size(), kNone);
  parent_.resize(children.size(), kNone);
  first_.resize(parents.size(), kNone);
  last_.resize(parents.size(), kNone);
  const auto records = children.records();
  for (std::size_t row = first; row < records.size(); ++row) {
    const auto found = parents.find(records[row].*ForeignKey);
    link(static_cast<std::uint32_t>(row), found ? found->index : kNone);
  }
}

template <auto ForeignKey>
void Relation<ForeignKey>::rebuild(const Table<Child>& children, const Table<Parent>& parents) {
  std::vector<std::uint32_t>().swap(next_);
  std::vector<std::uint32_t>().swap(parent_);
  first_.assign(parents.size(), kNone);
  last_.assign(parents.size(), kNone);
  orphans_ = 0;
  link_new_children(children, parents);
}

template <auto ForeignKey>
void Relation<ForeignKey>::parents_appended(const Table<Child>& children, const Table<Parent>& parents) {
  first_.resize(parents.size(), kNone);
  last_.resize(parents.size(), kNone);
  if (orphans_ > 0) rebuild(children, parents);  // a new parent may be an orphan's
}

template <auto ForeignKey>
void Relation<ForeignKey>::child_replaced(Row<Child> row, const Table<Child>& children, const Table<Parent>& parents) {
  const auto found = parents.find(children.records()[row.index].*ForeignKey);
  const std::uint32_t parent = found ? found->index : kNone;
  if (parent == parent_[row.index]) return;
  unlink(row.index);
  link(row.index, parent);
}

template <auto ForeignKey>
void Relation<ForeignKey>::removing_last_child(Row<Child> row) noexcept {
  if (row.index >= next_.size()) return;
  unlink(row.index);
  next_.pop_back();
  parent_.pop_back();
}

template <auto ForeignKey>
void Relation<ForeignKey>::reserve(std::size_t children, std::size_t parents) {
  if (children != 0) {
    next_.reserve(children);
    parent_.reserve(children);
  }
  if (parents != 0) {
    first_.reserve(parents);
    last_.reserve(parents);
  }
}

// ---------------------------------------------------------------------------------------------
// Dataset

namespace {

// Calls `visit(relation)` for each relation of the dataset in which kind E takes part as
// `Side` (child or parent).
template <class Side, class E, class Relations, class Visit>
void for_each_relation(Relations& relations, Visit&& visit) {
  std::apply(
      [&](auto&... relation) {
        auto one = [&](auto& r) {
          using R = std::remove_reference_t<decltype(r)>;
          if constexpr (std::is_same_v<typename Side::template of<R>, E>) visit(r);
        };
        (one(relation), ...);
      },
      relations);
}

struct AsChild {
  template <class R>
  using of = typename R::Child;
};
struct AsParent {
  template <class R>
  using of = typename R::Parent;
};

}  // namespace

void Dataset::set_policy(Policy policy) {
  require_well_formed(policy);
  policy_ = std::move(policy);
}

void Dataset::append_audit(AuditEntry entry) {
  if (entry.seq != audit_.size() + 1) {
    throw std::invalid_argument("audit entry " + std::to_string(entry.seq) + " does not follow entry " +
                                std::to_string(audit_.size()));
  }
  // Room first, so that nothing below can fail after the key is indexed; grown geometrically (an
  // exact `size() + 1` would reallocate and move the whole trail on every append).
  if (audit_.size() == audit_.capacity()) audit_.reserve(std::max<std::size_t>(16, 2 * audit_.capacity()));
  if (entry.key) audit_keys_.try_emplace(*entry.key, audit_.size());
  audit_.push_back(std::move(entry));
}

void Dataset::remove_last_audit() noexcept {
  if (audit_.empty()) return;
  if (const auto& key = audit_.back().key) {
    const auto found = audit_keys_.find(*key);
    if (found != audit_keys_.end() && found->second + 1 == audit_.size()) audit_keys_.erase(found);
  }
  audit_.pop_back();
}

const AuditEntry* Dataset::find_audit_key(std::string_view key) const noexcept {
  const auto found = audit_keys_.find(key);
  return found == audit_keys_.end() ? nullptr : &audit_[found->second];
}

const Trainee* Dataset::find(const NationalId& national_id) const noexcept {
  const auto trainees = records<Trainee>();
  const auto row = national_ids_.find(hash_key(national_id), [&](std::uint32_t r) {
    return trainees[r].identity && trainees[r].identity->national_id == national_id;
  });
  return row ? &trainees[*row] : nullptr;
}

void Dataset::index_national_ids(std::size_t first) {
  const auto trainees = records<Trainee>();
  const auto same = [&](const NationalId& id) {
    return [&trainees, &id](std::uint32_t other) {
      return trainees[other].identity && trainees[other].identity->national_id == id;
    };
  };
  const auto insert_range = [&](KeyIndex& index, std::size_t from) {
    for (std::size_t row = from; row < trainees.size(); ++row) {
      if (!trainees[row].identity) continue;
      const NationalId& id = trainees[row].identity->national_id;
      index.insert(hash_key(id), static_cast<std::uint32_t>(row), same(id));
    }
  };
  national_ids_.make_room(trainees.size(), [&](KeyIndex& grown) { insert_range(grown, 0); });
  insert_range(national_ids_, first);
}

template <Entity E>
void Dataset::after_append(std::size_t first) {
  if constexpr (std::is_same_v<E, Trainee>) index_national_ids(first);
  for_each_relation<AsChild, E>(relations_, [&](auto& relation) {
    using R = std::remove_reference_t<decltype(relation)>;
    relation.link_new_children(table<E>(), table<typename R::Parent>());
  });
  for_each_relation<AsParent, E>(relations_, [&](auto& relation) {
    using R = std::remove_reference_t<decltype(relation)>;
    relation.parents_appended(table<typename R::Child>(), table<E>());
  });
  if constexpr (std::is_same_v<E, Trainee>) {
    seekers_.trainees_appended(records<Trainee>(), first);
  } else if constexpr (std::is_same_v<E, Enrollment>) {
    std::map<BranchCode, std::vector<std::uint32_t>> by_branch;
    for (std::size_t i = first; i < records<Enrollment>().size(); ++i) {
      const Row<Enrollment> row{static_cast<std::uint32_t>(i)};
      const auto course = parent<&Enrollment::course>(row);
      const auto person = parent<&Enrollment::trainee>(row);
      if (course && person) by_branch[at(*course).branch].push_back(person->index);
    }
    for (auto& [branch, rows] : by_branch) seekers_.enrolled(branch, std::move(rows));
  } else if constexpr (std::is_same_v<E, Course>) {
    // Enrollments read before their course.
    for (std::size_t i = first; i < records<Course>().size(); ++i) enrollees_to_seekers(Row<Course>{static_cast<std::uint32_t>(i)});
  }
}

void Dataset::enrollees_to_seekers(Row<Course> course) {
  std::vector<std::uint32_t> rows;
  for (const auto enrollment : children<&Enrollment::course>(course)) {
    if (const auto person = parent<&Enrollment::trainee>(enrollment)) rows.push_back(person->index);
  }
  seekers_.enrolled(at(course).branch, std::move(rows));
}

template <Entity E>
void Dataset::append_records(std::vector<E> records) {
  Table<E>& table = mutable_table<E>();
  const std::size_t first = table.size();
  table.append(std::move(records));
  try {
    after_append<E>(first);
  } catch (...) {
    // Out of memory while indexing or linking: take the records out again.
    while (table.size() > first) remove_last<E>();
    throw;
  }
}

template <Entity E>
void Dataset::add(E record) {
  require_well_formed(record);
  std::vector<E> one;
  one.push_back(std::move(record));
  append_records(std::move(one));
}

template <Entity E>
void Dataset::append(std::vector<E> records) {
  for (const E& record : records) require_well_formed(record);
  append_records(std::move(records));
}

template <Entity E>
void Dataset::append_checked(std::vector<E> records, const io_detail::RecordLists&) {
  append_records(std::move(records));
}

template <Entity E>
void Dataset::replace(Row<E> row, E record) {
  require_well_formed(record);
  Table<E>& table = mutable_table<E>();
  if constexpr (std::is_same_v<E, Trainee>) {
    const Trainee& old = table.records()[row.index];
    seekers_.trainee_replaced(row.index, record);
    const bool same_national_id = old.identity.has_value() == record.identity.has_value() &&
                                  (!old.identity || old.identity->national_id == record.identity->national_id);
    if (!same_national_id) {
      Trainee previous = old;
      table.replace(row, std::move(record));
      try {
        KeyIndex rebuilt;
        std::swap(rebuilt, national_ids_);
        try {
          index_national_ids(0);
        } catch (...) {
          std::swap(rebuilt, national_ids_);
          throw;
        }
      } catch (...) {
        seekers_.trainee_replaced(row.index, previous);
        table.replace(row, std::move(previous));
        throw;
      }
      return;
    }
  }
  const KeyOf<E> old_key = key_of(table.records()[row.index]);
  // Most changes keep every reference (a status, a date): only a changed one costs a lookup of
  // its parent. Bit i: the i-th relation's reference changed.
  std::uint32_t moved = 0;
  std::uint32_t bit = 1;
  for_each_relation<AsChild, E>(relations_, [&](auto& relation) {
    if (!relation.same_reference(table.records()[row.index], record)) moved |= bit;
    bit <<= 1;
  });
  table.replace(row, std::move(record));
  bit = 1;
  for_each_relation<AsChild, E>(relations_, [&](auto& relation) {
    using R = std::remove_reference_t<decltype(relation)>;
    if ((moved & bit) != 0) relation.child_replaced(row, table, this->table<typename R::Parent>());
    bit <<= 1;
  });
  if (!(old_key == key_of(table.records()[row.index]))) {
    for_each_relation<AsParent, E>(relations_, [&](auto& relation) {
      using R = std::remove_reference_t<decltype(relation)>;
      relation.rebuild(this->table<typename R::Child>(), table);
    });
  }
  // A course of another branch, or an enrollment in another course: the people it concerns are
  // enrolled in that branch now (the index keeps the old listing too, a superset).
  if constexpr (std::is_same_v<E, Course>) {
    enrollees_to_seekers(row);
  } else if constexpr (std::is_same_v<E, Enrollment>) {
    const auto course = parent<&Enrollment::course>(row);
    const auto person = parent<&Enrollment::trainee>(row);
    if (course && person) seekers_.enrolled(at(*course).branch, {person->index});
  }
}

template <Entity E>
void Dataset::remove_last() noexcept {
  Table<E>& table = mutable_table<E>();
  if (table.size() == 0) return;
  const Row<E> row{static_cast<std::uint32_t>(table.size() - 1)};
  for_each_relation<AsChild, E>(relations_, [&](auto& relation) { relation.removing_last_child(row); });
  bool had_children = false;
  for_each_relation<AsParent, E>(relations_,
                                 [&](auto& relation) { had_children = had_children || relation.parent_has_children(row); });
  if constexpr (std::is_same_v<E, Trainee>) {
    const Trainee& last = table.records()[row.index];
    seekers_.trainee_removed(row.index);
    if (last.identity) {
      const auto trainees = table.records();
      national_ids_.erase(hash_key(last.identity->national_id), row.index, [&](std::uint32_t other) {
        return trainees[other].identity ? hash_key(trainees[other].identity->national_id) : 0;
      });
    }
  }
  table.remove_last();
  // Children of the removed parent now name nothing (or an earlier record with its key). An undo
  // removes children before their parents, so this is the rare path; rebuilding may only fail
  // for memory, and then the relation is rebuilt empty-handed on the next change.
  for_each_relation<AsParent, E>(relations_, [&](auto& relation) {
    using R = std::remove_reference_t<decltype(relation)>;
    try {
      if (had_children) {
        relation.rebuild(this->table<typename R::Child>(), table);
      } else {
        relation.parents_appended(this->table<typename R::Child>(), table);
      }
    } catch (...) {
    }
  });
}

void Dataset::append(Dataset&& other) {
  for_each_entity([&](auto kind) {
    using E = typename decltype(kind)::type;
    append_records(other.mutable_table<E>().take_records());
  });
  other = Dataset();
}

std::size_t Dataset::size(Collection collection) const noexcept {
  return visit_entity(collection, [&](auto kind) { return table<typename decltype(kind)::type>().size(); });
}

std::size_t Dataset::record_count() const noexcept {
  std::size_t total = 0;
  for (Collection collection : kAllCollections) total += size(collection);
  return total;
}

void Dataset::reserve(const DatasetSizes& sizes) {
  for_each_entity([&](auto kind) {
    using E = typename decltype(kind)::type;
    const std::size_t count = sizes[static_cast<std::size_t>(Description<E>::collection)];
    mutable_table<E>().reserve(count);
    if constexpr (std::is_same_v<E, Trainee>) {
      if (count != 0) index_national_ids(records<Trainee>().size());
    }
  });
}

// The ten kinds.
#define VOCFAB_INSTANTIATE(E)                                                              \
  template class Table<E>;                                                                 \
  template void Dataset::add<E>(E);                                                        \
  template void Dataset::append<E>(std::vector<E>);                                        \
  template void Dataset::append_checked<E>(std::vector<E>, const io_detail::RecordLists&); \
  template void Dataset::replace<E>(Row<E>, E);                                            \
  template void Dataset::remove_last<E>() noexcept;
VOCFAB_INSTANTIATE(Centre)
VOCFAB_INSTANTIATE(Branch)
VOCFAB_INSTANTIATE(Course)
VOCFAB_INSTANTIATE(Trainee)
VOCFAB_INSTANTIATE(Application)
VOCFAB_INSTANTIATE(Enrollment)
VOCFAB_INSTANTIATE(Certificate)
VOCFAB_INSTANTIATE(Employer)
VOCFAB_INSTANTIATE(Vacancy)
VOCFAB_INSTANTIATE(Referral)
#undef VOCFAB_INSTANTIATE

}  // namespace vocfab
