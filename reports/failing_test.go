package reports_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/demo"
	"qlhoi/data/exchange"
	"qlhoi/data/store"
	"qlhoi/reports"
)

// breakTable makes every read of a table fail ("no such table"), as a damaged database
// would, by dropping it behind the store's back.
func breakTable(t *testing.T, s *store.Store, table string) {
	t.Helper()
	db, err := sql.Open("sqlite", s.Path())
	require.NoError(t, err)
	defer db.Close()
	_, err = db.ExecContext(t.Context(), "DROP TABLE "+table)
	require.NoError(t, err)
}

// A report never states what the data does not say: when reading a table fails, the
// report stops with the database message and no PDF; a report that does not read the
// table comes out exactly as with the table intact.
func TestReadErrorsStopReports(t *testing.T) {
	tables := []string{"associations", "association_events", "leaders", "yearly_figures", "inspections", "agencies", "directives", "tasks", "settings"}
	for _, table := range tables {
		t.Run(table, func(t *testing.T) {
			m := demoMaker(t)
			intact := map[string][]byte{}
			for _, k := range reports.Catalogue {
				res, err := m.Make(t.Context(), k.Name, reports.Params{})
				require.NoError(t, err)
				intact[k.Name] = res.PDF
			}
			breakTable(t, m.Store, table)
			failed := 0
			for _, k := range reports.Catalogue {
				res, err := m.Make(t.Context(), k.Name, reports.Params{})
				if err == nil {
					assert.True(t, bytes.Equal(intact[k.Name], res.PDF), "%s printed without the %s table", k.Name, table)
					continue
				}
				failed++
				assert.Nil(t, res, "%s: no PDF when reading failed", k.Name)
				assert.Equal(t, data.Catalogue["ErrDatabase"].Vi, data.Message(err), "%s: a read error is a database fault", k.Name)
				assert.Equal(t, data.Catalogue["ErrDatabase"].En, data.MessageIn(err, "en"))
			}
			assert.Positive(t, failed, "some report reads %s", table)
		})
	}
}

// The association file with its inspections unreadable used to print "no inspection
// recorded"; it stops instead.
func TestAssociationFileStopsOnReadError(t *testing.T) {
	m := demoMaker(t)
	breakTable(t, m.Store, "inspections")
	res, err := m.Make(t.Context(), "ho-so-hoi", reports.Params{})
	require.Error(t, err)
	assert.Nil(t, res)
}

// Refusals of the reports, each named after its code: a sentence in both languages,
// not the database message.
func TestReportRefusals(t *testing.T) {
	ctx := t.Context()
	refused := func(t *testing.T, err error, code string) {
		t.Helper()
		require.True(t, data.HasCode(err, code), "want %s, got %v", code, err)
		assert.NotEqual(t, data.Message(errors.New("x")), data.Message(err))
		assert.NotEqual(t, data.MessageIn(errors.New("x"), "en"), data.MessageIn(err, "en"))
	}
	empty, err := store.Open(ctx, filepath.Join(t.TempDir(), "qlhoi.db"))
	require.NoError(t, err)
	t.Cleanup(func() { empty.Close() })
	empty.Now = func() time.Time { return testNow }
	require.NoError(t, empty.SetUp(ctx, &data.Office{Code: "QT", Name: "Ban Dân vận Tỉnh ủy", Level: data.LevelProvince}))
	m := &reports.Maker{Store: empty, Fonts: reports.Embedded(), Now: empty.Now}
	t.Run("ErrNoAssociations", func(t *testing.T) {
		_, err := m.Make(ctx, "ho-so-hoi", reports.Params{})
		refused(t, err, "ErrNoAssociations")
	})
	t.Run("ErrNoDirectives", func(t *testing.T) {
		_, err := m.Make(ctx, "ket-qua-thuc-hien", reports.Params{})
		refused(t, err, "ErrNoDirectives")
	})
	t.Run("ErrNothingToRemind", func(t *testing.T) {
		_, err := m.Make(ctx, "cong-van-don-doc", reports.Params{})
		refused(t, err, "ErrNothingToRemind")
		assert.Contains(t, data.MessageIn(err, "en"), "On 27/11/2026 no task")
	})
	t.Run("ErrUnknownProfile", func(t *testing.T) {
		_, err := m.HandoverSlip(ctx, "quoc-hoi", &exchange.ExportResult{})
		refused(t, err, "ErrUnknownProfile")
	})
}

// A long report tells how far it is, and stops without a PDF when its work is cancelled.
func TestReportProgressAndCancel(t *testing.T) {
	m := demoMaker(t)
	require.NoError(t, demo.Generate(t.Context(), m.Store, 300, 0, 3, nil))
	var seen []float64
	res, err := m.Make(t.Context(), "danh-sach-hoi", reports.Params{Progress: func(f float64) { seen = append(seen, f) }})
	require.NoError(t, err)
	require.NotEmpty(t, res.PDF)
	require.Greater(t, len(seen), 3, "progress is reported as the table is drawn")
	assert.IsIncreasing(t, seen)
	assert.Equal(t, 1.0, seen[len(seen)-1])

	ctx, cancel := context.WithCancel(t.Context())
	n := 0
	res, err = m.Make(ctx, "danh-sach-hoi", reports.Params{Progress: func(float64) {
		if n++; n == 2 {
			cancel() // the clerk presses Cancel while the table is drawn
		}
	}})
	assert.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, res, "no PDF from cancelled work")
}
