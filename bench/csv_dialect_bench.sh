#!/usr/bin/env bash
# Reading office-style CSV: the cost of a dialect (';' between fields, decimal commas, Windows-1252)
# against RFC 4180, for gosplan's whole model load and for pandas' read_csv in the same run.
# A generated economy (N products × 8 inputs × 5 years) is written by `gosplan generate`, then rewritten
# by Python's csv module into the European dialect (numbers with a decimal comma, text encoded cp1252)
# with `[csv] delimiter = ";" decimal = "," encoding = "cp1252"` in model.toml. Each load is timed three
# times (best wall-clock time kept): `gosplan model check --no-cache` (tokenising, number parsing, id
# resolution, every validation) and pandas.read_csv of every table (sep, decimal and encoding given).
# Usage: bench/csv_dialect_bench.sh [N=100000]    (needs python3-pandas: apt-get install python3-pandas)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
gosplan=build/gosplan
python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$gosplan" generate --products "$n" --inputs-per-product 8 --years 5 --seed 1 --out "$work/rfc" -q
"$python" - "$work/rfc" "$work/europe" <<'PY'
import csv, os, sys
source, target = sys.argv[1], sys.argv[2]
os.makedirs(target)
def european(field):
    try:
        float(field)
    except ValueError:
        return field
    return field.replace(".", ",")
for name in os.listdir(source):
    path = os.path.join(source, name)
    if name.endswith(".csv"):
        with open(path, newline="", encoding="utf-8") as f, \
             open(os.path.join(target, name), "w", newline="", encoding="cp1252") as g:
            writer = csv.writer(g, delimiter=";", lineterminator="\n")
            for row in csv.reader(f):
                writer.writerow([european(x) for x in row])
    elif name == "model.toml":
        text = open(path, encoding="utf-8").read()
        open(os.path.join(target, name), "w", encoding="utf-8").write(
            text + '\n[csv]\ndelimiter = ";"\ndecimal = ","\nencoding = "cp1252"\n')
PY
best() {  # best wall-clock seconds of three runs of "$@"
  local best_seconds=""
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    best_seconds=$(echo "$start $end ${best_seconds:-1e9}" | awk '{t = $2 - $1; print (t < $3 ? t : $3)}')
  done
  echo "$best_seconds"
}
pandas_load() {  # reads every table of folder $1 with read_csv arguments $2
  "$python" - "$1" "$2" <<'PY'
import os, sys, pandas
folder, arguments = sys.argv[1], eval(sys.argv[2])
for name in sorted(os.listdir(folder)):
    if name.endswith(".csv"):
        pandas.read_csv(os.path.join(folder, name), comment="#", **arguments)
PY
}
mb() { du -cb "$1"/*.csv | tail -1 | awk '{printf "%.1f", $1 / 1e6}'; }
gosplan_rfc=$(best "$gosplan" model check --no-cache -q "$work/rfc")
gosplan_eu=$(best "$gosplan" model check --no-cache -q "$work/europe")
pandas_rfc=$(best pandas_load "$work/rfc" "{}")
pandas_eu=$(best pandas_load "$work/europe" "dict(sep=';', decimal=',', encoding='cp1252')")
echo "| tables | CSV MB | gosplan model check --no-cache s (MB/s) | pandas read_csv s (MB/s) |"
echo "|---|---|---|---|"
for kind in rfc europe; do
  size=$(mb "$work/$kind")
  if [ "$kind" = rfc ]; then g=$gosplan_rfc; p=$pandas_rfc; label="RFC 4180 (',' '.' UTF-8)"; else
    g=$gosplan_eu; p=$pandas_eu; label="';' decimal ',' cp1252"; fi
  echo "| $label, $n products | $size | $(printf '%.2f' "$g") ($(echo "$size $g" | awk '{printf "%.0f", $1 / $2}')) | $(printf '%.2f' "$p") ($(echo "$size $p" | awk '{printf "%.0f", $1 / $2}')) |"
done
