#!/usr/bin/env bash
# Benchmarks the Git source against the git CLI, in one run, on loopback:
#   (a) a poll that finds no new commit, over a real `git daemon` on 127.0.0.1;
#   (b) reading a 5,000-file spec at HEAD from a repository with 10,000 commits.
# Usage: Benchmarks/git-source.sh [COMMITS] [FILES]     (defaults 10000 5000)
# The repository is generated once with git fast-import into $BENCH_DIR
# (default /tmp/sfreconcile-bench-git) and reused. Needs git and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh
COMMITS=${1:-10000}
FILES=${2:-5000}
WORK=${BENCH_DIR:-/tmp/sfreconcile-bench-git}
REPO="$WORK/srv/specs.git"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

echo "== building (release)"
build_release sfreconcile GitSourceBenchmark >/dev/null
BIN=$(swift build -c release --show-bin-path)

if [ "$(cat "$WORK/shape" 2>/dev/null)" != "$COMMITS $FILES" ]; then
    echo "== generating $COMMITS commits, $FILES customer files (git fast-import)"
    rm -rf "$WORK" && mkdir -p "$WORK/srv"
    git init --quiet --bare --initial-branch=main "$REPO"
    python3 Benchmarks/generate_git_repo.py "$COMMITS" "$FILES" | git -C "$REPO" fast-import --quiet --done
    git -C "$REPO" repack -adq
    echo "$COMMITS $FILES" > "$WORK/shape"
fi
echo "   $(git -C "$REPO" rev-list --count main) commits, $(git -C "$REPO" ls-tree -r --name-only main specs | wc -l) files, $(du -sh "$REPO" | cut -f1)"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$(git --exec-path)/git-daemon" --reuseaddr --export-all --base-path="$WORK/srv" --listen=127.0.0.1 --port="$PORT" \
    "$WORK/srv" 2>"$WORK/daemon.log" &
DAEMON=$!
trap 'kill $DAEMON 2>/dev/null; wait $DAEMON 2>/dev/null || true' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.05; done
URL="git://127.0.0.1:$PORT/specs.git"

echo "== machine"
echo "   $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "   $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   $(git --version), libgit2 $(pkg-config --modversion libgit2), $(swift --version 2>&1 | head -1)"

echo "== sfreconcile (libgit2, in process)"
"$BIN/GitSourceBenchmark" --url "$URL" --local "$REPO" --path specs --ref main --cache "$WORK/cache" --polls 50 --reads 5

echo "== sfreconcile CLI (process start included)"
rm -rf "$WORK/plain" && mkdir -p "$WORK/plain" && git -C "$REPO" archive main specs | tar -x -C "$WORK/plain"
python3 Benchmarks/time_command.py "validate DIR (same files on disk)" 5 "$BIN/sfreconcile validate $WORK/plain/specs"
python3 Benchmarks/time_command.py "validate --repo PATH (local)" 5 "$BIN/sfreconcile validate --repo $REPO --ref main --path specs"
python3 Benchmarks/time_command.py "validate --repo git:// (warm)" 5 "$BIN/sfreconcile validate --repo $URL --ref main --path specs --cache-dir $WORK/cache"

echo "== git CLI peer"
rm -rf "$WORK/peer-mirror.git"
python3 Benchmarks/time_command.py "git clone --mirror (cold)" 1 \
    "rm -rf $WORK/peer-mirror.git && git clone --quiet --mirror $URL $WORK/peer-mirror.git"
python3 Benchmarks/time_command.py "git ls-remote (no change)" 20 "git ls-remote $URL refs/heads/main"
python3 Benchmarks/time_command.py "git fetch, mirror (no change)" 20 "git -C $WORK/peer-mirror.git fetch --quiet origin"
python3 Benchmarks/time_command.py "git archive HEAD specs" 5 "git -C $REPO archive main specs"
python3 Benchmarks/time_command.py "git ls-tree + cat-file --batch" 5 \
    "git -C $REPO ls-tree -r --object-only main specs | git -C $REPO cat-file --batch"
