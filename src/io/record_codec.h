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
#include "vocfab/model/issue.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vocfab::io_detail {

/// The kinds of JSON value a decoder distinguishes.
enum class ValueKind { null, boolean, integer, unsigned_integer, floating, string, object, array };

/// A nested value inside a record — an object or an array, at any depth — flattened into nodes in
/// document order. Each node knows where its subtree ends, so members and items are walked
/// without a tree of heap nodes; the reader fills one for each nested value and reuses its
/// storage, so decoding a record's lists and small objects allocates nothing once warm.
/// Members are kept in document order, repeated keys included (as top-level fields are).
class NestedValue {
  struct Node {
    ValueKind kind = ValueKind::null;
    bool boolean = false;
    std::int64_t integer = 0;
    std::uint64_t unsigned_integer = 0;
    double floating = 0;
    std::uint32_t key_begin = 0, key_size = 0;
    std::uint32_t text_begin = 0, text_size = 0;
    std::uint32_t end = 0;       // one past the last node of the subtree
    std::uint32_t children = 0;  // members or items
  };

 public:
  /// One node: a scalar, or an object or array with its subtree.
  class View {
   public:
    ValueKind kind() const noexcept { return node().kind; }
    /// The member's name when the parent is an object (empty for array items and the root).
    std::string_view key() const noexcept { return owner_->text(node().key_begin, node().key_size); }
    bool as_bool() const noexcept { return node().boolean; }
    std::int64_t as_integer() const noexcept { return node().integer; }
    std::uint64_t as_unsigned() const noexcept { return node().unsigned_integer; }
    double as_floating() const noexcept { return node().floating; }
    std::string_view string_view() const noexcept { return owner_->text(node().text_begin, node().text_size); }
    /// Number of members (object) or items (array).
    std::size_t size() const noexcept { return node().children; }
    /// Calls `visit(View)` for each member or item, in document order.
    template <class Visit>
    void for_each(Visit&& visit) const {
      for (std::uint32_t child = index_ + 1; child < node().end; child = owner_->nodes_[child].end) {
        visit(View(*owner_, child));
      }
    }

   private:
    friend class NestedValue;
    View(const NestedValue& owner, std::uint32_t index) : owner_(&owner), index_(index) {}
    const Node& node() const noexcept { return owner_->nodes_[index_]; }
    const NestedValue* owner_;
    std::uint32_t index_;
  };

  /// Forgets the value, keeping the storage.
  void clear() noexcept {
    nodes_.clear();
    open_.clear();
    text_.clear();
  }
  /// True while a container is open (between `open` of the root and its `close`).
  bool building() const noexcept { return !open_.empty(); }
  /// How many containers are open.
  std::size_t depth() const noexcept { return open_.size(); }
  /// Opens an object or array; `key` names it when the parent is an object.
  void open(ValueKind kind, std::string_view key) {
    const auto index = static_cast<std::uint32_t>(nodes_.size());
    push(kind, key);
    open_.push_back(index);
  }
  /// Closes the innermost container; true when that was the root.
  bool close() noexcept {
    nodes_[open_.back()].end = static_cast<std::uint32_t>(nodes_.size());
    open_.pop_back();
    return open_.empty();
  }
  void add_null(std::string_view key) { push(ValueKind::null, key); }
  void add_boolean(std::string_view key, bool value) { push(ValueKind::boolean, key).boolean = value; }
  void add_integer(std::string_view key, std::int64_t value) { push(ValueKind::integer, key).integer = value; }
  void add_unsigned(std::string_view key, std::uint64_t value) {
    push(ValueKind::unsigned_integer, key).unsigned_integer = value;
  }
  void add_floating(std::string_view key, double value) { push(ValueKind::floating, key).floating = value; }
  void add_string(std::string_view key, std::string_view value) {
    const auto begin = append_text(value);
    Node& node = push(ValueKind::string, key);
    node.text_begin = begin;
    node.text_size = static_cast<std::uint32_t>(value.size());
  }
  /// The root (after it was closed).
  View root() const noexcept { return View(*this, 0); }

 private:
  Node& push(ValueKind kind, std::string_view key) {
    Node node;
    node.kind = kind;
    if (!open_.empty()) {
      Node& parent = nodes_[open_.back()];
      ++parent.children;
      if (parent.kind == ValueKind::object) {
        node.key_begin = append_text(key);
        node.key_size = static_cast<std::uint32_t>(key.size());
      }
    }
    node.end = static_cast<std::uint32_t>(nodes_.size() + 1);
    nodes_.push_back(node);
    return nodes_.back();
  }
  std::uint32_t append_text(std::string_view text) {
    const auto begin = static_cast<std::uint32_t>(text_.size());
    text_.append(text);
    return begin;
  }
  std::string_view text(std::uint32_t begin, std::uint32_t size) const noexcept {
    return std::string_view(text_).substr(begin, size);
  }
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> open_;
  std::string text_;
};

/// A JSON value as a decoder sees it.
class FieldValue {
 public:
  using Kind = ValueKind;

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
  /// A string (copied when taken; the text must outlive the value).
  static FieldValue string(std::string_view value) {
    FieldValue v(Kind::string);
    v.string_ = value;
    return v;
  }
  /// A node of a nested value: a scalar, or the object or array itself.
  static FieldValue of(NestedValue::View value);

  Kind kind() const noexcept { return kind_; }
  bool is_null() const noexcept { return kind_ == Kind::null; }
  bool as_bool() const noexcept { return boolean_; }
  std::int64_t as_integer() const noexcept { return integer_; }
  std::uint64_t as_unsigned() const noexcept { return unsigned_; }
  double as_floating() const noexcept { return floating_; }
  std::string_view string_view() const noexcept { return string_; }
  /// A copy of the string. Never a move: the reader's strings are nlohmann's token buffer, and
  /// taking its storage would make the lexer allocate again for the next long string (a UUID).
  std::string take_string() const { return std::string(string_); }
  /// The nested object or array (kinds object and array only).
  NestedValue::View nested() const noexcept { return *nested_; }

 private:
  explicit FieldValue(Kind kind) : kind_(kind) {}
  Kind kind_;
  bool boolean_ = false;
  std::int64_t integer_ = 0;
  std::uint64_t unsigned_ = 0;
  double floating_ = 0;
  std::string_view string_;
  std::optional<NestedValue::View> nested_;
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

  /// Reports @p code at @p field, a path relative to the record (empty: the record itself).
  void report(IssueCode code, std::string_view field, std::string message);
  /// True if no issue was reported since the record began.
  bool clean() const noexcept { return issues_.size() == first_issue_; }

 private:
  std::vector<Issue>& issues_;
  std::string_view collection_;
  std::size_t index_ = 0;
  std::string base_;
  std::size_t first_issue_;
};

/// One field of a record being decoded: typed readers that report what is wrong and return
/// `std::nullopt` for it. `key` is the member's name in its object; `path` the field's path
/// relative to the record (`consents.data_processing`, `branches[2]`), where issues are reported.
class Field {
 public:
  Field(std::string_view key, std::string_view path, FieldValue& value, RecordContext& context)
      : key_(key), path_(path), value_(value), context_(context) {}

  std::string_view key() const noexcept { return key_; }
  std::string_view path() const noexcept { return path_; }
  const FieldValue& value() const noexcept { return value_; }
  /// The record the field belongs to.
  RecordContext& context() noexcept { return context_; }

  std::optional<std::string> string();
  std::optional<bool> flag();
  std::optional<std::uint64_t> whole_number(std::uint64_t max);
  std::optional<Date> date();
  std::optional<Timestamp> timestamp();
  std::optional<NationalId> national_id();
  std::optional<TaxNumber> tax_number();
  std::optional<PhoneNumber> phone();
  std::optional<ProvinceCode> province();
  std::optional<BranchCode> branch_code();
  std::optional<Ratio> ratio();
  std::optional<Collection> collection();
  template <class Tag>
  std::optional<Id<Tag>> id();
  template <class E>
  std::optional<E> choice();
  /// The nested object, or nothing (reported) when the value is not an object.
  std::optional<NestedValue::View> object();
  /// The nested array, or nothing (reported) when the value is not an array.
  std::optional<NestedValue::View> array(std::string_view of_what);
  /// The nested object or array, or nothing for a scalar; reports nothing.
  std::optional<NestedValue::View> structured() const noexcept {
    const bool nested = value_.kind() == FieldValue::Kind::object || value_.kind() == FieldValue::Kind::array;
    return nested ? std::optional(value_.nested()) : std::nullopt;
  }

  void report(IssueCode code, std::string message) { context_.report(code, path_, std::move(message)); }

 private:
  bool expect_string(std::string_view expected, IssueCode code = IssueCode::invalid_value);

  std::string_view key_;
  std::string_view path_;
  FieldValue& value_;
  RecordContext& context_;
};

// Where the bytes the parser reads lie in the document, so that a parse error can name the
// document's own line and column whichever part it was found in. The parser reads `prefix_length`
// bytes that are not the document's (a reopened part's `{"trainees":[`), then `length` bytes of
// the document starting at line `line`, column `column`.
struct TextOrigin {
  const char* document = nullptr;  // the first of the document's bytes the parser reads
  std::size_t length = 0;
  std::size_t prefix_length = 0;
  std::uint64_t line = 1;
  std::uint64_t column = 1;

  // "line L, column C" of the byte the parser had read `position` bytes into its text when it
  // stopped (nlohmann's count includes the byte at fault, and end of input counts as a byte).
  std::string describe(std::size_t position) const;
};

/// A parse error as an issue's message: "parse error at <position>: <what nlohmann found>",
/// where the position is the reader's own ("line L, column C") and nlohmann's text loses its
/// "[json.exception…]" prefix, its own position and the "; last read: '…'" excerpt of the input
/// (which may quote a national id). @p last_token is the excerpt nlohmann reported.
std::string parse_error_message(const nlohmann::detail::exception& error, std::string_view last_token,
                                std::string_view position);

/// Reads one JSON value (a record or a policy, given as text) into @p value without a DOM.
/// @p first_line is the line of a larger text that @p text begins (one line of NDJSON), so that a
/// parse error names the line of that text.
/// @return the issue that stopped it (`parse_error`: malformed, NUL bytes, nesting deeper than
///         `kMaxNestingDepth`), or nothing.
std::optional<Issue> read_nested_value(std::string_view text, std::string_view path, NestedValue& value,
                                       std::uint64_t first_line = 1);

/// Serialises a JSON value exactly as the writer does (compact, UTF-8 kept, invalid UTF-8 replaced).
std::string dump_compact(const nlohmann::ordered_json& value);

/// "a string", "a number", … for messages.
std::string_view kind_name(ValueKind kind);

}  // namespace vocfab::io_detail
