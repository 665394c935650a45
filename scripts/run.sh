#!/usr/bin/env bash
# The main job: builds the vocfab CLI (release) and runs it on the bundled sample data.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target vocfab_cli
cli=build/release/apps/vocfab/vocfab
for dataset in data/sample.json data/kahramankazan.json; do
  echo "== vocfab validate $dataset"
  "$cli" validate "$dataset"
  echo
  echo "== vocfab summary $dataset"
  "$cli" summary "$dataset"
  echo
done
