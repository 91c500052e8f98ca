#!/usr/bin/env python3
"""A FAKE VMware Site Recovery Manager REST API gateway, written from
/work/shared/PROVIDERS.md ("SRM") and the gateway's public REST reference — not SRM. It
implements only what sfreconcile reads, under /api/rest/srm/v1:

    POST   /session                       Basic -> 200, header x-dr-session (and {"session_id"})
    DELETE /session
    GET    /pairings                                               {"list": [...], "_meta": {"total"}}
    GET    /pairings/{p}/protection-management/groups              ?limit&offset
    GET    /pairings/{p}/protection-management/groups/{g}/vms
    GET    /pairings/{p}/recovery-management/plans
    GET    /pairings/{p}/recovery-management/plans/{plan}/vms/{vm}/recovery-settings   (VmRecoverySettingsState)
Every call but POST /session needs x-dr-session; an unknown or expired session is 401.

Test controls (not part of SRM): GET /_stats. Failure modes (command line): --max-page N,
--expire-after N (sessions answer 401 after N uses), --groups-status CODE, --slow SECONDS
(groups), --garbage (groups answer truncated JSON), --reip (the plan re-IPs the VM),
--no-recovery-settings (404, as older gateways), --plan-status WORD, --lag SECONDS.
Prints "PORT <n>" when listening on 127.0.0.1; exits when its parent dies.
"""
import argparse
import base64
import json
import secrets
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler

import common

parser = argparse.ArgumentParser()
parser.add_argument("--username", default="svc-sfreconcile@vsphere.local")
parser.add_argument("--password", default="srm-secret")
parser.add_argument("--max-page", type=int, default=0)
parser.add_argument("--expire-after", type=int, default=0)
parser.add_argument("--groups-status", type=int, default=200)
parser.add_argument("--slow", type=float, default=0)
parser.add_argument("--garbage", action="store_true")
parser.add_argument("--reip", action="store_true")
parser.add_argument("--no-recovery-settings", action="store_true")
parser.add_argument("--plan-status", default="READY_STATE")
parser.add_argument("--lag", type=int, default=120)
options = parser.parse_args()

BASE = "/api/rest/srm/v1"
PAIRING = "8b2d2b8e-7c61-4d4a-9b3e-1f0c6a5d4e01"
now = datetime.now(timezone.utc).replace(microsecond=0)
last_sync = (now - timedelta(seconds=options.lag)).strftime("%Y-%m-%dT%H:%M:%SZ")

pairings = [{"pairing_id": PAIRING, "local_vc_server": {"name": "vcenter-muc.example.com"},
             "remote_vc_server": {"name": "vcenter-ham.example.com"}, "remote_site_name": "ham"}]
groups = {PAIRING: [
    {"id": "pg-1001", "name": "pg-starface", "replication_type": "VR", "protection_state": "OK"},
    {"id": "pg-1002", "name": "pg-exchange", "replication_type": "VR", "protection_state": "OK"},
] + [{"id": f"pg-2{i:03d}", "name": f"pg-filler-{i:03d}", "replication_type": "VR", "protection_state": "OK"} for i in range(5)]}
group_vms = {
    "pg-1001": [{"id": "vm-42", "name": "starface-pbx01", "protection_status": "OK", "rpo_minutes": 15,
                 "last_sync_time": last_sync, "placeholder_vm_name": "starface-pbx01"}],
    "pg-1002": [{"id": "vm-77", "name": "exchange01", "protection_status": "ERROR", "rpo_minutes": 60, "last_sync_time": last_sync}],
}
plans = {PAIRING: [
    {"id": "rp-501", "name": "rp-starface", "status": options.plan_status, "protection_groups": ["pg-1001"]},
    {"id": "rp-502", "name": "rp-exchange", "status": "READY_STATE", "protection_groups": ["pg-1002"]},
]}

lock = threading.Lock()
sessions = {}
stats = {"logins": 0, "logouts": 0, "groups_pages": 0, "requests": 0, "recovery_settings": 0}


def page(items, query):
    limit = int(query.get("limit", ["50"])[0])
    offset = int(query.get("offset", ["0"])[0])
    if options.max_page:
        limit = min(limit, options.max_page)
    return {"list": items[offset:offset + limit], "_meta": {"total": len(items), "limit": limit, "offset": offset}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, obj=None, raw=None, headers=None):
        body = raw if raw is not None else (json.dumps(obj).encode() if obj is not None else b"")
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        length = int(self.headers.get("Content-Length", "0"))
        return self.rfile.read(length) if length else b""

    def authorized(self):
        token = self.headers.get("x-dr-session", "")
        with lock:
            uses = sessions.get(token)
            if uses is not None:
                sessions[token] = uses + 1
        if uses is None or (options.expire_after and uses >= options.expire_after):
            self.reply(401, {"error_code": "UNAUTHENTICATED", "message": "session expired or unknown"})
            return False
        return True

    def do_POST(self):
        self.body()
        if self.path != BASE + "/session":
            return self.reply(404, {"error_code": "NOT_FOUND", "message": "no such resource"})
        scheme, _, encoded = self.headers.get("Authorization", "").partition(" ")
        try:
            user, _, password = base64.b64decode(encoded).decode().partition(":")
        except Exception:
            user, password = "", ""
        if scheme != "Basic" or user != options.username or password != options.password:
            return self.reply(401, {"error_code": "INVALID_CREDENTIALS", "message": "Cannot complete login due to an incorrect user name or password."})
        token = secrets.token_hex(16)
        with lock:
            sessions[token] = 0
            stats["logins"] += 1
        self.reply(200, {"session_id": token}, headers={"x-dr-session": token})

    def do_DELETE(self):
        if self.path == BASE + "/session":
            with lock:
                sessions.pop(self.headers.get("x-dr-session", ""), None)
                stats["logouts"] += 1
            return self.reply(204)
        self.reply(404, {"error_code": "NOT_FOUND"})

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        if url.path == "/_stats":
            with lock:
                return self.reply(200, dict(stats))
        if not url.path.startswith(BASE + "/"):
            return self.reply(404, {"error_code": "NOT_FOUND"})
        if not self.authorized():
            return
        with lock:
            stats["requests"] += 1
        parts = url.path[len(BASE) + 1:].split("/")
        if parts == ["pairings"]:
            return self.reply(200, page(pairings, query))
        if len(parts) < 2 or parts[0] != "pairings" or parts[1] not in groups:
            return self.reply(404, {"error_code": "NOT_FOUND", "message": "pairing not found"})
        pairing = parts[1]
        rest = parts[2:]
        if rest == ["protection-management", "groups"]:
            if options.slow:
                time.sleep(options.slow)
            if options.groups_status != 200:
                return self.reply(options.groups_status, {"error_code": "INTERNAL", "message": "inventory service unavailable"})
            if options.garbage:
                return self.reply(200, raw=b'{"list": [{"id": "pg-1001", "name": ')
            with lock:
                stats["groups_pages"] += 1
            return self.reply(200, page(groups[pairing], query))
        if len(rest) == 4 and rest[:2] == ["protection-management", "groups"] and rest[3] == "vms":
            return self.reply(200, page(group_vms.get(rest[2], []), query))
        if rest == ["recovery-management", "plans"]:
            return self.reply(200, page(plans[pairing], query))
        if len(rest) == 6 and rest[:2] == ["recovery-management", "plans"] and rest[3] == "vms" and rest[5] == "recovery-settings":
            with lock:
                stats["recovery_settings"] += 1
            if options.no_recovery_settings:
                return self.reply(404, {"error_code": "NOT_FOUND", "message": "not supported"})
            nic = {"device_id": 0, "primary_ip_settings": {"ip_v4": {"ip_address": "10.20.0.10", "type": "STATIC",
                                                                      "subnet_mask": "255.255.255.0", "default_gateway": "10.20.0.1"}}}
            settings = {"ip_customization_type": "MANUAL" if options.reip else "NONE", "nic_settings": [nic] if options.reip else [],
                        "priority": "P1", "startup_action": "POWER_ON"}
            return self.reply(200, {"recovery_settings": settings})
        self.reply(404, {"error_code": "NOT_FOUND", "message": "no such resource"})


common.serve(Handler)
