#!/usr/bin/env python3
"""A FAKE STARFACE REST API, written from /work/shared/PROVIDERS.md ("STARFACE") and
STARFACE's rest-examples — not a STARFACE. It implements only what sfreconcile uses:

    GET    /rest/login      (X-Version: 2) -> {"loginType":"Internal","nonce":"…","secret":null}
    POST   /rest/login      {loginType, nonce, secret} -> {"token": "…"}; a wrong secret -> 400
    DELETE /rest/login      (authToken) -> 204
    GET    /rest/users/me   (authToken) -> the user; an unknown or expired token -> 401

secret = loginId + ":" + hex(SHA512(loginId + nonce + hex(SHA512(password)))), nonces are
single-use. Test controls (not part of STARFACE):

    GET  /_stats            -> counters (logins, nonces, users_me, logouts, hooks)
    POST /_hook             records the request (a backup hook's target); GET /_hook returns them

Failure modes (command line): --expire-after N (every token answers 401 after N uses),
--users-me-status CODE, --login-status CODE, --slow SECONDS (users/me), --garbage users|login,
--hook-status CODE. Prints "PORT <n>" when listening on 127.0.0.1; exits when its parent dies.
"""
import argparse
import hashlib
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler

import common


parser = argparse.ArgumentParser()
parser.add_argument("--login-id", default="0001")
parser.add_argument("--password", default="secret")
parser.add_argument("--expire-after", type=int, default=0)
parser.add_argument("--users-me-status", type=int, default=200)
parser.add_argument("--login-status", type=int, default=0)
parser.add_argument("--slow", type=float, default=0)
parser.add_argument("--garbage", choices=["users", "login", "nonce"], default=None)
parser.add_argument("--hook-status", type=int, default=202)
options = parser.parse_args()

lock = threading.Lock()
nonces = set()
tokens = {}  # token -> uses
stats = {"logins": 0, "nonces": 0, "users_me": 0, "logouts": 0, "bad_secrets": 0, "missing_version_header": 0}
hooks = []


def expected_secret(nonce: str) -> str:
    password_hash = hashlib.sha512(options.password.encode()).hexdigest()
    return options.login_id + ":" + hashlib.sha512((options.login_id + nonce + password_hash).encode()).hexdigest()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=None, raw=None, content_type="application/json"):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def version_ok(self):
        if self.headers.get("X-Version") != "2":
            with lock:
                stats["missing_version_header"] += 1
            self.reply(400, {"message": "X-Version header missing"})
            return False
        return True

    def token_ok(self):
        token = self.headers.get("authToken")
        with lock:
            if token not in tokens:
                return False
            tokens[token] += 1
            if options.expire_after and tokens[token] > options.expire_after:
                del tokens[token]
                return False
        return True

    def do_GET(self):
        self.path = self.path.split("?", 1)[0] if self.path.startswith("/_") else self.path
        if self.path == "/_stats":
            with lock:
                return self.reply(200, dict(stats, hooks=len(hooks)))
        if self.path == "/_hook":
            with lock:
                return self.reply(200, hooks)
        if self.path == "/rest/login":
            if not self.version_ok():
                return
            if options.garbage == "nonce":
                return self.reply(200, raw=b"<html>not json</html>", content_type="text/html")
            nonce = secrets.token_hex(13)
            with lock:
                nonces.add(nonce)
                stats["nonces"] += 1
            return self.reply(200, {"loginType": "Internal", "nonce": nonce, "secret": None})
        if self.path == "/rest/users/me":
            if not self.version_ok():
                return
            with lock:
                stats["users_me"] += 1
            if options.slow:
                time.sleep(options.slow)
            if not self.token_ok():
                return self.reply(401, {"message": "authToken invalid or expired"})
            if options.users_me_status != 200:
                return self.reply(options.users_me_status, {"message": "internal error"})
            if options.garbage == "users":
                return self.reply(200, raw=b"{\"id\": 12, \"login\": ")
            return self.reply(200, {"id": 12, "login": options.login_id, "firstName": "API", "familyName": "User"})
        self.reply(404, {"message": "not found"})

    def do_POST(self):
        self.path = self.path.split("?", 1)[0] if self.path.startswith("/_") else self.path
        if self.path == "/_hook":
            body = self.body()
            with lock:
                hooks.append({"method": "POST", "headers": dict(self.headers.items()), "body": body.decode(errors="replace")})
            return self.reply(options.hook_status, {"accepted": options.hook_status < 300})
        if self.path == "/rest/login":
            if not self.version_ok():
                return
            try:
                request = json.loads(self.body())
                nonce, secret = request["nonce"], request["secret"]
                assert request.get("loginType") == "Internal"
            except Exception:
                return self.reply(400, {"message": "malformed login"})
            with lock:
                known = nonce in nonces
                nonces.discard(nonce)
            if options.login_status:
                return self.reply(options.login_status, {"message": "login failed"})
            if not known or secret != expected_secret(nonce):
                with lock:
                    stats["bad_secrets"] += 1
                return self.reply(400, {"message": "wrong login or password"})
            token = secrets.token_hex(16)
            with lock:
                tokens[token] = 0
                stats["logins"] += 1
            if options.garbage == "login":
                return self.reply(200, {"tokn": token})
            return self.reply(200, {"token": token})
        self.reply(404, {"message": "not found"})

    def do_PUT(self):
        self.path = self.path.split("?", 1)[0] if self.path.startswith("/_") else self.path
        if self.path == "/_hook":
            body = self.body()
            with lock:
                hooks.append({"method": "PUT", "headers": dict(self.headers.items()), "body": body.decode(errors="replace")})
            return self.reply(options.hook_status, {"accepted": options.hook_status < 300})
        self.reply(404, {"message": "not found"})

    def do_DELETE(self):
        if self.path == "/rest/login":
            with lock:
                tokens.pop(self.headers.get("authToken"), None)
                stats["logouts"] += 1
            return self.reply(204)
        self.reply(404, {"message": "not found"})


common.serve(Handler)
