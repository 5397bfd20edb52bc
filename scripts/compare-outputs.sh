#!/usr/bin/env bash
# Runs the same commands with two gosplan binaries and compares what they print, so that a refactoring
# that should not change behaviour can show it did not. Text output must be byte-identical; JSON output
# is compared after dropping the "schema" key (added by docs/json.md) and timing keys ("…seconds"), text
# output with wall-clock figures masked — every other difference is shown.
# Plan folders written by `plan --out` are compared file by file.
#
# Usage: scripts/compare-outputs.sh BEFORE_BINARY AFTER_BINARY
set -uo pipefail
cd "$(dirname "$0")/.."
before=$1 after=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
differences=0
examples=(
  "io tests/data/io/eurostat-germany-1995.csv"
  "io tests/data/io/eurostat-germany-1995.csv --format json"
  "io tests/data/io/eurostat-germany-1995.csv --format csv"
  "io tests/data/io/netherlands-2000.csv --format json"
  "io tests/data/io/miller-blair-2009-2x2.csv --inverse"
  "io tests/data/io/miller-blair-2009-2x2-rounded.csv --format json"
  "io tests/data/io/pymrio-test-mrio-6x8.csv"
  "model check examples/ussr-1928"
  "model check examples/ussr-1928 --format json"
  "model check examples/two-sector --format json"
  "plan examples/ussr-1928 --out OUT/plan --quiet"
  "plan examples/two-sector --out OUT/plan2 --objective min_resources --quiet"
  "plan examples/ussr-1928 --solver pdlp --out OUT/plan3 --quiet"
  "check examples/ussr-1928 --quiet"
  "check examples/ussr-1928 --format json --quiet"
  "check examples/two-sector --format json --quiet"
  "growth examples/ussr-1928 --quiet"
  "growth examples/ussr-1928 --format json --quiet"
  "growth --inputs tests/data/growth/gale_ex1_A.csv --outputs tests/data/growth/gale_ex1_B.csv"
  "growth --inputs tests/data/growth/gale_ex2_A.csv --outputs tests/data/growth/gale_ex2_B.csv --format json"
  "lp tests/data/lp/netlib/afiro.mps"
  "lp tests/data/lp/netlib/afiro.mps --format json"
  "lp tests/data/lp/netlib/afiro.mps --solver pdlp --format json"
)
strip_schema() { python3 -c 'import json,sys
try:
    d = json.load(sys.stdin)
except Exception:
    sys.exit(1)
def drop(v):
    if isinstance(v, dict):
        return {k: drop(x) for k, x in v.items() if k != "schema" and not k.endswith("seconds")}
    if isinstance(v, list):
        return [drop(x) for x in v]
    return v
d = drop(d)
print(json.dumps(d, indent=1, sort_keys=False))'; }
for args in "${examples[@]}"; do
  for side in before after; do
    binary=${!side}
    mkdir -p "$work/$side"
    eval "\"$binary\" ${args//OUT/$work/$side}" >"$work/$side.out" 2>"$work/$side.err"
    echo $? >"$work/$side.rc"
  done
  if [[ $args == *json* ]]; then
    strip_schema <"$work/before.out" >"$work/before.cmp" || cp "$work/before.out" "$work/before.cmp"
    strip_schema <"$work/after.out" >"$work/after.cmp" || cp "$work/after.out" "$work/after.cmp"
  else
    # Wall-clock figures ("…, 0.19 s") differ between any two runs: masked.
    sed -E 's/[0-9.]+ s$/T s/' "$work/before.out" >"$work/before.cmp"
    sed -E 's/[0-9.]+ s$/T s/' "$work/after.out" >"$work/after.cmp"
  fi
  if ! cmp -s "$work/before.rc" "$work/after.rc" || ! cmp -s "$work/before.cmp" "$work/after.cmp"; then
    echo "DIFFERS: gosplan $args (exit $(cat "$work/before.rc") -> $(cat "$work/after.rc"))"
    diff "$work/before.cmp" "$work/after.cmp" | head -20
    differences=$((differences + 1))
  fi
done
# Plan folders: every file but summary.json byte for byte; summary.json without its schema key.
for folder in plan plan2 plan3; do
  for file in "$work/before/$folder"/*; do
    name=$(basename "$file")
    other="$work/after/$folder/$name"
    if [ "$name" = summary.json ]; then
      if ! diff <(strip_schema <"$file") <(strip_schema <"$other") >/dev/null; then
        echo "DIFFERS: $folder/$name"; diff <(strip_schema <"$file") <(strip_schema <"$other") | head -20
        differences=$((differences + 1))
      fi
    elif ! cmp -s "$file" "$other"; then
      echo "DIFFERS: $folder/$name"; differences=$((differences + 1))
    fi
  done
done
echo "$differences difference(s) in ${#examples[@]} commands and 3 plan folders"
[ "$differences" = 0 ]
