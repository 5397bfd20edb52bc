#!/usr/bin/env python3
"""Adds foreign trade to a model folder written by `gosplan generate` (docs/benchmarks.md, "Foreign
trade"): a world_prices.csv giving every product an export and an import price in every plan year,
and a [trade] table in model.toml. Prices are drawn from a seeded generator (same seed, same
file): export price uniform in [0.5, 1.5] currency units per unit, import price 1.25 times it (so
re-exporting an import never pays), no caps. Used only to measure the size and solve time of the
plan LP with and without trade.

Usage: add_world_prices.py MODEL_DIR [--seed N] [--credit-limit C] [--interest-rate R]
"""
import argparse
import pathlib
import random
import re


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--credit-limit", type=float, default=100.0)
    parser.add_argument("--interest-rate", type=float, default=0.05)
    args = parser.parse_args()
    folder = pathlib.Path(args.model)
    toml = (folder / "model.toml").read_text()
    base_year = int(re.search(r"^base_year\s*=\s*(-?\d+)", toml, re.M).group(1))
    horizon = int(re.search(r"^horizon\s*=\s*(\d+)", toml, re.M).group(1))
    products = []
    for line in (folder / "products.csv").read_text().splitlines()[1:]:
        if line and not line.startswith("#"):
            products.append(line.split(",")[0])
    rng = random.Random(args.seed)
    rows = ["product,year,export_price,import_price"]
    for product in products:
        for t in range(1, horizon + 1):
            export = round(rng.uniform(0.5, 1.5), 4)
            rows.append(f"{product},{base_year + t},{export},{round(1.25 * export, 4)}")
    (folder / "world_prices.csv").write_text("\n".join(rows) + "\n")
    if "[trade]" not in toml:
        trade = (f"\n[trade]\ncurrency = \"currency units\"\ncredit_limit = {args.credit_limit}\n"
                 f"interest_rate = {args.interest_rate}\n")
        # [trade] must come before [tables] only for readability; TOML allows any order.
        toml = toml.replace("\n[tables]", trade + "\n[tables]", 1) if "\n[tables]" in toml else toml + trade
        if "world_prices" not in toml and "\n[tables]" in toml:
            toml = toml.rstrip("\n") + "\nworld_prices = \"world_prices.csv\"\n"
        (folder / "model.toml").write_text(toml)


if __name__ == "__main__":
    main()
