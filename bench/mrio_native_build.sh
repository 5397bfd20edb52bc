#!/usr/bin/env bash
# A benchmark-only gosplan whose dense kernels (src/io_table/io_footprints.cc: Eigen's blocked LU,
# triangular solves and products) are compiled for this machine (-march=native: AVX2/AVX-512, FMA),
# the rest as the Release build in build/. The normal build targets generic x86-64 (SSE2) so that the
# program runs everywhere; Eigen's kernels are then 2-4x slower than with the machine's vector units.
# Rebuilding everything with -march=native takes many minutes on 2 cores; this compiles one file
# and relinks build/gosplan's objects with it in front of libgosplan.a (its copy of the file is then
# not pulled from the archive). Writes build/gosplan-native; for benchmarks on this machine only.
#   bench/mrio_native_build.sh && GOSPLAN=build/gosplan-native bench/mrio_footprints_bench.sh
set -euo pipefail
cd "$(dirname "$0")/../build"
compile=$(ninja -t commands gosplan | grep -F 'io_table/io_footprints.cc.o -c' | head -1)
compile=${compile/ccache /}
compile=${compile/-O3/-O3 -march=native}
compile=${compile/-o CMakeFiles\/gosplan.dir\/src\/io_table\/io_footprints.cc.o/-o io_footprints-native.o}
compile=${compile/-MD -MT CMakeFiles\/gosplan.dir\/src\/io_table\/io_footprints.cc.o -MF CMakeFiles\/gosplan.dir\/src\/io_table\/io_footprints.cc.o.d/}
eval "$compile"
link=$(ninja -t commands gosplan_cli | tail -1)
link=${link/-o gosplan /-o gosplan-native io_footprints-native.o }
eval "$link"
echo "wrote $(pwd)/gosplan-native"
