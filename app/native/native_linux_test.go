//go:build linux

package native

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// xdo runs xdotool on the test's screen.
func xdo(args ...string) ([]byte, error) { return exec.Command("xdotool", args...).Output() }

// answerWhenShown waits for the window titled title, then types keys into it (a path
// typed into the chooser's location box) and presses each of then.
func answerWhenShown(t *testing.T, title, typed string, then ...string) <-chan bool {
	return whenShown(func() bool {
		out, err := xdo("search", "--name", title)
		return err == nil && len(out) > 0
	}, func() {
		time.Sleep(500 * time.Millisecond) // drawn
		// Without a window manager (Xvfb) nothing gives the new window the keyboard:
		// focus it as a desktop would.
		_, _ = xdo("search", "--name", title, "windowfocus", "--sync")
		if typed != "" {
			_, _ = xdo("type", "--delay", "20", typed)
			time.Sleep(300 * time.Millisecond)
		}
		for _, k := range then {
			_, _ = xdo("key", k)
			time.Sleep(200 * time.Millisecond)
		}
	})
}

// On Linux the file questions are the desktop's GTK chooser (zenity): it opens in the
// folder asked (one with Vietnamese letters and '#'), a path typed in it is the
// answer, and Escape is ErrCancelled. It needs a screen: make test runs it under
// xvfb-run with QLHOI_TEST_DIALOGS=1.
func TestSystemDialogs(t *testing.T) {
	if os.Getenv("QLHOI_TEST_DIALOGS") == "" {
		t.Skip("needs a screen and zenity: make test runs it with QLHOI_TEST_DIALOGS=1")
	}
	require.True(t, Available(), "zenity is installed by make deps-test")
	_, err := exec.LookPath("xdotool")
	require.NoError(t, err, "xdotool is installed by make deps-test")
	dir := filepath.Join(t.TempDir(), "Phòng #2", "Trao đổi")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	typedDir := filepath.Join(t.TempDir(), "typed")
	require.NoError(t, os.MkdirAll(typedDir, 0o755))
	bundle := filepath.Join(typedDir, "goi-1.qlb")
	require.NoError(t, os.WriteFile(bundle, []byte("x"), 0o644))

	seen := answerWhenShown(t, "Mở gói dữ liệu", bundle, "Return")
	got, err := Open("Mở gói dữ liệu", dir, []Filter{{"Gói dữ liệu qlhoi", []string{"qlb"}}})
	require.True(t, <-seen, "the dialog appeared")
	require.NoError(t, err)
	assert.Equal(t, bundle, got, "the typed path is the answer")

	seen = answerWhenShown(t, "Sao lưu dữ liệu", "", "Escape")
	_, err = Save("Sao lưu dữ liệu", dir, "sao-luu.age", []Filter{{"Bản sao lưu mã hóa", []string{"age"}}})
	require.True(t, <-seen)
	assert.ErrorIs(t, err, ErrCancelled)

	seen = answerWhenShown(t, "Chọn thư mục xuất", typedDir+"/", "Return")
	got, err = Folder("Chọn thư mục xuất", dir)
	require.True(t, <-seen)
	require.NoError(t, err)
	assert.Equal(t, typedDir, filepath.Clean(got))
}
