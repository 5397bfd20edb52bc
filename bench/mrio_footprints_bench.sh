#!/usr/bin/env bash
# Stressor multipliers and regional footprints of a dense multi-regional table: gosplan against
# pymrio's formulas in numpy (bench/mrio_peer.py), same files, same run (docs/benchmarks.md).
#   bench/mrio_footprints_bench.sh [REGIONS SECTORS STRESSORS]   (default 49 200 1100: n = 9,800)
# Environment: GOSPLAN (default build/gosplan), DIR (generated files, default
# /tmp/gosplan-mrio-R-S-K; reused when present), OPENBLAS_DIR (a folder holding OpenBLAS's
# libblas.so.3 and liblapack.so.3 for numpy; default Debian's libopenblas0-pthread folder),
# OPENBLAS_CORETYPE (see below), LU_PRECISION (gosplan's --lu-precision: auto, double or mixed;
# "both" runs gosplan with double, then mixed, and compares the peer with the mixed run).
set -euo pipefail
regions=${1:-49}
sectors=${2:-200}
stressors=${3:-1100}
gosplan=${GOSPLAN:-build/gosplan}
dir=${DIR:-/tmp/gosplan-mrio-$regions-$sectors-$stressors}
openblas=${OPENBLAS_DIR:-/usr/lib/x86_64-linux-gnu/openblas-pthread}
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -f "$dir/table.csv" ]; then
  "$gosplan" generate --mrio --regions "$regions" --sectors "$sectors" --stressors "$stressors" \
    --seed 1 --out "$dir"
fi
# Debian's OpenBLAS 0.3.21 does not know that AMD Zen 4 has AVX-512 and runs its Haswell (AVX2)
# kernels there: where the processor has AVX-512, both programs get the SkylakeX kernels unless
# OPENBLAS_CORETYPE is set already (the same library serves gosplan's LU and numpy's).
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -q avx512f /proc/cpuinfo; then
  export OPENBLAS_CORETYPE=SkylakeX
fi
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "gosplan's dense LU: $(ldd "$gosplan" | grep -c openblas >/dev/null && echo OpenBLAS || echo Eigen)," \
  "OpenBLAS core type ${OPENBLAS_CORETYPE:-chosen by OpenBLAS}"
ls -l "$dir"
# gosplan: its own timing line (stderr) splits reading the extra files and the analysis; /usr/bin/time
# gives the whole run (reading the 10^8-cell table included).
precision=${LU_PRECISION:-auto}
[ "$precision" = both ] && precisions="double mixed" || precisions=$precision
for p in $precisions; do
  echo "gosplan --lu-precision $p (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  /usr/bin/time -f "gosplan: whole run %e s wall, %U s user, %S s system, max RSS %M KB" \
    "$gosplan" io "$dir/table.csv" --satellite "$dir/satellite.csv" \
    --satellite-final-demand "$dir/satellite_final_demand.csv" --footprints --lu-precision "$p" \
    --write-footprints "$dir/gosplan-footprints-$p.csv" --format csv > "$dir/gosplan-$p.csv"
  cp "$dir/gosplan-$p.csv" "$dir/gosplan.csv"
  cp "$dir/gosplan-footprints-$p.csv" "$dir/gosplan-footprints.csv"
done
if [ -f "$openblas/libblas.so.3" ]; then
  export LD_LIBRARY_PATH="$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  echo "peer: numpy with OpenBLAS from $openblas"
else
  echo "peer: numpy with the BLAS Debian selected (no OpenBLAS in $openblas)"
fi
echo "peer (load average $(cut -d' ' -f1-3 /proc/loadavg))"
/usr/bin/time -f "peer: whole run %e s wall, %U s user, %S s system, max RSS %M KB" \
  /usr/bin/python3 "$here/mrio_peer.py" "$dir" "$dir/gosplan.csv" "$dir/gosplan-footprints.csv"
echo "machine after: load average $(cut -d' ' -f1-3 /proc/loadavg)"
