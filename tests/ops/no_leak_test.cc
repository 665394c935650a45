// A national id typed into any text an operation takes (a reason, an external number, a key, an
// actor, an id) never appears in full in anything applying it produces: the result, the issues,
// the saved dataset's audit trail.
#include "ops_fixture.h"

#include "vocfab/io/operations_json.h"

namespace vocfab {
namespace {

namespace fx = vocfab::testing;

const std::string kPlanted = fx::national_id(901);

// Every operation of a day that takes free text, each with the planted id in it.
std::vector<std::string> planted_batches() {
  const std::string& id = kPlanted;
  return {
      R"({"op": "decline", "referral": ")" + fx::referral_id(2) + R"(", "reason": "call )" + id + R"("})",
      R"({"op": "reject", "referral": ")" + fx::referral_id(2) + R"(", "reason": ")" + id + R"("})",
      R"({"op": "end_employment", "referral": ")" + fx::referral_id(1) + R"(", "reason": ")" + id + R"(", "on": "2026-04-22"})",
      R"({"op": "withdraw", "enrollment": ")" + fx::enrollment_id(12) + R"(", "reason": ")" + id + R"("})",
      R"({"op": "revoke_certificate", "certificate": ")" + fx::certificate_id(1) + R"(", "reason": ")" + id + R"("})",
      R"({"op": "erase_trainee", "trainee": ")" + fx::trainee_id(4) + R"(", "reason": ")" + id + R"("})",
      R"({"op": "refer", "trainee": ")" + fx::trainee_id(3) + R"(", "vacancy": ")" + fx::vacancy_id(1) + R"(", "key": ")" + id + R"("})",
      R"({"op": "refer", "trainee": ")" + fx::trainee_id(3) + R"(", "vacancy": ")" + fx::vacancy_id(1) + R"(", "actor": ")" + id + R"("})",
      R"({"op": "refer", "trainee": ")" + fx::trainee_id(3) + R"(", "vacancy": ")" + fx::vacancy_id(1) + R"(", "id": ")" + id + R"("})",
      R"({"op": "cancel_course", "course": ")" + fx::course_id(1) + R"(", "reason": ")" + id + R"("})",
      R"({"op": "interview", "referral": ")" + id + R"("})",
  };
}

TEST(OperationsNoLeak, APlantedNationalIdNeverAppearsInFull) {
  for (const std::string& line : planted_batches()) {
    Dataset d = fx::load(fx::valid_document());
    const OperationsDocument document = read_operations(line);
    const BatchOutcome outcome = apply_operations(d, document, fx::context_on());
    const std::string shown = write_batch_outcome(outcome, false);
    EXPECT_EQ(shown.find(kPlanted), std::string::npos) << shown;
    Dataset trail;
    for (const AuditEntry& entry : d.audit()) trail.append_audit(entry);
    const std::string audit = write_dataset(trail);
    EXPECT_EQ(audit.find(kPlanted), std::string::npos) << audit;
  }
}

}  // namespace
}  // namespace vocfab
