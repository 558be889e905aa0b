package store_test

import (
	"database/sql"
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/demo"
	"qlhoi/data/store"
)

// Every table of the schema that holds records (an id and a JSON body) is a kind of the
// registry, and every kind has its table: a new table cannot be missed by the store,
// the merge, bundles, restore, reports and the window, which all read the registry.
func TestRegistryCoversTheSchema(t *testing.T) {
	s := MustOpen(t)
	s.Close()
	db, err := sql.Open("sqlite", store.SQLiteURI(s.Path()))
	require.NoError(t, err)
	defer db.Close()
	rows, err := db.Query(`SELECT m.name FROM sqlite_schema m WHERE m.type = 'table'
		AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'body')
		AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'id') ORDER BY m.name`)
	require.NoError(t, err)
	var tables []string
	for rows.Next() {
		var n string
		require.NoError(t, rows.Scan(&n))
		tables = append(tables, n)
	}
	require.NoError(t, rows.Err())
	var kinds []string
	for _, k := range data.Kinds {
		kinds = append(kinds, string(k))
	}
	slices.Sort(kinds)
	assert.Equal(t, tables, kinds)
}

// Each kind has a name in both languages and each record a title a clerk knows (never
// its id), read from the record or from its stored body alike.
func TestEveryKindHasLabelsAndTitles(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	require.NoError(t, demo.Load(ctx, s))
	db, err := sql.Open("sqlite", store.SQLiteURI(s.Path()))
	require.NoError(t, err)
	defer db.Close()
	for _, k := range data.Kinds {
		t.Run(string(k), func(t *testing.T) {
			info, ok := data.Info(k)
			require.True(t, ok)
			assert.NotEmpty(t, k.Label("vi"))
			assert.NotEmpty(t, k.Label("en"))
			assert.NotEqual(t, k.Label("vi"), k.Label("en"))
			assert.Equal(t, info.Vi, k.Label("vi"))
			var id string
			var r data.Record = &data.IssuedDocument{Meta: data.Meta{ID: data.NewID()}, Symbol: "05/BC-BDVTU", Date: data.MustDate("27/11/2026"), Subject: "Báo cáo kết quả"}
			if err := db.QueryRow("SELECT id FROM " + string(k) + " ORDER BY id LIMIT 1").Scan(&id); err == nil {
				r, err = s.Load(ctx, k, id)
				require.NoError(t, err)
			} else {
				require.Equal(t, data.KindIssuedDocument, k, "the demo has a record of each kind but issued documents")
				id = data.MetaOf(r).ID
			}
			title := data.Title(r)
			assert.NotEmpty(t, title)
			assert.NotContains(t, title, id)
			body, err := json.Marshal(r)
			require.NoError(t, err)
			assert.Equal(t, title, data.TitleOf(k, body))
		})
	}
}
