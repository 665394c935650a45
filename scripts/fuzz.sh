#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (address + undefined sanitizers) and runs each: the
# dataset reader, seeded with the sample data, the test fixtures and every input that once broke
# the library (tests/io/regressions, copied from ../shared/regressions); the operations reader,
# seeded with fuzz/corpus/operations (one valid operation a file, and two batches); the matching
# solvers' JSON entry points and the dataset's (allocation, ranking, explain, referral matching),
# seeded with fuzz/corpus/solvers; and the registry journal reader, seeded with fuzz/corpus/journal.
#
#   scripts/fuzz.sh --runs N   a fixed number of inputs with a fixed seed: the same inputs, and so
#                              the same result, on every run and every machine (the test command)
#   scripts/fuzz.sh SECONDS    time-boxed fuzzing for finding new bugs (default 60 seconds a target)
#
# A crash leaves its input in build/fuzz/artifacts/ and fails the script; add such an input to
# ../shared/regressions and tests/io/regressions so that it is tested from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=(-max_total_time="${1:-60}")
if [[ ${1:-} == --runs ]]; then
  limit=(-runs="${2:?--runs needs a number}")
fi

bash scripts/install-deps.sh
CC=clang CXX=clang++ cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVOCFAB_SANITIZE=ON -DVOCFAB_BUILD_FUZZERS=ON -DVOCFAB_BUILD_TESTS=OFF -DVOCFAB_BUILD_BENCH=OFF \
  -DVOCFAB_BUILD_DOCS=OFF -DVOCFAB_BUILD_CLI=OFF >/dev/null
cmake --build build/fuzz -j2 --target read_dataset_fuzzer operations_fuzzer solvers_fuzzer journal_fuzzer
mkdir -p build/fuzz/artifacts

# Runs fuzzer $1 on a fresh corpus (so that inputs an earlier run added cannot change this one)
# seeded from the folders and files that follow.
run() {
  local fuzzer=$1 corpus=build/fuzz/corpus/$1
  shift
  rm -rf "$corpus"
  mkdir -p "$corpus"
  for seed in "$@"; do
    if [[ -d $seed ]]; then cp "$seed"/* "$corpus/"; else cp "$seed" "$corpus/"; fi
  done
  "build/fuzz/fuzz/$fuzzer" "$corpus" "${limit[@]}" -max_len=65536 -workers=1 -jobs=1 \
    -seed="${VOCFAB_FUZZ_SEED:-1}" -artifact_prefix="build/fuzz/artifacts/$fuzzer-" -print_final_stats=1 \
    >"build/fuzz/last-run-$fuzzer.log" 2>&1 || { tail -n 60 "build/fuzz/last-run-$fuzzer.log"; exit 1; }
  echo "$fuzzer:"
  grep -E '^(Done|stat::)' "build/fuzz/last-run-$fuzzer.log"
}

seeds=(data/sample.json data/kahramankazan.json data/policies)
mapfile -t fixtures < <(find tests -name '*.json' -size -64k)
seeds+=("${fixtures[@]}")
if [[ -d ../shared/regressions ]]; then seeds+=(../shared/regressions); fi
run read_dataset_fuzzer "${seeds[@]}"
run operations_fuzzer fuzz/corpus/operations
run solvers_fuzzer fuzz/corpus/solvers
run journal_fuzzer fuzz/corpus/journal
