package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/exchange"
	"qlhoi/data/store"
)

// qlhoi --import FILE (and a handed-over file) opens the import preview of that bundle.
func TestOpenBundleShowsPreview(t *testing.T) {
	u, _ := newTestUI(t, true)
	ctx := t.Context()
	a, err := store.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	require.NoError(t, err)
	defer a.Close()
	require.NoError(t, a.SetUp(ctx, &data.Office{Code: "QT-DH", Name: "Thành ủy Đông Hà", Level: data.LevelDistrict, Parent: "QT"}))
	pCard, err := u.store.OwnCard(ctx)
	require.NoError(t, err)
	require.NoError(t, a.Trust(ctx, pCard))
	aCard, err := a.OwnCard(ctx)
	require.NoError(t, err)
	require.NoError(t, u.store.Trust(ctx, aCard))
	require.NoError(t, a.Create(ctx, &data.Association{Name: "Hội Chữ thập đỏ phường Đông Hà", Scope: data.ScopeCommune, Status: data.StatusActive}))
	res, err := exchange.Export(ctx, a, "QT", t.TempDir(), false)
	require.NoError(t, err)

	u.OpenBundle(res.Path)
	e, i := screenOf[*exchangeScreen](u)
	assert.Equal(t, i, u.current, "the exchange screen is shown")
	assert.Equal(t, 1, e.tabs.SelectedIndex(), "on its import tab")
	assert.Equal(t, res.Path, e.file.Text)
	shown := strings.Join(texts(e.impBox), "\n")
	assert.Contains(t, shown, "chữ ký và dấu kiểm tra hợp lệ")
	assert.Contains(t, shown, res.Hash)
	assert.NotNil(t, button(e.impBox, "Nhập vào cơ sở dữ liệu"), "ready to import after looking")

	// A damaged file: the reason, nothing imported.
	bad := filepath.Join(t.TempDir(), "hong.qlb")
	require.NoError(t, os.WriteFile(bad, []byte("không phải gói"), 0o644))
	u.OpenBundle(bad)
	shown = strings.Join(texts(e.impBox), "\n")
	assert.Contains(t, shown, "Gói dữ liệu bị từ chối")
	assert.Nil(t, button(e.impBox, "Nhập vào cơ sở dữ liệu"))
}

// Before the office is set up there is nothing to import into: a message, no crash.
func TestOpenBundleBeforeSetUp(t *testing.T) {
	u, w := newTestUI(t, false)
	u.OpenBundle(`C:\Users\Nguyễn Văn A\goi.qlb`)
	top := w.Canvas().Overlays().Top()
	require.NotNil(t, top)
	assert.Contains(t, strings.Join(texts(top), " "), "Chưa thiết lập đơn vị nên chưa nhập được gói")
}
