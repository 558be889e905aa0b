package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"qlhoi/data/store"
)

// setupImportBench makes a district with 100,000 associations, a province that trusts
// it (kept closed as a template) and a full bundle between them, with qlhoictl itself.
// It returns the directory and the bundle.
func setupImportBench(b *testing.B) (string, string) {
	dir := b.TempDir()
	p, a := filepath.Join(dir, "p.db"), filepath.Join(dir, "a.db")
	must := func(db string, args ...string) string {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), append([]string{"--db", db}, args...), strings.NewReader(""), &out, &errOut); code != 0 {
			b.Fatalf("qlhoictl %v: %s", args, errOut.String())
		}
		return out.String()
	}
	must(p, "init", "--code", "QT", "--name", "Tỉnh ủy", "--level", "tinh")
	must(a, "init", "--code", "QT-A", "--name", "Huyện ủy A", "--level", "huyen", "--parent", "QT")
	must(a, "gen", "--associations", "100000")
	must(p, "card", "export", "--out", filepath.Join(dir, "p.card"))
	must(a, "card", "export", "--out", filepath.Join(dir, "a.card"))
	must(p, "card", "import", filepath.Join(dir, "a.card"), "--yes")
	must(a, "card", "import", filepath.Join(dir, "p.card"), "--yes")
	return dir, strings.TrimSpace(must(a, "export", "--to", "QT", "--out", filepath.Join(dir, "usb"), "--full"))
}

// BenchmarkImportCommand100k is the whole `qlhoictl import` of a bundle of 100,000
// associations: verify, automatic backup, merge, receipt. Each round also inserts the
// same 100,000 rows raw (rawInsert, untimed) into another copy of the same province
// database and reports the import's time as a multiple of it ("x-raw"): the issue's
// target is at most 3.
func BenchmarkImportCommand100k(b *testing.B) {
	importDir, importBundle := setupImportBench(b)
	var imported, raw time.Duration
	for b.Loop() {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), "p.db")
		copyDB(b, filepath.Join(importDir, "p.db"), db)
		floor := filepath.Join(b.TempDir(), "raw.db")
		copyDB(b, filepath.Join(importDir, "p.db"), floor)
		rows := sourceRows(b, filepath.Join(importDir, "a.db"))
		syncDisk() // each run starts with no writes of the previous one pending
		raw += rawInsert(b, floor, rows)
		rows = nil
		runtime.GC() // the rows are not held during the import
		syncDisk()
		start := time.Now()
		b.StartTimer()
		peakHeap(b, func() {
			var errOut bytes.Buffer
			if code := run(context.Background(), []string{"--db", db, "import", importBundle}, strings.NewReader(""), io.Discard, &errOut); code != 0 {
				b.Fatal(errOut.String())
			}
		})
		b.StopTimer()
		imported += time.Since(start)
		b.StartTimer()
	}
	b.ReportMetric(imported.Seconds()/float64(b.N), "import-s")
	b.ReportMetric(raw.Seconds()/float64(b.N), "raw-s")
	b.ReportMetric(float64(imported)/float64(raw), "x-raw")
}

// sourceRows reads every column of the sending office's association rows: the rows
// the bundle carries, as the sender stored them.
func sourceRows(b *testing.B, path string) [][]any {
	db, err := sql.Open("sqlite", store.SQLiteURI(path))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rs, err := db.Query(`SELECT ` + rawColumns + ` FROM associations`)
	if err != nil {
		b.Fatal(err)
	}
	defer rs.Close()
	var rows [][]any
	for rs.Next() {
		row := make([]any, strings.Count(rawColumns, ",")+1)
		ptrs := make([]any, len(row))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			b.Fatal(err)
		}
		rows = append(rows, row)
	}
	if err := rs.Err(); err != nil {
		b.Fatal(err)
	}
	return rows
}

const rawColumns = "id, office, created_at, updated_at, version, deleted, body, name_lower, name_fold, sort_key, scope, area, field, status, assigned, term_end"

// rawInsert is the floor: the rows inserted with one prepared statement in one
// transaction into a qlhoi database (the same schema and indexes, so the same
// pages to write) with the page cache the merge uses, opened as qlhoi opens it and
// closed (checkpoint included), without
// the checks, the history or the merge. It returns the time taken.
func rawInsert(b *testing.B, path string, rows [][]any) time.Duration {
	start := time.Now()
	db, err := sql.Open("sqlite", store.SQLiteURI(path, "_pragma=journal_mode(WAL)", "_pragma=synchronous(NORMAL)", "_pragma=cache_size(-32768)"))
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	st, err := tx.Prepare(`INSERT INTO associations (` + rawColumns + `) VALUES (?` + strings.Repeat(", ?", strings.Count(rawColumns, ",")) + `)`)
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range rows {
		if _, err := st.Exec(r...); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

func copyDB(b *testing.B, from, to string) {
	in, err := os.ReadFile(from)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(to, in, 0o600); err != nil {
		b.Fatal(err)
	}
}

// peakHeap samples the Go heap while f runs and reports the highest reading (MB).
func peakHeap(b *testing.B, f func()) {
	var mu sync.Mutex
	var top uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&m)
				mu.Lock()
				top = max(top, m.HeapAlloc)
				mu.Unlock()
			}
		}
	}()
	f()
	close(done)
	mu.Lock()
	b.ReportMetric(float64(top)/(1<<20), "peak-MB")
	mu.Unlock()
}

// BenchmarkReportList is the whole `qlhoictl report danh-sach-hoi` of 1,000 generated
// associations, start-up included (open, migrations check, settings, fonts); compare
// with bench/report-vs-bare.sh.
func BenchmarkReportList(b *testing.B) {
	dir := b.TempDir()
	db := filepath.Join(dir, "g.db")
	var errOut bytes.Buffer
	if code := run(context.Background(), []string{"--db", db, "gen", "--associations", "1000", "--tasks", "0"}, strings.NewReader(""), io.Discard, &errOut); code != 0 {
		b.Fatal(errOut.String())
	}
	out := filepath.Join(dir, "r.pdf")
	for b.Loop() {
		if code := run(context.Background(), []string{"--db", db, "report", "danh-sach-hoi", "--profile", "state", "--out", out}, strings.NewReader(""), io.Discard, &errOut); code != 0 {
			b.Fatal(errOut.String())
		}
	}
}
