package sheet

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"qlhoi/data"
	"qlhoi/data/store"
)

// Sheet is a list to write as xlsx: a title block, a header and rows. Row values are
// strings, numbers, time.Time (written as real dates shown dd/mm/yyyy) or nil.
type Sheet struct {
	Name    string // the sheet's tab ("Danh sách" when empty)
	Office  string // first line of the title block
	Title   string // "DANH SÁCH CÁC HỘI"
	Note    string // the filters, or other words under the title
	Date    data.Date
	Headers []string
	Rows    [][]any
}

// headerRow is the sheet row of the header (after office, title, date lines and a gap).
const headerRow = 5

// ErrExportFailed is returned when the xlsx file cannot be written.
var ErrExportFailed = &data.Error{Code: "ErrExportFailed", Message: "Không ghi được tệp Excel. Hãy kiểm tra chỗ trống và quyền ghi của thư mục, và đóng tệp nếu đang mở bằng Excel."}

func exportErr(err error) error {
	return &data.Error{Code: ErrExportFailed.Code, Message: ErrExportFailed.Message, Err: err}
}

// Write writes the list to path as xlsx with the streaming writer: title block, bold
// frozen header with an autofilter, widths that fit, dates as real dates. The file is
// written beside path and renamed into place, so a failure leaves no half file.
func Write(path string, sh *Sheet) error { return WriteBook(path, sh) }

// WriteBook writes several lists as the sheets of one workbook, each as Write does.
func WriteBook(path string, sheets ...*Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return exportErr(err)
	}
	for i, sh := range sheets {
		if err := addSheet(f, i, sh, st); err != nil {
			return exportErr(err)
		}
	}
	// excelize names the format by the extension: the temporary file keeps .xlsx.
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp.xlsx")
	if err := f.SaveAs(tmp); err != nil {
		os.Remove(tmp)
		return exportErr(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return exportErr(err)
	}
	return nil
}

func addSheet(f *excelize.File, i int, sh *Sheet, st *styles) error {
	name := sh.Name
	if name == "" {
		name = "Danh sách"
	}
	if i == 0 {
		if err := f.SetSheetName("Sheet1", name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := writeSheet(sw, sh, st); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	ref := fmt.Sprintf("A%d:%s%d", headerRow, colName(max(len(sh.Headers)-1, 0)), len(sh.Rows)+headerRow)
	return f.AutoFilter(name, ref, nil)
}

type styles struct{ title, office, header, date, text int }

func newStyles(f *excelize.File) (*styles, error) {
	var st styles
	var err error
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	dateFmt := "dd/mm/yyyy"
	for _, s := range []struct {
		id    *int
		style *excelize.Style
	}{
		{&st.office, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 12, Family: "Times New Roman"}}},
		{&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Family: "Times New Roman"}, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&st.header, &excelize.Style{Font: &excelize.Font{Bold: true, Family: "Times New Roman"}, Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&st.date, &excelize.Style{Font: &excelize.Font{Family: "Times New Roman"}, CustomNumFmt: &dateFmt, Border: border, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&st.text, &excelize.Style{Font: &excelize.Font{Family: "Times New Roman"}, Border: border, Alignment: &excelize.Alignment{Vertical: "top"}}},
	} {
		if *s.id, err = f.NewStyle(s.style); err != nil {
			return nil, err
		}
	}
	return &st, nil
}

func writeSheet(sw *excelize.StreamWriter, sh *Sheet, st *styles) error {
	for i, w := range widths(sh) {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: fmt.Sprintf("A%d", headerRow+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	lastCol := colName(max(len(sh.Headers)-1, 0))
	title := []struct {
		row   int
		text  string
		style int
	}{{1, sh.Office, st.office}, {2, sh.Title, st.title}, {3, strings.TrimSpace("Ngày xuất: " + sh.Date.String() + ". " + sh.Note), 0}}
	for _, t := range title {
		if err := sw.SetRow(fmt.Sprintf("A%d", t.row), []any{excelize.Cell{StyleID: t.style, Value: t.text}}); err != nil {
			return err
		}
	}
	if err := sw.MergeCell("A2", lastCol+"2"); err != nil {
		return err
	}
	head := make([]any, len(sh.Headers))
	for i, h := range sh.Headers {
		head[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow(fmt.Sprintf("A%d", headerRow), head, excelize.RowOpts{Height: 32}); err != nil {
		return err
	}
	cells := make([]any, len(sh.Headers))
	for r, row := range sh.Rows {
		for i := range cells {
			var v any
			if i < len(row) {
				v = row[i]
			}
			style := st.text
			if _, ok := v.(time.Time); ok {
				style = st.date
			}
			cells[i] = excelize.Cell{StyleID: style, Value: v}
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", headerRow+1+r), cells); err != nil {
			return err
		}
	}
	return nil
}

// widths fits each column to its longest value (header words wrap), within bounds.
func widths(sh *Sheet) []float64 {
	out := make([]float64, len(sh.Headers))
	for i, h := range sh.Headers {
		for _, w := range strings.Fields(h) {
			out[i] = max(out[i], float64(utf8.RuneCountInString(w)))
		}
		out[i] = max(out[i], float64(utf8.RuneCountInString(h))/2)
	}
	for _, row := range sh.Rows {
		for i, v := range row {
			if i >= len(out) {
				break
			}
			n := 0.0
			switch x := v.(type) {
			case string:
				n = float64(utf8.RuneCountInString(x))
			case time.Time:
				n = 10
			case nil:
			default:
				n = float64(len(fmt.Sprint(x)))
			}
			out[i] = max(out[i], n)
		}
	}
	for i := range out {
		out[i] = min(max(out[i]+2, 6), 60)
	}
	return out
}

// officeName is the office line of the title block.
func officeName(ctx context.Context, s *store.Store) string {
	if o, err := s.OwnOffice(ctx); err == nil {
		return strings.ToUpper(o.Name)
	}
	return ""
}

// exportRows writes records through their import bindings, so the file reads back.
func exportRows[T any](bs []binding[T], recs []*T) ([]string, [][]any) {
	var keep []binding[T]
	for _, b := range bs {
		if b.out != nil {
			keep = append(keep, b)
		}
	}
	headers := make([]string, len(keep))
	for i, b := range keep {
		headers[i] = b.Label
	}
	rows := make([][]any, len(recs))
	for r, rec := range recs {
		row := make([]any, len(keep))
		for i, b := range keep {
			row[i] = b.out(rec)
		}
		rows[r] = row
	}
	return headers, rows
}

// ExportAssociations writes the associations the filter selects, with an id column so
// that the file can come back as an update. It returns how many were written.
func ExportAssociations(ctx context.Context, s *store.Store, f store.AssociationFilter, path string) (int, error) {
	f.Offset, f.Limit = 0, 0
	list, _, err := s.FindAssociations(ctx, f)
	if err != nil {
		return 0, err
	}
	// The president and this year's members, as the import reads them back.
	leaders, figs, err := leadersAndFigures(ctx, s, s.Today().Year())
	if err != nil {
		return 0, err
	}
	sh := infoSheet(list, leaders, figs)
	sh.Office, sh.Title, sh.Note, sh.Date = officeName(ctx, s), "DANH SÁCH CÁC HỘI", associationFilterNote(f), s.Today()
	return len(sh.Rows), Write(path, sh)
}

func associationFilterNote(f store.AssociationFilter) string {
	var parts []string
	if f.Query != "" {
		parts = append(parts, "tên có “"+f.Query+"”")
	}
	if f.Scope != "" {
		parts = append(parts, "phạm vi "+f.Scope.Label())
	}
	if f.Field != "" {
		parts = append(parts, "lĩnh vực "+f.Field)
	}
	if f.Status != "" {
		parts = append(parts, "tình trạng "+f.Status.Label())
	}
	if len(parts) == 0 {
		return ""
	}
	return "Lọc theo: " + strings.Join(parts, "; ") + "."
}

// ExportTasks writes the tasks the filter selects with their status on the day.
func ExportTasks(ctx context.Context, s *store.Store, f store.TaskFilter, path string) (int, error) {
	f.Offset, f.Limit = 0, 0
	if f.On.IsZero() {
		f.On = s.Today()
	}
	tasks, _, err := s.FindTasks(ctx, f)
	if err != nil {
		return 0, err
	}
	agencies, err := s.Agencies(ctx)
	if err != nil {
		return 0, err
	}
	names := map[string]string{}
	for _, a := range agencies {
		names[a.ID] = a.Name
	}
	directives, err := s.Directives(ctx)
	if err != nil {
		return 0, err
	}
	numbers := map[string]string{}
	for _, d := range directives {
		numbers[d.ID] = d.Number
	}
	sh := &Sheet{Office: officeName(ctx, s), Title: "DANH SÁCH NHIỆM VỤ", Date: s.Today(),
		Headers: []string{"id", "Văn bản chỉ đạo", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Chu kỳ", "Tiến độ (%)", "Ngày hoàn thành", "Tình trạng", "Kết quả"}}
	for _, t := range tasks {
		var coop []string
		for _, c := range t.Cooperating {
			coop = append(coop, names[c])
		}
		sh.Rows = append(sh.Rows, []any{t.ID, numbers[t.Directive], t.Content, names[t.Lead], strings.Join(coop, "; "), dateValue(t.Deadline), t.Cycle.Label(), t.Percent, dateValue(t.CompletedOn), t.StatusOn(f.On).Label(), t.Result})
	}
	return len(sh.Rows), Write(path, sh)
}

// ExportRegister writes the issued-documents register.
func ExportRegister(ctx context.Context, s *store.Store, path string) (int, error) {
	docs, err := s.IssuedDocuments(ctx)
	if err != nil {
		return 0, err
	}
	sh := &Sheet{Office: officeName(ctx, s), Title: "SỔ ĐĂNG KÝ VĂN BẢN ĐI", Date: s.Today(),
		Headers: []string{"id", "Số", "Số, ký hiệu", "Ngày", "Loại văn bản", "Trích yếu", "Người ký", "Tệp"}}
	for _, d := range docs {
		sh.Rows = append(sh.Rows, []any{d.ID, d.Number, d.Symbol, dateValue(d.Date), d.DocType, d.Subject, d.Signer, filepath.Base(d.FileName)})
	}
	return len(sh.Rows), Write(path, sh)
}

// ExportConflicts writes the open conflicts between offices: which record, its
// competing versions and the one shown.
func ExportConflicts(ctx context.Context, s *store.Store, path string) (int, error) {
	list, err := s.Conflicts(ctx)
	if err != nil {
		return 0, err
	}
	sh := &Sheet{Office: officeName(ctx, s), Title: "DANH SÁCH XUNG ĐỘT DỮ LIỆU GIỮA CÁC ĐƠN VỊ", Date: s.Today(),
		Headers: []string{"id", "Loại bản ghi", "Tên, nội dung", "Các phiên bản", "Phiên bản đang dùng", "Phát hiện lúc"}}
	for _, c := range list {
		name := ""
		if r, err := s.Load(ctx, c.Kind, c.RecordID); err == nil {
			name = data.Title(r)
		}
		sh.Rows = append(sh.Rows, []any{c.RecordID, c.Kind.Label("vi"), name, strings.Join(c.Heads, "; "), c.Winner, c.Detected})
	}
	return len(sh.Rows), Write(path, sh)
}
