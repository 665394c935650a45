#!/usr/bin/env bash
# Load-at-scale measurement (issue 2, item 10): builds Release, generates the three SPEC section 9
# scales with a fixed seed, runs the load benchmark (load + validate beside nlohmann's bare SAX
# parse), measures the peak RSS of one load + validate of each file with /usr/bin/time -v, and
# writes the figures into docs/performance.md (between the generated-figures markers).
#
# Usage: bench/run_load_benchmark.sh [--scales "municipal metropolitan national"] [--seed N]
#                                    [--data-dir DIR] [--build-dir DIR] [--repetitions N]
#                                    (N: repetitions for files over 20 MB; files over 500 MB run once)
#                                    [--no-doc] [--keep]
# Environment: JOBS (build parallelism, default 2).
# The national file (~1.3 GB) goes into a temporary directory (removed at the end unless --keep or
# --data-dir is given). Generated data is never written inside the source tree.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
scales="municipal metropolitan national"
seed=42
build="$root/build/bench"
data_dir=""
repetitions=3
write_doc=1
keep=0
jobs=${JOBS:-2}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --scales) scales=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --data-dir) data_dir=$2; keep=1; shift 2 ;;
    --build-dir) build=$2; shift 2 ;;
    --repetitions) repetitions=$2; shift 2 ;;
    --no-doc) write_doc=0; shift ;;
    --keep) keep=1; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

if [[ -z "$data_dir" ]]; then
  data_dir=$(mktemp -d "${TMPDIR:-/tmp}/vocfab-load-bench.XXXXXX")
fi
mkdir -p "$data_dir"
cleanup() { if [[ $keep -eq 0 ]]; then rm -rf "$data_dir"; fi; }
trap cleanup EXIT
results="$data_dir/results"
mkdir -p "$results"

echo "== build (Release) in $build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPython3_EXECUTABLE=/usr/bin/python3 \
  -DVOCFAB_BUILD_DOCS=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target vocfab_generate vocfab_load_bench vocfab_load_validate
generate="$build/tools/generate/vocfab-generate"
bench="$build/bench/vocfab_load_bench"
probe="$build/bench/vocfab-load-validate"
cli="$build/apps/vocfab/vocfab"
if cmake --build "$build" -j "$jobs" --target vocfab_cli >/dev/null 2>&1 && [[ -x "$cli" ]]; then
  have_cli=1
else
  have_cli=0
fi

echo "== generate (seed $seed) into $data_dir"
for scale in $scales; do
  file="$data_dir/vocfab-$scale-seed$seed.json"
  if [[ ! -f "$file" ]]; then
    /usr/bin/time -f "%e s wall, %M KiB peak" -o "$results/generate-$scale.time" \
      "$generate" --scale "$scale" --seed "$seed" --out "$file" --no-validate \
      2> "$results/generate-$scale.log"
    cat "$results/generate-$scale.log" "$results/generate-$scale.time"
  fi
done

echo "== peak RSS of one load + validate per file"
for scale in $scales; do
  file="$data_dir/vocfab-$scale-seed$seed.json"
  sync
  cat "$file" > /dev/null  # warm the page cache
  /usr/bin/time -v "$probe" "$file" > "$results/probe-$scale.out" 2> "$results/probe-$scale.time" || {
    echo "load + validate of $file reported issues:" >&2; cat "$results/probe-$scale.out" >&2; exit 1; }
  if [[ $have_cli -eq 1 ]]; then
    /usr/bin/time -v "$cli" validate "$file" > "$results/cli-$scale.out" 2> "$results/cli-$scale.time" || true
  fi
  grep -E '^(bytes|records|issues|seconds|MB_per_s)' "$results/probe-$scale.out"
  grep -E 'Maximum resident' "$results/probe-$scale.time"
done

echo "== benchmark"
uptime | tee "$results/uptime-before"
comma_scales=$(echo $scales | tr ' ' ',')
VOCFAB_BENCH_SCALES="$comma_scales" VOCFAB_BENCH_SEED="$seed" VOCFAB_BENCH_DATA_DIR="$data_dir" \
VOCFAB_BENCH_REPETITIONS="$repetitions" VOCFAB_BENCH_SUMMARY="$results/ratios.tsv" \
  "$bench" --benchmark_color=false --benchmark_min_time=2 --benchmark_out="$results/bench.json" --benchmark_out_format=json | tee "$results/bench.txt"
uptime | tee "$results/uptime-after"

if [[ $write_doc -eq 1 ]]; then
  python3 "$here/write_performance_doc.py" --results "$results" --data-dir "$data_dir" \
    --seed "$seed" --scales "$scales" --doc "$root/docs/performance.md" --have-cli "$have_cli"
  echo "== figures written to docs/performance.md"
fi
if [[ $keep -eq 1 ]]; then echo "data and raw results kept in $data_dir"; fi
