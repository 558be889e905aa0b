package app

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"

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
	u.backedUpIn(filepath.Join(kept, "qlhoi-sao-luu.db"))
	assert.Equal(t, kept, u.backupFolder(), "the next backup goes where the last one went")
}

// The last folder is remembered per database: another office's database on the same
// machine does not open in this one's folders.
func TestLastFolderPerDatabase(t *testing.T) {
	u, _ := newTestUI(t, true)
	mine := t.TempDir()
	u.usedFolder(mine)
	u.lastFolder = "" // as after a restart
	assert.Equal(t, mine, u.startFolder())
	prefs := fyne.CurrentApp().Preferences()
	assert.Empty(t, prefs.String(prefLastFolder), "not one folder for every database")
	assert.Equal(t, mine, prefs.String(prefLastFolder+":"+u.store.Path()))
}
