#!/usr/bin/env bash
# Builds bench/leontief_kernel_bench.cc against src/leontief/sparse_kernels.cc (g++ -O3 -fopenmp, as Release) and
# times one fused / Gauss-Seidel / scatter / gather pass. Usage: bench/leontief_kernel_bench.sh [N [K [THREADS [REPEATS [shuffle]]]]]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${TMPDIR:-/tmp}/gosplan-leontief-kernel-bench
g++ -O3 -DNDEBUG -fopenmp -std=c++20 -Wall -Wextra -I"$here/include" -I"$here/src" -I/usr/include/eigen3 \
  -o "$out" "$here/bench/leontief_kernel_bench.cc" "$here/src/leontief/sparse_kernels.cc"
uptime
OMP_WAIT_POLICY=passive "$out" "$@"
