#!/usr/bin/env python3
"""Soak test of `sfreconcile run`: 1,000 (or --cycles) reconcile cycles back to back against
vcsim, sampling the controller's resident memory (VmRSS) as it goes. Not part of the test
suite (it takes minutes). Prints a table and a verdict; docs/reliability.md has the figures.

    swift build && SFRECONCILE_VCSIM=.build-vcsim/vcsim-harness Benchmarks/soak.py [--cycles 1000]

Each cycle observes the vCenter, records the observation in the state store, plans, updates
the alert state and metrics, saves the status document; the VM has a stale snapshot that a
spec policy of `approve` keeps as a waiting action, so every cycle also plans an action."""
import argparse, json, os, signal, socket, subprocess, sys, tempfile, time, urllib.request

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("--cycles", type=int, default=1000)
parser.add_argument("--binary", default=os.path.join(root, ".build/debug/sfreconcile"))
parser.add_argument("--samples", type=int, default=20)
args = parser.parse_args()

vcsim_bin = os.environ.get("SFRECONCILE_VCSIM") or subprocess.check_output([os.path.join(root, "scripts/vcsim.sh"), "build"], text=True).strip()
vm = "DC0_C0_RP0_VM0"
vcsim = subprocess.Popen([vcsim_bin, "-vms", "1", "-snapshot", f"{vm}=old@720h"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # it stops when stdin closes
url = vcsim.stdout.readline().strip()
work = tempfile.mkdtemp(prefix="sfreconcile-soak-")
os.makedirs(f"{work}/spec")
with open(f"{work}/spec/spec.yaml", "w") as f:
    f.write(f"""apiVersion: sfreconcile/v1
sites: {{ a: {{}} }}
providers:
  vc: {{ type: vsphere, url: "{url}", username: u, password: "${{env:VC_PASSWORD}}", site: a }}
instances:
  pbx:
    live: {{ site: a, platform: vm, vm: {{ provider: vc, name: {vm} }} }}
    snapshots: {{ maxAge: 72h }}
policy:
  actions: {{ deleteSnapshot: approve }}
""")
with socket.socket() as s:
    s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
env = dict(os.environ, VC_PASSWORD="any", HOME=work)
controller = subprocess.Popen([args.binary, "run", f"{work}/spec", "--state-dir", f"{work}/state", "--listen", f"127.0.0.1:{port}",
                               "--interval", "0.001", "--jitter", "0", "--log-format", "logfmt"],
                              env=env, stdout=subprocess.DEVNULL, stderr=open(f"{work}/run.log", "w"))

def reconciles():
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/status", timeout=5) as r:
            return json.load(r)["status"]["reconciles"]
    except Exception:
        return None

def rss_kib():
    with open(f"/proc/{controller.pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

step = max(1, args.cycles // args.samples)
samples, next_mark, started = [], 0, time.time()
try:
    while True:
        n = reconciles()
        if controller.poll() is not None:
            sys.exit(f"sfreconcile run exited early; see {work}/run.log")
        if n is not None and n >= next_mark:
            samples.append((n, rss_kib(), time.time() - started))
            print(f"{n:6d} reconciles  {samples[-1][1] / 1024:7.1f} MiB  {samples[-1][2]:6.1f} s", flush=True)
            if n >= args.cycles:
                break
            next_mark = (n // step + 1) * step
        time.sleep(0.05)
finally:
    controller.send_signal(signal.SIGTERM)
    code = controller.wait(timeout=60)
    vcsim.terminate()
# Warm-up: the first tenth (caches, allocator arenas); then compare the rest.
settled = [s for s in samples if s[0] >= args.cycles // 10]
low, high = min(s[1] for s in settled), max(s[1] for s in settled)
first, last = settled[0][1], settled[-1][1]
print(f"cycles {samples[-1][0]} in {samples[-1][2]:.0f} s; RSS after warm-up {first / 1024:.1f} MiB, at the end {last / 1024:.1f} MiB, "
      f"range {low / 1024:.1f}-{high / 1024:.1f} MiB; SIGTERM exit {code}")
print(f"growth after warm-up: {(last - first) / 1024:+.1f} MiB over {samples[-1][0] - settled[0][0]} cycles "
      f"({(last - first) / max(1, samples[-1][0] - settled[0][0]):+.2f} KiB/cycle)")
