// Record decoding and encoding shared by the reader, the writer and single-record calls: typed
// readers for each kind of JSON value, the generic drafts' value codecs, the protected-attribute
// rule, parse-error messages, and the public single-record API.
#include "io/record_codec.h"
#include "io/record_drafts.h"
#include "vocfab/model/masking.h"
#include "vocfab/model/protected_attributes.h"
#include "vocfab/model/turkish_text.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

namespace vocfab::io_detail {

std::string_view kind_name(FieldValue::Kind kind) {
  switch (kind) {
    case FieldValue::Kind::null: return "null";
    case FieldValue::Kind::boolean: return "a boolean";
    case FieldValue::Kind::integer:
    case FieldValue::Kind::unsigned_integer:
    case FieldValue::Kind::floating: return "a number";
    case FieldValue::Kind::string: return "a string";
    case FieldValue::Kind::object: return "an object";
    case FieldValue::Kind::array: return "an array";
  }
  return "a value";
}

FieldValue FieldValue::of(NestedValue::View value) {
  switch (value.kind()) {
    case ValueKind::null: return null();
    case ValueKind::boolean: return boolean(value.as_bool());
    case ValueKind::integer: return integer(value.as_integer());
    case ValueKind::unsigned_integer: return unsigned_integer(value.as_unsigned());
    case ValueKind::floating: return floating(value.as_floating());
    case ValueKind::string: return string(value.string_view());
    case ValueKind::object:
    case ValueKind::array: break;
  }
  FieldValue v(value.kind());
  v.nested_ = value;
  return v;
}

// ---------------------------------------------------------------------------------------------
// RecordContext

std::string RecordContext::record_path() const {
  if (!collection_.empty()) return index_path(collection_, index_);
  return base_;
}

void RecordContext::report(IssueCode code, std::string_view field, std::string message) {
  std::string path = record_path();
  if (!field.empty()) {
    if (field.front() != '[' && !path.empty()) path.push_back('.');
    path.append(field);
  }
  issues_.push_back(Issue{code, std::move(path), std::move(message)});
}

// ---------------------------------------------------------------------------------------------
// Field readers. Every value they quote goes through quote_value (masked, shortened).

bool Field::expect_string(std::string_view expected, IssueCode code) {
  if (value_.kind() == FieldValue::Kind::string) return true;
  report(code, std::string("expected ").append(expected).append(", found ").append(kind_name(value_.kind())));
  return false;
}

std::optional<std::string> Field::string() {
  if (!expect_string("a string")) return std::nullopt;
  return value_.take_string();
}

std::optional<bool> Field::flag() {
  if (value_.kind() == FieldValue::Kind::boolean) return value_.as_bool();
  report(IssueCode::invalid_value, std::string("expected true or false, found ").append(kind_name(value_.kind())));
  return std::nullopt;
}

std::optional<std::uint64_t> Field::whole_number(std::uint64_t max) {
  std::optional<std::uint64_t> number;
  if (value_.kind() == FieldValue::Kind::unsigned_integer) number = value_.as_unsigned();
  if (value_.kind() == FieldValue::Kind::integer && value_.as_integer() >= 0) {
    number = static_cast<std::uint64_t>(value_.as_integer());
  }
  if (number && *number <= max) return number;
  report(IssueCode::invalid_value, "expected a whole number from 0 to " + std::to_string(max) + ", found " +
                                       std::string(kind_name(value_.kind())));
  return std::nullopt;
}

std::optional<Date> Field::date() {
  if (!expect_string("a date YYYY-MM-DD", IssueCode::invalid_date)) return std::nullopt;
  auto parsed = parse_iso_date(value_.string_view());
  if (!parsed) report(IssueCode::invalid_date, quote_value(value_.string_view()) + " is not a real day written YYYY-MM-DD");
  return parsed;
}

std::optional<Timestamp> Field::timestamp() {
  if (!expect_string("a UTC time YYYY-MM-DDTHH:MM:SSZ", IssueCode::invalid_date)) return std::nullopt;
  auto parsed = parse_timestamp(value_.string_view());
  if (!parsed) {
    report(IssueCode::invalid_date, quote_value(value_.string_view()) + " is not a UTC time written YYYY-MM-DDTHH:MM:SSZ");
  }
  return parsed;
}

std::optional<NationalId> Field::national_id() {
  if (!expect_string("11 digits as a string", IssueCode::invalid_national_id)) return std::nullopt;
  const std::string_view text = value_.string_view();
  if (auto error = NationalId::check(text)) {
    // Masked as a national id whatever it looks like: a mistyped one must not leak either.
    report(IssueCode::invalid_national_id, "national id " + excerpt(mask_national_id_text(text), kQuotedCharacters) +
                                               " is invalid: " + std::string(describe(*error)));
    return std::nullopt;
  }
  return NationalId::parse(text);
}

std::optional<TaxNumber> Field::tax_number() {
  if (!expect_string("10 digits as a string", IssueCode::invalid_tax_number)) return std::nullopt;
  auto parsed = TaxNumber::parse(value_.string_view());
  if (!parsed) {
    report(IssueCode::invalid_tax_number,
           quote_value(value_.string_view()) + " is not a VKN (10 digits with a correct check digit)");
  }
  return parsed;
}

std::optional<PhoneNumber> Field::phone() {
  if (!expect_string("a phone number string", IssueCode::invalid_phone)) return std::nullopt;
  auto parsed = PhoneNumber::parse(value_.string_view());
  if (!parsed) report(IssueCode::invalid_phone, quote_value(value_.string_view()) + " is not a Turkish phone number");
  return parsed;
}

std::optional<ProvinceCode> Field::province() {
  if (!expect_string("a province plate code \"01\"-\"81\"")) return std::nullopt;
  auto parsed = ProvinceCode::parse(value_.string_view());
  if (!parsed) report(IssueCode::invalid_value, quote_value(value_.string_view()) + " is not a province plate code \"01\"-\"81\"");
  return parsed;
}

std::optional<BranchCode> Field::branch_code() {
  if (!expect_string("a branch code")) return std::nullopt;
  auto parsed = BranchCode::parse(value_.string_view());
  if (!parsed) {
    report(IssueCode::invalid_value, quote_value(value_.string_view()) +
                                         " is not a branch code (A-Z, 0-9 and _, starting with a letter, at most 64)");
  }
  return parsed;
}

std::optional<Ratio> Field::ratio() {
  if (!expect_string("a ratio written N/D")) return std::nullopt;
  const std::string_view all = value_.string_view();
  const auto slash = all.find('/');
  auto digits = [](std::string_view part) {
    return !part.empty() && part.size() <= 6 &&
           std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (slash != std::string_view::npos && digits(all.substr(0, slash)) && digits(all.substr(slash + 1))) {
    auto number = [](std::string_view part) {
      std::uint32_t value = 0;
      for (char c : part) value = value * 10 + static_cast<std::uint32_t>(c - '0');
      return value;
    };
    const Ratio ratio{number(all.substr(0, slash)), number(all.substr(slash + 1))};
    if (ratio.denominator != 0 && ratio.numerator <= ratio.denominator) return ratio;
  }
  report(IssueCode::invalid_value, quote_value(all) + " is not a ratio N/D between 0 and 1 (e.g. \"1/5\")");
  return std::nullopt;
}

std::optional<Collection> Field::collection() {
  if (!expect_string("a collection name")) return std::nullopt;
  auto parsed = parse_collection(value_.string_view());
  if (!parsed) report(IssueCode::invalid_value, quote_value(value_.string_view()) + " is not a collection");
  return parsed;
}

std::optional<NestedValue::View> Field::object() {
  if (value_.kind() == FieldValue::Kind::object) return value_.nested();
  report(IssueCode::invalid_value, std::string("expected an object, found ").append(kind_name(value_.kind())));
  return std::nullopt;
}

std::optional<NestedValue::View> Field::array(std::string_view of_what) {
  if (value_.kind() == FieldValue::Kind::array) return value_.nested();
  report(IssueCode::invalid_value,
         std::string("expected an array of ").append(of_what).append(", found ").append(kind_name(value_.kind())));
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Protected attributes (SPEC section 2): never a matching criterion, in any spelling.

void unknown_field(std::type_identity<Vacancy>, Field& field) {
  // The key itself, then every key inside its value, walked with a stack of our own (the value's
  // depth is bounded by the reader, and nothing here recurses on it).
  const auto refuse = [&](std::string_view path, std::string_view key) {
    field.context().report(IssueCode::protected_attribute_criterion, path,
                           "a vacancy may not select people by " + quote_value(key) + " (a protected attribute)");
  };
  if (is_protected_attribute_key(field.key())) {
    refuse(field.path(), field.key());
    return;
  }
  const auto nested = field.structured();
  if (!nested) return;
  struct Pending {
    NestedValue::View value;
    std::string path;
  };
  // Keys on the way may be anything, a national id included: the path shows them masked.
  std::vector<Pending> stack{{*nested, mask_national_ids(field.path())}};
  while (!stack.empty()) {
    Pending top = std::move(stack.back());
    stack.pop_back();
    const bool object = top.value.kind() == ValueKind::object;
    std::size_t index = 0;
    top.value.for_each([&](NestedValue::View member) {
      const std::string path =
          object ? join_path(top.path, mask_national_ids(member.key())) : index_path(top.path, index++);
      if (object && is_protected_attribute_key(member.key())) {
        refuse(path, member.key());
      } else if (member.kind() == ValueKind::object || member.kind() == ValueKind::array) {
        stack.push_back({member, path});
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Parse errors and single values read from text

std::string TextOrigin::describe(std::size_t position) const {
  std::size_t at = position == 0 ? 0 : position - 1;
  at = at < prefix_length ? 0 : std::min(at - prefix_length, length);
  const std::string_view before(document, at);
  const auto newlines = static_cast<std::uint64_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t last_newline = before.rfind('\n');
  const std::uint64_t column_here = last_newline == std::string_view::npos ? column + at : at - last_newline;
  return "line " + std::to_string(line + newlines) + ", column " + std::to_string(column_here);
}

std::string parse_error_message(const nlohmann::detail::exception& error, std::string_view last_token,
                                std::string_view position) {
  std::string found;
  if (error.id == 406) {
    found = "a number too large to read";  // nlohmann's text quotes the number
  } else {
    // "[json.exception.parse_error.101] parse error at line 1, column 2: <found>"
    std::string_view text(error.what());
    if (const auto column = text.find(", column "); column != std::string_view::npos) {
      if (const auto colon = text.find(": ", column); colon != std::string_view::npos) text.remove_prefix(colon + 2);
    } else if (const auto bracket = text.find("] "); bracket != std::string_view::npos) {
      text.remove_prefix(bracket + 2);
    }
    found = text;
    const std::string excerpt = "; last read: '" + std::string(last_token) + "'";
    if (const auto at = found.find(excerpt); at != std::string::npos) found.erase(at, excerpt.size());
  }
  return "parse error at " + std::string(position) + ": " + found;
}

namespace {

// SAX events of one JSON value straight into a NestedValue: no DOM, no recursion, bounded depth.
class NestedValueReader final : public nlohmann::json_sax<nlohmann::json> {
 public:
  NestedValueReader(NestedValue& value, const TextOrigin& origin, std::string_view path)
      : value_(value), origin_(origin), path_(path) {}

  const std::optional<Issue>& failure() const noexcept { return failure_; }

  bool null() override { return add([&] { value_.add_null(key_); }); }
  bool boolean(bool v) override { return add([&] { value_.add_boolean(key_, v); }); }
  bool number_integer(number_integer_t v) override { return add([&] { value_.add_integer(key_, v); }); }
  bool number_unsigned(number_unsigned_t v) override { return add([&] { value_.add_unsigned(key_, v); }); }
  bool number_float(number_float_t v, const string_t&) override { return add([&] { value_.add_floating(key_, v); }); }
  bool string(string_t& v) override { return add([&] { value_.add_string(key_, v); }); }
  bool binary(binary_t&) override { return true; }
  bool key(string_t& k) override {
    key_ = k;
    return true;
  }
  bool start_object(std::size_t) override { return open(ValueKind::object); }
  bool start_array(std::size_t) override { return open(ValueKind::array); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& error) override {
    failure_ = Issue{IssueCode::parse_error, std::string(path_),
                     parse_error_message(error, last_token, origin_.describe(position))};
    return false;
  }

 private:
  template <class Add>
  bool add(Add&& add_value) {
    add_value();  // a scalar alone becomes the root itself
    return true;
  }
  bool open(ValueKind kind) {
    if (value_.depth() >= kMaxNestingDepth) {
      failure_ = Issue{IssueCode::parse_error, std::string(path_),
                       "values are nested deeper than " + std::to_string(kMaxNestingDepth) + " levels"};
      return false;
    }
    value_.open(kind, key_);
    return true;
  }
  bool close() {
    value_.close();
    return true;
  }

  NestedValue& value_;
  TextOrigin origin_;
  std::string_view path_;
  std::string key_;
  std::optional<Issue> failure_;
};

}  // namespace

std::optional<Issue> read_nested_value(std::string_view text, std::string_view path, NestedValue& value,
                                       std::uint64_t first_line) {
  value.clear();
  const TextOrigin origin{text.data(), text.size(), 0, first_line};
  NestedValueReader reader(value, origin, path);
  bool parsed = false;
  try {
    parsed = nlohmann::json::sax_parse(text.begin(), text.end(), &reader, nlohmann::json::input_format_t::json,
                                       /*strict=*/true);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception&) {
    return Issue{IssueCode::parse_error, std::string(path), "the text cannot be read as JSON"};
  }
  if (!parsed) {
    if (reader.failure()) return reader.failure();
    return Issue{IssueCode::parse_error, std::string(path), "the text cannot be read as JSON"};
  }
  if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
    const auto at = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
    return Issue{IssueCode::parse_error, std::string(path),
                 "parse error at " + origin.describe(at + 1) + ": a NUL byte, which JSON text cannot contain"};
  }
  return std::nullopt;
}

std::string dump_compact(const nlohmann::ordered_json& value) {
  // Invalid UTF-8 cannot come from the reader (nlohmann rejects it), but records built in memory
  // may carry it; replacing keeps the writer total instead of throwing.
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace vocfab::io_detail

// ---------------------------------------------------------------------------------------------
// Public single-record API

namespace vocfab {

template <class T>
Decoded<T> decode_json(std::string_view text, std::string_view path) {
  Decoded<T> result;
  io_detail::NestedValue record;
  if (auto failure = io_detail::read_nested_value(text, path, record)) {
    result.issues.push_back(std::move(*failure));
    return result;
  }
  if (record.root().kind() != io_detail::ValueKind::object) {
    result.issues.push_back(Issue{IssueCode::invalid_value, std::string(path), "expected a JSON object"});
    return result;
  }
  io_detail::RecordContext context(result.issues, path);
  io_detail::Draft<T> draft;
  draft.set_all(record.root(), context, "");
  result.value = draft.build(context, "");
  return result;
}

template <class T>
std::string encode_json(const T& record, const WriteOptions& options) {
  return io_detail::dump_compact(io_detail::write_value(record, options));
}

#define VOCFAB_RECORD_API(T)                                                         \
  template Decoded<T> decode_json<T>(std::string_view, std::string_view);            \
  template std::string encode_json<T>(const T&, const WriteOptions&);
VOCFAB_RECORD_API(Centre)
VOCFAB_RECORD_API(Branch)
VOCFAB_RECORD_API(Course)
VOCFAB_RECORD_API(Trainee)
VOCFAB_RECORD_API(Application)
VOCFAB_RECORD_API(Enrollment)
VOCFAB_RECORD_API(Certificate)
VOCFAB_RECORD_API(Employer)
VOCFAB_RECORD_API(Vacancy)
VOCFAB_RECORD_API(Referral)
VOCFAB_RECORD_API(Policy)
VOCFAB_RECORD_API(AuditEntry)
#undef VOCFAB_RECORD_API

std::string issues_to_json(const std::vector<Issue>& issues) {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const auto& issue : issues) {
    array.push_back({{"code", to_string(issue.code)}, {"path", issue.path}, {"message", issue.message}});
  }
  return io_detail::dump_compact(array);
}

}  // namespace vocfab
