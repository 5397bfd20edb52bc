#!/usr/bin/env bash
# Issue 18's features on a generated economy (docs/benchmarks.md, the issue-18 sections): the plan LP's
# size and solve time with each feature against the plan without it, in the same run, on one economy
# (`gosplan generate --products N --inputs-per-product 8 --years 5 --seed 1`; each feature option draws
# from its own random stream, so the economy is the same in every folder — docs/generate.md).
# Cases:
#   plain      the plan ray on the plain economy (the peer of every feature)
#   regions    --regions 3 (freight, a ring of 6,000 links for 1,000 products)
#   trade      --world-prices
#   harvests   --harvest-scenarios 3, the two-stage plan with K = 1 first-stage year (its LP sizes are the
#              deterministic equivalent's; solve: its CLP solve; wall: the whole command, also the mean-
#              yield plan and the 2·S re-solves)
#   harmony    --objective harmony on the plain economy, by cutting planes (the default with CLP)
# Every run is one `gosplan plan` with --time-limit LIMIT (a run that stops there says time_limit) and
# --algorithm ALGORITHM (default idiot: CLP's idiot crash, then primal simplex — the fastest CLP route on
# these LPs; harmony's later LPs are warm dual simplex re-solves). A benchmark, not a test: it never fails
# on timings. The machine is shared: the load average is printed before each run, and besides the wall
# seconds the CPU seconds of the whole command (user time of /usr/bin/time), which a loaded machine
# distorts far less.
#
# Usage: bench/issue18_scale_benchmark.sh [PRODUCTS] [LIMIT] [CASES...]
#        (defaults 1000, 300 s, all cases; GOSPLAN=path/to/gosplan, WORK=folder, ALGORITHM=idiot)
set -euo pipefail
products="${1:-1000}"
limit="${2:-300}"
shift $(( $# < 2 ? $# : 2 ))
cases=("$@")
[[ ${#cases[@]} -gt 0 ]] || cases=(plain regions trade harvests harmony)
here="$(cd "$(dirname "$0")/.." && pwd)"
gosplan="${GOSPLAN:-$here/build/gosplan}"
work="${WORK:-$(mktemp -d /tmp/gosplan-issue18.XXXXXX)}"
algorithm="${ALGORITHM:-idiot}"
mkdir -p "$work"

generate() {  # folder extra-options...
  local folder="$1"
  shift
  [[ -f "$work/$folder/model.toml" ]] && return
  "$gosplan" generate --products "$products" --inputs-per-product 8 --years 5 --seed 1 \
    --out "$work/$folder" --force -q "$@"
}

measure() {  # name model extra-flags...
  local name="$1" model="$2"
  shift 2
  local start end
  echo "load average before $name: $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "%e %U" -o "$work/$name-time.txt" \
    "$gosplan" plan "$model" --algorithm "$algorithm" --time-limit "$limit" --format json \
    --timings "$work/$name-t.json" --out "$work/plan-$name" --force -q "$@" >"$work/$name.json" || true
  /usr/bin/python3 - "$work/$name.json" "$work/$name-t.json" "$name" "$work/$name-time.txt" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
t = json.load(open(sys.argv[2]))
wall, cpu = open(sys.argv[4]).read().split()[-2:]
lp = s.get("lp", {})
objective = s.get("expected_objective", s.get("objective"))
objective = "—" if objective is None else f"{objective:.8g}"
print(f"{sys.argv[3]:<10} status {s['status']:<10} objective {objective:<14} rows {lp.get('rows', 0):>7} "
      f"columns {lp.get('columns', 0):>7} nonzeros {lp.get('nonzeros', 0):>8} "
      f"build {t.get('build_seconds', 0):.3f} s solve {t.get('solve_seconds', 0):.2f} s "
      f"iterations {s.get('iterations', '—')} wall {float(wall):.1f} s cpu {float(cpu):.1f} s")
PY
}

echo "gosplan generate --products $products (seed 1, 5 years); --algorithm $algorithm, time limit $limit s per plan; $(nproc) cores"
for c in "${cases[@]}"; do
  case "$c" in
    plain) generate plain && measure plain "$work/plain" ;;
    regions) generate regions --regions 3 && measure regions "$work/regions" ;;
    trade) generate trade --world-prices && measure trade "$work/trade" ;;
    harvests) generate harvests --harvest-scenarios 3 &&
      measure harvests "$work/harvests" --first-stage-years 1 ;;
    harmony) generate plain && measure harmony "$work/plain" --objective harmony ;;
    *) echo "unknown case $c" >&2; exit 2 ;;
  esac
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
