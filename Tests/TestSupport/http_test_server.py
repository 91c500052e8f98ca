#!/usr/bin/env python3
"""A small HTTP(S) server for the HTTP client tests. Binds 127.0.0.1 on a free port, prints
the port, serves until stdin closes (so a crashed test leaves nothing behind).

    http_test_server.py [--cert CERT --key KEY]

Routes: /hello, /echo (method, headers, body as JSON), /slow?ms=N, /big?bytes=N,
/redirect (302 to /hello), /redirect-loop, /basic (user "alice", password "s3cret"),
/cookie/set, /cookie/check, /status/N, /gate?group=G&n=N (answers "together" once N requests
of group G are waiting at the same time, "alone" after 20 s otherwise). A request with an absolute URI (as sent to a proxy)
is answered "proxied <uri>".
"""
import base64
import json
import ssl
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


GATES = defaultdict(lambda: threading.Barrier(1))
GATES_LOCK = threading.Lock()


def gate(group, count):
    with GATES_LOCK:
        if group not in GATES:
            GATES[group] = threading.Barrier(count)
        barrier = GATES[group]
    try:
        barrier.wait(timeout=20)
        return b"together"
    except threading.BrokenBarrierError:
        return b"alone"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path.startswith("http://") or self.path.startswith("https://"):
            return self.reply(200, f"proxied {self.path}".encode())
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        path = url.path
        if path == "/hello":
            return self.reply(200, b"hello", [("Content-Type", "text/plain"), ("X-Test", "yes")])
        if path == "/echo":
            echo = {"method": self.command, "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": body.decode("utf-8", "replace")}
            return self.reply(200, json.dumps(echo).encode(), [("Content-Type", "application/json")])
        if path == "/slow":
            time.sleep(int(query.get("ms", ["1000"])[0]) / 1000)
            return self.reply(200, b"slow")
        if path == "/gate":
            return self.reply(200, gate(query["group"][0], int(query["n"][0])))
        if path == "/big":
            return self.reply(200, b"x" * int(query.get("bytes", ["0"])[0]))
        if path == "/redirect":
            return self.reply(302, b"", [("Location", "/hello")])
        if path == "/redirect-loop":
            return self.reply(302, b"", [("Location", "/redirect-loop")])
        if path == "/basic":
            expected = "Basic " + base64.b64encode(b"alice:s3cret").decode()
            if self.headers.get("Authorization") == expected:
                return self.reply(200, b"welcome alice")
            return self.reply(401, b"who are you", [("WWW-Authenticate", 'Basic realm="test"')])
        if path == "/cookie/set":
            return self.reply(200, b"set", [("Set-Cookie", "session=abc123; Path=/; HttpOnly")])
        if path == "/cookie/check":
            return self.reply(200, (self.headers.get("Cookie") or "").encode())
        if path.startswith("/status/"):
            return self.reply(int(path.split("/")[2]), b"status")
        return self.reply(404, b"not found")

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PROPFIND = handle_any


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if "--cert" in sys.argv:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[sys.argv.index("--cert") + 1], sys.argv[sys.argv.index("--key") + 1])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()          # returns when the test closes stdin or dies
    server.shutdown()


if __name__ == "__main__":
    main()
