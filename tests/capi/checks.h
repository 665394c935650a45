/* What the C test programs share: counted checks of conditions and of calls' statuses (a call's
 * status must agree with the thread's error state), and a substring test. C99; one copy of these
 * static functions per program that includes it. */
#ifndef VOCFAB_TESTS_CAPI_CHECKS_H
#define VOCFAB_TESTS_CAPI_CHECKS_H

#include "vocfab/vocfab.h"

#include <stdio.h>
#include <string.h>

static int passed = 0;
static int failed = 0;

static void check(int ok, const char *what, int line) {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    fprintf(stderr, "FAILED (line %d): %s\n  last status %s, message: %s\n  issues: %s\n", line,
            what, vf_status_name(vf_last_status()), vf_last_error_message(), vf_last_issues_json());
  }
}

#define CHECK(cond) check((cond) ? 1 : 0, #cond, __LINE__)
/* Checks that a call returns the expected status, and that the error state agrees with it. */
#define CHECK_STATUS(call, expected) check_status((call), (expected), #call, __LINE__)

static void check_status(vf_status got, vf_status expected, const char *what, int line) {
  int ok = got == expected && vf_last_status() == expected;
  if (expected == VF_OK) {
    ok = ok && strcmp(vf_last_error_message(), "") == 0 && strcmp(vf_last_issues_json(), "[]") == 0;
  } else {
    ok = ok && vf_last_error_message()[0] != '\0';
  }
  if (!ok) {
    fprintf(stderr, "  expected %s, got %s\n", vf_status_name(expected), vf_status_name(got));
  }
  check(ok, what, line);
}

static int contains(const char *text, const char *part) { return text != NULL && strstr(text, part) != NULL; }

#endif
