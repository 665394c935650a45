#!/usr/bin/env bash
# Assignment solvers (issue 9, part 2) beside SciPy (and LEMON when installed) in the same run:
# writes the instances (fixed seed) as .npy files, times SciPy's linear_sum_assignment and
# min_weight_full_bipartite_matching on them, runs bench/assignment_bench.cc on the same files, and
# prints the comparison. Nothing is written into the source tree.
#
# Usage: bench/run_assignment_benchmark.sh [--national] [--no-lemon] [--repetitions N] [--data DIR]
#                                          [--build DIR]
#   --national  also the 1,000,000 x 100,000 max_weight instance (about 20M arcs, 480 MB on disk),
#               and the national shapes generated in-process (max_weight/vocfab/referral_national,
#               .../gen_national)
# Environment: JOBS (build parallelism, default 2).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
national=""
lemon=1
repetitions=3
data=""
build="$root/build/dev"
jobs=${JOBS:-2}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --national) national=--national; shift ;;
    --no-lemon) lemon=0; shift ;;
    --repetitions) repetitions=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
data=${data:-$(mktemp -d "${TMPDIR:-/tmp}/vocfab-assignment.XXXXXX")}
python=/usr/bin/python3  # Debian's, with python3-scipy

[[ -d "$build" ]] || cmake --preset dev -S "$root"
cmake --build "$build" -j"$jobs" --target vocfab_assignment_bench
"$python" "$here/assignment_peer.py" write "$data" $national
"$python" "$here/assignment_peer.py" scipy "$data" "$data/scipy.json" --repetitions "$repetitions"
VOCFAB_ASSIGNMENT_DATA="$data" VOCFAB_ASSIGNMENT_LEMON=$lemon VOCFAB_ASSIGNMENT_NATIONAL=${national:+1} \
  "$build/bench/vocfab_assignment_bench" \
  --benchmark_repetitions="$repetitions" --benchmark_min_time=0.01s \
  --benchmark_out="$data/bench.json" --benchmark_out_format=json
"$python" "$here/assignment_peer.py" compare "$data/scipy.json" "$data/bench.json"
echo "instances and raw results: $data"
