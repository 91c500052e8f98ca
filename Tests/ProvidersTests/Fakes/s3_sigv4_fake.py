#!/usr/bin/env python3
"""A FAKE S3 ListObjectsV2 endpoint that checks AWS Signature Version 4 exactly as AWS's
documentation defines it ("Create a canonical request for Signature Version 4": query
parameters decoded, re-encoded per RFC 3986 and sorted; signed headers lower-cased and
trimmed; payload hash from x-amz-content-sha256) — written from that documentation, not
an S3. moto_server checks signatures too, but computes them wrongly for query values
holding "/" (even boto3's requests fail there), so prefixes such as "pbx/" and
continuation tokens with "/", "+" and "=" are checked here instead.

    GET /<bucket>?list-type=2&prefix=…&max-keys=…[&continuation-token=…]

Serves --objects N keys under --prefix in pages of max-keys, with base64 continuation
tokens. A wrong signature (or a missing x-amz-content-sha256) answers 403
SignatureDoesNotMatch. GET /_stats (unsigned) -> {"verified": n, "rejected": n}.
Prints "PORT <n>"; exits when its parent dies.
"""
import argparse
import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler

import common


parser = argparse.ArgumentParser()
parser.add_argument("--access-key", default="AKIAFAKE")
parser.add_argument("--secret-key", default="fake/secret+key")
parser.add_argument("--region", default="eu-central-1")
parser.add_argument("--bucket", default="starface-backups")
parser.add_argument("--prefix", default="pbx main/")
parser.add_argument("--objects", type=int, default=5)
options = parser.parse_args()

objects = [(f"{options.prefix}backup {n:03d}+full.sar", f"2026-11-{1 + n % 28:02d}T0{n % 10}:00:00.000Z", 1000 + n)
           for n in range(options.objects)]
objects.append((f"{options.prefix}notes.txt", "2026-11-25T00:00:00.000Z", 12))
objects.append(("other/elsewhere.sar", "2026-11-25T00:00:00.000Z", 12))
lock = threading.Lock()
stats = {"verified": 0, "rejected": 0}


def encode(text: str) -> str:
    return urllib.parse.quote(text, safe="-_.~")


def expected_signature(method: str, path: str, query: str, headers: dict, signed: str, date: str) -> str:
    pairs = sorted((encode(urllib.parse.unquote(k)), encode(urllib.parse.unquote(v)))
                   for k, _, v in (p.partition("=") for p in query.split("&") if p))
    canonical_query = "&".join(f"{k}={v}" for k, v in pairs)
    canonical_headers = "".join(f"{name}:{' '.join(headers[name].split())}\n" for name in signed.split(";"))
    canonical = "\n".join([method, path, canonical_query, canonical_headers, signed, headers["x-amz-content-sha256"]])
    scope = f"{date[:8]}/{options.region}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + options.secret_key).encode()
    for part in (date[:8], options.region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, text, content_type="application/xml"):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def reject(self, why):
        with lock:
            stats["rejected"] += 1
        self.reply(403, f"<Error><Code>SignatureDoesNotMatch</Code><Message>{why}</Message></Error>")

    def do_GET(self):
        path, _, query = self.path.partition("?")
        if path == "/_stats":
            with lock:
                return self.reply(200, json.dumps(stats), "application/json")
        headers = {k.lower(): v for k, v in self.headers.items()}
        auth = headers.get("authorization", "")
        if not auth.startswith("AWS4-HMAC-SHA256 ") or "x-amz-content-sha256" not in headers or "x-amz-date" not in headers:
            return self.reject("missing SigV4 headers")
        fields = dict(part.strip().split("=", 1) for part in auth[len("AWS4-HMAC-SHA256 "):].split(","))
        credential = fields.get("Credential", "").split("/")
        if credential[0] != options.access_key:
            return self.reply(403, "<Error><Code>InvalidAccessKeyId</Code><Message>unknown key</Message></Error>")
        if credential[2:4] != [options.region, "s3"] or "host" not in fields.get("SignedHeaders", "").split(";"):
            return self.reject("wrong scope or unsigned host")
        missing = [name for name in fields.get("SignedHeaders", "").split(";") if name not in headers]
        if missing:
            return self.reject(f"signed headers not sent: {', '.join(missing)}")
        if fields.get("Signature") != expected_signature("GET", path, query, headers, fields["SignedHeaders"], headers["x-amz-date"]):
            return self.reject("signature differs")
        with lock:
            stats["verified"] += 1
        if path.strip("/") != options.bucket:
            return self.reply(404, "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>")
        params = urllib.parse.parse_qs(query, keep_blank_values=True)
        prefix = params.get("prefix", [""])[0]
        limit = int(params.get("max-keys", ["1000"])[0])
        start = int(base64.b64decode(params["continuation-token"][0]).decode().split(":")[1]) if "continuation-token" in params else 0
        matching = [o for o in objects if o[0].startswith(prefix)]
        chunk = matching[start:start + limit]
        truncated = start + limit < len(matching)
        contents = "".join(f"<Contents><Key>{k.replace('&', '&amp;')}</Key><LastModified>{t}</LastModified><ETag>\"x\"</ETag>"
                           f"<Size>{s}</Size><StorageClass>STANDARD</StorageClass></Contents>" for k, t, s in chunk)
        token = base64.b64encode(f"????>>>:{start + limit}:+/=".encode()).decode() if truncated else ""
        self.reply(200, '<?xml version="1.0" encoding="UTF-8"?>'
                        '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
                        f"<Name>{options.bucket}</Name><Prefix>{prefix}</Prefix><KeyCount>{len(chunk)}</KeyCount>"
                        f"<MaxKeys>{limit}</MaxKeys><IsTruncated>{'true' if truncated else 'false'}</IsTruncated>"
                        + (f"<NextContinuationToken>{token}</NextContinuationToken>" if truncated else "")
                        + contents + "</ListBucketResult>")


common.serve(Handler)
