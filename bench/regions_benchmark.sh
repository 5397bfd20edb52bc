#!/usr/bin/env bash
# Regions and transport: the plan LP's size and solve time with and without regions, in the same run
# (docs/benchmarks.md, "Regions and transport"). Cases: examples/ussr-1928 (one national balance per
# product) against examples/ussr-1928-regions (the same technology in three regions joined by rail).
# A benchmark, not a test: it never fails on timings. Timings are the best of RUNS runs of
# `gosplan plan` (CLP), as `--timings` reports them (build, solve); sizes from summary.json.
#
# Usage: bench/regions_benchmark.sh [RUNS]   (default 3; GOSPLAN=path/to/gosplan)
set -euo pipefail
runs="${1:-3}"
here="$(cd "$(dirname "$0")/.." && pwd)"
gosplan="${GOSPLAN:-$here/build/gosplan}"
work="${WORK:-$(mktemp -d /tmp/gosplan-regions.XXXXXX)}"
mkdir -p "$work"

measure() {  # name model
  local best_build=1e9 best_solve=1e9
  for ((k = 0; k < runs; ++k)); do
    "$gosplan" plan "$2" --out "$work/plan-$1" --force --timings "$work/t.json" -q >/dev/null || true
    read -r build solve < <(/usr/bin/python3 -c "import json,sys; t=json.load(open(sys.argv[1])); print(t['build_seconds'], t['solve_seconds'])" "$work/t.json")
    best_build=$(/usr/bin/python3 -c "print(min($best_build, $build))")
    best_solve=$(/usr/bin/python3 -c "print(min($best_solve, $solve))")
  done
  /usr/bin/python3 - "$work/plan-$1/summary.json" "$1" "$best_build" "$best_solve" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
lp = s["lp"]
print(f"{sys.argv[2]:<22} status {s['status']:<8} objective {s['objective']:<14.8g} rows {lp['rows']:>7} "
      f"columns {lp['columns']:>7} nonzeros {lp['nonzeros']:>8} build {float(sys.argv[3]):.3f} s "
      f"solve {float(sys.argv[4]):.3f} s")
PY
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
measure ussr-1928 "$here/examples/ussr-1928"
measure ussr-1928-regions "$here/examples/ussr-1928-regions"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
