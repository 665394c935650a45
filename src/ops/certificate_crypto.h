// Private to the library: the cryptography of certificates, over OpenSSL, in one place.
//
// Nothing here is home-made cryptography: HMAC-SHA256 is OpenSSL's EVP_MAC "HMAC", the key
// derivation OpenSSL's EVP_KDF "HKDF", signatures OpenSSL's Ed25519 (EVP_PKEY_ED25519), base64
// OpenSSL's EVP_EncodeBlock / EVP_DecodeBlock with the url-safe alphabet mapped around them.
// Every function throws std::runtime_error when OpenSSL itself fails (out of memory, a provider
// missing) and never puts key material in a message. Thread-safe: no shared state.
#pragma once

#include "vocfab/ops/certificates.h"

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vocfab::certificates_detail {

/// The library's only way to the secret of a key.
struct KeyAccess {
  static std::span<const unsigned char> secret(const CertificateKey& key) noexcept { return key.secret_; }
};

/// A SHA-256 digest or an HMAC-SHA256 tag.
using Digest = std::array<unsigned char, 32>;
/// An Ed25519 private key seed (RFC 8032), kept only as long as a signature takes.
using SigningSeed = std::array<unsigned char, 32>;
/// An Ed25519 signature.
using Signature = std::array<unsigned char, 64>;

/// HMAC-SHA256 of @p message under @p key (RFC 2104, RFC 4231).
Digest hmac_sha256(std::span<const unsigned char> key, std::span<const unsigned char> message);
/// HMAC-SHA256 of the bytes of @p message under @p key.
Digest hmac_sha256(std::span<const unsigned char> key, std::string_view message);

/// HKDF-SHA256 (RFC 5869) of @p key with @p salt and @p info, 32 bytes long.
SigningSeed hkdf_sha256(std::span<const unsigned char> key, std::string_view salt, std::string_view info);

/// The token signing seed of @p key: HKDF-SHA256 of its secret with the fixed salt and label of
/// docs/operations.md. The caller wipes it (`wipe`) when done.
SigningSeed token_signing_seed(const CertificateKey& key);
/// The Ed25519 public key of @p seed.
TokenPublicKey ed25519_public_key(const SigningSeed& seed);
/// The Ed25519 signature of @p message under @p seed.
Signature ed25519_sign(const SigningSeed& seed, std::string_view message);
/// Whether @p signature is @p public_key's over @p message.
bool ed25519_verify(const TokenPublicKey& public_key, std::string_view message, std::span<const unsigned char> signature);

/// @p bytes in base64url without padding.
std::string base64url_encode(std::span<const unsigned char> bytes);
/// Reads base64 in the url-safe or the standard alphabet, padding optional; `std::nullopt` for
/// anything else (a stray character, a length no encoding has, non-zero bits past the end).
std::optional<std::vector<unsigned char>> base64_decode(std::string_view text);

/// Overwrites @p bytes with zeros in a way the compiler cannot drop (`OPENSSL_cleanse`).
void wipe(std::span<unsigned char> bytes) noexcept;
/// Wipes the characters of @p text (a key file's text, a decoded secret in text form).
void wipe(std::string& text) noexcept;

}  // namespace vocfab::certificates_detail
