#!/usr/bin/env bash
# Installs the test peers of the backup-target, STARFACE and Veeam provider tests, idempotently:
#   - openssh-server (sshd) for the SFTP tests (Debian),
#   - moto_server for the S3 tests (PyPI: moto[server]),
#   - wsgidav + cheroot for the WebDAV tests (PyPI),
#   - pyspnego (NTLM acceptor of the WinRM fake) and pywinrm (the reference client that checks
#     the fake) for the Hyper-V tests (PyPI),
#   - aiosmtpd for the mail alert sink tests (PyPI).
# The STARFACE REST, Veeam and SRM fakes (Tests/ProvidersTests/Fakes/*.py) need only python3.
# The tests start and stop every peer themselves, on 127.0.0.1 and free ports; a test whose
# peer is missing fails with the command to run.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/common.sh

ensure_apt_packages openssh-server openssh-client python3

python=${PYTHON:-python3}
need_pip=()
"$python" -c 'import moto, flask, flask_cors' 2>/dev/null || need_pip+=("moto[server]")
"$python" -c 'import wsgidav, cheroot' 2>/dev/null || need_pip+=(wsgidav cheroot)
"$python" -c 'import spnego, winrm' 2>/dev/null || need_pip+=(pyspnego pywinrm)
"$python" -c 'import aiosmtpd' 2>/dev/null || need_pip+=(aiosmtpd)
if [ ${#need_pip[@]} -gt 0 ]; then
    echo "==> installing Python packages: ${need_pip[*]}"
    "$python" -m pip install --quiet --disable-pip-version-check "${need_pip[@]}"
fi
