// The journal reader on any bytes: it never crashes, never reads past the end, and what it calls
// sound is sound — the sound prefix reads again to the same records with no damage, and every
// sound record replays (or is refused) without harm on an empty dataset.
#include "vocfab/io/journal.h"
#include "vocfab/model/dataset.h"
#include "vocfab/ops/batch.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const vocfab::JournalContents contents = vocfab::read_journal(bytes);
  if (contents.sound_bytes > size) std::abort();
  if (contents.damage && (contents.damage->offset > size || contents.damage->offset + contents.damage->bytes != size)) {
    std::abort();
  }
  if (contents.header_ok) {
    const vocfab::JournalContents again = vocfab::read_journal(bytes.substr(0, contents.sound_bytes));
    if (again.damage || again.records.size() != contents.records.size()) std::abort();
  }
  vocfab::Dataset dataset;
  for (const vocfab::JournalRecord& record : contents.records) {
    vocfab::BatchContext context = record.context;
    context.replay = &record.draws;
    (void)vocfab::apply(dataset, record.operations, context);
  }
  return 0;
}
