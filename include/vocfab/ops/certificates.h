/// @file
/// Certificates an employer can check (SPEC section 4, "Certificates"): the programme's keys,
/// verification codes, verification against the registry, and signed tokens for an offline check.
///
/// - **Keys.** A `CertificateKey` is a one-symbol key id and a secret of at least 32 bytes; a
///   `CertificateKeyring` holds the current key (which issues) and older keys (which still
///   verify), so a programme can rotate its key without invalidating codes already handed out.
///   Keys come from the caller — a key file's text (`CertificateKeyring::from_text`), or bytes —
///   and are never stored in a dataset. No message ever quotes a secret, and a key wipes its
///   secret when it goes.
/// - **Codes.** `certificate_code` gives `K-XXXX-XXXX-XXXX-XXXX-C`: the key id, the first 80 bits
///   of HMAC-SHA256 (OpenSSL) over a canonical text of the certificate's facts, in Crockford
///   base32, and a check symbol that catches every single mistyped symbol and every swap of two
///   neighbours. `normalize_certificate_code` reads what a person typed.
/// - **Verification.** `verify_certificate` finds the certificate carrying a code and says
///   whether it is valid, revoked, unknown, malformed or forged, with the facts printed on it and
///   the holder's name masked.
/// - **Tokens.** `certificate_token` signs a snapshot of those facts with Ed25519 (OpenSSL), with
///   a key derived from the current certificate key; `verify_token` checks one with nothing but
///   the programme's public key (`CertificateKeyring::public_key`).
///
/// docs/operations.md ("Certificates") gives the formats byte for byte.
///
/// Thread-safety: keys and keyrings are immutable values once built; const member functions and
/// the free functions may be called concurrently. The functions only read the dataset.
#pragma once

#include "vocfab/model/dataset.h"
#include "vocfab/model/entities.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vocfab {

namespace certificates_detail {
struct KeyAccess;
}

/// A key or key file that cannot be used (a short secret, a bad key id, a duplicate id, a line
/// that is not `<id> <secret>`). The message names the line, never the secret.
class CertificateKeyError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// One certificate key: a key id — one Crockford base32 symbol (`0`–`9`, `A`–`Z` without `I`,
/// `L`, `O`, `U`), the first symbol of every code it makes — and a secret of at least
/// `kMinimumSecretBytes` bytes. The secret can be read only by the library's own crypto code;
/// copies are independent, and each wipes its secret (`OPENSSL_cleanse`) when destroyed or
/// overwritten.
class CertificateKey {
 public:
  /// The shortest secret accepted, in bytes (SPEC section 4: at least 32 random bytes).
  static constexpr std::size_t kMinimumSecretBytes = 32;

  /// A key from its id (any case) and @p secret, which is copied.
  /// @throws CertificateKeyError when @p id is not a Crockford base32 symbol or @p secret is
  ///         shorter than `kMinimumSecretBytes`
  CertificateKey(char id, std::span<const unsigned char> secret);
  /// A copy of @p other, with its own copy of the secret.
  CertificateKey(const CertificateKey& other);
  /// Takes @p other's secret; @p other is left without one.
  CertificateKey(CertificateKey&& other) noexcept;
  /// Wipes this key's secret, then copies @p other's.
  CertificateKey& operator=(const CertificateKey& other);
  /// Wipes this key's secret, then takes @p other's.
  CertificateKey& operator=(CertificateKey&& other) noexcept;
  /// Wipes the secret.
  ~CertificateKey();

  /// The key id, an upper-case Crockford base32 symbol.
  char id() const noexcept { return id_; }

 private:
  friend struct certificates_detail::KeyAccess;
  void wipe() noexcept;

  char id_ = '0';
  std::vector<unsigned char> secret_;
};

/// The raw Ed25519 public key that verifies tokens, and its text form: the 32 bytes in base64url
/// without padding (43 characters), which any Ed25519 implementation can use.
struct TokenPublicKey {
  std::array<unsigned char, 32> bytes{};  ///< The raw public key (RFC 8032).

  /// The text form (43 base64url characters).
  std::string text() const;
  /// Reads the text form (surrounding white space ignored); `std::nullopt` when it is not 32
  /// bytes of base64url.
  static std::optional<TokenPublicKey> parse(std::string_view text);
  /// Byte-wise equality.
  friend bool operator==(const TokenPublicKey&, const TokenPublicKey&) = default;
};

/// The programme's certificate keys: the current key, which issues codes and signs tokens, and
/// older keys, which are only used to verify codes made under them (key rotation).
class CertificateKeyring {
 public:
  /// A keyring of @p current and @p older keys.
  /// @throws CertificateKeyError when two keys share an id
  explicit CertificateKeyring(CertificateKey current, std::vector<CertificateKey> older = {});

  /// Reads a key file's text: one key a line, `<id> <secret>`, the first key the current one and
  /// the others older keys; the secret in hex (an even number of hex digits, any case) or as
  /// `base64:` followed by base64 (standard or url-safe alphabet, padding optional). Blank lines
  /// and lines starting with `#` are ignored; white space around fields is ignored.
  /// @throws CertificateKeyError naming the line (never quoting it) for a line that is not
  ///         `<id> <secret>`, a key id that is not one Crockford base32 symbol, a secret that is
  ///         neither hex nor base64 or shorter than 32 bytes, a key id used twice, or a text
  ///         without a key
  static CertificateKeyring from_text(std::string_view text);

  /// The key that issues codes and signs tokens.
  const CertificateKey& current() const noexcept { return keys_.front(); }
  /// Every key, the current one first.
  std::span<const CertificateKey> keys() const noexcept { return keys_; }
  /// The key with id @p key_id (any case; `I`/`L` read as `1`, `O` as `0`); null when none.
  const CertificateKey* find(char key_id) const noexcept;

  /// The public key of the current key's token signing key (what a verifier of tokens needs).
  TokenPublicKey public_key() const;
  /// The public key of the token signing key of the key @p key_id; `std::nullopt` when the
  /// keyring has no such key (tokens signed before a rotation need the older key's).
  std::optional<TokenPublicKey> public_key(char key_id) const;

 private:
  std::vector<CertificateKey> keys_;
};

// ---------------------------------------------------------------------------------------------
// Codes

/// Symbols of a code, hyphens not counted: the key id, 16 of the MAC, the check symbol.
inline constexpr std::size_t kCertificateCodeSymbols = 18;

/// The code as typed, in its canonical form `K-XXXX-XXXX-XXXX-XXXX-C` (upper case), or
/// `std::nullopt` when it is malformed: read case-insensitively, hyphens and white space ignored,
/// `I` and `L` read as `1` and `O` as `0`; it must then have exactly 18 symbols, the first 17 of
/// Crockford's base32 alphabet and the last a check symbol (that alphabet or `*~$=U`) equal to
/// the weighted sum of the others (weights 1 to 17) modulo 37. Catches every single mistyped
/// symbol and every swap of two neighbouring symbols.
std::optional<std::string> normalize_certificate_code(std::string_view text);

/// The verification code of @p certificate under the keyring's current key, from its facts (a
/// version tag, the key id, its id, enrollment, the enrollment's trainee and course, kind, issued
/// day and external number; never its revocation, so revoking keeps the code). @p dataset must
/// hold the certificate's enrollment; the certificate itself need not be in it yet.
/// @throws std::invalid_argument when @p dataset has no enrollment with the certificate's
///         `enrollment` id
std::string certificate_code(const CertificateKeyring& keyring, const Dataset& dataset, const Certificate& certificate);

// ---------------------------------------------------------------------------------------------
// Verification

/// What `verify_certificate` found.
enum class CertificateStatus {
  valid,      ///< A certificate carries the code, and the code matches its facts.
  revoked,    ///< As valid, but the certificate was revoked (see `revocation`).
  unknown,    ///< The code is well formed, but no certificate carries it.
  malformed,  ///< The code is not well formed (checked before any lookup).
  forged,     ///< A certificate carries the code, but the code does not vouch for its facts.
};
/// `valid`, `revoked`, `unknown`, `malformed` or `forged`.
std::string_view to_string(CertificateStatus status) noexcept;

/// Why a certificate was found `forged`.
enum class ForgeryCause {
  facts_changed,  ///< Its MAC does not match its facts (a fact was edited, or it was never issued here).
  unknown_key,    ///< Its key id names no key of the keyring, so no code of that id can be vouched for.
};
/// `facts_changed` or `unknown_key`.
std::string_view to_string(ForgeryCause cause) noexcept;

/// The facts printed on a certificate. Those that come from other records (the course's branch,
/// hours and centre, the holder) are absent when the dataset lacks that record.
struct CertificateFacts {
  CertificateKind kind = CertificateKind::participation;  ///< Kind of document.
  Date issued;                                            ///< Day of issue.
  std::optional<std::string> external_number;             ///< E.g. the MEB document number.
  CourseId course;                                        ///< The course it certifies.
  std::optional<BranchCode> branch;                       ///< The course's branch.
  std::optional<std::string> branch_name;                 ///< The branch's name.
  std::optional<std::uint32_t> hours;                     ///< The course's hours of instruction.
  std::optional<std::string> centre;                      ///< The name of the centre that ran the course.
  std::optional<std::string> holder;                      ///< The holder's name masked (`A*** D****`).
  bool holder_erased = false;                             ///< The holder was erased: there is no name.
  /// Field-wise equality.
  friend bool operator==(const CertificateFacts&, const CertificateFacts&) = default;
};

/// The answer of `verify_certificate`.
struct CertificateVerification {
  CertificateStatus status = CertificateStatus::malformed;  ///< What was found.
  /// The code in canonical form, when a certificate carries it (`valid`, `revoked`, `forged`).
  std::optional<std::string> code;
  /// The id of the certificate carrying the code (`valid`, `revoked`, `forged`).
  std::optional<CertificateId> certificate;
  std::optional<Revocation> revocation;  ///< When and why it was revoked (`revoked`).
  std::optional<ForgeryCause> forgery;   ///< Why it is `forged`.
  /// The facts printed on the certificate (`valid` and `revoked` only: a forged record's facts
  /// are exactly what cannot be trusted).
  std::optional<CertificateFacts> facts;
  /// Whether the name given to `verify_certificate` is the holder's (`valid` and `revoked`, when
  /// a name was given and the holder has one).
  std::optional<bool> name_matches;
};

/// Verifies the code @p code against @p dataset: reads it (`normalize_certificate_code`; a
/// malformed code goes no further), finds the first certificate whose stored code reads the same
/// (a linear scan of the certificates, without allocating: about a millisecond per 100,000), then
/// recomputes its code from its facts under the key its key id names. When @p name is given, the
/// answer says whether it is the holder's full name (given names, then family name) under
/// `same_turkish_text` — case, Turkish diacritics and spacing do not matter — without disclosing it.
CertificateVerification verify_certificate(const Dataset& dataset, const CertificateKeyring& keyring,
                                           std::string_view code, std::optional<std::string_view> name = {});

/// @p name as a certificate check shows it: each part (separated by white space) keeps its first
/// character, and every other character becomes `*` (`Ayşe Demir` → `A*** D****`).
std::string mask_person_name(std::string_view name);

// ---------------------------------------------------------------------------------------------
// Tokens

/// What `verify_token` found.
enum class TokenStatus {
  valid,      ///< The signature is the programme's, over the facts given.
  forged,     ///< The token is well formed but the signature does not match (edited, or another key).
  malformed,  ///< Not a token (wrong prefix, not base64url, or a payload that cannot be read).
};
/// `valid`, `forged` or `malformed`.
std::string_view to_string(TokenStatus status) noexcept;

/// The answer of `verify_token`: a snapshot of the certificate when the token was made.
struct TokenVerification {
  TokenStatus status = TokenStatus::malformed;  ///< What was found.
  std::optional<char> key_id;                   ///< The key id the token was signed under (`valid`).
  std::optional<CertificateId> certificate;     ///< The certificate's id (`valid`).
  std::optional<std::string> code;              ///< Its verification code (`valid`).
  std::optional<CertificateFacts> facts;        ///< Its facts when the token was made (`valid`).
};

/// A signed token of @p certificate for an offline check (a QR code):
/// `VF1.<payload>.<signature>`, both base64url, the payload a canonical text of the certificate's
/// id, code and facts (the holder's name masked) and the signature Ed25519 under the token
/// signing key of the keyring's current key. A token is a snapshot: revoking the certificate
/// later does not change a token already handed out (an online `verify_certificate` does see it).
/// @throws std::invalid_argument when @p dataset lacks the certificate's enrollment, when the
///         certificate is revoked, or when its stored code does not verify under @p keyring (no
///         token vouches for what the code does not)
std::string certificate_token(const CertificateKeyring& keyring, const Dataset& dataset, const Certificate& certificate);

/// Checks @p token with @p public_key alone, without the registry.
TokenVerification verify_token(const TokenPublicKey& public_key, std::string_view token);

}  // namespace vocfab
