#!/usr/bin/env bash
# Candidate ranking and batch referral matching (issue 10's speed targets) beside their peers in
# the same run: builds the `release` preset's vocfab_ranking_bench, runs it (vocfab's top-50
# rankings of 1,000 open vacancies, the SQLite peer on the first of the same queries with every
# list checked against vocfab's, the seeker index build, both match modes; the dataset generated
# in-process), has it write the max_score shortlist graph, times SciPy on that graph
# (bench/ranking_match_peer.py), and prints the comparison as a Markdown table. Nothing is written
# into the source tree; docs/performance.md is not touched.
#
# Usage: bench/run_ranking_benchmark.sh [--scale municipal|metropolitan|national]
#                                       [--sqlite-queries N] [--scipy-repetitions N] [--results DIR]
# Environment: JOBS (build parallelism, default 2).
# Results (the benchmark's JSON and console output, /usr/bin/time's report, the shortlist graph,
# SciPy's figures, the summary) go to --results, by default a new directory under ${TMPDIR:-/tmp};
# it is kept.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
scale=national
sqlite_queries=20
scipy_repetitions=3
results=""
jobs=${JOBS:-2}
python=/usr/bin/python3  # Debian's, with python3-scipy

while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --sqlite-queries) sqlite_queries=$2; shift 2 ;;
    --scipy-repetitions) scipy_repetitions=$2; shift 2 ;;
    --results) results=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

if [[ -z "$results" ]]; then
  results=$(mktemp -d "${TMPDIR:-/tmp}/vocfab-ranking-bench.XXXXXX")
fi
mkdir -p "$results"

echo "== build (preset release) in $root/build/release"
(cd "$root" && cmake --preset release >/dev/null && cmake --build --preset release -j "$jobs" --target vocfab_ranking_bench)
bench="$root/build/release/bench/vocfab_ranking_bench"

echo "== benchmark ($scale; SQLite on $sqlite_queries queries)"
uptime | tee "$results/uptime-before"
VOCFAB_RANKING_SCALE="$scale" VOCFAB_RANKING_SQLITE_QUERIES="$sqlite_queries" \
VOCFAB_RANKING_SHORTLISTS_OUT="$results/shortlists.txt" \
  /usr/bin/time -v -o "$results/ranking_bench.time" \
  "$bench" --benchmark_color=false --benchmark_out="$results/ranking_bench.json" --benchmark_out_format=json \
  | tee "$results/ranking_bench.txt"
uptime | tee "$results/uptime-after"
grep -E 'Maximum resident|Elapsed' "$results/ranking_bench.time" || true

echo "== SciPy on the max_score shortlist graph"
"$python" "$here/ranking_match_peer.py" scipy "$results/shortlists.txt" "$results/scipy.json" \
  --repetitions "$scipy_repetitions"

echo "== summary ($scale)"
status=0
"$python" "$here/ranking_match_peer.py" summary "$results/ranking_bench.json" "$results/scipy.json" \
  | tee "$results/summary.md" || status=$?
echo "raw results kept in $results"
exit "$status"
