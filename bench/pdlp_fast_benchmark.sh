#!/usr/bin/env bash
# PDLP's iteration variants on generated plans (docs/pdlp.md "Faster variants", docs/benchmarks.md "The
# first-order LP solver"): for each PRODUCTS, `gosplan plan MODEL --solver pdlp --tolerance TOL` with the
# averaged iteration (the default), the Halpern one, and Halpern with single-precision products, one
# after the other in the same run. Prints load, the solve's seconds (--timings), wall and CPU seconds,
# peak memory, iterations, objective.
# Usage: bench/pdlp_fast_benchmark.sh [PRODUCTS...]   (default 2000 20000)
# Environment: GOSPLAN (default build/gosplan), THREADS (1), TOLERANCE (1e-4), WORK (a temp folder),
#              CONFIGS (default "averaged halpern halpern+single"; e.g. CONFIGS=halpern+single for 10^5).
# A measurement, not a test: the machine is shared, so note the load (printed) beside every figure.
set -euo pipefail
gosplan=${GOSPLAN:-build/gosplan}
threads=${THREADS:-1}
tolerance=${TOLERANCE:-1e-4}
work=${WORK:-$(mktemp -d)}
configs=${CONFIGS:-"averaged halpern halpern+single"}
export OMP_WAIT_POLICY=passive
[ $# -gt 0 ] || set -- 2000 20000
for products in "$@"; do
  model="$work/econ-$products"
  [ -d "$model" ] || "$gosplan" generate --products "$products" --inputs-per-product 8 --years 5 \
    --seed 1 --out "$model" --force > /dev/null 2>&1
  for config in $configs; do
    flags=()
    case $config in
      averaged) ;;
      halpern) flags=(--pdlp-variant halpern) ;;
      halpern+single) flags=(--pdlp-variant halpern --pdlp-single-precision) ;;
      averaged+single) flags=(--pdlp-single-precision) ;;
      *) echo "unknown config $config" >&2; exit 2 ;;
    esac
    out="$work/plan-$products-$config"
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    /usr/bin/time -v "$gosplan" plan "$model" --solver pdlp --tolerance "$tolerance" --threads "$threads" \
      "${flags[@]}" --out "$out" --force --quiet --timings "$out.timings.json" 2> "$out.time" \
      > /dev/null || true
    solve=$(/usr/bin/python3 -c 'import json,sys; print("%.1f s" % json.load(open(sys.argv[1]))["solve_seconds"])' "$out.timings.json" 2>/dev/null || echo "?")
    wall=$(grep 'Elapsed (wall' "$out.time" | awk '{print $NF}')
    cpu=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "%.1f", u+s}' "$out.time")
    peak=$(awk -F': ' '/Maximum resident/{printf "%.2f GB", $2/1048576}' "$out.time")
    facts=$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("status"), d.get("iterations"), d.get("objective"))' "$out/summary.json" 2>/dev/null || echo "no summary")
    echo "$products $config: load $load | solve $solve | wall $wall | CPU $cpu s | peak $peak | status iterations objective: $facts"
  done
done
