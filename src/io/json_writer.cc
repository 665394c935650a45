// The deterministic dataset writer: fixed key order, one record per line.
#include "io/file_system.h"
#include "io/record_drafts.h"
#include "vocfab/io/json.h"

#include <ostream>
#include <sstream>

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
  // Atomic and durable (see io_detail::write_file_atomically). A masked document is an export:
  // it is only ever created, never put in place of a file that may hold a registry's full ids.
  io_detail::AtomicWriteOptions file_options;
  file_options.existing = options.mask_national_ids || options.create_only ? io_detail::ExistingTarget::refuse
                                                                             : io_detail::ExistingTarget::replace;
  file_options.calls = options.calls;
  io_detail::write_file_atomically(
      path, [&](std::ostream& out) { write_dataset(dataset, out, options); }, file_options);
}

void write_text_file(const std::filesystem::path& path, std::string_view content, bool create_only) {
  io_detail::AtomicWriteOptions file_options;
  file_options.existing = create_only ? io_detail::ExistingTarget::refuse : io_detail::ExistingTarget::replace;
  io_detail::write_file_atomically(path, content, file_options);
}

}  // namespace vocfab
