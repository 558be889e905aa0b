package store_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The database holds the office's private keys: its folder, the file, its -wal and -shm
// and every backup are the user's alone (another account read them once).
func TestFilesOnDiskArePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps the data in the user's profile folder")
	}
	dir := filepath.Join(t.TempDir(), "qlhoi")
	s := MustOpenEmpty(t, filepath.Join(dir, "qlhoi.db"))
	MustCreate(t, s, validAssociation("Hội Chữ thập đỏ tỉnh"))
	mode := func(p string) os.FileMode {
		st, err := os.Stat(p)
		require.NoError(t, err, p)
		return st.Mode().Perm()
	}
	assert.Equal(t, os.FileMode(0o700), mode(dir))
	for _, p := range []string{s.Path(), s.Path() + "-wal", s.Path() + "-shm"} {
		assert.Equal(t, os.FileMode(0o600), mode(p), p)
	}
	out := t.TempDir()
	require.NoError(t, s.Backup(t.Context(), filepath.Join(out, "a.db")))
	require.NoError(t, s.BackupEncrypted(t.Context(), filepath.Join(out, "b.age"), "mật khẩu đủ dài"))
	assert.Equal(t, os.FileMode(0o600), mode(filepath.Join(out, "a.db")))
	assert.Equal(t, os.FileMode(0o600), mode(filepath.Join(out, "b.age")))
	assert.Equal(t, []string{"qlhoi.db", "qlhoi.db-shm", "qlhoi.db-wal"}, dirNames(t, dir), "no clear copy left beside the database")
}

// A database copied in by hand with a mode others may read is made the user's alone.
func TestCopiedDatabaseMadePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps the data in the user's profile folder")
	}
	src := MustOpen(t)
	copyPath := filepath.Join(t.TempDir(), "chep-tay.db")
	require.NoError(t, src.Backup(t.Context(), copyPath))
	require.NoError(t, os.Chmod(copyPath, 0o644))
	s := MustOpenEmpty(t, copyPath)
	MustCreate(t, s, validAssociation("Hội Làm vườn tỉnh"))
	for _, p := range []string{copyPath, copyPath + "-wal", copyPath + "-shm"} {
		st, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), p)
	}
}

// Temporary files a killed process left in the data folder (the clear copy of an
// encrypted backup, decrypted bundle records) are removed at the next start; fresh ones
// (another process's, at work now) stay.
func TestLeftoversRemovedAtStart(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-2 * time.Hour)
	for _, n := range []string{".qlhoi-sao-luu-123.db", ".qlhoi-nhap-456", "qlhoi-restore-789.db", "qlhoi-restore-789.db-wal", "qlhoi.db.truoc-nhap-20261201-101010.db.tmp"} {
		p := filepath.Join(dir, n)
		require.NoError(t, os.WriteFile(p, []byte("khóa bí mật"), 0o600))
		require.NoError(t, os.Chtimes(p, old, old))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".qlhoi-nhap-fresh"), nil, 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ghi chú.txt"), nil, 0o600))
	require.NoError(t, os.Chtimes(filepath.Join(dir, "ghi chú.txt"), old, old))
	MustOpenEmpty(t, filepath.Join(dir, "qlhoi.db"))
	names := dirNames(t, dir)
	assert.ElementsMatch(t, []string{".qlhoi-nhap-fresh", "ghi chú.txt", "qlhoi.db", "qlhoi.db-shm", "qlhoi.db-wal"}, names)
}
