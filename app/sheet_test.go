package app

import (
	"os"
	"path/filepath"
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
		{1, sheet.EncodeTCVN3("Hội Nuôi ong tỉnh Quảng Trị"), "15/06/2027", "Tỉnh"},
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
	assert.Contains(t, wz.rowText(wz.p.Rows[1]), "Dòng 4, cột C: ngày 31/02/2027 không có thật")
	// Mapping a second column to the name is refused and taken back.
	mappingSelect(t, wz, "Cột C “Hạn nhiệm kỳ”").SetSelected("Tên hội")
	tapInDialog(t, w, "Đóng")
	assert.Equal(t, "term_end", wz.p.Columns[2].Field)

	test.Tap(wz.apply)
	tapInDialog(t, w, "Ghi vào cơ sở dữ liệu")
	assert.Equal(t, 1, reloaded)
	found, _, err := u.store.FindAssociations(ctx, data.AssociationFilter{Query: "nuoi ong"})
	require.NoError(t, err)
	require.Len(t, found, 1)
	assert.Equal(t, "15/06/2027", found[0].TermEnd.String())
	assert.Contains(t, u.status.Text, "Đã nhập từ tệp DS-hoi.xlsx: 1 thêm mới, 0 cập nhật.")

	// Undo from the wizard.
	wz = u.openSheetImport(sheet.KindHoi, path, func() { reloaded++ })
	require.NotNil(t, wz)
	test.Tap(button(w.Canvas().Overlays().Top(), "Hoàn tác lần nhập trước"))
	tapInDialog(t, w, "Hoàn tác lần nhập trước")
	found, _, err = u.store.FindAssociations(ctx, data.AssociationFilter{Query: "nuoi ong"})
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
