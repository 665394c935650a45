#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (address + undefined sanitizers) and runs each for
# SECONDS seconds (default 60), seeded with the sample data and the test fixtures.
# A crash leaves its input in build/fuzz/artifacts/ and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

bash scripts/install-deps.sh
CC=clang CXX=clang++ cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVOCFAB_SANITIZE=ON -DVOCFAB_BUILD_FUZZERS=ON -DVOCFAB_BUILD_TESTS=OFF -DVOCFAB_BUILD_BENCH=OFF \
  -DVOCFAB_BUILD_DOCS=OFF -DVOCFAB_BUILD_CLI=OFF >/dev/null
cmake --build build/fuzz -j2 --target read_dataset_fuzzer

corpus=build/fuzz/corpus/read_dataset
mkdir -p "$corpus" build/fuzz/artifacts
cp data/sample.json data/kahramankazan.json data/policies/*.json "$corpus/"
find tests -name '*.json' -size -64k -exec cp {} "$corpus/" \;
build/fuzz/fuzz/read_dataset_fuzzer "$corpus" -max_total_time="$seconds" -max_len=65536 \
  -seed="${VOCFAB_FUZZ_SEED:-1}" -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1 \
  >build/fuzz/last-run.log 2>&1 || { tail -n 60 build/fuzz/last-run.log; exit 1; }
grep -E '^(Done|stat::)' build/fuzz/last-run.log
