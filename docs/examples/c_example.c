/* Using vocfab from C: load a dataset, validate it, query records, handle errors.
 *
 *   cc -std=c99 c_example.c $(pkg-config --cflags --libs vocfab-c) -o c_example
 *   ./c_example data/sample.json
 *
 * Without an argument it works on a small document held in memory. Compiled and run by the
 * tests (tests/capi/CMakeLists.txt). */
#include <vocfab/vocfab.h>

#include <stdio.h>

/* Prints the last error of this thread: message and structured issues. */
static int report_error(const char *what, vf_status status) {
  fprintf(stderr, "%s failed: %s\n  %s\n  issues: %s\n", what, vf_status_name(status),
          vf_last_error_message(), vf_last_issues_json());
  return 1;
}

static const char kSmall[] =
    "{\"schema_version\": 1,"
    " \"branches\": [{\"code\": \"SEWING\", \"name\": \"Sewing\", \"sector\": \"textile\","
    "                 \"nominal_hours\": 120, \"certificate\": \"meb\"}],"
    " \"trainees\": [{\"id\": \"7d1c1b9e-3f0a-4c51-9a51-0d4c2b1f0e01\","
    "                 \"national_id\": \"10000000146\", \"given_name\": \"Ayse\","
    "                 \"family_name\": \"Yilmaz\", \"birth_date\": \"1990-05-01\","
    "                 \"province\": \"35\", \"district\": \"Konak\","
    "                 \"education_level\": \"upper_secondary\","
    "                 \"employment_status\": \"unemployed\", \"registered\": \"2023-12-01\"}]}";

int main(int argc, char **argv) {
  int major, minor, patch;
  vf_dataset *ds = NULL;
  vf_status status;
  size_t i, count;
  int valid = 0;
  char *json = NULL;

  /* 1. Check that the loaded library is the one this program was compiled for. */
  vf_version(&major, &minor, &patch);
  if (major != VF_VERSION_MAJOR) {
    fprintf(stderr, "libvocfab %s is incompatible with header %d.%d.%d\n", vf_version_string(),
            VF_VERSION_MAJOR, VF_VERSION_MINOR, VF_VERSION_PATCH);
    return 1;
  }
  printf("libvocfab %s\n", vf_version_string());

  /* 2. Load: strict, so a failure means nothing was created and nothing must be freed. */
  status = argc > 1 ? vf_dataset_load_file(argv[1], VF_FLAGS_NONE, &ds)
                    : vf_dataset_load_json(kSmall, sizeof kSmall - 1, VF_FLAGS_NONE, &ds);
  if (status != VF_OK) return report_error("loading", status);

  /* 3. How many records of each kind. */
  for (i = 0; vf_collection_name(i) != NULL; ++i) {
    if ((status = vf_dataset_count(ds, vf_collection_name(i), &count)) != VF_OK) {
      vf_dataset_free(ds);
      return report_error("counting", status);
    }
    printf("%-13s %lu\n", vf_collection_name(i), (unsigned long)count);
  }

  /* 4. Validate: VF_OK means "a report was produced"; `valid` says what it found. */
  status = vf_dataset_validate(ds, &valid, &json);
  if (status != VF_OK) {
    vf_dataset_free(ds);
    return report_error("validating", status);
  }
  printf("valid: %s\n", valid ? "yes" : "no");
  vf_string_free(json);

  /* 5. Records come back as JSON; national ids are masked unless VF_REVEAL_NATIONAL_IDS. */
  status = vf_dataset_list(ds, "trainees", VF_FLAGS_NONE, &json);
  if (status != VF_OK) {
    vf_dataset_free(ds);
    return report_error("listing", status);
  }
  printf("trainees: %.200s\n", json);
  vf_string_free(json);

  /* 6. Errors are statuses, never crashes: a key that names no record. */
  status = vf_dataset_get(ds, "trainees", "00000000-0000-4000-8000-000000000000", VF_FLAGS_NONE,
                          &json);
  printf("get unknown trainee: %s (%s)\n", vf_status_name(status), vf_last_error_message());
  /* json is NULL after a failure: nothing to free. */

  vf_dataset_free(ds);
  return status == VF_ERROR_NOT_FOUND ? 0 : 1;
}
