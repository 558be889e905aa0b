#!/usr/bin/env bash
# Peak resident memory and time of the whole `qlhoictl import` of a full bundle of
# 100,000 associations (verify, automatic backup, merge, receipt), as an office runs
# it. The time against the floor is BenchmarkImportCommand100k (x-raw); this script
# measures what a benchmark inside the test process cannot: the process's own peak RSS.
# Usage: bench/import-100k.sh [QLHOICTL] (default bin/qlhoictl, made by make qlhoictl).
set -euo pipefail
cd "$(dirname "$0")/.."
ctl=$(realpath "${1:-bin/qlhoictl}")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
"$ctl" --db p.db init --code QT --name "Tỉnh ủy" --level tinh >/dev/null
"$ctl" --db a.db init --code QT-A --name "Huyện ủy A" --level huyen --parent QT >/dev/null
"$ctl" --db a.db gen --associations 100000 >/dev/null 2>&1
"$ctl" --db p.db card export --out p.card >/dev/null
"$ctl" --db a.db card export --out a.card >/dev/null
"$ctl" --db p.db card import a.card --yes >/dev/null
"$ctl" --db a.db card import p.card --yes >/dev/null
bundle=$("$ctl" --db a.db export --to QT --out usb --full | tail -1)
cp p.db template.db
for run in 1 2 3; do
	cp template.db p.db
	rm -f p.db-wal p.db-shm p.db.truoc-nhap-*
	sync
	/usr/bin/time -f "%e %M" -o t.txt "$ctl" --db p.db import "$bundle" >/dev/null
	read -r secs kb <t.txt
	echo "run $run: ${secs} s, peak resident memory $(( kb / 1024 )) MB"
done
