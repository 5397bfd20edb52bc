#!/usr/bin/env bash
# Strong scaling on this machine (issue 19): the same problem on the serial backend (1 and 2
# threads) and on the PETSc backend at P = 1 and P = 2, in one run, one after the other.
#
#   bench/strong_scaling.sh leontief DIR       # DIR holds A.mtx, y.txt, labour.txt (generate --matrix-market)
#   bench/strong_scaling.sh plan MODEL PARTS   # MODEL a model folder, PARTS its `gosplan partition` folders
#                                              #   PARTS-1 and PARTS-2 (made here when missing)
#   PLAN_ARGS="--time-limit 60"   extra plan options (a time limit gives a per-iteration figure: the
#                                 progress lines' iteration counts and times are in each run's .err)
#   ONLY_PETSC=1                  skip the serial plan runs
#
# Each process (each MPI rank) runs under /usr/bin/time (wall, user+system CPU summed over the ranks,
# peak RSS per rank) and the run prints one row with its own timing line; stdout of each solve goes to $OUT_DIR for comparison.
# Never a pass/fail test: the figures go into docs/benchmarks.md with the load they were taken at.
set -euo pipefail
GOSPLAN=${GOSPLAN:-build/gosplan}
OUT_DIR=${OUT_DIR:-$(mktemp -d /tmp/gosplan-scaling.XXXXXX)}
MPIRUN=(mpirun --oversubscribe --bind-to none --allow-run-as-root)
export OMP_NUM_THREADS=1

row() {  # label, then the command (serial)
  local label=$1; shift
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f '%e %U %S %M' -o "$OUT_DIR/time.$label.0" "$@" > "$OUT_DIR/$label.out" \
    2> "$OUT_DIR/$label.err" || echo "$label: exit $? (see $OUT_DIR/$label.err)"
  report "$label" 1 "$load"
}
mpi_row() {  # label, ranks, then the command: each rank under its own /usr/bin/time
  local label=$1 ranks=$2; shift 2
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  local start; start=$(date +%s.%N)
  "${MPIRUN[@]}" -n "$ranks" bash -c 'exec /usr/bin/time -f "%e %U %S %M" -o "$0.$OMPI_COMM_WORLD_RANK" "$@"' \
    "$OUT_DIR/time.$label" "$@" > "$OUT_DIR/$label.out" 2> "$OUT_DIR/$label.err" ||
    echo "$label: exit $? (see $OUT_DIR/$label.err)"
  report "$label" "$ranks" "$load" "$(echo "$(date +%s.%N) - $start" | bc)"
}
report() {  # label, ranks, load[, wall of the whole job]: wall, CPU summed over ranks, RSS per rank
  local label=$1 ranks=$2 load=$3 wall=${4:-} cpu=0 rss="" r
  for ((r = 0; r < ranks; ++r)); do
    read -r w user sys m < <(tail -1 "$OUT_DIR/time.$label.$r")
    [[ -n ${4:-} ]] || wall=$w
    cpu=$(echo "$cpu + $user + $sys" | bc)
    rss+="${rss:+ / }$((m / 1024))"
  done
  printf '| %s | %.2f s | %.1f s | %s MB | %s | %s |\n' "$label" "$wall" "$cpu" "$rss" "$load" \
    "$(grep -h 'timings' "$OUT_DIR/$label.err" | head -1 | sed 's/^gosplan: timings: //')"
}

echo "| run | wall | CPU (all ranks) | peak RSS (rank 0 / rank 1) | load at start | the run's own timings |"
echo "|---|---|---|---|---|---|"
case ${1:-} in
  leontief)
    dir=$2
    args=(io --coefficients "$dir/A.mtx" --final-demand "$dir/y.txt" --primary "labour=$dir/labour.txt" --format json)
    row serial-1-thread env OMP_NUM_THREADS=1 "$GOSPLAN" "${args[@]}"
    row serial-2-threads env OMP_NUM_THREADS=2 OMP_WAIT_POLICY=passive "$GOSPLAN" "${args[@]}"
    row serial-1-thread-gauss-seidel env OMP_NUM_THREADS=1 "$GOSPLAN" "${args[@]}" --gauss-seidel
    for p in 1 2; do
      mpi_row "petsc-P$p" $p "$GOSPLAN" "${args[@]}" --backend petsc
      mpi_row "petsc-P$p-jacobi" $p "$GOSPLAN" "${args[@]}" --backend petsc \
        --petsc-options "-pc_type jacobi"
    done ;;
  plan)
    model=$2 parts=$3
    for p in 1 2; do
      [[ -d $parts-$p ]] || "$GOSPLAN" partition "$model" --ranks $p --out "$parts-$p" > /dev/null
    done
    args=(plan "$model" --solver pdlp --format json ${PLAN_ARGS:-})
    [[ -n ${ONLY_PETSC:-} ]] || row serial-1-thread "$GOSPLAN" "${args[@]}" --threads 1 --out "$OUT_DIR/plan-s1"
    [[ -n ${ONLY_PETSC:-} ]] || row serial-2-threads "$GOSPLAN" "${args[@]}" --threads 2 --out "$OUT_DIR/plan-s2"
    for p in 1 2; do
      mpi_row "petsc-P$p-from-parts" $p "$GOSPLAN" "${args[@]}" --backend petsc \
        --partitioned "$parts-$p" --out "$OUT_DIR/plan-p$p"
    done ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
echo "outputs: $OUT_DIR"
