package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"qlhoi/data"
	"qlhoi/data/sheet/book"
)

// workbook writes rows from A1 to a new xlsx file.
func workbook(t *testing.T, path string, rows [][]any, merges ...[2]string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, err)
		require.NoError(t, f.SetSheetRow("Sheet1", cell, &row))
	}
	for _, m := range merges {
		require.NoError(t, f.MergeCell("Sheet1", m[0], m[1]))
	}
	require.NoError(t, f.SaveAs(path))
}

func runIn(t *testing.T, db, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(t.Context(), append([]string{"--db", db}, args...), strings.NewReader(stdin), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

func TestImportExportSheet(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "qlhoi.db")
	MustRun(t, db, "init", "--code", "QT", "--name", "Ban Dân vận Tỉnh ủy Quảng Trị", "--level", "tinh")
	old := filepath.Join(dir, "DS-hoi-2023.xlsx")
	workbook(t, old, [][]any{
		{"DANH SÁCH CÁC HỘI"},
		{},
		{"STT", "Tên hội", "Quyết định thành lập", nil, "Phạm vi"},
		{nil, nil, "Số", "Ngày"},
		{1, book.EncodeTCVN3("Hội Người cao tuổi tỉnh Quảng Trị"), "123/QĐ-UBND", "15/6/2001", "Tỉnh"},
		{2, book.EncodeVNI("Hội Cựu giáo chức tỉnh Quảng Trị"), "", "ngày 5 tháng 2 năm 2010", "Tỉnh"},
		{3, "Hội Đông y tỉnh Quảng Trị", "", "31/02/2021", "Tỉnh"},
	}, [2]string{"A3", "A4"}, [2]string{"B3", "B4"}, [2]string{"C3", "D3"}, [2]string{"E3", "E4"})

	out := MustRun(t, db, "import-sheet", old, "--kind", "hoi", "--dry-run")
	assert.Contains(t, out, "dòng tiêu đề 3–4 (hai tầng)")
	assert.Contains(t, out, "Quyết định thành lập / Ngày")
	assert.Contains(t, out, "đã chuyển mã TCVN3 → Unicode")
	assert.Contains(t, out, "đã chuyển mã VNI → Unicode")
	assert.Contains(t, out, "Dòng 7, cột D (Quyết định thành lập / Ngày): ngày 31/02/2021 không có thật")
	assert.Contains(t, out, "Tổng: 2 thêm mới, 0 cập nhật, 0 bỏ qua, 1 lỗi.")
	assert.Contains(t, out, "chưa ghi gì")
	assert.Empty(t, listJSON(t, db, "hoi", "list"), "--dry-run writes nothing")

	r := runIn(t, db, "", "import-sheet", old, "--kind", "hoi")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "chưa ghi gì vì chưa được đồng ý")
	assert.Empty(t, listJSON(t, db, "hoi", "list"), "no answer, no write")

	r = runIn(t, db, "có\n", "import-sheet", old, "--kind", "hoi")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Đã nhập từ tệp DS-hoi-2023.xlsx: 2 thêm mới, 0 cập nhật.")
	assert.Contains(t, r.stdout, "1 dòng lỗi không được ghi")
	list := listJSON(t, db, "hoi", "list")
	require.Len(t, list, 2)
	assert.Equal(t, "Hội Cựu giáo chức tỉnh Quảng Trị", list[0].Name)
	assert.Equal(t, "Hội Người cao tuổi tỉnh Quảng Trị", list[1].Name)

	// Export, change one phone, import the file back as an update.
	xlsx := filepath.Join(dir, "xuat.xlsx")
	assert.Contains(t, MustRun(t, db, "export-sheet", "--kind", "hoi", "--out", xlsx, "--q", "cao tuoi"), "Đã xuất 1 dòng")
	f, err := excelize.OpenFile(xlsx)
	require.NoError(t, err)
	rows, err := f.GetRows(f.GetSheetName(0))
	require.NoError(t, err)
	assert.Equal(t, list[1].ID, rows[5][0])
	phone := -1
	for i, h := range rows[4] {
		if h == "Điện thoại" {
			phone = i
		}
	}
	require.Positive(t, phone)
	cell, err := excelize.CoordinatesToCellName(phone+1, 6)
	require.NoError(t, err)
	require.NoError(t, f.SetCellValue(f.GetSheetName(0), cell, "0233 3852 999"))
	require.NoError(t, f.Save())
	require.NoError(t, f.Close())
	out = MustRun(t, db, "import-sheet", xlsx, "--kind", "hoi", "--yes")
	assert.Contains(t, out, "cập nhật")
	assert.Contains(t, out, "0 thêm mới, 1 cập nhật")
	assert.Equal(t, "0233 3852 999", listJSON(t, db, "hoi", "show", list[1].ID)[0].Phone)

	assert.Contains(t, MustRun(t, db, "undo-import-sheet"), "Đã hoàn tác lần nhập bảng tính xuat.xlsx")
	assert.Equal(t, "", listJSON(t, db, "hoi", "show", list[1].ID)[0].Phone)

	// --map names a column the header does not.
	odd := filepath.Join(dir, "la.csv")
	require.NoError(t, writeText(odd, "Tên hội,Hạn nhiệm kỳ\nHội Nông dân tỉnh,15/06/2027\n"))
	out = MustRun(t, db, "import-sheet", odd, "--kind", "hoi", "--map", "Cột B=term_end", "--yes")
	assert.Contains(t, out, "Kết thúc nhiệm kỳ [term_end]")
	nd := listJSON(t, db, "hoi", "list", "--q", "nong dan")
	require.Len(t, nd, 1)
	assert.Equal(t, "2027-06-15", *nd[0].TermEnd)

	for _, kind := range []string{"tasks", "register", "stats"} {
		out := filepath.Join(dir, kind+".xlsx")
		assert.Contains(t, MustRun(t, db, "export-sheet", "--kind", kind, "--out", out), "Đã xuất")
	}
}

// The statistics workbook of the sample data carries each association's income by
// source and spending with a total line, and its figures sheet reads back unchanged.
func TestExportStatisticsFinances(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "qlhoi.db")
	MustRun(t, db, "init", "--code", "QT", "--name", "Ban Dân vận Tỉnh ủy Quảng Trị", "--level", "tinh")
	MustRun(t, db, "demo")
	y := strconv.Itoa(data.InVietnam(time.Now()).Year() - 1) // the sample data's last year
	out := filepath.Join(dir, "thong-ke.xlsx")
	assert.Contains(t, MustRun(t, db, "export-sheet", "--kind", "stats", "--year", y, "--out", out), "Đã xuất")
	// Without --year: last year, since the office has its figures and none for this year
	// (the window's default too).
	def := filepath.Join(dir, "mac-dinh.xlsx")
	MustRun(t, db, "export-sheet", "--kind", "stats", "--out", def)
	g, err := excelize.OpenFile(def)
	require.NoError(t, err)
	assert.Contains(t, g.GetSheetList(), "Thu chi năm "+y)
	require.NoError(t, g.Close())
	f, err := excelize.OpenFile(out)
	require.NoError(t, err)
	rows, err := f.GetRows("Thu chi năm " + y)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	require.Greater(t, len(rows), 7)
	amount := func(s string) int64 {
		n, err := strconv.ParseInt(s, 10, 64)
		require.NoError(t, err, s)
		return n
	}
	var income int64
	for _, r := range rows[5 : len(rows)-1] {
		if len(r) < 10 {
			continue // no figures of the year
		}
		var sources int64
		for _, c := range r[2:7] {
			sources += amount(c)
		}
		assert.Equal(t, sources, amount(r[7]), "%s: total income is the sum of the sources", r[1])
		assert.Positive(t, amount(r[8]), "%s: spending", r[1])
		income += sources
	}
	total := rows[len(rows)-1]
	assert.Equal(t, "Tổng cộng", total[1])
	assert.Positive(t, income)
	assert.Equal(t, income, amount(total[7]))

	read := MustRun(t, db, "import-sheet", out, "--kind", "figures", "--sheet", "Số liệu năm "+y, "--dry-run")
	assert.Regexp(t, `Tổng: 0 thêm mới, 0 cập nhật, [1-9][0-9]* bỏ qua, 0 lỗi\.`, read, "the figures come back unchanged")
}

func writeText(path, s string) error { return writeFileBytes(path, []byte(s)) }

func TestSheetCommandErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "qlhoi.db")
	MustRun(t, db, "init", "--code", "QT", "--name", "Ban Dân vận", "--level", "tinh")
	good := filepath.Join(dir, "ds.xlsx")
	workbook(t, good, [][]any{{"Tên hội"}, {"Hội A tỉnh"}})
	junk := filepath.Join(dir, "hong.xlsx")
	require.NoError(t, writeFileBytes(junk, []byte("PK\x03\x04rác")))
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"import-sheet", good}, 2, "--kind hoi|leaders|figures|tasks"},
		{[]string{"import-sheet", "--kind", "hoi"}, 2, "cần đúng một TỆP"},
		{[]string{"import-sheet", good, "--kind", "hoa"}, 1, "Loại dữ liệu nhập phải là"},
		{[]string{"import-sheet", junk, "--kind", "hoi"}, 1, "bị hỏng"},
		{[]string{"import-sheet", good, "--kind", "hoi", "--map", "Cột Z=name"}, 1, "không có cột “Cột Z”"},
		{[]string{"import-sheet", good, "--kind", "hoi", "--sheet", "Trang 2"}, 1, "không có trang tính “Trang 2”"},
		{[]string{"import-sheet", good, "--kind", "tasks"}, 1, "--directive"},
		{[]string{"undo-import-sheet"}, 1, "Không có lần nhập bảng tính nào để hoàn tác"},
		{[]string{"export-sheet", "--kind", "hoa", "--out", filepath.Join(dir, "x.xlsx")}, 2, "--kind hoi|tasks|register"},
		{[]string{"export-sheet", "--kind", "stats", "--year", "hai", "--out", filepath.Join(dir, "x.xlsx")}, 1, "Năm “hai” không hợp lệ"},
		{[]string{"export-sheet", "--kind", "hoi", "--out", filepath.Join(dir, "x.pdf")}, 2, "đuôi .xlsx"},
		{[]string{"export-sheet", "--kind", "hoi", "--out", filepath.Join(dir, "khong-co", "x.xlsx")}, 1, "Không ghi được tệp Excel"},
	} {
		r := qlhoictl(t, db, c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.msg, c.args)
	}
	assert.Empty(t, listJSON(t, db, "hoi", "list"))
}

func writeFileBytes(path string, b []byte) error { return os.WriteFile(path, b, 0o644) }

func TestHelpNamesSheetCommands(t *testing.T) {
	out := MustRun(t, filepath.Join(t.TempDir(), "x.db"), "help")
	for _, cmd := range []string{"import-sheet TỆP --kind hoi|leaders|figures|tasks", "undo-import-sheet", "export-sheet --kind hoi|tasks|register --out TỆP.xlsx"} {
		assert.Contains(t, out, cmd)
	}
}

// An Excel 97–2003 file (data/sheet/testdata/ds-hoi-2003.xls: title, merged two-row
// header, TCVN3 bytes, an Excel date) imports from the command line.
func TestImportSheetXLS(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "qlhoi.db")
	MustRun(t, db, "init", "--code", "QT", "--name", "Ban Dân vận", "--level", "tinh")
	xls := filepath.Join("..", "..", "data", "sheet", "testdata", "ds-hoi-2003.xls")
	out := MustRun(t, db, "import-sheet", xls, "--kind", "hoi", "--dry-run")
	assert.Contains(t, out, "dòng tiêu đề 3–4 (hai tầng)")
	assert.Contains(t, out, "đã chuyển mã TCVN3 → Unicode")
	assert.Contains(t, out, "Tổng: 2 thêm mới, 0 cập nhật, 0 bỏ qua, 0 lỗi.")
	r := runIn(t, db, "", "import-sheet", xls, "--kind", "hoi", "--yes")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Đã nhập từ tệp ds-hoi-2003.xls: 2 thêm mới, 0 cập nhật.")
	names := []string{}
	for _, a := range listJSON(t, db, "hoi", "list") {
		names = append(names, a.Name)
	}
	assert.ElementsMatch(t, []string{"Hội Người cao tuổi", "Hội Đông y"}, names)
}
