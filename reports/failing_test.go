package reports_test

import (
	"bytes"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/reports"
)

// breakTable makes every read of a table fail ("no such table"), as a damaged database
// would, by dropping it behind the store's back.
func breakTable(t *testing.T, s *data.Store, table string) {
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
				assert.Contains(t, data.Message(err), "cơ sở dữ liệu", "%s: a read error is a database fault", k.Name)
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
