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

// Settings → About shows the version from assets/VERSION and the data folder.
func TestAboutShowsVersion(t *testing.T) {
	u, _ := newTestUI(t, true)
	s, i := screenOf[*settings](u)
	u.show(i)
	shown := strings.Join(texts(s.root), "\n")
	require.NotEmpty(t, assets.Version)
	assert.Regexp(t, `^\d+\.\d+\.\d+$`, assets.Version)
	assert.Contains(t, shown, "qlhoi – Quản lý Hội quần chúng, phiên bản "+assets.Version)
	assert.Contains(t, shown, "Thư mục dữ liệu: "+filepath.Dir(u.store.Path()))
}
