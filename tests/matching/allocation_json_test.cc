// Course allocation in JSON: the request's fields and errors, and the result's shape.
#include "matching/allocation_fixture.h"
#include "vocfab/io/allocation_json.h"
#include "vocfab/io/operations_json.h"

#include <gmock/gmock.h>

namespace vocfab::testing {
namespace {

using ::testing::HasSubstr;

std::vector<Issue> issues_of(std::string_view text) { return read_allocation_request(text).issues; }

TEST(AllocationJson, ReadsTheRequest) {
  auto r = read_allocation_request(R"({"seed": 18446744073709551615, "as_of": "2026-05-01"})");
  ASSERT_TRUE(r.issues.empty());
  EXPECT_EQ(r.request.seed, 18446744073709551615ULL);
  EXPECT_EQ(r.request.as_of, day(2026, 5, 1));
  r = read_allocation_request(R"({"seed": null, "as_of": null})");
  ASSERT_TRUE(r.issues.empty());
  EXPECT_FALSE(r.request.seed);
  EXPECT_FALSE(r.request.as_of);
  EXPECT_TRUE(read_allocation_request("").issues.empty());
  EXPECT_EQ(read_allocation_request(R"({"seed": 7})").request.seed, 7u);
  EXPECT_EQ(read_allocation_request(R"({"max_threads": 3})").request.max_threads, 3u);
  EXPECT_EQ(read_allocation_request(R"({"max_threads": 256})").request.max_threads, 256u);
  EXPECT_EQ(read_allocation_request(R"({"max_threads": null})").request.max_threads, 0u);
}

TEST(AllocationJson, RequestErrors) {
  const auto one = [](std::string_view text, IssueCode code, const std::string& path) {
    const auto issues = issues_of(text);
    ASSERT_EQ(issues.size(), 1u) << text;
    EXPECT_EQ(issues[0].code, code) << text;
    EXPECT_EQ(issues[0].path, path) << text;
  };
  one(R"({"seed": -1})", IssueCode::invalid_value, "seed");
  one(R"({"seed": 1.5})", IssueCode::invalid_value, "seed");
  one(R"({"seed": "1"})", IssueCode::invalid_value, "seed");
  one(R"({"as_of": "2026-02-30"})", IssueCode::invalid_value, "as_of");
  one(R"({"as_of": 20260501})", IssueCode::invalid_value, "as_of");
  one(R"({"seed": 1, "seed": 2})", IssueCode::invalid_value, "seed");
  one(R"({"max_threads": 257})", IssueCode::invalid_value, "max_threads");
  one(R"({"max_threads": -1})", IssueCode::invalid_value, "max_threads");
  one(R"({"max_threads": "2"})", IssueCode::invalid_value, "max_threads");
  one(R"({"max_threads": 1, "max_threads": 1})", IssueCode::invalid_value, "max_threads");
  one(R"({"colour": 1})", IssueCode::invalid_value, "colour");
  one(R"([1])", IssueCode::invalid_value, "");
  one(R"({"seed": )", IssueCode::parse_error, "");
  one(std::string(5000, ' ') + "{}", IssueCode::invalid_value, "");
  // A national id typed as a field name never appears in full.
  const std::string id = national_id(3);
  const auto masked = issues_of("{\"" + id + "\": 1}");
  ASSERT_EQ(masked.size(), 1u);
  EXPECT_EQ(masked[0].path.find(id), std::string::npos);
  EXPECT_EQ(masked[0].message.find(id), std::string::npos);
  // Many unknown fields: a bounded answer.
  std::string many = "{";
  for (int i = 0; i < 200; ++i) many += (i ? ",\"f" : "\"f") + std::to_string(i) + "\":1";
  many += "}";
  EXPECT_EQ(issues_of(many).size(), kMaxAllocationIssues + 1);
  std::string deep(100, '[');
  EXPECT_EQ(issues_of(deep + std::string(100, ']')).at(0).code, IssueCode::parse_error);
}

TEST(AllocationJson, ResultShapeAndOperationsReadBack) {
  nlohmann::json doc = allocation_document();
  doc["courses"] = {course_record(11, 1, 2, 1, "2026-06-01", "2026-06-30")};
  doc["trainees"] = {person_record(1, "Konak", "unemployed"), person_record(2, "Konak", "unemployed"),
                     person_record(3, "Konak", "unemployed")};
  doc["applications"] = {application_record(1, 1, {11}, "2026-04-01"), application_record(2, 2, {11}, "2026-04-01"),
                         application_record(3, 3, {11}, "2026-04-01")};
  const Dataset dataset = load(doc);
  const AllocationReply reply = allocate_json(dataset, R"({"seed": 9})");
  ASSERT_TRUE(reply.ok());
  const auto json = nlohmann::json::parse(reply.json);
  EXPECT_EQ(json["assignments"].size(), 2u);
  EXPECT_EQ(json["assignments"][0]["choice"], 1);
  EXPECT_EQ(json["waitlists"][course_id(11)].size(), 1u);
  EXPECT_TRUE(json["cancelled"].empty());
  EXPECT_EQ(json["unassigned"].size(), 1u);
  EXPECT_THAT(json["unassigned"][0]["reason"].get<std::string>(), HasSubstr("1 full"));
  EXPECT_EQ(json["rounds"], 1);
  EXPECT_EQ(json["seed"], 9);
  EXPECT_EQ(json["as_of"], "2026-05-01");
  // open_course, enroll ×2, enroll (waitlist): read back as a batch and applied.
  ASSERT_EQ(json["operations"].size(), 4u);
  EXPECT_EQ(json["operations"][0]["op"], "open_course");
  const OperationsDocument read = read_operations(json["operations"].dump());
  ASSERT_FALSE(read.parse_error);
  ASSERT_EQ(read.operations.size(), 4u);
  const auto result = matching::allocate(dataset, matching::AllocationRequest{9, std::nullopt});
  const std::vector<Operation> operations = result.operations();
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(json["operations"][i].dump(), nlohmann::json::parse(write_operation(operations[i])).dump());
  // The same seed, the same text.
  EXPECT_EQ(allocate_json(dataset, R"({"seed": 9})").json, reply.json);
}

TEST(AllocationJson, NoAsOfAnywhere) {
  nlohmann::json doc = allocation_document();
  doc.erase("as_of");
  const Dataset dataset = load(doc);
  const AllocationReply reply = allocate_json(dataset, "{}");
  ASSERT_EQ(reply.issues.size(), 1u);
  EXPECT_EQ(reply.issues[0].code, IssueCode::missing_field);
  EXPECT_EQ(reply.issues[0].path, "as_of");
  EXPECT_TRUE(allocate_json(dataset, R"({"as_of": "2026-05-01"})").ok());
}

}  // namespace
}  // namespace vocfab::testing
