#!/usr/bin/env bash
# Publishing benchmark (issue #14), against the local Bunny Storage stand-in (Tests/Fixtures/bunny_fixture_server.py):
# - a first publish of N profiles (every file uploaded, every URL purged, 8 requests in flight);
# - a no-op publish of the same N (nothing uploaded);
# - a one-profile edit (re-import, `build --only`), then a publish: the files it uploads;
# - a no-op publish of BIG profiles (default 100,000). The zone is not filled with BIG profiles' files first (the
#   Python stand-in takes minutes for that): `published_files` is set to what the build wrote, as a completed first
#   publish leaves it; the first no-op publish then compares every file once and records the units
#   (`published_units`), and the second is the no-op publish as it runs from then on.
# Usage: scripts/bench-publish.sh [DEVHUB_BINARY] [N] [BIG]    (default: .build/release/devhub 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
DEVHUB=$(readlink -f "${1:-.build/release/devhub}")
N=${2:-10000}
BIG=${3:-100000}
GEN=${BENCH_GEN:-../shared/bench/gen_profiles.py}
[ -x "$DEVHUB" ] || { echo "no devhub binary at $DEVHUB (run: swift build -c release)" >&2; exit 2; }
[ -f "$GEN" ] || { echo "profile generator not found at $GEN (set BENCH_GEN)" >&2; exit 2; }
W=$(mktemp -d /tmp/devhub-bench-publish.XXXXXX)
PORT=${BENCH_BUNNY_PORT:-18097}
FIXTURE_PID=
cleanup() { [ -n "$FIXTURE_PID" ] && kill "$FIXTURE_PID" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT
export BUNNY_STORAGE_KEY=bench-storage-key BUNNY_API_KEY=bench-api-key
python3 Tests/Fixtures/bunny_fixture_server.py "$PORT" "$W/zone" bench-zone "$BUNNY_STORAGE_KEY" "$BUNNY_API_KEY" "$W/bunny.log" &
FIXTURE_PID=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done

site() { # DIR → the flags every command of that site takes
  echo --db "$1/db.sqlite" --out "$1/out" --base-url https://profiles.example.test
}
publish() { # DIR [flags] → "seconds|summary"
  local dir=$1; shift
  /usr/bin/time -f "%e" -o "$W/time" "$DEVHUB" publish $(site "$dir") --bunny-storage-zone bench-zone \
    --bunny-storage-endpoint "http://127.0.0.1:$PORT" --bunny-pull-zone 1 --bunny-api-url "http://127.0.0.1:$PORT" "$@" > "$W/stdout"
  echo "$(cat "$W/time")|$(tail -1 "$W/stdout")"
}
prepare() { # DIR COUNT: generate, import, build
  python3 "$GEN" "$2" "$1/p" > /dev/null
  "$DEVHUB" import "$1/p" --db "$1/db.sqlite" > /dev/null
  "$DEVHUB" build $(site "$1") > /dev/null
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
prepare "$W/a" "$N"
files=$(find "$W/a/out" -type f -not -path '*/.*' | wc -l)
IFS='|' read -r first_s first_summary <<< "$(publish "$W/a")"
IFS='|' read -r noop_s noop_summary <<< "$(publish "$W/a")"
# One profile edited: its headline, re-imported, regenerated alone.
edited=$(find "$W/a/p" -name "*.md" -print -quit | xargs basename)
user=$(sed -n 's/^username: *//p' "$W/a/p/$edited" | head -1)
sed -i 's/^headline: .*/headline: "Publishing only what changed"/' "$W/a/p/$edited"
"$DEVHUB" import "$W/a/p" --db "$W/a/db.sqlite" > /dev/null
"$DEVHUB" build $(site "$W/a") --only "$user" > /dev/null
IFS='|' read -r edit_s edit_summary <<< "$(publish "$W/a")"

prepare "$W/b" "$BIG"
big_files=$(find "$W/b/out" -type f -not -path '*/.*' | wc -l)

python3 - "$W/b/db.sqlite" "http://127.0.0.1:$PORT/bench-zone" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = []
for (files,) in db.execute("SELECT files FROM build_manifest"):
    for line in files.split("\n"):
        if line:
            path, digest, _ = line.split("\t")
            rows.append((sys.argv[2], path, digest.upper()))
db.executemany("INSERT OR REPLACE INTO published_files (target, path, sha256) VALUES (?, ?, ?)", rows)
db.commit()
EOF
IFS='|' read -r big_s big_summary <<< "$(publish "$W/b")"
IFS='|' read -r big2_s big2_summary <<< "$(publish "$W/b")"

echo "publish: first publish of $N profiles ($files files): ${first_s} s — $first_summary" >&2
echo "publish: no-op publish of $N profiles: ${noop_s} s — $noop_summary" >&2
echo "publish: one-profile edit of $N: ${edit_s} s — $edit_summary" >&2
echo "publish: no-op publish of $BIG profiles ($big_files files): ${big2_s} s (the first, which compares every file once and records the units: ${big_s} s) — $big2_summary" >&2
echo
echo "| publishing (local Bunny stand-in) | profiles | files | time | summary |"
echo "|---|---:|---:|---:|---|"
echo "| first publish | $(printf "%'d" "$N") | $(printf "%'d" "$files") | ${first_s} s | $first_summary |"
echo "| no-op publish | $(printf "%'d" "$N") | $(printf "%'d" "$files") | ${noop_s} s | $noop_summary |"
echo "| one profile edited | $(printf "%'d" "$N") | $(printf "%'d" "$files") | ${edit_s} s | $edit_summary |"
echo "| no-op publish (first: every file compared once, units recorded) | $(printf "%'d" "$BIG") | $(printf "%'d" "$big_files") | ${big_s} s | $big_summary |"
echo "| no-op publish | $(printf "%'d" "$BIG") | $(printf "%'d" "$big_files") | ${big2_s} s | $big2_summary |"
