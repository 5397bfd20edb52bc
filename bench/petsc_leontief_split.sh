#!/bin/bash
# The PETSc Leontief solve (`mpirun -n P gosplan io --coefficients ... --backend petsc`) on 1 and 2
# ranks with the interleaved and the contiguous split (docs/distributed.md; docs/benchmarks.md,
# "Balanced split"), the serial backend in the same run as the peer. Per run: the load average,
# the command's own solve time (rank 0's wall and CPU), every rank's CPU seconds and peak memory
# (/usr/bin/time), PETSc's -log_view max time, max/min time ratio and flop ratio of the events
# that matter, and the answers' normwise difference from the serial backend's.
# Usage: bench/petsc_leontief_split.sh DIR [LABEL:P:PETSC-OPTIONS ...]
#   DIR holds A.mtx, y.txt, labour.txt (gosplan generate --matrix-market); BUILD=build folder
#   (default build); OUT=folder for the outputs (default a new /tmp/gosplan-split.XXXXXX); YIELD=1:
#   the ranks yield their core while they wait for a message (Open MPI's mpi_yield_when_idle) —
#   on a loaded machine their CPU seconds then count their work, not their spinning.
#   Wall times on a loaded machine: with the kernel's autogroup scheduling (Debian's default) all
#   processes of one login session share one session's CPU share, so a second rank adds no CPU
#   time there and P = 2 cannot beat P = 1 in wall time; compare CPU seconds and -log_view ratios.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$here/build}
dir=${1:?usage: $0 DIR [LABEL:P:PETSC-OPTIONS ...]}
shift
out=${OUT:-$(mktemp -d /tmp/gosplan-split.XXXXXX)}
mkdir -p "$out"
configs=("$@")
if [ ${#configs[@]} -eq 0 ]; then
  configs=("p1-ilu:1:" "p1-jacobi:1:-pc_type jacobi"
           "p2-contiguous-jacobi:2:-leontief_split contiguous -pc_type jacobi"
           "p2-interleaved-jacobi:2:-pc_type jacobi"
           "p2-contiguous-ilu:2:-leontief_split contiguous"
           "p2-interleaved-ilu:2:")
fi
files=(--coefficients "$dir/A.mtx" --final-demand "$dir/y.txt" --primary "labour=$dir/labour.txt" --format json)
export OMP_NUM_THREADS=1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none

echo "| run | load (1 min) | solve wall (rank 0) | solve CPU (rank 0) | CPU user+sys per rank (whole run) | peak RSS per rank | Krylov its (x, v) | residual | diff x / v vs serial |"
echo "|---|---|---|---|---|---|---|---|---|"
load() { cut -d' ' -f1 /proc/loadavg; }
report() {  # label json err time-files...
  local label=$1 json=$2 err=$3; shift 3

  local timing cpu rss
  timing=$(grep -oE 'solve [0-9.]+ s \((rank 0 )?CPU [0-9.]+ s\)' "$err" | head -1)
  cpu=$(for t in "$@"; do awk -F': ' '/User time/{u=$2}/System time/{s=$2}END{printf "%.1f ", u+s}' "$t"; done)
  rss=$(for t in "$@"; do awk -F': ' '/Maximum resident/{printf "%d ", $2/1024}' "$t"; done)
  /usr/bin/python3 - "$label" "$json" "$out/serial.json" "$timing" "$cpu" "$rss" "$LOADNOW" <<'PY'
import json, sys
label, path, ref, timing, cpu, rss, load = sys.argv[1:]
d = json.load(open(path)); r = json.load(open(ref))
def diff(a, b):
    return max(abs(x - y) for x, y in zip(a, b)) / max(abs(x) for x in a)
dx = diff(r["total_output"], d["total_output"])
dv = diff(r["multipliers"]["labour"], d["multipliers"]["labour"])
import re
m = re.match(r"solve ([0-9.]+) s \((?:rank 0 )?CPU ([0-9.]+) s\)", timing)
its = d.get("iterations_by_system", {})
print(f"| {label} | {load} | {m.group(1)} s | {m.group(2)} s | {cpu.strip()} s | {rss.strip()} MB | "
      f"{its.get('total_output')}, {its.get('labour')} | {d['residual']:.1e} | {dx:.1e} / {dv:.1e} |")
PY
}

LOADNOW=$(load)
/usr/bin/time -v -o "$out/time.serial.0" "$build/gosplan" io "${files[@]}" \
  > "$out/serial.json" 2> "$out/serial.err"
report serial-1-thread "$out/serial.json" "$out/serial.err" "$out/time.serial.0"
for config in "${configs[@]}"; do
  IFS=: read -r label ranks options <<< "$config"
  LOADNOW=$(load)
  mpirun -n "$ranks" --oversubscribe --bind-to none --mca mpi_yield_when_idle "${YIELD:-0}" bash -c \
    '/usr/bin/time -v -o "$0/time.$1.$OMPI_COMM_WORLD_RANK" "$2" io "${@:3}"' \
    "$out" "$label" "$build/gosplan" "${files[@]}" --backend petsc \
    --petsc-options="$options -log_view :$out/logview.$label.txt" \
    > "$out/$label.json" 2> "$out/$label.err"
  times=()
  for ((r = 0; r < ranks; ++r)); do times+=("$out/time.$label.$r"); done
  report "$label" "$out/$label.json" "$out/$label.err" "${times[@]}"
done
echo
echo "-log_view (max time s, max/min time ratio, flop ratio):"
for config in "${configs[@]}"; do
  IFS=: read -r label ranks options <<< "$config"
  printf '%s:' "$label"
  awk '$1 ~ /^(MatMult|MatMultTranspose|VecMDot|VecMAXPY|VecScatterEnd|PCSetUp|PCApply|KSPSolve)$/ {
         printf " %s %s s (max/min %s, flop ratio %s);", $1, $4, $5, $7 }' "$out/logview.$label.txt"
  echo
done
echo "outputs: $out"
