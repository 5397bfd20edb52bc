#!/usr/bin/env bash
# Peer benchmark: the plan LP of a generated economy solved by `gosplan lp --solver pdlp` and by the
# `clp` command (dual simplex) in the same run, then by HiGHS's dual simplex and interior point method
# (scipy.optimize.linprog through bench/highs_peer.py; HIGHS=0 skips them), each under a time limit:
# "no answer in N s" is a result. Prints the objectives, their relative difference from CLP's and the
# time ratios, and the load average before each solver. A benchmark, not a test: it never fails on
# timings.
#
# Usage: bench/plan_lp_benchmark.sh [PRODUCTS] [YEARS] [TOLERANCE]
#   PRODUCTS   products of the generated economy (default 2000; the issue's large case is 100000)
#   YEARS      plan horizon (default 5)
#   TOLERANCE  PDLP relative tolerance (default 1e-4)
# Environment: GOSPLAN (the gosplan binary; default build/gosplan), CLP (default clp),
#   CLP_TIMEOUT seconds (default 600), THREADS for PDLP (default: OpenMP's default), WORK folder,
#   HIGHS (1: run the HiGHS peers, the default; 0: not), HIGHS_LIMIT seconds for each (default 600).
set -euo pipefail

products="${1:-2000}"
years="${2:-5}"
tolerance="${3:-1e-4}"
here="$(cd "$(dirname "$0")/.." && pwd)"
gosplan="${GOSPLAN:-$here/build/gosplan}"
clp="${CLP:-clp}"
clp_timeout="${CLP_TIMEOUT:-600}"
threads="${THREADS:-0}"
highs="${HIGHS:-1}"
highs_limit="${HIGHS_LIMIT:-600}"
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

echo "== PDLP (tolerance $tolerance, threads $threads, load $(cut -d' ' -f1 /proc/loadavg))"
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

echo "== CLP dual simplex (timeout $clp_timeout s, load $(cut -d' ' -f1 /proc/loadavg))"
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

# HiGHS (scipy's linprog reads no MPS: bench/highs_peer.py parses the file, then times linprog alone).
# /usr/bin/python3: Debian's python3-scipy; CPU seconds by GNU time, as for the solvers above.
highs_rows=()
if [ "$highs" = 1 ]; then
  for method in highs-ds highs-ipm; do
    echo "== HiGHS $method (time limit $highs_limit s, load $(cut -d' ' -f1 /proc/loadavg))"
    /usr/bin/time -f '%e %U %S' -o "$work/time-$method" /usr/bin/python3 "$here/bench/highs_peer.py" \
      "$mps" --method "$method" --time-limit "$highs_limit" > "$work/$method.json" || true
    line=$(/usr/bin/python3 - "$work/$method.json" "$highs_limit" "$work/time-$method" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
wall, user, sys_ = map(float, open(sys.argv[3]).read().split()[-3:])
status = r["status"] if r["status"] != "time_limit" else f"no answer in {sys.argv[2]} s"
objective = f"{r['objective']:.10g}" if r["objective"] is not None else "none"
print(f"{r['peer']}: {status}, objective {objective}, linprog {r['seconds']:.2f} s, "
      f"{r['iterations']} iterations; whole script {wall:.2f} s wall, {user + sys_:.2f} s CPU")
PY
)
    echo "   $line"
    highs_rows+=("$line")
  done
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
for line in "${highs_rows[@]}"; do echo "   $line"; done
