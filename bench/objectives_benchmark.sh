#!/usr/bin/env bash
# The plan LP's size and solve time under each objective (docs/benchmarks.md, "Objectives"):
# examples/ussr-1928 and a generated N-product × 5-year economy (gosplan generate --products N),
# each solved by CLP (dual simplex) under plan_ray, min_resources, priority_output, harmony and
# priority_output with --fulfilment-floor 0.95. Prints one Markdown row per run and the load average.
# Usage: bench/objectives_benchmark.sh [GOSPLAN] [N]   (defaults: build/gosplan 1000)
set -euo pipefail
gosplan=${1:-build/gosplan}
products=${2:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$gosplan" generate --products "$products" --out "$work/generated" --force -q
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| model | objective | LP rows | LP columns | non-zeros | build s | solve s | iterations | status |"
echo "|---|---|---|---|---|---|---|---|---|"
for model in examples/ussr-1928 "$work/generated"; do
  label=$([ "$model" = examples/ussr-1928 ] && echo ussr-1928 || echo "generated $products × 5")
  for variant in plan_ray min_resources priority_output harmony "priority_output --fulfilment-floor 0.95"; do
    # shellcheck disable=SC2086
    "$gosplan" plan "$model" --objective $variant --out "$work/plan" --force -q \
      --timings "$work/times.json" >/dev/null || true
    python3 - "$work" "$label" "$variant" <<'PY'
import json, sys
work, label, variant = sys.argv[1:4]
s = json.load(open(f"{work}/plan/summary.json"))
t = json.load(open(f"{work}/times.json"))
lp = s.get("lp") or {}
print(f"| {label} | `{variant}` | {lp.get('rows','')} | {lp.get('columns','')} | "
      f"{lp.get('nonzeros','')} | {t['build_seconds']:.3f} | {t['solve_seconds']:.2f} | "
      f"{s.get('iterations', '')} | {s['status']} |")
PY
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
