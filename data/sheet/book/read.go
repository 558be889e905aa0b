package book

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"qlhoi/data"
)

// Limits bound what a spreadsheet may hold.
type Limits struct {
	MaxFileBytes int64 // the file as it is on disk
	MaxUnpacked  int64 // the sum of an xlsx file's unpacked parts
	MaxRows      int   // rows of the sheet read (the last used row number)
	MaxCols      int   // columns of a row
	MaxCells     int   // non-empty cells of the sheet
	MaxCellRunes int   // characters of one cell
	// MaxText is the sum of the cells' text, in bytes: a short file can make one long
	// string appear in millions of cells.
	MaxText int64
}

// DefaultLimits fit the largest real list (a few thousand associations) many times over.
var DefaultLimits = Limits{
	MaxFileBytes: 50 << 20,
	MaxUnpacked:  300 << 20,
	MaxRows:      100_000,
	MaxCols:      200,
	MaxCells:     3_000_000,
	MaxCellRunes: 10_000,
	MaxText:      64 << 20,
}

// tally counts what a sheet read so far holds, against Limits.
type tally struct {
	cells int
	text  int64
}

// SheetInfo names a sheet of a workbook.
type SheetInfo struct {
	Name   string
	Hidden bool
}

// Table is the content of one sheet: Rows[i] is sheet row i+1, cells as text (Excel
// numbers and dates as their raw values, formulas as their cached results).
type Table struct {
	File   string
	Format string // "xlsx", "xls" or "csv"
	Sheet  string
	Sheets []SheetInfo
	Rows   [][]string
	// Notes are things the clerk should know about the reading (a hidden sheet skipped).
	Notes []string
	// Date1904 marks a workbook counting days from 1904 (old Mac Excel).
	Date1904 bool
}

// SheetErr is the error of a spreadsheet that cannot be read: its code, the sentence
// for the clerk and the cause.
func SheetErr(code, msg string, err error) error {
	return &data.Error{Code: code, Message: msg, Err: err}
}

// Error codes of reading a spreadsheet.
const (
	ErrSheetUnreadable = "ErrSheetUnreadable"
	ErrSheetEncrypted  = "ErrSheetEncrypted"
	ErrSheetLegacyXLS  = "ErrSheetLegacyXLS"
	ErrSheetTooLarge   = "ErrSheetTooLarge"
	ErrSheetTooMany    = "ErrSheetTooManyRows"
	ErrSheetNotFound   = "ErrSheetNotFound"
	ErrSheetEmpty      = "ErrSheetEmpty"
	ErrSheetFormat     = "ErrSheetFormat"
)

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	// encryptedPackage is the stream name (UTF-16LE) of a password-protected xlsx.
	encryptedPackage = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")
)

// Read reads one sheet of a spreadsheet file: the named sheet, or the first visible
// one. The format comes from the file's content, not its name.
func Read(path, sheetName string, lim Limits) (*Table, error) {
	base := filepath.Base(path)
	st, err := os.Stat(path)
	if err != nil {
		return nil, SheetErr(ErrSheetUnreadable, fmt.Sprintf("Không mở được tệp %s. Hãy kiểm tra đường dẫn và quyền đọc.", base), err)
	}
	if st.Size() > lim.MaxFileBytes {
		return nil, SheetErr(ErrSheetTooLarge, fmt.Sprintf("Tệp %s lớn %s MB, quá giới hạn %s MB. Hãy tách danh sách thành nhiều tệp nhỏ hơn.", base, data.FormatInt(st.Size()>>20), data.FormatInt(lim.MaxFileBytes>>20)), nil)
	}
	head := make([]byte, 8)
	f, err := os.Open(path)
	if err != nil {
		return nil, SheetErr(ErrSheetUnreadable, fmt.Sprintf("Không mở được tệp %s. Hãy kiểm tra đường dẫn và quyền đọc.", base), err)
	}
	n, err := io.ReadFull(f, head)
	f.Close()
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, SheetErr(ErrSheetUnreadable, fmt.Sprintf("Không đọc được tệp %s.", base), err)
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, zipMagic):
		return readXLSX(path, sheetName, lim)
	case bytes.HasPrefix(head, oleMagic):
		return readXLS(path, sheetName, lim)
	}
	ext := strings.ToLower(filepath.Ext(path))
	if ext == ".xlsx" || ext == ".xls" || ext == ".xlsm" {
		return nil, SheetErr(ErrSheetUnreadable, fmt.Sprintf("Tệp %s không phải bảng tính Excel đọc được (tệp hỏng hoặc sai định dạng). Hãy mở lại bằng Excel hoặc LibreOffice, lưu thành .xlsx rồi nhập lại.", base), nil)
	}
	return readCSV(path, lim)
}

// encryptedError is the message of a password-protected workbook.
func encryptedError(path string) error {
	return SheetErr(ErrSheetEncrypted, fmt.Sprintf("Tệp %s có đặt mật khẩu nên không đọc được. Hãy mở bằng Excel, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc), lưu lại rồi nhập.", filepath.Base(path)), nil)
}

// checkZip refuses an xlsx whose parts would unpack beyond the limit (a zip bomb).
// The unpacked sizes declared here are enforced by archive/zip while reading.
func checkZip(path string, lim Limits) error {
	base := filepath.Base(path)
	z, err := zip.OpenReader(path)
	if err != nil {
		return SheetErr(ErrSheetUnreadable, fmt.Sprintf("Tệp %s bị hỏng, không đọc được. Hãy mở lại bằng Excel hoặc LibreOffice, lưu thành .xlsx rồi nhập lại.", base), err)
	}
	defer z.Close()
	var total uint64
	for _, f := range z.File {
		if len(z.File) > 10_000 {
			return SheetErr(ErrSheetTooLarge, fmt.Sprintf("Tệp %s gồm %s phần bên trong, quá nhiều cho một bảng tính (có thể là tệp độc hại hoặc hỏng); không đọc tệp này.", base, data.FormatInt(int64(len(z.File)))), nil)
		}
		total += f.UncompressedSize64
		if total > uint64(lim.MaxUnpacked) {
			return SheetErr(ErrSheetTooLarge, fmt.Sprintf("Tệp %s khi giải nén vượt quá %s MB (có thể là tệp độc hại hoặc hỏng); không đọc tệp này.", base, data.FormatInt(lim.MaxUnpacked>>20)), nil)
		}
	}
	return nil
}

func readXLSX(path, sheetName string, lim Limits) (*Table, error) {
	if err := checkZip(path, lim); err != nil {
		return nil, err
	}
	t, err := readXLSXFast(path, sheetName, lim)
	if !errors.Is(err, errFallback) {
		return t, err
	}
	if err := checkFallback(path); err != nil {
		return nil, err
	}
	return readXLSXExcelize(path, sheetName, lim)
}

// maxOtherPart bounds what excelize may unpack of a part that is neither a worksheet
// nor the shared strings (styles, calcChain, themes…): it reads them whole, and a
// 274 KB file whose styles unpacked to 280 MB once killed the window.
const maxOtherPart = 4 << 20

// checkFallback refuses, before excelize reads a file the fast reader could not, a
// part other than a worksheet or the shared strings that unpacks beyond maxOtherPart
// (measured by unpacking, not by what the zip says), and a worksheet with more merged
// ranges than maxMerges (excelize's handling of them is quadratic).
func checkFallback(path string) error {
	base := filepath.Base(path)
	z, err := zip.OpenReader(path)
	if err != nil {
		return SheetErr(ErrSheetUnreadable, fmt.Sprintf("Tệp %s bị hỏng, không đọc được.", base), err)
	}
	defer z.Close()
	tooLarge := func(what string) error {
		return SheetErr(ErrSheetTooLarge, fmt.Sprintf("Tệp %s có phần %s quá lớn hoặc bất thường (có thể là tệp độc hại hoặc hỏng); không đọc tệp này. Hãy mở bằng Excel hoặc LibreOffice, chép danh sách sang tệp mới rồi nhập lại.", base, what), nil)
	}
	for _, f := range z.File {
		name := strings.ToLower(f.Name)
		worksheet := strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml")
		if name == "xl/sharedstrings.xml" || strings.HasSuffix(name, "/") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			continue // excelize says what is wrong with it
		}
		if worksheet {
			n, err := countMerges(r)
			r.Close()
			if err == nil && n > maxMerges {
				return tooLarge(f.Name + " (" + data.FormatInt(int64(n)) + " vùng ô gộp)")
			}
			continue
		}
		n, _ := io.Copy(io.Discard, io.LimitReader(r, maxOtherPart+1))
		r.Close()
		if n > maxOtherPart {
			return tooLarge(f.Name)
		}
	}
	return nil
}

// countMerges counts the merged ranges of a worksheet part, streaming, stopping past
// maxMerges.
func countMerges(r io.Reader) (int, error) {
	const tag = "mergeCell "
	buf := make([]byte, 64<<10)
	carry := 0
	n := 0
	for {
		m, err := r.Read(buf[carry:])
		chunk := buf[:carry+m]
		n += bytes.Count(chunk, []byte(tag))
		if n > maxMerges {
			return n, nil
		}
		// Keep the tail that could start a tag cut by the read.
		carry = min(len(tag)-1, len(chunk))
		copy(buf, chunk[len(chunk)-carry:])
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// readXLSXExcelize reads with excelize what the fast reader does not.
func readXLSXExcelize(path, sheetName string, lim Limits) (*Table, error) {
	base := filepath.Base(path)
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true, UnzipSizeLimit: lim.MaxUnpacked, UnzipXMLSizeLimit: min(lim.MaxUnpacked, 16<<20)})
	if err != nil {
		return nil, SheetErr(ErrSheetUnreadable, fmt.Sprintf("Tệp %s bị hỏng hoặc không phải bảng tính .xlsx, không đọc được. Hãy mở lại bằng Excel hoặc LibreOffice, lưu thành .xlsx rồi nhập lại.", base), err)
	}
	defer f.Close()
	t := &Table{File: path, Format: "xlsx"}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		t.Date1904 = *props.Date1904
	}
	for _, name := range f.GetSheetList() {
		visible, err := f.GetSheetVisible(name)
		if err != nil {
			return nil, SheetErr(ErrSheetUnreadable, fmt.Sprintf("Tệp %s bị hỏng (trang tính “%s”).", base, name), err)
		}
		t.Sheets = append(t.Sheets, SheetInfo{Name: name, Hidden: !visible})
	}
	if t.Sheet, err = chooseSheet(t, sheetName); err != nil {
		return nil, err
	}
	if err := readRows(f, t, lim); err != nil {
		return nil, err
	}
	if err := fillMergedHeader(f, t); err != nil {
		return nil, SheetErr(ErrSheetUnreadable, fmt.Sprintf("Tệp %s bị hỏng (ô gộp của trang “%s”).", base, t.Sheet), err)
	}
	return t, nil
}

// chooseSheet picks the named sheet, or the first visible one; hidden sheets are never
// read unless named.
func chooseSheet(t *Table, name string) (string, error) {
	var names []string
	for _, s := range t.Sheets {
		names = append(names, "“"+s.Name+"”")
		if name != "" && data.Fold(s.Name) == data.Fold(name) {
			if s.Hidden {
				t.Notes = append(t.Notes, fmt.Sprintf("Trang tính “%s” đang bị ẩn; đã đọc vì được chỉ định.", s.Name))
			}
			return s.Name, nil
		}
	}
	if name != "" {
		return "", SheetErr(ErrSheetNotFound, fmt.Sprintf("Tệp không có trang tính “%s”. Các trang tính có: %s.", name, strings.Join(names, ", ")), nil)
	}
	for _, s := range t.Sheets {
		if !s.Hidden {
			return s.Name, nil
		}
		t.Notes = append(t.Notes, fmt.Sprintf("Bỏ qua trang tính ẩn “%s”; muốn nhập trang đó thì chỉ định tên trang.", s.Name))
	}
	return "", SheetErr(ErrSheetNotFound, "Tệp không có trang tính nào đang hiện. Hãy chỉ định tên trang tính cần nhập.", nil)
}

func tooManyRows(sheet string, n int, lim Limits) error {
	return SheetErr(ErrSheetTooMany, fmt.Sprintf("Trang tính “%s” có tới %s dòng, quá giới hạn %s dòng. Hãy tách danh sách thành nhiều tệp nhỏ hơn rồi nhập lần lượt.", sheet, data.FormatInt(int64(n)), data.FormatInt(int64(lim.MaxRows))), nil)
}

// readRows reads the chosen sheet row by row within the limits.
func readRows(f *excelize.File, t *Table, lim Limits) error {
	if dim, err := f.GetSheetDimension(t.Sheet); err == nil && dim != "" {
		if _, last, ok := strings.Cut(dim, ":"); ok {
			if _, row, err := excelize.CellNameToCoordinates(last); err == nil && row > lim.MaxRows {
				return tooManyRows(t.Sheet, row, lim)
			}
		}
	}
	rows, err := f.Rows(t.Sheet)
	if err != nil {
		return SheetErr(ErrSheetUnreadable, fmt.Sprintf("Không đọc được trang tính “%s”: tệp bị hỏng.", t.Sheet), err)
	}
	defer rows.Close()
	var n tally
	for rows.Next() {
		if len(t.Rows) >= lim.MaxRows {
			return tooManyRows(t.Sheet, len(t.Rows)+1, lim)
		}
		cols, err := rows.Columns()
		if err != nil {
			return SheetErr(ErrSheetUnreadable, fmt.Sprintf("Không đọc được dòng %d của trang tính “%s”: tệp bị hỏng.", len(t.Rows)+1, t.Sheet), err)
		}
		if err := checkRow(t, cols, &n, lim); err != nil {
			return err
		}
		t.Rows = append(t.Rows, trimRow(cols))
	}
	if err := rows.Error(); err != nil {
		return SheetErr(ErrSheetUnreadable, fmt.Sprintf("Không đọc được trang tính “%s”: tệp bị hỏng.", t.Sheet), err)
	}
	return nil
}

func checkRow(t *Table, cols []string, n *tally, lim Limits) error {
	for i, c := range cols {
		if c == "" {
			continue
		}
		if i >= lim.MaxCols {
			return tooManyCols(t, i+1, lim)
		}
		n.cells++
		n.text += int64(len(c))
	}
	if lim.MaxText > 0 && n.text > lim.MaxText {
		return SheetErr(ErrSheetTooLarge, fmt.Sprintf("Trang tính “%s” chứa quá %s MB chữ (có thể là tệp độc hại hoặc hỏng); không đọc tệp này.", t.Sheet, data.FormatInt(lim.MaxText>>20)), nil)
	}
	if n.cells > lim.MaxCells {
		return SheetErr(ErrSheetTooMany, fmt.Sprintf("Trang tính “%s” có quá %s ô dữ liệu. Hãy tách thành nhiều tệp nhỏ hơn.", t.Sheet, data.FormatInt(int64(lim.MaxCells))), nil)
	}
	return nil
}

// tooManyCols refuses a value in column col of the row being read.
func tooManyCols(t *Table, col int, lim Limits) error {
	return SheetErr(ErrSheetTooMany, fmt.Sprintf("Dòng %d có dữ liệu ở cột thứ %d, quá giới hạn %d cột. Hãy xóa các cột thừa rồi nhập lại.", len(t.Rows)+1, col, lim.MaxCols), nil)
}

func trimRow(cols []string) []string {
	n := len(cols)
	for n > 0 && strings.TrimSpace(cols[n-1]) == "" {
		n--
	}
	return cols[:n:n]
}

// HeaderRows is how far down a sheet the header is looked for.
const HeaderRows = 30

// fillMergedHeader copies the value of each merged range near the top of the sheet into
// every cell of the range, so that a two-row header reads "Quyết định thành lập" above
// both "Số" and "Ngày".
func fillMergedHeader(f *excelize.File, t *Table) error {
	cells, err := f.GetMergeCells(t.Sheet)
	if err != nil {
		return err
	}
	var merged []mergeRange
	for _, m := range cells {
		if r, ok := parseMergeRef(m.GetStartAxis() + ":" + m.GetEndAxis()); ok {
			merged = append(merged, r)
		}
	}
	fillMerged(t, merged)
	return nil
}

// fillMerged copies the value of each merged range near the top into its every cell.
func fillMerged(t *Table, merged []mergeRange) {
	for _, m := range merged {
		if m.r1 > HeaderRows || m.r1 > len(t.Rows) || m.c2-m.c1 > 200 {
			continue
		}
		var v string
		if m.c1-1 < len(t.Rows[m.r1-1]) {
			v = t.Rows[m.r1-1][m.c1-1]
		}
		for r := m.r1; r <= min(m.r2, HeaderRows, len(t.Rows)); r++ {
			for c := m.c1; c <= m.c2; c++ {
				setCell(t, r-1, c-1, v)
			}
		}
	}
}

func setCell(t *Table, r, c int, v string) {
	for len(t.Rows[r]) <= c {
		t.Rows[r] = append(t.Rows[r], "")
	}
	if t.Rows[r][c] == "" {
		t.Rows[r][c] = v
	}
}

// readCSV reads a comma, semicolon or tab separated file in UTF-8 (with or without
// BOM), Windows-1258, or with TCVN3/VNI text (kept as Latin-1 for the cell converter).
func readCSV(path string, lim Limits) (*Table, error) {
	base := filepath.Base(path)
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, SheetErr(ErrSheetUnreadable, fmt.Sprintf("Không đọc được tệp %s.", base), err)
	}
	if bytes.IndexByte(raw, 0) >= 0 {
		return nil, SheetErr(ErrSheetFormat, fmt.Sprintf("Tệp %s không phải bảng tính (.xlsx) hay tệp văn bản CSV; không đọc được.", base), nil)
	}
	text := decodeText(raw)
	comma := sniffDelimiter(text)
	if wide := widestLine(text, comma); wide > lim.MaxCols*4 {
		// Checked before parsing: a 5 MB line of separators is millions of fields.
		return nil, SheetErr(ErrSheetTooMany, fmt.Sprintf("Tệp %s có một dòng %s cột, quá giới hạn %d cột; không đọc tệp này. Hãy kiểm tra tệp bằng Excel.", base, data.FormatInt(int64(wide)), lim.MaxCols), nil)
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	t := &Table{File: path, Format: "csv", Sheet: base}
	var n tally
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, SheetErr(ErrSheetFormat, fmt.Sprintf("Tệp %s sai định dạng CSV ở dòng %d. Hãy mở bằng Excel rồi lưu lại.", base, len(t.Rows)+1), err)
		}
		if len(t.Rows) >= lim.MaxRows {
			return nil, tooManyRows(base, len(t.Rows)+1, lim)
		}
		if err := checkRow(t, rec, &n, lim); err != nil {
			return nil, err
		}
		// The reader skips blank lines: rows keep the file's line numbers, which
		// messages name.
		if line, _ := r.FieldPos(0); line-1 > len(t.Rows) && line-1 < lim.MaxRows {
			t.Rows = append(t.Rows, make([][]string, line-1-len(t.Rows))...)
		}
		t.Rows = append(t.Rows, trimRow(rec))
	}
	return t, nil
}

// widestLine counts the separators of the line with most of them, plus one (quotes
// are not followed: an upper bound of its fields).
func widestLine(text string, comma rune) int {
	widest := 0
	for line := range strings.SplitSeq(text, "\n") {
		widest = max(widest, strings.Count(line, string(comma))+1)
	}
	return widest
}

// decodeText turns the bytes of a text file into a string: UTF-8 as it is (BOM
// dropped); otherwise, bytes carrying TCVN3 or VNI text are kept one byte per character
// for the cell converter, and anything else is read as Windows-1258.
func decodeText(raw []byte) string {
	raw = bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF"))
	if utf8.Valid(raw) {
		return string(raw)
	}
	latin := make([]rune, len(raw))
	for i, b := range raw {
		latin[i] = rune(b)
	}
	s := string(latin)
	if Detect(s, Unicode) != Unicode && implausible(decode(s, Detect(s, Unicode))) < implausible(cp1258(raw)) {
		return s
	}
	return cp1258(raw)
}

func cp1258(raw []byte) string {
	out, err := charmap.Windows1258.NewDecoder().Bytes(raw)
	if err != nil {
		return string(raw)
	}
	return norm.NFC.String(string(out))
}

// sniffDelimiter picks the separator used most in the first lines (a title line above
// the table may have none).
func sniffDelimiter(text string) rune {
	lines := strings.SplitN(text, "\n", HeaderRows+1)
	head := strings.Join(lines[:min(len(lines), HeaderRows)], "\n")
	best, n := ',', strings.Count(head, ",")
	for _, d := range []rune{';', '\t'} {
		if c := strings.Count(head, string(d)); c > n {
			best, n = d, c
		}
	}
	return best
}
