// The deterministic dataset writer: fixed key order, one record per line.
#include "io/record_drafts.h"
#include "vocfab/io/json.h"

#include <cstdio>
#include <fstream>
#include <ostream>
#include <sstream>
#include <system_error>

namespace vocfab {
namespace {

template <class Record>
void write_array(std::ostream& out, std::string_view name, std::span<const Record> records,
                 const WriteOptions& options, bool last) {
  out << "  \"" << name << "\": [";
  for (std::size_t i = 0; i < records.size(); ++i) {
    out << (i == 0 ? "\n    " : ",\n    ") << io_detail::dump_compact(io_detail::write_value(records[i], options));
  }
  out << (records.empty() ? "]" : "\n  ]") << (last ? "\n" : ",\n");
}

}  // namespace

void write_dataset(const Dataset& dataset, std::ostream& out, const WriteOptions& options) {
  out << "{\n  \"schema_version\": " << kSchemaVersion << ",\n";
  if (dataset.as_of()) out << "  \"as_of\": \"" << to_iso_string(*dataset.as_of()) << "\",\n";
  out << "  \"policy\": " << io_detail::dump_compact(io_detail::write_value(dataset.policy(), options)) << ",\n";
  const bool audited = !dataset.audit().empty();
  for_each_entity([&](auto kind) {
    using E = typename decltype(kind)::type;
    constexpr Collection collection = Description<E>::collection;
    write_array(out, to_string(collection), dataset.records<E>(), options,
                collection == kAllCollections.back() && !audited);
  });
  if (audited) write_array(out, "audit", dataset.audit(), options, true);
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
