#!/usr/bin/env bash
# Kill -9 a registry's writer 1,000 times (stopped inside writes, around fsyncs and renames, and at
# random moments) and check after every kill that it holds every acknowledged batch and no
# partial one. The test command runs the same program 60 times with a fixed seed.
# Usage: bench/registry_crash.sh [KILLS] [SEED]   (from the repository; builds build/dev first)
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-1000}
seed=${2:-20261202}
cmake --build --preset dev --target vocfab_registry_crash >/dev/null
dir=$(mktemp -d "${VOCFAB_REGISTRY_BENCH_DIR:-$PWD/build}/crash-XXXXXX")
trap 'rm -rf "$dir"' EXIT
start=$(date +%s)
build/dev/tests/vocfab_registry_crash --kills "$kills" --seed "$seed" --dir "$dir"
echo "($(( $(date +%s) - start )) s, seed $seed)"
