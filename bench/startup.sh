#!/usr/bin/env bash
# The window's start on a large database, side by side with the smallest Fyne window
# (bench/barewindow): time from process start to the window drawn, and private memory
# (RssAnon) a few seconds after. Target (issue 21): at most 1.2× the time and 1.5× the
# memory of the bare window. Usage: bench/startup.sh [DB] (default .qlhoi/bench.db, made
# by `make bench`: 20,000 associations, 200,000 tasks). Needs Xvfb, xdotool and
# ImageMagick (make deps-test installs them). Prints each run, the medians, the ratios,
# and PASS or OVER for each target.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-.qlhoi/bench.db}
[ -f "$db" ] || { echo "no database $db: run make bench first" >&2; exit 1; }
go build -o bin/barewindow ./bench/barewindow
go build -tags no_emoji -o bin/qlhoi ./cmd/qlhoi # as make builds it
display=:$((80 + RANDOM % 9))
Xvfb "$display" -screen 0 1366x768x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$display LANG=vi_VN.UTF-8

# measure NAME TITLE CMD…: one start; prints "ms kB" (drawn after, private memory).
measure() {
	local title=$1 start win drawn pid
	shift
	start=$(date +%s%N)
	"$@" >/dev/null 2>&1 &
	pid=$!
	win=""
	until [ -n "$win" ]; do
		win=$(xdotool search --onlyvisible --name "$title" 2>/dev/null | head -1 || true)
		sleep 0.01
	done
	# Drawn: the window's pixels are no longer one colour (the first frame is up).
	until [ "$(import -window "$win" -format '%k' info: 2>/dev/null || echo 1)" -gt 1 ]; do sleep 0.01; done
	drawn=$(date +%s%N)
	sleep 3
	echo "$(((drawn - start) / 1000000)) $(awk '/RssAnon/ {print $2}' /proc/$pid/status)"
	kill $pid
	wait $pid 2>/dev/null || true
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
runs=${RUNS:-5}
: >/tmp/qlhoi-startup.txt
for i in $(seq "$runs"); do
	read -r bt bm < <(measure '^qlhoi-bare$' ./bin/barewindow)
	read -r qt qm < <(measure '^qlhoi' ./bin/qlhoi --db "$db")
	echo "run $i: bare window $bt ms, $((bm / 1024)) MB private; qlhoi on $db $qt ms, $((qm / 1024)) MB private"
	echo "$bt $bm $qt $qm" >>/tmp/qlhoi-startup.txt
done
bt=$(awk '{print $1}' /tmp/qlhoi-startup.txt | median)
bm=$(awk '{print $2}' /tmp/qlhoi-startup.txt | median)
qt=$(awk '{print $3}' /tmp/qlhoi-startup.txt | median)
qm=$(awk '{print $4}' /tmp/qlhoi-startup.txt | median)
tr=$(awk -v a="$qt" -v b="$bt" 'BEGIN {printf "%.2f", a / b}')
mr=$(awk -v a="$qm" -v b="$bm" 'BEGIN {printf "%.2f", a / b}')
verdict() { awk -v r="$1" -v t="$2" 'BEGIN {print (r <= t) ? "PASS" : "OVER"}'; }
echo "median: bare $bt ms, $((bm / 1024)) MB; qlhoi $qt ms, $((qm / 1024)) MB"
echo "first frame: ${tr}× the bare window (target ≤ 1.2×): $(verdict "$tr" 1.2)"
echo "private memory: ${mr}× the bare window (target ≤ 1.5×): $(verdict "$mr" 1.5)"
