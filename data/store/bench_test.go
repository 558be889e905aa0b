package store_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"qlhoi/data"
	"qlhoi/data/demo"
	"qlhoi/data/store"
)

var (
	benchOnce  sync.Once
	benchPath  string
	benchError error
)

// benchStore opens the benchmark database: $QLHOI_BENCH_DB if set (made with
// `qlhoictl gen --associations 20000 --tasks 200000`, as `make bench` does), otherwise
// one generated here once.
func benchStore(b *testing.B) *store.Store {
	b.Helper()
	benchOnce.Do(func() {
		if p := os.Getenv("QLHOI_BENCH_DB"); p != "" {
			benchPath = p
			return
		}
		dir, err := os.MkdirTemp("", "qlhoi-bench")
		if err != nil {
			benchError = err
			return
		}
		benchPath = filepath.Join(dir, "bench.db")
		s, err := store.Open(context.Background(), benchPath)
		if err != nil {
			benchError = err
			return
		}
		defer s.Close()
		benchError = demo.Generate(context.Background(), s, 20000, 200000, 1, nil)
	})
	if benchError != nil {
		b.Fatal(benchError)
	}
	s, err := store.Open(context.Background(), benchPath)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkSearch is one keystroke of search-as-you-type: a folded query, the first page.
func BenchmarkSearch(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	for _, q := range []string{"hoi nguoi cao tuoi", "đông y", "khuyen hoc vinh linh"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				list, _, err := s.FindAssociations(ctx, store.AssociationFilter{Query: q, Limit: 50})
				if err != nil || len(list) == 0 {
					b.Fatal(err, len(list))
				}
			}
		})
	}
}

// BenchmarkSortedPage is one page of the association list in Vietnamese order, at the
// start and deep in the list.
func BenchmarkSortedPage(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	for _, off := range []int{0, 10000, 19950} {
		b.Run("offset="+data.FormatInt(int64(off)), func(b *testing.B) {
			for b.Loop() {
				list, _, err := s.FindAssociations(ctx, store.AssociationFilter{Offset: off, Limit: 50})
				if err != nil || len(list) != 50 {
					b.Fatal(err, len(list))
				}
			}
		})
	}
}

// BenchmarkOverdueTasks finds the overdue tasks: the first page with the total (what
// the task screen shows), every one of them decoded, and the overview's counts.
func BenchmarkOverdueTasks(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	b.Run("page", func(b *testing.B) {
		for b.Loop() {
			list, n, err := s.FindTasks(ctx, store.TaskFilter{Overdue: true, Limit: 50})
			if err != nil || len(list) == 0 || n == 0 {
				b.Fatal(err)
			}
		}
	})
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			list, _, err := s.FindTasks(ctx, store.TaskFilter{Overdue: true})
			if err != nil || len(list) == 0 {
				b.Fatal(err)
			}
		}
	})
	b.Run("counts", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.CountTasks(ctx, s.Today(), 7); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkGenerate measures `gen` per 1,000 associations and 10,000 tasks.
func BenchmarkGenerate(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s, err := store.Open(ctx, filepath.Join(b.TempDir(), "gen.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := demo.Generate(ctx, s, 1000, 10000, 1, nil); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
