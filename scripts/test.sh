#!/usr/bin/env bash
# Installs what the tests need (build dependencies and the test peers) and runs every
# test: unit, golden, provider and end-to-end. Extra arguments go to `swift test`
# (e.g. scripts/test.sh --filter Spec).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

require_swift
ensure_apt_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
# sshd (started by the tests on 127.0.0.1 only) needs its privilege-separation directory.
as_root mkdir -p -m 0755 /run/sshd

echo "==> installing the test peers (moto_server, wsgidav, sshd, aiosmtpd)"
bash scripts/peers/install.sh

echo "==> building vcsim (the vSphere simulator the provider tests run against)"
bash scripts/vcsim.sh build

echo "==> building (debug, with tests)"
swift build --build-tests

echo "==> validating the examples"
for example in examples/quickstart examples/company examples/msp examples/exec; do
    .build/debug/sfreconcile validate --strict "$example"
done

echo "==> running the tests"
swift test --skip-build "$@"
