#!/usr/bin/env bash
# Installs what is missing (Debian packages), builds gosplan (Release) and runs the demo:
# the optimal First Five-Year Plan of the bundled USSR 1928 economy, written to out/plan-ussr-1928, and
# its HTML report (out/report-ussr-1928.html).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
echo
echo "== gosplan plan examples/ussr-1928 =="
build/gosplan plan examples/ussr-1928 --out out/plan-ussr-1928 --force
echo
echo "== gosplan verify examples/ussr-1928 out/plan-ussr-1928 =="
build/gosplan verify examples/ussr-1928 out/plan-ussr-1928
echo
echo "== gosplan check examples/ussr-1928 (which First Five-Year Plan quotas were reachable?) =="
# Exit status 4 is the verdict "not all quotas can hold", not a failure of the demo.
status=0
build/gosplan check examples/ussr-1928 -q || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 4 ]; then exit "$status"; fi
echo
echo "== gosplan io tests/data/io/miller-blair-2009-2x2.csv (Leontief analysis of a textbook table) =="
build/gosplan io tests/data/io/miller-blair-2009-2x2.csv
echo
echo "== gosplan track examples/ussr-1928 out/plan-ussr-1928 (the 1932 reports against the plan) =="
build/gosplan track examples/ussr-1928 out/plan-ussr-1928 -q
echo
echo "== gosplan replan ... --from 1933 --extend 2 (the remaining years from what was reported) =="
build/gosplan replan examples/ussr-1928 out/plan-ussr-1928 --actuals examples/ussr-1928/actuals.csv \
  --from 1933 --extend 2 --out out/replan-ussr-1933 --force -q
build/gosplan verify out/replan-ussr-1933/model out/replan-ussr-1933 -q
echo
echo "== gosplan history out/replan-ussr-1933 (which version replaced which, with which actuals) =="
build/gosplan history out/replan-ussr-1933 -q
echo
echo "== gosplan explain examples/ussr-1928 out/plan-ussr-1928 --product steel --year 1931 =="
build/gosplan explain examples/ussr-1928 out/plan-ussr-1928 --product steel --year 1931 -q
echo
echo "== gosplan report out/plan-ussr-1928 (the plan, its check and the 1932 reports as one HTML page) =="
status=0
build/gosplan check examples/ussr-1928 --format json -q > out/check-ussr-1928.json || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 4 ]; then exit "$status"; fi
build/gosplan track examples/ussr-1928 out/plan-ussr-1928 --format json -q > out/track-ussr-1928.json
build/gosplan report out/plan-ussr-1928 out/check-ussr-1928.json out/track-ussr-1928.json \
  --out out/report-ussr-1928.html --force
