// Package sheettest writes the spreadsheets the tests of data/sheet and its readers
// read.
package sheettest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// WriteBook writes rows (from A1) to a new xlsx file; edit changes the workbook before saving.
func WriteBook(tb testing.TB, name string, rows [][]any, edit ...func(f *excelize.File)) string {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(tb, err)
		require.NoError(tb, f.SetSheetRow("Sheet1", cell, &row))
	}
	for _, e := range edit {
		e(f)
	}
	path := filepath.Join(tb.TempDir(), name)
	require.NoError(tb, f.SaveAs(path))
	return path
}

// StreamBook writes n association rows with excelize's stream writer.
func StreamBook(tb testing.TB, n int) string {
	path := filepath.Join(tb.TempDir(), "stream.xlsx")
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	require.NoError(tb, err)
	require.NoError(tb, sw.SetRow("A1", []any{"DANH SÁCH CÁC HỘI"}))
	require.NoError(tb, sw.SetRow("A3", []any{"STT", "Tên hội", "Phạm vi", "Lĩnh vực", "Số quyết định thành lập", "Ngày thành lập", "Bắt đầu nhiệm kỳ", "Kết thúc nhiệm kỳ", "Số đảng viên", "Điện thoại"}))
	for i := range n {
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		require.NoError(tb, sw.SetRow(cell, []any{i + 1, fmt.Sprintf("Hội Người cao tuổi xã số %d", i), "Xã", "Xã hội", fmt.Sprintf("%d/QĐ-UBND", i%900+1), 40000 + i%3000, "15/6/2021", "15/06/2026", i % 50, "0233 3852 111"}))
	}
	require.NoError(tb, sw.Flush())
	require.NoError(tb, f.SaveAs(path))
	return path
}

// WriteFile writes b to a new file named name and returns its path.
func WriteFile(tb testing.TB, name string, b []byte) string {
	path := filepath.Join(tb.TempDir(), name)
	require.NoError(tb, os.WriteFile(path, b, 0o644))
	return path
}
