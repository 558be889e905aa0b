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
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1366x768x24 >/dev/null 2>&1 &
sleep 1
export DISPLAY=$display LANG=vi_VN.UTF-8
shoot() { # name, qlhoi arguments…
	local name=$1
	shift
	./bin/qlhoi "$@" >"$work/$name.log" 2>&1 &
	local pid=$!
	sleep 4
	import -window root "$out/$name.png"
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	echo "$out/$name.png"
}
shoot wizard --db "$work/empty.db"
for s in overview associations association tasks task reports exchange settings; do
	shoot "$s" --db "$work/demo.db" --screen "$s"
done
