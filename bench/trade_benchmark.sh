#!/usr/bin/env bash
# Foreign trade: the plan LP's size and solve time with and without world prices, in the same run
# (docs/benchmarks.md, "Foreign trade"). Cases: examples/ussr-1928 against examples/ussr-1928-trade,
# and a generated economy without and with world prices (`gosplan generate --world-prices`, the same
# economy: docs/generate.md). A benchmark,
# not a test: it never fails on timings. Timings are the best of RUNS runs of `gosplan plan` (CLP),
# as `--timings` reports them (build, solve); sizes from summary.json.
#
# Usage: bench/trade_benchmark.sh [PRODUCTS] [RUNS]   (defaults 1000, 3)
set -euo pipefail
products="${1:-1000}"
runs="${2:-3}"
here="$(cd "$(dirname "$0")/.." && pwd)"
gosplan="${GOSPLAN:-$here/build/gosplan}"
work="${WORK:-$(mktemp -d /tmp/gosplan-trade.XXXXXX)}"
mkdir -p "$work"
"$gosplan" generate --products "$products" --out "$work/closed" --force -q
"$gosplan" generate --products "$products" --world-prices --out "$work/open" --force -q

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
measure ussr-1928-trade "$here/examples/ussr-1928-trade"
measure "generated-$products" "$work/closed"
measure "generated-$products-trade" "$work/open"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
