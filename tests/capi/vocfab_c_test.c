/* The C ABI test: a plain C99 program linked against libvocfab.so that calls every function of
 * vocfab.h, on success and on every error path, including NULL arguments (the registry's,
 * vf_registry_*, in vocfab_registry_test.c and vocfab_registry_thread_test.c).
 *
 * Prints each failed check and a final line "N passed, M failed"; exits non-zero on failure.
 * Compiled with -std=c99 -pedantic -Wall -Wextra -Werror (tests/capi/CMakeLists.txt). */
#include "vocfab/vocfab.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef VF_TEST_TMP_DIR
#error "VF_TEST_TMP_DIR must name a writable directory"
#endif
#ifndef VF_TEST_SAMPLE
#define VF_TEST_SAMPLE ""
#endif

#include "checks.h"

/* The last error message and issues never show a full national id. */
static int error_masks(const char *digits) {
  return !contains(vf_last_error_message(), digits) && !contains(vf_last_issues_json(), digits);
}

/* ------------------------------------------------------------------------------------------- */
/* Test data: one record of each kind. National ids and the tax number have valid checksums.    */

#define ID_CENTRE "c0000000-0000-4000-8000-000000000001"
#define ID_COURSE "c0000000-0000-4000-8000-000000000002"
#define ID_TRAINEE "c0000000-0000-4000-8000-000000000003"
#define ID_TRAINEE2 "c0000000-0000-4000-8000-000000000013"
#define ID_APPLICATION "c0000000-0000-4000-8000-000000000004"
#define ID_ENROLLMENT "c0000000-0000-4000-8000-000000000005"
#define ID_CERTIFICATE "c0000000-0000-4000-8000-000000000006"
#define ID_EMPLOYER "c0000000-0000-4000-8000-000000000007"
#define ID_VACANCY "c0000000-0000-4000-8000-000000000008"
#define ID_REFERRAL "c0000000-0000-4000-8000-000000000009"
#define NATIONAL_ID "10000000146"
#define NATIONAL_ID_MASKED "100******46"
#define NATIONAL_ID2 "12345678950"
#define BAD_NATIONAL_ID "12345678901" /* wrong check digits */

static const char *const kCentre =
    "{\"id\":\"" ID_CENTRE "\",\"code\":\"HALKAPINAR\",\"name\":\"Halkap\xc4\xb1nar\","
    "\"province\":\"35\",\"district\":\"Konak\",\"seats\":120,\"branches\":[\"SEWING\"]}";
static const char *const kBranch =
    "{\"code\":\"SEWING\",\"name\":\"Sewing\",\"sector\":\"textile\",\"nominal_hours\":120,"
    "\"certificate\":\"meb\"}";
static const char *const kCourse =
    "{\"id\":\"" ID_COURSE "\",\"branch\":\"SEWING\",\"centre\":\"" ID_CENTRE "\","
    "\"start\":\"2024-01-08\",\"end\":\"2024-03-29\",\"total_hours\":120,\"capacity\":20,"
    "\"min_group\":1,\"mode\":\"in_person\",\"certificate\":\"meb\",\"status\":\"completed\","
    "\"min_age\":15}";
static const char *const kTrainee =
    "{\"id\":\"" ID_TRAINEE "\",\"national_id\":\"" NATIONAL_ID "\",\"given_name\":\"Ay\xc5\x9f" "e\","
    "\"family_name\":\"Y\xc4\xb1lmaz\",\"birth_date\":\"1990-05-01\",\"gender\":\"female\","
    "\"phone\":\"0532 123 45 67\",\"email\":\"ayse@example.org\",\"province\":\"35\","
    "\"district\":\"Konak\",\"education_level\":\"upper_secondary\","
    "\"employment_status\":\"unemployed\",\"job_seeking\":true,\"registered\":\"2023-12-01\","
    "\"disability\":false,\"consents\":{\"data_processing\":true,\"share_with_employers\":true},"
    "\"job_preferences\":{\"sectors\":[\"textile\"],\"districts\":[\"Konak\"],\"shift\":\"day\"}}";
static const char *const kTrainee2 =
    "{\"id\":\"" ID_TRAINEE2 "\",\"national_id\":\"" NATIONAL_ID2 "\",\"given_name\":\"Mehmet\","
    "\"family_name\":\"Demir\",\"birth_date\":\"1985-02-11\",\"province\":\"35\","
    "\"district\":\"Bornova\",\"education_level\":\"primary\","
    "\"employment_status\":\"unemployed\",\"registered\":\"2024-01-02\"}";
static const char *const kApplication =
    "{\"id\":\"" ID_APPLICATION "\",\"trainee\":\"" ID_TRAINEE "\",\"courses\":[\"" ID_COURSE "\"],"
    "\"applied\":\"2023-12-15\"}";
static const char *const kEnrollment =
    "{\"id\":\"" ID_ENROLLMENT "\",\"trainee\":\"" ID_TRAINEE "\",\"course\":\"" ID_COURSE "\","
    "\"status\":\"completed\",\"absent_hours\":4,\"score\":80}";
static const char *const kCertificate =
    "{\"id\":\"" ID_CERTIFICATE "\",\"enrollment\":\"" ID_ENROLLMENT "\",\"kind\":\"meb\","
    "\"issued\":\"2024-04-05\",\"external_number\":\"MEB-2024-0001\","
    "\"verification_code\":\"ABCD-1234\"}";
static const char *const kEmployer =
    "{\"id\":\"" ID_EMPLOYER "\",\"name\":\"Ege Tekstil\",\"tax_number\":\"1234567890\","
    "\"sector\":\"textile\",\"province\":\"35\",\"district\":\"Bornova\",\"consent\":true}";
static const char *const kVacancy =
    "{\"id\":\"" ID_VACANCY "\",\"employer\":\"" ID_EMPLOYER "\",\"title\":\"Machine operator\","
    "\"branch\":\"SEWING\",\"positions\":2,\"requires_certificate\":true,\"min_age\":18,"
    "\"province\":\"35\",\"district\":\"Bornova\",\"shift\":\"day\",\"opened\":\"2024-04-01\","
    "\"closes\":\"2024-06-30\",\"status\":\"open\"}";
static const char *const kReferral =
    "{\"id\":\"" ID_REFERRAL "\",\"trainee\":\"" ID_TRAINEE "\",\"vacancy\":\"" ID_VACANCY "\","
    "\"referred\":\"2024-04-10\",\"status\":\"referred\"}";

static char document[16384];

/* The full test document with @p certificate as its one certificate (assembled at run time: C99
 * only guarantees 4095-byte literals). */
static const char *build_document_with(const char *certificate) {
  int n = snprintf(document, sizeof document,
                   "{\"schema_version\":1,\"policy\":{\"name\":\"c-test\"},"
                   "\"centres\":[%s],\"branches\":[%s],\"courses\":[%s],\"trainees\":[%s],"
                   "\"applications\":[%s],\"enrollments\":[%s],\"certificates\":[%s],"
                   "\"employers\":[%s],\"vacancies\":[%s],\"referrals\":[%s]}",
                   kCentre, kBranch, kCourse, kTrainee, kApplication, kEnrollment, certificate,
                   kEmployer, kVacancy, kReferral);
  if (n < 0 || (size_t)n >= sizeof document) {
    fprintf(stderr, "test document does not fit\n");
    exit(2);
  }
  return document;
}

/* The full test document. */
static const char *build_document(void) { return build_document_with(kCertificate); }

static const char *const kCollections[10] = {
    "centres",      "branches",     "courses",   "trainees",  "applications",
    "enrollments",  "certificates", "employers", "vacancies", "referrals"};
static const char *const kKeys[10] = {ID_CENTRE,     "SEWING",       ID_COURSE,      ID_TRAINEE,
                                      ID_APPLICATION, ID_ENROLLMENT, ID_CERTIFICATE, ID_EMPLOYER,
                                      ID_VACANCY,     ID_REFERRAL};

static int write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (f == NULL) return 0;
  fputs(text, f);
  return fclose(f) == 0;
}

/* A pointer value a function must overwrite with NULL on failure. */
static char poison_char;
#define POISON ((char *)&poison_char)

/* ------------------------------------------------------------------------------------------- */

static void test_version(void) {
  int major = -1, minor = -1, patch = -1;
  char expected[32];
  vf_version(&major, &minor, &patch);
  CHECK(major == VF_VERSION_MAJOR && minor == VF_VERSION_MINOR && patch == VF_VERSION_PATCH);
  CHECK(VF_VERSION_MAJOR == 0 && VF_VERSION_MINOR == 7 && VF_VERSION_PATCH == 0);
  CHECK(VF_VERSION_NUMBER == 700);
  vf_version(NULL, NULL, NULL); /* every pointer may be NULL */
  major = -1;
  vf_version(&major, NULL, NULL);
  CHECK(major == VF_VERSION_MAJOR);
  sprintf(expected, "%d.%d.%d", VF_VERSION_MAJOR, VF_VERSION_MINOR, VF_VERSION_PATCH);
  CHECK(vf_version_string() != NULL && strcmp(vf_version_string(), expected) == 0);
}

static void test_names(void) {
  int code;
  size_t i;
  CHECK(strcmp(vf_status_name(VF_OK), "VF_OK") == 0);
  CHECK(strcmp(vf_status_name(VF_ERROR_INVALID_ARGUMENT), "VF_ERROR_INVALID_ARGUMENT") == 0);
  CHECK(strcmp(vf_status_name(VF_ERROR_PARSE), "VF_ERROR_PARSE") == 0);
  CHECK(strcmp(vf_status_name(VF_ERROR_SCHEMA_VERSION), "VF_ERROR_SCHEMA_VERSION") == 0);
  CHECK(strcmp(vf_status_name(VF_ERROR_INVALID_DATA), "VF_ERROR_INVALID_DATA") == 0);
  CHECK(strcmp(vf_status_name(VF_ERROR_NOT_FOUND), "VF_ERROR_NOT_FOUND") == 0);
  CHECK(strcmp(vf_status_name(VF_ERROR_IO), "VF_ERROR_IO") == 0);
  CHECK(strcmp(vf_status_name(VF_ERROR_OUT_OF_MEMORY), "VF_ERROR_OUT_OF_MEMORY") == 0);
  CHECK(strcmp(vf_status_name(VF_ERROR_INTERNAL), "VF_ERROR_INTERNAL") == 0);
  CHECK(strcmp(vf_status_name(VF_ERROR_RULE_VIOLATION), "VF_ERROR_RULE_VIOLATION") == 0);
  CHECK(strcmp(vf_status_name(VF_ERROR_INFEASIBLE), "VF_ERROR_INFEASIBLE") == 0);
  CHECK(strcmp(vf_status_name(VF_ERROR_LOCKED), "VF_ERROR_LOCKED") == 0);
  CHECK(strcmp(vf_status_name(VF_ERROR_CORRUPT), "VF_ERROR_CORRUPT") == 0);
  CHECK(VF_ERROR_INFEASIBLE == 10 && VF_ERROR_LOCKED == 11 && VF_ERROR_CORRUPT == 12);
  CHECK(strcmp(vf_status_name((vf_status)13), "VF_UNKNOWN_STATUS") == 0);
  CHECK(strcmp(vf_status_name((vf_status)999), "VF_UNKNOWN_STATUS") == 0);
  CHECK(strcmp(vf_status_name((vf_status)-1), "VF_UNKNOWN_STATUS") == 0);
  /* The values never change. */
  CHECK(VF_OK == 0 && VF_ERROR_INVALID_ARGUMENT == 1 && VF_ERROR_PARSE == 2 &&
        VF_ERROR_SCHEMA_VERSION == 3 && VF_ERROR_INVALID_DATA == 4 && VF_ERROR_NOT_FOUND == 5 &&
        VF_ERROR_IO == 6 && VF_ERROR_OUT_OF_MEMORY == 7 && VF_ERROR_INTERNAL == 8 &&
        VF_ERROR_RULE_VIOLATION == 9);

  CHECK(strcmp(vf_issue_code_name(VF_ISSUE_PARSE_ERROR), "parse_error") == 0);
  CHECK(strcmp(vf_issue_code_name(VF_ISSUE_INVALID_NATIONAL_ID), "invalid_national_id") == 0);
  CHECK(strcmp(vf_issue_code_name(VF_ISSUE_DUPLICATE_ID), "duplicate_id") == 0);
  CHECK(strcmp(vf_issue_code_name(VF_ISSUE_PROTECTED_ATTRIBUTE_CRITERION),
               "protected_attribute_criterion") == 0);
  CHECK(vf_issue_code_name(0) == NULL);
  CHECK(vf_issue_code_name(-1) == NULL);
  CHECK(vf_issue_code_name(VF_ISSUE_INFEASIBLE + 1) == NULL);
  for (code = 1; vf_issue_code_name(code) != NULL; ++code) {
  }
  CHECK(code - 1 == 37); /* contiguous codes 1..37 */

  for (i = 0; i < 10; ++i) {
    CHECK(vf_collection_name(i) != NULL && strcmp(vf_collection_name(i), kCollections[i]) == 0);
  }
  CHECK(vf_collection_name(10) == NULL);
  CHECK(vf_collection_name((size_t)-1) == NULL);
}

static void test_error_state(void) {
  vf_dataset *ds = NULL;
  /* A success leaves an empty error state. */
  CHECK_STATUS(vf_dataset_new(&ds), VF_OK);
  CHECK(strcmp(vf_last_error_message(), "") == 0);
  CHECK(strcmp(vf_last_issues_json(), "[]") == 0);
  CHECK(vf_last_status() == VF_OK);
  /* A failure sets it; accessors and status-less functions leave it alone. */
  CHECK_STATUS(vf_dataset_new(NULL), VF_ERROR_INVALID_ARGUMENT);
  CHECK(contains(vf_last_error_message(), "vf_dataset_new"));
  CHECK(contains(vf_last_error_message(), "out_dataset"));
  (void)vf_status_name(VF_OK);
  (void)vf_issue_code_name(1);
  (void)vf_collection_name(0);
  (void)vf_version_string();
  vf_version(NULL, NULL, NULL);
  vf_string_free(NULL);
  vf_dataset_free(NULL);
  CHECK(vf_last_status() == VF_ERROR_INVALID_ARGUMENT);
  CHECK(contains(vf_last_error_message(), "out_dataset"));
  /* The next vf_status call clears it. */
  {
    size_t n = 99;
    CHECK_STATUS(vf_dataset_count(ds, "trainees", &n), VF_OK);
    CHECK(n == 0);
  }
  vf_dataset_free(ds);
}

static void test_new_and_free(void) {
  vf_dataset *ds = NULL;
  char *json = NULL;
  size_t n = 1;
  size_t i;
  CHECK_STATUS(vf_dataset_new(&ds), VF_OK);
  CHECK(ds != NULL);
  for (i = 0; i < 10; ++i) {
    n = 1;
    CHECK_STATUS(vf_dataset_count(ds, kCollections[i], &n), VF_OK);
    CHECK(n == 0);
  }
  CHECK_STATUS(vf_dataset_list(ds, "trainees", VF_FLAGS_NONE, &json), VF_OK);
  CHECK(json != NULL && strcmp(json, "[]") == 0);
  vf_string_free(json);
  CHECK_STATUS(vf_dataset_policy(ds, &json), VF_OK);
  CHECK(contains(json, "\"name\":\"default\""));
  CHECK(contains(json, "\"min_group\":12"));
  vf_string_free(json);
  vf_dataset_free(ds);
  vf_dataset_free(NULL);
  vf_string_free(NULL);
}


static vf_dataset *load_document(void) {
  vf_dataset *ds = NULL;
  if (vf_dataset_load_json(build_document(), VF_NUL_TERMINATED, VF_FLAGS_NONE, &ds) != VF_OK) {
    fprintf(stderr, "cannot load the test document: %s\n%s\n", vf_last_error_message(),
            vf_last_issues_json());
    exit(2);
  }
  return ds;
}

static void test_load_json(void) {
  const char *doc = build_document();
  size_t doc_len = strlen(doc);
  vf_dataset *ds = (vf_dataset *)POISON;
  size_t n = 0;
  size_t i;
  char *longer;
  char bad[8192];

  CHECK_STATUS(vf_dataset_load_json(doc, VF_NUL_TERMINATED, VF_FLAGS_NONE, &ds), VF_OK);
  CHECK(ds != NULL && ds != (vf_dataset *)POISON);
  for (i = 0; i < 10; ++i) {
    n = 0;
    CHECK_STATUS(vf_dataset_count(ds, kCollections[i], &n), VF_OK);
    CHECK(n == 1);
  }
  vf_dataset_free(ds);

  /* Explicit length: the bytes after the document are not read; NUL-terminated they are. */
  longer = (char *)malloc(doc_len + 32);
  CHECK(longer != NULL);
  if (longer != NULL) {
    memcpy(longer, doc, doc_len);
    memcpy(longer + doc_len, " garbage, not JSON", 19);
    ds = NULL;
    CHECK_STATUS(vf_dataset_load_json(longer, doc_len, VF_FLAGS_NONE, &ds), VF_OK);
    CHECK(ds != NULL);
    vf_dataset_free(ds);
    ds = (vf_dataset *)POISON;
    CHECK_STATUS(vf_dataset_load_json(longer, VF_NUL_TERMINATED, VF_FLAGS_NONE, &ds),
                 VF_ERROR_PARSE);
    CHECK(ds == NULL);
    free(longer);
  }

  /* NULL arguments and reserved flags. */
  ds = (vf_dataset *)POISON;
  CHECK_STATUS(vf_dataset_load_json(NULL, 0, VF_FLAGS_NONE, &ds), VF_ERROR_INVALID_ARGUMENT);
  CHECK(ds == NULL);
  CHECK(contains(vf_last_error_message(), "json is NULL"));
  CHECK_STATUS(vf_dataset_load_json(doc, VF_NUL_TERMINATED, VF_FLAGS_NONE, NULL),
               VF_ERROR_INVALID_ARGUMENT);
  ds = (vf_dataset *)POISON;
  CHECK_STATUS(vf_dataset_load_json(doc, VF_NUL_TERMINATED, VF_REVEAL_NATIONAL_IDS, &ds),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK(ds == NULL);
  CHECK(contains(vf_last_error_message(), "reserved flag"));
  CHECK_STATUS(vf_dataset_load_json(doc, VF_NUL_TERMINATED, (vf_flags)1u << 31, &ds),
               VF_ERROR_INVALID_ARGUMENT);

  /* Not JSON: VF_ERROR_PARSE with a parse_error issue. */
  ds = (vf_dataset *)POISON;
  CHECK_STATUS(vf_dataset_load_json("{\"schema_version\": 1,", VF_NUL_TERMINATED, VF_FLAGS_NONE,
                                    &ds),
               VF_ERROR_PARSE);
  CHECK(ds == NULL);
  CHECK(contains(vf_last_issues_json(), "\"code\":\"parse_error\""));
  CHECK_STATUS(vf_dataset_load_json("", 0, VF_FLAGS_NONE, &ds), VF_ERROR_PARSE);
  CHECK(ds == NULL);
  CHECK(vf_dataset_load_json("[1,2]", VF_NUL_TERMINATED, VF_FLAGS_NONE, &ds) != VF_OK);
  CHECK(ds == NULL);

  /* Unsupported schema_version. */
  ds = (vf_dataset *)POISON;
  CHECK_STATUS(vf_dataset_load_json("{\"schema_version\":99}", VF_NUL_TERMINATED, VF_FLAGS_NONE,
                                    &ds),
               VF_ERROR_SCHEMA_VERSION);
  CHECK(ds == NULL);
  CHECK(contains(vf_last_issues_json(), "schema_version_unsupported"));

  /* A record that cannot be built: VF_ERROR_INVALID_DATA naming record and field; the bad
   * national id is never shown in full. */
  snprintf(bad, sizeof bad,
           "{\"schema_version\":1,\"trainees\":[%s,{\"id\":\"" ID_TRAINEE2 "\","
           "\"national_id\":\"" BAD_NATIONAL_ID "\",\"given_name\":\"X\",\"family_name\":\"Y\","
           "\"birth_date\":\"1990-01-01\",\"province\":\"35\",\"district\":\"Konak\","
           "\"education_level\":\"primary\",\"employment_status\":\"unemployed\","
           "\"registered\":\"2024-01-01\"}]}",
           kTrainee);
  ds = (vf_dataset *)POISON;
  CHECK_STATUS(vf_dataset_load_json(bad, VF_NUL_TERMINATED, VF_FLAGS_NONE, &ds),
               VF_ERROR_INVALID_DATA);
  CHECK(ds == NULL);
  CHECK(contains(vf_last_issues_json(), "\"code\":\"invalid_national_id\""));
  CHECK(contains(vf_last_issues_json(), "\"path\":\"trainees[1].national_id\""));
  CHECK(contains(vf_last_error_message(), "trainees[1].national_id"));
  CHECK(error_masks(BAD_NATIONAL_ID));

  /* A missing required field. */
  ds = (vf_dataset *)POISON;
  CHECK_STATUS(vf_dataset_load_json("{\"schema_version\":1,\"branches\":[{\"code\":\"SEWING\"}]}",
                                    VF_NUL_TERMINATED, VF_FLAGS_NONE, &ds),
               VF_ERROR_INVALID_DATA);
  CHECK(ds == NULL);
  CHECK(contains(vf_last_issues_json(), "missing_field"));
  CHECK(contains(vf_last_issues_json(), "branches[0].name"));
}

static void test_load_file(void) {
  char path[1024];
  vf_dataset *ds = (vf_dataset *)POISON;
  size_t n = 0;

  snprintf(path, sizeof path, "%s/vf_c_test_doc.json", VF_TEST_TMP_DIR);
  CHECK(write_file(path, build_document()));
  CHECK_STATUS(vf_dataset_load_file(path, VF_FLAGS_NONE, &ds), VF_OK);
  CHECK(ds != NULL && ds != (vf_dataset *)POISON);
  CHECK_STATUS(vf_dataset_count(ds, "referrals", &n), VF_OK);
  CHECK(n == 1);
  vf_dataset_free(ds);

  /* The shipped sample data, when this checkout has it. */
  if (VF_TEST_SAMPLE[0] != '\0') {
    ds = NULL;
    CHECK_STATUS(vf_dataset_load_file(VF_TEST_SAMPLE, VF_FLAGS_NONE, &ds), VF_OK);
    n = 0;
    CHECK_STATUS(vf_dataset_count(ds, "trainees", &n), VF_OK);
    CHECK(n > 0);
    n = 0;
    CHECK_STATUS(vf_dataset_count(ds, "centres", &n), VF_OK);
    CHECK(n > 0);
    vf_dataset_free(ds);
  } else {
    printf("note: data/sample.json absent at configure time; sample checks skipped\n");
  }

  /* Errors: NULL arguments, reserved flags, missing file, a directory, unreadable content. */
  ds = (vf_dataset *)POISON;
  CHECK_STATUS(vf_dataset_load_file(NULL, VF_FLAGS_NONE, &ds), VF_ERROR_INVALID_ARGUMENT);
  CHECK(ds == NULL);
  CHECK_STATUS(vf_dataset_load_file(path, VF_FLAGS_NONE, NULL), VF_ERROR_INVALID_ARGUMENT);
  ds = (vf_dataset *)POISON;
  CHECK_STATUS(vf_dataset_load_file(path, 2u, &ds), VF_ERROR_INVALID_ARGUMENT);
  CHECK(ds == NULL);
  ds = (vf_dataset *)POISON;
  CHECK_STATUS(vf_dataset_load_file(VF_TEST_TMP_DIR "/no-such-dir/" NATIONAL_ID2 ".json",
                                    VF_FLAGS_NONE, &ds),
               VF_ERROR_IO);
  CHECK(ds == NULL);
  /* A path is the caller's own name for a file: it is quoted as given, so that the message
     names the file that was asked for (masking digits in it named a file that does not exist). */
  CHECK(contains(vf_last_error_message(), "/no-such-dir/" NATIONAL_ID2 ".json: No such file or directory"));
  CHECK(contains(vf_last_issues_json(), "\"code\":\"io_error\""));
  CHECK_STATUS(vf_dataset_load_file(VF_TEST_TMP_DIR, VF_FLAGS_NONE, &ds), VF_ERROR_IO);
  CHECK(ds == NULL);
  CHECK(write_file(path, "{\"schema_version\":1,\"centres\":[}"));
  CHECK_STATUS(vf_dataset_load_file(path, VF_FLAGS_NONE, &ds), VF_ERROR_PARSE);
  CHECK(ds == NULL);
  CHECK(contains(vf_last_issues_json(), "parse_error"));
  CHECK(write_file(path, "{\"schema_version\":2}"));
  CHECK_STATUS(vf_dataset_load_file(path, VF_FLAGS_NONE, &ds), VF_ERROR_SCHEMA_VERSION);
  CHECK(write_file(path, "{\"schema_version\":1,\"branches\":[{\"code\":\"lower\"}]}"));
  CHECK_STATUS(vf_dataset_load_file(path, VF_FLAGS_NONE, &ds), VF_ERROR_INVALID_DATA);
  CHECK(ds == NULL);
  remove(path);
}

static void test_validate(void) {
  const char *doc = build_document();
  char path[1024];
  char dangling[4096];
  char *report = POISON;
  int valid = -1;
  vf_dataset *ds;

  /* A valid document. */
  CHECK_STATUS(vf_validate_json(doc, VF_NUL_TERMINATED, &valid, &report), VF_OK);
  CHECK(valid == 1);
  CHECK(report != NULL && strcmp(report, "{\"valid\":true,\"issues\":[]}") == 0);
  if (valid != 1) fprintf(stderr, "  report: %s\n", report ? report : "(null)");
  vf_string_free(report);
  /* Both outputs are optional. */
  CHECK_STATUS(vf_validate_json(doc, strlen(doc), NULL, NULL), VF_OK);
  valid = -1;
  CHECK_STATUS(vf_validate_json(doc, strlen(doc), &valid, NULL), VF_OK);
  CHECK(valid == 1);

  /* A reference to nothing: valid false, the issue named. */
  snprintf(dangling, sizeof dangling,
           "{\"schema_version\":1,\"branches\":[%s],\"courses\":[%s]}", kBranch, kCourse);
  report = POISON;
  CHECK_STATUS(vf_validate_json(dangling, VF_NUL_TERMINATED, &valid, &report), VF_OK);
  CHECK(valid == 0);
  CHECK(contains(report, "\"valid\":false"));
  CHECK(contains(report, "\"code\":\"unknown_reference\""));
  CHECK(contains(report, "\"path\":\"courses[0].centre\""));
  vf_string_free(report);

  /* An unreadable document still gives a report (with parse_error), status VF_OK. */
  report = POISON;
  CHECK_STATUS(vf_validate_json("not json", VF_NUL_TERMINATED, &valid, &report), VF_OK);
  CHECK(valid == 0);
  CHECK(contains(report, "parse_error"));
  vf_string_free(report);

  /* Errors reset the outputs. */
  report = POISON;
  valid = 7;
  CHECK_STATUS(vf_validate_json(NULL, 0, &valid, &report), VF_ERROR_INVALID_ARGUMENT);
  CHECK(report == NULL && valid == 0);

  /* Files. */
  snprintf(path, sizeof path, "%s/vf_c_test_validate.json", VF_TEST_TMP_DIR);
  CHECK(write_file(path, doc));
  report = POISON;
  valid = -1;
  CHECK_STATUS(vf_validate_file(path, &valid, &report), VF_OK);
  CHECK(valid == 1);
  CHECK(report != NULL && strcmp(report, "{\"valid\":true,\"issues\":[]}") == 0);
  vf_string_free(report);
  CHECK(write_file(path, dangling));
  report = POISON;
  CHECK_STATUS(vf_validate_file(path, &valid, &report), VF_OK);
  CHECK(valid == 0);
  CHECK(contains(report, "unknown_reference"));
  vf_string_free(report);
  CHECK_STATUS(vf_validate_file(path, NULL, NULL), VF_OK);
  report = POISON;
  valid = 7;
  CHECK_STATUS(vf_validate_file(VF_TEST_TMP_DIR "/missing.json", &valid, &report), VF_ERROR_IO);
  CHECK(report == NULL && valid == 0);
  CHECK(contains(vf_last_error_message(), "missing.json"));
  report = POISON;
  CHECK_STATUS(vf_validate_file(NULL, &valid, &report), VF_ERROR_INVALID_ARGUMENT);
  CHECK(report == NULL);
  remove(path);
  if (VF_TEST_SAMPLE[0] != '\0') {
    report = NULL;
    CHECK_STATUS(vf_validate_file(VF_TEST_SAMPLE, &valid, &report), VF_OK);
    CHECK(contains(report, "\"valid\":"));
    vf_string_free(report);
  }

  /* A dataset handle. */
  ds = load_document();
  report = POISON;
  valid = -1;
  CHECK_STATUS(vf_dataset_validate(ds, &valid, &report), VF_OK);
  CHECK(valid == 1);
  CHECK(report != NULL && strcmp(report, "{\"valid\":true,\"issues\":[]}") == 0);
  vf_string_free(report);
  CHECK_STATUS(vf_dataset_validate(ds, NULL, NULL), VF_OK);
  report = POISON;
  valid = 7;
  CHECK_STATUS(vf_dataset_validate(NULL, &valid, &report), VF_ERROR_INVALID_ARGUMENT);
  CHECK(report == NULL && valid == 0);
  /* A second trainee with the same national id makes the dataset invalid. */
  {
    char twin[4096];
    snprintf(twin, sizeof twin,
             "{\"id\":\"c0000000-0000-4000-8000-000000000023\",\"national_id\":\"" NATIONAL_ID
             "\",\"given_name\":\"Twin\",\"family_name\":\"Y\",\"birth_date\":\"1990-05-01\","
             "\"province\":\"35\",\"district\":\"Konak\",\"education_level\":\"primary\","
             "\"employment_status\":\"unemployed\",\"registered\":\"2024-01-01\"}");
    CHECK_STATUS(vf_dataset_add(ds, "trainees", twin, VF_NUL_TERMINATED), VF_OK);
    report = NULL;
    CHECK_STATUS(vf_dataset_validate(ds, &valid, &report), VF_OK);
    CHECK(valid == 0);
    CHECK(contains(report, "duplicate_national_id"));
    CHECK(!contains(report, NATIONAL_ID));
    vf_string_free(report);
  }
  vf_dataset_free(ds);
}

static void test_count(void) {
  vf_dataset *ds = load_document();
  size_t n = 5;
  CHECK_STATUS(vf_dataset_count(ds, "vacancies", &n), VF_OK);
  CHECK(n == 1);
  n = 5;
  CHECK_STATUS(vf_dataset_count(NULL, "vacancies", &n), VF_ERROR_INVALID_ARGUMENT);
  CHECK(n == 0);
  CHECK(contains(vf_last_error_message(), "dataset is NULL"));
  CHECK_STATUS(vf_dataset_count(ds, NULL, &n), VF_ERROR_INVALID_ARGUMENT);
  CHECK(contains(vf_last_error_message(), "collection is NULL"));
  CHECK_STATUS(vf_dataset_count(ds, "vacancies", NULL), VF_ERROR_INVALID_ARGUMENT);
  n = 5;
  CHECK_STATUS(vf_dataset_count(ds, "nonsense", &n), VF_ERROR_INVALID_ARGUMENT);
  CHECK(n == 0);
  CHECK(contains(vf_last_error_message(), "unknown collection 'nonsense'"));
  CHECK_STATUS(vf_dataset_count(ds, "policy", &n), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_count(ds, "Trainees", &n), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_count(ds, NATIONAL_ID, &n), VF_ERROR_INVALID_ARGUMENT);
  CHECK(error_masks(NATIONAL_ID));
  vf_dataset_free(ds);
}

static void test_get(void) {
  vf_dataset *ds = load_document();
  char *json = POISON;
  size_t i;

  /* Every collection, by key; the record's own JSON. */
  for (i = 0; i < 10; ++i) {
    json = POISON;
    CHECK_STATUS(vf_dataset_get(ds, kCollections[i], kKeys[i], VF_FLAGS_NONE, &json), VF_OK);
    CHECK(json != NULL && json[0] == '{' && contains(json, kKeys[i]));
    vf_string_free(json);
  }
  /* National ids masked by default, full on request. */
  json = NULL;
  CHECK_STATUS(vf_dataset_get(ds, "trainees", ID_TRAINEE, VF_FLAGS_NONE, &json), VF_OK);
  CHECK(contains(json, NATIONAL_ID_MASKED));
  CHECK(!contains(json, NATIONAL_ID));
  CHECK(contains(json, "+905321234567")); /* phone normalised */
  vf_string_free(json);
  json = NULL;
  CHECK_STATUS(vf_dataset_get(ds, "trainees", ID_TRAINEE, VF_REVEAL_NATIONAL_IDS, &json), VF_OK);
  CHECK(contains(json, "\"national_id\":\"" NATIONAL_ID "\""));
  vf_string_free(json);
  /* UUIDs in any case. */
  json = NULL;
  CHECK_STATUS(vf_dataset_get(ds, "centres", "C0000000-0000-4000-8000-000000000001", VF_FLAGS_NONE,
                              &json),
               VF_OK);
  CHECK(contains(json, "HALKAPINAR"));
  vf_string_free(json);

  /* Not found. */
  json = POISON;
  CHECK_STATUS(vf_dataset_get(ds, "trainees", ID_COURSE, VF_FLAGS_NONE, &json), VF_ERROR_NOT_FOUND);
  CHECK(json == NULL);
  CHECK(contains(vf_last_error_message(), "no trainee with id " ID_COURSE));
  CHECK_STATUS(vf_dataset_get(ds, "branches", "KAZAZ", VF_FLAGS_NONE, &json), VF_ERROR_NOT_FOUND);
  /* Malformed keys; a national id passed as key is quoted masked. */
  json = POISON;
  CHECK_STATUS(vf_dataset_get(ds, "trainees", NATIONAL_ID, VF_FLAGS_NONE, &json),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK(json == NULL);
  CHECK(contains(vf_last_error_message(), "not a UUID"));
  CHECK(error_masks(NATIONAL_ID));
  CHECK_STATUS(vf_dataset_get(ds, "branches", "sewing", VF_FLAGS_NONE, &json),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK(contains(vf_last_error_message(), "not a branch code"));
  CHECK_STATUS(vf_dataset_get(ds, "trainees", "", VF_FLAGS_NONE, &json), VF_ERROR_INVALID_ARGUMENT);
  /* NULL arguments, unknown collection, reserved flags. */
  json = POISON;
  CHECK_STATUS(vf_dataset_get(NULL, "trainees", ID_TRAINEE, VF_FLAGS_NONE, &json),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK(json == NULL);
  CHECK_STATUS(vf_dataset_get(ds, NULL, ID_TRAINEE, VF_FLAGS_NONE, &json), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_get(ds, "trainees", NULL, VF_FLAGS_NONE, &json), VF_ERROR_INVALID_ARGUMENT);
  CHECK(contains(vf_last_error_message(), "key is NULL"));
  CHECK_STATUS(vf_dataset_get(ds, "trainees", ID_TRAINEE, VF_FLAGS_NONE, NULL),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_get(ds, "people", ID_TRAINEE, VF_FLAGS_NONE, &json),
               VF_ERROR_INVALID_ARGUMENT);
  json = POISON;
  CHECK_STATUS(vf_dataset_get(ds, "trainees", ID_TRAINEE, 0x80u, &json), VF_ERROR_INVALID_ARGUMENT);
  CHECK(json == NULL);
  vf_dataset_free(ds);
}

static void test_list(void) {
  vf_dataset *ds = load_document();
  char *json = POISON;
  size_t i;
  for (i = 0; i < 10; ++i) {
    json = POISON;
    CHECK_STATUS(vf_dataset_list(ds, kCollections[i], VF_FLAGS_NONE, &json), VF_OK);
    CHECK(json != NULL && json[0] == '[' && json[strlen(json) - 1] == ']' &&
          contains(json, kKeys[i]));
    vf_string_free(json);
  }
  CHECK_STATUS(vf_dataset_add(ds, "trainees", kTrainee2, VF_NUL_TERMINATED), VF_OK);
  json = NULL;
  CHECK_STATUS(vf_dataset_list(ds, "trainees", VF_FLAGS_NONE, &json), VF_OK);
  CHECK(contains(json, NATIONAL_ID_MASKED) && contains(json, "123******50"));
  CHECK(!contains(json, NATIONAL_ID) && !contains(json, NATIONAL_ID2));
  /* Insertion order. */
  CHECK(json != NULL && strstr(json, ID_TRAINEE) != NULL &&
        strstr(json, ID_TRAINEE) < strstr(json, ID_TRAINEE2));
  vf_string_free(json);
  json = NULL;
  CHECK_STATUS(vf_dataset_list(ds, "trainees", VF_REVEAL_NATIONAL_IDS, &json), VF_OK);
  CHECK(contains(json, NATIONAL_ID) && contains(json, NATIONAL_ID2));
  vf_string_free(json);

  json = POISON;
  CHECK_STATUS(vf_dataset_list(NULL, "trainees", VF_FLAGS_NONE, &json), VF_ERROR_INVALID_ARGUMENT);
  CHECK(json == NULL);
  CHECK_STATUS(vf_dataset_list(ds, NULL, VF_FLAGS_NONE, &json), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_list(ds, "trainees", VF_FLAGS_NONE, NULL), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_list(ds, "x", VF_FLAGS_NONE, &json), VF_ERROR_INVALID_ARGUMENT);
  json = POISON;
  CHECK_STATUS(vf_dataset_list(ds, "trainees", ~(vf_flags)0, &json), VF_ERROR_INVALID_ARGUMENT);
  CHECK(json == NULL);
  vf_dataset_free(ds);
}

static void test_add(void) {
  vf_dataset *ds = NULL;
  char *before = NULL;
  char *after = NULL;
  char *json = NULL;
  size_t n = 0;
  size_t i;
  const char *records[10];
  char bad[4096];
  records[0] = kCentre;
  records[1] = kBranch;
  records[2] = kCourse;
  records[3] = kTrainee;
  records[4] = kApplication;
  records[5] = kEnrollment;
  records[6] = kCertificate;
  records[7] = kEmployer;
  records[8] = kVacancy;
  records[9] = kReferral;

  /* Building the document record by record gives the same bytes as loading it. */
  CHECK_STATUS(vf_dataset_new(&ds), VF_OK);
  CHECK_STATUS(vf_dataset_set_policy(ds, "{\"name\":\"c-test\"}", VF_NUL_TERMINATED), VF_OK);
  for (i = 0; i < 10; ++i) {
    CHECK_STATUS(vf_dataset_add(ds, kCollections[i], records[i], VF_NUL_TERMINATED), VF_OK);
  }
  {
    vf_dataset *loaded = load_document();
    char *a = NULL;
    char *b = NULL;
    CHECK_STATUS(vf_dataset_save_json(ds, VF_REVEAL_NATIONAL_IDS, &a), VF_OK);
    CHECK_STATUS(vf_dataset_save_json(loaded, VF_REVEAL_NATIONAL_IDS, &b), VF_OK);
    CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
    vf_string_free(a);
    vf_string_free(b);
    vf_dataset_free(loaded);
  }
  /* Explicit length. */
  CHECK_STATUS(vf_dataset_add(ds, "trainees", kTrainee2, strlen(kTrainee2)), VF_OK);
  CHECK_STATUS(vf_dataset_count(ds, "trainees", &n), VF_OK);
  CHECK(n == 2);

  CHECK_STATUS(vf_dataset_save_json(ds, VF_REVEAL_NATIONAL_IDS, &before), VF_OK);

  /* A duplicate key is rejected, with a duplicate_id issue; nothing changes. */
  CHECK_STATUS(vf_dataset_add(ds, "trainees", kTrainee2, VF_NUL_TERMINATED), VF_ERROR_INVALID_DATA);
  CHECK(contains(vf_last_issues_json(), "\"code\":\"duplicate_id\""));
  CHECK(contains(vf_last_issues_json(), "\"path\":\"trainees[2].id\""));
  CHECK(error_masks(NATIONAL_ID2));
  CHECK_STATUS(vf_dataset_add(ds, "branches", kBranch, VF_NUL_TERMINATED), VF_ERROR_INVALID_DATA);
  CHECK(contains(vf_last_issues_json(), "\"path\":\"branches[1].code\""));
  CHECK(contains(vf_last_error_message(), "SEWING already exists"));
  /* Malformed JSON. */
  CHECK_STATUS(vf_dataset_add(ds, "centres", "{\"id\":", VF_NUL_TERMINATED), VF_ERROR_PARSE);
  CHECK(contains(vf_last_issues_json(), "parse_error"));
  /* Explicit length cutting a valid record short. */
  CHECK_STATUS(vf_dataset_add(ds, "centres", kCentre, 10), VF_ERROR_PARSE);
  /* A record that cannot be built: fields named; a bad national id never in full. */
  snprintf(bad, sizeof bad,
           "{\"id\":\"c0000000-0000-4000-8000-000000000033\",\"national_id\":\"" BAD_NATIONAL_ID
           "\",\"given_name\":\"X\",\"family_name\":\"Y\",\"birth_date\":\"1990-02-30\","
           "\"province\":\"35\",\"district\":\"Konak\",\"education_level\":\"primary\","
           "\"employment_status\":\"unemployed\",\"registered\":\"2024-01-01\"}");
  CHECK_STATUS(vf_dataset_add(ds, "trainees", bad, VF_NUL_TERMINATED), VF_ERROR_INVALID_DATA);
  CHECK(contains(vf_last_issues_json(), "\"path\":\"trainees[2].national_id\""));
  CHECK(contains(vf_last_issues_json(), "invalid_national_id"));
  CHECK(contains(vf_last_issues_json(), "\"path\":\"trainees[2].birth_date\""));
  CHECK(error_masks(BAD_NATIONAL_ID));
  CHECK_STATUS(vf_dataset_add(ds, "employers",
                              "{\"id\":\"c0000000-0000-4000-8000-000000000037\",\"name\":\"A\"}",
                              VF_NUL_TERMINATED),
               VF_ERROR_INVALID_DATA);
  /* The tax number is optional (a sole trader has none; an anonymised release drops it); the sector is not. */
  CHECK(contains(vf_last_issues_json(), "missing_field"));
  CHECK(contains(vf_last_issues_json(), "employers[1].sector"));
  CHECK(!contains(vf_last_issues_json(), "employers[1].tax_number"));
  /* A vacancy may not select people by a protected attribute. */
  CHECK_STATUS(vf_dataset_add(ds, "vacancies",
                              "{\"id\":\"c0000000-0000-4000-8000-000000000038\",\"employer\":\""
                              ID_EMPLOYER "\",\"title\":\"T\",\"branch\":\"SEWING\",\"positions\":1,"
                              "\"province\":\"35\",\"district\":\"Konak\",\"opened\":\"2024-04-01\","
                              "\"closes\":\"2024-06-30\",\"status\":\"open\",\"gender\":\"male\"}",
                              VF_NUL_TERMINATED),
               VF_ERROR_INVALID_DATA);
  CHECK(contains(vf_last_issues_json(), "protected_attribute_criterion"));
  CHECK_STATUS(vf_dataset_add(ds, "trainees", "[]", VF_NUL_TERMINATED), VF_ERROR_INVALID_DATA);
  /* NULL arguments and unknown collections. */
  CHECK_STATUS(vf_dataset_add(NULL, "trainees", kTrainee, VF_NUL_TERMINATED),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_add(ds, NULL, kTrainee, VF_NUL_TERMINATED), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_add(ds, "trainees", NULL, 0), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_add(ds, "policy", "{}", VF_NUL_TERMINATED), VF_ERROR_INVALID_ARGUMENT);

  /* After all those rejections the dataset is exactly as it was. */
  CHECK_STATUS(vf_dataset_save_json(ds, VF_REVEAL_NATIONAL_IDS, &after), VF_OK);
  CHECK(before != NULL && after != NULL && strcmp(before, after) == 0);
  vf_string_free(before);
  vf_string_free(after);
  CHECK_STATUS(vf_dataset_get(ds, "trainees", ID_TRAINEE2, VF_FLAGS_NONE, &json), VF_OK);
  vf_string_free(json);
  vf_dataset_free(ds);
}

static void test_policy(void) {
  vf_dataset *ds = load_document();
  char *json = POISON;
  char *before = NULL;

  CHECK_STATUS(vf_dataset_policy(ds, &json), VF_OK);
  CHECK(contains(json, "\"name\":\"c-test\""));
  vf_string_free(json);
  CHECK_STATUS(vf_dataset_set_policy(ds,
                                     "{\"name\":\"izmir\",\"min_group\":10,\"residency\":"
                                     "{\"province\":\"35\"},\"max_absence_ratio\":\"1/4\"}",
                                     VF_NUL_TERMINATED),
               VF_OK);
  json = NULL;
  CHECK_STATUS(vf_dataset_policy(ds, &json), VF_OK);
  CHECK(contains(json, "\"name\":\"izmir\""));
  CHECK(contains(json, "\"min_group\":10"));
  CHECK(contains(json, "\"pass_mark\":50")); /* absent fields take the defaults */
  vf_string_free(json);

  /* Read back masked, like everything without VF_REVEAL_NATIONAL_IDS (convention 8). */
  CHECK_STATUS(vf_dataset_set_policy(ds, "{\"name\":\"TC " NATIONAL_ID2 "\"}", VF_NUL_TERMINATED), VF_OK);
  json = NULL;
  CHECK_STATUS(vf_dataset_policy(ds, &json), VF_OK);
  CHECK(contains(json, "\"name\":\"TC 123******50\"") && !contains(json, NATIONAL_ID2));
  vf_string_free(json);

  CHECK_STATUS(vf_dataset_policy(ds, &before), VF_OK);
  /* Rejected policies leave the policy unchanged. */
  CHECK_STATUS(vf_dataset_set_policy(ds, "{\"min_group\":\"many\"}", VF_NUL_TERMINATED),
               VF_ERROR_INVALID_DATA);
  CHECK(contains(vf_last_issues_json(), "policy.min_group"));
  CHECK_STATUS(vf_dataset_set_policy(ds, "{\"pass_mark\":101}", VF_NUL_TERMINATED),
               VF_ERROR_INVALID_DATA);
  CHECK_STATUS(vf_dataset_set_policy(ds, "{\"name\":", VF_NUL_TERMINATED), VF_ERROR_PARSE);
  CHECK_STATUS(vf_dataset_set_policy(ds, "{\"name\":\"ok\"}", 3), VF_ERROR_PARSE);
  json = NULL;
  CHECK_STATUS(vf_dataset_policy(ds, &json), VF_OK);
  CHECK(before != NULL && json != NULL && strcmp(before, json) == 0);
  vf_string_free(json);
  vf_string_free(before);

  json = POISON;
  CHECK_STATUS(vf_dataset_policy(NULL, &json), VF_ERROR_INVALID_ARGUMENT);
  CHECK(json == NULL);
  CHECK_STATUS(vf_dataset_policy(ds, NULL), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_set_policy(NULL, "{}", VF_NUL_TERMINATED), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_set_policy(ds, NULL, 0), VF_ERROR_INVALID_ARGUMENT);
  vf_dataset_free(ds);
}

/* Text nested far deeper than the library reads (kMaxNestingDepth = 32) is a parse error, for a
 * record and for a policy, never a crash or an internal error; the dataset is left as it was. */
static char *deep_text(const char *head, size_t depth, const char *tail) {
  size_t head_length = strlen(head);
  size_t tail_length = strlen(tail);
  char *text = (char *)malloc(head_length + 2 * depth + tail_length + 1);
  size_t i;
  if (text == NULL) return NULL;
  memcpy(text, head, head_length);
  for (i = 0; i < depth; ++i) text[head_length + i] = '[';
  for (i = 0; i < depth; ++i) text[head_length + depth + i] = ']';
  memcpy(text + head_length + 2 * depth, tail, tail_length + 1);
  return text;
}

static void test_deep_nesting(void) {
  vf_dataset *ds = load_document();
  char *before = NULL;
  char *after = NULL;
  char *in_field = deep_text("{\"id\":\"" ID_TRAINEE2 "\",\"given_name\":", 50000, "}");
  char *bare = deep_text("", 50000, "");
  char *in_policy = deep_text("{\"name\":\"deep\",\"residency\":", 50000, "}");
  size_t count = 0;
  CHECK(in_field != NULL && bare != NULL && in_policy != NULL);
  if (in_field == NULL || bare == NULL || in_policy == NULL) return;
  CHECK_STATUS(vf_dataset_save_json(ds, VF_REVEAL_NATIONAL_IDS, &before), VF_OK);

  CHECK_STATUS(vf_dataset_add(ds, "trainees", in_field, VF_NUL_TERMINATED), VF_ERROR_PARSE);
  CHECK(contains(vf_last_issues_json(), "parse_error"));
  CHECK(contains(vf_last_issues_json(), "\"path\":\"trainees[1]"));
  CHECK_STATUS(vf_dataset_add(ds, "centres", bare, VF_NUL_TERMINATED), VF_ERROR_PARSE);
  CHECK(contains(vf_last_issues_json(), "parse_error"));
  CHECK_STATUS(vf_dataset_set_policy(ds, in_policy, VF_NUL_TERMINATED), VF_ERROR_PARSE);
  CHECK(contains(vf_last_issues_json(), "parse_error"));
  CHECK_STATUS(vf_dataset_set_policy(ds, bare, VF_NUL_TERMINATED), VF_ERROR_PARSE);

  CHECK_STATUS(vf_dataset_count(ds, "trainees", &count), VF_OK);
  CHECK(count == 1);
  CHECK_STATUS(vf_dataset_save_json(ds, VF_REVEAL_NATIONAL_IDS, &after), VF_OK);
  CHECK(before != NULL && after != NULL && strcmp(before, after) == 0);
  vf_string_free(before);
  vf_string_free(after);
  free(in_field);
  free(bare);
  free(in_policy);
  vf_dataset_free(ds);
}

static void test_summary(void) {
  vf_dataset *ds = load_document();
  char *json = POISON;
  CHECK_STATUS(vf_dataset_summary(ds, &json), VF_OK);
  CHECK(json != NULL && json[0] == '{');
  CHECK(contains(json, "c-test"));
  CHECK(contains(json, "HALKAPINAR"));
  CHECK(contains(json, "SEWING"));
  vf_string_free(json);
  json = POISON;
  CHECK_STATUS(vf_dataset_summary(NULL, &json), VF_ERROR_INVALID_ARGUMENT);
  CHECK(json == NULL);
  CHECK_STATUS(vf_dataset_summary(ds, NULL), VF_ERROR_INVALID_ARGUMENT);
  vf_dataset_free(ds);
}

/* The bytes of a file as a NUL-terminated string (malloc'd), or NULL when it cannot be read. */
static char *read_whole_file(const char *path) {
  FILE *file = fopen(path, "rb");
  char *text = NULL;
  size_t size = 0;
  size_t capacity = 0;
  size_t got = 0;
  if (file == NULL) return NULL;
  do {
    if (size + 4096 + 1 > capacity) {
      char *grown = NULL;
      capacity = capacity * 2 + 4096 + 1;
      grown = (char *)realloc(text, capacity);
      if (grown == NULL) {
        free(text);
        fclose(file);
        return NULL;
      }
      text = grown;
    }
    got = fread(text + size, 1, 4096, file);
    size += got;
  } while (got > 0);
  fclose(file);
  text[size] = '\0';
  return text;
}

static void test_save(void) {
  vf_dataset *ds = load_document();
  vf_dataset *again = NULL;
  char *masked = NULL;
  char *full = NULL;
  char *full2 = NULL;
  char *json = POISON;
  char *before = NULL;
  char *after = NULL;
  char path[1024];

  /* Masked by default: an export that cannot be loaded back. */
  CHECK_STATUS(vf_dataset_save_json(ds, VF_FLAGS_NONE, &masked), VF_OK);
  CHECK(contains(masked, "\"schema_version\": 1"));
  CHECK(contains(masked, NATIONAL_ID_MASKED) && !contains(masked, NATIONAL_ID));
  again = (vf_dataset *)POISON;
  CHECK_STATUS(vf_dataset_load_json(masked, VF_NUL_TERMINATED, VF_FLAGS_NONE, &again),
               VF_ERROR_INVALID_DATA);
  CHECK(again == NULL);
  CHECK(contains(vf_last_issues_json(), "trainees[0].national_id"));
  /* With the flag: the full document, which round-trips byte for byte. */
  CHECK_STATUS(vf_dataset_save_json(ds, VF_REVEAL_NATIONAL_IDS, &full), VF_OK);
  CHECK(contains(full, NATIONAL_ID));
  CHECK_STATUS(vf_dataset_load_json(full, VF_NUL_TERMINATED, VF_FLAGS_NONE, &again), VF_OK);
  CHECK_STATUS(vf_dataset_save_json(again, VF_REVEAL_NATIONAL_IDS, &full2), VF_OK);
  CHECK(full != NULL && full2 != NULL && strcmp(full, full2) == 0);
  vf_dataset_free(again);
  vf_string_free(full2);

  json = POISON;
  CHECK_STATUS(vf_dataset_save_json(NULL, VF_FLAGS_NONE, &json), VF_ERROR_INVALID_ARGUMENT);
  CHECK(json == NULL);
  CHECK_STATUS(vf_dataset_save_json(ds, VF_FLAGS_NONE, NULL), VF_ERROR_INVALID_ARGUMENT);
  json = POISON;
  CHECK_STATUS(vf_dataset_save_json(ds, 4u, &json), VF_ERROR_INVALID_ARGUMENT);
  CHECK(json == NULL);

  /* Files. */
  snprintf(path, sizeof path, "%s/vf_c_test_saved.json", VF_TEST_TMP_DIR);
  remove(path);
  CHECK_STATUS(vf_dataset_save_file(ds, path, VF_REVEAL_NATIONAL_IDS), VF_OK);
  again = NULL;
  CHECK_STATUS(vf_dataset_load_file(path, VF_FLAGS_NONE, &again), VF_OK);
  full2 = NULL;
  CHECK_STATUS(vf_dataset_save_json(again, VF_REVEAL_NATIONAL_IDS, &full2), VF_OK);
  CHECK(full2 != NULL && strcmp(full, full2) == 0);
  vf_string_free(full2);
  vf_dataset_free(again);
  /* A masked export never replaces a file (convention 8): the registry saved above stays
   * byte for byte what it was. */
  before = read_whole_file(path);
  CHECK(before != NULL && strcmp(before, full) == 0);
  CHECK_STATUS(vf_dataset_save_file(ds, path, VF_FLAGS_NONE), VF_ERROR_IO);
  CHECK(contains(vf_last_error_message(), "vf_c_test_saved.json"));
  CHECK(contains(vf_last_error_message(), "exists; a masked export never replaces a file"));
  CHECK(contains(vf_last_error_message(), "VF_REVEAL_NATIONAL_IDS"));
  after = read_whole_file(path);
  CHECK(after != NULL && before != NULL && strcmp(after, before) == 0);
  free(after);
  free(before);
  /* To a new path it is written, masked, and cannot be loaded back. */
  remove(path);
  CHECK_STATUS(vf_dataset_save_file(ds, path, VF_FLAGS_NONE), VF_OK); /* masked export */
  after = read_whole_file(path);
  CHECK(after != NULL && strcmp(after, masked) == 0);
  CHECK(contains(after, NATIONAL_ID_MASKED) && !contains(after, NATIONAL_ID));
  free(after);
  again = (vf_dataset *)POISON;
  CHECK_STATUS(vf_dataset_load_file(path, VF_FLAGS_NONE, &again), VF_ERROR_INVALID_DATA);
  CHECK(again == NULL);
  CHECK_STATUS(vf_validate_file(path, NULL, &json), VF_OK);
  CHECK(contains(json, "invalid_national_id") && !contains(json, NATIONAL_ID));
  vf_string_free(json);
  /* Nor over an earlier export; a full save does replace it. */
  CHECK_STATUS(vf_dataset_save_file(ds, path, VF_FLAGS_NONE), VF_ERROR_IO);
  CHECK_STATUS(vf_dataset_save_file(ds, path, VF_REVEAL_NATIONAL_IDS), VF_OK);
  after = read_whole_file(path);
  CHECK(after != NULL && strcmp(after, full) == 0);
  free(after);
  /* Over a directory neither save goes. */
  CHECK_STATUS(vf_dataset_save_file(ds, VF_TEST_TMP_DIR, VF_REVEAL_NATIONAL_IDS), VF_ERROR_IO);
  CHECK(contains(vf_last_error_message(), "Is a directory"));
  CHECK_STATUS(vf_dataset_save_file(ds, VF_TEST_TMP_DIR, VF_FLAGS_NONE), VF_ERROR_IO);
  remove(path);

  CHECK_STATUS(vf_dataset_save_file(ds, VF_TEST_TMP_DIR "/no-such-dir/out.json",
                                    VF_REVEAL_NATIONAL_IDS),
               VF_ERROR_IO);
  CHECK(contains(vf_last_error_message(), "no-such-dir"));
  CHECK_STATUS(vf_dataset_save_file(ds, VF_TEST_TMP_DIR "/no-such-dir/" NATIONAL_ID ".json",
                                    VF_REVEAL_NATIONAL_IDS),
               VF_ERROR_IO);
  /* The path is named as given (a file name is the caller's own), as for loads. */
  CHECK(contains(vf_last_error_message(), "/no-such-dir/" NATIONAL_ID ".json"));
  CHECK_STATUS(vf_dataset_save_file(NULL, path, VF_FLAGS_NONE), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_save_file(ds, NULL, VF_FLAGS_NONE), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_save_file(ds, "", VF_FLAGS_NONE), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_save_file(ds, path, 8u), VF_ERROR_INVALID_ARGUMENT);

  vf_string_free(masked);
  vf_string_free(full);
  vf_dataset_free(ds);
}

/* Many handles created and freed (run under ASan/valgrind to prove no leak). */
static void test_many_handles(void) {
  int i;
  int ok = 1;
  const char *doc = build_document();
  for (i = 0; i < 200; ++i) {
    vf_dataset *ds = NULL;
    char *json = NULL;
    if (vf_dataset_load_json(doc, VF_NUL_TERMINATED, VF_FLAGS_NONE, &ds) != VF_OK) ok = 0;
    if (vf_dataset_save_json(ds, VF_FLAGS_NONE, &json) != VF_OK) ok = 0;
    vf_string_free(json);
    vf_dataset_free(ds);
  }
  CHECK(ok);
}

/* ------------------------------------------------------------------------------------------- */
/* Certificates: keyrings, verification, tokens.                                                */

/* A test key: id T, 32 bytes 0x54. CODE_T is kCertificate's code under it (docs/operations.md;
 * the Python tests compute it independently). */
#define KEY_T "T 5454545454545454545454545454545454545454545454545454545454545454"
#define CODE_T "T-92HZ-X6WN-80X0-929Y-Z"
#define KEY_OTHER "Q 5151515151515151515151515151515151515151515151515151515151515151"
#define SHORT_SECRET "0badc0de0badc0de0badc0de"

static const char *const kCodedCertificate =
    "{\"id\":\"" ID_CERTIFICATE "\",\"enrollment\":\"" ID_ENROLLMENT "\",\"kind\":\"meb\","
    "\"issued\":\"2024-04-05\",\"external_number\":\"MEB-2024-0001\","
    "\"verification_code\":\"" CODE_T "\"}";
/* The same certificate with its issued day edited after the code was made. */
static const char *const kEditedCertificate =
    "{\"id\":\"" ID_CERTIFICATE "\",\"enrollment\":\"" ID_ENROLLMENT "\",\"kind\":\"meb\","
    "\"issued\":\"2024-04-06\",\"external_number\":\"MEB-2024-0001\","
    "\"verification_code\":\"" CODE_T "\"}";

static vf_dataset *load_with(const char *certificate) {
  vf_dataset *ds = NULL;
  CHECK_STATUS(vf_dataset_load_json(build_document_with(certificate), VF_NUL_TERMINATED, VF_FLAGS_NONE, &ds),
               VF_OK);
  return ds;
}

/* The JSON vf_certificate_verify gives for @p code (and @p name), or NULL; free it. */
static char *verified(const vf_dataset *ds, const vf_keyring *keyring, const char *code, const char *name) {
  char *json = NULL;
  if (vf_certificate_verify(ds, keyring, code, name, &json) != VF_OK) return NULL;
  return json;
}

static int verified_contains(const vf_dataset *ds, const vf_keyring *keyring, const char *code,
                             const char *name, const char *part) {
  char *json = verified(ds, keyring, code, name);
  int ok = contains(json, part);
  if (!ok) fprintf(stderr, "  verify %s gave %s\n", code, json != NULL ? json : "(error)");
  vf_string_free(json);
  return ok;
}

static void test_keyrings(void) {
  vf_keyring *keyring = NULL;
  vf_keyring *other = (vf_keyring *)&poison_char;
  char *text = POISON;
  char path[1024];

  CHECK_STATUS(vf_keyring_from_text(KEY_T, VF_NUL_TERMINATED, &keyring), VF_OK);
  CHECK(keyring != NULL);
  CHECK_STATUS(vf_keyring_public_key(keyring, &text), VF_OK);
  CHECK(text != NULL && strlen(text) == 43);
  vf_string_free(text);
  vf_keyring_free(keyring);
  keyring = NULL;

  /* Refused texts: a short secret (never quoted), a bad key id; the length argument is honoured. */
  CHECK_STATUS(vf_keyring_from_text("T " SHORT_SECRET, VF_NUL_TERMINATED, &other), VF_ERROR_INVALID_ARGUMENT);
  CHECK(other == NULL);
  CHECK(contains(vf_last_error_message(), "vf_keyring_from_text"));
  CHECK(contains(vf_last_error_message(), "at least 32"));
  CHECK(!contains(vf_last_error_message(), SHORT_SECRET) && !contains(vf_last_error_message(), "0badc0de"));
  CHECK_STATUS(vf_keyring_from_text("O 5454545454545454545454545454545454545454545454545454545454545454",
                                    VF_NUL_TERMINATED, &other),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK(contains(vf_last_error_message(), "Crockford"));
  CHECK_STATUS(vf_keyring_from_text(KEY_T, 40, &other), VF_ERROR_INVALID_ARGUMENT); /* cut short */
  CHECK_STATUS(vf_keyring_from_text(KEY_T "\n" KEY_OTHER, VF_NUL_TERMINATED, &other), VF_OK);
  vf_keyring_free(other);
  CHECK_STATUS(vf_keyring_from_text(NULL, 0, &other), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_keyring_from_text(KEY_T, VF_NUL_TERMINATED, NULL), VF_ERROR_INVALID_ARGUMENT);

  /* Files. */
  sprintf(path, "%s/c_test.key", VF_TEST_TMP_DIR);
  CHECK(write_file(path, "# test key\n" KEY_T "\n"));
  CHECK_STATUS(vf_keyring_from_file(path, &keyring), VF_OK);
  CHECK(keyring != NULL);
  vf_keyring_free(keyring);
  sprintf(path, "%s/c_test_missing.key", VF_TEST_TMP_DIR);
  remove(path);
  other = (vf_keyring *)&poison_char;
  CHECK_STATUS(vf_keyring_from_file(path, &other), VF_ERROR_IO);
  CHECK(other == NULL);
  CHECK(contains(vf_last_error_message(), "cannot read '") && contains(vf_last_error_message(), "c_test_missing.key'"));
  CHECK_STATUS(vf_keyring_from_file(NULL, &other), VF_ERROR_INVALID_ARGUMENT);

  vf_keyring_free(NULL); /* a no-op */
  CHECK_STATUS(vf_keyring_public_key(NULL, &text), VF_ERROR_INVALID_ARGUMENT);
  CHECK(text == NULL);
}

/* What the certificate tests work on: the test key, another key, the dataset whose certificate
 * carries CODE_T, and the same with the certificate's issued day edited. */
struct certificate_case {
  vf_keyring *keyring;
  vf_keyring *other;
  vf_dataset *ds;
  vf_dataset *edited;
};

static struct certificate_case open_certificate_case(void) {
  struct certificate_case c;
  c.keyring = NULL;
  c.other = NULL;
  CHECK_STATUS(vf_keyring_from_text(KEY_T, VF_NUL_TERMINATED, &c.keyring), VF_OK);
  CHECK_STATUS(vf_keyring_from_text(KEY_OTHER, VF_NUL_TERMINATED, &c.other), VF_OK);
  c.ds = load_with(kCodedCertificate);
  c.edited = load_with(kEditedCertificate);
  return c;
}

static void close_certificate_case(struct certificate_case *c) {
  vf_keyring_free(c->other);
  vf_keyring_free(c->keyring);
  vf_dataset_free(c->edited);
  vf_dataset_free(c->ds);
}

static void test_certificate_verify(void) {
  struct certificate_case c = open_certificate_case();
  char *json = POISON;

  CHECK_STATUS(vf_certificate_verify(c.ds, c.keyring, CODE_T, NULL, &json), VF_OK);
  CHECK(contains(json, "{\"status\":\"valid\",\"code\":\"" CODE_T "\",\"certificate\":\"" ID_CERTIFICATE "\""));
  CHECK(contains(json, "\"facts\":{\"kind\":\"meb\",\"issued\":\"2024-04-05\",\"external_number\":\"MEB-2024-0001\","
                       "\"course\":\"" ID_COURSE "\",\"branch\":\"SEWING\",\"branch_name\":\"Sewing\",\"hours\":120,"
                       "\"centre\":\"Halkap\xc4\xb1nar\",\"holder\":\"A*** Y*****\",\"holder_erased\":false}"));
  CHECK(!contains(json, "name_matches") && !contains(json, "Ay\xc5\x9f" "e") && !contains(json, NATIONAL_ID));
  vf_string_free(json);

  CHECK(verified_contains(c.ds, c.keyring, "t 92hz x6wn 80x0 929y z", NULL, "\"status\":\"valid\""));
  CHECK(verified_contains(c.ds, c.keyring, CODE_T, "AYSE YILMAZ", "\"name_matches\":true"));
  CHECK(verified_contains(c.ds, c.keyring, CODE_T, "Mehmet Demir", "\"name_matches\":false"));
  CHECK(verified_contains(c.ds, c.keyring, "T-92HZ-X6WN-80X0-929Y-0", NULL, "{\"status\":\"malformed\"}"));
  CHECK(verified_contains(c.ds, c.keyring, "T-29HZ-X6WN-80X0-929Y-Z", NULL, "{\"status\":\"malformed\"}"));
  CHECK(verified_contains(c.ds, c.keyring, "0-0000-0000-0000-0000-0", NULL, "{\"status\":\"unknown\"}"));
  CHECK(verified_contains(c.edited, c.keyring, CODE_T, NULL, "\"status\":\"forged\""));
  CHECK(verified_contains(c.edited, c.keyring, CODE_T, NULL, "\"forgery\":\"facts_changed\""));
  CHECK(verified_contains(c.ds, c.other, CODE_T, NULL, "\"forgery\":\"unknown_key\""));

  /* Without a keyring: the dataset's, once set; NULL clears it. */
  CHECK_STATUS(vf_certificate_verify(c.ds, NULL, CODE_T, NULL, &json), VF_ERROR_INVALID_ARGUMENT);
  CHECK(json == NULL && contains(vf_last_error_message(), "vf_dataset_set_keyring"));
  CHECK_STATUS(vf_dataset_set_keyring(c.ds, c.keyring), VF_OK);
  vf_keyring_free(c.keyring); /* the dataset has its own copy */
  c.keyring = NULL;
  CHECK(verified_contains(c.ds, NULL, CODE_T, NULL, "\"status\":\"valid\""));
  CHECK(verified_contains(c.ds, c.other, CODE_T, NULL, "\"status\":\"forged\"")); /* a keyring given wins */
  CHECK_STATUS(vf_dataset_set_keyring(c.ds, NULL), VF_OK);
  CHECK_STATUS(vf_certificate_verify(c.ds, NULL, CODE_T, NULL, &json), VF_ERROR_INVALID_ARGUMENT);

  CHECK_STATUS(vf_certificate_verify(NULL, c.other, CODE_T, NULL, &json), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_certificate_verify(c.ds, c.other, NULL, NULL, &json), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_certificate_verify(c.ds, c.other, CODE_T, NULL, NULL), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_set_keyring(NULL, c.other), VF_ERROR_INVALID_ARGUMENT);

  close_certificate_case(&c);
}

static void test_certificate_tokens(void) {
  struct certificate_case c = open_certificate_case();
  char *token = POISON;
  char *public_key = NULL;
  char *other_key = NULL;
  char *json = POISON;
  CHECK_STATUS(vf_keyring_public_key(c.keyring, &public_key), VF_OK);
  CHECK_STATUS(vf_keyring_public_key(c.other, &other_key), VF_OK);

  CHECK_STATUS(vf_certificate_token(c.ds, c.keyring, ID_CERTIFICATE, &token), VF_OK);
  CHECK(token != NULL && strncmp(token, "VF1.", 4) == 0);
  CHECK_STATUS(vf_token_verify(public_key, token, &json), VF_OK);
  CHECK(contains(json, "{\"status\":\"valid\",\"key\":\"T\",\"certificate\":\"" ID_CERTIFICATE "\",\"code\":\"" CODE_T "\""));
  CHECK(contains(json, "\"holder\":\"A*** Y*****\""));
  vf_string_free(json);

  CHECK_STATUS(vf_token_verify(other_key, token, &json), VF_OK);
  CHECK(contains(json, "{\"status\":\"forged\"}"));
  vf_string_free(json);
  token[10] = token[10] == 'A' ? 'B' : 'A'; /* inside the payload */
  CHECK_STATUS(vf_token_verify(public_key, token, &json), VF_OK);
  CHECK(contains(json, "{\"status\":\"forged\"}"));
  vf_string_free(json);
  CHECK_STATUS(vf_token_verify(public_key, "VF1.not-a-token", &json), VF_OK);
  CHECK(contains(json, "{\"status\":\"malformed\"}"));
  vf_string_free(json);
  json = POISON;
  CHECK_STATUS(vf_token_verify("not a key", token, &json), VF_ERROR_INVALID_ARGUMENT);
  CHECK(json == NULL);
  CHECK_STATUS(vf_token_verify(NULL, token, &json), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_token_verify(public_key, NULL, &json), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_token_verify(public_key, token, NULL), VF_ERROR_INVALID_ARGUMENT);
  vf_string_free(token);

  token = POISON;
  CHECK_STATUS(vf_certificate_token(c.edited, c.keyring, ID_CERTIFICATE, &token), VF_ERROR_INVALID_DATA);
  CHECK(token == NULL && contains(vf_last_error_message(), "does not match its facts"));
  CHECK_STATUS(vf_certificate_token(c.ds, c.keyring, ID_TRAINEE, &token), VF_ERROR_NOT_FOUND);
  CHECK_STATUS(vf_certificate_token(c.ds, c.keyring, "not-a-uuid", &token), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_certificate_token(c.ds, NULL, ID_CERTIFICATE, &token), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_certificate_token(c.ds, c.keyring, NULL, &token), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_certificate_token(NULL, c.keyring, ID_CERTIFICATE, &token), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_certificate_token(c.ds, c.keyring, ID_CERTIFICATE, NULL), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_set_keyring(c.ds, c.keyring), VF_OK);
  CHECK_STATUS(vf_certificate_token(c.ds, NULL, ID_CERTIFICATE, &token), VF_OK);
  vf_string_free(token);

  vf_string_free(public_key);
  vf_string_free(other_key);
  close_certificate_case(&c);
}

/* vf_dataset_apply: a batch applies, a refused one changes nothing and names the operation,
 * check-only changes nothing, the audit trail grows by one entry per operation. */
static void test_apply(void) {
  vf_dataset *ds = NULL;
  char *out = NULL;
  char *before = NULL;
  char *after = NULL;
  if (VF_TEST_SAMPLE[0] == '\0') return;
  CHECK_STATUS(vf_dataset_load_file(VF_TEST_SAMPLE, VF_FLAGS_NONE, &ds), VF_OK);
  static const char refer[] =
      "{\"actor\": \"desk-3\", \"at\": \"2026-11-20T09:00:00Z\", \"ops\": ["
      "{\"op\": \"refer\", \"trainee\": \"78e1e319-f840-4254-902a-2ccdd934bfdc\","
      " \"vacancy\": \"2ee4c581-a4bb-4d8e-a61d-bb44c64a7d48\", \"on\": \"2026-11-20\","
      " \"id\": \"5d0f3c1e-8b7a-4c2d-9e6f-1a2b3c4d5e6f\"}]}";
  CHECK_STATUS(vf_dataset_save_json(ds, VF_REVEAL_NATIONAL_IDS, &before), VF_OK);
  CHECK_STATUS(vf_dataset_apply(ds, refer, VF_NUL_TERMINATED, VF_CHECK_ONLY, &out), VF_OK);
  CHECK(out != NULL && strstr(out, "\"applied\":false") != NULL && strstr(out, "\"referrals\"") != NULL);
  vf_string_free(out);
  CHECK_STATUS(vf_dataset_save_json(ds, VF_REVEAL_NATIONAL_IDS, &after), VF_OK);
  CHECK(strcmp(before, after) == 0);
  vf_string_free(after);

  out = NULL;
  CHECK_STATUS(vf_dataset_apply(ds, refer, VF_NUL_TERMINATED, VF_FLAGS_NONE, &out), VF_OK);
  CHECK(out != NULL && strstr(out, "\"applied\":true") != NULL);
  vf_string_free(out);
  out = NULL;
  CHECK_STATUS(vf_dataset_audit(ds, 0, (size_t)-1, &out), VF_OK);
  CHECK(out != NULL && strstr(out, "\"op\":\"refer\"") != NULL && strstr(out, "\"actor\":\"desk-3\"") != NULL);
  vf_string_free(out);

  /* The same referral again: refused, issues in the error state, nothing changed. */
  vf_string_free(before);
  CHECK_STATUS(vf_dataset_save_json(ds, VF_REVEAL_NATIONAL_IDS, &before), VF_OK);
  out = (char *)POISON;
  CHECK_STATUS(vf_dataset_apply(ds, refer, VF_NUL_TERMINATED, VF_FLAGS_NONE, &out), VF_ERROR_RULE_VIOLATION);
  CHECK(out == NULL);
  CHECK(strstr(vf_last_issues_json(), "\"duplicate_referral\"") != NULL);
  CHECK(strstr(vf_last_issues_json(), "ops[0]") != NULL);
  CHECK(strstr(vf_last_error_message(), "operation 0 (refer)") != NULL);
  CHECK_STATUS(vf_dataset_save_json(ds, VF_REVEAL_NATIONAL_IDS, &after), VF_OK);
  CHECK(strcmp(before, after) == 0);
  vf_string_free(after);
  vf_string_free(before);

  /* Unknown operations, malformed requests, missing actors, reserved flags, NULLs. */
  CHECK_STATUS(vf_dataset_apply(ds, "{\"actor\": \"a\", \"ops\": [{\"op\": \"promote\"}]}", VF_NUL_TERMINATED,
                                VF_FLAGS_NONE, &out),
               VF_ERROR_RULE_VIOLATION);
  CHECK(strstr(vf_last_issues_json(), "\"unknown_operation\"") != NULL);
  CHECK_STATUS(vf_dataset_apply(ds, "{\"actor\": ", VF_NUL_TERMINATED, VF_FLAGS_NONE, &out), VF_ERROR_PARSE);
  CHECK_STATUS(vf_dataset_apply(ds, "{\"ops\": []}", VF_NUL_TERMINATED, VF_FLAGS_NONE, &out),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_apply(ds, refer, VF_NUL_TERMINATED, (vf_flags)1u << 30, &out), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_apply(NULL, refer, VF_NUL_TERMINATED, VF_FLAGS_NONE, &out), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_apply(ds, NULL, 0, VF_FLAGS_NONE, &out), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_apply(ds, refer, VF_NUL_TERMINATED, VF_FLAGS_NONE, NULL), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_audit(NULL, 0, 1, &out), VF_ERROR_INVALID_ARGUMENT);
  vf_dataset_free(ds);
}

/* The total of an assignment result (`"total":N`), or LLONG_MIN when absent. */
static long long result_total(const char *json) {
  const char *at = json == NULL ? NULL : strstr(json, "\"total\":");
  return at == NULL ? LLONG_MIN : strtoll(at + 8, NULL, 10);
}

/* The least total of a full assignment of a 4x4 matrix, over all 24 permutations. */
static long long brute_force_4x4(const long long costs[4][4]) {
  long long best = LLONG_MAX;
  int a, b, c, d;
  for (a = 0; a < 4; ++a)
    for (b = 0; b < 4; ++b)
      for (c = 0; c < 4; ++c)
        for (d = 0; d < 4; ++d) {
          if (a == b || a == c || a == d || b == c || b == d || c == d) continue;
          if (costs[0][a] + costs[1][b] + costs[2][c] + costs[3][d] < best)
            best = costs[0][a] + costs[1][b] + costs[2][c] + costs[3][d];
        }
  return best;
}

static void test_solvers(void) {
  char *out = NULL;
  char request[512];
  unsigned seed = 12345u;
  int round, i, j;
  /* The example of docs/matching.md; then Gale & Shapley's cycle, optimal for either side. */
  CHECK_STATUS(vf_stable_match("{\"proposers\": {\"ada\": [\"city\", \"mercy\"], \"sam\": [\"city\"]},"
                               " \"receivers\": {\"city\": [\"sam\", \"ada\"], \"mercy\": [\"ada\"]}}",
                               VF_NUL_TERMINATED, &out),
               VF_OK);
  CHECK(contains(out, "\"matching\":{\"ada\":\"mercy\",\"sam\":\"city\"}"));
  vf_string_free(out);
  out = NULL;
  CHECK_STATUS(vf_stable_match("{\"proposers\": {\"a\": [\"A\", \"B\", \"C\"], \"b\": [\"B\", \"C\", \"A\"], \"c\": [\"C\", \"A\", \"B\"]},"
                               " \"receivers\": {\"A\": [\"b\", \"c\", \"a\"], \"B\": [\"c\", \"a\", \"b\"], \"C\": [\"a\", \"b\", \"c\"]},"
                               " \"optimal\": \"receiver\"}",
                               VF_NUL_TERMINATED, &out),
               VF_OK);
  CHECK(contains(out, "\"matching\":{\"a\":\"C\",\"b\":\"A\",\"c\":\"B\"}"));
  vf_string_free(out);
  out = NULL;
  CHECK_STATUS(vf_blocking_pairs("{\"proposers\": {\"ada\": [\"city\", \"mercy\"], \"sam\": [\"city\"]},"
                                 " \"receivers\": {\"city\": [\"sam\", \"ada\"], \"mercy\": [\"ada\"]},"
                                 " \"matching\": {\"ada\": \"city\", \"sam\": null}}",
                                 VF_NUL_TERMINATED, &out),
               VF_OK);
  CHECK(contains(out, "\"stable\":false") && contains(out, "[\"sam\",\"city\"]"));
  vf_string_free(out);

  /* Assignment: the SPEC's example, an infeasible one, a sparse max_weight. */
  out = NULL;
  CHECK_STATUS(vf_assign("{\"costs\": [[4, 1, 3], [2, 0, 5]]}", VF_NUL_TERMINATED, &out), VF_OK);
  CHECK(contains(out, "\"rows\":[0,1]") && contains(out, "\"cols\":[1,0]") && result_total(out) == 3);
  vf_string_free(out);
  out = (char *)POISON;
  CHECK_STATUS(vf_assign("{\"costs\": [[null, null], [1, 2]]}", VF_NUL_TERMINATED, &out), VF_ERROR_INFEASIBLE);
  CHECK(out == NULL && contains(vf_last_issues_json(), "\"infeasible\""));
  out = NULL;
  CHECK_STATUS(vf_assign("{\"rows\": 3, \"cols\": 1, \"arcs\": [[0, 0, 5], [1, 0, 7], [2, 0, 6]],"
                         " \"capacities\": [2], \"objective\": \"max_weight\"}",
                         VF_NUL_TERMINATED, &out),
               VF_OK);
  CHECK(result_total(out) == 13 && contains(out, "\"duals\""));
  vf_string_free(out);

  /* Random dense 4x4 problems against brute force over every permutation. */
  for (round = 0; round < 200; ++round) {
    long long costs[4][4];
    int used = 0;
    used += snprintf(request + used, sizeof request - (size_t)used, "{\"costs\": [");
    for (i = 0; i < 4; ++i) {
      used += snprintf(request + used, sizeof request - (size_t)used, i ? ", [" : "[");
      for (j = 0; j < 4; ++j) {
        seed = seed * 1103515245u + 12345u;
        costs[i][j] = (long long)((seed >> 16) % 201u) - 100;
        used += snprintf(request + used, sizeof request - (size_t)used, j ? ", %lld" : "%lld", costs[i][j]);
      }
      used += snprintf(request + used, sizeof request - (size_t)used, "]");
    }
    snprintf(request + used, sizeof request - (size_t)used, "]}");
    out = NULL;
    CHECK_STATUS(vf_assign(request, VF_NUL_TERMINATED, &out), VF_OK);
    CHECK(result_total(out) == brute_force_4x4((const long long(*)[4])costs));
    vf_string_free(out);
  }

  /* Malformed requests: the place named, a national id never quoted in full; NULLs refused. */
  CHECK_STATUS(vf_stable_match("{\"proposers\": {\"" NATIONAL_ID "\": [\"x\", \"x\"]}, \"receivers\": {}}",
                               VF_NUL_TERMINATED, &out),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK(error_masks(NATIONAL_ID));
  CHECK_STATUS(vf_assign("{\"costs\": [[1, ", VF_NUL_TERMINATED, &out), VF_ERROR_PARSE);
  CHECK_STATUS(vf_assign("{\"costs\": [[1.5]]}", VF_NUL_TERMINATED, &out), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_stable_match(NULL, 0, &out), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_blocking_pairs("{}", VF_NUL_TERMINATED, NULL), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_assign(NULL, 0, &out), VF_ERROR_INVALID_ARGUMENT);
}

/* The compact solvers: the docs' example by index, either side optimal, one-sided entries by
 * name, the same issues as the JSON form, names that do not add up, and every NULL. */
static void test_solvers_lists(void) {
  /* ada: [city, mercy], sam: [city]; city: [sam, ada], mercy: [ada]. */
  static const char kNames[] = "ada\x1fsam\x1f" "city\x1fmercy\x1f" "city\x1fmercy\x1f" "city\x1fsam\x1f" "ada\x1f" "ada";
  static const uint32_t kLengths[] = {2, 1, 2, 1};
  /* The 1962 cycle: a: [A, B, C], b: [B, C, A], c: [C, A, B]; A: [b, c, a], B: [c, a, b], C: [a, b, c]. */
  static const char kCycle[] = "a\x1f" "b\x1f" "c\x1f" "A\x1f" "B\x1f" "C\x1f"
                               "A\x1f" "B\x1f" "C\x1f" "B\x1f" "C\x1f" "A\x1f" "C\x1f" "A\x1f" "B\x1f"
                               "b\x1f" "c\x1f" "a\x1f" "c\x1f" "a\x1f" "b\x1f" "a\x1f" "b\x1f" "c";
  static const uint32_t kCycleLengths[] = {3, 3, 3, 3, 3, 3};
  uint32_t partner[3], held[3], counts[3];
  char *ignored = NULL;
  char *json = NULL;
  char *json_too = NULL;
  char issues[2048];
  size_t length = 99;
  int64_t capacity;

  CHECK_STATUS(vf_stable_match_lists(kNames, sizeof kNames - 1, kLengths, 2, 2, NULL, 0, VF_FLAGS_NONE, partner, held,
                                     counts, &ignored, &length),
               VF_OK);
  CHECK(partner[0] == 1 && partner[1] == 0); /* ada: mercy, sam: city */
  CHECK(counts[0] == 1 && counts[1] == 1 && held[0] == 1 && held[1] == 0);
  CHECK(ignored != NULL && ignored[0] == '\0' && length == 0);
  vf_string_free(ignored);
  ignored = NULL;
  CHECK_STATUS(vf_stable_match_lists(kNames, VF_NUL_TERMINATED, kLengths, 2, 2, NULL, 0, VF_FLAGS_NONE, partner, held,
                                     counts, &ignored, &length),
               VF_OK);
  vf_string_free(ignored);
  ignored = NULL;
  CHECK_STATUS(vf_stable_match_lists(kCycle, VF_NUL_TERMINATED, kCycleLengths, 3, 3, NULL, 0, VF_FLAGS_NONE, partner,
                                     held, counts, &ignored, &length),
               VF_OK);
  CHECK(partner[0] == 0 && partner[1] == 1 && partner[2] == 2); /* men propose: a-A, b-B, c-C */
  vf_string_free(ignored);
  ignored = NULL;
  CHECK_STATUS(vf_stable_match_lists(kCycle, VF_NUL_TERMINATED, kCycleLengths, 3, 3, NULL, 0, VF_RECEIVER_OPTIMAL,
                                     partner, held, counts, &ignored, &length),
               VF_OK);
  CHECK(partner[0] == 2 && partner[1] == 0 && partner[2] == 1); /* women propose: a-C, b-A, c-B */
  vf_string_free(ignored);
  ignored = NULL;

  /* One-sided entries, by name: a lists x, which lists nobody; z lists nobody a does not. */
  {
    static const char kOneSided[] = "a\x1fx\x1fz\x1fx\x1fz\x1fnowhere\x1f" "a\x1fnobody";
    static const uint32_t kOneSidedLengths[] = {3, 0, 2};
    CHECK_STATUS(vf_stable_match_lists(kOneSided, VF_NUL_TERMINATED, kOneSidedLengths, 1, 2, NULL, 0, VF_FLAGS_NONE,
                                       partner, held, counts, &ignored, &length),
                 VF_OK);
    CHECK(partner[0] == 1 && counts[0] == 0 && counts[1] == 1);
    CHECK(ignored != NULL && length == strlen("a\x1fx\x1f" "a\x1fnowhere\x1fnobody\x1fz") &&
          memcmp(ignored, "a\x1fx\x1f" "a\x1fnowhere\x1fnobody\x1fz", length) == 0);
    vf_string_free(ignored);
    ignored = NULL;
  }

  /* The same issues as the JSON form: a capacity out of range, a receiver listed twice. */
  {
    /* The capacity's name comes after the receivers' names, then the lists' entries. */
    static const char kBad[] = "ada\x1fsam\x1f" "city\x1fmercy\x1f" "city\x1f" "city\x1fmercy\x1f" "city\x1f"
                               "city\x1fsam\x1f" "ada\x1f" "ada";
    static const uint32_t kBadLengths[] = {3, 1, 2, 1};
    capacity = 0;
    partner[0] = 7u;
    ignored = POISON;
    length = 99;
    CHECK_STATUS(vf_stable_match_lists(kBad, VF_NUL_TERMINATED, kBadLengths, 2, 2, &capacity, 1, VF_FLAGS_NONE,
                                       partner, held, counts, &ignored, &length),
                 VF_ERROR_INVALID_ARGUMENT);
    CHECK(ignored == NULL && length == 0 && partner[0] == 7u); /* nothing written */
    CHECK(contains(vf_last_issues_json(), "\"proposers.ada[2]\"") && contains(vf_last_issues_json(), "\"capacities.city\""));
    snprintf(issues, sizeof issues, "%s", vf_last_issues_json());
    CHECK_STATUS(vf_stable_match("{\"proposers\": {\"ada\": [\"city\", \"mercy\", \"city\"], \"sam\": [\"city\"]},"
                                 " \"receivers\": {\"city\": [\"sam\", \"ada\"], \"mercy\": [\"ada\"]},"
                                 " \"capacities\": {\"city\": 0}}",
                                 VF_NUL_TERMINATED, &json),
                 VF_ERROR_INVALID_ARGUMENT);
    CHECK(strcmp(issues, vf_last_issues_json()) == 0);
  }

  /* A national id as a name: masked in the message and the issues. */
  {
    static const char kId[] = NATIONAL_ID "\x1f" NATIONAL_ID;
    static const uint32_t kIdLengths[] = {0, 0};
    CHECK_STATUS(vf_stable_match_lists(kId, VF_NUL_TERMINATED, kIdLengths, 2, 0, NULL, 0, VF_FLAGS_NONE, partner, held,
                                       NULL, &ignored, &length),
                 VF_ERROR_INVALID_ARGUMENT);
    CHECK(error_masks(NATIONAL_ID) && contains(vf_last_issues_json(), NATIONAL_ID_MASKED));
  }

  /* Names that do not add up to the counts (a name holding the separator), or not UTF-8: refused
   * whole, without issues. */
  CHECK_STATUS(vf_stable_match_lists("a\x1fx\x1fy\x1fx\x1fz\x1f" "a", VF_NUL_TERMINATED, kLengths + 2, 1, 1, NULL, 0,
                                     VF_FLAGS_NONE, partner, held, counts, &ignored, &length),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK(contains(vf_last_error_message(), "0x1F") && strcmp(vf_last_issues_json(), "[]") == 0);
  CHECK_STATUS(vf_stable_match_lists("\xe9", 1, NULL, 0, 0, NULL, 0, VF_FLAGS_NONE, NULL, NULL, NULL, &ignored,
                                     &length),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_stable_match_lists("a", 1, kLengths, (size_t)-1, 0, NULL, 0, VF_FLAGS_NONE, partner, held, counts,
                                     &ignored, &length),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK(contains(vf_last_error_message(), "bytes can hold"));
  CHECK_STATUS(vf_stable_match_lists(NULL, 0, NULL, 0, 0, NULL, 0, VF_FLAGS_NONE, NULL, NULL, NULL, &ignored, &length),
               VF_OK); /* the empty market */
  CHECK(ignored != NULL && length == 0);
  vf_string_free(ignored);
  ignored = NULL;

  /* NULLs where the counts need a pointer, and reserved flag bits: one argument wrong at a time. */
  {
    int wrong;
    for (wrong = 0; wrong < 9; ++wrong) {
      CHECK_STATUS(vf_stable_match_lists(wrong == 5 ? NULL : kNames, wrong == 5 ? 5 : VF_NUL_TERMINATED,
                                         wrong == 6 ? NULL : kLengths, 2, 2, NULL, wrong == 7 ? 1 : 0,
                                         wrong == 8 ? VF_CHECK_ONLY : VF_FLAGS_NONE, wrong == 2 ? NULL : partner,
                                         wrong == 3 ? NULL : held, wrong == 4 ? NULL : counts,
                                         wrong == 0 ? NULL : &ignored, wrong == 1 ? NULL : &length),
                   VF_ERROR_INVALID_ARGUMENT);
    }
  }

  /* Blocking pairs: the JSON form's result, byte for byte; a matched proposer holds one receiver
   * or none. */
  {
    static const char kMatched[] = "ada\x1fsam\x1f" "city\x1fmercy\x1f" "ada\x1fsam\x1f" "city\x1fmercy\x1f"
                                   "city\x1fsam\x1f" "ada\x1f" "ada\x1f" "city";
    static const uint32_t kMatchedLengths[] = {2, 1, 2, 1, 1, 0};
    static const uint32_t kTwice[] = {2, 1, 2, 1, 2, 0};
    json = NULL;
    CHECK_STATUS(vf_blocking_pairs_lists(kMatched, VF_NUL_TERMINATED, kMatchedLengths, 2, 2, NULL, 0, 2, &json), VF_OK);
    CHECK_STATUS(vf_blocking_pairs("{\"proposers\": {\"ada\": [\"city\", \"mercy\"], \"sam\": [\"city\"]},"
                                   " \"receivers\": {\"city\": [\"sam\", \"ada\"], \"mercy\": [\"ada\"]},"
                                   " \"matching\": {\"ada\": \"city\", \"sam\": null}}",
                                   VF_NUL_TERMINATED, &json_too),
                 VF_OK);
    CHECK(json != NULL && json_too != NULL && strcmp(json, json_too) == 0 && contains(json, "[\"sam\",\"city\"]"));
    vf_string_free(json);
    vf_string_free(json_too);
    json = POISON;
    CHECK_STATUS(vf_blocking_pairs_lists(kMatched, VF_NUL_TERMINATED, kTwice, 2, 2, NULL, 0, 2, &json),
                 VF_ERROR_INVALID_ARGUMENT);
    CHECK(json == NULL && contains(vf_last_error_message(), "one or none"));
    CHECK_STATUS(vf_blocking_pairs_lists(kMatched, VF_NUL_TERMINATED, kMatchedLengths, 2, 2, NULL, 0, 2, NULL),
                 VF_ERROR_INVALID_ARGUMENT);
  }
}

static void test_allocate(void) {
  vf_dataset *ds = NULL;
  char *out = NULL;
  char *again = NULL;
  char *before = NULL;
  char *after = NULL;
  if (VF_TEST_SAMPLE[0] == '\0') return;
  CHECK_STATUS(vf_dataset_load_file(VF_TEST_SAMPLE, VF_FLAGS_NONE, &ds), VF_OK);
  CHECK_STATUS(vf_dataset_save_json(ds, VF_REVEAL_NATIONAL_IDS, &before), VF_OK);
  CHECK_STATUS(vf_dataset_allocate(ds, "{\"as_of\": \"2026-11-20\"}", VF_NUL_TERMINATED, &out), VF_OK);
  CHECK(contains(out, "\"assignments\":[{") && contains(out, "\"seed\":35") && contains(out, "\"operations\":["));
  CHECK(!contains(out, "\"given_name\""));
  CHECK_STATUS(vf_dataset_allocate(ds, "{\"as_of\": \"2026-11-20\"}", VF_NUL_TERMINATED, &again), VF_OK);
  CHECK(out != NULL && again != NULL && strcmp(out, again) == 0); /* one seed, one result */
  vf_string_free(again);
  again = NULL;
  /* The same on any number of threads. */
  CHECK_STATUS(vf_dataset_allocate(ds, "{\"as_of\": \"2026-11-20\", \"max_threads\": 1}", VF_NUL_TERMINATED, &again),
               VF_OK);
  CHECK(out != NULL && again != NULL && strcmp(out, again) == 0);
  vf_string_free(again);
  again = NULL;
  CHECK_STATUS(vf_dataset_allocate(ds, "{\"as_of\": \"2026-11-20\", \"seed\": 7}", VF_NUL_TERMINATED, &again), VF_OK);
  CHECK(contains(again, "\"seed\":7"));
  vf_string_free(again);
  vf_string_free(out);
  CHECK_STATUS(vf_dataset_save_json(ds, VF_REVEAL_NATIONAL_IDS, &after), VF_OK);
  CHECK(before != NULL && after != NULL && strcmp(before, after) == 0); /* allocating changes nothing */
  vf_string_free(before);
  vf_string_free(after);
  /* The sample has no as_of: without one the library refuses (it reads no clock). */
  out = (char *)POISON;
  CHECK_STATUS(vf_dataset_allocate(ds, NULL, 0, &out), VF_ERROR_INVALID_ARGUMENT);
  CHECK(out == NULL && contains(vf_last_issues_json(), "\"missing_field\""));
  CHECK_STATUS(vf_dataset_allocate(ds, "{\"as_of\": \"2026-13-01\"}", VF_NUL_TERMINATED, &out),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_allocate(ds, "{\"as_of\": ", VF_NUL_TERMINATED, &out), VF_ERROR_PARSE);
  CHECK_STATUS(vf_dataset_allocate(ds, "{\"as_of\": \"2026-11-20\", \"max_threads\": 257}", VF_NUL_TERMINATED, &out),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK(contains(vf_last_issues_json(), "\"max_threads\""));
  CHECK_STATUS(vf_dataset_allocate(ds, "{\"" NATIONAL_ID "\": 1}", VF_NUL_TERMINATED, &out), VF_ERROR_INVALID_ARGUMENT);
  CHECK(error_masks(NATIONAL_ID));
  CHECK_STATUS(vf_dataset_allocate(NULL, "{}", VF_NUL_TERMINATED, &out), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_allocate(ds, "{}", VF_NUL_TERMINATED, NULL), VF_ERROR_INVALID_ARGUMENT);
  vf_dataset_free(ds);
}

#define SAMPLE_COOKING "2ee4c581-a4bb-4d8e-a61d-bb44c64a7d48"  /* open from 2026-07-01 to 2026-12-31 */
#define SAMPLE_CLOSED "eba19730-f8f5-48f5-af58-0c46ce677cd5"   /* closed */
#define SAMPLE_REFERRED "daf3e146-9c5a-4fa6-a1e9-b7cec8655047" /* referred to SAMPLE_COOKING already */

/* The id after the first `"trainee":"` of @p json, copied into @p id (37 bytes); "" if none. */
static const char *first_trainee(const char *json, char *id) {
  const char *at = json == NULL ? NULL : strstr(json, "\"trainee\":\"");
  id[0] = '\0';
  if (at != NULL && strlen(at + 11) >= 36) {
    memcpy(id, at + 11, 36);
    id[36] = '\0';
  }
  return id;
}

/* The signature of the dataset's JSON entry points (vf_dataset_allocate, vf_dataset_rank, ...). */
typedef vf_status (*dataset_query)(const vf_dataset *, const char *, size_t, char **);

/* A request refused with @p status and issue @p code (quoted) at @p path (quoted). */
struct refused_request {
  dataset_query query;
  const char *request;
  size_t length;
  vf_status status;
  const char *code;
  const char *path;
};

#define DAY_ "\"as_of\": \"2026-11-20\""
#define NUL_ VF_NUL_TERMINATED
#define INVALID_ VF_ERROR_INVALID_ARGUMENT

static const dataset_query kQueries[] = {vf_dataset_rank, vf_dataset_explain, vf_dataset_match};

static const struct refused_request kRefused[] = {
    /* the sample has no as_of, and the library reads no clock */
    {vf_dataset_rank, "{\"vacancy\": \"" SAMPLE_COOKING "\"}", NUL_, INVALID_, "\"missing_field\"", "\"as_of\""},
    {vf_dataset_rank, NULL, 0, INVALID_, "\"missing_field\"", "\"vacancy\""},
    {vf_dataset_rank, "{\"vacancy\": \"" ID_VACANCY "\", " DAY_ "}", NUL_, INVALID_, "\"unknown_reference\"",
     "\"vacancy\""},
    {vf_dataset_rank, "{\"vacancy\": \"" SAMPLE_CLOSED "\", " DAY_ "}", NUL_, INVALID_, "\"vacancy_not_open\"",
     "\"vacancy\""},
    /* not open yet */
    {vf_dataset_rank, "{\"vacancy\": \"" SAMPLE_COOKING "\", \"as_of\": \"2026-06-01\"}", NUL_, INVALID_,
     "\"vacancy_not_open\"", "\"vacancy\""},
    {vf_dataset_rank, "{\"vacancy\": \"" SAMPLE_COOKING "\", \"top\": 0, " DAY_ "}", NUL_, INVALID_,
     "\"invalid_value\"", "\"top\""},
    {vf_dataset_rank, "{\"vacancy\": \"" SAMPLE_COOKING "\", \"top\": 10001, " DAY_ "}", NUL_, INVALID_,
     "\"invalid_value\"", "\"top\""},
    {vf_dataset_rank, "{\"vacancy\": \"" SAMPLE_COOKING "\", \"top\": 2.5, " DAY_ "}", NUL_, INVALID_,
     "\"invalid_value\"", "\"top\""},
    {vf_dataset_rank, "{\"vacancy\": \"" SAMPLE_COOKING "\", \"as_of\": \"2026-13-01\"}", NUL_, INVALID_,
     "\"invalid_value\"", "\"as_of\""},
    {vf_dataset_rank, "{\"vacancy\": 7}", NUL_, INVALID_, "\"invalid_value\"", "\"vacancy\""},
    {vf_dataset_rank, "{\"vacancy\": \"" NATIONAL_ID "\"}", NUL_, INVALID_, "\"invalid_value\"", "\"vacancy\""},
    {vf_dataset_rank, "{\"" NATIONAL_ID "\": 1}", NUL_, INVALID_, "\"invalid_value\"", "unknown field"},
    {vf_dataset_rank, "[]", NUL_, INVALID_, "\"invalid_value\"", "\"path\":\"\""},
    {vf_dataset_rank, "{\"vacancy\": ", NUL_, VF_ERROR_PARSE, "\"parse_error\"", "\"path\""},
    {vf_dataset_explain, "{\"vacancy\": \"" SAMPLE_COOKING "\", " DAY_ "}", NUL_, INVALID_, "\"missing_field\"",
     "\"trainee\""},
    {vf_dataset_explain, "{\"vacancy\": \"" SAMPLE_COOKING "\", \"trainee\": \"" ID_TRAINEE "\", " DAY_ "}", NUL_,
     INVALID_, "\"unknown_reference\"", "\"trainee\""},
    {vf_dataset_explain, "{\"vacancy\": \"" SAMPLE_CLOSED "\", \"trainee\": \"" SAMPLE_REFERRED "\", " DAY_ "}", NUL_,
     INVALID_, "\"vacancy_not_open\"", "\"vacancy\""},
    {vf_dataset_explain, "{\"vacancy\": \"" SAMPLE_COOKING "\", \"trainee\": \"" SAMPLE_REFERRED "\"}", NUL_,
     INVALID_, "\"missing_field\"", "\"as_of\""},
    {vf_dataset_explain, "{\"trainee\": \"x\", \"trainee\": \"y\"}", NUL_, INVALID_, "\"invalid_value\"",
     "\"trainee\""},
    {vf_dataset_explain, "{\"vacancy\": \"" SAMPLE_COOKING "\", \"trainee\": \"" NATIONAL_ID "\", " DAY_ "}", NUL_,
     INVALID_, "\"invalid_value\"", "\"trainee\""},
    {vf_dataset_explain, "{", NUL_, VF_ERROR_PARSE, "\"parse_error\"", "\"path\""},
    {vf_dataset_match, NULL, 0, INVALID_, "\"missing_field\"", "\"as_of\""},
    {vf_dataset_match, "{\"shortlist\": 0, " DAY_ "}", NUL_, INVALID_, "\"invalid_value\"", "\"shortlist\""},
    {vf_dataset_match, "{\"shortlist\": 1001, " DAY_ "}", NUL_, INVALID_, "\"invalid_value\"", "\"shortlist\""},
    {vf_dataset_match, "{\"shortlist\": -1, " DAY_ "}", NUL_, INVALID_, "\"invalid_value\"", "\"shortlist\""},
    {vf_dataset_match, "{\"mode\": \"greedy\", " DAY_ "}", NUL_, INVALID_, "\"invalid_value\"", "\"mode\""},
    {vf_dataset_match, "{\"max_threads\": 257, " DAY_ "}", NUL_, INVALID_, "\"invalid_value\"", "\"max_threads\""},
    {vf_dataset_match, "{\"mode\": \"" NATIONAL_ID "\", " DAY_ "}", NUL_, INVALID_, "\"invalid_value\"", "\"mode\""},
    {vf_dataset_match, "{" DAY_ ", \"top\": 3}", NUL_, INVALID_, "\"invalid_value\"", "unknown field"},
    {vf_dataset_match, "{\"as_of\": 2026}", NUL_, INVALID_, "\"invalid_value\"", "\"as_of\""},
    {vf_dataset_match, "nope", NUL_, VF_ERROR_PARSE, "\"parse_error\"", "\"path\""},
    /* a length counts bytes: this one stops before the closing brace */
    {vf_dataset_match, "{" DAY_ "}", 22, VF_ERROR_PARSE, "\"parse_error\"", "\"path\""},
};

static void test_rank_explain_match(void) {
  vf_dataset *ds = NULL;
  char *out = NULL;
  char *before = NULL;
  char *after = NULL;
  char request[512];
  char trainee[37];
  size_t i;
  int ok;
  if (VF_TEST_SAMPLE[0] == '\0') return;
  CHECK_STATUS(vf_dataset_load_file(VF_TEST_SAMPLE, VF_FLAGS_NONE, &ds), VF_OK);
  CHECK_STATUS(vf_dataset_save_json(ds, VF_REVEAL_NATIONAL_IDS, &before), VF_OK);

  /* A ranking: the vacancy, the day, the candidates with their terms. */
  CHECK_STATUS(vf_dataset_rank(ds, "{\"vacancy\": \"" SAMPLE_COOKING "\", \"top\": 3, \"as_of\": \"2026-11-20\"}",
                               VF_NUL_TERMINATED, &out),
               VF_OK);
  CHECK(contains(out, "{\"vacancy\":\"" SAMPLE_COOKING "\",\"as_of\":\"2026-11-20\",\"candidates\":["));
  CHECK(contains(out, "\"candidates\":[{\"trainee\":\"") && contains(out, "\"terms\":[{\"term\":\"certificate\""));
  CHECK(contains(out, "\"term\":\"preferences\"") && contains(out, "\"registered\":\""));
  CHECK(!contains(out, "\"given_name\"") && !contains(out, SAMPLE_REFERRED));
  first_trainee(out, trainee);
  CHECK(strlen(trainee) == 36);
  vf_string_free(out);
  out = NULL;

  /* The first candidate explained: eligible, with the same entry; someone referred already: not. */
  sprintf(request, "{\"vacancy\": \"%s\", \"trainee\": \"%s\", \"as_of\": \"2026-11-20\"}", SAMPLE_COOKING, trainee);
  CHECK_STATUS(vf_dataset_explain(ds, request, VF_NUL_TERMINATED, &out), VF_OK);
  CHECK(contains(out, "\"eligible\":true,\"score\":") && contains(out, "\"terms\":[") && contains(out, trainee));
  vf_string_free(out);
  out = NULL;
  CHECK_STATUS(vf_dataset_explain(ds,
                                  "{\"vacancy\": \"" SAMPLE_COOKING "\", \"trainee\": \"" SAMPLE_REFERRED "\","
                                  " \"as_of\": \"2026-11-20\"}",
                                  VF_NUL_TERMINATED, &out),
               VF_OK);
  CHECK(contains(out, "\"eligible\":false,\"reasons\":[{\"code\":\"duplicate_referral\""));
  CHECK(!contains(out, "\"score\""));
  vf_string_free(out);
  out = NULL;

  /* A match in each mode; its operations are a batch vf_dataset_apply accepts. */
  CHECK_STATUS(vf_dataset_match(ds, "{\"mode\": \"max_score\", \"as_of\": \"2026-11-20\"}", VF_NUL_TERMINATED, &out),
               VF_OK);
  CHECK(contains(out, "{\"mode\":\"max_score\",\"as_of\":\"2026-11-20\",\"shortlist\":20,\"vacancies\":"));
  CHECK(contains(out, "\"total_score\":") && contains(out, "\"open_positions_left\":"));
  { /* on one thread: the same answer */
    char *serial = NULL;
    CHECK_STATUS(vf_dataset_match(ds, "{\"mode\": \"max_score\", \"as_of\": \"2026-11-20\", \"max_threads\": 1}",
                                  VF_NUL_TERMINATED, &serial),
                 VF_OK);
    CHECK(serial != NULL && out != NULL && strcmp(serial, out) == 0);
    vf_string_free(serial);
  }
  vf_string_free(out);
  out = NULL;
  CHECK_STATUS(vf_dataset_match(ds, "{\"as_of\": \"2026-11-20\", \"shortlist\": 5}", VF_NUL_TERMINATED, &out), VF_OK);
  CHECK(contains(out, "{\"mode\":\"stable\",\"as_of\":\"2026-11-20\",\"shortlist\":5,"));
  CHECK(contains(out, "\"pairs\":[{\"trainee\":\"") && contains(out, "\"operations\":[{\"op\":\"refer\""));
  CHECK(!contains(out, "\"given_name\""));
  CHECK_STATUS(vf_dataset_save_json(ds, VF_REVEAL_NATIONAL_IDS, &after), VF_OK);
  CHECK(before != NULL && after != NULL && strcmp(before, after) == 0); /* nothing changed */
  vf_string_free(after);
  after = NULL;
  {
    const char *operations = strstr(out == NULL ? "" : out, "\"operations\":");
    char *batch = NULL;
    char *outcome = NULL;
    static const char kHead[] = "{\"actor\": \"match-desk\", \"at\": \"2026-11-20T09:00:00Z\", \"ops\": ";
    CHECK(operations != NULL);
    if (operations != NULL) {
      const size_t length = strlen(operations + 13) - 1; /* the array, without the result's last brace */
      batch = (char *)malloc(sizeof kHead + length + 1);
      if (batch != NULL) {
        sprintf(batch, "%s%.*s}", kHead, (int)length, operations + 13);
        CHECK_STATUS(vf_dataset_apply(ds, batch, VF_NUL_TERMINATED, VF_FLAGS_NONE, &outcome), VF_OK);
        CHECK(contains(outcome, "\"applied\":true"));
        vf_string_free(outcome);
        free(batch);
      }
    }
  }
  /* The first pair's person is no longer a candidate of that vacancy. */
  {
    const char *pair = strstr(out == NULL ? "" : out, "\"pairs\":[{");
    char vacancy[37];
    first_trainee(pair, trainee);
    vacancy[0] = '\0';
    if (pair != NULL && strstr(pair, "\"vacancy\":\"") != NULL) {
      memcpy(vacancy, strstr(pair, "\"vacancy\":\"") + 11, 36);
      vacancy[36] = '\0';
    }
    vf_string_free(out);
    out = NULL;
    sprintf(request, "{\"vacancy\": \"%s\", \"top\": 10000, \"as_of\": \"2026-11-20\"}", vacancy);
    CHECK_STATUS(vf_dataset_rank(ds, request, VF_NUL_TERMINATED, &out), VF_OK);
    CHECK(strlen(trainee) == 36 && !contains(out, trainee));
    vf_string_free(out);
    out = NULL;
  }

  /* Every error path: the status, the issue and its path, no result. */
  for (i = 0; i < sizeof kRefused / sizeof kRefused[0]; ++i) {
    const struct refused_request *c = &kRefused[i];
    out = (char *)POISON;
    CHECK_STATUS(c->query(ds, c->request, c->length, &out), c->status);
    ok = out == NULL && contains(vf_last_issues_json(), c->code) && contains(vf_last_issues_json(), c->path);
    CHECK(ok && error_masks(NATIONAL_ID));
    if (!ok) fprintf(stderr, "  refused request %u: %s\n", (unsigned)i, c->request == NULL ? "NULL" : c->request);
  }
  CHECK_STATUS(vf_dataset_rank(ds, "{\"vacancy\": \"" SAMPLE_COOKING "\"}", VF_NUL_TERMINATED, &out),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK(contains(vf_last_error_message(), "vf_dataset_rank: the request was rejected: 1 issue; first: missing_field"));

  /* NULL arguments, for each of the three. */
  for (i = 0; i < sizeof kQueries / sizeof kQueries[0]; ++i) {
    out = (char *)POISON;
    CHECK_STATUS(kQueries[i](NULL, "{}", VF_NUL_TERMINATED, &out), VF_ERROR_INVALID_ARGUMENT);
    CHECK(out == NULL && contains(vf_last_error_message(), ": dataset is NULL"));
    CHECK_STATUS(kQueries[i](ds, "{}", VF_NUL_TERMINATED, NULL), VF_ERROR_INVALID_ARGUMENT);
    CHECK(contains(vf_last_error_message(), ": out_json is NULL"));
  }
  CHECK(contains(vf_last_error_message(), "vf_dataset_match: out_json is NULL"));
  vf_string_free(before);
  vf_dataset_free(ds);
}

/* Reports, plans and the anonymised release (SPEC 6, 5.4, 4): each format, the release's figures
   equal to the original's, nobody in the release, and the usual refusals. */
static void test_reports(void) {
  vf_dataset *ds = NULL;
  vf_dataset *release = NULL;
  char *out = NULL;
  char *again = NULL;
  char *saved = NULL;
  if (VF_TEST_SAMPLE[0] == '\0') return;
  CHECK_STATUS(vf_dataset_load_file(VF_TEST_SAMPLE, VF_FLAGS_NONE, &ds), VF_OK);

  CHECK_STATUS(vf_dataset_report(ds, "{\"as_of\": \"2026-11-20\", \"by\": [\"centre\", \"gender\"]}",
                                 VF_NUL_TERMINATED, &out),
               VF_OK);
  CHECK(contains(out, "\"programme\": \"izmir-vocational-factory\"") && contains(out, "\"as_of\": \"2026-11-20\""));
  CHECK(contains(out, "\"employment\": {") && contains(out, "\"training\": {") && contains(out, "\"centre\": ["));
  CHECK(contains(out, "\"hire_per_referral\": {") && !contains(out, "\"given_name\""));

  /* The release: a new handle, everyone erased, the same figures. */
  CHECK_STATUS(vf_dataset_export_anonymised(ds, "{\"erased_on\": \"2026-11-20\", \"seed\": 7}", VF_NUL_TERMINATED,
                                            &release),
               VF_OK);
  CHECK(release != NULL);
  CHECK_STATUS(vf_dataset_report(release, "{\"as_of\": \"2026-11-20\", \"by\": [\"centre\", \"gender\"]}",
                                 VF_NUL_TERMINATED, &again),
               VF_OK);
  CHECK(again != NULL && strcmp(out, again) == 0);
  CHECK_STATUS(vf_dataset_save_json(release, VF_REVEAL_NATIONAL_IDS, &saved), VF_OK);
  CHECK(!contains(saved, "\"national_id\"") && !contains(saved, "\"given_name\"") && !contains(saved, "\"tax_number\""));
  CHECK(!contains(saved, "\"verification_code\"") && contains(saved, "\"erased\":\"2026-11-20\""));
  vf_string_free(out);
  vf_string_free(again);
  vf_string_free(saved);
  out = again = saved = NULL;

  /* Other formats. */
  CHECK_STATUS(vf_dataset_report(ds, "{\"as_of\": \"2026-11-20\", \"format\": \"csv\"}", VF_NUL_TERMINATED, &out),
               VF_OK);
  CHECK(strncmp(out, "section,metric,dimension,group,count,denominator,rate\n", 53) == 0);
  CHECK(contains(out, "\nemployment,referrals.total,all,all,"));
  vf_string_free(out);
  CHECK_STATUS(vf_dataset_report(ds, "{\"as_of\": \"2026-11-20\", \"format\": \"html\", \"by\": \"all\"}",
                                 VF_NUL_TERMINATED, &out),
               VF_OK);
  CHECK(strncmp(out, "<!DOCTYPE html>", 15) == 0 && contains(out, "<svg") && contains(out, "</html>"));
  vf_string_free(out);
  CHECK_STATUS(vf_dataset_plan(ds, "{\"as_of\": \"2026-11-20\"}", VF_NUL_TERMINATED, &out), VF_OK);
  CHECK(contains(out, "\"branches\": [") && contains(out, "\"recommendations\": [") &&
        contains(out, "\"not_recommended\": ["));
  vf_string_free(out);
  out = NULL;

  /* Refusals: no day (the sample has no as_of), a range backwards, unknown values; NULLs. */
  out = (char *)POISON;
  CHECK_STATUS(vf_dataset_report(ds, NULL, 0, &out), VF_ERROR_INVALID_ARGUMENT);
  CHECK(out == NULL && contains(vf_last_issues_json(), "\"missing_field\"") && contains(vf_last_issues_json(), "\"as_of\""));
  CHECK_STATUS(vf_dataset_report(ds, "{\"as_of\": \"2026-11-20\", \"from\": \"2026-05-01\", \"to\": \"2026-04-01\"}",
                                 VF_NUL_TERMINATED, &out),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK(contains(vf_last_issues_json(), "\"invalid_date_range\""));
  CHECK_STATUS(vf_dataset_report(ds, "{\"by\": [\"" NATIONAL_ID "\"], " DAY_ "}", VF_NUL_TERMINATED, &out),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK(contains(vf_last_issues_json(), "\"by[0]\"") && error_masks(NATIONAL_ID));
  CHECK_STATUS(vf_dataset_plan(ds, "{\"format\": \"html\", " DAY_ "}", VF_NUL_TERMINATED, &out),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_plan(ds, "{", VF_NUL_TERMINATED, &out), VF_ERROR_PARSE);
  CHECK_STATUS(vf_dataset_report(NULL, "{}", VF_NUL_TERMINATED, &out), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_report(ds, "{}", VF_NUL_TERMINATED, NULL), VF_ERROR_INVALID_ARGUMENT);
  vf_dataset_free(release);
  release = (vf_dataset *)POISON;
  CHECK_STATUS(vf_dataset_export_anonymised(ds, NULL, 0, &release), VF_ERROR_INVALID_ARGUMENT);
  CHECK(release == NULL && contains(vf_last_issues_json(), "\"erased_on\""));
  CHECK_STATUS(vf_dataset_export_anonymised(ds, "{\"seed\": \"x\"}", VF_NUL_TERMINATED, &release),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_export_anonymised(NULL, "{}", VF_NUL_TERMINATED, &release), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_export_anonymised(ds, "{}", VF_NUL_TERMINATED, NULL), VF_ERROR_INVALID_ARGUMENT);
  vf_dataset_free(ds);
}

int main(void) {
  test_version();
  test_names();
  test_error_state();
  test_new_and_free();
  test_load_json();
  test_load_file();
  test_validate();
  test_count();
  test_get();
  test_list();
  test_add();
  test_policy();
  test_deep_nesting();
  test_summary();
  test_save();
  test_many_handles();
  test_keyrings();
  test_certificate_verify();
  test_certificate_tokens();
  test_apply();
  test_solvers();
  test_solvers_lists();
  test_allocate();
  test_rank_explain_match();
  test_reports();
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
