#!/usr/bin/env bash
# Uncertain harvests: the plan LP's size and solve time for the ordinary plan against the two-stage
# plan's deterministic equivalent, in the same run (docs/benchmarks.md, "Uncertain harvests").
# Cases: examples/ussr-1928 (ordinary plan), examples/ussr-1928-harvests with --expected-value (the
# ordinary plan LP on mean yields), and its two-stage plan with 1 and 3 first-stage years. A
# benchmark, not a test: it never fails on timings. Solve seconds are the best of RUNS runs as
# `--timings` reports them (the two-stage plan: the deterministic equivalent's CLP solve only); the
# wall seconds of the whole command (two-stage: also the mean-yield plan and 2·S re-solves) likewise.
#
# Usage: bench/harvest_benchmark.sh [RUNS] [OBJECTIVE]   (defaults 3, plan_ray)
set -euo pipefail
runs="${1:-3}"
objective="${2:-plan_ray}"
here="$(cd "$(dirname "$0")/.." && pwd)"
gosplan="${GOSPLAN:-$here/build/gosplan}"
work="${WORK:-$(mktemp -d /tmp/gosplan-harvests.XXXXXX)}"
mkdir -p "$work"

measure() {  # name model extra-flags...
  local name="$1" model="$2"
  shift 2
  local best_solve=1e9 best_wall=1e9
  for ((k = 0; k < runs; ++k)); do
    local start end
    start=$(date +%s.%N)
    "$gosplan" plan "$model" --objective "$objective" --format json --timings "$work/t.json" -q "$@" \
      >"$work/$name.json" || true
    end=$(date +%s.%N)
    best_solve=$(/usr/bin/python3 -c "import json; t=json.load(open('$work/t.json')); print(min($best_solve, t['solve_seconds']))")
    best_wall=$(/usr/bin/python3 -c "print(min($best_wall, $end - $start))")
  done
  /usr/bin/python3 - "$work/$name.json" "$name" "$best_solve" "$best_wall" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
lp = s["lp"]
objective = s.get("expected_objective", s.get("objective"))
print(f"{sys.argv[2]:<24} status {s['status']:<8} objective {objective:<12.8g} rows {lp['rows']:>6} "
      f"columns {lp['columns']:>6} nonzeros {lp['nonzeros']:>7} solve {float(sys.argv[3]):.3f} s "
      f"wall {float(sys.argv[4]):.3f} s")
PY
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
measure ordinary "$here/examples/ussr-1928"
measure mean-yields "$here/examples/ussr-1928-harvests" --expected-value
measure two-stage-K1 "$here/examples/ussr-1928-harvests" --first-stage-years 1
measure two-stage-K3 "$here/examples/ussr-1928-harvests" --first-stage-years 3
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
