#!/usr/bin/env python3
"""A FAKE WinRM / WS-Management service of a Hyper-V host, written from
/work/shared/PROVIDERS.md ("Hyper-V via WinRM") and the documented Windows Remote Shell
envelopes ([MS-WSMV]) — not Windows. It cannot run PowerShell: it answers the scripts of
sfreconcile's Hyper-V provider (recognised by their "# sfreconcile:<name>" first line and
the JSON parameters on the second) with the JSON those scripts would write, from a small
in-memory Hyper-V estate, and a few plain commands (hostname) for reference clients.

    POST /wsman   HTTPS, NTLM (or Negotiate wrapping NTLM) checked with pyspnego's acceptor
                  against --domain/--username/--password; the login is per connection.
      Create  -> rsp:Shell with rsp:ShellId
      Command -> rsp:CommandResponse/rsp:CommandId   (powershell -EncodedCommand <base64 UTF-16LE>)
      Receive -> rsp:ReceiveResponse: base64 rsp:Stream chunks, rsp:CommandState Done + ExitCode;
                 the first --receive-timeouts answers are the fault 2150858793 (receive timeout)
      Signal  -> rsp:SignalResponse
      Delete  -> empty body
    Failed PowerShell writes "#< CLIXML" error records on stderr and exits 1.

Test controls (not part of WinRM): GET /_stats (no login). Failure modes (command line):
--receive-timeouts N, --hang (every Receive times out), --garbage (Receive answers non-XML),
--deny (Command answers an AccessDenied fault), --frequency S, --replication-state WORD,
--lag SECONDS (age of the last replication). Prints "PORT <n>" when listening on 127.0.0.1
over TLS (--cert/--key); exits when its parent dies.
"""
import argparse
import base64
import json
import os
import re
import tempfile
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler

import common
import spnego

parser = argparse.ArgumentParser()
parser.add_argument("--cert", required=True)
parser.add_argument("--key", required=True)
parser.add_argument("--domain", default="EXAMPLE")
parser.add_argument("--username", default="svc-sfreconcile")
parser.add_argument("--password", default="hyperv-secret")
parser.add_argument("--receive-timeouts", type=int, default=0)
parser.add_argument("--hang", action="store_true")
parser.add_argument("--garbage", action="store_true")
parser.add_argument("--deny", action="store_true")
parser.add_argument("--frequency", type=int, default=300)
parser.add_argument("--replication-state", default="Replicating")
parser.add_argument("--lag", type=int, default=60)
options = parser.parse_args()

users = tempfile.NamedTemporaryFile("w", prefix="winrm-fake-users-", delete=False)
users.write(f"{options.domain}:{options.username}:{options.password}\n")
users.close()
os.environ["NTLM_USER_FILE"] = users.name

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "a": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "w": "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd",
    "rsp": "http://schemas.microsoft.com/wbem/wsman/1/windows/shell",
}
ACTION = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/"
TRANSFER = "http://schemas.xmlsoap.org/ws/2004/09/transfer/"
DONE = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done"

now = datetime.now(timezone.utc).replace(microsecond=0)


def utc(delta_seconds: int) -> str:
    return (now - timedelta(seconds=delta_seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


vms = {
    "starface-contact": {
        "id": "6f1c2b9e-3a4d-4e5f-8a9b-0c1d2e3f4a5b", "state": "Running", "host": "HV-HAM-01", "clustered": True,
        "role": {"name": "SCVMM starface-contact Resources", "state": "Online", "owner": "HV-HAM-01"},
        "processor": {"count": 4, "compatibilityForMigration": False},
        "replication": {"state": options.replication_state, "health": "Normal", "mode": "Primary", "frequencySec": options.frequency,
                        "primaryServer": "hv-ham-01.example.com", "replicaServer": "hv-replica-ber.example.com",
                        "lastReplication": utc(options.lag)},
        "checkpoints": [
            {"id": "a1b2c3d4-0000-4000-8000-000000000002", "name": "before-update", "created": utc(5 * 86400), "type": "Standard",
             "parentId": "a1b2c3d4-0000-4000-8000-000000000001"},
            {"id": "a1b2c3d4-0000-4000-8000-000000000001", "name": "Hyper-V Replica recovery point", "created": utc(6 * 86400),
             "type": "Replica", "parentId": None},
        ],
    },
    "files01": {
        "id": "0d9e8f7a-1111-4222-8333-944455556666", "state": "Off", "host": "HV-HAM-02", "clustered": False, "role": None,
        "processor": {"count": 2, "compatibilityForMigration": True}, "replication": None, "checkpoints": [],
    },
}

lock = threading.Lock()
stats = {"creates": 0, "commands": 0, "receives": 0, "receive_timeouts": 0, "signals": 0, "deletes": 0, "logins": 0,
         "unauthenticated": 0, "scripts": 0}
shells = {}          # shell id -> {command id -> {"stdout": bytes, "stderr": bytes, "exit": int, "receives": int}}
pending_timeouts = [options.receive_timeouts]


def clixml(message: str) -> bytes:
    escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "_x000D__x000A_")
    return ("#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">"
            "<Obj S=\"progress\" RefId=\"0\"><TN RefId=\"0\"><T>System.Management.Automation.PSCustomObject</T></TN></Obj>"
            f"<S S=\"Error\">{escaped}_x000D__x000A_</S>"
            "<S S=\"Error\">    + CategoryInfo          : ObjectNotFound_x000D__x000A_</S></Objs>").encode()


def run_script(script: str):
    """(stdout, stderr, exit code) of one of the provider's scripts."""
    lines = script.splitlines()
    marker = re.match(r"#\s*sfreconcile:([a-z-]+)", lines[0]) if lines else None
    params_line = re.match(r"\$p = ConvertFrom-Json '(.*)'$", lines[1]) if len(lines) > 1 else None
    if not marker or not params_line:
        word = (lines[0].split() or ["?"])[0] if lines else "?"
        return b"", clixml(f"{word} : The term '{word}' is not recognized as the name of a cmdlet, function, script file, or operable program."), 1
    with lock:
        stats["scripts"] += 1
    params = json.loads(params_line.group(1).replace("''", "'"))
    op = marker.group(1)
    with lock:
        if op == "observe":
            out = []
            for name in params["vms"]:
                vm = next((v for k, v in vms.items() if k.lower() == name.lower()), None)
                if vm is None:
                    out.append({"name": name, "found": False})
                    continue
                key = next(k for k in vms if k.lower() == name.lower())
                out.append({"name": key, "found": True, "id": vm["id"], "state": vm["state"], "host": vm["host"],
                            "clustered": vm["clustered"], "cluster": "HV-CL-HAM", "role": vm["role"], "processor": vm["processor"],
                            "replication": vm["replication"], "checkpoints": vm["checkpoints"]})
            return json.dumps(out, separators=(",", ":")).encode(), b"", 0
        vm = vms.get(params.get("vm"))
        if vm is None:
            return b"", clixml(f"Get-VM : Hyper-V was unable to find a virtual machine with name \"{params.get('vm')}\"."), 1
        if op == "remove-checkpoint":
            found = [c for c in vm["checkpoints"] if c["id"] == params["id"]]
            if not found:
                return json.dumps({"changed": False, "message": f"no checkpoint {params['id']}"}).encode(), b"", 0
            if found[0]["type"].startswith("Replica"):
                return json.dumps({"changed": False, "refused": "a Replica recovery point"}).encode(), b"", 0
            vm["checkpoints"].remove(found[0])
            stats["removed"] = stats.get("removed", 0) + 1
            return json.dumps({"changed": True, "message": f"removed checkpoint {found[0]['name']}"}).encode(), b"", 0
        if op == "set-frequency":
            replication = vm["replication"]
            if replication is None:
                return json.dumps({"changed": False, "refused": "not replicated"}).encode(), b"", 0
            if replication["frequencySec"] == params["seconds"]:
                return json.dumps({"changed": False, "message": "already"}).encode(), b"", 0
            replication["frequencySec"] = params["seconds"]
            return json.dumps({"changed": True, "message": f"now every {params['seconds']} s"}).encode(), b"", 0
        if op == "enable-replication":
            replication = vm["replication"]
            if replication is not None:
                if replication["state"] in ("Suspended", "Error", "Critical"):
                    replication["state"] = "Replicating"
                    return json.dumps({"changed": True, "message": "resumed"}).encode(), b"", 0
                return json.dumps({"changed": False, "message": "already replicating"}).encode(), b"", 0
            if not params.get("server"):
                return json.dumps({"changed": False, "refused": "no replica server"}).encode(), b"", 0
            vm["replication"] = {"state": "InitialReplicationInProgress", "health": "Normal", "mode": "Primary",
                                 "frequencySec": params.get("seconds", 300), "primaryServer": vm["host"],
                                 "replicaServer": params["server"], "lastReplication": None}
            return json.dumps({"changed": True, "message": f"enabled to {params['server']}"}).encode(), b"", 0
    return b"", clixml(f"unknown sfreconcile script {op}"), 1


def run_command(command_line: str):
    words = command_line.split()
    lowered = [w.lower() for w in words]
    if words and lowered[0] in ("powershell", "powershell.exe") and "-encodedcommand" in lowered:
        encoded = words[lowered.index("-encodedcommand") + 1]
        return run_script(base64.b64decode(encoded).decode("utf-16-le"))
    if lowered[:1] == ["hostname"]:
        return b"HV-HAM-01\r\n", b"", 0
    return b"", f"'{words[0] if words else ''}' is not recognized as an internal or external command\r\n".encode(), 1


def envelope(action: str, body: str, relates_to: str = "") -> bytes:
    return (f'<s:Envelope xmlns:s="{NS["s"]}" xmlns:a="{NS["a"]}" xmlns:w="{NS["w"]}" xmlns:rsp="{NS["rsp"]}">'
            f"<s:Header><a:Action>{action}</a:Action><a:MessageID>uuid:{uuid.uuid4()}</a:MessageID>"
            f"<a:RelatesTo>{relates_to}</a:RelatesTo></s:Header><s:Body>{body}</s:Body></s:Envelope>").encode()


def fault(code: str, subcode: str, text: str) -> bytes:
    return envelope("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault",
                    f"<s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:{subcode}</s:Value></s:Subcode></s:Code>"
                    f'<s:Reason><s:Text xml:lang="en-US">{text}</s:Text></s:Reason>'
                    f'<s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="{code}" Machine="HV-HAM-01">'
                    f"<f:Message>{text}</f:Message></f:WSManFault></s:Detail></s:Fault>")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    authenticated = False
    context = None

    def log_message(self, *args):
        pass

    def reply(self, status: int, body: bytes = b"", headers=None):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if body:
            self.send_header("Content-Type", "application/soap+xml;charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/_stats":
            with lock:
                data = json.dumps(stats).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        self.reply(404)

    def authenticate(self) -> bool:
        """NTLM per connection: 401 with the challenge until the client's AUTHENTICATE checks out."""
        if self.authenticated:
            return True
        header = self.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() not in ("ntlm", "negotiate") or not token:
            with lock:
                stats["unauthenticated"] += 1
            self.reply(401, headers={"WWW-Authenticate": "Negotiate", "WWW-Authenticate-2": "NTLM"})
            return False
        try:
            if self.context is None:
                self.context = spnego.server(protocol="ntlm")
            out = self.context.step(base64.b64decode(token))
        except Exception:
            self.context = None
            self.reply(401, headers={"WWW-Authenticate": "Negotiate"})
            return False
        if self.context.complete:
            self.authenticated = True
            with lock:
                stats["logins"] += 1
            return True
        self.reply(401, headers={"WWW-Authenticate": f"{scheme} {base64.b64encode(out).decode()}"})
        return False

    def send_header(self, keyword, value):
        # Two WWW-Authenticate headers (Negotiate and NTLM) as Windows sends them.
        super().send_header("WWW-Authenticate" if keyword == "WWW-Authenticate-2" else keyword, value)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else b""
        if self.path.rstrip("/") != "/wsman":
            return self.reply(404)
        if not self.authenticate():
            return
        if not body:
            return self.reply(200)
        try:
            root = ET.fromstring(body)
        except ET.ParseError:
            return self.reply(400, fault("2150858817", "InvalidXml", "the request is not XML"))
        action = root.findtext("s:Header/a:Action", default="", namespaces=NS)
        message_id = root.findtext("s:Header/a:MessageID", default="", namespaces=NS)
        shell_id = root.findtext("s:Header/w:SelectorSet/w:Selector[@Name='ShellId']", default="", namespaces=NS)
        if action == TRANSFER + "Create":
            shell_id = str(uuid.uuid4()).upper()
            with lock:
                shells[shell_id] = {}
                stats["creates"] += 1
            return self.reply(200, envelope(TRANSFER + "CreateResponse",
                                            f'<x:ResourceCreated xmlns:x="{TRANSFER[:-1]}"><a:Address>https://localhost/wsman</a:Address>'
                                            f"<a:ReferenceParameters><w:ResourceURI>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd"
                                            f'</w:ResourceURI><w:SelectorSet><w:Selector Name="ShellId">{shell_id}</w:Selector></w:SelectorSet>'
                                            "</a:ReferenceParameters></x:ResourceCreated>"
                                            f"<rsp:Shell><rsp:ShellId>{shell_id}</rsp:ShellId><rsp:ResourceUri>"
                                            "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</rsp:ResourceUri></rsp:Shell>",
                                            message_id))
        with lock:
            shell = shells.get(shell_id)
        if shell is None:
            return self.reply(500, fault("2150858843", "InvalidSelectors", "The request for the Windows Remote Shell with ShellId "
                                         f"{shell_id} failed because the shell was not found on the server."))
        if action == ACTION + "Command":
            if options.deny:
                return self.reply(500, fault("5", "AccessDenied", "Access is denied."))
            line = root.find("s:Body/rsp:CommandLine", NS)
            command = " ".join([line.findtext("rsp:Command", default="", namespaces=NS)]
                               + [a.text or "" for a in line.findall("rsp:Arguments", NS)])
            stdout, stderr, code = run_command(command.strip())
            command_id = str(uuid.uuid4()).upper()
            with lock:
                shell[command_id] = {"stdout": stdout, "stderr": stderr, "exit": code}
                stats["commands"] += 1
            return self.reply(200, envelope(ACTION + "CommandResponse",
                                            f"<rsp:CommandResponse><rsp:CommandId>{command_id}</rsp:CommandId></rsp:CommandResponse>",
                                            message_id))
        if action == ACTION + "Receive":
            command_id = root.find("s:Body/rsp:Receive/rsp:DesiredStream", NS).get("CommandId")
            with lock:
                stats["receives"] += 1
                result = shell.get(command_id)
                timeout = options.hang or pending_timeouts[0] > 0
                if timeout and not options.hang:
                    pending_timeouts[0] -= 1
                if timeout:
                    stats["receive_timeouts"] += 1
            if result is None:
                return self.reply(500, fault("2150858843", "InvalidSelectors", "no such command"))
            if timeout:
                time.sleep(0.05)
                return self.reply(500, fault("2150858793", "TimedOut",
                                             "The WS-Management service cannot complete the operation within the time specified in OperationTimeout."))
            if options.garbage:
                return self.reply(200, b"<html><body>Proxy error</body>")
            streams = ""
            out = result["stdout"]
            half = len(out) // 2
            for name, chunk in (("stdout", out[:half]), ("stdout", out[half:]), ("stderr", result["stderr"])):
                if chunk:
                    streams += f'<rsp:Stream Name="{name}" CommandId="{command_id}">{base64.b64encode(chunk).decode()}</rsp:Stream>'
            streams += f'<rsp:Stream Name="stdout" CommandId="{command_id}" End="true"></rsp:Stream>'
            streams += (f'<rsp:CommandState CommandId="{command_id}" State="{DONE}">'
                        f"<rsp:ExitCode>{result['exit']}</rsp:ExitCode></rsp:CommandState>")
            return self.reply(200, envelope(ACTION + "ReceiveResponse", f"<rsp:ReceiveResponse>{streams}</rsp:ReceiveResponse>", message_id))
        if action == ACTION + "Signal":
            with lock:
                stats["signals"] += 1
            return self.reply(200, envelope(ACTION + "SignalResponse", "<rsp:SignalResponse/>", message_id))
        if action == TRANSFER + "Delete":
            with lock:
                shells.pop(shell_id, None)
                stats["deletes"] += 1
            return self.reply(200, envelope(TRANSFER + "DeleteResponse", "", message_id))
        return self.reply(500, fault("2150858771", "ActionNotSupported", f"unsupported action {action}"))


common.serve(Handler, certfile=options.cert, keyfile=options.key)
