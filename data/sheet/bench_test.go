package sheet

import (
	"context"
	"fmt"
	"path/filepath"
	"qlhoi/data/sheet/internal/sheettest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"qlhoi/data"
	"qlhoi/data/store"
)

const benchRows = 20_000

// benchBook writes benchRows association rows with excelize's stream writer.
func benchBook(b *testing.B) string { return sheettest.StreamBook(b, benchRows) }

// BenchmarkImport20000 previews and applies a 20,000-row sheet into an empty database.
// Each round also reads the same cells with excelize alone (untimed) and reports the
// import as a multiple of that floor (x-read), with its two parts in seconds.
func BenchmarkImport20000(b *testing.B) {
	path := benchBook(b)
	ctx := context.Background()
	var floor, preview, apply time.Duration
	for b.Loop() {
		b.StopTimer()
		s := openStore(b)
		floor += excelizeRead(b, path)
		b.StartTimer()
		start := time.Now()
		p, err := PreviewFile(ctx, s, path, Options{Kind: KindHoi})
		require.NoError(b, err)
		require.Equal(b, benchRows, p.Counts[Create])
		previewed := time.Now()
		_, err = p.Apply(ctx, s)
		require.NoError(b, err)
		preview += previewed.Sub(start)
		apply += time.Since(previewed)
	}
	b.ReportMetric(preview.Seconds()/float64(b.N), "preview-s")
	b.ReportMetric(apply.Seconds()/float64(b.N), "apply-s")
	b.ReportMetric(float64(preview+apply)/float64(floor), "x-read")
}

// BenchmarkImportPreview20000 is the preview alone (reading, converting, matching).
func BenchmarkImportPreview20000(b *testing.B) {
	path := benchBook(b)
	ctx := context.Background()
	s := openStore(b)
	for b.Loop() {
		p, err := PreviewFile(ctx, s, path, Options{Kind: KindHoi})
		require.NoError(b, err)
		require.Equal(b, benchRows, p.Counts[Create])
	}
}

// BenchmarkExcelizeRead20000 is the floor: excelize alone reading the same cells.
func BenchmarkExcelizeRead20000(b *testing.B) {
	path := benchBook(b)
	for b.Loop() {
		excelizeRead(b, path)
	}
}

// excelizeRead reads every cell of the book's first sheet with excelize alone and
// returns the time it took.
func excelizeRead(b *testing.B, path string) time.Duration {
	start := time.Now()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	require.NoError(b, err)
	rows, err := f.Rows("Sheet1")
	require.NoError(b, err)
	n := 0
	for rows.Next() {
		cols, err := rows.Columns()
		require.NoError(b, err)
		n += len(cols)
	}
	require.NoError(b, rows.Close())
	require.NoError(b, f.Close())
	require.Greater(b, n, benchRows*10)
	return time.Since(start)
}

func benchStore(b *testing.B) *store.Store {
	s := openStore(b)
	ctx := context.Background()
	var list []data.Record
	for i := 0; i < benchRows; i++ {
		list = append(list, &data.Association{Name: fmt.Sprintf("Hội Người cao tuổi xã số %d", i), Scope: data.ScopeCommune, Area: "QT", Field: "Xã hội",
			Founding: data.Decision{Number: fmt.Sprintf("%d/QĐ-UBND", i%900+1), Date: data.MustDate("15/06/2001")}, TermStart: data.MustDate("15/06/2021"), TermEnd: data.MustDate("15/06/2026"), Phone: "0233 3852 111"})
	}
	require.NoError(b, s.CreateAll(ctx, list, store.AllowNearDuplicate))
	return s
}

// BenchmarkExport20000 exports 20,000 associations. Each round also writes the same
// cells with excelize's stream writer alone (untimed) and reports the export as a
// multiple of that floor (x-write).
func BenchmarkExport20000(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "xuat.xlsx")
	headers, rows := floorCells(b, s)
	var floor, export time.Duration
	for b.Loop() {
		b.StopTimer()
		floor += excelizeWrite(b, headers, rows, filepath.Join(b.TempDir(), "san.xlsx"))
		b.StartTimer()
		start := time.Now()
		n, err := ExportAssociations(ctx, s, store.AssociationFilter{}, path)
		require.NoError(b, err)
		require.Equal(b, benchRows, n)
		export += time.Since(start)
	}
	b.ReportMetric(float64(export)/float64(floor), "x-write")
}

// BenchmarkExcelizeWrite20000 is the floor alone.
func BenchmarkExcelizeWrite20000(b *testing.B) {
	headers, rows := floorCells(b, benchStore(b))
	path := filepath.Join(b.TempDir(), "xuat.xlsx")
	for b.Loop() {
		excelizeWrite(b, headers, rows, path)
	}
}

// floorCells are the cells an export of the store's associations writes, in memory.
func floorCells(b *testing.B, s *store.Store) ([]string, [][]any) {
	list, _, err := s.FindAssociations(context.Background(), store.AssociationFilter{})
	require.NoError(b, err)
	bs := hoiBindings() // the columns the export writes
	recs := make([]*hoiRow, len(list))
	for i, a := range list {
		recs[i] = &hoiRow{A: *a}
	}
	return exportRows(bs, recs)
}

// excelizeWrite writes the cells with excelize's stream writer and the same date style
// and returns the time it took.
func excelizeWrite(b *testing.B, headers []string, rows [][]any, path string) time.Duration {
	start := time.Now()
	f := excelize.NewFile()
	date := "dd/mm/yyyy"
	ds, err := f.NewStyle(&excelize.Style{CustomNumFmt: &date})
	require.NoError(b, err)
	sw, err := f.NewStreamWriter("Sheet1")
	require.NoError(b, err)
	h := make([]any, len(headers))
	for i, x := range headers {
		h[i] = x
	}
	require.NoError(b, sw.SetRow("A5", h))
	cells := make([]any, len(headers))
	for r, row := range rows {
		for i, v := range row {
			if _, ok := v.(time.Time); ok {
				cells[i] = excelize.Cell{StyleID: ds, Value: v}
			} else {
				cells[i] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+6)
		require.NoError(b, sw.SetRow(cell, cells))
	}
	require.NoError(b, sw.Flush())
	require.NoError(b, f.SaveAs(path))
	require.NoError(b, f.Close())
	return time.Since(start)
}
