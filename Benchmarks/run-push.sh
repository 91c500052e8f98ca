#!/usr/bin/env bash
# Push → reconciled, measured by the end-to-end test of `sfreconcile run`
# (Tests/EndToEndTests/RunCommandTests.swift): from the signed webhook's POST to the status
# showing the pushed revision applied (fetch, observe, plan, delete the stale snapshot in vcsim).
# Repeats it RUNS times (default 5) and prints each time and the median. docs/performance.md.
#
#   Benchmarks/run-push.sh [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
cd "$root"
swift build --build-tests >/dev/null
for _ in $(seq "$runs"); do
    SFRECONCILE_MEASURE_FILE="$out" swift test --skip-build --filter RunCommandTests >/dev/null
done
python3 - "$out" <<'PY'
import statistics, sys
values = [float(line) for line in open(sys.argv[1]) if line.strip()]
print("push-to-reconciled ms:", ", ".join(f"{v:.0f}" for v in values))
print(f"median {statistics.median(values):.0f} ms, max {max(values):.0f} ms over {len(values)} runs")
PY
