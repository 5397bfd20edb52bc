#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each, one after another, and prints one line per target:
#   fuzz/run-all.sh SECONDS        (e.g. 600 for the ten minutes per target of docs/reliability.md)
# A target that stops early (a finding) is reported and the others still run; the exit status is the
# number of targets with findings (their inputs are in build-fuzz/findings/<target>/).
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: fuzz/run-all.sh SECONDS}
failures=0
for corpus in fuzz/corpus/*/; do
  name=$(basename "$corpus")
  output=$(fuzz/run.sh "$name" "$seconds" 2>&1)
  status=$?
  executions=$(printf '%s\n' "$output" | sed -n 's/^stat::number_of_executed_units: *//p' | tail -1)
  if [ "$status" -eq 0 ]; then
    echo "$name: ${executions:-?} executions in ${seconds} s, no finding"
  else
    echo "$name: FINDING after ${executions:-?} executions (status $status), see build-fuzz/findings/$name/"
    failures=$((failures + 1))
  fi
done
exit "$failures"
