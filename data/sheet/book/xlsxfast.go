package book

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"qlhoi/data"
)

// readXLSXFast reads one sheet of an xlsx file without excelize. It fails with a
// message for the user (a limit, a sheet not found, a damaged part: excelize would
// read what it can of that) or errFallback, for a part it does not read.
func readXLSXFast(file, sheetName string, lim Limits) (*Table, error) {
	t, err := readXLSXParts(file, sheetName, lim)
	if errors.Is(err, errTextTooLong) {
		return nil, SheetErr(ErrSheetTooLarge, fmt.Sprintf("Tệp %s có một ô dài hơn 1 MB chữ (một ô Excel chứa nhiều nhất khoảng 32.000 ký tự): tệp bị hỏng hoặc không phải danh sách. Hãy mở lại bằng Excel hoặc LibreOffice, kiểm tra rồi lưu lại.", filepath.Base(file)), nil)
	}
	if errors.Is(err, errTooDeep) {
		return nil, SheetErr(ErrSheetUnreadable, fmt.Sprintf("Tệp %s bị hỏng (cấu trúc bên trong lồng quá sâu), không đọc được. Hãy mở lại bằng Excel hoặc LibreOffice, lưu thành .xlsx rồi nhập lại.", filepath.Base(file)), nil)
	}
	var msg *data.Error
	if err != nil && !errors.Is(err, errFallback) && !errors.As(err, &msg) {
		return nil, SheetErr(ErrSheetUnreadable, fmt.Sprintf("Tệp %s bị hỏng, không đọc được. Hãy mở lại bằng Excel hoặc LibreOffice, lưu thành .xlsx rồi nhập lại.", filepath.Base(file)), err)
	}
	return t, err
}

func readXLSXParts(file, sheetName string, lim Limits) (*Table, error) {
	z, err := zip.OpenReader(file)
	if err != nil {
		return nil, errFallback
	}
	defer z.Close()
	wb, err := readWorkbook(&z.Reader)
	if err != nil {
		return nil, err
	}
	t := &Table{File: file, Format: "xlsx", Date1904: wb.date1904}
	for _, s := range wb.sheets {
		t.Sheets = append(t.Sheets, SheetInfo{Name: s.name, Hidden: s.hidden})
	}
	if t.Sheet, err = chooseSheet(t, sheetName); err != nil {
		return nil, err
	}
	var part string
	for _, s := range wb.sheets {
		if s.name == t.Sheet {
			part = s.part
		}
	}
	sst, err := readSharedStrings(&z.Reader, file, lim)
	if err != nil {
		return nil, err
	}
	fonts := readLegacyFonts(&z.Reader)
	f, err := z.Open(part)
	if err != nil {
		return nil, errFallback
	}
	defer f.Close()
	merged, err := readWorksheet(newXMLScan(io.LimitReader(f, lim.MaxUnpacked)), t, sst, fonts, lim)
	if err != nil {
		return nil, err
	}
	fillMerged(t, merged)
	return t, nil
}

type mergeRange struct{ c1, r1, c2, r2 int }

// maxMerges bounds the merged ranges kept of a sheet.
const maxMerges = 10_000

// maxCellBytes bounds the text of one cell however it is split (runs, comments,
// entities): an Excel cell holds at most 32,767 characters; what is beyond is dropped
// and the cell, longer than MaxCellRunes, is refused with its row.
const maxCellBytes = 128 << 10

// appendBounded appends text to b up to maxCellBytes.
func appendBounded(b, text []byte) []byte {
	if room := maxCellBytes - len(b); room < len(text) {
		text = text[:max(room, 0)]
	}
	return append(b, text...)
}

type workbookSheet struct {
	name, part string
	hidden     bool
}

type workbook struct {
	sheets   []workbookSheet
	date1904 bool
}

// readWorkbook lists the sheets of xl/workbook.xml with the worksheet part of each.
func readWorkbook(z *zip.Reader) (*workbook, error) {
	var wb struct {
		Pr *struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
			RID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
			Type   string `xml:"Type,attr"`
		} `xml:"Relationship"`
	}
	if !readXML(z, "xl/workbook.xml", &wb) || !readXML(z, "xl/_rels/workbook.xml.rels", &rels) {
		return nil, errFallback
	}
	out := &workbook{}
	if wb.Pr != nil && wb.Pr.Date1904 != "" {
		v, err := strconv.ParseBool(strings.TrimSpace(wb.Pr.Date1904))
		if err != nil {
			return nil, errFallback
		}
		out.date1904 = v
	}
	for _, s := range wb.Sheets {
		part := ""
		for _, r := range rels.Rel {
			if r.ID == s.RID && strings.HasSuffix(r.Type, "/worksheet") {
				part = path.Join("xl", r.Target)
				if strings.HasPrefix(r.Target, "/") {
					part = path.Clean(strings.TrimPrefix(r.Target, "/"))
				}
			}
		}
		if part == "" || s.Name == "" {
			return nil, errFallback // a chart sheet, or a sheet without its part
		}
		out.sheets = append(out.sheets, workbookSheet{name: s.Name, part: part, hidden: s.State != "" && s.State != "visible"})
	}
	return out, nil
}

func readXML(z *zip.Reader, name string, v any) bool {
	f, err := z.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	return xml.NewDecoder(io.LimitReader(f, 16<<20)).Decode(v) == nil
}

// readSharedStrings reads xl/sharedStrings.xml, the table that cells of type "s" index.
func readSharedStrings(z *zip.Reader, file string, lim Limits) ([]string, error) {
	f, err := z.Open("xl/sharedStrings.xml")
	if err != nil {
		return nil, nil // no shared strings: a cell indexing one is left to excelize
	}
	defer f.Close()
	sc := newXMLScan(io.LimitReader(f, lim.MaxUnpacked))
	var (
		out  []string
		path codePath
		text richText
	)
	for {
		if err := sc.next(); err != nil {
			return nil, err
		}
		top := path.top()
		switch sc.kind {
		case tokEOF:
			return out, nil
		case tokStart:
			code := byte('x')
			switch {
			case top == 0:
				code = 'S'
			case string(sc.name) == "si" && top == 'S':
				code = 'i'
				text.reset()
			default:
				if code, err = text.open(sc.name, top); err != nil {
					return nil, err
				}
			}
			if !sc.empty {
				path = append(path, code)
			} else if code == 'i' {
				out = append(out, "")
			}
		case tokEnd:
			path = path[:len(path)-1]
			if top == 'i' {
				if len(out) >= lim.MaxCells {
					return nil, SheetErr(ErrSheetTooMany, fmt.Sprintf("Tệp %s có quá %s ô văn bản. Hãy tách thành nhiều tệp nhỏ hơn.", filepath.Base(file), data.FormatInt(int64(lim.MaxCells))), nil)
				}
				out = append(out, text.String())
			}
		case tokText:
			text.Add(top, sc.text)
		}
	}
}

// richText gathers the text of a shared string (<si>, code 'i') or an inline string
// (<is>, code 'i') as excelize joins it: its direct <t> (code 't'), then the <t> of each
// run <r> (codes 'r' and 'u'); phonetic runs (<rPh>) are left out.
type richText struct {
	t, r        []byte
	haveT, runT bool
}

func (x *richText) reset() { *x = richText{t: x.t[:0], r: x.r[:0]} }

// open gives the code of an element opened inside the string (top is its parent's
// code); 'x' for one whose text does not count.
func (x *richText) open(name []byte, top byte) (byte, error) {
	switch {
	case top == 't' || top == 'u':
		return 0, errFallback // markup inside text
	case top == 'i' && string(name) == "t":
		if x.haveT {
			return 0, errFallback
		}
		x.haveT = true
		return 't', nil
	case top == 'i' && string(name) == "r":
		x.runT = false
		return 'r', nil
	case top == 'r' && string(name) == "t":
		if x.runT {
			return 0, errFallback
		}
		x.runT = true
		return 'u', nil
	}
	return 'x', nil
}

func (x *richText) Add(top byte, text []byte) {
	switch top {
	case 't':
		x.t = appendBounded(x.t, text)
	case 'u':
		x.r = appendBounded(x.r, text)
	}
}

func (x *richText) String() string { return bstrUnmarshal(string(x.t) + string(x.r)) }

// cellState is what a worksheet's current cell has shown so far.
type cellState struct {
	col          int
	typ          string
	v            []byte
	text         richText
	haveV, isSet bool
	font         legacyFont
}

// value is the cell's text, as excelize gives it with RawCellValue.
func (c *cellState) value(sst []string) (string, error) {
	switch c.typ {
	case "s":
		if len(c.v) == 0 {
			return "", nil
		}
		i, err := strconv.Atoi(strings.TrimSpace(string(c.v)))
		if err != nil || i < 0 || i >= len(sst) {
			return "", errFallback
		}
		return sst[i], nil
	case "inlineStr":
		if c.isSet {
			return c.text.String(), nil
		}
	}
	return string(c.v), nil
}

// codePath is the codes of the open elements, from the root down.
type codePath []byte

// top is the code of the innermost open element (0 outside the root).
func (p codePath) top() byte {
	if len(p) == 0 {
		return 0
	}
	return p[len(p)-1]
}

// sheetPart is what reading a worksheet part holds between elements.
type sheetPart struct {
	t      *Table
	sst    []string
	lim    Limits
	merged []mergeRange
	row    []string           // the row being read
	rowNum int                // its number
	last   int                // the column of its last cell
	n      tally              // cells and text so far
	fonts  map[int]legacyFont // cell styles whose font says how legacy text is typed
	merges map[mergeRange]bool
	c      cellState
	done   bool // the sheetData element ended: excelize reads no other
}

// readWorksheet reads the rows of a worksheet part into t and returns its merged ranges.
func readWorksheet(sc *xmlScan, t *Table, sst []string, fonts map[int]legacyFont, lim Limits) ([]mergeRange, error) {
	w := &sheetPart{t: t, sst: sst, lim: lim, fonts: fonts}
	var path codePath
	for {
		if err := sc.next(); err != nil {
			return nil, err
		}
		top := path.top()
		switch sc.kind {
		case tokEOF:
			return w.merged, nil
		case tokText:
			if top == 'v' {
				w.c.v = appendBounded(w.c.v, sc.text)
			} else {
				w.c.text.Add(top, sc.text)
			}
			continue
		case tokEnd:
			path = path[:len(path)-1]
		case tokStart:
			code, err := w.start(sc, top, len(path))
			if err != nil {
				return nil, err
			}
			if !sc.empty {
				path = append(path, code)
				continue
			}
			top = code // an empty element starts and ends here
		}
		if err := w.end(top); err != nil {
			return nil, err
		}
	}
}

// start reads an element's start tag (its parent's code is top, depth elements are
// open) and returns the element's code.
func (w *sheetPart) start(sc *xmlScan, top byte, depth int) (byte, error) {
	name := string(sc.name) // no allocation: compared only
	switch {
	case top == 'v':
		return 0, errFallback // markup inside a value
	case top == 'i' || top == 'r' || top == 't' || top == 'u':
		return w.c.text.open(sc.name, top)
	case name == "sheetData" && depth == 1 && !w.done:
		return 'D', nil
	case name == "row" && top == 'D':
		return 'R', w.startRow(attr(sc.attrs, "r"))
	case name == "c" && top == 'R':
		err := w.startCell(attr(sc.attrs, "r"), string(attr(sc.attrs, "t")))
		if st := attr(sc.attrs, "s"); st != nil && w.fonts != nil {
			if i, e := strconv.Atoi(string(st)); e == nil {
				w.c.font = w.fonts[i]
			}
		}
		return 'c', err
	case name == "v" && top == 'c':
		if w.c.haveV {
			return 0, errFallback
		}
		w.c.haveV = true
		return 'v', nil
	case name == "is" && top == 'c':
		if w.c.isSet {
			return 0, errFallback
		}
		w.c.isSet = true
		return 'i', nil
	case top == 'D' || top == 'R':
		return 0, errFallback // rows hold rows and cells only
	case name == "dimension" && depth == 1:
		return 'x', checkDimension(w.t, attr(sc.attrs, "ref"), w.lim)
	case name == "mergeCell":
		// Only a header's merges matter (fillMerged); a file cannot make millions
		// of them cost anything: the rest are skipped, duplicates once, at most
		// maxMerges kept.
		if m, ok := parseMergeRef(string(attr(sc.attrs, "ref"))); ok && m.r1 <= HeaderRows && len(w.merged) < maxMerges && !w.merges[m] {
			if w.merges == nil {
				w.merges = map[mergeRange]bool{}
			}
			w.merges[m] = true
			w.merged = append(w.merged, m)
		}
	}
	return 'x', nil
}

// startRow begins the row a <row r="…"> names (the next one without r); the rows it
// skips are empty.
func (w *sheetPart) startRow(r []byte) error {
	n := w.rowNum + 1
	if r != nil {
		v, err := strconv.Atoi(string(r))
		if err != nil || v <= w.rowNum {
			return errFallback
		}
		n = v
	}
	if n > w.lim.MaxRows {
		return tooManyRows(w.t.Sheet, n, w.lim)
	}
	for len(w.t.Rows) < n-1 {
		w.t.Rows = append(w.t.Rows, nil)
	}
	w.rowNum, w.last, w.row = n, 0, nil
	return nil
}

// startCell begins the cell a <c r="…" t="…"> names (the next column without r).
func (w *sheetPart) startCell(ref []byte, typ string) error {
	w.c = cellState{col: w.last + 1, typ: typ, v: w.c.v[:0], text: w.c.text}
	w.c.text.reset()
	if ref != nil {
		col, ok := cellColumn(ref)
		if !ok || col <= w.last {
			return errFallback
		}
		w.c.col = col
	}
	w.last = w.c.col
	return nil
}

// end closes the element of the given code: a cell puts its value in the row, a row
// joins the table.
func (w *sheetPart) end(code byte) error {
	switch code {
	case 'c':
		v, err := w.c.value(w.sst)
		if err != nil || v == "" {
			return err
		}
		v = w.c.font.read(v)
		if w.c.col > w.lim.MaxCols {
			return tooManyCols(w.t, w.c.col, w.lim)
		}
		for len(w.row) < w.c.col-1 {
			w.row = append(w.row, "")
		}
		w.row = append(w.row, v)
	case 'D':
		w.done = true
	case 'R':
		if len(w.t.Rows) >= w.lim.MaxRows {
			return tooManyRows(w.t.Sheet, len(w.t.Rows)+1, w.lim)
		}
		if err := checkRow(w.t, w.row, &w.n, w.lim); err != nil {
			return err
		}
		w.t.Rows = append(w.t.Rows, trimRow(w.row))
	}
	return nil
}

// attr is the value of the named attribute, or nil.
func attr(attrs []xmlAttr, name string) []byte {
	for _, a := range attrs {
		if string(a.name) == name {
			return a.value
		}
	}
	return nil
}

// cellColumn reads the column of a cell reference such as "AB12".
func cellColumn(ref []byte) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		if col > excelize.MaxColumns {
			return 0, false
		}
	}
	if i == 0 || i == len(ref) {
		return 0, false
	}
	n := 0
	for _, d := range ref[i:] {
		if d < '0' || d > '9' {
			return 0, false
		}
		n = n*10 + int(d-'0')
		if n > excelize.TotalRows {
			return 0, false
		}
	}
	return col, n > 0
}

// checkDimension refuses a sheet whose declared used range is beyond the row limit
// before its rows are read.
func checkDimension(t *Table, ref []byte, lim Limits) error {
	if _, last, ok := strings.Cut(string(ref), ":"); ok {
		if _, row, err := excelize.CellNameToCoordinates(last); err == nil && row > lim.MaxRows {
			return tooManyRows(t.Sheet, row, lim)
		}
	}
	return nil
}

// parseMergeRef reads a merged range such as "A1:C2".
func parseMergeRef(ref string) (mergeRange, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		return mergeRange{}, false
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil || c2 < c1 || r2 < r1 {
		return mergeRange{}, false
	}
	return mergeRange{c1, r1, c2, r2}, true
}

// bstrUnmarshal decodes the "_xHHHH_" escapes Excel writes for characters XML cannot
// hold ("_x000D_" for a carriage return; "_x005F_" for a literal underscore), as
// excelize does: an escape of a lone surrogate decodes to nothing.
func bstrUnmarshal(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if n, err := strconv.ParseUint(s[i+2:i+6], 16, 32); err == nil && isHex4(s[i+2:i+6]) {
				if s[i:i+7] == "_x005F_" {
					b.WriteByte('_')
				} else if r := rune(n); r < 0xD800 || r > 0xDFFF {
					b.WriteRune(r)
				}
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

func isHex4(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
