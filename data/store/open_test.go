package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// TestMain lets the test binary act as a second process writing to a database.
func TestMain(m *testing.M) {
	if path := os.Getenv("QLHOI_TEST_WRITER"); path != "" {
		os.Exit(childWriter(path))
	}
	os.Exit(m.Run())
}

func childWriter(path string) int {
	ctx := context.Background()
	s, err := store.Open(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer s.Close()
	n, _ := strconv.Atoi(os.Getenv("QLHOI_TEST_COUNT"))
	for i := range n {
		a := validAssociation(fmt.Sprintf("Hội từ tiến trình con số %d", i))
		if err := s.Create(ctx, a, store.AllowNearDuplicate); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return 0
}

func TestMigrationsFromEmpty(t *testing.T) {
	s := MustOpenEmpty(t, filepath.Join(t.TempDir(), "new.db"))
	v, err := s.SchemaVersion(t.Context())
	require.NoError(t, err)
	assert.Equal(t, store.Migrations(), v)
	assert.Equal(t, "", s.Office(), "a new database has no office yet")
	res, err := s.Check(t.Context())
	require.NoError(t, err)
	assert.True(t, res.OK(), "%+v", res)
	// Opening again applies nothing and keeps the data.
	MustCreate(t, s, &data.Agency{Name: "Ban Tổ chức Tỉnh ủy"})
	s.Close()
	s2 := MustOpenEmpty(t, s.Path())
	ags, err := s2.Agencies(t.Context())
	require.NoError(t, err)
	assert.Len(t, ags, 1)
}

func TestRefuseNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "future.db")
	s := MustOpenEmpty(t, path)
	s.Close()
	raw, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	_, err = raw.Exec(fmt.Sprintf("PRAGMA user_version = %d", store.Migrations()+1))
	require.NoError(t, err)
	raw.Close()
	before, _ := os.ReadFile(path)

	_, err = store.Open(t.Context(), path)
	require.Error(t, err)
	assert.True(t, data.HasCode(err, "ErrSchemaNewer"))
	assert.Contains(t, data.Message(err), "phiên bản qlhoi mới hơn")
	after, _ := os.ReadFile(path)
	assert.Equal(t, before, after, "the newer database is left untouched")
}

func TestRefuseNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junk.db")
	require.NoError(t, os.WriteFile(path, []byte("this is not sqlite, just a text file that is long enough to have a header......"), 0o644))
	_, err := store.Open(t.Context(), path)
	require.Error(t, err)
	assert.True(t, data.HasCode(err, "ErrCannotOpen"), "got %v", err)
}

// A second process writes to the same database while this one does: no write is lost,
// nothing is corrupted.
func TestSecondProcess(t *testing.T) {
	s := MustOpen(t)
	const n = 40
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "QLHOI_TEST_WRITER="+s.Path(), "QLHOI_TEST_COUNT="+strconv.Itoa(n))
	var wg sync.WaitGroup
	wg.Add(1)
	var childErr error
	var out []byte
	go func() {
		defer wg.Done()
		out, childErr = cmd.CombinedOutput()
	}()
	for i := range n {
		require.NoError(t, s.Create(t.Context(), validAssociation(fmt.Sprintf("Hội ở tiến trình chính số %d", i)), store.AllowNearDuplicate))
	}
	wg.Wait()
	require.NoError(t, childErr, string(out))
	_, total, err := s.FindAssociations(t.Context(), store.AssociationFilter{})
	require.NoError(t, err)
	assert.Equal(t, 2*n, total)
	res, err := s.Check(t.Context())
	require.NoError(t, err)
	assert.True(t, res.OK(), "%+v", res)
}

func TestBackupWhileOpen(t *testing.T) {
	s := MustOpen(t)
	MustCreate(t, s, validAssociation("Hội Nhà báo tỉnh"))
	out := filepath.Join(t.TempDir(), "sao-luu.db")
	require.NoError(t, s.Backup(t.Context(), out))
	MustCreate(t, s, validAssociation("Hội Văn học nghệ thuật tỉnh"))
	b := MustOpenEmpty(t, out)
	res, err := b.Check(t.Context())
	require.NoError(t, err)
	assert.True(t, res.OK())
	_, n, _ := b.FindAssociations(t.Context(), store.AssociationFilter{})
	assert.Equal(t, 1, n, "the backup holds the state at the moment it was taken")
	assert.Equal(t, "QT", b.Office())

	err = s.Backup(t.Context(), filepath.Join(t.TempDir(), "no-such-dir", "x.db"))
	assert.True(t, data.HasCode(err, "ErrBackupFailed"))
}

func TestRestoreFromBackup(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	a := validAssociation("Hội Nhà báo tỉnh")
	MustCreate(t, s, a)
	out := filepath.Join(t.TempDir(), "sao-luu.db")
	require.NoError(t, s.Backup(ctx, out))
	before, _ := os.ReadFile(out)
	MustCreate(t, s, validAssociation("Hội thêm sau khi sao lưu"))
	require.NoError(t, s.Delete(ctx, data.KindAssociation, a.ID))

	safety, err := s.RestoreFrom(ctx, out)
	require.NoError(t, err)
	list, n, err := s.FindAssociations(ctx, store.AssociationFilter{})
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, "Hội Nhà báo tỉnh", list[0].Name)
	h, _ := s.History(ctx, a.ID)
	assert.Len(t, h, 1, "history is the backup's")
	after, _ := os.ReadFile(out)
	assert.Equal(t, before, after, "the backup file is not changed")
	sb := MustOpenEmpty(t, safety)
	_, n, _ = sb.FindAssociations(ctx, store.AssociationFilter{})
	assert.Equal(t, 1, n, "the state before the restore is kept beside the database")

	junk := filepath.Join(t.TempDir(), "junk.db")
	require.NoError(t, os.WriteFile(junk, []byte("không phải cơ sở dữ liệu, chỉ là chữ........................................"), 0o644))
	_, err = s.RestoreFrom(ctx, junk)
	assert.True(t, data.HasCode(err, "ErrBadBackup"), "got %v", err)
	_, n, _ = s.FindAssociations(ctx, store.AssociationFilter{})
	assert.Equal(t, 1, n, "a bad backup changes nothing")
}
