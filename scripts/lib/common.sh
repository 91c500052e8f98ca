# Shared helpers for the scripts in scripts/. Source it; do not run it.

# Runs a command as root (directly when already root, through sudo otherwise).
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages given as arguments that are not installed yet.
ensure_apt_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "==> installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Fails with advice when the Swift toolchain is missing.
require_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        echo "error: swift is not on PATH; install the Swift 6.3 toolchain (https://www.swift.org/install/linux/) and retry" >&2
        exit 1
    fi
}

# Builds the given products in release mode. The Swift runtime and Foundation are linked
# statically (--static-swift-stdlib): the binary runs on hosts without a Swift toolchain,
# and its calls into the runtime are direct rather than through the PLT (a 10,000-instance
# plan about 12 % faster; docs/performance.md). Every release build goes through here, so
# they share one configuration and never rebuild each other's objects.
build_release() {
    local product
    for product in "$@"; do
        swift build -c release --static-swift-stdlib --product "$product"
    done
}

# The Debian packages sfreconcile builds and runs with (ssh-keygen verifies signed commits).
BUILD_PACKAGES=(pkg-config libyaml-dev libgit2-dev libcurl4-openssl-dev libxml2-dev libsqlite3-dev git ca-certificates openssh-client)

# What the tests need on top: real peers on 127.0.0.1 (git daemon and http-backend come with
# git; sshd serves Git over SSH; openssl makes test certificates; gpgv checks signed commits;
# Go and Debian's govmomi build vcsim, the vSphere simulator; prometheus-alertmanager is the
# alert sinks' peer; prometheus brings promtool, which lints the /metrics exposition).
TEST_PACKAGES=(python3 openssh-server openssl gpgv golang-go golang-github-vmware-govmomi-dev prometheus-alertmanager prometheus)
