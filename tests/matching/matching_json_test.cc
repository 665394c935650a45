// Stable matching in JSON (vocfab/io/matching_json.h): the SPEC 5.0 shapes, names and indices,
// names only one side defines, every error path, limits and masking.
#include "matching_fixture.h"
#include "vocfab/io/matching_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rapidcheck/gtest.h>

#include <string>
#include <tuple>
#include <vector>

namespace vocfab {
namespace {

using json = nlohmann::ordered_json;
using ::testing::HasSubstr;

json solve(const json& request) {
  const MatchingReply reply = stable_match_json(request.dump());
  EXPECT_TRUE(reply.ok()) << (reply.ok() ? "" : reply.issues.front().path + ": " + reply.issues.front().message);
  return reply.ok() ? json::parse(reply.json) : json();
}

json check(const json& request) {
  const MatchingReply reply = blocking_pairs_json(request.dump());
  EXPECT_TRUE(reply.ok()) << (reply.ok() ? "" : reply.issues.front().path + ": " + reply.issues.front().message);
  return reply.ok() ? json::parse(reply.json) : json();
}

// code, path, message of each issue a request raises, through either entry point.
std::vector<Issue> issues_of(const std::string& text, bool blocking = false) {
  MatchingReply reply = blocking ? blocking_pairs_json(text) : stable_match_json(text);
  EXPECT_TRUE(reply.json.empty());
  return reply.issues;
}

// The hospital-resident example of the `matching` package's documentation
// (published_examples_test.cc), in the request shape, with Luc's list naming a hospital that
// does not exist and Mercy's naming a resident who does not.
const json kHospitals = json::parse(R"({
  "proposers": {"Sam": ["City", "Mercy"], "Ada": ["City"], "Dani": ["City", "Mercy", "General"],
                "Jo": ["City", "General", "Mercy"], "Luc": ["Mercy", "St Elsewhere", "City", "General"]},
  "receivers": {"Mercy": ["Dani", "Luc", "Kim", "Sam", "Jo"], "City": ["Dani", "Ada", "Sam", "Luc", "Jo"],
                "General": ["Dani", "Jo", "Luc"]},
  "capacities": {"Mercy": 2, "City": 2, "General": 2}
})");

TEST(MatchingJson, SolvesInTheSpecShapesInRequestOrder) {
  const std::string text = stable_match_json(kHospitals.dump()).json;
  EXPECT_EQ(text,
            R"({"matching":{"Sam":"Mercy","Ada":"City","Dani":"City","Jo":"General","Luc":"Mercy"},)"
            R"("assigned":{"Mercy":["Luc","Sam"],"City":["Dani","Ada"],"General":["Jo"]},)"
            R"("ignored":[["Luc","St Elsewhere"],["Kim","Mercy"]]})");
  json receiver_side = kHospitals;
  receiver_side["optimal"] = "receiver";
  EXPECT_EQ(solve(receiver_side)["matching"], json::parse(text)["matching"]);  // the published outcome
}

TEST(MatchingJson, SpecExampleAndDefaults) {
  // SPEC 5.0's own example: b is listed by x but lists nothing, so it stays unmatched.
  const json result = solve(json::parse(R"({"proposers": {"a": ["x", "y"], "b": []}, "receivers": {"x": ["b", "a"]},
                                            "capacities": {"x": 2}, "optimal": "proposer"})"));
  EXPECT_EQ(result, json::parse(R"({"matching": {"a": "x", "b": null}, "assigned": {"x": ["a"]},
                                    "ignored": [["a", "y"], ["b", "x"]]})"));
  // Capacities default to 1 and optimal to proposer: the 1962 Example 1, men proposing.
  const json marriage = json::parse(R"({"proposers": {"α": ["A", "B", "C"], "β": ["B", "C", "A"], "γ": ["C", "A", "B"]},
                                        "receivers": {"A": ["β", "γ", "α"], "B": ["γ", "α", "β"], "C": ["α", "β", "γ"]}})");
  EXPECT_EQ(solve(marriage)["matching"], json::parse(R"({"α": "A", "β": "B", "γ": "C"})"));
  json women = marriage;
  women["optimal"] = "receiver";
  women["capacities"] = nullptr;  // null is absent
  EXPECT_EQ(solve(women)["matching"], json::parse(R"({"α": "C", "β": "A", "γ": "B"})"));
}

TEST(MatchingJson, BlockingPairsShape) {
  json request = kHospitals;
  request["matching"] = json::parse(R"({"Ada": "Mercy", "Sam": "City", "Dani": "City", "Jo": "City", "Luc": "General"})");
  EXPECT_EQ(blocking_pairs_json(request.dump()).json,
            R"({"stable":false,"blocking_pairs":[["Ada","City"],["Luc","Mercy"],["Luc","City"]],)"
            R"("capacity_violations":[{"receiver":"City","assigned":3,"capacity":2}],"unacceptable":[["Ada","Mercy"]]})");
  // A solved request with its result's matching checks out stable (`optimal` is accepted).
  request["matching"] = solve(kHospitals)["matching"];
  request["optimal"] = "receiver";
  EXPECT_EQ(check(request), json::parse(R"({"stable": true, "blocking_pairs": [], "capacity_violations": [],
                                            "unacceptable": []})"));
  // A proposer left out is unmatched.
  request["matching"].erase("Jo");
  EXPECT_EQ(check(request)["blocking_pairs"], json::parse(R"([["Jo", "General"]])"));
}

// Round trip on random markets: names for indices, the result read back through the names is
// the C++ result, and the blocking-pairs request built from it is stable.
RC_GTEST_PROP(MatchingJson, AgreesWithTheIndexApi, ()) {
  for (const testing::Market& m : *testing::markets(10)) {
    auto pname = [](std::size_t p) { return "p" + std::to_string(p); };
    auto rname = [](std::size_t r) { return "r" + std::to_string(r); };
    json request = json::object();
    request["proposers"] = json::object();
    request["receivers"] = json::object();
    request["capacities"] = json::object();
    for (std::size_t p = 0; p < m.proposers.size(); ++p) {
      json& list = request["proposers"][pname(p)] = json::array();
      for (const auto r : m.proposers[p]) list.push_back(rname(r));
    }
    for (std::size_t r = 0; r < m.receivers.size(); ++r) {
      json& list = request["receivers"][rname(r)] = json::array();
      for (const auto p : m.receivers[r]) list.push_back(pname(p));
      if (m.capacities[r] != 1) request["capacities"][rname(r)] = m.capacities[r];
    }
    // Capacity 0 is the C++ API's, not the request's.
    bool closed = false;
    for (const auto c : m.capacities) closed = closed || c == 0;
    if (closed) continue;
    const bool receivers_first = m.proposers.size() % 2 == 0;
    request["optimal"] = receivers_first ? "receiver" : "proposer";
    const matching::Result expected =
        matching::stable_match(m.instance(), receivers_first ? matching::Optimal::receiver : matching::Optimal::proposer);
    const MatchingReply reply = stable_match_json(request.dump());
    RC_ASSERT(reply.ok());
    const json result = json::parse(reply.json);
    for (std::size_t p = 0; p < m.proposers.size(); ++p) {
      const json& partner = result["matching"][pname(p)];
      const bool agrees = expected.partner[p] ? partner == json(rname(*expected.partner[p])) : partner.is_null();
      RC_ASSERT(agrees);
    }
    RC_ASSERT(result["ignored"].size() == expected.ignored.size());
    for (std::size_t i = 0; i < expected.ignored.size(); ++i) {
      RC_ASSERT(result["ignored"][i] == json::array({pname(expected.ignored[i].proposer), rname(expected.ignored[i].receiver)}));
    }
    request["matching"] = result["matching"];
    const MatchingReply checked = blocking_pairs_json(request.dump());
    RC_ASSERT(checked.ok());
    RC_ASSERT(json::parse(checked.json)["stable"] == json(true));
  }
}

TEST(MatchingJson, TheRequestIsAnObject) {
  auto one = [](const std::string& text) {
    const auto issues = issues_of(text);
    EXPECT_EQ(issues.size(), 1u);
    return issues.empty() ? Issue{} : issues.front();
  };
  EXPECT_EQ(one("{").code, IssueCode::parse_error);
  EXPECT_EQ(one("").code, IssueCode::parse_error);
  EXPECT_EQ(one(std::string(100, '[') + std::string(100, ']')).code, IssueCode::parse_error);  // too deep
  const Issue array = one("[]");
  EXPECT_EQ(array.code, IssueCode::invalid_value);
  EXPECT_THAT(array.message, HasSubstr("found an array"));
}

TEST(MatchingJson, ReportsEveryProblemAtItsPath) {
  const std::string text = R"({
    "proposers": {"a": ["x", 7, "x", ""], "b": "x", "": []},
    "receivers": {"x": ["a"], "y": {}},
    "capacities": {"x": 0, "y": 2.5, "z": 1},
    "optimal": "both",
    "extra": 1,
    "proposers": {}
  })";
  std::vector<std::pair<IssueCode, std::string>> found;
  for (const Issue& issue : issues_of(text)) found.emplace_back(issue.code, issue.path);
  const std::vector<std::pair<IssueCode, std::string>> expected{
      {IssueCode::invalid_value, "extra"},
      {IssueCode::invalid_value, "proposers"},  // written twice
      {IssueCode::invalid_value, "proposers."},  // an empty name
      {IssueCode::invalid_value, "proposers.a[1]"},
      {IssueCode::invalid_value, "proposers.a[2]"},  // x twice
      {IssueCode::invalid_value, "proposers.a[3]"},  // an empty name
      {IssueCode::invalid_value, "proposers.b"},
      {IssueCode::invalid_value, "receivers.y"},
      {IssueCode::invalid_value, "capacities.x"},
      {IssueCode::invalid_value, "capacities.y"},
      {IssueCode::unknown_reference, "capacities.z"},
      {IssueCode::invalid_value, "optimal"},
  };
  EXPECT_EQ(found, expected);
  const auto issues = issues_of(text);
  EXPECT_THAT(issues[4].message, HasSubstr("'x' is listed twice (first at [0])"));
  EXPECT_THAT(issues[8].message, HasSubstr("from 1 to 1000000, found 0"));
  EXPECT_THAT(issues[9].message, HasSubstr("found a number"));
  EXPECT_THAT(issues[11].message, HasSubstr("found 'both'"));
}

TEST(MatchingJson, SidesAreRequiredObjects) {
  auto codes = [](const std::string& text) {
    std::vector<std::pair<IssueCode, std::string>> found;
    for (const Issue& issue : issues_of(text)) found.emplace_back(issue.code, issue.path);
    return found;
  };
  using Found = std::vector<std::pair<IssueCode, std::string>>;
  EXPECT_EQ(codes(R"({"receivers": {}})"), (Found{{IssueCode::missing_field, "proposers"}}));
  EXPECT_EQ(codes(R"({"proposers": null, "receivers": {}})"), (Found{{IssueCode::missing_field, "proposers"}}));
  EXPECT_EQ(codes(R"({"proposers": [], "receivers": 3})"),
            (Found{{IssueCode::invalid_value, "proposers"}, {IssueCode::invalid_value, "receivers"}}));
  EXPECT_EQ(codes(R"({"proposers": {"a": [], "a": []}, "receivers": {}})"), (Found{{IssueCode::invalid_value, "proposers.a"}}));
  EXPECT_EQ(codes(R"({"proposers": {}, "receivers": {}, "capacities": [], "matching": {}})"),
            (Found{{IssueCode::invalid_value, "matching"}, {IssueCode::invalid_value, "capacities"}}));
  EXPECT_EQ(codes(R"({"proposers": {}, "receivers": {"x": []}, "capacities": {"x": -1, "x": 2}, "optimal": 1})"),
            (Found{{IssueCode::invalid_value, "capacities.x"}, {IssueCode::invalid_value, "capacities.x"},
                   {IssueCode::invalid_value, "optimal"}}));
  EXPECT_EQ(codes(R"({"proposers": {}, "receivers": {"x": []}, "capacities": {"x": 1000001}})"),
            (Found{{IssueCode::invalid_value, "capacities.x"}}));
}

TEST(MatchingJson, MatchingErrors) {
  const std::string text = R"({"proposers": {"a": ["x"], "b": ["x"]}, "receivers": {"x": ["a", "q"]},
    "matching": {"a": "y", "b": 3, "c": "x", "q": "x", "a": null}})";
  std::vector<std::pair<IssueCode, std::string>> found;
  for (const Issue& issue : issues_of(text, /*blocking=*/true)) found.emplace_back(issue.code, issue.path);
  const std::vector<std::pair<IssueCode, std::string>> expected{
      {IssueCode::unknown_reference, "matching.a"},  // y is no receiver
      {IssueCode::invalid_value, "matching.b"},
      {IssueCode::unknown_reference, "matching.c"},
      {IssueCode::unknown_reference, "matching.q"},  // q is only named in x's list
      {IssueCode::invalid_value, "matching.a"},      // matched twice
  };
  EXPECT_EQ(found, expected);
  // A receiver only named in a list is no receiver of a matching either.
  const auto phantom =
      issues_of(R"({"proposers": {"a": ["z"]}, "receivers": {}, "matching": {"a": "z"}})", /*blocking=*/true);
  ASSERT_EQ(phantom.size(), 1u);
  EXPECT_EQ(phantom[0].code, IssueCode::unknown_reference);
}

TEST(MatchingJson, NamesAreBounded) {
  const std::string long_name(kMaxMatchingNameBytes + 1, 'n');
  const std::string fits(kMaxMatchingNameBytes, 'n');
  const json too_long{{"proposers", {{"a", {long_name}}}}, {"receivers", json::object()}};
  const auto issues = issues_of(too_long.dump());
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "proposers.a[0]");
  EXPECT_THAT(issues[0].message, HasSubstr("longer than 256 bytes"));
  const json fine{{"proposers", {{fits, {fits}}}}, {"receivers", {{fits, {fits}}}}};
  EXPECT_EQ(solve(fine)["matching"][fits], json(fits));
}

TEST(MatchingJson, IssuesAreBounded) {
  json request{{"proposers", json::object()}, {"receivers", json::object()}};
  json& list = request["proposers"]["a"] = json::array();
  for (int i = 0; i < 500; ++i) list.push_back(i);
  const auto issues = issues_of(request.dump());
  ASSERT_EQ(issues.size(), kMaxMatchingIssues + 1);
  EXPECT_THAT(issues.back().message, HasSubstr("the rest are not listed"));
}

// A national id typed as a name never appears in full in a path or a message; the result echoes
// the caller's own keys as given.
TEST(MatchingJson, MasksNationalIdsInIssues) {
  const std::string id = "12345678950";
  const std::string text = R"({"proposers": {")" + id + R"(": [")" + id + R"(", 4, ")" + id + R"("]},
    "receivers": {}, "capacities": {")" + id + R"(": 1}, ")" + id + R"(": 1})";
  const auto issues = issues_of(text);
  ASSERT_EQ(issues.size(), 4u);
  for (const Issue& issue : issues) {
    EXPECT_EQ(issue.path.find(id), std::string::npos) << issue.path;
    EXPECT_EQ(issue.message.find(id), std::string::npos) << issue.message;
  }
  EXPECT_EQ(issues[1].path, "proposers.123******50[1]");
  const auto matched = issues_of(R"({"proposers": {"a": []}, "receivers": {}, "matching": {"a": ")" + id + R"("}})", true);
  ASSERT_EQ(matched.size(), 1u);
  EXPECT_EQ(matched[0].message.find(id), std::string::npos);
  EXPECT_THAT(matched[0].message, HasSubstr("123******50"));
}

// Hostile input: a valid request with a national id among its names, cut, spliced and garbled at
// random. Reading never throws; a request either solves (and its result is JSON) or has issues,
// and no issue ever shows the id in full.
RC_GTEST_PROP(MatchingJson, GarbledRequestsAreAnsweredAndMasked, ()) {
  const std::string id = "12345678950";
  json base = kHospitals;
  base["proposers"][id] = json::array({"City", id});
  base["receivers"]["City"].push_back(id);
  json with_matching = base;
  with_matching["matching"] = json::object({{"Ada", "City"}, {id, nullptr}});
  const auto edits = *rc::gen::container<std::vector<std::tuple<int, std::size_t, char>>>(
      rc::gen::tuple(rc::gen::inRange(0, 3), rc::gen::arbitrary<std::size_t>(),
                     rc::gen::element('[', ']', '{', '}', '"', ',', ':', '0', '7', '-', '.', 'n', ' ', '\\')));
  auto garble = [&edits](std::string text) {
    for (const auto& [kind, where, c] : edits) {
      if (text.empty()) break;
      const std::size_t at = where % text.size();
      if (kind == 0) text.erase(at, 1);
      else if (kind == 1) text.insert(at, 1, c);
      else text[at] = c;
    }
    return text;
  };
  for (const bool blocking : {false, true}) {
    const std::string text = garble(blocking ? with_matching.dump() : base.dump());
    const MatchingReply reply = blocking ? blocking_pairs_json(text) : stable_match_json(text);
    if (reply.ok()) {
      RC_ASSERT(json::accept(reply.json));
      continue;
    }
    RC_ASSERT(reply.json.empty());
    RC_ASSERT(reply.issues.size() <= kMaxMatchingIssues + 1);
    for (const Issue& issue : reply.issues) {
      RC_ASSERT(issue.path.find(id) == std::string::npos);
      RC_ASSERT(issue.message.find(id) == std::string::npos);
    }
  }
}

}  // namespace
}  // namespace vocfab
