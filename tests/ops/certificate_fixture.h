// Keys and datasets for the certificate tests: the valid fixture document (support/fixture.h)
// with its certificate's code made under a test key.
#pragma once

#include "support/fixture.h"
#include "support/records.h"
#include "vocfab/io/json.h"
#include "vocfab/ops/certificates.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace vocfab::testing {

/// A key with id @p id whose secret is @p fill repeated @p bytes times.
inline CertificateKey test_key(char id, unsigned char fill, std::size_t bytes = 32) {
  const std::vector<unsigned char> secret(bytes, fill);
  return CertificateKey(id, secret);
}

/// The keyring of one test key, `A`.
inline CertificateKeyring keyring_a() { return CertificateKeyring(test_key('A', 0xA1)); }

/// The dataset of @p document, which must read without an issue.
inline Dataset dataset_of(const nlohmann::json& document) {
  LoadResult load = read_dataset(document.dump());
  EXPECT_TRUE(load.issues.empty()) << (load.issues.empty() ? "" : load.issues.front().message);
  return std::move(load.dataset);
}

/// @p document with the code of every certificate made under @p keyring.
inline nlohmann::json with_codes(nlohmann::json document, const CertificateKeyring& keyring) {
  const Dataset dataset = dataset_of(document);
  const auto certificates = dataset.records<Certificate>();
  for (std::size_t i = 0; i < certificates.size(); ++i) {
    document["certificates"][i]["verification_code"] = certificate_code(keyring, dataset, certificates[i]);
  }
  return document;
}

/// The valid fixture document, its certificate (trainee 0, Ayşe Yılmaz, the meb sewing course)
/// coded under @p keyring.
inline nlohmann::json coded_document(const CertificateKeyring& keyring) {
  return with_codes(valid_document(), keyring);
}

/// The code of the fixture's certificate in @p document.
inline std::string code_in(const nlohmann::json& document) {
  return document["certificates"][0]["verification_code"].get<std::string>();
}

}  // namespace vocfab::testing
