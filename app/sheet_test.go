package app

import (
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"qlhoi/data"
	"qlhoi/data/sheet"
	"qlhoi/data/sheet/book"
	"qlhoi/data/store"
)

func sheetFile(t *testing.T, rows [][]any) string {
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, err)
		require.NoError(t, f.SetSheetRow("Sheet1", cell, &row))
	}
	path := filepath.Join(t.TempDir(), "DS-hoi.xlsx")
	require.NoError(t, f.SaveAs(path))
	return path
}

// The wizard: file → sheet → mapping (fixed by the clerk) → preview → apply → undo.
func TestSheetImportWizard(t *testing.T) {
	u, w := newTestUI(t, true)
	ctx := t.Context()
	path := sheetFile(t, [][]any{
		{"DANH SÁCH CÁC HỘI"},
		{"STT", "Tên hội", "Hạn nhiệm kỳ", "Phạm vi"},
		{1, book.EncodeTCVN3("Hội Nuôi ong tỉnh Quảng Trị"), "15/06/2027", "Tỉnh"},
		{2, "Hội Hoa lan tỉnh Quảng Trị", "31/02/2027", "Tỉnh"},
	})
	reloaded := 0
	wz := u.openSheetImport(sheet.KindHoi, path, func() { reloaded++ })
	require.NotNil(t, wz)
	shown := strings.Join(texts(w.Canvas().Overlays().Top()), "\n")
	assert.Contains(t, shown, "DS-hoi.xlsx")
	assert.Contains(t, shown, "Cột C “Hạn nhiệm kỳ”")
	assert.Contains(t, shown, "2 thêm mới, 0 cập nhật, 0 bỏ qua, 0 lỗi.", "the unknown column is not imported yet")
	assert.Contains(t, wz.rowText(wz.p.Rows[0]), "Dòng 3 · thêm mới · Hội Nuôi ong tỉnh Quảng Trị (đã chuyển mã TCVN3 → Unicode)")

	// The clerk maps column C to the end of term: the preview follows.
	sel := mappingSelect(t, wz, "Cột C “Hạn nhiệm kỳ”")
	sel.SetSelected("Kết thúc nhiệm kỳ")
	shown = strings.Join(texts(w.Canvas().Overlays().Top()), "\n")
	assert.Contains(t, shown, "1 thêm mới, 0 cập nhật, 0 bỏ qua, 1 lỗi.")
	assert.Contains(t, wz.rowText(wz.p.Rows[1]), "Dòng 4, cột C (Hạn nhiệm kỳ): ngày 31/02/2027 không có thật")
	// Choosing the name for column C moves it there: B becomes a question.
	mappingSelect(t, wz, "Cột C “Hạn nhiệm kỳ”").SetSelected("Tên hội")
	assert.Equal(t, []string{"", "name"}, []string{wz.p.Columns[1].Field, wz.p.Columns[1].Guess})
	// Choosing it for B too is refused, naming the field for people, and taken back.
	mappingSelect(t, wz, "Cột B “Tên hội”").SetSelected("Tên hội")
	assert.Contains(t, strings.Join(texts(w.Canvas().Overlays().Top()), "\n"), "cùng ghép vào trường “Tên hội”")
	tapInDialog(t, w, "Đóng")
	mappingSelect(t, wz, "Cột C “Hạn nhiệm kỳ”").SetSelected("Kết thúc nhiệm kỳ")
	mappingSelect(t, wz, "Cột B “Tên hội”").SetSelected("Tên hội")
	assert.Equal(t, []string{"name", "term_end"}, []string{wz.p.Columns[1].Field, wz.p.Columns[2].Field})

	assert.Equal(t, wz.sheets, w.Canvas().Focused(), "the wizard opens with the focus in it")
	u.typedShortcut(ctrl("S")) // writes, after the confirmation
	tapInDialog(t, w, "Ghi vào cơ sở dữ liệu")
	assert.Equal(t, 1, reloaded)
	found, _, err := u.store.FindAssociations(ctx, store.AssociationFilter{Query: "nuoi ong"})
	require.NoError(t, err)
	require.Len(t, found, 1)
	assert.Equal(t, "15/06/2027", found[0].TermEnd.String())
	assert.Contains(t, u.status.Text, "Đã nhập từ tệp DS-hoi.xlsx: 1 thêm mới, 0 cập nhật.")

	// Undo from the wizard.
	wz = u.openSheetImport(sheet.KindHoi, path, func() { reloaded++ })
	require.NotNil(t, wz)
	test.Tap(button(w.Canvas().Overlays().Top(), "Hoàn tác lần nhập trước"))
	tapInDialog(t, w, "Hoàn tác lần nhập trước")
	found, _, err = u.store.FindAssociations(ctx, store.AssociationFilter{Query: "nuoi ong"})
	require.NoError(t, err)
	assert.Empty(t, found)
	assert.Equal(t, 2, reloaded)

	// A file that is not a spreadsheet: a message, no wizard.
	bad := filepath.Join(t.TempDir(), "hong.xlsx")
	require.NoError(t, writeTestFile(bad, "PK\x03\x04"))
	assert.Nil(t, u.openSheetImport(sheet.KindHoi, bad, nil))
	assert.Contains(t, strings.Join(texts(w.Canvas().Overlays().Top()), " "), "bị hỏng")
}

func mappingSelect(t *testing.T, wz *sheetImport, label string) *widget.Select {
	t.Helper()
	for _, row := range wz.mapping.Objects {
		objs := row.(*fyne.Container).Objects
		if objs[0].(*widget.Label).Text == label {
			return objs[1].(*widget.Select)
		}
	}
	t.Fatalf("no mapping row %q", label)
	return nil
}

// The association list has "Xuất Excel" and "Nhập từ Excel".
func TestAssociationListSheetButtons(t *testing.T) {
	u, _ := newTestUI(t, true)
	s, i := screenOf[*associations](u)
	u.show(i)
	assert.NotNil(t, button(s.view(), "Xuất Excel"))
	assert.NotNil(t, button(s.view(), "Nhập từ Excel"))
}

func writeTestFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o644) }

// TestSheetImportScreenshot draws the wizard on an old list (title block, two-row
// header, TCVN3 text, an impossible date) with the software painter, into
// $QLHOI_SCREENSHOT_DIR/sheet-import.png; it is skipped without that variable.
func TestSheetImportScreenshot(t *testing.T) {
	dir := os.Getenv("QLHOI_SCREENSHOT_DIR")
	if dir == "" {
		t.Skip("QLHOI_SCREENSHOT_DIR not set")
	}
	u, w := newTestUI(t, true)
	f := excelize.NewFile()
	for i, row := range [][]any{
		{"UBND TỈNH QUẢNG TRỊ"}, {"DANH SÁCH CÁC HỘI CÓ TÍNH CHẤT ĐẶC THÙ"}, {},
		{"STT", "Tên hội", "Quyết định thành lập", nil, "Phạm vi", "Hạn nhiệm kỳ"},
		{nil, nil, "Số", "Ngày"},
		{1, book.EncodeTCVN3("Hội Nuôi ong tỉnh Quảng Trị"), "123/QĐ-UBND", 44362, "Tỉnh", "15/06/2026"},
		{2, book.EncodeVNI("Hội Hoa lan tỉnh Quảng Trị"), "45/QĐ-UBND", "ngày 5 tháng 2 năm 2010", "Tỉnh"},
		{3, "Hội Đông y tỉnh Quảng Trị", "", "", "Tỉnh", "2027"},
		{4, "Hội Cây cảnh tỉnh Quảng Trị", "56/QĐ-UBND", "31/02/2021", "Tỉnh"},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, f.SetSheetRow("Sheet1", cell, &row))
	}
	for _, m := range [][2]string{{"A4", "A5"}, {"B4", "B5"}, {"C4", "D4"}, {"E4", "E5"}, {"F4", "F5"}} {
		require.NoError(t, f.MergeCell("Sheet1", m[0], m[1]))
	}
	path := filepath.Join(t.TempDir(), "DS-hoi-2023.xlsx")
	require.NoError(t, f.SaveAs(path))
	require.NoError(t, f.Close())
	_, i := screenOf[*associations](u)
	u.show(i)
	require.NotNil(t, u.openSheetImport(sheet.KindHoi, path, nil))
	w.Resize(fyne.NewSize(1366, 740))
	img := w.Canvas().Capture()
	out, err := os.Create(filepath.Join(dir, "sheet-import.png"))
	require.NoError(t, err)
	defer out.Close()
	require.NoError(t, png.Encode(out, img))
}

// The task list, the issued-documents register and the conflicts list have "Xuất Excel"
// too, and the button writes the list.
func TestListsExportToExcel(t *testing.T) {
	u, _ := newTestUI(t, true)
	assert.NotNil(t, button(screenView[*tasks](u), "Xuất Excel"), "tasks")
	rs, k := screenOf[*reportsScreen](u)
	u.show(k)
	rs.tabs.SelectIndex(1)
	assert.NotNil(t, button(rs.view(), "Xuất Excel"), "register (on its tab)")
	e, i := screenOf[*exchangeScreen](u)
	u.show(i)
	assert.NotNil(t, button(e.conflictBox, "Xuất Excel"), "conflicts (on their tab)")
	tk, _ := screenOf[*tasks](u)
	path := filepath.Join(t.TempDir(), "nv.xlsx")
	n, err := sheet.ExportTasks(t.Context(), u.store, tk.filter, path)
	require.NoError(t, err)
	assert.Positive(t, n, "the demo tasks are written")
}

func screenView[T screen](u *UI) fyne.CanvasObject {
	s, i := screenOf[T](u)
	u.show(i)
	return s.view()
}

// A record's history names the spreadsheet it was imported from.
func TestHistoryNamesTheSpreadsheet(t *testing.T) {
	u, _ := newTestUI(t, true)
	assert.Equal(t, "Nhập từ tệp DS-hoi.xlsx", u.opLabel(store.Change{Op: store.OpImportSheet + ":DS-hoi.xlsx"}))
	assert.Equal(t, "Hoàn tác lần nhập bảng tính", u.opLabel(store.Change{Op: "undo-import-sheet"}))
	assert.Equal(t, "Sửa", u.opLabel(store.Change{Op: "update"}))
}

// A row whose name nearly matches an existing association: the clerk picks it in the
// preview and says which association it is (or that it is a new one).
func TestSheetImportNearDuplicate(t *testing.T) {
	u, w := newTestUI(t, true)
	ctx := t.Context()
	found, _, err := u.store.FindAssociations(ctx, store.AssociationFilter{Query: "khuyen hoc tinh"})
	require.NoError(t, err)
	require.NotEmpty(t, found)
	kh := found[0]
	slip := strings.Replace(kh.Name, "Khuyến học", "Khuyến họcc", 1)
	path := sheetFile(t, [][]any{{"Tên hội", "Phạm vi", "Điện thoại"}, {slip, kh.Scope.Label(), "0233 777 777"}})
	wz := u.openSheetImport(sheet.KindHoi, path, nil)
	require.NotNil(t, wz)
	require.Equal(t, sheet.Skip, wz.p.Rows[0].Action)
	wz.rows.Select(0)
	tapInDialog(t, w, "Cập nhật “"+kh.Name+"”")
	assert.Equal(t, sheet.Update, wz.p.Rows[0].Action)
	assert.Contains(t, wz.rowText(wz.p.Rows[0]), "Điện thoại")
}

// The Reports screen's "Xuất thống kê năm (Excel)": the year (last year's, the demo's
// latest figures, by default; a wrong year is refused in the dialog), then the save
// dialog, writes the workbook with the year's income and spending; a place where the
// file cannot be made is a Vietnamese message.
func TestStatisticsExportButton(t *testing.T) {
	u, w := newTestUI(t, true)
	ctx := t.Context()
	dir := t.TempDir()
	u.usedFolder(dir)
	rs, k := screenOf[*reportsScreen](u)
	u.show(k)
	b := button(rs.view(), "Xuất thống kê năm (Excel)")
	require.NotNil(t, b, "the button is on the Reports screen")

	// Without the mouse: Tab reaches the button, Space opens the dialog, Esc closes it
	// without going on.
	c := w.Canvas()
	c.Focus(nil)
	for n := 0; n < 200 && c.Focused() != b; n++ {
		c.FocusNext()
	}
	require.Equal(t, b, c.Focused(), "Tab reaches the button")
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	require.NotNil(t, w.Canvas().Overlays().Top())
	require.IsType(t, &Entry{}, c.Focused(), "the year has the focus")
	// The Space that pressed the button then arrives as a typed space in the year.
	c.Focused().(*Entry).TypedRune(' ')
	assert.Equal(t, "2025", c.Focused().(*Entry).Text, "the Space that opened the dialog does not wipe the year")
	u.closeDialog()
	assert.Nil(t, w.Canvas().Overlays().Top())

	test.Tap(b)
	year, ok := w.Canvas().Focused().(*Entry)
	require.True(t, ok, "the year has the focus")
	assert.Equal(t, "2025", year.Text, "the demo has figures of 2025 and none of 2026 yet")
	test.Type(year, "1800")
	assert.Equal(t, "1800", year.Text, "the year typed replaces the default")
	year.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	top := w.Canvas().Overlays().Top()
	require.NotNil(t, top)
	assert.Contains(t, texts(top), "Năm phải là số từ 1945 đến 2100, ví dụ 2025.", "refused in the dialog")
	assert.Equal(t, year, w.Canvas().Focused())
	year.SetText("2025")
	year.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})

	name, save := saveDialogParts(t, w)
	assert.Equal(t, "Thong-ke-hoi-2025.xlsx", name.Text)
	test.Tap(save)
	path := filepath.Join(dir, "Thong-ke-hoi-2025.xlsx")
	assert.Contains(t, u.status.Text, "Đã xuất thống kê năm 2025 (")
	assert.Contains(t, u.status.Text, "Thong-ke-hoi-2025.xlsx")
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f.Close()
	assert.Contains(t, f.GetSheetList(), "Thu chi năm 2025")
	rows, err := f.GetRows("Thu chi năm 2025")
	require.NoError(t, err)
	figs, err := store.List[data.YearlyFigure](ctx, u.store, "year", 2025)
	require.NoError(t, err)
	require.NotEmpty(t, figs)
	var income int64
	for _, fg := range figs {
		income += fg.Income()
	}
	require.Positive(t, income)
	last := rows[len(rows)-1]
	require.GreaterOrEqual(t, len(last), 8)
	assert.Equal(t, "Tổng cộng", last[1])
	assert.Equal(t, strconv.FormatInt(income, 10), last[7], "the total income of the demo's 2025 figures")

	// A folder that does not exist: the file cannot be made; a message, no crash.
	test.Tap(b)
	year, ok = w.Canvas().Focused().(*Entry)
	require.True(t, ok)
	year.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	name, save = saveDialogParts(t, w)
	name.SetText("khong-co/Thong-ke-hoi-2025.xlsx")
	test.Tap(save)
	top = w.Canvas().Overlays().Top()
	require.NotNil(t, top)
	assert.Contains(t, strings.Join(texts(top), " "), data.Catalogue["ErrSaveLocation"].Vi, "ErrSaveLocation: says to choose the folder and type only the name")
	_, err = os.Stat(filepath.Join(dir, "khong-co"))
	assert.True(t, os.IsNotExist(err))
}

// saveDialogParts finds the file name and the Save button of the open save dialog.
func saveDialogParts(t *testing.T, w fyne.Window) (*widget.Entry, *widget.Button) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	require.NotNil(t, top, "the save dialog is open")
	var name *widget.Entry
	var save *widget.Button
	walk(top, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Entry:
			if name == nil {
				name = x
			}
		case *widget.Button:
			if x.Importance == widget.HighImportance && save == nil {
				save = x
			}
		}
	})
	require.NotNil(t, name, "a file name field")
	require.NotNil(t, save, "a Save button")
	return name, save
}

// Cài đặt undoes the last spreadsheet import without picking the file again, and the
// confirmation says which import it is; with none left it says so.
func TestUndoSheetImportFromSettings(t *testing.T) {
	u, w := newTestUI(t, true)
	path := sheetFile(t, [][]any{{"Tên hội", "Phạm vi"}, {"Hội Nuôi ong tỉnh Quảng Trị", "Tỉnh"}})
	wz := u.openSheetImport(sheet.KindHoi, path, nil)
	require.NotNil(t, wz)
	test.Tap(wz.apply)
	tapInDialog(t, w, "Ghi vào cơ sở dữ liệu")

	s, i := screenOf[*settings](u)
	u.show(i)
	undo := button(s.root, "Hoàn tác lần nhập bảng tính gần nhất")
	require.NotNil(t, undo)
	test.Tap(undo)
	shown := strings.Join(texts(w.Canvas().Overlays().Top()), " ")
	assert.Contains(t, shown, "Hoàn tác lần nhập từ tệp DS-hoi.xlsx lúc")
	assert.Contains(t, shown, "(1 thêm mới, 0 cập nhật)")
	tapInDialog(t, w, "Hoàn tác lần nhập trước")
	found, _, err := u.store.FindAssociations(u.ctx, store.AssociationFilter{Query: "nuoi ong"})
	require.NoError(t, err)
	assert.Empty(t, found)
	assert.Contains(t, u.status.Text, "Đã hoàn tác lần nhập tệp DS-hoi.xlsx.")

	test.Tap(undo)
	assert.Contains(t, strings.Join(texts(w.Canvas().Overlays().Top()), " "), "Không có lần nhập bảng tính nào để hoàn tác.")
}

// Each change of an update row is on a line of its own, so none runs past the edge.
func TestSheetRowChangesOnLines(t *testing.T) {
	u, _ := newTestUI(t, true)
	w := &sheetImport{u: u}
	text := w.rowText(sheet.Row{Line: 8, Action: sheet.Update, Name: "Hội Khuyến học tỉnh Quảng Trị",
		Changed: []string{"Bắt đầu nhiệm kỳ: (trống) → 01/03/2021", "Kết thúc nhiệm kỳ: (trống) → 01/03/2026"}})
	lines := strings.Split(text, "\n")
	require.Len(t, lines, 3)
	assert.Contains(t, lines[0], "Hội Khuyến học tỉnh Quảng Trị")
	assert.Equal(t, "   Bắt đầu nhiệm kỳ: (trống) → 01/03/2021", lines[1])
}
