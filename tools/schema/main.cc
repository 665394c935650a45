// vocfab-schema [--output FILE]
//
// Prints the JSON Schema (draft 2020-12) of the dataset document, derived from the entity
// descriptions (include/vocfab/model/description.h): one `$defs` entry per record kind, nested
// value, enumeration, value type and text kind; required lists from `Presence::required`,
// defaults from each field's `fallback()` encoded by the writer's own encoder, lengths and
// character rules from the text rules (the forbidden characters found by asking
// `text_problem` itself), ranges from the count rules, descriptions from the field sentences.
//
// What the descriptions cannot say is written here, each next to the code that it mirrors:
// the patterns of the value types (their parsers in src/model/), the rules that tie a record's
// fields together (record_check.cc: a person identified or erased, a vacancy's branch or
// occupation code, an application's first course), the protected-attribute keys of vacancies
// (json_codec.cc) and the shape of the document (json_reader.cc / json_writer.cc).
//
// The output is deterministic: docs/schema/vocfab.schema.json is this program's output, and the
// `schema_up_to_date` test fails when they differ. Regenerate with
//   cmake --build --preset dev --target schema
// Exit codes: 0 written; 1 the schema could not be made (a bug: a dangling reference, a
// protected word the reader does not refuse) or written; 2 usage error.
#include "io/record_drafts.h"
#include "vocfab/model/protected_attributes.h"  // io_detail::write_value (defaults exactly as written) and the protected-key test

#include "vocfab/io/json.h"
#include "vocfab/model/collection.h"
#include "vocfab/model/date.h"
#include "vocfab/model/description.h"
#include "vocfab/model/enums.h"
#include "vocfab/model/text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using namespace vocfab;
using Json = nlohmann::ordered_json;

std::string def_ref(std::string_view name) { return "#/$defs/" + std::string(name); }

// Calls @p visit with `std::type_identity<T>` for every T of the tuple type @p Tuple.
template <class Tuple, class Visit>
void for_each_type(Visit&& visit) {
  [&]<class... T>(std::type_identity<std::tuple<T...>>) {
    (visit(std::type_identity<T>{}), ...);
  }(std::type_identity<Tuple>{});
}

// ---------------------------------------------------------------------------------------------
// Regular expressions. Patterns use only what ECMA-262 (the dialect JSON Schema names) and
// Python's `re` (what python-jsonschema uses) read alike: classes, `(?:…)`, `(?=…)`, `(?!…)`,
// `^`, `$` and `\uXXXX` escapes for every character outside [0-9A-Za-z].

using Range = std::pair<char32_t, char32_t>;

std::string escape(char32_t c) {
  if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
    return std::string(1, static_cast<char>(c));
  }
  if (c > 0xFFFF) throw std::logic_error("a character outside the BMP in a character class");
  char text[8];
  std::snprintf(text, sizeof text, "\\u%04X", static_cast<unsigned>(c));
  return text;
}

std::string char_class(const std::vector<Range>& ranges, bool negated = false) {
  std::string out = negated ? "[^" : "[";
  for (const auto& [first, last] : ranges) {
    out += escape(first);
    if (last != first) out += (last == first + 1 ? "" : "-") + escape(last);
  }
  return out + "]";
}

// Every code point for which @p holds, as ranges (surrogates skipped: not characters).
std::vector<Range> code_points_where(const std::function<bool(char32_t)>& holds) {
  std::vector<Range> ranges;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    if (!holds(c)) continue;
    if (!ranges.empty() && ranges.back().second + 1 == c) ranges.back().second = c;
    else ranges.emplace_back(c, c);
  }
  return ranges;
}

std::string utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Text kinds (vocfab/model/text.h): what `text_problem` refuses, found by asking it.

struct TextKindInfo {
  std::string_view name;
  std::string_view description;
  std::string_view shape;  // an anchored pattern the whole text must match, or empty
};

TextKindInfo text_kind_info(TextKind kind) {
  switch (kind) {
    case TextKind::person_name:
      return {"person_name", "A person's name: not blank; no digits, symbols or control characters.", ""};
    case TextKind::label:
      return {"label", "A name of a place, firm, branch or job, a district, a sector: not blank, no control characters.",
              ""};
    case TextKind::code:
      return {"code", "A short code or number: not empty; no white space, invisible or control characters.", ""};
    case TextKind::free_text:
      return {"free_text", "A stated reason: not blank; no control characters but line breaks and tabs.", ""};
    case TextKind::email:
      return {"email", "An e-mail address: one @ with something before it, a dot at least two characters after it, "
                       "not ending in a dot, no spaces, tabs or line breaks.",
              "^[^@ \\u0009\\u000A\\u000D]+@[^@ \\u0009\\u000A\\u000D]+\\.[^@ \\u0009\\u000A\\u000D]*"
              "[^@ \\u0009\\u000A\\u000D.]$"};
    case TextKind::isco08:
      return {"isco08", "An ISCO-08 unit group: 4 digits.", "^[0-9]{4}$"};
    case TextKind::occupation_code:
      return {"occupation_code", "A national occupation code NNNN.NN.", "^[0-9]{4}\\.[0-9]{2}$"};
  }
  throw std::logic_error("unknown text kind");
}

constexpr std::array<TextKind, 7> kTextKinds{TextKind::person_name, TextKind::label,  TextKind::code,
                                             TextKind::free_text,   TextKind::email,  TextKind::isco08,
                                             TextKind::occupation_code};

Json text_kind_def(TextKind kind) {
  const TextKindInfo info = text_kind_info(kind);
  Json def;
  def["type"] = "string";
  def["description"] = std::string(info.description) +
                       " Lengths count characters (code points); each field gives its own maxLength.";
  if (!info.shape.empty()) {
    def["pattern"] = info.shape;
  } else {
    // Not blank: at least one character that shows something.
    def["pattern"] = char_class(code_points_where([](char32_t c) { return is_invisible(c); }), true);
  }
  // The characters it refuses wherever they are: for the shaped kinds the control characters
  // (checked for every kind); for the others whatever `text_problem` refuses after a letter.
  std::vector<Range> refused;
  if (!info.shape.empty()) {
    refused = code_points_where([](char32_t c) { return is_control(c); });
  } else {
    const TextRule rule{kind, 1000};
    refused = code_points_where([&](char32_t c) { return text_problem("A" + utf8(c), rule).has_value(); });
  }
  def["not"] = Json{{"pattern", char_class(refused)}};
  return def;
}

// ---------------------------------------------------------------------------------------------
// Value types: the patterns of their parsers (src/model/*.cc, src/io/json_codec.cc).

template <class V>
struct ValueInfo;

template <class Tag>
struct ValueInfo<Id<Tag>> {
  static constexpr std::string_view name = "uuid";
  static Json def() {
    return {{"type", "string"},
            {"description", "UUID in canonical 8-4-4-4-12 form. The writer emits lowercase; the reader accepts either case."},
            {"pattern", "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"}};
  }
};

// Days 1400-01-01 … 9999-12-31 (parse_iso_date); checked against the model below.
constexpr std::string_view kDayPattern = "(?:1[4-9][0-9]{2}|[2-9][0-9]{3})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])";

template <>
struct ValueInfo<Date> {
  static constexpr std::string_view name = "date";
  static Json def() {
    if (first_representable_day().year() != 1400 || last_representable_day().year() != 9999) {
      throw std::logic_error("the representable years changed: update kDayPattern");
    }
    return {{"type", "string"},
            {"format", "date"},
            {"description", "Calendar day YYYY-MM-DD: a real day (2025-02-30 is not), years 1400-9999."},
            {"pattern", "^" + std::string(kDayPattern) + "$"}};
  }
};

template <>
struct ValueInfo<Timestamp> {
  static constexpr std::string_view name = "timestamp";
  static Json def() {
    return {{"type", "string"},
            {"description",
             "A moment in UTC, YYYY-MM-DDTHH:MM:SSZ, optionally with 1-6 digits of fraction before the Z. The writer "
             "writes the fraction only when it is not zero, with 6 digits."},
            {"pattern", "^" + std::string(kDayPattern) + "T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,6})?Z$"}};
  }
};

template <>
struct ValueInfo<ProvinceCode> {
  static constexpr std::string_view name = "province";
  static Json def() {
    return {{"type", "string"},
            {"description", "Province plate code, two digits \"01\"-\"81\" (\"06\" Ankara, \"35\" \u0130zmir)."},
            {"pattern", "^(?:0[1-9]|[1-7][0-9]|8[01])$"}};
  }
};

template <>
struct ValueInfo<BranchCode> {
  static constexpr std::string_view name = "branch_code";
  static Json def() {
    return {{"type", "string"},
            {"description", "Branch code: an upper-case ASCII letter, then up to 63 upper-case letters, digits or underscores."},
            {"pattern", "^[A-Z][A-Z0-9_]{0,63}$"}};
  }
};

template <>
struct ValueInfo<NationalId> {
  static constexpr std::string_view name = "national_id";
  static Json def() {
    return {{"type", "string"},
            {"description",
             "T.C. Kimlik No: 11 digits, first not 0, both check digits right (checked by the reader, not by this "
             "pattern). Written in full in a dataset; masked (DDD******DD) only in exports, which cannot be read back."},
            {"pattern", "^[1-9][0-9]{10}$"}};
  }
};

template <>
struct ValueInfo<TaxNumber> {
  static constexpr std::string_view name = "tax_number";
  static Json def() {
    return {{"type", "string"},
            {"description", "VKN: 10 digits whose last digit is the VKN check digit (checked by the reader)."},
            {"pattern", "^[0-9]{10}$"}};
  }
};

template <>
struct ValueInfo<PhoneNumber> {
  static constexpr std::string_view name = "phone";
  static Json def() {
    // Spaces, dots, hyphens and parentheses anywhere; a + only before the first digit; then
    // +90, 0090, 90 (12 digits), 0 (11 digits) or nothing before a national number of 10 digits
    // that does not start with 0 or 1 (PhoneNumber::parse).
    const std::string s = "[ .()\\u002D]*";
    const std::string prefix = "(?:\\+" + s + "9" + s + "0" + s + "|0" + s + "0" + s + "9" + s + "0" + s + "|9" + s +
                               "0" + s + "|0" + s + ")?";
    return {{"type", "string"},
            {"description",
             "Turkish phone number. The writer emits E.164 (+905321234567); the reader also accepts common written "
             "forms (0532 123 45 67, (0532) 123-45-67, +90 532 123 45 67, 905321234567, 5321234567)."},
            {"pattern", "^" + s + prefix + "[2-9](?:" + s + "[0-9]){9}" + s + "$"}};
  }
};

template <>
struct ValueInfo<Ratio> {
  static constexpr std::string_view name = "ratio";
  static Json def() {
    return {{"type", "string"},
            {"description",
             "Exact ratio N/D between 0 and 1, e.g. \"1/5\": at most 6 digits each, D not 0 (the reader also "
             "requires N <= D)."},
            {"pattern", "^[0-9]{1,6}/(?=[0-9]{1,6}$)0*[1-9][0-9]*$"}};
  }
};

// Emitted in this order; `check_references` proves every type used has its entry.
using ValueTypes = std::tuple<CentreId, Date, Timestamp, ProvinceCode, BranchCode, NationalId, TaxNumber, PhoneNumber,
                              Ratio>;

// ---------------------------------------------------------------------------------------------
// Enumerations (vocfab/model/enums.h, vocfab/model/collection.h): spellings from the model,
// names and sentences here (the model has no text for them).

template <class E>
struct EnumInfo;
template <>
struct EnumInfo<DeliveryMode> {
  static constexpr std::string_view name = "delivery_mode";
  static constexpr std::string_view description = "How a course is delivered.";
};
template <>
struct EnumInfo<CertificateKind> {
  static constexpr std::string_view name = "certificate_kind";
  static constexpr std::string_view description =
      "meb: completion certificate after an exam (MEB protocol); participation: attendance document without exam "
      "standing.";
};
template <>
struct EnumInfo<CourseStatus> {
  static constexpr std::string_view name = "course_status";
  static constexpr std::string_view description = "Where a course is in its life.";
};
template <>
struct EnumInfo<Gender> {
  static constexpr std::string_view name = "gender";
  static constexpr std::string_view description = "Recorded for statistics only; never a matching criterion.";
};
template <>
struct EnumInfo<EducationLevel> {
  static constexpr std::string_view name = "education_level";
  static constexpr std::string_view description = "Highest completed education.";
};
template <>
struct EnumInfo<EmploymentStatus> {
  static constexpr std::string_view name = "employment_status";
  static constexpr std::string_view description = "Current employment status.";
};
template <>
struct EnumInfo<Shift> {
  static constexpr std::string_view name = "shift";
  static constexpr std::string_view description = "Preferred or offered working hours.";
};
template <>
struct EnumInfo<PriorityGroup> {
  static constexpr std::string_view name = "priority_group";
  static constexpr std::string_view description =
      "A priority group of course allocation: centre_district = resides in the district of the course's centre.";
};
template <>
struct EnumInfo<EnrollmentStatus> {
  static constexpr std::string_view name = "enrollment_status";
  static constexpr std::string_view description = "State of an enrollment.";
};
template <>
struct EnumInfo<VacancyStatus> {
  static constexpr std::string_view name = "vacancy_status";
  static constexpr std::string_view description = "State of a vacancy.";
};
template <>
struct EnumInfo<ReferralStatus> {
  static constexpr std::string_view name = "referral_status";
  static constexpr std::string_view description =
      "State of a referral: rejected = by the employer, declined = by the seeker, withdrawn = the vacancy closed, "
      "left_early = the hire ended within early_leave_days, retained = still in work after retention_days.";
};
template <>
struct EnumInfo<Collection> {
  static constexpr std::string_view name = "collection_name";
  static constexpr std::string_view description = "The name of one of the ten collections of a dataset.";
};

using EnumTypes = std::tuple<DeliveryMode, CertificateKind, CourseStatus, Gender, EducationLevel, EmploymentStatus,
                             Shift, PriorityGroup, EnrollmentStatus, VacancyStatus, ReferralStatus, Collection>;

template <class E>
Json spellings() {
  Json values = Json::array();
  if constexpr (std::is_same_v<E, Collection>) {
    for (Collection c : kAllCollections) values.push_back(std::string(to_string(c)));
  } else {
    for (E value : enum_values<E>()) values.push_back(std::string(to_string(value)));
  }
  return values;
}

template <class E>
Json enum_def() {
  return {{"type", "string"}, {"enum", spellings<E>()}, {"description", EnumInfo<E>::description}};
}

// ---------------------------------------------------------------------------------------------
// Protected attributes on vacancies (vocfab/model/protected_attributes.h: the words and
// `is_protected_attribute_key`). A key is split into words at every ASCII character that is not
// a letter (digits included) and where an ASCII lower-case letter meets a capital (ASCII, or
// Ç Ğ İ Ö Ş Ü); each word is folded with `fold_turkish` and compared with the list. The patterns
// below find such a word anywhere in a key. The tool checks that the reader refuses each word, and
// tests/python/test_schema.py compares the schema's verdicts with the reader's on many spellings.

const std::span<const std::string_view> kProtectedWords = protected_attribute_words();

// Characters `fold_turkish` turns into the ASCII letter @p c, besides c and its capital.
std::vector<char32_t> folded_to(char c) {
  switch (c) {
    case 'a': return {U'\u00E2', U'\u00C2'};                          // â Â
    case 'c': return {U'\u00E7', U'\u00C7'};                          // ç Ç
    case 'g': return {U'\u011F', U'\u011E'};                          // ğ Ğ
    case 'i': return {U'\u0131', U'\u0130', U'\u00EE', U'\u00CE'};  // ı İ î Î
    case 'o': return {U'\u00F6', U'\u00D6'};                          // ö Ö
    case 's': return {U'\u015F', U'\u015E'};                          // ş Ş
    case 'u': return {U'\u00FC', U'\u00DC', U'\u00FB', U'\u00DB'};  // ü Ü û Û
    default: return {};
  }
}

// The capitals before which a word ends when an ASCII lower-case letter precedes them.
constexpr std::array<char32_t, 6> kTurkishCapitals{U'\u00C7', U'\u011E', U'\u0130', U'\u00D6', U'\u015E', U'\u00DC'};
bool splits_camel_case(char32_t c) {
  return (c >= 'A' && c <= 'Z') || std::find(kTurkishCapitals.begin(), kTurkishCapitals.end(), c) != kTurkishCapitals.end();
}

std::string class_of(const std::vector<char32_t>& characters) {
  std::string out = "[";
  for (char32_t c : characters) out += escape(c);
  return out + "]";
}

std::string protected_word_pattern(std::string_view word) {
  const std::string separator = "[\\u0000-\\u0040\\u005B-\\u0060\\u007B-\\u007F]";  // ASCII but letters
  const std::string capital = "[A-Z\\u00C7\\u011E\\u0130\\u00D6\\u015E\\u00DC]";
  const std::string marks = "[\\u0300-\\u036F]*";            // combining marks: dropped by the folding
  const std::string edge = "[\\u00A0\\u0300-\\u036F]*";      // and no-break spaces at a word's ends
  std::string pattern;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char lower = word[i];
    const char upper = static_cast<char>(lower - 'a' + 'A');
    std::vector<char32_t> others{static_cast<char32_t>(upper)};
    for (char32_t c : folded_to(lower)) others.push_back(c);
    const bool last = i + 1 == word.size();
    if (i == 0) {
      // The word starts the key, follows a separator, or starts with a capital after a
      // lower-case letter.
      std::vector<char32_t> capitals;
      for (char32_t c : others) {
        if (splits_camel_case(c)) capitals.push_back(c);
      }
      pattern += "(?:(?:^|" + separator + ")" + edge + "(?:" + std::string(1, lower) + "(?!" + capital + ")|" +
                 class_of(others) + ")|[a-z]" + class_of(capitals) + ")" + marks;
    } else if (!last) {
      // Inside the word no capital may follow a lower-case letter (that would end the word).
      pattern += "(?:" + std::string(1, lower) + "(?!" + capital + ")|" + class_of(others) + ")" + marks;
    } else {
      // The word ends the key, meets a separator, or ends in a lower-case letter before a capital.
      std::vector<char32_t> all{static_cast<char32_t>(lower)};
      all.insert(all.end(), others.begin(), others.end());
      pattern += "(?:" + class_of(all) + edge + "(?:$|" + separator + ")|" + std::string(1, lower) + capital + ")";
    }
  }
  return pattern;
}

void check_protected_words() {
  for (std::string_view word : kProtectedWords) {
    if (word.size() < 2) throw std::logic_error("a protected word of one letter");
    for (char c : word) {
      if (c < 'a' || c > 'z') throw std::logic_error("a protected word is not lower-case ASCII");
    }
    std::string upper(word);
    for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
    for (const std::string& key : {std::string(word), upper, "x_" + std::string(word), "my" + upper}) {
      if (!is_protected_attribute_key(key)) {
        throw std::logic_error("the reader does not refuse the protected key \"" + key +
                               "\": see vocfab/model/protected_attributes.h");
      }
    }
  }
}

Json protected_key_def() {
  std::string words;
  for (std::string_view word : kProtectedWords) words += (words.empty() ? "" : ", ") + std::string(word);
  Json patterns = Json::array();
  for (std::string_view word : kProtectedWords) {
    patterns.push_back(Json{{"$comment", word}, {"pattern", protected_word_pattern(word)}});
  }
  return {{"description",
           "A key that names a protected attribute: it holds one of the words " + words +
               " as a whole word — words are split at ASCII characters other than letters (digits included) and "
               "where a lower-case ASCII letter meets a capital; case, Turkish letters (\u0131/\u0130/I, \u00E7, "
               "\u011F, \u00F6, \u015F, \u00FC, \u00E2, \u00EE, \u00FB) and combining marks do not matter. So gender, "
               "preferred_gender, preferredGender, Marital_Status, C\u0130NS\u0130YET are protected; agenda and "
               "Genderpreference are not."},
          {"type", "string"},
          {"anyOf", patterns}};
}

Json no_protected_keys_def() {
  return {{"description",
           "A value (at any depth) in which no object has a key naming a protected attribute, as vacancies' "
           "unknown fields must be."},
          {"propertyNames", {{"not", {{"$ref", def_ref("protected_key")}}}}},
          {"additionalProperties", {{"$ref", def_ref("no_protected_keys")}}},
          {"items", {{"$ref", def_ref("no_protected_keys")}}}};
}

// ---------------------------------------------------------------------------------------------
// Records and nested values, from their descriptions.

std::string snake_case(std::string_view title) {
  std::string out;
  for (char c : title) {
    if (c == ' ') out += '_';
    else if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    else out += c;
  }
  return out;
}

template <Described T>
std::string def_name() {
  if constexpr (Entity<T>) return std::string(Description<T>::singular);
  else return snake_case(Description<T>::title);
}

// The JSON name of @p member in T's description.
template <Described T, class M>
std::string name_of(M T::*member) {
  std::string found;
  for_each_field<T>([&](const auto& field) {
    if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(field)>::member_type, M>) {
      if (field.member == member) found = field.name;
    }
  });
  if (found.empty()) throw std::logic_error("a member that its description does not list");
  return found;
}

template <Described T>
std::vector<std::string> required_fields() {
  std::vector<std::string> names;
  for_each_field<T>([&](const auto& field) {
    if (field.presence == Presence::required) names.emplace_back(field.name);
  });
  return names;
}

template <Described T>
std::vector<std::string> all_fields() {
  std::vector<std::string> names;
  for_each_field<T>([&](const auto& field) { names.emplace_back(field.name); });
  return names;
}

template <class V, class Field>
Json value_schema(const Field& field) {
  if constexpr (is_vector_v<V>) {
    return {{"type", "array"}, {"items", value_schema<typename V::value_type>(field)}};
  } else if constexpr (Described<V>) {
    return {{"$ref", def_ref(def_name<V>())}};
  } else if constexpr (std::is_enum_v<V>) {
    return {{"$ref", def_ref(EnumInfo<V>::name)}};
  } else if constexpr (std::is_same_v<V, bool>) {
    return {{"type", "boolean"}};
  } else if constexpr (std::is_same_v<V, std::uint16_t> || std::is_same_v<V, std::uint32_t>) {
    // record_check.h applies the count rule to these.
    const std::uint64_t type_max = std::numeric_limits<V>::max();
    return {{"type", "integer"},
            {"minimum", field.count.min},
            {"maximum", std::min<std::uint64_t>(field.count.max, type_max)}};
  } else if constexpr (std::is_same_v<V, std::uint64_t>) {
    return {{"type", "integer"}, {"minimum", 0}, {"maximum", std::numeric_limits<std::uint64_t>::max()}};
  } else if constexpr (std::is_same_v<V, std::string>) {
    return {{"$ref", def_ref(text_kind_info(field.text.kind).name)}, {"maxLength", field.text.max_length}};
  } else {
    return {{"$ref", def_ref(ValueInfo<V>::name)}};
  }
}

template <class Field>
Json field_schema(const Field& field) {
  using Member = typename Field::member_type;
  using V = typename unwrap_optional<Member>::type;
  Json schema = value_schema<V>(field);
  schema["description"] = field.description;
  if constexpr (!is_optional_v<Member>) {
    if (field.presence == Presence::defaulted) {
      schema["default"] = io_detail::write_value(field.fallback(), WriteOptions{});
    } else if constexpr (is_vector_v<Member>) {
      if (field.presence == Presence::optional) schema["default"] = Json::array();  // absent: empty
    }
  }
  return schema;
}

// The rules that tie a record's own fields together (src/model/record_check.cc,
// cross_field_problems), and what else a record kind needs that its description cannot say.
template <class T>
void add_record_rules(std::type_identity<T>, Json&) {}

void add_record_rules(std::type_identity<Trainee>, Json& def) {
  Json identity_required = Json::array();
  for (const auto& name : required_fields<Identity>()) identity_required.push_back(name);
  const std::string erased = name_of(&Trainee::erased);
  const std::string birth_year = name_of(&Trainee::birth_year);
  def["oneOf"] = Json::array(
      {Json{{"description", "An identified person: the identity's required fields, and no " + erased + " day."},
            {"required", identity_required}},
       Json{{"description", "An erased person: " + erased + " and " + birth_year + ", and no identity field."},
            {"required", Json::array({erased})}}});
  def["dependentRequired"] = Json{{erased, Json::array({birth_year})}};
}

void add_record_rules(std::type_identity<Vacancy>, Json& def) {
  def["anyOf"] = Json::array({Json{{"required", Json::array({name_of(&Vacancy::branch)})}},
                              Json{{"required", Json::array({name_of(&Vacancy::occupation_code)})}}});
  def["propertyNames"] = Json{{"not", {{"$ref", def_ref("protected_key")}}}};
  def["additionalProperties"] = Json{{"$ref", def_ref("no_protected_keys")}};
}

void add_record_rules(std::type_identity<Application>, Json& def) {
  def["properties"][name_of(&Application::courses)]["minItems"] = 1;
}

std::string record_description(std::string_view collection, std::string_view key) {
  return "A record of `" + std::string(collection) + "`, identified by its `" + std::string(key) + "`.";
}

std::string extra_description(std::type_identity<Trainee>) {
  std::string identity;
  for (const auto& name : required_fields<Identity>()) identity += (identity.empty() ? "" : ", ") + name;
  return " A person is either identified (" + identity + ") or erased (" + name_of(&Trainee::erased) + " and " +
         name_of(&Trainee::birth_year) + ", with no identity field), never both.";
}
std::string extra_description(std::type_identity<Vacancy>) {
  return " It needs a " + name_of(&Vacancy::branch) + " or an " + name_of(&Vacancy::occupation_code) +
         ", and may not carry a key naming a protected attribute, at any depth (protected_attribute_criterion).";
}
template <class T>
std::string extra_description(std::type_identity<T>) {
  return "";
}

// @p used_by says where a nested value sits (the descriptions have no sentence of their own for
// a record kind or value, only a title).
template <Described T>
Json record_def(const std::string& used_by) {
  Json def;
  def["title"] = Description<T>::title;
  if constexpr (Entity<T>) {
    def["description"] = record_description(to_string(Description<T>::collection), Description<T>::key_name) +
                         extra_description(std::type_identity<T>{});
  } else if constexpr (std::is_same_v<T, Identity>) {
    def["description"] = "Who a person is. " + used_by + ", its fields written in the trainee's own object; any "
                         "one of them brings the required ones.";
  } else {
    def["description"] = used_by + ".";
  }
  def["type"] = "object";
  Json properties = Json::object();
  Json required = Json::array();
  Json dependent = Json::object();
  for_each_field<T>([&](const auto& field) {
    using Member = typename std::remove_cvref_t<decltype(field)>::member_type;
    using V = typename unwrap_optional<Member>::type;
    if constexpr (Described<V>) {
      if (field.inlined) {
        // Its fields sit in this object: listed here, described by the nested value's entry,
        // and any one of them brings that value's required fields.
        for_each_field<V>([&](const auto& nested) {
          properties[std::string(nested.name)] = Json{{"$ref", def_ref(def_name<V>()) + "/properties/" + std::string(nested.name)}};
          dependent[std::string(nested.name)] = Json{{"$ref", def_ref(def_name<V>())}};
        });
        return;
      }
    }
    properties[std::string(field.name)] = field_schema(field);
    if (field.presence == Presence::required) required.push_back(field.name);
  });
  def["properties"] = properties;
  if (!required.empty()) def["required"] = required;
  if (!dependent.empty()) def["dependentSchemas"] = dependent;
  def["additionalProperties"] = true;  // newer files and integrators' own fields still load
  add_record_rules(std::type_identity<T>{}, def);
  return def;
}

// Adds the entries of the described values @p T uses (first use first), then T's own.
// @p used_by: where T first appears (for a nested value's description).
template <Described T>
void add_described(Json& defs, const std::string& used_by = "") {
  for_each_field<T>([&](const auto& field) {
    using Member = typename std::remove_cvref_t<decltype(field)>::member_type;
    using V = typename unwrap_optional<Member>::type;
    const std::string where = "`" + def_name<T>() + "." + std::string(field.name) + "`";
    if constexpr (Described<V>) {
      add_described<V>(defs, "The value of " + where);
    } else if constexpr (is_vector_v<V>) {
      if constexpr (Described<typename V::value_type>) add_described<typename V::value_type>(defs, "An item of " + where);
    }
  });
  const std::string name = def_name<T>();
  if (!defs.contains(name)) defs[name] = record_def<T>(used_by);
}

// ---------------------------------------------------------------------------------------------
// The document (src/io/json_reader.cc reads these keys; json_writer.cc writes them in this order).

Json collection_property(std::string_view def) {
  return {{"type", "array"}, {"items", {{"$ref", def_ref(def)}}}, {"description", "Absent means empty."}, {"default", Json::array()}};
}

Json make_schema() {
  check_protected_words();
  Json defs = Json::object();
  for_each_type<ValueTypes>([&](auto type) {
    using V = typename decltype(type)::type;
    defs[std::string(ValueInfo<V>::name)] = ValueInfo<V>::def();
  });
  for (TextKind kind : kTextKinds) defs[std::string(text_kind_info(kind).name)] = text_kind_def(kind);
  for_each_type<EnumTypes>([&](auto type) {
    using E = typename decltype(type)::type;
    defs[std::string(EnumInfo<E>::name)] = enum_def<E>();
  });
  defs["protected_key"] = protected_key_def();
  defs["no_protected_keys"] = no_protected_keys_def();
  add_described<Policy>(defs, "The programme policy, the document's `policy`: every field has a default");
  for_each_entity([&](auto kind) { add_described<typename decltype(kind)::type>(defs); });
  add_described<AuditEntry>(defs, "An item of the document's `audit` trail");

  Json properties = Json::object();
  properties["schema_version"] = Json{
      {"const", kSchemaVersion},
      {"description", "Format version. Required; other versions are rejected (schema_version_unsupported)."}};
  properties["as_of"] = Json{{"$ref", def_ref("date")},
                             {"description", "The day the registry's state refers to (\"today\" for its rules)."}};
  properties["policy"] = Json{{"$ref", def_ref("policy")}, {"description", "The programme's rule parameters. Absent: every default."}};
  for_each_entity([&](auto kind) {
    using E = typename decltype(kind)::type;
    properties[std::string(to_string(Description<E>::collection))] = collection_property(def_name<E>());
  });
  properties["audit"] = Json{{"type", "array"},
                             {"items", {{"$ref", def_ref(def_name<AuditEntry>())}}},
                             {"description", "The audit trail, in order (seq 1, 2, …); written only when not empty."},
                             {"default", Json::array()}};

  Json schema;
  schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  schema["$id"] = "https://vocfab.example/schema/vocfab.schema.json";
  schema["$comment"] =
      "Generated by tools/schema (vocfab-schema) from include/vocfab/model/description.h: do not edit. Regenerate "
      "with `cmake --build --preset dev --target schema`.";
  schema["title"] = "vocfab dataset, schema_version " + std::to_string(kSchemaVersion);
  schema["description"] =
      "One dataset of a vocational-training and employment registry (docs/format.md). References are by id (UUID), "
      "except branches, referenced by code. Integrators may add fields: unknown fields are allowed and ignored on "
      "read, except protected-attribute keys on vacancies. This schema checks shapes; checksums, references, date "
      "order and the rules of SPEC section 4 are checked by `vocfab validate`.";
  schema["type"] = "object";
  schema["properties"] = properties;
  schema["required"] = Json::array({"schema_version"});
  schema["additionalProperties"] = true;
  schema["$defs"] = defs;
  return schema;
}

// Every "$ref" names an entry that exists (a value type or enumeration left out of the lists).
void check_references(const Json& schema, const Json& node) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref") {
        const std::string target = value.get<std::string>();
        if (target.rfind("#", 0) != 0) throw std::logic_error("a reference outside the schema: " + target);
        if (!schema.contains(Json::json_pointer(target.substr(1)))) throw std::logic_error("a dangling reference: " + target);
      } else {
        check_references(schema, value);
      }
    }
  } else if (node.is_array()) {
    for (const auto& item : node) check_references(schema, item);
  }
}

constexpr const char* kUsage = "usage: vocfab-schema [--output FILE]\n";

}  // namespace

int main(int argc, char** argv) {
  const char* output = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "--help") == 0) {
      std::cout << kUsage
                << "\nPrints the JSON Schema of the vocfab dataset format, derived from the entity descriptions,\n"
                   "or writes it to FILE.\n";
      return 0;
    }
    if (std::strcmp(argv[i], "--output") == 0 && i + 1 < argc) {
      output = argv[++i];
    } else {
      std::cerr << "vocfab-schema: unexpected argument " << argv[i] << "\n" << kUsage;
      return 2;
    }
  }
  std::string text;
  try {
    const Json schema = make_schema();
    check_references(schema, schema);
    text = schema.dump(2, ' ', false, Json::error_handler_t::strict) + "\n";
  } catch (const std::exception& error) {
    std::cerr << "vocfab-schema: " << error.what() << "\n";
    return 1;
  }
  if (output == nullptr) {
    std::cout << text;
    std::cout.flush();
    return std::cout ? 0 : 1;
  }
  std::ofstream file(output, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    std::cerr << "vocfab-schema: cannot write " << output << "\n";
    return 1;
  }
  return 0;
}
