package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data/store"
)

// Text with terminal controls in an older database (or anywhere) is never printed raw.
func TestNoRawControlCharactersPrinted(t *testing.T) {
	db := filepath.Join(t.TempDir(), "qlhoi.db")
	MustRun(t, db, "init", "--code", "QT", "--name", "Ban Dân vận", "--level", "tinh")
	MustRun(t, db, "demo")
	raw, err := sql.Open("sqlite", store.SQLiteURI(db))
	require.NoError(t, err)
	hostile := "Hội\x00\x07\x1b[2J\x1b[31mđỏ\r\n\u202Eevil\u200b"
	_, err = raw.ExecContext(context.Background(), "UPDATE associations SET body = json_set(body, '$.name', ?) WHERE id = (SELECT min(id) FROM associations)", hostile)
	require.NoError(t, err)
	require.NoError(t, raw.Close())
	out := MustRun(t, db, "hoi", "list")
	for _, c := range []string{"\x00", "\x07", "\x1b", "\r", "\u202E", "\u200b"} {
		assert.NotContains(t, out, c)
	}
	assert.Contains(t, out, "đỏ")
}

func TestSafeWriterKeepsSplitRunes(t *testing.T) {
	var buf bytes.Buffer
	w := safeText(&buf)
	b := []byte("Hội đồng\tx\n\x1b")
	for i := range b {
		_, err := w.Write(b[i : i+1])
		require.NoError(t, err)
	}
	assert.Equal(t, "Hội đồng\tx\n\uFFFD", buf.String())
}

// backup --encrypt locks the copy (keys included) with a passphrase read from stdin;
// restore asks for it.
func TestEncryptedBackupCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "qlhoi.db")
	MustRun(t, db, "init", "--code", "QT", "--name", "Ban Dân vận", "--level", "tinh")
	keys := MustRun(t, db, "keys", "show")
	path := filepath.Join(dir, "sao-luu.age")
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"--db", db, "backup", "--out", path, "--encrypt"}, strings.NewReader("mật khẩu đủ dài\n"), &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	assert.Contains(t, out.String(), "mã hóa")
	plain := filepath.Join(dir, "sao-luu.db")
	assert.Contains(t, MustRun(t, db, "backup", "--out", plain), "không chứa khóa bí mật")

	other := filepath.Join(dir, "may-moi.db")
	MustRun(t, other, "init", "--code", "QT", "--name", "Ban Dân vận", "--level", "tinh")
	out.Reset()
	errOut.Reset()
	code = run(t.Context(), []string{"--db", other, "restore", path}, strings.NewReader("sai mật khẩu rồi\n"), &out, &errOut)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut.String(), "Mật khẩu không mở được")
	code = run(t.Context(), []string{"--db", other, "restore", path}, strings.NewReader("mật khẩu đủ dài\n"), &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	assert.Contains(t, out.String(), "Đã khôi phục")
	assert.Equal(t, keys, MustRun(t, other, "keys", "show"), "the office's own keys come back")
}
