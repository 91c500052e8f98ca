#!/usr/bin/env python3
"""Prints a valid sfreconcile spec with N instances (default 1000), MSP style:
every instance a STARFACE VM with FT, an SRM replica, a standby appliance and backups.

With --dir DIR the spec is written as a directory instead, as an MSP keeps it: common.yaml
(objectives, sites, shared providers) and one file per PER_FILE instances (default 5000),
so no file passes the 16 MiB limit of one spec file.

Usage: generate_spec.py [N] [--dir DIR [--per-file PER_FILE]]"""
import os
import sys

args = sys.argv[1:]
directory = None
per_file = 5000
if "--dir" in args:
    directory = args[args.index("--dir") + 1]
if "--per-file" in args:
    per_file = int(args[args.index("--per-file") + 1])
positional = [a for i, a in enumerate(args) if not a.startswith("--") and (i == 0 or not args[i - 1].startswith("--"))]
n = int(positional[0]) if positional else 1000

common = ["apiVersion: sfreconcile/v1",
          "objectives:", "  site: { rto: 10m, rpo: 15m }", "  platform: { rto: 1h, rpo: 24h }",
          "sites:", "  fra: {}", "  dus: {}", "  ber: {}",
          "providers:",
          "  vc: { type: vsphere, url: https://vc.example.com/sdk, username: svc, password: \"${env:VC_PASSWORD}\", site: fra }",
          "  srm: { type: srm, url: https://srm.example.com, username: svc, password: \"${env:SRM_PASSWORD}\", site: fra }",
          "  bucket: { type: s3, endpoint: https://s3.example.net, region: eu-central-1, bucket: b, accessKey: \"${env:K}\", secretKey: \"${env:S}\", site: ber }"]


def customers(first, last, with_header):
    out = ["apiVersion: sfreconcile/v1", "providers:"] if with_header else []
    for i in range(first, last):
        out.append(f"  pbx-{i}: {{ type: starface, url: https://pbx-{i}.example.com, loginId: \"0001\", password: \"${{env:PBX_{i}}}\", site: fra }}")
        out.append(f"  standby-{i}: {{ type: starface, url: https://standby-{i}.example.com, loginId: \"0001\", password: \"${{env:SB_{i}}}\", site: dus }}")
    out.append("instances:")
    for i in range(first, last):
        out += [f"  customer-{i}:",
                f"    live: {{ site: fra, platform: vm, vm: {{ provider: vc, name: starface-{i} }}, starface: pbx-{i} }}",
                "    local: { faultTolerance: required }",
                "    geo:",
                "      - { site: dus, via: { provider: srm, protectionGroup: pg-starface }, rpo: 15m }",
                "    platform:",
                f"      - {{ name: appliance, site: dus, platform: appliance, starface: standby-{i}, restoreFrom: bucket }}",
                "    backups:",
                f"      starface: {{ target: bucket, prefix: customer-{i}/, interval: 24h }}",
                "    snapshots: { maxAge: 72h }"]
    return out


if directory is None:
    print("\n".join(common + customers(0, n, False)))
else:
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "common.yaml"), "w") as f:
        f.write("\n".join(common) + "\n")
    for first in range(0, n, per_file):
        with open(os.path.join(directory, f"customers-{first // per_file:04d}.yaml"), "w") as f:
            f.write("\n".join(customers(first, min(n, first + per_file), True)) + "\n")
