/// @file
/// Reading a certificate key file (SPEC section 4, "Certificates"): the one place the library
/// reads a secret from the file system.
///
/// The file holds what `CertificateKeyring::from_text` reads — one key a line, `<id> <secret>`,
/// the current key first (docs/operations.md, "Certificates"). The text read is wiped from memory
/// once the keys are built, and no message quotes any of it.
///
/// Thread-safety: no shared state; distinct calls may run concurrently.
#pragma once

#include "vocfab/ops/certificates.h"

#include <cstddef>
#include <filesystem>

namespace vocfab {

/// The largest key file read, in bytes: a key file is a few lines; anything larger is not one.
inline constexpr std::size_t kMaxKeyFileBytes = 64 * 1024;

/// Reads the keyring of the key file at @p path.
/// @throws std::system_error when the file cannot be opened or read (the message reads
///         "cannot read 'PATH': reason", the path as given)
/// @throws CertificateKeyError when its text is not a key file, or it is larger than
///         `kMaxKeyFileBytes` (the message names the file and the line, never a secret)
CertificateKeyring read_certificate_keyring_file(const std::filesystem::path& path);

}  // namespace vocfab
