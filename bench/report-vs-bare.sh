#!/usr/bin/env bash
# The association list report against bare gofpdf, as whole program runs: generates
# 1,000 associations, then alternates N runs (default 30) of
#   bare-tsv   barelist drawing rows read from a file (drawing only),
#   bare-db    barelist reading the rows from the database, then drawing,
#   report     qlhoictl report danh-sach-hoi,
# and prints the minimum and median wall time of each and the report's page count.
# Usage: bench/report-vs-bare.sh [N]. The machine should be otherwise idle.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-30}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/qlhoictl" ./cmd/qlhoictl
go build -o "$tmp/barelist" ./bench/barelist
"$tmp/qlhoictl" --db "$tmp/g.db" gen --associations 1000 --tasks 0 >/dev/null 2>&1
"$tmp/barelist" -dump "$tmp/g.db" >"$tmp/rows.tsv"
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
for _ in $(seq "$n"); do
	echo "bare-tsv $(ms "$tmp/barelist" -tsv "$tmp/rows.tsv" "$tmp/bare.pdf")"
	echo "bare-db $(ms "$tmp/barelist" -db "$tmp/g.db" "$tmp/bare.pdf")"
	echo "report $(ms "$tmp/qlhoictl" --db "$tmp/g.db" report danh-sach-hoi --profile state --out "$tmp/r.pdf")"
done | sort -k1,1 -k2n | awk '{v[$1] = v[$1] " " $2; c[$1]++}
	END {for (k in v) {split(substr(v[k], 2), a, " "); printf "%-9s min %4d ms  median %4d ms\n", k, a[1], a[int((c[k] + 1) / 2)]}}'
pdfinfo "$tmp/r.pdf" | awk '/^Pages:/ {print "report pages:", $2}'
