package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// Any folder name an office can have opens the file it names: the database is created
// there and nowhere else, backs up to such a folder and restores from it.
func TestOpenAndBackUpUnderAnyName(t *testing.T) {
	names := []string{"Phòng #2", "USB #1", "100% dữ liệu", "a&b=c", "Tài liệu 2026 (bản sao)", "x;y'z", "file:abc", "#", "%41"}
	if runtime.GOOS != "windows" {
		names = append(names, "có dấu hỏi?", "tab\there")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, name)
			path := filepath.Join(dir, "qlhoi.db")
			s := MustOpenEmpty(t, path)
			require.NoError(t, s.SetUp(t.Context(), &data.Office{Code: "QT", Name: "Ban Dân vận Tỉnh ủy Quảng Trị", Level: data.LevelProvince, Place: "Quảng Trị"}))
			MustCreate(t, s, &data.Agency{Name: "Ban Tổ chức Tỉnh ủy"})
			assert.FileExists(t, path)
			assert.Equal(t, []string{name}, dirNames(t, root), "nothing is created beside the folder")

			out := filepath.Join(root, name, "sao lưu #1.db")
			require.NoError(t, s.Backup(t.Context(), out))
			assert.FileExists(t, out)
			MustCreate(t, s, &data.Agency{Name: "Sở Nội vụ"})
			_, err := s.RestoreFrom(t.Context(), out)
			require.NoError(t, err, "%v", errors.Unwrap(err))
			ags, err := s.Agencies(t.Context())
			require.NoError(t, err)
			assert.Len(t, ags, 1, "the restore brings back the backup's one agency")
			assert.Equal(t, []string{name}, dirNames(t, root), "no stray file beside the folder after backup and restore")
			require.NoError(t, s.Close())

			again := MustOpenEmpty(t, path)
			ags, err = again.Agencies(t.Context())
			require.NoError(t, err)
			assert.Len(t, ags, 1, "opening the same path again finds the same database")
		})
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestSQLiteURI(t *testing.T) {
	if runtime.GOOS == "windows" {
		assert.Equal(t, "file:///C:/Users/Ph%23ng/qlhoi.db?_x=1", store.SQLiteURI(`C:\Users\Ph#ng\qlhoi.db`, "_x=1"))
		assert.Equal(t, "file:////server/share/USB %231/qlhoi.db", store.SQLiteURI(`\\server\share\USB #1\qlhoi.db`))
		return
	}
	assert.Equal(t, "file:///tmp/Phòng %232/a%25b%3F.db?_pragma=foreign_keys(1)", store.SQLiteURI("/tmp/Phòng #2/a%b?.db", "_pragma=foreign_keys(1)"))
}
