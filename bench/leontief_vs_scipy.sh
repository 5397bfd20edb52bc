#!/usr/bin/env bash
# gosplan's large-economy Leontief path against scipy on the very same instance (docs/scale.md).
# Usage: bench/leontief_vs_scipy.sh [N:K ...]        (default: 100000:20 1000000:20)
#   BUILD=build-dir (default build), WORK=folder for the instances (default /tmp/gosplan-leontief-bench),
#   SPSOLVE=1 also runs scipy's spsolve (small n only); THREADS="1 2" the thread counts of the default solve;
#   GAUSS_SEIDEL=1 also runs `io --coefficients ... --gauss-seidel` (one thread; docs/scale.md);
#   BASELINE=path/to/an/older/gosplan also runs that binary, one thread (and --gauss-seidel with GAUSS_SEIDEL),
#   right before the new one: before/after figures from the same run.
#   SAME_RESIDUAL=1 also times scipy to gosplan's own stopping test (inf-norm residual <= 1e-10 of ||y||;
#   BiCGSTAB's tol=1e-10 is on the 2-norm and leaves x at ~2e-9); PEER_THREADS=N runs scipy with
#   OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=N (unset: as installed; OpenBLAS then uses every core for the
#   vector operations, and its CPU seconds include its threads' waiting).
# Each instance is generated ONCE (gosplan generate --matrix-market); gosplan solves total output and labour
# values (io --coefficients ... --format json, its stderr timings line, peak RSS by /usr/bin/time -f %M), then
# bench/peer_leontief_mtx.py reads the same A.mtx / y.txt / labour.txt and solves both with BiCGSTAB (and
# recomputes the residual of each gosplan answer in long double: an independent check of what gosplan reports).
# A benchmark, not a test: numbers depend on the machine and on whatever else runs on it (the load average is
# printed before each program; OMP_WAIT_POLICY defaults to passive so idle OpenMP threads do not spin).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$here/build}
work=${WORK:-/tmp/gosplan-leontief-bench}
python=/usr/bin/python3   # Debian's, with numpy and scipy
specs=("$@")
[ ${#specs[@]} -eq 0 ] && specs=(100000:20 1000000:20)
mkdir -p "$work"
for spec in "${specs[@]}"; do
  n=${spec%%:*}; k=${spec##*:}
  dir=$work/n$n-k$k
  solves=()
  if [ ! -f "$dir/A.mtx" ]; then
    t0=$(date +%s.%N)
    "$build/gosplan" generate --matrix-market --products "$n" --inputs-per-product "$k" --seed 1 --out "$dir" -q
    echo "generated n=$n k=$k in $(echo "$(date +%s.%N) - $t0" | bc) s: $(du -h "$dir/A.mtx" | cut -f1) A.mtx"
  fi
  runs=(); checks=()
  if [ -n "${BASELINE:-}" ]; then
    runs+=("1::baseline")
    [ -n "${GAUSS_SEIDEL:-}" ] && runs+=("1:--gauss-seidel:baseline")
  fi
  for threads in ${THREADS:-1 2}; do runs+=("$threads::"); done
  [ -n "${GAUSS_SEIDEL:-}" ] && runs+=("1:--gauss-seidel:")
  for run in "${runs[@]}"; do
    threads=${run%%:*}; rest=${run#*:}; flags=${rest%%:*}; which=${rest#*:}
    binary=$build/gosplan
    [ "$which" = baseline ] && binary=$BASELINE
    echo "load before gosplan${which:+ ($which)} ($threads thread(s)${flags:+ $flags}): $(uptime | sed 's/.*load/load/')"
    OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive} OMP_NUM_THREADS=$threads /usr/bin/time -f %M -o "$dir/gosplan.rss" "$binary" io --coefficients "$dir/A.mtx" \
      --final-demand "$dir/y.txt" --primary "labour=$dir/labour.txt" --format json $flags > "$dir/gosplan.json" \
      2> "$dir/gosplan.err"
    rss_kb=$(tail -1 "$dir/gosplan.rss")
    label=$threads${flags:+$flags}${which:+-$which}
    cp "$dir/gosplan.json" "$dir/gosplan$label.json"; checks+=(--check "$dir/gosplan$label.json")
    summary=$("$python" - "$dir/gosplan.json" "$rss_kb" "$dir/gosplan.err" <<'PY'
import json, re, sys
out = json.load(open(sys.argv[1]))
# Timings are on stderr (not results): "gosplan: timings: load L s, solve S s (CPU C s)".
m = re.search(r"timings: load ([0-9.]+) s, solve ([0-9.]+) s \(CPU ([0-9.]+) s\)", open(sys.argv[3]).read())
t = {"load": float(m.group(1)), "solve": float(m.group(2)), "solve_cpu": float(m.group(3))}
rss = int(sys.argv[2]) * 1024
passes = out['iterations']
print(f"gosplan: n={out['n']} nnz={out['nonzeros']} matrix_bytes={out['matrix_bytes']} threads={out['threads']} "
      f"passes={out['iterations']} {out['iterations_by_system']} residual={out['residual']:.2e} "
      f"load={t['load']:.2f}s solve={t['solve']:.3f}s solve_cpu={t['solve_cpu']:.3f}s peak_rss={rss} "
      f"({rss / out['matrix_bytes']:.2f}x matrix) cpu_per_pass={t['solve_cpu'] / passes * 1e3:.1f}ms "
      f"({t['solve_cpu'] / passes / out['nonzeros'] * 1e9:.2f} ns per non-zero)")
print(f"GOSPLAN_SOLVE {t['solve']} {t['solve_cpu']}")
PY
)
    echo "$summary" | grep -v GOSPLAN_SOLVE
    solves+=("$threads${flags:+ $flags}${which:+ $which}:$(echo "$summary" | sed -n 's/GOSPLAN_SOLVE //p')")
  done
  echo "load before scipy: $(uptime | sed 's/.*load/load/')"
  # scipy's copy of A also recomputes the residual of every gosplan answer above (long double, row by row).
  peer_env=()
  [ -n "${PEER_THREADS:-}" ] && peer_env=(OPENBLAS_NUM_THREADS=$PEER_THREADS OMP_NUM_THREADS=$PEER_THREADS)
  peer=$(env "${peer_env[@]}" "$python" "$here/bench/peer_leontief_mtx.py" "$dir" ${SPSOLVE:+--spsolve} \
    ${SAME_RESIDUAL:+--same-residual} "${checks[@]}")
  echo "$peer"
  scipy_x=$(echo "$peer" | sed -n 's/^scipy bicgstab total_output: solve=\([0-9.]*\)s.*/\1/p')
  scipy_both=$(echo "$peer" | sed -n 's/^scipy bicgstab both: solve=\([0-9.]*\)s.*/\1/p')
  scipy_cpu=$(echo "$peer" | sed -n 's/^scipy bicgstab [a-z_]*: solve=[0-9.]*s cpu=\([0-9.]*\)s.*/\1/p' | paste -sd+ | bc)
  same_cpu=$(echo "$peer" | sed -n 's/^scipy bicgstab-same-residual both: solve=[0-9.]*s cpu=\([0-9.]*\)s reached=yes.*/\1/p')
  for entry in "${solves[@]}"; do
    t=${entry%%:*}; times=${entry#*:}; gosplan_solve=${times% *}; gosplan_cpu=${times#* }
    echo "ratio, gosplan with $t thread(s): scipy both / gosplan both = $(echo "scale=1; $scipy_both / $gosplan_solve" | bc)x;" \
         "scipy total output alone / gosplan both = $(echo "scale=1; $scipy_x / $gosplan_solve" | bc)x;" \
         "CPU seconds (robust on a loaded machine): scipy both / gosplan both = $(echo "scale=2; $scipy_cpu / $gosplan_cpu" | bc)x" \
         "${same_cpu:+; scipy to the same inf-norm residual / gosplan, CPU = $(echo "scale=2; $same_cpu / $gosplan_cpu" | bc)x}"
  done
  echo
done
