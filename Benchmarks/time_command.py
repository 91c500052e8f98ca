#!/usr/bin/env python3
"""Time a shell command: time_command.py NAME RUNS 'command' -> median, min, max in ms.

One warm-up run first (not counted). Used by Benchmarks/git-source.sh for the git CLI peer.
"""
import statistics
import subprocess
import sys
import time


def main():
    name, runs, command = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    subprocess.run(command, shell=True, check=True, stdout=subprocess.DEVNULL)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, shell=True, check=True, stdout=subprocess.DEVNULL)
        samples.append((time.perf_counter() - start) * 1000)
    print(f"{name:<38} median {statistics.median(samples):9.2f} ms  min {min(samples):9.2f}  max {max(samples):9.2f}  n={runs}")


if __name__ == "__main__":
    main()
