// A registry's status in JSON (vocfab/io/registry_json.h).
#include "vocfab/io/registry_json.h"

#include "io/record_codec.h"
#include "vocfab/model/masking.h"

#include <nlohmann/json.hpp>

namespace vocfab {

std::string write_registry_status(const Registry& registry) {
  using ordered_json = nlohmann::ordered_json;
  const RegistryStatus status = registry.status();
  const RecoveryReport& recovery = registry.recovery();
  ordered_json tail = nullptr;
  if (const auto& dropped = recovery.dropped_tail) {
    tail = {{"offset", dropped->offset},
            {"bytes", dropped->bytes},
            {"record", dropped->record},
            {"reason", mask_national_ids(dropped->reason)}};
  }
  const ordered_json document = {
      {"path", mask_national_ids(registry.path().string())},
      {"journal", mask_national_ids(Registry::journal_path(registry.path()).string())},
      {"read_only", registry.read_only()},
      {"journal_bytes", status.journal_bytes},
      {"journal_records", status.journal_records},
      {"last_seq", status.last_seq},
      {"batches_committed", status.batches_committed},
      {"commits", status.commits},
      {"checkpoints", status.checkpoints},
      {"checkpoint_error", status.checkpoint_error ? ordered_json(mask_national_ids(*status.checkpoint_error))
                                                   : ordered_json(nullptr)},
      {"recovery",
       {{"snapshot_seq", recovery.snapshot_seq},
        {"records_replayed", recovery.records_replayed},
        {"records_in_snapshot", recovery.records_in_snapshot},
        {"dropped_tail", tail},
        {"tail_truncated", recovery.tail_truncated},
        {"journal_restarted", recovery.journal_restarted},
        {"temporary_files_removed", recovery.temporary_files_removed}}}};
  return io_detail::dump_compact(document);
}

}  // namespace vocfab
