#!/usr/bin/env python3
"""Writes a spec with N instances, instance i's live VM being vcsim's DC0_C0_RP0_VM<i>
on one vsphere provider at URL (the password is read from $VC_PASSWORD).

    generate_spec.py N URL > spec.yaml
"""
import sys


def main():
    count, url = int(sys.argv[1]), sys.argv[2]
    out = sys.stdout
    out.write("apiVersion: sfreconcile/v1\n")
    out.write("sites:\n  dc: {}\n")
    out.write("providers:\n")
    out.write(f"  vc:\n    type: vsphere\n    url: {url}\n    username: bench\n    password: ${{env:VC_PASSWORD}}\n    site: dc\n")
    out.write("instances:\n")
    for i in range(count):
        out.write(f"  pbx-{i:05d}:\n    live:\n      site: dc\n      platform: vm\n"
                  f"      vm: {{ provider: vc, name: DC0_C0_RP0_VM{i} }}\n")


if __name__ == "__main__":
    main()
