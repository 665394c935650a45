// libFuzzer target: any bytes given to the reader yield issues, never a crash; whatever the reader
// accepts must write and read back to the same bytes; and reading the bytes in parts on several
// threads (as large files are read) must give exactly what reading them whole gives.
#include "io/split_reader.h"
#include "vocfab/io/json.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const vocfab::LoadResult loaded = vocfab::read_dataset(text);
  const vocfab::LoadResult in_parts = vocfab::io_detail::read_dataset_in_parts(text, 1 + size % 64, 2);
  if (vocfab::issues_to_json(in_parts.issues) != vocfab::issues_to_json(loaded.issues)) std::abort();
  if (!loaded.fatal()) {
    if (vocfab::write_dataset(in_parts.dataset) != vocfab::write_dataset(loaded.dataset)) std::abort();
    if (vocfab::issues_to_json(vocfab::validate(in_parts.dataset, &in_parts.diagnostics)) !=
        vocfab::issues_to_json(vocfab::validate(loaded.dataset, &loaded.diagnostics))) {
      std::abort();
    }
    const std::string saved = vocfab::write_dataset(loaded.dataset);
    const vocfab::LoadResult again = vocfab::read_dataset(saved);
    if (!again.ok() || vocfab::write_dataset(again.dataset) != saved) std::abort();
  }

  // The single-record decoders see the same bytes as one record of each kind.
  (void)vocfab::decode_json<vocfab::Trainee>(text, "trainees[0]");
  (void)vocfab::decode_json<vocfab::Vacancy>(text, "vacancies[0]");
  (void)vocfab::decode_json<vocfab::Referral>(text, "referrals[0]");
  (void)vocfab::decode_json<vocfab::Policy>(text, "policy");
  return 0;
}
