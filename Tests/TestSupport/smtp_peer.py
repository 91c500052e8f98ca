#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for the mail-sink tests, on 127.0.0.1. It offers
STARTTLS with the given certificate, requires it before AUTH, and accepts AUTH PLAIN/LOGIN
for one user. Each accepted mail is appended to OUT as one JSON line:
{"mail_from", "rcpt_tos", "data", "user", "tls"}. Run under
Tests/ProvidersTests/Fakes/watchdog.py, which stops it with the test.

    smtp_peer.py PORT CERT KEY OUT USER PASSWORD
"""
import json
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def main():
    port, cert, key, out, user, password = sys.argv[1:7]
    lock = threading.Lock()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            record = {
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "data": envelope.original_content.decode("utf-8", "replace"),
                "user": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
                "tls": session.ssl is not None,
            }
            with lock, open(out, "a") as handle:
                handle.write(json.dumps(record) + "\n")
            return "250 Message accepted for delivery"

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
            and auth_data.password.decode() == password
        # handled=False: aiosmtpd then answers 535 itself (its default, True, answers nothing).
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    controller = Controller(Handler(), hostname="127.0.0.1", port=int(port), tls_context=context,
                            require_starttls=True, authenticator=authenticate, auth_required=True,
                            auth_require_tls=True)
    controller.start()
    threading.Event().wait()


if __name__ == "__main__":
    main()
