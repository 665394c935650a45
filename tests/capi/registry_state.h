/* What the registry's C tests share: a registry's whole state through a read view, and a number
 * from its status document. C99; one copy of these static functions per program. */
#ifndef VOCFAB_TESTS_CAPI_REGISTRY_STATE_H
#define VOCFAB_TESTS_CAPI_REGISTRY_STATE_H

#include "vocfab/vocfab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The registry's dataset document with full ids (free with vf_string_free), or NULL. */
static char *state_of(const vf_registry *registry) {
  const vf_dataset *view = NULL;
  char *json = NULL;
  if (vf_registry_read(registry, &view) != VF_OK) return NULL;
  if (vf_dataset_save_json(view, VF_REVEAL_NATIONAL_IDS, &json) != VF_OK) json = NULL;
  vf_registry_release(registry, view);
  return json;
}

/* The value of "name": N in a status document, or -1. */
static long status_number(const char *json, const char *name) {
  char key[64];
  const char *at = NULL;
  snprintf(key, sizeof key, "\"%s\":", name);
  at = json != NULL ? strstr(json, key) : NULL;
  return at == NULL ? -1 : strtol(at + strlen(key), NULL, 10);
}

#endif
