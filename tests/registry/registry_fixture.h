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

#include <algorithm>
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

/// The id of the @p n th employer the tests add: `00000000-0000-4000-8000-<n in 12 digits>`.
inline EmployerId added_employer_id(std::uint64_t n) {
  std::string digits = std::to_string(n);
  digits.insert(0, 12 - digits.size(), '0');
  return *EmployerId::parse("00000000-0000-4000-8000-" + digits);
}

/// An `add` of the @p n th employer.
inline Operation add_employer(std::uint64_t n) {
  const Employer employer{added_employer_id(n), "Firma " + std::to_string(n), std::nullopt, "textile",
                          *ProvinceCode::parse("35"), "Torbalı", true, std::nullopt};
  return Operation{ops::Add{employer}, Date(2026, 11, 20), {}, {}, {}};
}

/// A batch that adds employers 2k and 2k+1: readers must see both or neither.
inline std::vector<Operation> pair_batch(std::uint64_t k) { return {add_employer(2 * k), add_employer(2 * k + 1)}; }

/// How many employers the tests added are in @p dataset.
inline std::size_t added_employers(const Dataset& dataset) {
  std::size_t count = 0;
  for (const Employer& employer : dataset.records<Employer>()) {
    if (employer.id.to_string().starts_with("00000000-0000-4000-8000-")) ++count;
  }
  return count;
}

/// The dataset's document, full ids: two states are the same when these are.
inline std::string state_of(const Dataset& dataset) { return write_dataset(dataset); }
inline std::string state_of(const Registry& registry) { return state_of(registry.read().dataset()); }

/// Whether two states (or files) are the same; a failure says where they first differ rather than
/// printing two documents of the whole sample.
inline ::testing::AssertionResult same(const std::string& left, const std::string& right) {
  if (left == right) return ::testing::AssertionSuccess();
  const auto at = static_cast<std::size_t>(std::mismatch(left.begin(), left.end(), right.begin(), right.end()).first - left.begin());
  const std::size_t from = at < 80 ? 0 : at - 80;
  return ::testing::AssertionFailure() << "they differ at byte " << at << " of " << left.size() << " and " << right.size()
                                       << ":\n  " << left.substr(from, 160) << "\n  " << right.substr(from, 160);
}

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
  // The journal's records: the file without the zero bytes it has grown into ahead of them.
  std::string journal_text() const {
    std::string text = file_text(journal());
    text.erase(text.find_last_not_of('\0') + 1);
    return text;
  }
  // What a read-only reopen sees.
  std::string reopened_state() { return state_of(*reopen(true)); }

  ScratchDirectory scratch_;
};

}  // namespace vocfab::testing
