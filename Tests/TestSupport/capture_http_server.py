#!/usr/bin/env python3
"""A stand-in for webhook receivers (a generic endpoint, Slack, Teams) in the alert tests:
not those services, but an HTTP endpoint that records every request so a test can check
what a sink sent. Run under Tests/ProvidersTests/Fakes/watchdog.py, which stops it with
the test.

    capture_http_server.py PORT

POST/PUT any path: recorded, answered 200 "ok" — except /status/N, answered N.
GET /_captured: the recorded requests as JSON [{method, path, headers, body}].
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CAPTURED = []
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/_captured":
            with LOCK:
                body = json.dumps(CAPTURED).encode()
            return self.reply(200, body, "application/json")
        return self.reply(404, b"not found")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with LOCK:
            CAPTURED.append({"method": self.command, "path": self.path,
                             "headers": {k.lower(): v for k, v in self.headers.items()},
                             "body": body.decode("utf-8", "replace")})
        if self.path.startswith("/status/"):
            return self.reply(int(self.path.split("/")[2]), b"status")
        return self.reply(200, b"ok")

    do_PUT = do_POST


def main():
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
