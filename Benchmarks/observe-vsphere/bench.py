#!/usr/bin/env python3
"""vSphere observation benchmark, all against one vcsim holding N VMs, in the same run:

- `sfreconcile observe` (release build) with a generated spec naming all N VMs, the whole
  command as a user runs it (spec loading and validation included);
- `observe-vsphere-bench` (release build): the same provider observation and JSON output
  without a spec — the same work as the reference;
- the reference: a pyVmomi script observing the same properties of all VMs, hosts and
  clusters and writing the same JSON (pyvmomi_observe.py).

    Benchmarks/observe-vsphere/bench.py [--vms 5000] [--runs 5]

Needs: the vcsim harness (scripts/vcsim.sh), `swift build -c release --static-swift-stdlib` (as scripts/lib/common.sh's build_release), `pip install pyvmomi`.
Prints a Markdown table for docs/performance.md.

Each run is one whole process, timed from fork to exit; peak RSS is the process's
ru_maxrss. Runs alternate between the two programs so background load hits both alike.
Both outputs are checked to hold the same N VMs with the same CPU, host and power data.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(command, env=None):
    """Runs a command; returns (wall seconds, peak RSS in MiB)."""
    start = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    stderr = process.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{command[0]} failed: {stderr}")
    return wall, usage.ru_maxrss / 1024


def start_vcsim(vms):
    harness = subprocess.run([os.path.join(ROOT, "scripts/vcsim.sh"), "build"], check=True,
                             capture_output=True, text=True).stdout.strip()
    process = subprocess.Popen([harness, "-standalone", "0", "-clusters", "1", "-hosts", "3", "-vms", str(vms)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = process.stdout.readline().strip()
    if not url:
        sys.exit("vcsim did not start")
    return process, url


def compare(ours_path, theirs_path, vms):
    ours = json.load(open(ours_path))["resources"]
    theirs = json.load(open(theirs_path))["resources"]
    present = {ref.split("/", 2)[2]: obs["state"] for ref, obs in ours.items() if obs["status"] == "present"}
    reference = {ref.split("/", 2)[2]: obs["state"] for ref, obs in theirs.items()}
    if len(present) != vms or len(reference) != vms:
        sys.exit(f"expected {vms} VMs, sfreconcile saw {len(present)}, pyVmomi {len(reference)}")
    for name, state in reference.items():
        mine = present[name]
        for key in ("num_cpu", "cores_per_socket", "power_state", "host_name", "cpu_model", "cluster_name", "uuid", "instance_uuid"):
            if mine.get(key) != state.get(key):
                sys.exit(f"{name}: {key} differs: sfreconcile {mine.get(key)!r}, pyVmomi {state.get(key)!r}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vms", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sfreconcile", default=os.path.join(ROOT, ".build/release/sfreconcile"))
    parser.add_argument("--bench", default=os.path.join(ROOT, ".build/release/observe-vsphere-bench"))
    args = parser.parse_args()

    vcsim, url = start_vcsim(args.vms)
    try:
        work = tempfile.mkdtemp(prefix="bench-observe-")
        spec = os.path.join(work, "spec.yaml")
        with open(spec, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "generate_spec.py"), str(args.vms), url], stdout=f, check=True)
        names = os.path.join(work, "names.txt")
        with open(names, "w") as f:
            f.writelines(f"DC0_C0_RP0_VM{i}\n" for i in range(args.vms))
        ours_out, bench_out = os.path.join(work, "ours.json"), os.path.join(work, "bench.json")
        theirs_out = os.path.join(work, "pyvmomi.json")
        env = dict(os.environ, VC_PASSWORD="bench")
        ours_cmd = [args.sfreconcile, "observe", spec, "--out", ours_out]
        bench_cmd = [args.bench, url, names, bench_out]
        theirs_cmd = [sys.executable, os.path.join(HERE, "pyvmomi_observe.py"), url, "--out", theirs_out]

        run(ours_cmd, env), run(bench_cmd, env), run(theirs_cmd)   # warm-up: page cache, vcsim's first calls
        compare(ours_out, theirs_out, args.vms)
        compare(bench_out, theirs_out, args.vms)
        ours, bench, theirs = [], [], []
        for _ in range(args.runs):
            ours.append(run(ours_cmd, env))
            bench.append(run(bench_cmd, env))
            theirs.append(run(theirs_cmd))
        compare(ours_out, theirs_out, args.vms)
        compare(bench_out, theirs_out, args.vms)
    finally:
        vcsim.stdin.close()
        vcsim.wait(timeout=30)

    def summary(samples):
        walls = [s[0] for s in samples]
        return statistics.median(walls), min(walls), max(walls), max(s[1] for s in samples)

    o, b, t = summary(ours), summary(bench), summary(theirs)
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    print(f"Machine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}. "
          f"Date: {time.strftime('%Y-%m-%d')}. {args.vms} VMs, {args.runs} runs each, alternating.\n")
    print("| program | wall, median (min–max) | peak RSS |")
    print("|---|---|---|")
    print(f"| `sfreconcile observe` with a {args.vms}-instance spec | {o[0]:.2f} s ({o[1]:.2f}–{o[2]:.2f}) | {o[3]:.1f} MiB |")
    print(f"| `observe-vsphere-bench` (provider only, no spec) | {b[0]:.2f} s ({b[1]:.2f}–{b[2]:.2f}) | {b[3]:.1f} MiB |")
    print(f"| pyVmomi {pyvmomi_version()} script | {t[0]:.2f} s ({t[1]:.2f}–{t[2]:.2f}) | {t[3]:.1f} MiB |")
    print(f"\nSpeed-up over pyVmomi (median wall): sfreconcile observe {t[0] / o[0]:.2f}×, provider only {t[0] / b[0]:.2f}× "
          f"(goal ≥ 2.5×). Peak RSS {o[3]:.1f} / {b[3]:.1f} MiB (goal < 60 MB).")


def pyvmomi_version():
    try:
        from importlib.metadata import version
        return version("pyvmomi")
    except Exception:
        return "?"


if __name__ == "__main__":
    main()
