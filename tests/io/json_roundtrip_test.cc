// Reading and writing the interchange format: determinism, round trips, streaming, robustness.
#include "support/files.h"
#include "support/fixture.h"
#include "vocfab/io/json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace vocfab {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using json = nlohmann::json;
namespace fx = vocfab::testing;

using vocfab::testing::read_file;

const std::filesystem::path kSample = std::filesystem::path(VOCFAB_DATA_DIR) / "sample.json";
const std::filesystem::path kKahramankazan = std::filesystem::path(VOCFAB_DATA_DIR) / "kahramankazan.json";

TEST(JsonRoundTrip, SaveLoadSaveIsByteIdentical) {
  for (const auto& path : {kSample, kKahramankazan}) {
    const LoadResult first = read_dataset_file(path);
    ASSERT_TRUE(first.ok()) << path << ": " << issues_to_json(first.issues);
    const std::string saved = write_dataset(first.dataset);
    const LoadResult second = read_dataset(saved);
    ASSERT_TRUE(second.ok()) << issues_to_json(second.issues);
    EXPECT_EQ(write_dataset(second.dataset), saved) << path;
    EXPECT_EQ(second.dataset.record_count(), first.dataset.record_count());
  }
}

TEST(JsonRoundTrip, SavingTwiceGivesTheSameBytes) {
  const LoadResult loaded = read_dataset_file(kSample);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(write_dataset(loaded.dataset), write_dataset(loaded.dataset));
}

TEST(JsonRoundTrip, StreamAndMemoryReadersAgree) {
  const std::string text = read_file(kSample);
  std::istringstream stream(text);
  const LoadResult from_stream = read_dataset(stream);
  const LoadResult from_memory = read_dataset(text);
  ASSERT_TRUE(from_stream.ok());
  ASSERT_TRUE(from_memory.ok());
  EXPECT_EQ(write_dataset(from_stream.dataset), write_dataset(from_memory.dataset));
}

TEST(JsonRoundTrip, FileWriteIsReadBack) {
  const LoadResult loaded = read_dataset_file(kSample);
  ASSERT_TRUE(loaded.ok());
  const auto path = std::filesystem::temp_directory_path() / "vocfab_roundtrip_test.json";
  write_dataset_file(loaded.dataset, path);
  EXPECT_EQ(read_file(path), write_dataset(loaded.dataset));
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));
  std::filesystem::remove(path);
}

TEST(JsonRoundTrip, PhonesAreWrittenInE164) {
  const LoadResult loaded = read_dataset(fx::valid_document().dump());
  ASSERT_TRUE(loaded.ok()) << issues_to_json(loaded.issues);
  ASSERT_TRUE(loaded.dataset.records<Trainee>()[0].identity->phone.has_value());
  EXPECT_EQ(loaded.dataset.records<Trainee>()[0].identity->phone->e164(), "+905321234567");
  EXPECT_THAT(write_dataset(loaded.dataset), HasSubstr("\"phone\":\"+905321234567\""));
}

TEST(JsonRoundTrip, MaskedExportHidesNationalIds) {
  const LoadResult loaded = read_dataset(fx::valid_document().dump());
  ASSERT_TRUE(loaded.ok());
  const std::string full = fx::national_id(0);
  EXPECT_THAT(write_dataset(loaded.dataset), HasSubstr(full));
  const std::string masked = write_dataset(loaded.dataset, WriteOptions{.mask_national_ids = true});
  EXPECT_THAT(masked, Not(HasSubstr(full)));
  EXPECT_THAT(masked, HasSubstr(full.substr(0, 3) + "******" + full.substr(9)));
}

TEST(JsonReader, UnknownFieldsAndCollectionsAreIgnored) {
  json doc = fx::valid_document();
  doc["trainees"][0]["favourite_colour"] = "blue";
  doc["trainees"][0]["notes"] = {{"nested", {1, 2, {{"deep", true}}}}};
  doc["extensions"] = {{"anything", {1, 2, 3}}};
  const LoadResult loaded = read_dataset(doc.dump());
  EXPECT_TRUE(loaded.ok()) << issues_to_json(loaded.issues);
  EXPECT_EQ(loaded.dataset.records<Trainee>().size(), 13u);
}

// The text of the document with `members` written into the first trainee (before its own fields)
// and `consents_members` into its consents object (before its own members).
std::string with_repeated_members(const std::string& members, const std::string& consents_members) {
  std::string text = fx::valid_document().dump();
  const auto trainees = text.find("\"trainees\":[{");
  text.insert(trainees + std::string("\"trainees\":[{").size(), members);
  const auto consents = text.find("\"consents\":{", trainees);
  text.insert(consents + std::string("\"consents\":{").size(), consents_members);
  return text;
}

TEST(JsonReader, AKeyWrittenTwiceIsRefusedAtEveryLevel) {
  // One rule for every level (docs/format.md): a key names one value in its object; a second
  // occurrence is invalid_value, and the record holding it is left out.
  const LoadResult in_record = read_dataset(with_repeated_members(R"("given_name":"Önce",)", ""));
  ASSERT_EQ(in_record.issues.size(), 1u) << issues_to_json(in_record.issues);
  EXPECT_EQ(in_record.issues[0].code, IssueCode::invalid_value);
  EXPECT_EQ(in_record.issues[0].path, "trainees[0].given_name");
  EXPECT_EQ(in_record.dataset.records<Trainee>().size(), 12u);

  const LoadResult in_nested = read_dataset(with_repeated_members("", R"("share_with_employers":false,)"));
  ASSERT_EQ(in_nested.issues.size(), 1u) << issues_to_json(in_nested.issues);
  EXPECT_EQ(in_nested.issues[0].path, "trainees[0].consents.share_with_employers");

  std::string policy_twice = fx::valid_document().dump();
  policy_twice.insert(policy_twice.find("\"policy\":{") + 10, R"("min_group":3,)");
  const LoadResult in_policy = read_dataset(policy_twice);
  ASSERT_EQ(in_policy.issues.size(), 1u) << issues_to_json(in_policy.issues);
  EXPECT_EQ(in_policy.issues[0].path, "policy.min_group");

  std::string collection_twice = fx::valid_document().dump();
  collection_twice.insert(collection_twice.size() - 1, R"(,"employers":[])");
  const LoadResult at_top = read_dataset(collection_twice);
  ASSERT_EQ(at_top.issues.size(), 1u) << issues_to_json(at_top.issues);
  EXPECT_EQ(at_top.issues[0].path, "employers");
  EXPECT_EQ(at_top.dataset.records<Employer>().size(), 1u);  // the first one is read, the second not
}

TEST(JsonReader, KeyOrderDoesNotMatter) {
  json doc = fx::valid_document();
  // nlohmann::json sorts keys, so schema_version comes last and policy after the collections.
  const LoadResult loaded = read_dataset(doc.dump());
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.dataset.policy().name, "izmir-vocational-factory");
}

TEST(JsonReader, PolicyDefaultsApplyToAbsentFields) {
  json doc = fx::valid_document();
  doc["policy"] = {{"name", "custom"}, {"min_group", 8}};
  const LoadResult loaded = read_dataset(doc.dump());
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.dataset.policy().min_group, 8u);
  EXPECT_EQ(loaded.dataset.policy().pass_mark, 50u);
  EXPECT_FALSE(loaded.dataset.policy().residency.has_value());
}

TEST(JsonReader, AllocationPolicyReadsWithItsDefaults) {
  json doc = fx::valid_document();
  doc["policy"] = {{"allocation", {{"seed", 99}}}};
  LoadResult loaded = read_dataset(doc.dump());
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.dataset.policy().allocation.seed, 99u);
  EXPECT_EQ(loaded.dataset.policy().allocation.priority, AllocationPolicy{}.priority);

  doc["policy"] = {{"allocation", {{"priority", {"disability"}}}}};
  loaded = read_dataset(doc.dump());
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.dataset.policy().allocation.priority, std::vector<PriorityGroup>{PriorityGroup::disability});
  EXPECT_EQ(loaded.dataset.policy().allocation.seed, 0u);
}

TEST(JsonReader, AllocationPolicyRefusesUnknownAndRepeatedGroups) {
  json doc = fx::valid_document();
  doc["policy"] = {{"allocation", {{"priority", {"unemployed", "tall"}}}}};
  LoadResult loaded = read_dataset(doc.dump());
  EXPECT_THAT(loaded.issues, Contains(Field(&Issue::path, "policy.allocation.priority[1]")));

  doc["policy"] = {{"allocation", {{"priority", {"unemployed", "disability", "unemployed"}}}}};
  loaded = read_dataset(doc.dump());
  EXPECT_THAT(loaded.issues, Contains(AllOf(Field(&Issue::code, IssueCode::invalid_value),
                                            Field(&Issue::path, "policy.allocation.priority[2]"))));
}

TEST(JsonReader, WrongShapesAreIssuesNotCrashes) {
  const char* documents[] = {
      "[]",
      "42",
      "{\"schema_version\": 1, \"trainees\": {}}",
      "{\"schema_version\": 1, \"trainees\": [1, \"x\", null, []]}",
      "{\"schema_version\": 1, \"policy\": []}",
      "{\"schema_version\": \"1\"}",
      "{\"schema_version\": 1.0}",
      "",
      "{\"schema_version\": 1, \"trainees\": [{\"id\": 12, \"consents\": [], \"job_preferences\": 3}]}",
  };
  for (const char* text : documents) {
    const LoadResult loaded = read_dataset(std::string_view(text));
    EXPECT_FALSE(loaded.ok()) << text;
  }
}

TEST(JsonReader, TruncatedDocumentsNeverCrash) {
  const std::string text = fx::valid_document().dump();
  for (std::size_t length = 0; length < text.size(); length += 37) {
    const LoadResult loaded = read_dataset(std::string_view(text).substr(0, length));
    EXPECT_FALSE(loaded.ok());
    EXPECT_TRUE(loaded.fatal());
  }
}

TEST(JsonReader, MissingFileIsAnIoError) {
  const LoadResult loaded = read_dataset_file("/nonexistent/vocfab.json");
  ASSERT_EQ(loaded.issues.size(), 1u);
  EXPECT_EQ(loaded.issues[0].code, IssueCode::io_error);
  EXPECT_EQ(loaded.issues[0].message, "cannot read /nonexistent/vocfab.json: No such file or directory");
  EXPECT_TRUE(loaded.fatal());
}

TEST(DecodeJson, SingleRecordRoundTrip) {
  const json doc = fx::valid_document();
  const auto trainee = decode_json<Trainee>(doc["trainees"][0].dump());
  ASSERT_TRUE(trainee.value.has_value()) << issues_to_json(trainee.issues);
  const auto again = decode_json<Trainee>(encode_json(*trainee.value));
  ASSERT_TRUE(again.value.has_value());
  EXPECT_EQ(encode_json(*again.value), encode_json(*trainee.value));
}

TEST(DecodeJson, IssuesUseTheGivenPath) {
  const auto decoded = decode_json<Course>(R"({"id": "nope"})", "courses[7]");
  EXPECT_FALSE(decoded.value.has_value());
  ASSERT_FALSE(decoded.issues.empty());
  EXPECT_EQ(decoded.issues[0].path, "courses[7].id");
}

TEST(DecodeJson, MalformedTextIsAParseError) {
  const auto decoded = decode_json<Employer>("{\"id\": ");
  ASSERT_EQ(decoded.issues.size(), 1u);
  EXPECT_EQ(decoded.issues[0].code, IssueCode::parse_error);
}

}  // namespace
}  // namespace vocfab
