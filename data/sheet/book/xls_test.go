package book

import (
	"fmt"
	"os"
	"path/filepath"
	"qlhoi/data/sheet/internal/sheettest"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
)

// nhieu-hoi-2003.xls (testdata/make_xls.py, written by xlwt) has 1,500 rows: its shared
// strings run over CONTINUE records, in 8-bit and UTF-16 form; numbers are RK, MULRK
// and NUMBER records; a hidden sheet comes first; the title is merged over five columns.
func TestReadXLSCells(t *testing.T) {
	tb, err := Read(filepath.Join("..", "testdata", "nhieu-hoi-2003.xls"), "", DefaultLimits)
	require.NoError(t, err)
	assert.Equal(t, "xls", tb.Format)
	assert.Equal(t, []SheetInfo{{Name: "An", Hidden: true}, {Name: "Danh sách"}}, tb.Sheets)
	assert.Equal(t, "Danh sách", tb.Sheet)
	assert.Contains(t, strings.Join(tb.Notes, "\n"), "Bỏ qua trang tính ẩn “An”")
	require.Len(t, tb.Rows, 1502)
	assert.Equal(t, []string{"DANH SÁCH CÁC HỘI NĂM 2003", "DANH SÁCH CÁC HỘI NĂM 2003", "DANH SÁCH CÁC HỘI NĂM 2003", "DANH SÁCH CÁC HỘI NĂM 2003", "DANH SÁCH CÁC HỘI NĂM 2003"}, tb.Rows[0])
	assert.Equal(t, []string{"STT", "Tên hội", "Số hội viên", "Kinh phí", "Đã giao"}, tb.Rows[1])
	for i := 0; i < 1500; i++ {
		name := fmt.Sprintf("Association number %d", i)
		if i%2 == 1 {
			name = fmt.Sprintf("Hội Người cao tuổi xã số %d", i)
		}
		want := []string{strconv.Itoa(i + 1), name, strconv.Itoa(i * 7), strconv.FormatFloat(float64(i)+0.25, 'f', -1, 64), map[bool]string{true: "TRUE", false: "FALSE"}[i%3 == 0]}
		if i == 0 {
			want[2] = "0"
		}
		require.Equal(t, want, tb.Rows[2+i], "row %d", i+3)
	}

	hidden, err := Read(filepath.Join("..", "testdata", "nhieu-hoi-2003.xls"), "an", DefaultLimits)
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"Tên hội"}, {"Hội trong trang ẩn"}}, hidden.Rows)
	assert.Contains(t, strings.Join(hidden.Notes, "\n"), "đang bị ẩn")
}

// The row, column and cell limits hold for .xls as for .xlsx, and nothing is written.
func TestXLSLimits(t *testing.T) {
	path := filepath.Join("..", "testdata", "nhieu-hoi-2003.xls")
	lim := DefaultLimits
	lim.MaxRows = 1000
	_, err := Read(path, "", lim)
	assert.True(t, data.HasCode(err, ErrSheetTooMany), "%v", err)
	assert.Contains(t, data.Message(err), "quá giới hạn 1.000 dòng")
	lim = DefaultLimits
	lim.MaxCols = 3
	_, err = Read(path, "", lim)
	assert.True(t, data.HasCode(err, ErrSheetTooMany), "%v", err)
	assert.Contains(t, data.Message(err), "quá giới hạn 3 cột")
	lim = DefaultLimits
	lim.MaxCells = 5000
	_, err = Read(path, "", lim)
	assert.True(t, data.HasCode(err, ErrSheetTooMany), "%v", err)
	assert.Contains(t, data.Message(err), "ô dữ liệu")
}

// Damaged .xls files (cut short, bytes overwritten) end in an error or a table, never
// a panic; a cut file is reported as damaged.
func TestXLSDamaged(t *testing.T) {
	for _, f := range []string{"ds-hoi-2003.xls", "nhieu-hoi-2003.xls"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", f))
		require.NoError(t, err)
		for _, n := range []int{8, 100, 511, 512, 1000, len(b) / 3, len(b) / 2, len(b) - 1} {
			_, err := Read(writeFile(t, "cut.xls", b[:n]), "", DefaultLimits)
			require.Error(t, err, "%s cut at %d", f, n)
			assert.True(t, data.HasCode(err, ErrSheetUnreadable), "%s cut at %d: %v", f, n, err)
		}
		for i := 0; i < len(b); i += max(97, len(b)/400) {
			c := append([]byte(nil), b...)
			c[i] ^= 0xA5
			_, _ = readXLSBytes(c)
		}
	}
}

// readXLSBytes reads every sheet of an .xls held in memory, as the fuzz test does.
func readXLSBytes(b []byte) (int, error) {
	book, err := openXLS(b)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range book.sheets {
		t := &Table{Sheet: s.name}
		if _, err := book.readSheet(s, t, DefaultLimits); err != nil {
			return n, err
		}
		n += len(t.Rows)
	}
	return n, nil
}

func FuzzReadXLS(f *testing.F) {
	for _, name := range []string{"ds-hoi-2003.xls", "nhieu-hoi-2003.xls"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", name))
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add(append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)) // an OLE header and nothing else
	f.Add(smallCFB(biffStream(), true))
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := readXLSBytes(b)
		if err == nil && n > xlsMaxRows*2 {
			t.Fatalf("%d rows", n)
		}
	})
}

func writeFile(t *testing.T, name string, b []byte) string { return sheettest.WriteFile(t, name, b) }
