//go:build windows

package native

import (
	"os"
	"syscall"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	user32      = syscall.NewLazyDLL("user32.dll")
	findWindow  = user32.NewProc("FindWindowW")
	postMessage = user32.NewProc("PostMessageW")
)

// closeWhenShown waits for a dialog window titled title (any dialog when title is "")
// and closes it as the clerk's Cancel.
func closeWhenShown(t *testing.T, title string) <-chan bool {
	class, _ := syscall.UTF16PtrFromString("#32770") // the class of dialog boxes
	var name *uint16
	if title != "" {
		name, _ = syscall.UTF16PtrFromString(title)
	}
	var h uintptr
	return whenShown(func() bool {
		h, _, _ = findWindow.Call(uintptr(unsafe.Pointer(class)), uintptr(unsafe.Pointer(name)))
		return h != 0
	}, func() {
		const wmCommand, idCancel = 0x0111, 2
		postMessage.Call(h, wmCommand, idCancel, 0)
	})
}

// The Open, Save and folder dialogs are Windows' own: each appears with its title (a
// Vietnamese one), and Cancel is ErrCancelled. Under Wine it needs a screen (DISPLAY),
// which the Windows test gives it after the unit tests.
func TestSystemDialogs(t *testing.T) {
	if os.Getenv("QLHOI_TEST_DIALOGS") == "" {
		t.Skip("needs a screen: the Windows test runs it with QLHOI_TEST_DIALOGS=1")
	}
	dir := os.TempDir() // (Wine cannot remove a TempDir a dialog looked into)
	for name, ask := range map[string]func(title string) (string, error){
		"open": func(title string) (string, error) {
			return Open(title, dir, []Filter{{"Gói dữ liệu qlhoi", []string{"qlb"}}})
		},
		"save":   func(title string) (string, error) { return Save(title, dir, "sao-luu.age", nil) },
		"folder": func(title string) (string, error) { return Folder(title, dir) },
	} {
		title := "qlhoi thử hộp thoại " + name
		caption := title
		if name == "folder" {
			caption = "" // the folder dialog's caption is Windows' own; the title is inside
		}
		seen := closeWhenShown(t, caption)
		_, err := ask(title)
		require.True(t, <-seen, "%s: the dialog titled %q appeared", name, title)
		assert.ErrorIs(t, err, ErrCancelled, name)
	}
}
