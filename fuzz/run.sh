#!/usr/bin/env bash
# Runs one libFuzzer target for a set time: fuzz/run.sh TARGET SECONDS [extra libFuzzer flags]
#   TARGET: io_table | model_table | model_toml | mps | import_5yearplan | matrix_market | model_cache
#           (or fuzz_<name>)
# Installs what is missing (the project's Debian packages and clang), builds build-fuzz (clang,
# -DGOSPLAN_FUZZ=ON, the `fuzz` preset's settings) when needed. The corpus grows in
# build-fuzz/corpus/<target>/ (seeded from fuzz/corpus/<target>/, which stays as committed); crashes,
# hangs and out-of-memory inputs are written to build-fuzz/findings/<target>/. Prints the execution
# count at the end. Limits: -rss_limit_mb=2048 -max_len=65536 -timeout=10 (seconds per input).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  echo "usage: fuzz/run.sh TARGET SECONDS [libFuzzer flags]" >&2
  exit 2
fi
name=${1#fuzz_}
seconds=$2
shift 2
target=fuzz_$name
if [ ! -d "fuzz/corpus/$name" ]; then
  echo "fuzz/run.sh: unknown target '$name' (no fuzz/corpus/$name)" >&2
  exit 2
fi
scripts/install-deps.sh
if ! command -v clang++ >/dev/null 2>&1; then
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends clang >/dev/null
fi
if [ ! -f build-fuzz/CMakeCache.txt ]; then
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS=-O1 -DGOSPLAN_FUZZ=ON -DGOSPLAN_BUILD_TESTS=OFF >/dev/null
fi
# FUZZ_BIN_DIR: use already built targets from another folder (skips the build).
bin_dir=${FUZZ_BIN_DIR:-build-fuzz/fuzz}
if [ -z "${FUZZ_BIN_DIR:-}" ]; then
  cmake --build build-fuzz --target "$target" --parallel "${FUZZ_BUILD_JOBS:-2}"
fi
work=build-fuzz/corpus/$name
findings=build-fuzz/findings/$name
mkdir -p "$work" "$findings"
# libgomp's thread pool is not freed at exit (third-party, see docs/reliability.md).
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(pwd)/tests/sanitizer/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
log=$findings/last-run.log
set +e
"$bin_dir/$target" "$work" "fuzz/corpus/$name" -max_total_time="$seconds" -rss_limit_mb=2048 \
  -max_len=65536 -timeout=10 -artifact_prefix="$findings/" -print_final_stats=1 "$@" 2>"$log"
status=$?
set -e
grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "$log" || true
if [ $status -ne 0 ]; then
  echo "fuzz/run.sh: $target stopped with status $status; see $log and $findings/" >&2
  tail -40 "$log" >&2
fi
exit $status
