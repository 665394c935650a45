// End-to-end tests of the `vocfab` program: exit codes, the `--json` shapes and the text output,
// on the fixture files in tests/cli/data/ (valid.json, broken.json with several broken records,
// malformed.json, future_schema.json) and on the bundled sample data.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;

const std::string kCli = VOCFAB_CLI;
const fs::path kData = VOCFAB_CLI_TEST_DATA;
const fs::path kSampleData = VOCFAB_DATA_DIR;

/// What one run of the program produced.
struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// A temporary file removed when it goes out of scope.
class TempFile {
 public:
  TempFile() {
    std::string pattern = (fs::temp_directory_path() / "vocfab-cli-test-XXXXXX").string();
    fd_ = ::mkstemp(pattern.data());
    if (fd_ < 0) throw std::runtime_error("mkstemp failed");
    path_ = pattern;
  }
  ~TempFile() {
    ::close(fd_);
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  int fd() const { return fd_; }
  std::string contents() const {
    std::ifstream in(path_, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

 private:
  int fd_ = -1;
  fs::path path_;
};

/// Runs the program with @p args (no shell involved), capturing stdout, stderr and the exit code.
Result run(const std::vector<std::string>& args) {
  TempFile out;
  TempFile err;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out.fd(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.fd(), STDERR_FILENO);

  std::vector<std::string> storage{kCli};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : storage) argv.push_back(arg.data());
  argv.push_back(nullptr);

  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, kCli.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  Result result;
  if (spawned != 0) {
    result.err = "posix_spawn failed";
    return result;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return result;
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = out.contents();
  result.err = err.contents();
  return result;
}

std::string fixture(const std::string& name) { return (kData / name).string(); }

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Parses `validate --json` output and checks its exact shape.
nlohmann::json parse_validation(const Result& result) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(result.out);
  } catch (const nlohmann::json::exception& e) {
    ADD_FAILURE() << "not JSON: " << e.what() << "\n" << result.out;
    return nlohmann::json::object({{"valid", false}, {"issues", nlohmann::json::array()}});
  }
  EXPECT_TRUE(json.is_object());
  EXPECT_EQ(json.size(), 2U) << json.dump();
  EXPECT_TRUE(json["valid"].is_boolean());
  EXPECT_TRUE(json["issues"].is_array());
  for (const auto& issue : json["issues"]) {
    EXPECT_EQ(issue.size(), 3U) << issue.dump();
    EXPECT_TRUE(issue["code"].is_string()) << issue.dump();
    EXPECT_TRUE(issue["path"].is_string()) << issue.dump();
    EXPECT_TRUE(issue["message"].is_string()) << issue.dump();
  }
  return json;
}

std::set<std::pair<std::string, std::string>> code_paths(const nlohmann::json& validation) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& issue : validation["issues"]) {
    out.emplace(issue["code"].get<std::string>(), issue["path"].get<std::string>());
  }
  return out;
}

bool has_code(const nlohmann::json& validation, const std::string& code) {
  for (const auto& issue : validation["issues"]) {
    if (issue["code"] == code) return true;
  }
  return false;
}

/// Every national id written in the fixtures, valid or not: none may appear in any output.
const std::vector<std::string> kFixtureNationalIds{
    "10000000146", "17291716060", "11111111110", "17291716050",
    "12345678950", "23456789138", "34567891238", "45678912316"};

void expect_no_national_id(const Result& result) {
  for (const std::string& id : kFixtureNationalIds) {
    EXPECT_EQ(result.out.find(id), std::string::npos) << "stdout discloses " << id;
    EXPECT_EQ(result.err.find(id), std::string::npos) << "stderr discloses " << id;
  }
}

/// The broken records of broken.json and the issue each must produce.
const std::vector<std::pair<std::string, std::string>> kExpectedBroken{
    {"invalid_national_id", "trainees[3].national_id"},
    {"invalid_phone", "trainees[4].phone"},
    {"invalid_date", "trainees[5].birth_date"},
    {"duplicate_id", "trainees[6].id"},
    {"missing_field", "trainees[7].family_name"},
    {"unknown_reference", "enrollments[2].course"},
    {"invalid_tax_number", "employers[1].tax_number"},
    {"protected_attribute_criterion", "vacancies[1].gender"},
};

// --- usage ----------------------------------------------------------------------------------------

TEST(CliUsage, VersionPrintsTheVersion) {
  const Result result = run({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find(VOCFAB_EXPECTED_VERSION), std::string::npos) << result.out;
}

TEST(CliUsage, HelpListsTheCommands) {
  const Result result = run({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("validate"), std::string::npos);
  EXPECT_NE(result.out.find("summary"), std::string::npos);
}

TEST(CliUsage, NoCommandIsAUsageError) {
  const Result result = run({});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_FALSE(result.err.empty());
}

TEST(CliUsage, UnknownCommandIsAUsageError) {
  const Result result = run({"frobnicate", fixture("valid.json")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_FALSE(result.err.empty());
}

TEST(CliUsage, UnknownOptionIsAUsageError) {
  EXPECT_EQ(run({"validate", "--bogus", fixture("valid.json")}).exit_code, 2);
  EXPECT_EQ(run({"summary", "--bogus", fixture("valid.json")}).exit_code, 2);
}

TEST(CliUsage, MissingFileArgumentIsAUsageError) {
  for (const char* command : {"validate", "summary"}) {
    const Result result = run({command});
    EXPECT_EQ(result.exit_code, 2) << command;
    EXPECT_FALSE(result.err.empty()) << command;
    const Result json = run({command, "--json"});
    EXPECT_EQ(json.exit_code, 2) << command;
  }
}

TEST(CliUsage, ExtraArgumentIsAUsageError) {
  EXPECT_EQ(run({"validate", fixture("valid.json"), fixture("valid.json")}).exit_code, 2);
}

// --- validate -------------------------------------------------------------------------------------

TEST(CliValidate, ValidDatasetExitsZero) {
  const Result result = run({"validate", fixture("valid.json")});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto all = lines(result.out);
  ASSERT_EQ(all.size(), 1U) << result.out;
  EXPECT_TRUE(ends_with(all.back(), "valid.json: valid (17 records)")) << all.back();
  expect_no_national_id(result);
}

TEST(CliValidate, ValidDatasetJson) {
  const Result result = run({"validate", "--json", fixture("valid.json")});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto json = parse_validation(result);
  EXPECT_EQ(json["valid"], true);
  EXPECT_TRUE(json["issues"].empty()) << json.dump(2);
}

TEST(CliValidate, JsonFlagMayFollowTheFile) {
  const Result result = run({"validate", fixture("valid.json"), "--json"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(parse_validation(result)["valid"], true);
}

TEST(CliValidate, BrokenDatasetListsEveryBrokenRecord) {
  const Result result = run({"validate", "--json", fixture("broken.json")});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const auto json = parse_validation(result);
  EXPECT_EQ(json["valid"], false);
  const auto found = code_paths(json);
  for (const auto& expected : kExpectedBroken) {
    EXPECT_TRUE(found.count(expected)) << "missing " << expected.first << " at " << expected.second
                                       << "\n" << json.dump(2);
  }
  // The records of valid.json that broken.json repeats unchanged are not blamed.
  for (const auto& [code, path] : found) {
    EXPECT_NE(path.rfind("centres", 0), 0U) << code << " " << path;
    EXPECT_NE(path.rfind("branches", 0), 0U) << code << " " << path;
    EXPECT_NE(path.rfind("courses", 0), 0U) << code << " " << path;
    EXPECT_NE(path.rfind("certificates", 0), 0U) << code << " " << path;
  }
  expect_no_national_id(result);
}

TEST(CliValidate, BrokenDatasetHumanOutput) {
  const Result result = run({"validate", fixture("broken.json")});
  EXPECT_EQ(result.exit_code, 1);
  const auto all = lines(result.out);
  ASSERT_FALSE(all.empty());
  for (const auto& [code, path] : kExpectedBroken) {
    bool seen = false;
    for (const std::string& line : all) seen = seen || line.rfind(path + ": " + code + ": ", 0) == 0;
    EXPECT_TRUE(seen) << "no line `" << path << ": " << code << ": …`\n" << result.out;
  }
  const auto json = parse_validation(run({"validate", "--json", fixture("broken.json")}));
  EXPECT_EQ(all.size(), json["issues"].size() + 1);
  EXPECT_TRUE(ends_with(all.back(), "broken.json: invalid (" + std::to_string(json["issues"].size()) +
                                        " issues)"))
      << all.back();
  expect_no_national_id(result);
}

TEST(CliValidate, MalformedJsonExitsTwoWithParseError) {
  const Result result = run({"validate", "--json", fixture("malformed.json")});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  const auto json = parse_validation(result);
  EXPECT_EQ(json["valid"], false);
  ASSERT_TRUE(has_code(json, "parse_error")) << json.dump(2);
  for (const auto& issue : json["issues"]) {
    if (issue["code"] == "parse_error") {
      EXPECT_NE(issue["message"].get<std::string>().find("line"), std::string::npos) << issue.dump();
    }
  }
  const Result text = run({"validate", fixture("malformed.json")});
  EXPECT_EQ(text.exit_code, 2);
  EXPECT_NE(text.out.find("parse_error"), std::string::npos) << text.out;
}

TEST(CliValidate, UnsupportedSchemaVersionExitsTwo) {
  const Result result = run({"validate", "--json", fixture("future_schema.json")});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  const auto json = parse_validation(result);
  EXPECT_EQ(json["valid"], false);
  EXPECT_TRUE(has_code(json, "schema_version_unsupported")) << json.dump(2);
  EXPECT_EQ(run({"validate", fixture("future_schema.json")}).exit_code, 2);
}

TEST(CliValidate, MissingFileExitsTwo) {
  const std::string missing = fixture("no-such-file.json");
  const Result text = run({"validate", missing});
  EXPECT_EQ(text.exit_code, 2) << text.out << text.err;
  const Result result = run({"validate", "--json", missing});
  EXPECT_EQ(result.exit_code, 2);
  const auto json = parse_validation(result);
  EXPECT_EQ(json["valid"], false);
  EXPECT_FALSE(json["issues"].empty());
}

TEST(CliValidate, DirectoryInsteadOfFileExitsTwo) {
  EXPECT_EQ(run({"validate", kData.string()}).exit_code, 2);
}

// --- summary --------------------------------------------------------------------------------------

TEST(CliSummary, JsonCountsOfTheValidDataset) {
  const Result result = run({"summary", "--json", fixture("valid.json")});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["policy"], "cli-test");
  EXPECT_EQ(json["records"]["centres"], 2);
  EXPECT_EQ(json["records"]["branches"], 2);
  EXPECT_EQ(json["records"]["courses"], 2);
  EXPECT_EQ(json["records"]["trainees"], 3);
  EXPECT_EQ(json["records"]["enrollments"], 2);
  EXPECT_EQ(json["records"]["certificates"], 2);
  EXPECT_EQ(json["records"]["referrals"], 1);
  EXPECT_EQ(json["total_records"], 17);
  ASSERT_EQ(json["centres"].size(), 2U);
  EXPECT_EQ(json["centres"][0]["code"], "HALKAPINAR");
  EXPECT_EQ(json["centres"][0]["name"], "Halkapınar");
  EXPECT_EQ(json["centres"][0]["courses"], 1);
  EXPECT_EQ(json["centres"][0]["completed"], 2);
  EXPECT_EQ(json["centres"][0]["certificates"], 2);
  ASSERT_EQ(json["branches"].size(), 2U);
  EXPECT_EQ(json["branches"][0]["code"], "SEWING");
  EXPECT_EQ(json["branches"][0]["vacancies"], 1);
  expect_no_national_id(result);
}

TEST(CliSummary, TextTable) {
  const Result result = run({"summary", fixture("valid.json")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Policy: cli-test"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("HALKAPINAR"), std::string::npos);
  EXPECT_NE(result.out.find("Örnekköy"), std::string::npos);
  EXPECT_NE(result.out.find("Boutique chocolate"), std::string::npos);
  EXPECT_TRUE(result.err.empty()) << result.err;
  expect_no_national_id(result);
}

TEST(CliSummary, UnreadableDocumentsExitTwo) {
  for (const char* name : {"malformed.json", "future_schema.json", "no-such-file.json"}) {
    EXPECT_EQ(run({"summary", fixture(name)}).exit_code, 2) << name;
    EXPECT_EQ(run({"summary", "--json", fixture(name)}).exit_code, 2) << name;
  }
}

TEST(CliSummary, ReadableButBrokenDatasetIsSummarisedWithANote) {
  const Result result = run({"summary", "--json", fixture("broken.json")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  // trainees[3], [4], [5] and [7] cannot be built; [6] (a duplicate id) can.
  EXPECT_EQ(json["records"]["trainees"], 4);
  EXPECT_NE(result.err.find("validate"), std::string::npos) << result.err;
  expect_no_national_id(result);
}

// --- the bundled sample data ----------------------------------------------------------------------

TEST(CliSampleData, BundledDatasetsValidateClean) {
  for (const char* name : {"sample.json", "kahramankazan.json"}) {
    const fs::path path = kSampleData / name;
    if (!fs::exists(path)) {
      GTEST_SKIP() << path << " not present yet";
    }
    const Result result = run({"validate", "--json", path.string()});
    EXPECT_EQ(result.exit_code, 0) << name << "\n" << result.out.substr(0, 4000);
    EXPECT_EQ(parse_validation(result)["valid"], true) << name;
    const Result summary = run({"summary", path.string()});
    EXPECT_EQ(summary.exit_code, 0) << name << summary.err;
  }
}

}  // namespace
