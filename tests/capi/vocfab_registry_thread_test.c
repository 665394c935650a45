/* A registry shared by the threads of a service (convention 5 of vocfab.h, since 0.7): one
 * read-write handle, 4 writer threads applying small batches (each adds two employers at once)
 * and 4 reader threads taking views and ranking, reporting and counting, all at the same time;
 * one writer also checkpoints halfway. Afterwards every acknowledged batch is there exactly once
 * (the status's batches_committed, the employers' count), no reader ever saw half a batch (an
 * odd number of employers) or a view change under it, and a reopen gives the same state.
 *
 * Nothing depends on timing: the threads run as the scheduler likes, and every check holds for
 * every interleaving. C99 + POSIX threads; prints each failure and "N passed, M failed". */
#define _XOPEN_SOURCE 700
#include "vocfab/vocfab.h"
#include "registry_state.h"

#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef VF_TEST_TMP_DIR
#error "VF_TEST_TMP_DIR must name a writable directory"
#endif
#ifndef VF_TEST_DATA_DIR
#error "VF_TEST_DATA_DIR must name the data directory"
#endif

#define WRITERS 4
#define READERS 4
#define BATCHES 25         /* per writer */
#define ROUNDS 30          /* per reader */
#define SAMPLE_EMPLOYERS 12 /* in data/sample.json */
#define COOKING_VACANCY "2ee4c581-a4bb-4d8e-a61d-bb44c64a7d48"

static int passed = 0;
static int failed = 0;

static void check(int ok, const char *what) {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    printf("FAILED: %s\n", what);
  }
}

struct worker {
  vf_registry *registry;
  int index;
  int acknowledged;  /* writers: batches applied (VF_OK, "applied":true) */
  int checkpointed;  /* writer 0: its checkpoint succeeded */
  size_t last_seen;  /* readers: the last employer count seen */
  char problem[512]; /* the first thing that went wrong, or "" */
};

static void note(struct worker *w, const char *what) {
  if (w->problem[0] != '\0') return;
  snprintf(w->problem, sizeof w->problem, "thread %d: %s (%s: %s)", w->index, what, vf_status_name(vf_last_status()),
           vf_last_error_message());
}

/* A batch that adds two employers at once: readers must see both or neither. */
static void *write_batches(void *arg) {
  struct worker *w = (struct worker *)arg;
  int batch;
  for (batch = 0; batch < BATCHES; ++batch) {
    char request[1024];
    char *out = NULL;
    int k;
    int used = snprintf(request, sizeof request, "{\"actor\":\"writer-%d\",\"at\":\"2026-11-20T09:00:00Z\",\"ops\":[",
                        w->index);
    for (k = 0; k < 2; ++k) {
      used += snprintf(request + used, sizeof request - (size_t)used,
                       "%s{\"op\":\"add\",\"collection\":\"employers\",\"record\":{\"id\":\"e%07x-0000-4000-8000-%012x\","
                       "\"name\":\"Firm %d-%d-%d\",\"sector\":\"textile\",\"province\":\"35\",\"district\":\"Konak\","
                       "\"consent\":true}}",
                       k == 0 ? "" : ",", (unsigned)w->index, (unsigned)(batch * 2 + k), w->index, batch, k);
    }
    snprintf(request + used, sizeof request - (size_t)used, "]}");
    if (vf_registry_apply(w->registry, request, VF_NUL_TERMINATED, VF_FLAGS_NONE, &out) != VF_OK) {
      note(w, "a batch was refused");
      continue;
    }
    if (strstr(out, "\"applied\":true") != NULL) {
      ++w->acknowledged;
    } else {
      note(w, "a batch was not applied");
    }
    vf_string_free(out);
    if (w->index == 0 && batch == BATCHES / 2) {
      if (vf_registry_checkpoint(w->registry) == VF_OK) {
        w->checkpointed = 1;
      } else {
        note(w, "the checkpoint failed");
      }
    }
  }
  return NULL;
}

static size_t employers(struct worker *w, const vf_dataset *view) {
  size_t n = 0;
  if (vf_dataset_count(view, "employers", &n) != VF_OK) note(w, "count failed");
  return n;
}

/* Views: whole batches only, nothing changes while one is held, and counts never go back. */
static void *read_views(void *arg) {
  struct worker *w = (struct worker *)arg;
  int round;
  static const char rank[] = "{\"vacancy\":\"" COOKING_VACANCY "\",\"top\":5,\"as_of\":\"2026-11-20\"}";
  static const char report[] = "{\"as_of\":\"2026-11-20\",\"by\":[\"gender\"]}";
  for (round = 0; round < ROUNDS; ++round) {
    const vf_dataset *view = NULL;
    char *out = NULL;
    size_t before = 0, after = 0;
    if (vf_registry_read(w->registry, &view) != VF_OK) {
      note(w, "vf_registry_read failed");
      continue;
    }
    before = employers(w, view);
    if (before % 2 != 0) note(w, "a view held half a batch (an odd number of employers)");
    if (before < w->last_seen) note(w, "a later view held fewer employers than an earlier one");
    w->last_seen = before;
    if (vf_dataset_rank(view, rank, VF_NUL_TERMINATED, &out) != VF_OK) note(w, "rank failed");
    vf_string_free(out);
    out = NULL;
    if (vf_dataset_report(view, report, VF_NUL_TERMINATED, &out) != VF_OK) note(w, "report failed");
    vf_string_free(out);
    out = NULL;
    if (vf_registry_status(w->registry, &out) != VF_OK) note(w, "status failed");
    vf_string_free(out);
    after = employers(w, view);
    if (after != before) note(w, "a view changed while it was held");
    vf_registry_release(w->registry, view);
  }
  return NULL;
}



static size_t employers_of(const vf_registry *registry) {
  const vf_dataset *view = NULL;
  size_t n = 0;
  if (vf_registry_read(registry, &view) != VF_OK) return 0;
  if (vf_dataset_count(view, "employers", &n) != VF_OK) n = 0;
  vf_registry_release(registry, view);
  return n;
}

static int remove_entry(const char *path, const struct stat *status, int type, struct FTW *walk) {
  (void)status;
  (void)type;
  (void)walk;
  return remove(path);
}

int main(void) {
  char directory[4096];
  char path[4200];
  vf_dataset *sample = NULL;
  vf_registry *registry = NULL;
  pthread_t threads[WRITERS + READERS];
  struct worker workers[WRITERS + READERS];
  char *status = NULL;
  char *state = NULL;
  char *reopened_state = NULL;
  int i, acknowledged = 0;

  snprintf(directory, sizeof directory, "%s/registry-threads-XXXXXX", VF_TEST_TMP_DIR);
  if (mkdtemp(directory) == NULL) {
    printf("mkdtemp failed\n0 passed, 1 failed\n");
    return 1;
  }
  snprintf(path, sizeof path, "%s/registry.json", directory);
  if (vf_dataset_load_file(VF_TEST_DATA_DIR "/sample.json", VF_FLAGS_NONE, &sample) != VF_OK ||
      vf_registry_create(path, sample, VF_FLAGS_NONE, &registry) != VF_OK) {
    printf("setup failed: %s\n0 passed, 1 failed\n", vf_last_error_message());
    return 1;
  }
  vf_dataset_free(sample);

  memset(workers, 0, sizeof workers);
  for (i = 0; i < WRITERS + READERS; ++i) {
    workers[i].registry = registry;
    workers[i].index = i;
    if (pthread_create(&threads[i], NULL, i < WRITERS ? write_batches : read_views, &workers[i]) != 0) {
      printf("pthread_create failed\n0 passed, 1 failed\n");
      return 1;
    }
  }
  for (i = 0; i < WRITERS + READERS; ++i) pthread_join(threads[i], NULL);
  for (i = 0; i < WRITERS + READERS; ++i) {
    if (workers[i].problem[0] != '\0') printf("%s\n", workers[i].problem);
    check(workers[i].problem[0] == '\0', i < WRITERS ? "a writer saw no error" : "a reader saw whole batches only");
    if (i < WRITERS) acknowledged += workers[i].acknowledged;
  }
  check(acknowledged == WRITERS * BATCHES, "every batch was acknowledged");
  check(workers[0].checkpointed, "the checkpoint in the middle succeeded");

  /* Exactly the acknowledged batches, each once. */
  if (vf_registry_status(registry, &status) != VF_OK) status = NULL;
  check(status_number(status, "batches_committed") == acknowledged, "batches_committed == batches acknowledged");
  check(status_number(status, "commits") >= 1 && status_number(status, "commits") <= acknowledged,
        "at most one fsync per batch (fewer when they were committed together)");
  check(status_number(status, "checkpoints") == 1, "one checkpoint");
  check(status_number(status, "journal_records") >= 1 && status_number(status, "journal_records") < acknowledged,
        "the journal holds the batches after the checkpoint");
  printf("%ld batches in %ld commits, %d views taken\n", status_number(status, "batches_committed"),
         status_number(status, "commits"), READERS * ROUNDS);
  vf_string_free(status);
  check(employers_of(registry) == (size_t)(SAMPLE_EMPLOYERS + 2 * acknowledged), "two employers per batch, no more");
  state = state_of(registry);
  vf_registry_close(registry);

  /* A reopen replays the journal on the checkpoint's snapshot: the same state. */
  registry = NULL;
  if (vf_registry_open(path, VF_REGISTRY_READ_ONLY, &registry) != VF_OK) {
    printf("reopen failed: %s\n", vf_last_error_message());
    check(0, "the registry reopens");
  } else {
    reopened_state = state_of(registry);
    check(state != NULL && reopened_state != NULL && strcmp(state, reopened_state) == 0, "a reopen gives the same state");
    check(employers_of(registry) == (size_t)(SAMPLE_EMPLOYERS + 2 * acknowledged), "the reopen has every batch");
    vf_string_free(reopened_state);
    vf_registry_close(registry);
  }
  vf_string_free(state);
  if (failed == 0) nftw(directory, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
