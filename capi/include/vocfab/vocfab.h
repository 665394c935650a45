/**
 * @file
 * The stable C ABI of vocfab (`libvocfab.so.0`).
 *
 * One header, valid C99 (`-std=c99 -pedantic`) and C++. Every capability of the C++ library is
 * reachable from here; records cross the boundary as UTF-8 JSON in the interchange format of
 * SPEC section 3, so the ABI stays stable while the format grows.
 *
 * Conventions
 * ===========
 *
 * 1. **Naming.** Every symbol is prefixed `vf_`, every macro `VF_`. Only `vf_` symbols are
 *    exported by the shared library.
 *
 * 2. **Ownership.**
 *    - Every object the library creates has exactly one function that frees it
 *      (`vf_dataset_new` / `vf_dataset_load_*` → `vf_dataset_free`,
 *      `vf_keyring_from_*` → `vf_keyring_free`, `vf_registry_open` / `vf_registry_create` →
 *      `vf_registry_close`). A read view of a registry (`vf_registry_read`, since 0.7) is a
 *      `const vf_dataset *` owned by the registry: it is given back with `vf_registry_release`,
 *      never with `vf_dataset_free` (which does nothing for a view).
 *    - Every `char *` the library returns through an `out_*` parameter is a new NUL-terminated
 *      UTF-8 string owned by the caller and freed with `vf_string_free` (never with `free`).
 *    - Every free function accepts NULL and then does nothing.
 *    - `const char *` return values (`vf_version_string`, `vf_status_name`,
 *      `vf_issue_code_name`, `vf_collection_name`, `vf_last_error_message`,
 *      `vf_last_issues_json`) are owned by the library and must not be freed.
 *    - Input strings and buffers are only read during the call; the library keeps no pointer
 *      to them.
 *
 * 3. **Results.** A function that produces data writes it to its last parameters
 *    (`out_*`). On entry every non-NULL `out_*` pointer is reset (`*out = NULL` / `0`), and it is
 *    set only when the function returns `VF_OK`, so a caller never has to free anything after a
 *    failure. Arrays the caller provides for a result (`vf_stable_match_lists`, since 0.4) are
 *    written only on `VF_OK` too. Data results are JSON documents (an object or an array), so
 *    later capabilities — lifecycle operations, candidate ranking, course allocation, referral
 *    matching, reports — are added as new functions of the same shape
 *    (`vf_status vf_dataset_xxx(ds, const char *request_json, size_t length, vf_flags flags,
 *    char **out_json)`) without changing existing ones.
 *
 * 4. **Errors.**
 *    - Every function that can fail returns a `vf_status`. `VF_OK` is 0; the value of a status
 *      never changes meaning, and new statuses are only appended (treat an unknown non-zero
 *      value as an error).
 *    - A NULL pointer where a valid one is required, an unknown collection name, a malformed
 *      key and a reserved flag bit are `VF_ERROR_INVALID_ARGUMENT`, never a crash.
 *    - No C++ exception ever leaves the library.
 *    - Each thread has its own error state. Every function that returns `vf_status` clears it
 *      on entry and sets it on failure. `vf_last_error_message` returns a human-readable
 *      message (never NULL; "" after a success) and `vf_last_issues_json` the structured issues
 *      of the last failing call as the JSON array `[{"code": …, "path": …, "message": …}]`
 *      (never NULL; "[]" when there are none). `vf_last_status` returns the status itself.
 *      These accessors, and the other functions that do not return `vf_status`, leave the
 *      error state alone; their pointers stay valid until the next `vf_status` call on the same
 *      thread.
 *    - Issue codes are the stable snake_case names of SPEC section 8 (numeric values in
 *      `vf_issue_code`); paths point into the interchange document (`trainees[3].national_id`).
 *
 * 5. **Thread-safety.** The library has no global mutable state (apart from the per-thread error
 *    state). Distinct handles are independent and may be used from different threads at once.
 *    Functions taking a `const vf_dataset *` only read the dataset and may run concurrently on
 *    one handle; a function taking a non-const `vf_dataset *` (adding, setting the policy, and
 *    `vf_dataset_free`) needs exclusive access to that handle: a handle is not thread-safe for
 *    concurrent mutation.
 *
 *    A registry handle (`vf_registry`, since 0.7) is made to be shared by the threads of a
 *    service:
 *    - Every `vf_registry_*` call on one handle may run concurrently with any other, from any
 *      threads — `vf_registry_apply` (batches that arrive together share one journal write and
 *      fsync), `vf_registry_checkpoint`, `vf_registry_status`, `vf_registry_read` and
 *      `vf_registry_release` — **except `vf_registry_close` and `vf_registry_set_keyring`**,
 *      which need the handle to themselves: no other call running on it and no view held.
 *    - Readers through views (`vf_registry_read`, then any function taking a
 *      `const vf_dataset *` on the view) run concurrently with each other and with applies and
 *      checkpoints. A view never sees part of a batch: an apply waits until the views held when
 *      it commits are released, and views taken meanwhile wait for the commit (a short wait: the
 *      batch is applied in memory and made durable, nothing else).
 *    - A view is released on the thread that took it. A thread that holds a view must release it
 *      before it applies or checkpoints on that registry (it would wait for itself: the call
 *      fails with `VF_ERROR_INVALID_ARGUMENT` instead). A thread may take several views of one
 *      registry at once; they share one consistent state and are released one by one.
 *    - One view may be used by other threads while its owner holds it (all its functions only
 *      read), but it must not be used after it is released.
 *
 * 6. **Versioning.** `VF_VERSION_MAJOR`, `VF_VERSION_MINOR` and `VF_VERSION_PATCH` give the
 *    version of the header; `vf_version` and `vf_version_string` that of the loaded library.
 *    A binding checks at load time that the major versions match. The shared library's SONAME
 *    carries the major version (`libvocfab.so.0`); within one major version functions are only
 *    added, never changed or removed (checked by an `abidiff` gate against a committed
 *    baseline). While the major version is 0 this promise holds within one minor version.
 *
 * 7. **Encoding.** All text is UTF-8. Identifiers (collection names, keys, file paths) are
 *    NUL-terminated; JSON documents are passed as a pointer and a byte length, where the length
 *    `VF_NUL_TERMINATED` means "up to the first NUL". File paths are handed to the operating
 *    system as they are. Output strings are NUL-terminated UTF-8.
 *
 * 8. **National ids (KVKK).** T.C. Kimlik numbers are masked (`100******46`) in everything the
 *    library returns — records, lists, saved documents, error messages and issues — unless the
 *    caller passes `VF_REVEAL_NATIONAL_IDS` in the `flags` argument of a function that takes
 *    one. Error messages and issues are always masked. **Saving a dataset is masked by default
 *    too**: a masked document is an export and cannot be loaded back (its national ids are no
 *    longer valid), so to save a registry's state for reloading pass `VF_REVEAL_NATIONAL_IDS`
 *    to `vf_dataset_save_json` / `vf_dataset_save_file`. **A masked export never replaces a
 *    file**: `vf_dataset_save_file` without `VF_REVEAL_NATIONAL_IDS` only creates @p path, and
 *    fails with `VF_ERROR_IO` ("… exists; a masked export never replaces a file; remove it first
 *    or save with VF_REVEAL_NATIONAL_IDS") when anything is already there — a file, a directory
 *    or a symlink —, leaving it untouched, so a masked copy can never silently take the place of
 *    a registry that holds the full ids. The check is atomic (a file that appears while the
 *    export is written is not replaced either). A full save (`VF_REVEAL_NATIONAL_IDS`) replaces
 *    an existing file atomically.
 *
 * 9. **Flags.** `vf_flags` arguments are bit sets. Each function documents the bits it accepts;
 *    any other bit is reserved for future use and rejected with `VF_ERROR_INVALID_ARGUMENT`, so
 *    a program written for a newer library fails clearly on an older one. Pass `VF_FLAGS_NONE`
 *    for the defaults.
 *
 * 10. **Collections.** Entity collections are named by their JSON names (`"centres"`,
 *    `"branches"`, `"courses"`, `"trainees"`, `"applications"`, `"enrollments"`,
 *    `"certificates"`, `"employers"`, `"vacancies"`, `"referrals"`; see `vf_collection_name`).
 *    Records are keyed by their `id` (UUID text), branches by their `code`.
 */
#ifndef VOCFAB_VOCFAB_H
#define VOCFAB_VOCFAB_H

#include <stddef.h>
#include <stdint.h>

/** @cond VF_INTERNAL */
#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(VF_BUILDING_LIBRARY)
#    define VF_API_EXPORT_ __declspec(dllexport)
#  else
#    define VF_API_EXPORT_ __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define VF_API_EXPORT_ __attribute__((visibility("default")))
#else
#  define VF_API_EXPORT_
#endif
/** @endcond */

/** Marks a function exported by the shared library. */
#define VF_API VF_API_EXPORT_

/** Major version of this header (incompatible changes). */
#define VF_VERSION_MAJOR 0
/** Minor version of this header (added functionality). */
#define VF_VERSION_MINOR 7
/** Patch version of this header (fixes). */
#define VF_VERSION_PATCH 0
/** The version as one comparable number: `major * 10000 + minor * 100 + patch`. */
#define VF_VERSION_NUMBER (VF_VERSION_MAJOR * 10000 + VF_VERSION_MINOR * 100 + VF_VERSION_PATCH)

/** Length argument meaning "the text is NUL-terminated; measure it". */
#define VF_NUL_TERMINATED ((size_t)-1)

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Outcome of a call. Values are fixed forever; new ones are only appended.
 */
typedef enum vf_status {
  VF_OK = 0,                    /**< Success. */
  VF_ERROR_INVALID_ARGUMENT = 1, /**< A NULL or malformed argument, an unknown collection or a
                                      reserved flag bit. */
  VF_ERROR_PARSE = 2,           /**< The document is not well-formed JSON (issue `parse_error`). */
  VF_ERROR_SCHEMA_VERSION = 3,  /**< `schema_version` is missing or unsupported
                                     (issue `schema_version_unsupported`). */
  VF_ERROR_INVALID_DATA = 4,    /**< Well-formed JSON, but a record could not be built or was
                                     rejected (missing field, bad value, duplicate key); the
                                     issues say which. */
  VF_ERROR_NOT_FOUND = 5,       /**< No record has the given key. */
  VF_ERROR_IO = 6,              /**< A file could not be opened, read or written. */
  VF_ERROR_OUT_OF_MEMORY = 7,   /**< Memory ran out; nothing was changed. */
  VF_ERROR_INTERNAL = 8,        /**< A bug in vocfab (an unexpected exception); please report. */
  VF_ERROR_RULE_VIOLATION = 9,  /**< A well-formed operation that a rule of SPEC section 4
                                     forbids (e.g. `invalid_transition`); the issues name the
                                     rule. Reserved for the lifecycle operations: no function of
                                     version 0.1 returns it. */
  VF_ERROR_INFEASIBLE = 10,     /**< A well-formed matching or assignment problem without a
                                     solution of the kind asked for (issue `infeasible`; since
                                     0.3). */
  VF_ERROR_LOCKED = 11,         /**< Another writer holds the registry (another process, or
                                     another read-write handle in this one); the message names
                                     the holder's process id. Open it read-only, or wait (since
                                     0.7). */
  VF_ERROR_CORRUPT = 12         /**< The registry's snapshot or journal cannot be trusted (a
                                     damaged journal record with sound records after it, a
                                     journal that does not follow its snapshot, a snapshot that
                                     does not read cleanly); nothing was changed (since 0.7). */
} vf_status;

/**
 * The stable issue codes of SPEC section 8 with their fixed numeric values. Issues in JSON carry
 * the snake_case name (`vf_issue_code_name`); codes are contiguous from 1 and only appended.
 */
typedef enum vf_issue_code {
  VF_ISSUE_PARSE_ERROR = 1,                    /**< `parse_error` */
  VF_ISSUE_SCHEMA_VERSION_UNSUPPORTED = 2,     /**< `schema_version_unsupported` */
  VF_ISSUE_MISSING_FIELD = 3,                  /**< `missing_field` */
  VF_ISSUE_INVALID_VALUE = 4,                  /**< `invalid_value` */
  VF_ISSUE_DUPLICATE_ID = 5,                   /**< `duplicate_id` */
  VF_ISSUE_UNKNOWN_REFERENCE = 6,              /**< `unknown_reference` */
  VF_ISSUE_INVALID_NATIONAL_ID = 7,            /**< `invalid_national_id` */
  VF_ISSUE_DUPLICATE_NATIONAL_ID = 8,          /**< `duplicate_national_id` */
  VF_ISSUE_INVALID_TAX_NUMBER = 9,             /**< `invalid_tax_number` */
  VF_ISSUE_INVALID_PHONE = 10,                 /**< `invalid_phone` */
  VF_ISSUE_INVALID_DATE = 11,                  /**< `invalid_date` */
  VF_ISSUE_INVALID_DATE_RANGE = 12,            /**< `invalid_date_range` */
  VF_ISSUE_CAPACITY_EXCEEDED = 13,             /**< `capacity_exceeded` */
  VF_ISSUE_NOT_ELIGIBLE_RESIDENCY = 14,        /**< `not_eligible_residency` */
  VF_ISSUE_NOT_ELIGIBLE_AGE = 15,              /**< `not_eligible_age` */
  VF_ISSUE_GUARDIAN_CONSENT_REQUIRED = 16,     /**< `guardian_consent_required` */
  VF_ISSUE_CONSENT_REQUIRED = 17,              /**< `consent_required` */
  VF_ISSUE_SCHEDULE_CONFLICT = 18,             /**< `schedule_conflict` */
  VF_ISSUE_MAX_ENROLLMENTS_EXCEEDED = 19,      /**< `max_enrollments_exceeded` */
  VF_ISSUE_BRANCH_ALREADY_COMPLETED = 20,      /**< `branch_already_completed` */
  VF_ISSUE_ABSENCE_LIMIT_EXCEEDED = 21,        /**< `absence_limit_exceeded` */
  VF_ISSUE_CERTIFICATE_NOT_ALLOWED = 22,       /**< `certificate_not_allowed` */
  VF_ISSUE_INVALID_TRANSITION = 23,            /**< `invalid_transition` */
  VF_ISSUE_VACANCY_NOT_OPEN = 24,              /**< `vacancy_not_open` */
  VF_ISSUE_DUPLICATE_REFERRAL = 25,            /**< `duplicate_referral` */
  VF_ISSUE_REFERRAL_PAUSED = 26,               /**< `referral_paused` */
  VF_ISSUE_MAX_REFERRALS_EXCEEDED = 27,        /**< `max_referrals_exceeded` */
  VF_ISSUE_PROTECTED_ATTRIBUTE_CRITERION = 28, /**< `protected_attribute_criterion` */
  VF_ISSUE_IO_ERROR = 29,                      /**< `io_error` */
  VF_ISSUE_DUPLICATE_ENROLLMENT = 30,          /**< `duplicate_enrollment` */
  VF_ISSUE_COURSE_NOT_OPEN = 31,               /**< `course_not_open` */
  VF_ISSUE_NOT_JOB_SEEKING = 32,               /**< `not_job_seeking` */
  VF_ISSUE_CERTIFICATE_REQUIRED = 33,          /**< `certificate_required` */
  VF_ISSUE_RECORD_ERASED = 34,                 /**< `record_erased` */
  VF_ISSUE_UNKNOWN_OPERATION = 35,             /**< `unknown_operation` */
  VF_ISSUE_IDEMPOTENCY_CONFLICT = 36,          /**< `idempotency_conflict` */
  VF_ISSUE_INFEASIBLE = 37                     /**< `infeasible` */
} vf_issue_code;

/** A set of `VF_*` flag bits (convention 9). */
typedef uint32_t vf_flags;

/** No flag: the defaults (national ids masked). */
#define VF_FLAGS_NONE ((vf_flags)0u)
/** Return national ids with all 11 digits instead of masked (convention 8). Ask for it only
 *  where the full number is needed, e.g. to save a dataset for reloading. */
#define VF_REVEAL_NATIONAL_IDS ((vf_flags)1u << 0)
/** `vf_dataset_apply`: check the batch and report what it would do, changing nothing. */
#define VF_CHECK_ONLY ((vf_flags)1u << 1)
/** `vf_stable_match_lists`: the receiver-optimal stable matching instead of the proposer-optimal
 *  one (since 0.4). */
#define VF_RECEIVER_OPTIMAL ((vf_flags)1u << 2)
/** `vf_registry_open`: open for reading only — no writer lock, no change; the registry as it was
 *  when it was opened (since 0.7). */
#define VF_REGISTRY_READ_ONLY ((vf_flags)1u << 3)
/** `vf_registry_open`: where there is no registry, make one — a plain dataset file at the path
 *  becomes a registry, and where nothing is an empty registry is created (since 0.7). */
#define VF_REGISTRY_CREATE ((vf_flags)1u << 4)

/** A dataset: a registry's complete state (policy and every entity). Opaque. */
typedef struct vf_dataset vf_dataset;

/** A registry on disk — a snapshot and its journal — shared by the threads of a process (since
 *  0.7). Opaque. */
typedef struct vf_registry vf_registry;

/* ---------------------------------------------------------------------------------------------
 * Versions, errors and strings
 * ------------------------------------------------------------------------------------------- */

/**
 * The version of the loaded library. Each pointer may be NULL.
 * @param[out] major major version (`VF_VERSION_MAJOR` of the library's build)
 * @param[out] minor minor version
 * @param[out] patch patch version
 */
VF_API void vf_version(int *major, int *minor, int *patch);

/** The version of the loaded library as text, e.g. `"0.1.0"`. Never NULL; do not free. */
VF_API const char *vf_version_string(void);

/**
 * The message of the last failing `vf_status` call on this thread; "" when the last call
 * succeeded. Never NULL; national ids masked; do not free. Valid until the next `vf_status`
 * call on this thread.
 */
VF_API const char *vf_last_error_message(void);

/**
 * The structured issues of the last failing call on this thread as the JSON array
 * `[{"code": "invalid_national_id", "path": "trainees[3].national_id", "message": "…"}]`;
 * "[]" when there are none. Never NULL; do not free. Valid until the next `vf_status` call on
 * this thread.
 */
VF_API const char *vf_last_issues_json(void);

/** The status of the last `vf_status` call on this thread (`VF_OK` after a success). */
VF_API vf_status vf_last_status(void);

/** Frees a string returned by the library. NULL is a no-op. */
VF_API void vf_string_free(char *string);

/**
 * The name of @p status (`"VF_ERROR_PARSE"`); `"VF_UNKNOWN_STATUS"` for a value this library
 * does not know. Never NULL; do not free.
 */
VF_API const char *vf_status_name(vf_status status);

/**
 * The snake_case name of issue code @p code (`"invalid_national_id"` for 7); NULL when the
 * value is not a code (codes are contiguous from 1, so a loop from 1 until NULL lists them
 * all). Do not free.
 */
VF_API const char *vf_issue_code_name(int code);

/**
 * The JSON name of the collection at @p index in document order (`0` → `"centres"`, …,
 * `9` → `"referrals"`); NULL past the last one. Do not free.
 */
VF_API const char *vf_collection_name(size_t index);

/* ---------------------------------------------------------------------------------------------
 * Validation without a handle (like `vocfab validate --json`)
 * ------------------------------------------------------------------------------------------- */

/**
 * Reads and validates a dataset document held in memory.
 *
 * Returns `VF_OK` whenever a report was produced — also for a document that is unreadable or
 * invalid: the report then says so. The report is the JSON object
 * `{"valid": bool, "issues": [{"code", "path", "message"}, …]}`, exactly what
 * `vocfab validate --json` prints.
 * @param json the document (UTF-8)
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @param[out] out_valid optional (may be NULL): 1 when there is no issue, else 0
 * @param[out] out_report optional (may be NULL): the report; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT` (NULL @p json), `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_validate_json(const char *json, size_t length, int *out_valid,
                                  char **out_report);

/**
 * Reads and validates a dataset file; like `vf_validate_json`.
 * @param path the file
 * @param[out] out_valid optional (may be NULL): 1 when there is no issue, else 0
 * @param[out] out_report optional (may be NULL): the report; free with `vf_string_free`
 * @return `VF_OK` (report produced, valid or not), `VF_ERROR_INVALID_ARGUMENT` (NULL @p path),
 *         `VF_ERROR_IO` (the file cannot be opened; no report)
 */
VF_API vf_status vf_validate_file(const char *path, int *out_valid, char **out_report);

/* ---------------------------------------------------------------------------------------------
 * Dataset handles
 * ------------------------------------------------------------------------------------------- */

/**
 * Creates an empty dataset with the default policy.
 * @param[out] out_dataset the new handle; free with `vf_dataset_free`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT`, `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_dataset_new(vf_dataset **out_dataset);

/**
 * Frees a dataset. NULL is a no-op. Needs exclusive access to the handle. A registry's read view
 * (`vf_registry_read`) is not freed here — this does nothing for one: give it back with
 * `vf_registry_release`.
 */
VF_API void vf_dataset_free(vf_dataset *dataset);

/**
 * Loads a dataset document held in memory. Strict: the call fails, and no handle is created,
 * when the document is unreadable or any record could not be built; the issues (with paths such
 * as `trainees[3].national_id`) are then available from `vf_last_issues_json`. A loaded dataset
 * may still break rules that involve several records; `vf_dataset_validate` reports those.
 * @param json the document (UTF-8, SPEC section 3)
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @param flags reserved: pass `VF_FLAGS_NONE`
 * @param[out] out_dataset the new handle; free with `vf_dataset_free`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT`, `VF_ERROR_PARSE`, `VF_ERROR_SCHEMA_VERSION`,
 *         `VF_ERROR_INVALID_DATA`, `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_dataset_load_json(const char *json, size_t length, vf_flags flags,
                                      vf_dataset **out_dataset);

/**
 * Loads a dataset file, streaming; like `vf_dataset_load_json`.
 * @param path the file
 * @param flags reserved: pass `VF_FLAGS_NONE`
 * @param[out] out_dataset the new handle; free with `vf_dataset_free`
 * @return as `vf_dataset_load_json`, plus `VF_ERROR_IO` when the file cannot be opened or read
 */
VF_API vf_status vf_dataset_load_file(const char *path, vf_flags flags,
                                      vf_dataset **out_dataset);

/**
 * Serialises a dataset as a complete document (deterministic bytes: saving the same dataset
 * always gives the same text). **Masked by default**: without `VF_REVEAL_NATIONAL_IDS` the
 * document is an export that cannot be loaded back (convention 8).
 * @param dataset the dataset
 * @param flags `VF_FLAGS_NONE` or `VF_REVEAL_NATIONAL_IDS`
 * @param[out] out_json the document; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT`, `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_dataset_save_json(const vf_dataset *dataset, vf_flags flags,
                                      char **out_json);

/**
 * Writes a dataset to a file atomically and durably: the document goes to a new temporary file
 * with a unique random name beside the target (never opened through a symlink), which is
 * fsynced and renamed into place, and the directory is fsynced; a crash at any moment leaves the
 * old file or the new one, never a torn one, and a failure removes the temporary file and
 * leaves the target as it was. Concurrent saves to one path never tear it (the last one wins).
 *
 * - **With `VF_REVEAL_NATIONAL_IDS`** (a registry's state, loadable again): an existing file is
 *   replaced and keeps its permission bits and, as far as the process may, its owner and group;
 *   a new file is created with mode 0600 (owner only) whatever the umask. When @p path is a
 *   symlink the file it points to is replaced and the link stays a link. A directory, or
 *   anything else that is not a regular file, is never replaced.
 * - **Without it** (masked, an export that cannot be loaded back; convention 8): the file is
 *   only created, mode 0600; when anything exists at @p path the call fails with `VF_ERROR_IO`
 *   and leaves it untouched.
 *
 * Errors read "cannot write 'PATH': REASON", the path as given (it is the caller's own name).
 * @param dataset the dataset
 * @param path the file to write
 * @param flags `VF_FLAGS_NONE` or `VF_REVEAL_NATIONAL_IDS`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT`, `VF_ERROR_IO` (including a masked save over an
 *         existing file), `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_dataset_save_file(const vf_dataset *dataset, const char *path,
                                      vf_flags flags);

/**
 * Validates a dataset against its own policy: every rule violation, not just the first.
 * @param dataset the dataset
 * @param[out] out_valid optional (may be NULL): 1 when there is no issue, else 0
 * @param[out] out_report optional (may be NULL): `{"valid": bool, "issues": […]}` as
 *             `vf_validate_json`; free with `vf_string_free`
 * @return `VF_OK` (valid or not), `VF_ERROR_INVALID_ARGUMENT`, `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_dataset_validate(const vf_dataset *dataset, int *out_valid,
                                     char **out_report);

/**
 * Number of records in a collection.
 * @param dataset the dataset
 * @param collection a collection name (`"trainees"`, convention 10)
 * @param[out] out_count the number of records
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT` (NULL argument or unknown collection)
 */
VF_API vf_status vf_dataset_count(const vf_dataset *dataset, const char *collection,
                                  size_t *out_count);

/**
 * One record as a JSON object (the same bytes a saved document holds for it).
 * @param dataset the dataset
 * @param collection a collection name (convention 10)
 * @param key the record's `id` (UUID text, any case), or its `code` for `"branches"`
 * @param flags `VF_FLAGS_NONE` or `VF_REVEAL_NATIONAL_IDS`
 * @param[out] out_json the record; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT` (NULL argument, unknown collection, @p key not a
 *         UUID / branch code), `VF_ERROR_NOT_FOUND`, `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_dataset_get(const vf_dataset *dataset, const char *collection,
                                const char *key, vf_flags flags, char **out_json);

/**
 * Every record of a collection as a JSON array, in dataset (insertion) order.
 * @param dataset the dataset
 * @param collection a collection name (convention 10)
 * @param flags `VF_FLAGS_NONE` or `VF_REVEAL_NATIONAL_IDS`
 * @param[out] out_json the array; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT`, `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_dataset_list(const vf_dataset *dataset, const char *collection,
                                 vf_flags flags, char **out_json);

/**
 * Appends one record, given as a JSON object in the interchange format. A malformed record, or
 * one whose key (`id`, or `code` for branches) is already taken in the collection, is rejected
 * with issues (paths start at `<collection>[<count>]`), leaving the dataset exactly as it was.
 * Rules that involve other records (references, capacities, …) are not checked here:
 * `vf_dataset_validate` reports them.
 * @param dataset the dataset (exclusive access)
 * @param collection a collection name (convention 10)
 * @param json the record (UTF-8)
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT`, `VF_ERROR_PARSE`, `VF_ERROR_INVALID_DATA`
 *         (issues such as `missing_field`, `invalid_national_id`, `duplicate_id`),
 *         `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_dataset_add(vf_dataset *dataset, const char *collection, const char *json,
                                size_t length);

/**
 * The dataset's policy (SPEC section 4) as a JSON object. Like everything read back without
 * `VF_REVEAL_NATIONAL_IDS`, a number in its texts that could hold a national id is masked
 * (convention 8).
 * @param dataset the dataset
 * @param[out] out_json the policy; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT`, `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_dataset_policy(const vf_dataset *dataset, char **out_json);

/**
 * Replaces the dataset's policy with one given as a JSON object (absent fields take the
 * specification's defaults). On failure the policy is unchanged.
 * @param dataset the dataset (exclusive access)
 * @param json the policy (UTF-8)
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT`, `VF_ERROR_PARSE`, `VF_ERROR_INVALID_DATA`,
 *         `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_dataset_set_policy(vf_dataset *dataset, const char *json, size_t length);

/**
 * The dataset at a glance (records per collection; courses, enrollments and certificates per
 * centre and per branch) as a JSON object, the same as `vocfab summary --json`.
 * @param dataset the dataset
 * @param[out] out_json the summary; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT`, `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_dataset_summary(const vf_dataset *dataset, char **out_json);

/* ---------------------------------------------------------------------------------------------
 * Lifecycle operations (SPEC section 4; docs/operations.md)
 * ------------------------------------------------------------------------------------------- */

/**
 * Applies a batch of operations, all or nothing. The request is an object with `actor`
 * (required), `at` (`YYYY-MM-DDTHH:MM:SSZ`; default the current UTC time), `date`
 * (`YYYY-MM-DD`), `batch` (a UUID), `check_only` (bool), `id_seed` (a number) and `ops` (the
 * operations, as in docs/operations.md). Each operation is checked against the dataset as changed by those
 * before it; the first one that breaks a rule refuses the whole batch with all of its issues
 * (paths such as `ops[3].trainee`; the message names the index) and leaves the dataset exactly as
 * it was. With `VF_CHECK_ONLY` (or `"check_only": true`) the batch is checked and its result
 * reported, and nothing changes. An `issue_certificate` needs the handle's certificate key.
 * @param dataset the dataset (exclusive access)
 * @param request_json the request (UTF-8)
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @param flags `VF_FLAGS_NONE` or `VF_CHECK_ONLY`
 * @param[out] out_json on success, an object with `ok`, `applied`, `check_only`, `batch` and
 *        `results`: per operation its `op`, `seq`, `replayed`, `created` and `effects` (each
 *        with `collection`, `id`, `field`, `from`, `to` and, when derived, `reason`); free with
 *        `vf_string_free`
 * @return `VF_OK` (applied, or allowed when checking only), `VF_ERROR_RULE_VIOLATION` (refused:
 *         the failing operation's issues in `vf_last_issues_json`, such as `unknown_operation`,
 *         `duplicate_referral`, `idempotency_conflict`), `VF_ERROR_PARSE`,
 *         `VF_ERROR_INVALID_ARGUMENT` (a NULL pointer, unknown flag bits, a request without an
 *         actor), `VF_ERROR_OUT_OF_MEMORY` (nothing applied)
 */
VF_API vf_status vf_dataset_apply(vf_dataset *dataset, const char *request_json, size_t length,
                                  vf_flags flags, char **out_json);

/**
 * The audit trail: one entry per applied operation (`seq`, `batch`, `at`, `actor`, `op`,
 * `collection`, `id`, `key`, `digest`, `touched`; see docs/operations.md), oldest first. Entries never hold a
 * national id, a name or free text.
 * @param dataset the dataset
 * @param from_seq the first entry wanted (1 or 0: from the start)
 * @param max_entries at most this many entries (`(size_t)-1`: all)
 * @param[out] out_json a JSON array; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT`, `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_dataset_audit(const vf_dataset *dataset, size_t from_seq, size_t max_entries,
                                  char **out_json);

/* ---------------------------------------------------------------------------------------------
 * Certificates (SPEC section 4, "Certificates"; formats in docs/operations.md)
 * ------------------------------------------------------------------------------------------- */

/**
 * The programme's certificate keys: the current key (issues codes, signs tokens) and older keys
 * (still verify the codes made under them). Opaque and immutable once made: a const handle may
 * be used from many threads at once. Its secrets are never returned, never quoted in a message,
 * and wiped from memory when the handle is freed.
 */
typedef struct vf_keyring vf_keyring;

/**
 * Makes a keyring from a key file's text: one key a line, `<key id> <secret>` — the key id one
 * Crockford base32 symbol, the secret at least 32 bytes in hex or as `base64:<base64>` —, the
 * first key the current one; blank lines and `#` comments ignored.
 * @param text the key file's text (UTF-8)
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @param[out] out_keyring the new handle; free with `vf_keyring_free`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT` (NULL argument, or a text that is not a key file:
 *         the message names the line and the problem — a short secret, a bad key id, a key id
 *         used twice — and never quotes the text), `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_keyring_from_text(const char *text, size_t length, vf_keyring **out_keyring);

/**
 * Makes a keyring from a key file (at most 64 KiB); like `vf_keyring_from_text`.
 * @param path the key file
 * @param[out] out_keyring the new handle; free with `vf_keyring_free`
 * @return as `vf_keyring_from_text`, plus `VF_ERROR_IO` when the file cannot be opened or read
 *         ("cannot read 'PATH': reason")
 */
VF_API vf_status vf_keyring_from_file(const char *path, vf_keyring **out_keyring);

/** Frees a keyring, wiping its secrets. NULL is a no-op. */
VF_API void vf_keyring_free(vf_keyring *keyring);

/**
 * The public key that verifies the tokens this keyring signs (those of its current key): the raw
 * Ed25519 key in base64url without padding, 43 characters. Safe to publish.
 * @param keyring the keyring
 * @param[out] out_json the public key; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT`, `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_keyring_public_key(const vf_keyring *keyring, char **out_json);

/**
 * Gives the dataset handle its own copy of @p keyring, used when certificates are issued and as
 * the default of `vf_certificate_verify` and `vf_certificate_token`. Never saved with the
 * dataset. NULL clears it.
 * @param dataset the dataset (exclusive access)
 * @param keyring the keyring, or NULL
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT` (NULL @p dataset), `VF_ERROR_OUT_OF_MEMORY`
 *         (the dataset keeps the keyring it had)
 */
VF_API vf_status vf_dataset_set_keyring(vf_dataset *dataset, const vf_keyring *keyring);

/**
 * Verifies a certificate's verification code against the dataset, as `vocfab verify --json`
 * does. The result is a JSON object (docs/c-api.md):
 * `{"status", "code"?, "certificate"?, "revoked"?: {"date", "reason"}, "forgery"?,`
 * `"facts"?: {"kind", "issued", "external_number", "course", "branch", "branch_name",`
 * `"hours", "centre", "holder", "holder_erased"}, "name_matches"?}`. `status` is `valid`,
 * `revoked`, `unknown`, `malformed` (a mistyped code, before any lookup) or `forged` (a
 * certificate carries the code but the code does not vouch for its facts, or its key id names no
 * key of the keyring); the facts come with `valid` and `revoked` only, the holder's name masked
 * (`A*** D****`, `null` once erased). A verdict is not an error: every status returns `VF_OK`.
 * @param dataset the dataset
 * @param keyring the keys to verify with; NULL: the dataset's (`vf_dataset_set_keyring`)
 * @param code the code as typed (case, hyphens and spaces do not matter)
 * @param name_or_null the holder's full name as the caller was shown it, or NULL; when given,
 *        `name_matches` says whether it is the holder's (case and Turkish diacritics ignored)
 *        without disclosing the name
 * @param[out] out_json the result; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT` (NULL argument; no keyring given and none set),
 *         `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_certificate_verify(const vf_dataset *dataset, const vf_keyring *keyring,
                                       const char *code, const char *name_or_null,
                                       char **out_json);

/**
 * A signed token of a certificate for an offline check (a QR code): `VF1.<payload>.<signature>`,
 * a snapshot of the certificate's facts signed with Ed25519 under the keyring's current key.
 * Verify it with `vf_token_verify` and the keyring's public key.
 * @param dataset the dataset
 * @param keyring the keys; NULL: the dataset's (`vf_dataset_set_keyring`)
 * @param certificate_id the certificate's `id` (UUID text)
 * @param[out] out_token the token; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT` (NULL argument, no keyring, an id that is not a
 *         UUID), `VF_ERROR_NOT_FOUND` (no such certificate), `VF_ERROR_INVALID_DATA` (the
 *         certificate is revoked, its code does not vouch for its facts, or its enrollment is
 *         missing: no token vouches for it), `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_certificate_token(const vf_dataset *dataset, const vf_keyring *keyring,
                                      const char *certificate_id, char **out_token);

/**
 * Checks a token with the programme's public key alone, without a dataset:
 * `{"status", "key"?, "certificate"?, "code"?, "facts"?: {…}}`, `status` `valid`, `forged` (the
 * signature does not match: edited, or another programme's key) or `malformed` (not a token);
 * the facts (as in `vf_certificate_verify`) come with `valid` only. Every status returns `VF_OK`.
 * @param public_key_text the public key (`vf_keyring_public_key`)
 * @param token the token (surrounding white space ignored)
 * @param[out] out_json the result; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT` (NULL argument, or @p public_key_text is not 32
 *         bytes of base64url), `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_token_verify(const char *public_key_text, const char *token, char **out_json);

/** @name Matching solvers (SPEC section 5.0; since 0.3)
 * Pure functions on the caller's own instances: no dataset, no state. Each takes a JSON request
 * and answers a JSON result (docs/matching.md); the `_lists` forms (since 0.4) take the same
 * stable-matching requests in compact form, for callers to whom writing and parsing JSON would
 * cost more than solving. A request that cannot be read fails with its issues in
 * `vf_last_issues_json` (paths such as `proposers.a[2]` or `arcs[3][2]`, names masked) and every
 * `out_*` left NULL, 0 or untouched. Safe to call from many threads at once.
 * @{
 */

/**
 * Stable matching (many-to-one deferred acceptance). The request is an object with
 * `"proposers": {NAME: [NAME, ...]}` and `"receivers": {NAME: [NAME, ...]}` (strict rankings,
 * most preferred first), optionally `"capacities": {NAME: COUNT}` (default 1) and
 * `"optimal": "proposer"` or `"receiver"`. The result has `"matching": {PROPOSER: RECEIVER}`
 * (null when unmatched), `"assigned": {RECEIVER: [PROPOSER, ...]}` and
 * `"ignored": [[PROPOSER, RECEIVER], ...]`: stable and optimal for the named side; a pair is
 * acceptable only when each side lists the other (one-sided entries are ignored and listed).
 * Cost linear in the total length of the lists.
 * @param request_json the request (UTF-8 JSON)
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @param[out] out_json the result; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_PARSE`, `VF_ERROR_INVALID_ARGUMENT` (a NULL pointer, a request the
 *         issues describe), `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_stable_match(const char *request_json, size_t length, char **out_json);

/**
 * The blocking pairs of any matching: the request of `vf_stable_match` plus
 * `"matching": {PROPOSER: RECEIVER}` (null when unmatched). The result has `"stable"`,
 * `"blocking_pairs": [[PROPOSER, RECEIVER], ...]`,
 * `"capacity_violations": [{"receiver", "assigned", "capacity"}, ...]` and
 * `"unacceptable": [[PROPOSER, RECEIVER], ...]`.
 * @param request_json the request (UTF-8 JSON)
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @param[out] out_json the result; free with `vf_string_free`
 * @return as `vf_stable_match`
 */
VF_API vf_status vf_blocking_pairs(const char *request_json, size_t length, char **out_json);

/** The byte that separates the names of a compact matching request: U+001F (since 0.4). */
#define VF_NAME_SEPARATOR '\x1f'

/** The partner `vf_stable_match_lists` gives a proposer left unmatched (since 0.4). */
#define VF_UNMATCHED ((uint32_t)0xFFFFFFFFu)

/**
 * Stable matching on a compact request, without JSON (since 0.4): the request of
 * `vf_stable_match` with its names in one buffer and its lists as lengths, the result as indices
 * into the caller's own names. The same instance gives the same result, and the same issues with
 * the same paths (`proposers.a[2]`), as through `vf_stable_match`.
 *
 * @p names holds every name of the request joined by `VF_NAME_SEPARATOR` (n names, n - 1
 * separators; no names, no bytes), in this order: the proposers' names; the receivers' names;
 * the names of the receivers whose capacity is given; then every entry of the proposers' lists,
 * list after list; every entry of the receivers' lists. A name may not hold the separator: names
 * that do not add up to the counts are refused whole, without issues.
 * @param names the names (UTF-8); NULL only when @p names_length is 0
 * @param names_length its length in bytes, or `VF_NUL_TERMINATED`
 * @param list_lengths the length of each list: per proposer, then per receiver
 *        (`proposer_count + receiver_count` entries; NULL when there are none)
 * @param proposer_count how many proposers (the keys of `"proposers"`)
 * @param receiver_count how many receivers (the keys of `"receivers"`)
 * @param capacities the given capacities, one per capacity name, as `"capacities"` in JSON (a
 *        receiver not named holds 1); NULL when @p capacity_count is 0
 * @param capacity_count how many capacities are given
 * @param flags `VF_FLAGS_NONE` (proposer-optimal) or `VF_RECEIVER_OPTIMAL`
 * @param[out] out_partner per proposer, the index of its receiver among the receivers, or
 *        `VF_UNMATCHED` (`proposer_count` entries; NULL when there are no proposers)
 * @param[out] out_assigned the proposers each receiver holds, as indices among the proposers,
 *        receiver after receiver, each receiver's in its order of preference (room for
 *        `proposer_count` entries; NULL when there are no proposers)
 * @param[out] out_assigned_counts per receiver, how many of @p out_assigned are its
 *        (`receiver_count` entries; NULL when there are no receivers)
 * @param[out] out_ignored the one-sided entries, as in `"ignored"`: proposer and receiver names,
 *        pair after pair, joined by `VF_NAME_SEPARATOR` ("" when there are none); free with
 *        `vf_string_free`
 * @param[out] out_ignored_length the length of @p out_ignored in bytes (a name may hold a NUL)
 * @return `VF_OK` (and only then are the arrays written), `VF_ERROR_INVALID_ARGUMENT` (a NULL
 *         pointer, reserved flag bits, names that do not add up to the counts or are not UTF-8,
 *         a request the issues describe), `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_stable_match_lists(const char *names, size_t names_length,
                                       const uint32_t *list_lengths, size_t proposer_count,
                                       size_t receiver_count, const int64_t *capacities,
                                       size_t capacity_count, vf_flags flags,
                                       uint32_t *out_partner, uint32_t *out_assigned,
                                       uint32_t *out_assigned_counts, char **out_ignored,
                                       size_t *out_ignored_length);

/**
 * The blocking pairs of any matching on a compact request (since 0.4): the request of
 * `vf_stable_match_lists` with, in @p names, the proposers of `"matching"` after the capacity
 * names and their receivers (one each, none for null) after every list's entries; the result is
 * that of `vf_blocking_pairs`, with the same issues for the same instance.
 * @param names the names (UTF-8); NULL only when @p names_length is 0
 * @param names_length its length in bytes, or `VF_NUL_TERMINATED`
 * @param list_lengths per proposer, then per receiver, the length of its list; then per matched
 *        proposer 1, or 0 for null (`proposer_count + receiver_count + matched_count` entries)
 * @param proposer_count how many proposers
 * @param receiver_count how many receivers
 * @param capacities the given capacities, one per capacity name; NULL when @p capacity_count is 0
 * @param capacity_count how many capacities are given
 * @param matched_count how many proposers the matching names
 * @param[out] out_json the result; free with `vf_string_free`
 * @return as `vf_stable_match_lists`
 */
VF_API vf_status vf_blocking_pairs_lists(const char *names, size_t names_length,
                                         const uint32_t *list_lengths, size_t proposer_count,
                                         size_t receiver_count, const int64_t *capacities,
                                         size_t capacity_count, size_t matched_count,
                                         char **out_json);

/**
 * Exact assignment on 64-bit integers. Dense: `{"costs": [[4, 1, 3], [2, 0, 5]]}` with an
 * optional `"maximize": true` (`null` = not allowed; rectangular allowed) gives
 * `{"rows", "cols", "total", "duals"}` with the semantics of SciPy's `linear_sum_assignment`.
 * Sparse: `{"rows": N, "cols": M, "arcs": [[R, C, W], ...]}` with optional `"capacities"` and
 * `"objective": "max_weight"` or `"min_cost_full"` gives
 * `{"pairs": [[R, C], ...], "total", "duals": {"rows", "cols"}}`. The duals are an optimality
 * certificate a caller can check (docs/matching.md).
 * @param request_json the request (UTF-8 JSON)
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @param[out] out_json the result; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_INFEASIBLE` (no full assignment exists: issue `infeasible`),
 *         `VF_ERROR_PARSE`, `VF_ERROR_INVALID_ARGUMENT`, `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_assign(const char *request_json, size_t length, char **out_json);

/** @} */

/**
 * Course allocation (SPEC 5.2; since 0.3): applicants' ranked applications to courses that have
 * not started, acceptability through the rules of `enroll`, the priority groups of
 * `policy.allocation`, application date and a seeded single lottery; applicant-proposing
 * deferred acceptance; courses below their minimum group dropped one at a time and the rest
 * re-allocated. Changes nothing: the result carries the operations (`open_course`, `enroll`,
 * `cancel_course`) that carry it out through `vf_dataset_apply`.
 * @param dataset the dataset
 * @param request_json `{"seed"?: N, "as_of"?: "YYYY-MM-DD", "max_threads"?: N}` (defaults:
 *        `policy.allocation.seed`, the dataset's `as_of`, 0: one thread per core; the
 *        applicants' choices are checked on at most N threads of the call's own, 0 to 256, and
 *        the result is the same for any N); NULL or empty is `{}`
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @param[out] out_json an object with `assignments`, `waitlists`, `cancelled`, `unassigned`,
 *        `skipped`, `rounds`, `seed`, `as_of` and `operations` (docs/matching.md); ids only,
 *        never a name or a national id; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_PARSE`, `VF_ERROR_INVALID_ARGUMENT` (a NULL pointer, a malformed
 *         request, no `as_of` given and none in the dataset: issue `missing_field`),
 *         `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_dataset_allocate(const vf_dataset *dataset, const char *request_json, size_t length,
                                     char **out_json);

/**
 * @name Candidate ranking and batch referral matching (SPEC 5.1 and 5.3; since 0.5)
 * Read-only on the dataset, like `vf_dataset_allocate`: they change nothing, and any number may
 * run at once on one handle while nothing changes it (convention 5). Everything is judged on one
 * day: the request's `as_of`, else the dataset's; with neither the call fails with issue
 * `missing_field` at `as_of` (the library reads no clock). A request is a JSON object of at most
 * 4096 bytes; NULL or empty is `{}`; an absent or null field takes its default. A field of the
 * wrong type, a malformed id or day, a field written twice or an unknown field is issue
 * `invalid_value` at that field (`vf_last_issues_json`; values quoted and national ids masked),
 * a required field left out `missing_field`. Results carry ids, days, numbers, codes and reasons
 * built from them: never a name or a national id.
 * @{
 */

/**
 * The candidates one may refer to a vacancy (SPEC 5.1): everyone passing the hard filters of
 * `refer` on the day, best first (higher score, then earlier `registered`, then trainee id).
 * @param dataset the dataset
 * @param request_json `{"vacancy": ID, "top"?: K, "as_of"?: "YYYY-MM-DD"}`: `vacancy` required,
 *        `top` from 1 to 10000 (default 50)
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @param[out] out_json `{"vacancy", "as_of", "candidates": [{"trainee", "score", "terms":
 *        [{"term", "points", "why"}, ...], "registered"}, ...]}`: the first `top` candidates,
 *        each with the seven terms of its score (they sum to `score`); how many pass the filters
 *        in all is not counted; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_PARSE` (not JSON, too deep, a NUL byte: issue `parse_error`),
 *         `VF_ERROR_INVALID_ARGUMENT` (a NULL pointer; a malformed request; issue
 *         `unknown_reference`: no such vacancy; `vacancy_not_open`: not open or not taking
 *         referrals on the day; `missing_field`: no `vacancy`, or no day), `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_dataset_rank(const vf_dataset *dataset, const char *request_json, size_t length,
                                 char **out_json);

/**
 * Why a person is or is not a candidate for a vacancy (SPEC 5.1).
 * @param dataset the dataset
 * @param request_json `{"vacancy": ID, "trainee": ID, "as_of"?: "YYYY-MM-DD"}`, both ids required
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @param[out] out_json `{"vacancy", "trainee", "as_of", "eligible": true, "score", "terms",
 *        "registered"}` (the person's entry of `vf_dataset_rank`), or `{"vacancy", "trainee",
 *        "as_of", "eligible": false, "reasons": [{"code", "argument", "field", "message"}, ...]}`
 *        with every hard filter the person fails (`code` an issue code such as
 *        `not_job_seeking`, `consent_required`, `duplicate_referral`); free with `vf_string_free`
 * @return as `vf_dataset_rank`, and issue `unknown_reference` at `trainee` for an unknown person
 */
VF_API vf_status vf_dataset_explain(const vf_dataset *dataset, const char *request_json, size_t length,
                                    char **out_json);

/**
 * Batch referral matching (SPEC 5.3): every vacancy taking referrals on the day with open
 * positions (`positions` - hires) shortlists its first K candidates of `vf_dataset_rank`; then
 * `stable` (seeker-proposing deferred acceptance; a vacancy ranks by score, a seeker by the
 * `location` and `preferences` terms, then the score, then vacancy id) or `max_score` (the largest
 * total score, exact; each seeker at most once, each vacancy at most its open positions) decides
 * the pairs. Changes nothing: the result carries the `refer` operations that carry it out through
 * `vf_dataset_apply`.
 * @param dataset the dataset
 * @param request_json `{"mode"?: "stable" | "max_score", "shortlist"?: K, "as_of"?:
 *        "YYYY-MM-DD", "max_threads"?: N}`: `mode` default `stable`, `shortlist` from 1 to 1000
 *        (default 20); the shortlists are ranked on at most N threads (0 to 256; 0, the default:
 *        one per hardware thread), the result the same for any N
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @param[out] out_json `{"mode", "as_of", "shortlist", "vacancies", "seekers", "open_positions",
 *        "pairs": [{"trainee", "vacancy", "score"}, ...], "total_score", "open_positions_left",
 *        "operations": [...]}`: the pairs by vacancy id, then in the vacancy's ranking order, and
 *        one `refer` operation per pair; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_PARSE`, `VF_ERROR_INVALID_ARGUMENT` (a NULL pointer; a malformed
 *         request; issue `missing_field`: no day), `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_dataset_match(const vf_dataset *dataset, const char *request_json, size_t length,
                                  char **out_json);

/** @} */

/**
 * @name Reports, course planning and the anonymised release (SPEC sections 6, 5.4 and 4)
 * Read-only on the dataset; requests as for matching (a JSON object of at most 4096 bytes; NULL
 * or empty is `{}`; an absent or null field takes its default; a malformed or unknown field is
 * issue `invalid_value`). Without `as_of` on a dataset without one the answer is
 * `missing_field` at `as_of`: the library reads no clock.
 * @{
 */

/**
 * The programme's figures (SPEC section 6; every figure's definition in docs/reports.md).
 * @param dataset the dataset
 * @param request_json `{"as_of"?: D, "from"?: D, "to"?: D, "by"?: ["centre", "branch",
 *        "district", "gender", "age_band", "month"] or "all" or "centre,branch",
 *        "min_group_size"?: K, "format"?: "json" | "csv" | "table" | "html", "max_threads"?: N}`:
 *        the count uses at most N threads (0, the default: one per hardware thread); referrals dated
 *        by `referred`, enrollments by their course's `start` within `from`..`to` (inclusive);
 *        counts from 1 to K-1 suppressed (K from 0, off, to 1000000); `format` default `json`
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @param[out] out_json the report in the format asked for: JSON `{"programme", "as_of",
 *        "from", "to", "min_group_size", "retention_days", "employment": {...}, "training":
 *        {...}, "breakdowns": {DIM: [{"group", "label", "employment", "training"}, ...]}}`
 *        (a suppressed count `null`, every rate `{"numerator", "denominator", "rate"}`), CSV
 *        `section,metric,dimension,group,count,denominator,rate`, a text table, or a
 *        self-contained HTML page; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_PARSE`, `VF_ERROR_INVALID_ARGUMENT` (a NULL pointer; a malformed
 *         request; issue `missing_field`: no day; `invalid_date_range`: `from` after `to`),
 *         `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_dataset_report(const vf_dataset *dataset, const char *request_json, size_t length,
                                   char **out_json);

/**
 * Course planning (SPEC 5.4): demand, supply and gap per branch, the courses worth opening where,
 * and the branches where none is, each with its reason and numbers.
 * @param dataset the dataset
 * @param request_json `{"as_of"?: D, "format"?: "json" | "table"}`
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @param[out] out_json JSON `{"as_of", "branches": [{"branch", "demand": {"open_positions",
 *        "recent_hires", "total"}, "supply": {"certified_seekers", "in_training", "total"},
 *        "gap"}], "recommendations": [{"branch", "centre", "capacity", "reason"}],
 *        "not_recommended": [{"branch", "reason"}]}`, or a text table; free with `vf_string_free`
 * @return as `vf_dataset_report`
 */
VF_API vf_status vf_dataset_plan(const vf_dataset *dataset, const char *request_json, size_t length,
                                 char **out_json);

/**
 * The anonymised release (SPEC section 4, Privacy): a new dataset in which every person is
 * erased, every id replaced by a fresh random UUID (references kept), employers' tax numbers and
 * contacts, certificates' codes and external numbers and every free-text reason removed, and the
 * audit trail left out; every report on it gives the original's figures.
 * @param dataset the dataset (unchanged)
 * @param request_json `{"erased_on"?: D, "seed"?: N}`: the day recorded as everyone's erasure
 *        day (default the dataset's `as_of`; `missing_field` without either), and a seed that
 *        makes the fresh ids reproducible (for tests; leave it out for a real release)
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @param[out] out_dataset the release, a new handle to free with `vf_dataset_free`
 * @return as `vf_dataset_report`
 */
VF_API vf_status vf_dataset_export_anonymised(const vf_dataset *dataset, const char *request_json, size_t length,
                                              vf_dataset **out_dataset);

/** @} */

/**
 * @name Registries on disk (SPEC section 3; since 0.7)
 * A registry is a snapshot — a dataset file at `path` — and its journal, `<path>.journal`: every
 * batch applied through `vf_registry_apply` is appended to the journal as one record and
 * fsynced before the call returns, so a batch the caller was told is applied survives a crash
 * or a power cut. Opening loads the snapshot and replays the journal (no certificate key is
 * needed: a record carries the ids and codes its batch drew); a torn tail — a crash during an
 * append, never acknowledged — is dropped and reported by `vf_registry_status`, while damage
 * followed by sound records makes the open fail with `VF_ERROR_CORRUPT` rather than lose
 * acknowledged batches. A checkpoint writes the state as a new snapshot and starts an empty
 * journal. A read-write open takes an advisory lock on `<path>.lock`: one writer at a time, in
 * the whole system (`VF_ERROR_LOCKED`). Read-only opens take no lock and see the registry as it
 * was when they opened.
 *
 * Statuses: `VF_ERROR_IO` (a file could not be read, written, synced or renamed: issue
 * `io_error` with the reason; also a registry or a file already where one is created),
 * `VF_ERROR_LOCKED`, `VF_ERROR_CORRUPT`, `VF_ERROR_NOT_FOUND` (no registry at the path),
 * `VF_ERROR_INVALID_ARGUMENT` (a NULL pointer, reserved flag bits, a change asked of a registry
 * opened read-only, a batch too large for one journal record, a view held by the calling thread
 * while it applies or checkpoints), `VF_ERROR_OUT_OF_MEMORY`. Messages name the files, their
 * national ids masked. Which calls may run together: convention 5.
 * @{
 */

/**
 * Opens the registry at @p path (its journal, `<path>.journal`, exists), replaying the journal.
 * Where there is no registry: with `VF_REGISTRY_CREATE` a plain dataset file at @p path becomes
 * one (its journal is started, its content unchanged; the file must read without a format
 * issue, else `VF_ERROR_CORRUPT`), and where nothing is an empty registry is created (as
 * `vf_registry_create` with NULL); without it the call fails with `VF_ERROR_NOT_FOUND`.
 * @param path the snapshot's path
 * @param flags `VF_FLAGS_NONE` (read-write), `VF_REGISTRY_READ_ONLY` or `VF_REGISTRY_CREATE`
 *        (not both: `VF_ERROR_INVALID_ARGUMENT`)
 * @param[out] out_registry the new handle; close with `vf_registry_close`
 * @return `VF_OK`, `VF_ERROR_NOT_FOUND` ("… is not a registry …; start one with `vocfab registry
 *         init` or open it with VF_REGISTRY_CREATE"), `VF_ERROR_LOCKED` (the message names the
 *         holder's process id), `VF_ERROR_CORRUPT`, `VF_ERROR_IO`, `VF_ERROR_INVALID_ARGUMENT`,
 *         `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_registry_open(const char *path, vf_flags flags, vf_registry **out_registry);

/**
 * Creates a registry at @p path holding a copy of @p initial — a new snapshot (mode 0600) and an
 * empty journal — and opens it read-write. Nothing may be at @p path or at its journal.
 * @param path the snapshot's path
 * @param initial the initial state (copied; a view of another registry will do); NULL: an empty
 *        dataset with the default policy
 * @param flags `VF_FLAGS_NONE`
 * @param[out] out_registry the new handle; close with `vf_registry_close`
 * @return `VF_OK`, `VF_ERROR_IO` ("… exists; a new registry is created only where nothing is",
 *         or a file that cannot be written), `VF_ERROR_LOCKED`, `VF_ERROR_INVALID_ARGUMENT`,
 *         `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_registry_create(const char *path, const vf_dataset *initial, vf_flags flags,
                                    vf_registry **out_registry);

/**
 * Closes a registry: its journal, and its writer lock. Nothing is written — every batch is
 * durable already. NULL is a no-op. Needs the handle to itself: no other call running on it and
 * no view held (convention 5).
 */
VF_API void vf_registry_close(vf_registry *registry);

/**
 * Applies a batch of operations to the registry, all or nothing, and makes it durable (appended
 * to the journal and fsynced) before returning. The request, the result, the flags and the
 * statuses of a batch the rules refuse or that cannot be read are exactly those of
 * `vf_dataset_apply`; a refused or check-only batch writes nothing. An `issue_certificate`
 * needs the registry's keyring (`vf_registry_set_keyring`). Many threads may apply at once on
 * one handle: batches are applied one at a time, in the order they arrive, and those that arrive
 * together share one write and one fsync (group commit). A commit that cannot be made durable
 * (a full disk, an I/O error) is undone — in memory and in the journal — and fails with
 * `VF_ERROR_IO`: the registry is as it was, and the next batch succeeds once the disk does. A
 * batch that erases a person is followed by a checkpoint, so the journal never keeps what was
 * erased.
 * @param registry the registry (opened read-write)
 * @param request_json the request (UTF-8), as for `vf_dataset_apply`
 * @param length its length in bytes, or `VF_NUL_TERMINATED`
 * @param flags `VF_FLAGS_NONE` or `VF_CHECK_ONLY`
 * @param[out] out_json the outcome, as for `vf_dataset_apply`; free with `vf_string_free`
 * @return as `vf_dataset_apply`, and `VF_ERROR_IO` (nothing applied), `VF_ERROR_INVALID_ARGUMENT`
 *         (a registry opened read-only; a batch too large for one journal record; the calling
 *         thread holds a view of this registry)
 */
VF_API vf_status vf_registry_apply(vf_registry *registry, const char *request_json, size_t length,
                                   vf_flags flags, char **out_json);

/**
 * Gives the registry handle its own copy of @p keyring, used when certificates are issued and as
 * the default keyring of its views (`vf_certificate_verify`, `vf_certificate_token`). Never
 * saved; NULL clears it. Needs the handle to itself: no other call running on it and no view
 * held (convention 5) — set it right after opening.
 * @param registry the registry
 * @param keyring the keyring, or NULL
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT` (NULL @p registry), `VF_ERROR_OUT_OF_MEMORY` (the
 *         registry keeps the keyring it had)
 */
VF_API vf_status vf_registry_set_keyring(vf_registry *registry, const vf_keyring *keyring);

/**
 * Writes the registry's state as a new snapshot (atomically and durably, as `vf_dataset_save_file`
 * with `VF_REVEAL_NATIONAL_IDS`), then replaces the journal with an empty one, atomically too; a
 * crash at any point leaves a registry that opens to the same state. Batches wait meanwhile;
 * readers do not. On failure the registry is unchanged and still opens to the same state.
 * @param registry the registry (opened read-write)
 * @return `VF_OK`, `VF_ERROR_IO`, `VF_ERROR_INVALID_ARGUMENT` (NULL; opened read-only; the calling
 *         thread holds a view of this registry), `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_registry_checkpoint(vf_registry *registry);

/**
 * The registry's counters since it was opened and what opening it found, as the JSON object
 * `{"path", "journal", "read_only", "journal_bytes", "journal_records", "last_seq",
 * "batches_committed", "commits", "checkpoints", "checkpoint_error", "recovery": {"snapshot_seq",
 * "records_replayed", "records_in_snapshot", "dropped_tail", "tail_truncated", "journal_restarted",
 * "temporary_files_removed"}}`: `path` the snapshot's and `journal` the journal's (national ids
 * masked); `journal_bytes` and `journal_records` the journal now;
 * `last_seq` the audit `seq` of the last committed operation; `batches_committed` the batches
 * made durable, in `commits` fsyncs (fewer when batches were committed together); `checkpoint_error`
 * `null`, or why the last automatic checkpoint failed (the batches before it were durable
 * anyway); `dropped_tail` `null`, or the torn tail dropped at the open, `{"offset", "bytes",
 * "record", "reason"}`, and `tail_truncated` whether it was also cut off the file (read-write
 * opens); `journal_restarted` whether a journal the snapshot fully held was replaced by an empty
 * one (a checkpoint interrupted between its two steps); `temporary_files_removed` how many
 * temporary files of interrupted saves a read-write open removed. May be called while the
 * calling thread holds a view.
 * @param registry the registry
 * @param[out] out_json the status; free with `vf_string_free`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT`, `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_registry_status(const vf_registry *registry, char **out_json);

/**
 * A consistent read view of the registry's state: a `const vf_dataset *` for every function that
 * takes one (`vf_dataset_get`, `_list`, `_count`, `_validate`, `_summary`, `_rank`, `_explain`,
 * `_match`, `_allocate`, `_report`, `_plan`, `_export_anonymised`, `_audit`, `_policy`,
 * `_save_json`, `_save_file`, `vf_certificate_verify`, `vf_certificate_token`, …), with every
 * committed batch and no part of any other. No batch changes it while it is held: applies wait
 * until it is released, so hold it only for the reads that must agree. Its default keyring is
 * the registry's. Functions taking a non-const `vf_dataset *` refuse a view
 * (`VF_ERROR_INVALID_ARGUMENT`), and `vf_dataset_free` ignores one.
 *
 * Release it with `vf_registry_release`, on the thread that took it, before that thread applies
 * or checkpoints. A thread may hold several views of one registry (they share one state).
 * @param registry the registry
 * @param[out] out_view the view; release with `vf_registry_release`
 * @return `VF_OK`, `VF_ERROR_INVALID_ARGUMENT`, `VF_ERROR_OUT_OF_MEMORY`
 */
VF_API vf_status vf_registry_read(const vf_registry *registry, const vf_dataset **out_view);

/**
 * Releases a view taken with `vf_registry_read`, on the thread that took it; the view must not
 * be used afterwards. NULL (either argument), and a dataset that is not a view of @p registry,
 * are no-ops.
 * @param registry the registry the view was taken of
 * @param view the view
 */
VF_API void vf_registry_release(const vf_registry *registry, const vf_dataset *view);

/** @} */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* VOCFAB_VOCFAB_H */
