package app

import (
	"context"
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"qlhoi/data/store"
)

// benchUI opens the interface on $QLHOI_BENCH_DB (made by `make bench`: 20,000
// associations, 200,000 tasks); the benchmarks skip without it.
func benchUI(b *testing.B) (*UI, fyne.Window) {
	path := os.Getenv("QLHOI_BENCH_DB")
	if path == "" {
		b.Skip("set QLHOI_BENCH_DB (make bench does)")
	}
	test.NewTempApp(b)
	s, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	w := test.NewTempWindow(b, nil)
	w.Resize(fyne.NewSize(1366, 768))
	return New(w, s, Options{Background: func(f func()) { f() }}), w
}

// BenchmarkSearchKeystroke is one keystroke in the association search: the typing
// engine, the query (count and first page) and the list refresh.
func BenchmarkSearchKeystroke(b *testing.B) {
	u, w := benchUI(b)
	a, i := screenOf[*associations](u)
	u.show(i)
	w.Canvas().Focus(a.search)
	keys := []rune("nguoi cao tuoi")
	n := 0
	for b.Loop() {
		if n == len(keys) {
			a.search.SetText("")
			n = 0
		}
		a.search.TypedRune(keys[n])
		n++
	}
}

// BenchmarkScrollList scrolls the association list a screenful at a time: the rows the
// list draws, loaded page by page from the store.
func BenchmarkScrollList(b *testing.B) {
	u, _ := benchUI(b)
	a, i := screenOf[*associations](u)
	u.show(i)
	pos := 0
	for b.Loop() {
		a.list.ScrollTo(pos)
		for r := pos; r < pos+15 && r < a.rows.total; r++ {
			a.row(r)
		}
		pos = (pos + 15) % a.rows.total
	}
}
