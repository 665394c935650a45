/* A C consumer of vocfab::c (libvocfab.so): prints the library's version, then validates each file
 * named on the command line with vf_validate_json and prints whether it is valid and how many
 * issues the report lists. Exits non-zero on any failure of the library.
 *
 * Built by tests/consumers/run.sh three ways: find_package(vocfab), add_subdirectory(vocfab) and
 * pkg-config (vocfab-c). */
#include <vocfab/vocfab.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole file in a malloc'ed buffer; NULL when it cannot be read. */
static char *read_file(const char *path, size_t *length) {
  FILE *file = fopen(path, "rb");
  char *text = NULL;
  long size;
  if (file == NULL) return NULL;
  if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0 && fseek(file, 0, SEEK_SET) == 0) {
    text = (char *)malloc((size_t)size + 1);
    if (text != NULL && fread(text, 1, (size_t)size, file) != (size_t)size) {
      free(text);
      text = NULL;
    }
    if (text != NULL) {
      text[size] = '\0';
      *length = (size_t)size;
    }
  }
  fclose(file);
  return text;
}

/* Issues in a report: each one is an object with a "code" member. */
static int count_issues(const char *report) {
  int count = 0;
  const char *at = report;
  while ((at = strstr(at, "\"code\"")) != NULL) {
    ++count;
    at += 6;
  }
  return count;
}

int main(int argc, char **argv) {
  int i;
  int major = -1, minor = -1, patch = -1;
  vf_version(&major, &minor, &patch);
  printf("c: library %s, header %d.%d.%d\n", vf_version_string(), VF_VERSION_MAJOR,
         VF_VERSION_MINOR, VF_VERSION_PATCH);
  if (major != VF_VERSION_MAJOR) {
    fprintf(stderr, "consumer_c: library major version %d, header %d\n", major, VF_VERSION_MAJOR);
    return 1;
  }
  for (i = 1; i < argc; ++i) {
    size_t length = 0;
    int valid = -1;
    char *report = NULL;
    vf_status status;
    char *text = read_file(argv[i], &length);
    if (text == NULL) {
      fprintf(stderr, "consumer_c: cannot read %s\n", argv[i]);
      return 1;
    }
    status = vf_validate_json(text, length, &valid, &report);
    free(text);
    if (status != VF_OK || report == NULL) {
      fprintf(stderr, "consumer_c: vf_validate_json(%s): %s: %s\n", argv[i], vf_status_name(status),
              vf_last_error_message());
      return 1;
    }
    printf("c: %s: valid=%d, %d issues\n", argv[i], valid, count_issues(report));
    vf_string_free(report);
  }
  return 0;
}
