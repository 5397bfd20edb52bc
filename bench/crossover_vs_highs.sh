#!/usr/bin/env bash
# Exact plans: `gosplan plan --solver pdlp+crossover` (PDLP to 1e-6, then its point projected onto its
# active set, else CLP's simplex from it; docs/pdlp.md) against HiGHS (scipy.optimize.linprog, Debian's python3-scipy) on the very
# same LP, in the same run, back to back. For each size: generate an economy (N products × 8 inputs ×
# 5 years, seed 1), plan it with the crossover (exporting the LP with --write-mps), check the plan with
# `gosplan verify` at its default 1e-6, then run bench/highs_peer.py on the exported MPS with HiGHS's
# dual simplex and its interior point method (with crossover), each under a time limit: "no answer in
# N s" is a result. Optionally (CLP=1) CLP alone (`gosplan plan --algorithm idiot`) too.
# GOSPLAN_LIMIT=seconds: the same time limit on each gosplan plan (`--time-limit`; 0: none).
# Prints one markdown row per size and solver with wall seconds, CPU seconds, objective and the load
# average at the start of each run. (GNU time writes "Command exited with non-zero status N" first
# when a run stops at its limit: the figures are its last line.)
# Usage: bench/crossover_vs_highs.sh [SIZES...]   (default: 1000 2000); HIGHS_LIMIT=seconds (600)
# The crossover's row names the projection's LSQR iterations, or CLP's pivots: on the restricted
# (presolved) LP + on the whole LP.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 2000)
limit=${HIGHS_LIMIT:-600}
glimit=${GOSPLAN_LIMIT:-0}
gosplan=build/gosplan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_WAIT_POLICY=passive  # two spinning threads lose to one under load (docs/benchmarks.md)
load() { cut -d' ' -f1 /proc/loadavg; }
echo "| products | solver | wall s | CPU s | status | objective (of the MPS: minimised) | load |"
echo "|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  model="$work/economy-$n"
  "$gosplan" generate --products "$n" --inputs-per-product 8 --years 5 --seed 1 --out "$model" -q
  l=$(load)
  /usr/bin/time -f '%e %U %S' -o "$work/time-$n" "$gosplan" plan "$model" --solver pdlp+crossover \
    --time-limit "$glimit" --out "$work/plan-$n" --write-mps "$work/plan-$n.mps" \
    --timings "$work/timings-$n.json" -q >/dev/null || true
  read -r wall user sys < <(tail -n 1 "$work/time-$n")
  verified=$("$gosplan" verify "$model" "$work/plan-$n" -q >/dev/null 2>&1 && echo verified || echo "NOT verified")
  /usr/bin/python3 - "$n" "$wall" "$user" "$sys" "$l" "$verified" "$work/plan-$n/summary.json" \
    "$work/timings-$n.json" <<'PY'
import json, re, sys
n, wall, user, sys_, load, verified, summary, timings = sys.argv[1:]
s = json.load(open(summary))
try:
    t = json.load(open(timings))
except OSError:
    t = {"solve_seconds": float("nan")}
objective = f"{-s['objective']:.10g}" if s.get("objective") is not None else "—"
m = re.search(r"(\d+) pivots there, then (\d+) on the whole LP", s.get("solver", ""))
projected = re.search(r"active-set projection from the point: .*?LSQR (\d+) \+ (\d+) iterations",
                      s.get("solver", ""))
pivots = (f"{int(m.group(1)):,} + {int(m.group(2)):,} pivots" if m else
          f"active-set projection, LSQR {projected.group(1)} + {projected.group(2)} iterations, "
          "no pivots" if projected else s.get("solver", ""))
print(f"| {n} | gosplan pdlp+crossover (solve {t['solve_seconds']:.2f} s; {pivots}) "
      f"| {float(wall):.2f} | {float(user) + float(sys_):.2f} | {s['status']}, {verified} | "
      f"{objective} | {load} |")
PY
  if [ "${CLP:-0}" = 1 ]; then
    l=$(load)
    /usr/bin/time -f '%e %U %S' -o "$work/time-clp-$n" "$gosplan" plan "$model" --algorithm idiot \
      --time-limit "$glimit" --out "$work/clp-$n" -q >/dev/null || true
    read -r wall user sys < <(tail -n 1 "$work/time-clp-$n")
    obj=$(/usr/bin/python3 -c "import json,sys; s=json.load(open(sys.argv[1])); o=s.get('objective'); print(s['status'] + ' | ' + (f'{-o:.10g}' if o is not None else '—'))" "$work/clp-$n/summary.json")
    echo "| $n | gosplan CLP idiot + primal | $wall | $(echo "$user + $sys" | bc -l) | $obj | $l |"
  fi
  for method in highs-ds highs-ipm; do
    l=$(load)
    /usr/bin/time -f '%e %U %S' -o "$work/time-$method-$n" /usr/bin/python3 bench/highs_peer.py \
      "$work/plan-$n.mps" --method "$method" --time-limit "$limit" > "$work/$method-$n.json"
    read -r wall user sys < <(tail -n 1 "$work/time-$method-$n")
    /usr/bin/python3 - "$n" "$wall" "$user" "$sys" "$l" "$work/$method-$n.json" "$limit" <<'PY'
import json, sys
n, wall, user, sys_, load, result, limit = sys.argv[1:]
r = json.load(open(result))
objective = f"{r['objective']:.10g}" if r["objective"] is not None else "—"
status = r["status"] if r["status"] != "time_limit" else f"no answer in {limit} s"
print(f"| {n} | {r['peer']} (linprog {r['seconds']:.2f} s; {r['iterations']} iterations) | {float(wall):.2f} | "
      f"{float(user) + float(sys_):.2f} | {status} | {objective} | {load} |")
PY
  done
done
