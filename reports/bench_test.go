package reports_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"

	"qlhoi/data/demo"
	"qlhoi/data/store"
	"qlhoi/reports"
)

func benchRows(n int) [][]string {
	rows := make([][]string, n)
	for i := range rows {
		rows[i] = []string{fmt.Sprint(i + 1), fmt.Sprintf("Hội Người cao tuổi xã Vĩnh Linh số %d tỉnh Quảng Trị", i+1), "Người cao tuổi", "Xã", "x", "45/QĐ-UBND ngày 12/08/2025", "Lần thứ 1: 15/04/2026 – 15/04/2031", "Nguyễn Văn An", "6.100", "1.900", "Đang hoạt động"}
	}
	return rows
}

var benchColumns = []reports.Column{
	{Title: "STT", Align: "C"}, {Title: "Tên hội"}, {Title: "Lĩnh vực"}, {Title: "Phạm vi", Align: "C"},
	{Title: "Giao nhiệm vụ", Align: "C"}, {Title: "QĐ thành lập"}, {Title: "Đại hội, nhiệm kỳ"},
	{Title: "Chủ tịch hội"}, {Title: "Hội viên (người)", Align: "R"}, {Title: "Đảng viên (người)", Align: "R"}, {Title: "Tình trạng"},
}

// benchWeights are the fixed column fractions of the bare program (the engine's old
// layout), which has no content measuring.
var benchWeights = []float64{0.65, 3.2, 1.5, 0.8, 0.9, 1.7, 1.9, 1.5, 1, 1, 1.2}

// BenchmarkListTable draws the association list's table with qlhoi's engine (header,
// title, wrapped cells, repeated header rows, page numbers, signature).
func BenchmarkListTable(b *testing.B) {
	fonts := reports.Embedded()
	for _, n := range []int{1000, 5000} {
		rows := benchRows(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d := reports.New(reports.State, fonts, reports.Meta{Title: "Danh sách hội", Created: time.Unix(0, 0)}, true)
				d.Header(reports.Header{Superior: "Tỉnh ủy Quảng Trị", Issuer: "Ban Dân vận", Number: "Số: 01/BC-BDVTU", Place: "Quảng Trị"})
				d.Title("Báo cáo", "Danh sách hội")
				d.Table("bench", reports.Table{Columns: benchColumns, Rows: rows, Numbered: true})
				if _, err := d.Bytes(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBareGofpdf draws the same table with bare gofpdf and the same font: the
// floor the engine is measured against (goal: within 1.3×).
func BenchmarkBareGofpdf(b *testing.B) {
	fonts := reports.Embedded()
	for _, n := range []int{1000, 5000} {
		rows := benchRows(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				pdf := gofpdf.New("L", "mm", "A4", "")
				pdf.SetCompression(false)
				pdf.AddUTF8FontFromBytes("serif", "", fonts.Regular)
				pdf.AddUTF8FontFromBytes("serif", "B", fonts.Bold)
				pdf.SetMargins(30, 20, 15)
				pdf.SetAutoPageBreak(false, 20)
				pdf.AddPage()
				var total float64
				for _, x := range benchWeights {
					total += x
				}
				w := make([]float64, len(benchWeights))
				for i, x := range benchWeights {
					w[i] = 252 * x / total
				}
				const lh = 5.1
				row := func(cells []string, style string) {
					pdf.SetFont("serif", style, 12)
					lines := make([][]string, len(cells))
					nl := 1
					for i, c := range cells {
						lines[i] = pdf.SplitText(c, w[i]-2.4)
						nl = max(nl, len(lines[i]))
					}
					h := float64(nl)*lh + 2.4
					if pdf.GetY()+h > 190 {
						pdf.AddPage()
					}
					x, y := 30.0, pdf.GetY()
					for i := range cells {
						pdf.Rect(x, y, w[i], h, "D")
						for j, l := range lines[i] {
							pdf.SetXY(x+1.2, y+1.2+float64(j)*lh)
							pdf.CellFormat(w[i]-2.4, lh, l, "", 0, "L", false, 0, "")
						}
						x += w[i]
					}
					pdf.SetY(y + h)
				}
				var head []string
				for _, c := range benchColumns {
					head = append(head, c.Title)
				}
				for i, r := range rows {
					if i == 0 || pdf.GetY() > 180 {
						row(head, "B")
					}
					row(r, "")
				}
				var buf bytes.Buffer
				if err := pdf.Output(&buf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkListReport makes the whole association list report (reading 1,000 generated
// associations, their leaders and figures, and drawing them), as `qlhoictl report
// danh-sach-hoi` does after opening the database; compare with BenchmarkBareGofpdf/1000.
func BenchmarkListReport(b *testing.B) {
	s, err := store.Open(b.Context(), filepath.Join(b.TempDir(), "qlhoi.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.Now = func() time.Time { return testNow }
	if err := demo.Generate(b.Context(), s, 1000, 0, 1, nil); err != nil {
		b.Fatal(err)
	}
	m := &reports.Maker{Store: s, Fonts: reports.Embedded(), Now: s.Now}
	b.ReportAllocs()
	for b.Loop() {
		res, err := m.Make(b.Context(), "danh-sach-hoi", reports.Params{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Pages), "pages")
	}
}
