package sheet

import (
	"path/filepath"
	"qlhoi/data/sheet/book"

	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"qlhoi/data"
	"qlhoi/data/store"
)

// Action is what the import would do with a row.
type Action string

// Actions.
const (
	Create Action = "them_moi"
	Update Action = "cap_nhat"
	Skip   Action = "bo_qua"
	Fail   Action = "loi"
)

// Label is the Vietnamese name of the action, as the preview shows it.
func (a Action) Label() string {
	switch a {
	case Create:
		return "thêm mới"
	case Update:
		return "cập nhật"
	case Skip:
		return "bỏ qua"
	}
	return "lỗi"
}

// Kinds of spreadsheet import.
const (
	KindHoi     = "hoi"
	KindLeaders = "leaders"
	KindFigures = "figures"
	KindTasks   = "tasks"
)

// Row is the preview of one data row.
type Row struct {
	Line   int // row number in the sheet
	Action Action
	Name   string // what the row is about (association name, leader, task)
	Target string // id of the existing record it updates
	// Changed lists what an update changes, one field each: "Địa chỉ: cũ → mới".
	Changed []string
	// Messages are the errors ("Dòng 12, cột D: …") and notes of the row.
	Messages []string
	// Converted is the legacy encoding the row's text was converted from ("" for none).
	Converted book.Encoding
	// Near names existing records the row nearly matches, NearIDs their ids: the clerk
	// decides (Options.Decisions).
	Near    []string
	NearIDs []string

	creates, updates []data.Record
}

// Note is the preview line about the conversion: "đã chuyển mã TCVN3 → Unicode".
func (r *Row) Note() string {
	if r.Converted == book.Unicode {
		return ""
	}
	return "đã chuyển mã " + string(r.Converted) + " → Unicode"
}

// Options choose what to import and how.
type Options struct {
	Kind      string
	Sheet     string
	Map       map[string]string // --map entries
	Directive string            // the directive tasks belong to
	Limits    book.Limits
	// Year is the year of the figures the sheet's member counts are (0: the year a
	// title row names, "… năm 2025", else this year); Preview.Year says which.
	Year int
	// Decisions settle rows whose name nearly matches an existing association, by sheet
	// row number: DecideNew to add the row as a new association, or the id of the
	// association the row is about (it is then updated).
	Decisions map[int]string
}

// DecideNew is the decision to add a near-duplicate row as a new association.
const DecideNew = "new"

// Preview is what an import would do, row by row, before anything is written.
type Preview struct {
	Kind, File, Sheet string
	Format            string
	Sheets            []book.SheetInfo // every sheet of the workbook, to pick another
	HeaderRow         int              // 1-based first header row
	HeaderRows        int              // 1 or 2
	Columns           []Column
	Rows              []Row
	Counts            map[Action]int
	Notes             []string
	// NewAgencies are agencies a task sheet names that do not exist yet; Apply creates them.
	NewAgencies []string
	// Year is the year the member counts are recorded for, and YearFrom where it came
	// from: "chọn" (Options.Year), "tiêu đề" (a title row) or "năm nay".
	Year     int
	YearFrom string

	mapKey string
	extra  []data.Record // records created before the rows' (new agencies)
}

// ErrSheetKind is returned for an unknown --kind.
var ErrSheetKind = &data.Error{Code: "ErrSheetKind", Message: "Loại dữ liệu nhập phải là hoi, leaders, figures hoặc tasks."}

// kindSpec is what one kind of import knows: its fields and how a row becomes records.
type kindSpec struct {
	fields   []Field
	required string
	// rows turns every data row into a preview row.
	rows func(ctx context.Context, s *store.Store, p *Preview, cells []*rowCells, opts Options) error
}

// Fields lists the fields a kind of import understands, for a mapping screen.
func Fields(kind string) ([]Field, error) {
	k, err := spec(kind)
	if err != nil {
		return nil, err
	}
	return k.fields, nil
}

// SkipField is the field key of a column the clerk chose to leave out.
const SkipField = skipKey

func spec(kind string) (*kindSpec, error) {
	switch kind {
	case KindHoi:
		return hoiSpec(), nil
	case KindLeaders:
		return leaderSpec(), nil
	case KindFigures:
		return figureSpec(), nil
	case KindTasks:
		return taskSpec(), nil
	}
	return nil, ErrSheetKind
}

// PreviewFile reads a spreadsheet and says what importing it would do. It writes nothing.
func PreviewFile(ctx context.Context, s *store.Store, path string, opts Options) (*Preview, error) {
	k, err := spec(opts.Kind)
	if err != nil {
		return nil, err
	}
	if opts.Kind == KindTasks && opts.Directive == "" {
		return nil, errDirectiveRequired
	}
	if opts.Limits == (book.Limits{}) {
		opts.Limits = book.DefaultLimits
	}
	t, err := book.Read(path, opts.Sheet, opts.Limits)
	if err != nil {
		return nil, err
	}
	return previewTable(ctx, s, t, k, opts)
}

func previewTable(ctx context.Context, s *store.Store, t *book.Table, k *kindSpec, opts Options) (*Preview, error) {
	if len(t.Rows) == 0 {
		return nil, book.SheetErr(book.ErrSheetEmpty, fmt.Sprintf("Trang tính “%s” không có dữ liệu.", t.Sheet), nil)
	}
	m := newMatcher(k.fields)
	hint := sheetHint(t, 0)
	h, err := findHeader(t, m, k.required, hint)
	if err != nil {
		return nil, err
	}
	cols, mapKey, err := mapColumns(ctx, s, opts.Kind, h, m, opts.Map)
	if err != nil {
		return nil, err
	}
	p := &Preview{Kind: opts.Kind, File: t.File, Sheet: t.Sheet, Sheets: t.Sheets, Format: t.Format, HeaderRow: h.first + 1, HeaderRows: h.rows,
		Columns: cols, Counts: map[Action]int{}, Notes: t.Notes, mapKey: mapKey}
	for _, c := range cols {
		switch {
		case c.Field == "" && c.Guess != "":
			p.Notes = append(p.Notes, fmt.Sprintf("Cột %s “%s”: có lẽ là “%s”, nhưng chưa chắc nên chưa nhập. Hãy chọn trường cho cột này ở phần ghép cột.", c.Letter, c.Header, c.GuessLabel))
		case c.Field == "" && c.Header != "":
			p.Notes = append(p.Notes, fmt.Sprintf("Cột %s “%s” không ghép được vào trường nào nên không nhập; muốn nhập thì chọn trường cho cột này ở phần ghép cột.", c.Letter, c.Header))
		}
	}
	dates := map[string]bool{}
	for _, f := range k.fields {
		dates[f.Key] = f.Date
	}
	p.Year, p.YearFrom = figuresYear(t, h, opts.Year, s.Today().Year())
	opts.Year = p.Year
	cells, footers := footerRows(dataRows(t, h, cols, dates, hint, opts.Limits), k)
	if len(cells) == 0 {
		return nil, book.SheetErr(book.ErrSheetEmpty, fmt.Sprintf("Trang tính “%s” chỉ có dòng tiêu đề, không có dòng dữ liệu nào.", t.Sheet), nil)
	}
	if err := k.rows(ctx, s, p, cells, opts); err != nil {
		return nil, err
	}
	if len(footers) > 0 {
		p.Rows = append(p.Rows, footers...)
		sort.SliceStable(p.Rows, func(i, j int) bool { return p.Rows[i].Line < p.Rows[j].Line })
	}
	for _, r := range p.Rows {
		p.Counts[r.Action]++
	}
	return p, nil
}

// titleYear finds "năm 2025" in a title row above the header.
var titleYear = regexp.MustCompile(`\bnam (19[5-9][0-9]|20[0-9][0-9])\b`)

// titleDateYear is the year of a date a title gives ("số liệu đến 31/12/2025", "tính
// đến tháng 6/2025"), and nameYear a year standing alone in a sheet's or file's name
// ("DS hoi 2025", "ds-hoi_2025.xlsx").
var (
	titleDateYear = regexp.MustCompile(`\b(?:[0-9]{1,2}[/.-])?[0-9]{1,2}[/.-](19[5-9][0-9]|20[0-9][0-9])\b`)
	nameYear      = regexp.MustCompile(`(?:^|[^0-9])(19[5-9][0-9]|20[0-9][0-9])(?:[^0-9]|$)`)
)

// figuresYear is the year the sheet's figures are for: the one chosen, else the year a
// title row names ("năm 2025", else the year of a date in it), else a year in the
// sheet's or the file's name, else this year. A year after this one is no year of
// figures (a term's end, a plan).
func figuresYear(t *book.Table, h *header, chosen, this int) (int, string) {
	if chosen > 0 {
		return chosen, "chọn"
	}
	titles := t.Rows[:min(h.first, len(t.Rows))]
	for _, re := range []*regexp.Regexp{titleYear, titleDateYear} {
		for _, row := range titles {
			for _, cell := range row {
				if y, ok := yearIn(re, data.Fold(cell), this); ok {
					return y, "tiêu đề"
				}
			}
		}
	}
	for _, name := range []string{t.Sheet, filepath.Base(t.File)} {
		if y, ok := yearIn(nameYear, name, this); ok {
			return y, "tên tệp"
		}
	}
	return this, "năm nay"
}

// yearIn is the last year re finds in s, if it is not after this year.
func yearIn(re *regexp.Regexp, s string, this int) (int, bool) {
	ms := re.FindAllStringSubmatch(s, -1)
	for i := len(ms) - 1; i >= 0; i-- {
		if y, _ := strconv.Atoi(ms[i][1]); y <= this {
			return y, true
		}
	}
	return 0, false
}

// rowCells is one data row, its cells keyed by field, converted to Unicode and cleaned.
type rowCells struct {
	line      int
	vals      map[string]string
	cols      map[string]string // field → column letter
	converted book.Encoding
	errs      []string
	// section is the number of a group heading in a numbering column ("I", "II",
	// "A"): a line "II · Hội cấp huyện" names a group, not an association.
	section string
}

// sectionNumber matches the number of a group heading: a Roman numeral or a letter.
var sectionNumber = regexp.MustCompile(`^([IVXLC]{1,6}|[A-ZĐ])\.?$`)

func (r *rowCells) fail(field, msg string) {
	if col := r.cols[field]; col != "" {
		r.errs = append(r.errs, fmt.Sprintf("Dòng %d, cột %s: %s", r.line, col, msg))
		return
	}
	r.errs = append(r.errs, fmt.Sprintf("Dòng %d: %s", r.line, msg))
}

// numbering matches the column-number row many official tables have under the header:
// "1 2 3 …" or "(1) (2) (3) …".
var numbering = regexp.MustCompile(`^\(?[0-9]{1,2}\)?$`)

// dataRows reads the rows under the header: blank rows and a column-numbering row are
// left out; legacy text is converted, with the sheet's most frequent legacy encoding
// deciding for cells that could be read either way.
func dataRows(t *book.Table, h *header, cols []Column, dates map[string]bool, hint book.Encoding, lim book.Limits) []*rowCells {
	var out []*rowCells
	letters := map[string]string{} // shared by every row: messages name the column and its header
	for _, c := range cols {
		if c.Field != "" && c.Field != skipKey {
			letters[c.Field] = c.Letter
			if h := strings.TrimSpace(c.Header); h != "" {
				letters[c.Field] += " (" + h + ")" // the clerk finds the column by its header
			}
		}
	}
	for i := h.first + h.rows; i < len(t.Rows); i++ {
		raw := t.Rows[i]
		if blank(raw) || (i == h.first+h.rows && isNumbering(raw)) {
			continue
		}
		rc := &rowCells{line: i + 1, vals: make(map[string]string, len(letters)), cols: letters}
		for _, c := range cols {
			if c.Field == skipKey && c.Index < len(raw) && rc.section == "" && sectionNumber.MatchString(strings.TrimSpace(raw[c.Index])) {
				rc.section = strings.TrimSpace(raw[c.Index])
			}
			if c.Field == "" || c.Field == skipKey || c.Index >= len(raw) {
				continue
			}
			v, enc := book.Convert(raw[c.Index], hint)
			if enc != book.Unicode {
				rc.converted = enc
			}
			if utf8.RuneCountInString(v) > lim.MaxCellRunes {
				rc.fail(c.Field, fmt.Sprintf("ô dài quá %d ký tự", lim.MaxCellRunes))
				continue
			}
			if t.Date1904 && dates[c.Field] {
				v = shift1904(v)
			}
			if strings.TrimSpace(v) != "" {
				rc.vals[c.Field] = v // the binding cleans it (one line, or keeping line breaks)
			}
		}
		out = append(out, rc)
	}
	return out
}

// footerRows sets apart the lines under a table that are not records: a total line
// (“Tổng cộng”), a line of at most two cells without the kind's required field or with
// words that end a table in its place (“Người lập biểu”, “Thủ trưởng đơn vị”), and the
// short lines after such a line (the signer's name). They are skipped, each with its
// reason; a line with more data and no required field is still an error.
func footerRows(cells []*rowCells, k *kindSpec) ([]*rowCells, []Row) {
	label := k.required
	for _, f := range k.fields {
		if f.Key == k.required {
			label = strings.ToLower(f.Label)
		}
	}
	var keep []*rowCells
	var footers []Row
	inFooter := false
	for _, rc := range cells {
		req := data.Fold(strings.TrimSpace(rc.vals[k.required]))
		total := totalLine[req]
		short := len(rc.vals) <= 2
		if short && rc.section != "" && len(rc.errs) == 0 {
			footers = append(footers, Row{Line: rc.line, Action: Skip, Messages: []string{fmt.Sprintf("Dòng %d: “%s %s” là tên một nhóm trong bảng, không phải một %s; bỏ qua.", rc.line, rc.section, strings.TrimSpace(rc.vals[k.required]), label)}})
			continue
		}
		footer := total || short && (req == "" || inFooter || endsTable(req))
		if len(rc.errs) > 0 || !footer {
			keep = append(keep, rc)
			continue
		}
		inFooter = true
		var shown []string
		for _, v := range rc.vals {
			shown = append(shown, "“"+strings.TrimSpace(v)+"”")
		}
		sort.Strings(shown)
		msg := fmt.Sprintf("Dòng %d: chỉ có %s, không phải một %s; coi là dòng cuối bảng (người lập biểu, chữ ký, ghi chú) và bỏ qua.", rc.line, strings.Join(shown, ", "), label)
		if total {
			msg = fmt.Sprintf("Dòng %d: dòng tổng cộng, bỏ qua.", rc.line)
		}
		footers = append(footers, Row{Line: rc.line, Action: Skip, Messages: []string{msg}})
	}
	return keep, footers
}

// signingDate matches the place-and-date line of a signature block, folded.
var signingDate = regexp.MustCompile(`(^|[ ,])ngay[ .…0-9]*thang[ .…0-9]*nam( |$)`)

// totalLine are the folded words of a total line.
var totalLine = map[string]bool{"tong cong": true, "cong": true, "tong": true, "tong so": true}

// endsTable tells whether folded text is what stands under a table in an office's
// lists: the preparer, the head, the recipients, a note.
func endsTable(folded string) bool {
	if signingDate.MatchString(folded) {
		return true // "Quảng Trị, ngày 10 tháng 3 năm 2024"
	}
	for _, p := range []string{"nguoi lap", "thu truong", "noi nhan", "ghi chu", "xac nhan", "tm.", "kt.", "q. ", "truong ban", "chu tich"} {
		if strings.HasPrefix(folded, p) {
			return true
		}
	}
	return false
}

// shift1904 turns a serial day of the 1904 date system into the 1900 system's.
func shift1904(v string) string {
	if !serialDate.MatchString(strings.TrimSpace(v)) {
		return v
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return v
	}
	return strconv.FormatFloat(n+1462, 'f', -1, 64)
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func isNumbering(row []string) bool {
	n := 0
	for _, c := range row {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if !numbering.MatchString(c) {
			return false
		}
		n++
	}
	return n >= 2
}

// sheetHint is the legacy encoding most cells of the sheet are in, if legacy cells
// outnumber cells that are plainly Unicode.
func sheetHint(t *book.Table, from int) book.Encoding {
	counts := map[book.Encoding]int{}
	for _, row := range t.Rows[min(from, len(t.Rows)):] {
		if counts[book.Unicode] > 1000 && counts[book.TCVN3]+counts[book.VNI] == 0 {
			break // a Unicode sheet: no need to look at every cell
		}
		for _, c := range row {
			if _, _, isUnicode := book.LegacyEvidence(c); isUnicode {
				counts[book.Unicode]++
			} else if book.HasHigh(c) {
				counts[book.Detect(c, book.Unicode)]++
			}
		}
	}
	best := book.Unicode
	for _, e := range []book.Encoding{book.TCVN3, book.VNI} {
		if counts[e] > counts[book.Unicode] && counts[e] > counts[best] {
			best = e
		}
	}
	return best
}

// bind applies the row's cells to rec through the bindings; blank cells are left alone.
func bind[T any](rc *rowCells, bs []binding[T], rec *T) {
	for _, b := range bs {
		if v, ok := rc.vals[b.Key]; ok {
			if err := b.set(rec, v); err != nil {
				rc.fail(b.Key, err.Error())
			}
		}
	}
}

// change is one field an update changes, old → new.
type change struct{ Label, Old, New string }

func (c change) String() string {
	shown := func(v string) string {
		if strings.TrimSpace(v) == "" {
			return "(trống)"
		}
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return data.FormatInt(n)
		}
		return data.Shorten(strings.ReplaceAll(v, "\n", " "), 60)
	}
	return c.Label + ": " + shown(c.Old) + " → " + shown(c.New)
}

// changes lists the fields whose value differs between a and b, old → new.
func changes[T any](bs []binding[T], a, b *T) []change {
	var out []change
	for _, f := range bs {
		if x, y := f.get(a), f.get(b); x != y {
			out = append(out, change{f.Label, x, y})
		}
	}
	return out
}

// describe is how the preview shows changes: "Địa chỉ: cũ → mới".
func describe(cs []change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.String()
	}
	return out
}

// problems turns a record's rule errors into row messages naming the column.
func problems(rc *rowCells, err error, fieldOf func(string) string) {
	if err == nil {
		return
	}
	var list data.Problems
	if p, ok := err.(data.Problems); ok {
		list = p
	}
	if len(list) == 0 {
		rc.fail("", data.Message(err))
		return
	}
	for _, e := range list {
		rc.fail(fieldOf(e.Field), e.Message)
	}
}

// finish makes the preview row from the row's cells and the outcome.
func finish(p *Preview, rc *rowCells, r Row) {
	r.Line, r.Converted = rc.line, rc.converted
	if len(rc.errs) > 0 {
		r.Action, r.creates, r.updates = Fail, nil, nil
		r.Messages = append(rc.errs, r.Messages...)
	}
	p.Rows = append(p.Rows, r)
}

// Apply writes the rows to add and update in one transaction, after an automatic
// backup; rows with errors and rows to skip are not written. The column mapping the
// clerk chose is remembered for the next file with the same columns.
func (p *Preview) Apply(ctx context.Context, s *store.Store) (*store.SheetImport, error) {
	b := store.SheetBatch{File: p.File, Kind: p.Kind, Creates: append([]data.Record(nil), p.extra...), Counts: map[string]int{}}
	for _, r := range p.Rows {
		b.Creates = append(b.Creates, r.creates...)
		b.Updates = append(b.Updates, r.updates...)
	}
	for a, n := range p.Counts {
		b.Counts[string(a)] = n
	}
	if len(b.Creates)+len(b.Updates) == 0 {
		return nil, &data.Error{Code: "ErrSheetNothingToApply", Message: "Không có dòng nào để thêm mới hay cập nhật; cơ sở dữ liệu không thay đổi."}
	}
	imp, err := s.ApplySheet(ctx, b)
	if err != nil {
		return nil, err
	}
	if err := rememberMapping(ctx, s, p.mapKey, p.Columns); err != nil {
		return imp, err
	}
	return imp, nil
}
