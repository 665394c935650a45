// libFuzzer target: any bytes given to the operations reader yield issues, never a crash; a
// document that is not JSON reads as nothing else; each operation is read or has issues, never
// both; every operation read writes and reads back to the same operation (compared by what it
// writes); the same bytes as an apply request never crash either. A batch that reads is applied
// to the tests' base registry (tests/support/fixture.h, whose ids the seed corpus names): checked
// only, then for real; a refused batch leaves the registry's bytes as they were, an applied one
// leaves it valid, and check-only agrees with applying.
#include "support/fixture.h"
#include "vocfab/io/json.h"
#include "vocfab/io/operations_json.h"
#include "vocfab/ops/certificates.h"
#include "vocfab/validation/validate.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

struct Registry {
  vocfab::Dataset dataset;
  std::string bytes;
  vocfab::CertificateKeyring keys = vocfab::CertificateKeyring::from_text("K " + std::string(64, 'b') + "\n");
};

const Registry& base() {
  static const Registry registry = [] {
    Registry r;
    r.dataset = vocfab::read_dataset(vocfab::testing::valid_document().dump()).dataset;
    r.bytes = vocfab::write_dataset(r.dataset);
    if (const auto issues = vocfab::validate(r.dataset); !issues.empty()) {
      std::fprintf(stderr, "the base registry is not valid: %s: %s\n", issues.front().path.c_str(), issues.front().message.c_str());
      std::abort();
    }
    return r;
  }();
  return registry;
}

void apply_to_base(const vocfab::OperationsDocument& document) {
  vocfab::Dataset dataset = base().dataset;
  vocfab::BatchContext context;
  context.actor = "fuzzer";
  context.at = vocfab::Timestamp(boost::gregorian::date(2026, 5, 1), boost::posix_time::hours(9));
  context.id_seed = 1;
  context.keyring = &base().keys;
  context.check_only = true;
  const vocfab::BatchOutcome checked = vocfab::apply_operations(dataset, document, context);
  if (vocfab::write_dataset(dataset) != base().bytes) std::abort();
  context.check_only = false;
  const vocfab::BatchOutcome applied = vocfab::apply_operations(dataset, document, context);
  if (checked.result.ok() != applied.result.ok()) std::abort();
  if (!applied.result.ok()) {
    if (vocfab::write_dataset(dataset) != base().bytes) std::abort();
    if (applied.result.failed->issues.empty()) std::abort();
  } else if (!vocfab::validate(dataset).empty()) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const vocfab::OperationsDocument document = vocfab::read_operations(text);
  if (document.parse_error && !document.operations.empty()) std::abort();
  for (const vocfab::OperationDraft& draft : document.operations) {
    if (draft.operation.has_value() == !draft.issues.empty()) std::abort();
    if (!draft.operation) continue;
    const std::string written = vocfab::write_operation(*draft.operation);
    const vocfab::OperationsDocument again = vocfab::read_operations(written);
    if (again.parse_error || again.operations.size() != 1 || !again.operations[0].operation) std::abort();
    if (vocfab::write_operation(*again.operations[0].operation) != written) std::abort();
    (void)vocfab::operation_content(*draft.operation);
  }

  if (!document.parse_error && document.operations.size() <= 64) apply_to_base(document);

  const vocfab::ApplyRequest request = vocfab::read_apply_request(text, vocfab::Timestamp());
  if (request.operations.parse_error && request.issues.empty()) std::abort();
  return 0;
}
