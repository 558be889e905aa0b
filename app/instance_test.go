package app

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/exchange"
)

// A second start with a file hands it to the running instance of the same database.
func TestHandoffToRunningInstance(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "Tài liệu", "qlhoi.db")
	require.NoError(t, os.MkdirAll(filepath.Dir(db), 0o755))
	assert.False(t, Handoff(db, filepath.Join(dir, "a.qlb")), "nothing running: open normally")

	var mu sync.Mutex
	var got []string
	in, err := Listen(db, func(p string) { mu.Lock(); got = append(got, p); mu.Unlock() })
	require.NoError(t, err)
	bundle := filepath.Join(dir, "USB ổ đĩa", "qlhoi-QT-gui-QT-DH-0001.qlb")
	assert.True(t, Handoff(db, bundle))
	mu.Lock()
	assert.Equal(t, []string{bundle}, got)
	mu.Unlock()

	other := filepath.Join(dir, "khac", "qlhoi.db")
	assert.False(t, Handoff(other, bundle), "another database has no instance")

	require.NoError(t, in.Close())
	assert.NoFileExists(t, InstancePath(db), "the instance file goes with the instance")
	assert.False(t, Handoff(db, bundle))
}

// A stale instance file (qlhoi killed) or a damaged one: the new start opens normally.
func TestHandoffStaleOrDamagedFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "qlhoi.db")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	for _, content := range []string{
		fmt.Sprintf(`{"addr":%q,"token":"abc"}`, addr), // nobody listening
		`{"addr":"10.0.0.1:80","token":"abc"}`,         // not loopback
		`{"addr":`,                                     // damaged
		`{"addr":"127.0.0.1:1"}`,                       // no token
	} {
		require.NoError(t, os.WriteFile(InstancePath(db), []byte(content), 0o600))
		start := time.Now()
		assert.False(t, Handoff(db, filepath.Join(dir, "a.qlb")), content)
		assert.Less(t, time.Since(start), 4*time.Second)
	}
}

// Only a request with the instance's token and an absolute path reaches the window.
func TestInstanceRefusesBadRequests(t *testing.T) {
	db := filepath.Join(t.TempDir(), "qlhoi.db")
	called := make(chan string, 4)
	in, err := Listen(db, func(p string) { called <- p })
	require.NoError(t, err)
	defer in.Close()
	b, err := os.ReadFile(InstancePath(db))
	require.NoError(t, err)
	var f instanceFile
	require.NoError(t, json.Unmarshal(b, &f))
	send := func(req string) string {
		c, err := net.Dial("tcp", f.Addr)
		require.NoError(t, err)
		defer c.Close()
		_, err = c.Write([]byte(req))
		require.NoError(t, err)
		reply := make([]byte, 16)
		n, _ := c.Read(reply)
		return string(reply[:n])
	}
	abs := filepath.Join(t.TempDir(), "a.qlb")
	assert.Equal(t, "refused\n", send("wrong-token\n"+abs+"\n"))
	assert.Equal(t, "refused\n", send(f.Token+"\nrelative.qlb\n"))
	assert.Equal(t, "refused\n", send(f.Token+"\n\n"))
	assert.Equal(t, "", send(f.Token+"\n"+strings.Repeat("x", 20000)+"\n"), "an endless line is cut off")
	assert.Equal(t, "ok\n", send(f.Token+"\n"+abs+"\n"))
	assert.Equal(t, abs, <-called)
	assert.Empty(t, called, "nothing else got through")
}

// qlhoi --import FILE (and a handed-over file) opens the import preview of that bundle.
func TestOpenBundleShowsPreview(t *testing.T) {
	u, _ := newTestUI(t, true)
	ctx := t.Context()
	a, err := data.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
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
