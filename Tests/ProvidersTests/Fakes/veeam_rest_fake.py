#!/usr/bin/env python3
"""A FAKE Veeam Backup & Replication REST API, written from /work/shared/PROVIDERS.md
("Veeam B&R REST") and Veeam's public REST reference — not a Veeam server. It implements
only what sfreconcile uses, with every request requiring the x-api-version header:

    POST /api/oauth2/token        grant_type=password | refresh_token (form) -> {access_token, refresh_token, expires_in}
    POST /api/oauth2/logout
    GET  /api/v1/jobs             ?skip&limit -> {"data": [...], "pagination": {total, count, skip, limit}}
    GET  /api/v1/jobs/states      ?skip&limit
    GET  /api/v1/sessions         ?jobIdFilter&resultFilter&orderColumn=EndTime&orderAsc&skip&limit
    POST /api/v1/jobs/{id}/start  -> 201 with the new session; the job's state becomes running

Test controls (not part of Veeam): GET /_stats. Failure modes (command line): --filler N
(extra jobs, for paging), --max-page N (the server caps every page at N items),
--expire-after N (every access token answers 401 after N uses), --jobs-status CODE,
--token-status CODE, --slow SECONDS (jobs), --garbage jobs|token, --running (the STARFACE
job is running). Prints "PORT <n>" when listening on 127.0.0.1; exits when its parent dies.
"""
import argparse
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler

import common


parser = argparse.ArgumentParser()
parser.add_argument("--username", default="svc-sfreconcile")
parser.add_argument("--password", default="veeam-secret")
parser.add_argument("--filler", type=int, default=0)
parser.add_argument("--max-page", type=int, default=0)
parser.add_argument("--expire-after", type=int, default=0)
parser.add_argument("--jobs-status", type=int, default=200)
parser.add_argument("--token-status", type=int, default=0)
parser.add_argument("--slow", type=float, default=0)
parser.add_argument("--garbage", choices=["jobs", "token"], default=None)
parser.add_argument("--running", action="store_true")
options = parser.parse_args()

STARFACE_ID = "4d1f3ab7-0b52-4c3e-9d1e-5f3c2a1b0001"
EXCHANGE_ID = "4d1f3ab7-0b52-4c3e-9d1e-5f3c2a1b0002"
FILES_ID = "4d1f3ab7-0b52-4c3e-9d1e-5f3c2a1b0003"
DISABLED_ID = "4d1f3ab7-0b52-4c3e-9d1e-5f3c2a1b0004"


def schedule(run=True, daily=None, periodically=None):
    return {
        "runAutomatically": run,
        "daily": daily or {"isEnabled": False, "localTime": "22:00", "dailyKind": "Everyday", "days": []},
        "monthly": {"isEnabled": False},
        "periodically": periodically or {"isEnabled": False, "periodicallyKind": "Hours", "frequency": 1},
        "continuously": {"isEnabled": False},
        "afterThisJob": {"isEnabled": False, "jobName": None},
    }


jobs = [
    {"id": STARFACE_ID, "name": "STARFACE VM", "type": "Backup", "isDisabled": False, "description": "",
     "virtualMachines": {"includes": [{"type": "VirtualMachine", "hostName": "vc-muc.example.com", "name": "starface-pbx01",
                                       "objectId": "vm-42"}], "excludes": {}},
     "storage": {"backupRepositoryId": "r1", "advancedSettings": {"backupModeType": "ReverseIncremental",
                                                                  "synthenticFulls": {"isEnabled": False},
                                                                  "activeFulls": {"isEnabled": False}}},
     "schedule": schedule(daily={"isEnabled": True, "localTime": "22:00", "dailyKind": "Everyday", "days": []})},
    {"id": EXCHANGE_ID, "name": "Exchange", "type": "Backup", "isDisabled": False,
     "virtualMachines": {"includes": [{"inventoryObject": {"name": "exchange01", "type": "VirtualMachine"}, "size": "80 GB"}]},
     "storage": {"advancedSettings": {"backupModeType": "Incremental", "syntheticFulls": {"isEnabled": True},
                                      "activeFulls": {"isEnabled": False}}},
     "schedule": schedule(periodically={"isEnabled": True, "periodicallyKind": "Hours", "frequency": 4})},
    {"id": FILES_ID, "name": "File server", "type": "Backup", "isDisabled": False,
     "virtualMachines": {"includes": [{"type": "VirtualMachine", "name": "files01"}]},
     "storage": {"advancedSettings": {"backupModeType": "Incremental", "syntheticFulls": {"isEnabled": False},
                                      "activeFulls": {"isEnabled": False}}},
     "schedule": schedule(daily={"isEnabled": True, "localTime": "23:00", "dailyKind": "SelectedDays", "days": ["Monday", "Thursday"]})},
    {"id": DISABLED_ID, "name": "Old job", "type": "Backup", "isDisabled": True,
     "virtualMachines": {"includes": []}, "storage": {"advancedSettings": {"backupModeType": "Full"}},
     "schedule": schedule(run=False)},
]
for number in range(options.filler):
    jobs.append({"id": f"f111{number:04d}-0000-0000-0000-000000000000", "name": f"Filler {number:03d}", "type": "Backup",
                 "isDisabled": False, "virtualMachines": {"includes": []},
                 "storage": {"advancedSettings": {"backupModeType": "Incremental"}}, "schedule": schedule(run=False)})

states = {job["id"]: {"id": job["id"], "name": job["name"], "type": "Backup", "description": "",
                      "status": "disabled" if job["isDisabled"] else "inactive", "lastRun": None, "lastResult": "None",
                      "nextRun": None, "workload": "VM", "objectsCount": 1} for job in jobs}
states[STARFACE_ID].update(lastRun="2026-11-24T22:00:05.1234567+01:00", lastResult="Failed", nextRun="2026-11-25T22:00:00+01:00",
                           status="running" if options.running else "inactive")
states[EXCHANGE_ID].update(lastRun="2026-11-25T08:00:02+01:00", lastResult="Success", nextRun="2026-11-25T12:00:00+01:00")

sessions = [
    {"id": "s-1", "name": "STARFACE VM", "jobId": STARFACE_ID, "sessionType": "BackupJob", "state": "Stopped",
     "creationTime": "2026-11-22T22:00:03+01:00", "endTime": "2026-11-22T22:29:41+01:00", "result": {"result": "Success", "message": ""}},
    {"id": "s-2", "name": "STARFACE VM", "jobId": STARFACE_ID, "sessionType": "BackupJob", "state": "Stopped",
     "creationTime": "2026-11-23T22:00:04+01:00", "endTime": "2026-11-23T22:31:10+01:00", "result": {"result": "Success", "message": ""}},
    {"id": "s-3", "name": "STARFACE VM", "jobId": STARFACE_ID, "sessionType": "BackupJob", "state": "Stopped",
     "creationTime": "2026-11-24T22:00:05+01:00", "endTime": "2026-11-24T22:10:00+01:00",
     "result": {"result": "Failed", "message": "repository out of space"}},
    {"id": "s-4", "name": "Exchange", "jobId": EXCHANGE_ID, "sessionType": "BackupJob", "state": "Stopped",
     "creationTime": "2026-11-25T08:00:02+01:00", "endTime": "2026-11-25T08:40:00+01:00", "result": {"result": "Success", "message": ""}},
]

lock = threading.Lock()
access_tokens = {}
refresh_tokens = set()
stats = {"logins": 0, "refreshes": 0, "starts": 0, "jobs_pages": 0, "states_pages": 0, "sessions": 0, "logouts": 0,
         "missing_api_version": 0, "unauthorized": 0}


def page(items, query):
    skip = int(query.get("skip", ["0"])[0])
    limit = int(query.get("limit", ["200"])[0])
    if options.max_page:
        limit = min(limit, options.max_page)
    chunk = items[skip:skip + limit]
    return {"data": chunk, "pagination": {"total": len(items), "count": len(chunk), "skip": skip, "limit": limit}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=None, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def checked(self):
        if not self.headers.get("x-api-version"):
            with lock:
                stats["missing_api_version"] += 1
            self.reply(400, {"errorCode": "BadRequest", "message": "x-api-version header is required"})
            return False
        return True

    def authorized(self):
        auth = self.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else None
        with lock:
            if token in access_tokens:
                access_tokens[token] += 1
                if not options.expire_after or access_tokens[token] <= options.expire_after:
                    return True
                del access_tokens[token]
            stats["unauthorized"] += 1
        self.reply(401, {"errorCode": "Unauthorized", "message": "token expired or invalid"})
        return False

    def issue(self):
        access, refresh = secrets.token_hex(16), secrets.token_hex(16)
        with lock:
            access_tokens[access] = 0
            refresh_tokens.add(refresh)
        if options.garbage == "token":
            return self.reply(200, raw=b"access_token=" + access.encode())
        return self.reply(200, {"access_token": access, "token_type": "bearer", "refresh_token": refresh, "expires_in": 900,
                                ".issued": "2026-11-25T10:00:00Z", ".expires": "2026-11-25T10:15:00Z"})

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        if url.path == "/_stats":
            with lock:
                return self.reply(200, stats)
        if not self.checked() or not self.authorized():
            return
        if url.path == "/api/v1/jobs":
            if options.slow:
                time.sleep(options.slow)
            if options.jobs_status != 200:
                return self.reply(options.jobs_status, {"errorCode": "InternalError", "message": "database unavailable"})
            if options.garbage == "jobs":
                return self.reply(200, raw=b'{"data": [{"id": "x", "name": ')
            with lock:
                stats["jobs_pages"] += 1
            return self.reply(200, page(jobs, query))
        if url.path == "/api/v1/jobs/states":
            with lock:
                stats["states_pages"] += 1
                items = [states[job["id"]] for job in jobs]
            return self.reply(200, page(items, query))
        if url.path == "/api/v1/sessions":
            with lock:
                stats["sessions"] += 1
            items = list(sessions)
            if "jobIdFilter" in query:
                items = [s for s in items if s["jobId"] == query["jobIdFilter"][0]]
            if "resultFilter" in query:
                items = [s for s in items if s["result"]["result"] == query["resultFilter"][0]]
            if query.get("orderColumn", [""])[0] == "EndTime":
                items.sort(key=lambda s: s["endTime"], reverse=query.get("orderAsc", ["true"])[0] == "false")
            return self.reply(200, page(items, query))
        self.reply(404, {"errorCode": "NotFound", "message": "no such resource"})

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        if not self.checked():
            return
        if url.path == "/api/oauth2/token":
            form = urllib.parse.parse_qs(self.body().decode())
            grant = form.get("grant_type", [""])[0]
            if options.token_status:
                return self.reply(options.token_status, {"error": "server_error"})
            if grant == "password":
                if form.get("username", [""])[0] != options.username or form.get("password", [""])[0] != options.password:
                    return self.reply(401, {"error": "invalid_grant", "error_description": "bad user name or password"})
                with lock:
                    stats["logins"] += 1
                return self.issue()
            if grant == "refresh_token":
                refresh = form.get("refresh_token", [""])[0]
                with lock:
                    known = refresh in refresh_tokens
                    refresh_tokens.discard(refresh)
                if not known:
                    return self.reply(400, {"error": "invalid_grant"})
                with lock:
                    stats["refreshes"] += 1
                return self.issue()
            return self.reply(400, {"error": "unsupported_grant_type"})
        if url.path == "/api/oauth2/logout":
            with lock:
                stats["logouts"] += 1
            return self.reply(200, {})
        if not self.authorized():
            return
        parts = url.path.strip("/").split("/")
        if len(parts) == 5 and parts[:3] == ["api", "v1", "jobs"] and parts[4] == "start":
            self.body()
            job = next((j for j in jobs if j["id"] == parts[3]), None)
            if job is None:
                return self.reply(404, {"errorCode": "NotFound", "message": "job not found"})
            if job["isDisabled"]:
                return self.reply(400, {"errorCode": "BadRequest", "message": "job is disabled"})
            with lock:
                states[job["id"]]["status"] = "running"
                stats["starts"] += 1
            return self.reply(201, {"id": f"s-new-{stats['starts']}", "name": job["name"], "jobId": job["id"],
                                    "sessionType": "BackupJob", "state": "Starting", "creationTime": "2026-11-25T10:00:00+01:00",
                                    "result": {"result": "None"}})
        self.reply(404, {"errorCode": "NotFound", "message": "no such resource"})


common.serve(Handler)
