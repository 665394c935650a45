// issue_certificate and revoke_certificate through batches: the code is computed with the
// caller's key and verifies; every refusal leaves the dataset as it was.
#include "ops_fixture.h"

#include "vocfab/ops/certificates.h"

namespace vocfab {
namespace {

namespace fx = vocfab::testing;
using fx::day;

const CertificateKeyring& keys() {
  static const CertificateKeyring keyring = CertificateKeyring::from_text("K " + std::string(64, 'a') + "\n");
  return keyring;
}

BatchContext keyed() {
  BatchContext context = fx::context_on();
  context.keyring = &keys();
  return context;
}

// The base fixture without certificate 1, so that enrollment 0 (completed, meb) may get one.
Dataset uncertified() {
  nlohmann::json document = fx::valid_document();
  document["certificates"] = nlohmann::json::array();
  return fx::load(document);
}

TEST(IssueCertificate, ACompletedEnrollmentGetsACodeThatVerifies) {
  Dataset d = uncertified();
  Operation issue = fx::op(ops::IssueCertificate{fx::enrollment(0), "MEB-2026-000777"});
  issue.id = fx::certificate_id(5);
  const auto result = fx::apply_ok(d, {issue}, keyed());
  const Certificate& made = *d.find(fx::certificate(5));
  EXPECT_EQ(made.kind, CertificateKind::meb);
  EXPECT_EQ(made.issued, day(2026, 5, 1));
  EXPECT_EQ(made.external_number, "MEB-2026-000777");
  EXPECT_EQ(result.results[0].created[0].id, fx::certificate_id(5));
  EXPECT_EQ(verify_certificate(d, keys(), made.verification_code.value()).status, CertificateStatus::valid);

  fx::apply_ok(d, {fx::op(ops::RevokeCertificate{fx::certificate(5), "issued in error"})});
  EXPECT_EQ(verify_certificate(d, keys(), made.verification_code.value()).status, CertificateStatus::revoked);
}

TEST(IssueCertificate, RefusedWithoutAKeyTwiceOrForAnUnfinishedPlace) {
  Dataset d = uncertified();
  fx::apply_refused(d, {fx::op(ops::IssueCertificate{fx::enrollment(0), std::nullopt})}, IssueCode::invalid_value,
                    "ops[0]");  // no key given
  fx::apply_ok(d, {fx::op(ops::IssueCertificate{fx::enrollment(0), std::nullopt})}, keyed());
  fx::apply_refused(d, {fx::op(ops::IssueCertificate{fx::enrollment(0), std::nullopt})},
                    IssueCode::certificate_not_allowed, "ops[0].enrollment", keyed());
  fx::apply_refused(d, {fx::op(ops::IssueCertificate{fx::enrollment(12), std::nullopt})},
                    IssueCode::certificate_not_allowed, "ops[0].enrollment", keyed());  // waitlisted
  fx::apply_refused(d, {fx::op(ops::IssueCertificate{fx::enrollment(1), std::nullopt}, day(2026, 3, 1))},
                    IssueCode::invalid_date_range, "ops[0].on", keyed());  // before the course ended
  fx::apply_refused(d, {fx::op(ops::IssueCertificate{fx::enrollment(77), std::nullopt})},
                    IssueCode::unknown_reference, "ops[0].enrollment", keyed());
  fx::apply_ok(d, {fx::op(ops::EraseTrainee{fx::person(2), "request"})});
  fx::apply_refused(d, {fx::op(ops::IssueCertificate{fx::enrollment(2), std::nullopt})}, IssueCode::record_erased,
                    "ops[0].enrollment", keyed());
}

}  // namespace
}  // namespace vocfab
