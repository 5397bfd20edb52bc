#!/usr/bin/env bash
# The plan LP's size and solve time under maxmin beside the plan ray (docs/benchmarks.md, "Maxmin"):
# examples/ussr-1928 (two groups: consumption, defence) and a generated N-product × 5-year economy
# (gosplan generate --products N --inputs-per-product 8 --years 5 --seed 1; one final-demand
# category with a target, so one group), each by CLP under plan_ray, maxmin and priority_output
# with a group floor. Every solve is capped at LIMIT seconds (--time-limit; default 60). Prints one
# Markdown row per run (with the lexicographic steps) and the load average.
# Usage: bench/maxmin_benchmark.sh [GOSPLAN] [N] [LIMIT]   (defaults: build/gosplan 1000 60)
set -euo pipefail
gosplan=${1:-build/gosplan}
products=${2:-1000}
limit=${3:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$gosplan" generate --products "$products" --inputs-per-product 8 --years 5 --seed 1 \
  --out "$work/generated" --force -q
category=$(awk -F, 'NR > 1 && $1 !~ /^#/ { print $1; exit }' "$work/generated/final_demand.csv")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| model | objective | LP rows | LP columns | non-zeros | build s | solve s | iterations | maxmin LPs | status |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for model in examples/ussr-1928 "$work/generated"; do
  if [ "$model" = examples/ussr-1928 ]; then label=ussr-1928; group=consumption; floor=0.9
  else label="generated $products × 5"; group=$category; floor=0.5; fi
  for variant in plan_ray maxmin "priority_output --group-floor $group=$floor"; do
    rm -f "$work/times.json"
    # shellcheck disable=SC2086
    "$gosplan" plan "$model" --objective $variant --time-limit "$limit" --out "$work/plan" \
      --force -q --timings "$work/times.json" >/dev/null || true
    python3 - "$work" "$label" "$variant" <<'PY'
import json, os, sys
work, label, variant = sys.argv[1:4]
s = json.load(open(f"{work}/plan/summary.json"))
t = json.load(open(f"{work}/times.json")) if os.path.exists(f"{work}/times.json") else {}
lp = s.get("lp") or {}
print(f"| {label} | `{variant}` | {lp.get('rows','')} | {lp.get('columns','')} | "
      f"{lp.get('nonzeros','')} | {t.get('build_seconds', float('nan')):.3f} | "
      f"{t.get('solve_seconds', float('nan')):.2f} | {s.get('iterations', '')} | "
      f"{s.get('maxmin_steps', '')} | {s['status']} |")
PY
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
