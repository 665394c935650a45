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
  # A short, seeded libFuzzer run of the reader (clang, ASan+UBSan); scripts/fuzz.sh runs longer.
  bash scripts/fuzz.sh "${VOCFAB_FUZZ_SECONDS:-30}"
fi
