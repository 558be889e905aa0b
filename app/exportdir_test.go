package app

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/storage"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Without a USB stick, bundles go to the folder beside the database.
func TestDefaultExportDirWithoutStick(t *testing.T) {
	if len(removableDrives()) > 0 {
		t.Skip("a removable drive is plugged in")
	}
	db := filepath.Join(t.TempDir(), "Dữ liệu", "qlhoi.db")
	assert.Equal(t, filepath.Join(filepath.Dir(db), "trao-doi"), defaultExportDir(db))
}

// With a USB stick (a removable drive Wine is told about in make windows-test, named by
// QLHOI_TEST_REMOVABLE), bundles go to its root, and the exchange screen proposes it.
func TestDefaultExportDirOnStick(t *testing.T) {
	root := os.Getenv("QLHOI_TEST_REMOVABLE")
	if root == "" {
		t.Skip("needs a removable drive (make windows-test sets one up under Wine)")
	}
	assert.Contains(t, removableDrives(), root)
	assert.Equal(t, root, defaultExportDir(filepath.Join(t.TempDir(), "qlhoi.db")))
	u, _ := newTestUI(t, true)
	e, i := screenOf[*exchangeScreen](u)
	u.show(i)
	assert.Equal(t, root, e.dest.Text)
}

// A save dialog's name that picked up the Space that pressed the button (" DS.xlsx") is
// written without it, and the empty file the dialog made goes (the work writes it, or
// is cancelled and leaves nothing).
func TestChosenPathTrimsTheName(t *testing.T) {
	dir := t.TempDir()
	spaced := filepath.Join(dir, " DS-hoi.xlsx ")
	w, err := storage.Writer(storage.NewFileURI(spaced))
	require.NoError(t, err)
	path, err := chosenPath(w)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "DS-hoi.xlsx"), path)
	_, err = os.Stat(spaced)
	assert.True(t, os.IsNotExist(err), "no stray empty file")

	plain := filepath.Join(dir, "the.json")
	w, err = storage.Writer(storage.NewFileURI(plain))
	require.NoError(t, err)
	path, err = chosenPath(w)
	require.NoError(t, err)
	assert.Equal(t, plain, path)
	_, err = os.Stat(plain)
	assert.True(t, os.IsNotExist(err), "the dialog's empty file goes: a backup cancelled at its passphrase leaves nothing to be picked for a restore")
}
