// libFuzzer target: any bytes given to the reader yield issues, never a crash, and whatever the
// reader accepts must write and read back to the same bytes.
#include "vocfab/io/json.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const vocfab::LoadResult loaded = vocfab::read_dataset(text);
  if (!loaded.fatal()) {
    (void)vocfab::validate(loaded.dataset, loaded.diagnostics);
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
