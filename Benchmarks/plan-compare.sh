#!/usr/bin/env bash
# Compares two sfreconcile binaries planning the same generated estate, run alternately so
# that a machine whose speed drifts (a shared VM) slows both alike. Prints, per binary, the
# best and median wall and CPU time (user + sys) and the peak RSS (GNU time), and checks
# that both printed the same plan. Record the table in docs/performance.md ("Planning").
#
# Usage: [RUNS=10] [N=10000] [FORMAT=text] Benchmarks/plan-compare.sh OLD_BINARY NEW_BINARY
# Keep a copy of the old build first, e.g. `cp .build/release/sfreconcile /tmp/old`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh
ensure_apt_packages time python3

[ $# -eq 2 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY" >&2; exit 2; }
old=$1 new=$2 n=${N:-10000} format=${FORMAT:-text} runs=${RUNS:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 Benchmarks/generate_spec.py "$n" --dir "$work/spec"
python3 Benchmarks/generate_estate.py "$n" > "$work/estate.json"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "$n instances, $format, $runs runs each, alternating"
for ((run = 1; run <= runs; run++)); do
    for side in old new; do
        binary=${!side}
        /usr/bin/time -f "$side %e %U %S %M" -a -o "$work/times" \
            "$binary" plan "$work/spec" --observed "$work/estate.json" --now 2026-11-25T10:00:00Z \
            --format "$format" > "$work/$side.out"
    done
done
cmp -s "$work/old.out" "$work/new.out" && echo "same plan: yes" || echo "same plan: NO (the outputs differ)"

python3 - "$work/times" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
print(f"{'binary':6} {'best wall':>10} {'median wall':>12} {'best CPU':>9} {'median CPU':>11} {'peak RSS':>9}")
for side in ("old", "new"):
    runs = [(float(r[1]), float(r[2]) + float(r[3]), int(r[4])) for r in rows if r[0] == side]
    wall, cpu = [r[0] for r in runs], [r[1] for r in runs]
    print(f"{side:6} {min(wall):9.2f}s {statistics.median(wall):11.2f}s {min(cpu):8.2f}s "
          f"{statistics.median(cpu):10.2f}s {max(r[2] for r in runs) / 1024:6.0f} MiB")
PY
