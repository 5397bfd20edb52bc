#!/usr/bin/env bash
# Reading office-style CSV: the cost of a dialect (';' between fields, decimal commas, Windows-1252)
# against RFC 4180, for gosplan's whole model load and for pandas' read_csv in the same run.
# A generated economy (N products × 8 inputs × 5 years) is written by `gosplan generate`, then rewritten
# by Python's csv module into the European dialect (numbers with a decimal comma, text encoded cp1252)
# with `[csv] delimiter = ";" decimal = "," encoding = "cp1252"` in model.toml. Each load is timed three
# times (best wall-clock time kept): `gosplan model check --no-cache` (tokenising, number parsing, id
# resolution, every validation) and pandas.read_csv of every table (sep, decimal and encoding given,
# and each column's dtype: float64 for numbers, int64 for years, str for ids and text, as the
# model holds them). gosplan runs on one thread (OMP_NUM_THREADS=1) and on all cores; for each run
# of the best of three the user + system CPU seconds and the peak resident memory are printed too,
# with the load average before and after, and the peak memory of `model check` from the binary
# cache (the model itself, for the memory figure of the load from tables).
# Usage: bench/csv_dialect_bench.sh [N=100000]    (needs python3-pandas: apt-get install python3-pandas)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
gosplan=${GOSPLAN:-build/gosplan}  # GOSPLAN=path: another build (e.g. the one before a change)
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
best() {  # "wall cpu rss_mb" of the best (wall-clock) of three runs of "$@"
  local best_line="1e9 0 0"
  for _ in 1 2 3; do
    /usr/bin/time -o "$work/time" -f '%e %U %S %M' "$@" >/dev/null
    best_line=$(echo "$(cat "$work/time") $best_line" |
      awk '{if ($1 < $5) printf "%s %.2f %.0f", $1, $2 + $3, $4 / 1024; else print $5, $6, $7}')
  done
  echo "$best_line"
}
# pandas_load.py FOLDER ARGUMENTS: reads every table of FOLDER with read_csv ARGUMENTS
cat >"$work/pandas_load.py" <<'PY'
import csv, os, sys, pandas
folder, arguments = sys.argv[1], eval(sys.argv[2])
integers = {"year", "year_usable", "year_offset"}
texts = {"id", "name", "unit", "units", "group", "storable", "technique", "product", "resource",
         "enterprise", "enterprise_kind", "kind", "region", "category", "description"}
for name in sorted(os.listdir(folder)):
    if name.endswith(".csv"):
        path = os.path.join(folder, name)
        with open(path, newline="", encoding=arguments.get("encoding", "utf-8")) as f:
            header = next(row for row in csv.reader(f, delimiter=arguments.get("sep", ","))
                          if row and not row[0].startswith("#"))
        dtype = {c: ("int64" if c in integers else str if c in texts else "float64") for c in header}
        pandas.read_csv(path, comment="#", dtype=dtype, **arguments)
PY
mb() { du -cb "$1"/*.csv | tail -1 | awk '{printf "%.1f", $1 / 1e6}'; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
row() {  # label, size, "wall cpu rss"
  echo "$3" | awk -v label="$1" -v size="$2" \
    '{printf "| %s | %.2f (%.0f) | %.2f | %d |\n", label, $1, size / $1, $2, $3}'
}
echo "| tables ($n products) | run | wall s (MB/s) | CPU s | peak MB |"
echo "|---|---|---|---|---|"
for kind in rfc europe; do
  size=$(mb "$work/$kind")
  if [ "$kind" = rfc ]; then label="RFC 4180 (',' '.' UTF-8), $size MB"; arguments="{}"; else
    label="';' decimal ',' cp1252, $size MB"
    arguments="dict(sep=';', decimal=',', encoding='cp1252')"; fi
  row "$label | gosplan, 1 thread" "$size" \
    "$(OMP_NUM_THREADS=1 best "$gosplan" model check --no-cache -q "$work/$kind")"
  row "$label | gosplan, $(nproc) threads" "$size" \
    "$(best "$gosplan" model check --no-cache -q "$work/$kind")"
  row "$label | pandas read_csv (dtypes)" "$size" "$(best "$python" "$work/pandas_load.py" "$work/$kind" "$arguments")"
done
"$gosplan" model cache -q "$work/rfc" >/dev/null
row "the model from its binary cache | gosplan model check" 1 \
  "$(best "$gosplan" model check -q "$work/rfc")"
echo "load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
