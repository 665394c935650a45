// Private to src/io and its tests: the parallel reader with a chosen part size, so tests and the
// fuzzer can compare a document read in many parts with the same document read whole.
#pragma once

#include "vocfab/io/json.h"

#include <cstdint>
#include <string_view>

namespace vocfab::io_detail {

/// Reads @p text as the parallel reader reads large inputs: cut at record boundaries into parts of
/// about @p part_size bytes, parsed on @p threads threads and joined in document order.
LoadResult read_dataset_in_parts(std::string_view text, std::uint64_t part_size, unsigned threads);

}  // namespace vocfab::io_detail
