// Command barelist is the floor the association list report is measured against: bare
// gofpdf drawing the list's rows (wrapped with SplitText, fixed column fractions, the
// same Liberation Serif) with nothing else: no header, no layout from content, no
// signature.
//
//	barelist -dump DB > rows.tsv   writes the rows as the report prints them
//	barelist -tsv rows.tsv OUT.pdf draws rows read from a file (drawing only)
//	barelist -db DB OUT.pdf        reads the rows from the database, then draws them
//
// bench/report-vs-bare.sh times these against `qlhoictl report danh-sach-hoi`.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifregular"
	"github.com/jung-kurt/gofpdf"

	"qlhoi/data"
	"qlhoi/data/store"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "barelist:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	switch {
	case len(args) == 2 && args[0] == "-dump":
		rows, err := dbRows(args[1])
		if err != nil {
			return err
		}
		w := bufio.NewWriter(stdout)
		for _, r := range rows {
			fmt.Fprintln(w, strings.Join(r, "\t"))
		}
		return w.Flush()
	case len(args) == 3 && args[0] == "-tsv":
		rows, err := tsvRows(args[1])
		if err != nil {
			return err
		}
		return draw(rows, args[2])
	case len(args) == 3 && args[0] == "-db":
		rows, err := dbRows(args[1])
		if err != nil {
			return err
		}
		return draw(rows, args[2])
	}
	return errors.New("usage: barelist -dump DB | -tsv ROWS.tsv OUT.pdf | -db DB OUT.pdf")
}

// dbRows reads the association list's cells as the report writes them (leaders and
// figures are left empty: generated data has none).
func dbRows(path string) ([][]string, error) {
	ctx := context.Background()
	s, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	list, _, err := s.FindAssociations(ctx, store.AssociationFilter{})
	if err != nil {
		return nil, err
	}
	rows := make([][]string, 0, len(list))
	for i, a := range list {
		assigned := ""
		if a.Assigned {
			assigned = "x"
		}
		founding := a.Founding.Number
		if !a.Founding.Date.IsZero() {
			founding += ", " + a.Founding.Date.String()
		}
		term := strconv.Itoa(a.TermStart.Year()) + "–" + strconv.Itoa(a.TermEnd.Year())
		if a.CongressNumber > 0 {
			term = "Lần thứ " + strconv.Itoa(a.CongressNumber) + ": " + term
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), a.Name, a.Scope.Label(), assigned, founding, term, "", "",
			data.FormatInt(int64(a.PartyMembers)), a.Status.Label()})
	}
	return rows, nil
}

func tsvRows(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rows = append(rows, strings.Split(sc.Text(), "\t"))
	}
	return rows, sc.Err()
}

// draw is the bare program: fixed column widths (about those the report measures for
// generated data), the report's size and padding, SplitText, a rectangle per
// cell, the header repeated on each page.
func draw(rows [][]string, out string) error {
	// The report's columns and about the widths it gives them for generated data.
	weights := []float64{10, 77, 13.5, 13, 50, 21, 9.5, 15, 15, 28}
	head := []string{"STT", "Tên hội", "Phạm vi", "Giao nhiệm vụ", "QĐ thành lập (số, ngày)", "Đại hội, nhiệm kỳ", "Chủ tịch hội", "Hội viên (người)", "Đảng viên (người)", "Tình trạng"}
	pdf := gofpdf.New("L", "mm", "A4", "")
	pdf.SetCompression(false)
	pdf.SetCellMargin(0)
	pdf.AddUTF8FontFromBytes("serif", "", liberationserifregular.TTF)
	pdf.AddUTF8FontFromBytes("serif", "B", liberationserifbold.TTF)
	pdf.SetMargins(30, 20, 15)
	pdf.SetAutoPageBreak(false, 20)
	pdf.AddPage()
	var total float64
	for _, x := range weights {
		total += x
	}
	w := make([]float64, len(weights))
	for i, x := range weights {
		w[i] = 252 * x / total
	}
	// The report's table: 11 pt, line height 1.15, cell padding 0.9 × 0.5 mm.
	const size, lh, padX, padY = 11, 11 * 25.4 / 72 * 1.15, 0.9, 0.5
	row := func(cells []string, style string) {
		pdf.SetFont("serif", style, size)
		lines := make([][]string, len(cells))
		nl := 1
		for i, c := range cells {
			lines[i] = pdf.SplitText(c, w[i]-2*padX)
			nl = max(nl, len(lines[i]))
		}
		h := float64(nl)*lh + 2*padY
		if pdf.GetY()+h > 190 {
			pdf.AddPage()
		}
		x, y := 30.0, pdf.GetY()
		for i := range cells {
			pdf.Rect(x, y, w[i], h, "D")
			for j, l := range lines[i] {
				pdf.SetXY(x+padX, y+padY+float64(j)*lh)
				pdf.CellFormat(w[i]-2*padX, lh, l, "", 0, "L", false, 0, "")
			}
			x += w[i]
		}
		pdf.SetY(y + h)
	}
	for i, r := range rows {
		if len(r) != len(weights) {
			return fmt.Errorf("row %d has %d cells, want %d", i+1, len(r), len(weights))
		}
		if i == 0 || pdf.GetY() > 180 {
			row(head, "B")
		}
		row(r, "")
	}
	return pdf.OutputFileAndClose(out)
}
