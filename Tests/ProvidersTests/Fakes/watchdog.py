#!/usr/bin/env python3
"""Runs a test peer (sshd, moto_server, wsgidav, a fake) and makes sure it never outlives
the test process: the peer is stopped when the parent (the test runner) dies, when the
time limit passes, or when this wrapper is told to stop (SIGTERM/SIGINT).

    watchdog.py --limit SECONDS -- COMMAND [ARGS…]

The peer runs in a process group of its own, and the whole group is killed, so sshd's
per-connection children go too. Exits with the peer's status when the peer ends first.
"""
import os
import signal
import subprocess
import sys
import time

# Started from a Swift test, this process inherits a signal mask that blocks SIGTERM and
# more (libdispatch threads block them); unblock everything so it can be stopped.
signal.pthread_sigmask(signal.SIG_SETMASK, [])


def main() -> int:
    args = sys.argv[1:]
    limit = 600.0
    if len(args) >= 2 and args[0] == "--limit":
        limit = float(args[1])
        args = args[2:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        print("usage: watchdog.py [--limit SECONDS] -- COMMAND [ARGS…]", file=sys.stderr)
        return 2
    parent = os.getppid()
    child = subprocess.Popen(args, start_new_session=True)
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    deadline = time.monotonic() + limit
    while True:
        status = child.poll()
        if status is not None:
            kill_group(child.pid)
            return status
        if stopping or os.getppid() != parent or time.monotonic() > deadline:
            kill_group(child.pid)
            try:
                child.wait(timeout=3)
            except subprocess.TimeoutExpired:
                pass
            return 0 if stopping else 3
        time.sleep(0.1)


def kill_group(pid: int) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        except PermissionError:
            return
        time.sleep(0.2)


if __name__ == "__main__":
    sys.exit(main())
