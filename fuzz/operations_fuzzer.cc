// libFuzzer target: any bytes given to the operations reader yield issues, never a crash; a
// document that is not JSON reads as nothing else; each operation is read or has issues, never
// both; every operation read writes and reads back to the same operation (compared by what it
// writes); the same bytes as an apply request never crash either.
#include "vocfab/io/operations_json.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

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

  const vocfab::ApplyRequest request = vocfab::read_apply_request(text, vocfab::Timestamp());
  if (request.operations.parse_error && request.issues.empty()) std::abort();
  return 0;
}
