#!/usr/bin/env bash
# Builds and runs bench/memory_bandwidth.cc: streaming triad, a CSC-like pass, random gathers / scatters
# (uniform and power-law indices), 1..THREADS threads. Usage: bench/memory_bandwidth.sh [N [NNZ [THREADS [REPEATS]]]]
# Defaults: N = 10^6, NNZ = 20 N, THREADS = cores, REPEATS = 5. A measurement, not a test (the machine is shared:
# note `uptime` with the figures).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${TMPDIR:-/tmp}/gosplan-memory-bandwidth
g++ -O3 -fopenmp -std=c++20 -Wall -Wextra -o "$out" "$here/memory_bandwidth.cc"
uptime
OMP_WAIT_POLICY=passive OMP_PROC_BIND=${OMP_PROC_BIND:-false} "$out" "$@"
