#!/usr/bin/env bash
# The plan LP, gosplan against the `clp` command on the very same LP, in the same run.
# For each size: generate an economy (N products × K inputs × T years), run `gosplan plan` (build the LP
# in CLP's arrays, solve with CLP, extract the plan and write it) with --write-mps, then run the `clp`
# command on that MPS with the same algorithm. Prints one markdown row per size:
#   gosplan build / solve / extract seconds, overhead = (build + extract) / solve, clp command seconds,
#   both objectives.
# Usage: bench/plan_vs_clp.sh [ALGORITHM=dual|primal|idiot] [SIZES...]   (default: dual 100 1000)
#   idiot: CLP's idiot crash then the primal simplex (`clp -idiot 200 -primals`), which finishes the
#   5,000-product plan where both simplex methods from a slack basis stall.
set -euo pipefail
cd "$(dirname "$0")/.."
algorithm=${1:-dual}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000)
gosplan=build/gosplan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| products | LP rows × cols (nnz) | gosplan build s | CLP solve in gosplan s | extract s | overhead | clp command s | objective gosplan | objective clp |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  model="$work/economy-$n"
  "$gosplan" generate --products "$n" --inputs-per-product 8 --years 5 --seed 1 --out "$model" -q
  start=$(date +%s.%N)
  "$gosplan" plan "$model" --out "$work/plan-$n" --write-mps "$work/plan-$n.mps" --algorithm "$algorithm" --timings "$work/timings-$n.json" -q >/dev/null
  end=$(date +%s.%N)
  read -r rows cols nnz build solve extract objective < <(/usr/bin/python3 - "$work/plan-$n/summary.json" "$work/timings-$n.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
t = json.load(open(sys.argv[2]))
print(s["lp"]["rows"], s["lp"]["columns"], s["lp"]["nonzeros"], t["build_seconds"], t["solve_seconds"],
      t["extract_seconds"], s["objective"])
PY
)
  total=$(echo "$end - $start" | bc -l)
  clp_log="$work/clp-$n.log"
  clp_start=$(date +%s.%N)
  case "$algorithm" in
    idiot) clp_args=(-idiot 200 -primals) ;;
    *) clp_args=(-"${algorithm}simplex") ;;
  esac
  clp "$work/plan-$n.mps" "${clp_args[@]}" > "$clp_log" 2>&1 || true
  clp_end=$(date +%s.%N)
  clp_seconds=$(echo "$clp_end - $clp_start" | bc -l)
  clp_objective=$(grep -m1 -E "^Optimal - objective value" "$clp_log" | awk '{print $NF}')
  # Everything gosplan does besides CLP's own solve: building the arrays, extracting and writing the
  # plan folder (wall time minus solve minus MPS export is not separated; build+extract are measured).
  /usr/bin/python3 - "$n" "$rows" "$cols" "$nnz" "$build" "$solve" "$extract" "$objective" "$clp_seconds" "$clp_objective" <<'PY'
import sys
n, rows, cols, nnz = sys.argv[1:5]
build, solve, extract, objective, clp_s = map(float, sys.argv[5:10])
clp_obj = sys.argv[10]
print(f"| {n} | {rows} × {cols} ({nnz}) | {build:.3f} | {solve:.2f} | {extract:.3f} | "
      f"{(build + extract) / solve * 100:.2f} % | {clp_s:.2f} | {objective:.9g} | {clp_obj} (= −ours) |")
PY
done
