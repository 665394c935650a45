// "A national id never leaks" (issue 7, defect 3): the cases every interface is tested with.
//
// A valid national id (and variants of it) placed in every field of every record kind, of the
// policy, of an audit entry and of the document itself, as the model's descriptions list them
// (`Description<T>::fields`, nested values and lists included: `consents.data_processing`,
// `contact.name`, `revoked.reason`, `job_preferences.sectors[0]`, `residency.province`,
// `touched[0].id`, `as_of`), plus the id as an unknown field's value and as a key name in every
// object, and in place of a whole record or collection. Each case is a complete document (the
// valid fixture with that one change) and, for record targets, the changed record alone.
//
// A test feeds each case to every output of its interface and calls `leaks_in` on what comes
// out: nothing may show the id's digits, except a registry written with the ids revealed on
// explicit request (never checked here).
#pragma once

#include "support/fixture.h"
#include "vocfab/model/collection.h"
#include "vocfab/model/description.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace vocfab::testing::leaks {

/// The national id the cases plant (checksum-valid: it loads where a national id belongs).
inline constexpr std::string_view kNationalId = "12345678950";

/// Where a value is planted: `collection` is a collection name, `policy`, `audit`, or empty for
/// the document itself; `path` is a field path inside that record (`contact.name`,
/// `job_preferences.sectors[0]`), empty for the record as a whole.
struct Target {
  std::string collection;
  std::string path;
  friend bool operator==(const Target&, const Target&) = default;
};

/// One document to feed to an interface.
struct Case {
  std::string label;         ///< `trainees[0].district = in_text`: what was planted where.
  std::string collection;    ///< The record's collection, `policy`, `audit`, or empty.
  std::string record;        ///< The changed record (or policy) alone, JSON text; empty for document targets.
  std::string document;      ///< The whole document, JSON text.
  std::string planted;       ///< The text planted, as it would show if quoted verbatim.
};

namespace detail {

inline std::string join(const std::string& prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
}

/// Appends every field path of @p T below @p prefix to @p fields, and every nested object's path
/// to @p objects.
template <Described T>
void add_paths(const std::string& prefix, std::vector<std::string>& fields, std::vector<std::string>& objects) {
  for_each_field<T>([&](const auto& field) {
    using Member = typename std::remove_cvref_t<decltype(field)>::member_type;
    using Value = typename unwrap_optional<Member>::type;
    const std::string here = field.inlined ? prefix : join(prefix, field.name);
    if constexpr (is_vector_v<Value>) {
      using Item = typename Value::value_type;
      if constexpr (Described<Item>) {
        objects.push_back(here + "[0]");
        add_paths<Item>(here + "[0]", fields, objects);
      } else {
        fields.push_back(here + "[0]");
      }
    } else if constexpr (Described<Value>) {
      if (!field.inlined) objects.push_back(here);
      add_paths<Value>(here, fields, objects);
    } else {
      fields.push_back(here);
    }
  });
}

template <Described T>
void add_targets(const std::string& collection, std::vector<Target>& fields, std::vector<Target>& objects) {
  std::vector<std::string> field_paths, object_paths{""};
  add_paths<T>("", field_paths, object_paths);
  for (auto& path : field_paths) fields.push_back({collection, path});
  for (auto& path : object_paths) objects.push_back({collection, path});
}

/// Every field (`fields`) and every object (`objects`: records and nested values) of a document.
struct Targets {
  std::vector<Target> fields;
  std::vector<Target> objects;
};

inline Targets targets() {
  Targets out;
  for_each_entity([&]<class E>(std::type_identity<E>) {
    add_targets<E>(std::string(to_string(Description<E>::collection)), out.fields, out.objects);
  });
  add_targets<Policy>("policy", out.fields, out.objects);
  add_targets<AuditEntry>("audit", out.fields, out.objects);
  for (std::string_view top : {"schema_version", "as_of", "policy", "audit"}) {
    out.fields.push_back({"", std::string(top)});
  }
  for (Collection collection : kAllCollections) out.fields.push_back({"", std::string(to_string(collection))});
  out.objects.push_back({"", ""});
  return out;
}

/// The JSON pointer of @p path (`a.b[0]` → `/a/b/0`).
inline nlohmann::json::json_pointer pointer(const std::string& path) {
  std::string out;
  std::string part;
  auto flush = [&] {
    if (!part.empty()) out += "/" + part;
    part.clear();
  };
  for (char c : path) {
    if (c == '.' || c == '[') {
      flush();
    } else if (c != ']') {
      part += c;
    }
  }
  flush();
  return nlohmann::json::json_pointer(out);
}

}  // namespace detail

/// Every field path of every record kind, the policy, the audit entry and the document, from
/// the descriptions.
inline std::vector<Target> field_targets() { return detail::targets().fields; }

/// A valid document with every kind of record, every optional value, the policy, `as_of` and one
/// audit entry.
inline nlohmann::json base_document() {
  nlohmann::json doc = valid_document();
  doc["as_of"] = "2026-04-30";
  // Optional values present, so that a value planted in them is read, kept and written.
  doc["policy"]["residency"]["district"] = "Konak";
  doc["certificates"][0]["revoked"] = {{"reason", "issued in error"}, {"date", "2026-04-20"}};
  doc["vacancies"][0]["occupation_code"] = "7533.01";
  doc["vacancies"][0]["min_age"] = 18;
  doc["referrals"][1]["reason"] = "short list";
  doc["employers"][0]["contact"]["email"] = "ik@example.org";
  doc["audit"] = {{{"seq", 1},
                   {"batch", "batch-1"},
                   {"at", "2026-04-30T10:00:00Z"},
                   {"actor", "clerk"},
                   {"op", "add"},
                   {"collection", "centres"},
                   {"id", centre_id(1)},
                   {"key", "key-1"},
                   {"touched", {{{"collection", "centres"}, {"id", centre_id(1)}}}}}};
  return doc;
}

/// The national id as text in the forms a person could type it, and as a JSON number.
inline std::vector<std::pair<std::string, nlohmann::json>> planted_values() {
  const std::string id(kNationalId);
  return {{"plain", id},
          {"spaced", "123 456 789 50"},
          {"in_text", "TC " + id + " kişi"},
          {"code", "N" + id},  // shaped like a code: upper-case letter first, so code fields take it
          {"number", 12345678950LL}};
}

/// Every case: each planted value in each field, and per object an unknown field holding the id
/// and a key named by it.
inline std::vector<Case> cases() {
  const detail::Targets all = detail::targets();
  const nlohmann::json base = base_document();
  std::vector<Case> out;
  auto add = [&](const Target& target, const std::string& what, auto&& change) {
    nlohmann::json doc = base;
    const bool in_record = !target.collection.empty();
    nlohmann::json& record = !in_record                      ? doc
                             : target.collection == "policy" ? doc["policy"]
                                                             : doc[target.collection][0];
    change(record);
    Case c;
    c.collection = target.collection;
    const std::string where = !in_record ? "" : target.collection == "policy" ? "policy" : target.collection + "[0]";
    const std::string place = where.empty() ? target.path : target.path.empty() ? where : where + "." + target.path;
    c.label = place.empty() ? what : place + " " + what;
    if (in_record) c.record = record.dump();
    c.document = doc.dump();
    out.push_back(std::move(c));
  };
  for (const Target& target : all.fields) {
    for (const auto& [name, value] : planted_values()) {
      add(target, "= " + name, [&](nlohmann::json& record) { record[detail::pointer(target.path)] = value; });
      out.back().planted = value.is_string() ? value.get<std::string>() : value.dump();
    }
  }
  for (const Target& target : all.objects) {
    const nlohmann::json::json_pointer at = detail::pointer(target.path);
    add(target, "+ unknown field", [&](nlohmann::json& record) { record[at]["note"] = std::string(kNationalId); });
    out.back().planted = std::string(kNationalId);
    add(target, "+ key named by the id", [&](nlohmann::json& record) { record[at][std::string(kNationalId)] = "x"; });
    out.back().planted = std::string(kNationalId);
  }
  // Rules between records, which quote what they compare: the id as a code several records
  // share or name.
  const std::string code = "N" + std::string(kNationalId);
  auto rename_branch = [&](nlohmann::json& doc) {
    doc["branches"][0]["code"] = code;
    doc["centres"][0]["branches"][0] = code;
    doc["courses"][0]["branch"] = code;
    doc["vacancies"][0]["branch"] = code;
  };
  add({"", ""}, "as a branch code used throughout", rename_branch);
  add({"", ""}, "as a branch code its centre does not host", [&](nlohmann::json& doc) {
    rename_branch(doc);
    doc["centres"][0]["branches"][0] = "SEWING";
  });
  add({"", ""}, "as a branch code of two branches", [&](nlohmann::json& doc) {
    rename_branch(doc);
    doc["branches"][1]["code"] = code;
  });
  add({"", ""}, "as a centre code of two centres", [&](nlohmann::json& doc) {
    doc["centres"][0]["code"] = code;
    nlohmann::json twin = doc["centres"][0];
    twin["id"] = centre_id(2);
    doc["centres"].push_back(twin);
  });
  add({"", ""}, "as the national id of two trainees", [&](nlohmann::json& doc) {
    doc["trainees"][0]["national_id"] = std::string(kNationalId);
    doc["trainees"][1]["national_id"] = std::string(kNationalId);
  });
  add({"", ""}, "as a branch code completed before", [&](nlohmann::json& doc) {
    rename_branch(doc);
    nlohmann::json again = doc["courses"][0];  // the same branch again, for one who completed it
    again["id"] = course_id(3);
    again["start"] = "2025-06-02";
    again["end"] = "2025-08-29";
    doc["courses"].push_back(again);
    doc["enrollments"].push_back({{"id", enrollment_id(20)}, {"trainee", trainee_id(1)}, {"course", course_id(3)},
                                  {"status", "completed"}, {"absent_hours", 0}, {"score", 80}});
  });
  for (std::size_t i = out.size() - 6; i < out.size(); ++i) out[i].planted = code;
  for (const std::string& collection : {std::string("policy"), std::string("trainees"), std::string("audit")}) {
    add({collection, ""}, "= the id instead of the record",
        [&](nlohmann::json& record) { record = std::string(kNationalId); });
    out.back().planted = std::string(kNationalId);
  }
  return out;
}

/// @p text with the separators `mask_national_ids` groups digits by (space, `-`, `.`, `/`)
/// dropped between two digits: `123 456 789 50` → `12345678950`.
inline std::string joined_digits(std::string_view text) {
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool separator = c == ' ' || c == '-' || c == '.' || c == '/';
    if (separator && !out.empty() && digit(out.back()) && i + 1 < text.size() && digit(text[i + 1])) continue;
    out += c;
  }
  return out;
}

/// Whether @p text shows the national id: its digits, joined or grouped, or @p planted verbatim.
inline bool leaks_in(std::string_view text, std::string_view planted = kNationalId) {
  return text.find(kNationalId) != std::string_view::npos || text.find(planted) != std::string_view::npos ||
         joined_digits(text).find(kNationalId) != std::string::npos;
}

/// A few characters around the first leak in @p text, for a failure message.
inline std::string leak_excerpt(std::string_view text, std::string_view planted = kNationalId) {
  std::size_t at = text.find(kNationalId);
  if (at == std::string_view::npos) at = text.find(planted);
  if (at == std::string_view::npos) return std::string(text.substr(0, 160));
  const std::size_t from = at > 60 ? at - 60 : 0;
  return std::string(text.substr(from, 140));
}

/// A leak an interface's test expects until it is fixed at its cause (support/known_leaks.txt).
struct KnownLeak {
  std::string output;  ///< A part of the output's label: `issue` or `(masked)`.
  std::string text;    ///< What the output shows around the id.
  std::string cause;   ///< Where it is made.
};

/// The known leaks listed in @p path (support/known_leaks.txt).
inline std::vector<KnownLeak> known_leaks(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<KnownLeak> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t a = line.find('\t');
    const std::size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (b == std::string::npos) throw std::runtime_error("not OUTPUT<tab>TEXT<tab>CAUSE: " + line);
    out.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
  }
  return out;
}

/// The known leak that output @p output (its label) showing @p text is, or null.
inline const KnownLeak* known_leak(const std::vector<KnownLeak>& known, std::string_view output,
                                   std::string_view text) {
  for (const KnownLeak& leak : known) {
    if (output.find(leak.output) != std::string_view::npos && text.find(leak.text) != std::string_view::npos) {
      return &leak;
    }
  }
  return nullptr;
}

}  // namespace vocfab::testing::leaks
