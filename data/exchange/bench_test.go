package exchange

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"qlhoi/data"
	"qlhoi/data/store"
)

// peak samples the heap while f runs and reports the highest reading (MB).
func peak(b *testing.B, f func()) {
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

const benchRows = 100000

var (
	benchOnce   sync.Once
	benchDir    string
	benchBundle string
)

// setupBench makes an office with 100,000 changed associations, a province that trusts
// it (its database kept closed as a template), and the bundle between them.
func setupBench(b *testing.B) {
	benchOnce.Do(func() {
		ctx := context.Background()
		benchDir, _ = os.MkdirTemp("", "qlhoi-bench")
		p, _ := store.Open(ctx, filepath.Join(benchDir, "p.db"))
		p.SetUp(ctx, &data.Office{Code: "QT", Name: "Tỉnh", Level: data.LevelProvince})
		a, _ := store.Open(ctx, filepath.Join(benchDir, "a.db"))
		a.SetUp(ctx, &data.Office{Code: "QT-A", Name: "Huyện", Level: data.LevelDistrict, Parent: "QT"})
		link(b, p, a)
		for i := 0; i < benchRows; i += 5000 {
			recs := make([]data.Record, 5000)
			for j := range recs {
				recs[j] = assoc(fmt.Sprintf("Hội số %d", i+j))
			}
			if err := a.CreateAll(ctx, recs, store.AllowNearDuplicate); err != nil {
				b.Fatal(err)
			}
		}
		res, err := Export(ctx, a, "QT", benchDir, true)
		if err != nil {
			b.Fatal(err)
		}
		benchBundle = res.Path
		p.Close()
		a.Close()
	})
}

// BenchmarkExport100k writes a full bundle of 100,000 records.
func BenchmarkExport100k(b *testing.B) {
	setupBench(b)
	ctx := context.Background()
	a, _ := store.Open(ctx, filepath.Join(benchDir, "a.db"))
	defer a.Close()
	for b.Loop() {
		peak(b, func() {
			if _, err := Export(ctx, a, "QT", b.TempDir(), true); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// BenchmarkImport100k verifies and applies the bundle into a fresh copy of the province.
func BenchmarkImport100k(b *testing.B) {
	setupBench(b)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), "p.db")
		copyFile(b, filepath.Join(benchDir, "p.db"), db)
		s, _ := store.Open(ctx, db)
		b.StartTimer()
		peak(b, func() {
			bun, err := Open(ctx, s, benchBundle, DefaultLimits)
			if err != nil {
				b.Fatal(err)
			}
			res, err := bun.Apply(ctx)
			if err != nil || res.Counts[data.KindAssociation][store.Added] != benchRows {
				b.Fatal(err, res.Counts)
			}
		})
		s.Close()
	}
}

// BenchmarkRawInsert100k is a floor for BenchmarkImport100k: rows like the bundle's
// inserted in one transaction into the same table of a migrated qlhoi database (same
// columns and indexes), without the checks, the history or the merge. The issue's
// figure (the whole command against the very rows of its bundle) is
// BenchmarkImportCommand100k in cmd/qlhoictl, which reports it as x-raw.
func BenchmarkRawInsert100k(b *testing.B) {
	ctx := context.Background()
	bodies := make([][]byte, benchRows)
	for i := range bodies {
		a := assoc(fmt.Sprintf("Hội số %d", i))
		a.ID = data.NewID()
		bodies[i], _ = json.Marshal(a)
	}
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "raw.db")
		s, err := store.Open(ctx, path) // creates the schema
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
		db, _ := sql.Open("sqlite", store.SQLiteURI(path, "_pragma=journal_mode(WAL)", "_pragma=synchronous(NORMAL)"))
		b.StartTimer()
		peak(b, func() {
			tx, _ := db.BeginTx(ctx, nil)
			st, err := tx.Prepare(`INSERT INTO associations (id, office, created_at, updated_at, version, deleted, body, name_lower, name_fold, sort_key, scope, area, field, status, assigned, term_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
			if err != nil {
				b.Fatal(err)
			}
			for i, body := range bodies {
				name := fmt.Sprintf("Hội số %d", i)
				if _, err := st.Exec(fmt.Sprint(i), "QT-A", "t", "t", 1, 0, body, data.Lower(name), data.Fold(name), data.SortKey(name), "xa", "", "Nhân đạo", "hoat_dong", 0, "2029-01-01"); err != nil {
					b.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		})
		db.Close()
	}
}
