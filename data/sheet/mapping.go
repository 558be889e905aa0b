package sheet

import (
	"qlhoi/data/sheet/book"

	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"qlhoi/data"
	"qlhoi/data/store"
)

// Field is a column a kind of import understands: its key (for --map), its Vietnamese
// label, and the header names it is recognised by (diacritics optional).
type Field struct {
	Key   string
	Label string
	Names []string
	Date  bool // the field holds a day (an Excel serial number is read as one)
}

// skipKey maps a column to nothing (STT, or a column the clerk wants ignored).
const skipKey = "-"

// headerKey is the form header texts are compared in: folded, without punctuation,
// the levels of a merged header joined by "/".
func headerKey(s string) string {
	s = data.Fold(s) // parentheses are punctuation: "Nhiệm kỳ (từ ngày)" says from
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 && !strings.HasSuffix(b.String(), "/") {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '/':
			b.WriteByte('/')
			space = false
		default:
			space = true
		}
	}
	return strings.Trim(b.String(), "/ ")
}

// withoutParentheses drops the parenthesised parts of a text.
func withoutParentheses(s string) string {
	for {
		i := strings.IndexByte(s, '(')
		j := strings.IndexByte(s, ')')
		if i < 0 || j < i {
			return s
		}
		s = s[:i] + " " + s[j+1:]
	}
}

// matcher finds the field of a header text.
type matcher struct {
	exact map[string]string // header key → field key
	keys  map[string]Field
}

func newMatcher(fields []Field) *matcher {
	m := &matcher{exact: map[string]string{}, keys: map[string]Field{}}
	for _, f := range fields {
		m.keys[f.Key] = f
		m.exact[headerKey(f.Key)] = f.Key
		m.exact[headerKey(f.Label)] = f.Key
		for _, n := range f.Names {
			m.exact[headerKey(n)] = f.Key
		}
	}
	for _, n := range []string{"STT", "TT", "Số TT", "Số thứ tự"} {
		m.exact[headerKey(n)] = skipKey
	}
	return m
}

// match returns the field key of a header text and whether it is sure: a known
// spelling is sure; otherwise the header's words are weighed against the vocabulary
// (meaning.go), and a field they only may mean comes back unsure, as a guess.
func (m *matcher) match(header string) (string, bool) {
	k := headerKey(header)
	if k == "" {
		return "", false
	}
	if f, ok := m.exact[k]; ok {
		return f, true
	}
	// A unit or a remark in parentheses: "Kinh phí hỗ trợ (đồng)".
	if f, ok := m.exact[headerKey(withoutParentheses(header))]; ok {
		return f, true
	}
	// "Quyết định thành lập/Số" also as "Số quyết định thành lập" is listed; a header
	// with the same words above and below ("Tên hội/Tên hội") reads as one.
	if top, bottom, ok := strings.Cut(k, "/"); ok {
		if top == bottom {
			if f, ok := m.exact[top]; ok {
				return f, true
			}
		}
		if f, ok := m.exact[bottom+" "+top]; ok {
			return f, true
		}
	}
	g, sure := bestGuess(k, m.keys)
	return g.field, sure
}

// resolve reads the right-hand side of a --map entry: a field key, a label or a known
// header name, or "-" / "bỏ qua" to ignore the column.
func (m *matcher) resolve(s string) (string, bool) {
	k := headerKey(s)
	switch k {
	case "", "bo qua", "skip", "khong nhap":
		return skipKey, true
	}
	if strings.TrimSpace(s) == skipKey {
		return skipKey, true
	}
	if _, ok := m.keys[strings.TrimSpace(s)]; ok {
		return strings.TrimSpace(s), true
	}
	f, ok := m.exact[k]
	return f, ok
}

// Column is how one column of the sheet is read.
type Column struct {
	Index  int
	Letter string
	Header string
	Field  string // field key, skipKey, or "" when not recognised
	Label  string
	// Guess is the field the header may mean when that is not sure (a weak sense no
	// neighbour confirms, a tie, or a field another column says better): it is offered
	// to the clerk as a question and not imported until confirmed.
	Guess, GuessLabel string
	// Remembered or Overridden tell where the mapping came from.
	Remembered, Overridden bool
}

// guessColumns maps each header text to its field: sure mappings are kept; a weak
// one is made sure by a neighbour (two columns on either side) holding a field it
// names; when two columns say one field, the one that says it better keeps it and the
// other is left as a question.
func guessColumns(texts []string, m *matcher) []Column {
	cols := make([]Column, len(texts))
	exact := make([]bool, len(texts))
	for i, text := range texts {
		cols[i] = Column{Index: i, Letter: colName(i), Header: text}
		f, ok := m.match(text)
		if ok {
			cols[i].Field = f
			_, exact[i] = m.exact[headerKey(text)]
		} else {
			cols[i].Guess = f
		}
	}
	// Weak senses confirm each other too: "Số QĐ", "Ngày QĐ", "Cơ quan ban hành" side
	// by side are the founding decision's.
	weak := func(i int) bool {
		for _, sn := range vocabulary[cols[i].Guess] {
			if len(sn.near) > 0 && sn.score(headerWords(headerKey(texts[i]))) > 0 && nearField(cols, i, sn.near) {
				return true
			}
		}
		return false
	}
	confirmed := make([]bool, len(cols))
	for i := range cols {
		confirmed[i] = cols[i].Guess != "" && weak(i)
	}
	for i := range cols {
		if confirmed[i] {
			cols[i].Field, cols[i].Guess = cols[i].Guess, ""
		}
	}
	claimed := map[string]int{}
	for i, c := range cols {
		if c.Field == "" || c.Field == skipKey {
			continue
		}
		j, taken := claimed[c.Field]
		if !taken {
			claimed[c.Field] = i
			continue
		}
		// A known spelling wins over a meaning; else the first column keeps it.
		if exact[i] && !exact[j] {
			claimed[c.Field] = i
			cols[j].Guess, cols[j].Field = cols[j].Field, ""
			continue
		}
		cols[i].Guess, cols[i].Field = c.Field, ""
	}
	return cols
}

// nearField tells whether a column within two of i holds, or may hold, one of fields.
func nearField(cols []Column, i int, fields []string) bool {
	for j := max(0, i-2); j <= min(len(cols)-1, i+2); j++ {
		if j != i && (slices.Contains(fields, cols[j].Field) || slices.Contains(fields, cols[j].Guess)) {
			return true
		}
	}
	return false
}

// header is the header found in a sheet.
type header struct {
	first, rows int // 0-based row of the header and how many rows it spans (1 or 2)
	texts       []string
}

// findHeader looks for the header in the first rows: the row (or two rows, for a
// merged two-level header) whose texts match most fields. required must be among them.
func findHeader(t *book.Table, m *matcher, required string, hint book.Encoding) (*header, error) {
	var best *header
	bestScore := 0
	for r := 0; r < min(book.HeaderRows, len(t.Rows)); r++ {
		for span := 1; span <= 3 && r+span <= len(t.Rows); span++ {
			texts := headerTexts(t, r, span, hint)
			score, hasRequired := 0, false
			seen := map[string]bool{}
			for _, h := range texts {
				if f, _ := m.match(h); f != "" && f != skipKey && !seen[f] {
					seen[f] = true
					score++
					hasRequired = hasRequired || f == required
				}
			}
			// On a tie the header with fewer rows wins: a blank or title row above it,
			// or a first data row under it, adds no field.
			if hasRequired && (score > bestScore || score == bestScore && span < best.rows) {
				best, bestScore = &header{first: r, rows: span, texts: texts}, score
			}
		}
	}
	if best != nil {
		// A header merged down over more rows than its words (a title cell over two
		// rows beside a two-row group) repeats its texts below: those rows are header.
		for next := best.first + best.rows; next < len(t.Rows) && repeatsAbove(t, next); next++ {
			best.rows++
		}
	}
	if best == nil {
		return nil, book.SheetErr("ErrSheetNoHeader", fmt.Sprintf("Không tìm thấy dòng tiêu đề cột trong %d dòng đầu của trang “%s” (cần ít nhất cột “%s”). Hãy kiểm tra trang tính: dòng tiêu đề phải có cột tên (ví dụ “Tên hội”).", book.HeaderRows, t.Sheet, m.keys[required].Label), nil)
	}
	return best, nil
}

// headerTexts joins the header cells of rows r..r+span-1 column by column: the upper
// and lower texts of a two-level header become "upper / lower". Legacy text is converted.
func headerTexts(t *book.Table, r, span int, hint book.Encoding) []string {
	width := 0
	for i := r; i < r+span; i++ {
		width = max(width, len(t.Rows[i]))
	}
	out := make([]string, width)
	title := make([]bool, span)
	for i := r; i < r+span; i++ {
		title[i-r] = span > 1 && isTitleRow(t.Rows[i])
	}
	cellAt := func(i, c int) string {
		if c < len(t.Rows[i]) && !title[i-r] {
			return t.Rows[i][c]
		}
		return ""
	}
	// A parent written once over its children without merging (a CSV, or "centre
	// across selection") stands over the empty cells to its right whose lower cells
	// hold text, as a reader takes it.
	carried := make([][]string, span)
	for i := r; i < r+span; i++ {
		carried[i-r] = make([]string, width)
		parent := ""
		for c := 0; c < width; c++ {
			v := cellAt(i, c)
			below := i+1 < r+span && strings.TrimSpace(cellAt(i+1, c)) != ""
			switch {
			case strings.TrimSpace(v) != "":
				parent = ""
				if below {
					parent = v
				}
			case below && parent != "":
				v = parent
			default:
				parent = ""
			}
			carried[i-r][c] = v
		}
	}
	for c := 0; c < width; c++ {
		var parts []string
		for i := r; i < r+span; i++ {
			if v := carried[i-r][c]; v != "" {
				v, _ := book.Convert(v, hint)
				if v = data.Clean(v); v != "" && (len(parts) == 0 || parts[len(parts)-1] != v) {
					parts = append(parts, v)
				}
			}
		}
		out[c] = strings.Join(parts, " / ")
	}
	return out
}

// repeatsAbove tells whether every filled cell of row r holds the text of the cell
// above it: the lower part of merged header cells, which fillMerged copied down.
func repeatsAbove(t *book.Table, r int) bool {
	filled := 0
	for c, v := range t.Rows[r] {
		if strings.TrimSpace(v) == "" {
			continue
		}
		if c >= len(t.Rows[r-1]) || t.Rows[r-1][c] != v {
			return false
		}
		filled++
	}
	return filled > 0
}

// isTitleRow tells whether a row above a header is a title merged across the table
// (one text in every filled cell, three or more), which belongs to no column.
func isTitleRow(row []string) bool {
	counts := map[string]int{}
	filled := 0
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			counts[v]++
			filled++
		}
	}
	for v, n := range counts {
		if n >= 3 && n == filled {
			return true
		}
		// One text alone, long or a title's own words ("DANH SÁCH …"), written in one
		// cell rather than merged: a group's parent is a few words.
		if n == filled && (len(strings.Fields(v)) >= 6 || isTitleText(v)) {
			return true
		}
	}
	return false
}

// isTitleText tells whether a text opens a document's title.
func isTitleText(v string) bool {
	f := data.Fold(v)
	for _, p := range []string{"danh sach", "bao cao", "bieu ", "tong hop", "thong ke", "kem theo"} {
		if strings.HasPrefix(f, p) || strings.HasPrefix(f, "("+p) {
			return true
		}
	}
	return false
}

// columnSetKey names a set of header texts, to remember the mapping the clerk chose.
func columnSetKey(kind string, texts []string) string {
	keys := make([]string, len(texts))
	for i, h := range texts {
		keys[i] = headerKey(h)
	}
	sum := sha256.Sum256([]byte(kind + "\x00" + strings.Join(keys, "\x00")))
	return "sheet.map." + kind + "." + hex.EncodeToString(sum[:8])
}

// ParseMap reads --map entries: "Cột E=term_end; F=-; Tên tổ chức=name". The left side
// is a column letter (with or without "Cột") or a header text.
func ParseMap(specs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, spec := range specs {
		for _, part := range strings.Split(spec, ";") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			left, right, ok := strings.Cut(part, "=")
			if !ok || strings.TrimSpace(left) == "" {
				return nil, &data.Error{Code: "ErrSheetMapInvalid", Message: fmt.Sprintf("Ghép cột “%s” không đúng dạng. Ví dụ đúng: --map \"Cột E=term_end; Cột F=-\".", part)}
			}
			out[strings.TrimSpace(left)] = strings.TrimSpace(right)
		}
	}
	return out, nil
}

// mapColumns decides the field of every column: recognised header names first, then the
// mapping remembered for this column set, then the clerk's --map.
func mapColumns(ctx context.Context, s *store.Store, kind string, h *header, m *matcher, overrides map[string]string) ([]Column, string, error) {
	cols := guessColumns(h.texts, m)
	setKey := columnSetKey(kind, h.texts)
	remembered := map[string]string{}
	if s != nil {
		v, err := s.Setting(ctx, setKey)
		if err != nil {
			return nil, "", err
		}
		if v != "" && json.Unmarshal([]byte(v), &remembered) != nil {
			remembered = map[string]string{}
		}
	}
	for left, right := range remembered {
		if i := colIndex(left); i >= 0 && i < len(cols) {
			if f, ok := m.resolve(right); ok {
				cols[i].Field, cols[i].Guess, cols[i].Remembered = f, "", true
			}
		}
	}
	for left, right := range overrides {
		i := overrideColumn(left, cols)
		if i < 0 {
			return nil, "", &data.Error{Code: "ErrSheetMapInvalid", Message: fmt.Sprintf("Ghép cột: không có cột “%s” trong dòng tiêu đề.", left)}
		}
		f, ok := m.resolve(right)
		if !ok {
			return nil, "", &data.Error{Code: "ErrSheetMapInvalid", Message: fmt.Sprintf("Ghép cột: không có trường “%s”. Các trường có: %s.", right, fieldKeys(m))}
		}
		cols[i].Field, cols[i].Guess, cols[i].Overridden = f, "", true
		// The clerk's choice wins: a column the field was matched to automatically
		// gives it up and becomes a question.
		for j := range cols {
			if j != i && f != skipKey && cols[j].Field == f && !cols[j].Overridden {
				cols[j].Field, cols[j].Guess = "", f
			}
		}
	}
	for i := range cols {
		cols[i].Label = m.keys[cols[i].Field].Label
		cols[i].GuessLabel = m.keys[cols[i].Guess].Label
	}
	if err := checkDuplicateFields(cols); err != nil {
		return nil, "", err
	}
	return cols, setKey, nil
}

func overrideColumn(left string, cols []Column) int {
	l := strings.TrimSpace(left)
	if f := data.Fold(l); strings.HasPrefix(f, "cot ") {
		l = strings.TrimSpace(l[len(l)-len(f)+len("cot "):])
	}
	if i := colIndex(l); i >= 0 && i < len(cols) {
		return i
	}
	for i, c := range cols {
		if headerKey(c.Header) == headerKey(left) {
			return i
		}
	}
	return -1
}

func checkDuplicateFields(cols []Column) error {
	seen := map[string]string{}
	for _, c := range cols {
		if c.Field == "" || c.Field == skipKey {
			continue
		}
		if other, ok := seen[c.Field]; ok {
			return &data.Error{Code: "ErrSheetMapDuplicate", Message: fmt.Sprintf("Hai cột %s và %s cùng ghép vào trường “%s”. Hãy chọn “bỏ qua” cho một trong hai cột.", other, c.Letter, c.Label)}
		}
		seen[c.Field] = c.Letter
	}
	return nil
}

func fieldKeys(m *matcher) string {
	var keys []string
	for k := range m.keys {
		keys = append(keys, k)
	}
	store.SortVietnamese(keys, func(s string) string { return s })
	return strings.Join(keys, ", ")
}

// rememberMapping stores the clerk's choices for this column set, after a successful
// import.
func rememberMapping(ctx context.Context, s *store.Store, key string, cols []Column) error {
	chosen := map[string]string{}
	for _, c := range cols {
		if c.Overridden || c.Remembered {
			chosen[c.Letter] = c.Field
		}
	}
	if len(chosen) == 0 {
		return nil
	}
	b, err := json.Marshal(chosen)
	if err != nil {
		return err
	}
	return s.SetSetting(ctx, key, string(b))
}
