#!/usr/bin/env bash
# Builds the vcsim test harness (Tests/Support/vcsim) from Debian's Go toolchain and
# govmomi sources, into .build-vcsim/vcsim-harness. Prints the binary's path.
#
#   scripts/vcsim.sh build          build if the source is newer than the binary (default)
#   scripts/vcsim.sh run [FLAGS…]   build, then exec the harness with FLAGS
#
# Needs: apt-get install -y golang-go golang-github-vmware-govmomi-dev
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/Tests/Support/vcsim"
out="${SFRECONCILE_VCSIM_BUILD_DIR:-$root/.build-vcsim}"
bin="$out/vcsim-harness"
gocode=/usr/share/gocode

build() {
    if ! command -v go >/dev/null 2>&1; then
        echo "vcsim.sh: 'go' not found; install it with: apt-get install -y golang-go golang-github-vmware-govmomi-dev" >&2
        exit 3
    fi
    if [ ! -d "$gocode/src/github.com/vmware/govmomi/simulator" ]; then
        echo "vcsim.sh: govmomi sources missing; install them with: apt-get install -y golang-github-vmware-govmomi-dev" >&2
        exit 3
    fi
    if [ -x "$bin" ] && [ -z "$(find "$src" -newer "$bin" -name '*.go' -print -quit)" ]; then
        echo "$bin"
        return
    fi
    mkdir -p "$out/gopath/src" "$out/cache"
    # A private GOPATH entry first (for the build), then Debian's source tree.
    (cd "$src" && GO111MODULE=off GOPATH="$out/gopath:$gocode" GOCACHE="$out/cache" \
        go build -o "$bin.tmp" . ) >&2
    mv "$bin.tmp" "$bin"
    echo "$bin"
}

case "${1:-build}" in
    build) build ;;
    run) shift; bin=$(build); exec "$bin" "$@" ;;
    *) echo "usage: $0 [build | run FLAGS…]" >&2; exit 2 ;;
esac
