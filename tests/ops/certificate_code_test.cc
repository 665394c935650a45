// Verification codes: the HMAC under them (RFC 4231), their format, and the check symbol, which
// must catch every single mistyped symbol and every swap of two neighbours.
#include "ops/certificate_crypto.h"
#include "ops/certificate_fixture.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <vector>

namespace vocfab {
namespace {

namespace fx = vocfab::testing;
using certificates_detail::hmac_sha256;

std::string hex(std::span<const unsigned char> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0F]);
  }
  return out;
}

std::vector<unsigned char> repeated(unsigned char byte, std::size_t count) { return std::vector<unsigned char>(count, byte); }

std::vector<unsigned char> bytes_of(std::string_view text) { return {text.begin(), text.end()}; }

// --- HMAC-SHA256: RFC 4231, through the function the codes use ---------------------------------

TEST(CertificateHmac, Rfc4231Case1) {
  EXPECT_EQ(hex(hmac_sha256(repeated(0x0b, 20), std::string_view("Hi There"))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(CertificateHmac, Rfc4231Case2KeyShorterThanTheOutput) {
  EXPECT_EQ(hex(hmac_sha256(bytes_of("Jefe"), std::string_view("what do ya want for nothing?"))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CertificateHmac, Rfc4231Case3) {
  const auto data = repeated(0xdd, 50);
  EXPECT_EQ(hex(hmac_sha256(repeated(0xaa, 20), std::span<const unsigned char>(data))),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
}

TEST(CertificateHmac, Rfc4231Case4) {
  std::vector<unsigned char> key;
  for (unsigned char b = 0x01; b <= 0x19; ++b) key.push_back(b);
  const auto data = repeated(0xcd, 50);
  EXPECT_EQ(hex(hmac_sha256(key, std::span<const unsigned char>(data))),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
}

TEST(CertificateHmac, Rfc4231Case5TruncatedTo128Bits) {
  const auto tag = hmac_sha256(repeated(0x0c, 20), std::string_view("Test With Truncation"));
  EXPECT_EQ(hex(std::span<const unsigned char>(tag).first(16)), "a3b6167473100ee06e0c796c2955552b");
}

TEST(CertificateHmac, Rfc4231Case6KeyLargerThanTheBlock) {
  EXPECT_EQ(hex(hmac_sha256(repeated(0xaa, 131), std::string_view("Test Using Larger Than Block-Size Key - Hash Key First"))),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(CertificateHmac, Rfc4231Case7KeyAndDataLargerThanTheBlock) {
  EXPECT_EQ(hex(hmac_sha256(repeated(0xaa, 131),
                            std::string_view("This is a test using a larger than block-size key and a larger than "
                                             "block-size data. The key needs to be hashed before being used by the "
                                             "HMAC algorithm."))),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

// --- the check symbol -------------------------------------------------------------------------

constexpr std::string_view kBase32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::string_view kCheckSymbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";

/// 17 symbol values and their check symbol, computed here from the documented rule.
std::string code_of(const std::array<int, 17>& values) {
  std::string symbols;
  int sum = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    symbols.push_back(kBase32[static_cast<std::size_t>(values[i])]);
    sum += static_cast<int>(i + 1) * values[i];
  }
  symbols.push_back(kCheckSymbols[static_cast<std::size_t>(sum % 37)]);
  return symbols;
}

bool reads(const std::string& symbols) { return normalize_certificate_code(symbols).has_value(); }

std::array<int, 17> base_values() {
  std::array<int, 17> values{};
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<int>((i * 7 + 3) % 32);
  return values;
}

TEST(CertificateCheckSymbol, TheRuleOfTheDocsIsTheLibrarysRule) {
  std::mt19937 random(20260401);
  for (int n = 0; n < 2000; ++n) {
    std::array<int, 17> values{};
    for (int& v : values) v = static_cast<int>(random() % 32);
    const std::string code = code_of(values);
    ASSERT_TRUE(reads(code)) << code;
  }
}

// Substituting symbol a by b at data position i changes the sum by i·(b − a) (mod 37): the
// outcome depends on (i, a, b) alone, so trying every triple once covers every code.
TEST(CertificateCheckSymbol, CatchesEverySubstitutionOfADataSymbol) {
  int tried = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    for (int a = 0; a < 32; ++a) {
      std::array<int, 17> values = base_values();
      values[i] = a;
      const std::string code = code_of(values);
      ASSERT_TRUE(reads(code));
      for (char b : kCheckSymbols) {
        if (b == code[i]) continue;
        std::string typo = code;
        typo[i] = b;
        ASSERT_FALSE(reads(typo)) << code << " -> " << typo;
        ++tried;
      }
    }
  }
  EXPECT_EQ(tried, 17 * 32 * 36);
}

TEST(CertificateCheckSymbol, CatchesEverySubstitutionOfTheCheckSymbol) {
  for (std::size_t shift = 0; shift < 37; ++shift) {
    std::array<int, 17> values = base_values();
    values[0] = static_cast<int>(shift % 32);
    values[1] = static_cast<int>(shift / 32);
    const std::string code = code_of(values);
    for (char b : kCheckSymbols) {
      if (b == code.back()) continue;
      std::string typo = code;
      typo.back() = b;
      ASSERT_FALSE(reads(typo)) << code << " -> " << typo;
    }
  }
}

// Swapping a at i and b at i+1 changes the sum by (b − a)·i + (a − b)·(i + 1) = a − b.
TEST(CertificateCheckSymbol, CatchesEverySwapOfNeighbouringDataSymbols) {
  for (std::size_t i = 0; i + 1 < 17; ++i) {
    for (int a = 0; a < 32; ++a) {
      for (int b = 0; b < 32; ++b) {
        if (a == b) continue;
        std::array<int, 17> values = base_values();
        values[i] = a;
        values[i + 1] = b;
        std::string swapped = code_of(values);
        std::swap(swapped[i], swapped[i + 1]);
        ASSERT_FALSE(reads(swapped)) << swapped;
      }
    }
  }
}

// The last data symbol and the check symbol: every pair (a, c) that occurs.
TEST(CertificateCheckSymbol, CatchesEverySwapOfTheLastDataSymbolAndTheCheckSymbol) {
  std::array<std::array<bool, 37>, 32> seen{};
  for (int first = 0; first < 32; ++first) {
    for (int second = 0; second < 32; ++second) {
      for (int last = 0; last < 32; ++last) {
        std::array<int, 17> values = base_values();
        values[0] = first;
        values[1] = second;
        values[16] = last;
        std::string code = code_of(values);
        seen[static_cast<std::size_t>(last)][kCheckSymbols.find(code.back())] = true;
        if (code[16] == code[17]) continue;
        std::swap(code[16], code[17]);
        ASSERT_FALSE(reads(code)) << code;
      }
    }
  }
  for (const auto& row : seen) {
    for (bool pair : row) EXPECT_TRUE(pair);
  }
}

TEST(CertificateCheckSymbol, CatchesEveryTypoOfIssuedCodes) {
  const Dataset dataset = fx::dataset_of(fx::valid_document());
  for (char id : std::string_view("A7Z")) {
    const CertificateKeyring keyring(fx::test_key(id, static_cast<unsigned char>(id)));
    std::string code = certificate_code(keyring, dataset, dataset.records<Certificate>()[0]);
    std::erase(code, '-');
    ASSERT_EQ(code.size(), kCertificateCodeSymbols);
    for (std::size_t i = 0; i < code.size(); ++i) {
      for (char b : kCheckSymbols) {
        if (b == code[i]) continue;
        std::string typo = code;
        typo[i] = b;
        EXPECT_FALSE(reads(typo)) << typo;
      }
      if (i + 1 < code.size() && code[i] != code[i + 1]) {
        std::string swapped = code;
        std::swap(swapped[i], swapped[i + 1]);
        EXPECT_FALSE(reads(swapped)) << swapped;
      }
    }
  }
}

// --- reading and writing codes ----------------------------------------------------------------

TEST(CertificateCode, HasTheDocumentedShape) {
  const Dataset dataset = fx::dataset_of(fx::valid_document());
  const std::string code = certificate_code(fx::keyring_a(), dataset, dataset.records<Certificate>()[0]);
  EXPECT_THAT(code, ::testing::MatchesRegex("A-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}-[0-9A-HJKMNP-TV-Z*~$=U]"));
  EXPECT_EQ(normalize_certificate_code(code), code);
}

// A fixed key and fixed facts give a fixed code: the format of docs/operations.md, frozen (the
// Python tests compute the same code from the docs with hmac and hashlib).
TEST(CertificateCode, IsStableForFixedFacts) {
  const Dataset dataset = fx::dataset_of(fx::valid_document());
  EXPECT_EQ(certificate_code(fx::keyring_a(), dataset, dataset.records<Certificate>()[0]), "A-QER6-WZTQ-31CW-QHNF-3");
}

TEST(CertificateCode, IsReadCaseInsensitivelyIgnoringHyphensAndSpaces) {
  const Dataset dataset = fx::dataset_of(fx::valid_document());
  const std::string code = certificate_code(fx::keyring_a(), dataset, dataset.records<Certificate>()[0]);
  std::string typed;
  for (char c : code) {
    if (c == '-') typed += "  ";
    else typed.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  EXPECT_EQ(normalize_certificate_code(typed), code);
  std::string joined = code;
  std::erase(joined, '-');
  EXPECT_EQ(normalize_certificate_code(joined), code);
}

TEST(CertificateCode, ReadsIAndLAsOneAndOAsZero) {
  std::array<int, 17> values = base_values();
  values[3] = 1;
  values[4] = 0;
  values[5] = 1;
  std::string code = code_of(values);
  const auto canonical = normalize_certificate_code(code);
  ASSERT_TRUE(canonical);
  code[3] = 'I';
  code[4] = 'o';
  code[5] = 'l';
  EXPECT_EQ(normalize_certificate_code(code), canonical);
}

TEST(CertificateCode, MalformedInputIsRefused) {
  const std::string good = code_of(base_values());
  ASSERT_TRUE(reads(good));
  EXPECT_FALSE(reads(""));
  EXPECT_FALSE(reads(good.substr(1)));                       // a symbol short
  EXPECT_FALSE(reads(good + "0"));                           // a symbol too many
  EXPECT_FALSE(reads(good.substr(0, 5) + "U" + good.substr(6)));  // U is a check symbol only
  EXPECT_FALSE(reads(good.substr(0, 5) + "." + good.substr(5)));  // other punctuation
  EXPECT_FALSE(reads(good.substr(0, 5) + "\xC4\xB1" + good.substr(6)));  // ı is no symbol
  EXPECT_FALSE(reads(std::string(300, '-') + good));          // longer than anyone types
}

TEST(CertificateCode, NeedsTheEnrollmentInTheDataset) {
  const Dataset dataset = fx::dataset_of(fx::valid_document());
  Certificate certificate = dataset.records<Certificate>()[0];
  certificate.enrollment = *EnrollmentId::parse(fx::enrollment_id(99));
  EXPECT_THROW(certificate_code(fx::keyring_a(), dataset, certificate), std::invalid_argument);
}

TEST(CertificateCode, CoversEveryFactButNotTheRevocation) {
  const Dataset dataset = fx::dataset_of(fx::valid_document());
  const Certificate original = dataset.records<Certificate>()[0];
  const CertificateKeyring keyring = fx::keyring_a();
  const std::string code = certificate_code(keyring, dataset, original);

  Certificate revoked = original;
  revoked.revoked = Revocation{"issued by mistake", fx::day(2026, 5, 1)};
  EXPECT_EQ(certificate_code(keyring, dataset, revoked), code);

  std::vector<Certificate> changed(6, original);
  changed[0].id = *CertificateId::parse(fx::certificate_id(2));
  changed[1].enrollment = *EnrollmentId::parse(fx::enrollment_id(1));  // another person
  changed[2].kind = CertificateKind::participation;
  changed[3].issued = fx::day(2026, 4, 2);
  changed[4].external_number = "MEB-2026-000002";
  changed[5].external_number.reset();
  for (const Certificate& certificate : changed) EXPECT_NE(certificate_code(keyring, dataset, certificate), code);
}

TEST(CertificateCode, DependsOnTheKey) {
  const Dataset dataset = fx::dataset_of(fx::valid_document());
  const Certificate& certificate = dataset.records<Certificate>()[0];
  const std::string a = certificate_code(CertificateKeyring(fx::test_key('K', 1)), dataset, certificate);
  const std::string b = certificate_code(CertificateKeyring(fx::test_key('K', 2)), dataset, certificate);
  EXPECT_NE(a.substr(1), b.substr(1));
  EXPECT_EQ(a.front(), 'K');
}

}  // namespace
}  // namespace vocfab
