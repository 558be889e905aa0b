package sheet

import (
	"qlhoi/data/sheet/book"
	"qlhoi/data/sheet/internal/sheettest"

	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"qlhoi/data"
)

func writeFile(t *testing.T, name string, b []byte) string { return sheettest.WriteFile(t, name, b) }

// ole is the start of an OLE compound file (Excel 97–2003, or an encrypted xlsx).
func ole(streams ...string) []byte {
	b := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
	for _, s := range streams {
		for _, r := range s {
			b = append(b, byte(r), 0)
		}
		b = append(b, make([]byte, 64)...)
	}
	return b
}

// bomb is a zip whose sheet says it unpacks to 10 GB.
func bomb(t *testing.T) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, err := z.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Store, CompressedSize64: 4, UncompressedSize64: 10 << 30})
	require.NoError(t, err)
	_, err = w.Write([]byte("<a/>"))
	require.NoError(t, err)
	require.NoError(t, z.Close())
	return buf.Bytes()
}

func millionRows(t *testing.T) string {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	require.NoError(t, err)
	require.NoError(t, sw.SetRow("A1", []any{"Tên hội", "Phạm vi"}))
	require.NoError(t, sw.SetRow("A2", []any{"Hội A", "Tỉnh"}))
	require.NoError(t, sw.SetRow("A1000000", []any{"Hội cuối", "Tỉnh"}))
	require.NoError(t, sw.Flush())
	path := filepath.Join(t.TempDir(), "trieu-dong.xlsx")
	require.NoError(t, f.SaveAs(path))
	return path
}

func TestRejectBadSpreadsheets(t *testing.T) {
	ctx := context.Background()
	good := writeBook(t, "tot.xlsx", [][]any{{"Tên hội", "Phạm vi"}, {"Hội Nông dân tỉnh", "Tỉnh"}})
	goodBytes, err := os.ReadFile(good)
	require.NoError(t, err)
	wide := writeBook(t, "rong.xlsx", [][]any{{"Tên hội"}, {"Hội A"}}, func(f *excelize.File) {
		require.NoError(t, f.SetCellValue("Sheet1", "KZ2", "x"))
	})
	for _, c := range []struct {
		name string
		path string
		code string
		msg  string
	}{
		{"corrupt zip", writeFile(t, "hong.xlsx", []byte("PK\x03\x04 không phải zip")), "ErrSheetUnreadable", "bị hỏng"},
		{"truncated xlsx", writeFile(t, "cut.xlsx", goodBytes[:len(goodBytes)/2]), "ErrSheetUnreadable", "bị hỏng"},
		{"random bytes named xlsx", writeFile(t, "rac.xlsx", []byte("xin chào, đây không phải bảng tính")), "ErrSheetUnreadable", "không phải bảng tính Excel"},
		{"password-protected", writeFile(t, "mat-khau.xlsx", ole("EncryptedInfo", "EncryptedPackage")), "ErrSheetEncrypted", "có đặt mật khẩu"},
		{"corrupt .xls", writeFile(t, "cu.xls", ole("Workbook")), "ErrSheetUnreadable", "bị hỏng"},
		{"zip bomb", writeFile(t, "bom.xlsx", bomb(t)), "ErrSheetTooLarge", "khi giải nén vượt quá"},
		{"1,000,000 rows", millionRows(t), "ErrSheetTooManyRows", "quá giới hạn 100.000 dòng"},
		{"too many columns", wide, "ErrSheetTooManyRows", "quá giới hạn 200 cột"},
		{"no header", writeBook(t, "so.xlsx", [][]any{{1, 2, 3}, {4, 5, 6}}), "ErrSheetNoHeader", "Không tìm thấy dòng tiêu đề"},
		{"header only", writeBook(t, "trong.xlsx", [][]any{{"Tên hội", "Phạm vi"}}), "ErrSheetEmpty", "không có dòng dữ liệu"},
		{"empty csv", writeFile(t, "rong.csv", nil), "ErrSheetEmpty", "không có dữ liệu"},
		{"binary csv", writeFile(t, "nhi-phan.csv", []byte{0x00, 0x01, 0x02}), "ErrSheetFormat", "không phải bảng tính"},
		{"missing file", filepath.Join(t.TempDir(), "khong-co.xlsx"), "ErrSheetUnreadable", "Không mở được tệp"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openStore(t)
			create(t, s, &data.Association{Name: "Hội Cựu chiến binh tỉnh", Scope: data.ScopeProvince, Area: "QT"})
			before := digest(t, s)
			_, err := PreviewFile(ctx, s, c.path, Options{Kind: KindHoi})
			require.Error(t, err)
			assert.Equal(t, []string{c.code}, data.Codes(err))
			assert.Contains(t, data.Message(err), c.msg)
			assert.Equal(t, before, digest(t, s))
		})
	}
	_, err = PreviewFile(ctx, openStore(t), good, Options{Kind: "members"})
	assert.True(t, data.HasCode(err, "ErrSheetKind"))
}

func TestLimitsAreBounds(t *testing.T) {
	path := writeBook(t, "ds.xlsx", [][]any{{"Tên hội"}, {"Hội A"}, {"Hội B"}, {"Hội C"}, {strings.Repeat("dài ", 40)}})
	lim := book.DefaultLimits
	lim.MaxRows = 3
	_, err := book.Read(path, "", lim)
	assert.True(t, data.HasCode(err, "ErrSheetTooManyRows"))
	lim = book.DefaultLimits
	lim.MaxUnpacked = 1 << 10
	_, err = book.Read(path, "", lim)
	assert.True(t, data.HasCode(err, "ErrSheetTooLarge"))
	lim = book.DefaultLimits
	lim.MaxFileBytes = 100
	_, err = book.Read(path, "", lim)
	assert.True(t, data.HasCode(err, "ErrSheetTooLarge"))
	lim = book.DefaultLimits
	lim.MaxCells = 3
	_, err = book.Read(path, "", lim)
	assert.True(t, data.HasCode(err, "ErrSheetTooManyRows"))
	lim = book.DefaultLimits
	lim.MaxCellRunes = 100
	p, err := PreviewFile(context.Background(), openStore(t), path, Options{Kind: KindHoi, Limits: lim})
	require.NoError(t, err)
	assert.Equal(t, []string{"Dòng 5, cột A (Tên hội): ô dài quá 100 ký tự"}, p.Rows[3].Messages)
}

func TestHiddenSheets(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	path := writeBook(t, "an.xlsx", [][]any{{"Tên hội"}, {"Hội trong trang ẩn"}}, func(f *excelize.File) {
		idx, err := f.NewSheet("Danh sách")
		require.NoError(t, err)
		f.SetActiveSheet(idx)
		require.NoError(t, f.SetSheetRow("Danh sách", "A1", &[]any{"Tên hội"}))
		require.NoError(t, f.SetSheetRow("Danh sách", "A2", &[]any{"Hội trong trang hiện"}))
		require.NoError(t, f.SetSheetVisible("Sheet1", false))
		visible, err := f.GetSheetVisible("Sheet1")
		require.NoError(t, err)
		require.False(t, visible)
	})
	p, err := PreviewFile(ctx, s, path, Options{Kind: KindHoi})
	require.NoError(t, err)
	assert.Equal(t, "Danh sách", p.Sheet)
	assert.Equal(t, "Hội trong trang hiện", p.Rows[0].Name)
	assert.Contains(t, strings.Join(p.Notes, "\n"), "Bỏ qua trang tính ẩn “Sheet1”")

	p, err = PreviewFile(ctx, s, path, Options{Kind: KindHoi, Sheet: "sheet1"})
	require.NoError(t, err)
	assert.Equal(t, "Hội trong trang ẩn", p.Rows[0].Name)
	assert.Contains(t, strings.Join(p.Notes, "\n"), "đang bị ẩn")

	_, err = PreviewFile(ctx, s, path, Options{Kind: KindHoi, Sheet: "Không có"})
	assert.True(t, data.HasCode(err, "ErrSheetNotFound"))
	assert.Contains(t, data.Message(err), "“Danh sách”")
}
