#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (address + undefined sanitizers) and fuzzes the reader,
# seeded with the sample data, the test fixtures and every input that once broke the library
# (tests/io/regressions, copied from ../shared/regressions).
#
#   scripts/fuzz.sh --runs N   a fixed number of inputs with a fixed seed: the same inputs, and so
#                              the same result, on every run and every machine (the test command)
#   scripts/fuzz.sh SECONDS    time-boxed fuzzing for finding new bugs (default 60 seconds)
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
cmake --build build/fuzz -j2 --target read_dataset_fuzzer

# A fresh corpus each time, so that inputs an earlier run added cannot change this one.
corpus=build/fuzz/corpus/read_dataset
rm -rf "$corpus"
mkdir -p "$corpus" build/fuzz/artifacts
cp data/sample.json data/kahramankazan.json data/policies/*.json "$corpus/"
find tests -name '*.json' -size -64k -exec cp {} "$corpus/" \;
if [[ -d ../shared/regressions ]]; then cp ../shared/regressions/* "$corpus/"; fi
build/fuzz/fuzz/read_dataset_fuzzer "$corpus" "${limit[@]}" -max_len=65536 -workers=1 -jobs=1 \
  -seed="${VOCFAB_FUZZ_SEED:-1}" -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1 \
  >build/fuzz/last-run.log 2>&1 || { tail -n 60 build/fuzz/last-run.log; exit 1; }
grep -E '^(Done|stat::)' build/fuzz/last-run.log
