#!/usr/bin/env bash
# What-if re-solves on the generated 1,000-product economy (docs/benchmarks.md, "What if"): the
# warm re-solve of each edit kind by `gosplan plan --what-if` against its peer in the same run, a
# cold `gosplan plan` of the same edited model folder (edited here with plain text tools); and the
# same edits with `--solver pdlp` (one session warm-starting PDLP from the base plan's point, docs/
# what-if.md) against a cold `gosplan plan --solver pdlp` of each edited folder. Every gosplan run
# is timed by /usr/bin/time: wall and CPU seconds (user + system) with the load average.
# Usage: bench/what_if_benchmark.sh [GOSPLAN] [WORKDIR]
set -euo pipefail
GOSPLAN=${1:-build/gosplan}
WORK=${2:-/tmp/what_if_bench}
rm -rf "$WORK" && mkdir -p "$WORK"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
"$GOSPLAN" generate -q --products 1000 --inputs-per-product 8 --years 5 --seed 1 --out "$WORK/model"
# A copy with one quota (p1 in 2030), for the quota edit (quotas as law).
cp -r "$WORK/model" "$WORK/quota_model"
printf 'id,product,enterprise,year,quantity\nq_p1,p1,,2030,1\n' > "$WORK/quota_model/targets.csv"

# The base plan (cold), to choose edits that bind.
"$GOSPLAN" plan -q "$WORK/model" --out "$WORK/base_plan"
python3 - "$WORK" <<'PY'
import csv, sys
work = sys.argv[1]
avail = {r['year']: float(r['quantity']) for r in csv.DictReader(open(f'{work}/model/resource_availability.csv'))}
out = {}
for r in csv.DictReader(open(f'{work}/base_plan/targets.csv')):
    out[(r['enterprise'], r['product'], r['year'])] = float(r['quantity'])
fd = {}
for r in csv.DictReader(open(f'{work}/base_plan/balances.csv')):
    pass
e0 = max(q for (e, p, y), q in out.items() if e == 'e0')
p1_2030 = sum(q for (e, p, y), q in out.items() if p == 'p1' and y == '2030')
edits = [
    ('labour_minus_5pct', 'resource_availability', 'labour', '', '2026', 0.95 * avail['2026']),
    ('floor_p0', 'final_demand_floor', 'p0', 'consumption', '2028', None),
    ('cap_e0', 'enterprise_capacity', 'e0', 'make_p0', '', 0.8 * e0),
    ('site_p5', 'construction_site', 'new_site', 'make_p5', '', ''),
]
# floor of p0 in 2028: 1.5 x its final use in the base plan (balances.csv final_use_* columns)
rows = list(csv.DictReader(open(f'{work}/base_plan/balances.csv')))
for r in rows:
    if r['product'] == 'p0' and r['year'] == '2028':
        use = sum(float(v) for k, v in r.items() if k.startswith('final_'))
edits[1] = edits[1][:5] + (1.5 * use,)
with open(f'{work}/edits.csv', 'w') as f:
    f.write('edit,kind,id,detail,year,value\n')
    for e in edits:
        f.write(','.join(str(x) for x in e) + '\n')
with open(f'{work}/quota_edits.csv', 'w') as f:
    f.write('edit,kind,id,detail,year,value\n')
    f.write(f'quota_p1,quota,q_p1,,,{1.2 * p1_2030}\n')
PY
cat "$WORK/edits.csv" "$WORK/quota_edits.csv"

TIME=(/usr/bin/time -f "%e s wall, %U+%S s CPU")
echo "== warm (one session each)"
"${TIME[@]}" "$GOSPLAN" plan "$WORK/model" --what-if "$WORK/edits.csv" --timings "$WORK/warm.csv" --format csv \
  > "$WORK/warm_table.csv"
"${TIME[@]}" "$GOSPLAN" plan "$WORK/quota_model" --quotas-as-constraints --what-if "$WORK/quota_edits.csv" \
  --timings "$WORK/warm_quota.csv" --format csv > "$WORK/warm_quota_table.csv"
cat "$WORK/warm.csv" "$WORK/warm_quota.csv"
echo "== warm PDLP (--solver pdlp: each scenario warm-started from the base plan's PDLP point)"
for solver in pdlp; do
  "${TIME[@]}" "$GOSPLAN" plan -q "$WORK/model" --solver $solver --what-if "$WORK/edits.csv" \
    --timings "$WORK/warm_$solver.csv" --format csv > /dev/null
  "${TIME[@]}" "$GOSPLAN" plan -q "$WORK/quota_model" --quotas-as-constraints --solver $solver \
    --what-if "$WORK/quota_edits.csv" --timings "$WORK/warm_quota_$solver.csv" --format csv > /dev/null
  echo "-- $solver"; cat "$WORK/warm_$solver.csv" "$WORK/warm_quota_$solver.csv"
done
echo "load average after the warm runs: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== cold peers: gosplan plan on the edited model folders"
python3 - "$WORK" <<'PY'
import csv, os, shutil, sys
work = sys.argv[1]
def edited(name, base, change):
    folder = f'{work}/cold_{name}'
    shutil.copytree(f'{work}/{base}', folder)
    change(folder)
    return folder
def replace_line(path, match, new):
    lines = open(path).read().split('\n')
    lines = [new if match(l) else l for l in lines]
    open(path, 'w').write('\n'.join(lines))
edits = list(csv.DictReader(open(f'{work}/edits.csv'))) + list(csv.DictReader(open(f'{work}/quota_edits.csv')))
with open(f'{work}/cold_list.txt', 'w') as out:
    for e in edits:
        n, k = e['edit'], e['kind']
        if k == 'resource_availability':
            f = edited(n, 'model', lambda d: replace_line(f'{d}/resource_availability.csv', lambda l: l.startswith(f"{e['id']},{e['year']},"), f"{e['id']},{e['year']},{e['value']}"))
        elif k == 'final_demand_floor':
            def ch(d):
                rows = list(csv.reader(open(f'{d}/final_demand.csv')))
                for r in rows[1:]:
                    if r[0] == e['detail'] and r[1] == e['id'] and r[2] == e['year']: r[3] = e['value']
                csv.writer(open(f'{d}/final_demand.csv', 'w'), lineterminator='\n').writerows(rows)
            f = edited(n, 'model', ch)
        elif k == 'enterprise_capacity':
            f = edited(n, 'model', lambda d: replace_line(f'{d}/enterprise_techniques.csv', lambda l: l.startswith(f"{e['id']},{e['detail']},"), f"{e['id']},{e['detail']},0,{e['value']}"))
        elif k == 'construction_site':
            def ch(d):
                open(f'{d}/enterprises.csv', 'a').write(f"{e['id']},{e['id']},construction_site,,1\n")
                open(f'{d}/enterprise_techniques.csv', 'a').write(f"{e['id']},{e['detail']},0,{e['value']}\n")
            f = edited(n, 'model', ch)
        elif k == 'quota':
            f = edited(n, 'quota_model', lambda d: replace_line(f'{d}/targets.csv', lambda l: l.startswith('q_p1,'), f"q_p1,p1,,2030,{e['value']}"))
        out.write(f'{n} {f} {"--quotas-as-constraints" if k == "quota" else ""}\n')
PY
while read -r name folder extra; do
  "$GOSPLAN" plan -q "$folder" $extra --timings "$WORK/cold_$name.json" --format csv > "$WORK/cold_$name.csv" || true
  echo "$name cold: $(grep -E '^(status|objective),' "$WORK/cold_$name.csv" | tr '\n' ' ') $(tr -d '\n ' < "$WORK/cold_$name.json")"
  # The cold PDLP peer: status, objective, iterations from the JSON plan; seconds from --timings.
  "${TIME[@]}" "$GOSPLAN" plan -q "$folder" $extra --solver pdlp --timings "$WORK/cold_pdlp_$name.json" \
    --format json > "$WORK/cold_pdlp_$name.plan.json" || true
  echo "$name cold pdlp: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("status"), d.get("objective"), "iterations", d.get("iterations"), "tolerance", d.get("tolerance"))' "$WORK/cold_pdlp_$name.plan.json") $(tr -d '\n ' < "$WORK/cold_pdlp_$name.json")"
done < "$WORK/cold_list.txt"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
