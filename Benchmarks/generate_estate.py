#!/usr/bin/env python3
"""Prints an observed estate (docs/observed-json.md) matching `generate_spec.py N`:
for every instance the live VM, the live and standby STARFACE, the backup listing and the
SRM replication. Drift is sprinkled in deterministically, as a real estate has it:
every 10th live VM has a 9-day-old snapshot, every 20th standby runs an older version,
every 33rd backup is three days old, every 50th replication is unhealthy.

Usage: generate_estate.py N [OBSERVED_AT]   (OBSERVED_AT default 2026-11-25T09:55:00Z)
"""
import json
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
observed_at = sys.argv[2] if len(sys.argv) > 2 else "2026-11-25T09:55:00Z"
day = observed_at[:10]

resources = {}
for i in range(n):
    snapshots = []
    if i % 10 == 0:
        snapshots.append({"id": f"snapshot-{i}", "name": "before-update", "create_time": "2026-11-16T08:30:00Z"})
    resources[f"vc/vm/starface-{i}"] = {"status": "present", "state": {
        "kind": "vm", "hypervisor": "vsphere", "id": f"vm-{1000 + i}", "name": f"starface-{i}",
        "power_state": "poweredOn", "num_cpu": 4, "cores_per_socket": 2,
        "host_name": f"esx-fra-{i % 16:02d}.example.com", "cpu_model": "Intel(R) Xeon(R) Gold 6230R CPU @ 2.10GHz",
        "evc_mode": "intel-cascadelake", "cluster_name": "cl-fra", "ha_enabled": True, "ft_state": "running",
        "ip_addresses": [f"10.{i // 250 % 250}.{i % 250}.10"], "snapshots": snapshots}}
    resources[f"pbx-{i}/starface/system"] = {"status": "present", "state": {
        "kind": "starface", "reachable": True, "version": "8.1.0.11", "platform": "vm",
        "licence": {"server_licence": True, "platform": "vm"},
        "backup_schedule": {"enabled": True, "interval_seconds": 86400}}}
    resources[f"standby-{i}/starface/system"] = {"status": "present", "state": {
        "kind": "starface", "reachable": True, "version": "8.1.0.9" if i % 20 == 0 else "8.1.0.11", "platform": "appliance",
        "licence": {"server_licence": True, "platform": "appliance"}}}
    backup_day = "2026-11-22" if i % 33 == 0 else day
    resources[f"bucket/backups/customer-{i}/"] = {"status": "present", "state": {
        "kind": "backups", "location": f"s3://b/customer-{i}/",
        "files": [{"name": f"backup-{backup_day}-0200.sar", "modified": f"{backup_day}T02:03:00Z", "size": 6815744},
                  {"name": "backup-2026-11-20-0200.sar", "modified": "2026-11-20T02:03:00Z", "size": 6815744}]}}
    resources[f"srm/replication/starface-{i}"] = {"status": "present", "state": {
        "kind": "replication", "mechanism": "srm", "state": "READY_STATE",
        "health": "warning" if i % 50 == 0 else "normal", "rpo_seconds": 900,
        "last_replication": f"{day}T09:50:00Z", "protection_group": "pg-starface", "ip_customization": False}}

providers = {
    "vc": {"type": "vsphere", "state": "up", "resources": n, "unknown": 0, "duration_ms": 0, "warnings": []},
    "srm": {"type": "srm", "state": "up", "resources": n, "unknown": 0, "duration_ms": 0, "warnings": []},
    "bucket": {"type": "s3", "state": "up", "resources": n, "unknown": 0, "duration_ms": 0, "warnings": []},
}
for i in range(n):
    providers[f"pbx-{i}"] = {"type": "starface", "state": "up", "resources": 1, "unknown": 0, "duration_ms": 0, "warnings": []}
    providers[f"standby-{i}"] = {"type": "starface", "state": "up", "resources": 1, "unknown": 0, "duration_ms": 0, "warnings": []}

json.dump({"format_version": "1.0", "observed_at": observed_at, "generator": f"Benchmarks/generate_estate.py {n}",
           "providers": providers, "resources": resources}, sys.stdout, separators=(",", ":"))
sys.stdout.write("\n")
