#!/usr/bin/env bash
# Screenshots of every screen of the real window under Xvfb, with the demo data, into
# docs/screenshots/. Run by `make screenshots` (which builds bin/qlhoi and bin/qlhoictl).
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/screenshots
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$out"
./bin/qlhoictl --db "$work/demo.db" demo >/dev/null
export LANG=vi_VN.UTF-8
shoot() { # name, qlhoi arguments…
	local name=$1
	shift
	./bin/qlhoi --size "$size" "$@" >"$work/$name.log" 2>&1 &
	local pid=$!
	sleep 4
	# The pointer on the screen's heading, so no row shows hovered (Xvfb starts it in the
	# middle of the screen, over a list).
	if command -v xdotool >/dev/null; then
		xdotool mousemove 700 12
		sleep 1
	fi
	import -window root "$out/$name.png"
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	echo "$out/$name.png"
}
# Each screen at the two screen sizes offices have: 1366×768 (the file name without a
# suffix, for the README) and 1024×768 ("-1024"). The window leaves 28 pixels for a taskbar.
for screen in 1366x768 1024x768; do
	display=:$((90 + RANDOM % 9))
	Xvfb "$display" -screen 0 "${screen}x24" >/dev/null 2>&1 &
	xvfb=$!
	sleep 1
	export DISPLAY=$display
	size=${screen%x*}x740
	suffix=""
	[ "$screen" = 1024x768 ] && suffix=-1024
	rm -f "$work/empty.db"*
	shoot "wizard$suffix" --db "$work/empty.db"
	for s in overview associations association tasks task agencies reports exchange settings; do
		shoot "$s$suffix" --db "$work/demo.db" --screen "$s"
	done
	kill "$xvfb"
	wait "$xvfb" 2>/dev/null || true
done
