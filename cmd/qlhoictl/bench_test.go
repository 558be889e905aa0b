package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
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
// associations: verify, automatic backup, merge, receipt. Compare with
// BenchmarkRawInsert100k in data/exchange (the same rows inserted raw).
func BenchmarkImportCommand100k(b *testing.B) {
	importDir, importBundle := setupImportBench(b)
	for b.Loop() {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), "p.db")
		copyDB(b, filepath.Join(importDir, "p.db"), db)
		runtime.GC()
		b.StartTimer()
		peakHeap(b, func() {
			var errOut bytes.Buffer
			if code := run(context.Background(), []string{"--db", db, "import", importBundle}, strings.NewReader(""), io.Discard, &errOut); code != 0 {
				b.Fatal(errOut.String())
			}
		})
	}
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
