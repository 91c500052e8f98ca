#!/usr/bin/env python3
"""Prints a valid sfreconcile spec with N instances (default 1000), MSP style:
every instance a STARFACE VM with FT, an SRM replica, a standby appliance and backups."""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
out = ["apiVersion: sfreconcile/v1",
       "objectives:", "  site: { rto: 10m, rpo: 15m }", "  platform: { rto: 1h, rpo: 24h }",
       "sites:", "  fra: {}", "  dus: {}", "  ber: {}",
       "providers:",
       "  vc: { type: vsphere, url: https://vc.example.com/sdk, username: svc, password: \"${env:VC_PASSWORD}\", site: fra }",
       "  srm: { type: srm, url: https://srm.example.com, username: svc, password: \"${env:SRM_PASSWORD}\", site: fra }",
       "  bucket: { type: s3, endpoint: https://s3.example.net, region: eu-central-1, bucket: b, accessKey: \"${env:K}\", secretKey: \"${env:S}\", site: ber }"]
for i in range(n):
    out.append(f"  pbx-{i}: {{ type: starface, url: https://pbx-{i}.example.com, loginId: \"0001\", password: \"${{env:PBX_{i}}}\", site: fra }}")
    out.append(f"  standby-{i}: {{ type: starface, url: https://standby-{i}.example.com, loginId: \"0001\", password: \"${{env:SB_{i}}}\", site: dus }}")
out.append("instances:")
for i in range(n):
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
print("\n".join(out))
