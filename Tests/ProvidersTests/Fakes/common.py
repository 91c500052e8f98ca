"""Start-up shared by the Python fakes in this folder: unblock signals, listen on a free
port of 127.0.0.1 (optionally over TLS), print "PORT <n>" for the test, and exit when the
parent (the test process) dies or after a time limit, so a fake never outlives its test.

    import common                     # first, before any other thread starts
    common.serve(Handler)             # or common.serve(Handler, certfile=…, keyfile=…)
"""
import os
import signal
import ssl
import threading
import time
from http.server import ThreadingHTTPServer

# Started from a Swift test, this process inherits a signal mask that blocks SIGTERM and
# more (libdispatch threads block them); unblock everything so it can be stopped.
signal.pthread_sigmask(signal.SIG_SETMASK, [])


def exit_with_parent(parent: int, limit: float = 900) -> None:
    deadline = time.monotonic() + limit
    while os.getppid() == parent and time.monotonic() < deadline:
        time.sleep(0.2)
    os._exit(0)


def serve(handler, certfile: str = None, keyfile: str = None) -> None:
    """Serves `handler` until the parent goes; over HTTPS when a certificate is given."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    if certfile:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certfile, keyfile)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()
