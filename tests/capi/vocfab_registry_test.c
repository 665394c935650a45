/* The registry through the C ABI (vf_registry_*, since 0.7): a registry made from the sample,
 * the sample's day applied and made durable, a read-only reopen that sees the same state, the
 * writer lock, checkpoints, the status document, views (refused changes, nested views, a view
 * held while applying), the open and create flags, masking, and every NULL argument and reserved
 * flag bit.
 *
 * C99 + POSIX (mkdtemp, getpid, nftw); prints each failed check and "N passed, M failed".
 * Compiled with -std=c99 -pedantic -Wall -Wextra -Werror (tests/capi/CMakeLists.txt). */
#define _XOPEN_SOURCE 700
#include "vocfab/vocfab.h"
#include "registry_state.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef VF_TEST_TMP_DIR
#error "VF_TEST_TMP_DIR must name a writable directory"
#endif
#ifndef VF_TEST_DATA_DIR
#error "VF_TEST_DATA_DIR must name the data directory (data/sample.json, data/operations, data/keys)"
#endif

#include "checks.h"

/* A pointer value a function must overwrite with NULL on failure. */
static char poison_char;
#define POISON ((void *)&poison_char)

#define SAMPLE VF_TEST_DATA_DIR "/sample.json"
#define SAMPLE_DAY VF_TEST_DATA_DIR "/operations/sample-day.ndjson"
#define SAMPLE_KEY VF_TEST_DATA_DIR "/keys/sample-certificate.key"
#define ISSUED_CERTIFICATE "c3a1f0de-2b4c-4d5e-8f60-718293a4b5c6" /* the day's issue_certificate */
#define JOURNAL_HEADER_BYTES 17                                     /* "vocfab-journal 1\n" */

static char directory[4096];

/* @p name inside the test's scratch directory (a static buffer per slot). */
static const char *in_dir(const char *name, int slot) {
  static char paths[4][4200];
  snprintf(paths[slot], sizeof paths[slot], "%s/%s", directory, name);
  return paths[slot];
}

static char *read_whole_file(const char *path) {
  FILE *file = fopen(path, "rb");
  char *text = NULL;
  size_t size = 0, capacity = 0, got = 0;
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

static int write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (f == NULL) return 0;
  fputs(text, f);
  return fclose(f) == 0;
}

/* The size of a file, or -1 when there is none. */
static long file_size(const char *path) {
  struct stat status;
  if (stat(path, &status) != 0) return -1;
  return (long)status.st_size;
}

/* Where the journal at @p path has its sound end: the header, then every whole record
 * ("VFJR", length, CRC-32C, payload) up to the end of the file or to zero bytes (a journal may be
 * grown ahead of its records); -1 when there is no journal. The checksums are the library's
 * business: this only measures. */
static long journal_end(const char *path) {
  FILE *file = fopen(path, "rb");
  unsigned char frame[12];
  long end = JOURNAL_HEADER_BYTES;
  if (file == NULL) return -1;
  while (fseek(file, end, SEEK_SET) == 0 && fread(frame, 1, sizeof frame, file) == sizeof frame &&
         memcmp(frame, "VFJR", 4) == 0) {
    const unsigned long length = (unsigned long)frame[4] | (unsigned long)frame[5] << 8 |
                                 (unsigned long)frame[6] << 16 | (unsigned long)frame[7] << 24;
    end += 12 + (long)length;
  }
  fclose(file);
  return end;
}

static int file_exists(const char *path) {
  struct stat status;
  return lstat(path, &status) == 0;
}

/* The sample's day as one request: {"actor":"desk-3","at":...,"ops":[<every line>]} (malloc'd). */
static char *sample_day_request(void) {
  static const char head[] = "{\"actor\":\"desk-3\",\"at\":\"2026-11-20T09:00:00Z\",\"ops\":[";
  char *lines = read_whole_file(SAMPLE_DAY);
  char *request = NULL;
  char *line = NULL;
  size_t used = 0;
  int first = 1;
  if (lines == NULL) return NULL;
  request = (char *)malloc(strlen(head) + strlen(lines) + 16);
  if (request == NULL) {
    free(lines);
    return NULL;
  }
  strcpy(request, head);
  used = strlen(head);
  for (line = strtok(lines, "\n"); line != NULL; line = strtok(NULL, "\n")) {
    if (line[0] == '\0') continue;
    if (!first) request[used++] = ',';
    first = 0;
    memcpy(request + used, line, strlen(line));
    used += strlen(line);
  }
  strcpy(request + used, "]}");
  free(lines);
  return request;
}



static char *status_of(const vf_registry *registry) {
  char *json = NULL;
  if (vf_registry_status(registry, &json) != VF_OK) return NULL;
  return json;
}

static size_t count_of(const vf_dataset *view, const char *collection) {
  size_t n = (size_t)-1;
  if (vf_dataset_count(view, collection, &n) != VF_OK) return (size_t)-1;
  return n;
}

/* ------------------------------------------------------------------------------------------- */

/* Create from the sample, apply the day, reopen read-only: the same state; the writer lock. */
static void test_create_apply_reopen(void) {
  const char *path = in_dir("registry.json", 0);
  const char *journal = in_dir("registry.json.journal", 1);
  vf_dataset *sample = NULL;
  vf_registry *registry = (vf_registry *)POISON;
  vf_registry *other = (vf_registry *)POISON;
  vf_keyring *keys = NULL;
  const vf_dataset *view = NULL;
  char *request = sample_day_request();
  char *out = NULL;
  char *before = NULL;
  char *after = NULL;
  char *status = NULL;
  char *token = NULL;
  char pid[64];
  long journal_before = 0;

  CHECK(request != NULL);
  CHECK_STATUS(vf_dataset_load_file(SAMPLE, VF_FLAGS_NONE, &sample), VF_OK);
  CHECK_STATUS(vf_registry_create(path, sample, VF_FLAGS_NONE, &registry), VF_OK);
  CHECK(registry != NULL && registry != (vf_registry *)POISON);
  vf_dataset_free(sample); /* the registry holds its own copy */
  if (registry == NULL || registry == (vf_registry *)POISON || request == NULL) return;
  journal_before = journal_end(journal);
  CHECK(journal_before == JOURNAL_HEADER_BYTES && file_size(journal) >= JOURNAL_HEADER_BYTES);

  CHECK_STATUS(vf_keyring_from_file(SAMPLE_KEY, &keys), VF_OK);
  CHECK_STATUS(vf_registry_set_keyring(registry, keys), VF_OK);
  vf_keyring_free(keys); /* the registry keeps its own copy */

  CHECK_STATUS(vf_registry_apply(registry, request, VF_NUL_TERMINATED, VF_FLAGS_NONE, &out), VF_OK);
  CHECK(contains(out, "\"applied\":true") && contains(out, "\"op\":\"issue_certificate\""));
  vf_string_free(out);
  CHECK(journal_end(journal) > journal_before); /* durable: in the journal when apply returned */

  status = status_of(registry);
  CHECK(contains(status, "\"read_only\":false"));
  CHECK(contains(status, "\"journal_records\":1,"));
  CHECK(status_number(status, "journal_bytes") == journal_end(journal));
  CHECK(contains(status, "\"batches_committed\":1,"));
  CHECK(contains(status, "\"commits\":1,"));
  CHECK(contains(status, "\"checkpoints\":0,"));
  vf_string_free(status);

  /* A view: the day is in it, and its default keyring is the registry's. */
  CHECK_STATUS(vf_registry_read(registry, &view), VF_OK);
  CHECK(count_of(view, "certificates") == 178 && count_of(view, "referrals") == 60);
  CHECK_STATUS(vf_certificate_token(view, NULL, ISSUED_CERTIFICATE, &token), VF_OK);
  CHECK(token != NULL && strncmp(token, "VF1.", 4) == 0);
  vf_string_free(token);
  CHECK_STATUS(vf_dataset_save_json(view, VF_REVEAL_NATIONAL_IDS, &before), VF_OK);
  vf_registry_release(registry, view);

  /* A second writer, in this very process: refused, naming the holder. */
  snprintf(pid, sizeof pid, "process %ld", (long)getpid());
  CHECK_STATUS(vf_registry_open(path, VF_FLAGS_NONE, &other), VF_ERROR_LOCKED);
  CHECK(other == NULL);
  CHECK(contains(vf_last_error_message(), pid));
  /* A reader needs no lock. */
  CHECK_STATUS(vf_registry_open(path, VF_REGISTRY_READ_ONLY, &other), VF_OK);
  after = state_of(other);
  CHECK(before != NULL && after != NULL && strcmp(before, after) == 0);
  vf_string_free(after);
  vf_registry_close(other);
  vf_registry_close(registry);

  /* Reopened read-only: the same bytes, replayed from the journal; changes refused. */
  registry = NULL;
  CHECK_STATUS(vf_registry_open(path, VF_REGISTRY_READ_ONLY, &registry), VF_OK);
  if (registry == NULL) return;
  after = state_of(registry);
  CHECK(before != NULL && after != NULL && strcmp(before, after) == 0);
  vf_string_free(after);
  status = status_of(registry);
  CHECK(contains(status, "\"read_only\":true"));
  CHECK(contains(status, "\"records_replayed\":1,"));
  CHECK(contains(status, "\"batches_committed\":0,"));
  vf_string_free(status);
  out = (char *)POISON;
  CHECK_STATUS(vf_registry_apply(registry, request, VF_NUL_TERMINATED, VF_FLAGS_NONE, &out), VF_ERROR_INVALID_ARGUMENT);
  CHECK(out == NULL && contains(vf_last_error_message(), "read-only"));
  CHECK_STATUS(vf_registry_checkpoint(registry), VF_ERROR_INVALID_ARGUMENT);
  /* The lock was released by the close: a writer may open it again. */
  other = NULL;
  CHECK_STATUS(vf_registry_open(path, VF_FLAGS_NONE, &other), VF_OK);
  vf_registry_close(other);
  vf_registry_close(registry);
  vf_string_free(before);
  free(request);
}

/* Checkpoints, the status document, refused requests, and what a view may and may not do. */
static void test_checkpoint_and_views(void) {
  const char *path = in_dir("registry.json", 0);
  const char *journal = in_dir("registry.json.journal", 1);
  static const char employer[] =
      "{\"actor\":\"desk-3\",\"at\":\"2026-11-21T09:00:00Z\",\"ops\":[{\"op\":\"add\",\"collection\":\"employers\","
      "\"record\":{\"id\":\"e0000000-0000-4000-8000-000000000001\",\"name\":\"Ege F\xc4\xb1r\xc4\xb1n\",\"sector\":\"food\","
      "\"province\":\"35\",\"district\":\"Konak\",\"consent\":true}}]}";
  vf_registry *registry = NULL;
  const vf_dataset *view = NULL;
  const vf_dataset *second = NULL;
  char *out = NULL;
  char *state = NULL;
  char *snapshot = NULL;
  char *status = NULL;

  CHECK_STATUS(vf_registry_open(path, VF_FLAGS_NONE, &registry), VF_OK);
  if (registry == NULL) return;
  status = status_of(registry);
  CHECK(contains(status, "\"records_replayed\":1,") && contains(status, "\"journal_records\":1,"));
  vf_string_free(status);

  CHECK_STATUS(vf_registry_checkpoint(registry), VF_OK);
  CHECK(journal_end(journal) == JOURNAL_HEADER_BYTES);
  state = state_of(registry);
  snapshot = read_whole_file(path);
  CHECK(state != NULL && snapshot != NULL && strcmp(state, snapshot) == 0);
  vf_string_free(state);
  free(snapshot);

  status = status_of(registry);
  CHECK(contains(status, "{\"path\":\""));
  CHECK(contains(status, "registry.json\",\"journal\":\""));
  CHECK(contains(status, "registry.json.journal\",\"read_only\":false,"));
  CHECK(contains(status, "\"journal_bytes\":17,\"journal_records\":0,"));
  CHECK(contains(status, "\"last_seq\":"));
  CHECK(contains(status, "\"batches_committed\":0,\"commits\":0,\"checkpoints\":1,\"checkpoint_error\":null,"));
  CHECK(contains(status, "\"recovery\":{\"snapshot_seq\":"));
  CHECK(contains(status, ",\"records_replayed\":1,\"records_in_snapshot\":0,\"dropped_tail\":null,"
                         "\"tail_truncated\":false,\"journal_restarted\":false,\"temporary_files_removed\":0}}"));
  vf_string_free(status);

  /* Check-only and refused batches write nothing. */
  CHECK_STATUS(vf_registry_apply(registry, employer, VF_NUL_TERMINATED, VF_CHECK_ONLY, &out), VF_OK);
  CHECK(contains(out, "\"applied\":false") && contains(out, "\"check_only\":true"));
  vf_string_free(out);
  CHECK(journal_end(journal) == JOURNAL_HEADER_BYTES);
  CHECK_STATUS(vf_registry_apply(registry, "{\"actor\": \"a\", \"ops\": [{\"op\": \"promote\"}]}", VF_NUL_TERMINATED,
                                 VF_FLAGS_NONE, &out),
               VF_ERROR_RULE_VIOLATION);
  CHECK(contains(vf_last_issues_json(), "\"unknown_operation\""));
  CHECK_STATUS(vf_registry_apply(registry, "{\"actor\": ", VF_NUL_TERMINATED, VF_FLAGS_NONE, &out), VF_ERROR_PARSE);
  CHECK_STATUS(vf_registry_apply(registry, "{\"ops\": []}", VF_NUL_TERMINATED, VF_FLAGS_NONE, &out),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK(journal_end(journal) == JOURNAL_HEADER_BYTES);

  /* A thread that holds a view may not apply or checkpoint: it would wait for itself. */
  CHECK_STATUS(vf_registry_read(registry, &view), VF_OK);
  CHECK(count_of(view, "employers") == 12);
  out = (char *)POISON;
  CHECK_STATUS(vf_registry_apply(registry, employer, VF_NUL_TERMINATED, VF_FLAGS_NONE, &out), VF_ERROR_INVALID_ARGUMENT);
  CHECK(out == NULL && contains(vf_last_error_message(), "holds a read view"));
  CHECK_STATUS(vf_registry_checkpoint(registry), VF_ERROR_INVALID_ARGUMENT);
  /* ... but it may ask for the status, and take a second view (the same state). */
  status = status_of(registry);
  CHECK(status != NULL);
  vf_string_free(status);
  CHECK_STATUS(vf_registry_read(registry, &second), VF_OK);
  CHECK(second != NULL && second != view && count_of(second, "employers") == 12);

  /* A view cannot be changed, and vf_dataset_free leaves it alone. */
  CHECK_STATUS(vf_dataset_add((vf_dataset *)view, "branches",
                              "{\"code\":\"DRONES\",\"name\":\"Drones\",\"sector\":\"technology\",\"nominal_hours\":120,"
                              "\"certificate\":\"meb\"}",
                              VF_NUL_TERMINATED),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK(contains(vf_last_error_message(), "read view"));
  CHECK_STATUS(vf_dataset_set_policy((vf_dataset *)view, "{}", VF_NUL_TERMINATED), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_set_keyring((vf_dataset *)view, NULL), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_dataset_apply((vf_dataset *)view, employer, VF_NUL_TERMINATED, VF_FLAGS_NONE, &out),
               VF_ERROR_INVALID_ARGUMENT);
  vf_dataset_free((vf_dataset *)view);
  CHECK(count_of(view, "branches") == 12);
  /* Releasing with the wrong registry, or NULL, does nothing. */
  vf_registry_release(NULL, view);
  vf_registry_release(registry, NULL);
  CHECK(count_of(view, "employers") == 12);

  /* Released out of order: the thread holds a view until its last one goes. */
  vf_registry_release(registry, view);
  CHECK_STATUS(vf_registry_checkpoint(registry), VF_ERROR_INVALID_ARGUMENT);
  CHECK(count_of(second, "employers") == 12);
  vf_registry_release(registry, second);
  CHECK_STATUS(vf_registry_apply(registry, employer, VF_NUL_TERMINATED, VF_FLAGS_NONE, &out), VF_OK);
  vf_string_free(out);
  CHECK(journal_end(journal) > JOURNAL_HEADER_BYTES);
  CHECK_STATUS(vf_registry_read(registry, &view), VF_OK);
  CHECK(count_of(view, "employers") == 13);
  vf_registry_release(registry, view);
  vf_registry_close(registry);
}

/* vf_registry_open's flags, vf_registry_create's refusals, masking in messages and the status. */
static void test_open_and_create(void) {
  const char *missing = in_dir("missing.json", 0);
  const char *missing_lock = in_dir("missing.json.lock", 1);
  const char *plain = in_dir("plain.json", 2);
  const char *fresh = in_dir("fresh.json", 3);
  vf_registry *registry = (vf_registry *)POISON;
  vf_dataset *sample = NULL;
  const vf_dataset *view = NULL;
  char *before = NULL;
  char *after = NULL;
  char *status = NULL;

  /* Nothing there: not found, and no lock file left behind. */
  CHECK_STATUS(vf_registry_open(missing, VF_FLAGS_NONE, &registry), VF_ERROR_NOT_FOUND);
  CHECK(registry == NULL);
  CHECK(contains(vf_last_error_message(), "is not a registry") && contains(vf_last_error_message(), "registry init"));
  CHECK(contains(vf_last_error_message(), "VF_REGISTRY_CREATE"));
  CHECK(!file_exists(missing_lock));
  CHECK_STATUS(vf_registry_open(missing, VF_REGISTRY_READ_ONLY, &registry), VF_ERROR_NOT_FOUND);
  registry = (vf_registry *)POISON;
  CHECK_STATUS(vf_registry_open(missing, VF_REGISTRY_CREATE | VF_REGISTRY_READ_ONLY, &registry),
               VF_ERROR_INVALID_ARGUMENT);
  CHECK(registry == NULL && !file_exists(missing));

  /* CREATE where nothing is: an empty registry. */
  CHECK_STATUS(vf_registry_open(fresh, VF_REGISTRY_CREATE, &registry), VF_OK);
  if (registry != NULL) {
    CHECK_STATUS(vf_registry_read(registry, &view), VF_OK);
    CHECK(count_of(view, "trainees") == 0 && count_of(view, "branches") == 0);
    vf_registry_release(registry, view);
    vf_registry_close(registry);
  }
  CHECK(journal_end(in_dir("fresh.json.journal", 1)) == JOURNAL_HEADER_BYTES);

  /* CREATE on a plain dataset file: it becomes a registry, byte for byte the same file. */
  CHECK_STATUS(vf_dataset_load_file(SAMPLE, VF_FLAGS_NONE, &sample), VF_OK);
  CHECK_STATUS(vf_dataset_save_file(sample, plain, VF_REVEAL_NATIONAL_IDS), VF_OK);
  before = read_whole_file(plain);
  registry = (vf_registry *)POISON;
  CHECK_STATUS(vf_registry_open(plain, VF_FLAGS_NONE, &registry), VF_ERROR_NOT_FOUND);
  CHECK(registry == NULL);
  CHECK_STATUS(vf_registry_open(plain, VF_REGISTRY_CREATE, &registry), VF_OK);
  if (registry != NULL) {
    CHECK_STATUS(vf_registry_read(registry, &view), VF_OK);
    CHECK(count_of(view, "trainees") == 140);
    vf_registry_release(registry, view);
    vf_registry_close(registry);
  }
  after = read_whole_file(plain);
  CHECK(before != NULL && after != NULL && strcmp(before, after) == 0);
  free(before);
  free(after);
  /* Now it is a registry: it opens without CREATE, and CREATE just opens it. */
  registry = NULL;
  CHECK_STATUS(vf_registry_open(plain, VF_FLAGS_NONE, &registry), VF_OK);
  vf_registry_close(registry);
  registry = NULL;
  CHECK_STATUS(vf_registry_open(plain, VF_REGISTRY_CREATE, &registry), VF_OK);
  vf_registry_close(registry);

  /* vf_registry_create only where nothing is. */
  registry = (vf_registry *)POISON;
  CHECK_STATUS(vf_registry_create(plain, sample, VF_FLAGS_NONE, &registry), VF_ERROR_IO);
  CHECK(registry == NULL && contains(vf_last_error_message(), "registry already"));
  CHECK(contains(vf_last_issues_json(), "\"io_error\""));
  CHECK(write_file(in_dir("other.json", 0), "{}"));
  CHECK_STATUS(vf_registry_create(in_dir("other.json", 0), NULL, VF_FLAGS_NONE, &registry), VF_ERROR_IO);
  CHECK(contains(vf_last_error_message(), "exists"));
  /* A file that does not read cleanly cannot become a registry. */
  CHECK(write_file(in_dir("broken.json", 0), "{\"schema_version\": 1, \"trainees\": [{}]}"));
  CHECK_STATUS(vf_registry_open(in_dir("broken.json", 0), VF_REGISTRY_CREATE, &registry), VF_ERROR_CORRUPT);
  CHECK(registry == NULL && !file_exists(in_dir("broken.json.journal", 1)));
  /* A view of one registry is a fine initial state for another. */
  CHECK_STATUS(vf_registry_open(plain, VF_REGISTRY_READ_ONLY, &registry), VF_OK);
  if (registry != NULL) {
    vf_registry *copy = NULL;
    CHECK_STATUS(vf_registry_read(registry, &view), VF_OK);
    CHECK_STATUS(vf_registry_create(in_dir("copy.json", 0), view, VF_FLAGS_NONE, &copy), VF_OK);
    vf_registry_release(registry, view);
    before = state_of(registry);
    after = copy != NULL ? state_of(copy) : NULL;
    CHECK(before != NULL && after != NULL && strcmp(before, after) == 0);
    vf_string_free(before);
    vf_string_free(after);
    vf_registry_close(copy);
    vf_registry_close(registry);
  }
  vf_dataset_free(sample);

  /* A national id in a path is masked in messages and in the status. */
  registry = NULL;
  CHECK_STATUS(vf_registry_open(in_dir("kayit-10000000146.json", 0), VF_FLAGS_NONE, &registry), VF_ERROR_NOT_FOUND);
  CHECK(contains(vf_last_error_message(), "kayit-100******46.json") &&
        !contains(vf_last_error_message(), "10000000146"));
  CHECK_STATUS(vf_registry_open(in_dir("kayit-10000000146.json", 0), VF_REGISTRY_CREATE, &registry), VF_OK);
  status = registry != NULL ? status_of(registry) : NULL;
  CHECK(contains(status, "kayit-100******46.json\"") && !contains(status, "10000000146"));
  vf_string_free(status);
  vf_registry_close(registry);
}

/* Every NULL argument and every reserved flag bit: VF_ERROR_INVALID_ARGUMENT, out reset. */
static void test_arguments(void) {
  const char *path = in_dir("registry.json", 0);
  static const char batch[] = "{\"actor\":\"a\",\"at\":\"2026-11-21T09:00:00Z\",\"ops\":[]}";
  vf_registry *registry = NULL;
  vf_registry *out_registry = (vf_registry *)POISON;
  const vf_dataset *view = (const vf_dataset *)POISON;
  vf_keyring *keys = NULL;
  char *out = (char *)POISON;
  int bit;

  CHECK_STATUS(vf_registry_open(path, VF_FLAGS_NONE, &registry), VF_OK);
  if (registry == NULL) return;

  CHECK_STATUS(vf_registry_open(NULL, VF_FLAGS_NONE, &out_registry), VF_ERROR_INVALID_ARGUMENT);
  CHECK(out_registry == NULL);
  CHECK_STATUS(vf_registry_open(path, VF_FLAGS_NONE, NULL), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_registry_open("", VF_REGISTRY_CREATE, &out_registry), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_registry_create(NULL, NULL, VF_FLAGS_NONE, &out_registry), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_registry_create(in_dir("never.json", 1), NULL, VF_FLAGS_NONE, NULL), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_registry_create("", NULL, VF_FLAGS_NONE, &out_registry), VF_ERROR_INVALID_ARGUMENT);
  for (bit = 0; bit < 32; ++bit) {
    const vf_flags flag = (vf_flags)1u << bit;
    if (flag != VF_REGISTRY_READ_ONLY && flag != VF_REGISTRY_CREATE) {
      out_registry = (vf_registry *)POISON;
      CHECK_STATUS(vf_registry_open(path, flag, &out_registry), VF_ERROR_INVALID_ARGUMENT);
      CHECK(out_registry == NULL);
    }
    out_registry = (vf_registry *)POISON;
    CHECK_STATUS(vf_registry_create(in_dir("never.json", 1), NULL, flag, &out_registry), VF_ERROR_INVALID_ARGUMENT);
    CHECK(out_registry == NULL);
    if (flag != VF_CHECK_ONLY) {
      out = (char *)POISON;
      CHECK_STATUS(vf_registry_apply(registry, batch, VF_NUL_TERMINATED, flag, &out), VF_ERROR_INVALID_ARGUMENT);
      CHECK(out == NULL);
    }
  }
  CHECK(!file_exists(in_dir("never.json", 1)));

  out = (char *)POISON;
  CHECK_STATUS(vf_registry_apply(NULL, batch, VF_NUL_TERMINATED, VF_FLAGS_NONE, &out), VF_ERROR_INVALID_ARGUMENT);
  CHECK(out == NULL);
  out = (char *)POISON;
  CHECK_STATUS(vf_registry_apply(registry, NULL, 0, VF_FLAGS_NONE, &out), VF_ERROR_INVALID_ARGUMENT);
  CHECK(out == NULL);
  CHECK_STATUS(vf_registry_apply(registry, batch, VF_NUL_TERMINATED, VF_FLAGS_NONE, NULL), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_keyring_from_file(SAMPLE_KEY, &keys), VF_OK);
  CHECK_STATUS(vf_registry_set_keyring(NULL, keys), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_registry_set_keyring(registry, keys), VF_OK);
  CHECK_STATUS(vf_registry_set_keyring(registry, NULL), VF_OK); /* clears it */
  vf_keyring_free(keys);
  CHECK_STATUS(vf_registry_checkpoint(NULL), VF_ERROR_INVALID_ARGUMENT);
  out = (char *)POISON;
  CHECK_STATUS(vf_registry_status(NULL, &out), VF_ERROR_INVALID_ARGUMENT);
  CHECK(out == NULL);
  CHECK_STATUS(vf_registry_status(registry, NULL), VF_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(vf_registry_read(NULL, &view), VF_ERROR_INVALID_ARGUMENT);
  CHECK(view == NULL);
  CHECK_STATUS(vf_registry_read(registry, NULL), VF_ERROR_INVALID_ARGUMENT);
  /* No view was left held by the refused calls: this thread may checkpoint. */
  CHECK_STATUS(vf_registry_checkpoint(registry), VF_OK);

  vf_registry_close(NULL);       /* no-ops */
  vf_registry_release(NULL, NULL);
  vf_registry_close(registry);
}

static int remove_entry(const char *path, const struct stat *status, int type, struct FTW *walk) {
  (void)status;
  (void)type;
  (void)walk;
  return remove(path);
}

int main(void) {
  snprintf(directory, sizeof directory, "%s/registry-test-XXXXXX", VF_TEST_TMP_DIR);
  if (mkdtemp(directory) == NULL) {
    printf("mkdtemp failed\n0 passed, 1 failed\n");
    return 1;
  }
  test_create_apply_reopen();
  test_checkpoint_and_views();
  test_open_and_create();
  test_arguments();
  if (failed == 0) nftw(directory, remove_entry, 16, FTW_DEPTH | FTW_PHYS); /* kept to look at otherwise */
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
