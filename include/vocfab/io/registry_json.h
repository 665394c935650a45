/// @file
/// A registry's status in JSON: what `vf_registry_status`, `vocfab registry status --json` and
/// `vocfab checkpoint --json` print (docs/registry.md, docs/c-api.md).
///
/// Thread-safety: as `Registry::status` (any thread, at any time).
#pragma once

#include "vocfab/registry/registry.h"

#include <string>

namespace vocfab {

/// `{"path", "journal", "read_only", "journal_bytes", "journal_records", "last_seq",
/// "batches_committed", "commits", "checkpoints", "checkpoint_error", "recovery":
/// {"snapshot_seq", "records_replayed", "records_in_snapshot", "dropped_tail": null or
/// {"offset", "bytes", "record", "reason"}, "tail_truncated", "journal_restarted",
/// "temporary_files_removed"}}`. Paths and texts are masked (`mask_national_ids`).
std::string write_registry_status(const Registry& registry);

}  // namespace vocfab
