/* vocfab.h included first and alone, compiled as strict C99 (tests/capi/CMakeLists.txt). */
#include "vocfab/vocfab.h"

/* Uses a few declarations so that the translation unit is not empty. */
int vf_header_check_c(void);
int vf_header_check_c(void) {
  vf_status status = VF_OK;
  vf_flags flags = VF_FLAGS_NONE | VF_REVEAL_NATIONAL_IDS;
  size_t length = VF_NUL_TERMINATED;
  vf_dataset *dataset = NULL;
  (void)dataset;
  return (int)status + (int)flags + (length != 0) + VF_VERSION_NUMBER;
}
