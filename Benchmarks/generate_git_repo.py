#!/usr/bin/env python3
"""Write a `git fast-import` stream for a spec repository of realistic shape.

    generate_git_repo.py COMMITS FILES | git -C repo.git fast-import --quiet

The first commit adds specs/common.yaml (sites and shared providers) and FILES customer
files specs/customers/cNNNNN.yaml with one STARFACE instance each; every later commit
changes the description of one customer, cycling through them, until COMMITS commits
exist on refs/heads/main. Deterministic: the same arguments give the same repository.
"""
import sys

COMMON = """apiVersion: sfreconcile/v1

sites:
  office: { description: "Primary data centre" }
  dr:     { description: "Second data centre" }
  cloud:  { description: "Object storage" }

providers:
  vcenter:
    type: vsphere
    url: https://vcenter.example.com/sdk
    username: svc-sfreconcile@vsphere.local
    password: ${env:VCENTER_PASSWORD}
    site: office
  srm:
    type: srm
    url: https://srm.example.com
    username: svc-sfreconcile@vsphere.local
    password: ${env:SRM_PASSWORD}
    site: office
  pbx:
    type: starface
    url: https://pbx.example.com
    loginId: "0001"
    password: ${env:PBX_PASSWORD}
    site: office
  backups:
    type: s3
    endpoint: https://s3.example.net
    region: eu-central-1
    bucket: starface-backups
    accessKey: ${env:S3_ACCESS_KEY}
    secretKey: ${env:S3_SECRET_KEY}
    site: cloud
"""


def customer(index, revision):
    return f"""apiVersion: sfreconcile/v1

instances:
  c{index:05d}:
    description: "Customer {index}, revision {revision}"
    live:
      site: office
      platform: vm
      vm: {{ provider: vcenter, name: starface-c{index:05d} }}
      starface: pbx
    hardware: {{ vcpus: 4, coresPerSocket: 2 }}
    geo:
      - site: dr
        via: {{ provider: srm, protectionGroup: pg-c{index:05d} }}
        rpo: 15m
    backups:
      starface: {{ target: backups, prefix: c{index:05d}/, interval: 24h }}
    snapshots: {{ maxAge: 72h }}
"""


def blob(out, text):
    data = text.encode()
    out.write(b"data %d\n" % len(data))
    out.write(data)
    out.write(b"\n")


def main():
    commits, files = int(sys.argv[1]), int(sys.argv[2])
    out = sys.stdout.buffer
    when = 1_700_000_000
    for number in range(1, commits + 1):
        out.write(b"commit refs/heads/main\n")
        out.write(b"committer Bench <bench@example.com> %d +0000\n" % (when + number))
        if number == 1:
            blob(out, "initial spec\n")
            out.write(b"M 100644 inline specs/common.yaml\n")
            blob(out, COMMON)
            for index in range(1, files + 1):
                out.write(b"M 100644 inline specs/customers/c%05d.yaml\n" % index)
                blob(out, customer(index, 0))
        else:
            index = (number - 2) % files + 1
            blob(out, f"customer {index}: revision {number}\n")
            out.write(b"M 100644 inline specs/customers/c%05d.yaml\n" % index)
            blob(out, customer(index, number))
        out.write(b"\n")
    out.write(b"done\n")


if __name__ == "__main__":
    main()
