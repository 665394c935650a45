// Inputs that once broke the reader, and hostile inputs of each kind: every one gets a clean
// answer (issues), never a crash, and reading it in parts gives exactly what reading it whole
// gives. The files of ../shared/regressions are committed in tests/io/regressions.
#include "io/split_reader.h"
#include "support/files.h"
#include "support/fixture.h"
#include "vocfab/io/json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace vocfab {
namespace {

using json = nlohmann::json;
using ::testing::HasSubstr;
namespace fx = vocfab::testing;
using fx::read_file;

std::vector<std::filesystem::path> regression_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(VOCFAB_REGRESSIONS_DIR)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

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
  // The fuzzer's own cut (1 + size % 64) and a spread of others.
  std::set<std::uint64_t> sizes{1 + text.size() % 64, 1, 2, 3, 5, 8, 13, 64, 97, 1000, 4096};
  for (std::uint64_t part_size : sizes) {
    for (unsigned threads : {1u, 2u}) {
      ASSERT_EQ(observe(io_detail::read_dataset_in_parts(text, part_size, threads)), whole)
          << "part size " << part_size << ", " << threads << " threads";
    }
  }
}

TEST(Regressions, EverySharedRegressionIsCommittedHere) {
  const std::filesystem::path shared(VOCFAB_SHARED_REGRESSIONS_DIR);
  if (!std::filesystem::is_directory(shared)) GTEST_SKIP() << "no " << shared;
  for (const auto& entry : std::filesystem::directory_iterator(shared)) {
    const auto copy = std::filesystem::path(VOCFAB_REGRESSIONS_DIR) / entry.path().filename();
    ASSERT_TRUE(std::filesystem::exists(copy)) << entry.path() << " is not in tests/io/regressions";
    EXPECT_EQ(read_file(copy), read_file(entry.path())) << copy << " differs from " << entry.path();
  }
}

TEST(Regressions, EachReadsTheSameInPartsAsWhole) {
  const auto files = regression_files();
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    expect_same_in_parts(read_file(file));
  }
}

TEST(Regressions, FirstErrorIsTheDocumentsFirstError) {
  // Whole: `line 8, column 3: unexpected ','` (the comma right after `[`); the parts once
  // reported a later error of the next record instead.
  const LoadResult whole =
      read_dataset(read_file(std::filesystem::path(VOCFAB_REGRESSIONS_DIR) / "parts-vs-whole-different-first-error.json"));
  ASSERT_EQ(whole.issues.size(), 1u);
  EXPECT_EQ(whole.issues[0].code, IssueCode::parse_error);
  EXPECT_THAT(whole.issues[0].message, HasSubstr("line 8, column 3:"));
  EXPECT_THAT(whole.issues[0].message, HasSubstr("unexpected ','"));
}

TEST(ParseErrorPosition, IsTheOffendingBytesLineAndColumn) {
  // Columns count bytes from 1; the position is the byte that made the document wrong.
  EXPECT_THAT(read_dataset("{\"schema_version\": 1,\n  @}").issues.at(0).message,
              HasSubstr("line 2, column 3:"));
  EXPECT_THAT(read_dataset("{\"schema_version\": 1,\n@}").issues.at(0).message, HasSubstr("line 2, column 1:"));
  // A newline that ends the document early is on the line it ends.
  EXPECT_THAT(read_dataset("{\"schema_version\": 1,\n").issues.at(0).message, HasSubstr("line 2, column 1:"));
  EXPECT_THAT(read_dataset("{\"schema_version\": tru}").issues.at(0).message, HasSubstr("line 1, column 23:"));
}

TEST(ParseErrors, AreReportedAlone) {
  // A record with a bad national id, then a syntax error: only the parse error is reported
  // (docs/format.md: a document that cannot be read reports nothing else).
  json doc = fx::valid_document();
  doc["trainees"][2]["national_id"] = "12345678901";
  std::string text = doc.dump(1);
  text.insert(text.rfind('}'), ",@");
  const LoadResult result = read_dataset(text);
  ASSERT_EQ(result.issues.size(), 1u) << issues_to_json(result.issues);
  EXPECT_EQ(result.issues[0].code, IssueCode::parse_error);
  EXPECT_TRUE(result.fatal());
  EXPECT_EQ(result.dataset.record_count(), 0u);
}

TEST(ParseErrors, MissingSchemaVersionIsReportedAlone) {
  json doc = fx::valid_document();
  doc.erase("schema_version");
  doc["trainees"][2]["national_id"] = "12345678901";
  const LoadResult result = read_dataset(doc.dump());
  ASSERT_EQ(result.issues.size(), 1u) << issues_to_json(result.issues);
  EXPECT_EQ(result.issues[0].code, IssueCode::schema_version_unsupported);
}

TEST(HostileInput, BytesAfterANulAreNotIgnored) {
  std::string text = "{\"schema_version\":1}";
  text.push_back('\0');
  text += "garbage";
  const LoadResult result = read_dataset(text);
  ASSERT_EQ(result.issues.size(), 1u);
  EXPECT_EQ(result.issues[0].code, IssueCode::parse_error);
  EXPECT_THAT(result.issues[0].message, HasSubstr("line 1, column 21:"));
  expect_same_in_parts(text);
  // A NUL alone at the end is still a byte that is not JSON.
  EXPECT_FALSE(read_dataset(std::string("{\"schema_version\":1}\n", 22) + std::string(1, '\0')).ok());
}

std::string nested(std::size_t depth, const std::string& leaf = "1") {
  std::string text;
  for (std::size_t i = 0; i < depth; ++i) text += i % 2 ? "[" : "{\"k\":";
  text += leaf;
  for (std::size_t i = depth; i-- > 0;) text += i % 2 ? "]" : "}";
  return text;
}

TEST(HostileInput, DeepNestingIsAnIssueNotACrash) {
  json doc = fx::valid_document();
  std::string text = doc.dump();
  // A vacancy with an unknown field nested 50,000 deep.
  const std::string vacancy = "\"vacancies\":[{";
  const auto at = text.find(vacancy);
  ASSERT_NE(at, std::string::npos);
  text.insert(at + vacancy.size(), "\"extra\":" + nested(50000) + ",");
  const LoadResult result = read_dataset(text);
  ASSERT_EQ(result.issues.size(), 1u) << issues_to_json(result.issues).substr(0, 500);
  EXPECT_EQ(result.issues[0].code, IssueCode::parse_error);
  EXPECT_EQ(result.issues[0].path, "vacancies[0].extra");
  EXPECT_THAT(result.issues[0].message, HasSubstr("nested deeper than"));
  // As a whole document, and as single records and policies.
  EXPECT_EQ(read_dataset(nested(50000)).issues.at(0).code, IssueCode::parse_error);
  EXPECT_FALSE(decode_json<Vacancy>("{\"x\":" + nested(30000) + "}").issues.empty());
  EXPECT_FALSE(decode_json<Policy>("{\"residency\":" + nested(30000) + "}").issues.empty());
  EXPECT_FALSE(decode_json<Trainee>(nested(30000)).issues.empty());
}

TEST(HostileInput, NestingWithinTheBoundIsRead) {
  json doc = fx::valid_document();
  std::string text = doc.dump();
  const std::string vacancy = "\"vacancies\":[{";
  text.insert(text.find(vacancy) + vacancy.size(), "\"extra\":" + nested(kMaxNestingDepth - 3) + ",");
  EXPECT_TRUE(read_dataset(text).ok()) << issues_to_json(read_dataset(text).issues);
  std::string deeper = doc.dump();
  deeper.insert(deeper.find(vacancy) + vacancy.size(), "\"extra\":" + nested(kMaxNestingDepth - 2) + ",");
  EXPECT_FALSE(read_dataset(deeper).ok());
}

TEST(ReadFile, ProblemsWithTheFileAreIoErrorsWithTheReason) {
  const auto missing = std::filesystem::temp_directory_path() / "vocfab-no-such-file.json";
  std::filesystem::remove(missing);
  const LoadResult absent = read_dataset_file(missing);
  ASSERT_EQ(absent.issues.size(), 1u);
  EXPECT_EQ(absent.issues[0].code, IssueCode::io_error);
  EXPECT_THAT(absent.issues[0].message, HasSubstr("No such file or directory"));
  EXPECT_TRUE(absent.fatal());

  const LoadResult directory = read_dataset_file(std::filesystem::temp_directory_path());
  ASSERT_EQ(directory.issues.size(), 1u);
  EXPECT_EQ(directory.issues[0].code, IssueCode::io_error);
  EXPECT_THAT(directory.issues[0].message, HasSubstr("directory"));
}

}  // namespace
}  // namespace vocfab
