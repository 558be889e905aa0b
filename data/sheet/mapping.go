package sheet

import (
	"qlhoi/data/sheet/book"

	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
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

// headerKey is the form header texts are compared in: folded, without parentheses and
// punctuation, the two levels of a merged header joined by "/".
func headerKey(s string) string {
	s = data.Fold(s)
	for {
		i := strings.IndexByte(s, '(')
		j := strings.IndexByte(s, ')')
		if i < 0 || j < i {
			break
		}
		s = s[:i] + " " + s[j+1:]
	}
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

// match returns the field key of a header text, or "".
func (m *matcher) match(header string) string {
	k := headerKey(header)
	if k == "" {
		return ""
	}
	if f, ok := m.exact[k]; ok {
		return f
	}
	// "Quyết định thành lập/Số" also as "Số quyết định thành lập" is listed; a header
	// with the same words above and below ("Tên hội/Tên hội") reads as one.
	if top, bottom, ok := strings.Cut(k, "/"); ok {
		if top == bottom {
			return m.exact[top]
		}
		if f, ok := m.exact[bottom+" "+top]; ok {
			return f
		}
	}
	return ""
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
	// Remembered or Overridden tell where the mapping came from.
	Remembered, Overridden bool
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
		for span := 1; span <= 2 && r+span <= len(t.Rows); span++ {
			texts := headerTexts(t, r, span, hint)
			score, hasRequired := 0, false
			seen := map[string]bool{}
			for _, h := range texts {
				if f := m.match(h); f != "" && f != skipKey && !seen[f] {
					seen[f] = true
					score++
					hasRequired = hasRequired || f == required
				}
			}
			if hasRequired && score > bestScore {
				best, bestScore = &header{first: r, rows: span, texts: texts}, score
			}
		}
	}
	if best == nil {
		return nil, book.SheetErr("ErrSheetNoHeader", fmt.Sprintf("Không tìm thấy dòng tiêu đề cột trong %d dòng đầu của trang “%s” (cần ít nhất cột “%s”). Hãy kiểm tra trang tính, hoặc ghép cột bằng tay, ví dụ --map \"Cột B=%s\".", book.HeaderRows, t.Sheet, m.keys[required].Label, required), nil)
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
	for c := 0; c < width; c++ {
		var parts []string
		for i := r; i < r+span; i++ {
			if c < len(t.Rows[i]) {
				v, _ := book.Convert(t.Rows[i][c], hint)
				if v = data.Clean(v); v != "" && (len(parts) == 0 || parts[len(parts)-1] != v) {
					parts = append(parts, v)
				}
			}
		}
		out[c] = strings.Join(parts, " / ")
	}
	return out
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
	cols := make([]Column, len(h.texts))
	for i, text := range h.texts {
		cols[i] = Column{Index: i, Letter: colName(i), Header: text, Field: m.match(text)}
	}
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
				cols[i].Field, cols[i].Remembered = f, true
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
		cols[i].Field, cols[i].Overridden = f, true
	}
	if err := checkDuplicateFields(cols); err != nil {
		return nil, "", err
	}
	for i := range cols {
		cols[i].Label = m.keys[cols[i].Field].Label
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
			return &data.Error{Code: "ErrSheetMapDuplicate", Message: fmt.Sprintf("Hai cột %s và %s cùng ghép vào trường “%s”. Hãy chỉ định lại, ví dụ --map \"Cột %s=-\" để bỏ qua một cột.", other, c.Letter, c.Field, c.Letter)}
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
