package store

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
)

// TestHistoryKeepsTheCurrentVersionOnce checks the storage of history: the newest
// version of a record is its row (an empty after), the versions before it are kept in
// full as soon as the row is written over, and every reader sees each version.
func TestHistoryKeepsTheCurrentVersionOnce(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "q.db"))
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.SetUp(ctx, &data.Office{Code: "QT", Name: "Ban Dân vận Tỉnh ủy", Level: data.LevelProvince, Place: "Quảng Trị"}))
	a := &data.Association{Name: "Hội Khuyến học tỉnh", Scope: data.ScopeProvince, Field: "Giáo dục", Status: data.StatusActive,
		Founding: data.Decision{Number: "12/QĐ-UBND", Date: data.MustDate("12/03/2008"), Issuer: "UBND tỉnh"}}
	require.NoError(t, s.Create(ctx, a))
	stored := func() []string {
		rows, err := s.db.QueryContext(ctx, "SELECT after FROM history WHERE record_id = ? ORDER BY seq", a.ID)
		require.NoError(t, err)
		defer rows.Close()
		var out []string
		for rows.Next() {
			var v string
			require.NoError(t, rows.Scan(&v))
			out = append(out, v)
		}
		return out
	}
	row := func() string {
		var body string
		require.NoError(t, s.db.QueryRowContext(ctx, "SELECT body FROM associations WHERE id = ?", a.ID).Scan(&body))
		return body
	}
	assert.Equal(t, []string{currentVersion}, stored(), "the created version is not copied: the row holds it")
	first := row()

	a.Phone = "0233 3852 111"
	require.NoError(t, s.Update(ctx, a))
	assert.Equal(t, []string{first, currentVersion}, stored(), "writing over the row keeps the version it held")
	a.Phone = "0233 3852 222"
	require.NoError(t, s.Update(ctx, a))
	second := stored()[1]
	assert.Contains(t, second, `"phone":"0233 3852 111"`)
	assert.Equal(t, []string{first, second, currentVersion}, stored())

	h, err := s.History(ctx, a.ID)
	require.NoError(t, err)
	require.Len(t, h, 3)
	assert.Equal(t, []string{first, second, row()}, []string{string(h[0].After), string(h[1].After), string(h[2].After)})
	for n, phone := range map[int64]string{1: "", 2: "0233 3852 111", 3: "0233 3852 222"} {
		v, err := s.Version(ctx, data.KindAssociation, a.ID, n)
		require.NoError(t, err)
		assert.Equal(t, phone, v.(*data.Association).Phone, "version %d", n)
	}
	var sent []string
	require.NoError(t, s.EachChanged(ctx, 0, 1<<62, func(kind data.Kind, owner string, versions []json.RawMessage) error {
		if kind == data.KindAssociation {
			for _, v := range versions {
				sent = append(sent, string(v))
			}
		}
		return nil
	}))
	assert.Equal(t, []string{first, second, row()}, sent, "a bundle carries every version")
	cur, err := s.VersionByHLC(ctx, data.KindAssociation, a.ID, a.HLC)
	require.NoError(t, err)
	assert.Equal(t, "0233 3852 222", cur.(*data.Association).Phone)
}
