package logfile

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
)

func TestMain(m *testing.M) {
	// The test binary as a program that panics with its log open.
	if db := os.Getenv("QLHOI_TEST_PANIC"); db != "" {
		if _, err := Open(db, "qlhoi"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		panic("hỏng giữa chừng")
	}
	os.Exit(m.Run())
}

// A panic (the Windows exe has no console) is written to the log in the data folder.
func TestPanicGoesToTheLog(t *testing.T) {
	db := filepath.Join(t.TempDir(), "Dữ liệu #1", "qlhoi.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "QLHOI_TEST_PANIC="+db)
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "the program died: %s", out)
	log, err := os.ReadFile(Path(db))
	require.NoError(t, err)
	assert.Contains(t, string(log), "panic: hỏng giữa chừng")
	assert.Contains(t, string(log), "goroutine", "with its stack")
}

// Errors are logged with their code and cause, at Info for a refusal and Error for a
// fault; the user's sentence (which may name a record) is not written.
func TestErrorsLoggedWithCause(t *testing.T) {
	db := filepath.Join(t.TempDir(), "qlhoi.db")
	l, err := Open(db, "qlhoictl")
	require.NoError(t, err)
	Error(t.Context(), "qlhoictl hoi add", &data.Error{Code: "ErrNameRequired", Field: "name", Message: "Chưa có tên hội Nguyễn Văn A."})
	Error(t.Context(), "window", fmt.Errorf("store: create: %w", errors.New("disk I/O error")))
	Error(t.Context(), "window", nil)
	require.NoError(t, l.Close())
	b, err := os.ReadFile(Path(db))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	require.Len(t, lines, 2)
	assert.Contains(t, lines[0], "level=INFO")
	assert.Contains(t, lines[0], "ErrNameRequired(name)")
	assert.Contains(t, lines[0], "program=qlhoictl")
	assert.NotContains(t, string(b), "Nguyễn Văn A", "no record contents")
	assert.Contains(t, lines[1], "level=ERROR")
	assert.Contains(t, lines[1], "store: create: disk I/O error")
	if runtime.GOOS != "windows" {
		st, err := os.Stat(Path(db))
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "only the user reads the log")
	}
	Error(t.Context(), "after close", errors.New("x")) // nothing is written once closed
	after, _ := os.ReadFile(Path(db))
	assert.Equal(t, b, after)
}

// The log never holds more than two files of MaxSize.
func TestLogRotates(t *testing.T) {
	db := filepath.Join(t.TempDir(), "qlhoi.db")
	l, err := Open(db, "qlhoi")
	require.NoError(t, err)
	defer l.Close()
	l.max = 10_000
	line := strings.Repeat("x", 99) + "\n"
	for range 1000 { // 100 KB through a 10 KB log
		_, err := l.Write([]byte(line))
		require.NoError(t, err)
	}
	for _, p := range []string{Path(db), Path(db) + ".1"} {
		st, err := os.Stat(p)
		require.NoError(t, err)
		assert.LessOrEqual(t, st.Size(), int64(10_000))
		assert.Greater(t, st.Size(), int64(0))
	}
	_, err = os.Stat(Path(db) + ".2")
	assert.True(t, os.IsNotExist(err), "no third file")
}
