#!/usr/bin/env bash
# Server benchmark (issue #15): the vCard import of 10,000 contacts into an empty CRM and into one of 90,000, the
# contact list (`GET /api/contacts?size=20`, default order) at 10,000 and 100,000 contacts, and Quick Connect form
# posts, each with `wrk` on loopback (16 connections, ~10 s, limits raised), then a check that the job queue drains.
# Prints one line per figure (`server: …`) on stdout; progress goes to stderr.
# Usage: scripts/bench-server.sh DEVHUB_RELEASE_BINARY [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
DEVHUB=$(readlink -f "${1:-.build/release/devhub}")
SECONDS_PER_RUN=${2:-10}
CONNECTIONS=16
[ -x "$DEVHUB" ] || { echo "no devhub binary at $DEVHUB (run: swift build -c release)" >&2; exit 2; }
if ! command -v wrk > /dev/null; then
  echo "installing wrk" >&2
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk > /dev/null
fi
W=$(mktemp -d /tmp/devhub-bench-server.XXXXXX)
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2> /dev/null && wait "$SERVER_PID" 2> /dev/null
  rm -rf "$W"
}
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
EMAIL=bench-owner@example.test
PASSWORD=correct-horse-battery-staple-42
mkdir -p "$W/content" "$W/out" "$W/mail"

# One verified owner, then the server with every limit raised far beyond what the load reaches.
"$DEVHUB" user create --db "$W/db.sqlite" --email "$EMAIL" --password "$PASSWORD" --verified > /dev/null
"$DEVHUB" serve --db "$W/db.sqlite" --out "$W/out" --content "$W/content" --base-url "$URL" --port "$PORT" \
  --mail-dir "$W/mail" --api-rate-limit 100000000 --form-rate-limit 100000000 \
  --connect-ip-limit 100000000 --connect-code-limit 100000000 > "$W/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do curl -fs "$URL/healthz" > /dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$URL/healthz" > /dev/null || { echo "the server did not start:" >&2; tail -20 "$W/serve.log" >&2; exit 1; }
COOKIE=$(curl -fs -D - -o /dev/null -H 'Content-Type: application/json' -H "Origin: $URL" \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$URL/api/auth/login" \
  | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(devhub_session=[^;]*\).*/\1/p')
[ -n "$COOKIE" ] || { echo "log-in failed" >&2; exit 1; }

# `import START`: POSTs 10,000 generated cards numbered from START; prints the seconds it took.
import_cards() {
  python3 scripts/bench-vcards.py 10000 "$1" > "$W/cards.vcf"
  local started ended
  started=$(date +%s.%N)
  curl -fs -o "$W/import.json" -H "Cookie: $COOKIE" -H "Origin: $URL" -H 'Content-Type: text/vcard' \
    --data-binary @"$W/cards.vcf" "$URL/api/import/vcard" || { echo "import from $1 failed: $(cat "$W/import.json")" >&2; exit 1; }
  ended=$(date +%s.%N)
  grep -q '"created":10000' "$W/import.json" || { echo "import from $1 did not create 10000 contacts: $(cat "$W/import.json")" >&2; exit 1; }
  python3 -c "print(f'{$ended - $started:.2f}')"
}

# `run_wrk LABEL SCRIPT PATH`: wrk with the latency distribution; prints requests/s, median and p99 in one line.
run_wrk() {
  local label=$1 script=$2 path=$3
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$script" "$URL$path" > "$W/wrk.txt" 2>&1
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' "$W/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$W/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$W/wrk.txt")
  errors=$(awk '/Non-2xx or 3xx responses/ {print $5}' "$W/wrk.txt")
  echo "server: $label: $(printf '%.0f' "$rps") requests/s, median $p50, p99 $p99${errors:+, $errors non-2xx answers}"
}

cat > "$W/list.lua" << EOF
wrk.method = "GET"
wrk.headers["Cookie"] = "$COOKIE"
EOF

echo "importing 10,000 contacts into an empty CRM" >&2
echo "server: vCard import of 10,000 into an empty CRM = $(import_cards 0) s"
run_wrk "contacts list (GET /api/contacts?size=20) at 10k" "$W/list.lua" "/api/contacts?size=20"
echo "seeding 80,000 more contacts" >&2
for start in 10000 20000 30000 40000 50000 60000 70000 80000; do import_cards "$start" > /dev/null; done
echo "server: vCard import of 10,000 into a CRM of 90,000 = $(import_cards 90000) s"
run_wrk "contacts list (GET /api/contacts?size=20) at 100k" "$W/list.lua" "/api/contacts?size=20"

# Quick Connect: one code, every post a new visitor (a new contact, its interaction, the owner's notification).
TOKEN=$(curl -fs -H "Cookie: $COOKIE" -H "Origin: $URL" -H 'Content-Type: application/json' \
  -d '{"event":"Bench Conf"}' "$URL/api/quick-connect" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
cat > "$W/connect.lua" << 'EOF'
local counter = 0
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function request()
  counter = counter + 1
  local who = tid .. "-" .. counter
  local body = "name=Visitor+" .. who .. "&email=visitor-" .. who .. "%40bench.example&github=&note=Hello&consent=yes&website="
  return wrk.format("POST", nil, { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end
EOF
run_wrk "Quick Connect submissions (POST /connect/TOKEN)" "$W/connect.lua" "/connect/$TOKEN"
# The backlog: pending jobs right after the load, then how long until none is left (bounded at 120 s).
pending() { curl -fs "$URL/healthz" | python3 -c 'import json, sys; print(json.load(sys.stdin).get("pending_jobs", -1))'; }
left=$(pending)
started=$(date +%s.%N)
for _ in $(seq 600); do [ "$(pending)" = 0 ] && break; sleep 0.2; done
drained=$(python3 -c "print(f'{$(date +%s.%N) - $started:.1f}')")
echo "server: Quick Connect backlog after the load = $left pending jobs, $( [ "$(pending)" = 0 ] && echo "drained in $drained s" || echo "NOT drained after 120 s")"
uses=$(curl -fs -H "Cookie: $COOKIE" "$URL/api/quick-connect" | python3 -c 'import json, sys; print(sum(code["use_count"] for code in json.load(sys.stdin)["data"]))')
echo "server: Quick Connect submissions recorded = $uses, notification mails written = $(find "$W/mail" -name '*.eml' | wc -l)"
