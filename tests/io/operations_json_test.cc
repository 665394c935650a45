// Operations in JSON (vocfab/io/operations_json.h): every operation kind reads, writes and reads
// back the same; the three forms of a batch; where each problem is reported; bounds; apply
// requests; the outcome document; and no national id in full in anything printed.
#include "support/files.h"
#include "support/fixture.h"
#include "support/leak_cases.h"
#include "vocfab/io/operations_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace vocfab {
namespace {

using json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fx = vocfab::testing;

// One operation of each name, every optional argument given.
std::vector<json> sample_operations() {
  json trainee = fx::trainee(20);
  return {
      {{"op", "add"}, {"on", "2026-05-01"}, {"actor", "clerk-1"}, {"key", "add-20"}, {"collection", "trainees"},
       {"record", trainee}},
      {{"op", "update"},
       {"collection", "trainees"},
       {"id", fx::trainee_id(1)},
       {"set",
        {{"phone", "0532 765 43 21"},
         {"consents", {{"data_processing", true}, {"share_with_employers", false}}},
         {"district", "Bornova"},
         {"national_id", fx::national_id(40)}}}},
      {{"op", "apply"}, {"id", fx::application_id(7)}, {"trainee", fx::trainee_id(12)},
       {"courses", {fx::course_id(2), fx::course_id(1)}}},
      {{"op", "open_course"}, {"course", fx::course_id(2)}},
      {{"op", "enroll"}, {"id", fx::enrollment_id(40)}, {"trainee", fx::trainee_id(12)}, {"course", fx::course_id(2)},
       {"waitlist", false}},
      {{"op", "withdraw"}, {"enrollment", fx::enrollment_id(12)}, {"reason", "moved away"}},
      {{"op", "start_course"}, {"on", "2026-05-04"}, {"course", fx::course_id(2)}},
      {{"op", "cancel_course"}, {"course", fx::course_id(2)}, {"reason", "too few applicants"}},
      {{"op", "record_absence"}, {"enrollment", fx::enrollment_id(3)}, {"hours", 6}},
      {{"op", "record_score"}, {"enrollment", fx::enrollment_id(3)}, {"score", 85}},
      {{"op", "complete_course"}, {"course", fx::course_id(1)}},
      {{"op", "issue_certificate"}, {"id", fx::certificate_id(9)}, {"enrollment", fx::enrollment_id(3)},
       {"external_number", "MEB-2026-000123"}},
      {{"op", "revoke_certificate"}, {"certificate", fx::certificate_id(1)}, {"reason", "issued in error"}},
      {{"op", "close_vacancy"}, {"vacancy", fx::vacancy_id(1)}},
      {{"op", "refer"}, {"id", fx::referral_id(30)}, {"trainee", fx::trainee_id(5)}, {"vacancy", fx::vacancy_id(1)}},
      {{"op", "interview"}, {"referral", fx::referral_id(2)}},
      {{"op", "hire"}, {"on", "2026-04-22"}, {"referral", fx::referral_id(2)}},
      {{"op", "reject"}, {"referral", fx::referral_id(2)}, {"reason", "needs more experience"}},
      {{"op", "decline"}, {"referral", fx::referral_id(2)}, {"reason", "too far"}},
      {{"op", "no_show"}, {"referral", fx::referral_id(2)}},
      {{"op", "end_employment"}, {"referral", fx::referral_id(1)}, {"reason", "contract ended"}},
      {{"op", "advance"}, {"on", "2026-07-01"}, {"actor", "nightly"}},
      {{"op", "erase_trainee"}, {"trainee", fx::trainee_id(7)}, {"reason", "asked to be forgotten"}},
  };
}

// The one operation @p text holds (a failure when it holds anything else).
OperationDraft read_one(const std::string& text) {
  OperationsDocument document = read_operations(text);
  EXPECT_FALSE(document.parse_error) << document.parse_error->message;
  EXPECT_EQ(document.operations.size(), 1u) << text;
  if (document.operations.size() != 1) return {};
  return std::move(document.operations.front());
}

// "code path" of each issue, for comparing.
std::vector<std::string> where(const std::vector<Issue>& issues) {
  std::vector<std::string> out;
  for (const Issue& issue : issues) out.push_back(std::string(to_string(issue.code)) + " " + issue.path);
  return out;
}

std::string describe(const std::vector<Issue>& issues) {
  std::string text;
  for (const Issue& issue : issues) text += std::string(to_string(issue.code)) + " " + issue.path + ": " + issue.message + "\n";
  return text;
}

// The issues of the one operation @p object is.
std::vector<Issue> issues_of(const json& object) {
  const OperationDraft draft = read_one(object.dump());
  EXPECT_EQ(draft.operation.has_value(), draft.issues.empty()) << describe(draft.issues);
  return draft.issues;
}

TEST(ReadOperations, SamplesNameEveryOperationOnce) {
  std::vector<std::string> names;
  for (const json& sample : sample_operations()) names.push_back(sample["op"]);
  const auto all = operation_names();
  EXPECT_EQ(names, std::vector<std::string>(all.begin(), all.end()));
}

TEST(ReadOperations, EveryOperationKindDecodesAsTheOperationOfItsName) {
  for (const json& sample : sample_operations()) {
    const std::string name = sample["op"];
    SCOPED_TRACE(name);
    const OperationDraft draft = read_one(sample.dump());
    ASSERT_TRUE(draft.operation) << describe(draft.issues);
    EXPECT_TRUE(draft.issues.empty());
    EXPECT_EQ(draft.op, name);
    EXPECT_EQ(draft.line, 1u);
    EXPECT_EQ(operation_name(*draft.operation), name);
  }
}

TEST(ReadOperations, TheFuzzersSeedsAreValidOperations) {
  const std::filesystem::path corpus = std::filesystem::path(VOCFAB_DATA_DIR) / ".." / "fuzz" / "corpus" / "operations";
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    SCOPED_TRACE(entry.path().string());
    ++files;
    const OperationsDocument document = read_operations(fx::read_file(entry.path()));
    ASSERT_FALSE(document.parse_error) << document.parse_error->message;
    ASSERT_FALSE(document.operations.empty());
    for (const OperationDraft& draft : document.operations) EXPECT_TRUE(draft.operation) << describe(draft.issues);
  }
  EXPECT_GE(files, 12u);
}

TEST(ReadOperations, ArgumentsAreTheirTypedValues) {
  const auto samples = sample_operations();
  const Operation add = *read_one(samples[0].dump()).operation;
  EXPECT_EQ(to_iso_string(*add.on), "2026-05-01");
  EXPECT_EQ(add.actor, "clerk-1");
  EXPECT_EQ(add.key, "add-20");
  EXPECT_FALSE(add.id);
  const auto& trainee = std::get<Trainee>(std::get<ops::Add>(add.arguments).record);
  EXPECT_EQ(trainee.id.to_string(), fx::trainee_id(20));
  EXPECT_EQ(trainee.identity->national_id.digits(), fx::national_id(20));

  const auto update = std::get<ops::Update>(read_one(samples[1].dump()).operation->arguments);
  EXPECT_EQ(update.collection, Collection::trainees);
  EXPECT_EQ(update.id, fx::trainee_id(1));
  const auto& changes = std::get<ops::TraineeChanges>(update.changes);
  EXPECT_EQ(changes.phone->e164(), "+905327654321");
  EXPECT_TRUE(changes.consents->data_processing);
  EXPECT_EQ(changes.district, "Bornova");
  EXPECT_FALSE(changes.email);

  const Operation enroll = *read_one(samples[4].dump()).operation;
  EXPECT_EQ(enroll.id, fx::enrollment_id(40));
  EXPECT_FALSE(std::get<ops::Enroll>(enroll.arguments).waitlist);
  // The default when absent.
  EXPECT_TRUE(std::get<ops::Enroll>(
                  read_one(R"({"op":"enroll","trainee":")" + fx::trainee_id(1) + R"(","course":")" + fx::course_id(2) +
                           R"("})")
                      .operation->arguments)
                  .waitlist);

  const std::array outcomes{ops::Outcome::reject, ops::Outcome::decline, ops::Outcome::no_show};
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    EXPECT_EQ(std::get<ops::Decide>(read_one(samples[17 + i].dump()).operation->arguments).outcome, outcomes[i]);
  }
  EXPECT_EQ(std::get<ops::RecordAbsence>(read_one(samples[8].dump()).operation->arguments).hours, 6u);
}

TEST(WriteOperation, EveryOperationKindReadsBackTheSame) {
  for (const json& sample : sample_operations()) {
    SCOPED_TRACE(sample["op"].get<std::string>());
    const Operation operation = *read_one(sample.dump()).operation;
    const std::string written = write_operation(operation);
    EXPECT_EQ(written.rfind("{\"op\":\"" + sample["op"].get<std::string>() + "\"", 0), 0u) << written;
    const OperationDraft again = read_one(written);
    ASSERT_TRUE(again.operation) << describe(again.issues);
    EXPECT_EQ(write_operation(*again.operation), written);
    EXPECT_EQ(operation_name(*again.operation), operation_name(operation));
  }
}

TEST(WriteOperation, CommonArgumentsFirstThenArgumentsInDescribedOrderWithoutAbsentOnes) {
  const OperationDraft draft = read_one(R"({"courses":[")" + fx::course_id(2) + R"("],"trainee":")" +
                                        fx::trainee_id(3) + R"(","key":"k1","on":"2026-05-02","op":"apply"})");
  ASSERT_TRUE(draft.operation) << describe(draft.issues);
  EXPECT_EQ(write_operation(*draft.operation), R"({"op":"apply","on":"2026-05-02","key":"k1","trainee":")" +
                                                   fx::trainee_id(3) + R"(","courses":[")" + fx::course_id(2) + R"("]})");
}

TEST(WriteOperation, AnIdOnAnOperationThatCreatesNothingIsNotWritten) {
  Operation hire = *read_one(R"({"op":"hire","referral":")" + fx::referral_id(2) + R"("})").operation;
  hire.id = fx::uuid(9, 99);
  EXPECT_THAT(write_operation(hire), Not(HasSubstr(R"("id")")));
  EXPECT_TRUE(read_one(write_operation(hire)).operation);
}

TEST(OperationContent, LeavesOutActorAndKeyAndMasksNationalIds) {
  const Operation update = *read_one(sample_operations()[1].dump()).operation;
  Operation with_actor = update;
  with_actor.actor = "someone";
  with_actor.key = "key-1";
  const std::string content = operation_content(with_actor);
  EXPECT_EQ(content, operation_content(update));
  EXPECT_THAT(content, Not(HasSubstr("someone")));
  EXPECT_THAT(content, Not(HasSubstr("key-1")));
  EXPECT_THAT(content, Not(HasSubstr(fx::national_id(40))));
  EXPECT_THAT(write_operation(update), HasSubstr(fx::national_id(40)));  // the operation itself keeps it
}

// ---------------------------------------------------------------------------------------------
// The forms of a batch

std::string ndjson(const std::vector<json>& operations) {
  std::string text;
  for (const json& operation : operations) text += operation.dump() + "\n";
  return text;
}

TEST(ReadOperations, NdjsonSkipsBlankLinesAndGivesEachOperationItsLine) {
  const auto samples = sample_operations();
  const std::string text = "\n" + samples[3].dump() + "\n  \n\r\n" + samples[6].dump() + "\r\n" + samples[10].dump();
  const OperationsDocument document = read_operations(text);
  ASSERT_FALSE(document.parse_error) << document.parse_error->message;
  ASSERT_EQ(document.operations.size(), 3u);
  EXPECT_EQ(document.operations[0].line, 2u);
  EXPECT_EQ(document.operations[1].line, 5u);
  EXPECT_EQ(document.operations[2].line, 6u);
  EXPECT_EQ(document.operations[2].op, "complete_course");
  for (const auto& draft : document.operations) EXPECT_TRUE(draft.operation) << describe(draft.issues);
}

TEST(ReadOperations, EverySampleAsNdjson) {
  const auto samples = sample_operations();
  const OperationsDocument document = read_operations(ndjson(samples));
  ASSERT_FALSE(document.parse_error);
  ASSERT_EQ(document.operations.size(), samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    EXPECT_TRUE(document.operations[i].operation) << describe(document.operations[i].issues);
    EXPECT_EQ(document.operations[i].line, i + 1);
  }
}

TEST(ReadOperations, AnArrayIsABatchAndEachItemHasTheLineItStartsOn) {
  const auto samples = sample_operations();
  const std::string text = "[\n  " + samples[3].dump() + ",\n\n  " + samples[6].dump(2) + ",\n  " + samples[10].dump() +
                           "\n]\n";
  const OperationsDocument document = read_operations(text);
  ASSERT_FALSE(document.parse_error) << document.parse_error->message;
  ASSERT_EQ(document.operations.size(), 3u);
  EXPECT_EQ(document.operations[0].line, 2u);
  EXPECT_EQ(document.operations[1].line, 4u);  // five lines long
  EXPECT_EQ(document.operations[2].line, 9u);
  for (const auto& draft : document.operations) EXPECT_TRUE(draft.operation) << describe(draft.issues);
}

TEST(ReadOperations, OneObjectOverSeveralLinesIsOneOperation) {
  const OperationsDocument document = read_operations("\n\n" + sample_operations()[4].dump(2));
  ASSERT_FALSE(document.parse_error);
  ASSERT_EQ(document.operations.size(), 1u);
  EXPECT_TRUE(document.operations[0].operation);
  EXPECT_EQ(document.operations[0].line, 3u);
}

TEST(ReadOperations, BlankTextIsAnEmptyBatch) {
  for (const char* text : {"", "\n", " \r\n\t\n"}) {
    const OperationsDocument document = read_operations(text);
    EXPECT_FALSE(document.parse_error);
    EXPECT_TRUE(document.operations.empty());
  }
}

TEST(ReadOperations, AnItemThatIsNotAnObjectIsInvalid) {
  const OperationsDocument document = read_operations(R"([42, {"op":"advance","on":"2026-07-01"}])");
  ASSERT_EQ(document.operations.size(), 2u);
  EXPECT_EQ(where(document.operations[0].issues), std::vector<std::string>{"invalid_value ops[0]"});
  EXPECT_FALSE(document.operations[0].operation);
  EXPECT_TRUE(document.operations[1].operation);
}

TEST(ReadOperations, ASyntaxErrorInAnNdjsonLineNamesThatLine) {
  const auto samples = sample_operations();
  const std::string text = samples[3].dump() + "\n\n" + samples[6].dump() + "\n{\"op\": \"hire\", \"referral\" 7}\n" +
                           samples[10].dump() + "\n";
  const OperationsDocument document = read_operations(text);
  ASSERT_TRUE(document.parse_error);
  EXPECT_EQ(document.parse_error->code, IssueCode::parse_error);
  EXPECT_EQ(document.parse_error->path, "ops[2]");
  EXPECT_THAT(document.parse_error->message, HasSubstr("line 4, column 27"));
  EXPECT_TRUE(document.operations.empty());
}

TEST(ReadOperations, ASyntaxErrorInOneValueNamesItsPosition) {
  const OperationsDocument document = read_operations("{\n  \"op\": \"hire\",\n  \"referral\": tru\n}");
  ASSERT_TRUE(document.parse_error);
  EXPECT_EQ(document.parse_error->path, "");
  EXPECT_THAT(document.parse_error->message, HasSubstr("line 3"));
  EXPECT_TRUE(document.operations.empty());

  const OperationsDocument truncated = read_operations("[" + sample_operations()[3].dump() + ",\n");
  ASSERT_TRUE(truncated.parse_error);
  EXPECT_THAT(truncated.parse_error->message, HasSubstr("line 2"));
}

TEST(ReadOperations, ANulByteIsAParseError) {
  const std::string text = sample_operations()[3].dump() + "\n" + std::string(1, '\0') + "\n";
  const OperationsDocument document = read_operations(text);
  ASSERT_TRUE(document.parse_error);
  EXPECT_EQ(document.parse_error->path, "ops[1]");
  EXPECT_THAT(document.parse_error->message, HasSubstr("line 2, column 1"));
  EXPECT_TRUE(read_operations(sample_operations()[3].dump() + std::string(1, '\0')).parse_error);
  EXPECT_TRUE(document.operations.empty());
}

TEST(ReadOperations, DeepNestingIsBoundedWithoutACrash) {
  const std::string deep(100'000, '[');
  for (const std::string& text : {R"({"op":"add","collection":"trainees","record":)" + deep,
                                  sample_operations()[3].dump() + "\n" + R"({"op":"apply","courses":)" + deep + "\n",
                                  deep}) {
    const OperationsDocument document = read_operations(text);
    ASSERT_TRUE(document.parse_error);
    EXPECT_EQ(document.parse_error->code, IssueCode::parse_error);
    EXPECT_TRUE(document.operations.empty());
  }
  const OperationsDocument ndjson_document =
      read_operations(sample_operations()[3].dump() + "\n" + R"({"op":"apply","courses":)" + deep + "\n");
  EXPECT_EQ(ndjson_document.parse_error->path, "ops[1]");
  EXPECT_THAT(ndjson_document.parse_error->message, HasSubstr("nested deeper than"));
}

TEST(ReadOperations, ABatchHoldsAtMostTheLimit) {
  std::string text;
  const std::string line = R"({"op":"advance","on":"2026-07-01"})" "\n";
  text.reserve(line.size() * (kMaxBatchOperations + 2));
  for (std::size_t i = 0; i < kMaxBatchOperations + 2; ++i) text += line;
  const OperationsDocument document = read_operations(text);
  ASSERT_FALSE(document.parse_error);
  ASSERT_EQ(document.operations.size(), kMaxBatchOperations + 1);
  const OperationDraft& over = document.operations.back();
  EXPECT_FALSE(over.operation);
  EXPECT_EQ(where(over.issues), std::vector<std::string>{"invalid_value ops[" + std::to_string(kMaxBatchOperations) + "]"});
  EXPECT_EQ(over.line, kMaxBatchOperations + 1);
  EXPECT_TRUE(document.operations[kMaxBatchOperations - 1].operation);
}

// ---------------------------------------------------------------------------------------------
// Where problems are reported

TEST(ReadOperations, AnUnknownOpIsUnknownOperationAtItsPath) {
  const std::string text = ndjson({sample_operations()[3], {{"op", "hier"}, {"referral", fx::referral_id(2)}}});
  const OperationsDocument document = read_operations(text);
  ASSERT_EQ(document.operations.size(), 2u);
  EXPECT_TRUE(document.operations[0].operation);
  const OperationDraft& unknown = document.operations[1];
  EXPECT_FALSE(unknown.operation);
  EXPECT_EQ(where(unknown.issues), std::vector<std::string>{"unknown_operation ops[1].op"});
  EXPECT_THAT(unknown.issues[0].message, HasSubstr("'hier'"));
  EXPECT_THAT(unknown.issues[0].message, HasSubstr("hire"));
  EXPECT_EQ(unknown.op, "hier");
  EXPECT_EQ(unknown.line, 2u);
}

TEST(ReadOperations, AMissingOrMistypedOpIsReported) {
  EXPECT_EQ(where(issues_of({{"referral", fx::referral_id(2)}})), std::vector<std::string>{"missing_field ops[0].op"});
  EXPECT_EQ(where(issues_of({{"op", nullptr}})), std::vector<std::string>{"missing_field ops[0].op"});
  EXPECT_EQ(where(issues_of({{"op", 7}})), std::vector<std::string>{"invalid_value ops[0].op"});
}

TEST(ReadOperations, AnUnknownArgumentIsInvalidNotIgnored) {
  const std::vector<Issue> issues = issues_of({{"op", "hire"}, {"referal", fx::referral_id(2)}});
  EXPECT_EQ(where(issues), (std::vector<std::string>{"invalid_value ops[0].referal", "missing_field ops[0].referral"}));
  EXPECT_THAT(issues[0].message, HasSubstr("not an argument of hire"));
  EXPECT_THAT(issues[0].message, HasSubstr("referral"));
}

TEST(ReadOperations, AMissingRequiredArgumentIsMissingField) {
  EXPECT_EQ(where(issues_of({{"op", "enroll"}, {"trainee", fx::trainee_id(1)}})),
            std::vector<std::string>{"missing_field ops[0].course"});
  EXPECT_EQ(where(issues_of({{"op", "cancel_course"}, {"course", fx::course_id(2)}})),
            std::vector<std::string>{"missing_field ops[0].reason"});
  EXPECT_EQ(where(issues_of({{"op", "add"}})),
            (std::vector<std::string>{"missing_field ops[0].collection", "missing_field ops[0].record"}));
  EXPECT_EQ(where(issues_of({{"op", "update"}})), (std::vector<std::string>{"missing_field ops[0].collection",
                                                                           "missing_field ops[0].id",
                                                                           "missing_field ops[0].set"}));
}

TEST(ReadOperations, AdvanceNeedsOn) {
  EXPECT_EQ(where(issues_of({{"op", "advance"}})), std::vector<std::string>{"missing_field ops[0].on"});
  EXPECT_EQ(where(issues_of({{"op", "advance"}, {"on", "2026-02-30"}})), std::vector<std::string>{"invalid_date ops[0].on"});
  EXPECT_EQ(where(issues_of({{"op", "advance"}, {"on", "2026-07-01"}, {"course", fx::course_id(1)}})),
            std::vector<std::string>{"invalid_value ops[0].course"});
}

TEST(ReadOperations, ValuesObeyTheirRules) {
  EXPECT_EQ(where(issues_of({{"op", "hire"}, {"referral", "not-a-uuid"}})),
            std::vector<std::string>{"invalid_value ops[0].referral"});
  EXPECT_EQ(where(issues_of({{"op", "record_score"}, {"enrollment", fx::enrollment_id(1)}, {"score", 101}})),
            std::vector<std::string>{"invalid_value ops[0].score"});
  EXPECT_EQ(where(issues_of({{"op", "record_absence"}, {"enrollment", fx::enrollment_id(1)}, {"hours", -1}})),
            std::vector<std::string>{"invalid_value ops[0].hours"});
  EXPECT_EQ(where(issues_of({{"op", "cancel_course"}, {"course", fx::course_id(1)}, {"reason", "  "}})),
            std::vector<std::string>{"invalid_value ops[0].reason"});
  EXPECT_EQ(where(issues_of({{"op", "apply"}, {"trainee", fx::trainee_id(1)}, {"courses", {fx::course_id(1), 3}}})),
            std::vector<std::string>{"invalid_value ops[0].courses[1]"});
  EXPECT_EQ(where(issues_of({{"op", "hire"}, {"referral", fx::referral_id(1)}, {"actor", "two words"}})),
            std::vector<std::string>{"invalid_value ops[0].actor"});
  EXPECT_EQ(where(issues_of({{"op", "hire"}, {"referral", fx::referral_id(1)}, {"key", std::string(201, 'k')}})),
            std::vector<std::string>{"invalid_value ops[0].key"});
  EXPECT_EQ(where(issues_of({{"op", "hire"}, {"referral", fx::referral_id(1)}, {"on", "1.5.2026"}})),
            std::vector<std::string>{"invalid_date ops[0].on"});
  EXPECT_EQ(where(issues_of({{"op", "refer"}, {"trainee", fx::trainee_id(1)}, {"vacancy", fx::vacancy_id(1)},
                             {"id", "x"}})),
            std::vector<std::string>{"invalid_value ops[0].id"});
}

TEST(ReadOperations, OnlyOperationsThatCreateARecordTakeAnId) {
  EXPECT_EQ(where(issues_of({{"op", "hire"}, {"referral", fx::referral_id(1)}, {"id", fx::uuid(9, 3)}})),
            std::vector<std::string>{"invalid_value ops[0].id"});
  json add = sample_operations()[0];
  add["id"] = fx::trainee_id(20);
  EXPECT_EQ(where(issues_of(add)), std::vector<std::string>{"invalid_value ops[0].id"});
  for (std::size_t i : {2u, 4u, 11u, 14u}) EXPECT_TRUE(issues_of(sample_operations()[i]).empty());
}

TEST(ReadOperations, ARepeatedKeyIsInvalid) {
  const std::string referral = fx::referral_id(2);
  EXPECT_EQ(where(read_one(R"({"op":"hire","referral":")" + referral + R"(","referral":")" + referral + R"("})").issues),
            std::vector<std::string>{"invalid_value ops[0].referral"});
  EXPECT_EQ(where(read_one(R"({"op":"hire","op":"hire","referral":")" + referral + R"("})").issues),
            std::vector<std::string>{"invalid_value ops[0].op"});
  json update = sample_operations()[1];
  std::string text = update.dump();
  text.replace(text.find(R"("district")"), 0, R"("district":"Konak",)");
  EXPECT_EQ(where(read_one(text).issues), std::vector<std::string>{"invalid_value ops[0].set.district"});
  std::string add = sample_operations()[0].dump();
  add.replace(add.find(R"("data_processing")"), 0, R"("data_processing":false,)");
  EXPECT_EQ(where(read_one(add).issues), std::vector<std::string>{"invalid_value ops[0].record.consents.data_processing"});
}

// ---------------------------------------------------------------------------------------------
// add and update

json add_of(const std::string& collection, const json& record) {
  return {{"op", "add"}, {"collection", collection}, {"record", record}};
}

TEST(ReadOperations, AddReadsEachAddableKind) {
  const json document = fx::valid_document();
  for (const auto& [collection, record] : std::vector<std::pair<std::string, json>>{
           {"centres", document["centres"][0]},
           {"branches", document["branches"][0]},
           {"courses", document["courses"][1]},
           {"trainees", document["trainees"][0]},
           {"employers", document["employers"][0]},
           {"vacancies", document["vacancies"][0]}}) {
    SCOPED_TRACE(collection);
    const OperationDraft draft = read_one(add_of(collection, record).dump());
    ASSERT_TRUE(draft.operation) << describe(draft.issues);
    const OperationDraft again = read_one(write_operation(*draft.operation));
    ASSERT_TRUE(again.operation) << describe(again.issues);
    EXPECT_EQ(write_operation(*again.operation), write_operation(*draft.operation));
  }
  EXPECT_EQ(where(issues_of(add_of("applications", document["applications"][0]))),
            std::vector<std::string>{"invalid_value ops[0].collection"});
  EXPECT_EQ(where(issues_of(add_of("people", document["trainees"][0]))),
            std::vector<std::string>{"invalid_value ops[0].collection"});
  EXPECT_EQ(where(issues_of(add_of("trainees", "x"))), std::vector<std::string>{"invalid_value ops[0].record"});
}

TEST(ReadOperations, AddChecksTheRecordAsTheReaderDoes) {
  json trainee = fx::trainee(20);
  trainee.erase("registered");
  trainee["given_name"] = "Ayşe 2";
  trainee["phone"] = "12";
  EXPECT_EQ(where(issues_of(add_of("trainees", trainee))),
            (std::vector<std::string>{"invalid_value ops[0].record.given_name", "invalid_phone ops[0].record.phone",
                                      "missing_field ops[0].record.registered"}));
}

TEST(ReadOperations, AddOfABadNationalIdNeverShowsIt) {
  json trainee = fx::trainee(20);
  std::string wrong = fx::national_id(20);
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  trainee["national_id"] = wrong;
  const std::string text = ndjson({sample_operations()[3], add_of("trainees", trainee)});
  const OperationsDocument document = read_operations(text);
  ASSERT_EQ(document.operations.size(), 2u);
  const std::vector<Issue>& issues = document.operations[1].issues;
  EXPECT_EQ(where(issues), std::vector<std::string>{"invalid_national_id ops[1].record.national_id"});
  for (const Issue& issue : issues) {
    EXPECT_THAT(issue.message, Not(HasSubstr(wrong)));
    EXPECT_THAT(issue.path, Not(HasSubstr(wrong)));
  }
}

TEST(ReadOperations, AddRefusesUnknownFieldsAtAnyDepth) {
  json trainee = fx::trainee(20);
  trainee["job_seking"] = true;
  trainee["consents"]["data_procesing"] = true;
  EXPECT_EQ(where(issues_of(add_of("trainees", trainee))),
            (std::vector<std::string>{"invalid_value ops[0].record.consents.data_procesing",
                                      "invalid_value ops[0].record.job_seking"}));
  json employer = fx::valid_document()["employers"][0];
  employer["contact"]["fax"] = "0232";
  EXPECT_EQ(where(issues_of(add_of("employers", employer))),
            std::vector<std::string>{"invalid_value ops[0].record.contact.fax"});
}

TEST(ReadOperations, AddOfAVacancySelectingByAProtectedAttributeIsRefusedAsSuch) {
  json vacancy = fx::vacancy(5);
  vacancy["gender"] = "female";
  EXPECT_EQ(where(issues_of(add_of("vacancies", vacancy))),
            std::vector<std::string>{"protected_attribute_criterion ops[0].record.gender"});
}

json update_of(const std::string& collection, const std::string& id, const json& set) {
  return {{"op", "update"}, {"collection", collection}, {"id", id}, {"set", set}};
}

TEST(ReadOperations, UpdateReadsTheChangesOfEachKind) {
  const std::vector<std::pair<std::string, json>> updates{
      {"trainees", {{"email", "yeni@example.org"}, {"education_level", "bachelor"}}},
      {"employers", {{"contact", {{"name", "Ali Veli"}}}, {"consent", false}}},
      {"courses", {{"start", "2026-05-11"}, {"end", "2026-07-03"}, {"capacity", 16}}},
      {"vacancies", {{"positions", 3}, {"closes", "2026-07-31"}}}};
  for (const auto& [collection, set] : updates) {
    SCOPED_TRACE(collection);
    const OperationDraft draft = read_one(update_of(collection, fx::uuid(1, 1), set).dump());
    ASSERT_TRUE(draft.operation) << describe(draft.issues);
    EXPECT_EQ(std::get<ops::Update>(draft.operation->arguments).collection, parse_collection(collection));
    EXPECT_EQ(write_operation(*read_one(write_operation(*draft.operation)).operation), write_operation(*draft.operation));
  }
}

TEST(ReadOperations, UpdateOfAFieldWithALifecycleOrAnIdentityIsInvalid) {
  const std::vector<std::tuple<std::string, json, std::string>> refused{
      {"vacancies", {{"status", "closed"}}, "ops[0].set.status"},
      {"trainees", {{"id", fx::trainee_id(3)}}, "ops[0].set.id"},
      {"trainees", {{"employment_status", "employed"}}, "ops[0].set.employment_status"},
      {"vacancies", {{"employer", fx::employer_id(2)}}, "ops[0].set.employer"},
      {"courses", {{"centre", fx::centre_id(2)}}, "ops[0].set.centre"},
      {"trainees", {{"nickname", "x"}}, "ops[0].set.nickname"},
  };
  for (const auto& [collection, set, path] : refused) {
    SCOPED_TRACE(path);
    const std::vector<Issue> issues = issues_of(update_of(collection, fx::uuid(1, 1), set));
    ASSERT_EQ(where(issues), std::vector<std::string>{"invalid_value " + path});
    EXPECT_THAT(issues[0].message, HasSubstr("cannot be changed by update"));
  }
  // An enrollment's trainee (or anything of an enrollment) is not changed by update at all.
  EXPECT_EQ(where(issues_of(update_of("enrollments", fx::enrollment_id(1), {{"trainee", fx::trainee_id(2)}}))),
            std::vector<std::string>{"invalid_value ops[0].collection"});
}

TEST(ReadOperations, UpdateNeedsSomethingToChangeAndNewValues) {
  EXPECT_EQ(where(issues_of(update_of("trainees", fx::trainee_id(1), json::object()))),
            std::vector<std::string>{"invalid_value ops[0].set"});
  EXPECT_EQ(where(issues_of(update_of("trainees", fx::trainee_id(1), {{"email", nullptr}}))),
            std::vector<std::string>{"invalid_value ops[0].set.email"});
  EXPECT_EQ(where(issues_of(update_of("trainees", "1", {{"email", "a@b.org"}}))),
            std::vector<std::string>{"invalid_value ops[0].id"});
  EXPECT_EQ(where(issues_of(update_of("trainees", fx::trainee_id(1), {{"consents", {{"sms", true}}}}))),
            std::vector<std::string>{"invalid_value ops[0].set.consents.sms"});
  EXPECT_EQ(where(issues_of(update_of("trainees", fx::trainee_id(1), {{"national_id", "12345678901"}}))),
            std::vector<std::string>{"invalid_national_id ops[0].set.national_id"});
}

// ---------------------------------------------------------------------------------------------
// No national id in full, wherever it is typed

TEST(ReadOperations, ANationalIdTypedAnywhereNeverShowsInAnIssue) {
  const std::string planted_key(fx::leaks::kNationalId);
  for (const json& sample : sample_operations()) {
    std::vector<json> variants;
    for (const auto& [label, planted] : fx::leaks::planted_values()) {
      for (const auto& [key, value] : sample.items()) {
        json changed = sample;
        changed[key] = planted;
        variants.push_back(changed);
      }
      json unknown = sample;
      unknown[planted_key] = planted;
      variants.push_back(unknown);
    }
    json named = sample;
    named["op"] = planted_key;
    variants.push_back(named);
    for (const json& variant : variants) {
      const OperationsDocument document = read_operations(variant.dump());
      ASSERT_EQ(document.operations.size(), 1u);
      const OperationDraft& draft = document.operations[0];
      EXPECT_FALSE(fx::leaks::leaks_in(draft.op)) << draft.op;
      for (const Issue& issue : draft.issues) {
        EXPECT_FALSE(fx::leaks::leaks_in(issue.message + " " + issue.path)) << variant.dump() << "\n" << issue.message;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Apply requests

Timestamp moment(const char* text) { return *parse_timestamp(text); }

TEST(ReadApplyRequest, DefaultsComeFromTheCallersClock) {
  const ApplyRequest request =
      read_apply_request(R"({"actor":"clerk-1","ops":[{"op":"advance","on":"2026-07-01"}]})", moment("2026-06-30T08:00:00Z"));
  EXPECT_TRUE(request.issues.empty()) << describe(request.issues);
  EXPECT_EQ(request.context.actor, "clerk-1");
  EXPECT_EQ(to_iso_string(request.context.at), "2026-06-30T08:00:00Z");
  EXPECT_FALSE(request.context.date);
  EXPECT_FALSE(request.context.batch);
  EXPECT_FALSE(request.context.check_only);
  EXPECT_FALSE(request.context.id_seed);
  ASSERT_EQ(request.operations.operations.size(), 1u);
  EXPECT_TRUE(request.operations.operations[0].operation);
}

TEST(ReadApplyRequest, EveryFieldIsRead) {
  const std::string text = "{\"actor\":\"clerk-1\",\"at\":\"2026-07-01T09:30:00Z\",\"date\":\"2026-06-30\",\"batch\":\"" +
                           fx::uuid(11, 1) + "\",\"check_only\":true,\"id_seed\":18446744073709551615,\"ops\":[\n" +
                           sample_operations()[3].dump() + ",\n" + sample_operations()[6].dump() + "]}";
  const ApplyRequest request = read_apply_request(text, moment("2026-06-30T08:00:00Z"));
  EXPECT_TRUE(request.issues.empty()) << describe(request.issues);
  EXPECT_EQ(to_iso_string(request.context.at), "2026-07-01T09:30:00Z");
  EXPECT_EQ(to_iso_string(*request.context.date), "2026-06-30");
  EXPECT_EQ(request.context.batch, fx::uuid(11, 1));
  EXPECT_TRUE(request.context.check_only);
  EXPECT_EQ(request.context.id_seed, 18446744073709551615u);
  ASSERT_EQ(request.operations.operations.size(), 2u);
  EXPECT_EQ(request.operations.operations[0].line, 2u);
  EXPECT_EQ(request.operations.operations[1].line, 3u);
}

TEST(ReadApplyRequest, ProblemsOfTheRequestHaveTheirPaths) {
  const Timestamp now = moment("2026-06-30T08:00:00Z");
  EXPECT_EQ(where(read_apply_request(R"({"ops":[]})", now).issues), std::vector<std::string>{"missing_field actor"});
  EXPECT_EQ(where(read_apply_request(R"({"actor":"a","at":"2026-06-30 08:00","ops":[]})", now).issues),
            std::vector<std::string>{"invalid_date at"});
  EXPECT_EQ(where(read_apply_request(R"({"actor":"a","opz":[]})", now).issues),
            (std::vector<std::string>{"invalid_value opz", "missing_field ops"}));
  EXPECT_EQ(where(read_apply_request(R"({"actor":"a","ops":{}})", now).issues), std::vector<std::string>{"invalid_value ops"});
  EXPECT_EQ(where(read_apply_request(R"({"actor":"a","actor":"b","ops":[]})", now).issues),
            std::vector<std::string>{"invalid_value actor"});
  EXPECT_EQ(where(read_apply_request(R"({"actor":"a","id_seed":-1,"ops":[]})", now).issues),
            std::vector<std::string>{"invalid_value id_seed"});
  EXPECT_EQ(where(read_apply_request(R"([])", now).issues), std::vector<std::string>{"invalid_value "});
}

TEST(ReadApplyRequest, OperationsAreReadAsABatchIs) {
  json request{{"actor", "clerk-1"}, {"ops", json::array()}};
  for (std::size_t i = 0; i < 3; ++i) request["ops"].push_back(sample_operations()[3]);
  request["ops"].push_back({{"op", "refer"}, {"trainee", "nobody"}, {"vacancy", fx::vacancy_id(1)}});
  const ApplyRequest read = read_apply_request(request.dump(), moment("2026-06-30T08:00:00Z"));
  EXPECT_TRUE(read.issues.empty());
  ASSERT_EQ(read.operations.operations.size(), 4u);
  EXPECT_EQ(where(read.operations.operations[3].issues), std::vector<std::string>{"invalid_value ops[3].trainee"});
}

TEST(ReadApplyRequest, TextThatIsNotJsonFailsTheRequestAndTheBatch) {
  const ApplyRequest request = read_apply_request("{\"actor\":", moment("2026-06-30T08:00:00Z"));
  EXPECT_EQ(where(request.issues), std::vector<std::string>{"parse_error "});
  ASSERT_TRUE(request.operations.parse_error);
  EXPECT_EQ(*request.operations.parse_error, request.issues[0]);
}

// ---------------------------------------------------------------------------------------------
// The outcome document

TEST(WriteBatchOutcome, ASuccessListsWhatEachOperationDid) {
  BatchOutcome outcome;
  outcome.result.batch = fx::uuid(11, 1);
  outcome.result.applied = true;
  OperationResult enroll{"enroll", 7, false, {AuditTouch{Collection::enrollments, fx::enrollment_id(40)}}, {}};
  enroll.effects.push_back(Effect{Collection::courses, fx::course_id(2), "enrolled", std::int64_t{11}, std::int64_t{12}});
  enroll.effects.push_back(Effect{Collection::trainees, fx::trainee_id(1), "national_id", std::string(fx::national_id(1)),
                                  std::string(fx::national_id(2))});
  enroll.effects.push_back(Effect{Collection::referrals, fx::referral_id(1), "ended", std::monostate{}, true});
  outcome.result.results.push_back(enroll);
  outcome.result.results.push_back(OperationResult{"advance", 8, true, {}, {}});
  const std::string written = write_batch_outcome(outcome, false);
  EXPECT_EQ(written, write_batch_outcome(outcome, false));
  const json parsed = json::parse(written);
  EXPECT_EQ(parsed["ok"], true);
  EXPECT_EQ(parsed["applied"], true);
  EXPECT_EQ(parsed["check_only"], false);
  EXPECT_EQ(parsed["batch"], fx::uuid(11, 1));
  EXPECT_FALSE(parsed.contains("failed"));
  ASSERT_EQ(parsed["results"].size(), 2u);
  const json& first = parsed["results"][0];
  EXPECT_EQ(first["op"], "enroll");
  EXPECT_EQ(first["seq"], 7);
  EXPECT_EQ(first["replayed"], false);
  EXPECT_EQ(first["created"], json::parse(R"([{"collection":"enrollments","id":")" + fx::enrollment_id(40) + "\"}]"));
  EXPECT_EQ(first["effects"][0],
            json::parse(R"({"collection":"courses","id":")" + fx::course_id(2) + R"(","field":"enrolled","from":11,"to":12})"));
  EXPECT_EQ(first["effects"][2]["from"], nullptr);
  EXPECT_EQ(first["effects"][2]["to"], true);
  EXPECT_EQ(parsed["results"][1]["replayed"], true);
  EXPECT_THAT(written, Not(HasSubstr(fx::national_id(1))));
  EXPECT_THAT(written, Not(HasSubstr(fx::national_id(2))));
  // Keys in a fixed order.
  EXPECT_EQ(written.rfind(R"({"ok":true,"applied":true,"check_only":false,"batch":")", 0), 0u);
}

TEST(WriteBatchOutcome, AFailureNamesTheOperationItsLineAndItsIssues) {
  BatchOutcome outcome;
  outcome.line = 4;
  outcome.result.failed = BatchFailure{2, "hire", {Issue{IssueCode::capacity_exceeded, "ops[2].referral", "full"}}};
  const json parsed = json::parse(write_batch_outcome(outcome, true));
  EXPECT_EQ(parsed["ok"], false);
  EXPECT_EQ(parsed["applied"], false);
  EXPECT_EQ(parsed["check_only"], true);
  EXPECT_EQ(parsed["batch"], nullptr);
  EXPECT_EQ(parsed["results"], json::array());
  EXPECT_EQ(parsed["failed"], json::parse(R"({"index":2,"line":4,"op":"hire","issues":[{"code":"capacity_exceeded",)"
                                          R"("path":"ops[2].referral","message":"full"}]})"));
}

}  // namespace
}  // namespace vocfab
