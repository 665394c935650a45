// vocfab.h included first and alone, compiled as C++ (tests/capi/CMakeLists.txt).
#include "vocfab/vocfab.h"

#include <type_traits>

static_assert(std::is_same_v<vf_flags, uint32_t>, "vf_flags is a 32-bit bit set");
static_assert(VF_OK == 0, "VF_OK is 0");
// Every function has C linkage and a plain C signature.
static_assert(std::is_same_v<decltype(&vf_dataset_count),
                             vf_status (*)(const vf_dataset*, const char*, size_t*)>);

int vf_header_check_cxx();
int vf_header_check_cxx() { return VF_VERSION_NUMBER; }
