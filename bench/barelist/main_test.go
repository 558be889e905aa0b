package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data/demo"
	"qlhoi/data/store"
)

// The rows dumped from a database draw from the file as from the database.
func TestBareList(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")
	s, err := store.Open(t.Context(), db)
	require.NoError(t, err)
	require.NoError(t, demo.Generate(t.Context(), s, 40, 0, 1, nil))
	require.NoError(t, s.Close())

	var out bytes.Buffer
	require.NoError(t, run([]string{"-dump", db}, &out))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 40)
	assert.Len(t, strings.Split(lines[0], "\t"), 10)
	tsv := filepath.Join(dir, "rows.tsv")
	require.NoError(t, os.WriteFile(tsv, out.Bytes(), 0o644))
	for _, args := range [][]string{{"-tsv", tsv, filepath.Join(dir, "a.pdf")}, {"-db", db, filepath.Join(dir, "b.pdf")}} {
		require.NoError(t, run(args, &out))
		b, err := os.ReadFile(args[2])
		require.NoError(t, err)
		assert.True(t, bytes.HasPrefix(b, []byte("%PDF")))
	}
	assert.Error(t, run([]string{"-x"}, &out))
}

// BenchmarkBare draws the 1,000-association list with bare gofpdf, from the rows in a
// file and from the database: compare with BenchmarkReportList in cmd/qlhoictl.
func BenchmarkBare(b *testing.B) {
	dir := b.TempDir()
	db := filepath.Join(dir, "g.db")
	s, err := store.Open(b.Context(), db)
	require.NoError(b, err)
	require.NoError(b, demo.Generate(b.Context(), s, 1000, 0, 1, nil))
	require.NoError(b, s.Close())
	var out bytes.Buffer
	require.NoError(b, run([]string{"-dump", db}, &out))
	tsv := filepath.Join(dir, "rows.tsv")
	require.NoError(b, os.WriteFile(tsv, out.Bytes(), 0o644))
	for _, src := range [][]string{{"-tsv", tsv}, {"-db", db}} {
		b.Run(src[0][1:], func(b *testing.B) {
			for b.Loop() {
				require.NoError(b, run(append(src, filepath.Join(dir, "b.pdf")), &out))
			}
		})
	}
}
