// verify_certificate: each status, the facts and the masked name, rotation; and signed tokens.
#include "ops/certificate_crypto.h"
#include "ops/certificate_fixture.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace vocfab {
namespace {

namespace fx = vocfab::testing;
using json = nlohmann::json;

CertificateVerification verify(const json& document, const CertificateKeyring& keyring, std::string_view code,
                               std::optional<std::string_view> name = {}) {
  return verify_certificate(fx::dataset_of(document), keyring, code, name);
}

TEST(VerifyCertificate, ValidGivesEveryFactPrintedOnTheCertificate) {
  const CertificateKeyring keyring = fx::keyring_a();
  const json document = fx::coded_document(keyring);
  const CertificateVerification result = verify(document, keyring, fx::code_in(document));
  EXPECT_EQ(result.status, CertificateStatus::valid);
  EXPECT_EQ(result.code, fx::code_in(document));
  EXPECT_EQ(result.certificate, CertificateId::parse(fx::certificate_id(1)));
  EXPECT_FALSE(result.revocation);
  EXPECT_FALSE(result.forgery);
  EXPECT_FALSE(result.name_matches);
  ASSERT_TRUE(result.facts);
  const CertificateFacts& facts = *result.facts;
  EXPECT_EQ(facts.kind, CertificateKind::meb);
  EXPECT_EQ(facts.issued, fx::day(2026, 4, 1));
  EXPECT_EQ(facts.external_number, "MEB-2026-000001");
  EXPECT_EQ(facts.course, CourseId::parse(fx::course_id(1)));
  EXPECT_EQ(facts.branch, BranchCode::parse("SEWING"));
  EXPECT_EQ(facts.branch_name, "Dikiş");
  EXPECT_EQ(facts.hours, 120u);
  EXPECT_EQ(facts.centre, "Halkapınar");
  EXPECT_EQ(facts.holder, "A*** Y*****");
  EXPECT_FALSE(facts.holder_erased);
}

TEST(VerifyCertificate, ReadsTheCodeAsAPersonTypesIt) {
  const CertificateKeyring keyring = fx::keyring_a();
  const json document = fx::coded_document(keyring);
  std::string typed = fx::code_in(document);
  for (char& c : typed) c = c == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(verify(document, keyring, typed).status, CertificateStatus::valid);
}

TEST(VerifyCertificate, StoredCodesAreReadTheSameWay) {
  const CertificateKeyring keyring = fx::keyring_a();
  json document = fx::coded_document(keyring);
  const std::string code = fx::code_in(document);
  std::string stored = code;
  std::erase(stored, '-');
  for (char& c : stored) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  document["certificates"][0]["verification_code"] = stored;
  EXPECT_EQ(verify(document, keyring, code).status, CertificateStatus::valid);
}

TEST(VerifyCertificate, RevokedGivesDateAndReasonAndTheFacts) {
  const CertificateKeyring keyring = fx::keyring_a();
  json document = fx::coded_document(keyring);
  document["certificates"][0]["revoked"] = {{"reason", "exam irregularity"}, {"date", "2026-05-02"}};
  const CertificateVerification result = verify(document, keyring, fx::code_in(document));
  EXPECT_EQ(result.status, CertificateStatus::revoked);
  ASSERT_TRUE(result.revocation);
  EXPECT_EQ(result.revocation->reason, "exam irregularity");
  EXPECT_EQ(result.revocation->date, fx::day(2026, 5, 2));
  ASSERT_TRUE(result.facts);
  EXPECT_EQ(result.facts->external_number, "MEB-2026-000001");
}

TEST(VerifyCertificate, AWellFormedCodeNoCertificateCarriesIsUnknown) {
  const CertificateKeyring keyring = fx::keyring_a();
  const json document = fx::coded_document(keyring);
  const Dataset dataset = fx::dataset_of(document);
  Certificate other = dataset.records<Certificate>()[0];
  other.id = *CertificateId::parse(fx::certificate_id(2));
  const std::string code = certificate_code(keyring, dataset, other);
  const CertificateVerification result = verify_certificate(dataset, keyring, code);
  EXPECT_EQ(result.status, CertificateStatus::unknown);
  EXPECT_FALSE(result.code);
  EXPECT_FALSE(result.certificate);
  EXPECT_FALSE(result.facts);
}

TEST(VerifyCertificate, AMistypedCodeIsMalformedBeforeAnyLookup) {
  const CertificateKeyring keyring = fx::keyring_a();
  const json document = fx::coded_document(keyring);
  std::string typo = fx::code_in(document);
  typo[3] = typo[3] == '7' ? '8' : '7';
  const CertificateVerification result = verify(document, keyring, typo, "Ayşe Yılmaz");
  EXPECT_EQ(result.status, CertificateStatus::malformed);
  EXPECT_FALSE(result.code);
  EXPECT_FALSE(result.facts);
  EXPECT_FALSE(result.name_matches);
  EXPECT_EQ(verify(document, keyring, "not a code").status, CertificateStatus::malformed);
}

TEST(VerifyCertificate, AnEditedIssuedDateIsForged) {
  const CertificateKeyring keyring = fx::keyring_a();
  json document = fx::coded_document(keyring);
  document["certificates"][0]["issued"] = "2026-03-30";
  const CertificateVerification result = verify(document, keyring, fx::code_in(document));
  EXPECT_EQ(result.status, CertificateStatus::forged);
  EXPECT_EQ(result.forgery, ForgeryCause::facts_changed);
  EXPECT_EQ(result.certificate, CertificateId::parse(fx::certificate_id(1)));
  EXPECT_FALSE(result.facts) << "a forged record's facts are not vouched for";
}

TEST(VerifyCertificate, AnEditedExternalNumberIsForged) {
  const CertificateKeyring keyring = fx::keyring_a();
  json document = fx::coded_document(keyring);
  document["certificates"][0]["external_number"] = "MEB-2026-999999";
  EXPECT_EQ(verify(document, keyring, fx::code_in(document)).status, CertificateStatus::forged);
  document["certificates"][0].erase("external_number");
  EXPECT_EQ(verify(document, keyring, fx::code_in(document)).status, CertificateStatus::forged);
}

TEST(VerifyCertificate, ACertificateMovedToAnotherEnrollmentIsForged) {
  const CertificateKeyring keyring = fx::keyring_a();
  json document = fx::coded_document(keyring);
  document["certificates"][0]["enrollment"] = fx::enrollment_id(3);
  EXPECT_EQ(verify(document, keyring, fx::code_in(document)).status, CertificateStatus::forged);
  document["certificates"][0]["enrollment"] = fx::enrollment_id(77);  // no such enrollment
  EXPECT_EQ(verify(document, keyring, fx::code_in(document)).status, CertificateStatus::forged);
}

/// Checks that the fixture's code made under key A is forged for @p cause when verified with @p keyring.
void expect_code_of_key_a_forged(const CertificateKeyring& keyring, ForgeryCause cause) {
  const json document = fx::coded_document(fx::keyring_a());
  const CertificateVerification result = verify(document, keyring, fx::code_in(document));
  EXPECT_EQ(result.status, CertificateStatus::forged);
  EXPECT_EQ(result.forgery, cause);
}

TEST(VerifyCertificate, ACodeUnderAnotherSecretIsForged) {
  expect_code_of_key_a_forged(CertificateKeyring(fx::test_key('A', 0x5A)), ForgeryCause::facts_changed);
}

TEST(VerifyCertificate, ACodeWhoseKeyIsNotInTheKeyringIsForged) {
  expect_code_of_key_a_forged(CertificateKeyring(fx::test_key('B', 0xB2)), ForgeryCause::unknown_key);
}

TEST(VerifyCertificate, ACodeIssuedUnderKeyAVerifiesAfterRotationToKeyB) {
  const json document = fx::coded_document(fx::keyring_a());
  const CertificateKeyring rotated(fx::test_key('B', 0xB2), {fx::test_key('A', 0xA1)});
  EXPECT_EQ(verify(document, rotated, fx::code_in(document)).status, CertificateStatus::valid);
  // New codes are made under B, and verify too.
  const json recoded = fx::with_codes(document, rotated);
  EXPECT_EQ(fx::code_in(recoded).front(), 'B');
  EXPECT_EQ(verify(recoded, rotated, fx::code_in(recoded)).status, CertificateStatus::valid);
}

TEST(VerifyCertificate, RevokingKeepsTheCode) {
  const CertificateKeyring keyring = fx::keyring_a();
  json document = fx::valid_document();
  document["certificates"][0]["revoked"] = {{"reason", "exam irregularity"}, {"date", "2026-05-02"}};
  EXPECT_EQ(fx::code_in(fx::with_codes(document, keyring)), fx::code_in(fx::coded_document(keyring)));
}

TEST(VerifyCertificate, NameMatchesIgnoresCaseAndTurkishDiacritics) {
  const CertificateKeyring keyring = fx::keyring_a();
  const json document = fx::coded_document(keyring);
  const std::string code = fx::code_in(document);
  EXPECT_EQ(verify(document, keyring, code, "Ayşe Yılmaz").name_matches, true);
  EXPECT_EQ(verify(document, keyring, code, "AYŞE YILMAZ").name_matches, true);
  EXPECT_EQ(verify(document, keyring, code, "ayse  yilmaz ").name_matches, true);
  EXPECT_EQ(verify(document, keyring, code, "Ayşe Demir").name_matches, false);
  EXPECT_EQ(verify(document, keyring, code, "Ayşe").name_matches, false);
  EXPECT_EQ(verify(document, keyring, code, "").name_matches, false);
}

TEST(VerifyCertificate, AnErasedHolderHasNoName) {
  const CertificateKeyring keyring = fx::keyring_a();
  json document = fx::coded_document(keyring);
  json& person = document["trainees"][0];
  for (const char* field : {"national_id", "given_name", "family_name", "birth_date", "phone", "email", "job_preferences"}) {
    person.erase(field);
  }
  person["erased"] = "2026-05-10";
  person["birth_year"] = 1995;
  const CertificateVerification result = verify(document, keyring, fx::code_in(document), "Ayşe Yılmaz");
  EXPECT_EQ(result.status, CertificateStatus::valid) << "erasure keeps every certificate";
  ASSERT_TRUE(result.facts);
  EXPECT_FALSE(result.facts->holder);
  EXPECT_TRUE(result.facts->holder_erased);
  EXPECT_FALSE(result.name_matches) << "nothing to compare with";
}

TEST(MaskPersonName, KeepsTheFirstLetterOfEachPart) {
  EXPECT_EQ(mask_person_name("Ayşe Demir"), "A*** D****");
  EXPECT_EQ(mask_person_name("Ayşe Nur Yılmaz"), "A*** N** Y*****");
  EXPECT_EQ(mask_person_name("  Çağla   Özdemir "), "Ç**** Ö******");
  EXPECT_EQ(mask_person_name("İ"), "İ");
  EXPECT_EQ(mask_person_name(""), "");
}

// --- tokens -----------------------------------------------------------------------------------

struct TokenCase {
  CertificateKeyring keyring = fx::keyring_a();
  json document = fx::coded_document(keyring);
  Dataset dataset = fx::dataset_of(document);
  const Certificate& certificate() const { return dataset.records<Certificate>()[0]; }
  std::string token() const { return certificate_token(keyring, dataset, certificate()); }
};

/// The payload of @p token, decoded.
std::string payload_of(const std::string& token) {
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  const auto bytes = certificates_detail::base64_decode(token.substr(first + 1, second - first - 1));
  return bytes ? std::string(bytes->begin(), bytes->end()) : std::string();
}

/// @p token with its payload replaced by @p payload (and the signature kept).
std::string with_payload(const std::string& token, const std::string& payload) {
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  const auto* bytes = reinterpret_cast<const unsigned char*>(payload.data());
  return token.substr(0, first + 1) + certificates_detail::base64url_encode({bytes, payload.size()}) +
         token.substr(second);
}

TEST(CertificateToken, RoundTripsWithThePublicKey) {
  const TokenCase c;
  const std::string token = c.token();
  EXPECT_TRUE(token.starts_with("VF1."));
  EXPECT_THAT(token, ::testing::MatchesRegex("VF1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"));
  const TokenVerification result = verify_token(c.keyring.public_key(), token);
  EXPECT_EQ(result.status, TokenStatus::valid);
  EXPECT_EQ(result.key_id, 'A');
  EXPECT_EQ(result.certificate, c.certificate().id);
  EXPECT_EQ(result.code, fx::code_in(c.document));
  const CertificateVerification online = verify_certificate(c.dataset, c.keyring, fx::code_in(c.document));
  EXPECT_EQ(result.facts, online.facts);
}

TEST(CertificateToken, IsDeterministicAndHoldsNoFullName) {
  const TokenCase c;
  EXPECT_EQ(c.token(), c.token());
  const std::string payload = payload_of(c.token());
  EXPECT_THAT(payload, ::testing::HasSubstr("holder=A*** Y*****\n"));
  EXPECT_THAT(payload, ::testing::Not(::testing::HasSubstr("Ayşe")));
  EXPECT_THAT(payload, ::testing::Not(::testing::HasSubstr(fx::trainee_id(0))));
}

TEST(CertificateToken, ATamperedPayloadIsForged) {
  const TokenCase c;
  const std::string token = c.token();
  std::string payload = payload_of(token);
  const std::size_t at = payload.find("issued=2026-04-01");
  ASSERT_NE(at, std::string::npos);
  payload.replace(at, 17, "issued=2026-04-02");
  EXPECT_EQ(verify_token(c.keyring.public_key(), with_payload(token, payload)).status, TokenStatus::forged);
}

TEST(CertificateToken, AnotherPublicKeyFindsItForged) {
  const TokenCase c;
  const CertificateKeyring other(fx::test_key('A', 0x77));
  EXPECT_NE(other.public_key(), c.keyring.public_key());
  EXPECT_EQ(verify_token(other.public_key(), c.token()).status, TokenStatus::forged);
}

TEST(CertificateToken, WhatIsNotATokenIsMalformed) {
  const TokenCase c;
  const TokenPublicKey key = c.keyring.public_key();
  const std::string token = c.token();
  EXPECT_EQ(verify_token(key, "").status, TokenStatus::malformed);
  EXPECT_EQ(verify_token(key, "hello").status, TokenStatus::malformed);
  EXPECT_EQ(verify_token(key, "VF2" + token.substr(3)).status, TokenStatus::malformed);
  EXPECT_EQ(verify_token(key, token.substr(0, token.rfind('.'))).status, TokenStatus::malformed);
  EXPECT_EQ(verify_token(key, token + "!").status, TokenStatus::malformed);
  EXPECT_EQ(verify_token(key, "  " + token + "\n").status, TokenStatus::valid) << "surrounding white space";
}

TEST(CertificateToken, IsSignedByTheCurrentKeyAndItsPublicKeyIsDerivedFromIt) {
  const TokenCase c;
  const CertificateKeyring rotated(fx::test_key('B', 0xB2), {fx::test_key('A', 0xA1)});
  const std::string token = certificate_token(rotated, c.dataset, c.certificate());
  const TokenVerification result = verify_token(rotated.public_key(), token);
  EXPECT_EQ(result.status, TokenStatus::valid);
  EXPECT_EQ(result.key_id, 'B');
  EXPECT_EQ(rotated.public_key('A'), c.keyring.public_key());
  EXPECT_EQ(rotated.public_key('B'), rotated.public_key());
  EXPECT_FALSE(rotated.public_key('C'));
  EXPECT_EQ(verify_token(*rotated.public_key('A'), token).status, TokenStatus::forged);
}

TEST(CertificateToken, IsRefusedForARevokedOrForgedCertificate) {
  TokenCase c;
  Certificate revoked = c.certificate();
  revoked.revoked = Revocation{"exam irregularity", fx::day(2026, 5, 2)};
  EXPECT_THROW(certificate_token(c.keyring, c.dataset, revoked), std::invalid_argument);
  Certificate edited = c.certificate();
  edited.issued = fx::day(2026, 4, 2);
  EXPECT_THROW(certificate_token(c.keyring, c.dataset, edited), std::invalid_argument);
  Certificate orphan = c.certificate();
  orphan.enrollment = *EnrollmentId::parse(fx::enrollment_id(77));
  EXPECT_THROW(certificate_token(c.keyring, c.dataset, orphan), std::invalid_argument);
  EXPECT_THROW(certificate_token(CertificateKeyring(fx::test_key('B', 0xB2)), c.dataset, c.certificate()),
               std::invalid_argument);
}

TEST(TokenPublicKey, TextRoundTrips) {
  const TokenPublicKey key = fx::keyring_a().public_key();
  const std::string text = key.text();
  EXPECT_EQ(text.size(), 43u);
  EXPECT_EQ(TokenPublicKey::parse(text), key);
  EXPECT_EQ(TokenPublicKey::parse(" " + text + "\n"), key);
  EXPECT_FALSE(TokenPublicKey::parse(text.substr(1)));
  EXPECT_FALSE(TokenPublicKey::parse(text + "AA"));
  EXPECT_FALSE(TokenPublicKey::parse("not a key"));
}

}  // namespace
}  // namespace vocfab
