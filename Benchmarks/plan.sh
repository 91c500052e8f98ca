#!/usr/bin/env bash
# Plans generated estates of 1,000, 10,000 and 50,000 instances (Benchmarks/generate_spec.py
# --dir, Benchmarks/generate_estate.py) with the release build and
# prints wall time, CPU time and peak RSS for each (GNU time), with sfreconcile's own phase
# timings (SFRECONCILE_TIMING=1). Record the table in docs/performance.md ("Planning"),
# with the machine and date it prints.
#
# Usage: [RUNS=5] Benchmarks/plan.sh [SIZES...]   (default: 1000 10000 50000; best of RUNS=3 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh
require_swift
ensure_apt_packages "${BUILD_PACKAGES[@]}" time

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000 50000)

build_release sfreconcile >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)"
printf "%-9s %-9s %-9s %-9s %-12s %-10s %s\n" instances spec estate format wall cpu peak-rss
for n in "${sizes[@]}"; do
    # One file per 5,000 instances, as an MSP keeps its spec (and below 16 MiB a file).
    python3 Benchmarks/generate_spec.py "$n" --dir "$work/spec-$n"
    python3 Benchmarks/generate_estate.py "$n" > "$work/estate-$n.json"
    spec_size=$(du -sh "$work/spec-$n" | cut -f1)
    estate_size=$(du -h "$work/estate-$n.json" | cut -f1)
    for format in text json; do
        best=""
        for ((run = 1; run <= ${RUNS:-3}; run++)); do
            SFRECONCILE_TIMING=1 /usr/bin/time -f "%e %U %S %M" -o "$work/time" \
                .build/release/sfreconcile plan "$work/spec-$n" --observed "$work/estate-$n.json" \
                --now 2026-11-25T10:00:00Z --format "$format" > "$work/out" 2> "$work/timing"
            read -r wall user sys rss < "$work/time"
            if [ -z "$best" ] || awk "BEGIN {exit !($wall < ${best%% *})}"; then
                best="$wall $user $sys $rss"
                phases=$(grep '^timing:' "$work/timing" || true)
            fi
        done
        read -r wall user sys rss <<< "$best"
        cpu=$(awk "BEGIN {printf \"%.2f\", $user + $sys}")
        printf "%-9s %-9s %-9s %-9s %-12s %-10s %s\n" "$n" "$spec_size" "$estate_size" "$format" "${wall} s" "${cpu} s" "$((rss / 1024)) MB"
        echo "          $phases"
    done
done
