package app

import (
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/assets"
	"qlhoi/data"
	"qlhoi/data/store"
)

// What Fyne logs when GLFW cannot make an OpenGL 2.1 window is recognised; ordinary
// log lines are not.
func TestStartWatch(t *testing.T) {
	ok := &StartWatch{}
	l := log.New(ok, "", log.LstdFlags)
	l.Println("Fyne error:  Failed to decode image for window icon")
	assert.False(t, ok.Failed())

	calls := 0
	bad := &StartWatch{}
	bad.OnFailure = func() { calls++; assert.Contains(t, bad.Detail(), "At: ", "called with the whole entry") }
	l = log.New(bad, "", log.LstdFlags)
	l.Println("Fyne error:  window creation error")
	l.Println("  Cause: VersionUnavailable: WGL: Failed to create OpenGL context")
	assert.True(t, bad.Failed())
	assert.Zero(t, calls, "not before the entry is complete")
	l.Printf("  At: %s:%d", "fyne.io/fyne/v2/internal/driver/glfw/driver.go", 147)
	assert.Equal(t, 1, calls, "right in the logging call: Fyne never returns after this")
	l.Println("Fyne error:  window creation error")
	l.Printf("  At: x.go:1")
	assert.Equal(t, 1, calls, "once")
	assert.Contains(t, bad.Detail(), "WGL: Failed to create OpenGL context")

	// Without the "At:" line, a second later.
	fired := make(chan struct{})
	late := &StartWatch{OnFailure: func() { close(fired) }}
	log.New(late, "", 0).Println("Fyne error:  failed to initialise GLFW")
	select {
	case <-fired:
	case <-time.After(5 * time.Second):
		t.Fatal("OnFailure was not called")
	}
}

// The message says what is missing and what to do, and the log keeps it with details.
func TestNoOpenGLMessageAndLog(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Dữ liệu qlhoi")
	logPath := filepath.Join(dir, LogFileName)
	msg := NoOpenGLMessage(logPath)
	for _, want := range []string{"OpenGL 2.1", "Remote Desktop", "trình điều khiển màn hình", "opengl32.dll", "mesa-dist-win", "cùng thư mục với qlhoi.exe", logPath} {
		assert.Contains(t, msg, want)
	}
	assert.NotContains(t, NoOpenGLMessage(""), "Chi tiết kỹ thuật đã ghi")

	at := time.Date(2026, 11, 28, 8, 30, 0, 0, time.Local)
	got, err := WriteStartLog(dir, at, msg, "Fyne error:  window creation error")
	require.NoError(t, err)
	assert.Equal(t, logPath, got)
	_, err = WriteStartLog(dir, at.Add(time.Minute), msg, "second")
	require.NoError(t, err)
	b, err := os.ReadFile(logPath)
	require.NoError(t, err)
	text := string(b)
	assert.Contains(t, text, "08:30:00 28/11/2026")
	assert.Contains(t, text, "window creation error")
	assert.Contains(t, text, "opengl32.dll")
	assert.Contains(t, text, "second", "entries are appended")
	assert.Equal(t, 2, strings.Count(text, "qlhoi không mở được cửa sổ"))

	// A data folder that cannot be made: an error, so the message leaves the path out.
	blocker := filepath.Join(t.TempDir(), "tep")
	require.NoError(t, os.WriteFile(blocker, nil, 0o644))
	_, err = WriteStartLog(filepath.Join(blocker, "qlhoi"), at, msg, "")
	assert.Error(t, err)
}

// Settings → About shows the version from assets/VERSION, the data folder and the log.
func TestAboutShowsVersion(t *testing.T) {
	u, _ := newTestUI(t, true)
	s, i := screenOf[*settings](u)
	u.show(i)
	shown := strings.Join(texts(s.root), "\n")
	require.NotEmpty(t, assets.Version)
	assert.Regexp(t, `^\d+\.\d+\.\d+$`, assets.Version)
	assert.Contains(t, shown, "qlhoi – Quản lý Hội quần chúng, phiên bản "+assets.Version)
	assert.Contains(t, shown, "Thư mục dữ liệu: "+filepath.Dir(u.store.Path()))
	assert.Contains(t, shown, "Nhật ký lỗi (gửi kèm khi báo lỗi phần mềm): "+filepath.Join(filepath.Dir(u.store.Path()), "qlhoi.log"))
}

// A fresh office sets its document heading in Cài đặt: the issuer code is put in
// capitals, a day that does not exist is said under its field and nothing is saved,
// and a save is confirmed on the status line.
func TestSettingsDocumentHeading(t *testing.T) {
	u, w := newTestUI(t, false)
	require.NoError(t, u.store.SetUp(u.ctx, &data.Office{Code: "QT-XGL", Name: "Ban Xây dựng Đảng xã Gio Linh", Level: data.LevelCommune, Parent: "QT"}))
	u.showMain()
	s, i := screenOf[*settings](u)
	u.show(i)
	shown := strings.Join(texts(s.root), "\n")
	for _, label := range []string{"Cơ quan chủ quản (dòng trên cùng)", "Cơ quan ban hành", "Ký hiệu cơ quan (trong số văn bản)", "Thẩm quyền ký", "Ngày bắt đầu nhiệm kỳ cấp ủy"} {
		assert.Contains(t, shown, label)
	}
	s.superior.SetText("Tỉnh ủy Quảng Trị")
	s.issuer.SetText("Ban Xây dựng Đảng")
	typeInto(w, s.symbol, "bxdd")
	s.authority.SetText("KT. TRƯỞNG BAN")
	s.termStart.SetText("31/02/2025")
	s.onSave()
	assert.Contains(t, s.errs["party_term_start"].Text, "không có thật")
	d, err := u.store.DocumentSettings(u.ctx)
	require.NoError(t, err)
	assert.Empty(t, d.Superior, "nothing saved")

	s.termStart.SetText("15/10/2025")
	s.symbol.SetText("BXD/D")
	s.officeName.SetText("Ban Xây dựng Đảng Gio Linh")
	s.onSave()
	assert.Contains(t, s.errs["symbol"].Text, "Ký hiệu cơ quan chỉ gồm chữ in hoa")
	o, err := u.store.OwnOffice(u.ctx)
	require.NoError(t, err)
	assert.Equal(t, "Ban Xây dựng Đảng xã Gio Linh", o.Name, "nothing saved while a field is wrong")

	s.symbol.SetText("bxdđ")
	s.onSave()
	assert.Empty(t, s.errs["symbol"].Text)
	d, err = u.store.DocumentSettings(u.ctx)
	require.NoError(t, err)
	assert.Equal(t, store.DocumentSettings{Superior: "Tỉnh ủy Quảng Trị", Issuer: "Ban Xây dựng Đảng", Symbol: "BXDĐ", Authority: "KT. TRƯỞNG BAN",
		PartyTermStart: data.MustDate("15/10/2025")}, d)
	assert.Contains(t, u.status.Text, "Đã lưu")
	assert.Equal(t, "BXDĐ", s.symbol.Text, "the field shows the code as saved")
	assert.False(t, s.dirty, "nothing left unsaved")
	u.show(i)
	assert.Equal(t, "BXDĐ", s.symbol.Text, "shown again as saved")
	assert.Equal(t, "15/10/2025", s.termStart.Text)
}

// Until a fresh office sets its issuer code, Báo cáo says what numbers will read and
// where to set it; with the code set, the notice goes.
func TestReportsSayIssuerCodeUnset(t *testing.T) {
	u, _ := newTestUI(t, false)
	require.NoError(t, u.store.SetUp(u.ctx, &data.Office{Code: "QT-XGL", Name: "Ban Xây dựng Đảng xã Gio Linh", Level: data.LevelCommune, Parent: "QT"}))
	u.showMain()
	r, i := screenOf[*reportsScreen](u)
	u.show(i)
	assert.Contains(t, strings.Join(texts(r.form), "\n"), "Chưa đặt ký hiệu cơ quan: số văn bản sẽ ghi “QTXGL”")
	require.NoError(t, u.store.SetDocumentSettings(u.ctx, store.DocumentSettings{Symbol: "BXDĐU"}))
	u.show(i)
	assert.NotContains(t, strings.Join(texts(r.form), "\n"), "Chưa đặt ký hiệu cơ quan")
}
