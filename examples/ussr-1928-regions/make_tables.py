#!/usr/bin/env python3
"""Writes the tables of examples/ussr-1928-regions that differ from ../ussr-1928 (README.md says
why): regions.csv, enterprises.csv (each enterprise placed in one of three regions, six small
eastern service enterprises added), enterprise_techniques.csv and initial_stocks.csv (the base
rows plus those five), final_demand.csv (the base rows, consumed in the west) and
transport_links.csv (every movable product between every two regions, both ways). Run from this
folder: python3 make_tables.py. The output is deterministic; the CSVs are committed."""
import csv
import io

BASE = "../ussr-1928/"

REGIONS = [
    ("west", "European USSR and the rest of the Union"),
    ("urals", "Urals (Magnitogorsk; Sverdlovsk; Chelyabinsk)"),
    ("kuzbass", "Western Siberia (Kuznetsk basin)"),
]
URALS = {"ural_ore", "uralmet", "magnitogorsk", "uralmash", "chtz"}
KUZBASS = {"kuzbassugol", "kuznetsk", "kf_siberia"}

# The eastern regions' own power stations, building trusts and (Kuzbass) railway: stylised small
# capacities that the base model counts in its aggregates. (id, name, kind, region, lag,
# technique, max_activity, {capital good: initial stock}); stocks = b[p,i] x the base activity
# given in the name's note.
NEW = [
    ("ural_power", "Urals power stations (stylised)", "power_station", "urals", 2, "elec_thermal",
     2, {"machinery": 30, "construction": 45}),                       # 0.5 bn kWh
    ("kuzbass_power", "Kuzbass power stations (stylised)", "power_station", "kuzbass", 2,
     "elec_thermal", 1.5, {"machinery": 24, "construction": 36}),     # 0.4 bn kWh
    ("ural_building", "Urals building trusts (stylised)", "other", "urals", 1, "building", "",
     {"machinery": 30, "motor_vehicles": 0.6, "construction": 15}),  # 300 mn roubles
    ("kuzbass_building", "Kuzbass building trusts (stylised)", "other", "kuzbass", 1, "building",
     "", {"machinery": 20, "motor_vehicles": 0.4, "construction": 10}),  # 200 mn roubles
    ("ural_rail", "Perm and Southern Urals railways (stylised)", "other", "urals", 2,
     "rail_transport", 20, {"machinery": 90, "construction": 240}),  # 6 bn t-km
    ("kuzbass_rail", "Tomsk railway in the Kuznetsk basin (stylised)", "other", "kuzbass", 2,
     "rail_transport", 20, {"machinery": 90, "construction": 240}),  # 6 bn t-km
]

# Rail distances between the regions' centres of gravity, km (stylised; README.md).
DISTANCE = {("west", "urals"): 1800, ("west", "kuzbass"): 3600, ("urals", "kuzbass"): 2000}
# Tonnes per unit of each movable product (stylised; README.md): rail freight is bn t-km, so a
# product unit moved one km takes weight(Mt per unit) x 0.001 bn t-km.
WEIGHT_MT = {
    "coal": 1, "oil": 1, "iron_ore": 1, "coke": 1, "pig_iron": 1, "steel": 1, "cement": 1,
    "superphosphates": 1, "grain": 1, "raw_cotton": 1, "timber": 0.6, "raw_wool": 0.001,
    "machinery": 0.001, "defence_goods": 0.001, "consumer_goods": 0.001,
    "livestock_products": 0.001, "tractors": 0.003, "motor_vehicles": 0.003,
    "cotton_cloth": 0.15, "wool_cloth": 0.0005,
}
# The combine's two shuttles, with a yearly capacity and construction of more (stylised): coal
# from the Kuznetsk basin to Magnitogorsk, ore back. Capacity in Mt a year; a Mt a year more takes
# 30 mn roubles of building work in the origin region, usable two years later.
SHUTTLES = {("kuzbass", "urals", "coal"): 2.0, ("urals", "kuzbass", "iron_ore"): 1.5}


def read(name):
    with open(BASE + name, newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.reader(lines))


def write(name, header_comment, rows):
    out = io.StringIO()
    for line in header_comment:
        out.write("# " + line + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    with open(name, "w", newline="") as f:
        f.write(out.getvalue())


def main():
    write("regions.csv", ["Three regions of the Ural-Kuznetsk Combine model (make_tables.py)."],
          [["id", "name"]] + [list(r) for r in REGIONS])

    enterprises = read("enterprises.csv")
    header = enterprises[0]
    region_col = header.index("region")
    rows = [header]
    for row in enterprises[1:]:
        row = list(row)
        row[region_col] = "urals" if row[0] in URALS else "kuzbass" if row[0] in KUZBASS else "west"
        rows.append(row)
    for (eid, name, kind, region, lag, *_rest) in NEW:
        rows.append([eid, name, kind, region, str(lag)])
    write("enterprises.csv", ["The base model's enterprises placed in three regions, and six",
                              "stylised eastern service enterprises (make_tables.py)."], rows)

    runs = read("enterprise_techniques.csv")
    rows = [runs[0]] + runs[1:]
    for (eid, _n, _k, _r, _l, technique, cap, _s) in NEW:
        rows.append([eid, technique, "", str(cap), ""])
    write("enterprise_techniques.csv", ["The base model's rows and the six eastern enterprises'."],
          rows)

    stocks = read("initial_stocks.csv")
    rows = [stocks[0]] + stocks[1:]
    for (eid, *_r, held) in NEW:
        for product, quantity in held.items():
            rows.append([eid, product, str(quantity)])
    write("initial_stocks.csv", ["The base model's stocks and the six eastern enterprises'."],
          rows)

    demand = read("final_demand.csv")
    rows = [demand[0] + ["region"]] + [row + ["west"] for row in demand[1:]]
    write("final_demand.csv", ["The base model's final demand, all consumed in the west",
                               "(where the population and the army are, stylised)."], rows)

    header = ["id", "from_region", "to_region", "product", "distance_km", "transport_product",
              "transport_per_unit_km", "capacity", "capacity_product", "capacity_cost",
              "construction_lag"]
    rows = [header]
    for (a, b), km in DISTANCE.items():
        for src, dst in ((a, b), (b, a)):
            for product, weight in WEIGHT_MT.items():
                per_km = f"{weight * 0.001:.10g}"
                capacity = SHUTTLES.get((src, dst, product))
                rows.append([f"{product}_{src}_{dst}", src, dst, product, str(km), "transport",
                             per_km, "" if capacity is None else str(capacity),
                             "" if capacity is None else "construction",
                             "" if capacity is None else "30", "" if capacity is None else "2"])
    write("transport_links.csv", ["Every movable product between every two regions, both ways",
                                  "(make_tables.py; distances and weights stylised, README.md)."],
          rows)


main()
