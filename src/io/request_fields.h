// Reading the small request objects of the dataset functions (rank, explain, match, report,
// plan): the bound on size, the parse, unknown and repeated fields, nulls left to their defaults,
// and the typed fields (ids, days, counts) with one wording of every issue.
#pragma once

#include "io/issue_limit.h"
#include "io/record_codec.h"
#include "vocfab/model/date.h"
#include "vocfab/model/issue.h"
#include "vocfab/model/masking.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vocfab::io_detail {

/// How much of a request is read, and how many issues are listed.
struct RequestLimits {
  std::size_t bytes;   ///< The longest request read.
  std::size_t issues;  ///< The most issues listed; one more says the rest were left out.
};

/// Collects the issues of one request.
class RequestFields {
 public:
  RequestFields(RequestLimits limits, std::vector<Issue>& issues) : limits_(limits), issues_(issues) {}

  void add(IssueCode code, std::string path, std::string message) {
    add_capped(issues_, limits_.issues, code, std::move(path), std::move(message));
  }

  // Walks a request object; @p read_field(name, value) reads one known, non-null field. An
  // empty text is the empty request.
  template <class ReadField>
  void walk(std::string_view text, std::string_view shape, std::initializer_list<std::string_view> names,
            ReadField&& read_field) {
    if (text.size() > limits_.bytes) {
      add(IssueCode::invalid_value, "",
          "a request is at most " + std::to_string(limits_.bytes) + " bytes; this one is " + std::to_string(text.size()));
      return;
    }
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
    NestedValue value;
    if (auto failure = read_nested_value(text, "", value)) {
      issues_.push_back(std::move(*failure));
      return;
    }
    const auto root = value.root();
    if (root.kind() != ValueKind::object) {
      add(IssueCode::invalid_value, "",
          std::string("a request is an object ").append(shape).append(", found ").append(kind_name(root.kind())));
      return;
    }
    std::vector<std::string_view> seen;
    root.for_each([&](NestedValue::View member) {
      const std::string_view key = member.key();
      if (std::find(names.begin(), names.end(), key) == names.end()) {
        add(IssueCode::invalid_value, mask_national_ids(key),
            "unknown field " + quote_value(key) + "; the request is " + std::string(shape));
        return;
      }
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        add(IssueCode::invalid_value, std::string(key), std::string(key) + " is written twice");
        return;
      }
      seen.push_back(key);
      if (member.kind() != ValueKind::null) read_field(key, member);
    });
  }

  void day(NestedValue::View member, std::string_view field, std::optional<Date>& day) {
    if (member.kind() != ValueKind::string) {
      add(IssueCode::invalid_value, std::string(field),
          std::string(field).append(" is a day \"YYYY-MM-DD\", found ").append(kind_name(member.kind())));
    } else if (auto parsed = parse_iso_date(member.string_view())) {
      day = *parsed;
    } else {
      add(IssueCode::invalid_value, std::string(field),
          std::string(field) + " " + quote_value(member.string_view()) + " is not a day YYYY-MM-DD");
    }
  }

  template <class Id>
  void id(NestedValue::View member, std::string_view field, Id& id, bool& present) {
    if (member.kind() != ValueKind::string) {
      add(IssueCode::invalid_value, std::string(field),
          std::string(field).append(" is an id (a UUID), found ").append(kind_name(member.kind())));
    } else if (auto parsed = Id::parse(member.string_view())) {
      id = *parsed;
      present = true;
    } else {
      add(IssueCode::invalid_value, std::string(field),
          std::string(field) + " " + quote_value(member.string_view()) + " is not a UUID");
    }
  }

  // A whole number from @p least to @p most.
  template <class Count>
  void count(NestedValue::View member, std::string_view field, std::uint64_t least, std::uint64_t most, Count& count) {
    const bool whole = member.kind() == ValueKind::unsigned_integer || member.kind() == ValueKind::integer;
    const bool negative = member.kind() == ValueKind::integer && member.as_integer() < 0;
    const std::uint64_t value = member.kind() == ValueKind::unsigned_integer ? member.as_unsigned()
                                : whole && !negative                         ? static_cast<std::uint64_t>(member.as_integer())
                                                                             : 0;
    if (!whole || negative || value < least || value > most) {
      add(IssueCode::invalid_value, std::string(field),
          std::string(field) + " is a whole number from " + std::to_string(least) + " to " + std::to_string(most) +
              ", found " + (whole ? std::string("a number out of range") : std::string(kind_name(member.kind()))));
      return;
    }
    count = static_cast<Count>(value);
  }

  // One of @p choices, as a string.
  template <class Value>
  void choice(NestedValue::View member, std::string_view field, std::initializer_list<std::pair<std::string_view, Value>> choices,
              Value& value) {
    if (member.kind() == ValueKind::string) {
      for (const auto& [name, meaning] : choices) {
        if (member.string_view() == name) {
          value = meaning;
          return;
        }
      }
    }
    std::string names;
    std::size_t i = 0;
    for (const auto& choice : choices) {
      names += i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ";
      names += '"' + std::string(choice.first) + '"';
      ++i;
    }
    add(IssueCode::invalid_value, std::string(field),
        std::string(field) + " is " + names + ", found " +
            (member.kind() == ValueKind::string ? quote_value(member.string_view()) : std::string(kind_name(member.kind()))));
  }

  void require(bool present, std::string_view field) {
    if (!present) add(IssueCode::missing_field, std::string(field), std::string(field) + " is required");
  }

 private:
  RequestLimits limits_;
  std::vector<Issue>& issues_;
};

}  // namespace vocfab::io_detail
