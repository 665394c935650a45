// Certificate keys and key files: what is accepted, what is refused, and that no message ever
// quotes a secret.
#include "ops/certificate_fixture.h"
#include "support/scratch.h"
#include "vocfab/io/key_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <system_error>

namespace vocfab {
namespace {

namespace fx = vocfab::testing;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kSecretHex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";  // 32 bytes
constexpr std::string_view kShortSecretHex = "c0ffee0ddba11cc0ffee0ddba11cc0ffee0ddba11cc0ffee0ddba1";      // 27 bytes

/// The message of the CertificateKeyError @p text raises (empty when none).
std::string refusal(std::string_view text) {
  try {
    CertificateKeyring::from_text(text);
  } catch (const CertificateKeyError& error) {
    return error.what();
  }
  return {};
}

TEST(CertificateKeyFile, TheFirstKeyIsCurrentTheOthersOlder) {
  const CertificateKeyring keyring = CertificateKeyring::from_text(
      "# programme keys\n\nK " + std::string(kSecretHex) + "\n  # older:\n  h\t" + std::string(kSecretHex) + "  \r\n");
  EXPECT_EQ(keyring.current().id(), 'K');
  ASSERT_EQ(keyring.keys().size(), 2u);
  EXPECT_EQ(keyring.keys()[1].id(), 'H') << "key ids are read in any case";
  EXPECT_NE(keyring.find('h'), nullptr);
  EXPECT_EQ(keyring.find('Q'), nullptr);
}

TEST(CertificateKeyFile, ReadsHexAndBase64Secrets) {
  const std::string base64 = "base64:ABEiM0RVZneImaq7zN3u/wARIjNEVWZ3iJmqu8zd7v8=";  // kSecretHex
  const std::string url = "base64:ABEiM0RVZneImaq7zN3u_wARIjNEVWZ3iJmqu8zd7v8";    // url-safe, unpadded
  const Dataset dataset = fx::dataset_of(fx::valid_document());
  const Certificate& certificate = dataset.records<Certificate>()[0];
  const std::string from_hex =
      certificate_code(CertificateKeyring::from_text("K " + std::string(kSecretHex)), dataset, certificate);
  EXPECT_EQ(certificate_code(CertificateKeyring::from_text("K " + base64), dataset, certificate), from_hex);
  EXPECT_EQ(certificate_code(CertificateKeyring::from_text("K " + url + "\n"), dataset, certificate), from_hex);
}

TEST(CertificateKeyFile, AShortSecretIsRefusedWithoutQuotingIt) {
  const std::string message = refusal("# test\nK " + std::string(kShortSecretHex) + "\n");
  EXPECT_THAT(message, HasSubstr("line 2"));
  EXPECT_THAT(message, HasSubstr("27 bytes"));
  EXPECT_THAT(message, HasSubstr("at least 32"));
  EXPECT_THAT(message, Not(HasSubstr(std::string(kShortSecretHex))));
  EXPECT_THAT(message, Not(HasSubstr("c0ffee"))) << "not even a piece of it";
}

TEST(CertificateKeyFile, RefusesWhatIsNotAKeyAndNeverQuotesTheLine) {
  const std::string secret(kSecretHex);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"I " + secret, "Crockford base32"},  // I, L, O and U are not key ids
      {"U " + secret, "Crockford base32"},
      {"KK " + secret, "Crockford base32"},
      {"* " + secret, "Crockford base32"},
      {"K", "expected '<key id> <secret>'"},
      {"K " + secret + " extra", "expected '<key id> <secret>'"},
      {"K " + secret.substr(1), "neither hex"},  // a digit lost is not read as base64
      {"K " + secret + "!", "neither hex"},
      {"K base64:" + secret + "!", "neither hex"},
      {"K ABEiM0RVZneImaq7zN3u/wARIjNEVWZ3iJmqu8zd7v8=", "neither hex"},  // base64 needs its prefix
      {"K " + secret + "\nK " + secret, "already used on line 1"},
      {"", "holds no key"},
      {"# only comments\n\n", "holds no key"},
  };
  for (const auto& [text, expected] : cases) {
    const std::string message = refusal(text);
    EXPECT_THAT(message, HasSubstr(expected)) << text;
    EXPECT_THAT(message, Not(HasSubstr(secret.substr(0, 16)))) << text;
  }
}

TEST(CertificateKey, RefusesAShortSecretAndABadId) {
  EXPECT_THROW(fx::test_key('K', 1, 31), CertificateKeyError);
  EXPECT_NO_THROW(fx::test_key('K', 1, 32));
  EXPECT_THROW(fx::test_key('O', 1), CertificateKeyError);
  EXPECT_THROW(fx::test_key('-', 1), CertificateKeyError);
  EXPECT_EQ(fx::test_key('k', 1).id(), 'K');
}

TEST(CertificateKeyring, RefusesTwoKeysWithOneId) {
  EXPECT_THROW(CertificateKeyring(fx::test_key('K', 1), {fx::test_key('k', 2)}), CertificateKeyError);
}

TEST(CertificateKey, CopiesAndMovesKeepTheSecret) {
  const Dataset dataset = fx::dataset_of(fx::valid_document());
  const Certificate& certificate = dataset.records<Certificate>()[0];
  const CertificateKey original = fx::test_key('K', 9);
  const std::string code = certificate_code(CertificateKeyring(original), dataset, certificate);
  CertificateKey copy = original;
  CertificateKey moved = std::move(copy);
  CertificateKey assigned = fx::test_key('K', 1);
  assigned = moved;
  EXPECT_EQ(certificate_code(CertificateKeyring(moved), dataset, certificate), code);
  EXPECT_EQ(certificate_code(CertificateKeyring(assigned), dataset, certificate), code);
}

TEST(CertificateKeyFile, IsReadFromAFile) {
  const fx::ScratchDirectory scratch;
  const auto path = scratch.path() / "programme.key";
  std::ofstream(path) << "# test key\nK " << kSecretHex << "\n";
  EXPECT_EQ(read_certificate_keyring_file(path).current().id(), 'K');
}

TEST(CertificateKeyFile, AFileThatCannotBeReadIsAnIoError) {
  const fx::ScratchDirectory scratch;
  try {
    read_certificate_keyring_file(scratch.path() / "missing.key");
    FAIL() << "no error";
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code(), std::errc::no_such_file_or_directory);
    EXPECT_THAT(error.what(), HasSubstr("cannot read '"));
    EXPECT_THAT(error.what(), HasSubstr("missing.key'"));
  }
}

TEST(CertificateKeyFile, AFileRefusedNamesTheFileAndTheLineOnly) {
  const fx::ScratchDirectory scratch;
  const auto path = scratch.path() / "short.key";
  std::ofstream(path) << "K " << kShortSecretHex << "\n";
  try {
    read_certificate_keyring_file(path);
    FAIL() << "no error";
  } catch (const CertificateKeyError& error) {
    EXPECT_THAT(error.what(), HasSubstr("short.key': certificate key file, line 1"));
    EXPECT_THAT(error.what(), Not(HasSubstr("c0ffee")));
  }
  const auto big = scratch.path() / "big.key";
  std::ofstream(big) << std::string(kMaxKeyFileBytes + 1, '#');
  EXPECT_THROW(read_certificate_keyring_file(big), CertificateKeyError);
}

TEST(CertificateKeyFile, TheSampleKeyFileReads) {
  const CertificateKeyring keyring = read_certificate_keyring_file(VOCFAB_DATA_DIR "/keys/sample-certificate.key");
  EXPECT_EQ(keyring.current().id(), 'S');
  EXPECT_EQ(keyring.keys().size(), 2u);
}

}  // namespace
}  // namespace vocfab
