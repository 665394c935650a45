/* Convention 5 of vocfab.h, tested: the error state is per thread, and const queries on one
 * handle may run concurrently. C99 + POSIX threads; prints "N passed, M failed". */
#define _POSIX_C_SOURCE 200809L
#include "vocfab/vocfab.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define THREADS 4
#define ROUNDS 200

static const char kDoc[] =
    "{\"schema_version\":1,\"branches\":[{\"code\":\"SEWING\",\"name\":\"Sewing\","
    "\"sector\":\"textile\",\"nominal_hours\":120,\"certificate\":\"meb\"}]}";

struct job {
  const vf_dataset *ds;
  int index;
  int ok;
};

/* Even threads fail (unknown collection) and check that their own message stays theirs while
 * odd threads succeed (and see an empty error state) on the same handle. */
static void *work(void *arg) {
  struct job *job = (struct job *)arg;
  int round;
  job->ok = 1;
  for (round = 0; round < ROUNDS; ++round) {
    size_t n = 0;
    char *json = NULL;
    if (job->index % 2 == 0) {
      if (vf_dataset_count(job->ds, "nope", &n) != VF_ERROR_INVALID_ARGUMENT) job->ok = 0;
      if (vf_dataset_list(job->ds, "branches", VF_FLAGS_NONE, &json) != VF_OK) job->ok = 0;
      vf_string_free(json);
      if (vf_dataset_count(job->ds, "nope", &n) != VF_ERROR_INVALID_ARGUMENT) job->ok = 0;
      if (strstr(vf_last_error_message(), "unknown collection 'nope'") == NULL) job->ok = 0;
      if (vf_last_status() != VF_ERROR_INVALID_ARGUMENT) job->ok = 0;
    } else {
      if (vf_dataset_count(job->ds, "branches", &n) != VF_OK || n != 1) job->ok = 0;
      if (vf_dataset_get(job->ds, "branches", "SEWING", VF_FLAGS_NONE, &json) != VF_OK) job->ok = 0;
      vf_string_free(json);
      if (vf_last_status() != VF_OK || vf_last_error_message()[0] != '\0') job->ok = 0;
      if (strcmp(vf_last_issues_json(), "[]") != 0) job->ok = 0;
    }
  }
  return NULL;
}

int main(void) {
  vf_dataset *ds = NULL;
  pthread_t threads[THREADS];
  struct job jobs[THREADS];
  int i, passed = 0, failed = 0;
  if (vf_dataset_load_json(kDoc, VF_NUL_TERMINATED, VF_FLAGS_NONE, &ds) != VF_OK) {
    printf("load failed: %s\n0 passed, 1 failed\n", vf_last_error_message());
    return 1;
  }
  for (i = 0; i < THREADS; ++i) {
    jobs[i].ds = ds;
    jobs[i].index = i;
    jobs[i].ok = 0;
    if (pthread_create(&threads[i], NULL, work, &jobs[i]) != 0) {
      printf("pthread_create failed\n");
      return 1;
    }
  }
  for (i = 0; i < THREADS; ++i) {
    pthread_join(threads[i], NULL);
    if (jobs[i].ok) {
      ++passed;
    } else {
      ++failed;
      printf("FAILED: thread %d saw another thread's error state or a wrong result\n", i);
    }
  }
  /* The main thread made no failing call: its own state is still clean. */
  if (vf_last_status() == VF_OK && vf_last_error_message()[0] == '\0') {
    ++passed;
  } else {
    ++failed;
    printf("FAILED: main thread error state changed by other threads\n");
  }
  vf_dataset_free(ds);
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
