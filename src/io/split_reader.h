// Private to src/io and its tests: the parallel reader's cut, forced at a chosen offset, so tests
// and the fuzzer can compare a document read in two parts with the same document read whole.
#pragma once

#include "vocfab/io/json.h"

#include <cstdint>
#include <string_view>

namespace vocfab::io_detail {

/// Reads @p text in two parts cut at the first record boundary at or after @p cut_target (as the
/// parallel reader does for large inputs), or in one piece if there is no such boundary.
/// @param was_cut set to whether the document was cut (may be null).
LoadResult read_dataset_in_two(std::string_view text, std::uint64_t cut_target, bool* was_cut = nullptr);

}  // namespace vocfab::io_detail
