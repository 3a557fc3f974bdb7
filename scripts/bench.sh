#!/usr/bin/env bash
# Generator benchmark (issue #3): for each N, generate N synthetic profiles, import them, and measure a clean
# build, a no-op rebuild, one-profile regeneration (median of 50, in-process), files written, output size and
# peak RSS. Prints a Markdown table for the README.
# Usage: scripts/bench.sh [DEVHUB_BINARY] [N ...]     (default: .build/release/devhub 1000 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
DEVHUB=$(readlink -f "${1:-.build/release/devhub}")
shift || true
SIZES=("${@:-1000 10000 100000}")
GEN=${BENCH_GEN:-../shared/bench/gen_profiles.py}
[ -x "$DEVHUB" ] || { echo "no devhub binary at $DEVHUB (run: swift build -c release)" >&2; exit 2; }
[ -f "$GEN" ] || { echo "profile generator not found at $GEN (set BENCH_GEN)" >&2; exit 2; }
W=$(mktemp -d /tmp/devhub-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
measure() { /usr/bin/time -f "%e %M" -o "$W/time" "$@" > "$W/stdout"; read -r secs rss < "$W/time"; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
rows=()
for n in ${SIZES[@]}; do
  rm -rf "$W/p" "$W/db.sqlite"* "$W/out"
  python3 "$GEN" "$n" "$W/p" > /dev/null
  common=(--db "$W/db.sqlite" --out "$W/out" --base-url https://profiles.example.test)
  measure "$DEVHUB" import "$W/p" --db "$W/db.sqlite"; import_s=$secs; import_rss=$rss
  measure "$DEVHUB" build "${common[@]}"; clean_s=$secs; clean_rss=$rss
  written=$(grep -o '[0-9]* written' "$W/stdout" | cut -d' ' -f1)
  measure "$DEVHUB" build "${common[@]}"; noop_s=$secs; noop_rss=$rss
  noop_written=$(grep -o '[0-9]* written' "$W/stdout" | cut -d' ' -f1)
  measure "$DEVHUB" bench-regenerate "${common[@]}" --samples 50; regen_rss=$rss
  regen=$(sed -E 's/.*median ([0-9.]+) ms.*/\1/' "$W/stdout")
  regen_files=$(sed -E 's/.*per edit: ([0-9–]+).*/\1/' "$W/stdout")
  bytes=$(du -sb --exclude=.devhub-staging "$W/out" | cut -f1)
  rate=$(python3 -c "print(f'{$n/$clean_s:,.0f}' if $clean_s > 0 else 'n/a')")
  peak=$(printf '%s\n' "$import_rss" "$clean_rss" "$noop_rss" "$regen_rss" | sort -n | tail -1)
  echo "N=$n: import ${import_s}s, clean ${clean_s}s ($rate/s, $written files), no-op ${noop_s}s ($noop_written written), regen ${regen} ms ($regen_files files), $(( bytes / 1048576 )) MiB, peak RSS $(( peak / 1024 )) MB" >&2
  rows+=("| $(printf "%'d" "$n") | ${import_s} s | ${clean_s} s | ${rate} | ${noop_s} s | ${regen} ms | $(printf "%'d" "$written") | $(( bytes / 1048576 )) MiB | $(( peak / 1024 )) MB |")
done
echo
echo "| profiles | import | clean build | profiles/s | no-op rebuild | one-profile regen (median of 50) | files written | output | peak RSS |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
