#!/usr/bin/env bash
# The main job: builds the vocfab CLI (release) and runs it on the bundled sample data.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target vocfab_cli vocfab_generate
cli=build/release/apps/vocfab/vocfab
generate=build/release/tools/generate/vocfab-generate
for dataset in data/sample.json data/kahramankazan.json; do
  echo "== vocfab validate $dataset"
  "$cli" validate "$dataset"
  echo
  echo "== vocfab summary $dataset"
  "$cli" summary "$dataset"
  echo
done

# A day at the İzmir desk, on a copy of the sample: an enrollment, a referral and its hire, and a
# course's last weeks ending in a certificate; then the certificate is verified, and the same
# batch again is refused (the referral exists now) without writing anything.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp data/sample.json "$work/sample.json"
key=data/keys/sample-certificate.key
echo "== vocfab apply sample.json data/operations/sample-day.ndjson --check"
"$cli" apply "$work/sample.json" data/operations/sample-day.ndjson --actor desk-3 --key-file "$key" --check | tail -3
echo
echo "== vocfab apply sample.json data/operations/sample-day.ndjson"
"$cli" apply "$work/sample.json" data/operations/sample-day.ndjson --actor desk-3 --key-file "$key"
echo
echo "== vocfab validate sample.json (after the batch)"
"$cli" validate "$work/sample.json"
echo
echo "== vocfab verify sample.json <the new certificate's code>"
code=$(grep -o '"id":"c3a1f0de-2b4c-4d5e-8f60-718293a4b5c6"[^}]*"verification_code":"[^"]*"' "$work/sample.json" |
  sed 's/.*"verification_code":"\([^"]*\)"/\1/')
"$cli" verify "$work/sample.json" "$code" --key-file "$key"
echo
echo "== the same batch again (refused: exit 1, nothing written)"
"$cli" apply "$work/sample.json" data/operations/sample-day.ndjson --actor desk-3 --key-file "$key" || echo "(exit $?)"
echo

# Course allocation of the sample's open applications (the planned December courses): stable,
# by the policy's priority groups, application date and a seeded lottery; courses below their
# minimum group are cancelled. The table is shortened here (everyone placed nowhere is listed at
# its end); the operations it writes are then applied to a fresh copy, which still validates.
cp data/sample.json "$work/allocated.json"
echo "== vocfab allocate sample.json --as-of 2026-11-20 --ops-out allocation.ndjson (first 50 lines)"
"$cli" allocate "$work/allocated.json" --as-of 2026-11-20 --ops-out "$work/allocation.ndjson" > "$work/allocation.txt"
head -n 50 "$work/allocation.txt"
echo "... ($(wc -l < "$work/allocation.txt") lines in all)"
echo
echo "== vocfab apply sample.json allocation.ndjson ($(wc -l < "$work/allocation.ndjson") operations), then validate"
"$cli" apply "$work/allocated.json" "$work/allocation.ndjson" --actor allocation-desk | tail -n 1
"$cli" validate "$work/allocated.json"
echo

# Candidate ranking and batch referral matching on the same day. The cook's-assistant vacancy's
# top ten candidates, each term of their score in its own column; why one person is not among
# them (hired there in August: no longer seeking work, and referred already); then every open
# vacancy's shortlist matched both ways, max_score first (only its summary line), and the stable
# match's referrals applied to a fresh copy, which still validates.
vacancy=2ee4c581-a4bb-4d8e-a61d-bb44c64a7d48
echo "== vocfab rank sample.json --vacancy $vacancy --as-of 2026-11-20 --top 10"
"$cli" rank data/sample.json --vacancy "$vacancy" --as-of 2026-11-20 --top 10
echo
echo "== vocfab explain sample.json --vacancy $vacancy --trainee 605037be-... --as-of 2026-11-20"
"$cli" explain data/sample.json --vacancy "$vacancy" --trainee 605037be-d911-45a8-8cbe-3c9dbd40efe3 --as-of 2026-11-20
echo
cp data/sample.json "$work/matched.json"
echo "== vocfab match sample.json --mode max_score --as-of 2026-11-20 (first line)"
"$cli" match "$work/matched.json" --mode max_score --as-of 2026-11-20 | head -n 1
echo
echo "== vocfab match sample.json --mode stable --as-of 2026-11-20 --ops-out match.ndjson"
"$cli" match "$work/matched.json" --mode stable --as-of 2026-11-20 --ops-out "$work/match.ndjson"
echo
echo "== vocfab apply sample.json match.ndjson ($(wc -l < "$work/match.ndjson") operations), then validate"
"$cli" apply "$work/matched.json" "$work/match.ndjson" --actor referral-desk | tail -n 1
"$cli" validate "$work/matched.json"
echo

# The programmes' figures. The Kahramankazan Employment Centre at the seed's scale (two years,
# generated: about 5,000 referrals to 4,200 people, 1,500 hires, about 2,000 who declined, did not
# show up or left within days) and the İzmir sample's training funnel and certificates by kind;
# both pages written as self-contained HTML (open them in a browser). Then a course plan for the
# sample once an employer has posted 40 elderly-care positions, and the sample's anonymised
# release, whose report is exactly the original's.
pages=build/release/reports
mkdir -p "$pages"
"$generate" --programme kahramankazan --seed 1 --out "$work/kim.json" >/dev/null
echo "== vocfab report kim.json (the Kahramankazan Employment Centre, generated at the seed's scale)"
"$cli" report "$work/kim.json" | sed -n '1,/^Training/p' | head -n -2
echo
echo "== vocfab report kim.json --by gender (the table only)"
"$cli" report "$work/kim.json" --by gender | sed -n '/^By gender/,$p'
"$cli" report "$work/kim.json" --html "$pages/kahramankazan.html"
echo
echo "== vocfab report sample.json --as-of 2026-11-20 (the İzmir Vocational Factory's training funnel)"
"$cli" report data/sample.json --as-of 2026-11-20 | sed -n '/^Training/,$p'
"$cli" report data/sample.json --as-of 2026-11-20 --html "$pages/izmir.html"
echo
cp data/sample.json "$work/planned.json"
"$cli" apply "$work/planned.json" data/operations/sample-new-employer-demand.ndjson --actor employer-desk >/dev/null
echo "== vocfab plan sample.json --as-of 2026-11-20, after an employer posts 40 elderly-care positions (first 40 lines)"
"$cli" plan "$work/planned.json" --as-of 2026-11-20 | head -n 40
echo
echo "== vocfab export sample.json --anonymise -o release.json, and its report beside the original's"
"$cli" export data/sample.json --anonymise -o "$work/release.json" --as-of 2026-11-20
if cmp -s <("$cli" report data/sample.json --as-of 2026-11-20 --json --by all) \
          <("$cli" report "$work/release.json" --as-of 2026-11-20 --json --by all); then
  echo "the release's report is byte for byte the original's; national ids, names and tax numbers in it:" \
    "$(grep -oE '"(national_id|given_name|family_name|tax_number)"' "$work/release.json" | wc -l)"
else
  echo "the release's report differs from the original's" >&2
  exit 1
fi
echo

# The same desk day on a registry (a dataset file with a journal): every batch is appended to the
# journal and fsynced, not rewritten into the file; reading commands see snapshot plus journal; a
# checkpoint folds the journal into the snapshot. Then a crash in the middle of an append, staged
# by cutting the last record short: the next open drops the torn tail and reports it.
cp data/sample.json "$work/centre.json"
echo "== vocfab registry init centre.json"
"$cli" registry init "$work/centre.json" | sed "s|$work/||g"
echo
echo "== vocfab apply centre.json data/operations/sample-day.ndjson (appended to the journal)"
"$cli" apply "$work/centre.json" data/operations/sample-day.ndjson --actor desk-3 --key-file "$key" | tail -n 1 |
  sed "s|$work/||g"
"$cli" apply "$work/centre.json" data/operations/sample-new-employer-demand.ndjson --actor employer-desk | tail -n 1 |
  sed "s|$work/||g"
cmp -s data/sample.json "$work/centre.json" && echo "(the snapshot is unchanged; the journal holds both batches)"
echo
echo "== vocfab summary centre.json (snapshot plus journal; first 14 lines)"
"$cli" summary "$work/centre.json" | head -n 14
echo
echo "== a torn append (the journal's last record cut short), then vocfab registry status"
size=$(stat -c %s "$work/centre.json.journal")
records_end=$(tr -d '\0' < "$work/centre.json.journal" | wc -c)
truncate -s $((records_end - 25)) "$work/centre.json.journal"
"$cli" registry status "$work/centre.json" | sed "s|$work/||g"
echo "(the journal was $size bytes, $records_end of them records; the rest is room it has grown into)"
echo
echo "== vocfab checkpoint centre.json, then vocfab validate centre.json"
"$cli" checkpoint "$work/centre.json" | sed "s|$work/||g"
"$cli" validate "$work/centre.json" | sed "s|$work/||g"
