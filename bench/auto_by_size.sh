#!/usr/bin/env bash
# `gosplan plan --solver auto` by size (docs/planning-model.md, "`--solver auto`"): what auto ran, how
# long it took and whether its plan passes `gosplan verify`, beside CLP alone (`--solver clp`) and
# HiGHS's dual simplex (bench/highs_peer.py: scipy.optimize.linprog, Debian's python3-scipy) on the
# very same LP, in the same run, back to back, each peer under a time limit ("no answer in N s" is a
# result). Economies: `gosplan generate --products N --inputs-per-product 8 --years 5 --seed S`.
# Usage: bench/auto_by_size.sh [N[:SEED]...]   (default: 400 1000 2000 3000 10000); LIMIT=seconds for
# each peer (120). Prints one markdown row per size and solver: wall seconds, status, objective (of
# the MPS: minimised), the load average at the start of the run.
set -euo pipefail
cd "$(dirname "$0")/.."
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=(400 1000 2000 3000 10000)
limit=${LIMIT:-120}
gosplan=build/gosplan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_WAIT_POLICY=passive
load() { cut -d' ' -f1 /proc/loadavg; }
echo "| products (seed) | LP non-zeros | solver | wall s | status | objective | what ran | load |"
echo "|---|---|---|---|---|---|---|---|"
summarise() {  # summary.json, wall, label, load, verified
  /usr/bin/python3 - "$@" <<'PY'
import json, re, sys
summary, wall, label, load, verified, spec = sys.argv[1:]
try:
    s = json.load(open(summary))
except (OSError, ValueError):
    print(f"| {spec} | — | {label} | {float(wall):.2f} | no answer | — | — | {load} |"); sys.exit()
solver = s.get("solver", "")
if "active-set projection from the point" in solver: ran = "PDLP + the projection"
elif "CLP's crossover not run" in solver: ran = "PDLP + the projection (did not verify; CLP's crossover not run)"
elif "pivots there" in solver: ran = "PDLP + CLP's crossover"
elif solver.startswith("PDLP"): ran = "PDLP"
else: ran = "CLP"
o = s.get("objective")
status = s["status"] + ("" if verified == "-" else f", {verified}")
lp = s.get("lp") if isinstance(s.get("lp"), dict) else {}
nz = f"{lp['nonzeros']:,}" if "nonzeros" in lp else "—"
objective = f"{-o:.10g}" if o is not None else "—"
print(f"| {spec} | {nz} | {label} | {float(wall):.2f} | {status} | {objective} | {ran} | {load} |")
PY
}
for spec in "${specs[@]}"; do
  n=${spec%%:*}; seed=1; [ "$spec" = "$n" ] || seed=${spec#*:}
  model="$work/economy-$n-$seed"
  "$gosplan" generate --products "$n" --inputs-per-product 8 --years 5 --seed "$seed" --out "$model" -q
  l=$(load); t0=$(date +%s.%N)
  "$gosplan" plan "$model" --solver auto --out "$work/auto" --write-mps "$work/plan.mps" -q >/dev/null || true
  wall=$(echo "$(date +%s.%N) - $t0" | bc -l)
  verified=$("$gosplan" verify "$model" "$work/auto" -q >/dev/null 2>&1 && echo verified || echo "NOT verified")
  summarise "$work/auto/summary.json" "$wall" "gosplan auto" "$l" "$verified" "$n ($seed)"
  l=$(load); t0=$(date +%s.%N)
  rm -rf "$work/clp"
  "$gosplan" plan "$model" --solver clp --time-limit "$limit" --out "$work/clp" -q >/dev/null 2>&1 || true
  wall=$(echo "$(date +%s.%N) - $t0" | bc -l)
  summarise "$work/clp/summary.json" "$wall" "gosplan clp" "$l" "-" "$n ($seed)"
  l=$(load)
  /usr/bin/python3 bench/highs_peer.py "$work/plan.mps" --method highs-ds --time-limit "$limit" \
    > "$work/highs.json" || true
  /usr/bin/python3 - "$work/highs.json" "$limit" "$l" "$n ($seed)" <<'PY'
import json, sys
result, limit, load, spec = sys.argv[1:]
r = json.load(open(result))
status = r["status"] if r["status"] != "time_limit" else f"no answer in {limit} s"
o = f"{r['objective']:.10g}" if r["objective"] is not None else "—"
print(f"| {spec} | | HiGHS dual simplex | {r['seconds']:.2f} | {status} | {o} | {r['iterations']} iterations | {load} |")
PY
  rm -rf "$work/auto" "$work/clp" "$work/plan.mps" "$model"
done
