#!/usr/bin/env python3
"""The reference for the vSphere observation benchmark: pyVmomi doing what
`sfreconcile observe` does against vCenter — log in, a container view of all VMs, one
PropertyCollector pass over the same VM properties, a second pass over the hosts' CPU
model and the clusters' EVC mode, then the estate written as JSON.

    pyvmomi_observe.py URL [--user U --password P] [--out FILE]

URL is the SDK endpoint, e.g. http://127.0.0.1:8989/sdk. Needs `pip install pyvmomi`.
"""
import argparse
import json
import sys
import urllib.parse

from pyVim.connect import SmartConnect, Disconnect
from pyVmomi import vmodl, vim

VM_PROPERTIES = [
    "name", "config.uuid", "config.instanceUuid", "config.hardware.numCPU",
    "config.hardware.numCoresPerSocket", "config.cpuAllocation", "runtime.host",
    "runtime.faultToleranceState", "summary.runtime.powerState", "guest.ipAddress",
    "guest.net", "snapshot", "resourcePool",
]


def collect(si, view_type, properties):
    content = si.RetrieveContent()
    view = content.viewManager.CreateContainerView(content.rootFolder, [view_type], True)
    try:
        traversal = vmodl.query.PropertyCollector.TraversalSpec(
            name="view", type=vim.view.ContainerView, path="view", skip=False)
        spec = vmodl.query.PropertyCollector.FilterSpec(
            objectSet=[vmodl.query.PropertyCollector.ObjectSpec(obj=view, skip=True, selectSet=[traversal])],
            propSet=[vmodl.query.PropertyCollector.PropertySpec(type=view_type, pathSet=properties)])
        collector = content.propertyCollector
        options = vmodl.query.PropertyCollector.RetrieveOptions(maxObjects=1000)
        result = collector.RetrievePropertiesEx([spec], options)
        objects = []
        while result is not None:
            objects.extend(result.objects)
            if not result.token:
                break
            result = collector.ContinueRetrievePropertiesEx(result.token)
        return objects
    finally:
        view.DestroyView()


def props(obj):
    return {p.name: p.val for p in (obj.propSet or [])}


def flatten_snapshots(tree, parent, out):
    for node in tree or []:
        out.append({
            "id": node.snapshot._moId, "name": node.name, "description": node.description or None,
            "create_time": node.createTime.strftime("%Y-%m-%dT%H:%M:%SZ"), "parent": parent,
        })
        flatten_snapshots(node.childSnapshotList, node.snapshot._moId, out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--user", default="user")
    parser.add_argument("--password", default="pass")
    parser.add_argument("--out")
    args = parser.parse_args()

    url = urllib.parse.urlparse(args.url)
    si = SmartConnect(host=url.hostname, port=url.port, protocol=url.scheme, user=args.user,
                      pwd=args.password, disableSslCertValidation=True)
    try:
        vms = collect(si, vim.VirtualMachine, VM_PROPERTIES)
        hosts = {h.obj._moId: props(h) for h in collect(si, vim.HostSystem, ["name", "summary.hardware.cpuModel", "parent"])}
        clusters = {c.obj._moId: props(c) for c in collect(si, vim.ClusterComputeResource, ["name", "summary"])}
    finally:
        Disconnect(si)

    resources = {}
    for obj in vms:
        p = props(obj)
        host = hosts.get(p["runtime.host"]._moId, {}) if p.get("runtime.host") else {}
        parent = host.get("parent")
        cluster = clusters.get(parent._moId) if parent is not None else None
        alloc = p.get("config.cpuAllocation")
        ips = []
        if p.get("guest.ipAddress"):
            ips.append(p["guest.ipAddress"])
        for nic in p.get("guest.net") or []:
            for ip in nic.ipAddress or []:
                if ip not in ips:
                    ips.append(ip)
        snapshots = []
        if p.get("snapshot") is not None:
            flatten_snapshots(p["snapshot"].rootSnapshotList, None, snapshots)
        resources["vsphere/vm/" + p["name"]] = {"status": "present", "state": {
            "kind": "vm", "id": obj.obj._moId, "name": p["name"], "uuid": p.get("config.uuid"),
            "instance_uuid": p.get("config.instanceUuid"), "power_state": p.get("summary.runtime.powerState"),
            "num_cpu": p.get("config.hardware.numCPU"), "cores_per_socket": p.get("config.hardware.numCoresPerSocket"),
            "cpu_allocation": None if alloc is None else {"reservation_mhz": alloc.reservation, "limit_mhz": alloc.limit,
                                                          "shares": alloc.shares.level if alloc.shares else None},
            "host_name": host.get("name"), "cpu_model": host.get("summary.hardware.cpuModel"),
            "cluster_name": cluster["name"] if cluster else None,
            "evc_mode": cluster["summary"].currentEVCModeKey if cluster else None,
            "ft_state": p.get("runtime.faultToleranceState"), "ip_addresses": ips, "snapshots": snapshots,
        }}
    text = json.dumps({"format_version": "1.0", "resources": resources}, indent=2, sort_keys=True)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    print(f"observed {len(vms)} VMs", file=sys.stderr)


if __name__ == "__main__":
    main()
