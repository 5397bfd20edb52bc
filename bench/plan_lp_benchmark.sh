#!/usr/bin/env bash
# Peer benchmark: the plan LP of a generated economy solved by `gosplan lp --solver pdlp` and by the
# `clp` command (dual simplex) in the same run. Prints both objectives, their relative difference and
# the time ratio. A benchmark, not a test: it never fails on timings.
#
# Usage: bench/plan_lp_benchmark.sh [PRODUCTS] [YEARS] [TOLERANCE]
#   PRODUCTS   products of the generated economy (default 2000; the issue's large case is 100000)
#   YEARS      plan horizon (default 5)
#   TOLERANCE  PDLP relative tolerance (default 1e-4)
# Environment: GOSPLAN (the gosplan binary; default build/gosplan), CLP (default clp),
#   CLP_TIMEOUT seconds (default 600), THREADS for PDLP (default: OpenMP's default), WORK folder.
set -euo pipefail

products="${1:-2000}"
years="${2:-5}"
tolerance="${3:-1e-4}"
here="$(cd "$(dirname "$0")/.." && pwd)"
gosplan="${GOSPLAN:-$here/build/gosplan}"
clp="${CLP:-clp}"
clp_timeout="${CLP_TIMEOUT:-600}"
threads="${THREADS:-0}"
# Waiting OpenMP threads sleep instead of spinning: on a shared, loaded machine spinning threads steal
# the cores from the working ones (measured 37 s spinning vs 5 s passive, 2 threads, load ~7).
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
work="${WORK:-$(mktemp -d /tmp/gosplan-bench.XXXXXX)}"
mkdir -p "$work"
model="$work/economy-$products"
mps="$work/plan-$products-$years.mps"

now() { date +%s.%N; }

echo "== generating $products products x 8 inputs x $years years (seed 1) in $work"
t0=$(now)
"$gosplan" generate --products "$products" --inputs-per-product 8 --years "$years" --seed 1 \
  --out "$model" --force --quiet
t1=$(now)
echo "   generate: $(echo "$t1 - $t0" | bc) s"

echo "== exporting the plan LP as MPS"
# `plan` also solves the plan; a 1 s time limit keeps the export cheap (its exit code is ignored).
"$gosplan" plan "$model" --write-mps "$mps" --solver clp --time-limit 1 --quiet > /dev/null 2>&1 || true
test -s "$mps" || { echo "MPS export failed" >&2; exit 1; }
echo "   $(grep -c '' "$mps") lines in $mps"

echo "== PDLP (tolerance $tolerance, threads $threads)"
t0=$(now)
"$gosplan" lp "$mps" --solver pdlp --tolerance "$tolerance" --threads "$threads" --format json \
  > "$work/pdlp.json" 2> "$work/pdlp.err" || true
t1=$(now)
pdlp_wall=$(echo "$t1 - $t0" | bc)
pdlp_objective=$(python3 -c "import json;print(json.load(open('$work/pdlp.json'))['objective'])")
pdlp_status=$(python3 -c "import json;print(json.load(open('$work/pdlp.json'))['status'])")
pdlp_solve=$(sed -n 's/^gosplan: timings: solve \([0-9.]*\) s$/\1/p' "$work/pdlp.err")  # stderr: not a result
pdlp_iterations=$(python3 -c "import json;print(json.load(open('$work/pdlp.json'))['iterations'])")
echo "   status $pdlp_status, objective $pdlp_objective, $pdlp_iterations iterations,"\
     "solve $pdlp_solve s, wall (with MPS reading) $pdlp_wall s"
python3 -c "import json;d=json.load(open('$work/pdlp.json'));print('   rows', d['rows'], 'columns', d['columns'], 'nonzeros', d['nonzeros'], '| relative primal %.2e dual %.2e gap %.2e' % (d['relative_primal_residual'], d['relative_dual_residual'], d['relative_gap']))"

echo "== CLP dual simplex (timeout $clp_timeout s)"
t0=$(now)
set +e
timeout "$clp_timeout" "$clp" "$mps" -dualsimplex > "$work/clp.log" 2>&1
clp_rc=$?
set -e
t1=$(now)
clp_wall=$(echo "$t1 - $t0" | bc)
clp_objective=$(grep -E "^Optimal objective" "$work/clp.log" | tail -1 | awk '{print $3}' || true)
if [ "$clp_rc" -eq 124 ]; then
  echo "   CLP timed out after $clp_timeout s"
elif [ -z "$clp_objective" ]; then
  echo "   CLP did not report an optimum (exit $clp_rc); see $work/clp.log"
else
  echo "   objective $clp_objective, wall $clp_wall s"
fi

echo "== comparison"
python3 - "$pdlp_objective" "${clp_objective:-nan}" "$pdlp_wall" "$clp_wall" "$pdlp_solve" <<'PY'
import math, sys
pdlp, clp, pdlp_wall, clp_wall, pdlp_solve = map(float, sys.argv[1:])
# The MPS file minimises; the plan maximises, so the file's optimum is −(plan objective). Both numbers
# here are of the file (gosplan lp reads the MPS as written).
if math.isnan(clp):
    print(f"   PDLP objective {pdlp:.10g}; no CLP optimum to compare with")
else:
    print(f"   PDLP {pdlp:.10g}  CLP {clp:.10g}  relative difference {abs(pdlp - clp) / (1 + abs(clp)):.2e}")
print(f"   wall time PDLP {pdlp_wall:.2f} s (solve {pdlp_solve:.2f} s), CLP {clp_wall:.2f} s,"
      f" ratio CLP/PDLP {clp_wall / pdlp_wall:.2f}")
PY
