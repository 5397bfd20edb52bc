#!/usr/bin/env bash
# How many simplex pivots an exact what-if re-solve needs, about (docs/benchmarks.md, "The floor
# and quota edits exactly"): for the floor and quota edits of bench/what_if_benchmark.sh, the plan
# LP before and after the edit is exported (`gosplan plan --write-mps`), the `clp` command solves
# the one before and saves its optimal basis, then solves the edited LP from that basis (as the
# warm CLP session does, presolve off) with each dual pricing (and the primal simplex with PRIMAL=1);
# finally the two optimal bases are compared, and bench/what_if_nearest_optimum.py finds the optimum of the edited
# LP nearest the old basis (the one that leaves the fewest old non-basic variables off their bounds,
# as far as an L1 objective can tell). A basis-to-basis method (dual or primal simplex, parametric or
# not) needs at least one pivot per variable that enters; CLP's factorization lines (log level 3) show
# the dense core of the basis that every pivot solves with.
# Usage: [PRIMAL=1] bench/what_if_basis_distance.sh [GOSPLAN] [WORKDIR of bench/what_if_benchmark.sh]
set -euo pipefail
GOSPLAN=${1:-build/gosplan}
WORK=${2:-/tmp/what_if_bench}
for folder in model quota_model cold_floor_p0 cold_quota_p1; do
  [ -d "$WORK/$folder" ] || { echo "$WORK/$folder missing: run bench/what_if_benchmark.sh first" >&2; exit 2; }
done
D=$WORK/basis_distance && rm -rf "$D" && mkdir -p "$D"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(clp </dev/null 2>&1 | sed -n 1p)"
export_mps() {  # FOLDER OUT.mps [plan options]: the plan LP only (PDLP's quick solve, not timed)
  local folder=$1 out=$2; shift 2
  "$GOSPLAN" plan -q "$folder" "$@" --solver pdlp --write-mps "$out" --out "$D/tmp_plan" > /dev/null
  rm -rf "$D/tmp_plan"
}
export_mps "$WORK/model" "$D/base.mps"
export_mps "$WORK/cold_floor_p0" "$D/floor.mps"
export_mps "$WORK/quota_model" "$D/quota_base.mps" --quotas-as-constraints
export_mps "$WORK/cold_quota_p1" "$D/quota.mps" --quotas-as-constraints

for pair in "base floor" "quota_base quota"; do
  set -- $pair; before=$1; after=$2
  clp "$D/$before.mps" -presolve off -dualS -basisO "$D/$before.bas" | sed -n '/^Optimal objective/p'
  echo "== $after from the optimal basis of $before (presolve off)"
  methods=("-dualP steepest -dualS" "-dualP partial -dualS" "-dualP dantzig -dualS")
  [ -n "${PRIMAL:-}" ] && methods+=("-primalS")  # minutes: 49,198 pivots on the floor edit
  for method in "${methods[@]}"; do
    printf '%-24s ' "$method"
    clp "$D/$after.mps" -presolve off -basisI "$D/$before.bas" $method | sed -n '/^Optimal objective/p' |
      tee "$D/last.txt"
  done
  optimum=$(sed -n 's/^Optimal objective \([^ ]*\) .*/\1/p' "$D/last.txt")
  clp "$D/$after.mps" -presolve off -basisI "$D/$before.bas" -log 3 -dualS -basisO "$D/$after.bas" |
    sed -n '/dense rows/{s/^ */factorization: /;p}' | sed -n '1p;$p'
  # Debian's python3, with numpy and scipy (HiGHS).
  /usr/bin/python3 "$(dirname "$0")/what_if_nearest_optimum.py" "$D/$after.mps" "$D/$before.bas" "$optimum" \
    "$D/$after.bas"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
