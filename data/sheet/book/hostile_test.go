package book

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
)

// Small files that once hurt: each shape is a file of at most 5 MB on disk. The test
// checks what reading says of each; BenchmarkHostileShapes measures time and peak
// memory (the bound: 10 s and 300 MB).

// bombPart writes a part of n bytes of one repeated element, streamed (it packs
// about 1000:1).
type bombPart struct {
	name string
	n    int64
}

// hostilePkg writes an xlsx package: the parts of pkg, with the worksheet given, and
// the bomb parts.
func hostilePkg(tb testing.TB, sheetXML string, sst io.Reader, bombs ...bombPart) string {
	tb.Helper()
	base := pkg(tb, sheetXML, "")
	path := filepath.Join(tb.TempDir(), "hostile.xlsx")
	in, err := zip.OpenReader(base)
	require.NoError(tb, err)
	defer in.Close()
	f, err := os.Create(path)
	require.NoError(tb, err)
	z := zip.NewWriter(f)
	for _, p := range in.File {
		require.NoError(tb, z.Copy(p))
	}
	if sst != nil {
		w, err := z.Create("xl/sharedStrings.xml")
		require.NoError(tb, err)
		_, err = io.Copy(w, sst)
		require.NoError(tb, err)
	}
	chunk := []byte(strings.Repeat("<x/>", 1<<14))
	for _, b := range bombs {
		w, err := z.Create(b.name)
		require.NoError(tb, err)
		for n := int64(0); n < b.n; n += int64(len(chunk)) {
			_, err = w.Write(chunk)
			require.NoError(tb, err)
		}
	}
	require.NoError(tb, z.Close())
	require.NoError(tb, f.Close())
	st, err := os.Stat(path)
	require.NoError(tb, err)
	require.LessOrEqual(tb, st.Size(), int64(5<<20), "a hostile shape is a small file")
	return path
}

// repeatReader gives s again and again, n bytes in all, between head and tail.
func repeatReader(head, s string, n int64, tail string) io.Reader {
	return io.MultiReader(strings.NewReader(head), io.LimitReader(&loop{s: s}, n), strings.NewReader(tail))
}

type loop struct {
	s string
	i int
}

func (l *loop) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], l.s[l.i:])
		n += c
		l.i = (l.i + c) % len(l.s)
	}
	return n, nil
}

// fallbackSheet is a worksheet the fast reader leaves to excelize (a DTD).
func fallbackSheet(rows string) string {
	return `<?xml version="1.0"?><!DOCTYPE worksheet><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Tên hội</t></is></c></row>` + rows + `</sheetData></worksheet>`
}

func manyMerges(n int, distinct bool) string {
	var b strings.Builder
	b.WriteString(`<mergeCells>`)
	for i := range n {
		if distinct {
			fmt.Fprintf(&b, `<mergeCell ref="A%d:B%d"/>`, i+1, i+1)
		} else {
			b.WriteString(`<mergeCell ref="A1:Z1000"/>`)
		}
	}
	b.WriteString(`</mergeCells>`)
	return b.String()
}

type hostileShape struct {
	make func(tb testing.TB) string
	code string // the refusal, or "" when the file is read
}

func hostileShapes(scale int64) map[string]hostileShape {
	return map[string]hostileShape{
		"styles bomb, read by excelize": {func(tb testing.TB) string {
			return hostilePkg(tb, fallbackSheet(""), nil, bombPart{"xl/styles.xml", 70 * scale << 20})
		}, ErrSheetTooLarge},
		"calcChain bomb, read by excelize": {func(tb testing.TB) string {
			return hostilePkg(tb, fallbackSheet(""), nil, bombPart{"xl/calcChain.xml", 70 * scale << 20})
		}, ErrSheetTooLarge},
		"styles bomb, fast reader": {func(tb testing.TB) string {
			return hostilePkg(tb, worksheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>Tên hội</t></is></c></row>`), nil, bombPart{"xl/styles.xml", 70 * scale << 20})
		}, ""},
		"a cell split by comments": {func(tb testing.TB) string {
			path := filepath.Join(tb.TempDir(), "cell.xml")
			f, err := os.Create(path)
			require.NoError(tb, err)
			_, err = io.Copy(f, repeatReader(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`,
				"Hội<!---->", 15*scale<<20, `</t></is></c></row></sheetData></worksheet>`))
			require.NoError(tb, err)
			require.NoError(tb, f.Close())
			b, err := os.ReadFile(path)
			require.NoError(tb, err)
			return hostilePkg(tb, string(b), nil)
		}, ""},
		"a 1 MB shared string in every cell": {func(tb testing.TB) string {
			var rows strings.Builder
			for r := range 30_000 * int(scale) {
				fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="s"><v>0</v></c><c r="B%d" t="s"><v>0</v></c></row>`, r+1, r+1, r+1)
			}
			sst := repeatReader(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>`, "Hội ", 1<<20, `</t></si></sst>`)
			return hostilePkg(tb, worksheet(rows.String()), sst)
		}, ErrSheetTooLarge},
		"millions of merges": {func(tb testing.TB) string {
			return hostilePkg(tb, strings.Replace(worksheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>Tên hội</t></is></c></row>`), "</worksheet>", manyMerges(int(scale)*500_000, false)+"</worksheet>", 1), nil)
		}, ""},
		"merges for excelize": {func(tb testing.TB) string {
			return hostilePkg(tb, strings.Replace(fallbackSheet(""), "</worksheet>", manyMerges(20_000, true)+"</worksheet>", 1), nil)
		}, ErrSheetTooLarge},
	}
}

func TestHostileShapes(t *testing.T) {
	for name, shape := range hostileShapes(1) {
		t.Run(name, func(t *testing.T) {
			path := shape.make(t)
			tmp := tempFiles(t)
			tab, err := Read(path, "", DefaultLimits)
			assert.Equal(t, tmp, tempFiles(t), "no temporary file left behind")
			if shape.code == "" {
				require.NoError(t, err)
				for _, row := range tab.Rows {
					for _, c := range row {
						assert.LessOrEqual(t, len(c), maxCellBytes, "a cell's text is bounded")
					}
				}
				return
			}
			assert.Equal(t, []string{shape.code}, data.Codes(err), "%v", err)
			assert.NotEmpty(t, data.Message(err))
		})
	}
}

// tempFiles lists the files excelize or the reader could leave in the temp folder.
func tempFiles(t *testing.T) []string {
	var out []string
	for _, pattern := range []string{"excelize-*", "qlhoi-*"} {
		m, err := filepath.Glob(filepath.Join(os.TempDir(), pattern))
		require.NoError(t, err)
		out = append(out, m...)
	}
	return out
}

// BenchmarkHostileShapes reports, for each shape at full size (a styles part of 280
// MB, 60 MB of one cell, a 1 MB string in 120,000 cells, 2 M merges), the time and
// the peak heap of reading it.
func BenchmarkHostileShapes(b *testing.B) {
	for name, shape := range hostileShapes(4) {
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			path := shape.make(b)
			runtime.GC()
			var peak atomic.Uint64
			sample := func() {
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
			}
			sample()
			stop := make(chan struct{})
			go func() {
				for {
					select {
					case <-stop:
						return
					case <-time.After(5 * time.Millisecond):
						sample()
					}
				}
			}()
			b.ResetTimer()
			for b.Loop() {
				_, _ = Read(path, "", DefaultLimits)
			}
			close(stop)
			sample()
			b.ReportMetric(float64(peak.Load())/(1<<20), "MB-peak-heap")
		})
	}
}
