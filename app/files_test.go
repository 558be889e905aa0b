package app

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The backup dialog opens where the last backup went; the first time (no USB stick
// plugged in) in "sao-luu" beside the database, never in whatever folder another file
// was last opened from.
func TestBackupDialogFolder(t *testing.T) {
	if usbStick() != "" {
		t.Skip("a USB stick is plugged in here: it comes first")
	}
	u, _ := newTestUI(t, true)
	u.usedFolder(t.TempDir()) // a bundle opened from elsewhere
	first := u.backupFolder()
	assert.Equal(t, filepath.Join(filepath.Dir(u.store.Path()), "sao-luu"), first)
	st, err := os.Stat(first)
	assert.NoError(t, err)
	assert.True(t, err == nil && st.IsDir(), "made for the clerk")
	kept := t.TempDir()
	backedUpIn(filepath.Join(kept, "qlhoi-sao-luu.db"))
	assert.Equal(t, kept, u.backupFolder(), "the next backup goes where the last one went")
}
