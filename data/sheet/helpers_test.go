package sheet

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"qlhoi/data/sheet/internal/sheettest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"qlhoi/data"
	"qlhoi/data/store"
)

// fixedNow is the clock of every test: 27/11/2026 09:00 in Hanoi.
var fixedNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))

// store opens a new database set up for the province office QT.
func openStore(tb testing.TB) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "qlhoi.db"))
	require.NoError(tb, err)
	tb.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return fixedNow }
	s.Actor = "tester"
	require.NoError(tb, s.SetUp(context.Background(), &data.Office{Code: "QT", Name: "Ban Dân vận Tỉnh ủy Quảng Trị", Level: data.LevelProvince, Place: "Quảng Trị"}))
	return s
}

func create(tb testing.TB, s *store.Store, r data.Record) {
	tb.Helper()
	require.NoError(tb, s.Create(context.Background(), r, store.AllowNearDuplicate))
}

// writeBook writes rows (from A1) to a new xlsx file; edit changes the workbook before saving.
func writeBook(tb testing.TB, name string, rows [][]any, edit ...func(f *excelize.File)) string {
	return sheettest.WriteBook(tb, name, rows, edit...)
}

// digest sums every live record and the history length: equal digests, no write.
func digest(tb testing.TB, s *store.Store) string {
	tb.Helper()
	ctx := context.Background()
	h := sha256.New()
	add := func(v any, err error) {
		require.NoError(tb, err)
		b, err := json.Marshal(v)
		require.NoError(tb, err)
		h.Write(b)
	}
	add(store.List[data.Association](ctx, s, "", nil))
	add(store.List[data.Leader](ctx, s, "", nil))
	add(store.List[data.YearlyFigure](ctx, s, "", nil))
	add(store.List[data.Task](ctx, s, "", nil))
	add(store.List[data.Agency](ctx, s, "", nil))
	add(s.Counts(ctx))
	return hex.EncodeToString(h.Sum(nil))
}

func rowsOf(p *Preview, a Action) []Row {
	var out []Row
	for _, r := range p.Rows {
		if r.Action == a {
			out = append(out, r)
		}
	}
	return out
}
