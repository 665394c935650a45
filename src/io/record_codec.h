// Private to src/io: turning JSON values into records and records into JSON.
//
// The same record decoders serve the streaming reader (values straight from SAX events) and
// single-record decoding from a DOM (`decode_json`). A decoder is a
// "draft" of optionals that fields fill in any order; `build` checks required fields and makes the
// record. Problems become issues with the record's path; a record with any issue is not built.
#pragma once

#include "vocfab/io/json.h"
#include "vocfab/model/entities.h"
#include "vocfab/model/policy.h"
#include "vocfab/validation/issue.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vocfab::io_detail {

/// A JSON value as a decoder sees it.
class FieldValue {
 public:
  enum class Kind { null, boolean, integer, unsigned_integer, floating, string, object, array };

  static FieldValue null() { return FieldValue(Kind::null); }
  static FieldValue boolean(bool value) {
    FieldValue v(Kind::boolean);
    v.boolean_ = value;
    return v;
  }
  static FieldValue integer(std::int64_t value) {
    FieldValue v(Kind::integer);
    v.integer_ = value;
    return v;
  }
  static FieldValue unsigned_integer(std::uint64_t value) {
    FieldValue v(Kind::unsigned_integer);
    v.unsigned_ = value;
    return v;
  }
  static FieldValue floating(double value) {
    FieldValue v(Kind::floating);
    v.floating_ = value;
    return v;
  }
  /// A string (copied when taken).
  static FieldValue string(const std::string& value) {
    FieldValue v(Kind::string);
    v.string_ = &value;
    return v;
  }
  /// Any JSON value held in a DOM (strings are copied when taken).
  static FieldValue of(const nlohmann::json& value);

  Kind kind() const noexcept { return kind_; }
  bool is_null() const noexcept { return kind_ == Kind::null; }
  bool as_bool() const noexcept { return boolean_; }
  std::int64_t as_integer() const noexcept { return integer_; }
  std::uint64_t as_unsigned() const noexcept { return unsigned_; }
  double as_floating() const noexcept { return floating_; }
  std::string_view string_view() const noexcept { return *string_; }
  /// A copy of the string. Never a move: the reader's strings are nlohmann's token buffer, and
  /// taking its storage would make the lexer allocate again for the next long string (a UUID).
  std::string take_string() const { return *string_; }
  /// The nested object or array (kinds object and array only).
  const nlohmann::json& nested() const noexcept { return *nested_; }

 private:
  explicit FieldValue(Kind kind) : kind_(kind) {}
  Kind kind_;
  bool boolean_ = false;
  std::int64_t integer_ = 0;
  std::uint64_t unsigned_ = 0;
  double floating_ = 0;
  const std::string* string_ = nullptr;
  const nlohmann::json* nested_ = nullptr;
};

/// Where a record is, and where its issues go. Paths are built only when an issue is reported.
class RecordContext {
 public:
  RecordContext(std::vector<Issue>& issues, std::string_view collection, std::size_t index)
      : issues_(issues), collection_(collection), index_(index), first_issue_(issues.size()) {}
  /// For a record decoded on its own: paths start with `base` (may be empty).
  RecordContext(std::vector<Issue>& issues, std::string_view base)
      : issues_(issues), base_(base), first_issue_(issues.size()) {}

  /// The path of the record itself, e.g. `trainees[3]`.
  std::string record_path() const;
  /// The path of a field of the record, e.g. `trainees[3].national_id` (`sub` may be dotted).
  std::string field_path(std::string_view field) const { return join_path(record_path(), field); }

  void report(IssueCode code, std::string_view field, std::string message);
  /// True if an issue was reported for `field` (or inside it) since the record began.
  bool reported(std::string_view field) const;
  /// True if no issue was reported since the record began.
  bool clean() const noexcept { return issues_.size() == first_issue_; }
  /// Reports `missing_field` for `field` unless it was already reported as malformed.
  template <class T>
  void require(const std::optional<T>& value, std::string_view field) {
    if (!value && !reported(field)) report(IssueCode::missing_field, field, "required field is missing");
  }

 private:
  std::vector<Issue>& issues_;
  std::string_view collection_;
  std::size_t index_ = 0;
  std::string base_;
  std::size_t first_issue_;
};

/// One field of a record being decoded: typed readers that report what is wrong and return
/// `std::nullopt` for it. `key` may be a dotted sub-path for nested objects (`consents.data_processing`).
class Field {
 public:
  Field(std::string_view key, FieldValue& value, RecordContext& context)
      : key_(key), value_(value), context_(context) {}

  std::string_view key() const noexcept { return key_; }
  /// The record the field belongs to (for nested objects decoded member by member).
  RecordContext& context() noexcept { return context_; }

  std::optional<std::string> text();
  std::optional<std::string> non_empty_text();
  std::optional<std::string> email();
  std::optional<bool> flag();
  std::optional<std::uint32_t> count(std::uint32_t min = 0, std::uint32_t max = UINT32_MAX);
  std::optional<Date> date();
  std::optional<NationalId> national_id();
  std::optional<TaxNumber> tax_number();
  std::optional<PhoneNumber> phone();
  std::optional<ProvinceCode> province();
  std::optional<BranchCode> branch_code();
  std::optional<std::string> digits_code(std::string_view pattern_description, bool with_dot);
  std::optional<Ratio> ratio();
  template <class Tag>
  std::optional<Id<Tag>> id();
  template <class E>
  std::optional<E> choice();
  std::optional<std::vector<BranchCode>> branch_codes();
  template <class Tag>
  std::optional<std::vector<Id<Tag>>> id_list();
  std::optional<std::vector<std::string>> text_list();
  /// The nested object, or `nullptr` (reported) when the value is not an object.
  const nlohmann::json* object();
  /// The nested object or array, or `nullptr` for a scalar; reports nothing.
  const nlohmann::json* structured() const noexcept {
    const bool nested = value_.kind() == FieldValue::Kind::object || value_.kind() == FieldValue::Kind::array;
    return nested ? &value_.nested() : nullptr;
  }

  void report(IssueCode code, std::string message) { context_.report(code, key_, std::move(message)); }

 private:
  std::optional<std::string> string_value(std::string_view expected);
  std::optional<std::vector<std::string>> string_array(std::string_view expected);

  std::string_view key_;
  FieldValue& value_;
  RecordContext& context_;
};

/// The decoder of one kind of record, as used by the reader: a draft filled field by field.
template <class Entity>
class Draft;

/// Decodes the fields of a JSON object (DOM) into `draft` under `context`.
template <class D>
void decode_object(D& draft, const nlohmann::json& object, RecordContext& context) {
  for (const auto& [key, value] : object.items()) {
    FieldValue field_value = FieldValue::of(value);
    if (field_value.is_null()) continue;
    Field field(key, field_value, context);
    draft.set(field);
  }
}

/// The compact JSON object of a record (fields in a fixed order).
nlohmann::ordered_json to_json_value(const Centre& record, const WriteOptions& options);
nlohmann::ordered_json to_json_value(const Branch& record, const WriteOptions& options);
nlohmann::ordered_json to_json_value(const Course& record, const WriteOptions& options);
nlohmann::ordered_json to_json_value(const Trainee& record, const WriteOptions& options);
nlohmann::ordered_json to_json_value(const Application& record, const WriteOptions& options);
nlohmann::ordered_json to_json_value(const Enrollment& record, const WriteOptions& options);
nlohmann::ordered_json to_json_value(const Certificate& record, const WriteOptions& options);
nlohmann::ordered_json to_json_value(const Employer& record, const WriteOptions& options);
nlohmann::ordered_json to_json_value(const Vacancy& record, const WriteOptions& options);
nlohmann::ordered_json to_json_value(const Referral& record, const WriteOptions& options);
nlohmann::ordered_json to_json_value(const Policy& record, const WriteOptions& options);

/// nlohmann's parse error text made fit for an issue: without the "[json.exception…] " prefix and
/// without the "; last read: '…'" excerpt, which depends on how the input was cut into parts and
/// may quote a national id. "parse error at line L, column C: …" says where.
std::string parse_error_message(std::string message);

/// Serialises a JSON value exactly as the writer does (compact, UTF-8 kept, invalid UTF-8 replaced).
std::string dump_compact(const nlohmann::ordered_json& value);

}  // namespace vocfab::io_detail
