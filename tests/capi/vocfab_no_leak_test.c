/* A national id never leaks through the C ABI (issue 7, defect 3).
 *
 * Reads the cases vocfab_leak_cases wrote (argv[1]; from the model's descriptions: a valid
 * national id planted in every field of every record kind, the policy and the document, and as
 * unknown fields and key names) and feeds each to every function that can show it: the report of
 * vf_validate_json; the error message and vf_last_issues_json of vf_dataset_load_json,
 * vf_dataset_add (to an empty dataset and to the loaded base, where the key is taken),
 * vf_dataset_set_policy, vf_dataset_get and vf_dataset_count; and, for what was accepted,
 * vf_dataset_get, vf_dataset_list and vf_dataset_save_json without VF_REVEAL_NATIONAL_IDS,
 * vf_dataset_policy, vf_dataset_summary and vf_dataset_validate. The planted text is also fed as
 * an operation's argument, actor and key (vf_dataset_apply, checking only), as an allocation
 * request's field and day (vf_dataset_allocate), as a ranking, explain and match request's ids,
 * fields and values (vf_dataset_rank, vf_dataset_explain, vf_dataset_match), as a solver's names
 * and fields in requests that
 * are refused (vf_stable_match, vf_blocking_pairs, vf_assign, vf_stable_match_lists,
 * vf_blocking_pairs_lists; a solved request echoes the caller's own names) and as a certificate
 * code (vf_certificate_verify without a keyring). Every dataset that loads is also ranked for
 * each of its vacancies, each of its people explained for each vacancy, and matched
 * (vf_dataset_rank, vf_dataset_explain, vf_dataset_match on its as_of). None may show the id's
 * digits.
 *
 * Leaks listed in argv[2] (tests/support/known_leaks.txt: made in code being restructured by its
 * owner) are reported as known, not as failures. Prints every leak and a final line
 * "N passed, M failed". C99, -pedantic -Wall -Wextra -Werror. */
#include "vocfab/vocfab.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char kNationalId[] = "12345678950";

static int passed = 0;
static int failed = 0;
static int known_hits = 0;

/* The case being run. */
static const char *g_label = "";
static const char *g_planted = "";

/* ------------------------------------------------------------------------------------------- */
/* Known leaks: OUTPUT<tab>TEXT<tab>CAUSE lines.                                                */

struct known_leak {
  char *output;
  char *text;
  char *cause;
  int hits;
};

#define MAX_KNOWN 64
static struct known_leak known[MAX_KNOWN];
static int known_count = 0;

static char *read_file(const char *path) {
  FILE *file = fopen(path, "rb");
  char *text;
  long size;
  if (file == NULL) return NULL;
  if (fseek(file, 0, SEEK_END) != 0 || (size = ftell(file)) < 0 || fseek(file, 0, SEEK_SET) != 0) {
    fclose(file);
    return NULL;
  }
  text = (char *)malloc((size_t)size + 1);
  if (text != NULL && fread(text, 1, (size_t)size, file) != (size_t)size) {
    free(text);
    text = NULL;
  }
  fclose(file);
  if (text != NULL) text[size] = '\0';
  return text;
}

/* Splits @p line at tabs into at most @p max fields (in place); returns how many. */
static int split_tabs(char *line, char **fields, int max) {
  int n = 0;
  fields[n++] = line;
  while (n < max) {
    char *tab = strchr(fields[n - 1], '\t');
    if (tab == NULL) break;
    *tab = '\0';
    fields[n++] = tab + 1;
  }
  return n;
}

static void load_known(char *text) {
  char *line = text;
  while (line != NULL && *line != '\0') {
    char *next = strchr(line, '\n');
    char *fields[3];
    if (next != NULL) *next++ = '\0';
    if (line[0] != '#' && line[0] != '\0' && split_tabs(line, fields, 3) == 3 && known_count < MAX_KNOWN) {
      known[known_count].output = fields[0];
      known[known_count].text = fields[1];
      known[known_count].cause = fields[2];
      known[known_count].hits = 0;
      ++known_count;
    }
    line = next;
  }
}

/* ------------------------------------------------------------------------------------------- */
/* Leak checks.                                                                                 */

/* Whether @p text shows the id: its digits, also grouped by single separators as
 * mask_national_ids groups them (space, '-', '.', '/'), or the planted text verbatim. */
static int leaks(const char *text) {
  size_t length = strlen(text);
  char *joined;
  size_t i;
  size_t n = 0;
  int found;
  if (strstr(text, kNationalId) != NULL || (g_planted[0] != '\0' && strstr(text, g_planted) != NULL)) return 1;
  joined = (char *)malloc(length + 1);
  if (joined == NULL) return 1;
  for (i = 0; i < length; ++i) {
    char c = text[i];
    int separator = c == ' ' || c == '-' || c == '.' || c == '/';
    if (separator && n > 0 && isdigit((unsigned char)joined[n - 1]) && i + 1 < length &&
        isdigit((unsigned char)text[i + 1])) {
      continue;
    }
    joined[n++] = c;
  }
  joined[n] = '\0';
  found = strstr(joined, kNationalId) != NULL;
  free(joined);
  return found;
}

/* Checks one output; @p output names it ("... issue ..." for messages and issues, "(masked)" for
 * documents written without revealing ids, as in known_leaks.txt). */
static void check_output(const char *output, const char *text) {
  int i;
  const char *at;
  if (text == NULL || !leaks(text)) {
    ++passed;
    return;
  }
  for (i = 0; i < known_count; ++i) {
    if (strstr(output, known[i].output) != NULL && strstr(text, known[i].text) != NULL) {
      ++known[i].hits;
      ++known_hits;
      ++passed;
      return;
    }
  }
  ++failed;
  at = strstr(text, kNationalId);
  if (at == NULL) at = text;
  if (at - text > 60) at -= 60; else at = text;
  fprintf(stderr, "FAILED: leak: %s  ->  %s: %.160s\n", g_label, output, at);
}

/* Checks the calling thread's error state after a call of @p function that failed. */
static void check_error(const char *function) {
  char label[128];
  snprintf(label, sizeof label, "%s issue message", function);
  check_output(label, vf_last_error_message());
  snprintf(label, sizeof label, "%s issue list", function);
  check_output(label, vf_last_issues_json());
}

/* Checks the string a call returned through @p text (or its error when it failed), and frees it.
 * (The string is read through the pointer: an argument `json` would be read before the call.) */
static void check_call(vf_status status, const char *function, const char *output, char **text) {
  if (status != VF_OK) {
    check_error(function);
  } else {
    check_output(output, *text);
  }
  vf_string_free(*text);
  *text = NULL;
}

/* ------------------------------------------------------------------------------------------- */

#define MOST_IDS 8

/* The ids of the records of @p collection in @p ds (each `"id":"` and the 36 characters after
 * it), at most MOST_IDS, into @p ids; how many. */
static size_t record_ids(const vf_dataset *ds, const char *collection, char ids[MOST_IDS][37]) {
  char *json = NULL;
  const char *at;
  size_t n = 0;
  if (vf_dataset_list(ds, collection, VF_FLAGS_NONE, &json) != VF_OK) return 0;
  for (at = strstr(json, "\"id\":\""); at != NULL && n < MOST_IDS; at = strstr(at + 1, "\"id\":\"")) {
    if (strlen(at + 6) < 36) break;
    memcpy(ids[n], at + 6, 36);
    ids[n++][36] = '\0';
  }
  vf_string_free(json);
  return n;
}

/* A dataset ranked for each of its vacancies, each person explained for each, and matched: on the
 * dataset's own as_of. */
static void check_ranking(const vf_dataset *ds) {
  char vacancies[MOST_IDS][37];
  char trainees[MOST_IDS][37];
  char request[160];
  char *json = NULL;
  const size_t vacancy_count = record_ids(ds, "vacancies", vacancies);
  const size_t trainee_count = record_ids(ds, "trainees", trainees);
  size_t v, t;
  for (v = 0; v < vacancy_count; ++v) {
    sprintf(request, "{\"vacancy\": \"%.36s\"}", vacancies[v]);
    json = NULL;
    check_call(vf_dataset_rank(ds, request, VF_NUL_TERMINATED, &json), "vf_dataset_rank", "vf_dataset_rank", &json);
    for (t = 0; t < trainee_count; ++t) {
      sprintf(request, "{\"vacancy\": \"%.36s\", \"trainee\": \"%.36s\"}", vacancies[v], trainees[t]);
      json = NULL;
      check_call(vf_dataset_explain(ds, request, VF_NUL_TERMINATED, &json), "vf_dataset_explain",
                 "vf_dataset_explain", &json);
    }
  }
  json = NULL;
  check_call(vf_dataset_match(ds, "{\"mode\": \"max_score\"}", VF_NUL_TERMINATED, &json), "vf_dataset_match",
             "vf_dataset_match", &json);
}

/* Everything a dataset shows without revealing ids; @p collection and @p key name a record. */
static void check_dataset(const vf_dataset *ds, const char *collection, const char *key) {
  char *json = NULL;
  int valid = 0;
  size_t i;
  const char *name;
  for (i = 0; (name = vf_collection_name(i)) != NULL; ++i) {
    json = NULL;
    check_call(vf_dataset_list(ds, name, VF_FLAGS_NONE, &json), "vf_dataset_list", "vf_dataset_list (masked)",
               &json);
  }
  if (collection != NULL && collection[0] != '\0' && key != NULL && key[0] != '\0') {
    json = NULL;
    check_call(vf_dataset_get(ds, collection, key, VF_FLAGS_NONE, &json), "vf_dataset_get",
               "vf_dataset_get (masked)", &json);
  }
  json = NULL;
  check_call(vf_dataset_save_json(ds, VF_FLAGS_NONE, &json), "vf_dataset_save_json",
             "vf_dataset_save_json (masked)", &json);
  json = NULL;
  check_call(vf_dataset_policy(ds, &json), "vf_dataset_policy", "vf_dataset_policy (masked)", &json);
  json = NULL;
  check_call(vf_dataset_summary(ds, &json), "vf_dataset_summary", "vf_dataset_summary", &json);
  json = NULL;
  check_call(vf_dataset_validate(ds, &valid, &json), "vf_dataset_validate", "vf_dataset_validate issue report",
             &json);
  check_ranking(ds);
}

/* @p text with every `"` and `\` escaped, so that it can stand inside a JSON string. */
static char *json_escaped(const char *text) {
  size_t n = 0;
  const char *p;
  char *out;
  char *q;
  for (p = text; *p != '\0'; ++p) n += (*p == '"' || *p == '\\') ? 2 : 1;
  out = (char *)malloc(n + 1);
  if (out == NULL) return NULL;
  for (p = text, q = out; *p != '\0'; ++p) {
    if (*p == '"' || *p == '\\') *q++ = '\\';
    *q++ = *p;
  }
  *q = '\0';
  return out;
}

/* The compact solver requests with the planted text as every name: proposers defined twice, a
 * receiver with a capacity of 0 listed twice, a matching naming no receiver. All refused. */
static void feed_compact_requests(void) {
  static const uint32_t kLengths[] = {2, 0, 0};
  static const uint32_t kMatched[] = {1};
  const int64_t capacity = 0;
  const size_t n = strlen(g_planted);
  char *names = (char *)malloc(6 * (n + 1));
  char *ignored = NULL;
  char *json = NULL;
  size_t length = 0;
  uint32_t partner[2], held[2], counts[1];
  size_t i;
  if (names == NULL) return;
  /* Four planted names (two proposers, a receiver, a capacity), then the first proposer's list. */
  for (i = 0; i < 6; ++i) {
    memcpy(names + i * (n + 1), g_planted, n);
    names[i * (n + 1) + n] = '\x1f';
  }
  check_call(vf_stable_match_lists(names, 6 * (n + 1) - 1, kLengths, 2, 1, &capacity, 1, VF_FLAGS_NONE, partner, held,
                                   counts, &ignored, &length),
             "vf_stable_match_lists", "vf_stable_match_lists ignored entries", &ignored);
  check_call(vf_blocking_pairs_lists(names, 2 * (n + 1) - 1, kMatched, 0, 0, NULL, 0, 1, &json),
             "vf_blocking_pairs_lists", "vf_blocking_pairs_lists issue report", &json);
  free(names);
}

/* The requests of the operations, allocation and solvers with the planted text in each place a
 * caller could type it. */
static void feed_requests(const vf_dataset *base) {
  static const char *const kTemplates[][2] = {
      {"vf_dataset_apply", "{\"actor\": \"desk\", \"ops\": [{\"op\": \"refer\", \"trainee\": \"%s\", \"vacancy\": \"%s\"}]}"},
      {"vf_dataset_apply", "{\"actor\": \"%s\", \"ops\": [{\"op\": \"advance\", \"on\": \"%s\"}]}"},
      {"vf_dataset_apply", "{\"actor\": \"desk\", \"ops\": [{\"op\": \"withdraw\", \"enrollment\": \"%s\", \"key\": \"%s\"}]}"},
      {"vf_dataset_apply", "{\"actor\": \"desk\", \"ops\": [{\"op\": \"%s\", \"%s\": 1}]}"},
      {"vf_dataset_allocate", "{\"as_of\": \"%s\", \"%s\": 1}"},
      {"vf_dataset_rank", "{\"vacancy\": \"%s\", \"%s\": 1}"},
      {"vf_dataset_explain", "{\"trainee\": \"%s\", \"as_of\": \"%s\"}"},
      {"vf_dataset_match", "{\"mode\": \"%s\", \"%s\": 1}"},
      {"vf_stable_match", "{\"proposers\": {\"%s\": [\"x\", \"x\"]}, \"receivers\": {\"%s\": []}}"},
      {"vf_blocking_pairs", "{\"proposers\": {}, \"receivers\": {}, \"matching\": {\"%s\": \"%s\"}}"},
      {"vf_assign", "{\"costs\": [[1]], \"%s\": \"%s\"}"},
  };
  char *planted = json_escaped(g_planted);
  char *request;
  char *json = NULL;
  size_t i;
  vf_status status;
  if (planted == NULL) return;
  request = (char *)malloc(2 * strlen(planted) + 256);
  for (i = 0; request != NULL && i < sizeof kTemplates / sizeof kTemplates[0]; ++i) {
    const char *function = kTemplates[i][0];
    char label[128];
    sprintf(request, kTemplates[i][1], planted, planted);
    json = NULL;
    if (strcmp(function, "vf_dataset_apply") == 0) {
      status = vf_dataset_apply((vf_dataset *)base, request, VF_NUL_TERMINATED, VF_CHECK_ONLY, &json);
    } else if (strcmp(function, "vf_dataset_allocate") == 0) {
      status = vf_dataset_allocate(base, request, VF_NUL_TERMINATED, &json);
    } else if (strcmp(function, "vf_dataset_rank") == 0) {
      status = vf_dataset_rank(base, request, VF_NUL_TERMINATED, &json);
    } else if (strcmp(function, "vf_dataset_explain") == 0) {
      status = vf_dataset_explain(base, request, VF_NUL_TERMINATED, &json);
    } else if (strcmp(function, "vf_dataset_match") == 0) {
      status = vf_dataset_match(base, request, VF_NUL_TERMINATED, &json);
    } else if (strcmp(function, "vf_stable_match") == 0) {
      status = vf_stable_match(request, VF_NUL_TERMINATED, &json);
    } else if (strcmp(function, "vf_blocking_pairs") == 0) {
      status = vf_blocking_pairs(request, VF_NUL_TERMINATED, &json);
    } else {
      status = vf_assign(request, VF_NUL_TERMINATED, &json);
    }
    snprintf(label, sizeof label, "%s issue report", function);
    check_call(status, function, label, &json);
  }
  json = NULL;
  check_call(vf_certificate_verify(base, NULL, g_planted, g_planted, &json), "vf_certificate_verify",
             "vf_certificate_verify issue report", &json);
  feed_compact_requests();
  free(request);
  free(planted);
}

static int is_record_collection(const char *collection) {
  size_t i;
  const char *name;
  for (i = 0; (name = vf_collection_name(i)) != NULL; ++i) {
    if (strcmp(name, collection) == 0) return 1;
  }
  return 0;
}

static void run_case(const vf_dataset *base, const char *collection, const char *key, const char *record,
                     const char *document) {
  vf_dataset *ds = NULL;
  char *json = NULL;
  int valid = 0;
  size_t count = 0;

  check_call(vf_validate_json(document, VF_NUL_TERMINATED, &valid, &json), "vf_validate_json",
             "vf_validate_json issue report", &json);

  if (vf_dataset_load_json(document, VF_NUL_TERMINATED, VF_FLAGS_NONE, &ds) != VF_OK) {
    check_error("vf_dataset_load_json");
  } else {
    check_dataset(ds, collection, key);
    vf_dataset_free(ds);
  }

  feed_requests(base);

  /* The planted text as a collection name and as a key. */
  if (vf_dataset_count(base, g_planted, &count) != VF_OK) check_error("vf_dataset_count");
  if (collection[0] != '\0' && is_record_collection(collection)) {
    json = NULL;
    check_call(vf_dataset_get(base, collection, g_planted, VF_FLAGS_NONE, &json), "vf_dataset_get",
               "vf_dataset_get (masked)", &json);
  }

  if (record[0] == '\0') return;
  if (strcmp(collection, "policy") == 0) {
    ds = NULL;
    if (vf_dataset_new(&ds) != VF_OK) {
      ++failed;
      return;
    }
    if (vf_dataset_set_policy(ds, record, VF_NUL_TERMINATED) != VF_OK) {
      check_error("vf_dataset_set_policy");
    } else {
      check_dataset(ds, NULL, NULL);
    }
    vf_dataset_free(ds);
  } else if (is_record_collection(collection)) {
    ds = NULL;
    if (vf_dataset_new(&ds) != VF_OK) {
      ++failed;
      return;
    }
    if (vf_dataset_add(ds, collection, record, VF_NUL_TERMINATED) != VF_OK) {
      check_error("vf_dataset_add");
    } else {
      check_dataset(ds, collection, key);
    }
    vf_dataset_free(ds);
    /* To the base dataset, where the key is usually taken already. */
    ds = NULL;
    {
      char *saved = NULL;
      if (vf_dataset_save_json(base, VF_REVEAL_NATIONAL_IDS, &saved) == VF_OK &&
          vf_dataset_load_json(saved, VF_NUL_TERMINATED, VF_FLAGS_NONE, &ds) == VF_OK) {
        if (vf_dataset_add(ds, collection, record, VF_NUL_TERMINATED) != VF_OK) {
          check_error("vf_dataset_add");
        } else {
          check_dataset(ds, collection, key);
        }
      } else {
        ++failed;
        fprintf(stderr, "FAILED: the base dataset could not be copied\n");
      }
      vf_dataset_free(ds);
      vf_string_free(saved);
    }
  }
}

int main(int argc, char **argv) {
  char *cases;
  char *known_text;
  char *line;
  vf_dataset *base = NULL;
  int n = 0;
  int i;
  if (argc != 3) {
    fprintf(stderr, "usage: vocfab_no_leak_test CASES.tsv KNOWN_LEAKS.txt\n");
    return 2;
  }
  cases = read_file(argv[1]);
  known_text = read_file(argv[2]);
  if (cases == NULL || known_text == NULL) {
    fprintf(stderr, "FAILED: cannot read %s or %s\n", argv[1], argv[2]);
    return 2;
  }
  load_known(known_text);

  line = cases;
  while (line != NULL && *line != '\0') {
    char *next = strchr(line, '\n');
    char *fields[6];
    if (next != NULL) *next++ = '\0';
    if (split_tabs(line, fields, 6) != 6) {
      ++failed;
      fprintf(stderr, "FAILED: a case line without six fields\n");
    } else if (strcmp(fields[0], "BASE") == 0) {
      if (vf_dataset_load_json(fields[5], VF_NUL_TERMINATED, VF_FLAGS_NONE, &base) != VF_OK) {
        fprintf(stderr, "FAILED: the base document does not load: %s\n", vf_last_error_message());
        return 1;
      }
    } else if (base == NULL) {
      fprintf(stderr, "FAILED: no BASE line first\n");
      return 1;
    } else {
      g_label = fields[0];
      g_planted = fields[3];
      run_case(base, fields[1], fields[2], fields[4], fields[5]);
      ++n;
    }
    line = next;
  }
  vf_dataset_free(base);

  if (n < 500) {
    ++failed;
    fprintf(stderr, "FAILED: only %d cases\n", n);
  }
  printf("%d cases; %d outputs showed known leaks:\n", n, known_hits);
  for (i = 0; i < known_count; ++i) {
    if (known[i].hits > 0) printf("  [known leak, %d outputs] %s\n", known[i].hits, known[i].cause);
  }
  printf("%d passed, %d failed\n", passed, failed);
  free(cases);
  free(known_text);
  return failed == 0 ? 0 : 1;
}
