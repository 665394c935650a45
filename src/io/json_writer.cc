// The deterministic dataset writer: fixed key order, one record per line.
#include "io/file_system.h"
#include "io/record_codec.h"
#include "vocfab/io/json.h"

#include <ostream>
#include <sstream>

namespace vocfab {
namespace {

template <class Record>
void write_collection(std::ostream& out, std::string_view name, std::span<const Record> records,
                      const WriteOptions& options, bool last) {
  out << "  \"" << name << "\": [";
  for (std::size_t i = 0; i < records.size(); ++i) {
    out << (i == 0 ? "\n    " : ",\n    ") << io_detail::dump_compact(io_detail::to_json_value(records[i], options));
  }
  out << (records.empty() ? "]" : "\n  ]") << (last ? "\n" : ",\n");
}

}  // namespace

void write_dataset(const Dataset& dataset, std::ostream& out, const WriteOptions& options) {
  out << "{\n  \"schema_version\": " << kSchemaVersion << ",\n";
  out << "  \"policy\": " << io_detail::dump_compact(io_detail::to_json_value(dataset.policy(), options)) << ",\n";
  write_collection(out, "centres", dataset.centres(), options, false);
  write_collection(out, "branches", dataset.branches(), options, false);
  write_collection(out, "courses", dataset.courses(), options, false);
  write_collection(out, "trainees", dataset.trainees(), options, false);
  write_collection(out, "applications", dataset.applications(), options, false);
  write_collection(out, "enrollments", dataset.enrollments(), options, false);
  write_collection(out, "certificates", dataset.certificates(), options, false);
  write_collection(out, "employers", dataset.employers(), options, false);
  write_collection(out, "vacancies", dataset.vacancies(), options, false);
  write_collection(out, "referrals", dataset.referrals(), options, true);
  out << "}\n";
}

std::string write_dataset(const Dataset& dataset, const WriteOptions& options) {
  std::ostringstream out;
  write_dataset(dataset, out, options);
  return std::move(out).str();
}

void write_dataset_file(const Dataset& dataset, const std::filesystem::path& path, const WriteOptions& options) {
  // Atomic and durable (see io_detail::write_file_atomically). A masked document is an export:
  // it is only ever created, never put in place of a file that may hold a registry's full ids.
  io_detail::AtomicWriteOptions file_options;
  file_options.existing =
      options.mask_national_ids ? io_detail::ExistingTarget::refuse : io_detail::ExistingTarget::replace;
  io_detail::write_file_atomically(
      path, [&](std::ostream& out) { write_dataset(dataset, out, options); }, file_options);
}

}  // namespace vocfab
