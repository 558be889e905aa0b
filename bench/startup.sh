#!/usr/bin/env bash
# Time from process start to the first frame, and resident memory after opening, of the
# real window on a large database. Usage: bench/startup.sh [DB] (default .qlhoi/bench.db,
# made by `make bench`). Needs Xvfb and xdotool (make deps-test installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-.qlhoi/bench.db}
[ -f "$db" ] || { echo "no database $db: run make bench first" >&2; exit 1; }
display=:$((80 + RANDOM % 9))
Xvfb "$display" -screen 0 1366x768x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$display LANG=vi_VN.UTF-8
for run in 1 2 3; do
	start=$(date +%s%N)
	./bin/qlhoi --db "$db" >/dev/null 2>&1 &
	pid=$!
	until xdotool search --onlyvisible --name "qlhoi" >/dev/null 2>&1; do sleep 0.02; done
	# The window is mapped; give it a moment to draw its first frame.
	mapped=$(date +%s%N)
	sleep 3
	rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
	anon=$(awk '/RssAnon/ {print $2}' /proc/$pid/status)
	file=$(awk '/RssFile/ {print $2}' /proc/$pid/status)
	echo "run $run: window after $(( (mapped - start) / 1000000 )) ms; resident memory after opening $(( rss / 1024 )) MB" \
		"= $(( anon / 1024 )) MB private + $(( file / 1024 )) MB of mapped files (shared libraries: Mesa, LLVM)"
	kill $pid
	wait $pid 2>/dev/null || true
done
