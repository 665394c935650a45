// Assignment requests and results in JSON (vocfab/io/assignment_json.h).
//
// A request is read by one SAX handler straight into the problem's vectors: a request of 20
// million arcs costs the arcs' own 16 bytes each, not a document tree. The handler knows the two
// request shapes; each value is judged at its depth (1: the request object, 2: a field's value,
// 3: an item of an array field, 4: an entry of a cost row or of an arc), and a value of the
// wrong shape is reported at its path and skipped whole.
#include "vocfab/io/assignment_json.h"

#include "io/record_codec.h"
#include "vocfab/io/json.h"
#include "vocfab/model/masking.h"

#include <nlohmann/json.hpp>

#include <array>
#include <charconv>
#include <cstring>
#include <limits>
#include <optional>

namespace vocfab {
namespace {

using matching::Weight;

enum class Field { none, costs, maximize, rows, cols, arcs, capacities, objective, unknown };

constexpr std::array<std::pair<std::string_view, Field>, 7> kFields{{{"costs", Field::costs},
                                                                     {"maximize", Field::maximize},
                                                                     {"rows", Field::rows},
                                                                     {"cols", Field::cols},
                                                                     {"arcs", Field::arcs},
                                                                     {"capacities", Field::capacities},
                                                                     {"objective", Field::objective}}};

std::string_view field_name(Field field) {
  for (const auto& [name, value] : kFields) {
    if (value == field) return name;
  }
  return "";
}

constexpr std::size_t kMaxIssues = 20;

// A scalar as the handler sees it.
struct Scalar {
  enum class Kind { integer, other } kind = Kind::other;
  bool negative = false;
  std::uint64_t magnitude = 0;  // |value| for integers
  std::string_view what;        // "a string", "a boolean", … for messages
};

class RequestReader final : public nlohmann::json::json_sax_t {
 public:
  explicit RequestReader(const io_detail::TextOrigin& origin) : origin_(origin) {}

  bool null() override { return scalar_null(); }
  bool boolean(bool value) override {
    boolean_ = value;
    return scalar({Scalar::Kind::other, false, 0, "a boolean"}, true);
  }
  bool number_integer(number_integer_t value) override {
    const bool negative = value < 0;
    const std::uint64_t magnitude =
        negative ? std::uint64_t{0} - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    return scalar({Scalar::Kind::integer, negative, magnitude, "a number"});
  }
  bool number_unsigned(number_unsigned_t value) override { return scalar({Scalar::Kind::integer, false, value, "a number"}); }
  bool number_float(number_float_t, const string_t&) override {
    return scalar({Scalar::Kind::other, false, 0, "a number with a fraction or an exponent"});
  }
  bool string(string_t& value) override {
    text_ = value;
    return scalar({Scalar::Kind::other, false, 0, "a string"}, false, true);
  }
  bool binary(binary_t&) override { return scalar({Scalar::Kind::other, false, 0, "binary"}); }
  bool key(string_t& name) override {
    if (skip_from_ != 0 || depth_ != 1) return true;
    field_ = Field::unknown;
    for (const auto& [known, value] : kFields) {
      if (known == name) field_ = value;
    }
    if (field_ == Field::unknown) {
      report(IssueCode::invalid_value, mask_national_ids(name),
             quote_value(name) + " is not a field of an assignment request; the fields are: costs, maximize "
                                 "(dense); rows, cols, arcs, capacities, objective (sparse)");
    } else if (seen_[static_cast<std::size_t>(field_)]) {
      report(IssueCode::invalid_value, std::string(field_name(field_)), "written twice in one object; a key may appear once");
      field_ = Field::unknown;
    } else {
      seen_[static_cast<std::size_t>(field_)] = true;
    }
    return !stop_;
  }
  bool start_object(std::size_t) override { return open(false); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& error) override {
    parse_failure_ = Issue{IssueCode::parse_error, "", io_detail::parse_error_message(error, last_token, origin_.describe(position))};
    return false;
  }

  std::vector<Issue> issues;
  std::optional<Issue> parse_failure_;
  bool stop_ = false;
  std::array<bool, 9> seen_{};
  std::vector<Weight> costs;
  std::vector<std::uint8_t> allowed;
  bool any_forbidden = false;
  std::size_t dense_rows = 0, dense_cols = 0;
  bool maximize = false;
  std::uint64_t rows = 0, cols = 0;
  std::vector<matching::Arc> arcs;
  std::vector<std::uint64_t> capacities;
  std::optional<matching::SparseObjective> objective;

 private:
  void report(IssueCode code, std::string path, std::string message) {
    if (issues.size() < kMaxIssues) issues.push_back({code, std::move(path), std::move(message)});
    if (issues.size() >= kMaxIssues) stop_ = true;
  }
  // Paths of the value being read at each depth.
  std::string field_path() const { return std::string(field_name(field_)); }
  std::string item_path() const { return index_path(field_path(), item_); }
  std::string entry_path() const { return index_path(item_path(), entry_); }

  bool open(bool array) {
    if (depth_ + 1 > kMaxNestingDepth) {
      parse_failure_ = Issue{IssueCode::parse_error, "", "values are nested deeper than " + std::to_string(kMaxNestingDepth) + " levels"};
      return false;
    }
    ++depth_;
    if (skip_from_ != 0) return true;
    const auto refuse = [&](std::string path, std::string message) {
      report(IssueCode::invalid_value, std::move(path), std::move(message));
      skip_from_ = depth_;
      return !stop_;
    };
    const std::string_view kind = array ? "an array" : "an object";
    switch (depth_) {
      case 1:
        if (array) return refuse("", "an assignment request is a JSON object, not an array");
        return true;
      case 2:
        if (field_ == Field::unknown) {  // reported at its key
          skip_from_ = depth_;
          return !stop_;
        }
        if (array && (field_ == Field::costs || field_ == Field::arcs || field_ == Field::capacities)) {
          item_ = 0;
          return true;
        }
        return refuse(field_path(), expected_at_field() + ", not " + std::string(kind));
      case 3:
        if (array && (field_ == Field::costs || field_ == Field::arcs)) {
          entry_ = 0;
          return true;
        }
        return refuse(item_path(), expected_at_item() + ", not " + std::string(kind));
      default:
        return refuse(entry_path(), expected_at_entry() + ", not " + std::string(kind));
    }
  }

  bool stop(std::string path, std::string message) {
    report(IssueCode::invalid_value, std::move(path), std::move(message));
    stop_ = true;
    return false;
  }

  bool close() {
    const std::size_t level = depth_--;
    if (skip_from_ != 0) {
      if (skip_from_ != level) return true;
      skip_from_ = 0;
      return done(level);
    }
    if (level == 3 && field_ == Field::costs) {
      if (item_ == 0) dense_cols = entry_;
      if (entry_ != dense_cols) {
        report(IssueCode::invalid_value, item_path(),
               "has " + std::to_string(entry_) + " costs where row 0 has " + std::to_string(dense_cols) + "; rows must be of equal length");
      }
      ++dense_rows;
    }
    if (level == 3 && field_ == Field::arcs && entry_ != 3) {
      report(IssueCode::invalid_value, item_path(), "an arc is [row, col, weight]: 3 integers, not " + std::to_string(entry_));
    }
    return done(level);
  }

  // A value at @p level is complete.
  bool done(std::size_t level) {
    if (level == 3) ++item_;
    if (level == 4) ++entry_;
    return !stop_;
  }

  std::string expected_at_field() const {
    switch (field_) {
      case Field::costs: return "costs are an array of rows";
      case Field::maximize: return "maximize is true or false";
      case Field::rows:
      case Field::cols: return field_path() + " is an integer ≥ 0";
      case Field::arcs: return "arcs are an array of [row, col, weight]";
      case Field::capacities: return "capacities are an array of integers ≥ 0";
      case Field::objective: return "objective is \"max_weight\" or \"min_cost_full\"";
      default: return "";
    }
  }
  std::string expected_at_item() const {
    switch (field_) {
      case Field::costs: return "a row of costs is an array";
      case Field::arcs: return "an arc is an array [row, col, weight]";
      default: return "a capacity is an integer ≥ 0";
    }
  }
  std::string expected_at_entry() const {
    return field_ == Field::costs ? "a cost is an integer or null" : "an arc's entries are integers";
  }

  bool scalar_null() {
    if (skip_from_ != 0) return true;
    if (depth_ == 3 && field_ == Field::costs) {
      push_cost(0, false);
      return done(4);
    }
    return scalar({Scalar::Kind::other, false, 0, "null"});
  }

  bool push_cost(Weight w, bool is_allowed) {
    if (costs.size() >= kMaxDenseEntries) return stop(entry_path(), "more than " + std::to_string(kMaxDenseEntries) + " costs");
    costs.push_back(w);
    allowed.push_back(is_allowed ? 1 : 0);
    any_forbidden |= !is_allowed;
    return true;
  }

  // The scalar @p s at depth depth_ + 1; @p is_boolean / @p is_string tell which member holds it.
  bool scalar(Scalar s, bool is_boolean = false, bool is_string = false) {
    if (skip_from_ != 0) return true;
    const std::size_t level = depth_ + 1;
    const auto wrong = [&](std::string path, std::string expected) {
      report(IssueCode::invalid_value, std::move(path), expected + ", not " + std::string(s.what));
      return done(level);
    };
    const auto too_large = [&](std::string path) {
      report(IssueCode::invalid_value, std::move(path), "an integer beyond the 64-bit range");
      return done(level);
    };
    constexpr auto kMaxWeight = static_cast<std::uint64_t>(std::numeric_limits<Weight>::max());
    switch (level) {
      case 1:
        return stop("", "an assignment request is a JSON object, not " + std::string(s.what));
      case 2:
        switch (field_) {
          case Field::maximize:
            if (!is_boolean) return wrong(field_path(), expected_at_field());
            maximize = boolean_;
            return true;
          case Field::rows:
          case Field::cols:
            if (s.kind != Scalar::Kind::integer || s.negative) return wrong(field_path(), expected_at_field());
            if (s.magnitude > kMaxAssignmentSide) {
              report(IssueCode::invalid_value, field_path(), "at most " + std::to_string(kMaxAssignmentSide));
              return true;
            }
            (field_ == Field::rows ? rows : cols) = s.magnitude;
            return true;
          case Field::objective:
            if (is_string && text_ == "max_weight") {
              objective = matching::SparseObjective::max_weight;
            } else if (is_string && text_ == "min_cost_full") {
              objective = matching::SparseObjective::min_cost_full;
            } else if (is_string) {
              report(IssueCode::invalid_value, field_path(), quote_value(text_) + " is not an objective; " + expected_at_field());
            } else {
              return wrong(field_path(), expected_at_field());
            }
            return true;
          case Field::unknown: return true;  // reported at its key
          default: return wrong(field_path(), expected_at_field());
        }
      case 3:
        if (field_ != Field::capacities) return wrong(item_path(), expected_at_item());
        if (s.kind != Scalar::Kind::integer || s.negative) return wrong(item_path(), expected_at_item());
        if (capacities.size() >= kMaxAssignmentSide) return stop(item_path(), "more than " + std::to_string(kMaxAssignmentSide) + " capacities");
        capacities.push_back(s.magnitude);
        return done(level);
      default:
        if (s.kind != Scalar::Kind::integer) return wrong(entry_path(), expected_at_entry());
        if (field_ == Field::costs) {
          if (s.magnitude > kMaxWeight + (s.negative ? 1 : 0)) return too_large(entry_path());
          const Weight w = s.negative ? static_cast<Weight>(0 - s.magnitude) : static_cast<Weight>(s.magnitude);
          if (!push_cost(w, true)) return false;
          return done(level);
        }
        return arc_entry(s, level);
    }
  }

  bool arc_entry(const Scalar& s, std::size_t level) {
    constexpr auto kMaxWeight = static_cast<std::uint64_t>(std::numeric_limits<Weight>::max());
    if (entry_ == 0) {
      if (arcs.size() >= kMaxSparseArcs) return stop(item_path(), "more than " + std::to_string(kMaxSparseArcs) + " arcs");
      arcs.push_back({});
    }
    matching::Arc& arc = arcs.back();
    if (entry_ < 2) {
      if (s.negative || s.magnitude > std::numeric_limits<std::uint32_t>::max()) {
        report(IssueCode::invalid_value, entry_path(), entry_ == 0 ? "a row index is an integer from 0 below rows" : "a column index is an integer from 0 below cols");
        (entry_ == 0 ? arc.row : arc.col) = std::numeric_limits<std::uint32_t>::max();
      } else {
        (entry_ == 0 ? arc.row : arc.col) = static_cast<std::uint32_t>(s.magnitude);
      }
    } else if (entry_ == 2) {
      if (s.magnitude > kMaxWeight + (s.negative ? 1 : 0)) {
        report(IssueCode::invalid_value, entry_path(), "an integer beyond the 64-bit range");
      } else {
        arc.weight = s.negative ? static_cast<Weight>(0 - s.magnitude) : static_cast<Weight>(s.magnitude);
      }
    }
    return done(level);
  }

  io_detail::TextOrigin origin_;
  std::size_t depth_ = 0;
  std::size_t skip_from_ = 0;  // the depth of the container being skipped; 0 when none
  Field field_ = Field::none;
  std::size_t item_ = 0, entry_ = 0;
  bool boolean_ = false;
  std::string text_;
};

void write_numbers(std::string& out, const auto& values) {
  out.push_back('[');
  std::array<char, 24> buffer{};
  bool first = true;
  for (const auto value : values) {
    if (!first) out.push_back(',');
    first = false;
    const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value).ptr;
    out.append(buffer.data(), end);
  }
  out.push_back(']');
}

void write_duals(std::string& out, const matching::Duals& duals) {
  out.append(",\"duals\":{\"rows\":");
  write_numbers(out, duals.rows);
  out.append(",\"cols\":");
  write_numbers(out, duals.cols);
  out.append("}}");
}

}  // namespace

AssignmentRequest read_assignment_request(std::string_view text) {
  AssignmentRequest request;
  const io_detail::TextOrigin origin{text.data(), text.size(), 0, 1, 1};
  RequestReader reader(origin);
  bool parsed = false;
  if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
    const auto at = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
    request.issues.push_back({IssueCode::parse_error, "",
                              "parse error at " + origin.describe(at + 1) + ": a NUL byte, which JSON text cannot contain"});
    return request;
  }
  try {
    parsed = nlohmann::json::sax_parse(text.begin(), text.end(), &reader, nlohmann::json::input_format_t::json, true);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception&) {
    request.issues.push_back({IssueCode::parse_error, "", "the text cannot be read as JSON"});
    return request;
  }
  if (reader.parse_failure_) {
    request.issues = {std::move(*reader.parse_failure_)};
    return request;
  }
  request.issues = std::move(reader.issues);
  if (!parsed && request.issues.empty()) request.issues.push_back({IssueCode::parse_error, "", "the text cannot be read as JSON"});
  if (!request.issues.empty()) return request;

  const auto has = [&](Field field) { return reader.seen_[static_cast<std::size_t>(field)]; };
  const auto refuse_fields = [&](std::initializer_list<Field> fields, std::string_view kind) {
    for (const Field field : fields) {
      if (has(field)) {
        request.issues.push_back({IssueCode::invalid_value, std::string(field_name(field)),
                                  std::string(field_name(field)) + " is not a field of a " + std::string(kind) + " request"});
      }
    }
  };
  if (has(Field::costs) && has(Field::arcs)) {
    request.issues.push_back({IssueCode::invalid_value, "", "a request has costs (dense) or arcs (sparse), not both"});
    return request;
  }
  if (has(Field::costs)) {
    refuse_fields({Field::rows, Field::cols, Field::capacities, Field::objective}, "dense");
    if (!request.issues.empty()) return request;
    matching::DenseProblem problem;
    problem.rows = reader.dense_rows;
    problem.cols = reader.dense_cols;
    problem.costs = std::move(reader.costs);
    if (reader.any_forbidden) problem.allowed = std::move(reader.allowed);
    problem.maximize = reader.maximize;
    request.problem = std::move(problem);
    return request;
  }
  if (has(Field::arcs)) {
    refuse_fields({Field::maximize}, "sparse");
    for (const Field field : {Field::rows, Field::cols}) {
      if (!has(field)) {
        request.issues.push_back({IssueCode::missing_field, std::string(field_name(field)),
                                  "a sparse request gives " + std::string(field_name(field))});
      }
    }
    if (!request.issues.empty()) return request;
    matching::SparseProblem problem;
    problem.rows = reader.rows;
    problem.cols = reader.cols;
    problem.arcs = std::move(reader.arcs);
    problem.capacities = std::move(reader.capacities);
    problem.objective = reader.objective.value_or(matching::SparseObjective::max_weight);
    request.problem = std::move(problem);
    return request;
  }
  request.issues.push_back({IssueCode::missing_field, "costs", "a request has costs (dense) or arcs (sparse)"});
  return request;
}

std::string write_dense_assignment(const matching::DenseAssignment& result) {
  std::string out = "{\"rows\":";
  write_numbers(out, result.rows);
  out.append(",\"cols\":");
  write_numbers(out, result.cols);
  out.append(",\"total\":").append(std::to_string(result.total));
  write_duals(out, result.duals);
  return out;
}

std::string write_sparse_assignment(const matching::SparseAssignment& result) {
  std::string out = "{\"pairs\":[";
  std::array<char, 24> buffer{};
  for (std::size_t p = 0; p < result.pairs.size(); ++p) {
    if (p > 0) out.push_back(',');
    out.push_back('[');
    out.append(buffer.data(), std::to_chars(buffer.data(), buffer.data() + buffer.size(), result.pairs[p].first).ptr);
    out.push_back(',');
    out.append(buffer.data(), std::to_chars(buffer.data(), buffer.data() + buffer.size(), result.pairs[p].second).ptr);
    out.push_back(']');
  }
  out.append("],\"total\":").append(std::to_string(result.total));
  write_duals(out, result.duals);
  return out;
}

AssignJsonOutcome assign_json(std::string_view request_text) {
  AssignJsonOutcome outcome;
  AssignmentRequest request = read_assignment_request(request_text);
  if (auto* dense = std::get_if<matching::DenseProblem>(&request.problem)) {
    auto solved = matching::solve_dense(*dense);
    if (solved.solution) outcome.json = write_dense_assignment(*solved.solution);
    request.issues = std::move(solved.issues);
  } else if (auto* sparse = std::get_if<matching::SparseProblem>(&request.problem)) {
    auto solved = matching::solve_sparse(*sparse);
    if (solved.solution) outcome.json = write_sparse_assignment(*solved.solution);
    request.issues = std::move(solved.issues);
  }
  outcome.issues = std::move(request.issues);
  if (!outcome.ok()) outcome.json = "{\"issues\":" + issues_to_json(outcome.issues) + "}";
  return outcome;
}

}  // namespace vocfab
