// Reading a certificate key file (see vocfab/io/key_file.h).
#include "vocfab/io/key_file.h"

#include "io/file_system.h"
#include "ops/certificate_crypto.h"

#include <string>
#include <system_error>

namespace vocfab {

CertificateKeyring read_certificate_keyring_file(const std::filesystem::path& path) {
  const std::string named = "'" + path.string() + "'";
  // The whole capacity is reserved first, so that no reallocation leaves an unwiped copy of a
  // secret behind; one byte more than the limit tells a file that is too large.
  struct WipedText {
    std::string text;
    ~WipedText() { certificates_detail::wipe(text); }
  } content;
  content.text.resize(kMaxKeyFileBytes + 1);
  std::size_t size = 0;
  try {
    io_detail::InputFile file(path);
    while (size < content.text.size()) {
      const std::size_t got = file.read(content.text.data() + size, content.text.size() - size);
      if (got == 0) break;
      size += got;
    }
  } catch (const std::system_error& error) {
    throw std::system_error(error.code(), "cannot read " + named);
  }
  if (size > kMaxKeyFileBytes) {
    throw CertificateKeyError(named + " is larger than " + std::to_string(kMaxKeyFileBytes / 1024) +
                              " KiB: not a certificate key file");
  }
  try {
    return CertificateKeyring::from_text(std::string_view(content.text.data(), size));
  } catch (const CertificateKeyError& error) {
    throw CertificateKeyError(named + ": " + error.what());
  }
}

}  // namespace vocfab
