#!/usr/bin/env bash
# Generator benchmark (issue #15's table), release build:
# - import + build of the same 10,000 profile files against Hugo, by ../shared/bench/hugo-compare, on a fresh ext4
#   file system per build and on tmpfs;
# - a clean build of BIG profiles (default 100,000) into a fresh ext4 file system;
# - a full re-render after a change every page shows (the site's title in site.yml, so the built-in templates' own
#   renderer is measured, not `--templates`), output already there;
# - a no-op rebuild;
# - one-profile regeneration as a process (`devhub build --only`, an edit imported before each, median of 21) and
#   in-process (`devhub bench-regenerate`, median of 50);
# - peak RSS of every build above.
# Usage: scripts/bench-generator.sh [DEVHUB_BINARY] [BIG] [HUGO_N]   (default: .build/release/devhub 100000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
DEVHUB=$(readlink -f "${1:-.build/release/devhub}")
BIG=${2:-100000}
HUGO_N=${3:-10000}
GEN=${BENCH_GEN:-../shared/bench/gen_profiles.py}
COMPARE=${BENCH_COMPARE:-../shared/bench/hugo-compare}
[ -x "$DEVHUB" ] || { echo "no devhub binary at $DEVHUB (run: swift build -c release)" >&2; exit 2; }
[ -f "$GEN" ] || { echo "profile generator not found at $GEN (set BENCH_GEN)" >&2; exit 2; }
W=$(mktemp -d /tmp/devhub-bench-generator.XXXXXX)
MNT=$W/mnt
mkdir -p "$MNT"
# BENCH_KEEP=1 leaves the database and the mounted output behind for profiling (unmount and remove it yourself).
cleanup() {
  [ -n "${BENCH_KEEP:-}" ] && { echo "kept: $W" >&2; return; }
  for m in "$MNT" "$W/copy"; do mountpoint -q "$m" && umount "$m"; done
  rm -rf "$W"
}
trap cleanup EXIT
rows=()
row() { rows+=("| $1 | $2 |"); echo "generator: $1: $2" >&2; }

# Hugo against Devhub on the same files.
for fs in fresh tmpfs; do
  if [ -x "$COMPARE" ]; then
    out=$(FS=$fs "$COMPARE" "$HUGO_N" "$DEVHUB" 2>/dev/null | tail -4)
    hugo=$(sed -n 's/^hugo *: median \([0-9.]*\) s.*/\1/p' <<< "$out")
    devhub=$(sed -n 's/^devhub *: median \([0-9.]*\) s.*build alone \([0-9.]*\) s.*/\1 (build \2)/p' <<< "$out")
    ratio=$(sed -n 's/^speed ratio devhub\/hugo: //p' <<< "$out")
    row "import + build of $(printf "%'d" "$HUGO_N") profiles vs Hugo ($fs)" "Hugo ${hugo} s, Devhub ${devhub} s: **${ratio}**"
  else
    row "import + build vs Hugo ($fs)" "not measured: $COMPARE not found"
  fi
done

# `fresh_target [MOUNTPOINT [PROFILES]]`: a fresh ext4 file system (or the work disk where loop devices are missing)
# at MOUNTPOINT (default $MNT) sized for PROFILES (default $BIG), with room to spare (a nearly full file system
# allocates slower).
fresh_target() {
  local mnt=${1:-$MNT} n=${2:-$BIG} image=$W/fs-$(basename "${1:-$MNT}").img
  mountpoint -q "$mnt" && umount "$mnt"
  if command -v mkfs.ext4 >/dev/null && losetup -f >/dev/null 2>&1; then
    rm -f "$image"; truncate -s $(( n / 1000 * 60 + 512 ))M "$image"
    mkfs.ext4 -q -F -N $(( n * 12 + 10000 )) "$image"; mount -o loop "$image" "$mnt"; echo "fresh ext4"
  else
    rm -rf "${mnt:?}"/*; echo "the work disk (no loop devices)"
  fi
}
# `write_floor OUTPUT PROFILES`: the cost of creating OUTPUT's files again with nothing rendered, as a build writes
# them (`devhub bench-write-limit` reads them all into memory first), into another fresh file system: the floor
# under a clean build of PROFILES on this disk. Sets floor_files, floor_secs.
write_floor() {
  mkdir -p "$W/copy"; fresh_target "$W/copy" "$2" > /dev/null; sync
  local builds_peak=$peak  # (the copy holds every file in memory: not a build's RSS)
  measure "$DEVHUB" bench-write-limit --from "$1" --to "$W/copy/out"
  peak=$builds_peak
  floor_files=$(sed -E 's/wrote ([0-9]+) files.*/\1/' "$W/stdout"); floor_secs=$(sed -E 's/.* in ([0-9.]+) s.*/\1/' "$W/stdout")
  umount "$W/copy"; rm -f "$W/fs-copy.img"; sync
}
# Wall time, CPU time (user + system) and peak RSS of one command; the load average when it ended.
measure() {
  /usr/bin/time -f "%e %U %S %M" -o "$W/time" "$@" > "$W/stdout"; read -r secs user sys rss < "$W/time"
  peak=$(( rss > peak ? rss : peak )); cpu=$(python3 -c "print(round($user + $sys, 2))"); load=$(cut -d' ' -f1 /proc/loadavg)
}
rate() { python3 -c "print(f'{$1/$2:,.0f}' if $2 > 0 else 'n/a')"; }
peak=0

# The write limit at the Hugo comparison's size: Devhub's files for HUGO_N profiles (built as hugo-compare builds them)
# written with nothing rendered, against Hugo's whole build.
python3 "$GEN" "$HUGO_N" "$W/small" > /dev/null
"$DEVHUB" import "$W/small" --db "$W/small.sqlite" > /dev/null
fresh_target "$MNT" "$HUGO_N" > /dev/null
"$DEVHUB" build --db "$W/small.sqlite" --out "$MNT/out" --base-url https://profiles.example.test > /dev/null
write_floor "$MNT/out" "$HUGO_N"
row "Devhub's $(printf "%'d" "$floor_files") files for $(printf "%'d" "$HUGO_N") profiles written with nothing rendered (fresh ext4)" "${floor_secs} s"
rm -rf "$W/small" "$W/small.sqlite"*

python3 "$GEN" "$BIG" "$W/p" > /dev/null
mkdir -p "$W/content" && cp -r content/site.yml content/pages "$W/content/"
"$DEVHUB" import "$W/p" --db "$W/db.sqlite" > /dev/null
where=$(fresh_target)
common=(--db "$W/db.sqlite" --out "$MNT/out" --base-url https://profiles.example.test --content "$W/content")
sync
measure "$DEVHUB" build "${common[@]}"; clean=$secs
row "clean build of $(printf "%'d" "$BIG") profiles ($where)" "${clean} s: **$(rate "$BIG" "$clean") profiles/s** (CPU ${cpu} s, load ${load})"

write_floor "$MNT/out" "$BIG"
row "the same $(printf "%'d" "$floor_files") files written with nothing rendered (this disk's write limit, the same way)" "${floor_secs} s: at most **$(rate "$BIG" "$floor_secs") profiles/s** here"

# Every page changes: the site's title is in every page's header.
sed -i 's/^title: .*/title: Devhub Benchmark, re-rendered/' "$W/content/site.yml"
measure "$DEVHUB" build "${common[@]}"; rerender=$secs
written=$(grep -o '[0-9]* written' "$W/stdout" | cut -d' ' -f1)
row "full re-render after the site title changed, output there" "${rerender} s: **$(rate "$BIG" "$rerender") profiles/s**, $(python3 -c "print(round($rerender/$clean, 2))")× the clean build, $written files written (CPU ${cpu} s, load ${load})"

measure "$DEVHUB" build "${common[@]}"; noop=$secs
row "no-op rebuild of $(printf "%'d" "$BIG")" "**${noop} s** (CPU ${cpu} s, load ${load})"

# One profile edited (its headline, imported by a separate process), then `build --only` timed as a process.
mkdir -p "$W/one"
sample=$(find "$W/p" -name '*.md' -print -quit)
user=$(sed -n 's/^username: *//p' "$sample" | head -1)
times=()
for i in $(seq 21); do
  sed "s/^headline: .*/headline: \"Edited headline $i\"/" "$sample" > "$W/one/$(basename "$sample")"
  "$DEVHUB" import "$W/one" --db "$W/db.sqlite" > /dev/null
  start=$(date +%s%N)
  "$DEVHUB" build "${common[@]}" --only "$user" > /dev/null
  times+=("$(( ($(date +%s%N) - start) / 1000 ))")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 11p)
measure "$DEVHUB" bench-regenerate "${common[@]}" --samples 50
inproc=$(sed -E 's/.*median ([0-9.]+) ms.*/\1/' "$W/stdout")
row "one-profile regeneration of $(printf "%'d" "$BIG"): as a process (\`build --only\`, median of 21) / in-process (median of 50)" "**$(python3 -c "print(round($median/1000, 1))") ms** / **${inproc} ms**"
row "peak RSS of these builds" "**$(( peak / 1024 )) MB**"

echo
echo "| generator (release build, $(nproc) cores) | measured |"
echo "|---|---|"
printf '%s\n' "${rows[@]}"
