// The deterministic dataset writer: fixed key order, one record per line.
#include "io/record_codec.h"
#include "vocfab/io/json.h"

#include <cstdio>
#include <fstream>
#include <ostream>
#include <sstream>
#include <system_error>

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
  // Write beside the target and rename, so a crash never leaves a half-written dataset behind.
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw std::system_error(errno, std::generic_category(), "cannot write " + temporary.string());
    write_dataset(dataset, out, options);
    out.flush();
    if (!out) throw std::system_error(errno, std::generic_category(), "cannot write " + temporary.string());
  }
  std::filesystem::rename(temporary, path);
}

}  // namespace vocfab
