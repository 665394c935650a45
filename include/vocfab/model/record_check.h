/// @file
/// The invariants of a single record: what the model refuses to hold.
///
/// A record is well formed when each field obeys the rule of its description (text kind and
/// length, range of a number) and the record obeys the few rules that tie its own fields together
/// (a vacancy names a branch or an occupation code; a person is identified or erased, not both).
/// The reader checks exactly these as it decodes (calling `field_problems` for each field and
/// `cross_field_problems` for the record), and `Dataset` checks them for every record added or
/// changed in C++, so a dataset built in memory cannot hold what the reader would refuse.
/// Rules that involve other records or the policy are the validator's and the rules layer's.
/// Pure functions; thread-safe.
#pragma once

#include "vocfab/model/description.h"
#include "vocfab/model/issue.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace vocfab {

/// A record the model refused, and why.
class InvalidRecord : public std::invalid_argument {
 public:
  /// @p issues have paths relative to the record (`given_name`, `contact.name`).
  explicit InvalidRecord(std::vector<Issue> issues);
  /// Why the record was refused.
  const std::vector<Issue>& issues() const noexcept { return issues_; }

 private:
  std::vector<Issue> issues_;
};

namespace record_check_detail {

void add(std::vector<Issue>& out, std::string_view path, std::string message);
// Puts @p base in front of the paths of out[from..]: the paths of a field's problems are built
// only when it has some (a record checked on every change builds none).
void prefix_paths(std::vector<Issue>& out, std::size_t from, std::string_view base);
std::string count_problem(std::uint64_t value, const CountRule& rule);

}  // namespace record_check_detail

template <Described T>
void record_problems_into(const T& record, std::string_view path, std::vector<Issue>& out);

/// Appends to @p out the problems of @p value, the value of @p field at @p path. Builds no
/// string unless there is a problem (the reader calls it for every field it decodes).
template <class Field, class Value>
void field_problems(const Field& field, const Value& value, std::string_view path, std::vector<Issue>& out) {
  using namespace record_check_detail;
  if constexpr (is_optional_v<Value>) {
    if (value) field_problems(field, *value, path, out);
  } else if constexpr (is_vector_v<Value>) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if constexpr (Described<typename Value::value_type>) {
        record_problems_into(value[i], index_path(path, i), out);
      } else {
        const std::size_t before = out.size();
        field_problems(field, value[i], std::string_view(), out);
        for (std::size_t k = before; k < out.size(); ++k) out[k].path = index_path(path, i);  // only on a problem
      }
    }
  } else if constexpr (std::is_same_v<Value, std::string>) {
    if (auto problem = text_problem(value, field.text)) add(out, path, std::move(*problem));
  } else if constexpr (std::is_same_v<Value, std::uint64_t> || std::is_same_v<Value, std::uint32_t> ||
                       std::is_same_v<Value, std::uint16_t>) {
    if (value < field.count.min || value > field.count.max) add(out, path, count_problem(value, field.count));
  } else if constexpr (Described<Value>) {
    record_problems_into(value, path, out);
  }
  // Every other type (ids, dates, codes, national ids, enumerations) is well formed by construction.
}

/// The rules that tie a record's own fields together; nothing for most kinds.
template <class T>
void cross_field_problems(const T&, std::string_view, std::vector<Issue>&) {}
/// A trainee is identified or erased, not both; an erased one keeps its birth year, and an
/// identified one's birth year is its birth date's.
void cross_field_problems(const Trainee& trainee, std::string_view path, std::vector<Issue>& out);
/// A vacancy names a branch or an occupation code.
void cross_field_problems(const Vacancy& vacancy, std::string_view path, std::vector<Issue>& out);
/// An application ranks at least one course.
void cross_field_problems(const Application& application, std::string_view path, std::vector<Issue>& out);
/// Allocation compares each priority group once.
void cross_field_problems(const AllocationPolicy& allocation, std::string_view path, std::vector<Issue>& out);

/// Appends every problem of @p record (fields, then cross-field rules) to @p out, with paths
/// below @p path.
template <Described T>
void record_problems_into(const T& record, std::string_view path, std::vector<Issue>& out) {
  for_each_field<T>([&](const auto& field) {
    const std::size_t before = out.size();
    field_problems(field, record.*field.member, std::string_view(), out);
    if (out.size() == before) return;
    // An inlined value's fields sit in the record's own object, so their paths do too.
    record_check_detail::prefix_paths(out, before, field.inlined ? std::string(path) : join_path(path, field.name));
  });
  cross_field_problems(record, path, out);
}

/// Every problem of @p record, with paths relative to it; empty when it is well formed.
template <Described T>
std::vector<Issue> record_problems(const T& record) {
  std::vector<Issue> out;
  record_problems_into(record, std::string_view(), out);
  return out;
}

/// Throws `InvalidRecord` unless @p record is well formed.
template <Described T>
void require_well_formed(const T& record) {
  std::vector<Issue> problems = record_problems(record);
  if (!problems.empty()) throw InvalidRecord(std::move(problems));
}

}  // namespace vocfab
