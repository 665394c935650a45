// Private to src/io: decoding any described record from its fields, and encoding it, from its
// `Description` alone (vocfab/model/description.h). Nothing here names a field of a particular
// record kind: what is particular to a kind lives in its description and the model's record
// invariants, and in one hook for members the description does not know (`unknown_field`).
#pragma once

#include "io/record_codec.h"
#include "vocfab/model/description.h"
#include "vocfab/model/masking.h"
#include "vocfab/model/record_check.h"
#include "vocfab/model/enums.h"

#include <limits>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace vocfab::io_detail {

/// Reads one JSON value of type @p V (a scalar, a value type, an enumeration, a list, or a
/// described nested object), reporting what is wrong through @p field. The rule of the value's
/// field (text kind and length, range) is the model's, checked by the draft with `field_problems`.
template <class V>
std::optional<V> read_value(Field& field);

/// Encodes @p value; national ids and the numbers in free text masked when @p options ask.
template <class V>
nlohmann::ordered_json write_value(const V& value, const WriteOptions& options);

/// A member the description does not know: ignored, so that newer files still load — except on
/// a vacancy, where a key naming a protected attribute, at any depth of its value, is refused.
template <class T>
void unknown_field(std::type_identity<T>, Field&) {}
/// @copydoc unknown_field
void unknown_field(std::type_identity<Vacancy>, Field& field);


template <Described T>
class Draft;

template <Described T>
void write_fields(const T& record, const WriteOptions& options, nlohmann::ordered_json& object);

/// A record being decoded: one slot per field, filled in any order; `build` checks that the
/// required fields came, applies the defaults, checks the record's own rules and makes it.
template <Described T>
class Draft {
  static constexpr auto& kFields = Description<T>::fields;
  static constexpr std::size_t kCount = std::tuple_size_v<std::remove_cvref_t<decltype(kFields)>>;
  static_assert(kCount <= 64, "a record's fields are tracked in a 64-bit mask");

  template <std::size_t I>
  using FieldAt = std::remove_cvref_t<decltype(std::get<I>(kFields))>;
  template <std::size_t I>
  using ValueAt = typename unwrap_optional<typename FieldAt<I>::member_type>::type;
  template <std::size_t I>
  static constexpr bool kInlined = std::get<I>(kFields).inlined;

  // An inlined nested value (its fields in this record's own object) is a draft of its own.
  template <std::size_t I>
  struct InlineSlot {
    Draft<ValueAt<I>> draft;
    std::optional<ValueAt<I>> built;
  };
  template <std::size_t I>
  using SlotAt = std::conditional_t<kInlined<I>, InlineSlot<I>, std::optional<ValueAt<I>>>;
  template <class Sequence>
  struct SlotTuple;
  template <std::size_t... I>
  struct SlotTuple<std::index_sequence<I...>> {
    using type = std::tuple<SlotAt<I>...>;
  };

 public:
  /// Decodes @p field if this record (or a part of it inlined here) has a field of that name;
  /// false when it has none.
  bool set(Field& field) { return set_at(field, std::make_index_sequence<kCount>{}); }

  /// Decodes every member of @p object; members it does not know go to `unknown_field`.
  void set_all(NestedValue::View object, RecordContext& context, std::string_view parent) {
    std::string path;
    object.for_each([&](NestedValue::View member) {
      FieldValue value = FieldValue::of(member);
      if (value.is_null()) return;  // null is absent
      path.assign(parent);
      if (!path.empty()) path.push_back('.');
      path.append(member.key());
      Field field(member.key(), path, value, context);
      if (!set(field)) unknown_field(std::type_identity<T>{}, field);
    });
  }

  /// True when any of its fields was given.
  bool any() const noexcept { return seen_ != 0; }

  /// The record, or nothing when a field was wrong or a required one is missing (reported, with
  /// paths under @p parent).
  std::optional<T> build(RecordContext& context, std::string_view parent) {
    return build_at(context, parent, std::make_index_sequence<kCount>{});
  }

 private:
  // Own fields first, found by one scan over their JSON names (the reader's hot path) and decoded
  // by their own function; then the inlined parts, whose drafts try their own fields in turn.
  template <std::size_t... I>
  bool set_at(Field& field, std::index_sequence<I...>) {
    static constexpr std::array<std::string_view, kCount> kNames{
        (kInlined<I> ? std::string_view() : std::string_view(std::get<I>(kFields).name))...};
    static constexpr std::array<bool (Draft::*)(Field&), kCount> kSetters{&Draft::set_one<I>...};
    const std::string_view key = field.key();
    for (std::size_t i = 0; i < kCount; ++i) {
      if (kNames[i].size() == key.size() && kNames[i] == key) return (this->*kSetters[i])(field);
    }
    return ((kInlined<I> && set_one<I>(field)) || ...);
  }

  template <std::size_t I>
  bool set_one(Field& field) {
    auto& slot = std::get<I>(slots_);
    if constexpr (kInlined<I>) {
      if (!slot.draft.set(field)) return false;
      seen_ |= std::uint64_t{1} << I;
      return true;
    } else {
      const auto& description = std::get<I>(kFields);
      const std::uint64_t bit = std::uint64_t{1} << I;
      if ((seen_ & bit) != 0) {
        // One rule at every level: a key names one value.
        field.report(IssueCode::invalid_value, "written twice in one object; a key may appear once");
        failed_ = true;
        return true;
      }
      seen_ |= bit;
      read_into(description, slot, field);
      if (!slot) failed_ = true;
      return true;
    }
  }

  template <class Description, class Value>
  static void read_into(const Description& description, std::optional<Value>& slot, Field& field) {
    if constexpr (Described<Value>) {
      const auto object = field.object();
      if (!object) return;
      Draft<Value> nested;
      nested.set_all(*object, field.context(), field.path());
      slot = nested.build(field.context(), field.path());
    } else {
      slot = read_value<Value>(field);
      if (!slot) return;
      std::vector<Issue> problems;
      field_problems(description, *slot, field.path(), problems);
      if (problems.empty()) return;
      for (Issue& problem : problems) field.context().report(problem.code, problem.path, std::move(problem.message));
      slot.reset();
    }
  }

  template <std::size_t... I>
  std::optional<T> build_at(RecordContext& context, std::string_view parent, std::index_sequence<I...>) {
    (finish_one<I>(context, parent), ...);
    if (failed_) return std::nullopt;
    T record{take<I>()...};
    std::vector<Issue> problems;
    cross_field_problems(record, parent, problems);
    if (problems.empty()) return record;
    for (Issue& problem : problems) context.report(problem.code, problem.path, std::move(problem.message));
    return std::nullopt;
  }

  // Builds an inlined part, or reports a required field that did not come.
  template <std::size_t I>
  void finish_one(RecordContext& context, std::string_view parent) {
    auto& slot = std::get<I>(slots_);
    if constexpr (kInlined<I>) {
      if (!slot.draft.any()) return;
      slot.built = slot.draft.build(context, parent);
      if (!slot.built) failed_ = true;
    } else {
      const auto& description = std::get<I>(kFields);
      if (slot || description.presence != Presence::required) return;
      if ((seen_ & (std::uint64_t{1} << I)) != 0) return;  // given, but wrong: already reported
      context.report(IssueCode::missing_field, join_path(parent, description.name), "required field is missing");
      failed_ = true;
    }
  }

  template <std::size_t I>
  typename FieldAt<I>::member_type take() {
    using Member = typename FieldAt<I>::member_type;
    auto& slot = std::get<I>(slots_);
    if constexpr (kInlined<I>) {
      return std::move(slot.built);
    } else if constexpr (is_optional_v<Member>) {
      return std::move(slot);
    } else if constexpr (!std::is_default_constructible_v<Member>) {
      return std::move(*slot);  // a required value: `build` checked that it came
    } else {
      if (slot) return std::move(*slot);
      const auto& description = std::get<I>(kFields);
      if (description.fallback != nullptr) return description.fallback();
      return Member{};  // an optional list that was absent
    }
  }

  typename SlotTuple<std::make_index_sequence<kCount>>::type slots_;
  std::uint64_t seen_ = 0;
  bool failed_ = false;
};

template <class E>
std::string expected_spellings() {
  std::string list;
  for (E value : enum_values<E>()) {
    if (!list.empty()) list.append(", ");
    list.append(to_string(value));
  }
  return list;
}

// Ids and choices are parsed from the text in place: they are the most frequent fields, and
// neither a copy of the text nor the list of spellings is needed unless the value is wrong.
template <class Tag>
std::optional<Id<Tag>> Field::id() {
  if (!expect_string("a UUID")) return std::nullopt;
  auto parsed = Id<Tag>::parse(value_.string_view());
  if (!parsed) report(IssueCode::invalid_value, quote_value(value_.string_view()) + " is not a UUID");
  return parsed;
}

template <class E>
std::optional<E> Field::choice() {
  if (value_.kind() != FieldValue::Kind::string) {
    report(IssueCode::invalid_value,
           "expected one of: " + expected_spellings<E>() + ", found " + std::string(kind_name(value_.kind())));
    return std::nullopt;
  }
  auto parsed = parse_enum<E>(value_.string_view());
  if (!parsed) {
    report(IssueCode::invalid_value, quote_value(value_.string_view()) + " is not one of: " + expected_spellings<E>());
  }
  return parsed;
}

// ---------------------------------------------------------------------------------------------
// Value codecs

template <class T>
struct is_id : std::false_type {};
template <class Tag>
struct is_id<Id<Tag>> : std::true_type {
  using tag = Tag;
};

template <class V>
std::string_view item_name() {
  if constexpr (is_id<V>::value) return "UUIDs";
  else if constexpr (std::is_same_v<V, BranchCode>) return "branch codes";
  else if constexpr (std::is_same_v<V, std::string>) return "strings";
  else return "objects";
}

template <class V>
std::optional<V> read_value(Field& field) {
  if constexpr (is_vector_v<V>) {
    using Item = typename V::value_type;
    const auto array = field.array(item_name<Item>());
    if (!array) return std::nullopt;
    V items;
    items.reserve(array->size());
    bool ok = true;
    std::string path(field.path());  // "<field>[i]", rewritten in place for each item
    const std::size_t stem = path.size();
    array->for_each([&](NestedValue::View member) {
      if (!ok) return;  // the first bad item is enough
      FieldValue value = FieldValue::of(member);
      path.resize(stem);
      path.push_back('[');
      path.append(std::to_string(items.size()));
      path.push_back(']');
      Field item(field.key(), path, value, field.context());
      if constexpr (Described<Item>) {
        const auto object = item.object();
        std::optional<Item> built;
        if (object) {
          Draft<Item> draft;
          draft.set_all(*object, field.context(), path);
          built = draft.build(field.context(), path);
        }
        if (built) items.push_back(std::move(*built));
        else ok = false;
      } else {
        auto parsed = read_value<Item>(item);
        if (parsed) items.push_back(std::move(*parsed));
        else ok = false;
      }
    });
    if (!ok) return std::nullopt;
    return items;
  } else if constexpr (is_id<V>::value) {
    return field.id<typename is_id<V>::tag>();
  } else if constexpr (std::is_same_v<V, Collection>) {
    return field.collection();
  } else if constexpr (std::is_enum_v<V>) {
    return field.choice<V>();
  } else if constexpr (std::is_same_v<V, std::string>) {
    return field.string();
  } else if constexpr (std::is_same_v<V, bool>) {
    return field.flag();
  } else if constexpr (std::is_same_v<V, std::uint16_t> || std::is_same_v<V, std::uint32_t> ||
                       std::is_same_v<V, std::uint64_t>) {
    const auto number = field.whole_number(std::numeric_limits<V>::max());
    return number ? std::optional<V>(static_cast<V>(*number)) : std::nullopt;
  } else if constexpr (std::is_same_v<V, Date>) {
    return field.date();
  } else if constexpr (std::is_same_v<V, Timestamp>) {
    return field.timestamp();
  } else if constexpr (std::is_same_v<V, NationalId>) {
    return field.national_id();
  } else if constexpr (std::is_same_v<V, TaxNumber>) {
    return field.tax_number();
  } else if constexpr (std::is_same_v<V, PhoneNumber>) {
    return field.phone();
  } else if constexpr (std::is_same_v<V, ProvinceCode>) {
    return field.province();
  } else if constexpr (std::is_same_v<V, BranchCode>) {
    return field.branch_code();
  } else if constexpr (std::is_same_v<V, Ratio>) {
    return field.ratio();
  } else {
    static_assert(sizeof(V) == 0, "no JSON reader for this type");
  }
}

template <class V>
nlohmann::ordered_json write_value(const V& value, const WriteOptions& options) {
  using ordered = nlohmann::ordered_json;
  if constexpr (is_vector_v<V>) {
    ordered array = ordered::array();
    for (const auto& item : value) array.push_back(write_value(item, options));
    return array;
  } else if constexpr (Described<V>) {
    ordered object = ordered::object();
    write_fields(value, options, object);
    return object;
  } else if constexpr (is_id<V>::value) {
    return value.to_string();
  } else if constexpr (std::is_enum_v<V>) {
    return std::string(to_string(value));
  } else if constexpr (std::is_same_v<V, std::string>) {
    return options.mask_national_ids ? mask_national_ids(value) : value;
  } else if constexpr (std::is_same_v<V, bool> || std::is_integral_v<V>) {
    return value;
  } else if constexpr (std::is_same_v<V, Date> || std::is_same_v<V, Timestamp>) {
    return to_iso_string(value);
  } else if constexpr (std::is_same_v<V, NationalId>) {
    return options.mask_national_ids ? value.masked() : value.digits();
  } else if constexpr (std::is_same_v<V, TaxNumber>) {
    return value.digits();
  } else if constexpr (std::is_same_v<V, PhoneNumber>) {
    return value.e164();
  } else if constexpr (std::is_same_v<V, ProvinceCode>) {
    return value.to_string();
  } else if constexpr (std::is_same_v<V, BranchCode>) {
    return options.mask_national_ids ? mask_national_ids(value.str()) : value.str();
  } else if constexpr (std::is_same_v<V, Ratio>) {
    return std::to_string(value.numerator) + "/" + std::to_string(value.denominator);
  } else {
    static_assert(sizeof(V) == 0, "no JSON writer for this type");
  }
}


/// Encodes the fields of @p record into @p object, in description order (absent optionals left
/// out, inlined values' fields written in place).
template <Described T>
void write_fields(const T& record, const WriteOptions& options, nlohmann::ordered_json& object) {
  for_each_field<T>([&](const auto& description) {
    const auto& value = record.*description.member;
    using Member = std::remove_cvref_t<decltype(value)>;
    if constexpr (is_optional_v<Member>) {
      if (!value) return;
      if constexpr (Described<typename Member::value_type>) {
        if (description.inlined) {
          write_fields(*value, options, object);
          return;
        }
      }
      object[std::string(description.name)] = write_value(*value, options);
    } else {
      object[std::string(description.name)] = write_value(value, options);
    }
  });
}

}  // namespace vocfab::io_detail
