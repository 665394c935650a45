/// @file
/// The JSON interchange format (SPEC section 3): reading and writing datasets and single records.
///
/// Reading streams the document through nlohmann/json's SAX interface and builds each record
/// directly, so memory stays proportional to the dataset, not to a DOM of the file. Inputs of
/// 32 MiB and more are cut at record boundaries and read in parts on all cores, with exactly the
/// result of a read in one piece (records, issues, paths, parse-error positions). The reader
/// never throws on bad input: malformed JSON becomes a `parse_error` issue with line and column,
/// an unknown `schema_version` becomes `schema_version_unsupported`, and every malformed record
/// becomes issues naming the record and field (`trainees[3].national_id`); such records are left
/// out of the dataset and described in `LoadDiagnostics`. Unknown fields are ignored, so newer
/// files with added fields still load.
///
/// Writing is deterministic: records in dataset order, fields in a fixed order, one record per line,
/// so saving the same dataset always gives the same bytes (and save → load → save is identical).
///
/// Thread-safety: the functions keep no shared state; distinct calls may run concurrently. A read
/// of a large input starts and joins worker threads of its own.
#pragma once

#include "vocfab/model/collection.h"
#include "vocfab/model/dataset.h"
#include "vocfab/model/issue.h"
#include "vocfab/validation/validate.h"

#include <cstddef>
#include <array>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <variant>
#include <vector>

namespace vocfab {

class FileCalls;

/// The `schema_version` this build reads and writes.
inline constexpr int kSchemaVersion = 1;

/// How deep values may nest in any JSON the library reads (a dataset document, a record, a
/// policy): the document object, a collection and a record take three levels, a record's lists
/// and objects two more. Deeper input is refused with a `parse_error` naming where it happened,
/// so that no input can make the reader's memory or stack grow with its depth.
inline constexpr std::size_t kMaxNestingDepth = 32;

/// How a document is read.
struct ReadOptions {
  /// The most threads a read may use (0: one per hardware thread). Inputs of 32 MiB and more are
  /// read in parts on that many threads; a server embedding the library bounds it here.
  unsigned max_threads = 0;
};

/// What the reader knows about the records it left out of the dataset (see `RecordOrigins`).
struct LoadDiagnostics final : RecordOrigins {
  /// Ids (and, for branches, codes as text) of records the reader rejected.
  std::unordered_set<std::string> rejected_keys;
  /// For each collection (by `Collection`): the document index of each kept record, in order.
  /// Empty when the reader kept every record of it, so row = document index.
  std::array<std::vector<std::size_t>, kAllCollections.size()> document_index;

  /// Whether any record was rejected.
  bool any_rejected() const noexcept;
  /// The document position of @p row of @p collection.
  std::size_t position_in_document(Collection collection, std::size_t row) const noexcept override;
  /// True when a record with @p key was left out.
  bool rejected(std::string_view key) const noexcept override;
};

/// What reading a dataset produced.
struct LoadResult {
  Dataset dataset;              ///< Every record that could be built.
  std::vector<Issue> issues;    ///< Format problems found while reading (empty when clean).
  LoadDiagnostics diagnostics;  ///< Records left out, for `validate`.
  /// True when the document parsed and every record was built.
  bool ok() const noexcept { return issues.empty(); }
  /// True when the document itself could not be read (`io_error`, `parse_error` or
  /// `schema_version_unsupported`). That issue is then the only one, and the dataset is empty.
  bool fatal() const noexcept;
};

/// Reads a dataset document from @p input to its end. The whole text is held in memory while it
/// is read; for very large documents prefer `read_dataset_file`, which reads a file in parts.
/// A stream that fails while reading yields an `io_error` issue.
LoadResult read_dataset(std::istream& input, const ReadOptions& options = {});
/// Reads a dataset document held in memory.
LoadResult read_dataset(std::string_view text, const ReadOptions& options = {});
/// Reads a dataset file: the one entry point for reading a file, used by the CLI, the C ABI and
/// the bindings. A file that cannot be opened or read (missing, a directory, no permission, an
/// I/O error) yields one `io_error` issue that names it and gives the system's reason.
/// Pipes and devices are read to their end like streams.
LoadResult read_dataset_file(const std::filesystem::path& path, const ReadOptions& options = {});

/// The whole text of the file at @p path (an operations file, a key file), read through the same
/// entry point as datasets; or the `io_error` issue that names the file and gives the reason.
std::variant<std::string, Issue> read_text_file(const std::filesystem::path& path);

/// Reading then validating: the reader's issues followed by `validate`'s (skipped when the
/// document itself could not be read).
struct ValidationReport {
  LoadResult load;            ///< The read.
  std::vector<Issue> issues;  ///< All issues: reading and validation.
  /// True when there is no issue at all.
  bool valid() const noexcept { return issues.empty(); }
};
/// Reads @p path and validates what it holds.
ValidationReport validate_file(const std::filesystem::path& path, const ReadOptions& options = {});
/// Reads @p text and validates what it holds.
ValidationReport validate_text(std::string_view text, const ReadOptions& options = {});

/// How records are written.
struct WriteOptions {
  /// Write national ids masked (`100******46`), and every number in free text that could hold
  /// one (`mask_national_ids`) — for exports that leave the registry. A masked file cannot be
  /// read back as a dataset. Default: as they are, since a saved dataset is the registry's own
  /// state.
  bool mask_national_ids = false;
  /// Only create the file: when anything exists at the path, fail with `EEXIST` and leave it
  /// untouched (what exports such as an anonymised release use, so that one can never take the
  /// place of the registry it came from). Masked documents are always written this way.
  bool create_only = false;
  /// The write, fsync and rename calls a file is saved through (null: the system's); tests fail
  /// them here (`vocfab/io/file_calls.h`).
  FileCalls* calls = nullptr;
};

/// Writes @p dataset as a complete document.
void write_dataset(const Dataset& dataset, std::ostream& output, const WriteOptions& options = {});
/// The complete document for @p dataset.
std::string write_dataset(const Dataset& dataset, const WriteOptions& options = {});
/// Writes @p dataset to @p path atomically and durably: a crash at any moment leaves the old file
/// or the new one, never a torn one (SPEC section 9).
///
/// - The document goes to a new temporary file with a unique random name in the target's
///   directory (created exclusively, never through a symlink), which is fsynced, renamed over
///   the target, and the directory fsynced. On failure the temporary file is removed and the
///   target left exactly as it was. Concurrent saves to one path never tear it: the last wins.
/// - Permissions: an existing file keeps its permission bits (never loosened) and, as far as the
///   process may, its owner and group; a new file is created 0600 (owner only), whatever the
///   umask, since a dataset holds personal data.
/// - Symlinks: when @p path is a symlink, the file it points to is replaced (the link stays a
///   link), as editors do. A directory or anything else that is not a regular file is refused.
/// - **Masked exports never replace a file**: with `options.mask_national_ids` the file is only
///   created; when anything already exists at @p path the call fails with `EEXIST`
///   (`std::errc::file_exists`) and leaves it untouched, so a masked copy can never silently
///   take the place of a registry holding the full ids.
/// @throws std::system_error carrying the reason (`ENOENT`, `ENOTDIR`, `EACCES`, `EISDIR`,
///         `EEXIST`, `ENOSPC`, …); its `code().message()` is the text to show after
///         "cannot write PATH: ".
void write_dataset_file(const Dataset& dataset, const std::filesystem::path& path,
                        const WriteOptions& options = {});


/// Writes @p content (a report, a page) to @p path atomically and durably, as
/// `write_dataset_file` writes a dataset; an existing file is replaced unless @p create_only.
/// A new file is created 0600.
/// @throws std::system_error carrying the reason, as `write_dataset_file` does.
void write_text_file(const std::filesystem::path& path, std::string_view content, bool create_only = false);

/// A record decoded from JSON, or the issues that prevented it.
template <class Entity>
struct Decoded {
  std::optional<Entity> value;  ///< The record, when it could be built.
  std::vector<Issue> issues;    ///< Why not (paths start with the given base path).
};

/// Decodes one record of type @p Entity (one of the ten record kinds, `Policy` or `AuditEntry`)
/// from a JSON object text, with exactly the checks the reader makes. @p path prefixes issue
/// paths (e.g. `trainees[3]`).
template <class Entity>
Decoded<Entity> decode_json(std::string_view text, std::string_view path = "");

/// The compact one-line JSON object for @p record (one of the ten record kinds, `Policy` or
/// `AuditEntry`): the same bytes `write_dataset` writes for it.
template <class Entity>
std::string encode_json(const Entity& record, const WriteOptions& options = {});

/// Issues as the JSON array `[{"code": …, "path": …, "message": …}, …]`.
std::string issues_to_json(const std::vector<Issue>& issues);

/// What a JSON entry point of the matching layer answers (`allocate_json`, `rank_json`, …): the
/// result's JSON, or the issues that kept the request from being read or carried out (then `json`
/// is empty; `issues_to_json` renders them).
struct JsonReply {
  std::string json;  ///< The result's JSON; empty when there are issues.
  std::vector<Issue> issues;  ///< Why the request could not be served; empty on success.
  bool ok() const noexcept { return issues.empty(); }  ///< True when there are no issues.
};

}  // namespace vocfab
