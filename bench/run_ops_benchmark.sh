#!/usr/bin/env bash
# Lifecycle operations at scale (issue 8's speed targets) beside the SQLite peer in the same run:
# builds the `release` preset, runs bench/ops_bench.cc (datasets generated in-process; nothing is
# written into the source tree but docs/performance.md), keeps the raw results, and rewrites the
# "Lifecycle operations" figures in docs/performance.md (between its generated-figures markers).
#
# Usage: bench/run_ops_benchmark.sh [--scale national] [--small-scale municipal] [--seed N]
#                                   [--ops N] [--batch N] [--repetitions N] [--workload-repetitions N]
#                                   [--refer-iterations N] [--results DIR] [--no-doc]
# Environment: JOBS (build parallelism, default 2).
# Results (the benchmark's JSON, its summary and its console output) go to --results, by default a
# new directory under ${TMPDIR:-/tmp}; it is kept.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
scale=national
small_scale=municipal
seed=42
ops=1000000
batch=1000
repetitions=5
workload_repetitions=3
refer_iterations=20000
results=""
write_doc=1
jobs=${JOBS:-2}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --small-scale) small_scale=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --ops) ops=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    --repetitions) repetitions=$2; shift 2 ;;
    --workload-repetitions) workload_repetitions=$2; shift 2 ;;
    --refer-iterations) refer_iterations=$2; shift 2 ;;
    --results) results=$2; shift 2 ;;
    --no-doc) write_doc=0; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

if [[ -z "$results" ]]; then
  results=$(mktemp -d "${TMPDIR:-/tmp}/vocfab-ops-bench.XXXXXX")
fi
mkdir -p "$results"

echo "== build (preset release) in $root/build/release"
(cd "$root" && cmake --preset release >/dev/null && cmake --build --preset release -j "$jobs" --target vocfab_ops_bench)
bench="$root/build/release/bench/vocfab_ops_bench"

echo "== benchmark ($scale, $ops operations in batches of $batch; refused batches also on $small_scale)"
uptime | tee "$results/uptime-before"
VOCFAB_OPS_SCALE="$scale" VOCFAB_OPS_SMALL_SCALE="$small_scale" VOCFAB_BENCH_SEED="$seed" \
VOCFAB_OPS_COUNT="$ops" VOCFAB_OPS_BATCH="$batch" VOCFAB_OPS_REPETITIONS="$repetitions" \
VOCFAB_OPS_WORKLOAD_REPETITIONS="$workload_repetitions" VOCFAB_OPS_REFER_ITERATIONS="$refer_iterations" \
VOCFAB_OPS_INFO="$results/ops_info.json" \
  /usr/bin/time -v -o "$results/ops_bench.time" \
  "$bench" --benchmark_color=false --benchmark_out="$results/ops_bench.json" --benchmark_out_format=json \
  | tee "$results/ops_bench.txt"
uptime | tee "$results/uptime-after"
grep -E 'Maximum resident|Elapsed' "$results/ops_bench.time" || true

if [[ $write_doc -eq 1 ]]; then
  /usr/bin/python3 "$here/write_ops_performance_doc.py" --results "$results" --doc "$root/docs/performance.md"
  echo "== figures written to docs/performance.md"
fi
echo "raw results kept in $results"
