package app

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
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
