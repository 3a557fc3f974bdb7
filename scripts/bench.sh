#!/usr/bin/env bash
# Every benchmark of the README's "Performance" section, against one release binary, on this machine:
# the generator (scripts/bench-generator.sh: Hugo side by side, 100,000 profiles clean / re-render / no-op /
# one-profile, peak RSS), the companion server (scripts/bench-server.sh: import, contact list, Quick Connect under
# wrk) and publishing (scripts/bench-publish.sh: the local Bunny stand-in).
# Usage: scripts/bench.sh [DEVHUB_BINARY]     (default: .build/release/devhub; `make bench` builds it first)
set -euo pipefail
cd "$(dirname "$0")/.."
DEVHUB=$(readlink -f "${1:-.build/release/devhub}")
[ -x "$DEVHUB" ] || { echo "no devhub binary at $DEVHUB (run: swift build -c release)" >&2; exit 2; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%F)"
scripts/bench-generator.sh "$DEVHUB"
echo
scripts/bench-server.sh "$DEVHUB"
echo
scripts/bench-publish.sh "$DEVHUB"
