// Stable matching in JSON (vocfab/io/matching_json.h).
//
// The request is read into the reader's flat `NestedValue` (bounded depth, no DOM), then walked
// in three steps: the names each side defines (the keys of `proposers` and `receivers`), then the
// lists, resolved against those names — a name the other side does not define gets an index
// after the defined ones, with an empty list, so that the solver reports its entries as
// one-sided like any other —, then the optional fields. Nothing is built while any issue stands.
#include "vocfab/io/matching_json.h"

#include "io/issue_limit.h"
#include "io/record_codec.h"
#include "vocfab/model/masking.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace vocfab {
namespace {

using io_detail::NestedValue;
using io_detail::ValueKind;
using matching::Index;
using View = NestedValue::View;
using ordered_json = nlohmann::ordered_json;

// Issues up to `kMaxMatchingIssues`, then one that says the rest were left out: a hostile request
// with a million bad entries costs a bounded answer.
class IssueList {
 public:
  void add(IssueCode code, std::string path, std::string message) {
    io_detail::add_capped(issues_, kMaxMatchingIssues, code, std::move(path), std::move(message));
  }
  bool empty() const noexcept { return issues_.empty(); }
  std::vector<Issue> take() { return std::move(issues_); }

 private:
  std::vector<Issue> issues_;
};

// A path below a member whose key is a name: the name masked, as every quoted value is.
std::string name_path(std::string_view base, std::string_view name) { return join_path(base, mask_national_ids(name)); }

std::string found(View value) { return std::string(", found ").append(io_detail::kind_name(value.kind())); }

// One side's names: the defined ones first, then those only the other side's lists hold.
struct NameTable {
  std::vector<std::string_view> names;  // into the NestedValue's text, which outlives the table
  std::unordered_map<std::string_view, Index> index;
  std::vector<View> lists;  // the defined names' members, by index
  Index defined = 0;

  std::optional<Index> find(std::string_view name) const {
    const auto at = index.find(name);
    if (at == index.end()) return std::nullopt;
    return at->second;
  }
  Index add(std::string_view name) {
    const auto at = static_cast<Index>(names.size());
    names.push_back(name);
    index.emplace(name, at);
    return at;
  }
};

class RequestReader {
 public:
  RequestReader(View root, bool takes_matching) : root_(root), takes_matching_(takes_matching) {}

  // Reads the whole request; false when it had issues.
  bool read() {
    if (root_.kind() != ValueKind::object) {
      issues_.add(IssueCode::invalid_value, "",
                  std::string("a request is an object {\"proposers\": ..., \"receivers\": ...}") + found(root_));
      return false;
    }
    read_fields();
    if (!proposers_) issues_.add(IssueCode::missing_field, "proposers", "the proposers and their lists are required");
    if (!receivers_) issues_.add(IssueCode::missing_field, "receivers", "the receivers and their lists are required");
    if (proposers_) define(*proposers_, "proposers", proposer_names_);
    if (receivers_) define(*receivers_, "receivers", receiver_names_);
    // Lists only make sense against both sides' names.
    if (proposers_ && receivers_ && proposers_->kind() == ValueKind::object &&
        receivers_->kind() == ValueKind::object) {
      read_lists(proposer_names_, "proposers", receiver_names_, proposer_offsets_, proposer_entries_);
      read_lists(receiver_names_, "receivers", proposer_names_, receiver_offsets_, receiver_entries_);
    }
    if (capacities_) read_capacities(*capacities_);
    if (optimal_) read_optimal(*optimal_);
    if (matching_) read_matching(*matching_);
    return issues_.empty();
  }

  std::vector<Issue> take_issues() { return issues_.take(); }
  matching::Optimal optimal() const noexcept { return optimal_value_; }
  matching::Matching take_matching() {
    matching_value_.resize(proposer_names_.names.size());
    return std::move(matching_value_);
  }

  MatchingNames names() const {
    MatchingNames names;
    names.proposers.assign(proposer_names_.names.begin(), proposer_names_.names.end());
    names.receivers.assign(receiver_names_.names.begin(), receiver_names_.names.end());
    names.listed_proposers = proposer_names_.defined;
    names.listed_receivers = receiver_names_.defined;
    return names;
  }

  matching::Instance instance() {
    // Those only named in the other side's lists have empty lists; every defined receiver not
    // in `capacities` holds one.
    proposer_offsets_.resize(proposer_names_.names.size() + 1, static_cast<Index>(proposer_entries_.size()));
    receiver_offsets_.resize(receiver_names_.names.size() + 1, static_cast<Index>(receiver_entries_.size()));
    capacity_values_.resize(receiver_names_.names.size(), 1);
    return matching::Instance::from_csr(std::move(proposer_offsets_), std::move(proposer_entries_),
                                        std::move(receiver_offsets_), std::move(receiver_entries_),
                                        std::move(capacity_values_));
  }

 private:
  void read_fields() {
    root_.for_each([&](View member) {
      const std::string_view key = member.key();
      std::optional<View>* slot = nullptr;
      if (key == "proposers") slot = &proposers_;
      else if (key == "receivers") slot = &receivers_;
      else if (key == "capacities") slot = &capacities_;
      else if (key == "optimal") slot = &optimal_;
      else if (key == "matching" && takes_matching_) slot = &matching_;
      if (slot == nullptr) {
        issues_.add(IssueCode::invalid_value, mask_national_ids(key),
                    quote_value(key) + " is not a field of this request; its fields are: proposers, receivers, " +
                        "capacities, optimal" + (takes_matching_ ? ", matching" : ""));
        return;
      }
      if (seen(key)) {
        issues_.add(IssueCode::invalid_value, std::string(key), "written twice; a field may appear once");
        return;
      }
      if (member.kind() == ValueKind::null) return;  // null is absent, as in a dataset
      *slot = member;
    });
  }

  // True when @p key was seen before; remembers it.
  bool seen(std::string_view key) {
    for (const std::string_view field : fields_seen_) {
      if (field == key) return true;
    }
    fields_seen_.push_back(key);
    return false;
  }

  // Checks a name as the name of something: text from 1 to kMaxMatchingNameBytes bytes.
  // @p path_of() gives the name's path; it is built only for an issue (a request of a million
  // entries would otherwise build a million paths).
  template <class PathOf>
  bool check_name(std::string_view name, PathOf&& path_of) {
    if (name.empty()) {
      issues_.add(IssueCode::invalid_value, path_of(), "a name may not be empty");
      return false;
    }
    if (name.size() > kMaxMatchingNameBytes) {
      issues_.add(IssueCode::invalid_value, path_of(),
                  quote_value(name) + " is longer than " + std::to_string(kMaxMatchingNameBytes) + " bytes");
      return false;
    }
    return true;
  }

  // The names @p side defines: its keys, each once.
  void define(View side, std::string_view field, NameTable& table) {
    if (side.kind() != ValueKind::object) {
      issues_.add(IssueCode::invalid_value, std::string(field),
                  std::string("expected an object of names and their lists") + found(side));
      return;
    }
    side.for_each([&](View member) {
      const std::string_view name = member.key();
      const std::string path = name_path(field, name);
      if (!check_name(name, [&] { return path; })) return;
      if (table.find(name)) {
        issues_.add(IssueCode::invalid_value, path, quote_value(name) + " is defined twice");
        return;
      }
      if (table.names.size() >= kMaxMatchingAgents) {
        issues_.add(IssueCode::invalid_value, path,
                    "a request names at most " + std::to_string(kMaxMatchingAgents) + " on each side");
        return;
      }
      table.add(name);
      table.lists.push_back(member);
    });
    table.defined = static_cast<Index>(table.names.size());
  }

  // The lists of the names @p owners defines, resolved against @p targets (which grows by the
  // names it does not define) into CSR arrays.
  void read_lists(const NameTable& owners, std::string_view field, NameTable& targets, std::vector<Index>& offsets,
                  std::vector<Index>& entries) {
    offsets.assign(1, 0);
    std::vector<Index> stamp;     // per target: owner + 1 when the owner's list holds it
    std::vector<Index> position;  // per target: where in that list
    for (Index owner = 0; owner < owners.defined; ++owner) {
      const View member = owners.lists[owner];
      const std::string path = name_path(field, member.key());
      if (member.kind() != ValueKind::array) {
        issues_.add(IssueCode::invalid_value, path, std::string("expected a list of names, most preferred first") +
                                                        found(member));
      } else {
        Index at = 0;
        member.for_each([&](View item) {
          const Index here = at++;
          const auto item_path = [&] { return index_path(path, here); };
          if (item.kind() != ValueKind::string) {
            issues_.add(IssueCode::invalid_value, item_path(), std::string("expected a name") + found(item));
            return;
          }
          const std::string_view target_name = item.string_view();
          if (!check_name(target_name, item_path)) return;
          std::optional<Index> target = targets.find(target_name);
          if (!target) {
            if (targets.names.size() >= kMaxMatchingAgents) {
              issues_.add(IssueCode::invalid_value, item_path(),
                          "a request names at most " + std::to_string(kMaxMatchingAgents) + " on each side");
              return;
            }
            target = targets.add(target_name);
          }
          if (stamp.size() <= *target) {
            stamp.resize(targets.names.size(), 0);
            position.resize(targets.names.size(), 0);
          }
          if (stamp[*target] == owner + 1) {
            issues_.add(IssueCode::invalid_value, item_path(),
                        quote_value(target_name) + " is listed twice (first at [" + std::to_string(position[*target]) +
                            "]); a list is a strict ranking");
            return;
          }
          stamp[*target] = owner + 1;
          position[*target] = here;
          if (total_entries_ >= kMaxMatchingEntries) {
            if (total_entries_++ == kMaxMatchingEntries) {
              issues_.add(IssueCode::invalid_value, item_path(),
                          "a request's lists hold at most " + std::to_string(kMaxMatchingEntries) +
                              " entries together");
            }
            return;
          }
          ++total_entries_;
          entries.push_back(*target);
        });
      }
      offsets.push_back(static_cast<Index>(entries.size()));
    }
  }

  // Calls `visit(index, member, path)` for each member of @p object whose key is a name @p table
  // defines, once each: a key it does not define is `unknown_reference`, one written twice
  // `invalid_value`.
  template <class Visit>
  void for_each_defined(View object, std::string_view field, const NameTable& table, std::string_view side,
                        std::string_view twice, Visit&& visit) {
    std::vector<bool> given(table.defined, false);
    object.for_each([&](View member) {
      const std::string_view name = member.key();
      const std::string path = name_path(field, name);
      const std::optional<Index> at = table.find(name);
      if (!at || *at >= table.defined) {
        issues_.add(IssueCode::unknown_reference, path, quote_value(name) + " is not one of the " + std::string(side));
        return;
      }
      if (given[*at]) {
        issues_.add(IssueCode::invalid_value, path, quote_value(name) + " " + std::string(twice));
        return;
      }
      given[*at] = true;
      visit(*at, member, path);
    });
  }

  void read_capacities(View capacities) {
    if (capacities.kind() != ValueKind::object) {
      issues_.add(IssueCode::invalid_value, "capacities",
                  std::string("expected an object of receivers and their capacities") + found(capacities));
      return;
    }
    capacity_values_.assign(receiver_names_.defined, 1);
    auto read_one = [&](Index r, View member, const std::string& path) {
      const bool whole = member.kind() == ValueKind::unsigned_integer ||
                         (member.kind() == ValueKind::integer && member.as_integer() >= 0);
      const std::uint64_t value = member.kind() == ValueKind::unsigned_integer ? member.as_unsigned()
                                  : whole ? static_cast<std::uint64_t>(member.as_integer())
                                          : 0;
      if (!whole || value < 1 || value > kMaxMatchingCapacity) {
        issues_.add(IssueCode::invalid_value, path,
                    "a capacity is a whole number from 1 to " + std::to_string(kMaxMatchingCapacity) +
                        (whole ? ", found " + std::to_string(value) : found(member)));
        return;
      }
      capacity_values_[r] = static_cast<Index>(value);
    };
    for_each_defined(capacities, "capacities", receiver_names_, "receivers", "has its capacity written twice",
                     read_one);
  }

  void read_optimal(View optimal) {
    if (optimal.kind() == ValueKind::string && optimal.string_view() == "proposer") {
      optimal_value_ = matching::Optimal::proposer;
    } else if (optimal.kind() == ValueKind::string && optimal.string_view() == "receiver") {
      optimal_value_ = matching::Optimal::receiver;
    } else {
      issues_.add(IssueCode::invalid_value, "optimal",
                  "optimal is \"proposer\" or \"receiver\", found " +
                      (optimal.kind() == ValueKind::string ? quote_value(optimal.string_view())
                                                           : std::string(io_detail::kind_name(optimal.kind()))));
    }
  }

  void read_matching(View pairs) {
    if (pairs.kind() != ValueKind::object) {
      issues_.add(IssueCode::invalid_value, "matching",
                  std::string("expected an object of proposers and their receivers") + found(pairs));
      return;
    }
    matching_value_.assign(proposer_names_.names.size(), std::nullopt);
    auto read_one = [&](Index p, View member, const std::string& path) {
      if (member.kind() == ValueKind::null) return;
      if (member.kind() != ValueKind::string) {
        issues_.add(IssueCode::invalid_value, path, std::string("expected a receiver's name or null") + found(member));
        return;
      }
      const std::optional<Index> r = receiver_names_.find(member.string_view());
      if (!r || *r >= receiver_names_.defined) {
        issues_.add(IssueCode::unknown_reference, path,
                    quote_value(member.string_view()) + " is not one of the receivers");
        return;
      }
      matching_value_[p] = *r;
    };
    for_each_defined(pairs, "matching", proposer_names_, "proposers", "is matched twice", read_one);
  }

  View root_;
  bool takes_matching_;
  IssueList issues_;
  std::vector<std::string_view> fields_seen_;
  std::optional<View> proposers_, receivers_, capacities_, optimal_, matching_;
  NameTable proposer_names_, receiver_names_;
  std::vector<Index> proposer_offsets_, proposer_entries_, receiver_offsets_, receiver_entries_;
  std::vector<Index> capacity_values_;
  std::size_t total_entries_ = 0;
  matching::Optimal optimal_value_ = matching::Optimal::proposer;
  matching::Matching matching_value_;
};

// Parses @p text; the issue that stopped it, or nothing.
std::optional<Issue> parse(std::string_view text, NestedValue& value) {
  return io_detail::read_nested_value(text, "", value);
}

ordered_json pair(const MatchingNames& names, Index proposer, Index receiver) {
  return ordered_json::array({names.proposers[proposer], names.receivers[receiver]});
}

// Reads @p text into @p request: its issues, or its names, its instance and what @p rest takes
// from the reader.
template <class Request, class Rest>
void read_request(std::string_view text, bool takes_matching, Request& request, Rest&& rest) {
  NestedValue value;
  if (auto failure = parse(text, value)) {
    request.issues.push_back(std::move(*failure));
    return;
  }
  RequestReader reader(value.root(), takes_matching);
  if (!reader.read()) {
    request.issues = reader.take_issues();
    return;
  }
  request.names = reader.names();
  rest(reader);
  request.instance = reader.instance();
}

}  // namespace

StableMatchRequest read_stable_match_request(std::string_view text) {
  StableMatchRequest request;
  read_request(text, /*takes_matching=*/false, request, [&](RequestReader& reader) {
    request.optimal = reader.optimal();
  });
  return request;
}

BlockingPairsRequest read_blocking_pairs_request(std::string_view text) {
  BlockingPairsRequest request;
  read_request(text, /*takes_matching=*/true, request, [&](RequestReader& reader) {
    request.matching = reader.take_matching();
  });
  return request;
}

std::string write_stable_match_result(const MatchingNames& names, const matching::Result& result) {
  ordered_json object = ordered_json::object();
  ordered_json& pairs = object["matching"] = ordered_json::object();
  for (Index p = 0; p < names.listed_proposers; ++p) {
    pairs[names.proposers[p]] = result.partner[p] ? ordered_json(names.receivers[*result.partner[p]]) : ordered_json();
  }
  ordered_json& assigned = object["assigned"] = ordered_json::object();
  for (Index r = 0; r < names.listed_receivers; ++r) {
    ordered_json& held = assigned[names.receivers[r]] = ordered_json::array();
    for (const Index p : result.assigned(r)) held.push_back(names.proposers[p]);
  }
  ordered_json& ignored = object["ignored"] = ordered_json::array();
  for (const matching::OneSided& entry : result.ignored) ignored.push_back(pair(names, entry.proposer, entry.receiver));
  return io_detail::dump_compact(object);
}

std::string write_blocking_pairs_result(const MatchingNames& names, const matching::Instability& instability) {
  ordered_json object = ordered_json::object();
  object["stable"] = instability.stable();
  ordered_json& blocking = object["blocking_pairs"] = ordered_json::array();
  for (const auto& found : instability.blocking_pairs) blocking.push_back(pair(names, found.proposer, found.receiver));
  ordered_json& over = object["capacity_violations"] = ordered_json::array();
  for (const auto& found : instability.capacity_violations) {
    over.push_back({{"receiver", names.receivers[found.receiver]},
                    {"assigned", found.assigned},
                    {"capacity", found.capacity}});
  }
  ordered_json& unacceptable = object["unacceptable"] = ordered_json::array();
  for (const auto& found : instability.unacceptable) {
    unacceptable.push_back(pair(names, found.proposer, found.receiver));
  }
  return io_detail::dump_compact(object);
}

MatchingReply stable_match_json(std::string_view text) {
  StableMatchRequest request = read_stable_match_request(text);
  if (!request.issues.empty()) return MatchingReply{{}, std::move(request.issues)};
  const matching::Result result = matching::stable_match(request.instance, request.optimal);
  return MatchingReply{write_stable_match_result(request.names, result), {}};
}

MatchingReply blocking_pairs_json(std::string_view text) {
  BlockingPairsRequest request = read_blocking_pairs_request(text);
  if (!request.issues.empty()) return MatchingReply{{}, std::move(request.issues)};
  const matching::Instability found = matching::blocking_pairs(request.instance, request.matching);
  return MatchingReply{write_blocking_pairs_result(request.names, found), {}};
}

}  // namespace vocfab
