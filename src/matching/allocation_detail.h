// Course allocation's internals that the tests reach (vocfab/matching/allocation.h).
#pragma once

#include "vocfab/matching/allocation.h"

namespace vocfab::matching::detail {

/// `allocate` with the applicants gathered in exactly @p parts parts of the trainee records (at
/// least 1), however few people there are: the tests show with it that joining the parts gives
/// what one part gives. `allocate` itself makes parts of at least a few thousand people.
AllocationResult allocate_in_parts(const Dataset& dataset, const AllocationRequest& request, unsigned parts);

}  // namespace vocfab::matching::detail
