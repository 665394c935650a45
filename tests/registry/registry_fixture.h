// What the registry's tests share: a registry in a scratch directory made from the sample, the
// sample's day of operations one batch each, and the comparison of two states byte for byte.
#pragma once

#include "support/scratch.h"
#include "vocfab/io/json.h"
#include "vocfab/io/key_file.h"
#include "vocfab/io/operations_json.h"
#include "vocfab/ops/certificates.h"
#include "vocfab/registry/registry.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace vocfab::testing {

inline std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// The sample dataset, read clean.
inline Dataset sample_dataset() {
  LoadResult loaded = read_dataset_file(std::filesystem::path(VOCFAB_DATA_DIR) / "sample.json");
  EXPECT_TRUE(loaded.ok());
  return std::move(loaded.dataset);
}

/// The sample's certificate key.
inline const CertificateKeyring& sample_keyring() {
  static const CertificateKeyring keyring = CertificateKeyring::from_text(
      file_text(std::filesystem::path(VOCFAB_DATA_DIR) / "keys" / "sample-certificate.key"));
  return keyring;
}

/// The sample's day of operations (data/operations/sample-day.ndjson), each read.
inline std::vector<Operation> sample_day() {
  const OperationsDocument read =
      read_operations(file_text(std::filesystem::path(VOCFAB_DATA_DIR) / "operations" / "sample-day.ndjson"));
  std::vector<Operation> operations;
  for (const OperationDraft& draft : read.operations) operations.push_back(*draft.operation);
  return operations;
}

/// A context on @p minute past 09:00 on 2026-11-20, with the sample's key and no seed: ids are
/// drawn from the system, as a service's are.
inline BatchContext desk_context(int minute = 0) {
  BatchContext context;
  context.actor = "desk-3";
  context.at = Timestamp(Date(2026, 11, 20), boost::posix_time::hours(9) + boost::posix_time::minutes(minute));
  context.keyring = &sample_keyring();
  return context;
}

/// The dataset's document, full ids: two states are the same when these are.
inline std::string state_of(const Dataset& dataset) { return write_dataset(dataset); }
inline std::string state_of(const Registry& registry) { return state_of(registry.read().dataset()); }

/// A scratch directory holding a new registry `registry.json` made from the sample.
class RegistryTest : public ::testing::Test {
 protected:
  std::filesystem::path snapshot() const { return scratch_.path() / "registry.json"; }
  std::filesystem::path journal() const { return Registry::journal_path(snapshot()); }

  std::unique_ptr<Registry> create(const RegistryOptions& options = {}) {
    return Registry::create(snapshot(), sample_dataset(), options);
  }
  std::unique_ptr<Registry> reopen(bool read_only = true) {
    RegistryOptions options;
    options.read_only = read_only;
    return Registry::open(snapshot(), options);
  }

  ScratchDirectory scratch_;
};

}  // namespace vocfab::testing
