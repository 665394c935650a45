// The parallel reader cuts large documents into parts; read in parts, a document must give exactly
// what it gives read whole: the same records, issues (paths, messages, parse positions) and
// validation, whatever the part size and the number of threads.
#include "io/split_reader.h"
#include "support/files.h"
#include "support/fixture.h"
#include "vocfab/io/json.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace vocfab {
namespace {

using json = nlohmann::json;
namespace fx = vocfab::testing;

using vocfab::testing::read_file;

// Everything observable about a read, as text: issues, then validation issues, then the dataset.
std::string observe(const LoadResult& result) {
  std::string text = issues_to_json(result.issues);
  if (!result.fatal()) {
    text += "\n" + issues_to_json(validate(result.dataset, &result.diagnostics));
    text += "\n" + write_dataset(result.dataset);
  }
  return text;
}

void expect_same_in_parts(const std::string& text) {
  const std::string whole = observe(read_dataset(text));
  for (std::uint64_t part_size : {1u, 97u, 1000u, 4096u, 50000u}) {
    for (unsigned threads : {1u, 2u, 3u}) {
      ASSERT_EQ(observe(io_detail::read_dataset_in_parts(text, part_size, threads)), whole)
          << "part size " << part_size << ", " << threads << " threads";
    }
  }
}

TEST(SplitReader, SampleDataReadsTheSameInTwoParts) {
  expect_same_in_parts(read_file(std::filesystem::path(VOCFAB_DATA_DIR) / "sample.json"));
}

TEST(SplitReader, BrokenRecordsReadTheSameInTwoParts) {
  json doc = fx::valid_document();
  doc["trainees"][1]["birth_date"] = "not a date";
  doc["trainees"][7]["national_id"] = "17291716050";
  doc["trainees"][9]["id"] = fx::trainee_id(2);
  doc["trainees"].push_back(42);
  doc["trainees"].push_back(fx::trainee(30));
  doc["enrollments"][4]["course"] = fx::course_id(77);
  doc["vacancies"][0]["gender"] = "male";
  // One record per line, like the writer, so the cut lands between many records.
  std::string text = "{\"schema_version\": 1";
  for (const auto& [key, value] : doc.items()) {
    if (key == "schema_version") continue;
    text += ",\n\"" + key + "\": ";
    if (value.is_array()) {
      text += "[";
      for (std::size_t i = 0; i < value.size(); ++i) text += (i ? ",\n  " : "\n  ") + value[i].dump();
      text += "\n]";
    } else {
      text += value.dump();
    }
  }
  text += "\n}\n";
  expect_same_in_parts(text);
}

TEST(SplitReader, ParseErrorsKeepTheirPositionInTheWholeDocument) {
  std::string text = read_file(std::filesystem::path(VOCFAB_DATA_DIR) / "sample.json");
  // Break the document late, in a record on a line of its own.
  const auto at = text.rfind("\"status\"");
  ASSERT_NE(at, std::string::npos);
  text.insert(at, "@");
  const LoadResult whole = read_dataset(text);
  ASSERT_TRUE(whole.fatal());
  for (std::uint64_t part_size : {std::uint64_t{1}, std::uint64_t{1000}, std::uint64_t{text.size() / 2},
                                   std::uint64_t{at - 500}}) {
    const LoadResult parts = io_detail::read_dataset_in_parts(text, part_size, 2);
    ASSERT_FALSE(parts.issues.empty());
    EXPECT_EQ(issues_to_json(parts.issues), issues_to_json(whole.issues)) << "part size " << part_size;
  }
}

TEST(SplitReader, SchemaVersionAfterTheCutStillCounts) {
  json doc = fx::valid_document();
  // nlohmann sorts keys: "schema_version" comes after every collection, so after any cut.
  const std::string text = doc.dump();
  const std::string whole = observe(read_dataset(text));
  for (std::uint64_t part_size : {1u, 700u, 3000u}) {
    EXPECT_EQ(observe(io_detail::read_dataset_in_parts(text, part_size, 2)), whole);
  }
  doc["schema_version"] = 7;
  const std::string future = doc.dump();
  const LoadResult parts = io_detail::read_dataset_in_parts(future, 500, 2);
  ASSERT_TRUE(parts.fatal());
  EXPECT_EQ(parts.issues.back().code, IssueCode::schema_version_unsupported);
}

TEST(SplitReader, RepeatedCollectionsReadTheSame) {
  // Found by the fuzzer: a collection written twice cannot be cut (its indices restart), so such a
  // document is read whole whatever the part size.
  json doc = fx::valid_document();
  std::string text = "{\"schema_version\": 1,\n\"trainees\": [" + doc["trainees"][0].dump() + ",\n" +
                     doc["trainees"][1].dump() + "],\n\"trainees\": [" + doc["trainees"][2].dump() + ",\n" +
                     doc["trainees"][3].dump() + ",\n" + doc["trainees"][2].dump() + "]}";
  expect_same_in_parts(text);
}

TEST(SplitReader, LargeFilesAreReadInParallelWithTheSameResult) {
  // Over the parallel threshold (32 MiB): the sample's trainees repeated with fresh ids and
  // national ids, written by the library, read back from a file and from memory.
  const LoadResult sample = read_dataset_file(std::filesystem::path(VOCFAB_DATA_DIR) / "sample.json");
  ASSERT_TRUE(sample.ok());
  Dataset big;
  big.set_policy(sample.dataset.policy());
  const Trainee& model = sample.dataset.records<Trainee>()[0];
  for (int n = 0; n < 80000; ++n) {
    Trainee trainee = model;
    const std::string id = fx::uuid(3, n);
    trainee.id = *TraineeId::parse(id);
    trainee.identity->national_id = *NationalId::complete(std::to_string(100000000 + n * 11));
    big.add(std::move(trainee));
  }
  const std::string text = write_dataset(big);
  ASSERT_GT(text.size(), std::size_t{32} << 20);
  const auto path = std::filesystem::temp_directory_path() / "vocfab_split_reader_test.json";
  {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }
  const LoadResult from_file = read_dataset_file(path);
  const LoadResult from_memory = read_dataset(text);
  std::filesystem::remove(path);
  ASSERT_TRUE(from_file.ok());
  ASSERT_TRUE(from_memory.ok());
  EXPECT_EQ(from_file.dataset.records<Trainee>().size(), 80000u);
  EXPECT_EQ(write_dataset(from_file.dataset), text);
  EXPECT_EQ(write_dataset(from_memory.dataset), text);
}

}  // namespace
}  // namespace vocfab
