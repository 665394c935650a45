// Applying a batch read from JSON (apply_operations): a parse error or an operation that could
// not be read fails the batch where it stands, unless an operation before it breaks a rule
// first; the dataset is left as it was; the failure carries the line it was read on.
#include "support/fixture.h"
#include "vocfab/io/json.h"
#include "vocfab/io/operations_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace vocfab {
namespace {

using json = nlohmann::json;
using ::testing::HasSubstr;
namespace fx = vocfab::testing;

Dataset fixture_dataset() {
  LoadResult loaded = read_dataset(fx::valid_document().dump());
  EXPECT_TRUE(loaded.ok());
  return std::move(loaded.dataset);
}

BatchContext clerk() {
  BatchContext context;
  context.actor = "clerk-1";
  context.at = *parse_timestamp("2026-04-25T09:00:00Z");
  context.id_seed = 1;
  return context;
}

// Two operations the fixture allows: a waitlist place given up, a seeker referred.
std::string allowed_lines() {
  return json{{"op", "withdraw"}, {"enrollment", fx::enrollment_id(12)}}.dump() + "\n" +
         json{{"op", "refer"}, {"trainee", fx::trainee_id(5)}, {"vacancy", fx::vacancy_id(1)}}.dump() + "\n";
}

// A move the lifecycle forbids: the hired referral back to an interview.
std::string forbidden_line() { return json{{"op", "interview"}, {"referral", fx::referral_id(1)}}.dump() + "\n"; }

std::string unknown_line() { return json{{"op", "hier"}, {"referral", fx::referral_id(2)}}.dump() + "\n"; }

TEST(ApplyOperations, AParseErrorFailsTheBatchAtItsStartAndChangesNothing) {
  Dataset dataset = fixture_dataset();
  const std::string before = write_dataset(dataset);
  const BatchOutcome outcome = apply_operations(dataset, read_operations(allowed_lines() + "{\"op\":\n"), clerk());
  EXPECT_TRUE(outcome.parse_error);
  ASSERT_TRUE(outcome.result.failed);
  EXPECT_EQ(outcome.result.failed->index, 0u);
  ASSERT_EQ(outcome.result.failed->issues.size(), 1u);
  EXPECT_EQ(outcome.result.failed->issues[0].code, IssueCode::parse_error);
  EXPECT_FALSE(outcome.result.applied);
  EXPECT_TRUE(outcome.result.results.empty());
  EXPECT_EQ(write_dataset(dataset), before);
}

TEST(ApplyOperations, AnOperationThatCannotBeReadFailsTheBatchWhereItStands) {
  Dataset dataset = fixture_dataset();
  const std::string before = write_dataset(dataset);
  const BatchOutcome outcome =
      apply_operations(dataset, read_operations(allowed_lines() + "\n" + unknown_line()), clerk());
  EXPECT_FALSE(outcome.parse_error);
  ASSERT_TRUE(outcome.result.failed);
  EXPECT_EQ(outcome.result.failed->index, 2u);
  EXPECT_EQ(outcome.result.failed->op, "hier");
  ASSERT_EQ(outcome.result.failed->issues.size(), 1u);
  EXPECT_EQ(outcome.result.failed->issues[0].code, IssueCode::unknown_operation);
  EXPECT_EQ(outcome.result.failed->issues[0].path, "ops[2].op");
  EXPECT_EQ(outcome.line, 4u);
  EXPECT_FALSE(outcome.result.applied);
  EXPECT_TRUE(outcome.result.results.empty());
  EXPECT_EQ(write_dataset(dataset), before);

  const json written = json::parse(write_batch_outcome(outcome, false));
  EXPECT_EQ(written["ok"], false);
  EXPECT_EQ(written["failed"]["line"], 4);
  EXPECT_EQ(written["failed"]["issues"][0]["code"], "unknown_operation");
}

TEST(ApplyOperations, ARuleBrokenBeforeTheUnreadableOperationFailsTheBatchFirst) {
  Dataset dataset = fixture_dataset();
  const std::string before = write_dataset(dataset);
  const BatchOutcome outcome = apply_operations(dataset, read_operations(forbidden_line() + unknown_line()), clerk());
  ASSERT_TRUE(outcome.result.failed);
  EXPECT_EQ(outcome.result.failed->index, 0u);
  EXPECT_EQ(outcome.result.failed->op, "interview");
  ASSERT_FALSE(outcome.result.failed->issues.empty());
  EXPECT_EQ(outcome.result.failed->issues[0].code, IssueCode::invalid_transition);
  EXPECT_EQ(outcome.line, 1u);
  EXPECT_FALSE(outcome.result.applied);
  EXPECT_EQ(write_dataset(dataset), before);
}

TEST(ApplyOperations, TheFirstOperationUnreadableFailsWithoutApplyingAnything) {
  Dataset dataset = fixture_dataset();
  const std::string before = write_dataset(dataset);
  BatchContext context = clerk();
  context.batch = fx::uuid(11, 1);
  const BatchOutcome outcome = apply_operations(dataset, read_operations(unknown_line() + allowed_lines()), context);
  ASSERT_TRUE(outcome.result.failed);
  EXPECT_EQ(outcome.result.failed->index, 0u);
  EXPECT_EQ(outcome.result.batch, fx::uuid(11, 1));
  EXPECT_EQ(outcome.line, 1u);
  EXPECT_EQ(write_dataset(dataset), before);
}

TEST(ApplyOperations, ABatchThatReadsWholeIsApplied) {
  Dataset dataset = fixture_dataset();
  const std::string before = write_dataset(dataset);
  const BatchOutcome outcome = apply_operations(dataset, read_operations(allowed_lines()), clerk());
  ASSERT_TRUE(outcome.result.ok()) << outcome.result.failed->issues[0].message;
  EXPECT_FALSE(outcome.parse_error);
  EXPECT_EQ(outcome.line, 0u);
  EXPECT_TRUE(outcome.result.applied);
  ASSERT_EQ(outcome.result.results.size(), 2u);
  EXPECT_EQ(outcome.result.results[0].op, "withdraw");
  EXPECT_EQ(outcome.result.results[1].op, "refer");
  EXPECT_EQ(outcome.result.results[1].created.size(), 1u);
  EXPECT_NE(write_dataset(dataset), before);
  const json written = json::parse(write_batch_outcome(outcome, false));
  EXPECT_EQ(written["ok"], true);
  EXPECT_FALSE(written.contains("failed"));
}

TEST(ApplyOperations, CheckOnlyChangesNothing) {
  Dataset dataset = fixture_dataset();
  const std::string before = write_dataset(dataset);
  BatchContext context = clerk();
  context.check_only = true;
  const BatchOutcome outcome = apply_operations(dataset, read_operations(allowed_lines()), context);
  EXPECT_TRUE(outcome.result.ok());
  EXPECT_FALSE(outcome.result.applied);
  EXPECT_EQ(write_dataset(dataset), before);
  EXPECT_THAT(write_batch_outcome(outcome, true), HasSubstr(R"("check_only":true)"));
}

}  // namespace
}  // namespace vocfab
