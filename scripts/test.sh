#!/usr/bin/env bash
# Builds vocfab and runs every test suite (C++, C, Python) and the documentation build.
# Usage: scripts/test.sh [preset]   (default preset: dev; `asan` runs the suite under sanitizers)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-dev}

bash scripts/install-deps.sh
cmake --preset "$preset"
cmake --build --preset "$preset"
ctest --preset "$preset"
if [[ $preset == dev ]]; then
  cmake --build --preset dev --target docs
  # A fixed number of seeded libFuzzer inputs (clang, ASan+UBSan): the same on every machine.
  # `bash scripts/fuzz.sh SECONDS` fuzzes for longer, time-boxed.
  bash scripts/fuzz.sh --runs "${VOCFAB_FUZZ_RUNS:-3000}"
  # The registry's tests under ThreadSanitizer, in a build of their own — the threads test
  # (readers ranking and reporting, writers applying, a checkpoint) and the parallel replay of
  # every open: any race fails the run.
  cmake --preset tsan
  cmake --build --preset tsan --target vocfab_registry_tests
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" build/tsan/tests/vocfab_registry_tests
fi
