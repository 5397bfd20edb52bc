#!/usr/bin/env bash
# Benchmark of `gosplan check` (docs/check.md): a generated 1,000-product × 5-year economy with 50 quotas,
# 40 at 0.9× the base plan's output of a random product in the last year (reachable) and 10 at 3× its
# output in the first plan year (out of reach that year: no capital can be built in time). Prints the
# wall time of the diagnosis alone; the base plan that picks the figures is not timed. Not a test: timings depend on the machine.
#   bench/check_benchmark.sh [BUILD_DIR] [WORK_DIR]
set -euo pipefail
build=${1:-build-check}
work=${2:-$(mktemp -d /tmp/check_bench.XXXXXX)}
gosplan="$build/gosplan"
model="$work/g1000"
"$gosplan" generate --products 1000 --inputs-per-product 8 --years 5 --seed 1 --out "$model" --force -q
"$gosplan" plan "$model" --out "$work/base" --force -q > /dev/null
python3 - "$model" "$work/base/balances.csv" "$work/quotas.csv" <<'PY'
import csv, random, sys, tomllib
model, balances, out = sys.argv[1:4]
with open(f"{model}/model.toml", "rb") as f:
    manifest = tomllib.load(f)
first = manifest["base_year"] + 1
last = manifest["base_year"] + manifest["horizon"]
production = {first: {}, last: {}}
with open(balances) as f:
    for row in csv.DictReader(f):
        year = int(row["year"])
        if year in production and float(row["production"]) > 0:
            production[year][row["product"]] = float(row["production"])
rng = random.Random(1)
chosen = rng.sample(sorted(set(production[first]) & set(production[last])), 50)
with open(out, "w") as f:
    f.write("id,product,enterprise,year,quantity\n")
    for k, product in enumerate(chosen):
        # 10 figures at 3x the first plan year's output: capital cannot be built in time (every
        # construction lag is at least a year), so these are out of reach in that year even alone.
        # 40 figures at 0.9x the optimal plan's last-year output: reachable.
        year, factor = (first, 3.0) if k < 10 else (last, 0.9)
        f.write(f"q{k:02d},{product},,{year},{production[year][product] * factor:.6g}\n")
PY
start=$(date +%s.%N)
set +e
"$gosplan" check "$model" --targets "$work/quotas.csv" --format json -q ${CHECK_FLAGS:-} > "$work/check.json"
status=$?
set -e
end=$(date +%s.%N)
python3 - "$work/check.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
short = [q for q in report["quotas"] if q["short_by"] > 0]
alone = [q for q in report["quotas"] if not q["reachable_alone"]]
print(f"feasible={report['feasible']} quotas={len(report['quotas'])} short={len(short)} "
      f"unreachable_alone={len(alone)} conflict_members={len(report['conflict'])} "
      f"earliest_year_all={report['earliest_year_all']} solves={report['solves']}")
PY
echo "exit status $status; check wall time $(echo "$end - $start" | bc) s"
