// Stable matching requests in compact form (vocfab/io/matching_json.h, `MatchingLists`): the same
// request read from JSON and from its compact form gives the same issues (code, path, message),
// the same names, instance and result, on random requests built to hit every check; a compact
// request whose names do not add up to its counts, or are not UTF-8, is refused whole.
#include "vocfab/io/matching_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace vocfab {
namespace {

using json = nlohmann::ordered_json;
using ::testing::HasSubstr;

// A request that both forms can carry: names are strings, lists arrays of strings, capacities
// integers, the matching names or nulls.
struct Request {
  std::vector<std::pair<std::string, std::vector<std::string>>> proposers, receivers;
  std::vector<std::pair<std::string, std::int64_t>> capacities;
  std::optional<std::vector<std::pair<std::string, std::optional<std::string>>>> matching;
  matching::Optimal optimal = matching::Optimal::proposer;
};

std::string to_json(const Request& request) {
  json out = json::object();
  auto side = [](const auto& owners) {
    // Built as text: a name repeated as a key must stay repeated (nlohmann's object would merge it).
    std::string text = "{";
    for (std::size_t i = 0; i < owners.size(); ++i) {
      text += (i ? "," : "") + json(owners[i].first).dump() + ":" + json(owners[i].second).dump();
    }
    return text + "}";
  };
  std::string text = "{\"proposers\":" + side(request.proposers) + ",\"receivers\":" + side(request.receivers);
  if (!request.capacities.empty()) {
    text += ",\"capacities\":{";
    for (std::size_t i = 0; i < request.capacities.size(); ++i) {
      text += (i ? "," : "") + json(request.capacities[i].first).dump() + ":" + std::to_string(request.capacities[i].second);
    }
    text += "}";
  }
  if (request.optimal == matching::Optimal::receiver) text += ",\"optimal\":\"receiver\"";
  if (request.matching) {
    text += ",\"matching\":{";
    for (std::size_t i = 0; i < request.matching->size(); ++i) {
      const auto& [p, r] = (*request.matching)[i];
      text += (i ? "," : "") + json(p).dump() + ":" + (r ? json(*r).dump() : "null");
    }
    text += "}";
  }
  return text + "}";
}

// The compact form, and the storage its views point into.
struct Compact {
  std::string names;
  std::vector<std::uint32_t> lengths;
  std::vector<std::int64_t> capacities;
  MatchingLists lists;
};

Compact to_lists(const Request& request) {
  Compact out;
  std::vector<std::string> tokens;
  for (const auto& [name, list] : request.proposers) tokens.push_back(name);
  for (const auto& [name, list] : request.receivers) tokens.push_back(name);
  for (const auto& [name, capacity] : request.capacities) tokens.push_back(name);
  if (request.matching) {
    for (const auto& [p, r] : *request.matching) tokens.push_back(p);
  }
  for (const auto& [name, list] : request.proposers) tokens.insert(tokens.end(), list.begin(), list.end());
  for (const auto& [name, list] : request.receivers) tokens.insert(tokens.end(), list.begin(), list.end());
  if (request.matching) {
    for (const auto& [p, r] : *request.matching) {
      if (r) tokens.push_back(*r);
    }
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0) out.names.push_back(kMatchingNameSeparator);
    out.names += tokens[i];
  }
  for (const auto& [name, list] : request.proposers) out.lengths.push_back(static_cast<std::uint32_t>(list.size()));
  for (const auto& [name, list] : request.receivers) out.lengths.push_back(static_cast<std::uint32_t>(list.size()));
  if (request.matching) {
    for (const auto& [p, r] : *request.matching) out.lengths.push_back(r ? 1 : 0);
  }
  for (const auto& [name, capacity] : request.capacities) out.capacities.push_back(capacity);
  out.lists.names = out.names;
  out.lists.list_lengths = out.lengths;
  out.lists.proposers = request.proposers.size();
  out.lists.receivers = request.receivers.size();
  out.lists.capacities = out.capacities;
  out.lists.matched = request.matching ? request.matching->size() : 0;
  return out;
}

std::vector<std::tuple<IssueCode, std::string, std::string>> described(const std::vector<Issue>& issues) {
  std::vector<std::tuple<IssueCode, std::string, std::string>> out;
  for (const Issue& issue : issues) out.emplace_back(issue.code, issue.path, issue.message);
  return out;
}

// Everything an instance holds, to compare two.
json contents(const matching::Instance& instance) {
  json out = json::object();
  for (matching::Index p = 0; p < instance.proposer_count(); ++p) {
    const auto list = instance.proposer_list(p);
    out["p"].push_back(std::vector<matching::Index>(list.begin(), list.end()));
  }
  for (matching::Index r = 0; r < instance.receiver_count(); ++r) {
    const auto list = instance.receiver_list(r);
    out["r"].push_back(std::vector<matching::Index>(list.begin(), list.end()));
    out["c"].push_back(instance.capacity(r));
  }
  return out;
}

// Names chosen to reach every check: short and long (the table keeps names of up to 7 bytes in
// a word), empty, too long, a national id, UTF-8, a NUL byte, names only the other side's lists
// hold, and repeats.
const std::vector<std::string>& name_pool() {
  static const std::vector<std::string> pool = {
      "a", "b", "x", "y", "abcdefg", "abcdefgh", "abcdefghi", "long name number one", "ü", "日本",
      "", std::string(kMaxMatchingNameBytes, 'n'), std::string(kMaxMatchingNameBytes + 1, 'n'), "12345678950",
      std::string("q\0r", 3), "ghost", "p0", "r0"};
  return pool;
}

Request random_request(std::mt19937_64& random, bool blocking) {
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(random) < p; };
  auto below = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
  const auto& pool = name_pool();
  auto names_for = [&](const char* prefix, std::size_t count) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < count; ++i) {
      names.push_back(chance(0.1) ? pool[below(pool.size())] : prefix + std::to_string(i));
    }
    return names;
  };
  const std::vector<std::string> ps = names_for("p", below(7)), rs = names_for("r", below(7));
  auto list_of = [&](const std::vector<std::string>& targets) {
    std::vector<std::string> list;
    const std::size_t size = below(targets.size() + 3);
    for (std::size_t k = 0; k < size; ++k) {
      list.push_back(targets.empty() || chance(0.08) ? pool[below(pool.size())] : targets[below(targets.size())]);
    }
    if (chance(0.93)) {  // mostly strict rankings
      std::vector<std::string> strict;
      for (const std::string& name : list) {
        if (std::find(strict.begin(), strict.end(), name) == strict.end()) strict.push_back(name);
      }
      list = strict;
    }
    return list;
  };
  Request request;
  for (const std::string& p : ps) request.proposers.emplace_back(p, list_of(rs));
  for (const std::string& r : rs) request.receivers.emplace_back(r, list_of(ps));
  if (chance(0.6)) {
    const std::int64_t fine[] = {1, 2, 3, 1'000'000};
    const std::int64_t wrong[] = {0, -1, 1'000'001, std::numeric_limits<std::int64_t>::min()};
    for (const std::string& r : rs) {
      if (chance(0.5)) request.capacities.emplace_back(r, chance(0.9) ? fine[below(4)] : wrong[below(4)]);
    }
    if (chance(0.2)) request.capacities.emplace_back("ghost", 1);
  }
  if (chance(0.5)) request.optimal = matching::Optimal::receiver;
  if (blocking) {
    request.optimal = matching::Optimal::proposer;  // a blocking-pairs request in compact form has none
    request.matching.emplace();
    for (const std::string& p : ps) {
      if (chance(0.2)) continue;
      std::optional<std::string> r;
      if (!rs.empty() && chance(0.7)) r = rs[below(rs.size())];
      else if (chance(0.2)) r = "ghost";
      request.matching->emplace_back(p, r);
    }
    if (chance(0.1)) request.matching->emplace_back("ghost", std::nullopt);
  }
  return request;
}

TEST(MatchingLists, SolvesTheDocsExample) {
  Request request;
  request.proposers = {{"ada", {"city", "mercy"}}, {"sam", {"city"}}};
  request.receivers = {{"city", {"sam", "ada"}}, {"mercy", {"ada"}}};
  const Compact compact = to_lists(request);
  EXPECT_EQ(compact.names, "ada\x1fsam\x1f" "city\x1fmercy\x1f" "city\x1fmercy\x1f" "city\x1fsam\x1f" "ada\x1f" "ada");
  const StableMatchRequest read = read_stable_match_lists(compact.lists, matching::Optimal::proposer);
  ASSERT_TRUE(read.issues.empty());
  const StableMatchLists result = write_stable_match_lists(read.names, matching::stable_match(read.instance));
  EXPECT_EQ(result.partner, (std::vector<std::uint32_t>{1, 0}));  // ada: mercy, sam: city
  EXPECT_EQ(result.assigned, (std::vector<std::uint32_t>{1, 0}));
  EXPECT_EQ(result.assigned_counts, (std::vector<std::uint32_t>{1, 1}));
  EXPECT_EQ(result.ignored, "");
}

TEST(MatchingLists, ListsOneSidedEntriesByName) {
  Request request;
  request.proposers = {{"a", {"x", "z", "nowhere"}}};
  request.receivers = {{"x", {}}, {"z", {"a", "nobody"}}};
  const Compact compact = to_lists(request);
  const StableMatchRequest read = read_stable_match_lists(compact.lists, matching::Optimal::proposer);
  ASSERT_TRUE(read.issues.empty());
  const StableMatchLists result = write_stable_match_lists(read.names, matching::stable_match(read.instance));
  EXPECT_EQ(result.partner, (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(result.ignored, "a\x1fx\x1f" "a\x1fnowhere\x1fnobody\x1fz");
  const MatchingReply json_reply = stable_match_json(to_json(request));
  EXPECT_EQ(json::parse(json_reply.json)["ignored"], json::parse(R"([["a","x"],["a","nowhere"],["nobody","z"]])"));
}

// The property the bindings rely on: either form of a request is read, solved and checked alike.
RC_GTEST_PROP(MatchingLists, ReadsAsTheJsonFormDoes, ()) {
  std::mt19937_64 random(*rc::gen::arbitrary<std::uint64_t>());
  for (int round = 0; round < 20; ++round) {
    for (const bool blocking : {false, true}) {
      const Request request = random_request(random, blocking);
      const std::string text = to_json(request);
      const Compact compact = to_lists(request);
      if (!blocking) {
        const StableMatchRequest from_json = read_stable_match_request(text);
        const StableMatchRequest from_lists = read_stable_match_lists(compact.lists, request.optimal);
        RC_ASSERT(described(from_lists.issues) == described(from_json.issues));
        if (!from_json.issues.empty()) continue;
        RC_ASSERT(from_lists.names.proposers == from_json.names.proposers);
        RC_ASSERT(from_lists.names.receivers == from_json.names.receivers);
        RC_ASSERT(from_lists.names.listed_proposers == from_json.names.listed_proposers);
        RC_ASSERT(from_lists.names.listed_receivers == from_json.names.listed_receivers);
        RC_ASSERT(from_lists.optimal == from_json.optimal);
        RC_ASSERT(contents(from_lists.instance) == contents(from_json.instance));
        const matching::Result solved = matching::stable_match(from_lists.instance, from_lists.optimal);
        const json expected = json::parse(write_stable_match_result(from_json.names, solved));
        const StableMatchLists result = write_stable_match_lists(from_lists.names, solved);
        // The compact result, named, is the JSON result.
        json named = json::object();
        named["matching"] = json::object();
        for (std::size_t p = 0; p < result.partner.size(); ++p) {
          named["matching"][request.proposers[p].first] =
              result.partner[p] == matching::kNoIndex ? json() : json(request.receivers[result.partner[p]].first);
        }
        named["assigned"] = json::object();
        std::size_t at = 0;
        for (std::size_t r = 0; r < result.assigned_counts.size(); ++r) {
          json& held = named["assigned"][request.receivers[r].first] = json::array();
          for (std::uint32_t k = 0; k < result.assigned_counts[r]; ++k) held.push_back(request.proposers[result.assigned[at++]].first);
        }
        named["ignored"] = json::array();
        std::vector<std::string> parts;
        for (std::size_t from = 0; !result.ignored.empty();) {
          const std::size_t stop = result.ignored.find(kMatchingNameSeparator, from);
          parts.push_back(result.ignored.substr(from, stop - from));
          if (stop == std::string::npos) break;
          from = stop + 1;
        }
        for (std::size_t i = 0; i + 1 < parts.size(); i += 2) named["ignored"].push_back(json::array({parts[i], parts[i + 1]}));
        RC_ASSERT(named == expected);
      } else {
        const MatchingReply from_json = blocking_pairs_json(text);
        const MatchingReply from_lists = blocking_pairs_reply(read_blocking_pairs_lists(compact.lists));
        RC_ASSERT(described(from_lists.issues) == described(from_json.issues));
        RC_ASSERT(from_lists.json == from_json.json);
      }
    }
  }
}

// A market of the benchmark's shape: names cross the 64-byte blocks the reader scans, and the
// tables grow several times.
TEST(MatchingLists, ReadsALargeMarketAsJsonDoes) {
  std::mt19937_64 random(20261201);
  Request request;
  std::vector<std::string> ps, rs;
  for (int i = 0; i < 300; ++i) ps.push_back(i % 7 == 0 ? "applicant-with-a-long-name-" + std::to_string(i) : "a" + std::to_string(i));
  for (int j = 0; j < 30; ++j) rs.push_back("c" + std::to_string(j));
  for (const std::string& p : ps) {
    std::vector<std::string> list = rs;
    std::shuffle(list.begin(), list.end(), random);
    list.resize(20);
    request.proposers.emplace_back(p, list);
  }
  for (const std::string& r : rs) {
    std::vector<std::string> list = ps;
    std::shuffle(list.begin(), list.end(), random);
    request.receivers.emplace_back(r, list);
    request.capacities.emplace_back(r, 7);
  }
  const Compact compact = to_lists(request);
  const StableMatchRequest from_json = read_stable_match_request(to_json(request));
  const StableMatchRequest from_lists = read_stable_match_lists(compact.lists, matching::Optimal::proposer);
  ASSERT_TRUE(from_json.issues.empty());
  ASSERT_TRUE(from_lists.issues.empty());
  EXPECT_EQ(contents(from_lists.instance), contents(from_json.instance));
  EXPECT_EQ(from_lists.names.proposers, from_json.names.proposers);
}

TEST(MatchingLists, NamesThatDoNotAddUpAreRefusedWhole) {
  Request request;
  request.proposers = {{"a", {"x"}}};
  request.receivers = {{"x", {"a"}}};
  Compact compact = to_lists(request);
  auto refused = [](const MatchingLists& lists, const std::string& part) {
    try {
      (void)read_stable_match_lists(lists, matching::Optimal::proposer);
      ADD_FAILURE() << "not refused: " << part;
    } catch (const MalformedLists& error) {
      EXPECT_THAT(error.what(), HasSubstr(part));
    }
  };
  // A name holding the separator: one name more than the counts give.
  std::string split = "a\x1fx\x1fx\x1f" "a\x1f" "b";
  compact.lists.names = split;
  refused(compact.lists, "0x1F");
  // One name fewer.
  std::string short_text = "a\x1fx\x1fx";
  compact.lists.names = short_text;
  refused(compact.lists, "0x1F");
  // Counts beyond what the text can hold, read before any length.
  MatchingLists huge = compact.lists;
  huge.names = "a";
  huge.proposers = std::numeric_limits<std::size_t>::max();
  huge.list_lengths = {};
  refused(huge, "bytes can hold");
  MatchingLists long_list;
  const std::uint32_t too_long[] = {std::numeric_limits<std::uint32_t>::max(), std::numeric_limits<std::uint32_t>::max()};
  long_list.names = "a\x1f" "b";
  long_list.proposers = 2;
  long_list.list_lengths = too_long;
  refused(long_list, "more than 4 names");
  const Compact whole = to_lists(request);
  MatchingLists lengths = whole.lists;
  lengths.list_lengths = lengths.list_lengths.first(1);
  refused(lengths, "list_lengths has 1 entries for 2 lists");
  // Not UTF-8.
  Request latin = request;
  latin.proposers[0].first = "\xe9";
  latin.receivers[0].second = {"\xe9"};
  Compact bad = to_lists(latin);
  refused(bad.lists, "not UTF-8");
  // No names, yet text.
  MatchingLists none;
  none.names = "a";
  refused(none, "does not hold the 0 names");
  // A matched proposer has one receiver or none.
  Request with_matching = request;
  with_matching.matching.emplace();
  with_matching.matching->emplace_back("a", "x");
  Compact matched = to_lists(with_matching);
  matched.lengths.back() = 2;
  try {
    (void)read_blocking_pairs_lists(matched.lists);
    ADD_FAILURE() << "a matched proposer with two receivers";
  } catch (const MalformedLists& error) {
    EXPECT_THAT(error.what(), HasSubstr("one or none"));
  }
  EXPECT_THROW((void)read_stable_match_lists(matched.lists, matching::Optimal::proposer), MalformedLists);
}

// Hostile input: any bytes with any small counts and lengths (and names near the 64-byte blocks
// the reader scans) are refused whole, or read into issues, or solved into a stable matching;
// nothing is read outside the text or the arrays (the sanitizer build checks).
RC_GTEST_PROP(MatchingLists, AnyBytesAndCountsAreAnswered, ()) {
  const auto bytes = *rc::gen::container<std::string>(
      rc::gen::weightedOneOf<char>({{6, rc::gen::element('a', 'b', 'x', '1', '\x1f')},
                                    {1, rc::gen::arbitrary<char>()}}));
  const std::string text = bytes + std::string(*rc::gen::inRange<std::size_t>(0, 3) * 61, 'y');
  MatchingLists lists;
  lists.names = text;
  lists.proposers = *rc::gen::inRange<std::size_t>(0, 6);
  lists.receivers = *rc::gen::inRange<std::size_t>(0, 6);
  lists.matched = *rc::gen::inRange<std::size_t>(0, 3);
  const auto lengths = *rc::gen::container<std::vector<std::uint32_t>>(
      lists.proposers + lists.receivers + lists.matched, rc::gen::inRange<std::uint32_t>(0, 4));
  const auto capacities = *rc::gen::container<std::vector<std::int64_t>>(
      *rc::gen::inRange<std::size_t>(0, 3), rc::gen::inRange<std::int64_t>(-2, 4));
  lists.list_lengths = lengths;
  lists.capacities = capacities;
  try {
    const BlockingPairsRequest checked = read_blocking_pairs_lists(lists);
    RC_ASSERT(checked.issues.size() <= kMaxMatchingIssues + 1);
    if (checked.issues.empty()) (void)matching::blocking_pairs(checked.instance, checked.matching);
  } catch (const MalformedLists&) {
  }
  lists.matched = 0;
  lists.list_lengths = std::span<const std::uint32_t>(lengths).first(lists.proposers + lists.receivers);
  try {
    const StableMatchRequest read = read_stable_match_lists(lists, matching::Optimal::receiver);
    if (read.issues.empty()) {
      const matching::Result result = matching::stable_match(read.instance, read.optimal);
      RC_ASSERT(matching::blocking_pairs(read.instance, result.partner).stable());
      (void)write_stable_match_lists(read.names, result);
    }
  } catch (const MalformedLists&) {
  }
}

TEST(MatchingLists, EmptyRequestsAndEmptyNames) {
  const MatchingLists none;
  const StableMatchRequest empty = read_stable_match_lists(none, matching::Optimal::receiver);
  EXPECT_TRUE(empty.issues.empty());
  EXPECT_EQ(empty.instance.proposer_count(), 0u);
  // One name, empty: no bytes at all, and an issue (not a malformed request), as in JSON.
  Request one;
  one.proposers = {{"", {}}};
  const Compact compact = to_lists(one);
  EXPECT_EQ(compact.names, "");
  const StableMatchRequest read = read_stable_match_lists(compact.lists, matching::Optimal::proposer);
  ASSERT_EQ(read.issues.size(), 1u);
  EXPECT_EQ(read.issues[0].path, "proposers.");
  EXPECT_EQ(described(read.issues), described(read_stable_match_request(to_json(one)).issues));
}

}  // namespace
}  // namespace vocfab
