#!/usr/bin/env bash
# Benchmark of `gosplan check`'s minimal conflict when every quota is reachable alone but not all
# together (docs/check.md, "3. Why: a minimal conflict"): a generated economy of PRODUCTS products
# (default 200) × 5 years and QUOTAS quotas (default 30) at FACTOR× (default 3) a random product's
# output in the last plan year of the base plan. Prints the conflict's size by kind, the solves and
# the wall time of the diagnosis. Not a test: timings depend on the machine.
#   bench/check_conflict_benchmark.sh [BUILD_DIR] [WORK_DIR]
set -euo pipefail
build=${1:-build}
work=${2:-$(mktemp -d /tmp/check_conflict.XXXXXX)}
products=${PRODUCTS:-200}
quotas=${QUOTAS:-30}
factor=${FACTOR:-3}
gosplan="$build/gosplan"
model="$work/g$products"
"$gosplan" generate --products "$products" --inputs-per-product 8 --years 5 --seed 1 --out "$model" --force -q
"$gosplan" plan "$model" --out "$work/base" --force -q > /dev/null
python3 - "$model" "$work/base/balances.csv" "$work/quotas.csv" "$quotas" "$factor" <<'PY'
import csv, random, sys, tomllib
model, balances, out, count, factor = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
with open(f"{model}/model.toml", "rb") as f:
    manifest = tomllib.load(f)
last = manifest["base_year"] + manifest["horizon"]
production = {}
with open(balances) as f:
    for row in csv.DictReader(f):
        if int(row["year"]) == last and float(row["production"]) > 0:
            production[row["product"]] = float(row["production"])
rng = random.Random(1)
with open(out, "w") as f:
    f.write("id,product,enterprise,year,quantity\n")
    for k, product in enumerate(rng.sample(sorted(production), count)):
        f.write(f"q{k:02d},{product},,{last},{production[product] * factor:.6g}\n")
PY
start=$(date +%s.%N)
set +e
"$gosplan" check "$model" --targets "$work/quotas.csv" --format json -q ${CHECK_FLAGS:-} > "$work/check.json"
status=$?
set -e
end=$(date +%s.%N)
python3 - "$work/check.json" <<'PY'
import collections, json, sys
report = json.load(open(sys.argv[1]))
alone = [q for q in report["quotas"] if not q["reachable_alone"]]
kinds = collections.Counter(m["kind"] for m in report["conflict"])
print(f"feasible={report['feasible']} quotas={len(report['quotas'])} unreachable_alone={len(alone)} "
      f"conflict={len(report['conflict'])} {dict(sorted(kinds.items()))} "
      f"minimal={report['conflict_minimal']} solves={report['solves']} iterations={report['iterations']}")
PY
echo "exit status $status; check wall time $(echo "$end - $start" | bc) s"
