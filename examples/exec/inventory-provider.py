#!/usr/bin/env python3
"""An example sfreconcile exec provider (docs/exec-protocol.md, protocol sfreconcile-exec/1).

It answers from an inventory file that your own tooling keeps up to date — for a hypervisor
sfreconcile has no provider for (Proxmox VE, KVM with libvirt, …): one JSON object per
resource kind, each mapping a name to its state in the form of docs/observed-json.md:

    {"vm": {"starface-pbx": {"hypervisor": "proxmox", "name": "starface-pbx", "num_cpu": 4, …}},
     "replication": {"starface-pbx": {"mechanism": "pvesr", "state": "OK", "rpo_seconds": 300, …}}}

    inventory-provider.py --inventory /var/lib/sfreconcile/inventory.json

observe: a name in the file is present, a name missing from a kind the file has is absent, a
kind the file lacks is unknown. perform: removeSnapshot deletes the snapshot from the file
(a real provider would call the hypervisor here); anything else is answered "unsupported".
Errors go to stderr and into an error answer; the exit status is 0 whenever an answer was
written.
"""
import argparse
import json
import os
import sys
import tempfile

PROTOCOL = "sfreconcile-exec/1"


def answer(body):
    body = {"protocol": PROTOCOL, **body}
    json.dump(body, sys.stdout)
    sys.stdout.write("\n")


def error(code, message, advice=None):
    print(message, file=sys.stderr)
    body = {"code": code, "message": message}
    if advice:
        body["advice"] = advice
    answer({"error": body})


def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def save(path, inventory):
    directory = os.path.dirname(os.path.abspath(path))
    with tempfile.NamedTemporaryFile("w", dir=directory, delete=False, encoding="utf-8") as handle:
        json.dump(inventory, handle, indent=2)
        handle.write("\n")
    os.replace(handle.name, path)


def observe(inventory, refs):
    observations = {}
    for ref in refs:
        kind, name = ref["kind"], ref["name"]
        if kind not in inventory:
            observations[ref["address"]] = {"status": "unknown",
                                            "error": {"code": "unsupported", "message": f"the inventory has no {kind} section"}}
        elif name in inventory[kind]:
            observations[ref["address"]] = {"status": "present", "state": {"kind": kind, **inventory[kind][name]}}
        else:
            observations[ref["address"]] = {"status": "absent"}
    answer({"observations": observations})


def perform(inventory, path, action):
    if action.get("kind") != "removeSnapshot":
        return error("unsupported", f"this provider cannot {action.get('kind')}", "change it on the hypervisor by hand")
    _, kind, name = action["target"].split("/", 2)
    vm = inventory.get("vm", {}).get(name)
    if kind != "vm" or vm is None:
        return error("notFound", f"no VM {name} in the inventory")
    snapshots = vm.get("snapshots", [])
    kept = [s for s in snapshots if s.get("id") != action["snapshot_id"]]
    if len(kept) == len(snapshots):
        return answer({"outcome": {"changed": False, "message": f"snapshot {action['snapshot_id']} of {name} is already gone"}})
    vm["snapshots"] = kept
    save(path, inventory)
    answer({"outcome": {"changed": True, "message": f"removed snapshot {action['snapshot_id']} of {name}"}})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inventory", required=True, help="the inventory JSON file")
    options = parser.parse_args()
    try:
        request = json.load(sys.stdin)
    except ValueError as problem:
        return error("protocol", f"the request is not JSON: {problem}")
    if request.get("protocol") != PROTOCOL:
        return error("unsupported", f"this provider speaks {PROTOCOL}, not {request.get('protocol')}")
    try:
        inventory = load(options.inventory)
    except (OSError, ValueError) as problem:
        return error("unavailable", f"cannot read the inventory {options.inventory}: {problem}",
                     "check that the tool writing the inventory ran")
    if request.get("operation") == "observe":
        return observe(inventory, request.get("refs", []))
    if request.get("operation") == "perform":
        return perform(inventory, options.inventory, request.get("action", {}))
    return error("unsupported", f"unknown operation {request.get('operation')}")


if __name__ == "__main__":
    main()
