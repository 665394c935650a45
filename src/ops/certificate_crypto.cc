// The cryptography of certificates over OpenSSL 3 (see certificate_crypto.h).
#include "ops/certificate_crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>
#include <stdexcept>

namespace vocfab::certificates_detail {
namespace {

// Fixed forever: changing either changes every programme's public key (docs/operations.md).
constexpr std::string_view kTokenKeySalt = "vocfab certificate tokens";
constexpr std::string_view kTokenKeyLabel = "vocfab token signing key v1";

[[noreturn]] void openssl_failed(const char* what) {
  throw std::runtime_error(std::string("OpenSSL failed: ") + what);
}

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* pointer) const noexcept { Free(pointer); }
};
using MacPtr = std::unique_ptr<EVP_MAC, Deleter<EVP_MAC, EVP_MAC_free>>;
using MacContextPtr = std::unique_ptr<EVP_MAC_CTX, Deleter<EVP_MAC_CTX, EVP_MAC_CTX_free>>;
using KdfPtr = std::unique_ptr<EVP_KDF, Deleter<EVP_KDF, EVP_KDF_free>>;
using KdfContextPtr = std::unique_ptr<EVP_KDF_CTX, Deleter<EVP_KDF_CTX, EVP_KDF_CTX_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using DigestContextPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;

/// OpenSSL's parameter arrays take non-const pointers even for what they only read.
void* writable(const void* data) { return const_cast<void*>(data); }
char* writable(const char* text) { return const_cast<char*>(text); }

KeyPtr private_key(const SigningSeed& seed) {
  KeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  if (!key) openssl_failed("EVP_PKEY_new_raw_private_key");
  return key;
}

const unsigned char* bytes_of(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

/// The value of a symbol of the standard base64 alphabet.
int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  return c == '+' ? 62 : 63;
}

}  // namespace

Digest hmac_sha256(std::span<const unsigned char> key, std::span<const unsigned char> message) {
  MacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (!mac) openssl_failed("EVP_MAC_fetch HMAC");
  MacContextPtr context(EVP_MAC_CTX_new(mac.get()));
  if (!context) openssl_failed("EVP_MAC_CTX_new");
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, writable("SHA256"), 0),
                         OSSL_PARAM_construct_end()};
  if (EVP_MAC_init(context.get(), key.data(), key.size(), params) != 1) openssl_failed("EVP_MAC_init");
  if (EVP_MAC_update(context.get(), message.data(), message.size()) != 1) openssl_failed("EVP_MAC_update");
  Digest tag{};
  std::size_t written = 0;
  if (EVP_MAC_final(context.get(), tag.data(), &written, tag.size()) != 1 || written != tag.size()) {
    openssl_failed("EVP_MAC_final");
  }
  return tag;
}

Digest hmac_sha256(std::span<const unsigned char> key, std::string_view message) {
  return hmac_sha256(key, std::span<const unsigned char>(bytes_of(message), message.size()));
}

SigningSeed hkdf_sha256(std::span<const unsigned char> key, std::string_view salt, std::string_view info) {
  KdfPtr kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  if (!kdf) openssl_failed("EVP_KDF_fetch HKDF");
  KdfContextPtr context(EVP_KDF_CTX_new(kdf.get()));
  if (!context) openssl_failed("EVP_KDF_CTX_new");
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, writable("SHA256"), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, writable(key.data()), key.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, writable(salt.data()), salt.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, writable(info.data()), info.size()),
      OSSL_PARAM_construct_end()};
  SigningSeed out{};
  if (EVP_KDF_derive(context.get(), out.data(), out.size(), params) != 1) openssl_failed("EVP_KDF_derive");
  return out;
}

SigningSeed token_signing_seed(const CertificateKey& key) {
  return hkdf_sha256(KeyAccess::secret(key), kTokenKeySalt, kTokenKeyLabel);
}

TokenPublicKey ed25519_public_key(const SigningSeed& seed) {
  const KeyPtr key = private_key(seed);
  TokenPublicKey out;
  std::size_t length = out.bytes.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), out.bytes.data(), &length) != 1 || length != out.bytes.size()) {
    openssl_failed("EVP_PKEY_get_raw_public_key");
  }
  return out;
}

Signature ed25519_sign(const SigningSeed& seed, std::string_view message) {
  const KeyPtr key = private_key(seed);
  DigestContextPtr context(EVP_MD_CTX_new());
  if (!context) openssl_failed("EVP_MD_CTX_new");
  // Ed25519 hashes internally: no digest is named (RFC 8032 "pure" Ed25519).
  if (EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
    openssl_failed("EVP_DigestSignInit");
  }
  Signature signature{};
  std::size_t length = signature.size();
  if (EVP_DigestSign(context.get(), signature.data(), &length, bytes_of(message), message.size()) != 1 ||
      length != signature.size()) {
    openssl_failed("EVP_DigestSign");
  }
  return signature;
}

bool ed25519_verify(const TokenPublicKey& public_key, std::string_view message,
                    std::span<const unsigned char> signature) {
  if (signature.size() != Signature{}.size()) return false;
  KeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.bytes.data(), public_key.bytes.size()));
  if (!key) return false;  // not a point of the curve: nothing it could have signed
  DigestContextPtr context(EVP_MD_CTX_new());
  if (!context) openssl_failed("EVP_MD_CTX_new");
  if (EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
    openssl_failed("EVP_DigestVerifyInit");
  }
  return EVP_DigestVerify(context.get(), signature.data(), signature.size(), bytes_of(message), message.size()) == 1;
}

std::string base64url_encode(std::span<const unsigned char> bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(),
                                      static_cast<int>(bytes.size()));
  if (written < 0) openssl_failed("EVP_EncodeBlock");
  out.resize(static_cast<std::size_t>(written));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    else if (c == '/') c = '_';
  }
  return out;
}

std::optional<std::vector<unsigned char>> base64_decode(std::string_view text) {
  // The text may be a secret: its working copy is wiped on every way out, and reserved up front
  // so that no reallocation leaves a copy behind.
  struct WipedText {
    std::string text;
    ~WipedText() { wipe(text); }
  } work;
  work.text.reserve(text.size() + 3);
  work.text.assign(text);
  std::string& standard = work.text;
  std::size_t padding = 0;
  while (!standard.empty() && standard.back() == '=') {
    standard.pop_back();
    ++padding;
  }
  if (padding > 2) return std::nullopt;
  for (char& c : standard) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
    else if (!plain && c != '+' && c != '/') return std::nullopt;
  }
  const std::size_t tail = standard.size() % 4;
  if (tail == 1) return std::nullopt;
  if (padding != 0 && (tail == 0 || padding != 4 - tail)) return std::nullopt;
  // Canonical text only: the bits of the last symbol past the last byte must be zero, or two
  // texts would read as the same bytes.
  const int unused_bits_mask = tail == 2 ? 0x0F : tail == 3 ? 0x03 : 0;
  if (tail != 0 && (sextet(standard.back()) & unused_bits_mask) != 0) return std::nullopt;
  const std::size_t pad = tail == 0 ? 0 : 4 - tail;
  standard.append(pad, '=');
  std::vector<unsigned char> out(standard.size() / 4 * 3);
  const int written = EVP_DecodeBlock(out.data(), bytes_of(standard), static_cast<int>(standard.size()));
  if (written < 0 || static_cast<std::size_t>(written) < pad) {
    wipe(out);
    return std::nullopt;
  }
  out.resize(static_cast<std::size_t>(written) - pad);  // EVP_DecodeBlock counts padding as zero bytes
  return out;
}

void wipe(std::span<unsigned char> bytes) noexcept {
  if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
}

void wipe(std::string& text) noexcept {
  if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
}

}  // namespace vocfab::certificates_detail
