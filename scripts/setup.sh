#!/usr/bin/env bash
# Installs what sfreconcile needs on Debian, builds it in release mode, and runs the main
# job on the bundled company example: `sfreconcile validate examples/company`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

require_swift
ensure_apt_packages "${BUILD_PACKAGES[@]}"

echo "==> building sfreconcile (release)"
build_release sfreconcile

echo "==> sfreconcile validate examples/company"
.build/release/sfreconcile validate examples/company
echo
echo "Done. The binary is .build/release/sfreconcile; try: .build/release/sfreconcile --help"
