#!/usr/bin/env python3
"""Each group's fulfilment in a plan folder, from its balances.csv alone (docs/planning-model.md,
"Max–min fulfilment across groups"): a group is a final-demand category with a target; in year t
its fulfilment is the least over its products of final use / target, its level the years'
fulfilments weighted by model.toml's year_weights over the years with a target. Works for a plan
of any objective (the plan ray's, harmony's, ...), so plans can be compared by who gets what; for a
maxmin plan it repeats groups.csv by an independent path.

Usage: scripts/group_fulfilment.py MODEL_DIR PLAN_DIR   (prints group,year,fulfilment rows and
group,level rows as CSV)"""
import csv
import sys
import tomllib
from collections import defaultdict


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def main(model, plan):
    with open(f"{model}/model.toml", "rb") as f:
        toml = tomllib.load(f)
    tables = toml.get("tables", {})
    demand = rows(f"{model}/{tables.get('final_demand', 'final_demand.csv')}")
    target = defaultdict(float)  # (category, product, year) -> Σ target
    for r in demand:
        if (r.get("target") or "").strip():
            target[(r["category"], r["product"], int(r["year"]))] += float(r["target"])
    use = {}
    for r in rows(f"{plan}/balances.csv"):
        for key, value in r.items():
            if key.startswith("final_"):
                use[(key[len("final_"):], r["product"], int(r["year"]))] = float(value)
    base = toml["base_year"]
    horizon = int(rows_summary(plan)["horizon"])
    weights = toml.get("objective", {}).get("year_weights") or [1.0] * horizon
    if len(weights) != horizon:
        weights = [1.0] * horizon
    groups = sorted({c for (c, _, _), v in target.items() if v > 0})
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["group", "year", "fulfilment"])
    levels = {}
    for g in groups:
        total = weighted = 0.0
        for t in range(1, horizon + 1):
            ratios = [use.get((g, i, base + t), 0.0) / v
                      for (c, i, y), v in target.items() if c == g and y == base + t and v > 0]
            if not ratios:
                continue
            out.writerow([g, base + t, f"{min(ratios):.6g}"])
            weighted += weights[t - 1] * min(ratios)
            total += weights[t - 1]
        levels[g] = weighted / total if total > 0 else 0.0
    out.writerow(["group", "level", ""])
    for g in groups:
        out.writerow([g, "level", f"{levels[g]:.6g}"])


def rows_summary(plan):
    import json
    with open(f"{plan}/summary.json", encoding="utf-8") as f:
        return json.load(f)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
